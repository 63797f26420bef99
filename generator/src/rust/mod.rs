//! Rust stage: names, types and collisions.
//!
//! Turns the language-neutral [`crate::model`] into the views the templates print:
//! - [`names`]: how a spec name becomes an identifier ([`method_ident`], [`type_ident`],
//!   [`field_ident`], [`module_ident`]) and how names of one scope are kept apart;
//! - [`types`]: which Rust type a spec type maps to ([`Types::value_type`]), boxing of recursive
//!   fields, generic models, setter arguments, examples;
//! - this module: the view of the crate ([`crate_view`]), its samples and `#[cfg]`s; the views
//!   of its parts, re-exported here, are decided by private submodules: `service` (services and
//!   methods: names, paths, bodies, responses), `params` (parameters, their encodings, builders
//!   and positional order), `streams` (list methods walked page by page), `typed` (user data of
//!   the caller's type), `models` (models, unions and enums), `schemes` (credentials),
//!   `reconcile` (deprecated aliases and method-name collisions, [`reconcile_methods`]) and
//!   `checks` (names printed as they are, tags that would take a reserved name).
//!
//! Encoding decisions reach the templates as typed fields ([`Encode`], [`BodyKind`],
//! [`ResponseKind`], [`PathPart`]), never as strings to compare.

mod checks;
mod models;
pub mod names;
mod params;
mod reconcile;
mod schemes;
mod service;
mod streams;
mod typed;
pub mod types;

use std::collections::{BTreeMap, HashSet};

use proc_macro2::{Ident, Literal};
use quote::format_ident;

pub use models::{
    ConstructorArg, EnumView, FieldView, ModelView, ModelViewKind, StructView, UnionVariantView, UnionView, VariantView,
};
pub use names::{
    DocLine, Scope, feature_name, field_ident, method_ident, module_ident, positional_ident, snake_ident, type_ident,
    unraw,
};
pub use params::{Encode, ParamView, ParamsView, QueryEncoding};
pub use reconcile::reconcile_methods;
pub use schemes::{SchemeView, SchemeViewKind};
pub use service::{BodyKind, DeprecatedView, MethodView, PathPart, ResponseKind, ServiceView};
pub use streams::{PageView, StreamView};
pub use typed::TypedView;
pub use types::{GenericView, Position, Types};

use crate::error::{Error, ErrorKind, Result};
use crate::model::Api;
use checks::{check_options, check_tag, check_version};
use models::{enum_view, model_view};
use names::doc_lines_or;
use reconcile::unique_service_functions;
use schemes::scheme_views;
use service::method_view;
use streams::paginated_list;
// For the unit tests (`use super::*`).
#[cfg(test)]
use {
    crate::model::{self, Deprecation, Method, Model, ModelKind, Response, Type},
    proc_macro2::TokenStream,
    std::collections::HashMap,
};

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

/// The cargo features of services (tags).
fn features(tags: &[String]) -> Vec<String> {
    tags.iter().map(|t| feature_name(t)).collect()
}

#[cfg(test)]
mod tests;
