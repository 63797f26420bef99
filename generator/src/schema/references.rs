//! References and the use graph: a `$ref` becomes the type of its component schema, built
//! on first use and registered before it is built so that recursive references find it; a
//! component that is not a struct, union or enum of its own name becomes an alias. Every use
//! of a named type is an edge from the service or model using it, so that each model and enum
//! knows which services reach it.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, Schema};

use super::{Entry, Hint, TypeSpace, described};
use crate::error::{Error, ErrorKind, Result};
use crate::pointer::Pointer;
use crate::resolve::dangling;
use crate::types::{ModelKind, Type};

pub(super) fn service_node(name: &str) -> String {
    format!("service:{name}")
}

pub(super) fn model_node(name: &str) -> String {
    format!("model:{name}")
}

pub(super) fn enum_node(name: &str) -> String {
    format!("enum:{name}")
}

impl<'a> TypeSpace<'a> {
    fn node(&self) -> Option<&str> {
        self.context.last().map(|(n, _)| n.as_str())
    }

    pub(super) fn owner(&self) -> usize {
        self.context.last().map_or(usize::MAX, |(_, o)| *o)
    }

    /// The current context uses `ty`.
    pub(super) fn edge_to(&mut self, ty: &Type) {
        let Some(from) = self.node().map(str::to_owned) else { return };
        let to = match ty {
            Type::Model(name) => model_node(name),
            Type::Enum(name) => enum_node(name),
            Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => return self.edge_to(&inner.clone()),
            _ => return,
        };
        self.edges.entry(from).or_default().insert(to);
    }

    /// The type a `$ref` to a component schema stands for.
    pub fn reference(&mut self, reference: &str, at: &Pointer) -> Result<Type> {
        let name = match self.resolver.target::<Schema>(reference, at) {
            Ok((name, _)) => name,
            Err(e) if e.kind == ErrorKind::Unsupported => {
                self.warn(&at.join("$ref"), format!("{}; the value is kept as JSON", e.message));
                return Ok(Type::Any);
            }
            Err(e) => return Err(e),
        };
        let exists = self.doc.components.as_ref().is_some_and(|c| c.schemas.contains_key(&name));
        if !exists {
            return Err(dangling(at, reference));
        }
        self.component(&name)
    }

    /// The type of component schema `name`, built on first use.
    pub(super) fn component(&mut self, name: &str) -> Result<Type> {
        if let Some(ty) = self.components.get(name).cloned() {
            self.edge_to(&ty);
            return Ok(ty);
        }
        let components =
            self.doc.components.as_ref().ok_or_else(|| Error::new(ErrorKind::InvalidDocument, "no components"))?;
        let index = components.schemas.get_index_of(name).unwrap_or(usize::MAX);
        let entry = &components.schemas[name];
        let at = Pointer::root().join("components").join("schemas").join(name);
        // Set before building, so that recursive references find it.
        self.components.insert(name.to_owned(), Type::Model(name.to_owned()));
        self.context.push((model_node(name), index));
        let built = match entry {
            ReferenceOr::Reference { reference } => self.reference(reference, &at),
            ReferenceOr::Item(s) => self.schema(s, &at, &Hint::new(name), Some(name)),
        };
        self.context.pop();
        let built = built?;
        if let Some(entry) = self.models.get_mut(name) {
            // A struct or union from the component's only branch is the component's type.
            entry.model.pointer = at.to_string();
        }
        let ty = match built {
            Type::Model(n) if n == name => Type::Model(n),
            // An enum this schema declares (not one it refers to) is the component's type.
            Type::Enum(e) if self.enums.get(&e).is_some_and(|d| d.pointer == at.as_str()) => Type::Enum(e),
            other => {
                // Not a struct, union or enum of this name: an alias, so every component schema
                // is a type of its own.
                let (other, _) = other.split_nullable();
                let description = match entry {
                    ReferenceOr::Item(s) => described(s),
                    ReferenceOr::Reference { .. } => None,
                };
                self.register_model(name, description, ModelKind::Alias(other), &at, index);
                Type::Model(name.to_owned())
            }
        };
        self.components.insert(name.to_owned(), ty.clone());
        self.edge_to(&ty);
        Ok(ty)
    }
}

impl Entry {
    pub(super) fn pointer_is_component(&self) -> bool {
        self.model.pointer.starts_with("#/components/schemas/")
            && Pointer::from_ref(&self.model.pointer).and_then(|p| p.component("schemas")).as_deref()
                == Some(&self.model.name)
    }
}

/// Services reached by each node of a reference graph.
pub(super) fn reachability(
    edges: &BTreeMap<String, BTreeSet<String>>,
    services: &[&str],
    node: impl Fn(&str) -> String,
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for service in services {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut stack = vec![node(service)];
        while let Some(n) = stack.pop() {
            for next in edges.get(&n).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        for n in seen {
            out.entry(n).or_default().push((*service).to_owned());
        }
    }
    out
}
