//! `/api/v1/contracts`: everyone reads; management draws them up; the
//! client's sales rep (and management) keeps amounts and signature current.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use epicevents_api::routes;

use epicevents_domain::{Contract, Listing, Payment};
use epicevents_service::{
    ContractChanges, ContractQuery, NewContract, NewPayment, SignOutcome, Updated,
};

use crate::http::{Bearer, Body, Failure, Id, IfMatch, Params, reply, reply_versioned};
use crate::{AppState, errors};

/// Lists contracts, newest first, a page at a time.
#[utoipa::path(
    get, path = routes::LIST_CONTRACTS.path, operation_id = "list_contracts", tag = "contracts",
    security(("bearer" = [])),
    params(ContractQuery),
    responses((status = 200, description = "One page of contracts", body = Listing<Contract>), errors::All),
)]
pub async fn list(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Params(query): Params<ContractQuery>,
) -> Result<Response, Failure> {
    let page = state
        .run(move |s| s.list_contracts(token.as_ref(), &query))
        .await?;
    Ok(reply(StatusCode::OK, page))
}

/// Draws up a contract for a client (management).
#[utoipa::path(
    post, path = routes::CREATE_CONTRACT.path, operation_id = "create_contract", tag = "contracts",
    security(("bearer" = [])),
    request_body = NewContract,
    responses((status = 201, description = "Created", body = Contract), errors::All),
)]
pub async fn create(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Body(input): Body<NewContract>,
) -> Result<Response, Failure> {
    let created = state
        .run(move |s| s.create_contract(token.as_ref(), input))
        .await?;
    Ok(reply(StatusCode::CREATED, created))
}

/// One contract.
#[utoipa::path(
    get, path = routes::SHOW_CONTRACT.path, operation_id = "show_contract", tag = "contracts",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "The contract's id")),
    responses((status = 200, description = "The contract", body = Contract), errors::All),
)]
pub async fn show(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
) -> Result<Response, Failure> {
    let found = state
        .run(move |s| s.show_contract(token.as_ref(), id))
        .await?;
    let version = found.version;
    Ok(reply_versioned(StatusCode::OK, found, version))
}

/// Changes a contract's amounts or signature.
#[utoipa::path(
    patch, path = routes::UPDATE_CONTRACT.path, operation_id = "update_contract", tag = "contracts",
    security(("bearer" = [])),
    params(
        ("id" = i32, Path, description = "The contract's id"),
        ("If-Match" = Option<String>, Header, description = "The version read (`show`'s ETag): refuse the change if the record has moved on"),
    ),
    request_body = ContractChanges,
    responses((status = 200, description = "Updated, or unchanged (`changed`: false)", body = Updated<Contract>), errors::All),
)]
pub async fn update(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
    IfMatch(version): IfMatch,
    Body(mut input): Body<ContractChanges>,
) -> Result<Response, Failure> {
    input.if_version = version.or(input.if_version);
    let updated = state
        .run(move |s| s.update_contract(token.as_ref(), id, input))
        .await?;
    let version = updated.version;
    Ok(reply_versioned(StatusCode::OK, updated, version))
}

/// Marks a contract signed; signing a signed contract changes nothing.
#[utoipa::path(
    post, path = routes::SIGN_CONTRACT.path, operation_id = "sign_contract", tag = "contracts",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "The contract's id")),
    responses((status = 200, description = "Signed (now, or already)", body = SignOutcome), errors::All),
)]
pub async fn sign(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
) -> Result<Response, Failure> {
    let (contract, signed_now) = state
        .run(move |s| s.sign_contract(token.as_ref(), id))
        .await?;
    Ok(reply(
        StatusCode::OK,
        SignOutcome {
            contract,
            signed_now,
        },
    ))
}

/// Records a payment the client made: the amount due follows (the
/// contract's sales rep, management).
#[utoipa::path(
    post, path = routes::PAY_CONTRACT.path, operation_id = "pay_contract", tag = "contracts",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "The contract's id")),
    request_body = NewPayment,
    responses((status = 200, description = "The contract, with what is now due", body = Contract), errors::All),
)]
pub async fn pay(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
    Body(input): Body<NewPayment>,
) -> Result<Response, Failure> {
    let contract = state
        .run(move |s| s.pay_contract(token.as_ref(), id, &input))
        .await?;
    let version = contract.version;
    Ok(reply_versioned(StatusCode::OK, contract, version))
}

/// A contract's payments and adjustments, oldest first.
#[utoipa::path(
    get, path = routes::CONTRACT_PAYMENTS.path, operation_id = "contract_payments", tag = "contracts",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "The contract's id")),
    responses((status = 200, description = "Its payments", body = Vec<Payment>), errors::All),
)]
pub async fn payments(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
) -> Result<Response, Failure> {
    let lines = state.run(move |s| s.payments(token.as_ref(), id)).await?;
    Ok(reply(StatusCode::OK, lines))
}
