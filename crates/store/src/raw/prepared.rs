//! Statements of fixed text that PostgreSQL keeps prepared.
//!
//! Diesel never caches a `sql_query`: each run is a `Parse` that waits for
//! its answer, then the execution, and the text is parsed and planned
//! again. A request's first statement (its session, its actor and its
//! role) ran that way, two round trips where one does.

use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Text, Untyped};
use diesel::{QueryResult, RunQueryDsl};

/// A text known when the program was built, in `pieces`, with one of
/// `params` bound between each two; its rows are read by name. Cached by its
/// text, as Diesel's own statements are.
pub(crate) struct Prepared<'a, const N: usize> {
    pieces: &'static [&'static str],
    params: [&'a str; N],
}

pub(crate) fn prepared<'a, const N: usize>(
    pieces: &'static [&'static str],
    params: [&'a str; N],
) -> Prepared<'a, N> {
    Prepared { pieces, params }
}

impl<const N: usize> QueryFragment<Pg> for Prepared<'_, N> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let Some((last, before)) = self.pieces.split_last() else {
            return Err(misshapen());
        };
        if before.len() != N {
            return Err(misshapen());
        }
        for (piece, param) in before.iter().zip(&self.params) {
            out.push_sql(piece);
            out.push_bind_param::<Text, _>(param)?;
        }
        out.push_sql(last);
        Ok(())
    }
}

fn misshapen() -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError(
        "a prepared statement needs one piece more than its parameters".into(),
    )
}

impl<const N: usize> Query for Prepared<'_, N> {
    type SqlType = Untyped;
}

/// Named by its text: the type cannot tell two texts apart.
impl<const N: usize> QueryId for Prepared<'_, N> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<const N: usize, Conn> RunQueryDsl<Conn> for Prepared<'_, N> {}

#[cfg(test)]
mod tests {
    use diesel::pg::Pg;
    use diesel::query_builder::QueryFragment;

    use super::prepared;

    #[test]
    fn a_fixed_text_is_kept_prepared_with_its_parameters_in_order() {
        let query = prepared(&["SELECT f(", ", ", ") AS answer"], ["a", "b"]);
        assert!(query.is_safe_to_cache_prepared(&Pg).unwrap());
        let sql = diesel::debug_query::<Pg, _>(&query).to_string();
        assert_eq!(sql, r#"SELECT f($1, $2) AS answer -- binds: ["a", "b"]"#);
    }

    #[test]
    fn pieces_that_do_not_frame_the_parameters_are_refused() {
        let mut builder = diesel::pg::PgQueryBuilder::default();
        let short = prepared(&["SELECT f(", ")"], ["a", "b"]);
        assert!(short.to_sql(&mut builder, &Pg).is_err());
        assert!(prepared(&[], []).to_sql(&mut builder, &Pg).is_err());
    }
}
