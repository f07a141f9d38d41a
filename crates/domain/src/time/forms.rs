//! The forms a time or a day may be typed in, brought to the few shapes
//! the parser reads: France's (`12/03/2027 18h30`, `12 mars 2027`), the
//! support team's sheet (`4 Jun 2023 @ 1PM`), English (`March 20, 2027
//! 9:00 AM`, `Mar 20 2027 9am`), and days written with dots or dashes
//! (`20.03.2027`, `20-03-2027`). A day with its month first is read so when
//! the reader's order says so ([`ordered`]).

pub(super) const FORMS: &str = "a time such as 2023-06-04 13:00, 2023-06-04T13:00+02:00, 4 Jun 2023 @ 1PM, 12/03/2027 18h30 or 12 mars 2027 18h";

/// French month names, with and without accents, and their usual
/// abbreviations: `12 mars 2027`, `3 févr. 2027`.
const MOIS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fevr", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("sept", 9),
    ("octobre", 10),
    ("oct", 10),
    ("novembre", 11),
    ("nov", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    ("dec", 12),
];

/// The forms used in France, as `DD/MM/YYYY[ HH:MM]`: `12/03/2027 18:00`,
/// `12/03/2027 18h30`, `12 mars 2027 18h` (an `à` before the hour is
/// allowed). `None` when the text has none of these shapes.
pub(super) fn french(s: &str) -> Option<String> {
    let lower = s.to_lowercase();
    let mut tokens: Vec<&str> = lower
        .split(' ')
        .filter(|t| *t != "à" && *t != "a")
        .collect();
    let date = if tokens.first()?.contains('/') {
        tokens.remove(0).to_owned()
    } else if tokens.len() >= 3 {
        let month = tokens[1].trim_end_matches('.');
        let (_, number) = MOIS.iter().find(|(name, _)| *name == month)?;
        let date = format!("{}/{number}/{}", tokens[0], tokens[2]);
        tokens.drain(..3);
        date
    } else {
        return None;
    };
    let time = match tokens.as_slice() {
        [] => String::new(),
        [clock] => {
            let (hour, minutes) = clock.split_once(['h', ':'])?;
            let minutes = if minutes.is_empty() { "00" } else { minutes };
            format!(" {hour}:{minutes}")
        }
        _ => return None,
    };
    Some(format!("{date}{time}"))
}

/// Forms without a zone, read in the caller's zone.
pub(super) const LOCAL_FORMS: &[&str] = &[
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    // The support team's sheet: "4 Jun 2023 @ 1PM".
    "%d %b %Y @ %I:%M%p",
    "%d %B %Y @ %I:%M%p",
    // France, once `french` has normalised it: "12/03/2027 18:30".
    "%d/%m/%Y %H:%M",
    // English, once `normalised`: "March 20 2027 9:00AM", "Mar 20 2027 18:30",
    // "20 March 2027 9:00AM".
    "%B %d %Y %I:%M%p",
    "%b %d %Y %I:%M%p",
    "%B %d %Y %H:%M",
    "%b %d %Y %H:%M",
    "%d %B %Y %I:%M%p",
    "%d %b %Y %I:%M%p",
    "%d %B %Y %H:%M",
    "%d %b %Y %H:%M",
];

/// Days alone, once normalised: ISO, France's, English.
pub(super) const DAY_FORMS: &[&str] = &[
    "%Y-%m-%d", "%d/%m/%Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y",
];

/// Which number comes first in a day written `03/04/2027`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// 03/04/2027 is 3 April (France, most of the world).
    #[default]
    DayFirst,
    /// 03/04/2027 is 4 March (the United States).
    MonthFirst,
}

impl std::str::FromStr for DateOrder {
    type Err = super::ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "day-first" | "dmy" => Ok(Self::DayFirst),
            "month-first" | "mdy" => Ok(Self::MonthFirst),
            _ => Err(super::ValidationError::new(
                "date_order",
                "must be day-first (03/04/2027 is 3 April) or month-first (4 March)",
            )),
        }
    }
}

/// A day written with numbers only, its first two as typed: `03/04/2027`,
/// `20.03.2027`, `20-03-2027` (not `2027-03-20`), and the rest.
fn numeric_day(s: &str) -> Option<(u32, u32, &str, &str)> {
    let (day, rest) = s.split_once(' ').unwrap_or((s, ""));
    let mut parts = day.split(['/', '.', '-']);
    let (a, b, year) = (parts.next()?, parts.next()?, parts.next()?);
    let short = |t: &str| (1..=2).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit());
    if parts.next().is_some()
        || !short(a)
        || !short(b)
        || year.len() != 4
        || !year.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?, year, rest))
}

/// `typed` with a numbers-only day put day first, as the parser reads it,
/// when `order` says the month comes first; and, when the day could be
/// read either way (`03/04/2027`), how it was read, for the reader.
pub fn ordered(typed: &str, order: DateOrder) -> (String, Option<String>) {
    let s = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some((first, second, year, rest)) = numeric_day(&s) else {
        return (typed.to_owned(), None);
    };
    let (day, month) = match order {
        DayFirst => (first, second),
        MonthFirst => (second, first),
    };
    let both = first != second && first <= 12 && second <= 12;
    let read = chrono::NaiveDate::from_ymd_opt(year.parse().unwrap_or(0), month, day)
        .filter(|_| both)
        .map(|d| {
            let how = match order {
                DayFirst => "day first",
                MonthFirst => "month first",
            };
            format!(
                "read {} as {} ({how})",
                s.split(' ').next().unwrap_or_default(),
                d.format("%-d %B %Y")
            )
        });
    let rest = if rest.is_empty() {
        String::new()
    } else {
        format!(" {rest}")
    };
    (format!("{day:02}/{month:02}/{year}{rest}"), read)
}
use DateOrder::{DayFirst, MonthFirst};

/// What was typed in the shapes [`LOCAL_FORMS`] and `french` read: one
/// space between words, no commas, a numbers-only day with slashes, and
/// an hour with its minutes next to its AM or PM (`9am` → `9:00AM`).
pub(super) fn normalised(input: &str) -> String {
    let s = input.replace(',', " ");
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        if i == 0 && numeric_day(word).is_some() {
            out.push(word.replace(['.', '-'], "/"));
        } else if (lower == "am" || lower == "pm") && out.last().is_some_and(|w| clock(w).is_some())
        {
            if let Some(last) = out.last_mut() {
                *last = format!(
                    "{}{}",
                    clock(last).unwrap_or_default(),
                    lower.to_uppercase()
                );
            }
        } else if let Some(hour) = lower
            .strip_suffix("am")
            .or_else(|| lower.strip_suffix("pm"))
            .and_then(clock)
        {
            out.push(format!("{hour}{}", lower[lower.len() - 2..].to_uppercase()));
        } else {
            out.push((*word).to_owned());
        }
    }
    out.join(" ")
}

/// `9` or `9:30` as `9:00` or `9:30`; `None` when it is no hour.
fn clock(text: &str) -> Option<String> {
    let (hour, minutes) = text.split_once(':').unwrap_or((text, "00"));
    let digits = |t: &str| !t.is_empty() && t.len() <= 2 && t.chars().all(|c| c.is_ascii_digit());
    (digits(hour) && minutes.len() == 2 && digits(minutes)).then(|| format!("{hour}:{minutes}"))
}

/// "2027-02-30 is no such date", when the text has a date's shape (four
/// digits, two, two) but the calendar has no such day.
pub(super) fn no_such_date(s: &str) -> Option<String> {
    let date = s.get(..10)?;
    let shaped = date.char_indices().all(|(i, c)| match i {
        4 | 7 => c == '-',
        _ => c.is_ascii_digit(),
    });
    (shaped && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err())
        .then(|| format!("has no such date: {date} is not in the calendar"))
}

/// The sheet writes "1PM", "1 pm" or "1:30PM"; chrono needs the minutes and
/// no space, so "4 Jun 2023 @ 1 pm" becomes "4 Jun 2023 @ 1:00pm".
pub(super) fn sheet_hour_with_minutes(s: &str) -> String {
    let Some((date, time)) = s.split_once('@') else {
        return s.to_owned();
    };
    let time: String = time.chars().filter(|c| !c.is_whitespace()).collect();
    let split = time
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(time.len());
    let (clock, meridiem) = time.split_at(split);
    let clock = if clock.contains(':') {
        clock.to_owned()
    } else {
        format!("{clock}:00")
    };
    format!("{}@ {clock}{meridiem}", date.trim_end().to_owned() + " ")
}
