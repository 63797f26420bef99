//! What a successful call returns: the operation's success responses (or its `default`) read as
//! JSON of one type (or a union of several), optional JSON, text, bytes, a redirect or no content;
//! the models of error responses become types of the crate too.

use openapiv3::{Operation, ReferenceOr};

use super::{Builder, HttpMethod, Response, Type};
use crate::error::Result;
use crate::pointer::Pointer;
use crate::schema::Hint;

impl<'a> Builder<'a> {
    pub(super) fn operation_response(
        &mut self,
        op: &'a Operation,
        pointer: &Pointer,
        verb: HttpMethod,
        kind: &str,
        hint: &Hint,
    ) -> Result<Response> {
        use openapiv3::StatusCode;
        let responses_at = pointer.join("responses");
        let mut codes: Vec<(u16, &'a ReferenceOr<openapiv3::Response>, Pointer)> = Vec::new();
        for (code, r) in &op.responses.responses {
            match code {
                StatusCode::Code(c) => codes.push((*c, r, responses_at.join(c.to_string()))),
                StatusCode::Range(2) => codes.push((299, r, responses_at.join("2XX"))),
                StatusCode::Range(3) => codes.push((399, r, responses_at.join("3XX"))),
                StatusCode::Range(_) => {}
            }
        }
        codes.sort_by_key(|(c, _, _)| *c);
        // Models of error responses are types of the crate too (callers decode error bodies).
        let errors = op.responses.responses.iter().filter_map(|(code, r)| match code {
            StatusCode::Code(c) if *c >= 400 => Some((r, responses_at.join(c.to_string()))),
            StatusCode::Range(n) if *n >= 4 => Some((r, responses_at.join(format!("{n}XX")))),
            _ => None,
        });
        for (r, r_at) in errors.collect::<Vec<_>>() {
            let (r, r_at) = self.resolver.resolve(r, &r_at)?;
            for (media, m) in r.content.iter().filter(|(k, _)| is_json(k)) {
                if let Some(ReferenceOr::Reference { reference }) = &m.schema {
                    self.types.reference(reference, &r_at.join("content").join(media).join("schema"))?;
                }
            }
        }
        let mut successes: Vec<(u16, &'a ReferenceOr<openapiv3::Response>, Pointer)> =
            codes.into_iter().filter(|(c, _, _)| (200..400).contains(c)).collect();
        if successes.is_empty() {
            // Only a `default` response: it describes success too.
            let Some(default) = &op.responses.default else { return Ok(Response::NoContent) };
            successes.push((200, default, responses_at.join("default")));
        }
        let (first_code, _, _) = successes[0];
        if first_code == 204 && successes.len() == 1 {
            return Ok(Response::NoContent);
        }
        if (300..400).contains(&first_code) {
            return Ok(Response::Redirect);
        }
        // Each 2xx response: its JSON type, or what else it carries.
        let mut json: Vec<Type> = Vec::new();
        let mut empty = false;
        let mut empty_200 = false;
        let mut text = false;
        let mut binary = false;
        // With several JSON bodies, an inline one is named after its status (`startJobResponse202`).
        let json_bodies = successes
            .iter()
            .filter(|(c, r, _)| {
                (200..300).contains(c) && matches!(r, ReferenceOr::Item(r) if r.content.keys().any(|k| is_json(k)))
            })
            .count();
        for (code, response, r_at) in successes.iter().filter(|(c, _, _)| (200..300).contains(c)) {
            let (response, r_at) = self.resolver.resolve(response, r_at)?;
            if *code == 204 || response.content.is_empty() {
                empty = true;
                empty_200 |= *code == 200;
                continue;
            }
            let json_media = response.content.iter().find(|(k, _)| is_json(k));
            if let Some((media, m)) = json_media {
                let s_at = r_at.join("content").join(media).join("schema");
                let response_hint =
                    if json_bodies > 1 { hint.child(&format!("response{code}")) } else { hint.child("response") };
                let ty = match &m.schema {
                    Some(schema) => self.types.type_of(schema, &s_at, &response_hint)?.split_nullable().0,
                    None => Type::Any,
                };
                if !json.contains(&ty) {
                    json.push(ty);
                }
            } else if response.content.keys().all(|k| k.starts_with("text/")) {
                text = true;
            } else {
                binary = true;
            }
        }
        if json.is_empty() {
            return Ok(if binary || (empty && self.empty_answer_is_a_file(verb, kind, empty_200, &responses_at)) {
                Response::Binary
            } else if text {
                Response::Text
            } else {
                Response::NoContent
            });
        }
        if text || binary {
            self.types.warn(
                &responses_at,
                "success responses mix JSON with other content; the JSON response is the result (other content fails to decode)",
            );
        }
        let ty = if json.len() == 1 {
            json.remove(0)
        } else {
            self.types.union_of_types(json, &responses_at, &hint.child("response"))
        };
        Ok(if empty { Response::OptionalJson(ty) } else { Response::Json(ty) })
    }
}

/// JSON media types: `application/json`, `application/problem+json`, `…; charset=utf-8`.
pub(super) fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}
