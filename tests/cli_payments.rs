//! Payments on contracts, in local mode and through the server: each with
//! its day and author, what is due following from them, `contract show`
//! listing them, the unpaid filter reading them, and a due amount changed
//! by hand recorded as an adjustment.

use crate::common;

use common::machine::{CREATE_KEVIN, Machine};

in_both_modes! {
    fn payments_are_recorded_and_what_is_due_follows(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        ada.hire("Bill Boquet", "bill@epic.test", "sales");
        ada.hire("Kate Hastroff", "kate@epic.test", "support");
        let bill = ada.colleague("bill@epic.test", "Bill Boquet");
        let kate = ada.colleague("kate@epic.test", "Kate Hastroff");
        bill.expect(0, &CREATE_KEVIN, "");
        let made = ada.json(&["contract", "create", "--client", "Kevin Casey", "--total", "10000", "--signed"]);
        let id = made["id"].as_i64().unwrap().to_string();
        let unpaid = |m: &Machine| m.json(&["contract", "list", "--unpaid"])["total"].as_i64();
        assert_eq!(unpaid(&ada), Some(1));

        // Bill records the deposit, in the French way of writing it.
        let paid = bill.expect(0, &["contract", "pay", &id, "--amount", "2 500,00", "--on", "30/11/2026"], "");
        assert!(paid.stdout.contains(&format!("Recorded the payment on contract #{id}; still due: 7 500.00.")), "{}", paid.stdout);
        let shown = ada.json(&["contract", "show", &id]);
        assert_eq!(shown["due_cents"], 750_000, "{shown}");
        let line = &shown["payments"][0];
        assert_eq!((line["amount_cents"].as_i64(), line["on"].as_str(), line["kind"].as_str()), (Some(250_000), Some("2026-11-30"), Some("payment")), "{shown}");
        assert_eq!(line["author"]["name"], "Bill Boquet", "{shown}");

        // More than is due, a day to come, nothing at all, and support:
        // refused, and nothing is recorded.
        let over = bill.expect(6, &["contract", "pay", &id, "--amount", "8000"], "");
        assert_eq!(over.stderr.trim(), "error: invalid amount: must not exceed what is due (7 500.00)");
        let ahead = bill.expect(6, &["contract", "pay", &id, "--amount", "10", "--on", "2099-01-01"], "");
        assert_eq!(ahead.stderr.trim(), "error: invalid on: must not be in the future");
        bill.expect(6, &["contract", "pay", &id, "--amount", "0"], "");
        kate.expect(4, &["contract", "pay", &id, "--amount", "10"], "");
        assert_eq!(ada.json(&["contract", "show", &id])["payments"].as_array().map(Vec::len), Some(1));

        // A due amount changed by hand is an adjustment of the difference.
        ada.expect(0, &["contract", "update", &id, "--due", "5000"], "");
        let text = ada.expect(0, &["contract", "show", &id], "").stdout;
        assert!(text.contains("Payments"), "{text}");
        assert!(text.contains("2 500.00  payment     Bill Boquet"), "{text}");
        assert!(text.contains("2 500.00  adjustment  Ada Manager"), "{text}");

        // Paid in full, it leaves the unpaid list.
        ada.expect(0, &["contract", "pay", &id, "--amount", "5000"], "");
        assert_eq!(ada.json(&["contract", "show", &id])["due_cents"], 0);
        assert_eq!(unpaid(&ada), Some(0));
        let trail = ada.json(&["history", "contract", &id]);
        let pays = trail.as_array().unwrap().iter().filter(|s| s["action"] == "contract.pay").count();
        assert_eq!(pays, 2, "one entry per payment: {trail}");
    }
}
