//! The request body: which media type is used and how it is encoded (JSON, multipart, form,
//! raw), and the parameters it becomes (one per property of an object, else one for the whole
//! body).

use openapiv3::{ReferenceOr, RequestBody, Schema, SchemaKind, Type as OaType};

use super::responses::is_json;
use super::{BodyEncoding, Builder, Param, ParamLocation, Style, Type};
use crate::error::{Error, ErrorKind, Result};
use crate::pointer::Pointer;
use crate::schema::Hint;

impl<'a> Builder<'a> {
    pub(super) fn request_body(
        &mut self,
        rb: &'a RequestBody,
        rb_at: &Pointer,
        hint: &Hint,
        params: &mut Vec<Param>,
    ) -> Result<BodyEncoding> {
        let Some((media, media_type, encoding)) = pick_body_media(rb) else {
            if rb.content.is_empty() {
                return Ok(BodyEncoding::None);
            }
            let types: Vec<&str> = rb.content.keys().map(String::as_str).collect();
            return Err(Error::at(
                ErrorKind::Unsupported,
                rb_at.clone(),
                format!("request body media type(s) {types:?} are not supported"),
            ));
        };
        let s_at = rb_at.join("content").join(media).join("schema");
        let Some(schema) = &media_type.schema else {
            return match encoding {
                BodyEncoding::Raw(_) => {
                    params.push(entire_body(Type::Bytes, rb, None));
                    Ok(encoding)
                }
                BodyEncoding::Json => {
                    params.push(entire_body(Type::Any, rb, None));
                    Ok(encoding)
                }
                _ => Err(Error::at(ErrorKind::InvalidDocument, s_at, "request body has no schema")),
            };
        };
        if let BodyEncoding::Raw(content_type) = &encoding {
            let (item, _) = self.resolver.resolve(schema, &s_at)?;
            let ty = if content_type.starts_with("text/")
                && matches!(&item.schema_kind, SchemaKind::Type(OaType::String(s)) if !crate::schema::is_binary(s))
            {
                Type::String
            } else {
                Type::Bytes
            };
            params.push(entire_body(ty, rb, Some(item)));
            return Ok(encoding);
        }
        let body_hint = hint.child("body");
        // A component schema flattened into parameters is still a type of the crate.
        if let ReferenceOr::Reference { reference } = schema {
            self.types.reference(reference, &s_at)?;
        }
        let Some(object) = self.types.object_properties(schema, &s_at)? else {
            // Not an object with properties: one parameter holds the whole body.
            let ty = self.types.type_of(schema, &s_at, &body_hint)?;
            let (item, _) = self.resolver.resolve(schema, &s_at)?;
            let (ty, _) = ty.split_nullable();
            params.push(entire_body(ty, rb, Some(item)));
            return Ok(encoding);
        };
        let files = self.unmarked_files(&object.properties, &encoding)?;
        for (name, prop, prop_at) in object.properties {
            let mut ty = self.types.boxed_type_of(prop, &prop_at, &hint.param(&name))?;
            let (item, _) = self.resolver.resolve_boxed(prop, &prop_at)?;
            if files.contains(&name) {
                ty = Type::File;
            }
            let (ty, null_in_type) = ty.split_nullable();
            let ty = if encoding == BodyEncoding::Multipart { ty } else { self.types.writable(ty, &prop_at) };
            params.push(Param {
                name: name.clone(),
                location: ParamLocation::Body,
                style: Style::Body,
                ty,
                required: object.required.contains(&name),
                nullable: null_in_type || crate::schema::is_nullable(item),
                default: item.schema_data.default.clone(),
                description: item.schema_data.description.clone().filter(|d| !d.trim().is_empty()),
                example: Some(self.types.example(
                    item,
                    item.schema_data.extensions.get("x-example").or(item.schema_data.example.as_ref()),
                    &name,
                )),
            });
        }
        Ok(encoding)
    }
}

/// The parameter that carries a whole request body.
fn entire_body(ty: Type, rb: &RequestBody, schema: Option<&Schema>) -> Param {
    Param {
        name: "body".to_owned(),
        location: ParamLocation::EntireBody,
        style: Style::Body,
        ty,
        required: rb.required,
        nullable: false,
        default: None,
        description: rb.description.clone().filter(|d| !d.trim().is_empty()),
        example: schema.and_then(|s| s.schema_data.example.clone()),
    }
}

/// The body media type to use, in order of preference.
fn pick_body_media(rb: &RequestBody) -> Option<(&str, &openapiv3::MediaType, BodyEncoding)> {
    let find = |f: &dyn Fn(&str) -> bool| rb.content.iter().find(|(k, _)| f(&k.to_ascii_lowercase()));
    if let Some((k, m)) = find(&|k| is_json(k)) {
        return Some((k, m, BodyEncoding::Json));
    }
    if let Some((k, m)) = find(&|k| k.starts_with("multipart/form-data")) {
        return Some((k, m, BodyEncoding::Multipart));
    }
    if let Some((k, m)) = find(&|k| k.starts_with("application/x-www-form-urlencoded")) {
        return Some((k, m, BodyEncoding::FormUrlEncoded));
    }
    rb.content.iter().next().map(|(k, m)| {
        let content_type = if k.contains('*') { "application/octet-stream".to_owned() } else { k.clone() };
        (k.as_str(), m, BodyEncoding::Raw(content_type))
    })
}
