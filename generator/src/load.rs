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
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct XAppwrite {
    /// The SDK method name (used when `methods` is absent); empty when not given (the
    /// `operationId` names the method then).
    #[serde(default)]
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
    #[serde(default)]
    pub platforms: Vec<String>,
    /// Deprecation.
    #[serde(default)]
    pub deprecated: Option<XDeprecated>,
    /// Auth schemes, by name.
    #[serde(default)]
    pub auth: Option<IndexMap<String, serde_json::Value>>,
    /// SDK methods that share this operation; when present, these are the methods.
    #[serde(default)]
    pub methods: Option<Vec<XMethod>>,
}

/// `x-appwrite.deprecated`.
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

/// One entry of `x-appwrite.methods`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct XMethod {
    /// The SDK method name.
    pub name: String,
    /// Names of the parameters this method takes, in order.
    #[serde(default)]
    pub parameters: Vec<String>,
    /// Names of the required parameters.
    #[serde(default)]
    pub required: Vec<String>,
    /// Responses.
    #[serde(default)]
    pub responses: Vec<XResponse>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Deprecation of this method alone.
    #[serde(default)]
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
