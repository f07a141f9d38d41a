//! Paging of lists: which slice of a sorted list to read, and what came back.

use serde::{Deserialize, Serialize};

/// The default page: enough to fill a screen, small enough to read.
pub const DEFAULT_LIMIT: i64 = 50;

/// Which rows of a sorted list to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// `None` reads to the end (`--all`).
    pub limit: Option<i64>,
    pub offset: i64,
}

impl Default for Page {
    fn default() -> Self {
        Self {
            limit: Some(DEFAULT_LIMIT),
            offset: 0,
        }
    }
}

impl Page {
    pub const ALL: Page = Page {
        limit: None,
        offset: 0,
    };

    /// The limit as SQL wants it: "no limit" is the largest one.
    pub fn sql_limit(&self) -> i64 {
        self.limit.unwrap_or(i64::MAX)
    }
}

/// How many rows past a page's first one a footer counts at most. Counting
/// every match of a million-row table costs as much as reading them all (on
/// both backends a count walks an index or the table, row by row): 10,000
/// rows still cost PostgreSQL 12 ms a page, 1,000 about one. Nobody pages
/// through a thousand rows, and "more than 1000" tells them to filter.
pub const COUNT_LIMIT: i64 = 1_000;

/// One page of a list, and where it sits in the whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// How many rows match the filters, over all pages, when `total_exact`;
    /// otherwise more than this many match and the rest were not counted.
    pub total: i64,
    pub total_exact: bool,
    pub offset: i64,
}
