//! Decoding of response models.
//!
//! Every model struct implements `Deserialize` by calling [`object`] with its own [`Object`]
//! impl: one loop over the keys of the JSON object, matching each on the field's wire name. That
//! is what `#[derive(Deserialize)]` generates too, minus the parts JSON never needs (a field
//! identifier enum with its own visitor, decoding from a sequence), which made up most of the
//! code the derive gave hundreds of models and so most of the crate's build time.
//!
//! Same behaviour as the derive for JSON: undeclared keys are skipped, a missing required field
//! is ``missing field `name` ``, an optional (`Option`) field may be absent or `null`. One
//! difference: a key given twice keeps its last value (as `serde_json::Value` does) instead of
//! being an error.

#![allow(dead_code, reason = "used by the generated models; unused when no enabled feature has one")]

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};

/// A model whose fields are decoded from a map (generated for each response model).
pub(crate) trait Object<'de>: Sized {
    /// Decodes the fields from `map`.
    fn visit<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes the model `T` (named `expecting` in errors, e.g. `struct User`) from a map.
pub(crate) fn object<'de, T: Object<'de>, D: Deserializer<'de>>(
    deserializer: D,
    expecting: &'static str,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor { expecting, marker: PhantomData })
}

struct ObjectVisitor<T> {
    expecting: &'static str,
    marker: PhantomData<fn() -> T>,
}

impl<'de, T: Object<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// ``missing field `name` `` for the first `(missing, name)` pair that is missing.
pub(crate) fn missing<E: de::Error>(fields: &[(bool, &'static str)]) -> E {
    E::missing_field(fields.iter().find(|(missing, _)| *missing).map_or("", |(_, name)| name))
}

/// Decodes the value of a required field into its slot.
pub(crate) fn required<'de, T: de::Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Decodes the value of an optional field (`null` is `None`) into its slot.
pub(crate) fn optional<'de, T: de::Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Skips the value of a key the model does not declare.
pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// An object key: borrowed from the input when it has no escapes.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Model {
        id: String,
        count: i64,
        note: Option<String>,
    }

    impl<'de> de::Deserialize<'de> for Model {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer, "struct Model")
        }
    }

    impl<'de> Object<'de> for Model {
        fn visit<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut fields: (Option<String>, Option<i64>, Option<String>) = (None, None, None);
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match key.as_str() {
                    "$id" => required(&mut map, &mut fields.0),
                    "count" => required(&mut map, &mut fields.1),
                    "note" => optional(&mut map, &mut fields.2),
                    _ => skip(&mut map),
                }?;
            }
            let (id, count, note) = fields;
            match (id, count) {
                (Some(id), Some(count)) => Ok(Model { id, count, note }),
                (id, count) => Err(missing(&[(id.is_none(), "$id"), (count.is_none(), "count")])),
            }
        }
    }

    fn decode(json: &str) -> Result<Model, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn decodes_declared_fields_and_skips_the_others() {
        let model = decode(r#"{"extra":{"a":[1,2]},"count":3,"$id":"x","note":"n"}"#).unwrap();
        assert_eq!(model, Model { id: "x".into(), count: 3, note: Some("n".into()) });
    }

    #[test]
    fn optional_fields_may_be_absent_or_null() {
        let expected = Model { id: "x".into(), count: 1, note: None };
        assert_eq!(decode(r#"{"$id":"x","count":1}"#).unwrap(), expected);
        assert_eq!(decode(r#"{"$id":"x","count":1,"note":null}"#).unwrap(), expected);
    }

    #[test]
    fn errors_match_the_derive() {
        assert_eq!(decode(r#"{"count":1}"#).unwrap_err(), "missing field `$id` at line 1 column 11");
        assert_eq!(decode(r#"[1]"#).unwrap_err(), "invalid type: sequence, expected struct Model at line 1 column 0");
        assert_eq!(
            decode(r#"{"$id":5,"count":1}"#).unwrap_err(),
            "invalid type: integer `5`, expected a string at line 1 column 8"
        );
        assert!(decode(r#"{"$id":"x","count":null}"#).unwrap_err().starts_with("invalid type: null, expected i64"));
    }

    #[test]
    fn escaped_keys_are_matched_by_their_text() {
        let model = decode(r#"{"\u0024id":"x","c\u006funt":2}"#).unwrap();
        assert_eq!(model, Model { id: "x".into(), count: 2, note: None });
    }
}
