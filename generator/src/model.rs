//! Model stage: a language-neutral description of the API (services, methods, parameters, responses,
//! models, unions and enums) built from the OpenAPI document and Appwrite's extensions.
//!
//! Nothing here knows about Rust: names are the spec's own names, types are abstract. Operations
//! become services and methods here; every schema → type decision is made by
//! [`crate::schema::TypeSpace`]; every `$ref` is followed by
//! [`crate::resolve::Resolver`].

use std::collections::BTreeSet;

use openapiv3::{
    OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr, RequestBody, Schema,
    SchemaKind, Type as OaType,
};
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::load::{XAppwrite, XDeprecated, XMethod, XModelRef, extension};
use crate::pointer::Pointer;
use crate::resolve::Resolver;
use crate::schema::{Hint, TypeSpace};
pub use crate::types::{EnumDef, EnumValue, Field, IntegerFormat, Model, ModelKind, Type, Union, Variant, Warning};

/// The whole API as far as the selected services need it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version` (the Appwrite version).
    pub version: String,
    /// The spec uses Appwrite's `x-appwrite` extensions, so Appwrite's conventions apply where
    /// the document is silent (node-appwrite's indexed query arrays, the response-format header,
    /// chunked uploads).
    pub appwrite: bool,
    /// `servers`, with their variables replaced by their defaults.
    pub servers: Vec<Server>,
    /// `components/securitySchemes`: the credentials a client can be configured with.
    pub security: Vec<SecurityScheme>,
    /// Selected services, in the order asked for.
    pub services: Vec<Service>,
    /// Every named type of the `models` namespace (structs, unions, aliases) reachable from the
    /// services, plus component schemas nothing refers to: component schemas in
    /// `components/schemas` order, each followed by the inline types named after it, then the
    /// inline types of operations.
    pub models: Vec<Model>,
    /// Every enum used by the services and models, in order of first use.
    pub enums: Vec<EnumDef>,
    /// Operations of the selected services that are not generated, and why.
    pub skipped: Vec<Skipped>,
    /// Constructs that could not be represented faithfully, each with what was done instead.
    pub warnings: Vec<Warning>,
}

/// A server the API is served from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// The URL with every `{variable}` replaced by its default.
    pub url: String,
    /// Its description.
    pub description: Option<String>,
}

/// A way to authenticate (`components/securitySchemes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's key, e.g. `Project`, `bearerAuth`.
    pub name: String,
    /// Its description.
    pub description: Option<String>,
    /// What the credential is and where it goes.
    pub kind: SchemeKind,
    /// A placeholder value for examples (Appwrite's `x-appwrite.demo`, e.g. `<YOUR_PROJECT_ID>`).
    pub demo: Option<String>,
}

/// Kinds of security schemes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key sent as a header, query parameter or cookie of this name.
    ApiKey {
        /// Where the key goes.
        location: KeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
    },
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2 and OpenID Connect access tokens).
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter of every request.
    Query,
    /// A cookie.
    Cookie,
}

/// An operation of a selected service that is not generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// JSON pointer of the operation.
    pub pointer: String,
    /// `VERB /path`.
    pub route: String,
    /// Why it is not generated.
    pub reason: String,
}

/// A service: the operations of one tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The tag name, e.g. `account` ([`DEFAULT_SERVICE`] for operations without a tag).
    pub name: String,
    /// The tag's description.
    pub description: Option<String>,
    /// SDK methods, in spec order (several may share one operation).
    pub methods: Vec<Method>,
}

/// The service of operations without tags.
pub const DEFAULT_SERVICE: &str = "api";

/// HTTP verbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
    /// TRACE
    Trace,
}

impl HttpMethod {
    /// Upper-case name, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// How the request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// No body.
    None,
    /// `application/json`.
    Json,
    /// `multipart/form-data`.
    Multipart,
    /// `application/x-www-form-urlencoded`.
    FormUrlEncoded,
    /// The one [`ParamLocation::EntireBody`] parameter, sent as it is with this content type
    /// (`application/octet-stream`, `text/plain`, …).
    Raw(String),
}

/// Deprecation of a method.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Deprecation {
    /// Appwrite version that deprecated it.
    pub since: Option<String>,
    /// The replacing method's spec name (without the `service.` prefix).
    pub replace_with: Option<String>,
}

/// One SDK method.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// The spec's method name, e.g. `createMFAAuthenticator`.
    pub name: String,
    /// JSON pointer of the operation (or of its `x-appwrite/methods` entry).
    pub pointer: String,
    /// Operation summary.
    pub summary: Option<String>,
    /// Description (markdown).
    pub description: Option<String>,
    /// HTTP verb.
    pub http_method: HttpMethod,
    /// Path template, e.g. `/account/sessions/{sessionId}`.
    pub path: String,
    /// The path template, parsed.
    pub path_parts: Vec<PathPart>,
    /// Parameters in SDK order.
    pub params: Vec<Param>,
    /// Body encoding.
    pub body: BodyEncoding,
    /// What a successful call returns.
    pub response: Response,
    /// Deprecation, if the spec deprecates this method.
    pub deprecated: Option<Deprecation>,
    /// `x-appwrite.type`: empty, `location`, `upload`, `webAuth`, `graphql`.
    pub kind: String,
    /// The body is sent in chunks with Appwrite's resumable-upload protocol.
    pub chunked_upload: bool,
    /// This method (an `x-appwrite.methods` entry) returns something other than the response
    /// its shared HTTP operation documents.
    pub differs_from_operation: bool,
    /// Headers sent on every call, set by a convention of Appwrite's rather than by a parameter:
    /// `x-sdk-graphql: true` on its GraphQL operations.
    pub fixed_headers: Vec<(String, String)>,
    /// What the body carries by Appwrite's convention where the spec declares none (a mock that
    /// validates against the spec refuses it): a GraphQL operation's query.
    pub body_beyond_spec: Option<&'static str>,
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Fixed text.
    Literal(String),
    /// The path parameter of this name.
    Param(String),
}

/// Where a parameter goes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
    /// A field of the request body (JSON object, multipart or url-encoded form).
    Body,
    /// The whole request body.
    EntireBody,
}

/// How a path, query, header or cookie parameter is written (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// node-appwrite's encoding, the default of Appwrite specs: arrays as `key[0]=a&key[1]=b`,
    /// objects as `key[name]=value`.
    Indexed,
    /// `form`: exploded arrays repeat the key (`key=a&key=b`), exploded objects write their
    /// properties as parameters (`name=value`); otherwise values are comma-separated.
    Form {
        /// `explode`.
        explode: bool,
    },
    /// `spaceDelimited` arrays: `key=a%20b`.
    SpaceDelimited,
    /// `pipeDelimited` arrays: `key=a|b`.
    PipeDelimited,
    /// `deepObject`: `key[name]=value`.
    DeepObject,
    /// `simple` (paths and headers): comma-separated values.
    Simple,
    /// Body fields (the body's own encoding applies).
    Body,
}

/// One parameter of a method.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Spec name, e.g. `userId`.
    pub name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// How it is written.
    pub style: Style,
    /// Its type.
    pub ty: Type,
    /// Whether the spec requires it.
    pub required: bool,
    /// Whether `null` is allowed (`nullable` or Appwrite's `x-nullable`): a required nullable
    /// parameter is sent as `null` when not given; an optional one can be left out, `null` or a
    /// value.
    pub nullable: bool,
    /// Default value from the spec.
    pub default: Option<Value>,
    /// Description (markdown).
    pub description: Option<String>,
    /// An example value that satisfies the parameter's schema: the spec's `x-example` when it
    /// does, else one made from the schema (first enum value, placeholder text, zero, …).
    pub example: Option<Value>,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// A JSON body of this type.
    Json(Type),
    /// A JSON body of this type, or no content (a 2xx without content is documented too).
    OptionalJson(Type),
    /// Text (`text/*`).
    Text,
    /// No content.
    NoContent,
    /// A 30x redirect whose `Location` is the result.
    Redirect,
    /// Raw bytes (images, file downloads).
    Binary,
}

/// Which operations to take.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Tags (services) to generate, in output order.
    pub tags: Vec<String>,
    /// Only operations whose `x-appwrite.platforms` include this one.
    pub platform: String,
}

impl Selection {
    /// Server-platform operations of the given tags.
    pub fn server(tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Selection { tags: tags.into_iter().map(Into::into).collect(), platform: "server".to_owned() }
    }
}

/// The service an operation belongs to: its first tag, or [`DEFAULT_SERVICE`].
fn service_of(op: &Operation) -> &str {
    op.tags.first().map_or(DEFAULT_SERVICE, String::as_str)
}

/// Whether an operation is for `platform`: no `x-appwrite.platforms` list means every platform.
fn for_platform(x: Option<&XAppwrite>, platform: &str) -> bool {
    x.is_none_or(|x| x.platforms.is_empty() || x.platforms.iter().any(|p| p == platform))
}

/// Services (tags, and [`DEFAULT_SERVICE`] for untagged operations) with at least one
/// operation for `platform`, in spec order.
pub fn available_tags(doc: &OpenAPI, platform: &str) -> Vec<String> {
    let mut seen = Vec::<String>::new();
    for (_, _, op, pointer) in operations(doc) {
        let x: Option<XAppwrite> = extension(&op.extensions, "x-appwrite", pointer.as_str()).ok().flatten();
        if !for_platform(x.as_ref(), platform) {
            continue;
        }
        let tag = service_of(op);
        if !seen.iter().any(|s| s == tag) {
            seen.push(tag.to_owned());
        }
    }
    seen
}

/// Build the model of the selected services.
pub fn build(doc: &OpenAPI, selection: &Selection) -> Result<Api> {
    let appwrite = operations(doc).any(|(_, _, op, _)| op.extensions.contains_key("x-appwrite"));
    let mut b =
        Builder { doc, resolver: Resolver::new(doc), types: TypeSpace::new(doc, appwrite), skipped: Vec::new() };
    let mut services = Vec::new();
    for tag in &selection.tags {
        let service = b.service(tag, &selection.platform)?;
        if service.methods.is_empty() {
            // Only now list the tags that do exist (a second pass over the operations).
            let available = available_tags(doc, &selection.platform);
            return Err(Error::at(
                ErrorKind::UnknownTag,
                "#/tags",
                format!(
                    "no {} operation has the tag `{tag}`; tags with {} operations: {}",
                    selection.platform,
                    selection.platform,
                    available.join(", ")
                ),
            ));
        }
        services.push(service);
    }
    let service_names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    let input_roots: Vec<&Type> =
        services.iter().flat_map(|s| &s.methods).flat_map(|m| &m.params).map(|p| &p.ty).collect();
    let (models, enums, warnings) = b.types.finish(&service_names, &input_roots)?;
    let security = security_schemes(doc, &b.resolver)?;
    Ok(Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        appwrite,
        servers: servers(doc),
        security,
        services,
        models,
        enums,
        skipped: b.skipped,
        warnings,
    })
}

/// `servers`, variables replaced by their defaults.
fn servers(doc: &OpenAPI) -> Vec<Server> {
    doc.servers
        .iter()
        .map(|s| {
            let mut url = s.url.clone();
            for (name, var) in s.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &var.default);
            }
            Server { url, description: s.description.clone().filter(|d| !d.trim().is_empty()) }
        })
        .collect()
}

fn security_schemes(doc: &OpenAPI, resolver: &Resolver<'_>) -> Result<Vec<SecurityScheme>> {
    use openapiv3::{APIKeyLocation, SecurityScheme as S};
    let Some(components) = &doc.components else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let at = Pointer::root().join("components").join("securitySchemes").join(name);
        let (scheme, _) = resolver.resolve(scheme, &at)?;
        let demo = match scheme {
            S::APIKey { extensions, .. } => extensions
                .get("x-appwrite")
                .and_then(|x| x.get("demo"))
                .and_then(|d| d.as_str())
                .filter(|d| !d.trim().is_empty())
                .map(str::to_owned),
            _ => None,
        };
        let (kind, description) = match scheme {
            S::APIKey { location, name, description, .. } => {
                let location = match location {
                    APIKeyLocation::Header => KeyLocation::Header,
                    APIKeyLocation::Query => KeyLocation::Query,
                    APIKeyLocation::Cookie => KeyLocation::Cookie,
                };
                (SchemeKind::ApiKey { location, name: name.clone() }, description)
            }
            S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                (SchemeKind::Basic, description)
            }
            S::HTTP { description, .. } | S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => {
                (SchemeKind::Bearer, description)
            }
        };
        out.push(SecurityScheme {
            name: name.clone(),
            description: description.clone().filter(|d| !d.trim().is_empty()),
            kind,
            demo,
        });
    }
    Ok(out)
}

type OpEntry<'a> = (&'a str, HttpMethod, &'a Operation, Pointer);

/// Every operation of the document, in spec order, with its path and pointer.
fn operations(doc: &OpenAPI) -> impl Iterator<Item = OpEntry<'_>> {
    doc.paths.paths.iter().flat_map(|(path, item)| {
        let item = item.as_item();
        let at = Pointer::root().join("paths").join(path);
        let ops = item.map(|item| {
            [
                (HttpMethod::Get, "get", &item.get),
                (HttpMethod::Put, "put", &item.put),
                (HttpMethod::Post, "post", &item.post),
                (HttpMethod::Delete, "delete", &item.delete),
                (HttpMethod::Options, "options", &item.options),
                (HttpMethod::Head, "head", &item.head),
                (HttpMethod::Patch, "patch", &item.patch),
                (HttpMethod::Trace, "trace", &item.trace),
            ]
        });
        ops.into_iter()
            .flatten()
            .filter_map(move |(verb, key, op)| op.as_ref().map(|op| (path.as_str(), verb, op, at.join(key))))
    })
}

struct Builder<'a> {
    doc: &'a OpenAPI,
    resolver: Resolver<'a>,
    types: TypeSpace<'a>,
    skipped: Vec<Skipped>,
}

/// Where a method's name comes from when `x-appwrite` does not give one: the `operationId`
/// without the tag it starts with (`fooGet` under tag `foo` → `get`).
pub fn name_from_operation_id(operation_id: &str, tag: &str) -> String {
    let lower = operation_id.to_ascii_lowercase();
    let tag_lower: String = tag.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    if !tag_lower.is_empty() && lower.starts_with(&tag_lower) {
        let rest = &operation_id[tag_lower.len()..];
        let boundary = rest.starts_with(|c: char| c.is_ascii_uppercase() || "_-. ".contains(c));
        let rest = rest.trim_start_matches(|c: char| "_-. ".contains(c));
        if boundary && rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return rest.to_owned();
        }
    }
    operation_id.to_owned()
}

/// A method name made from the verb and path, for an operation without any name.
fn name_from_route(verb: HttpMethod, path: &str) -> String {
    let mut name = verb.as_str().to_ascii_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        let segment = segment.trim_start_matches('{').trim_end_matches('}');
        name.push('_');
        name.push_str(segment);
    }
    name
}

impl<'a> Builder<'a> {
    fn service(&mut self, tag: &str, platform: &str) -> Result<Service> {
        self.types.enter_service(tag);
        let description =
            self.doc.tags.iter().find(|t| t.name.eq_ignore_ascii_case(tag)).and_then(|t| t.description.clone());
        let mut methods = Vec::new();
        for (path, verb, op, pointer) in operations(self.doc) {
            if service_of(op) != tag {
                continue;
            }
            let x: Option<XAppwrite> = extension(&op.extensions, "x-appwrite", pointer.as_str())?;
            if !for_platform(x.as_ref(), platform) {
                let platforms = x.map(|x| x.platforms.join(", ")).unwrap_or_default();
                self.skipped.push(Skipped {
                    pointer: pointer.to_string(),
                    route: format!("{} {path}", verb.as_str()),
                    reason: format!("not for the `{platform}` platform (x-appwrite.platforms: {platforms})"),
                });
                continue;
            }
            let item = self.doc.paths.paths.get(path).and_then(ReferenceOr::as_item);
            methods.extend(self.operation(path, item, verb, op, &pointer, x, tag)?);
        }
        Ok(Service { name: tag.to_owned(), description, methods })
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        item: Option<&'a PathItem>,
        verb: HttpMethod,
        op: &'a Operation,
        pointer: &Pointer,
        x: Option<XAppwrite>,
        tag: &str,
    ) -> Result<Vec<Method>> {
        let x = x.unwrap_or_default();
        let name = if !x.method.is_empty() {
            x.method.clone()
        } else if let Some(id) = op.operation_id.as_deref().filter(|id| !id.trim().is_empty()) {
            name_from_operation_id(id, tag)
        } else {
            let name = name_from_route(verb, path);
            self.types.warn(pointer, format!("the operation has no `operationId`; its method is named `{name}`"));
            name
        };
        let hint = Hint::new(&name);
        let kind = x.kind.clone().unwrap_or_default();
        let (mut all_params, mut body) = self.operation_params(path, item, op, pointer, &hint)?;
        let graphql = self.types.appwrite() && kind == "graphql" && body == BodyEncoding::None;
        if graphql {
            all_params.push(graphql_query(path));
            body = BodyEncoding::Json;
        }
        let path_parts = parse_path(path, &all_params, pointer)?;
        let op_response = self.operation_response(op, pointer, verb, &kind, &hint)?;
        let chunked_upload = self.chunked_upload(&all_params, &body, &op_response, pointer);
        let base = Method {
            name: String::new(),
            pointer: pointer.to_string(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            http_method: verb,
            path: path.to_owned(),
            path_parts,
            params: all_params,
            body,
            response: op_response,
            deprecated: None,
            kind,
            chunked_upload,
            differs_from_operation: false,
            fixed_headers: if graphql { vec![("x-sdk-graphql".to_owned(), "true".to_owned())] } else { Vec::new() },
            body_beyond_spec: graphql.then_some("its GraphQL query in a JSON body"),
        };
        let Some(entries) = &x.methods else {
            let deprecated = x.deprecated.map(deprecation).or_else(|| op.deprecated.then(Deprecation::default));
            return Ok(vec![Method { name, deprecated, ..base }]);
        };
        let methods_at = pointer.join("x-appwrite").join("methods");
        entries.iter().enumerate().map(|(i, entry)| self.method_entry(&base, entry, &methods_at.index(i))).collect()
    }

    fn method_entry(&mut self, base: &Method, entry: &XMethod, pointer: &Pointer) -> Result<Method> {
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

    /// Path-item parameters, overridden by the operation's own (same name and location), then
    /// the request body's.
    #[allow(clippy::too_many_arguments)]
    fn operation_params(
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

    fn request_body(
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

    /// Whether a success response that declares no content is a file download: Appwrite writes
    /// downloads (files, previews, avatars) as a `200` with no content, marked `x-appwrite.type:
    /// location`; 0.13.0's `getFilePreview` left the mark out (`type: ""`). So in an Appwrite spec,
    /// a `GET` answered by such a `200` is a download whatever its type (the bytes are returned,
    /// never dropped), with a warning when it is not marked. Elsewhere a `200` without content
    /// means no body.
    fn empty_answer_is_a_file(
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
    fn chunked_upload(&mut self, params: &[Param], body: &BodyEncoding, response: &Response, at: &Pointer) -> bool {
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
    fn unmarked_files(
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

    fn operation_response(
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

/// JSON media types: `application/json`, `application/problem+json`, `…; charset=utf-8`.
fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
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

/// Split a path template into literal text and parameters; every `{name}` must be a path
/// parameter of the method.
fn parse_path(path: &str, params: &[Param], pointer: &Pointer) -> Result<Vec<PathPart>> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| {
            Error::at(ErrorKind::InvalidDocument, pointer.clone(), format!("unbalanced `{{` in path `{path}`"))
        })?;
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let name = &rest[open + 1..close];
        if !params.iter().any(|p| p.location == ParamLocation::Path && p.name == name) {
            return Err(Error::at(
                ErrorKind::InvalidDocument,
                pointer.clone(),
                format!("path `{path}` uses `{{{name}}}`, but the operation has no path parameter `{name}`"),
            ));
        }
        parts.push(PathPart::Param(name.to_owned()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    for p in params.iter().filter(|p| p.location == ParamLocation::Path) {
        if !parts.iter().any(|part| matches!(part, PathPart::Param(n) if *n == p.name)) {
            return Err(Error::at(
                ErrorKind::InvalidDocument,
                pointer.clone(),
                format!("path parameter `{}` does not appear in the path `{path}`", p.name),
            ));
        }
    }
    Ok(parts)
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
fn graphql_query(path: &str) -> Param {
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

fn deprecation(d: XDeprecated) -> Deprecation {
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

    #[test]
    fn names_come_from_operation_ids_without_the_tag() {
        assert_eq!(name_from_operation_id("fooGet", "foo"), "Get");
        assert_eq!(name_from_operation_id("foo_get", "foo"), "get");
        assert_eq!(name_from_operation_id("footballGet", "foo"), "footballGet");
        assert_eq!(name_from_operation_id("foo", "foo"), "foo");
        assert_eq!(name_from_operation_id("disk_view", "disks"), "disk_view");
        assert_eq!(name_from_operation_id("key.get", "api"), "key.get");
        assert_eq!(name_from_operation_id("tablesDBList", "tablesDB"), "List");
        assert_eq!(name_from_route(HttpMethod::Get, "/a/{id}/b"), "get_a_id_b");
    }
}
