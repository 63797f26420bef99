//! Enums: `enum` on strings and integers, single-value branches with `title`s, open enums
//! (`anyOf: [enum, {type: string}]`), named by `x-enum-name`, the component key, the `title`
//! or where they are, with `x-enum-keys`. An enum with a derived name is one type wherever the
//! same values are met under that name.

use openapiv3::{Schema, SchemaKind, Type as OaType};
use serde_json::Value;

use super::names::{is_name, normalized};
use super::{Hint, TypeSpace, described};
use crate::error::Result;
use crate::load::extension;
use crate::pointer::Pointer;
use crate::types::{EnumDef, EnumValue, Type};

impl<'a> TypeSpace<'a> {
    /// An enum of `values`, named by `x-enum-name`, the component key, the `title` or the hint.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn enum_type(
        &mut self,
        s: &Schema,
        mut values: Vec<EnumValue>,
        integer: bool,
        open: bool,
        at: &Pointer,
        hint: &Hint,
        named: Option<&str>,
    ) -> Result<Type> {
        let x_name = extension::<Option<String>>(&s.schema_data.extensions, "x-enum-name", at.as_str())?
            .flatten()
            .filter(|n| !n.trim().is_empty());
        let keys: Vec<String> = extension(&s.schema_data.extensions, "x-enum-keys", at.as_str())?.unwrap_or_default();
        for (v, k) in values.iter_mut().zip(keys) {
            if v.key.is_none() && !k.trim().is_empty() {
                v.key = Some(k);
            }
        }
        let title = s.schema_data.title.as_deref().filter(|t| is_name(t));
        let (name, by_spec) = match (x_name, named, title) {
            (Some(x), _, _) => (x, true),
            (None, Some(n), _) => (n.to_owned(), true),
            (None, None, Some(t)) => (t.to_owned(), true),
            (None, None, None) => (hint.enum_name().to_owned(), false),
        };
        let name = if by_spec {
            name
        } else {
            // A derived name: reuse an enum of that name with the same values, else a free name.
            let wire: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
            let same = |existing: &[String]| {
                let mut a: Vec<&str> = existing.iter().map(String::as_str).collect();
                let mut b = wire.clone();
                a.sort_unstable();
                b.sort_unstable();
                a == b
            };
            match self.enum_names.get(&normalized(&name)).cloned() {
                None => name,
                Some(taken) => {
                    let taken_values: Option<Vec<String>> = self
                        .enums
                        .get(&taken)
                        .map(|e| e.values.iter().map(|v| v.value.clone()).collect())
                        .or_else(|| self.declared_enums.get(&normalized(&taken)).map(|(_, v)| v.clone()));
                    if taken_values.is_some_and(|v| same(&v)) {
                        taken
                    } else {
                        (2..)
                            .map(|i| format!("{name}{i}"))
                            .find(|n| !self.enum_names.contains_key(&normalized(n)))
                            .unwrap_or_default()
                    }
                }
            }
        };
        self.enum_names.insert(normalized(&name), name.clone());
        self.enum_named_by_spec.entry(name.clone()).or_insert(by_spec);
        // A component's or titled schema's description is the enum's; a parameter's or
        // property's describes where the enum is used.
        let own_description = if named.is_some() || title.is_some() { described(s) } else { None };
        let def = self.enums.entry(name.clone()).or_insert_with(|| EnumDef {
            name: name.clone(),
            description: own_description,
            values: Vec::new(),
            integer,
            open,
            pointer: at.to_string(),
            used_by: Vec::new(),
        });
        def.open |= open;
        for value in values {
            if !def.values.iter().any(|v| v.value == value.value) {
                def.values.push(value);
            }
        }
        let ty = Type::Enum(name);
        self.edge_to(&ty);
        Ok(ty)
    }
}

pub(super) fn plain_value(value: String) -> EnumValue {
    EnumValue { value, key: None, description: None }
}

/// The enum values of a schema (strings, or integers as text).
pub(super) fn enum_values_of(s: &Schema) -> Vec<String> {
    match &s.schema_kind {
        SchemaKind::Type(OaType::String(st)) => st.enumeration.iter().flatten().cloned().collect(),
        SchemaKind::Type(OaType::Integer(it)) => it.enumeration.iter().flatten().map(i64::to_string).collect(),
        SchemaKind::Any(a) => a.enumeration.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    }
}

/// A branch with exactly one value: that value (keyed by the branch's title) and whether it is
/// an integer.
pub(super) fn single_value(s: &Schema) -> Option<(EnumValue, bool)> {
    let (value, integer) = match &s.schema_kind {
        SchemaKind::Type(OaType::String(st)) => match st.enumeration.as_slice() {
            [Some(v)] => (v.clone(), false),
            _ => return None,
        },
        SchemaKind::Type(OaType::Integer(it)) => match it.enumeration.as_slice() {
            [Some(v)] => (v.to_string(), true),
            _ => return None,
        },
        SchemaKind::Any(a) => match a.enumeration.as_slice() {
            [Value::String(v)] => (v.clone(), false),
            [Value::Number(n)] if n.is_i64() => (n.to_string(), true),
            _ => return None,
        },
        _ => return None,
    };
    let key = s.schema_data.title.clone().filter(|t| !t.trim().is_empty());
    Some((EnumValue { value, key, description: described(s) }, integer))
}
