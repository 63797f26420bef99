//! User data sent with a request: a row's columns, a document's attributes, a user's preferences.

use serde::{Serialize, Serializer};

/// The JSON of a value of the caller's own type, for parameters that carry user data (the `data`
/// of a row or document, the `prefs` of a user or team). Setters of those parameters take any
/// `impl Serialize` (your own struct, a `serde_json::Value`, a `json!` literal, a map) and keep
/// it as `Data`.
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
/// assert_eq!(data.as_value(), Some(&serde_json::json!({ "title": "Intro", "plays": 3 })));
/// let data = Data::new(serde_json::json!({ "plays": 4 }));
/// assert_eq!(data.as_value(), Some(&serde_json::json!({ "plays": 4 })));
/// let bad = Data::new(std::collections::BTreeMap::from([((1, 2), 3)]));
/// assert_eq!(bad.as_value(), None);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Data(Result<serde_json::Value, String>);

impl Data {
    /// The JSON of `value`.
    pub fn new(value: impl Serialize) -> Self {
        Self(serde_json::to_value(value).map_err(|e| e.to_string()))
    }

    /// The JSON value, or `None` when the value given could not be represented as JSON.
    pub fn as_value(&self) -> Option<&serde_json::Value> {
        self.0.as_ref().ok()
    }
}

impl From<serde_json::Value> for Data {
    fn from(value: serde_json::Value) -> Self {
        Self(Ok(value))
    }
}

impl Serialize for Data {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Ok(value) => value.serialize(serializer),
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
}
