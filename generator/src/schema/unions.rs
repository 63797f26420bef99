//! `oneOf` / `anyOf`: an enum of titled single values, an open enum, one type, or a union.
//! A union is tagged by a `discriminator` (with or without `mapping`, and Appwrite's compound
//! `x-mapping`), by a property every branch fixes to its own value, or else tried in order,
//! most specific variant first. `null` branches make the type nullable. One set of choices met
//! in several places is one type.

use std::collections::{BTreeSet, HashSet};

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type as OaType};

use super::enums::{enum_values_of, plain_value, single_value};
use super::names::{common_prefix, is_name, normalized};
use super::references::model_node;
use super::{Hint, TypeSpace, described, is_binary, primitive};
use crate::error::Result;
use crate::pointer::Pointer;
use crate::types::{EnumValue, ModelKind, Type, Union, Variant};

impl<'a> TypeSpace<'a> {
    /// `oneOf` / `anyOf`: an enum of titled single values, an open enum, one type, or a union.
    pub(super) fn choice(
        &mut self,
        branches: &'a [ReferenceOr<Schema>],
        key: &str,
        s: &'a Schema,
        at: &Pointer,
        hint: &Hint,
        named: Option<&str>,
    ) -> Result<Type> {
        let b_at = at.join(key);
        let mut resolved: Vec<(&'a ReferenceOr<Schema>, &'a Schema, Pointer)> = Vec::new();
        let mut null_branch = false;
        for (i, branch) in branches.iter().enumerate() {
            let (schema, _) = self.resolver.resolve(branch, &b_at.index(i))?;
            if is_null_branch(schema) {
                null_branch = true;
                continue;
            }
            resolved.push((branch, schema, b_at.index(i)));
        }
        let wrap = |ty: Type| if null_branch { Type::Nullable(Box::new(ty)) } else { ty };
        if resolved.is_empty() {
            return Ok(wrap(Type::Any));
        }
        // Single-value branches: a closed enum whose variants are named by the titles.
        let single: Option<Vec<(EnumValue, bool)>> = resolved.iter().map(|(_, b, _)| single_value(b)).collect();
        if let Some(single) = single.filter(|v| v.len() > 1 || resolved.len() == 1) {
            let integer = single.iter().all(|(_, int)| *int);
            let values = single.into_iter().map(|(v, _)| v).collect();
            return Ok(wrap(self.enum_type(s, values, integer, false, at, hint, named)?));
        }
        // Enums (or single values) next to plain strings: an open enum.
        let is_plain_string = |b: &Schema| matches!(&b.schema_kind, SchemaKind::Type(OaType::String(st)) if st.enumeration.is_empty() && !is_binary(st));
        let (plain, enumish): (Vec<_>, Vec<_>) = resolved.iter().partition(|(_, b, _)| is_plain_string(b));
        if !plain.is_empty()
            && !enumish.is_empty()
            && enumish.iter().all(|(_, b, _)| !enum_values_of(b).is_empty() || single_value(b).is_some())
        {
            if let [(branch @ ReferenceOr::Reference { .. }, _, e_at)] = enumish.as_slice() {
                let ty = self.type_of(branch, e_at, hint)?;
                if let Type::Enum(name) = &ty {
                    if let Some(def) = self.enums.get_mut(name) {
                        def.open = true;
                    }
                }
                return Ok(wrap(ty));
            }
            let mut values = Vec::new();
            for (_, b, _) in &enumish {
                match single_value(b) {
                    Some((v, _)) => values.push(v),
                    None => values.extend(enum_values_of(b).into_iter().map(plain_value)),
                }
            }
            return Ok(wrap(self.enum_type(s, values, false, true, at, hint, named)?));
        }
        if resolved.len() == 1 {
            let (branch, _, r_at) = &resolved[0];
            return Ok(wrap(self.branch_type(branch, r_at, hint, named)?));
        }
        // Branches of one primitive type (strings of several formats, say) are that type.
        let primitives: Vec<Option<Type>> = resolved.iter().map(|(_, b, _)| primitive(b)).collect();
        if let Some(Some(first)) = primitives.first() {
            if primitives.iter().all(|p| p.as_ref() == Some(first)) {
                return Ok(wrap(first.clone()));
            }
        }
        Ok(wrap(self.union(&resolved, s, at, hint, named)?))
    }

    /// A union of the (non-null) branches.
    fn union(
        &mut self,
        resolved: &[(&'a ReferenceOr<Schema>, &'a Schema, Pointer)],
        s: &'a Schema,
        at: &Pointer,
        hint: &Hint,
        named: Option<&str>,
    ) -> Result<Type> {
        // Name from the branches' common prefix (`columnBoolean | columnInteger` → `column`).
        let ref_names: Vec<String> = resolved
            .iter()
            .filter_map(|(b, _, _)| match b {
                ReferenceOr::Reference { reference } => {
                    Pointer::from_ref(reference).and_then(|p| p.component("schemas"))
                }
                ReferenceOr::Item(_) => None,
            })
            .collect();
        let prefix = (ref_names.len() == resolved.len()).then(|| common_prefix(&ref_names)).flatten();
        let provisional =
            named.map(str::to_owned).unwrap_or_else(|| prefix.clone().unwrap_or_else(|| hint.name().to_owned()));
        // Objects that all require one property whose value is fixed (`type: {enum: [x]}`) are
        // tagged by it, as serde's internally tagged enums are, even without a `discriminator`.
        let implicit = if s.schema_data.discriminator.is_none() { self.implicit_tags(resolved)? } else { None };
        let mut variants = Vec::with_capacity(resolved.len());
        for (i, (branch, schema, b_at)) in resolved.iter().enumerate() {
            let tag_value = implicit.as_ref().map(|(_, values)| values[i].clone());
            let title = schema.schema_data.title.clone().filter(|t| is_name(t));
            let title =
                title.or_else(|| tag_value.clone().filter(|v| is_name(v) && matches!(branch, ReferenceOr::Item(_))));
            let part = title.clone().unwrap_or_else(|| format!("variant{}", i + 1));
            let ty = self.type_of(branch, b_at, &Hint::new(&provisional).child(&part))?;
            let tags = match (&implicit, tag_value) {
                (Some((property, _)), Some(value)) => vec![vec![(property.clone(), value)]],
                _ => Vec::new(),
            };
            variants.push(Variant { ty: ty.split_nullable().0, title, tags });
        }
        let discriminator = match implicit {
            Some((property, _)) => vec![property],
            None => self.discriminate(s, resolved, &mut variants, at),
        };
        if discriminator.is_empty() {
            variants = self.most_specific_first(resolved, variants)?;
        }
        let shape = format!("{discriminator:?}{variants:?}");
        if named.is_none() {
            if let Some(existing) = self.unions_by_shape.get(&shape).cloned() {
                let ty = Type::Model(existing);
                self.edge_to(&ty);
                return Ok(ty);
            }
        }
        let name = self.model_name(named, s, hint, prefix);
        self.unions_by_shape.entry(shape).or_insert_with(|| name.clone());
        let ty = Type::Model(name.clone());
        self.edge_to(&ty);
        let owner = self.owner();
        self.edges.entry(model_node(&name)).or_default();
        for v in &variants {
            self.context.push((model_node(&name), owner));
            self.edge_to(&v.ty);
            self.context.pop();
        }
        self.register_model(&name, described(s), ModelKind::Union(Union { discriminator, variants }), at, owner);
        Ok(ty)
    }

    /// The variants of a union told apart by trying them in order, reordered so that none is
    /// tried after one it is more specific than: a branch that requires every property another
    /// requires and more (or, requiring the same, declares more) comes first. Otherwise spec
    /// order. Appwrite 1.6's `attributeEnum` requires what `attributeEmail` does and `elements`:
    /// tried after it, an enum attribute would decode as an email one and lose its elements.
    fn most_specific_first(
        &self,
        resolved: &[(&'a ReferenceOr<Schema>, &'a Schema, Pointer)],
        variants: Vec<Variant>,
    ) -> Result<Vec<Variant>> {
        type Shape = (BTreeSet<String>, BTreeSet<String>);
        let mut shapes: Vec<Option<Shape>> = Vec::with_capacity(resolved.len());
        for (branch, _, b_at) in resolved {
            shapes.push(self.object_properties_of(branch, b_at, 0)?.map(|(properties, required)| {
                (required.into_iter().collect(), properties.into_iter().map(|(name, _, _)| name.clone()).collect())
            }));
        }
        let more_specific = |a: &Option<Shape>, b: &Option<Shape>| match (a, b) {
            (Some((ra, da)), Some((rb, db))) => {
                (ra.is_superset(rb) && ra != rb) || (ra == rb && da.is_superset(db) && da != db)
            }
            _ => false,
        };
        let mut remaining: Vec<(Option<Shape>, Variant)> = shapes.into_iter().zip(variants).collect();
        let mut ordered = Vec::with_capacity(remaining.len());
        while !remaining.is_empty() {
            // The first in spec order that no remaining variant is more specific than (the
            // relation is a strict order, so there is one).
            let next = (0..remaining.len())
                .find(|&i| !remaining.iter().any(|(other, _)| more_specific(other, &remaining[i].0)))
                .unwrap_or(0);
            ordered.push(remaining.remove(next).1);
        }
        Ok(ordered)
    }

    /// A property every branch requires with one fixed value, distinct per branch: the name and
    /// the values, in branch order.
    #[allow(clippy::type_complexity)]
    fn implicit_tags(
        &self,
        resolved: &[(&'a ReferenceOr<Schema>, &'a Schema, Pointer)],
    ) -> Result<Option<(String, Vec<String>)>> {
        let mut per_branch: Vec<Vec<(String, String)>> = Vec::new();
        for (branch, _, b_at) in resolved {
            let Some((properties, required)) = self.object_properties_of(branch, b_at, 0)? else { return Ok(None) };
            let mut fixed = Vec::new();
            for (name, prop, p_at) in properties {
                if !required.contains(name) {
                    continue;
                }
                let (schema, _) = self.resolver.resolve_boxed(prop, &p_at)?;
                if let Some((value, false)) = single_value(schema) {
                    fixed.push((name.clone(), value.value));
                }
            }
            per_branch.push(fixed);
        }
        let Some(first) = per_branch.first() else { return Ok(None) };
        for (property, _) in first {
            let values: Option<Vec<String>> = per_branch
                .iter()
                .map(|fixed| fixed.iter().find(|(p, _)| p == property).map(|(_, v)| v.clone()))
                .collect();
            if let Some(values) = values {
                let distinct: HashSet<&String> = values.iter().collect();
                if distinct.len() == values.len() {
                    return Ok(Some((property.clone(), values)));
                }
            }
        }
        Ok(None)
    }

    /// The discriminator properties, and each variant's tag values: `mapping` (or the
    /// component name), or Appwrite's compound `x-mapping`.
    fn discriminate(
        &mut self,
        s: &Schema,
        resolved: &[(&'a ReferenceOr<Schema>, &'a Schema, Pointer)],
        variants: &mut [Variant],
        at: &Pointer,
    ) -> Vec<String> {
        let Some(d) = &s.schema_data.discriminator else { return Vec::new() };
        let component_of = |reference: &str| -> Option<String> {
            Pointer::from_ref(reference).and_then(|p| p.component("schemas")).or_else(|| Some(reference.to_owned()))
        };
        let x_mapping: Option<IndexMap<String, IndexMap<String, String>>> =
            d.extensions.get("x-mapping").and_then(|v| serde_json::from_value(v.clone()).ok());
        let mut properties = vec![d.property_name.clone()];
        if let Some(names) =
            d.extensions.get("x-propertyNames").and_then(|v| serde_json::from_value::<Vec<String>>(v.clone()).ok())
        {
            for n in names {
                if !properties.contains(&n) {
                    properties.push(n);
                }
            }
        }
        for (i, ((branch, _, _), variant)) in resolved.iter().zip(variants.iter_mut()).enumerate() {
            let component = match branch {
                ReferenceOr::Reference { reference } => component_of(reference),
                ReferenceOr::Item(_) => None,
            };
            let mut tags: Vec<Vec<(String, String)>> = Vec::new();
            if let (Some(x), Some(c)) = (&x_mapping, &component) {
                for (target, condition) in x {
                    if component_of(target).as_ref() == Some(c) && !condition.is_empty() {
                        tags.push(condition.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
                    }
                }
            }
            if tags.is_empty() {
                for (value, target) in &d.mapping {
                    if component.is_some() && component_of(target) == component {
                        tags.push(vec![(d.property_name.clone(), value.clone())]);
                    }
                }
            }
            if tags.is_empty() {
                match &component {
                    // Without a mapping entry the tag is the schema's name (OpenAPI 3.0).
                    Some(c) if !d.mapping.values().any(|t| component_of(t).as_ref() == Some(c)) => {
                        tags.push(vec![(d.property_name.clone(), c.clone())])
                    }
                    _ => self.warn(
                        &at.index(i),
                        "no discriminator value selects this branch; it is only reached when the discriminator is absent",
                    ),
                }
            }
            variant.tags = tags;
        }
        // Most specific conditions first, so `{type: string, format: email}` wins over `{type: string}`.
        for v in variants.iter_mut() {
            v.tags.sort_by_key(|t| std::cmp::Reverse(t.len()));
        }
        properties
    }

    /// An untagged union of component schemas (`x-appwrite.methods` responses listing several
    /// models).
    pub fn union_of_refs(&mut self, refs: &[String], at: &Pointer, hint: &Hint) -> Result<Type> {
        let mut types = Vec::new();
        for r in refs {
            let ty = self.reference(r, at)?;
            if !types.contains(&ty) {
                types.push(ty);
            }
        }
        Ok(self.union_of_types(types, at, hint))
    }

    /// An untagged union of types (several 2xx responses of different types). The variants are
    /// tried in order, so the ones requiring more fields come first: a type whose fields are all
    /// optional fits any object and would hide the others.
    pub fn union_of_types(&mut self, mut types: Vec<Type>, at: &Pointer, hint: &Hint) -> Type {
        if types.len() == 1 {
            return types.into_iter().next().unwrap_or(Type::Any);
        }
        let required = |ty: &Type| match ty {
            Type::Model(name) => {
                self.models.get(name).map_or(0, |e| e.model.fields().iter().filter(|f| f.required).count())
            }
            _ => 0,
        };
        types.sort_by_key(|ty| std::cmp::Reverse(required(ty)));
        let variants: Vec<Variant> =
            types.into_iter().map(|ty| Variant { ty, title: None, tags: Vec::new() }).collect();
        let shape = format!("{:?}{variants:?}", Vec::<String>::new());
        if let Some(existing) = self.unions_by_shape.get(&shape).cloned() {
            let ty = Type::Model(existing);
            self.edge_to(&ty);
            return ty;
        }
        let names: Option<Vec<String>> =
            variants.iter().map(|v| if let Type::Model(n) = &v.ty { Some(n.clone()) } else { None }).collect();
        let prefix = names.and_then(|n| common_prefix(&n));
        let name = match prefix.filter(|p| !self.model_names.contains(&normalized(p))) {
            Some(p) => {
                self.model_names.insert(normalized(&p));
                p
            }
            None => self.reserve_model_name(hint.name()),
        };
        self.unions_by_shape.insert(shape, name.clone());
        let ty = Type::Model(name.clone());
        self.edge_to(&ty);
        let owner = self.owner();
        self.context.push((model_node(&name), owner));
        for v in &variants {
            self.edge_to(&v.ty);
        }
        self.context.pop();
        self.register_model(&name, None, ModelKind::Union(Union { discriminator: Vec::new(), variants }), at, owner);
        ty
    }
}

/// A `null` branch: `{nullable: true}` alone, `{enum: [null]}` or `{type: "null"}`.
pub(super) fn is_null_branch(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Any(a) => {
            a.typ.as_deref() == Some("null")
                || (a.enumeration.len() == 1 && a.enumeration[0].is_null())
                || (s.schema_data.nullable && a == &openapiv3::AnySchema::default())
        }
        SchemaKind::Type(OaType::String(st)) => st.enumeration == [None],
        _ => false,
    }
}
