//! Rust stage: names, types and collisions.
//!
//! Turns the language-neutral [`crate::model`] into the views the templates print:
//! - [`names`]: how a spec name becomes an identifier ([`method_ident`], [`type_ident`],
//!   [`field_ident`], [`module_ident`]) and how names of one scope are kept apart;
//! - [`types`]: which Rust type a spec type maps to ([`Types::value_type`]), boxing of recursive
//!   fields, generic models, setter arguments, examples;
//! - this module: the views of the crate, its services, methods and their encodings, models,
//!   unions, enums and credentials, and the rules that reject what cannot be named
//!   ([`reconcile_methods`]).
//!
//! Encoding decisions reach the templates as typed fields ([`Encode`], [`BodyKind`],
//! [`ResponseKind`], [`PathPart`]), never as strings to compare.

pub mod names;
pub mod types;

use std::collections::{BTreeMap, HashMap, HashSet};

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

pub use names::{
    DocLine, Scope, feature_name, field_ident, method_ident, module_ident, positional_ident, snake_ident, type_ident,
    unraw,
};
pub use types::{GenericView, Position, Types};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    self, Api, BodyEncoding, Deprecation, KeyLocation, Method, Model, ModelKind, Param, ParamLocation, Response,
    SchemeKind, Style, Type,
};
use names::{BIDI_CONTROLS, KEYWORDS, NON_RAW, code_text, doc_lines, doc_lines_or};
use types::innermost_model;

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
    /// Value of the `X-Appwrite-Response-Format` header the SDK sends (Appwrite specs only).
    pub response_format: Option<String>,
    /// Services enabled by default.
    pub default_tags: Vec<String>,
}

/// Everything the templates need to print the crate.
#[derive(Debug)]
pub struct CrateView {
    /// Cargo package name.
    pub package: String,
    /// Some list method has a stream companion: the crate has the pagination runtime.
    pub paginates: bool,
    /// Library name as used in `use` paths (package name in snake case).
    pub lib: Ident,
    /// Package version.
    pub version: String,
    /// `info.title`, e.g. `Appwrite`.
    pub title: String,
    /// `info.version` of the spec (the Appwrite version).
    pub appwrite_version: String,
    /// `server` for an Appwrite spec's server SDK, empty otherwise (for "… server API").
    pub platform: &'static str,
    /// Spec file name.
    pub spec_file: String,
    /// Spec SHA-256.
    pub spec_sha256: String,
    /// `X-Appwrite-Response-Format` value, for Appwrite specs.
    pub response_format: Option<String>,
    /// The endpoint the docs show: the first server, variables at their defaults.
    pub endpoint: String,
    /// Services.
    pub services: Vec<ServiceView>,
    /// Models, unions and aliases.
    pub models: Vec<ModelView>,
    /// Enums.
    pub enums: Vec<EnumView>,
    /// Credentials the client can be configured with.
    pub schemes: Vec<SchemeView>,
    /// Lower-case names of headers whose values are secrets.
    pub secret_headers: Vec<String>,
    /// Some operation requires credentials (so a call without them must be refused).
    pub requires_credentials: bool,
    /// Services enabled by default (cargo features).
    pub default_features: Vec<String>,
    /// Module of a default service, for the crate-level example.
    pub example_service: Option<Ident>,
    /// Sample values of every struct, union and enum, for the generated round-trip test.
    pub samples: Vec<SampleView>,
}

/// A sample value of a type, for the round-trip test (printed as it is: that test's template
/// is written formatted, and is not parsed again).
#[derive(Debug)]
pub struct SampleView {
    /// The type, e.g. `sdk::models::User`.
    pub path: String,
    /// What the sample is, for messages (a string literal).
    pub label: String,
    /// The JSON text (a string literal).
    pub json: String,
    /// `Some(true)`: must decode into a known variant or value, `Some(false)`: into `Unknown`,
    /// `None`: either.
    pub known: &'static str,
    /// The `#[cfg]` of the type.
    pub cfg: CfgView,
}

/// The `#[cfg(…)]` of a type, for templates written formatted.
#[derive(Debug, Clone)]
pub struct CfgView {
    /// The features that compile the type (none: always compiled).
    pub features: Vec<String>,
    /// How prettyplease lays the attribute out.
    pub layout: CfgLayout,
}

/// Layouts of a `#[cfg(…)]` attribute (prettyplease's, with its 89-column margin).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CfgLayout {
    /// No attribute.
    Always,
    /// `#[cfg(feature = "a")]`.
    One,
    /// `#[cfg(any(feature = "a", feature = "b"))]` on one line.
    Line,
    /// `any(…)` on a line of its own.
    Short,
    /// One feature a line.
    Long,
}

pub(crate) fn cfg_view(features: &[String]) -> CfgView {
    const MARGIN: usize = 89;
    let any_len = "any()".len()
        + features.iter().map(|f| "feature = \"\"".len() + f.len()).sum::<usize>()
        + 2 * features.len().saturating_sub(1);
    let layout = match features {
        [] => CfgLayout::Always,
        [_] => CfgLayout::One,
        _ if any_len + "#[cfg()]".len() <= MARGIN => CfgLayout::Line,
        _ if any_len + 4 <= MARGIN => CfgLayout::Short,
        _ => CfgLayout::Long,
    };
    CfgView { features: features.to_vec(), layout }
}

/// "the {title} API", without saying API twice.
pub fn api_name(title: &str) -> String {
    if title.trim_end().to_ascii_lowercase().ends_with("api") {
        title.trim_end().to_owned()
    } else {
        format!("{title} API")
    }
}

/// A service (one module, one struct).
#[derive(Debug)]
pub struct ServiceView {
    /// Spec tag.
    pub tag: String,
    /// Module name, e.g. `account`, `tables_db`.
    pub module: Ident,
    /// Cargo feature ([`feature_name`]), e.g. `tables_db`.
    pub feature: String,
    /// Struct name, e.g. `Account`, `TablesDb`.
    pub type_name: Ident,
    /// Doc lines.
    pub docs: Vec<DocLine>,
    /// Methods.
    pub methods: Vec<MethodView>,
}

impl ServiceView {
    /// Whether a method's signature names `Result` (every method but those returning a
    /// `Download`), so the module imports it.
    pub fn names_result(&self) -> bool {
        self.methods.iter().any(|m| m.response != ResponseKind::Bytes)
    }

    /// Whether some method has a `*_stream` companion (the service then implements the
    /// runtime's `paginate::Service`).
    pub fn has_streams(&self) -> bool {
        self.methods.iter().any(|m| m.stream.is_some() && m.params.is_some())
    }
}

/// One segment of a request path.
#[derive(Debug)]
pub enum PathPart {
    /// Fixed text, e.g. `/account/sessions/`.
    Literal(Literal),
    /// A parameter of a text, number, boolean or enum type, percent-encoded as one segment.
    Param(Ident),
    /// A parameter of another type, serialized and percent-encoded (`simple` style).
    ParamValue(Ident),
}

/// How a successful response is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// JSON decoded into the return type.
    Json,
    /// JSON decoded into the return type's `Option`, `None` for no content.
    OptionalJson,
    /// Text.
    Text,
    /// No content.
    Empty,
    /// The `Location` of a redirect.
    Redirect,
    /// Raw bytes.
    Bytes,
}

/// How the request body is sent.
#[derive(Debug, Clone)]
pub enum BodyKind {
    /// No body.
    None,
    /// A JSON object of the body parameters (`{}` when none is given).
    Json,
    /// A multipart form in one request.
    Multipart,
    /// Appwrite's chunked multipart upload.
    ChunkedUpload,
    /// `application/x-www-form-urlencoded`.
    UrlEncoded,
    /// The one whole-body parameter, sent as it is with this content type.
    Raw(Literal),
}

/// How a query parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryEncoding {
    /// node-appwrite's `key[0]=…` for arrays, through the fast `QueryValue` trait.
    Indexed,
    /// node-appwrite's encoding for other types (objects as `key[name]=…`), through serde.
    IndexedJson,
    /// `form`; the flag is `explode`.
    Form(bool),
    /// `spaceDelimited` (`true`) or `pipeDelimited` (`false`).
    Delimited(bool),
    /// `deepObject`.
    Deep,
}

/// Where and how one parameter is written into the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encode {
    /// A path segment (written by the path template).
    Path,
    /// The query string.
    Query(QueryEncoding),
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
    /// A field of the JSON body; `true`: always sent (`null` when unset).
    JsonField(bool),
    /// A text field of a multipart form.
    FormField,
    /// A file of a one-request multipart form.
    FormFile,
    /// The file of a chunked upload (sent by the upload itself).
    UploadFile,
    /// A field of a url-encoded form.
    UrlEncodedField,
    /// The whole body, as JSON.
    EntireJson,
    /// The whole body, as bytes or text.
    EntireRaw,
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
    /// How the body is sent.
    pub body: BodyKind,
    /// For chunked uploads: the file parameter and its wire name.
    pub upload: Option<(Ident, Literal)>,
    /// Name of the upload variant that reports progress.
    pub progress_ident: Ident,
    /// Why a schema-driven mock (Prism) may serve a response this method cannot decode, when
    /// the spec itself makes that so.
    pub mock_caveat: Option<String>,
    /// What the request carries where the spec declares no body, as node-appwrite's does (an
    /// empty JSON object, or a GraphQL operation's query), said for the contract test.
    pub body_beyond_spec: Option<&'static str>,
    /// Headers every call sends (name, value), whatever its parameters.
    pub fixed_headers: Vec<(Literal, Literal)>,
    /// A sample of the JSON response (a string literal), which the generated mock test answers
    /// each call with.
    pub response_sample: Option<Literal>,
    /// Arguments of the doc example, one per parameter, in order.
    pub example: Vec<DocLine>,
    /// The variant that decodes the response's user data into the caller's type `T`, when the
    /// response holds user data.
    pub typed: Option<TypedView>,
    /// The companion that walks every page, for list methods that take `queries`.
    pub stream: Option<StreamView>,
}

/// The companion of a list method that walks every page: `list_rows_stream(…)` is a stream of
/// rows (and, through `.pages()`, of pages).
#[derive(Debug)]
pub struct StreamView {
    /// e.g. `list_rows_stream`.
    pub ident: Ident,
    /// e.g. `list_rows_stream_as`, when the list holds user data.
    pub typed_ident: Option<Ident>,
    /// e.g. `list_rows_request`: the private method that builds the list method's request, which
    /// both the list method and each page of the stream send.
    pub request_ident: Ident,
    /// The `queries` parameter's field, and whether it is required.
    pub queries: Ident,
    /// The `queries` field is required (a `Vec`, not an `Option`).
    pub queries_required: bool,
    /// The optional `total` flag's field, set to `false` unless the caller sets it.
    pub total: Option<Ident>,
    /// Doc lines of the companion.
    pub docs: Vec<DocLine>,
    /// Doc lines of the typed companion.
    pub typed_docs: Vec<DocLine>,
    /// The doc example, filled in at rendering.
    pub example: Vec<DocLine>,
}

/// A list model as a page: the field holding its items, their type, and their `$id` field.
#[derive(Debug)]
pub struct PageView {
    /// The items' field.
    pub items: Ident,
    /// The item type.
    pub item_ty: TokenStream,
    /// The item's `$id` field (the cursor); `None`: pages continue by offset.
    pub cursor: Option<Ident>,
}

/// The variant of a method whose user data (a row's columns, a user's preferences) is the
/// caller's type `T`: `get_row_as::<Song>(…)` returns `Row<Song>`.
#[derive(Debug)]
pub struct TypedView {
    /// e.g. `get_row_as`.
    pub ident: Ident,
    /// The return type, with `T`.
    pub response_ty: TokenStream,
    /// The return type in the example, with `MyData`.
    pub example_ty: TokenStream,
    /// Doc line pointing back to the untyped method.
    pub doc: DocLine,
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
    /// The positional variant's order, as node-appwrite's: indices of `fields`, the parameters
    /// the spec requires first (nullable ones too), then the others, each in spec order.
    pub positional: Vec<usize>,
    /// Typestate generic names of required parameters, in order.
    pub states: Vec<Ident>,
    /// Builder type arguments once every required parameter is set.
    pub complete: Vec<TokenStream>,
    /// True when some parameter must be set (so the params type has no `Default`).
    pub has_required: bool,
    /// True when some parameter may be left out.
    pub has_optional: bool,
    /// Doc line of the params struct.
    pub doc: DocLine,
    /// Doc line of the builder.
    pub builder_doc: DocLine,
}

impl ParamsView {
    /// Whether the builder holds the parameters struct itself (required parameters start as
    /// their placeholders; the type arguments alone record which are set), so cloning it,
    /// setting a parameter and finishing are a few moves whatever the number of parameters.
    /// False when a required parameter's type has no placeholder (an enum, a file, a model):
    /// that builder holds each required parameter in a field of its typestate type instead.
    pub fn holds_params(&self) -> bool {
        self.fields.iter().all(|f| !f.required || f.placeholder.is_some())
    }
}

/// One parameter.
#[derive(Debug)]
pub struct ParamView {
    /// Rust field name.
    pub ident: Ident,
    /// JSON / query / path / header name.
    pub wire_name: Literal,
    /// Spec name (docs).
    pub spec_name: String,
    /// Doc lines.
    pub docs: Vec<DocLine>,
    /// Must be set before the builder finishes (required and not nullable).
    pub required: bool,
    /// The spec requires it (a required nullable parameter is sent as `null` when not set).
    pub spec_required: bool,
    /// Where and how it is written.
    pub encode: Encode,
    /// Field type (wrapped in `Option` when it may be left out or `null`).
    pub field_ty: TokenStream,
    /// Argument type of the setter / positional argument.
    pub arg_ty: TokenStream,
    /// Expression turning the argument (named `ident`) into the value; `None` when it is the
    /// argument itself.
    pub convert: Option<TokenStream>,
    /// What the setter of a parameter that may be left out stores.
    pub set_expr: TokenStream,
    /// Positional argument type (`impl Optional<T>` or `Option<T>` for parameters that may be
    /// left out).
    pub positional_ty: TokenStream,
    /// The field's value, from the positional argument (`None`: the argument as it is).
    pub positional_store: Option<TokenStream>,
    /// Typestate generic name, for required parameters.
    pub state: Option<Ident>,
    /// For a required parameter: the value its builder holds until it is set (`String::new()`,
    /// `0`, `Vec::new()`…), when its type has one; never read, since the builder cannot finish
    /// before the setter replaced it.
    pub placeholder: Option<TokenStream>,
    /// Builder type arguments with this parameter unset (required only).
    pub unset_args: Vec<TokenStream>,
    /// Builder type arguments with this parameter set (required only).
    pub set_args: Vec<TokenStream>,
    /// Generic parameters of the setter impl (the other required parameters' states).
    pub other_states: Vec<Ident>,
    /// Example argument expression for the docs.
    pub example: TokenStream,
    /// The example as a positional argument.
    pub positional_example: TokenStream,
    /// The example argument of the typed variant's example, for user data (a value of the
    /// example's own type); `None` for other parameters.
    pub typed_example: Option<TokenStream>,
    /// Default value from the spec, shown in docs.
    pub default_doc: Option<DocLine>,
}

impl ParamView {
    /// The expression that turns the argument into the stored value.
    pub fn value_expr(&self) -> TokenStream {
        let ident = &self.ident;
        self.convert.clone().unwrap_or_else(|| quote!(#ident))
    }
}

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

/// A credential setter of the client builder.
#[derive(Debug)]
pub struct SchemeView {
    /// Setter name.
    pub setter: Ident,
    /// A placeholder value for examples, from the spec when it has one.
    pub demo: Option<String>,
    /// Doc lines.
    pub docs: Vec<DocLine>,
    /// Where it goes.
    pub kind: SchemeViewKind,
}

/// Where a credential goes.
#[derive(Debug)]
pub enum SchemeViewKind {
    /// A header of this name.
    Header(Literal),
    /// A query parameter of this name.
    Query(Literal),
    /// A cookie of this name.
    Cookie(Literal),
    /// `Authorization: Bearer`.
    Bearer,
    /// `Authorization: Basic`.
    Basic,
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

/// Build the crate view.
pub fn crate_view(api: &Api, options: &CrateOptions) -> Result<CrateView> {
    check_options(options)?;
    let lib = format_ident!("{}", options.package.replace('-', "_"));
    check_version(api, options)?;
    let enums = api.enums.iter().map(|e| enum_view(e, &api.title)).collect::<Result<Vec<_>>>()?;
    let enum_variants = api
        .enums
        .iter()
        .zip(&enums)
        .map(|(e, v)| (e.name.as_str(), v.variants.iter().map(|x| (x.value_text.clone(), x.ident.clone())).collect()))
        .collect();
    let types = Types::new(api, enum_variants, lib.clone());
    let enums: Vec<EnumView> =
        enums.into_iter().zip(&api.enums).map(|(v, e)| EnumView { ident: types.enum_ident(&e.name), ..v }).collect();
    // The list models some method walks page by page.
    let paginated: HashSet<&str> =
        api.services.iter().flat_map(|s| &s.methods).filter_map(|m| paginated_list(&types, api, m)).collect();
    let mut services = Vec::new();
    let mut service_names: BTreeMap<String, String> = BTreeMap::new();
    for s in &api.services {
        check_tag(&s.name, !paginated.is_empty())?;
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
            .map(|(m, aliases)| method_view(&types, api, &s.name, m, aliases))
            .collect::<Result<Vec<_>>>()?;
        unique_service_functions(&type_ident(&s.name), &methods, &pointers)?;
        services.push(ServiceView {
            tag: s.name.clone(),
            feature: feature_name(&s.name),
            module,
            type_name: type_ident(&s.name),
            docs: doc_lines_or(s.description.as_deref(), || format!("The `{}` service.", s.name)),
            methods,
        });
    }
    let models = api.models.iter().map(|m| model_view(&types, m, &paginated)).collect::<Result<Vec<_>>>()?;
    if let Some(unknown) = options.default_tags.iter().find(|t| !api.services.iter().any(|s| &s.name == *t)) {
        return Err(Error::new(
            ErrorKind::UnknownTag,
            format!("default service `{unknown}` is not among the generated services"),
        ));
    }
    let example_service = services.iter().find(|s| options.default_tags.contains(&s.tag)).map(|s| s.module.clone());
    let (schemes, secret_headers) = scheme_views(api)?;
    let endpoint = api
        .servers
        .first()
        .map(|s| {
            if s.url.starts_with("http://") || s.url.starts_with("https://") {
                s.url.clone()
            } else {
                format!("https://example.com{}", s.url)
            }
        })
        .unwrap_or_else(|| "https://example.com".to_owned());
    let endpoint = endpoint.trim_end_matches('/').to_owned();
    let samples = sample_views(api, &types, &lib, &models, &enums);
    Ok(CrateView {
        package: options.package.clone(),
        lib,
        version: options.version.clone(),
        title: api.title.clone(),
        appwrite_version: api.version.clone(),
        platform: if api.appwrite { "server " } else { "" },
        spec_file: options.spec_file.clone(),
        spec_sha256: options.spec_sha256.clone(),
        response_format: options.response_format.clone().filter(|_| api.appwrite),
        endpoint,
        services,
        models,
        enums,
        requires_credentials: !schemes.is_empty(),
        paginates: !paginated.is_empty(),
        schemes,
        secret_headers,
        example_service,
        default_features: features(&options.default_tags),
        samples,
    })
}

/// Samples of every struct and union, and of the first and last value of every enum.
fn sample_views(
    api: &Api,
    types: &Types<'_>,
    lib: &Ident,
    models: &[ModelView],
    enums: &[EnumView],
) -> Vec<SampleView> {
    let known = |k: Option<bool>| match k {
        Some(true) => "Some(true)",
        Some(false) => "Some(false)",
        None => "None",
    };
    let mut out = Vec::new();
    for (m, view) in api.models.iter().zip(models) {
        if matches!(view.kind, ModelViewKind::Alias(_)) {
            continue;
        }
        let ident = types.model_ident(&m.name);
        for sample in crate::sample::model_samples(api, m) {
            out.push(SampleView {
                path: format!("{lib}::models::{ident}"),
                label: Literal::string(&format!("{} ({})", m.name, sample.label)).to_string(),
                json: Literal::string(&sample.value.to_string()).to_string(),
                known: known(sample.known),
                cfg: cfg_view(&view.features),
            });
        }
    }
    for (e, view) in api.enums.iter().zip(enums) {
        let ident = &view.ident;
        let samples = crate::sample::enum_samples(e);
        let n = samples.len();
        for (i, sample) in samples.into_iter().enumerate() {
            // The first and last known values, and the unknown one.
            if i != 0 && i + 2 < n {
                continue;
            }
            out.push(SampleView {
                path: format!("{lib}::enums::{ident}"),
                label: Literal::string(&format!("{} ({})", e.name, sample.label)).to_string(),
                json: Literal::string(&sample.value.to_string()).to_string(),
                known: known(sample.known),
                cfg: cfg_view(&view.features),
            });
        }
    }
    out
}

/// Words that make a credential a secret (its value never shown by `Debug`).
const SECRET_WORDS: &[&str] = &[
    "key",
    "secret",
    "token",
    "session",
    "jwt",
    "password",
    "auth",
    "authorization",
    "cookie",
    "credential",
    "signature",
];

fn is_secret(names: &[&str]) -> bool {
    names.iter().any(|n| heck::ToSnakeCase::to_snake_case(*n).split('_').any(|w| SECRET_WORDS.contains(&w)))
}

/// The client builder's credential setters, from `components/securitySchemes`.
fn scheme_views(api: &Api) -> Result<(Vec<SchemeView>, Vec<String>)> {
    const BUILDER_METHODS: &[&str] = &[
        "endpoint",
        "header",
        "self_signed",
        "timeout",
        "build",
        "set",
        "set_header_credential",
        "set_query_credential",
        "set_cookie_credential",
        "set_bearer_token",
        "set_basic_credentials",
        "clone",
        "fmt",
    ];
    let mut scope = Scope::with(BUILDER_METHODS);
    let mut views = Vec::new();
    let mut secret_headers = Vec::new();
    for s in &api.security {
        let setter = scope.take(snake_ident(&s.name));
        let what = match &s.kind {
            SchemeKind::ApiKey { location: KeyLocation::Header, name } => format!("the `{}` header", code_text(name)),
            SchemeKind::ApiKey { location: KeyLocation::Query, name } => {
                format!("the `{}` query parameter of every request", code_text(name))
            }
            SchemeKind::ApiKey { location: KeyLocation::Cookie, name } => format!("the `{}` cookie", code_text(name)),
            SchemeKind::Bearer => "`Authorization: Bearer <token>`".to_owned(),
            SchemeKind::Basic => "`Authorization: Basic`, from a user name and password".to_owned(),
        };
        let mut docs = doc_lines(s.description.as_deref());
        if !docs.is_empty() {
            docs.push(DocLine(String::new()));
        }
        docs.push(DocLine(format!(" Sent as {what} (security scheme `{}`).", code_text(&s.name))));
        let kind = match &s.kind {
            SchemeKind::ApiKey { location, name } => {
                let header = name.chars().all(|c| c.is_ascii_alphanumeric() || "-_".contains(c)) && !name.is_empty();
                if !header && *location != KeyLocation::Query {
                    return Err(Error::at(
                        ErrorKind::Unsupported,
                        format!("#/components/securitySchemes/{}", crate::error::escape_pointer_token(&s.name)),
                        format!("`{name}` is not a valid header or cookie name"),
                    ));
                }
                if *location == KeyLocation::Header && is_secret(&[&s.name, name]) {
                    secret_headers.push(name.to_ascii_lowercase());
                }
                match location {
                    KeyLocation::Header => SchemeViewKind::Header(Literal::string(name)),
                    KeyLocation::Query => SchemeViewKind::Query(Literal::string(name)),
                    KeyLocation::Cookie => SchemeViewKind::Cookie(Literal::string(name)),
                }
            }
            SchemeKind::Bearer => SchemeViewKind::Bearer,
            SchemeKind::Basic => SchemeViewKind::Basic,
        };
        views.push(SchemeView { setter, demo: s.demo.clone(), docs, kind });
    }
    Ok((views, secret_headers))
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

fn plain(v: &str) -> bool {
    !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c))
}

/// The spec version is printed into comments, a string constant and `Cargo.toml`, and sent as
/// a header: it must be a plain version string. So must the title, printed into docs.
fn check_version(api: &Api, options: &CrateOptions) -> Result<()> {
    if !plain(&api.version) {
        return Err(Error::at(
            ErrorKind::InvalidDocument,
            "#/info/version",
            format!("`info.version` {:?} is not a version (letters, digits, `.`, `_`, `+` and `-` only)", api.version),
        ));
    }
    if api.title.chars().any(|c| c == '"' || c == '\\' || c.is_control() || BIDI_CONTROLS.contains(&c)) {
        return Err(Error::at(
            ErrorKind::InvalidDocument,
            "#/info/title",
            format!("`info.title` {:?} contains a quote, backslash or control character", api.title),
        ));
    }
    if let Some(format) = &options.response_format {
        if !plain(format) {
            return Err(Error::new(
                ErrorKind::InvalidDocument,
                format!("response format {format:?} is not a version (letters, digits, `.`, `_`, `+` and `-` only)"),
            ));
        }
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
    "Nullable",
    "Permission",
    "Role",
    "Optional",
    "OptionalString",
    "OptionalStrings",
    "Data",
];

/// Names at the crate root of crates with stream companions (the pagination runtime).
const PAGINATION_TYPES: &[&str] = &["Items", "Page", "Pages"];

/// Methods of `Client`, which also gets one method per service.
const CLIENT_METHODS: &[&str] = &["builder", "endpoint", "http", "request", "fmt", "clone"];

/// Methods of the `mock` feature's `Mock`, which also gets one method per service.
const MOCK_METHODS: &[&str] =
    &["new", "client", "received", "check", "verify", "expect", "state", "default", "drop", "fmt"];

/// A tag becomes a cargo feature (`Cargo.toml`, `#[cfg(feature = "…")]`, named like its module),
/// a module, a method of `Client` and a type at the crate root; it must be usable as all four.
fn check_tag(tag: &str, paginates: bool) -> Result<()> {
    // The tag itself is printed in string literals and docs; the feature is its module name.
    let tag_ok = tag.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || "_-".contains(c));
    let feature = feature_name(tag);
    let problem = if !tag_ok {
        Some("is not usable as a service name (ASCII letters, digits, `_` and `-`)".to_owned())
    } else if ["default", "full", "mock"].contains(&feature.as_str()) {
        Some(format!("maps to the cargo feature `{feature}`, which the crate already has"))
    } else if ROOT_TYPES.contains(&type_ident(tag).to_string().as_str())
        || (paginates && PAGINATION_TYPES.contains(&type_ident(tag).to_string().as_str()))
    {
        Some(format!("maps to the type `{}`, which the crate root already has", type_ident(tag)))
    } else if CLIENT_METHODS.contains(&module_ident(tag).to_string().as_str()) {
        Some(format!("maps to `Client::{}`, which `Client` already has", module_ident(tag)))
    } else if MOCK_METHODS.contains(&module_ident(tag).to_string().as_str()) {
        Some(format!("maps to `mock::Mock::{}`, which `Mock` already has", module_ident(tag)))
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
        if let Some(t) = &m.typed {
            names.push((unraw(&t.ident), format!("the typed variant of `{}`", m.spec_name)));
        }
        if let Some(st) = &m.stream {
            names.push((unraw(&st.ident), format!("the stream companion of `{}`", m.spec_name)));
            if let Some(typed) = &st.typed_ident {
                names.push((unraw(typed), format!("the typed stream companion of `{}`", m.spec_name)));
            }
            names.push((unraw(&st.request_ident), format!("the request builder of `{}`", m.spec_name)));
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

fn method_view(types: &Types<'_>, api: &Api, service: &str, m: &Method, aliases: Vec<String>) -> Result<MethodView> {
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
    let deprecated = m.deprecated.as_ref().map(|d| deprecated_view(&service_type, &api.title, d));
    let positional_note = match &m.deprecated {
        Some(d) => deprecated_view(&service_type, &api.title, d).note,
        None => Literal::string(&format!(
            "Use the object parameter style method for a better developer experience: `{service_type}::{}`",
            unraw(&ident)
        )),
    };
    let params = if m.params.is_empty() { None } else { Some(params_view(types, &service_type, m).map_err(at)?) };
    let idents: HashMap<&str, &Ident> = params
        .iter()
        .flat_map(|p| &p.fields)
        .zip(m.params.iter())
        .filter(|(_, p)| p.location == ParamLocation::Path)
        .map(|(f, p)| (p.name.as_str(), &f.ident))
        .collect();
    let path = m
        .path_parts
        .iter()
        .map(|part| match part {
            model::PathPart::Literal(text) => PathPart::Literal(Literal::string(text)),
            model::PathPart::Param(name) => {
                let ident = idents.get(name.as_str()).map_or_else(|| field_ident(name), |i| (*i).clone());
                let scalar = m
                    .params
                    .iter()
                    .find(|p| p.location == ParamLocation::Path && p.name == *name)
                    .is_some_and(|p| is_scalar(&p.ty));
                if scalar { PathPart::Param(ident) } else { PathPart::ParamValue(ident) }
            }
        })
        .collect();
    let (response_ty, response) = match &m.response {
        Response::Json(ty) => (types.value_type(ty, Position::Response, None).map_err(at)?, ResponseKind::Json),
        Response::OptionalJson(ty) => {
            let ty = types.value_type(ty, Position::Response, None).map_err(at)?;
            (quote!(Option<#ty>), ResponseKind::OptionalJson)
        }
        Response::Text => (quote!(String), ResponseKind::Text),
        Response::NoContent => (quote!(()), ResponseKind::Empty),
        Response::Redirect => (quote!(String), ResponseKind::Redirect),
        Response::Binary => (quote!(Vec<u8>), ResponseKind::Bytes),
    };
    let summary = doc_lines_or(m.summary.as_deref(), || m.name.clone());
    let upload = if m.chunked_upload {
        let files: Vec<&Param> = m.params.iter().filter(|p| p.ty == Type::File).collect();
        match (files.as_slice(), &m.response) {
            ([file], Response::Json(_)) => {
                let ident = params
                    .iter()
                    .flat_map(|p| &p.fields)
                    .find(|f| f.spec_name == file.name && f.encode == Encode::UploadFile)
                    .map_or_else(|| field_ident(&file.name), |f| f.ident.clone());
                Some((ident, Literal::string(&file.name)))
            }
            _ => {
                return Err(Error::at(
                    ErrorKind::Unsupported,
                    m.pointer.clone(),
                    "a chunked upload must have exactly one file (`format: binary`) parameter and a JSON response",
                ));
            }
        }
    } else {
        None
    };
    // node-appwrite sends `{}` (with its length) on every non-GET request of an Appwrite spec,
    // also where the spec declares no body; the server is tested against it, so this SDK does too.
    let appwrite_empty_object =
        api.appwrite && !matches!(m.http_method, model::HttpMethod::Get | model::HttpMethod::Head);
    let body = match &m.body {
        BodyEncoding::None if appwrite_empty_object => BodyKind::Json,
        BodyEncoding::None => BodyKind::None,
        BodyEncoding::Json if m.params.iter().any(|p| p.location == ParamLocation::EntireBody) => BodyKind::None,
        BodyEncoding::Json => BodyKind::Json,
        BodyEncoding::Multipart if upload.is_some() => BodyKind::ChunkedUpload,
        BodyEncoding::Multipart => BodyKind::Multipart,
        BodyEncoding::FormUrlEncoded => BodyKind::UrlEncoded,
        BodyEncoding::Raw(content_type) => BodyKind::Raw(Literal::string(content_type)),
    };
    let mut route_docs = vec![DocLine(format!(" `{} {}`", m.http_method.as_str(), code_text(&m.path)))];
    for alias in &aliases {
        route_docs.push(DocLine(format!(
            " The spec also lists this method as the deprecated alias `{alias}`, which maps to the same Rust name."
        )));
    }
    let progress_ident = format_ident!("{}_with_progress", unraw(&ident));
    let lib = types.lib();
    let example_ty = typed_response(types, m, &format_ident!("MyData"), &quote!(#lib));
    let typed = typed_response(types, m, &format_ident!("T"), &quote!(crate)).map(|response_ty| TypedView {
        ident: format_ident!("{}_as", unraw(&ident)),
        response_ty,
        example_ty: example_ty.unwrap_or_default(),
        doc: DocLine(format!(
            " As [`{service_type}::{}`], with the user data decoded into your own type `T` (any \
             `serde::de::DeserializeOwned`; the untyped method is this one with `T` a JSON map). \
             Its example shows both calls.",
            unraw(&ident)
        )),
    });
    let positional_doc =
        DocLine(format!(" Prefer [`{service_type}::{}`], which takes named parameters.", unraw(&ident)));
    let stream = stream_view(types, api, m, &ident, params.as_ref(), typed.is_some());
    Ok(MethodView {
        stream,
        typed,
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
        body,
        upload,
        progress_ident,
        mock_caveat: mock_caveat(types, m),
        body_beyond_spec: m
            .body_beyond_spec
            .or((m.body == BodyEncoding::None && appwrite_empty_object).then_some("an empty JSON object")),
        fixed_headers: m.fixed_headers.iter().map(|(n, v)| (Literal::string(n), Literal::string(v))).collect(),
        response_sample: match &m.response {
            Response::Json(ty) | Response::OptionalJson(ty) => {
                Some(Literal::string(&crate::sample::type_sample(api, ty).to_string()))
            }
            _ => None,
        },
        example: Vec::new(),
    })
}

/// Types written as one text value (path segments, the fast query encoding).
fn is_scalar(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::Integer(_) | Type::Number | Type::Boolean | Type::Enum(_))
}

/// Types the fast `QueryValue` encoding takes: scalars and lists of them, and JSON values.
fn is_query_value(ty: &Type) -> bool {
    match ty {
        Type::Array(inner) => is_query_value(inner),
        Type::Any | Type::Object => true,
        other => is_scalar(other),
    }
}

fn mock_caveat(types: &Types<'_>, m: &Method) -> Option<String> {
    if m.differs_from_operation {
        return Some("the spec documents the shared operation's response, not this method's".to_owned());
    }
    let (Response::Json(ty) | Response::OptionalJson(ty)) = &m.response else { return None };
    let mut stack: Vec<&str> = innermost_model(ty).into_iter().collect();
    let mut seen: Vec<&str> = Vec::new();
    while let Some(name) = stack.pop() {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let Some(model) = types.models.get(name) else { continue };
        match &model.kind {
            ModelKind::Struct { fields, .. } => {
                for f in fields {
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
            ModelKind::Union(u) => stack.extend(u.variants.iter().filter_map(|v| innermost_model(&v.ty))),
            ModelKind::Alias(ty) => stack.extend(innermost_model(ty)),
        }
    }
    None
}

fn deprecated_view(service_type: &Ident, title: &str, d: &Deprecation) -> DeprecatedView {
    let note = match &d.replace_with {
        Some(r) => format!("use `{service_type}::{}` instead", unraw(&method_ident(r))),
        None => format!("deprecated by the {}", api_name(title)),
    };
    DeprecatedView { since: d.since.as_deref().map(Literal::string), note: Literal::string(&note) }
}

fn params_view(types: &Types<'_>, service_type: &Ident, m: &Method) -> Result<ParamsView> {
    // Through `type_ident`, so that a leading digit gets its prefix (`1st` → `V1st`).
    let base = type_ident(&unraw(&method_ident(&m.name))).to_string();
    let ident = format_ident!("{base}Params");
    let builder = format_ident!("{base}ParamsBuilder");
    // Names: exact spec names first, then the rest, each scope-unique; a parameter of the same
    // name in another place gets that place's name (`gateway`, `gateway_body`).
    let mut scope = Scope::with(&["build", "builder"]);
    let mut idents: Vec<Option<Ident>> = vec![None; m.params.len()];
    for exact in [true, false] {
        for (i, p) in m.params.iter().enumerate() {
            let ident = field_ident(&p.name);
            if (unraw(&ident) == p.name) != exact {
                continue;
            }
            let ident = if scope.contains(&ident) {
                let place = match p.location {
                    ParamLocation::Path => "path",
                    ParamLocation::Query => "query",
                    ParamLocation::Header => "header",
                    ParamLocation::Cookie => "cookie",
                    ParamLocation::Body | ParamLocation::EntireBody => "body",
                };
                scope.take(format_ident!("{}_{place}", unraw(&ident)))
            } else {
                scope.take(ident)
            };
            idents[i] = Some(ident);
        }
    }
    let mut fields = Vec::with_capacity(m.params.len());
    let mut states = Scope::with(&["String", "Vec", "Option", "Box", "Result", "Into", "IntoIterator", "Some", "None"]);
    let typed = typed_response(types, m, &format_ident!("T"), &quote!(crate)).is_some();
    for (p, ident) in m.params.iter().zip(idents) {
        let ident = ident.unwrap_or_else(|| field_ident(&p.name));
        // A GraphQL request (the body Appwrite's convention adds) is not the user data its
        // answer holds: its example stays the request.
        let user_data = typed && m.body_beyond_spec.is_none() && is_user_data(p);
        fields.push(param_view(types, m, p, ident, user_data, &mut states)?);
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
    let mut positional: Vec<usize> = (0..fields.len()).filter(|&i| fields[i].spec_required).collect();
    positional.extend((0..fields.len()).filter(|&i| !fields[i].spec_required));
    Ok(ParamsView {
        ident,
        builder,
        positional,
        has_required: !states.is_empty(),
        has_optional: fields.iter().any(|f| !f.required),
        doc,
        builder_doc,
        fields,
        states,
        complete,
    })
}

/// The type of a method's response with its user data of the caller's type `T`, when it has user
/// data (a row, a list of documents, a user and its preferences).
/// A list model's page shape: its items' field (index) and type, and the index of the items'
/// `$id` field. A page is a struct with a `total` and exactly one list, always present.
struct PageShape<'t> {
    items: usize,
    item: &'t Type,
    cursor: Option<usize>,
}

fn page_shape<'t>(types: &Types<'t>, list: &str) -> Option<PageShape<'t>> {
    let ModelKind::Struct { fields, .. } = &types.models.get(list)?.kind else { return None };
    if !fields.iter().any(|f| f.name == "total") {
        return None;
    }
    let mut lists = fields.iter().enumerate().filter(|(_, f)| matches!(f.ty, Type::Array(_)));
    let (items, field) = lists.next()?;
    if lists.next().is_some() || !field.required || field.nullable {
        return None;
    }
    let Type::Array(item) = &field.ty else { return None };
    let cursor = match &**item {
        Type::Model(name) => match types.models.get(name.as_str()).map(|m| &m.kind) {
            Some(ModelKind::Struct { fields, .. }) => {
                fields.iter().position(|f| f.name == "$id" && f.ty == Type::String && f.required && !f.nullable)
            }
            _ => None,
        },
        _ => None,
    };
    Some(PageShape { items, item, cursor })
}

/// The list model a method returns when it can be walked page by page: an Appwrite list
/// method taking `queries` (a list of strings) and returning a page.
fn paginated_list<'m>(types: &Types<'_>, api: &Api, m: &'m Method) -> Option<&'m str> {
    let queries = m.params.iter().find(|p| p.name == "queries")?;
    let takes_queries = queries.location == ParamLocation::Query
        && queries.ty == Type::Array(Box::new(Type::String))
        && !queries.nullable;
    let Response::Json(Type::Model(list)) = &m.response else { return None };
    (api.appwrite && takes_queries && page_shape(types, list).is_some()).then_some(list.as_str())
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

fn stream_view(
    types: &Types<'_>,
    api: &Api,
    m: &Method,
    ident: &Ident,
    params: Option<&ParamsView>,
    typed: bool,
) -> Option<StreamView> {
    let list = paginated_list(types, api, m)?;
    let by_id = page_shape(types, list)?.cursor.is_some();
    // Fields are in the order of the method's parameters.
    let fields = &params?.fields;
    let queries = &fields[m.params.iter().position(|p| p.name == "queries" && p.location == ParamLocation::Query)?];
    let total = m
        .params
        .iter()
        .position(|p| {
            p.name == "total"
                && p.location == ParamLocation::Query
                && p.ty == Type::Boolean
                && !p.required
                && !p.nullable
        })
        .map(|i| &fields[i]);
    let name = unraw(ident);
    let walk =
        if by_id { "`Query::cursor_after` the last item's `$id`" } else { "`Query::offset` (the items have no `$id`)" };
    let docs = vec![
        DocLine(format!(
            " Every item of [`Self::{name}`], page after page, as a stream ([`Items`](crate::Items), a \
             `futures::Stream`; `.pages()` for the pages)."
        )),
        DocLine(String::new()),
        DocLine(format!(
            " Each request sends the given queries, then `Query::limit` (the page size: \
             [`Pages::DEFAULT_PAGE_SIZE`](crate::Pages::DEFAULT_PAGE_SIZE), or `.page_size(n)`), then {walk}{}; \
             a short page is the last. An error is yielded and ends the stream.",
            if total.is_some() { ", with `total=false` unless set" } else { "" }
        )),
    ];
    Some(StreamView {
        ident: format_ident!("{name}_stream"),
        typed_ident: typed.then(|| format_ident!("{name}_stream_as")),
        request_ident: format_ident!("{name}_request"),
        queries: queries.ident.clone(),
        queries_required: queries.required,
        total: total.map(|f| f.ident.clone()),
        typed_docs: vec![DocLine(format!(
            " As [`Self::{name}_stream`], with the user data decoded into your own type `T` (see [`Self::{name}_as`])."
        ))],
        docs,
        example: Vec::new(),
    })
}

/// `param` names the type and `root` the crate (`crate`, or its name in examples).
fn typed_response(types: &Types<'_>, m: &Method, param: &Ident, root: &TokenStream) -> Option<TokenStream> {
    if m.chunked_upload {
        return None;
    }
    match &m.response {
        Response::Json(ty) => types.typed_response(ty, param, root),
        Response::OptionalJson(ty) => types.typed_response(ty, param, root).map(|ty| quote!(Option<#ty>)),
        _ => None,
    }
}

/// Whether a parameter of a method whose response holds user data carries user data itself: a
/// free-form JSON object in the body, or a list of them (a row's `data`, a user's `prefs`, the
/// `rows` of a batch). Its setter takes any `impl Serialize`.
fn is_user_data(p: &Param) -> bool {
    let free_form = |ty: &Type| *ty == Type::Object;
    let in_body = p.location == ParamLocation::Body;
    in_body && !p.nullable && (free_form(&p.ty) || matches!(&p.ty, Type::Array(inner) if free_form(inner)))
}

/// The value a builder holds for a required parameter of this type before it is set: only for
/// types whose Rust form has an obvious empty value.
fn placeholder(ty: &Type) -> Option<TokenStream> {
    match ty {
        Type::String => Some(quote!(String::new())),
        Type::Integer(_) => Some(quote!(0)),
        Type::Number => Some(quote!(0.0)),
        Type::Boolean => Some(quote!(false)),
        Type::Array(_) | Type::Bytes => Some(quote!(Vec::new())),
        _ => None,
    }
}

fn param_view(
    types: &Types<'_>,
    m: &Method,
    p: &Param,
    ident: Ident,
    user_data: bool,
    states: &mut Scope,
) -> Result<ParamView> {
    let (value_ty, (plain_arg, convert)) = match &p.ty {
        _ if !user_data => (types.value_type(&p.ty, Position::Param, None)?, types.setter(&p.ty, &ident)?),
        Type::Array(_) => (
            quote!(Vec<crate::Data>),
            (
                quote!(impl IntoIterator<Item = impl serde::Serialize>),
                Some(quote!(#ident.into_iter().map(crate::Data::new).collect())),
            ),
        ),
        _ => (quote!(crate::Data), (quote!(impl serde::Serialize), Some(quote!(crate::Data::new(#ident))))),
    };
    // A required parameter must be set, unless `null` is a value: then it is sent as `null`
    // when not set. An optional nullable one is tri-state: left out, `null`, or a value.
    let must_set = p.required && !p.nullable;
    let (field_ty, arg_ty, convert, set_expr) = if must_set {
        (value_ty.clone(), plain_arg.clone(), convert, quote!())
    } else if p.nullable {
        let arg = quote!(impl crate::Nullable<#value_ty>);
        let conv = quote!(crate::Nullable::into_option(#ident));
        if p.required {
            (quote!(Option<#value_ty>), arg, Some(conv.clone()), conv)
        } else {
            (quote!(Option<Option<#value_ty>>), arg, Some(conv.clone()), quote!(Some(#conv)))
        }
    } else {
        let stored = convert.clone().unwrap_or_else(|| quote!(#ident));
        (quote!(Option<#value_ty>), plain_arg.clone(), convert, quote!(Some(#stored)))
    };
    // The positional variant: what it takes, how the field is set from it, and an example.
    // Optional text, lists of strings, numbers, booleans and enums take `impl Optional<T>`:
    // `None`, `Some(value)`, `&Option<value>` or the value as it is (`"x"`, `[Query::limit(5)]`).
    let example = types.example(&p.ty, p.example.as_ref(), &p.name, true);
    let exact = || types.example(&p.ty, p.example.as_ref(), &p.name, false);
    let strings = Type::Array(Box::new(Type::String));
    let (positional_ty, positional_store, positional_example) = if must_set {
        (plain_arg, convert.clone(), example.clone())
    } else if p.nullable && p.required {
        let exact = exact();
        (field_ty.clone(), None, quote!(Some(#exact)))
    } else if p.nullable {
        let exact = exact();
        (field_ty.clone(), None, quote!(Some(Some(#exact))))
    } else if user_data {
        // Optional user data stays a JSON value here (`None` must have one type).
        let value = types.value_type(&p.ty, Position::Param, None)?;
        let store = match &p.ty {
            Type::Array(_) => quote!(#ident.map(|v| v.into_iter().map(crate::Data::from).collect())),
            _ => quote!(#ident.map(crate::Data::from)),
        };
        let exact = exact();
        (quote!(Option<#value>), Some(store), quote!(Some(#exact)))
    } else if is_scalar(&p.ty) || matches!(&p.ty, Type::Array(inner) if is_scalar(inner)) {
        // Text and lists of strings are shown as the value itself, the others as `Some(value)`.
        let example = if p.ty == Type::String || p.ty == strings {
            example.clone()
        } else {
            let exact = exact();
            quote!(Some(#exact))
        };
        (quote!(impl crate::Optional<#value_ty>), Some(quote!(crate::Optional::into_option(#ident))), example)
    } else {
        let exact = exact();
        (field_ty.clone(), None, quote!(Some(#exact)))
    };
    let state = must_set.then(|| {
        let s = type_ident(&p.name);
        states.take(s)
    });
    let placeholder = if must_set && !user_data { placeholder(&p.ty) } else { None };
    let encode = match p.location {
        ParamLocation::Path => Encode::Path,
        ParamLocation::Query => Encode::Query(match p.style {
            Style::Indexed if is_query_value(&p.ty) => QueryEncoding::Indexed,
            Style::Indexed => QueryEncoding::IndexedJson,
            Style::Form { explode } => QueryEncoding::Form(explode),
            Style::SpaceDelimited => QueryEncoding::Delimited(true),
            Style::PipeDelimited => QueryEncoding::Delimited(false),
            Style::DeepObject => QueryEncoding::Deep,
            Style::Simple | Style::Body => QueryEncoding::Form(true),
        }),
        ParamLocation::Header => Encode::Header,
        ParamLocation::Cookie => Encode::Cookie,
        ParamLocation::EntireBody => match m.body {
            BodyEncoding::Raw(_) => Encode::EntireRaw,
            _ => Encode::EntireJson,
        },
        ParamLocation::Body => match m.body {
            BodyEncoding::Multipart if p.ty == Type::File && m.chunked_upload => Encode::UploadFile,
            BodyEncoding::Multipart if p.ty == Type::File => Encode::FormFile,
            BodyEncoding::Multipart => Encode::FormField,
            BodyEncoding::FormUrlEncoded => Encode::UrlEncodedField,
            _ => Encode::JsonField(p.required),
        },
    };
    Ok(ParamView {
        wire_name: Literal::string(&p.name),
        spec_name: p.name.clone(),
        docs: doc_lines_or(p.description.as_deref(), || format!("The `{}` parameter.", code_text(&p.name))),
        required: must_set,
        spec_required: p.required,
        encode,
        field_ty,
        arg_ty,
        convert,
        set_expr,
        positional_ty,
        positional_store,
        state,
        placeholder,
        unset_args: Vec::new(),
        set_args: Vec::new(),
        other_states: Vec::new(),
        typed_example: user_data.then(|| match &p.ty {
            Type::Array(_) => quote!([MyData { name: "Example".to_owned() }]),
            _ => quote!(&MyData { name: "Example".to_owned() }),
        }),
        example,
        positional_example,
        default_doc: p
            .default
            .as_ref()
            .filter(|d| !d.is_null())
            .map(|d| DocLine(format!(" Server default: `{}`.", code_text(&d.to_string())))),
        ident,
    })
}

/// The cargo features of services (tags).
fn features(tags: &[String]) -> Vec<String> {
    tags.iter().map(|t| feature_name(t)).collect()
}

fn model_view(types: &Types<'_>, m: &Model, paginated: &HashSet<&str>) -> Result<ModelView> {
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

fn enum_view(e: &model::EnumDef, title: &str) -> Result<EnumView> {
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

#[cfg(test)]
mod tests;
