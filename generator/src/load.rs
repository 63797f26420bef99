//! Load stage: spec text → `openapiv3::OpenAPI`, plus typed views of Appwrite's `x-appwrite` extensions.
//!
//! Parse errors carry the file, line and column, and the JSON pointer of the node that failed to
//! deserialize, so a maintainer can jump straight to the culprit.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use openapiv3::OpenAPI;
use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};

/// The text syntax of a spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// JSON (`.json`).
    Json,
    /// YAML (`.yaml` / `.yml`).
    Yaml,
}

impl Syntax {
    /// Guess the syntax from the file name, then from the first non-blank character.
    pub fn detect(path: &Path, text: &str) -> Syntax {
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => Syntax::Json,
            Some("yaml" | "yml") => Syntax::Yaml,
            _ if text.trim_start().starts_with('{') => Syntax::Json,
            _ => Syntax::Yaml,
        }
    }
}

/// A loaded spec: the document and where it came from.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file the spec was read from (used in error messages and the generated header).
    pub path: PathBuf,
    /// The parsed OpenAPI document.
    pub document: OpenAPI,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
}

/// Read and parse a spec file.
pub fn load_file(path: &Path) -> Result<Spec> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(ErrorKind::SpecNotFound, format!("cannot read the spec file: {e}")).in_file(path))?;
    load_bytes(path, &bytes)
}

/// Parse and hash spec bytes already in memory; `path` names them in errors and headers.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Spec> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Error::new(ErrorKind::Syntax, format!("the spec is not UTF-8 text: {e}")).in_file(path))?;
    // Hash on another core while this one parses.
    let (sha256, document) = std::thread::scope(|scope| {
        let hash = scope.spawn(|| crate::pin::sha256_hex(bytes));
        let document = parse(text, Syntax::detect(path, text));
        (hash.join().unwrap_or_else(|_| crate::pin::sha256_hex(bytes)), document)
    });
    let document = document.map_err(|e| e.in_file(path))?;
    Ok(Spec { path: path.to_owned(), document, sha256 })
}

/// Parse spec text in the given syntax.
pub fn parse(text: &str, syntax: Syntax) -> Result<OpenAPI> {
    match syntax {
        Syntax::Json => {
            // Fast path: a plain parse. Only a failing document is parsed again with path
            // tracking, to point at the culprit.
            if let Ok(doc) = serde_json::from_str::<OpenAPI>(text) {
                return Ok(doc);
            }
            let mut de = serde_json::Deserializer::from_str(text);
            let doc = serde_path_to_error::deserialize(&mut de).map_err(|e| {
                let pointer = path_to_pointer(e.path());
                let inner = e.into_inner();
                let (line, column) = (inner.line(), inner.column());
                let kind = if inner.is_data() { ErrorKind::InvalidDocument } else { ErrorKind::Syntax };
                let message = match kind {
                    ErrorKind::Syntax => format!("invalid JSON: {inner}"),
                    _ => format!("not a valid OpenAPI 3 document: {inner}"),
                };
                let err = Error::new(kind, message).at_line(line, column);
                match kind {
                    ErrorKind::Syntax => err,
                    _ => {
                        let pointer = refine_pointer(serde_json::from_str(text).ok(), pointer);
                        Error { location: crate::error::Location { pointer: Some(pointer), ..err.location }, ..err }
                    }
                }
            })?;
            de.end().map_err(|e| {
                Error::new(ErrorKind::Syntax, format!("invalid JSON: {e}")).at_line(e.line(), e.column())
            })?;
            Ok(doc)
        }
        Syntax::Yaml => {
            let de = serde_yaml::Deserializer::from_str(text);
            serde_path_to_error::deserialize(de).map_err(|e| {
                let pointer = path_to_pointer(e.path());
                let inner = e.into_inner();
                let location = inner.location();
                // Tell a YAML syntax error from a document that is YAML but not OpenAPI.
                let err = match serde_yaml::from_str::<serde_json::Value>(text) {
                    Err(_) => Error::new(ErrorKind::Syntax, format!("invalid YAML: {inner}")),
                    Ok(value) => {
                        let mut err =
                            Error::new(ErrorKind::InvalidDocument, format!("not a valid OpenAPI 3 document: {inner}"));
                        err.location.pointer = Some(refine_pointer(Some(value), pointer));
                        err
                    }
                };
                match location {
                    Some(l) => err.at_line(l.line(), l.column()),
                    None => err,
                }
            })
        }
    }
}

/// openapiv3 uses untagged enums (`ReferenceOr`), which hide how deep a type error sits:
/// serde reports `#/paths` for a bad parameter. Re-check the failing path items and schemas one
/// by one, each against its own type, to point at the deepest node that is wrong.
fn refine_pointer(document: Option<serde_json::Value>, pointer: String) -> String {
    let Some(document) = document else { return pointer };
    let esc = crate::error::escape_pointer_token;
    fn first_error<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Option<String> {
        serde_path_to_error::deserialize::<_, T>(value).err().map(|e| path_to_pointer(e.path()))
    }
    type Check<'f> = &'f dyn Fn(&serde_json::Value) -> Option<String>;
    let candidates: [(&str, Check<'_>); 2] = [
        ("#/paths", &|v| first_error::<openapiv3::PathItem>(v)),
        ("#/components/schemas", &|v| first_error::<openapiv3::Schema>(v)),
    ];
    for (prefix, check) in candidates {
        if !(pointer == prefix
            || pointer.starts_with(&format!("{prefix}/"))
            || prefix.starts_with(&format!("{pointer}/")))
        {
            continue;
        }
        let Some(serde_json::Value::Object(map)) = document.pointer(&prefix[1..]) else { continue };
        for (key, value) in map {
            if let Some(inner) = check(value) {
                return format!("{prefix}/{}{}", esc(key), &inner[1..]);
            }
        }
    }
    pointer
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("#");
    for seg in path.iter() {
        let token = match seg {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => "?".to_owned(),
        };
        out.push('/');
        out.push_str(&crate::error::escape_pointer_token(&token));
    }
    out
}

/// `x-appwrite` on an operation.
///
/// Read leniently across Appwrite's lines (0.12 to 1.9): a field that is absent or `null` takes
/// its default, `deprecated` may be a boolean (1.5–1.7 write `false` on every operation) or an
/// object (`{since, replaceWith}`, 1.8 on), and keys this generator does not use (`weight`,
/// `cookies`, `edit`, `rate-*`, `scope`, `packaging`, `offline-*`, `public`, …) are ignored.
/// Only a field of a type whose meaning is not clear (a number for `method`, say) is an error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct XAppwrite {
    /// The SDK method name (used when `methods` is absent); empty when not given (the
    /// `operationId` names the method then).
    #[serde(default, deserialize_with = "null_as_default")]
    pub method: String,
    /// The method group, e.g. `mfa`.
    #[serde(default)]
    pub group: Option<String>,
    /// The operation kind: empty, `location`, `upload`, `webAuth`, `graphql`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Demo file name.
    #[serde(default)]
    pub demo: Option<String>,
    /// Platforms this operation is exposed to.
    #[serde(default, deserialize_with = "null_as_default")]
    pub platforms: Vec<String>,
    /// Deprecation: `None` when absent, `null` or `false`.
    #[serde(default, deserialize_with = "deprecation")]
    pub deprecated: Option<XDeprecated>,
    /// Auth schemes, by name.
    #[serde(default)]
    pub auth: Option<serde_json::Value>,
    /// SDK methods that share this operation; when present, these are the methods.
    #[serde(default)]
    pub methods: Option<Vec<XMethod>>,
}

/// `x-appwrite.deprecated` (and the `deprecated` of an `x-appwrite.methods` entry), when the
/// operation is deprecated: `true` gives neither field.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct XDeprecated {
    /// The Appwrite version that deprecated it.
    #[serde(default)]
    pub since: Option<String>,
    /// `service.method` of the replacement.
    #[serde(default)]
    pub replace_with: Option<String>,
}

/// The forms `deprecated` takes across Appwrite's lines.
#[derive(Deserialize)]
#[serde(untagged, expecting = "`true`, `false`, `null` or an object `{since, replaceWith}`")]
enum DeprecatedForm {
    Flag(bool),
    Details(XDeprecated),
}

fn deprecation<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<XDeprecated>, D::Error> {
    Ok(match Option::<DeprecatedForm>::deserialize(d)? {
        None | Some(DeprecatedForm::Flag(false)) => None,
        Some(DeprecatedForm::Flag(true)) => Some(XDeprecated::default()),
        Some(DeprecatedForm::Details(details)) => Some(details),
    })
}

/// A field whose `null` means the same as its absence.
fn null_as_default<'de, D: serde::Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> std::result::Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// One entry of `x-appwrite.methods`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct XMethod {
    /// The SDK method name.
    pub name: String,
    /// Names of the parameters this method takes, in order.
    #[serde(default, deserialize_with = "null_as_default")]
    pub parameters: Vec<String>,
    /// Names of the required parameters.
    #[serde(default, deserialize_with = "null_as_default")]
    pub required: Vec<String>,
    /// Responses.
    #[serde(default, deserialize_with = "null_as_default")]
    pub responses: Vec<XResponse>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Deprecation of this method alone.
    #[serde(default, deserialize_with = "deprecation")]
    pub deprecated: Option<XDeprecated>,
    /// Demo file name.
    #[serde(default)]
    pub demo: Option<String>,
}

/// One response of an `x-appwrite.methods` entry.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct XResponse {
    /// HTTP status code.
    pub code: u16,
    /// `$ref` of the response model, if any.
    #[serde(default)]
    pub model: Option<XModelRef>,
}

/// A response model reference: one `$ref` string or several.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum XModelRef {
    /// One model.
    One(String),
    /// A choice of models.
    Many(Vec<String>),
}

/// Read a typed extension from an extension map; `pointer` locates the owner for errors.
pub fn extension<'de, T: Deserialize<'de>>(
    extensions: &'de IndexMap<String, serde_json::Value>,
    name: &str,
    pointer: &str,
) -> Result<Option<T>> {
    match extensions.get(name) {
        None => Ok(None),
        Some(value) => T::deserialize(value).map(Some).map_err(|e| {
            Error::at(
                ErrorKind::InvalidDocument,
                format!("{pointer}/{}", crate::error::escape_pointer_token(name)),
                format!("malformed `{name}` extension: {e}"),
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x_appwrite(json: serde_json::Value) -> Result<Option<XAppwrite>> {
        let extensions: IndexMap<String, serde_json::Value> = [("x-appwrite".to_owned(), json)].into_iter().collect();
        extension::<XAppwrite>(&extensions, "x-appwrite", "#/paths/~1a/get")
    }

    #[test]
    fn deprecated_is_read_in_every_form_appwrite_has_written() {
        let read = |value: serde_json::Value| {
            x_appwrite(serde_json::json!({ "method": "get", "deprecated": value })).unwrap().unwrap().deprecated
        };
        assert_eq!(read(serde_json::json!(false)), None);
        assert_eq!(read(serde_json::Value::Null), None);
        assert_eq!(read(serde_json::json!(true)), Some(XDeprecated::default()));
        assert_eq!(
            read(serde_json::json!({ "since": "1.8.0", "replaceWith": "account.createMFAChallenge" })),
            Some(XDeprecated {
                since: Some("1.8.0".to_owned()),
                replace_with: Some("account.createMFAChallenge".to_owned())
            })
        );
        assert_eq!(read(serde_json::json!({})), Some(XDeprecated::default()));
        let absent = x_appwrite(serde_json::json!({ "method": "get" })).unwrap().unwrap();
        assert_eq!(absent.deprecated, None);
    }

    #[test]
    fn null_fields_read_as_absent_and_unused_keys_are_ignored() {
        let x = x_appwrite(serde_json::json!({
            "method": null, "group": null, "type": null, "platforms": null, "auth": [],
            "weight": 3, "cookies": false, "offline-model": "", "public": true,
            "methods": [{ "name": "get", "parameters": null, "required": null, "responses": null, "deprecated": false }]
        }))
        .unwrap()
        .unwrap();
        assert_eq!(x.method, "");
        assert!(x.platforms.is_empty() && x.group.is_none() && x.kind.is_none());
        let methods = x.methods.unwrap();
        assert!(methods[0].parameters.is_empty() && methods[0].responses.is_empty());
        assert_eq!(methods[0].deprecated, None);
    }

    #[test]
    fn a_field_of_unclear_meaning_is_a_located_error() {
        let err = x_appwrite(serde_json::json!({ "method": "get", "deprecated": "soon" })).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("#/paths/~1a/get/x-appwrite"), "{text}");
        assert!(text.contains("`true`, `false`, `null` or an object"), "{text}");
        let err = x_appwrite(serde_json::json!({ "method": 42 })).unwrap_err();
        assert!(err.to_string().contains("x-appwrite"), "{err}");
    }
}
