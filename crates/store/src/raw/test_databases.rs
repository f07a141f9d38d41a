//! For tests and benchmarks only (the `test-support` feature): databases
//! of their own on the servers tests use, made, cut off and dropped, and
//! the plan a query would run with.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::{MysqlConnection, PgConnection};

use super::*;

/// How the database would run `query`, one line per step. On PostgreSQL,
/// sequential scans and sorts are priced out first: on a test's small
/// tables the planner would rightly prefer them, and what is asked is
/// whether an index *can* serve the query.
pub fn explain<Q>(conn: &mut DbConnection, query: Q) -> Result<Vec<String>, StoreError>
where
    Q: diesel::query_builder::QueryFragment<MultiBackend> + diesel::query_builder::QueryId,
{
    use diesel::sql_types::{Integer, Text};
    let steps = match conn {
        DbConnection::Sqlite(_) => {
            wrapped::<_, (Integer, Integer, Integer, Text)>("EXPLAIN QUERY PLAN ", query, "")
                .load::<(i32, i32, i32, String)>(conn)?
                .into_iter()
                .map(|(_, _, _, step)| step)
                .collect()
        }
        DbConnection::Postgres(_) => conn.transaction(|conn| {
            conn.batch_execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off")?;
            wrapped::<_, Text>("EXPLAIN ", query, "").load::<String>(conn)
        })?,
        // The plan as JSON text: which index each table is read by.
        DbConnection::Mysql(_) => {
            wrapped::<_, Text>("EXPLAIN FORMAT=JSON ", query, "").load::<String>(conn)?
        }
    };
    Ok(steps)
}

/// Test support: a database name is an identifier and cannot be a bound
/// parameter, so it is checked to be one of ours before it is spliced in.
pub(super) fn checked_test_db_name(name: &str) -> Result<&str, StoreError> {
    let ok = name.starts_with("epicevents_test_")
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(name)
    } else {
        Err(StoreError::BadUrl(format!(
            "refusing test database name {name:?}"
        )))
    }
}

pub(super) fn connect_server(server_url: &str) -> Result<PgConnection, StoreError> {
    PgConnection::establish(server_url).map_err(|e| StoreError::Connect {
        url: crate::redact_userinfo(server_url),
        reason: crate::redact_userinfo(&e.to_string()),
    })
}

/// Creates an empty PostgreSQL or MySQL database for one test run.
pub fn create_test_database(server_url: &str, name: &str) -> Result<(), StoreError> {
    let name = checked_test_db_name(name)?;
    if server_url.starts_with("mysql://") {
        connect_mysql_server(server_url)?.batch_execute(&format!(
            "CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
        ))?;
        return Ok(());
    }
    connect_server(server_url)?.batch_execute(&format!("CREATE DATABASE \"{name}\""))?;
    Ok(())
}

pub(super) fn connect_mysql_server(server_url: &str) -> Result<MysqlConnection, StoreError> {
    MysqlConnection::establish(server_url).map_err(|e| StoreError::Connect {
        url: crate::redact_userinfo(server_url),
        reason: crate::redact_userinfo(&e.to_string()),
    })
}

/// Test support: cuts every connection to the test database `name`, as a
/// server restart or a failover would. Answers how many were cut.
pub fn cut_test_connections(server_url: &str, name: &str) -> Result<usize, StoreError> {
    use diesel::sql_types::{BigInt, Text};
    #[derive(QueryableByName)]
    struct Session {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    let name = checked_test_db_name(name)?;
    if server_url.starts_with("mysql://") {
        let mut conn = connect_mysql_server(server_url)?;
        let sessions: Vec<Session> = diesel::sql_query(
            "SELECT CAST(id AS SIGNED) AS id FROM information_schema.processlist \
             WHERE db = ? AND id <> CONNECTION_ID()",
        )
        .bind::<Text, _>(name)
        .load(&mut conn)?;
        for s in &sessions {
            // An id the server just gave, as a number.
            conn.batch_execute(&format!("KILL {}", s.id))?;
        }
        return Ok(sessions.len());
    }
    let cut: Vec<Session> = diesel::sql_query(
        // Materialised first: the planner could otherwise call the function
        // on rows the other conditions would have ruled out.
        "WITH victims AS MATERIALIZED (SELECT pid FROM pg_stat_activity \
         WHERE datname = $1 AND pid <> pg_backend_pid()) \
         SELECT pid::bigint AS id FROM victims WHERE pg_terminate_backend(pid)",
    )
    .bind::<Text, _>(name)
    .load(&mut connect_server(server_url)?)?;
    Ok(cut.len())
}

/// Test support: whether PostgreSQL lets new connections into the test
/// database `name` (a database that is down, to its clients).
pub fn open_test_database(server_url: &str, name: &str, open: bool) -> Result<(), StoreError> {
    let name = checked_test_db_name(name)?;
    connect_server(server_url)?.batch_execute(&format!(
        "ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS {open}"
    ))?;
    Ok(())
}

/// Drops a database made by [`create_test_database`], closing its connections.
pub fn drop_test_database(server_url: &str, name: &str) -> Result<(), StoreError> {
    let name = checked_test_db_name(name)?;
    if server_url.starts_with("mysql://") {
        connect_mysql_server(server_url)?
            .batch_execute(&format!("DROP DATABASE IF EXISTS `{name}`"))?;
        return Ok(());
    }
    connect_server(server_url)?
        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_generated_test_names_are_spliced() {
        assert!(checked_test_db_name("epicevents_test_0a1b").is_ok());
        for bad in [
            "postgres",
            "epicevents_test_x\"; DROP DATABASE postgres; --",
            "epicevents_test_A",
            &format!("epicevents_test_{}", "a".repeat(60)),
        ] {
            assert!(checked_test_db_name(bad).is_err(), "{bad}");
        }
    }
}
