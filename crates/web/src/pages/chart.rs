//! Figures drawn by the server: a horizontal bar chart as SVG (no script),
//! always beside a table of the same numbers, which is what screen readers
//! and printouts read. Bars are laid out in pixels down the chart and in
//! percent across it, so that the chart fills a phone's width as a desk's
//! without scaling its text.

use epicevents_domain::Owed;

use crate::i18n::Tr;

/// Bars drawn at most: the table beside holds every row.
const MOST: usize = 12;
/// One bar's band, its label above the bar.
const BAND: u32 = 40;

pub struct Bar {
    pub label: String,
    pub value: String,
    /// Of the largest bar's length: 0 for nothing, else 1 to 100 (a bar
    /// for something is never invisible).
    pub percent: u32,
    pub label_y: u32,
    pub bar_y: u32,
}

pub struct Chart {
    pub bars: Vec<Bar>,
    pub height: u32,
}

impl Chart {
    /// `rows` as (label, value shown, length), drawn in the order given.
    fn of(rows: impl Iterator<Item = (String, String, i64)>) -> Self {
        let rows: Vec<_> = rows.take(MOST).collect();
        let largest = rows.iter().map(|r| r.2).max().unwrap_or(0).max(1);
        let bars: Vec<Bar> = (0u32..)
            .zip(rows)
            .map(|(i, (label, value, length))| Bar {
                label,
                value,
                percent: match length {
                    ..=0 => 0,
                    _ => u32::try_from((length * 100 / largest).clamp(1, 100)).unwrap_or(1),
                },
                label_y: i * BAND + 14,
                bar_y: i * BAND + 20,
            })
            .collect();
        let height = u32::try_from(bars.len()).unwrap_or(0) * BAND;
        Chart { bars, height }
    }

    /// What each rep's clients owe, most first.
    pub fn owed(t: &Tr, owed: &[Owed]) -> Self {
        Self::of(
            owed.iter()
                .map(|o| (who(t, o), t.money(o.due_cents), o.due_cents)),
        )
    }

    /// Events per month, in the order of the months.
    pub fn per_month(months: &[Month]) -> Self {
        Self::of(
            months
                .iter()
                .map(|m| (m.label.clone(), m.events.to_string(), m.events)),
        )
    }
}

/// Whose clients owe it: the rep's name, or that the clients have none.
pub fn who(t: &Tr, owed: &Owed) -> String {
    owed.sales_contact
        .as_ref()
        .map_or_else(|| t.t("figures-nobody"), |c| c.name.to_string())
}

/// A month in the company's zone and the events that start in it.
pub struct Month {
    pub label: String,
    pub events: i64,
}

/// The months shown: this one and the eleven after.
pub const MONTHS: u32 = 12;

/// The first day of this month and of each of the next ones, in the
/// company's zone: `MONTHS` spans of (from, before).
pub fn months_from(today: chrono::NaiveDate) -> Vec<(chrono::NaiveDate, chrono::NaiveDate)> {
    use chrono::{Datelike, Months};
    let first = today.with_day(1).unwrap_or(today);
    (0..MONTHS)
        .map(|n| (first + Months::new(n), first + Months::new(n + 1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Chart;

    #[test]
    fn bars_are_measured_against_the_largest_and_stacked_in_bands() {
        let chart = Chart::of(
            [("a", 400), ("b", 100), ("c", 1), ("d", 0)]
                .into_iter()
                .map(|(l, v)| (l.to_owned(), v.to_string(), v)),
        );
        let percents: Vec<u32> = chart.bars.iter().map(|b| b.percent).collect();
        assert_eq!(percents, [100, 25, 1, 0], "the smallest is still seen");
        assert_eq!(chart.bars[1].label_y, 54);
        assert_eq!(chart.bars[1].bar_y, 60);
        assert_eq!(chart.height, 160);
    }

    #[test]
    fn twelve_months_run_from_the_first_of_this_one() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let months = super::months_from(d(2026, 12, 31));
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], (d(2026, 12, 1), d(2027, 1, 1)));
        assert_eq!(months[2], (d(2027, 2, 1), d(2027, 3, 1)));
        assert_eq!(months[11].1, d(2027, 12, 1));
    }

    #[test]
    fn at_most_twelve_bars_are_drawn() {
        let chart = Chart::of((0..25).map(|n| (n.to_string(), n.to_string(), n)));
        assert_eq!(chart.bars.len(), 12);
        assert_eq!(Chart::of(std::iter::empty()).height, 0);
    }
}
