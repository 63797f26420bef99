//! Objects: a struct when the schema has properties (or is a component), a map when only its
//! additional properties are typed, a free-form object otherwise; `allOf` (one real branch is
//! that branch's type, object branches are merged into one struct); and the properties of an
//! object schema through references and `allOf`, for request bodies and unions.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type as OaType};

use super::references::model_node;
use super::{
    Hint, ObjectProperties, TypeSpace, contains, described, is_annotation, is_nullable, primitive, replace_files,
};
use crate::error::Result;
use crate::pointer::Pointer;
use crate::types::{Field, ModelKind, Type};

impl<'a> TypeSpace<'a> {
    /// An object: a struct when it has properties (or is a component), a map when only its
    /// additional properties are typed, a free-form object otherwise.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn object(
        &mut self,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        s: &'a Schema,
        at: &Pointer,
        hint: &Hint,
        named: Option<&str>,
    ) -> Result<Type> {
        let additional_ty = match additional {
            None | Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Any(true)) => Some(Type::Any),
            Some(AdditionalProperties::Schema(schema)) => {
                let ty = self.type_of(schema, &at.join("additionalProperties"), &hint.child("value"))?;
                Some(if ty == Type::Object { Type::Any } else { ty })
            }
        };
        if properties.is_empty() {
            match (&additional_ty, named) {
                (None | Some(Type::Any), None) => return Ok(Type::Object),
                (Some(ty), _) if *ty != Type::Any => return Ok(Type::Map(Box::new(ty.clone()))),
                _ => {}
            }
        }
        let name = self.model_name(named, s, hint, None);
        let owner = self.owner();
        self.edge_to(&Type::Model(name.clone()));
        self.context.push((model_node(&name), owner));
        let fields = self.fields(
            properties.iter().map(|(k, v)| (k, v, at.join("properties").join(k))).collect(),
            required,
            &name,
        );
        self.context.pop();
        let fields = fields?;
        self.register_model(&name, described(s), ModelKind::Struct { fields, additional: additional_ty }, at, owner);
        Ok(Type::Model(name))
    }

    /// The fields of a struct named `model`.
    fn fields(
        &mut self,
        properties: Vec<(&String, &'a ReferenceOr<Box<Schema>>, Pointer)>,
        required: &[String],
        model: &str,
    ) -> Result<Vec<Field>> {
        let mut fields = Vec::with_capacity(properties.len());
        for (name, prop, f_at) in properties {
            let ty = self.boxed_type_of(prop, &f_at, &Hint::new(model).child(name))?;
            let (item, _) = self.resolver.resolve_boxed(prop, &f_at)?;
            let (mut ty, null_in_type) = ty.split_nullable();
            if contains(&ty, &Type::File) {
                self.warn(&f_at, "binary (`format: binary`) data inside JSON is read as text");
                ty = replace_files(ty);
            }
            let embedded = matches!(&item.schema_kind, SchemaKind::Any(a) if a.typ.as_deref() == Some("object") && a.items.is_some())
                && matches!(ty, Type::Model(_));
            fields.retain(|f: &Field| f.name != *name);
            fields.push(Field {
                name: name.clone(),
                ty,
                required: required.contains(name),
                nullable: null_in_type || is_nullable(item),
                description: item.schema_data.description.clone().filter(|d| !d.trim().is_empty()),
                embedded,
                example: item.schema_data.extensions.get("x-example").or(item.schema_data.example.as_ref()).cloned(),
            });
        }
        Ok(fields)
    }

    /// `allOf`: one real branch is that branch's type; objects are merged into one struct.
    pub(super) fn all_of(
        &mut self,
        branches: &'a [ReferenceOr<Schema>],
        s: &'a Schema,
        at: &Pointer,
        hint: &Hint,
        named: Option<&str>,
    ) -> Result<Type> {
        let a_at = at.join("allOf");
        let mut real: Vec<(&'a ReferenceOr<Schema>, &'a Schema, Pointer)> = Vec::new();
        let mut nullable = false;
        for (i, branch) in branches.iter().enumerate() {
            let (schema, _) = self.resolver.resolve(branch, &a_at.index(i))?;
            if matches!(branch, ReferenceOr::Item(_)) && is_annotation(schema) {
                nullable |= is_nullable(schema);
                continue;
            }
            real.push((branch, schema, a_at.index(i)));
        }
        let wrap = |ty: Type| if nullable { Type::Nullable(Box::new(ty)) } else { ty };
        match real.as_slice() {
            [] => return Ok(wrap(Type::Any)),
            [(branch, _, b_at)] => return Ok(wrap(self.branch_type(branch, b_at, hint, named)?)),
            _ => {}
        }
        let mut properties: Vec<(&'a String, &'a ReferenceOr<Box<Schema>>, Pointer)> = Vec::new();
        let mut required: Vec<String> = Vec::new();
        let mut all_objects = true;
        for (branch, _, b_at) in &real {
            match self.object_properties_of(branch, b_at, 0)? {
                Some((props, req)) => {
                    for p in props {
                        properties.retain(|(n, _, _)| *n != p.0);
                        properties.push(p);
                    }
                    required.extend(req);
                }
                None => all_objects = false,
            }
        }
        if all_objects {
            let name = self.model_name(named, s, hint, None);
            let owner = self.owner();
            self.edge_to(&Type::Model(name.clone()));
            self.context.push((model_node(&name), owner));
            let fields = self.fields(properties, &required, &name);
            self.context.pop();
            let fields = fields?;
            self.register_model(&name, described(s), ModelKind::Struct { fields, additional: None }, at, owner);
            return Ok(wrap(Type::Model(name)));
        }
        let primitives: Vec<Option<Type>> = real.iter().map(|(_, b, _)| primitive(b)).collect();
        if let Some(Some(first)) = primitives.first() {
            if primitives.iter().all(|p| p.as_ref() == Some(first)) {
                return Ok(wrap(first.clone()));
            }
        }
        self.warn(
            at,
            "`allOf` of branches that are not all objects (nor one type) is not supported; the value is kept as JSON",
        );
        Ok(wrap(Type::Any))
    }

    /// The properties of an object schema (through references and `allOf`), or `None`.
    #[allow(clippy::type_complexity)]
    pub(super) fn object_properties_of(
        &self,
        schema: &'a ReferenceOr<Schema>,
        at: &Pointer,
        depth: usize,
    ) -> Result<Option<(Vec<(&'a String, &'a ReferenceOr<Box<Schema>>, Pointer)>, Vec<String>)>> {
        if depth > 16 {
            return Ok(None);
        }
        let (s, s_at) = self.resolver.resolve(schema, at)?;
        let props = |p: &'a IndexMap<String, ReferenceOr<Box<Schema>>>| {
            p.iter().map(|(k, v)| (k, v, s_at.join("properties").join(k))).collect::<Vec<_>>()
        };
        Ok(match &s.schema_kind {
            SchemaKind::Type(OaType::Object(o)) => Some((props(&o.properties), o.required.clone())),
            SchemaKind::Any(a)
                if matches!(a.typ.as_deref(), None | Some("object"))
                    && !a.properties.is_empty()
                    && a.all_of.is_empty() =>
            {
                Some((props(&a.properties), a.required.clone()))
            }
            SchemaKind::AllOf { all_of } => {
                let mut out = Vec::new();
                let mut required = Vec::new();
                for (i, b) in all_of.iter().enumerate() {
                    let b_at = s_at.join("allOf").index(i);
                    let (bs, _) = self.resolver.resolve(b, &b_at)?;
                    if matches!(b, ReferenceOr::Item(_)) && is_annotation(bs) {
                        continue;
                    }
                    match self.object_properties_of(b, &b_at, depth + 1)? {
                        Some((p, r)) => {
                            out.extend(p);
                            required.extend(r);
                        }
                        None => return Ok(None),
                    }
                }
                Some((out, required))
            }
            _ => None,
        })
    }

    /// The properties of a request body schema when it is an object whose properties can be
    /// parameters (through references and `allOf`); `None` for anything else, including an
    /// object with only additional properties.
    pub fn object_properties(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        at: &Pointer,
    ) -> Result<Option<ObjectProperties<'a>>> {
        let (s, _) = self.resolver.resolve(schema, at)?;
        let only_additional = match &s.schema_kind {
            SchemaKind::Type(OaType::Object(o)) => {
                o.properties.is_empty()
                    && matches!(
                        o.additional_properties,
                        Some(AdditionalProperties::Schema(_)) | Some(AdditionalProperties::Any(true))
                    )
            }
            _ => false,
        };
        if only_additional {
            return Ok(None);
        }
        Ok(self.object_properties_of(schema, at, 0)?.map(|(props, required)| ObjectProperties {
            properties: props.into_iter().map(|(k, v, p)| (k.clone(), v, p)).collect(),
            required,
        }))
    }
}
