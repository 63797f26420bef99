//! Model stage: a language-neutral description of the API (services, methods, parameters, responses,
//! models and enums) built from the OpenAPI document and Appwrite's extensions.
//!
//! Nothing here knows about Rust: names are the spec's own names, types are abstract.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Schema,
    SchemaKind, Type as OaType,
};
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result, escape_pointer_token as esc};
use crate::load::{XAppwrite, XDeprecated, XMethod, XModelRef, extension};

/// The whole API as far as the selected services need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version` (the Appwrite version).
    pub version: String,
    /// Selected services, in the order asked for.
    pub services: Vec<Service>,
    /// Every model reachable from the services, in `components/schemas` order.
    pub models: Vec<Model>,
    /// Every enum used by the services and models, in order of first use.
    pub enums: Vec<EnumDef>,
}

/// A service: the operations of one tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The tag name, e.g. `account`.
    pub name: String,
    /// The tag's description.
    pub description: Option<String>,
    /// SDK methods, in spec order (several may share one operation).
    pub methods: Vec<Method>,
}

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// No body parameters.
    None,
    /// `application/json`.
    Json,
    /// `multipart/form-data` (file uploads).
    Multipart,
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
    /// This method (an `x-appwrite.methods` entry) returns something other than the response
    /// its shared HTTP operation documents.
    pub differs_from_operation: bool,
}

/// Where a parameter goes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A field of the request body.
    Body,
    /// A request header.
    Header,
}

/// One parameter of a method.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Spec name, e.g. `userId`.
    pub name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: Type,
    /// Whether the caller must give it.
    pub required: bool,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Default value from the spec.
    pub default: Option<Value>,
    /// Description (markdown).
    pub description: Option<String>,
    /// An example value that satisfies the parameter's schema: the spec's `x-example` when it
    /// does, else one made from the schema (first enum value, placeholder text, zero, …).
    pub example: Option<Value>,
}

/// Abstract types.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// Text.
    String,
    /// Integer (64-bit unless the spec says `int32`).
    Integer {
        /// True for `format: int32`.
        int32: bool,
    },
    /// Floating point.
    Number,
    /// `true` / `false`.
    Boolean,
    /// A list.
    Array(Box<Type>),
    /// A free-form JSON object.
    Object,
    /// Any JSON value (also used for `oneOf`/`anyOf` choices).
    Any,
    /// A named enum (`x-enum-name`).
    Enum(String),
    /// A named model (`components/schemas` key).
    Model(String),
    /// A file upload (`format: binary`).
    File,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// A JSON body of this type.
    Json(Type),
    /// 204 No Content.
    NoContent,
    /// A 30x redirect whose `Location` is the result.
    Redirect,
    /// Raw bytes (images, file downloads).
    Binary,
}

/// A model (response object) from `components/schemas`.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Schema key, e.g. `mfaType`.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Declared properties, in order.
    pub fields: Vec<Field>,
    /// Whether undeclared properties carry data (`additionalProperties: true`).
    pub additional_properties: bool,
    /// JSON pointer of the schema.
    pub pointer: String,
    /// Services (tags) whose methods reach this model, directly or through other models.
    pub used_by: Vec<String>,
}

impl Model {
    /// A model with no declared fields whose content is free-form (e.g. `preferences`).
    pub fn is_free_form(&self) -> bool {
        self.fields.is_empty() && self.additional_properties
    }
}

/// A model field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// JSON name, e.g. `$id`.
    pub name: String,
    /// Type.
    pub ty: Type,
    /// Whether it is always present.
    pub required: bool,
    /// Whether it may be `null`.
    pub nullable: bool,
    /// Description.
    pub description: Option<String>,
    /// Declared as `type: object` with `items: {$ref}`: Appwrite's way of embedding a model,
    /// which JSON Schema (and so any schema-driven tool) reads as an arbitrary object.
    pub embedded: bool,
}

/// A named enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// `x-enum-name`.
    pub name: String,
    /// Values, in spec order.
    pub values: Vec<EnumValue>,
    /// Pointer of the first schema that declared it.
    pub pointer: String,
    /// Services (tags) whose methods reach this enum, directly or through models.
    pub used_by: Vec<String>,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The wire value.
    pub value: String,
    /// `x-enum-keys` entry, if any.
    pub key: Option<String>,
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

/// Tags with at least one operation for `platform`, in spec order.
pub fn available_tags(doc: &OpenAPI, platform: &str) -> Vec<String> {
    let mut seen = Vec::<String>::new();
    for (_, _, op, pointer) in operations(doc) {
        let Some(tag) = op.tags.first() else { continue };
        let x: Option<XAppwrite> = extension(&op.extensions, "x-appwrite", &pointer).ok().flatten();
        if x.is_some_and(|x| !x.platforms.iter().any(|p| p == platform)) {
            continue;
        }
        if !seen.contains(tag) {
            seen.push(tag.clone());
        }
    }
    seen
}

/// Build the model of the selected services.
pub fn build(doc: &OpenAPI, selection: &Selection) -> Result<Api> {
    let mut b = Builder {
        doc,
        models: BTreeSet::new(),
        enums: IndexMap::new(),
        context: String::new(),
        edges: BTreeMap::new(),
    };
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
    let mut models = b.models()?;
    let mut enums: Vec<EnumDef> = b.enums.into_values().collect();
    // Which services reach each model and enum (for per-service cargo features).
    for service in &services {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut stack = vec![service_node(&service.name)];
        while let Some(node) = stack.pop() {
            for next in b.edges.get(&node).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        for m in &mut models {
            if seen.contains(&model_node(&m.name)) {
                m.used_by.push(service.name.clone());
            }
        }
        for e in &mut enums {
            if seen.contains(&enum_node(&e.name)) {
                e.used_by.push(service.name.clone());
            }
        }
    }
    Ok(Api { title: doc.info.title.clone(), version: doc.info.version.clone(), services, models, enums })
}

type OpEntry<'a> = (&'a str, HttpMethod, &'a Operation, String);

fn operations(doc: &OpenAPI) -> impl Iterator<Item = OpEntry<'_>> {
    doc.paths.paths.iter().flat_map(|(path, item)| {
        let item = match item {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { .. } => None,
        };
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
        ops.into_iter().flatten().filter_map(move |(verb, key, op)| {
            op.as_ref().map(|op| (path.as_str(), verb, op, format!("#/paths/{}/{key}", esc(path))))
        })
    })
}

struct Builder<'a> {
    doc: &'a OpenAPI,
    /// Schema names referenced so far.
    models: BTreeSet<String>,
    enums: IndexMap<String, EnumDef>,
    /// The service or model being built (a node name), for `edges`.
    context: String,
    /// Reference graph: service/model node → model/enum nodes it uses.
    edges: BTreeMap<String, BTreeSet<String>>,
}

fn service_node(name: &str) -> String {
    format!("service:{name}")
}

fn model_node(name: &str) -> String {
    format!("model:{name}")
}

fn enum_node(name: &str) -> String {
    format!("enum:{name}")
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> Builder<'a> {
    fn service(&mut self, tag: &str, platform: &str) -> Result<Service> {
        self.context = service_node(tag);
        let description =
            self.doc.tags.iter().find(|t| t.name.eq_ignore_ascii_case(tag)).and_then(|t| t.description.clone());
        let mut methods = Vec::new();
        for (path, verb, op, pointer) in operations(self.doc) {
            if op.tags.first().map(String::as_str) != Some(tag) {
                continue;
            }
            let x: Option<XAppwrite> = extension(&op.extensions, "x-appwrite", &pointer)?;
            if let Some(x) = &x {
                if !x.platforms.iter().any(|p| p == platform) {
                    continue;
                }
            }
            methods.extend(self.operation(path, verb, op, &pointer, x)?);
        }
        Ok(Service { name: tag.to_owned(), description, methods })
    }

    fn operation(
        &mut self,
        path: &str,
        verb: HttpMethod,
        op: &Operation,
        pointer: &str,
        x: Option<XAppwrite>,
    ) -> Result<Vec<Method>> {
        let (all_params, body) = self.operation_params(op, pointer)?;
        for p in all_params.iter().filter(|p| p.location == ParamLocation::Path) {
            if !path.contains(&format!("{{{}}}", p.name)) {
                return Err(Error::at(
                    ErrorKind::InvalidDocument,
                    pointer.to_owned(),
                    format!("path parameter `{}` does not appear in the path `{path}`", p.name),
                ));
            }
        }
        let kind = x.as_ref().and_then(|x| x.kind.clone()).unwrap_or_default();
        let op_response = self.operation_response(op, pointer, &kind)?;
        let x = x.unwrap_or_default();
        let base = Method {
            name: String::new(),
            pointer: pointer.to_owned(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            http_method: verb,
            path: path.to_owned(),
            params: all_params,
            body,
            response: op_response,
            deprecated: None,
            kind,
            differs_from_operation: false,
        };
        let Some(entries) = &x.methods else {
            let name = if x.method.is_empty() {
                op.operation_id.clone().ok_or_else(|| {
                    Error::at(
                        ErrorKind::InvalidDocument,
                        pointer.to_owned(),
                        "operation has neither `x-appwrite.method` nor `operationId`, so it has no method name",
                    )
                })?
            } else {
                x.method.clone()
            };
            let deprecated = x.deprecated.map(deprecation).or_else(|| op.deprecated.then(Deprecation::default));
            return Ok(vec![Method { name, deprecated, ..base }]);
        };
        entries
            .iter()
            .enumerate()
            .map(|(i, entry)| self.method_entry(&base, entry, &format!("{pointer}/x-appwrite/methods/{i}")))
            .collect()
    }

    fn method_entry(&mut self, base: &Method, entry: &XMethod, pointer: &str) -> Result<Method> {
        let mut params = Vec::with_capacity(entry.parameters.len());
        for (j, name) in entry.parameters.iter().enumerate() {
            let Some(p) = base.params.iter().find(|p| &p.name == name) else {
                return Err(Error::at(
                    ErrorKind::InvalidDocument,
                    format!("{pointer}/parameters/{j}"),
                    format!("method `{}` lists parameter `{name}`, which the operation does not define", entry.name),
                ));
            };
            let mut p = p.clone();
            p.required = entry.required.iter().any(|r| r == name) || p.location == ParamLocation::Path;
            params.push(p);
        }
        let response = match entry.responses.iter().find(|r| (200..400).contains(&r.code)) {
            None => base.response.clone(),
            Some(r) => match (&r.model, r.code) {
                (_, 204) => Response::NoContent,
                (_, 300..=399) => Response::Redirect,
                (Some(XModelRef::One(reference)), _) => {
                    Response::Json(self.model_ref(reference, &format!("{pointer}/responses"))?)
                }
                (Some(XModelRef::Many(refs)), _) => {
                    for reference in refs {
                        self.model_ref(reference, &format!("{pointer}/responses"))?;
                    }
                    Response::Json(Type::Any)
                }
                (None, _) => base.response.clone(),
            },
        };
        let body =
            if params.iter().any(|p| p.location == ParamLocation::Body) { base.body } else { BodyEncoding::None };
        Ok(Method {
            name: entry.name.clone(),
            pointer: pointer.to_owned(),
            description: entry.description.clone().or_else(|| base.description.clone()),
            params,
            body,
            differs_from_operation: response != base.response,
            response,
            deprecated: entry.deprecated.clone().map(deprecation),
            ..base.clone()
        })
    }

    fn operation_params(&mut self, op: &Operation, pointer: &str) -> Result<(Vec<Param>, BodyEncoding)> {
        let mut params = Vec::new();
        for (i, p) in op.parameters.iter().enumerate() {
            let p_pointer = format!("{pointer}/parameters/{i}");
            let p = self.resolve_parameter(p, &p_pointer)?;
            let (data, location) = match p {
                Parameter::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path),
                Parameter::Query { parameter_data, .. } => (parameter_data, ParamLocation::Query),
                Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header),
                Parameter::Cookie { .. } => {
                    return Err(Error::at(ErrorKind::Unsupported, p_pointer, "cookie parameters are not supported"));
                }
            };
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                return Err(Error::at(
                    ErrorKind::Unsupported,
                    p_pointer,
                    "parameters described by `content` are not supported; use `schema`",
                ));
            };
            let s_pointer = format!("{p_pointer}/schema");
            let ty = self.schema_type(schema, &s_pointer)?;
            let item = self.resolve_schema(schema, &s_pointer)?;
            params.push(Param {
                name: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                nullable: item.schema_data.nullable,
                default: item.schema_data.default.clone(),
                description: data.description.clone().filter(|d| !d.trim().is_empty()),
                example: Some(self.conforming_example(
                    item,
                    item.schema_data.extensions.get("x-example").or(data.example.as_ref()),
                    &data.name,
                    0,
                )),
            });
        }
        let mut body = BodyEncoding::None;
        if let Some(request_body) = &op.request_body {
            let rb_pointer = format!("{pointer}/requestBody");
            let rb = self.resolve_request_body(request_body, &rb_pointer)?;
            let (media, encoding) = if let Some(m) = rb.content.get("application/json") {
                ("application/json", (m, BodyEncoding::Json))
            } else if let Some(m) = rb.content.get("multipart/form-data") {
                ("multipart/form-data", (m, BodyEncoding::Multipart))
            } else {
                let types: Vec<&str> = rb.content.keys().map(String::as_str).collect();
                return Err(Error::at(
                    ErrorKind::Unsupported,
                    rb_pointer,
                    format!(
                        "request body media type(s) {types:?} are not supported; expected application/json or multipart/form-data"
                    ),
                ));
            };
            let (media_type, encoding) = encoding;
            let s_pointer = format!("{rb_pointer}/content/{}/schema", esc(media));
            let Some(schema) = &media_type.schema else {
                return Err(Error::at(ErrorKind::InvalidDocument, s_pointer, "request body has no schema"));
            };
            let schema = self.resolve_schema(schema, &s_pointer)?;
            let (properties, required) = match &schema.schema_kind {
                SchemaKind::Type(OaType::Object(o)) => (&o.properties, &o.required),
                _ => {
                    return Err(Error::at(
                        ErrorKind::Unsupported,
                        s_pointer,
                        "request body schema must be an object with `properties` (each property is a parameter)",
                    ));
                }
            };
            if !properties.is_empty() {
                body = encoding;
            }
            for (name, prop) in properties {
                let prop_pointer = format!("{s_pointer}/properties/{}", esc(name));
                let mut ty = self.boxed_schema_type(prop, &prop_pointer)?;
                let item = self.resolve_boxed(prop, &prop_pointer)?;
                // Specs before 1.9 mark the file of an upload only as a multipart string whose
                // `x-example` is explicitly null (1.9 adds `format: binary`).
                if encoding == BodyEncoding::Multipart
                    && ty == Type::String
                    && item.schema_data.extensions.get("x-example") == Some(&Value::Null)
                {
                    ty = Type::File;
                }
                if params.iter().any(|p: &Param| &p.name == name) {
                    return Err(Error::at(
                        ErrorKind::NameCollision,
                        prop_pointer,
                        format!("body parameter `{name}` has the same name as another parameter of this operation"),
                    ));
                }
                params.push(Param {
                    name: name.clone(),
                    location: ParamLocation::Body,
                    ty,
                    required: required.contains(name),
                    nullable: item.schema_data.nullable,
                    default: item.schema_data.default.clone(),
                    description: item.schema_data.description.clone().filter(|d| !d.trim().is_empty()),
                    example: Some(self.conforming_example(
                        item,
                        item.schema_data.extensions.get("x-example").or(item.schema_data.example.as_ref()),
                        name,
                        0,
                    )),
                });
            }
        }
        Ok((params, body))
    }

    fn operation_response(&mut self, op: &Operation, pointer: &str, kind: &str) -> Result<Response> {
        let mut codes: Vec<(u16, &ReferenceOr<openapiv3::Response>, String)> = Vec::new();
        for (code, r) in &op.responses.responses {
            if let openapiv3::StatusCode::Code(c) = code {
                codes.push((*c, r, format!("{pointer}/responses/{c}")));
            }
        }
        codes.sort_by_key(|(c, _, _)| *c);
        let Some((code, response, r_pointer)) = codes.into_iter().find(|(c, _, _)| (200..400).contains(c)) else {
            return Ok(Response::NoContent);
        };
        if code == 204 {
            return Ok(Response::NoContent);
        }
        if (300..400).contains(&code) {
            return Ok(Response::Redirect);
        }
        let response = match response {
            ReferenceOr::Item(r) => r,
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/").unwrap_or(reference);
                self.doc
                    .components
                    .as_ref()
                    .and_then(|c| c.responses.get(name))
                    .and_then(|r| r.as_item())
                    .ok_or_else(|| dangling(&r_pointer, reference))?
            }
        };
        if let Some(media) = response.content.get("application/json") {
            let s_pointer = format!("{r_pointer}/content/application~1json/schema");
            return match &media.schema {
                Some(schema) => Ok(Response::Json(self.schema_type(schema, &s_pointer)?)),
                None => Ok(Response::Json(Type::Any)),
            };
        }
        if response.content.is_empty() && kind != "location" {
            return Ok(Response::NoContent);
        }
        Ok(Response::Binary)
    }

    /// The spec's example for a schema when it satisfies the schema, else one made from it.
    /// Appwrite's `x-example`s are often strings holding JSON, or disagree with the schema
    /// (e.g. numbers where the schema asks for arrays); examples feed docs and contract tests,
    /// which must send valid requests.
    fn conforming_example(&self, schema: &'a Schema, given: Option<&Value>, name: &str, depth: usize) -> Value {
        let given = match given {
            Some(Value::String(s)) if !matches!(schema.schema_kind, SchemaKind::Type(OaType::String(_))) => {
                serde_json::from_str::<Value>(s).ok()
            }
            other => other.cloned(),
        };
        if depth > 4 {
            return given.unwrap_or(Value::Null);
        }
        fn resolve<'s>(b: &Builder<'s>, s: &'s ReferenceOr<Box<Schema>>) -> Option<&'s Schema> {
            match s {
                ReferenceOr::Item(s) => Some(&**s),
                ReferenceOr::Reference { reference } => b.schema_by_ref(reference, "#").ok(),
            }
        }
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) => {
                let allowed: Vec<&String> = s.enumeration.iter().flatten().collect();
                match given {
                    Some(Value::String(v)) if allowed.is_empty() && !v.is_empty() => Value::String(v),
                    Some(Value::String(v)) if allowed.contains(&&v) => Value::String(v),
                    _ => match allowed.first() {
                        Some(first) => Value::String((*first).clone()),
                        None => Value::String(placeholder(name, &s.format)),
                    },
                }
            }
            SchemaKind::Type(OaType::Integer(i)) => match given {
                Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Value::Number(n),
                _ => Value::from(i.minimum.unwrap_or(0).max(0)),
            },
            SchemaKind::Type(OaType::Number(_)) => match given {
                Some(Value::Number(n)) => Value::Number(n),
                _ => Value::from(0.0),
            },
            SchemaKind::Type(OaType::Boolean(_)) => match given {
                Some(Value::Bool(b)) => Value::Bool(b),
                _ => Value::Bool(false),
            },
            SchemaKind::Type(OaType::Array(a)) => {
                let items = a.items.as_ref().and_then(|i| resolve(self, i));
                let given_items = match given {
                    Some(Value::Array(items)) if !items.is_empty() => items,
                    _ => vec![Value::Null],
                };
                Value::Array(
                    given_items
                        .iter()
                        .take(3)
                        .map(|v| match items {
                            Some(items) => self.conforming_example(items, (!v.is_null()).then_some(v), name, depth + 1),
                            None => v.clone(),
                        })
                        .collect(),
                )
            }
            SchemaKind::OneOf { one_of: choices } | SchemaKind::AnyOf { any_of: choices } => {
                let first = choices.first().and_then(|c| match c {
                    ReferenceOr::Item(s) => Some(s),
                    ReferenceOr::Reference { reference } => self.schema_by_ref(reference, "#").ok(),
                });
                match (first, &given) {
                    // An array schema without items accepts what was given if it is an array.
                    (Some(Schema { schema_kind: SchemaKind::Type(OaType::Array(a)), .. }), Some(Value::Array(v)))
                        if a.items.is_none() =>
                    {
                        Value::Array(v.clone())
                    }
                    (Some(first), _) => self.conforming_example(first, given.as_ref(), name, depth + 1),
                    (None, _) => given.unwrap_or(Value::Null),
                }
            }
            SchemaKind::Type(OaType::Object(_)) | SchemaKind::Any(_) => match given {
                Some(v @ Value::Object(_)) => v,
                Some(v) if matches!(&schema.schema_kind, SchemaKind::Any(a) if a.typ.is_none()) => v,
                _ => Value::Object(Default::default()),
            },
            _ => given.unwrap_or(Value::Null),
        }
    }

    fn model_ref(&mut self, reference: &str, pointer: &str) -> Result<Type> {
        let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) else {
            return Err(Error::at(
                ErrorKind::Unsupported,
                pointer.to_owned(),
                format!("`$ref: {reference}`: only references to `{SCHEMA_PREFIX}…` are supported"),
            ));
        };
        let exists = self.doc.components.as_ref().is_some_and(|c| c.schemas.contains_key(name));
        if !exists {
            return Err(dangling(pointer, reference));
        }
        self.models.insert(name.to_owned());
        self.edges.entry(self.context.clone()).or_default().insert(model_node(name));
        Ok(Type::Model(name.to_owned()))
    }

    fn schema_type(&mut self, schema: &ReferenceOr<Schema>, pointer: &str) -> Result<Type> {
        match schema {
            ReferenceOr::Reference { reference } => self.model_ref(reference, &format!("{pointer}/$ref")),
            ReferenceOr::Item(s) => self.inline_type(s, pointer),
        }
    }

    fn boxed_schema_type(&mut self, schema: &ReferenceOr<Box<Schema>>, pointer: &str) -> Result<Type> {
        match schema {
            ReferenceOr::Reference { reference } => self.model_ref(reference, &format!("{pointer}/$ref")),
            ReferenceOr::Item(s) => self.inline_type(s, pointer),
        }
    }

    fn inline_type(&mut self, schema: &Schema, pointer: &str) -> Result<Type> {
        Ok(match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) => {
                if matches!(&s.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary))
                    || matches!(&s.format, openapiv3::VariantOrUnknownOrEmpty::Unknown(f) if f == "binary")
                {
                    Type::File
                } else if !s.enumeration.is_empty() {
                    match extension::<Option<String>>(&schema.schema_data.extensions, "x-enum-name", pointer)?.flatten()
                    {
                        Some(name) if !name.trim().is_empty() => {
                            let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                            let keys: Vec<String> =
                                extension(&schema.schema_data.extensions, "x-enum-keys", pointer)?.unwrap_or_default();
                            self.register_enum(&name, values, keys, pointer);
                            Type::Enum(name)
                        }
                        _ => Type::String,
                    }
                } else {
                    Type::String
                }
            }
            SchemaKind::Type(OaType::Integer(i)) => Type::Integer {
                int32: matches!(&i.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32)),
            },
            SchemaKind::Type(OaType::Number(_)) => Type::Number,
            SchemaKind::Type(OaType::Boolean(_)) => Type::Boolean,
            SchemaKind::Type(OaType::Array(a)) => match &a.items {
                None => Type::Array(Box::new(Type::Any)),
                Some(items) => Type::Array(Box::new(self.boxed_schema_type(items, &format!("{pointer}/items"))?)),
            },
            SchemaKind::Type(OaType::Object(o)) => {
                if o.properties.is_empty() {
                    Type::Object
                } else {
                    return Err(Error::at(
                        ErrorKind::Unsupported,
                        pointer.to_owned(),
                        "inline object schemas with `properties` are not supported here; move the schema to `components/schemas` and `$ref` it",
                    ));
                }
            }
            SchemaKind::OneOf { one_of: choices } | SchemaKind::AnyOf { any_of: choices } => {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                for (i, c) in choices.iter().enumerate() {
                    self.schema_type(c, &format!("{pointer}/{key}/{i}"))?;
                }
                Type::Any
            }
            SchemaKind::Any(any) => self.any_schema_type(any, pointer)?,
            SchemaKind::AllOf { .. } => {
                return Err(Error::at(ErrorKind::Unsupported, pointer.to_owned(), "`allOf` schemas are not supported"));
            }
            SchemaKind::Not { .. } => {
                return Err(Error::at(ErrorKind::Unsupported, pointer.to_owned(), "`not` schemas are not supported"));
            }
        })
    }

    /// Schemas that do not fit one `type` cleanly (e.g. `type: object` with `items`).
    fn any_schema_type(&mut self, any: &openapiv3::AnySchema, pointer: &str) -> Result<Type> {
        for (key, list) in [("oneOf", &any.one_of), ("anyOf", &any.any_of)] {
            for (i, c) in list.iter().enumerate() {
                self.schema_type(c, &format!("{pointer}/{key}/{i}"))?;
            }
        }
        let item_type = match &any.items {
            Some(items) => Some(self.boxed_schema_type(items, &format!("{pointer}/items"))?),
            None => None,
        };
        match any.typ.as_deref() {
            // Appwrite writes "an object of model M" as `type: object` with `items: {$ref: M}`.
            Some("object") if any.properties.is_empty() => Ok(match item_type {
                Some(model @ Type::Model(_)) => model,
                Some(_) => Type::Any,
                None => Type::Object,
            }),
            Some("array") => match &any.items {
                Some(items) => Ok(Type::Array(Box::new(self.boxed_schema_type(items, &format!("{pointer}/items"))?))),
                None => Ok(Type::Array(Box::new(Type::Any))),
            },
            None if any.properties.is_empty() => Ok(Type::Any),
            Some(other) => Err(Error::at(
                ErrorKind::Unsupported,
                format!("{pointer}/type"),
                format!("schema of `type: {other}` with this combination of keywords is not supported"),
            )),
            None => Err(Error::at(
                ErrorKind::Unsupported,
                pointer.to_owned(),
                "inline object schemas with `properties` are not supported here; move the schema to `components/schemas` and `$ref` it",
            )),
        }
    }

    fn register_enum(&mut self, name: &str, values: Vec<String>, keys: Vec<String>, pointer: &str) {
        self.edges.entry(self.context.clone()).or_default().insert(enum_node(name));
        let def = self.enums.entry(name.to_owned()).or_insert_with(|| EnumDef {
            name: name.to_owned(),
            values: Vec::new(),
            pointer: pointer.to_owned(),
            used_by: Vec::new(),
        });
        for (i, value) in values.into_iter().enumerate() {
            if !def.values.iter().any(|v| v.value == value) {
                let key = keys.get(i).filter(|k| !k.trim().is_empty()).cloned();
                def.values.push(EnumValue { value, key });
            }
        }
    }

    fn resolve_parameter(&self, p: &'a ReferenceOr<Parameter>, pointer: &str) -> Result<&'a Parameter> {
        match p {
            ReferenceOr::Item(p) => Ok(p),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/parameters/")
                .and_then(|name| self.doc.components.as_ref()?.parameters.get(name))
                .and_then(ReferenceOr::as_item)
                .ok_or_else(|| dangling(pointer, reference)),
        }
    }

    fn resolve_request_body(&self, rb: &'a ReferenceOr<RequestBody>, pointer: &str) -> Result<&'a RequestBody> {
        match rb {
            ReferenceOr::Item(rb) => Ok(rb),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/requestBodies/")
                .and_then(|name| self.doc.components.as_ref()?.request_bodies.get(name))
                .and_then(ReferenceOr::as_item)
                .ok_or_else(|| dangling(pointer, reference)),
        }
    }

    fn resolve_schema(&self, s: &'a ReferenceOr<Schema>, pointer: &str) -> Result<&'a Schema> {
        match s {
            ReferenceOr::Item(s) => Ok(s),
            ReferenceOr::Reference { reference } => self.schema_by_ref(reference, pointer),
        }
    }

    fn resolve_boxed(&self, s: &'a ReferenceOr<Box<Schema>>, pointer: &str) -> Result<&'a Schema> {
        match s {
            ReferenceOr::Item(s) => Ok(s),
            ReferenceOr::Reference { reference } => self.schema_by_ref(reference, pointer),
        }
    }

    fn schema_by_ref(&self, reference: &str, pointer: &str) -> Result<&'a Schema> {
        reference
            .strip_prefix(SCHEMA_PREFIX)
            .and_then(|name| self.doc.components.as_ref()?.schemas.get(name))
            .and_then(ReferenceOr::as_item)
            .ok_or_else(|| dangling(pointer, reference))
    }

    /// Build every referenced model, following field references until nothing new appears.
    fn models(&mut self) -> Result<Vec<Model>> {
        let mut built: HashMap<String, Model> = HashMap::new();
        loop {
            let pending: Vec<String> = self.models.iter().filter(|n| !built.contains_key(*n)).cloned().collect();
            if pending.is_empty() {
                break;
            }
            for name in pending {
                let model = self.model(&name)?;
                built.insert(name, model);
            }
        }
        // No `components`: nothing could be referenced, so nothing was built.
        let Some(components) = self.doc.components.as_ref() else { return Ok(Vec::new()) };
        Ok(components.schemas.keys().filter_map(|k| built.remove(k)).collect())
    }

    fn model(&mut self, name: &str) -> Result<Model> {
        self.context = model_node(name);
        let pointer = format!("#/components/schemas/{}", esc(name));
        let schema = self.schema_by_ref(&format!("{SCHEMA_PREFIX}{name}"), &pointer)?;
        type Properties<'s> = Vec<(&'s String, &'s ReferenceOr<Box<Schema>>)>;
        let (properties, required, additional): (Properties<'_>, &[String], bool) = match &schema.schema_kind {
            SchemaKind::Type(OaType::Object(o)) => (
                o.properties.iter().collect(),
                &o.required,
                match &o.additional_properties {
                    Some(AdditionalProperties::Any(b)) => *b,
                    Some(AdditionalProperties::Schema(_)) => true,
                    None => false,
                },
            ),
            SchemaKind::Any(any) if matches!(any.typ.as_deref(), Some("object") | None) => {
                (any.properties.iter().collect(), &any.required, any.additional_properties.is_some())
            }
            _ => {
                return Err(Error::at(
                    ErrorKind::Unsupported,
                    pointer,
                    format!("model `{name}` must be an object schema (`type: object`)"),
                ));
            }
        };
        let mut fields = Vec::with_capacity(properties.len());
        for (field_name, prop) in properties {
            let f_pointer = format!("{pointer}/properties/{}", esc(field_name));
            let ty = self.boxed_schema_type(prop, &f_pointer)?;
            let item = self.resolve_boxed(prop, &f_pointer)?;
            let embedded = matches!(&item.schema_kind, SchemaKind::Any(a) if a.typ.as_deref() == Some("object") && a.items.is_some())
                && matches!(ty, Type::Model(_));
            fields.push(Field {
                name: field_name.clone(),
                ty,
                required: required.contains(field_name),
                nullable: item.schema_data.nullable,
                description: item.schema_data.description.clone().filter(|d| !d.trim().is_empty()),
                embedded,
            });
        }
        Ok(Model {
            name: name.to_owned(),
            description: schema.schema_data.description.clone().filter(|d| !d.trim().is_empty()),
            fields,
            additional_properties: additional,
            pointer,
            used_by: Vec::new(),
        })
    }
}

/// Placeholder text for a string parameter without a usable example.
fn placeholder(name: &str, format: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::StringFormat>) -> String {
    use openapiv3::VariantOrUnknownOrEmpty::Unknown;
    match format {
        Unknown(f) if f == "email" => "email@example.com".to_owned(),
        Unknown(f) if f == "url" => "https://example.com".to_owned(),
        Unknown(f) if f == "phone" => "+12065550100".to_owned(),
        Unknown(f) if f == "datetime" => "2020-10-15T06:38:00.000+00:00".to_owned(),
        _ => format!("<{}>", heck::ToShoutySnakeCase::to_shouty_snake_case(name)),
    }
}

fn deprecation(d: XDeprecated) -> Deprecation {
    Deprecation {
        since: d.since.filter(|s| !s.is_empty()),
        replace_with: d.replace_with.filter(|r| !r.is_empty()).map(|r| r.rsplit('.').next().unwrap_or(&r).to_owned()),
    }
}

fn dangling(pointer: &str, reference: &str) -> Error {
    Error::at(ErrorKind::DanglingRef, pointer.to_owned(), format!("`$ref: {reference}` points to nothing"))
}
