//! The pass before anything is built: which component schemas some `$ref` points to (the
//! others are built last, as orphans), and the `x-enum-name`s declared anywhere with their
//! values, so that a name derived for another enum never takes a declared one.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type as OaType};

use super::TypeSpace;
use super::enums::enum_values_of;
use super::names::normalized;
use crate::load::extension;
use crate::pointer::Pointer;

impl<'a> TypeSpace<'a> {
    /// One pass over every schema of the document: which components are referenced, and the
    /// `x-enum-name`s with their values (so a derived enum name never takes a declared one).
    pub(super) fn scan(&mut self) {
        let mut stack: Vec<&'a Schema> = Vec::new();
        let mut refs: Vec<&'a str> = Vec::new();
        let push_ref = |r: &'a ReferenceOr<Schema>, stack: &mut Vec<&'a Schema>, refs: &mut Vec<&'a str>| match r {
            ReferenceOr::Item(s) => stack.push(s),
            ReferenceOr::Reference { reference } => refs.push(reference),
        };
        let push_boxed = |r: &'a ReferenceOr<Box<Schema>>, stack: &mut Vec<&'a Schema>, refs: &mut Vec<&'a str>| match r
        {
            ReferenceOr::Item(s) => stack.push(s),
            ReferenceOr::Reference { reference } => refs.push(reference),
        };
        for (_, item) in &self.doc.paths.paths {
            let ReferenceOr::Item(item) = item else { continue };
            let params = item.parameters.iter().chain(item.iter().flat_map(|(_, op)| &op.parameters));
            for p in params {
                if let ReferenceOr::Item(p) = p {
                    match &p.parameter_data_ref().format {
                        openapiv3::ParameterSchemaOrContent::Schema(s) => push_ref(s, &mut stack, &mut refs),
                        openapiv3::ParameterSchemaOrContent::Content(c) => c
                            .values()
                            .filter_map(|m| m.schema.as_ref())
                            .for_each(|s| push_ref(s, &mut stack, &mut refs)),
                    }
                }
            }
            for (_, op) in item.iter() {
                if let Some(ReferenceOr::Item(rb)) = &op.request_body {
                    rb.content
                        .values()
                        .filter_map(|m| m.schema.as_ref())
                        .for_each(|s| push_ref(s, &mut stack, &mut refs));
                }
                for r in op.responses.responses.values().chain(&op.responses.default) {
                    if let ReferenceOr::Item(r) = r {
                        r.content
                            .values()
                            .filter_map(|m| m.schema.as_ref())
                            .for_each(|s| push_ref(s, &mut stack, &mut refs));
                    }
                }
            }
        }
        if let Some(c) = &self.doc.components {
            c.schemas.values().for_each(|s| push_ref(s, &mut stack, &mut refs));
            for p in c.parameters.values().filter_map(ReferenceOr::as_item) {
                if let openapiv3::ParameterSchemaOrContent::Schema(s) = &p.parameter_data_ref().format {
                    push_ref(s, &mut stack, &mut refs);
                }
            }
            for rb in c.request_bodies.values().filter_map(ReferenceOr::as_item) {
                rb.content.values().filter_map(|m| m.schema.as_ref()).for_each(|s| push_ref(s, &mut stack, &mut refs));
            }
            for r in c.responses.values().filter_map(ReferenceOr::as_item) {
                r.content.values().filter_map(|m| m.schema.as_ref()).for_each(|s| push_ref(s, &mut stack, &mut refs));
            }
        }
        while let Some(s) = stack.pop() {
            if let Ok(Some(Some(name))) = extension::<Option<String>>(&s.schema_data.extensions, "x-enum-name", "#") {
                let values = enum_values_of(s);
                let entry = self.declared_enums.entry(normalized(&name)).or_insert_with(|| (name.clone(), Vec::new()));
                for v in values {
                    if !entry.1.contains(&v) {
                        entry.1.push(v);
                    }
                }
            }
            match &s.schema_kind {
                SchemaKind::Type(OaType::Array(a)) => a.items.iter().for_each(|i| push_boxed(i, &mut stack, &mut refs)),
                SchemaKind::Type(OaType::Object(o)) => {
                    o.properties.values().for_each(|p| push_boxed(p, &mut stack, &mut refs));
                    if let Some(AdditionalProperties::Schema(s)) = &o.additional_properties {
                        push_ref(s, &mut stack, &mut refs);
                    }
                }
                SchemaKind::OneOf { one_of: l } | SchemaKind::AnyOf { any_of: l } | SchemaKind::AllOf { all_of: l } => {
                    l.iter().for_each(|s| push_ref(s, &mut stack, &mut refs))
                }
                SchemaKind::Not { not } => push_ref(not, &mut stack, &mut refs),
                SchemaKind::Any(a) => {
                    a.properties.values().chain(&a.items).for_each(|p| push_boxed(p, &mut stack, &mut refs));
                    a.one_of.iter().chain(&a.any_of).chain(&a.all_of).for_each(|s| push_ref(s, &mut stack, &mut refs));
                    if let Some(AdditionalProperties::Schema(s)) = &a.additional_properties {
                        push_ref(s, &mut stack, &mut refs);
                    }
                }
                SchemaKind::Type(_) => {}
            }
        }
        for r in refs {
            if let Some(name) = Pointer::from_ref(r).and_then(|p| p.component("schemas")) {
                self.referenced.insert(name);
            }
        }
        for (normal, (name, _)) in &self.declared_enums {
            self.enum_names.insert(normal.clone(), name.clone());
        }
    }
}
