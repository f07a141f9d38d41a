//! The tables, as Diesel sees them. Kept by hand: one description serves both
//! backends, and the migrations of each backend must match it (the storage
//! suite exercises every column on both).

diesel::table! {
    collaborators (id) {
        id -> Integer,
        full_name -> Text,
        email -> Text,
        department -> Text,
        password_hash -> Text,
        created_at -> crate::UtcTime,
        updated_at -> crate::UtcTime,
        deactivated_at -> Nullable<crate::UtcTime>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Integer,
        collaborator_id -> Integer,
        token_hash -> Text,
        created_at -> crate::UtcTime,
        expires_at -> crate::UtcTime,
        last_used_at -> crate::UtcTime,
    }
}

diesel::table! {
    /// What a session that ended early leaves, until it would have expired.
    ended_sessions (token_hash) {
        token_hash -> Text,
        expires_at -> crate::UtcTime,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Integer,
        at -> crate::UtcTime,
        actor_id -> Nullable<Integer>,
        action -> Text,
        subject -> Nullable<Text>,
        outcome -> Text,
        detail -> Nullable<Text>,
        changes -> Nullable<Text>,
        record -> Nullable<Text>,
    }
}

diesel::table! {
    clients (id) {
        id -> Integer,
        full_name -> Text,
        email -> Text,
        phone -> Text,
        company_name -> Text,
        sales_contact_id -> Nullable<Integer>,
        created_at -> crate::UtcTime,
        updated_at -> crate::UtcTime,
        version -> Integer,
        search_text -> Text,
        sort_key -> Text,
        archived_at -> Nullable<crate::UtcTime>,
    }
}

diesel::table! {
    /// PostgreSQL only: which role plays which part in this installation.
    access_roles (part) {
        part -> Text,
        role_name -> Text,
    }
}

diesel::table! {
    /// SQLite only: the trigram index over `clients.search_text` (FTS5).
    clients_search (rowid) {
        rowid -> Integer,
        search_text -> Text,
    }
}

diesel::table! {
    contracts (id) {
        id -> Integer,
        client_id -> Integer,
        total_cents -> BigInt,
        due_cents -> BigInt,
        signed -> Bool,
        created_at -> crate::UtcTime,
        updated_at -> crate::UtcTime,
        version -> Integer,
        external_ref -> Nullable<Text>,
        amounts_known -> Bool,
        archived_at -> Nullable<crate::UtcTime>,
        archived_along -> Bool,
    }
}

diesel::table! {
    events (id) {
        id -> Integer,
        contract_id -> Integer,
        name -> Text,
        starts_at -> crate::UtcTime,
        ends_at -> crate::UtcTime,
        support_contact_id -> Nullable<Integer>,
        location -> Text,
        attendees -> Integer,
        notes -> Text,
        created_at -> crate::UtcTime,
        updated_at -> crate::UtcTime,
        version -> Integer,
        search_text -> Text,
        external_ref -> Nullable<Text>,
        archived_at -> Nullable<crate::UtcTime>,
        archived_along -> Bool,
    }
}

diesel::table! {
    /// SQLite only: the trigram index over `events.search_text` (FTS5).
    events_search (rowid) {
        rowid -> Integer,
        search_text -> Text,
    }
}

diesel::table! {
    login_attempts (subject, source) {
        subject -> Text,
        source -> Text,
        attempts -> Integer,
        window_start -> crate::UtcTime,
    }
}

diesel::table! {
    notifications (id) {
        id -> Integer,
        recipient_id -> Integer,
        at -> crate::UtcTime,
        actor_id -> Nullable<Integer>,
        action -> Text,
        record -> Text,
        subject -> Integer,
        about -> Text,
        read_at -> Nullable<crate::UtcTime>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Integer,
        recipient -> Text,
        subject -> Text,
        body -> Text,
        queued_at -> crate::UtcTime,
        attempts -> Integer,
        next_attempt_at -> crate::UtcTime,
        sent_at -> Nullable<crate::UtcTime>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    payments (id) {
        id -> Integer,
        contract_id -> Integer,
        amount_cents -> BigInt,
        paid_on -> crate::UtcTime,
        kind -> Text,
        author_id -> Nullable<Integer>,
        recorded_at -> crate::UtcTime,
    }
}

diesel::joinable!(sessions -> collaborators (collaborator_id));
diesel::joinable!(payments -> contracts (contract_id));
diesel::joinable!(payments -> collaborators (author_id));
diesel::joinable!(contracts -> clients (client_id));
diesel::joinable!(events -> contracts (contract_id));

diesel::allow_tables_to_appear_in_same_query!(
    collaborators,
    sessions,
    audit_log,
    clients,
    clients_search,
    contracts,
    events,
    events_search,
    login_attempts,
    notifications,
    outbox,
    payments,
);
