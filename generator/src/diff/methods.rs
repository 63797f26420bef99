//! How a service's methods changed: methods added, removed or renamed, their arguments and
//! return types, deprecation, the typed, progress, stream and positional variants, the request
//! behind them (path, verb, spec name, folded aliases), and the fields of their parameter structs;
//! each change classed breaking, compatible or internal.

use std::collections::{BTreeMap, BTreeSet};

use super::report::{rust, spec_type};
use super::{Class, Collector, spec_method, spec_param};
use crate::rust::{MethodView, ParamsView, ServiceView};

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

pub(super) fn methods(c: &mut Collector<'_>, o: &ServiceView, n: &ServiceView) {
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
