//! The three departments, as typed in English or in French.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ValidationError;

/// The three departments of Epic Events. Every collaborator belongs to exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Department {
    Sales,
    Support,
    Management,
}

impl Department {
    pub const ALL: [Department; 3] = [Self::Sales, Self::Support, Self::Management];

    /// The canonical name, as stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sales => "sales",
            Self::Support => "support",
            Self::Management => "management",
        }
    }
}

impl fmt::Display for Department {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Department {
    type Err = ValidationError;

    /// Accepts the English names and the brief's French ones (commercial, gestion).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "sales" | "commercial" => Ok(Self::Sales),
            "support" => Ok(Self::Support),
            "management" | "gestion" => Ok(Self::Management),
            _ => Err(ValidationError::new(
                "department",
                "must be one of sales (commercial), support, management (gestion)",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_english_and_french_names_in_any_case() {
        for (input, expected) in [
            ("sales", Department::Sales),
            ("Commercial", Department::Sales),
            ("support", Department::Support),
            ("SUPPORT", Department::Support),
            ("management", Department::Management),
            (" gestion ", Department::Management),
        ] {
            assert_eq!(input.parse::<Department>(), Ok(expected), "{input}");
        }
    }

    #[test]
    fn refuses_unknown_names_naming_the_field() {
        let err = "marketing".parse::<Department>().unwrap_err();
        assert_eq!(err.field, "department");
        assert!(err.to_string().contains("sales"));
    }

    #[test]
    fn canonical_names_round_trip() {
        for d in Department::ALL {
            assert_eq!(d.as_str().parse::<Department>(), Ok(d));
        }
    }
}
