//! Paging of lists: which slice of a sorted list to read, and what came back.

use serde::{Deserialize, Serialize};

/// The default page: enough to fill a screen, small enough to read.
pub const DEFAULT_LIMIT: i64 = 50;

/// Which rows of a sorted list to read: `limit` rows from `offset`, or
/// (keyset paging, for reading a whole list a page at a time) the `limit`
/// rows that follow row `after` in the list's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
    /// The id of the last row already read. Unlike an offset, it stays
    /// right while rows are added, and the database seeks to it through
    /// the list's index instead of reading every row before it.
    pub after: Option<i32>,
}

impl Default for Page {
    fn default() -> Self {
        Self {
            limit: DEFAULT_LIMIT,
            offset: 0,
            after: None,
        }
    }
}

/// Rows read per block when a whole list is read (`--all`, a page's
/// export): large enough that requests cost little beside the rows, small
/// enough to keep a block's memory to a few hundred kilobytes.
pub const BLOCK: i64 = 1_000;

/// Where the block after `items` starts (the id of its last row), or
/// `None` when `items` came back short of a block: the list's end.
pub fn next_block<T>(items: &[T], id: impl Fn(&T) -> i32) -> Option<i32> {
    match items.len() < BLOCK as usize {
        true => None,
        false => items.last().map(id),
    }
}

/// How many rows past a page's first one a footer counts at most. Counting
/// every match of a million-row table costs as much as reading them all (on
/// both backends a count walks an index or the table, row by row): 10,000
/// rows still cost PostgreSQL 12 ms a page, 1,000 about one. Nobody pages
/// through a thousand rows, and "more than 1000" tells them to filter.
pub const COUNT_LIMIT: i64 = 1_000;

/// One page of a list, and where it sits in the whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// How many rows match the filters, over all pages, when `total_exact`;
    /// otherwise more than this many match and the rest were not counted.
    /// A page read `after` a row counts from that row: its total is the
    /// rows shown, and inexact when more follow.
    pub total: i64,
    pub total_exact: bool,
    pub offset: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_list_ends_with_its_first_short_block() {
        let full: Vec<i32> = (1..=BLOCK as i32).collect();
        assert_eq!(next_block(&full, |r| *r), Some(BLOCK as i32));
        assert_eq!(next_block(&full[1..], |r| *r), None);
        assert_eq!(next_block::<i32>(&[], |r| *r), None);
    }
}
