//! Rust stage: names, types and collisions.
//!
//! Turns the language-neutral [`model`] into the views the templates print. Every
//! naming decision lives here: where a method name is decided ([`method_ident`]), how a spec name
//! becomes a field or type name ([`field_ident`], [`type_ident`]), which Rust type a spec type maps
//! to ([`Types::value_type`]), and how two spec methods that map to one Rust name are reconciled
//! ([`reconcile_methods`]).

use std::collections::{BTreeMap, HashMap};

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::docs;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{self, Api, Deprecation, Method, Model, Param, ParamLocation, Response, Type};

/// What the generated crate is called and which spec it comes from.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// Cargo package name, e.g. `appwrite-server-sdk`.
    pub package: String,
    /// Package version.
    pub version: String,
    /// Spec file name, for headers and docs.
    pub spec_file: String,
    /// SHA-256 of the spec file.
    pub spec_sha256: String,
    /// Value of the `X-Appwrite-Response-Format` header the SDK sends.
    pub response_format: String,
    /// Services enabled by default.
    pub default_tags: Vec<String>,
}

/// Everything the templates need to print the crate.
#[derive(Debug)]
pub struct CrateView {
    /// Cargo package name.
    pub package: String,
    /// Library name as used in `use` paths (package name in snake case).
    pub lib: Ident,
    /// Package version.
    pub version: String,
    /// Appwrite version of the spec.
    pub appwrite_version: String,
    /// Spec file name.
    pub spec_file: String,
    /// Spec SHA-256.
    pub spec_sha256: String,
    /// `X-Appwrite-Response-Format` value.
    pub response_format: String,
    /// Services.
    pub services: Vec<ServiceView>,
    /// Models.
    pub models: Vec<ModelView>,
    /// Enums.
    pub enums: Vec<EnumView>,
    /// Services enabled by default (cargo features).
    pub default_features: Vec<String>,
    /// Module of a default service, for the crate-level example.
    pub example_service: Option<Ident>,
}

/// A service (one module, one struct).
#[derive(Debug)]
pub struct ServiceView {
    /// Spec tag.
    pub tag: String,
    /// Module name, e.g. `account`, `tables_db`.
    pub module: Ident,
    /// Struct name, e.g. `Account`, `TablesDb`.
    pub type_name: Ident,
    /// Doc lines.
    pub docs: Vec<DocLine>,
    /// Methods.
    pub methods: Vec<MethodView>,
}

/// One doc line, printed as a string literal for `#[doc = ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine(pub String);

impl std::fmt::Display for DocLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", Literal::string(&comment_safe(&self.0)))
    }
}

/// Bidirectional-text controls: rustc denies them in comments (`text_direction_codepoint_in_comment`).
const BIDI_CONTROLS: &[char] =
    &['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'];

/// Doc text that prints as one valid `///` line: prettyplease writes `#[doc]` strings into comments
/// verbatim, where rustc rejects a bare CR and denies bidi controls. Line breaks and other control
/// characters become spaces; bidi controls are shown escaped.
fn comment_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| (c.is_control() && c != '\t') || BIDI_CONTROLS.contains(&c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push(c),
            c if c.is_control() => out.push(' '),
            c if BIDI_CONTROLS.contains(&c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn doc_lines(text: Option<&str>) -> Vec<DocLine> {
    text.map(docs::doc_lines).unwrap_or_default().into_iter().map(DocLine).collect()
}

/// Doc lines, or one fallback line when the spec has no description (every public item is documented).
fn doc_lines_or(text: Option<&str>, fallback: impl FnOnce() -> String) -> Vec<DocLine> {
    let lines = doc_lines(text);
    if lines.is_empty() { vec![DocLine(format!(" {}", fallback()))] } else { lines }
}

/// One segment of a request path.
#[derive(Debug)]
pub enum PathPart {
    /// Fixed text, e.g. `/account/sessions/`.
    Literal(Literal),
    /// A parameter, percent-encoded as one segment.
    Param(Ident),
}

/// How a successful response is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// JSON decoded into `ty`.
    Json,
    /// No content.
    Empty,
    /// The `Location` of a redirect.
    Redirect,
    /// Raw bytes.
    Bytes,
}

/// A method of a service.
#[derive(Debug)]
pub struct MethodView {
    /// The spec name, e.g. `createMFAAuthenticator`.
    pub spec_name: String,
    /// Rust name of the object-parameter method.
    pub ident: Ident,
    /// Rust name of the deprecated positional variant.
    pub positional_ident: Ident,
    /// Summary line.
    pub summary: Vec<DocLine>,
    /// Description lines.
    pub docs: Vec<DocLine>,
    /// Spec names of deprecated aliases folded into this method.
    pub aliases: Vec<String>,
    /// Closing doc lines: HTTP route, aliases.
    pub route_docs: Vec<DocLine>,
    /// `#[deprecated]` of the method itself, from the spec.
    pub deprecated: Option<DeprecatedView>,
    /// `#[deprecated]` note of the positional variant.
    pub positional_note: Literal,
    /// Doc line of the positional variant pointing to the object-parameter method.
    pub positional_doc: DocLine,
    /// HTTP verb as a `reqwest::Method` constant name.
    pub verb: Ident,
    /// Verb as text (docs).
    pub verb_text: &'static str,
    /// Spec path template (docs).
    pub path_template: String,
    /// Path parts.
    pub path: Vec<PathPart>,
    /// Parameters, if any.
    pub params: Option<ParamsView>,
    /// Return type.
    pub response_ty: TokenStream,
    /// How to read the response.
    pub response: ResponseKind,
    /// The operation has a JSON request body (sent even when no field is given).
    pub json_body: bool,
    /// For uploads (`multipart/form-data`): the file parameter and its wire name.
    pub upload: Option<(Ident, Literal)>,
    /// Name of the upload variant that reports progress.
    pub progress_ident: Ident,
    /// Why a schema-driven mock (Prism) may serve a response this method cannot decode, when
    /// the spec itself makes that so.
    pub mock_caveat: Option<String>,
    /// Arguments of the doc example, one per parameter, in order.
    pub example: Vec<DocLine>,
}

/// `#[deprecated]` contents.
#[derive(Debug)]
pub struct DeprecatedView {
    /// `since`, if the spec says.
    pub since: Option<Literal>,
    /// `note`.
    pub note: Literal,
}

/// The parameter struct of a method and its builder.
#[derive(Debug)]
pub struct ParamsView {
    /// e.g. `CreateParams`.
    pub ident: Ident,
    /// e.g. `CreateParamsBuilder`.
    pub builder: Ident,
    /// Parameters in spec order.
    pub fields: Vec<ParamView>,
    /// Typestate generic names of required parameters, in order.
    pub states: Vec<Ident>,
    /// Builder type arguments once every required parameter is set.
    pub complete: Vec<TokenStream>,
    /// True when some parameter is required (so the params type has no `Default`).
    pub has_required: bool,
    /// True when some parameter is optional.
    pub has_optional: bool,
    /// Doc line of the params struct.
    pub doc: DocLine,
    /// Doc line of the builder.
    pub builder_doc: DocLine,
}

/// One parameter.
#[derive(Debug)]
pub struct ParamView {
    /// Rust field name.
    pub ident: Ident,
    /// JSON / query / path name.
    pub wire_name: Literal,
    /// Spec name (docs).
    pub spec_name: String,
    /// Doc lines.
    pub docs: Vec<DocLine>,
    /// Required?
    pub required: bool,
    /// `path`, `query`, `body` or `header`.
    pub location: &'static str,
    /// Field type (wrapped in `Option` when optional).
    pub field_ty: TokenStream,
    /// Argument type of the setter / positional argument.
    pub arg_ty: TokenStream,
    /// Expression turning the argument (named `ident`) into the value; `None` when it is the
    /// argument itself.
    pub convert: Option<TokenStream>,
    /// Positional argument type (`Option<T>` for optional parameters).
    pub positional_ty: TokenStream,
    /// Typestate generic name, for required parameters.
    pub state: Option<Ident>,
    /// Builder type arguments with this parameter unset (required only).
    pub unset_args: Vec<TokenStream>,
    /// Builder type arguments with this parameter set (required only).
    pub set_args: Vec<TokenStream>,
    /// Generic parameters of the setter impl (the other required parameters' states).
    pub other_states: Vec<Ident>,
    /// Example argument expression for the docs.
    pub example: TokenStream,
    /// Default value from the spec, shown in docs.
    pub default_doc: Option<DocLine>,
    /// The file of an upload.
    pub is_file: bool,
}

impl ParamView {
    /// The expression that turns the argument into the stored value.
    pub fn value_expr(&self) -> TokenStream {
        let ident = &self.ident;
        self.convert.clone().unwrap_or_else(|| quote!(#ident))
    }
}

/// A model struct (or alias, for free-form models).
#[derive(Debug)]
pub struct ModelView {
    /// Schema key.
    pub spec_name: String,
    /// Rust type name.
    pub ident: Ident,
    /// Doc lines.
    pub docs: Vec<DocLine>,
    /// Fields.
    pub fields: Vec<FieldView>,
    /// Free-form model: printed as a JSON map alias.
    pub free_form: bool,
    /// Type parameters with defaults, e.g. `Prefs = crate::models::Preferences`.
    pub generics: Vec<GenericView>,
    /// Name of the field that collects undeclared properties, if the model has any.
    pub extra: Option<Ident>,
    /// Cargo features (services) that need this model.
    pub features: Vec<String>,
    /// Every field has a default value, so the model derives `Default`: code outside the crate
    /// builds one as `Model::default()` and sets fields (a `#[non_exhaustive]` struct cannot be
    /// written as a literal there), and that keeps working when fields are added.
    pub default: bool,
}

/// A type parameter of a model.
#[derive(Debug, Clone)]
pub struct GenericView {
    /// Parameter name.
    pub ident: Ident,
    /// Default type.
    pub default: TokenStream,
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
    /// Type (with `Option` when not always present).
    pub ty: TokenStream,
    /// Whether the type is an `Option`.
    pub optional: bool,
}

/// An enum.
#[derive(Debug)]
pub struct EnumView {
    /// Rust name.
    pub ident: Ident,
    /// Doc line.
    pub doc: DocLine,
    /// Spec name.
    pub spec_name: String,
    /// Variants.
    pub variants: Vec<VariantView>,
    /// Cargo features (services) that need this enum.
    pub features: Vec<String>,
}

/// An enum variant.
#[derive(Debug)]
pub struct VariantView {
    /// Rust name.
    pub ident: Ident,
    /// Wire value.
    pub value: Literal,
    /// Wire value as plain text.
    pub value_text: String,
    /// Doc line.
    pub doc: DocLine,
}

/// Reserved words that can be raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let",
    "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "true", "type",
    "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Words that cannot be raw identifiers; they get a trailing underscore.
const NON_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Compound words the spec writes in mixed case that should stay one word (`OAuth2` → `oauth2`).
const ONE_WORD: &[(&str, &str)] = &[("OAuth", "Oauth")];

fn normalize_words(name: &str) -> String {
    let mut s = name.to_owned();
    for (from, to) in ONE_WORD {
        s = s.replace(from, to);
    }
    s
}

/// A snake_case identifier; keywords become raw identifiers, digits at the start get a `_` prefix.
pub fn snake_ident(name: &str) -> Ident {
    ident_from(normalize_words(name).to_snake_case(), "_")
}

/// An UpperCamelCase type identifier (`mfaType` → `MfaType`; `OAuthProvider` stays as it is).
pub fn type_ident(name: &str) -> Ident {
    ident_from(name.to_upper_camel_case(), "V")
}

fn ident_from(mut s: String, digit_prefix: &str) -> Ident {
    s.retain(|c| c.is_alphanumeric() || c == '_');
    if s.is_empty() {
        s = "value".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, digit_prefix);
    }
    if NON_RAW.contains(&s.as_str()) {
        s.push('_');
        return Ident::new(&s, Span::call_site());
    }
    if KEYWORDS.contains(&s.as_str()) {
        return Ident::new_raw(&s, Span::call_site());
    }
    if s.is_ascii() {
        Ident::new(&s, Span::call_site())
    } else {
        // Non-ASCII identifiers are legal but unfriendly; keep only ASCII when that leaves something.
        let ascii: String = s.chars().filter(char::is_ascii).collect();
        let ascii = if ascii.is_empty() || ascii.starts_with(|c: char| c.is_ascii_digit()) {
            format!("{digit_prefix}{ascii}")
        } else {
            ascii
        };
        ident_from(ascii, digit_prefix)
    }
}

/// The module of a service: its file name and part of other names (`call_{module}`), so never a
/// raw identifier (`type` → `type_`).
pub fn module_ident(tag: &str) -> Ident {
    let ident = snake_ident(tag);
    match ident.to_string().strip_prefix("r#") {
        Some(word) => format_ident!("{word}_"),
        None => ident,
    }
}

/// Where a method name is decided: the spec's method name in snake case (`createOAuth2Token` →
/// `create_oauth2_token`).
pub fn method_ident(spec_name: &str) -> Ident {
    snake_ident(spec_name)
}

/// Name of the deprecated positional variant of a method.
pub fn positional_ident(method: &Ident) -> Ident {
    format_ident!("{}_positional", unraw(method))
}

/// Field / parameter names (`$createdAt` → `created_at`, `type` → `r#type`).
pub fn field_ident(spec_name: &str) -> Ident {
    snake_ident(spec_name)
}

fn unraw(ident: &Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}

/// One Rust method per snake_case name. When two spec methods share one, and one is a deprecated
/// alias of the other (its `replaceWith` names the other), the alias is folded into the other and
/// named in its docs. Any other collision is an error naming both.
pub fn reconcile_methods(methods: &[Method]) -> Result<Vec<(&Method, Vec<String>)>> {
    let mut out: Vec<(&Method, Vec<String>)> = Vec::new();
    let mut by_ident: HashMap<String, usize> = HashMap::new();
    for m in methods {
        let key = unraw(&method_ident(&m.name));
        let Some(&i) = by_ident.get(&key) else {
            by_ident.insert(key, out.len());
            out.push((m, Vec::new()));
            continue;
        };
        let kept = out[i].0;
        let replaces = |alias: &Method, target: &Method| {
            alias.deprecated.as_ref().and_then(|d| d.replace_with.as_deref()) == Some(target.name.as_str())
        };
        if replaces(m, kept) {
            out[i].1.push(m.name.clone());
        } else if replaces(kept, m) {
            let mut aliases = std::mem::take(&mut out[i].1);
            aliases.push(kept.name.clone());
            out[i] = (m, aliases);
        } else {
            return Err(Error::at(
                ErrorKind::NameCollision,
                m.pointer.clone(),
                format!(
                    "spec methods `{}` ({}) and `{}` ({}) both map to the Rust method `{key}`, and neither is a deprecated alias of the other (`x-appwrite.deprecated.replaceWith`)",
                    kept.name, kept.pointer, m.name, m.pointer
                ),
            ));
        }
    }
    // The positional variant must not collide with another method either.
    for (m, _) in &out {
        let positional = positional_ident(&method_ident(&m.name)).to_string();
        if let Some(&j) = by_ident.get(&positional) {
            return Err(Error::at(
                ErrorKind::NameCollision,
                m.pointer.clone(),
                format!(
                    "the positional variant of `{}` would be named `{positional}`, which is the name of spec method `{}`",
                    m.name, out[j].0.name
                ),
            ));
        }
    }
    Ok(out)
}

/// Type mapping, aware of free-form models and generic models.
pub struct Types<'a> {
    models: HashMap<&'a str, &'a Model>,
    generics: HashMap<String, Vec<GenericView>>,
    /// Per enum: wire values and their variant names, in order.
    enum_variants: HashMap<&'a str, Vec<(String, Ident)>>,
    /// Rust names of all models.
    model_idents: std::collections::HashSet<String>,
    lib: Ident,
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

impl<'a> Types<'a> {
    fn new(api: &'a Api, enums: &[EnumView], lib: Ident) -> Self {
        let models: HashMap<&str, &Model> = api.models.iter().map(|m| (m.name.as_str(), m)).collect();
        let enum_variants = api
            .enums
            .iter()
            .zip(enums)
            .map(|(e, v)| {
                (e.name.as_str(), v.variants.iter().map(|x| (x.value_text.clone(), x.ident.clone())).collect())
            })
            .collect();
        let model_idents = api.models.iter().map(|m| type_ident(&m.name).to_string()).collect();
        let mut t = Types { models, model_idents, generics: HashMap::new(), enum_variants, lib };
        t.generics = t.compute_generics(api);
        t
    }

    /// A model gets a type parameter for each field that holds a free-form model (`User.prefs` →
    /// `User<Prefs = Preferences>`), and inherits those of models it contains (`UserList<Prefs>`).
    fn compute_generics(&self, api: &Api) -> HashMap<String, Vec<GenericView>> {
        let mut generics: HashMap<String, Vec<GenericView>> = HashMap::new();
        for m in &api.models {
            for f in &m.fields {
                if let Some(inner) = innermost_model(&f.ty) {
                    if self.models.get(inner).is_some_and(|im| im.is_free_form()) {
                        let ident = self.generic_ident(&f.name);
                        let target = type_ident(inner);
                        let default = quote!(crate::models::#target);
                        push_generic(generics.entry(m.name.clone()).or_default(), GenericView { ident, default });
                    }
                }
            }
        }
        loop {
            let mut changed = false;
            for m in &api.models {
                for f in &m.fields {
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
        if ["String", "Vec", "Option", "Box", "Result"].contains(&name.as_str()) || self.model_idents.contains(&name) {
            format_ident!("{name}Type")
        } else {
            ident
        }
    }

    /// The Rust type of a spec type in a position; `field` names the field for free-form generics.
    pub fn value_type(&self, ty: &Type, position: Position, field: Option<&str>) -> Result<TokenStream> {
        Ok(match ty {
            Type::String => quote!(String),
            Type::Integer { .. } => quote!(i64),
            Type::Number => quote!(f64),
            Type::Boolean => quote!(bool),
            Type::Array(inner) => {
                let inner = self.value_type(inner, position, field)?;
                quote!(Vec<#inner>)
            }
            Type::Object => match position {
                Position::Param => quote!(serde_json::Value),
                _ => quote!(serde_json::Map<String, serde_json::Value>),
            },
            Type::Any => quote!(serde_json::Value),
            Type::Enum(name) => {
                let ident = type_ident(name);
                quote!(crate::enums::#ident)
            }
            Type::Model(name) => {
                let ident = type_ident(name);
                let free_form = self.models.get(name.as_str()).is_some_and(|m| m.is_free_form());
                match (position, field) {
                    (Position::Field, Some(field)) if free_form => {
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
    fn has_default<'n>(&'n self, model: &'n str, visiting: &mut Vec<&'n str>) -> bool {
        if visiting.contains(&model) {
            return true;
        }
        let Some(m) = self.models.get(model) else { return false };
        visiting.push(model);
        let ok = m.fields.iter().all(|f| {
            let optional = !f.required || f.nullable;
            optional || self.type_has_default(&f.ty, visiting)
        });
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
    fn setter(&self, ty: &Type, ident: &Ident) -> Result<(TokenStream, Option<TokenStream>)> {
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

    /// An example argument for a parameter, from its `x-example` when it fits.
    fn example(&self, ty: &Type, example: Option<&Value>, name: &str) -> TokenStream {
        let lib = &self.lib;
        match ty {
            Type::String => {
                let text = match example {
                    Some(Value::String(s)) if !s.is_empty() => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => format!("<{}>", name.to_snake_case().to_uppercase()),
                };
                let lit = Literal::string(&text);
                quote!(#lit)
            }
            Type::Integer { .. } => {
                let n = example.and_then(Value::as_i64).unwrap_or(0);
                let lit = Literal::i64_unsuffixed(n);
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
                let ident = type_ident(enum_name);
                let value = example.and_then(Value::as_str);
                let variants = self.enum_variants.get(enum_name.as_str());
                let variant = variants
                    .and_then(|vs| vs.iter().find(|(v, _)| Some(v.as_str()) == value).or_else(|| vs.first()))
                    .map(|(_, ident)| ident);
                match variant {
                    Some(v) => quote!(#lib::enums::#ident::#v),
                    None => quote!(#lib::enums::#ident::Unknown(String::new())),
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
                    self.example(inner, v, name)
                });
                quote!([#(#items),*])
            }
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
                quote!(serde_json::json!(#tokens))
            }
            Type::File => quote!(#lib::InputFile::from_bytes("file contents", "file.txt")),
            Type::Model(_) => quote!(Default::default()),
        }
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

fn innermost_model(ty: &Type) -> Option<&str> {
    match ty {
        Type::Model(name) => Some(name),
        Type::Array(inner) => innermost_model(inner),
        _ => None,
    }
}

/// `serde_json::json!` argument tokens for a value.
fn json_tokens(value: &Value) -> TokenStream {
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

/// Build the crate view.
pub fn crate_view(api: &Api, options: &CrateOptions) -> Result<CrateView> {
    check_options(options)?;
    let lib = format_ident!("{}", options.package.replace('-', "_"));
    check_version(api, options)?;
    let enums = api.enums.iter().map(enum_view).collect::<Result<Vec<_>>>()?;
    unique_type_names(api.enums.iter().map(|e| (e.name.as_str(), e.pointer.as_str())), "enums")?;
    unique_type_names(api.models.iter().map(|m| (m.name.as_str(), m.pointer.as_str())), "models")?;
    let types = Types::new(api, &enums, lib.clone());
    let mut services = Vec::new();
    let mut service_names: BTreeMap<String, String> = BTreeMap::new();
    for s in &api.services {
        check_tag(&s.name)?;
        let module = module_ident(&s.name);
        if let Some(other) = service_names.insert(module.to_string(), s.name.clone()) {
            return Err(Error::at(
                ErrorKind::NameCollision,
                "#/tags",
                format!("services `{other}` and `{}` both map to the Rust module `{module}`", s.name),
            ));
        }
        let reconciled = reconcile_methods(&s.methods)?;
        let pointers: Vec<&str> = reconciled.iter().map(|(m, _)| m.pointer.as_str()).collect();
        let methods = reconciled
            .into_iter()
            .map(|(m, aliases)| method_view(&types, &s.name, m, aliases))
            .collect::<Result<Vec<_>>>()?;
        unique_service_functions(&type_ident(&s.name), &methods, &pointers)?;
        services.push(ServiceView {
            tag: s.name.clone(),
            module,
            type_name: type_ident(&s.name),
            docs: doc_lines_or(s.description.as_deref(), || format!("The `{}` service.", s.name)),
            methods,
        });
    }
    let models = api.models.iter().map(|m| model_view(&types, m)).collect::<Result<Vec<_>>>()?;
    if let Some(unknown) = options.default_tags.iter().find(|t| !api.services.iter().any(|s| &s.name == *t)) {
        return Err(Error::new(
            ErrorKind::UnknownTag,
            format!("default service `{unknown}` is not among the generated services"),
        ));
    }
    let example_service = services.iter().find(|s| options.default_tags.contains(&s.tag)).map(|s| s.module.clone());
    Ok(CrateView {
        package: options.package.clone(),
        lib,
        version: options.version.clone(),
        appwrite_version: api.version.clone(),
        spec_file: options.spec_file.clone(),
        spec_sha256: options.spec_sha256.clone(),
        response_format: options.response_format.clone(),
        services,
        models,
        enums,
        example_service,
        default_features: options.default_tags.clone(),
    })
}

/// The package name becomes an identifier (`use {lib}::…`); it, the version and the spec file
/// name are printed into `Cargo.toml`, comments and string literals.
fn check_options(options: &CrateOptions) -> Result<()> {
    let package_ok = options.package.starts_with(|c: char| c.is_ascii_alphabetic())
        && options.package.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !KEYWORDS.contains(&options.package.replace('-', "_").as_str())
        && !NON_RAW.contains(&options.package.as_str());
    if !package_ok {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "package name {:?} is not a crate name (an ASCII letter, then letters, digits, `-`, `_`)",
                options.package
            ),
        ));
    }
    let plain = |v: &str| !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c));
    if !plain(&options.version) {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!("package version {:?} is not a version", options.version),
        ));
    }
    if options.spec_file.chars().any(|c| c == '"' || c == '\\' || c.is_control() || BIDI_CONTROLS.contains(&c)) {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!("spec file name {:?} contains a quote, backslash or control character", options.spec_file),
        ));
    }
    Ok(())
}

/// The Appwrite version is printed into comments, a string constant and `Cargo.toml`, and sent
/// as a header: it must be a plain version string.
fn check_version(api: &Api, options: &CrateOptions) -> Result<()> {
    let plain = |v: &str| !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c));
    if !plain(&api.version) {
        return Err(Error::at(
            ErrorKind::InvalidDocument,
            "#/info/version",
            format!("`info.version` {:?} is not a version (letters, digits, `.`, `_`, `+` and `-` only)", api.version),
        ));
    }
    if !plain(&options.response_format) {
        return Err(Error::new(
            ErrorKind::InvalidDocument,
            format!(
                "response format {:?} is not a version (letters, digits, `.`, `_`, `+` and `-` only)",
                options.response_format
            ),
        ));
    }
    Ok(())
}

/// Names at the crate root (`pub use`) a service type must not take.
const ROOT_TYPES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Error",
    "Result",
    "ID",
    "Query",
    "QueryGeometry",
    "QueryNumber",
    "QueryValue",
    "QueryValues",
    "CHUNK_SIZE",
    "InputFile",
    "UploadProgress",
    "Unset",
];

/// Methods of `Client`, which also gets one method per service.
const CLIENT_METHODS: &[&str] = &["builder", "endpoint", "http", "request", "fmt", "clone"];

/// A tag becomes a cargo feature (`Cargo.toml`, `#[cfg(feature = "…")]`), a module, a method of
/// `Client` and a type at the crate root; it must be usable as all four.
fn check_tag(tag: &str) -> Result<()> {
    // Cargo allows `+` and `.` too, but `Cargo.toml.askama` writes the feature as a bare TOML key.
    let feature_ok = tag.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || "_-".contains(c))
        && !["default", "full"].contains(&tag);
    let problem = if !feature_ok {
        Some(
            "is not usable as a cargo feature name (ASCII letters, digits, `_` and `-`; not `default` or `full`)"
                .to_owned(),
        )
    } else if ROOT_TYPES.contains(&type_ident(tag).to_string().as_str()) {
        Some(format!("maps to the type `{}`, which the crate root already has", type_ident(tag)))
    } else if CLIENT_METHODS.contains(&module_ident(tag).to_string().as_str()) {
        Some(format!("maps to `Client::{}`, which `Client` already has", module_ident(tag)))
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(Error::at(ErrorKind::Unsupported, "#/tags", format!("the tag {tag:?} {problem}"))),
    }
}

/// The functions of one service type (methods, positional and progress variants, `new`) have
/// distinct names.
fn unique_service_functions(service: &Ident, methods: &[MethodView], pointers: &[&str]) -> Result<()> {
    let mut seen: HashMap<String, String> = HashMap::new();
    seen.insert("new".to_owned(), format!("the constructor `{service}::new`"));
    for (m, pointer) in methods.iter().zip(pointers) {
        let mut names = vec![(unraw(&m.ident), format!("method `{}`", m.spec_name))];
        if m.params.is_some() {
            names.push((unraw(&m.positional_ident), format!("the positional variant of `{}`", m.spec_name)));
        }
        if m.upload.is_some() {
            names.push((unraw(&m.progress_ident), format!("the progress variant of `{}`", m.spec_name)));
        }
        for (name, what) in names {
            if let Some(other) = seen.insert(name.clone(), what.clone()) {
                return Err(Error::at(
                    ErrorKind::NameCollision,
                    (*pointer).to_owned(),
                    format!("{what} and {other} both map to `{service}::{name}`"),
                ));
            }
        }
    }
    Ok(())
}

/// Two spec names (of enums, or of models) that map to one Rust type name are an error naming both.
fn unique_type_names<'n>(names: impl Iterator<Item = (&'n str, &'n str)>, what: &str) -> Result<()> {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (name, pointer) in names {
        let ident = type_ident(name).to_string();
        if let Some(other) = seen.insert(ident.clone(), name) {
            return Err(Error::at(
                ErrorKind::NameCollision,
                pointer.to_owned(),
                format!("{what} `{other}` and `{name}` both map to the Rust type `{ident}`"),
            ));
        }
    }
    Ok(())
}

fn method_view(types: &Types<'_>, service: &str, m: &Method, aliases: Vec<String>) -> Result<MethodView> {
    // The name is printed inside string literals (contract tests) and docs.
    if m.name.chars().any(|c| c == '"' || c == '\\' || c.is_control() || BIDI_CONTROLS.contains(&c)) {
        return Err(Error::at(
            ErrorKind::InvalidDocument,
            m.pointer.clone(),
            format!("method name {:?} contains a quote, backslash or control character", m.name),
        ));
    }
    let at = |e: Error| {
        if e.location.pointer.is_none() {
            Error { location: crate::error::Location { pointer: Some(m.pointer.clone()), ..e.location }, ..e }
        } else {
            e
        }
    };
    let ident = method_ident(&m.name);
    let positional_ident = positional_ident(&ident);
    let service_type = type_ident(service);
    let deprecated = m.deprecated.as_ref().map(|d| deprecated_view(&service_type, d));
    let positional_note = match &m.deprecated {
        Some(d) => deprecated_view(&service_type, d).note,
        None => Literal::string(&format!(
            "Use the object parameter style method for a better developer experience: `{service_type}::{}`",
            unraw(&ident)
        )),
    };
    let mut path = Vec::new();
    let mut rest = m.path.as_str();
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| {
            Error::at(ErrorKind::InvalidDocument, m.pointer.clone(), format!("unbalanced `{{` in path `{}`", m.path))
        })?;
        if open > 0 {
            path.push(PathPart::Literal(Literal::string(&rest[..open])));
        }
        let name = &rest[open + 1..close];
        if !m.params.iter().any(|p| p.location == ParamLocation::Path && p.name == name) {
            return Err(Error::at(
                ErrorKind::InvalidDocument,
                m.pointer.clone(),
                format!("path `{}` uses `{{{name}}}`, but the method has no path parameter `{name}`", m.path),
            ));
        }
        path.push(PathPart::Param(field_ident(name)));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        path.push(PathPart::Literal(Literal::string(rest)));
    }
    let params = if m.params.is_empty() { None } else { Some(params_view(types, &service_type, m).map_err(at)?) };
    let (response_ty, response) = match &m.response {
        Response::Json(ty) => (types.value_type(ty, Position::Response, None).map_err(at)?, ResponseKind::Json),
        Response::NoContent => (quote!(()), ResponseKind::Empty),
        Response::Redirect => (quote!(String), ResponseKind::Redirect),
        Response::Binary => (quote!(Vec<u8>), ResponseKind::Bytes),
    };
    let summary = doc_lines_or(m.summary.as_deref(), || m.name.clone());
    let upload = if m.body == model::BodyEncoding::Multipart {
        let files: Vec<&Param> = m.params.iter().filter(|p| p.ty == Type::File).collect();
        match (files.as_slice(), &m.response) {
            ([file], Response::Json(_)) => Some((field_ident(&file.name), Literal::string(&file.name))),
            _ => {
                return Err(Error::at(
                    ErrorKind::Unsupported,
                    m.pointer.clone(),
                    "a multipart upload must have exactly one file (`format: binary`) parameter and a JSON response",
                ));
            }
        }
    } else {
        None
    };
    let mut route_docs = vec![DocLine(format!(" `{} {}`", m.http_method.as_str(), m.path))];
    for alias in &aliases {
        route_docs.push(DocLine(format!(
            " The spec also lists this method as the deprecated alias `{alias}`, which maps to the same Rust name."
        )));
    }
    let progress_ident = format_ident!("{}_with_progress", unraw(&ident));
    let positional_doc =
        DocLine(format!(" Prefer [`{service_type}::{}`], which takes named parameters.", unraw(&ident)));
    Ok(MethodView {
        positional_doc,
        route_docs,
        spec_name: m.name.clone(),
        ident,
        positional_ident,
        summary,
        docs: doc_lines(m.description.as_deref()),
        aliases,
        deprecated,
        positional_note,
        verb: format_ident!("{}", m.http_method.as_str()),
        verb_text: m.http_method.as_str(),
        path_template: m.path.clone(),
        path,
        params,
        response_ty,
        response,
        json_body: m.body == model::BodyEncoding::Json,
        upload,
        progress_ident,
        mock_caveat: mock_caveat(types, m),
        example: Vec::new(),
    })
}

fn mock_caveat(types: &Types<'_>, m: &Method) -> Option<String> {
    if m.differs_from_operation {
        return Some("the spec documents the shared operation's response, not this method's".to_owned());
    }
    let Response::Json(ty) = &m.response else { return None };
    let mut stack: Vec<&str> = innermost_model(ty).into_iter().collect();
    let mut seen: Vec<&str> = Vec::new();
    while let Some(name) = stack.pop() {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let Some(model) = types.models.get(name) else { continue };
        for f in &model.fields {
            let Some(inner) = innermost_model(&f.ty) else { continue };
            let free_form = types.models.get(inner).is_some_and(|m| m.is_free_form());
            if f.embedded && !free_form {
                return Some(format!(
                    "`{}.{}` embeds a model as `type: object` with `items`, which JSON Schema reads as any object",
                    model.name, f.name
                ));
            }
            stack.push(inner);
        }
    }
    None
}

fn deprecated_view(service_type: &Ident, d: &Deprecation) -> DeprecatedView {
    let note = match &d.replace_with {
        Some(r) => format!("use `{service_type}::{}` instead", unraw(&method_ident(r))),
        None => "deprecated by the Appwrite API".to_owned(),
    };
    DeprecatedView { since: d.since.as_deref().map(Literal::string), note: Literal::string(&note) }
}

fn params_view(types: &Types<'_>, service_type: &Ident, m: &Method) -> Result<ParamsView> {
    // Through `type_ident`, so that a leading digit gets its prefix (`1st` → `V1st`).
    let base = type_ident(&unraw(&method_ident(&m.name))).to_string();
    let ident = format_ident!("{base}Params");
    let builder = format_ident!("{base}ParamsBuilder");
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut fields = Vec::with_capacity(m.params.len());
    for p in &m.params {
        let field = field_ident(&p.name);
        if let Some(other) = seen.insert(unraw(&field), &p.name) {
            return Err(Error::at(
                ErrorKind::NameCollision,
                m.pointer.clone(),
                format!("parameters `{other}` and `{}` of `{}` both map to the Rust name `{field}`", p.name, m.name),
            ));
        }
        if !p.required && unraw(&field) == "build" {
            return Err(Error::at(
                ErrorKind::NameCollision,
                m.pointer.clone(),
                format!(
                    "optional parameter `{}` of `{}` would have the builder setter `build`, which finishes the builder",
                    p.name, m.name
                ),
            ));
        }
        fields.push(param_view(types, p, field)?);
    }
    let states: Vec<Ident> = fields.iter().filter_map(|f| f.state.clone()).collect();
    let complete: Vec<TokenStream> = fields.iter().filter(|f| f.required).map(|f| f.field_ty.clone()).collect();
    // Per required parameter: builder type arguments before and after its setter.
    let required_idx: Vec<usize> = fields.iter().enumerate().filter(|(_, f)| f.required).map(|(i, _)| i).collect();
    for (k, &i) in required_idx.iter().enumerate() {
        let unset_args: Vec<TokenStream> =
            states.iter().enumerate().map(|(j, s)| if j == k { quote!(crate::Unset) } else { quote!(#s) }).collect();
        let set_args: Vec<TokenStream> =
            states.iter().enumerate().map(|(j, s)| if j == k { complete[k].clone() } else { quote!(#s) }).collect();
        let other_states = states.iter().enumerate().filter(|(j, _)| *j != k).map(|(_, s)| s.clone()).collect();
        let f = &mut fields[i];
        f.unset_args = unset_args;
        f.set_args = set_args;
        f.other_states = other_states;
    }
    let doc = DocLine(format!(" Parameters of [`{}::{}`].", service_type, unraw(&method_ident(&m.name))));
    let builder_doc = DocLine(format!(
        " Builder of [`{ident}`]. Each required parameter must be set before the builder converts into \
         [`{ident}`] (checked at compile time); optional ones may be left out."
    ));
    Ok(ParamsView {
        ident,
        builder,
        has_required: !states.is_empty(),
        has_optional: fields.iter().any(|f| !f.required),
        doc,
        builder_doc,
        fields,
        states,
        complete,
    })
}

fn param_view(types: &Types<'_>, p: &Param, ident: Ident) -> Result<ParamView> {
    if p.location == ParamLocation::Header {
        return Err(Error::new(ErrorKind::Unsupported, format!("header parameter `{}` is not supported", p.name)));
    }
    let value_ty = types.value_type(&p.ty, Position::Param, None)?;
    let (arg_ty, convert) = types.setter(&p.ty, &ident)?;
    let field_ty = if p.required { value_ty.clone() } else { quote!(Option<#value_ty>) };
    let positional_ty = if p.required { arg_ty.clone() } else { quote!(Option<#value_ty>) };
    let example = types.example(&p.ty, p.example.as_ref(), &p.name);
    let state = p.required.then(|| {
        let s = type_ident(&p.name);
        if ["String", "Vec", "Option", "Box", "Result", "Into", "IntoIterator"].contains(&s.to_string().as_str()) {
            format_ident!("{s}State")
        } else {
            s
        }
    });
    let location = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Body => "body",
        ParamLocation::Header => "header",
    };
    Ok(ParamView {
        wire_name: Literal::string(&p.name),
        spec_name: p.name.clone(),
        docs: doc_lines_or(p.description.as_deref(), || format!("The `{}` parameter.", p.name)),
        required: p.required,
        location,
        field_ty,
        arg_ty,
        convert,
        positional_ty,
        state,
        unset_args: Vec::new(),
        set_args: Vec::new(),
        other_states: Vec::new(),
        example,
        default_doc: p
            .default
            .as_ref()
            .filter(|d| !d.is_null())
            .map(|d| DocLine(format!(" Server default: `{}`.", d.to_string().replace('`', "'")))),
        is_file: p.ty == Type::File,
        ident,
    })
}

fn model_view(types: &Types<'_>, m: &Model) -> Result<ModelView> {
    let ident = type_ident(&m.name);
    let generics = types.generics.get(&m.name).cloned().unwrap_or_default();
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut fields = Vec::with_capacity(m.fields.len());
    for f in &m.fields {
        let f_ident = field_ident(&f.name);
        if let Some(other) = seen.insert(unraw(&f_ident), &f.name) {
            return Err(Error::at(
                ErrorKind::NameCollision,
                m.pointer.clone(),
                format!(
                    "fields `{other}` and `{}` of model `{}` both map to the Rust name `{f_ident}`",
                    f.name, m.name
                ),
            ));
        }
        let ty = types.value_type(&f.ty, Position::Field, Some(&f.name)).map_err(|e| {
            Error::at(
                e.kind,
                format!("{}/properties/{}", m.pointer, crate::error::escape_pointer_token(&f.name)),
                e.message,
            )
        })?;
        let optional = !f.required || f.nullable;
        let ty = if optional { quote!(Option<#ty>) } else { ty };
        fields.push(FieldView {
            ident: f_ident,
            wire_name: Literal::string(&f.name),
            docs: doc_lines_or(f.description.as_deref(), || format!("The `{}` field.", f.name)),
            ty,
            optional,
        });
    }
    // Undeclared properties (user data of documents and rows) are kept in one flattened map.
    let extra = (m.additional_properties && !m.is_free_form()).then(|| {
        ["data", "extra", "additional_properties"]
            .into_iter()
            .find(|n| !seen.contains_key(*n))
            .map_or_else(|| format_ident!("additional_properties_"), |n| format_ident!("{n}"))
    });
    Ok(ModelView {
        spec_name: m.name.clone(),
        ident,
        docs: doc_lines_or(m.description.as_deref(), || format!("The `{}` model.", m.name)),
        fields,
        free_form: m.is_free_form(),
        generics,
        extra,
        features: m.used_by.clone(),
        default: types.has_default(&m.name, &mut Vec::new()),
    })
}

fn enum_view(e: &model::EnumDef) -> Result<EnumView> {
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut variants = Vec::with_capacity(e.values.len());
    for v in &e.values {
        let source = v.key.as_deref().unwrap_or(&v.value);
        let ident = if source.is_empty() { format_ident!("Empty") } else { type_ident(source) };
        let key = ident.to_string();
        if key == "Unknown" {
            return Err(Error::at(
                ErrorKind::NameCollision,
                e.pointer.clone(),
                format!(
                    "value `{}` of enum `{}` maps to the variant `Unknown`, which holds unknown values",
                    v.value, e.name
                ),
            ));
        }
        if let Some(other) = seen.insert(key.clone(), &v.value) {
            return Err(Error::at(
                ErrorKind::NameCollision,
                e.pointer.clone(),
                format!("values `{other}` and `{}` of enum `{}` both map to the variant `{key}`", v.value, e.name),
            ));
        }
        let doc = DocLine(format!(" `{}`", v.value.replace('`', "'")));
        variants.push(VariantView { ident, value: Literal::string(&v.value), value_text: v.value.clone(), doc });
    }
    let doc = DocLine(format!(" Values of `{}` in the Appwrite API.", e.name));
    Ok(EnumView { ident: type_ident(&e.name), doc, spec_name: e.name.clone(), variants, features: e.used_by.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BodyEncoding, HttpMethod};

    #[test]
    fn method_names_are_snake_case_with_compound_words_kept() {
        assert_eq!(method_ident("createMFAAuthenticator").to_string(), "create_mfa_authenticator");
        assert_eq!(method_ident("createMfaAuthenticator").to_string(), "create_mfa_authenticator");
        assert_eq!(method_ident("createOAuth2Token").to_string(), "create_oauth2_token");
        assert_eq!(method_ident("updateMagicURLSession").to_string(), "update_magic_url_session");
        assert_eq!(method_ident("createJWT").to_string(), "create_jwt");
        assert_eq!(positional_ident(&method_ident("create")).to_string(), "create_positional");
    }

    #[test]
    fn field_names_drop_sigils_and_escape_keywords() {
        assert_eq!(field_ident("$id").to_string(), "id");
        assert_eq!(field_ident("$createdAt").to_string(), "created_at");
        assert_eq!(field_ident("userId").to_string(), "user_id");
        assert_eq!(field_ident("type").to_string(), "r#type");
        assert_eq!(field_ident("async").to_string(), "r#async");
        assert_eq!(field_ident("self").to_string(), "self_");
        assert_eq!(field_ident("2fa").to_string(), "_2fa");
        assert_eq!(field_ident("").to_string(), "value");
        assert_eq!(field_ident("naïve").to_string(), "nave");
    }

    #[test]
    fn doc_lines_print_as_valid_comments() {
        assert_eq!(comment_safe("plain `code` */ \"q\""), "plain `code` */ \"q\"");
        assert_eq!(comment_safe("a\rb\nc\u{0}d\te"), "a b c d\te");
        assert_eq!(comment_safe("x\u{202E}y"), "x\\u{202e}y");
    }

    #[test]
    fn tags_must_work_as_features_modules_and_types() {
        assert_eq!(module_ident("tablesDB").to_string(), "tables_db");
        assert_eq!(module_ident("type").to_string(), "type_");
        check_tag("tablesDB").unwrap();
        check_tag("vectors-db").unwrap();
        for bad in ["", "a b", "x.y", "full", "default", "client", "request", "result", "q\"", "-x"] {
            assert_eq!(check_tag(bad).unwrap_err().pointer(), Some("#/tags"), "{bad:?}");
        }
    }

    #[test]
    fn type_names_are_upper_camel_case() {
        assert_eq!(type_ident("mfaType").to_string(), "MfaType");
        assert_eq!(type_ident("jwt").to_string(), "Jwt");
        assert_eq!(type_ident("OAuthProvider").to_string(), "OAuthProvider");
        assert_eq!(type_ident("tablesDB").to_string(), "TablesDb");
        assert_eq!(type_ident("1password").to_string(), "V1password");
        assert_eq!(type_ident("mock-unverified").to_string(), "MockUnverified");
    }

    fn method(name: &str, deprecated: Option<&str>) -> Method {
        Method {
            name: name.to_owned(),
            pointer: format!("#/paths/~1x/post/x-appwrite/methods/{name}"),
            summary: None,
            description: None,
            http_method: HttpMethod::Post,
            path: "/x".to_owned(),
            params: Vec::new(),
            body: BodyEncoding::None,
            response: Response::NoContent,
            deprecated: deprecated.map(|r| Deprecation { since: Some("1.8.0".into()), replace_with: Some(r.into()) }),
            kind: String::new(),
            differs_from_operation: false,
        }
    }

    #[test]
    fn deprecated_alias_is_folded_into_its_replacement_in_either_order() {
        let methods =
            vec![method("createMfaChallenge", Some("createMFAChallenge")), method("createMFAChallenge", None)];
        let out = reconcile_methods(&methods).unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].0.name, "createMFAChallenge");
        assert_eq!(out[0].1, vec!["createMfaChallenge".to_owned()]);

        let methods =
            vec![method("createMFAChallenge", None), method("createMfaChallenge", Some("createMFAChallenge"))];
        let out = reconcile_methods(&methods).unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].0.name, "createMFAChallenge");
        assert_eq!(out[0].1, vec!["createMfaChallenge".to_owned()]);
    }

    #[test]
    fn other_collisions_are_errors_naming_both() {
        let methods = vec![method("getURL", None), method("getUrl", None)];
        let err = reconcile_methods(&methods).unwrap_err();
        assert_eq!(err.kind, ErrorKind::NameCollision);
        assert!(err.message.contains("`getURL`") && err.message.contains("`getUrl`"), "{err}");
        assert!(err.message.contains("`get_url`"), "{err}");
        assert!(err.pointer().is_some());

        // Deprecated, but pointing elsewhere: still a collision.
        let methods = vec![method("getURL", Some("somethingElse")), method("getUrl", None)];
        assert_eq!(reconcile_methods(&methods).unwrap_err().kind, ErrorKind::NameCollision);
    }

    #[test]
    fn positional_name_must_not_collide() {
        let methods = vec![method("create", None), method("createPositional", None)];
        let err = reconcile_methods(&methods).unwrap_err();
        assert_eq!(err.kind, ErrorKind::NameCollision);
        assert!(err.message.contains("create_positional"), "{err}");
    }

    fn api_with(models: Vec<Model>) -> Api {
        Api { title: "t".into(), version: "1.0.0".into(), services: vec![], models, enums: vec![] }
    }

    fn model(name: &str, fields: Vec<(&str, Type)>, additional: bool) -> Model {
        Model {
            name: name.into(),
            description: None,
            fields: fields
                .into_iter()
                .map(|(n, ty)| model::Field {
                    name: n.into(),
                    ty,
                    required: true,
                    nullable: false,
                    description: None,
                    embedded: false,
                })
                .collect(),
            additional_properties: additional,
            pointer: format!("#/components/schemas/{name}"),
            used_by: vec![],
        }
    }

    fn text(t: TokenStream) -> String {
        t.to_string().replace(' ', "")
    }

    #[test]
    fn type_mapping_by_position() {
        let api = api_with(vec![]);
        let types = Types::new(&api, &[], format_ident!("sdk"));
        let cases = [
            (Type::String, "String", "String"),
            (Type::Integer { int32: true }, "i64", "i64"),
            (Type::Integer { int32: false }, "i64", "i64"),
            (Type::Number, "f64", "f64"),
            (Type::Boolean, "bool", "bool"),
            (Type::Array(Box::new(Type::String)), "Vec<String>", "Vec<String>"),
            (Type::Object, "serde_json::Value", "serde_json::Map<String,serde_json::Value>"),
            (Type::Any, "serde_json::Value", "serde_json::Value"),
            (Type::Enum("OAuthProvider".into()), "crate::enums::OAuthProvider", "crate::enums::OAuthProvider"),
            (Type::Model("mfaType".into()), "crate::models::MfaType", "crate::models::MfaType"),
        ];
        for (ty, param, field) in cases {
            assert_eq!(text(types.value_type(&ty, Position::Param, None).unwrap()), param, "{ty:?}");
            assert_eq!(text(types.value_type(&ty, Position::Field, None).unwrap()), field, "{ty:?}");
        }
        assert_eq!(text(types.value_type(&Type::File, Position::Param, None).unwrap()), "crate::InputFile");
        assert_eq!(types.value_type(&Type::File, Position::Field, None).unwrap_err().kind, ErrorKind::Unsupported);
    }

    #[test]
    fn free_form_fields_make_models_generic_and_containers_inherit() {
        let api = api_with(vec![
            model("preferences", vec![], true),
            model("user", vec![("name", Type::String), ("prefs", Type::Model("preferences".into()))], false),
            model("userList", vec![("users", Type::Array(Box::new(Type::Model("user".into()))))], false),
        ]);
        let types = Types::new(&api, &[], format_ident!("sdk"));
        let user = model_view(&types, &api.models[1]).unwrap();
        assert_eq!(user.generics.len(), 1);
        assert_eq!(user.generics[0].ident.to_string(), "Prefs");
        assert_eq!(text(user.generics[0].default.clone()), "crate::models::Preferences");
        assert_eq!(text(user.fields[1].ty.clone()), "Prefs");
        let list = model_view(&types, &api.models[2]).unwrap();
        assert_eq!(list.generics.len(), 1);
        assert_eq!(text(list.fields[0].ty.clone()), "Vec<crate::models::User<Prefs>>");
        // Outside models (return types) the defaults apply.
        assert_eq!(
            text(types.value_type(&Type::Model("user".into()), Position::Response, None).unwrap()),
            "crate::models::User"
        );
        let prefs = model_view(&types, &api.models[0]).unwrap();
        assert!(prefs.free_form);
    }

    #[test]
    fn field_collisions_are_errors() {
        let api = api_with(vec![model("doc", vec![("$id", Type::String), ("id", Type::String)], false)]);
        let types = Types::new(&api, &[], format_ident!("sdk"));
        let err = model_view(&types, &api.models[0]).unwrap_err();
        assert_eq!(err.kind, ErrorKind::NameCollision);
        assert!(err.message.contains("`$id`") && err.message.contains("`id`"), "{err}");
    }

    #[test]
    fn enum_variants_and_their_collisions() {
        let e = model::EnumDef {
            name: "Factor".into(),
            values: vec![
                model::EnumValue { value: "totp".into(), key: None },
                model::EnumValue { value: "recovery-code".into(), key: None },
                model::EnumValue { value: "x".into(), key: Some("Custom".into()) },
            ],
            pointer: "#/p".into(),
            used_by: vec![],
        };
        let v = enum_view(&e).unwrap();
        let names: Vec<String> = v.variants.iter().map(|v| v.ident.to_string()).collect();
        assert_eq!(names, ["Totp", "RecoveryCode", "Custom"]);

        let clash = model::EnumDef {
            name: "Factor".into(),
            values: vec![
                model::EnumValue { value: "recoveryCode".into(), key: None },
                model::EnumValue { value: "recovery_code".into(), key: None },
            ],
            pointer: "#/p".into(),
            used_by: vec![],
        };
        assert_eq!(enum_view(&clash).unwrap_err().kind, ErrorKind::NameCollision);
        let unknown = model::EnumDef {
            name: "Factor".into(),
            values: vec![model::EnumValue { value: "unknown".into(), key: None }],
            pointer: "#/p".into(),
            used_by: vec![],
        };
        assert_eq!(enum_view(&unknown).unwrap_err().kind, ErrorKind::NameCollision);
    }
}
