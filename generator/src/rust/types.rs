//! Rust types: which Rust type a [model type](crate::model::Type) becomes in each position
//! ([`Types::value_type`]), which fields are boxed to break recursion, which models are generic
//! over a free-form field, what setters take, and example values for docs and contract tests.

use std::collections::{HashMap, HashSet};

use heck::ToSnakeCase;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::names::{Scope, type_ident};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Api, EnumDef, IntegerFormat, Model, ModelKind, Type};

/// A type parameter of a model.
#[derive(Debug, Clone)]
pub struct GenericView {
    /// Parameter name.
    pub ident: Ident,
    /// Default type.
    pub default: TokenStream,
}

/// Where a type appears: the same spec type maps differently in parameters and in responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// A request parameter.
    Param,
    /// A response model field (inside a model that may carry type parameters).
    Field,
    /// A method's return type (type parameters take their defaults).
    Response,
}

/// Type mapping, aware of free-form models, generic models and recursion.
pub struct Types<'a> {
    pub(super) models: HashMap<&'a str, &'a Model>,
    enums: HashMap<&'a str, &'a EnumDef>,
    /// Rust names of models and enums (twins of one name get numbers).
    model_idents: HashMap<&'a str, Ident>,
    enum_idents: HashMap<&'a str, Ident>,
    generics: HashMap<String, Vec<GenericView>>,
    /// Per enum: wire values and their variant names, in order.
    enum_variants: HashMap<&'a str, Vec<(String, Ident)>>,
    /// Per model: the models it contains directly (not through a list or map).
    contains: HashMap<&'a str, HashSet<&'a str>>,
    lib: Ident,
}

impl<'a> Types<'a> {
    /// The type mapping of `api`; `enum_variants` are the enums' variant names.
    pub fn new(api: &'a Api, enum_variants: HashMap<&'a str, Vec<(String, Ident)>>, lib: Ident) -> Self {
        let models: HashMap<&str, &Model> = api.models.iter().map(|m| (m.name.as_str(), m)).collect();
        let mut scope = Scope::default();
        let model_idents = api.models.iter().map(|m| (m.name.as_str(), scope.take(type_ident(&m.name)))).collect();
        let mut scope = Scope::default();
        let enum_idents = api.enums.iter().map(|e| (e.name.as_str(), scope.take(type_ident(&e.name)))).collect();
        let enums = api.enums.iter().map(|e| (e.name.as_str(), e)).collect();
        let mut t = Types {
            models,
            enums,
            model_idents,
            enum_idents,
            generics: HashMap::new(),
            enum_variants,
            contains: HashMap::new(),
            lib,
        };
        t.generics = t.compute_generics(api);
        t.contains = t.compute_containment(api);
        t
    }

    /// The Rust name of a model.
    pub fn model_ident(&self, name: &str) -> Ident {
        self.model_idents.get(name).cloned().unwrap_or_else(|| type_ident(name))
    }

    /// The Rust name of an enum.
    pub fn enum_ident(&self, name: &str) -> Ident {
        self.enum_idents.get(name).cloned().unwrap_or_else(|| type_ident(name))
    }

    /// The type parameters of a model.
    pub fn generics(&self, name: &str) -> Vec<GenericView> {
        self.generics.get(name).cloned().unwrap_or_default()
    }

    fn is_free_form(&self, name: &str) -> bool {
        self.models.get(name).is_some_and(|m| m.is_free_form())
    }

    /// Whether a model has declared fields and keeps any other property as user data (a row's
    /// columns next to its `$id`): its user data is a type parameter.
    fn is_open(&self, name: &str) -> bool {
        self.models.get(name).is_some_and(
            |m| matches!(&m.kind, ModelKind::Struct { fields, additional: Some(Type::Any) } if !fields.is_empty()),
        )
    }

    /// The type parameter of an open model's user data (`Row<T = Map>`).
    pub fn data_generic(&self, name: &str) -> Option<Ident> {
        self.is_open(name).then(|| self.generic_ident("t"))
    }

    /// The type of a response whose user data is the caller's type `param`: a free-form model
    /// becomes `param` itself (`Preferences` → `T`), a model with one type parameter takes it
    /// (`User<T>`, `RowList<T>`); `None` when the type holds no user data (or more than one kind).
    /// `root` is the crate's path (`crate`, or the crate's name in examples).
    pub fn typed_response(&self, ty: &Type, param: &Ident, root: &TokenStream) -> Option<TokenStream> {
        Some(match ty {
            Type::Model(name) if self.is_free_form(name) => quote!(#param),
            Type::Model(name) => {
                let ident = self.model_ident(name);
                match self.generics.get(name.as_str()).map(Vec::len) {
                    Some(1) => quote!(#root::models::#ident<#param>),
                    _ => return None,
                }
            }
            Type::Array(inner) => {
                let inner = self.typed_response(inner, param, root)?;
                quote!(Vec<#inner>)
            }
            Type::Nullable(inner) => {
                let inner = self.typed_response(inner, param, root)?;
                quote!(Option<#inner>)
            }
            _ => return None,
        })
    }

    /// The crate's own name, as examples outside it write it.
    pub fn lib(&self) -> &Ident {
        &self.lib
    }

    /// A model gets a type parameter for its user data when it is open (`Row<T = Map>`) and for
    /// each field that holds a free-form model (`User.prefs` → `User<Prefs = Preferences>`), and
    /// inherits those of models it contains (`UserList<Prefs>`, `RowList<T>`).
    fn compute_generics(&self, api: &Api) -> HashMap<String, Vec<GenericView>> {
        let mut generics: HashMap<String, Vec<GenericView>> = HashMap::new();
        for m in &api.models {
            if self.is_open(&m.name) {
                let ident = self.generic_ident("t");
                let default = quote!(serde_json::Map<String, serde_json::Value>);
                push_generic(generics.entry(m.name.clone()).or_default(), GenericView { ident, default });
            }
            for f in m.fields() {
                if let Some(inner) = innermost_model(&f.ty) {
                    if self.is_free_form(inner) {
                        let ident = self.generic_ident(&f.name);
                        let target = self.model_ident(inner);
                        let default = quote!(crate::models::#target);
                        push_generic(generics.entry(m.name.clone()).or_default(), GenericView { ident, default });
                    }
                }
            }
        }
        loop {
            let mut changed = false;
            for m in &api.models {
                for f in m.fields() {
                    let Some(inner) = innermost_model(&f.ty) else { continue };
                    if inner == m.name {
                        continue;
                    }
                    let inherited = generics.get(inner).cloned().unwrap_or_default();
                    let own = generics.entry(m.name.clone()).or_default();
                    for g in inherited {
                        changed |= push_generic(own, g);
                    }
                }
            }
            if !changed {
                break;
            }
        }
        generics.retain(|_, v| !v.is_empty());
        generics
    }

    /// The type parameter standing for the free-form model of `field`. A name that would shadow a
    /// type the model uses (`String`, `Vec`, `Option` in serde's `Option::is_none`) or a model
    /// (the struct's own name in its derived impls) gets a `Type` suffix.
    fn generic_ident(&self, field: &str) -> Ident {
        let ident = type_ident(field);
        let name = ident.to_string();
        let taken = self.model_idents.values().any(|i| *i == name);
        if ["String", "Vec", "Option", "Box", "Result"].contains(&name.as_str()) || taken {
            format_ident!("{name}Type")
        } else {
            ident
        }
    }

    /// Which models each model holds directly (a field, a variant or an alias without a list or
    /// map in between), transitively: a field whose model holds the model it is in is boxed.
    fn compute_containment(&self, api: &'a Api) -> HashMap<&'a str, HashSet<&'a str>> {
        let direct = |m: &'a Model| -> Vec<&'a str> {
            match &m.kind {
                ModelKind::Struct { fields, .. } => fields.iter().filter_map(|f| direct_model(&f.ty)).collect(),
                ModelKind::Union(u) => u.variants.iter().filter_map(|v| direct_model(&v.ty)).collect(),
                ModelKind::Alias(ty) => direct_model(ty).into_iter().collect(),
            }
        };
        let mut out = HashMap::new();
        for m in &api.models {
            let mut seen: HashSet<&str> = HashSet::new();
            let mut stack = direct(m);
            while let Some(n) = stack.pop() {
                if seen.insert(n) {
                    if let Some(next) = self.models.get(n) {
                        stack.extend(direct(next));
                    }
                }
            }
            out.insert(m.name.as_str(), seen);
        }
        out
    }

    /// Whether a value of `ty` held directly by model `container` must be boxed: its model
    /// holds `container` again.
    pub fn needs_box(&self, container: &str, ty: &Type) -> bool {
        match direct_model(ty) {
            Some(inner) => inner == container || self.contains.get(inner).is_some_and(|c| c.contains(container)),
            None => false,
        }
    }

    /// The Rust type of a spec type in a position; `field` names the field for free-form generics.
    pub fn value_type(&self, ty: &Type, position: Position, field: Option<&str>) -> Result<TokenStream> {
        Ok(match ty {
            Type::String => quote!(String),
            Type::Integer(IntegerFormat::Unsigned64) => quote!(u64),
            Type::Integer(_) => quote!(i64),
            Type::Number => quote!(f64),
            Type::Boolean => quote!(bool),
            Type::Array(inner) => {
                let inner = self.value_type(inner, position, field)?;
                quote!(Vec<#inner>)
            }
            Type::Map(inner) => {
                let inner = self.value_type(inner, position, field)?;
                quote!(std::collections::BTreeMap<String, #inner>)
            }
            Type::Nullable(inner) => {
                let inner = self.value_type(inner, position, field)?;
                quote!(Option<#inner>)
            }
            Type::Object => match position {
                Position::Param => quote!(serde_json::Value),
                _ => quote!(serde_json::Map<String, serde_json::Value>),
            },
            Type::Any => quote!(serde_json::Value),
            Type::Bytes => quote!(Vec<u8>),
            Type::Enum(name) => {
                let ident = self.enum_ident(name);
                quote!(crate::enums::#ident)
            }
            Type::Model(name) => {
                let ident = self.model_ident(name);
                match (position, field) {
                    (Position::Field, Some(field)) if self.is_free_form(name) => {
                        let param = self.generic_ident(field);
                        quote!(#param)
                    }
                    (Position::Field, _) => match self.generics.get(name) {
                        Some(gs) => {
                            let params = gs.iter().map(|g| &g.ident);
                            quote!(crate::models::#ident<#(#params),*>)
                        }
                        None => quote!(crate::models::#ident),
                    },
                    _ => quote!(crate::models::#ident),
                }
            }
            Type::File if position == Position::Param => quote!(crate::InputFile),
            Type::File => {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    "binary (`format: binary`) fields are only supported as upload parameters",
                ));
            }
        })
    }

    /// Whether a model's fields all have defaults (enums do not: no value is a neutral one).
    pub fn has_default<'n>(&'n self, model: &'n str, visiting: &mut Vec<&'n str>) -> bool {
        if visiting.contains(&model) {
            return true;
        }
        let Some(m) = self.models.get(model) else { return false };
        visiting.push(model);
        let ok = match &m.kind {
            ModelKind::Struct { fields, .. } => fields.iter().all(|f| {
                let optional = !f.required || f.nullable;
                optional || self.type_has_default(&f.ty, visiting)
            }),
            ModelKind::Union(_) => false,
            ModelKind::Alias(ty) => self.type_has_default(ty, visiting),
        };
        visiting.pop();
        ok
    }

    fn type_has_default<'n>(&'n self, ty: &'n Type, visiting: &mut Vec<&'n str>) -> bool {
        match ty {
            Type::Enum(_) | Type::File => false,
            Type::Model(name) => self.has_default(name, visiting),
            _ => true,
        }
    }

    /// Setter argument type and the conversion from the argument `ident` to the stored value.
    pub fn setter(&self, ty: &Type, ident: &Ident) -> Result<(TokenStream, Option<TokenStream>)> {
        Ok(match ty {
            Type::String => (quote!(impl Into<String>), Some(quote!(#ident.into()))),
            Type::Array(inner) if **inner == Type::String => (
                quote!(impl IntoIterator<Item = impl Into<String>>),
                Some(quote!(#ident.into_iter().map(Into::into).collect())),
            ),
            Type::Array(inner) => {
                let inner = self.value_type(inner, Position::Param, None)?;
                (quote!(impl IntoIterator<Item = #inner>), Some(quote!(#ident.into_iter().collect())))
            }
            Type::Object | Type::Any => (quote!(impl Into<serde_json::Value>), Some(quote!(#ident.into()))),
            other => (self.value_type(other, Position::Param, None)?, None),
        })
    }

    /// An example value of `ty` for docs and contract tests, from `example` when it fits.
    /// `setter`: the value is a setter's argument (lists may be arrays, strings `&str`);
    /// otherwise it must have the exact type (a constructor argument, a variant's content).
    pub fn example(&self, ty: &Type, example: Option<&Value>, name: &str, setter: bool) -> TokenStream {
        self.example_at(ty, example, name, setter, false, 0)
    }

    /// `in_model`: the value is a model's field (free-form objects are JSON maps there, JSON
    /// values in parameters).
    fn example_at(
        &self,
        ty: &Type,
        example: Option<&Value>,
        name: &str,
        setter: bool,
        in_model: bool,
        depth: usize,
    ) -> TokenStream {
        let lib = &self.lib;
        match ty {
            Type::String => {
                let text = match example {
                    Some(Value::String(s)) if !s.is_empty() => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => format!("<{}>", name.to_snake_case().to_uppercase()),
                };
                let lit = Literal::string(&text);
                if setter { quote!(#lit) } else { quote!(#lit.to_owned()) }
            }
            Type::Integer(_) => {
                let n = example.and_then(Value::as_i64).unwrap_or(0);
                let lit = Literal::i64_unsuffixed(n.max(0));
                quote!(#lit)
            }
            Type::Number => {
                let n = example.and_then(Value::as_f64).unwrap_or(0.0);
                let lit = Literal::f64_unsuffixed(n);
                quote!(#lit)
            }
            Type::Boolean => {
                let b = example.and_then(Value::as_bool).unwrap_or(false);
                quote!(#b)
            }
            Type::Enum(enum_name) => {
                let ident = self.enum_ident(enum_name);
                let value = example.map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
                let variants = self.enum_variants.get(enum_name.as_str());
                let variant = variants
                    .and_then(|vs| vs.iter().find(|(v, _)| Some(v) == value.as_ref()).or_else(|| vs.first()))
                    .map(|(_, ident)| ident);
                match variant {
                    Some(v) => quote!(#lib::enums::#ident::#v),
                    None if self.enums.get(enum_name.as_str()).is_some_and(|e| e.integer) => {
                        quote!(#lib::enums::#ident::Unknown(0))
                    }
                    None => quote!(#lib::enums::#ident::Unknown(String::new())),
                }
            }
            // Deep lists stay empty: a recursive type's example ends.
            Type::Array(_) if depth >= 3 => {
                if setter {
                    quote!([])
                } else {
                    quote!(Vec::new())
                }
            }
            Type::Array(inner) => {
                let items: Vec<Value> = match example {
                    Some(Value::Array(items)) if !items.is_empty() => items.clone(),
                    Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
                        Ok(Value::Array(items)) if !items.is_empty() => items,
                        _ => vec![Value::Null],
                    },
                    _ => vec![Value::Null],
                };
                let items = items.iter().take(3).map(|v| {
                    let v = (!v.is_null()).then_some(v);
                    self.example_at(inner, v, name, setter && **inner == Type::String, in_model, depth + 1)
                });
                if setter { quote!([#(#items),*]) } else { quote!(vec![#(#items),*]) }
            }
            Type::Nullable(inner) => {
                let inner = self.example_at(inner, example, name, false, in_model, depth + 1);
                quote!(Some(#inner))
            }
            Type::Map(_) => quote!(Default::default()),
            Type::Object | Type::Any => {
                let value = match example {
                    Some(Value::String(s)) if *ty == Type::Object => {
                        serde_json::from_str::<Value>(s).unwrap_or(Value::Object(Default::default()))
                    }
                    Some(v) => v.clone(),
                    None => Value::Object(Default::default()),
                };
                let value = match value {
                    Value::Object(_) => value,
                    _ if *ty == Type::Object => Value::Object(Default::default()),
                    other => other,
                };
                let tokens = json_tokens(&value);
                if *ty == Type::Object && in_model {
                    quote!(serde_json::json!(#tokens).as_object().cloned().unwrap_or_default())
                } else {
                    quote!(serde_json::json!(#tokens))
                }
            }
            Type::File => quote!(#lib::InputFile::from_bytes("file contents", "file.txt")),
            Type::Bytes => quote!(b"bytes".to_vec()),
            Type::Model(model) => self.model_example(model, example, depth),
        }
    }

    /// A value of a named model: a struct from its constructor (or `Default`), a union from its
    /// first variant, an alias from what it stands for.
    fn model_example(&self, model: &str, example: Option<&Value>, depth: usize) -> TokenStream {
        let lib = &self.lib;
        let ident = self.model_ident(model);
        let Some(m) = self.models.get(model) else { return quote!(Default::default()) };
        if depth > 6 {
            return quote!(Default::default());
        }
        match &m.kind {
            ModelKind::Struct { fields, .. } => {
                let required: Vec<&crate::model::Field> = fields.iter().filter(|f| f.required).collect();
                if required.is_empty() || !m.input {
                    return quote!(#lib::models::#ident::default());
                }
                let object = example.and_then(Value::as_object);
                let args = required.iter().map(|f| {
                    let given = object.and_then(|o| o.get(&f.name)).or(f.example.as_ref());
                    if f.nullable {
                        let value = self.example_at(&f.ty, given, &f.name, false, true, depth + 1);
                        quote!(Some(#value))
                    } else {
                        self.example_at(&f.ty, given, &f.name, true, true, depth + 1)
                    }
                });
                quote!(#lib::models::#ident::new(#(#args),*))
            }
            ModelKind::Union(u) => match u.variants.first() {
                Some(v) => {
                    let variant =
                        self.variant_idents(model).into_iter().next().unwrap_or_else(|| format_ident!("Unknown"));
                    let value = self.example_at(&v.ty, example, model, false, true, depth + 1);
                    let value = if self.needs_box(model, &v.ty) { quote!(Box::new(#value)) } else { value };
                    quote!(#lib::models::#ident::#variant(#value))
                }
                None => quote!(#lib::models::#ident::Unknown(serde_json::Value::Null)),
            },
            ModelKind::Alias(ty) => self.example_at(ty, example, model, false, true, depth + 1),
        }
    }

    /// The variant names of a union: a model variant is named after its model without the
    /// union's own name in front (`Column::Boolean(ColumnBoolean)`), others after their type or
    /// title; `Unknown` stays free for values no variant takes.
    pub fn variant_idents(&self, union: &str) -> Vec<Ident> {
        let Some(ModelKind::Union(u)) = self.models.get(union).map(|m| &m.kind) else { return Vec::new() };
        let union_ident = self.model_ident(union).to_string();
        let mut scope = Scope::with(&["Unknown"]);
        u.variants
            .iter()
            .map(|v| {
                let base = match (&v.title, &v.ty) {
                    (Some(title), _) => type_ident(title),
                    (None, Type::Model(name)) => {
                        let full = self.model_ident(name).to_string();
                        match full.strip_prefix(&union_ident) {
                            Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => format_ident!("{rest}"),
                            _ => format_ident!("{full}"),
                        }
                    }
                    (None, Type::Enum(name)) => self.enum_ident(name),
                    (None, ty) => format_ident!("{}", type_word(ty)),
                };
                scope.take(base)
            })
            .collect()
    }
}

/// A word naming a type, for union variants that are not named types.
fn type_word(ty: &Type) -> &'static str {
    match ty {
        Type::String => "String",
        Type::Integer(_) => "Integer",
        Type::Number => "Number",
        Type::Boolean => "Boolean",
        Type::Array(_) => "Array",
        Type::Map(_) | Type::Object => "Object",
        Type::Any => "Value",
        Type::Bytes | Type::File => "Bytes",
        Type::Nullable(inner) => type_word(inner),
        Type::Enum(_) | Type::Model(_) => "Value",
    }
}

fn push_generic(list: &mut Vec<GenericView>, g: GenericView) -> bool {
    if list.iter().any(|e| e.ident == g.ident) {
        false
    } else {
        list.push(g);
        true
    }
}

/// The model inside a type, through lists, maps and nullability.
pub fn innermost_model(ty: &Type) -> Option<&str> {
    match ty {
        Type::Model(name) => Some(name),
        Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => innermost_model(inner),
        _ => None,
    }
}

/// The model a type holds in place (not through a list or map).
fn direct_model(ty: &Type) -> Option<&str> {
    match ty {
        Type::Model(name) => Some(name),
        Type::Nullable(inner) => direct_model(inner),
        _ => None,
    }
}

/// `serde_json::json!` argument tokens for a value.
pub fn json_tokens(value: &Value) -> TokenStream {
    match value {
        Value::Null => quote!(null),
        Value::Bool(b) => quote!(#b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                let lit = Literal::i64_unsuffixed(i);
                quote!(#lit)
            } else {
                let lit = Literal::f64_unsuffixed(n.as_f64().unwrap_or(0.0));
                quote!(#lit)
            }
        }
        Value::String(s) => {
            let lit = Literal::string(s);
            quote!(#lit)
        }
        Value::Array(items) => {
            let items = items.iter().map(json_tokens);
            quote!([#(#items),*])
        }
        Value::Object(map) => {
            let entries = map.iter().map(|(k, v)| {
                let k = Literal::string(k);
                let v = json_tokens(v);
                quote!(#k: #v)
            });
            quote!({ #(#entries),* })
        }
    }
}
