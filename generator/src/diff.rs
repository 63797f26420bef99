//! What changed for code written against the generated crate between two specs: the methods,
//! parameters, models and enums of each service, each change classed breaking, compatible or
//! internal, and the semver bump they imply.
//!
//! Both specs go through the generator's own Rust stage ([`crate_view`]), and the diff compares
//! the Rust items it yields: methods are keyed by their Rust names, with deprecated aliases folded
//! into the method they name ([`crate::rust::reconcile_methods`]); types are the Rust types
//! ([`crate::rust::Types::value_type`]). So a change is judged by what it does to code written
//! against the crate:
//! - **breaking**: a public item is removed or its signature changes: a removed method, field or
//!   enum variant, a retyped field or return type, a new required parameter, a new argument of a
//!   method's positional variant or of a method that took none, a lost `Default`;
//! - **compatible**: items are added (parameter structs, models and enums are
//!   `#[non_exhaustive]`, so new optional parameters, fields and values are), an item is
//!   deprecated;
//! - **internal**: the Rust API is the same, only requests or docs differ: a new path or verb,
//!   `int32` → `int64` (both `i64`), a deprecated alias folded into a surviving method added or
//!   removed, a new wire value behind the same enum variant, a union now told apart by its
//!   discriminator.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

use proc_macro2::TokenStream;
use serde::Serialize;

use crate::error::Result;
use crate::model::{self, Api, IntegerFormat, Type};
use crate::rust::{
    CrateOptions, EnumView, MethodView, ModelView, ModelViewKind, ParamsView, ServiceView, StructView, crate_view,
};

/// Breaking or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Code written against the old crate may stop compiling or behave differently.
    Breaking,
    /// Code written against the old crate keeps compiling; the crate gained or deprecated items.
    Compatible,
    /// The Rust API is unchanged: only what goes over the wire, the docs or the spec's own names
    /// differ.
    Internal,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// Service (tag) the change belongs to; models and enums are listed under `models`/`enums`.
    pub service: String,
    /// What changed: `service`, `method`, `parameters`, `parameter`, `model`, `field`,
    /// `union variant`, `enum`, `enum variant`.
    pub item: String,
    /// The Rust item, e.g. `Account::create_mfa_challenge`, `User::impersonator`,
    /// `OAuthProvider::Mock`.
    pub subject: String,
    /// The kind of change, e.g. `added`, `removed`, `path changed`.
    pub change: String,
    /// Details, e.g. `/account/mfa/challenge → /account/mfa/challenges`.
    pub detail: String,
    /// Breaking, compatible or internal.
    pub class: Class,
}

/// The semver bump a set of changes implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Breaking changes.
    Major,
    /// Compatible additions or deprecations, nothing breaking.
    Minor,
    /// The Rust API is unchanged.
    Patch,
}

/// A diff report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Version of the old spec.
    pub old_version: String,
    /// Version of the new spec.
    pub new_version: String,
    /// Services compared.
    pub services: Vec<String>,
    /// Changes, sorted by service, item, subject.
    pub changes: Vec<Change>,
    /// Number of breaking changes.
    pub breaking: usize,
    /// Number of compatible changes.
    pub compatible: usize,
    /// Number of internal changes (the Rust API is unchanged).
    pub internal: usize,
    /// The bump the changes imply (for a 0.x crate, read "major" as a minor bump).
    pub bump: Bump,
}

struct Collector<'a> {
    changes: Vec<Change>,
    old: &'a Api,
    new: &'a Api,
}

impl Collector<'_> {
    fn push(&mut self, service: &str, item: &str, subject: &str, change: &str, detail: String, class: Class) {
        self.changes.push(Change {
            service: service.to_owned(),
            item: item.to_owned(),
            subject: subject.to_owned(),
            change: change.to_owned(),
            detail,
            class,
        });
    }
}

/// Compare the generated Rust APIs of two models of the same services. Fails when either model
/// cannot be generated (the same errors as `generate`).
pub fn diff(old: &Api, new: &Api) -> Result<Report> {
    // Paths inside the crate do not depend on its name or version.
    let options = CrateOptions {
        package: "sdk".to_owned(),
        version: "0.0.0".to_owned(),
        spec_file: String::new(),
        spec_sha256: String::new(),
        response_format: None,
        default_tags: Vec::new(),
    };
    let (old_view, new_view) = (crate_view(old, &options)?, crate_view(new, &options)?);
    let mut c = Collector { changes: Vec::new(), old, new };
    let old_services: BTreeMap<String, &ServiceView> =
        old_view.services.iter().map(|s| (s.type_name.to_string(), s)).collect();
    let new_services: BTreeMap<String, &ServiceView> =
        new_view.services.iter().map(|s| (s.type_name.to_string(), s)).collect();
    for (name, o) in &old_services {
        match new_services.get(name) {
            None => c.push(&o.tag, "service", name, "removed", format!("Client::{}()", o.module), Class::Breaking),
            Some(n) => methods(&mut c, o, n),
        }
    }
    for (name, n) in &new_services {
        if !old_services.contains_key(name) {
            c.push(&n.tag, "service", name, "added", format!("Client::{}()", n.module), Class::Compatible);
        }
    }
    models(&mut c, &old_view.models, &new_view.models);
    enums(&mut c, &old_view.enums, &new_view.enums);
    c.changes.sort();
    c.changes.dedup();
    let count = |class| c.changes.iter().filter(|ch| ch.class == class).count();
    let (breaking, compatible, internal) = (count(Class::Breaking), count(Class::Compatible), count(Class::Internal));
    let bump = if breaking > 0 {
        Bump::Major
    } else if compatible > 0 {
        Bump::Minor
    } else {
        Bump::Patch
    };
    let services: BTreeSet<&str> = old.services.iter().chain(&new.services).map(|s| s.name.as_str()).collect();
    Ok(Report {
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        services: services.into_iter().map(str::to_owned).collect(),
        changes: c.changes,
        breaking,
        compatible,
        internal,
        bump,
    })
}

/// Rust tokens as a person writes them: `Option<i64>`, `models::User`.
fn rust(tokens: &TokenStream) -> String {
    let text = tokens.to_string();
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '\'';
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch != ' ' {
            out.push(ch);
            continue;
        }
        let prev = out.chars().last();
        let next = chars.peek().copied();
        if (prev.is_some_and(word) && next.is_some_and(word))
            || prev == Some(',')
            || [prev, next].iter().any(|c| matches!(c, Some('+' | '=')))
        {
            out.push(' ');
        }
    }
    out.replace("crate::", "")
}

/// A spec type with its integer format, for details of internal changes.
fn spec_type(ty: &Type) -> String {
    match ty {
        Type::Integer(IntegerFormat::Int32) => "int32".to_owned(),
        Type::Integer(IntegerFormat::Signed) => "int64".to_owned(),
        Type::Integer(IntegerFormat::Unsigned64) => "uint64".to_owned(),
        Type::Array(inner) => format!("array<{}>", spec_type(inner)),
        Type::Map(inner) => format!("map<{}>", spec_type(inner)),
        Type::Nullable(inner) => format!("{} or null", spec_type(inner)),
        other => other.to_string(),
    }
}

/// A function's signature, and its arguments by name and type (for details).
type Signature = (String, Vec<(String, String)>);

/// The functions a method brings besides itself, by Rust name: the typed (`_as`), progress,
/// stream and positional variants.
fn companions(m: &MethodView) -> BTreeMap<String, Signature> {
    let params = params_arg(m);
    let args: Vec<(String, String)> =
        m.params.iter().map(|p| ("params".to_owned(), format!("impl Into<{}>", p.ident))).collect();
    let mut out = BTreeMap::new();
    if let Some(t) = &m.typed {
        let sig = format!("<T>(&self{params}) -> Result<{}>", rust(&t.response_ty));
        out.insert(t.ident.to_string(), (sig, args.clone()));
    }
    if m.upload.is_some() {
        out.insert(m.progress_ident.to_string(), (format!("(&self{params}, on_progress)"), args.clone()));
    }
    if let (Some(st), Some(_)) = (&m.stream, &m.params) {
        let sig = format!("(&self{params}) -> Items<{}>", rust(&m.response_ty));
        out.insert(st.ident.to_string(), (sig, args.clone()));
        if let (Some(typed), Some(t)) = (&st.typed_ident, &m.typed) {
            let sig = format!("<T>(&self{params}) -> Items<{}>", rust(&t.response_ty));
            out.insert(typed.to_string(), (sig, args.clone()));
        }
    }
    if let Some(p) = &m.params {
        let args: Vec<(String, String)> = p
            .positional
            .iter()
            .filter_map(|&i| p.fields.get(i))
            .map(|f| (f.ident.to_string(), rust(&f.positional_ty)))
            .collect();
        let list: Vec<String> = args.iter().map(|(name, ty)| format!("{name}: {ty}")).collect();
        out.insert(m.positional_ident.to_string(), (format!("(&self, {})", list.join(", ")), args));
    }
    out
}

/// What differs between two argument lists: added, removed, retyped, reordered arguments.
fn args_detail(old: &[(String, String)], new: &[(String, String)]) -> String {
    let old_by: BTreeMap<&str, &str> = old.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let new_by: BTreeMap<&str, &str> = new.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let mut parts = Vec::new();
    let added: Vec<String> =
        new.iter().filter(|(n, _)| !old_by.contains_key(n.as_str())).map(|(n, t)| format!("{n}: {t}")).collect();
    if !added.is_empty() {
        parts.push(format!("added {}", added.join(", ")));
    }
    let removed: Vec<&str> =
        old.iter().filter(|(n, _)| !new_by.contains_key(n.as_str())).map(|(n, _)| n.as_str()).collect();
    if !removed.is_empty() {
        parts.push(format!("removed {}", removed.join(", ")));
    }
    let retyped: Vec<String> = old
        .iter()
        .filter_map(|(n, t)| new_by.get(n.as_str()).filter(|nt| *nt != t).map(|nt| format!("{n}: {t} → {nt}")))
        .collect();
    if !retyped.is_empty() {
        parts.push(format!("retyped {}", retyped.join(", ")));
    }
    let order = |list: &[(String, String)], other: &BTreeMap<&str, &str>| {
        list.iter().filter(|(n, _)| other.contains_key(n.as_str())).map(|(n, _)| n.clone()).collect::<Vec<_>>()
    };
    if order(old, &new_by) != order(new, &old_by) {
        parts.push(format!("order ({}) → ({})", order(old, &new_by).join(", "), order(new, &old_by).join(", ")));
    }
    parts.join("; ")
}

fn params_arg(m: &MethodView) -> String {
    m.params.as_ref().map(|p| format!(", params: impl Into<{}>", p.ident)).unwrap_or_default()
}

fn route(m: &MethodView) -> String {
    format!("{} {}", m.verb_text, m.path_template)
}

fn methods(c: &mut Collector<'_>, o: &ServiceView, n: &ServiceView) {
    let service = n.tag.as_str();
    let ty = n.type_name.to_string();
    let old_by: BTreeMap<String, &MethodView> = o.methods.iter().map(|m| (m.ident.to_string(), m)).collect();
    let new_by: BTreeMap<String, &MethodView> = n.methods.iter().map(|m| (m.ident.to_string(), m)).collect();
    // Rust names of the new crate's methods by spec name (folded aliases too), to tell renames.
    let new_spec: BTreeMap<&str, String> = n
        .methods
        .iter()
        .flat_map(|m| std::iter::once(&m.spec_name).chain(&m.aliases).map(move |s| (s.as_str(), m.ident.to_string())))
        .collect();
    for (name, om) in &old_by {
        let subject = format!("{ty}::{name}");
        let Some(nm) = new_by.get(name) else {
            // Renamed when the old spec already pointed at a replacement that still exists.
            let replacement = spec_method(c.old, service, &om.spec_name)
                .and_then(|m| m.deprecated.as_ref())
                .and_then(|d| d.replace_with.as_deref())
                .and_then(|r| new_spec.get(r));
            let detail = match replacement {
                Some(r) => format!("renamed to {ty}::{r}; the old name is gone"),
                None => route(om),
            };
            c.push(service, "method", &subject, "removed", detail, Class::Breaking);
            continue;
        };
        method(c, service, &ty, om, nm);
    }
    for (name, nm) in &new_by {
        if !old_by.contains_key(name) {
            c.push(service, "method", &format!("{ty}::{name}"), "added", route(nm), Class::Compatible);
        }
    }
}

/// The spec's own method of a service.
fn spec_method<'a>(api: &'a Api, service: &str, method: &str) -> Option<&'a model::Method> {
    api.services.iter().filter(|s| s.name == service).flat_map(|s| &s.methods).find(|m| m.name == method)
}

fn method(c: &mut Collector<'_>, service: &str, ty: &str, o: &MethodView, n: &MethodView) {
    let subject = format!("{ty}::{}", n.ident);
    // The Rust signature.
    let (old_args, new_args) = (format!("(&self{})", params_arg(o)), format!("(&self{})", params_arg(n)));
    if old_args != new_args {
        c.push(service, "method", &subject, "arguments changed", format!("{old_args} → {new_args}"), Class::Breaking);
    }
    let (old_response, new_response) = (rust(&o.response_ty), rust(&n.response_ty));
    if old_response != new_response || o.response != n.response {
        let detail = format!("{old_response} ({:?}) → {new_response} ({:?})", o.response, n.response);
        c.push(service, "method", &subject, "response changed", detail, Class::Breaking);
    }
    match (&o.deprecated, &n.deprecated) {
        (None, Some(d)) => c.push(
            service,
            "method",
            &subject,
            "deprecated",
            d.note.to_string().trim_matches('"').to_owned(),
            Class::Compatible,
        ),
        (Some(_), None) => c.push(service, "method", &subject, "no longer deprecated", String::new(), Class::Internal),
        _ => {}
    }
    // Companions: the positional, typed, stream and progress variants.
    let (oc, nc) = (companions(o), companions(n));
    for (name, (old_sig, old_args)) in &oc {
        let companion = format!("{ty}::{name}");
        match nc.get(name) {
            None => c.push(service, "method", &companion, "removed", format!("variant of {subject}"), Class::Breaking),
            Some((new_sig, new_args)) if new_sig != old_sig => {
                let detail = match args_detail(old_args, new_args) {
                    same if same.is_empty() => format!("{old_sig} → {new_sig}"),
                    detail => detail,
                };
                c.push(service, "method", &companion, "signature changed", detail, Class::Breaking)
            }
            Some(_) => {}
        }
    }
    for name in nc.keys().filter(|k| !oc.contains_key(*k)) {
        c.push(
            service,
            "method",
            &format!("{ty}::{name}"),
            "added",
            format!("variant of {subject}"),
            Class::Compatible,
        );
    }
    // What the Rust API does not show: requests, spec names, folded aliases.
    if o.path_template != n.path_template {
        let detail = format!("{} → {}", o.path_template, n.path_template);
        c.push(service, "method", &subject, "path changed", detail, Class::Internal);
    }
    if o.verb_text != n.verb_text {
        c.push(
            service,
            "method",
            &subject,
            "verb changed",
            format!("{} → {}", o.verb_text, n.verb_text),
            Class::Internal,
        );
    }
    if o.spec_name != n.spec_name {
        let detail = format!("{} → {}", o.spec_name, n.spec_name);
        c.push(service, "method", &subject, "spec name changed", detail, Class::Internal);
    }
    let (oa, na): (BTreeSet<&String>, BTreeSet<&String>) = (o.aliases.iter().collect(), n.aliases.iter().collect());
    for alias in oa.difference(&na) {
        let detail = format!("spec method {alias} no longer folded into it; the Rust method remains");
        c.push(service, "method", &subject, "alias removed", detail, Class::Internal);
    }
    for alias in na.difference(&oa) {
        c.push(
            service,
            "method",
            &subject,
            "alias added",
            format!("spec method {alias} folded into it"),
            Class::Internal,
        );
    }
    if let (Some(op), Some(np)) = (&o.params, &n.params) {
        params(c, service, (o, op), (n, np));
    }
}

/// The spec's own parameter behind a Rust one.
fn spec_param<'a>(api: &'a Api, service: &str, method: &str, param: &str) -> Option<&'a model::Param> {
    spec_method(api, service, method).and_then(|m| m.params.iter().find(|p| p.name == param))
}

fn params(
    c: &mut Collector<'_>,
    service: &str,
    (om, o): (&MethodView, &ParamsView),
    (nm, n): (&MethodView, &ParamsView),
) {
    let strukt = n.ident.to_string();
    if !o.has_required && n.has_required {
        let detail = "a parameter is now required".to_owned();
        c.push(service, "parameters", &strukt, "no longer implements Default", detail, Class::Breaking);
    }
    if o.has_required && !n.has_required {
        c.push(service, "parameters", &strukt, "implements Default", String::new(), Class::Compatible);
    }
    // The builder's type parameters: one typestate per required parameter.
    let states = |p: &ParamsView| p.states.iter().map(ToString::to_string).collect::<Vec<_>>();
    if states(o) != states(n) {
        let detail = format!("<{}> → <{}>", states(o).join(", "), states(n).join(", "));
        c.push(service, "parameters", &n.builder.to_string(), "type parameters changed", detail, Class::Breaking);
    }
    let of: BTreeMap<String, _> = o.fields.iter().map(|f| (f.ident.to_string(), f)).collect();
    let nf: BTreeMap<String, _> = n.fields.iter().map(|f| (f.ident.to_string(), f)).collect();
    for (name, ofield) in &of {
        let subject = format!("{strukt}::{name}");
        let Some(nfield) = nf.get(name) else {
            c.push(service, "parameter", &subject, "removed", rust(&ofield.field_ty), Class::Breaking);
            continue;
        };
        let (ot, nt) = (rust(&ofield.field_ty), rust(&nfield.field_ty));
        let (oa, na) = (rust(&ofield.arg_ty), rust(&nfield.arg_ty));
        if ot != nt || oa != na {
            c.push(service, "parameter", &subject, "retyped", format!("{ot} → {nt}"), Class::Breaking);
        }
        if !ofield.required && nfield.required {
            c.push(service, "parameter", &subject, "made required", String::new(), Class::Breaking);
        }
        if ofield.required && !nfield.required {
            c.push(service, "parameter", &subject, "made optional", String::new(), Class::Compatible);
        }
        let old_spec = spec_param(c.old, service, &om.spec_name, &ofield.spec_name);
        let new_spec = spec_param(c.new, service, &nm.spec_name, &nfield.spec_name);
        if let (Some(op), Some(np)) = (old_spec, new_spec) {
            if op.ty != np.ty && ot == nt && oa == na {
                let detail = format!("{} → {}, both {nt} in Rust", spec_type(&op.ty), spec_type(&np.ty));
                c.push(service, "parameter", &subject, "spec type changed", detail, Class::Internal);
            }
            if op.location != np.location {
                let detail = format!("{:?} → {:?}", op.location, np.location).to_lowercase();
                c.push(service, "parameter", &subject, "moved", detail, Class::Internal);
            }
        }
    }
    for (name, nfield) in &nf {
        if of.contains_key(name) {
            continue;
        }
        let subject = format!("{strukt}::{name}");
        let ty = rust(&nfield.field_ty);
        if nfield.required {
            c.push(service, "parameter", &subject, "added (required)", ty, Class::Breaking);
        } else {
            c.push(service, "parameter", &subject, "added (optional)", ty, Class::Compatible);
        }
    }
}

/// Feature gating of a type: fewer configurations compile it (breaking) or more do.
fn features(c: &mut Collector<'_>, group: &str, item: &str, subject: &str, old: &[String], new: &[String]) {
    let (o, n): (BTreeSet<&String>, BTreeSet<&String>) = (old.iter().collect(), new.iter().collect());
    let list = |s: &BTreeSet<&String>| s.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ");
    if o == n {
        return;
    }
    // Empty: always compiled.
    let lost = !n.is_empty() && (o.is_empty() || o.difference(&n).next().is_some());
    let detail = format!("features [{}] → [{}]", list(&o), list(&n));
    let class = if lost { Class::Breaking } else { Class::Compatible };
    c.push(group, item, subject, "feature gating changed", detail, class);
}

fn kind_name(k: &ModelViewKind) -> &'static str {
    match k {
        ModelViewKind::Struct(_) => "struct",
        ModelViewKind::Alias(_) => "alias",
        ModelViewKind::Union(_) => "union",
    }
}

fn models(c: &mut Collector<'_>, old: &[ModelView], new: &[ModelView]) {
    let old_by: BTreeMap<String, &ModelView> = old.iter().map(|m| (m.ident.to_string(), m)).collect();
    let new_by: BTreeMap<String, &ModelView> = new.iter().map(|m| (m.ident.to_string(), m)).collect();
    for (name, o) in &old_by {
        let Some(n) = new_by.get(name) else {
            c.push("models", "model", name, "removed", kind_name(&o.kind).to_owned(), Class::Breaking);
            continue;
        };
        features(c, "models", "model", name, &o.features, &n.features);
        match (&o.kind, &n.kind) {
            (ModelViewKind::Struct(os), ModelViewKind::Struct(ns)) => structs(c, name, (o, os), (n, ns)),
            (ModelViewKind::Alias(ot), ModelViewKind::Alias(nt)) => {
                let (ot, nt) = (rust(ot), rust(nt));
                if ot != nt {
                    c.push("models", "model", name, "retyped", format!("{ot} → {nt}"), Class::Breaking);
                }
            }
            (ModelViewKind::Union(ou), ModelViewKind::Union(nu)) => {
                let ov: BTreeMap<String, String> =
                    ou.variants.iter().map(|v| (v.ident.to_string(), rust(&v.ty))).collect();
                let nv: BTreeMap<String, String> =
                    nu.variants.iter().map(|v| (v.ident.to_string(), rust(&v.ty))).collect();
                for (v, oty) in &ov {
                    let subject = format!("{name}::{v}");
                    match nv.get(v) {
                        None => c.push("models", "union variant", &subject, "removed", oty.clone(), Class::Breaking),
                        Some(nty) if nty != oty => c.push(
                            "models",
                            "union variant",
                            &subject,
                            "retyped",
                            format!("{oty} → {nty}"),
                            Class::Breaking,
                        ),
                        Some(_) => {}
                    }
                }
                for (v, nty) in nv.iter().filter(|(v, _)| !ov.contains_key(*v)) {
                    c.push("models", "union variant", &format!("{name}::{v}"), "added", nty.clone(), Class::Compatible);
                }
                if ou.tagged != nu.tagged {
                    let detail = if nu.tagged { "told apart by a discriminator" } else { "tried in order" };
                    c.push("models", "model", name, "decoding changed", detail.to_owned(), Class::Internal);
                }
            }
            (ok, nk) => {
                let detail = format!("{} → {}", kind_name(ok), kind_name(nk));
                c.push("models", "model", name, "retyped", detail, Class::Breaking);
            }
        }
    }
    for (name, n) in &new_by {
        if !old_by.contains_key(name) {
            c.push("models", "model", name, "added", kind_name(&n.kind).to_owned(), Class::Compatible);
        }
    }
}

/// The spec's own field behind a Rust one (by its JSON name).
fn spec_field<'a>(api: &'a Api, model: &str, wire: &str) -> Option<&'a model::Field> {
    api.models.iter().find(|m| m.name == model).and_then(|m| m.fields().iter().find(|f| f.name == wire))
}

fn structs(c: &mut Collector<'_>, name: &str, (om, o): (&ModelView, &StructView), (nm, n): (&ModelView, &StructView)) {
    let generics = |s: &StructView| s.generics.iter().map(|g| g.ident.to_string()).collect::<Vec<_>>();
    let (og, ng) = (generics(o), generics(n));
    if og != ng {
        // A new type parameter with a default keeps `User` meaning `User<Default>`.
        let class = if ng.starts_with(&og) { Class::Compatible } else { Class::Breaking };
        let detail = format!("<{}> → <{}>", og.join(", "), ng.join(", "));
        c.push("models", "model", name, "type parameters changed", detail, class);
    }
    if o.default && !n.default {
        c.push("models", "model", name, "no longer implements Default", String::new(), Class::Breaking);
    }
    if !o.default && n.default {
        c.push("models", "model", name, "implements Default", String::new(), Class::Compatible);
    }
    let constructor = |s: &StructView| {
        s.constructor.as_ref().map(|args| {
            let args: Vec<String> = args.iter().map(|a| format!("{}: {}", a.ident, rust(&a.ty))).collect();
            format!("new({})", args.join(", "))
        })
    };
    match (constructor(o), constructor(n)) {
        (Some(oc), None) => c.push("models", "model", name, "constructor removed", oc, Class::Breaking),
        (None, Some(nc)) => c.push("models", "model", name, "constructor added", nc, Class::Compatible),
        (Some(oc), Some(nc)) if oc != nc => {
            c.push("models", "model", name, "constructor changed", format!("{oc} → {nc}"), Class::Breaking)
        }
        _ => {}
    }
    let extra = |s: &StructView| s.extra.as_ref().map(|(i, t)| format!("{i}: {}", rust(t)));
    match (extra(o), extra(n)) {
        (Some(oe), None) => c.push("models", "field", &format!("{name}::{oe}"), "removed", oe.clone(), Class::Breaking),
        (None, Some(ne)) => c.push("models", "field", &format!("{name}::{ne}"), "added", ne.clone(), Class::Compatible),
        (Some(oe), Some(ne)) if oe != ne => {
            c.push("models", "field", name, "extra properties retyped", format!("{oe} → {ne}"), Class::Breaking)
        }
        _ => {}
    }
    let of: BTreeMap<String, _> = o.fields.iter().map(|f| (f.ident.to_string(), f)).collect();
    let nf: BTreeMap<String, _> = n.fields.iter().map(|f| (f.ident.to_string(), f)).collect();
    for (f, ofield) in &of {
        let subject = format!("{name}::{f}");
        let Some(nfield) = nf.get(f) else {
            c.push("models", "field", &subject, "removed", rust(&ofield.ty), Class::Breaking);
            continue;
        };
        let (ot, nt) = (rust(&ofield.ty), rust(&nfield.ty));
        if ot != nt {
            c.push("models", "field", &subject, "retyped", format!("{ot} → {nt}"), Class::Breaking);
            continue;
        }
        let wire = |f: &crate::rust::FieldView| f.wire_name.to_string().trim_matches('"').to_owned();
        let old_spec = spec_field(c.old, &om.spec_name, &wire(ofield));
        let new_spec = spec_field(c.new, &nm.spec_name, &wire(nfield));
        if let (Some(os), Some(ns)) = (old_spec, new_spec) {
            if os.ty != ns.ty || os.required != ns.required || os.nullable != ns.nullable {
                let spec = |f: &model::Field| {
                    let presence = if f.required { "" } else { ", optional" };
                    let null = if f.nullable { ", nullable" } else { "" };
                    format!("{}{presence}{null}", spec_type(&f.ty))
                };
                let detail = format!("{} → {}, both {nt} in Rust", spec(os), spec(ns));
                c.push("models", "field", &subject, "spec type changed", detail, Class::Internal);
            }
        }
    }
    for (f, nfield) in nf.iter().filter(|(f, _)| !of.contains_key(*f)) {
        c.push("models", "field", &format!("{name}::{f}"), "added", rust(&nfield.ty), Class::Compatible);
    }
}

fn enums(c: &mut Collector<'_>, old: &[EnumView], new: &[EnumView]) {
    let old_by: BTreeMap<String, &EnumView> = old.iter().map(|e| (e.ident.to_string(), e)).collect();
    let new_by: BTreeMap<String, &EnumView> = new.iter().map(|e| (e.ident.to_string(), e)).collect();
    for (name, o) in &old_by {
        let Some(n) = new_by.get(name) else {
            c.push("enums", "enum", name, "removed", String::new(), Class::Breaking);
            continue;
        };
        features(c, "enums", "enum", name, &o.features, &n.features);
        if o.integer != n.integer {
            let kind = |e: &EnumView| if e.integer { "integer" } else { "string" };
            c.push("enums", "enum", name, "retyped", format!("{} → {}", kind(o), kind(n)), Class::Breaking);
        }
        let ov: BTreeMap<String, &str> =
            o.variants.iter().map(|v| (v.ident.to_string(), v.value_text.as_str())).collect();
        let nv: BTreeMap<String, &str> =
            n.variants.iter().map(|v| (v.ident.to_string(), v.value_text.as_str())).collect();
        for (v, ovalue) in &ov {
            let subject = format!("{name}::{v}");
            match nv.get(v) {
                None => c.push("enums", "enum variant", &subject, "removed", format!("`{ovalue}`"), Class::Breaking),
                Some(nvalue) if nvalue != ovalue => {
                    let detail = format!("`{ovalue}` → `{nvalue}`");
                    c.push("enums", "enum variant", &subject, "wire value changed", detail, Class::Internal)
                }
                Some(_) => {}
            }
        }
        for (v, nvalue) in nv.iter().filter(|(v, _)| !ov.contains_key(*v)) {
            c.push("enums", "enum variant", &format!("{name}::{v}"), "added", format!("`{nvalue}`"), Class::Compatible);
        }
    }
    for name in new_by.keys().filter(|k| !old_by.contains_key(*k)) {
        c.push("enums", "enum", name, "added", String::new(), Class::Compatible);
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Integer(_) => f.write_str("integer"),
            Type::Number => f.write_str("number"),
            Type::Boolean => f.write_str("boolean"),
            Type::Array(inner) => write!(f, "array<{inner}>"),
            Type::Map(inner) => write!(f, "map<{inner}>"),
            Type::Object => f.write_str("object"),
            Type::Any => f.write_str("any"),
            Type::Enum(name) => write!(f, "enum {name}"),
            Type::Model(name) => write!(f, "model {name}"),
            Type::File => f.write_str("file"),
            Type::Bytes => f.write_str("bytes"),
            Type::Nullable(inner) => write!(f, "{inner} or null"),
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Class::Breaking => "breaking",
            Class::Compatible => "compatible",
            Class::Internal => "internal",
        })
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::Major => "major",
            Bump::Minor => "minor",
            Bump::Patch => "patch",
        })
    }
}

impl Report {
    /// Plain text, grouped by service.
    pub fn text(&self) -> String {
        let mut out = format!("Appwrite {} → {} ({})\n", self.old_version, self.new_version, self.services.join(", "));
        let mut last = "";
        for ch in &self.changes {
            if ch.service != last {
                let _ = writeln!(out, "\n{}:", ch.service);
                last = &ch.service;
            }
            let detail = if ch.detail.is_empty() { String::new() } else { format!(": {}", ch.detail) };
            let _ = writeln!(out, "  [{}] {} {} {}{}", ch.class, ch.item, ch.subject, ch.change, detail);
        }
        let _ = writeln!(out, "\n{}", self.summary());
        out
    }

    /// One line: counts and the implied bump.
    pub fn summary(&self) -> String {
        format!(
            "{} breaking, {} compatible, {} internal change(s): {} version bump",
            self.breaking, self.compatible, self.internal, self.bump
        )
    }

    /// A markdown table per service.
    pub fn markdown(&self) -> String {
        let mut out = format!("## Appwrite {} → {}\n", self.old_version, self.new_version);
        let mut last = "";
        for ch in &self.changes {
            if ch.service != last {
                let _ = writeln!(
                    out,
                    "\n### {}\n\n| class | item | subject | change | detail |\n|---|---|---|---|---|",
                    ch.service
                );
                last = &ch.service;
            }
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {} | {} |",
                ch.class,
                ch.item,
                ch.subject,
                ch.change,
                ch.detail.replace('|', "\\|")
            );
        }
        let _ = writeln!(out, "\n**{}**", self.summary());
        out
    }

    /// Stable JSON: fixed key order, changes sorted.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// The model of a spec with one service `pets`: `paths` and `components/schemas` as given.
    fn api(paths: Value, schemas: Value) -> Api {
        let doc = json!({
            "openapi": "3.0.0",
            "info": { "title": "Pets", "version": "1.0.0" },
            "paths": paths,
            "components": { "schemas": schemas },
        });
        let spec = crate::load::load_bytes(std::path::Path::new("pets.json"), doc.to_string().as_bytes()).unwrap();
        model::build(&spec.document, &model::Selection::server(["pets"])).unwrap()
    }

    /// `GET /pets` returning a `pet`, with these query parameters.
    fn list(params: Value) -> Value {
        json!({ "/pets": { "get": {
            "tags": ["pets"], "operationId": "getPet", "parameters": params,
            "responses": { "200": { "description": "ok",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/pet" } } } } },
        } } })
    }

    fn pet(fields: Value) -> Value {
        json!({ "pet": { "type": "object", "properties": fields, "required": ["name"] } })
    }

    fn query(name: &str, schema: Value) -> Value {
        json!({ "name": name, "in": "query", "required": false, "schema": schema })
    }

    fn lines(report: &Report) -> Vec<String> {
        report.changes.iter().map(|c| format!("[{}] {} {}", c.class, c.subject, c.change)).collect()
    }

    #[test]
    fn int32_to_int64_is_no_change_of_the_rust_api() {
        let fields =
            |format: &str| pet(json!({ "name": { "type": "string" }, "age": { "type": "integer", "format": format } }));
        let old = api(list(json!([query("limit", json!({ "type": "integer", "format": "int32" }))])), fields("int32"));
        let new = api(list(json!([query("limit", json!({ "type": "integer", "format": "int64" }))])), fields("int64"));
        let report = diff(&old, &new).unwrap();
        assert_eq!(
            lines(&report),
            ["[internal] Pet::age spec type changed", "[internal] GetPetParams::limit spec type changed"]
        );
        assert!(report.changes[1].detail.contains("int32 → int64, both Option<i64> in Rust"), "{report:?}");
        assert_eq!((report.bump, report.breaking, report.compatible), (Bump::Patch, 0, 0));
        // Same spec: nothing at all.
        let same = diff(&old, &old).unwrap();
        assert_eq!((same.changes.len(), same.bump), (0, Bump::Patch));
    }

    #[test]
    fn a_new_optional_parameter_is_compatible_but_changes_the_positional_variant() {
        let fields = pet(json!({ "name": { "type": "string" } }));
        let old = api(list(json!([query("limit", json!({ "type": "integer" }))])), fields.clone());
        let new = api(
            list(json!([query("limit", json!({ "type": "integer" })), query("kind", json!({ "type": "string" }))])),
            fields.clone(),
        );
        let report = diff(&old, &new).unwrap();
        assert_eq!(
            lines(&report),
            [
                "[breaking] Pets::get_pet_positional signature changed",
                "[compatible] GetPetParams::kind added (optional)",
            ]
        );
        assert_eq!(report.changes[0].detail, "added kind: impl Optional<String>");
        assert_eq!(report.bump, Bump::Major);
        // A method that took no parameters gains its first: its own signature changes.
        let report = diff(&api(list(json!([])), fields.clone()), &old).unwrap();
        assert_eq!(
            lines(&report),
            ["[breaking] Pets::get_pet arguments changed", "[compatible] Pets::get_pet_positional added"]
        );
    }

    /// `POST /pets/{verb}` operations, each an SDK method; `deprecated` names its replacement.
    fn methods(list: &[(&str, &str, Option<&str>)]) -> Value {
        let mut paths = serde_json::Map::new();
        for (path, name, replace) in list {
            let deprecated = replace.map(|r| json!({ "since": "1.1.0", "replaceWith": format!("pets.{r}") }));
            paths.insert(
                format!("/pets/{path}"),
                json!({ "post": {
                    "tags": ["pets"], "operationId": name,
                    "x-appwrite": { "method": name, "deprecated": deprecated },
                    "responses": { "204": { "description": "none" } },
                } }),
            );
        }
        Value::Object(paths)
    }

    #[test]
    fn a_folded_alias_removed_leaves_the_rust_method_and_a_real_removal_breaks() {
        let old = api(
            methods(&[("a", "createMFA", None), ("b", "createMfa", Some("createMFA")), ("c", "feed", None)]),
            json!({}),
        );
        let new = api(methods(&[("a", "createMFA", None)]), json!({}));
        let report = diff(&old, &new).unwrap();
        assert_eq!(lines(&report), ["[internal] Pets::create_mfa alias removed", "[breaking] Pets::feed removed"]);
        assert!(report.changes[0].detail.contains("createMfa"), "{report:?}");
        // The alias alone going away is a patch.
        let without_feed = api(methods(&[("a", "createMFA", None), ("b", "createMfa", Some("createMFA"))]), json!({}));
        assert_eq!(diff(&without_feed, &new).unwrap().bump, Bump::Patch);
        // A rename whose old name the old spec already deprecated.
        let old = api(methods(&[("a", "oldName", Some("newName")), ("b", "newName", None)]), json!({}));
        let new = api(methods(&[("b", "newName", None)]), json!({}));
        let report = diff(&old, &new).unwrap();
        assert_eq!(lines(&report), ["[breaking] Pets::old_name removed"]);
        assert_eq!(report.changes[0].detail, "renamed to Pets::new_name; the old name is gone");
    }

    #[test]
    fn fields_and_enum_variants_removed_break_and_added_do_not() {
        let kind = |values: Value| json!({ "type": "string", "enum": values, "x-enum-name": "Kind" });
        let old = api(
            list(json!([])),
            pet(
                json!({ "name": { "type": "string" }, "tag": { "type": "string" }, "kind": kind(json!(["cat", "dog"])) }),
            ),
        );
        let new = api(
            list(json!([])),
            pet(
                json!({ "name": { "type": "integer" }, "kind": kind(json!(["cat", "bird"])), "age": { "type": "integer" } }),
            ),
        );
        let report = diff(&old, &new).unwrap();
        assert_eq!(
            lines(&report),
            [
                "[compatible] Kind::Bird added",
                "[breaking] Kind::Dog removed",
                "[compatible] Pet::age added",
                "[breaking] Pet::name retyped",
                "[breaking] Pet::tag removed",
            ]
        );
        assert_eq!(report.changes[3].detail, "String → i64");
        assert_eq!((report.breaking, report.compatible, report.bump), (3, 2, Bump::Major));
    }
}
