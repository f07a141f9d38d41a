//! Payments on a contract: what the client paid, when, and who recorded
//! it; and adjustments, the due amount changed by hand. The amount due is
//! the contract's total less what its payments and adjustments took off.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Contact, ContractId};

/// What a line of a contract's payments is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum PaymentKind {
    /// Money the client paid.
    Payment,
    /// The due amount changed by hand (`contract update --due`).
    Adjustment,
}

impl PaymentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Payment => "payment",
            Self::Adjustment => "adjustment",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "payment" => Some(Self::Payment),
            "adjustment" => Some(Self::Adjustment),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payment {
    pub id: i32,
    pub contract_id: ContractId,
    /// What it took off the amount due, in cents: negative for an
    /// adjustment that raised it.
    pub amount_cents: i64,
    /// The day it was paid (or the adjustment made).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub on: NaiveDate,
    pub kind: PaymentKind,
    /// Who recorded it; none once their account is gone.
    pub author: Option<Contact>,
    #[serde(with = "super::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub recorded_at: chrono::NaiveDateTime,
}
