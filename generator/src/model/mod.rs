//! Model stage: a language-neutral description of the API (services, methods, parameters, responses,
//! models, unions and enums) built from the OpenAPI document and Appwrite's extensions.
//!
//! Nothing here knows about Rust: names are the spec's own names, types are abstract. Operations
//! become services and methods here; every schema → type decision is made by
//! [`crate::schema::TypeSpace`]; every `$ref` is followed by
//! [`crate::resolve::Resolver`].
//!
//! The stage is split by what each part decides:
//! - `operations`: which operations become which services and methods, and their path templates;
//! - `naming`: a method's name when `x-appwrite` gives none;
//! - `parameters`: a method's parameters (path, query, header, cookie) and how they are written;
//! - `bodies`: the request body's encoding and the parameters it becomes;
//! - `responses`: what a successful call returns;
//! - `appwrite`: Appwrite's conventions beyond OpenAPI (`x-appwrite.methods`, deprecations,
//!   GraphQL, downloads without content, chunked uploads, unmarked files);
//! - `document`: the document's servers and security schemes.

mod appwrite;
mod bodies;
mod document;
mod naming;
mod operations;
mod parameters;
mod responses;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::resolve::Resolver;
use crate::schema::TypeSpace;
pub use crate::types::{EnumDef, EnumValue, Field, IntegerFormat, Model, ModelKind, Type, Union, Variant, Warning};
use document::{security_schemes, servers};
pub use naming::name_from_operation_id;
pub use operations::available_tags;
use operations::operations;

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

struct Builder<'a> {
    doc: &'a OpenAPI,
    resolver: Resolver<'a>,
    types: TypeSpace<'a>,
    skipped: Vec<Skipped>,
}
