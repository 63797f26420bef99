//! Schema → type: every decision about how an OpenAPI schema becomes a type of the
//! [model](crate::model) lives here (as typify's `TypeSpace` does for progenitor).
//!
//! - **Named types**: a component schema becomes a type of its own name (struct, union, enum or
//!   alias); an inline object, enum or union is named after where it is (`user` + `hashOptions`
//!   → `userHashOptions`, array items add `item`, responses `response`), its `title` when it has
//!   one, or the common prefix of its variants' names (`columnBoolean | columnInteger` →
//!   `column`). Names never collide: a taken name gets a number.
//! - **Enums**: `enum` on strings and integers, `oneOf`/`anyOf` of single-value branches with
//!   `title`s, `anyOf: [enum, {type: string}]` (open), `x-enum-name` / `x-enum-keys`.
//! - **Unions**: `oneOf`/`anyOf` of several types, tagged by a `discriminator` (with or without
//!   `mapping`, and Appwrite's compound `x-mapping`) or tried in order.
//! - **`allOf`**: one real branch is that branch's type; object branches are merged.
//! - **Nullability**: `nullable` and Appwrite's `x-nullable`, and `null` branches of unions.
//! - **Examples**: a value satisfying a schema, for docs and contract tests.
//!
//! What cannot be represented becomes [`Type::Any`] with a [`Warning`] naming the schema.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, StringType, Type as OaType,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::load::extension;
use crate::model::{EnumDef, EnumValue, Field, IntegerFormat, Model, ModelKind, Type, Union, Variant, Warning};
use crate::pointer::Pointer;
use crate::resolve::{Resolver, dangling};

/// Where an inline schema sits, to name the type it may become: `user` + `hashOptions` →
/// `userHashOptions`. An enum of a parameter is named after the parameter alone (`runtime` →
/// `Runtime`, as Appwrite's own SDKs name them), so parameters of several methods share it.
#[derive(Debug, Clone)]
pub struct Hint {
    name: String,
    enum_name: Option<String>,
}

impl Hint {
    /// A hint starting at a type or method name.
    pub fn new(base: &str) -> Self {
        Hint { name: base.to_owned(), enum_name: None }
    }

    /// The hint of a parameter `param` of the method this hint names.
    pub fn param(&self, param: &str) -> Self {
        Hint { enum_name: Some(Hint::new("").child(param).name), ..self.child(param) }
    }

    /// One level deeper: a property, `item`, `response`, `body`.
    pub fn child(&self, part: &str) -> Self {
        let mut name = self.name.clone();
        let mut chars = part.chars().filter(|c| c.is_alphanumeric() || *c == '_');
        if let Some(first) = chars.next() {
            if name.is_empty() {
                name.push(first);
            } else {
                name.extend(first.to_uppercase());
            }
            name.extend(chars);
        }
        Hint { name, enum_name: None }
    }

    /// The items of a list: `item` is added, but an enum keeps the list's name.
    pub fn item(&self) -> Self {
        Hint { enum_name: self.enum_name.clone(), ..self.child("item") }
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name of an enum here.
    pub fn enum_name(&self) -> &str {
        self.enum_name.as_deref().unwrap_or(&self.name)
    }
}

/// `nullable: true`, or Appwrite's `x-nullable: true`.
pub fn is_nullable(schema: &Schema) -> bool {
    schema.schema_data.nullable || schema.schema_data.extensions.get("x-nullable") == Some(&Value::Bool(true))
}

/// `format: binary`.
pub fn is_binary(s: &StringType) -> bool {
    matches!(&s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
        || matches!(&s.format, VariantOrUnknownOrEmpty::Unknown(f) if f == "binary")
}

/// The properties of an object schema (merged through `allOf`), for request bodies whose
/// properties become parameters.
pub struct ObjectProperties<'a> {
    /// Name, schema and pointer of each property, in order.
    pub properties: Vec<(String, &'a ReferenceOr<Box<Schema>>, Pointer)>,
    /// Required property names.
    pub required: Vec<String>,
}

/// A model under construction, with what orders it in the output.
struct Entry {
    model: Model,
    /// Components-order index of the component it belongs to (`usize::MAX`: an operation's).
    owner: usize,
    seq: usize,
}

/// The schema → type decisions of one document.
pub struct TypeSpace<'a> {
    doc: &'a OpenAPI,
    resolver: Resolver<'a>,
    appwrite: bool,
    models: IndexMap<String, Entry>,
    enums: IndexMap<String, EnumDef>,
    /// Whether each enum's name came from the spec (`x-enum-name`, component key, `title`).
    enum_named_by_spec: HashMap<String, bool>,
    /// Component schema key → the type it became.
    components: HashMap<String, Type>,
    /// Normalized names taken in the models and enums namespaces.
    model_names: HashSet<String>,
    enum_names: HashMap<String, String>,
    /// `x-enum-name`s of the document and their values, found before anything is built.
    declared_enums: HashMap<String, (String, Vec<String>)>,
    /// Component schemas some `$ref` points to.
    referenced: HashSet<String>,
    /// Unions by structure, so one set of choices met in several places is one type.
    unions_by_shape: HashMap<String, String>,
    warnings: BTreeSet<Warning>,
    /// The node (service or model) whose types are being resolved, and the component owning
    /// new inline types.
    context: Vec<(String, usize)>,
    edges: BTreeMap<String, BTreeSet<String>>,
    seq: usize,
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

/// Names that differ only in case or punctuation collide (they do in most languages' type names).
fn normalized(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Most nesting followed when making an example.
const EXAMPLE_DEPTH: usize = 4;

impl<'a> TypeSpace<'a> {
    /// An empty type space for `doc`; `appwrite` when the spec uses Appwrite's extensions.
    pub fn new(doc: &'a OpenAPI, appwrite: bool) -> Self {
        let mut t = TypeSpace {
            doc,
            resolver: Resolver::new(doc),
            appwrite,
            models: IndexMap::new(),
            enums: IndexMap::new(),
            enum_named_by_spec: HashMap::new(),
            components: HashMap::new(),
            model_names: HashSet::new(),
            enum_names: HashMap::new(),
            declared_enums: HashMap::new(),
            referenced: HashSet::new(),
            unions_by_shape: HashMap::new(),
            warnings: BTreeSet::new(),
            context: Vec::new(),
            edges: BTreeMap::new(),
            seq: 0,
        };
        if let Some(components) = &doc.components {
            for (name, schema) in &components.schemas {
                t.model_names.insert(normalized(name));
                if matches!(schema, ReferenceOr::Item(s) if !enum_values_of(s).is_empty()) {
                    t.enum_names.insert(normalized(name), name.clone());
                }
            }
        }
        t.scan();
        t
    }

    /// One pass over every schema of the document: which components are referenced, and the
    /// `x-enum-name`s with their values (so a derived enum name never takes a declared one).
    fn scan(&mut self) {
        let mut stack: Vec<&'a Schema> = Vec::new();
        let mut refs: Vec<&'a str> = Vec::new();
        let push_ref = |r: &'a ReferenceOr<Schema>, stack: &mut Vec<&'a Schema>, refs: &mut Vec<&'a str>| match r {
            ReferenceOr::Item(s) => stack.push(s),
            ReferenceOr::Reference { reference } => refs.push(reference),
        };
        let push_boxed = |r: &'a ReferenceOr<Box<Schema>>, stack: &mut Vec<&'a Schema>, refs: &mut Vec<&'a str>| match r
        {
            ReferenceOr::Item(s) => stack.push(s),
            ReferenceOr::Reference { reference } => refs.push(reference),
        };
        for (_, item) in &self.doc.paths.paths {
            let ReferenceOr::Item(item) = item else { continue };
            let params = item.parameters.iter().chain(item.iter().flat_map(|(_, op)| &op.parameters));
            for p in params {
                if let ReferenceOr::Item(p) = p {
                    match &p.parameter_data_ref().format {
                        openapiv3::ParameterSchemaOrContent::Schema(s) => push_ref(s, &mut stack, &mut refs),
                        openapiv3::ParameterSchemaOrContent::Content(c) => c
                            .values()
                            .filter_map(|m| m.schema.as_ref())
                            .for_each(|s| push_ref(s, &mut stack, &mut refs)),
                    }
                }
            }
            for (_, op) in item.iter() {
                if let Some(ReferenceOr::Item(rb)) = &op.request_body {
                    rb.content
                        .values()
                        .filter_map(|m| m.schema.as_ref())
                        .for_each(|s| push_ref(s, &mut stack, &mut refs));
                }
                for r in op.responses.responses.values().chain(&op.responses.default) {
                    if let ReferenceOr::Item(r) = r {
                        r.content
                            .values()
                            .filter_map(|m| m.schema.as_ref())
                            .for_each(|s| push_ref(s, &mut stack, &mut refs));
                    }
                }
            }
        }
        if let Some(c) = &self.doc.components {
            c.schemas.values().for_each(|s| push_ref(s, &mut stack, &mut refs));
            for p in c.parameters.values().filter_map(ReferenceOr::as_item) {
                if let openapiv3::ParameterSchemaOrContent::Schema(s) = &p.parameter_data_ref().format {
                    push_ref(s, &mut stack, &mut refs);
                }
            }
            for rb in c.request_bodies.values().filter_map(ReferenceOr::as_item) {
                rb.content.values().filter_map(|m| m.schema.as_ref()).for_each(|s| push_ref(s, &mut stack, &mut refs));
            }
            for r in c.responses.values().filter_map(ReferenceOr::as_item) {
                r.content.values().filter_map(|m| m.schema.as_ref()).for_each(|s| push_ref(s, &mut stack, &mut refs));
            }
        }
        while let Some(s) = stack.pop() {
            if let Ok(Some(Some(name))) = extension::<Option<String>>(&s.schema_data.extensions, "x-enum-name", "#") {
                let values = enum_values_of(s);
                let entry = self.declared_enums.entry(normalized(&name)).or_insert_with(|| (name.clone(), Vec::new()));
                for v in values {
                    if !entry.1.contains(&v) {
                        entry.1.push(v);
                    }
                }
            }
            match &s.schema_kind {
                SchemaKind::Type(OaType::Array(a)) => a.items.iter().for_each(|i| push_boxed(i, &mut stack, &mut refs)),
                SchemaKind::Type(OaType::Object(o)) => {
                    o.properties.values().for_each(|p| push_boxed(p, &mut stack, &mut refs));
                    if let Some(AdditionalProperties::Schema(s)) = &o.additional_properties {
                        push_ref(s, &mut stack, &mut refs);
                    }
                }
                SchemaKind::OneOf { one_of: l } | SchemaKind::AnyOf { any_of: l } | SchemaKind::AllOf { all_of: l } => {
                    l.iter().for_each(|s| push_ref(s, &mut stack, &mut refs))
                }
                SchemaKind::Not { not } => push_ref(not, &mut stack, &mut refs),
                SchemaKind::Any(a) => {
                    a.properties.values().chain(&a.items).for_each(|p| push_boxed(p, &mut stack, &mut refs));
                    a.one_of.iter().chain(&a.any_of).chain(&a.all_of).for_each(|s| push_ref(s, &mut stack, &mut refs));
                    if let Some(AdditionalProperties::Schema(s)) = &a.additional_properties {
                        push_ref(s, &mut stack, &mut refs);
                    }
                }
                SchemaKind::Type(_) => {}
            }
        }
        for r in refs {
            if let Some(name) = Pointer::from_ref(r).and_then(|p| p.component("schemas")) {
                self.referenced.insert(name);
            }
        }
        for (normal, (name, _)) in &self.declared_enums {
            self.enum_names.insert(normal.clone(), name.clone());
        }
    }

    /// Whether the spec uses Appwrite's extensions.
    pub fn appwrite(&self) -> bool {
        self.appwrite
    }

    /// Types resolved from now on are used by this service.
    pub fn enter_service(&mut self, tag: &str) {
        self.context = vec![(service_node(tag), usize::MAX)];
    }

    /// Record a construct that cannot be represented faithfully.
    pub fn warn(&mut self, at: &Pointer, message: impl Into<String>) {
        self.warnings.insert(Warning { pointer: at.to_string(), message: message.into() });
    }

    fn node(&self) -> Option<&str> {
        self.context.last().map(|(n, _)| n.as_str())
    }

    fn owner(&self) -> usize {
        self.context.last().map_or(usize::MAX, |(_, o)| *o)
    }

    /// The current context uses `ty`.
    fn edge_to(&mut self, ty: &Type) {
        let Some(from) = self.node().map(str::to_owned) else { return };
        let to = match ty {
            Type::Model(name) => model_node(name),
            Type::Enum(name) => enum_node(name),
            Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => return self.edge_to(&inner.clone()),
            _ => return,
        };
        self.edges.entry(from).or_default().insert(to);
    }

    /// The type of a schema or reference found at `at`.
    pub fn type_of(&mut self, schema: &'a ReferenceOr<Schema>, at: &Pointer, hint: &Hint) -> Result<Type> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, at),
            ReferenceOr::Item(s) => self.schema(s, at, hint, None),
        }
    }

    /// [`type_of`](Self::type_of) for the boxed schemas of properties and items.
    pub fn boxed_type_of(&mut self, schema: &'a ReferenceOr<Box<Schema>>, at: &Pointer, hint: &Hint) -> Result<Type> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, at),
            ReferenceOr::Item(s) => self.schema(s, at, hint, None),
        }
    }

    /// The type of the one branch a `oneOf` / `allOf` comes down to: an inline branch of a
    /// component schema takes the component's name.
    fn branch_type(
        &mut self,
        branch: &'a ReferenceOr<Schema>,
        at: &Pointer,
        hint: &Hint,
        named: Option<&str>,
    ) -> Result<Type> {
        match branch {
            ReferenceOr::Item(s) if named.is_some() => self.schema(s, at, hint, named),
            _ => self.type_of(branch, at, hint),
        }
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
    fn component(&mut self, name: &str) -> Result<Type> {
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

    /// An inline schema; `named` is the component key when the schema is a component itself.
    fn schema(&mut self, s: &'a Schema, at: &Pointer, hint: &Hint, named: Option<&str>) -> Result<Type> {
        let ty = match &s.schema_kind {
            SchemaKind::Type(OaType::String(st)) => {
                if is_binary(st) {
                    Type::File
                } else if st.enumeration.iter().any(Option::is_some) {
                    let values = st.enumeration.iter().flatten().map(|v| plain_value(v.clone())).collect();
                    self.enum_type(s, values, false, false, at, hint, named)?
                } else {
                    Type::String
                }
            }
            SchemaKind::Type(OaType::Integer(it)) => {
                if it.enumeration.iter().any(Option::is_some) {
                    let values = it.enumeration.iter().flatten().map(|v| plain_value(v.to_string())).collect();
                    self.enum_type(s, values, true, false, at, hint, named)?
                } else {
                    Type::Integer(integer_format(match &it.format {
                        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Some("int32"),
                        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64) => Some("int64"),
                        VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                        VariantOrUnknownOrEmpty::Empty => None,
                    }))
                }
            }
            SchemaKind::Type(OaType::Number(_)) => Type::Number,
            SchemaKind::Type(OaType::Boolean(_)) => Type::Boolean,
            SchemaKind::Type(OaType::Array(a)) => self.array(a.items.as_ref(), at, hint)?,
            SchemaKind::Type(OaType::Object(o)) => {
                self.object(&o.properties, &o.required, o.additional_properties.as_ref(), s, at, hint, named)?
            }
            SchemaKind::OneOf { one_of } => self.choice(one_of, "oneOf", s, at, hint, named)?,
            SchemaKind::AnyOf { any_of } => self.choice(any_of, "anyOf", s, at, hint, named)?,
            SchemaKind::AllOf { all_of } => self.all_of(all_of, s, at, hint, named)?,
            SchemaKind::Not { .. } => {
                self.warn(at, "`not` schemas are not supported; the value is kept as JSON");
                Type::Any
            }
            SchemaKind::Any(any) => self.any_schema(any, s, at, hint, named)?,
        };
        Ok(if is_nullable(s) && named.is_none() { Type::Nullable(Box::new(ty)) } else { ty })
    }

    fn array(&mut self, items: Option<&'a ReferenceOr<Box<Schema>>>, at: &Pointer, hint: &Hint) -> Result<Type> {
        Ok(match items {
            None => Type::Array(Box::new(Type::Any)),
            Some(items) => Type::Array(Box::new(self.boxed_type_of(items, &at.join("items"), &hint.item())?)),
        })
    }

    /// Schemas mixing keywords of several types (openapiv3's `AnySchema`).
    fn any_schema(
        &mut self,
        any: &'a openapiv3::AnySchema,
        s: &'a Schema,
        at: &Pointer,
        hint: &Hint,
        named: Option<&str>,
    ) -> Result<Type> {
        if !any.one_of.is_empty() {
            return self.choice(&any.one_of, "oneOf", s, at, hint, named);
        }
        if !any.any_of.is_empty() {
            return self.choice(&any.any_of, "anyOf", s, at, hint, named);
        }
        if !any.all_of.is_empty() {
            if !any.properties.is_empty() {
                self.warn(at, "properties next to `allOf` are ignored; only the `allOf` branches are merged");
            }
            return self.all_of(&any.all_of, s, at, hint, named);
        }
        let string_values =
            || any.enumeration.iter().filter_map(|v| v.as_str().map(|v| plain_value(v.to_owned()))).collect::<Vec<_>>();
        Ok(match any.typ.as_deref() {
            // Appwrite writes "an object of model M" as `type: object` with `items: {$ref: M}`.
            Some("object") if any.properties.is_empty() && any.items.is_some() => {
                let items = any.items.as_ref().map(|i| self.boxed_type_of(i, &at.join("items"), hint)).transpose()?;
                match items.map(|t| t.split_nullable().0) {
                    Some(ty @ Type::Model(_)) => ty,
                    _ => Type::Object,
                }
            }
            Some("object") | None if !any.properties.is_empty() || any.additional_properties.is_some() => {
                self.object(&any.properties, &any.required, any.additional_properties.as_ref(), s, at, hint, named)?
            }
            Some("object") => Type::Object,
            Some("array") => self.array(any.items.as_ref(), at, hint)?,
            Some("string") if any.format.as_deref() == Some("binary") => Type::File,
            Some("string") | None if !string_values().is_empty() => {
                self.enum_type(s, string_values(), false, false, at, hint, named)?
            }
            Some("string") => Type::String,
            Some("integer") => Type::Integer(integer_format(any.format.as_deref())),
            Some("number") => Type::Number,
            Some("boolean") => Type::Boolean,
            None if any.items.is_some() => self.array(any.items.as_ref(), at, hint)?,
            None => {
                if any.not.is_some() {
                    self.warn(at, "`not` schemas are not supported; the value is kept as JSON");
                }
                Type::Any
            }
            Some(other) => {
                self.warn(
                    &at.join("type"),
                    format!("`type: {other}` is not an OpenAPI 3.0 type; the value is kept as JSON"),
                );
                Type::Any
            }
        })
    }

    /// An object: a struct when it has properties (or is a component), a map when only its
    /// additional properties are typed, a free-form object otherwise.
    #[allow(clippy::too_many_arguments)]
    fn object(
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

    /// The name of a new struct or union: the component key, the `title`, `preferred`, or the
    /// hint; reserved so that no other type takes it.
    fn model_name(&mut self, named: Option<&str>, s: &Schema, hint: &Hint, preferred: Option<String>) -> String {
        if let Some(name) = named {
            return name.to_owned();
        }
        let title = s.schema_data.title.as_deref().filter(|t| is_name(t)).map(str::to_owned);
        for candidate in title.into_iter().chain(preferred) {
            if self.model_names.insert(normalized(&candidate)) {
                return candidate;
            }
        }
        self.reserve_model_name(hint.name())
    }

    fn reserve_model_name(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "type" } else { base };
        if self.model_names.insert(normalized(base)) {
            return base.to_owned();
        }
        (2..).map(|i| format!("{base}{i}")).find(|n| self.model_names.insert(normalized(n))).unwrap_or_default()
    }

    fn register_model(&mut self, name: &str, description: Option<String>, kind: ModelKind, at: &Pointer, owner: usize) {
        self.seq += 1;
        let model = Model {
            name: name.to_owned(),
            description,
            kind,
            pointer: at.to_string(),
            used_by: Vec::new(),
            input: false,
        };
        self.models.insert(name.to_owned(), Entry { model, owner, seq: self.seq });
    }

    /// An enum of `values`, named by `x-enum-name`, the component key, the `title` or the hint.
    #[allow(clippy::too_many_arguments)]
    fn enum_type(
        &mut self,
        s: &Schema,
        mut values: Vec<EnumValue>,
        integer: bool,
        open: bool,
        at: &Pointer,
        hint: &Hint,
        named: Option<&str>,
    ) -> Result<Type> {
        let x_name = extension::<Option<String>>(&s.schema_data.extensions, "x-enum-name", at.as_str())?
            .flatten()
            .filter(|n| !n.trim().is_empty());
        let keys: Vec<String> = extension(&s.schema_data.extensions, "x-enum-keys", at.as_str())?.unwrap_or_default();
        for (v, k) in values.iter_mut().zip(keys) {
            if v.key.is_none() && !k.trim().is_empty() {
                v.key = Some(k);
            }
        }
        let title = s.schema_data.title.as_deref().filter(|t| is_name(t));
        let (name, by_spec) = match (x_name, named, title) {
            (Some(x), _, _) => (x, true),
            (None, Some(n), _) => (n.to_owned(), true),
            (None, None, Some(t)) => (t.to_owned(), true),
            (None, None, None) => (hint.enum_name().to_owned(), false),
        };
        let name = if by_spec {
            name
        } else {
            // A derived name: reuse an enum of that name with the same values, else a free name.
            let wire: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
            let same = |existing: &[String]| {
                let mut a: Vec<&str> = existing.iter().map(String::as_str).collect();
                let mut b = wire.clone();
                a.sort_unstable();
                b.sort_unstable();
                a == b
            };
            match self.enum_names.get(&normalized(&name)).cloned() {
                None => name,
                Some(taken) => {
                    let taken_values: Option<Vec<String>> = self
                        .enums
                        .get(&taken)
                        .map(|e| e.values.iter().map(|v| v.value.clone()).collect())
                        .or_else(|| self.declared_enums.get(&normalized(&taken)).map(|(_, v)| v.clone()));
                    if taken_values.is_some_and(|v| same(&v)) {
                        taken
                    } else {
                        (2..)
                            .map(|i| format!("{name}{i}"))
                            .find(|n| !self.enum_names.contains_key(&normalized(n)))
                            .unwrap_or_default()
                    }
                }
            }
        };
        self.enum_names.insert(normalized(&name), name.clone());
        self.enum_named_by_spec.entry(name.clone()).or_insert(by_spec);
        // A component's or titled schema's description is the enum's; a parameter's or
        // property's describes where the enum is used.
        let own_description = if named.is_some() || title.is_some() { described(s) } else { None };
        let def = self.enums.entry(name.clone()).or_insert_with(|| EnumDef {
            name: name.clone(),
            description: own_description,
            values: Vec::new(),
            integer,
            open,
            pointer: at.to_string(),
            used_by: Vec::new(),
        });
        def.open |= open;
        for value in values {
            if !def.values.iter().any(|v| v.value == value.value) {
                def.values.push(value);
            }
        }
        let ty = Type::Enum(name);
        self.edge_to(&ty);
        Ok(ty)
    }

    /// `oneOf` / `anyOf`: an enum of titled single values, an open enum, one type, or a union.
    fn choice(
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

    /// `allOf`: one real branch is that branch's type; objects are merged into one struct.
    fn all_of(
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
    fn object_properties_of(
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

    /// `ty`, usable where it is written by a parameter outside multipart bodies: files become
    /// text, with a warning.
    pub fn writable(&mut self, ty: Type, at: &Pointer) -> Type {
        if contains(&ty, &Type::File) {
            self.warn(at, "binary (`format: binary`) data outside a multipart or raw body is sent as text");
            replace_files(ty)
        } else {
            ty
        }
    }

    /// Build what no operation reached (component schemas nothing refers to), then compute who
    /// uses what, and hand over the models (in output order), enums and warnings.
    pub fn finish(mut self, services: &[&str], inputs: &[&Type]) -> Result<(Vec<Model>, Vec<EnumDef>, Vec<Warning>)> {
        let orphans: Vec<String> = self
            .doc
            .components
            .iter()
            .flat_map(|c| c.schemas.keys())
            .filter(|k| !self.referenced.contains(*k) && !self.components.contains_key(*k))
            .cloned()
            .collect();
        for name in orphans {
            self.context.clear();
            self.component(&name)?;
        }
        let used = crate::model::reachability(&self.edges, services, service_node);
        // Models reachable from parameters are built by callers.
        let mut input: HashSet<String> = HashSet::new();
        let mut stack: Vec<Type> = inputs.iter().map(|t| (*t).clone()).collect();
        while let Some(ty) = stack.pop() {
            match ty {
                Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => stack.push(*inner),
                Type::Model(name) if input.insert(name.clone()) => {
                    if let Some(e) = self.models.get(&name) {
                        match &e.model.kind {
                            ModelKind::Struct { fields, additional } => {
                                stack.extend(fields.iter().map(|f| f.ty.clone()));
                                stack.extend(additional.clone());
                            }
                            ModelKind::Union(u) => stack.extend(u.variants.iter().map(|v| v.ty.clone())),
                            ModelKind::Alias(t) => stack.push(t.clone()),
                        }
                    }
                }
                _ => {}
            }
        }
        let mut entries: Vec<Entry> = self.models.into_values().collect();
        // Components in `components/schemas` order, each before the inline types named after it.
        entries.sort_by_key(|e| (e.owner, !e.pointer_is_component(), e.seq));
        let models = entries
            .into_iter()
            .map(|mut e| {
                e.model.used_by = used.get(&model_node(&e.model.name)).cloned().unwrap_or_default();
                e.model.input = input.contains(&e.model.name);
                e.model
            })
            .collect();
        let enums = self
            .enums
            .into_values()
            .map(|mut e| {
                e.used_by = used.get(&enum_node(&e.name)).cloned().unwrap_or_default();
                e
            })
            .collect();
        Ok((models, enums, self.warnings.into_iter().collect()))
    }

    /// The spec's example for a schema when it satisfies the schema, else one made from it.
    /// Appwrite's `x-example`s are often strings holding JSON, or disagree with the schema
    /// (e.g. numbers where the schema asks for arrays); examples feed docs and contract tests,
    /// which must send valid requests.
    pub fn example(&self, schema: &'a Schema, given: Option<&Value>, name: &str) -> Value {
        self.example_at(schema, given, name, 0)
    }

    fn example_at(&self, schema: &'a Schema, given: Option<&Value>, name: &str, depth: usize) -> Value {
        let given = match given {
            Some(Value::String(s)) if !matches!(schema.schema_kind, SchemaKind::Type(OaType::String(_))) => {
                serde_json::from_str::<Value>(s).ok()
            }
            other => other.cloned(),
        };
        if depth > EXAMPLE_DEPTH {
            return given.unwrap_or(Value::Null);
        }
        let resolve =
            |s: &'a ReferenceOr<Box<Schema>>| self.resolver.resolve_boxed(s, &Pointer::root()).ok().map(|(s, _)| s);
        let resolve_plain =
            |s: &'a ReferenceOr<Schema>| self.resolver.resolve(s, &Pointer::root()).ok().map(|(s, _)| s);
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
            SchemaKind::Type(OaType::Integer(i)) => {
                let allowed: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                match given {
                    Some(Value::Number(n))
                        if (n.is_i64() || n.is_u64())
                            && (allowed.is_empty() || n.as_i64().is_some_and(|v| allowed.contains(&v))) =>
                    {
                        Value::Number(n)
                    }
                    _ => match allowed.first() {
                        Some(first) => Value::from(*first),
                        None => Value::from(i.minimum.unwrap_or(0).max(0)),
                    },
                }
            }
            SchemaKind::Type(OaType::Number(n)) => match given {
                Some(Value::Number(v)) => Value::Number(v),
                _ => Value::from(n.minimum.unwrap_or(0.0).max(0.0)),
            },
            SchemaKind::Type(OaType::Boolean(_)) => match given {
                Some(Value::Bool(b)) => Value::Bool(b),
                _ => Value::Bool(false),
            },
            SchemaKind::Type(OaType::Array(a)) => {
                let items = a.items.as_ref().and_then(resolve);
                let given_items = match given {
                    Some(Value::Array(items)) if !items.is_empty() => items,
                    _ => vec![Value::Null],
                };
                Value::Array(
                    given_items
                        .iter()
                        .take(3)
                        .map(|v| match items {
                            Some(items) => self.example_at(items, (!v.is_null()).then_some(v), name, depth + 1),
                            None => v.clone(),
                        })
                        .collect(),
                )
            }
            SchemaKind::OneOf { one_of: choices } | SchemaKind::AnyOf { any_of: choices } => {
                let first = choices.iter().filter_map(resolve_plain).find(|s| !is_null_branch(s));
                match (first, &given) {
                    // An array schema without items accepts what was given if it is an array.
                    (Some(Schema { schema_kind: SchemaKind::Type(OaType::Array(a)), .. }), Some(Value::Array(v)))
                        if a.items.is_none() =>
                    {
                        Value::Array(v.clone())
                    }
                    (Some(first), _) => self.example_at(first, given.as_ref(), name, depth + 1),
                    (None, _) => given.unwrap_or(Value::Null),
                }
            }
            SchemaKind::AllOf { all_of } => {
                let mut merged = serde_json::Map::new();
                let mut other = None;
                for b in all_of.iter().filter_map(resolve_plain).filter(|b| !is_annotation(b)) {
                    match self.example_at(b, given.as_ref(), name, depth + 1) {
                        Value::Object(m) => merged.extend(m),
                        v => other = Some(v),
                    }
                }
                match other {
                    Some(v) if merged.is_empty() => v,
                    _ => Value::Object(merged),
                }
            }
            SchemaKind::Type(OaType::Object(o)) if !o.properties.is_empty() => {
                self.object_example(&o.properties, &o.required, given, depth)
            }
            SchemaKind::Any(a) if !a.properties.is_empty() && matches!(a.typ.as_deref(), None | Some("object")) => {
                self.object_example(&a.properties, &a.required, given, depth)
            }
            SchemaKind::Any(a) if a.typ.is_none() && (!a.one_of.is_empty() || !a.any_of.is_empty()) => {
                let first = a.one_of.iter().chain(&a.any_of).filter_map(resolve_plain).find(|s| !is_null_branch(s));
                match first {
                    Some(first) => self.example_at(first, given.as_ref(), name, depth + 1),
                    None => given.unwrap_or(Value::Null),
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

    /// An object with the given example's values where they fit, and every required property.
    fn object_example(
        &self,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        given: Option<Value>,
        depth: usize,
    ) -> Value {
        let given = match given {
            Some(Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        let mut out = serde_json::Map::new();
        for (name, prop) in properties {
            if !required.contains(name) && !given.contains_key(name) {
                continue;
            }
            let Ok((s, _)) = self.resolver.resolve_boxed(prop, &Pointer::root()) else { continue };
            let own = s.schema_data.extensions.get("x-example").or(s.schema_data.example.as_ref());
            out.insert(name.clone(), self.example_at(s, given.get(name).or(own), name, depth + 1));
        }
        Value::Object(out)
    }
}

impl Entry {
    fn pointer_is_component(&self) -> bool {
        self.model.pointer.starts_with("#/components/schemas/")
            && Pointer::from_ref(&self.model.pointer).and_then(|p| p.component("schemas")).as_deref()
                == Some(&self.model.name)
    }
}

/// A description, if not blank.
fn described(s: &Schema) -> Option<String> {
    s.schema_data.description.clone().filter(|d| !d.trim().is_empty())
}

/// A name fit to become a type name: starts with a letter, letters, digits, spaces and
/// separators only, not too long.
fn is_name(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.len() <= 64
        && text.chars().all(|c| c.is_ascii_alphanumeric() || " _-.".contains(c))
}

fn plain_value(value: String) -> EnumValue {
    EnumValue { value, key: None, description: None }
}

/// The enum values of a schema (strings, or integers as text).
fn enum_values_of(s: &Schema) -> Vec<String> {
    match &s.schema_kind {
        SchemaKind::Type(OaType::String(st)) => st.enumeration.iter().flatten().cloned().collect(),
        SchemaKind::Type(OaType::Integer(it)) => it.enumeration.iter().flatten().map(i64::to_string).collect(),
        SchemaKind::Any(a) => a.enumeration.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    }
}

/// A branch with exactly one value: that value (keyed by the branch's title) and whether it is
/// an integer.
fn single_value(s: &Schema) -> Option<(EnumValue, bool)> {
    let (value, integer) = match &s.schema_kind {
        SchemaKind::Type(OaType::String(st)) => match st.enumeration.as_slice() {
            [Some(v)] => (v.clone(), false),
            _ => return None,
        },
        SchemaKind::Type(OaType::Integer(it)) => match it.enumeration.as_slice() {
            [Some(v)] => (v.to_string(), true),
            _ => return None,
        },
        SchemaKind::Any(a) => match a.enumeration.as_slice() {
            [Value::String(v)] => (v.clone(), false),
            [Value::Number(n)] if n.is_i64() => (n.to_string(), true),
            _ => return None,
        },
        _ => return None,
    };
    let key = s.schema_data.title.clone().filter(|t| !t.trim().is_empty());
    Some((EnumValue { value, key, description: described(s) }, integer))
}

/// A `null` branch: `{nullable: true}` alone, `{enum: [null]}` or `{type: "null"}`.
fn is_null_branch(s: &Schema) -> bool {
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

/// A branch that only annotates (`{description: …}`, `{nullable: true}`).
fn is_annotation(s: &Schema) -> bool {
    matches!(&s.schema_kind, SchemaKind::Any(a) if a == &openapiv3::AnySchema::default())
}

/// The primitive type of a plain schema, if it is one.
fn primitive(s: &Schema) -> Option<Type> {
    match &s.schema_kind {
        SchemaKind::Type(OaType::String(st)) if st.enumeration.is_empty() && !is_binary(st) => Some(Type::String),
        SchemaKind::Type(OaType::Integer(it)) if it.enumeration.is_empty() => {
            Some(Type::Integer(IntegerFormat::Signed))
        }
        SchemaKind::Type(OaType::Number(_)) => Some(Type::Number),
        SchemaKind::Type(OaType::Boolean(_)) => Some(Type::Boolean),
        _ => None,
    }
}

fn integer_format(format: Option<&str>) -> IntegerFormat {
    match format {
        Some("int32") => IntegerFormat::Int32,
        Some("uint64" | "uint") => IntegerFormat::Unsigned64,
        _ => IntegerFormat::Signed,
    }
}

fn contains(ty: &Type, what: &Type) -> bool {
    ty == what
        || match ty {
            Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => contains(inner, what),
            _ => false,
        }
}

fn replace_files(ty: Type) -> Type {
    match ty {
        Type::File => Type::String,
        Type::Array(inner) => Type::Array(Box::new(replace_files(*inner))),
        Type::Map(inner) => Type::Map(Box::new(replace_files(*inner))),
        Type::Nullable(inner) => Type::Nullable(Box::new(replace_files(*inner))),
        other => other,
    }
}

/// The words the names share at their start (`columnBoolean`, `columnInteger` → `column`), if
/// that leaves every name a word of its own.
fn common_prefix(names: &[String]) -> Option<String> {
    fn words(name: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut prev_lower = false;
        for c in name.chars() {
            if !c.is_alphanumeric() {
                out.push(String::new());
                prev_lower = false;
                continue;
            }
            if c.is_uppercase() && prev_lower || out.is_empty() {
                out.push(String::new());
            }
            if let Some(last) = out.last_mut() {
                last.push(c);
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
        }
        out.retain(|w| !w.is_empty());
        out
    }
    if names.len() < 2 {
        return None;
    }
    let split: Vec<Vec<String>> = names.iter().map(|n| words(n)).collect();
    let mut n = 0;
    while split.iter().all(|w| w.len() > n + 1) && split.iter().all(|w| w[n] == split[0][n]) {
        n += 1;
    }
    (n > 0).then(|| split[0][..n].concat())
}

/// Placeholder text for a string parameter without a usable example.
fn placeholder(name: &str, format: &VariantOrUnknownOrEmpty<StringFormat>) -> String {
    use VariantOrUnknownOrEmpty::{Item, Unknown};
    match format {
        Unknown(f) if f == "email" => "email@example.com".to_owned(),
        Unknown(f) if f == "url" || f == "uri" => "https://example.com".to_owned(),
        Unknown(f) if f == "phone" => "+12065550100".to_owned(),
        Unknown(f) if f == "datetime" => "2020-10-15T06:38:00.000+00:00".to_owned(),
        Unknown(f) if f == "uuid" => "00000000-0000-4000-8000-000000000000".to_owned(),
        Unknown(f) if f == "ip" || f == "ipv4" => "192.0.2.1".to_owned(),
        Item(StringFormat::DateTime) => "2020-10-15T06:38:00Z".to_owned(),
        Item(StringFormat::Date) => "2020-10-15".to_owned(),
        _ => format!("<{}>", heck::ToShoutySnakeCase::to_shouty_snake_case(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_inline_types_after_where_they_are() {
        assert_eq!(Hint::new("user").child("hashOptions").name(), "userHashOptions");
        assert_eq!(Hint::new("user").child("hashOptions").child("item").name(), "userHashOptionsItem");
        assert_eq!(Hint::new("create").child("$id").name(), "createId");
        let param = Hint::new("create").param("runtime");
        assert_eq!((param.name(), param.enum_name()), ("createRuntime", "runtime"));
        assert_eq!(param.item().enum_name(), "runtime");
        assert_eq!(param.child("x").enum_name(), "createRuntimeX");
    }

    #[test]
    fn common_prefixes_are_whole_words() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(common_prefix(&names(&["columnBoolean", "columnInteger"])).as_deref(), Some("column"));
        assert_eq!(common_prefix(&names(&["oAuth2Github", "oAuth2Discord"])).as_deref(), Some("oAuth2"));
        assert_eq!(common_prefix(&names(&["algoArgon2", "algoScryptModified"])).as_deref(), Some("algo"));
        assert_eq!(common_prefix(&names(&["column", "columnInteger"])), None);
        assert_eq!(common_prefix(&names(&["a", "b"])), None);
        assert_eq!(common_prefix(&names(&["Dog", "Cat"])), None);
    }
}
