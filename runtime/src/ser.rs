//! Encoding of response models (they are `Serialize`, e.g. for caching them).
//!
//! Every model struct implements `Serialize` by calling [`Fields::field`] once per field: the
//! first error is kept and the rest is skipped, so the generated code has no early return per
//! field (what `#[derive(Serialize)]` generates, and a large part of its build time). Same output
//! as the derive: fields in declaration order, `None` of an optional field left out.

#![allow(dead_code, reason = "used by the generated models; unused when no enabled feature has one")]

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// A struct being serialized.
pub(crate) struct Fields<S: SerializeStruct> {
    state: Result<S, S::Error>,
}

/// Starts serializing the struct `name` with `len` fields (those that will be written).
pub(crate) fn fields<S: Serializer>(serializer: S, name: &'static str, len: usize) -> Fields<S::SerializeStruct> {
    Fields { state: serializer.serialize_struct(name, len) }
}

impl<S: SerializeStruct> Fields<S> {
    /// Writes a field.
    pub(crate) fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Ok(state) = &mut self.state {
            if let Err(e) = state.serialize_field(key, value) {
                self.state = Err(e);
            }
        }
    }

    /// Writes an optional field, or skips it when it is `None`.
    pub(crate) fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        match value {
            Some(_) => self.field(key, value),
            None => {
                if let Ok(state) = &mut self.state {
                    if let Err(e) = state.skip_field(key) {
                        self.state = Err(e);
                    }
                }
            }
        }
    }

    /// Ends the struct: its output, or the first error.
    pub(crate) fn end(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Model {
        id: String,
        note: Option<String>,
        nullable: Option<i64>,
        tags: Vec<String>,
    }

    impl Serialize for Model {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut fields = fields(serializer, "Model", 3 + usize::from(self.note.is_some()));
            fields.field("$id", &self.id);
            fields.optional("note", &self.note);
            fields.field("nullable", &self.nullable);
            fields.field("tags", &self.tags);
            fields.end()
        }
    }

    #[test]
    fn writes_fields_in_order_and_leaves_out_none() {
        let model = Model { id: "x".into(), note: None, nullable: None, tags: vec!["a".into()] };
        assert_eq!(serde_json::to_string(&model).unwrap(), r#"{"$id":"x","nullable":null,"tags":["a"]}"#);
        let model = Model { note: Some("n".into()), ..model };
        assert_eq!(serde_json::to_string(&model).unwrap(), r#"{"$id":"x","note":"n","nullable":null,"tags":["a"]}"#);
    }

    #[test]
    fn the_first_error_is_returned() {
        struct Failing;
        impl Serialize for Failing {
            fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no"))
            }
        }
        struct Two;
        impl Serialize for Two {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut fields = fields(serializer, "Two", 2);
                fields.field("a", &Failing);
                fields.field("b", &1);
                fields.end()
            }
        }
        assert_eq!(serde_json::to_string(&Two).unwrap_err().to_string(), "no");
    }
}
