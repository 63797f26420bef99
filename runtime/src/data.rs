//! User data sent with a request: a row's columns, a document's attributes, a user's preferences.

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

/// The JSON of a value of the caller's own type, for parameters that carry user data (the `data`
/// of a row or document, the `prefs` of a user or team). Setters of those parameters take any
/// `impl Serialize` (your own struct, a `serde_json::Value`, a `json!` literal, a map) and keep
/// it as `Data`: its JSON text, in the order the value serializes its fields (a struct's
/// declaration order), whatever `serde_json` features the build has.
///
/// A value that cannot be represented as JSON (e.g. a map whose keys are not strings) is
/// reported when the request is sent, as [`Error::Encode`](crate::Error::Encode), as reqwest's
/// `json` does: building parameters never fails.
///
/// ```
/// use appwrite_server_sdk::Data;
///
/// #[derive(serde::Serialize)]
/// struct Song {
///     title: String,
///     plays: u32,
/// }
///
/// let data = Data::new(&Song { title: "Intro".into(), plays: 3 });
/// assert_eq!(data.as_json(), Some(r#"{"title":"Intro","plays":3}"#));
/// let data = Data::new(serde_json::json!({ "plays": 4 }));
/// assert_eq!(data.as_json(), Some(r#"{"plays":4}"#));
/// let bad = Data::new(std::collections::BTreeMap::from([((1, 2), 3)]));
/// assert_eq!(bad.as_json(), None);
/// ```
#[derive(Debug, Clone)]
pub struct Data(Result<Box<RawValue>, String>);

impl Data {
    /// The JSON of `value`.
    pub fn new(value: impl Serialize) -> Self {
        Self(serde_json::value::to_raw_value(&value).map_err(|e| e.to_string()))
    }

    /// The JSON text, or `None` when the value given could not be represented as JSON.
    pub fn as_json(&self) -> Option<&str> {
        self.0.as_ref().ok().map(|raw| raw.get())
    }
}

/// Equal when the JSON texts are (or the errors).
impl PartialEq for Data {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Ok(a), Ok(b)) => a.get() == b.get(),
            (Err(a), Err(b)) => a == b,
            _ => false,
        }
    }
}

impl From<serde_json::Value> for Data {
    fn from(value: serde_json::Value) -> Self {
        Self::new(value)
    }
}

impl Serialize for Data {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Ok(raw) => raw.serialize(serializer),
            Err(message) => Err(serde::ser::Error::custom(message)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Data;

    #[test]
    fn a_value_that_is_not_json_fails_when_serialized() {
        let data = Data::new(std::collections::HashMap::from([(vec![1u8], 1)]));
        let err = serde_json::to_string(&data).unwrap_err();
        assert!(err.to_string().contains("key must be a string"), "{err}");
        assert_eq!(serde_json::to_string(&Data::new([1, 2])).unwrap(), "[1,2]");
    }

    /// Fields go out in the order the type serializes them, not sorted (nor in whatever order
    /// `serde_json`'s `preserve_order` would give a map), also inside another value.
    #[test]
    fn a_struct_keeps_its_field_order() {
        #[derive(serde::Serialize)]
        struct Song {
            title: &'static str,
            plays: u32,
        }
        let data = Data::new(Song { title: "Intro", plays: 3 });
        assert_eq!(data.as_json(), Some(r#"{"title":"Intro","plays":3}"#));
        let body = serde_json::to_string(&[("data", &data)]).unwrap();
        assert_eq!(body, r#"[["data",{"title":"Intro","plays":3}]]"#);
        assert_eq!(data, Data::new(Song { title: "Intro", plays: 3 }));
        assert_ne!(data, Data::new(Song { title: "Intro", plays: 4 }));
        // Into a `Value` too (as query and form encodings do).
        assert_eq!(serde_json::to_value(&data).unwrap(), serde_json::json!({"plays": 3, "title": "Intro"}));
    }
}
