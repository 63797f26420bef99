//! Examples: a value satisfying a schema, for docs and contract tests. The spec's own example
//! is kept when it fits the schema (Appwrite's `x-example`s are often strings holding JSON, or
//! disagree with the schema); otherwise one is made from the schema.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type as OaType, VariantOrUnknownOrEmpty};
use serde_json::Value;

use super::unions::is_null_branch;
use super::{TypeSpace, is_annotation};
use crate::pointer::Pointer;

/// Most nesting followed when making an example.
const EXAMPLE_DEPTH: usize = 4;

impl<'a> TypeSpace<'a> {
    /// The spec's example for a schema when it satisfies the schema, else one made from it.
    /// Appwrite's `x-example`s are often strings holding JSON, or disagree with the schema
    /// (e.g. numbers where the schema asks for arrays); examples feed docs and contract tests,
    /// which must send valid requests.
    pub fn example(&self, schema: &'a Schema, given: Option<&Value>, name: &str) -> Value {
        self.example_at(schema, given, name, 0)
    }

    fn example_at(&self, schema: &'a Schema, given: Option<&Value>, name: &str, depth: usize) -> Value {
        let given = match given {
            Some(Value::String(s)) if !matches!(schema.schema_kind, SchemaKind::Type(OaType::String(_))) => {
                serde_json::from_str::<Value>(s).ok()
            }
            other => other.cloned(),
        };
        if depth > EXAMPLE_DEPTH {
            return given.unwrap_or(Value::Null);
        }
        let resolve =
            |s: &'a ReferenceOr<Box<Schema>>| self.resolver.resolve_boxed(s, &Pointer::root()).ok().map(|(s, _)| s);
        let resolve_plain =
            |s: &'a ReferenceOr<Schema>| self.resolver.resolve(s, &Pointer::root()).ok().map(|(s, _)| s);
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) => {
                let allowed: Vec<&String> = s.enumeration.iter().flatten().collect();
                match given {
                    Some(Value::String(v)) if allowed.is_empty() && !v.is_empty() => Value::String(v),
                    Some(Value::String(v)) if allowed.contains(&&v) => Value::String(v),
                    _ => match allowed.first() {
                        Some(first) => Value::String((*first).clone()),
                        None => Value::String(placeholder(name, &s.format)),
                    },
                }
            }
            SchemaKind::Type(OaType::Integer(i)) => {
                let allowed: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                match given {
                    Some(Value::Number(n))
                        if (n.is_i64() || n.is_u64())
                            && (allowed.is_empty() || n.as_i64().is_some_and(|v| allowed.contains(&v))) =>
                    {
                        Value::Number(n)
                    }
                    _ => match allowed.first() {
                        Some(first) => Value::from(*first),
                        None => Value::from(i.minimum.unwrap_or(0).max(0)),
                    },
                }
            }
            SchemaKind::Type(OaType::Number(n)) => match given {
                Some(Value::Number(v)) => Value::Number(v),
                _ => Value::from(n.minimum.unwrap_or(0.0).max(0.0)),
            },
            SchemaKind::Type(OaType::Boolean(_)) => match given {
                Some(Value::Bool(b)) => Value::Bool(b),
                _ => Value::Bool(false),
            },
            SchemaKind::Type(OaType::Array(a)) => {
                let items = a.items.as_ref().and_then(resolve);
                let given_items = match given {
                    Some(Value::Array(items)) if !items.is_empty() => items,
                    _ => vec![Value::Null],
                };
                Value::Array(
                    given_items
                        .iter()
                        .take(3)
                        .map(|v| match items {
                            Some(items) => self.example_at(items, (!v.is_null()).then_some(v), name, depth + 1),
                            None => v.clone(),
                        })
                        .collect(),
                )
            }
            SchemaKind::OneOf { one_of: choices } | SchemaKind::AnyOf { any_of: choices } => {
                let first = choices.iter().filter_map(resolve_plain).find(|s| !is_null_branch(s));
                match (first, &given) {
                    // An array schema without items accepts what was given if it is an array.
                    (Some(Schema { schema_kind: SchemaKind::Type(OaType::Array(a)), .. }), Some(Value::Array(v)))
                        if a.items.is_none() =>
                    {
                        Value::Array(v.clone())
                    }
                    (Some(first), _) => self.example_at(first, given.as_ref(), name, depth + 1),
                    (None, _) => given.unwrap_or(Value::Null),
                }
            }
            SchemaKind::AllOf { all_of } => {
                let mut merged = serde_json::Map::new();
                let mut other = None;
                for b in all_of.iter().filter_map(resolve_plain).filter(|b| !is_annotation(b)) {
                    match self.example_at(b, given.as_ref(), name, depth + 1) {
                        Value::Object(m) => merged.extend(m),
                        v => other = Some(v),
                    }
                }
                match other {
                    Some(v) if merged.is_empty() => v,
                    _ => Value::Object(merged),
                }
            }
            SchemaKind::Type(OaType::Object(o)) if !o.properties.is_empty() => {
                self.object_example(&o.properties, &o.required, given, depth)
            }
            SchemaKind::Any(a) if !a.properties.is_empty() && matches!(a.typ.as_deref(), None | Some("object")) => {
                self.object_example(&a.properties, &a.required, given, depth)
            }
            SchemaKind::Any(a) if a.typ.is_none() && (!a.one_of.is_empty() || !a.any_of.is_empty()) => {
                let first = a.one_of.iter().chain(&a.any_of).filter_map(resolve_plain).find(|s| !is_null_branch(s));
                match first {
                    Some(first) => self.example_at(first, given.as_ref(), name, depth + 1),
                    None => given.unwrap_or(Value::Null),
                }
            }
            SchemaKind::Type(OaType::Object(_)) | SchemaKind::Any(_) => match given {
                Some(v @ Value::Object(_)) => v,
                Some(v) if matches!(&schema.schema_kind, SchemaKind::Any(a) if a.typ.is_none()) => v,
                _ => Value::Object(Default::default()),
            },
            _ => given.unwrap_or(Value::Null),
        }
    }

    /// An object with the given example's values where they fit, and every required property.
    fn object_example(
        &self,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        given: Option<Value>,
        depth: usize,
    ) -> Value {
        let given = match given {
            Some(Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        let mut out = serde_json::Map::new();
        for (name, prop) in properties {
            if !required.contains(name) && !given.contains_key(name) {
                continue;
            }
            let Ok((s, _)) = self.resolver.resolve_boxed(prop, &Pointer::root()) else { continue };
            let own = s.schema_data.extensions.get("x-example").or(s.schema_data.example.as_ref());
            out.insert(name.clone(), self.example_at(s, given.get(name).or(own), name, depth + 1));
        }
        Value::Object(out)
    }
}

/// Placeholder text for a string parameter without a usable example.
fn placeholder(name: &str, format: &VariantOrUnknownOrEmpty<StringFormat>) -> String {
    use VariantOrUnknownOrEmpty::{Item, Unknown};
    match format {
        Unknown(f) if f == "email" => "email@example.com".to_owned(),
        Unknown(f) if f == "url" || f == "uri" => "https://example.com".to_owned(),
        Unknown(f) if f == "phone" => "+12065550100".to_owned(),
        Unknown(f) if f == "datetime" => "2020-10-15T06:38:00.000+00:00".to_owned(),
        Unknown(f) if f == "uuid" => "00000000-0000-4000-8000-000000000000".to_owned(),
        Unknown(f) if f == "ip" || f == "ipv4" => "192.0.2.1".to_owned(),
        Item(StringFormat::DateTime) => "2020-10-15T06:38:00Z".to_owned(),
        Item(StringFormat::Date) => "2020-10-15".to_owned(),
        _ => format!("<{}>", heck::ToShoutySnakeCase::to_shouty_snake_case(name)),
    }
}
