//! Writes a sheet of N events in the support team's layout (one vertical
//! block per event, blank rows between them) for `scripts/bench.sh`:
//! `cargo run --release --example bench_sheet -- FILE.xlsx N`. Every tenth
//! event is a new client with its own contract; the others share theirs.
//! Support contacts are "Bench Support" or nobody; times are typed as the
//! team types them.

use rust_xlsxwriter::Workbook;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("usage: bench_sheet FILE.xlsx N");
    let events: u32 = args.next().unwrap_or_else(|| "20000".into()).parse()?;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name("Events")?;
    let mut row = 0;
    for n in 0..events {
        let client = n / 10;
        let day = 1 + n % 28;
        let month = MONTHS[(n / 28 % 12) as usize];
        let year = 2027 + n / 336;
        let values: [(&str, String); 10] = [
            ("Event ID", (10_000 + n).to_string()),
            ("Contract ID", (50_000 + client).to_string()),
            ("Client name", format!("Company {client}")),
            (
                "Client contact",
                format!(
                    "Client {client}\nclient{client}@bench.test\n+33 6 12 {:02} {:02} {:02}",
                    client / 10_000 % 100,
                    client / 100 % 100,
                    client % 100
                ),
            ),
            ("Event date start", format!("{day} {month} {year} @ 1PM")),
            ("Event date end", format!("{day} {month} {year} @ 11PM")),
            (
                "Support contact",
                if n % 3 == 0 {
                    String::new()
                } else {
                    "Bench Support".into()
                },
            ),
            ("Location", format!("{} Rue de la Paix, Paris", n % 200 + 1)),
            ("Attendees", (20 + n % 300).to_string()),
            ("Notes", "Catering by the venue; DJ from 10PM.".into()),
        ];
        sheet.write_string(row, 0, format!("Event {n}"))?;
        row += 1;
        for (label, value) in values {
            sheet.write_string(row, 0, label)?;
            match value.parse::<f64>() {
                Ok(number) if label != "Client contact" => sheet.write_number(row, 1, number)?,
                _ => sheet.write_string(row, 1, value)?,
            };
            row += 1;
        }
        row += 1;
    }
    book.save(&file)?;
    Ok(())
}
