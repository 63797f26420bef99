//! Which operations become which methods: an operation's service (its first tag) and platform
//! (`x-appwrite.platforms`), the services a platform has, the method an operation becomes (its
//! name, parameters, body, response and deprecation) and its path template, checked against the
//! path parameters.

use openapiv3::{OpenAPI, Operation, PathItem, ReferenceOr};

use super::appwrite::{deprecation, graphql_query};
use super::naming::{name_from_operation_id, name_from_route};
use super::{
    BodyEncoding, Builder, DEFAULT_SERVICE, Deprecation, HttpMethod, Method, Param, ParamLocation, PathPart, Service,
    Skipped,
};
use crate::error::{Error, ErrorKind, Result};
use crate::load::{XAppwrite, extension};
use crate::pointer::Pointer;
use crate::schema::Hint;

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

type OpEntry<'a> = (&'a str, HttpMethod, &'a Operation, Pointer);

/// Every operation of the document, in spec order, with its path and pointer.
pub(super) fn operations(doc: &OpenAPI) -> impl Iterator<Item = OpEntry<'_>> {
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

impl<'a> Builder<'a> {
    pub(super) fn service(&mut self, tag: &str, platform: &str) -> Result<Service> {
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
