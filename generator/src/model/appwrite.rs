//! Appwrite's conventions beyond OpenAPI: the SDK methods of `x-appwrite.methods` entries, their
//! deprecations, the undeclared query of GraphQL operations, `GET` downloads answered by a `200`
//! without content, chunked uploads (from 0.13 on), and files of multipart bodies the spec does
//! not mark as binary.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type as OaType};
use serde_json::Value;

use super::{BodyEncoding, Builder, Deprecation, HttpMethod, Method, Param, ParamLocation, Response, Style, Type};
use crate::error::{Error, ErrorKind, Result};
use crate::load::{XDeprecated, XMethod, XModelRef};
use crate::pointer::Pointer;
use crate::schema::Hint;

impl<'a> Builder<'a> {
    pub(super) fn method_entry(&mut self, base: &Method, entry: &XMethod, pointer: &Pointer) -> Result<Method> {
        let mut params = Vec::with_capacity(entry.parameters.len());
        for (j, name) in entry.parameters.iter().enumerate() {
            let Some(p) = base.params.iter().find(|p| &p.name == name) else {
                return Err(Error::at(
                    ErrorKind::InvalidDocument,
                    pointer.join("parameters").index(j),
                    format!("method `{}` lists parameter `{name}`, which the operation does not define", entry.name),
                ));
            };
            let mut p = p.clone();
            p.required = entry.required.iter().any(|r| r == name) || p.location == ParamLocation::Path;
            params.push(p);
        }
        let responses_at = pointer.join("responses");
        let response = match entry.responses.iter().find(|r| (200..400).contains(&r.code)) {
            None => base.response.clone(),
            Some(r) => match (&r.model, r.code) {
                (_, 204) => Response::NoContent,
                (_, 300..=399) => Response::Redirect,
                (Some(XModelRef::One(reference)), _) => Response::Json(self.types.reference(reference, &responses_at)?),
                (Some(XModelRef::Many(refs)), _) => Response::Json(self.types.union_of_refs(
                    refs,
                    &responses_at,
                    &Hint::new(&entry.name).child("response"),
                )?),
                (None, _) => base.response.clone(),
            },
        };
        let body = if params.iter().any(|p| matches!(p.location, ParamLocation::Body | ParamLocation::EntireBody)) {
            base.body.clone()
        } else {
            BodyEncoding::None
        };
        Ok(Method {
            name: entry.name.clone(),
            pointer: pointer.to_string(),
            description: entry.description.clone().or_else(|| base.description.clone()),
            chunked_upload: base.chunked_upload
                && body == BodyEncoding::Multipart
                && params.iter().filter(|p| p.ty == Type::File).count() == 1,
            params,
            body,
            differs_from_operation: response != base.response,
            response,
            deprecated: entry.deprecated.clone().map(deprecation),
            ..base.clone()
        })
    }

    /// Whether a success response that declares no content is a file download: Appwrite writes
    /// downloads (files, previews, avatars) as a `200` with no content, marked `x-appwrite.type:
    /// location`; 0.13.0's `getFilePreview` left the mark out (`type: ""`). So in an Appwrite spec,
    /// a `GET` answered by such a `200` is a download whatever its type (the bytes are returned,
    /// never dropped), with a warning when it is not marked. Elsewhere a `200` without content
    /// means no body.
    pub(super) fn empty_answer_is_a_file(
        &mut self,
        verb: HttpMethod,
        kind: &str,
        empty_200: bool,
        responses_at: &Pointer,
    ) -> bool {
        if kind == "location" {
            return true;
        }
        if !self.types.appwrite() || verb != HttpMethod::Get || !empty_200 {
            return false;
        }
        let kind = if kind.is_empty() { "empty".to_owned() } else { format!("`{kind}`") };
        self.types.warn(
            &responses_at.join("200"),
            format!(
                "taken as a file download: a `GET` of an Appwrite spec answered by a `200` without content \
                 (its x-appwrite.type is {kind}, not `location`)"
            ),
        );
        true
    }

    /// Whether a multipart body is sent with Appwrite's chunked-upload protocol: in Appwrite
    /// specs from 0.13 on (the first line whose server assembles chunks), when the operation has
    /// one file and a JSON response (the file's model, which gives the ID later chunks carry).
    /// Any other multipart operation of such a spec is sent in one request, with a warning.
    pub(super) fn chunked_upload(
        &mut self,
        params: &[Param],
        body: &BodyEncoding,
        response: &Response,
        at: &Pointer,
    ) -> bool {
        if *body != BodyEncoding::Multipart || !self.types.appwrite() || !assembles_chunks(&self.doc.info.version) {
            return false;
        }
        let files = params.iter().filter(|p| p.ty == Type::File).count();
        let json = matches!(response, Response::Json(_));
        if files == 1 && json {
            return true;
        }
        self.types.warn(
            at,
            format!(
                "sent as one multipart request, not in chunks: a chunked upload needs one file and a JSON response (this operation has {files} file(s){})",
                if json { "" } else { " and no JSON response" }
            ),
        );
        false
    }

    /// The files of a multipart body that does not mark them with `format: binary`: Appwrite
    /// specs before 1.9 write a file as a string whose `x-example` is explicitly `null`. Up to
    /// 0.13.0 every text parameter has a `null` example too; an identifier (`fileId`: a name
    /// ending in `Id`, or marked `x-upload-id`) is never a file, and when several other
    /// properties of one body qualify, the files are those whose description names a file (0.12's
    /// `code`: "Gzip file with your code package", beside `command`), with a warning saying so.
    pub(super) fn unmarked_files(
        &mut self,
        properties: &[(String, &'a ReferenceOr<Box<Schema>>, Pointer)],
        encoding: &BodyEncoding,
    ) -> Result<BTreeSet<String>> {
        if *encoding != BodyEncoding::Multipart || !self.types.appwrite() {
            return Ok(BTreeSet::new());
        }
        let mut candidates = Vec::new();
        for (name, prop, prop_at) in properties {
            let (item, _) = self.resolver.resolve_boxed(prop, prop_at)?;
            let text = matches!(&item.schema_kind, SchemaKind::Type(OaType::String(s)) if !crate::schema::is_binary(s));
            let identifier = name.ends_with("Id")
                || name.ends_with("ID")
                || name.ends_with("_id")
                || item.schema_data.extensions.contains_key("x-upload-id");
            if text && !identifier && item.schema_data.extensions.get("x-example") == Some(&Value::Null) {
                let describes_file = item.schema_data.description.as_deref().is_some_and(names_a_file);
                candidates.push((name.clone(), prop_at.clone(), describes_file));
            }
        }
        if candidates.len() <= 1 {
            return Ok(candidates.into_iter().map(|(name, _, _)| name).collect());
        }
        let mut files = BTreeSet::new();
        for (name, at, describes_file) in candidates {
            if describes_file {
                self.types.warn(
                    &at,
                    format!(
                        "`{name}` is taken as a file: the spec marks no file in this multipart body (no `format: binary`), and its description names one"
                    ),
                );
                files.insert(name);
            }
        }
        Ok(files)
    }
}

/// Whether the server of this Appwrite version assembles uploads sent in chunks (`Content-Range`,
/// `x-appwrite-id`): from 0.13 on. A version that does not parse is taken as a recent one.
fn assembles_chunks(version: &str) -> bool {
    let mut parts = version.trim().trim_start_matches('v').split('.').map(|p| p.parse::<u32>());
    !matches!((parts.next(), parts.next()), (Some(Ok(0)), Some(Ok(minor))) if minor < 13)
}

/// The parameter of an Appwrite GraphQL operation (`x-appwrite.type: graphql`), which its spec
/// does not declare: node-appwrite sends `{"query": …}` with `x-sdk-graphql: true`, and the
/// server, seeing that header, executes the body's `query` (one request object, or an array of
/// them for a batch).
pub(super) fn graphql_query(path: &str) -> Param {
    let example = if path.ends_with("/mutation") {
        "mutation { accountCreateJWT { jwt } }"
    } else {
        "query { usersList { total } }"
    };
    Param {
        name: "query".to_owned(),
        location: ParamLocation::Body,
        style: Style::Body,
        ty: Type::Object,
        required: true,
        nullable: false,
        default: None,
        description: Some(
            "The GraphQL request: an object with the `query` text and, optionally, `variables` and \
             `operationName` (or an array of such objects, executed as a batch)."
                .to_owned(),
        ),
        example: Some(serde_json::json!({ "query": example })),
    }
}

/// Whether a description names a file ("Binary file.", "Gzip file with your code package").
fn names_a_file(description: &str) -> bool {
    description.split(|c: char| !c.is_ascii_alphanumeric()).any(|word| word.eq_ignore_ascii_case("file"))
}

pub(super) fn deprecation(d: XDeprecated) -> Deprecation {
    Deprecation {
        since: d.since.filter(|s| !s.is_empty()),
        replace_with: d.replace_with.filter(|r| !r.is_empty()).map(|r| r.rsplit('.').next().unwrap_or(&r).to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_assemble_chunks_from_0_13_on() {
        for old in ["0.12.1", "0.12", "0.6.2", "v0.11.0"] {
            assert!(!assembles_chunks(old), "{old}");
        }
        for new in ["0.13.0", "0.15.2", "1.0.0", "1.9.3", "2.0", "latest", ""] {
            assert!(assembles_chunks(new), "{new}");
        }
    }

    #[test]
    fn a_description_names_a_file_by_the_word() {
        assert!(names_a_file("Gzip file with your code package."));
        assert!(names_a_file("Binary File."));
        assert!(!names_a_file("Code execution command."));
        assert!(!names_a_file("Profile name, filename or files"));
    }
}
