//! Contracts as typed, as listed, and signed.

use serde::{Deserialize, Serialize};

use epicevents_domain::Contract;

/// A new contract as typed. What is due defaults to the total.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewContract {
    /// The client's id.
    pub client: i32,
    /// The total, as typed: 1234.56, 1234,56 or "1 234,56".
    pub total: String,
    /// What is still due (the total when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(default)]
    pub signed: bool,
}

/// Changes as typed; `None` keeps the current value.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContractChanges {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<bool>,
    /// Refuse the change unless the record is still at this version (what
    /// `show` said): someone else's change in between is not overwritten.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_version: Option<i32>,
}

/// Which contracts a list shows, and which page of them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default, deny_unknown_fields)]
pub struct ContractQuery {
    /// Only contracts of the actor's own clients.
    pub mine: bool,
    /// Only archived records, which lists leave out otherwise.
    pub archived: bool,
    /// Only contracts not signed yet.
    pub unsigned: bool,
    /// Only contracts with an amount still due.
    pub unpaid: bool,
    /// Only this client's contracts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<i32>,
    /// Only contracts of clients whose name, e-mail, phone or company hold every word of this text, in any case and order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// The list's order reversed: the oldest first.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reverse: bool,
    /// Rows per page (1 to 100000; 50 by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Rows to skip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
    /// Only the rows after the one with this id, in the list's order: a
    /// whole list is read a page at a time by passing each page's last id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<i32>,
}

/// `POST /api/v1/contracts/{id}/sign`.
#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignOutcome {
    pub contract: Contract,
    /// False when the contract was already signed (nothing changed).
    pub signed_now: bool,
}

/// `POST /api/v1/contracts/{id}/payments`: a payment the client made.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPayment {
    /// As typed: `2500`, `2 500,00`, `2500 €`.
    pub amount: String,
    /// The day it was paid (`YYYY-MM-DD`); today when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub on: Option<chrono::NaiveDate>,
}
