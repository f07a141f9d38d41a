//! Every route of the API: its method and its path under [`BASE`], written
//! once. The server mounts its handlers at these paths and the client calls
//! them, so a route renamed here is renamed on both sides; the server's
//! tests check that it answers each one with its method, and nothing else.

use std::fmt;

/// Where the API is mounted.
pub const BASE: &str = "/api/v1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Patch => "PATCH",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }
}

/// One operation: a method on a path whose parameters are written `{name}`,
/// as OpenAPI and axum both write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Route {
    pub method: Method,
    pub path: &'static str,
}

impl Route {
    /// The path with its parameters filled in, in the order they appear.
    /// Ids and action keys need no escaping: they are digits and
    /// `[a-z._]` only.
    pub fn with(&self, args: &[&dyn fmt::Display]) -> String {
        let mut args = args.iter().peekable();
        let mut path = String::with_capacity(self.path.len() + 8);
        for (i, segment) in self.path.split('/').enumerate() {
            if i > 0 {
                path.push('/');
            }
            match args.next_if(|_| segment.starts_with('{')) {
                Some(arg) => path.push_str(&arg.to_string()),
                None => path.push_str(segment),
            }
        }
        debug_assert!(args.next().is_none(), "{}: too many arguments", self.path);
        path
    }
}

macro_rules! routes {
    ($($(#[$doc:meta])* $name:ident: $method:ident $path:literal;)*) => {
        $($(#[$doc])* pub const $name: Route = Route { method: Method::$method, path: $path };)*

        /// Every route.
        pub const ALL: &[Route] = &[$($name),*];
    };
}

routes! {
    LOGIN: Post "/session";
    WHOAMI: Get "/session";
    LOGOUT: Delete "/session";
    /// Whether the caller may take a collection action (`{action}` is its key).
    ALLOWED: Get "/session/allowed/{action}";

    LIST_COLLABORATORS: Get "/collaborators";
    CREATE_COLLABORATOR: Post "/collaborators";
    SHOW_COLLABORATOR: Get "/collaborators/{id}";
    UPDATE_COLLABORATOR: Patch "/collaborators/{id}";
    DELETE_COLLABORATOR: Delete "/collaborators/{id}";
    SET_PASSWORD: Put "/collaborators/{id}/password";
    UNLOCK_COLLABORATOR: Post "/collaborators/{id}/unlock";
    REACTIVATE_COLLABORATOR: Post "/collaborators/{id}/reactivate";

    LIST_CLIENTS: Get "/clients";
    CREATE_CLIENT: Post "/clients";
    SHOW_CLIENT: Get "/clients/{id}";
    UPDATE_CLIENT: Patch "/clients/{id}";
    ARCHIVE_CLIENT: Post "/clients/{id}/archive";
    RESTORE_CLIENT: Post "/clients/{id}/restore";
    /// One sales rep's clients (all, or some) to another.
    REASSIGN_CLIENTS: Post "/clients/reassign";

    LIST_CONTRACTS: Get "/contracts";
    CREATE_CONTRACT: Post "/contracts";
    SHOW_CONTRACT: Get "/contracts/{id}";
    UPDATE_CONTRACT: Patch "/contracts/{id}";
    SIGN_CONTRACT: Post "/contracts/{id}/sign";
    PAY_CONTRACT: Post "/contracts/{id}/payments";
    CONTRACT_PAYMENTS: Get "/contracts/{id}/payments";
    ARCHIVE_CONTRACT: Post "/contracts/{id}/archive";
    RESTORE_CONTRACT: Post "/contracts/{id}/restore";

    LIST_EVENTS: Get "/events";
    CREATE_EVENT: Post "/events";
    SHOW_EVENT: Get "/events/{id}";
    UPDATE_EVENT: Patch "/events/{id}";
    ASSIGN_EVENT: Put "/events/{id}/support";
    UNASSIGN_EVENT: Delete "/events/{id}/support";
    ARCHIVE_EVENT: Post "/events/{id}/archive";
    RESTORE_EVENT: Post "/events/{id}/restore";
    /// One support collaborator's events (all, or some) to another.
    REASSIGN_EVENTS: Post "/events/reassign";
    /// A whole sheet in one request, gzip-compressed, with limits of its own.
    IMPORT_EVENTS: Post "/events/import";

    /// `{record}` is `client`, `contract`, `event` or `collaborator`.
    RECORD_HISTORY: Get "/history/{record}/{id}";
    TRAIL: Get "/history";

    READ_INBOX: Post "/inbox/read";
    UNREAD: Get "/inbox/unread";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_filled_in_order_and_the_rest_kept() {
        assert_eq!(SHOW_CLIENT.with(&[&7]), "/clients/7");
        assert_eq!(RECORD_HISTORY.with(&[&"event", &12]), "/history/event/12");
        assert_eq!(LIST_CLIENTS.with(&[]), "/clients");
    }

    #[test]
    fn no_two_routes_are_the_same_operation() {
        let mut seen = std::collections::HashSet::new();
        for route in ALL {
            assert!(seen.insert((route.method, route.path)), "{route:?} twice");
        }
    }
}
