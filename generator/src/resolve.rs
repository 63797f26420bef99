//! The one `$ref` resolver: schemas, parameters, request bodies, responses and security schemes
//! are looked up in `components` the same way, following chains of references, and every
//! failure names the `$ref` that caused it.

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema, SecurityScheme};

use crate::error::{Error, ErrorKind, Result};
use crate::pointer::Pointer;

/// Something that lives under `#/components/{KIND}/`.
pub trait Component: Sized {
    /// The key under `components`, e.g. `schemas`.
    const KIND: &'static str;
    /// The components of this kind.
    fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

impl Component for Schema {
    const KIND: &'static str = "schemas";
    fn map(c: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &c.schemas
    }
}

impl Component for Parameter {
    const KIND: &'static str = "parameters";
    fn map(c: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &c.parameters
    }
}

impl Component for RequestBody {
    const KIND: &'static str = "requestBodies";
    fn map(c: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &c.request_bodies
    }
}

impl Component for Response {
    const KIND: &'static str = "responses";
    fn map(c: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &c.responses
    }
}

impl Component for SecurityScheme {
    const KIND: &'static str = "securitySchemes";
    fn map(c: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &c.security_schemes
    }
}

/// Most `$ref`s followed for one lookup before it is called a cycle.
const MAX_HOPS: usize = 64;

/// Resolves references against one document.
#[derive(Clone, Copy)]
pub struct Resolver<'a> {
    doc: &'a OpenAPI,
}

impl<'a> Resolver<'a> {
    /// A resolver for `doc`.
    pub fn new(doc: &'a OpenAPI) -> Self {
        Resolver { doc }
    }

    /// The item itself, or what its chain of `$ref`s points to, with the pointer of the node
    /// returned. `at` locates `item` (errors point at its `$ref`).
    pub fn resolve<T: Component>(&self, item: &'a ReferenceOr<T>, at: &Pointer) -> Result<(&'a T, Pointer)> {
        match item {
            ReferenceOr::Item(item) => Ok((item, at.clone())),
            ReferenceOr::Reference { reference } => self.by_ref(reference, at),
        }
    }

    /// [`resolve`](Self::resolve) for the boxed schemas of properties and items.
    pub fn resolve_boxed(&self, item: &'a ReferenceOr<Box<Schema>>, at: &Pointer) -> Result<(&'a Schema, Pointer)> {
        match item {
            ReferenceOr::Item(item) => Ok((item, at.clone())),
            ReferenceOr::Reference { reference } => self.by_ref(reference, at),
        }
    }

    /// What `reference` (found at `at`) points to, following further references.
    pub fn by_ref<T: Component>(&self, reference: &str, at: &Pointer) -> Result<(&'a T, Pointer)> {
        let mut reference = reference;
        let mut from = at.clone();
        for _ in 0..MAX_HOPS {
            let (name, target) = self.target::<T>(reference, &from)?;
            let found = self.doc.components.as_ref().and_then(|c| T::map(c).get(&name));
            match found {
                None => return Err(dangling(&from, reference)),
                Some(ReferenceOr::Item(item)) => return Ok((item, target)),
                Some(ReferenceOr::Reference { reference: next }) => {
                    reference = next;
                    from = target;
                }
            }
        }
        Err(Error::at(
            ErrorKind::InvalidDocument,
            at.join("$ref"),
            format!("`$ref: {reference}` is part of a cycle of references that never reaches a {}", T::KIND),
        ))
    }

    /// The component name a reference names, and the pointer of that component.
    pub fn target<T: Component>(&self, reference: &str, at: &Pointer) -> Result<(String, Pointer)> {
        let Some(pointer) = Pointer::from_ref(reference) else {
            return Err(Error::at(
                ErrorKind::Unsupported,
                at.join("$ref"),
                format!("`$ref: {reference}`: references to other documents are not supported"),
            ));
        };
        match pointer.component(T::KIND) {
            Some(name) => Ok((name, pointer)),
            None => Err(Error::at(
                ErrorKind::Unsupported,
                at.join("$ref"),
                format!("`$ref: {reference}`: only references to `#/components/{}/…` are supported here", T::KIND),
            )),
        }
    }
}

/// The error of a `$ref` that points to nothing.
pub fn dangling(at: &Pointer, reference: &str) -> Error {
    Error::at(ErrorKind::DanglingRef, at.join("$ref"), format!("`$ref: {reference}` points to nothing"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(json: serde_json::Value) -> OpenAPI {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn chains_are_followed_and_failures_located() {
        let d = doc(serde_json::json!({
            "openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {
                "schemas": {"a": {"$ref": "#/components/schemas/b"}, "b": {"type": "string"},
                            "loop": {"$ref": "#/components/schemas/loop"}},
                "parameters": {"p": {"in": "query", "name": "q", "schema": {"type": "string"}}}
            }
        }));
        let r = Resolver::new(&d);
        let at = Pointer::root().join("x");
        let (schema, found) = r.by_ref::<Schema>("#/components/schemas/a", &at).unwrap();
        assert!(matches!(schema.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::String(_))));
        assert_eq!(found.as_str(), "#/components/schemas/b");
        let (_, found) = r.by_ref::<Parameter>("#/components/parameters/p", &at).unwrap();
        assert_eq!(found.as_str(), "#/components/parameters/p");

        let missing = r.by_ref::<Schema>("#/components/schemas/nobody", &at).unwrap_err();
        assert_eq!((missing.kind, missing.pointer()), (ErrorKind::DanglingRef, Some("#/x/$ref")));
        let wrong_kind = r.by_ref::<Schema>("#/components/parameters/p", &at).unwrap_err();
        assert_eq!(wrong_kind.kind, ErrorKind::Unsupported);
        let external = r.by_ref::<Schema>("other.json#/components/schemas/a", &at).unwrap_err();
        assert!(external.message.contains("other documents"), "{external}");
        let cycle = r.by_ref::<Schema>("#/components/schemas/loop", &at).unwrap_err();
        assert!(cycle.message.contains("cycle"), "{cycle}");
    }
}
