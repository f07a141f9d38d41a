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

/// One page of a list, and where it sits in the whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// How many rows match the filters, over all pages.
    pub total: i64,
    pub offset: i64,
}
