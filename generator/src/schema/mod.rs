//! Schema → type: every decision about how an OpenAPI schema becomes a type of the
//! [model](crate::types) lives here (as typify's `TypeSpace` does for progenitor).
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
//!
//! The decisions are split by responsibility, each a private module with its own
//! `impl TypeSpace`: `scan` (what the document declares before anything is built),
//! `references` (`$ref`s, recursion and who uses what), `names`, `objects` (structs, maps and
//! `allOf`), `enums`, `unions` (`oneOf` / `anyOf` and discriminators) and `examples`. This
//! module holds the entry points and what they share.

mod enums;
mod examples;
mod names;
mod objects;
mod references;
mod scan;
mod unions;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, StringType, Type as OaType, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::error::Result;
use crate::pointer::Pointer;
use crate::resolve::Resolver;
use crate::types::{EnumDef, IntegerFormat, Model, ModelKind, Type, Warning};

use enums::{enum_values_of, plain_value};
use names::normalized;
use references::{enum_node, model_node, service_node};

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
        let used = references::reachability(&self.edges, services, service_node);
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
}

/// A description, if not blank.
fn described(s: &Schema) -> Option<String> {
    s.schema_data.description.clone().filter(|d| !d.trim().is_empty())
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
}
