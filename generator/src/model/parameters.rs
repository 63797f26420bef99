//! A method's parameters: the path item's, overridden by the operation's own, then the request
//! body's; where each goes, how it is written (`style`, `explode`, Appwrite's indexed arrays),
//! its type, whether it is required or nullable, and its default and example.

use openapiv3::{Operation, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle};
use serde_json::Value;

use super::{BodyEncoding, Builder, Param, ParamLocation, Style, Type};
use crate::error::Result;
use crate::pointer::Pointer;
use crate::schema::Hint;

impl<'a> Builder<'a> {
    /// Path-item parameters, overridden by the operation's own (same name and location), then
    /// the request body's.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn operation_params(
        &mut self,
        path: &str,
        item: Option<&'a PathItem>,
        op: &'a Operation,
        pointer: &Pointer,
        hint: &Hint,
    ) -> Result<(Vec<Param>, BodyEncoding)> {
        let mut declared: Vec<(&'a Parameter, Pointer)> = Vec::new();
        if let Some(item) = item {
            let item_at = Pointer::root().join("paths").join(path);
            for (i, p) in item.parameters.iter().enumerate() {
                let at = item_at.join("parameters").index(i);
                declared.push(self.resolver.resolve(p, &at).map(|(p, _)| (p, at))?);
            }
        }
        for (i, p) in op.parameters.iter().enumerate() {
            let at = pointer.join("parameters").index(i);
            let (p, _) = self.resolver.resolve(p, &at)?;
            let data = p.parameter_data_ref();
            declared.retain(|(q, _)| {
                let d = q.parameter_data_ref();
                !(d.name == data.name && std::mem::discriminant(*q) == std::mem::discriminant(p))
            });
            declared.push((p, at));
        }
        let mut params = Vec::new();
        for (p, at) in declared {
            params.push(self.parameter(p, &at, hint)?);
        }
        let mut body = BodyEncoding::None;
        if let Some(request_body) = &op.request_body {
            let rb_at = pointer.join("requestBody");
            let (rb, _) = self.resolver.resolve(request_body, &rb_at)?;
            body = self.request_body(rb, &rb_at, hint, &mut params)?;
        }
        Ok((params, body))
    }

    fn parameter(&mut self, p: &'a Parameter, at: &Pointer, hint: &Hint) -> Result<Param> {
        let appwrite = self.types.appwrite();
        let (data, location, style) = match p {
            Parameter::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path, Style::Simple),
            Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header, Style::Simple),
            Parameter::Cookie { parameter_data, .. } => {
                let explode = parameter_data.explode.unwrap_or(true);
                (parameter_data, ParamLocation::Cookie, Style::Form { explode })
            }
            Parameter::Query { parameter_data, style, .. } => {
                let style = match style {
                    _ if appwrite => Style::Indexed,
                    QueryStyle::Form => Style::Form { explode: parameter_data.explode.unwrap_or(true) },
                    QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                    QueryStyle::PipeDelimited => Style::PipeDelimited,
                    QueryStyle::DeepObject => Style::DeepObject,
                };
                (parameter_data, ParamLocation::Query, style)
            }
        };
        let hint = hint.param(&data.name);
        let (schema, s_at) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (Some(schema), at.join("schema")),
            ParameterSchemaOrContent::Content(content) => {
                let (media, m) = content.first().map(|(k, v)| (k.as_str(), v)).unzip();
                let s_at = at.join("content").join(media.unwrap_or_default()).join("schema");
                self.types.warn(
                    at,
                    "a parameter described by `content` is written like one described by its `schema` (not serialized as that media type)",
                );
                (m.and_then(|m| m.schema.as_ref()), s_at)
            }
        };
        let (ty, schema_item) = match schema {
            Some(schema) => {
                let ty = self.types.type_of(schema, &s_at, &hint)?;
                (ty, Some(self.resolver.resolve(schema, &s_at)?.0))
            }
            None => (Type::String, None),
        };
        let (ty, null_in_type) = ty.split_nullable();
        let ty = self.types.writable(ty, at);
        let example_given =
            schema_item.and_then(|s| s.schema_data.extensions.get("x-example")).or(data.example.as_ref());
        let example = schema_item
            .map(|s| self.types.example(s, example_given, &data.name))
            .or_else(|| Some(Value::String(data.name.clone())));
        Ok(Param {
            name: data.name.clone(),
            location,
            style,
            ty,
            required: data.required || location == ParamLocation::Path,
            // A path segment cannot be `null`.
            nullable: location != ParamLocation::Path
                && (null_in_type || schema_item.is_some_and(crate::schema::is_nullable)),
            default: schema_item.and_then(|s| s.schema_data.default.clone()),
            description: data.description.clone().filter(|d| !d.trim().is_empty()),
            example,
        })
    }
}
