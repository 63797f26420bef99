//! Services and their methods: the view of a service, and of each method — its Rust name and
//! the names of its variants (positional, progress, typed), its path, verb, how its body is sent
//! and its response read ([`ResponseKind`], [`BodyKind`], [`PathPart`]), its deprecation, and
//! why a schema-driven mock may serve what it cannot decode ([`method_view`]).

use std::collections::HashMap;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::api_name;
use super::names::{
    BIDI_CONTROLS, DocLine, code_text, doc_lines, doc_lines_or, field_ident, method_ident, positional_ident,
    type_ident, unraw,
};
use super::params::{Encode, ParamsView, is_scalar, params_view};
use super::streams::{StreamView, stream_view};
use super::typed::{TypedView, typed_response};
use super::types::{Position, Types, innermost_model};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{self, Api, BodyEncoding, Deprecation, Method, ModelKind, Param, ParamLocation, Response, Type};

/// A service (one module, one struct).
#[derive(Debug)]
pub struct ServiceView {
    /// Spec tag.
    pub tag: String,
    /// Module name, e.g. `account`, `tables_db`.
    pub module: Ident,
    /// Cargo feature ([`feature_name`](super::feature_name)), e.g. `tables_db`.
    pub feature: String,
    /// Struct name, e.g. `Account`, `TablesDb`.
    pub type_name: Ident,
    /// Doc lines.
    pub docs: Vec<DocLine>,
    /// Methods.
    pub methods: Vec<MethodView>,
}

impl ServiceView {
    /// Whether a method's signature names `Result` (every method but those returning a
    /// `Download`), so the module imports it.
    pub fn names_result(&self) -> bool {
        self.methods.iter().any(|m| m.response != ResponseKind::Bytes)
    }

    /// Whether some method has a `*_stream` companion (the service then implements the
    /// runtime's `paginate::Service`).
    pub fn has_streams(&self) -> bool {
        self.methods.iter().any(|m| m.stream.is_some() && m.params.is_some())
    }
}

/// One segment of a request path.
#[derive(Debug)]
pub enum PathPart {
    /// Fixed text, e.g. `/account/sessions/`.
    Literal(Literal),
    /// A parameter of a text, number, boolean or enum type, percent-encoded as one segment.
    Param(Ident),
    /// A parameter of another type, serialized and percent-encoded (`simple` style).
    ParamValue(Ident),
}

/// How a successful response is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// JSON decoded into the return type.
    Json,
    /// JSON decoded into the return type's `Option`, `None` for no content.
    OptionalJson,
    /// Text.
    Text,
    /// No content.
    Empty,
    /// The `Location` of a redirect.
    Redirect,
    /// Raw bytes.
    Bytes,
}

/// How the request body is sent.
#[derive(Debug, Clone)]
pub enum BodyKind {
    /// No body.
    None,
    /// A JSON object of the body parameters (`{}` when none is given).
    Json,
    /// A multipart form in one request.
    Multipart,
    /// Appwrite's chunked multipart upload.
    ChunkedUpload,
    /// `application/x-www-form-urlencoded`.
    UrlEncoded,
    /// The one whole-body parameter, sent as it is with this content type.
    Raw(Literal),
}

/// A method of a service.
#[derive(Debug)]
pub struct MethodView {
    /// The spec name, e.g. `createMFAAuthenticator`.
    pub spec_name: String,
    /// Rust name of the object-parameter method.
    pub ident: Ident,
    /// Rust name of the deprecated positional variant.
    pub positional_ident: Ident,
    /// Summary line.
    pub summary: Vec<DocLine>,
    /// Description lines.
    pub docs: Vec<DocLine>,
    /// Spec names of deprecated aliases folded into this method.
    pub aliases: Vec<String>,
    /// Closing doc lines: HTTP route, aliases.
    pub route_docs: Vec<DocLine>,
    /// `#[deprecated]` of the method itself, from the spec.
    pub deprecated: Option<DeprecatedView>,
    /// `#[deprecated]` note of the positional variant.
    pub positional_note: Literal,
    /// Doc line of the positional variant pointing to the object-parameter method.
    pub positional_doc: DocLine,
    /// HTTP verb as a `reqwest::Method` constant name.
    pub verb: Ident,
    /// Verb as text (docs).
    pub verb_text: &'static str,
    /// Spec path template (docs).
    pub path_template: String,
    /// Path parts.
    pub path: Vec<PathPart>,
    /// Parameters, if any.
    pub params: Option<ParamsView>,
    /// Return type.
    pub response_ty: TokenStream,
    /// How to read the response.
    pub response: ResponseKind,
    /// How the body is sent.
    pub body: BodyKind,
    /// For chunked uploads: the file parameter and its wire name.
    pub upload: Option<(Ident, Literal)>,
    /// Name of the upload variant that reports progress.
    pub progress_ident: Ident,
    /// Why a schema-driven mock (Prism) may serve a response this method cannot decode, when
    /// the spec itself makes that so.
    pub mock_caveat: Option<String>,
    /// What the request carries where the spec declares no body, as node-appwrite's does (an
    /// empty JSON object, or a GraphQL operation's query), said for the contract test.
    pub body_beyond_spec: Option<&'static str>,
    /// Headers every call sends (name, value), whatever its parameters.
    pub fixed_headers: Vec<(Literal, Literal)>,
    /// A sample of the JSON response (a string literal), which the generated mock test answers
    /// each call with.
    pub response_sample: Option<Literal>,
    /// Arguments of the doc example, one per parameter, in order.
    pub example: Vec<DocLine>,
    /// The variant that decodes the response's user data into the caller's type `T`, when the
    /// response holds user data.
    pub typed: Option<TypedView>,
    /// The companion that walks every page, for list methods that take `queries`.
    pub stream: Option<StreamView>,
}

/// `#[deprecated]` contents.
#[derive(Debug)]
pub struct DeprecatedView {
    /// `since`, if the spec says.
    pub since: Option<Literal>,
    /// `note`.
    pub note: Literal,
}

pub(super) fn method_view(
    types: &Types<'_>,
    api: &Api,
    service: &str,
    m: &Method,
    aliases: Vec<String>,
) -> Result<MethodView> {
    // The name is printed inside string literals (contract tests) and docs.
    if m.name.chars().any(|c| c == '"' || c == '\\' || c.is_control() || BIDI_CONTROLS.contains(&c)) {
        return Err(Error::at(
            ErrorKind::InvalidDocument,
            m.pointer.clone(),
            format!("method name {:?} contains a quote, backslash or control character", m.name),
        ));
    }
    let at = |e: Error| {
        if e.location.pointer.is_none() {
            Error { location: crate::error::Location { pointer: Some(m.pointer.clone()), ..e.location }, ..e }
        } else {
            e
        }
    };
    let ident = method_ident(&m.name);
    let positional_ident = positional_ident(&ident);
    let service_type = type_ident(service);
    let deprecated = m.deprecated.as_ref().map(|d| deprecated_view(&service_type, &api.title, d));
    let positional_note = match &m.deprecated {
        Some(d) => deprecated_view(&service_type, &api.title, d).note,
        None => Literal::string(&format!(
            "Use the object parameter style method for a better developer experience: `{service_type}::{}`",
            unraw(&ident)
        )),
    };
    let params = if m.params.is_empty() { None } else { Some(params_view(types, &service_type, m).map_err(at)?) };
    let idents: HashMap<&str, &Ident> = params
        .iter()
        .flat_map(|p| &p.fields)
        .zip(m.params.iter())
        .filter(|(_, p)| p.location == ParamLocation::Path)
        .map(|(f, p)| (p.name.as_str(), &f.ident))
        .collect();
    let path = m
        .path_parts
        .iter()
        .map(|part| match part {
            model::PathPart::Literal(text) => PathPart::Literal(Literal::string(text)),
            model::PathPart::Param(name) => {
                let ident = idents.get(name.as_str()).map_or_else(|| field_ident(name), |i| (*i).clone());
                let scalar = m
                    .params
                    .iter()
                    .find(|p| p.location == ParamLocation::Path && p.name == *name)
                    .is_some_and(|p| is_scalar(&p.ty));
                if scalar { PathPart::Param(ident) } else { PathPart::ParamValue(ident) }
            }
        })
        .collect();
    let (response_ty, response) = match &m.response {
        Response::Json(ty) => (types.value_type(ty, Position::Response, None).map_err(at)?, ResponseKind::Json),
        Response::OptionalJson(ty) => {
            let ty = types.value_type(ty, Position::Response, None).map_err(at)?;
            (quote!(Option<#ty>), ResponseKind::OptionalJson)
        }
        Response::Text => (quote!(String), ResponseKind::Text),
        Response::NoContent => (quote!(()), ResponseKind::Empty),
        Response::Redirect => (quote!(String), ResponseKind::Redirect),
        Response::Binary => (quote!(Vec<u8>), ResponseKind::Bytes),
    };
    let summary = doc_lines_or(m.summary.as_deref(), || m.name.clone());
    let upload = if m.chunked_upload {
        let files: Vec<&Param> = m.params.iter().filter(|p| p.ty == Type::File).collect();
        match (files.as_slice(), &m.response) {
            ([file], Response::Json(_)) => {
                let ident = params
                    .iter()
                    .flat_map(|p| &p.fields)
                    .find(|f| f.spec_name == file.name && f.encode == Encode::UploadFile)
                    .map_or_else(|| field_ident(&file.name), |f| f.ident.clone());
                Some((ident, Literal::string(&file.name)))
            }
            _ => {
                return Err(Error::at(
                    ErrorKind::Unsupported,
                    m.pointer.clone(),
                    "a chunked upload must have exactly one file (`format: binary`) parameter and a JSON response",
                ));
            }
        }
    } else {
        None
    };
    // node-appwrite sends `{}` (with its length) on every non-GET request of an Appwrite spec,
    // also where the spec declares no body; the server is tested against it, so this SDK does too.
    let appwrite_empty_object =
        api.appwrite && !matches!(m.http_method, model::HttpMethod::Get | model::HttpMethod::Head);
    let body = match &m.body {
        BodyEncoding::None if appwrite_empty_object => BodyKind::Json,
        BodyEncoding::None => BodyKind::None,
        BodyEncoding::Json if m.params.iter().any(|p| p.location == ParamLocation::EntireBody) => BodyKind::None,
        BodyEncoding::Json => BodyKind::Json,
        BodyEncoding::Multipart if upload.is_some() => BodyKind::ChunkedUpload,
        BodyEncoding::Multipart => BodyKind::Multipart,
        BodyEncoding::FormUrlEncoded => BodyKind::UrlEncoded,
        BodyEncoding::Raw(content_type) => BodyKind::Raw(Literal::string(content_type)),
    };
    let mut route_docs = vec![DocLine(format!(" `{} {}`", m.http_method.as_str(), code_text(&m.path)))];
    for alias in &aliases {
        route_docs.push(DocLine(format!(
            " The spec also lists this method as the deprecated alias `{alias}`, which maps to the same Rust name."
        )));
    }
    let progress_ident = format_ident!("{}_with_progress", unraw(&ident));
    let lib = types.lib();
    let example_ty = typed_response(types, m, &format_ident!("MyData"), &quote!(#lib));
    let typed = typed_response(types, m, &format_ident!("T"), &quote!(crate)).map(|response_ty| TypedView {
        ident: format_ident!("{}_as", unraw(&ident)),
        response_ty,
        example_ty: example_ty.unwrap_or_default(),
        doc: DocLine(format!(
            " As [`{service_type}::{}`], with the user data decoded into your own type `T` (any \
             `serde::de::DeserializeOwned`; the untyped method is this one with `T` a JSON map). \
             Its example shows both calls.",
            unraw(&ident)
        )),
    });
    let positional_doc =
        DocLine(format!(" Prefer [`{service_type}::{}`], which takes named parameters.", unraw(&ident)));
    let stream = stream_view(types, api, m, &ident, params.as_ref(), typed.is_some());
    Ok(MethodView {
        stream,
        typed,
        positional_doc,
        route_docs,
        spec_name: m.name.clone(),
        ident,
        positional_ident,
        summary,
        docs: doc_lines(m.description.as_deref()),
        aliases,
        deprecated,
        positional_note,
        verb: format_ident!("{}", m.http_method.as_str()),
        verb_text: m.http_method.as_str(),
        path_template: m.path.clone(),
        path,
        params,
        response_ty,
        response,
        body,
        upload,
        progress_ident,
        mock_caveat: mock_caveat(types, m),
        body_beyond_spec: m
            .body_beyond_spec
            .or((m.body == BodyEncoding::None && appwrite_empty_object).then_some("an empty JSON object")),
        fixed_headers: m.fixed_headers.iter().map(|(n, v)| (Literal::string(n), Literal::string(v))).collect(),
        response_sample: match &m.response {
            Response::Json(ty) | Response::OptionalJson(ty) => {
                Some(Literal::string(&crate::sample::type_sample(api, ty).to_string()))
            }
            _ => None,
        },
        example: Vec::new(),
    })
}

fn mock_caveat(types: &Types<'_>, m: &Method) -> Option<String> {
    if m.differs_from_operation {
        return Some("the spec documents the shared operation's response, not this method's".to_owned());
    }
    let (Response::Json(ty) | Response::OptionalJson(ty)) = &m.response else { return None };
    let mut stack: Vec<&str> = innermost_model(ty).into_iter().collect();
    let mut seen: Vec<&str> = Vec::new();
    while let Some(name) = stack.pop() {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let Some(model) = types.models.get(name) else { continue };
        match &model.kind {
            ModelKind::Struct { fields, .. } => {
                for f in fields {
                    let Some(inner) = innermost_model(&f.ty) else { continue };
                    let free_form = types.models.get(inner).is_some_and(|m| m.is_free_form());
                    if f.embedded && !free_form {
                        return Some(format!(
                            "`{}.{}` embeds a model as `type: object` with `items`, which JSON Schema reads as any object",
                            model.name, f.name
                        ));
                    }
                    stack.push(inner);
                }
            }
            ModelKind::Union(u) => stack.extend(u.variants.iter().filter_map(|v| innermost_model(&v.ty))),
            ModelKind::Alias(ty) => stack.extend(innermost_model(ty)),
        }
    }
    None
}

fn deprecated_view(service_type: &Ident, title: &str, d: &Deprecation) -> DeprecatedView {
    let note = match &d.replace_with {
        Some(r) => format!("use `{service_type}::{}` instead", unraw(&method_ident(r))),
        None => format!("deprecated by the {}", api_name(title)),
    };
    DeprecatedView { since: d.since.as_deref().map(Literal::string), note: Literal::string(&note) }
}
