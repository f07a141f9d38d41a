//! How value types cross a wire: read back from JSON (as the server wrote
//! them, so without re-validation: a rule tightened later must not make a
//! client refuse records that were valid when stored) and described in the
//! OpenAPI document.

#[cfg(feature = "openapi")]
use utoipa::openapi::RefOr;
#[cfg(feature = "openapi")]
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// A string schema, with a maximum length when the type has one.
#[cfg(feature = "openapi")]
pub fn string_schema(description: &str, max_chars: Option<usize>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .max_length(max_chars)
        .into()
}

/// An integer schema between bounds.
#[cfg(feature = "openapi")]
pub fn integer_schema(description: &str, min: i64, max: i64) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
            utoipa::openapi::KnownFormat::Int64,
        )))
        .description(Some(description))
        .minimum(Some(min as f64))
        .maximum(Some(max as f64))
        .into()
}

/// Deserialize (trusted) and a string schema for a text value type built
/// with `from_trusted`.
macro_rules! string_value {
    ($name:ty, $description:expr, $max:expr) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(<$name>::from_trusted)
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::wire::string_schema($description, $max)
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

pub(crate) use string_value;
