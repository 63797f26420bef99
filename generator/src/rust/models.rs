//! Models and enums: the view of every named type of the models module (structs with their
//! field names, boxing, constructor and page, unions with their discriminators, aliases) and of
//! every enum with its variant names ([`model_view`], [`enum_view`]).

use std::collections::HashSet;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::names::{DocLine, Scope, code_text, doc_lines, doc_lines_or, field_ident, type_ident, unraw};
use super::streams::{PageView, page_shape};
use super::types::{GenericView, Position, Types};
use super::{CfgView, api_name, cfg_view, features};
use crate::error::{Error, Result};
use crate::model::{self, Model, ModelKind, Type};

/// A named type of the models module.
#[derive(Debug)]
pub struct ModelView {
    /// Schema key.
    pub spec_name: String,
    /// Rust type name.
    pub ident: Ident,
    /// Doc lines.
    pub docs: Vec<DocLine>,
    /// Cargo features (services) that need this model; empty: always compiled.
    pub features: Vec<String>,
    /// What it is.
    pub kind: ModelViewKind,
}

/// The kinds of model views.
#[derive(Debug)]
pub enum ModelViewKind {
    /// A struct.
    Struct(StructView),
    /// A type alias (free-form models, maps, other component schemas).
    Alias(TokenStream),
    /// An enum of types.
    Union(UnionView),
}

/// A struct.
#[derive(Debug)]
pub struct StructView {
    /// Type parameters with defaults, e.g. `Prefs = crate::models::Preferences`.
    pub generics: Vec<GenericView>,
    /// Fields.
    pub fields: Vec<FieldView>,
    /// The field that collects undeclared properties, and its map type.
    pub extra: Option<(Ident, TokenStream)>,
    /// The undeclared properties are user data whose type is the caller's (a type parameter).
    pub extra_generic: bool,
    /// The struct is the page of a list method with a stream companion.
    pub page: Option<PageView>,
    /// Every field has a default value, so the struct derives `Default`: code outside the crate
    /// builds one as `Model::default()` and sets fields (a `#[non_exhaustive]` struct cannot be
    /// written as a literal there), and that keeps working when fields are added.
    pub default: bool,
    /// A constructor taking the required fields, for structs callers send.
    pub constructor: Option<Vec<ConstructorArg>>,
}

impl StructView {
    /// The fields that are not `Option`s: decoding fails when one is missing.
    pub fn required_fields(&self) -> Vec<&FieldView> {
        self.fields.iter().filter(|f| !f.optional).collect()
    }

    /// The number of fields always serialized (those whose `None` is not left out).
    pub fn serialized_len(&self) -> usize {
        self.fields.iter().filter(|f| !f.skip_none).count()
    }
}

/// A constructor argument.
#[derive(Debug)]
pub struct ConstructorArg {
    /// The field.
    pub ident: Ident,
    /// Argument type.
    pub ty: TokenStream,
    /// The stored value, from the argument.
    pub value: TokenStream,
}

/// A model field.
#[derive(Debug)]
pub struct FieldView {
    /// Rust name.
    pub ident: Ident,
    /// JSON name.
    pub wire_name: Literal,
    /// Doc lines.
    pub docs: Vec<DocLine>,
    /// Type (with `Option` when not always present or nullable, `Box` when recursive).
    pub ty: TokenStream,
    /// Whether the type is an `Option`.
    pub optional: bool,
    /// `None` is left out when serializing (else it is sent as `null`).
    pub skip_none: bool,
    /// Set by the constructor from an argument.
    pub in_constructor: bool,
}

/// `oneOf` / `anyOf` as an enum.
#[derive(Debug)]
pub struct UnionView {
    /// Told apart by a discriminator (else tried in order).
    pub tagged: bool,
    /// Variants.
    pub variants: Vec<UnionVariantView>,
}

/// One variant of a union.
#[derive(Debug)]
pub struct UnionVariantView {
    /// Rust name.
    pub ident: Ident,
    /// Content type (boxed when recursive).
    pub ty: TokenStream,
    /// The content is boxed.
    pub boxed: bool,
    /// Doc line.
    pub doc: DocLine,
    /// Discriminator values selecting it: each a list of (property, value) that must all match.
    pub tags: Vec<Vec<(Literal, Literal)>>,
    /// Discriminator values to add when serializing (its type does not declare them).
    pub inject: Vec<(Literal, Literal)>,
}

/// An enum.
#[derive(Debug)]
pub struct EnumView {
    /// Rust name.
    pub ident: Ident,
    /// Doc lines.
    pub docs: Vec<DocLine>,
    /// Spec name.
    pub spec_name: String,
    /// Integer values (else strings).
    pub integer: bool,
    /// Variants.
    pub variants: Vec<VariantView>,
    /// Cargo features (services) that need this enum; empty: always compiled.
    pub features: Vec<String>,
    /// The `#[cfg(…)]` of those features.
    pub cfg: CfgView,
}

/// An enum variant.
#[derive(Debug)]
pub struct VariantView {
    /// Rust name.
    pub ident: Ident,
    /// Wire value (a string or an integer literal).
    pub value: Literal,
    /// Wire value as plain text.
    pub value_text: String,
    /// Doc lines.
    pub docs: Vec<DocLine>,
    /// The `Self::Variant => value` match arm is too long for one line (prettyplease puts the
    /// value in a block of its own).
    pub long_value_arm: bool,
    /// The `value => Self::Variant` match arm is too long for one line.
    pub long_variant_arm: bool,
}

/// The page view of a list model some method walks.
fn page_view(types: &Types<'_>, m: &Model) -> Result<Option<PageView>> {
    let (Some(shape), ModelKind::Struct { fields, .. }) = (page_shape(types, &m.name), &m.kind) else {
        return Ok(None);
    };
    let (idents, _) = struct_field_idents(fields);
    let item_ty = types.value_type(shape.item, Position::Field, Some(&fields[shape.items].name))?;
    let cursor = shape.cursor.and_then(|i| match shape.item {
        Type::Model(name) => match types.models.get(name.as_str()).map(|m| &m.kind) {
            Some(ModelKind::Struct { fields, .. }) => struct_field_idents(fields).0.into_iter().nth(i),
            _ => None,
        },
        _ => None,
    });
    Ok(Some(PageView { items: idents[shape.items].clone(), item_ty, cursor }))
}

pub(super) fn model_view(types: &Types<'_>, m: &Model, paginated: &HashSet<&str>) -> Result<ModelView> {
    let ident = types.model_ident(&m.name);
    let mut docs = doc_lines_or(m.description.as_deref(), || format!("The `{}` model.", code_text(&m.name)));
    if let ModelKind::Union(u) = &m.kind {
        docs.push(DocLine(String::new()));
        docs.push(DocLine(if u.discriminator.is_empty() {
            " Decoded by trying each variant in order (the first that fits wins); a value no variant fits is kept in `Unknown`, as the server sent it.".to_owned()
        } else {
            let names: Vec<String> = u.discriminator.iter().map(|d| format!("`{}`", code_text(d))).collect();
            format!(
                " Decoded by the discriminator {}; a value whose discriminator no variant has, or that does not fit the variant its discriminator names, is kept in `Unknown`, as the server sent it.",
                names.join(", ")
            )
        }));
    }
    let located =
        |e: Error| if e.location.pointer.is_none() { Error::at(e.kind, m.pointer.clone(), e.message) } else { e };
    let kind = match &m.kind {
        ModelKind::Struct { .. } if m.is_free_form() => {
            ModelViewKind::Alias(quote!(serde_json::Map<String, serde_json::Value>))
        }
        ModelKind::Struct { fields, additional: Some(extra) } if fields.is_empty() => {
            let ty = types.value_type(&Type::Map(Box::new(extra.clone())), Position::Field, None).map_err(located)?;
            ModelViewKind::Alias(ty)
        }
        ModelKind::Struct { fields, additional } => {
            let mut view = struct_view(types, m, fields, additional.as_ref()).map_err(located)?;
            if paginated.contains(m.name.as_str()) {
                view.page = page_view(types, m).map_err(located)?;
            }
            ModelViewKind::Struct(view)
        }
        ModelKind::Alias(ty) => ModelViewKind::Alias(types.value_type(ty, Position::Response, None).map_err(located)?),
        ModelKind::Union(u) => ModelViewKind::Union(union_view(types, m, u).map_err(located)?),
    };
    Ok(ModelView { spec_name: m.name.clone(), ident, docs, features: features(&m.used_by), kind })
}

/// The Rust names of a struct's fields, and the scope holding them: exact spec names first
/// (`id` keeps `id` over `$id`), then the rest.
fn struct_field_idents(fields: &[model::Field]) -> (Vec<Ident>, Scope) {
    let mut scope = Scope::default();
    let mut idents: Vec<Option<Ident>> = vec![None; fields.len()];
    for exact in [true, false] {
        for (i, f) in fields.iter().enumerate() {
            let ident = field_ident(&f.name);
            if (unraw(&ident) == f.name) == exact {
                idents[i] = Some(scope.take(ident));
            }
        }
    }
    let idents = idents.into_iter().zip(fields).map(|(i, f)| i.unwrap_or_else(|| field_ident(&f.name))).collect();
    (idents, scope)
}

fn struct_view(types: &Types<'_>, m: &Model, fields: &[model::Field], additional: Option<&Type>) -> Result<StructView> {
    let generics = types.generics(&m.name);
    let (idents, mut scope) = struct_field_idents(fields);
    let mut views = Vec::with_capacity(fields.len());
    let mut constructor = Vec::new();
    for (f, ident) in fields.iter().zip(idents) {
        let at = format!("{}/properties/{}", m.pointer, crate::error::escape_pointer_token(&f.name));
        let inner =
            types.value_type(&f.ty, Position::Field, Some(&f.name)).map_err(|e| Error::at(e.kind, at, e.message))?;
        let boxed = types.needs_box(&m.name, &f.ty);
        let inner = if boxed { quote!(Box<#inner>) } else { inner };
        let optional = !f.required || f.nullable;
        let ty = if optional { quote!(Option<#inner>) } else { inner.clone() };
        let in_constructor = m.input && f.required;
        if in_constructor {
            let (arg_ty, value) = if f.nullable || boxed || !generics.is_empty() {
                let plain = types.value_type(&f.ty, Position::Field, Some(&f.name))?;
                let plain = if f.nullable { quote!(Option<#plain>) } else { plain };
                let value = match (boxed, f.nullable) {
                    (true, true) => quote!(#ident.map(Box::new)),
                    (true, false) => quote!(Box::new(#ident)),
                    _ => quote!(#ident),
                };
                (plain, value)
            } else {
                let (arg, convert) = types.setter(&f.ty, &ident)?;
                (arg, convert.unwrap_or_else(|| quote!(#ident)))
            };
            constructor.push(ConstructorArg { ident: ident.clone(), ty: arg_ty, value });
        }
        views.push(FieldView {
            ident,
            wire_name: Literal::string(&f.name),
            docs: doc_lines_or(f.description.as_deref(), || format!("The `{}` field.", code_text(&f.name))),
            ty,
            optional,
            skip_none: optional && !(f.required && f.nullable),
            in_constructor,
        });
    }
    // Undeclared properties (user data of documents and rows) are kept in one flattened map.
    let extra = additional.map(|extra| {
        let name = ["data", "extra", "additional_properties"]
            .into_iter()
            .map(|n| format_ident!("{n}"))
            .find(|n| !scope.contains(n))
            .unwrap_or_else(|| scope.take(format_ident!("additional_properties")));
        let ty = match extra {
            Type::Any => match types.data_generic(&m.name) {
                Some(param) => quote!(#param),
                None => quote!(serde_json::Map<String, serde_json::Value>),
            },
            other => types
                .value_type(&Type::Map(Box::new(other.clone())), Position::Field, None)
                .unwrap_or_else(|_| quote!(serde_json::Map<String, serde_json::Value>)),
        };
        (name, ty)
    });
    let default = types.has_default(&m.name, &mut Vec::new());
    let constructor = (m.input && !constructor.is_empty() && generics.is_empty()).then_some(constructor);
    let extra_generic = additional == Some(&Type::Any) && types.data_generic(&m.name).is_some();
    Ok(StructView { generics, fields: views, extra, extra_generic, default, constructor, page: None })
}

fn union_view(types: &Types<'_>, m: &Model, u: &model::Union) -> Result<UnionView> {
    let idents = types.variant_idents(&m.name);
    let mut variants = Vec::with_capacity(u.variants.len());
    for (v, ident) in u.variants.iter().zip(idents) {
        let inner = types.value_type(&v.ty, Position::Response, None)?;
        let boxed = types.needs_box(&m.name, &v.ty);
        let ty = if boxed { quote!(Box<#inner>) } else { inner };
        let tags: Vec<Vec<(Literal, Literal)>> =
            v.tags.iter().map(|t| t.iter().map(|(p, x)| (Literal::string(p), Literal::string(x))).collect()).collect();
        // Values the variant's own type does not declare are added when serializing.
        let declared: Vec<&str> = match &v.ty {
            Type::Model(name) => types
                .models
                .get(name.as_str())
                .map(|m| m.fields().iter().map(|f| f.name.as_str()).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let inject = match (&v.ty, v.tags.first()) {
            (Type::Model(name), Some(tag))
                if types.models.get(name.as_str()).is_some_and(|m| matches!(m.kind, ModelKind::Struct { .. })) =>
            {
                tag.iter()
                    .filter(|(p, _)| !declared.contains(&p.as_str()))
                    .map(|(p, x)| (Literal::string(p), Literal::string(x)))
                    .collect()
            }
            _ => Vec::new(),
        };
        let what = match &v.ty {
            Type::Model(name) => format!("[`{}`]", types.model_ident(name)),
            Type::Enum(name) => format!("[`{}`](crate::enums::{})", types.enum_ident(name), types.enum_ident(name)),
            other => format!("A `{other}` value"),
        };
        let when = match v.tags.first() {
            Some(tag) => {
                let conditions: Vec<String> =
                    tag.iter().map(|(p, x)| format!("`{}` is `{}`", code_text(p), code_text(x))).collect();
                format!(", when {}", conditions.join(" and "))
            }
            None => String::new(),
        };
        variants.push(UnionVariantView { ident, ty, boxed, doc: DocLine(format!(" {what}{when}.")), tags, inject });
    }
    Ok(UnionView { tagged: !u.discriminator.is_empty(), variants })
}

pub(super) fn enum_view(e: &model::EnumDef, title: &str) -> Result<EnumView> {
    let mut scope = Scope::with(&["Unknown"]);
    let mut variants = Vec::with_capacity(e.values.len());
    for v in &e.values {
        let source = v.key.as_deref().unwrap_or(&v.value);
        let base = if source.is_empty() { format_ident!("Empty") } else { type_ident(source) };
        let base = if base == "Unknown" { format_ident!("UnknownValue") } else { base };
        let ident = scope.take(base);
        let mut docs = vec![DocLine(format!(" `{}`", code_text(&v.value)))];
        if let Some(d) = &v.description {
            docs.push(DocLine(String::new()));
            docs.extend(doc_lines(Some(d)));
        }
        let value = if e.integer {
            Literal::i64_unsuffixed(v.value.parse().unwrap_or_default())
        } else {
            Literal::string(&v.value)
        };
        // Match arms sit 12 columns in; prettyplease breaks lines beyond 89 columns.
        let arm = 12 + "Self::".len() + unraw(&ident).len() + " => ".len() + value.to_string().len() + ",".len();
        variants.push(VariantView {
            ident,
            value,
            value_text: v.value.clone(),
            docs,
            long_value_arm: arm > 89,
            long_variant_arm: arm > 89,
        });
    }
    let mut docs = match &e.description {
        Some(d) => doc_lines(Some(d)),
        None => vec![DocLine(format!(" Values of `{}` in the {}.", code_text(&e.name), api_name(title)))],
    };
    if e.open {
        docs.push(DocLine(String::new()));
        docs.push(DocLine(" The API also accepts values not listed here (an open set).".to_owned()));
    }
    let features = features(&e.used_by);
    Ok(EnumView {
        ident: type_ident(&e.name),
        docs,
        spec_name: e.name.clone(),
        integer: e.integer,
        variants,
        cfg: cfg_view(&features),
        features,
    })
}
