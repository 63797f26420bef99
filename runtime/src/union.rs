//! Decoding and encoding of unions (`oneOf` / `anyOf`), shared by the generated models.
//!
//! A union is decoded from a `serde_json::Value`: by its discriminator ([`tagged`]), or by trying
//! each variant in order ([`try_decode`]); a value no variant takes is kept as it is (also one
//! whose discriminator names a variant it does not fit: one odd element must not make a whole
//! list undecodable).

#![allow(dead_code, reason = "a crate generated without unions does not use these helpers")]

use serde::de::DeserializeOwned;
use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// Whether every `(property, value)` condition holds for the object `value` (a string property
/// equal to the value, or a number or boolean written as it).
pub(crate) fn tagged(value: &Value, conditions: &[(&str, &str)]) -> bool {
    conditions.iter().all(|(property, expected)| match value.get(property) {
        Some(Value::String(s)) => s == expected,
        Some(Value::Number(n)) => n.to_string() == *expected,
        Some(Value::Bool(b)) => (if *b { "true" } else { "false" }) == *expected,
        _ => false,
    })
}

/// Decode the variant a discriminator chose; a value that does not fit it is given back (and
/// kept as an unknown value by the caller, as a value whose discriminator no variant has is).
pub(crate) fn decode<T: DeserializeOwned>(value: Value) -> Result<T, Value> {
    T::deserialize(&value).map_err(|_| value)
}

/// The value as `T`, if it fits.
pub(crate) fn try_decode<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// Serialize `value` with discriminator properties its type does not declare.
pub(crate) fn serialize_tagged<T: Serialize, S: Serializer>(
    value: &T,
    tags: &[(&str, &str)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
    if let Value::Object(map) = &mut json {
        for (property, tag) in tags {
            map.insert((*property).to_owned(), Value::String((*tag).to_owned()));
        }
    }
    json.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_must_all_hold() {
        let v = serde_json::json!({"type": "string", "format": "email", "n": 2, "b": true});
        assert!(tagged(&v, &[("type", "string")]));
        assert!(tagged(&v, &[("type", "string"), ("format", "email")]));
        assert!(!tagged(&v, &[("type", "string"), ("format", "url")]));
        assert!(tagged(&v, &[("n", "2"), ("b", "true")]));
        assert!(!tagged(&v, &[("missing", "x")]));
        assert_eq!(decode::<u8>(serde_json::json!("x")), Err(serde_json::json!("x")));
        assert_eq!(decode::<u8>(serde_json::json!(3)), Ok(3));
        assert_eq!(try_decode::<u8>(&serde_json::json!(3)), Some(3));
    }
}
