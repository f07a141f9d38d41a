//! Figures drawn by the server: a horizontal bar chart as SVG (no script),
//! always beside a table of the same numbers, which is what screen readers
//! and printouts read. Bars are laid out in pixels down the chart and in
//! percent across it, so that the chart fills a phone's width as a desk's
//! without scaling its text.

use epicevents_domain::Owed;

use crate::i18n::Tr;

/// Bars drawn at most: the table beside holds every row.
const MOST: usize = 10;
/// One bar's band, its label above the bar.
const BAND: u32 = 40;

pub struct Bar {
    pub label: String,
    pub value: String,
    /// Of the largest bar's length, 1 to 100 (a bar is never invisible).
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
                percent: u32::try_from((length.max(0) * 100 / largest).clamp(1, 100)).unwrap_or(1),
                label_y: i * BAND + 14,
                bar_y: i * BAND + 20,
            })
            .collect();
        let height = u32::try_from(bars.len()).unwrap_or(0) * BAND;
        Chart { bars, height }
    }

    /// What each rep's clients owe, most first.
    pub fn owed(t: &Tr, owed: &[Owed]) -> Self {
        Self::of(owed.iter().map(|o| {
            let who = o
                .sales_contact
                .as_ref()
                .map_or_else(|| t.t("figures-nobody"), |c| c.name.to_string());
            (who, t.money(o.due_cents), o.due_cents)
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::Chart;

    #[test]
    fn bars_are_measured_against_the_largest_and_stacked_in_bands() {
        let chart = Chart::of(
            [("a", 400), ("b", 100), ("c", 1)]
                .into_iter()
                .map(|(l, v)| (l.to_owned(), v.to_string(), v)),
        );
        let percents: Vec<u32> = chart.bars.iter().map(|b| b.percent).collect();
        assert_eq!(percents, [100, 25, 1], "the smallest is still seen");
        assert_eq!(chart.bars[1].label_y, 54);
        assert_eq!(chart.bars[1].bar_y, 60);
        assert_eq!(chart.height, 120);
    }

    #[test]
    fn at_most_ten_bars_are_drawn() {
        let chart = Chart::of((0..25).map(|n| (n.to_string(), n.to_string(), n)));
        assert_eq!(chart.bars.len(), 10);
        assert_eq!(Chart::of(std::iter::empty()).height, 0);
    }
}
