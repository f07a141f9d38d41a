//! Sums over many rows, for the figures on the home pages: the one kind of
//! statement Diesel cannot type alike on every backend (`SUM` of a
//! `BIGINT` is a `NUMERIC` on PostgreSQL and a `DECIMAL` on MariaDB, so the
//! sum is cast back to an integer, in each backend's words).

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};

use super::DbConnection;
use crate::StoreError;

/// What one sales rep's clients still owe (no rep: clients nobody has).
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct Owed {
    #[diesel(sql_type = Nullable<Integer>)]
    pub sales_contact: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    pub name: Option<String>,
    /// Contracts with something left to pay.
    #[diesel(sql_type = BigInt)]
    pub contracts: i64,
    #[diesel(sql_type = BigInt)]
    pub due_cents: i64,
}

macro_rules! owed {
    ($integer:literal) => {
        concat!(
            "SELECT cl.sales_contact_id AS sales_contact, s.full_name AS name, \
             COUNT(*) AS contracts, CAST(SUM(c.due_cents) AS ",
            $integer,
            ") AS due_cents \
             FROM contracts c JOIN clients cl ON cl.id = c.client_id \
             LEFT JOIN collaborators s ON s.id = cl.sales_contact_id \
             WHERE c.due_cents > 0 AND c.amounts_known AND c.archived_at IS NULL \
             GROUP BY cl.sales_contact_id, s.full_name \
             ORDER BY due_cents DESC, name"
        )
    };
}

/// Each rep's live contracts with something left to pay, and how much,
/// most owed first. Contracts whose amounts are unknown (from a sheet that
/// had none) count for nothing: their due is not known either.
pub fn owed_by_sales_contact(conn: &mut DbConnection) -> Result<Vec<Owed>, StoreError> {
    let query = match conn {
        DbConnection::Mysql(_) => owed!("SIGNED"),
        DbConnection::Postgres(_) | DbConnection::Sqlite(_) => owed!("BIGINT"),
    };
    Ok(diesel::sql_query(query).load(conn)?)
}
