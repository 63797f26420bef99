//! What changed for SDK users between two specs: methods, parameters, models and enums of each
//! service, each change classed breaking or compatible, and the semver bump they imply.
//!
//! Works on the language-neutral [`model`](crate::model) module, so "breaking" means breaking for code
//! written against the generated crate: e.g. a field whose `Option`-ness changes is breaking, a
//! new optional parameter is not (parameters are built with builders), a new enum value is not
//! (enums keep unknown values).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

use serde::Serialize;

use crate::model::{Api, EnumDef, Method, Model, ModelKind, Param, ParamLocation, Response, Type};

/// Breaking or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Code written against the old crate may stop compiling or behave differently.
    Breaking,
    /// Code written against the old crate keeps working.
    Compatible,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// Service (tag) the change belongs to; models and enums are listed under `models`/`enums`.
    pub service: String,
    /// What changed: `method`, `parameter`, `model`, `field`, `enum`, `enum value`.
    pub item: String,
    /// The thing that changed, e.g. `createMFAChallenge`, `User.impersonator`.
    pub subject: String,
    /// The kind of change, e.g. `added`, `removed`, `path changed`.
    pub change: String,
    /// Details, e.g. `/account/mfa/challenge → /account/mfa/challenges`.
    pub detail: String,
    /// Breaking or compatible.
    pub class: Class,
}

/// The semver bump a set of changes implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Breaking changes.
    Major,
    /// Only compatible additions or changes.
    Minor,
    /// Nothing visible changed.
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
    /// The bump the changes imply (for a 0.x crate, read "major" as a minor bump).
    pub bump: Bump,
}

struct Collector {
    changes: Vec<Change>,
}

impl Collector {
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

/// Compare two models of the same services.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut c = Collector { changes: Vec::new() };
    let old_services: BTreeMap<&str, _> = old.services.iter().map(|s| (s.name.as_str(), s)).collect();
    let new_services: BTreeMap<&str, _> = new.services.iter().map(|s| (s.name.as_str(), s)).collect();
    let names: BTreeSet<&str> = old_services.keys().chain(new_services.keys()).copied().collect();
    for name in &names {
        match (old_services.get(name), new_services.get(name)) {
            (Some(_), None) => c.push(name, "service", name, "removed", String::new(), Class::Breaking),
            (None, Some(_)) => c.push(name, "service", name, "added", String::new(), Class::Compatible),
            (Some(o), Some(n)) => methods(&mut c, name, &o.methods, &n.methods),
            (None, None) => {}
        }
    }
    models(&mut c, &old.models, &new.models);
    enums(&mut c, &old.enums, &new.enums);
    c.changes.sort();
    c.changes.dedup();
    let breaking = c.changes.iter().filter(|ch| ch.class == Class::Breaking).count();
    let compatible = c.changes.len() - breaking;
    let bump = if breaking > 0 {
        Bump::Major
    } else if compatible > 0 {
        Bump::Minor
    } else {
        Bump::Patch
    };
    Report {
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        services: names.iter().map(|s| s.to_string()).collect(),
        changes: c.changes,
        breaking,
        compatible,
        bump,
    }
}

fn methods(c: &mut Collector, service: &str, old: &[Method], new: &[Method]) {
    let old_by: BTreeMap<&str, &Method> = old.iter().map(|m| (m.name.as_str(), m)).collect();
    let new_by: BTreeMap<&str, &Method> = new.iter().map(|m| (m.name.as_str(), m)).collect();
    for (name, o) in &old_by {
        let Some(n) = new_by.get(name) else {
            // Renamed when the old spec already pointed at a replacement that still exists.
            let replacement = o.deprecated.as_ref().and_then(|d| d.replace_with.as_deref());
            match replacement.filter(|r| new_by.contains_key(r)) {
                Some(r) => c.push(
                    service,
                    "method",
                    name,
                    "renamed",
                    format!("{name} → {r} (the old name is gone)"),
                    Class::Breaking,
                ),
                None => c.push(service, "method", name, "removed", route(o), Class::Breaking),
            }
            continue;
        };
        method(c, service, o, n);
    }
    for (name, n) in &new_by {
        if old_by.contains_key(name) {
            continue;
        }
        // A new name that an old method now points to: a rename that keeps the old name.
        let renamed_from = old_by.values().find(|o| {
            new_by
                .get(o.name.as_str())
                .and_then(|still| still.deprecated.as_ref())
                .and_then(|d| d.replace_with.as_deref())
                == Some(name)
        });
        match renamed_from {
            Some(o) => c.push(
                service,
                "method",
                name,
                "renamed",
                format!("{} → {name} (the old name is deprecated)", o.name),
                Class::Compatible,
            ),
            None => c.push(service, "method", name, "added", route(n), Class::Compatible),
        }
    }
}

fn route(m: &Method) -> String {
    format!("{} {}", m.http_method.as_str(), m.path)
}

fn method(c: &mut Collector, service: &str, o: &Method, n: &Method) {
    let name = n.name.as_str();
    if o.path != n.path {
        c.push(service, "method", name, "path changed", format!("{} → {}", o.path, n.path), Class::Compatible);
    }
    if o.http_method != n.http_method {
        c.push(
            service,
            "method",
            name,
            "verb changed",
            format!("{} → {}", o.http_method.as_str(), n.http_method.as_str()),
            Class::Compatible,
        );
    }
    if o.deprecated.is_none() {
        if let Some(d) = &n.deprecated {
            let mut detail = String::new();
            if let Some(since) = &d.since {
                let _ = write!(detail, "since {since}");
            }
            if let Some(r) = &d.replace_with {
                let _ = write!(detail, "{}use {r}", if detail.is_empty() { "" } else { "; " });
            }
            c.push(service, "method", name, "deprecated", detail, Class::Compatible);
        }
    }
    if o.response != n.response {
        c.push(
            service,
            "method",
            name,
            "response changed",
            format!("{} → {}", response(&o.response), response(&n.response)),
            Class::Breaking,
        );
    }
    let old_params: BTreeMap<&str, &Param> = o.params.iter().map(|p| (p.name.as_str(), p)).collect();
    let new_params: BTreeMap<&str, &Param> = n.params.iter().map(|p| (p.name.as_str(), p)).collect();
    for (p, op) in &old_params {
        let subject = format!("{name}({p})");
        let Some(np) = new_params.get(p) else {
            c.push(service, "parameter", &subject, "removed", String::new(), Class::Breaking);
            continue;
        };
        if op.ty != np.ty {
            c.push(service, "parameter", &subject, "retyped", format!("{} → {}", op.ty, np.ty), Class::Breaking);
        }
        if !op.required && np.required {
            c.push(service, "parameter", &subject, "made required", String::new(), Class::Breaking);
        }
        if op.required && !np.required {
            c.push(service, "parameter", &subject, "made optional", String::new(), Class::Compatible);
        }
        if op.location != np.location {
            c.push(
                service,
                "parameter",
                &subject,
                "moved",
                format!("{} → {}", location(op.location), location(np.location)),
                Class::Compatible,
            );
        }
    }
    for (p, np) in &new_params {
        if old_params.contains_key(p) {
            continue;
        }
        let subject = format!("{name}({p})");
        if np.required {
            c.push(service, "parameter", &subject, "added (required)", np.ty.to_string(), Class::Breaking);
        } else {
            c.push(service, "parameter", &subject, "added (optional)", np.ty.to_string(), Class::Compatible);
        }
    }
}

fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Body => "body",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::EntireBody => "whole body",
    }
}

fn response(r: &Response) -> String {
    match r {
        Response::Json(t) => t.to_string(),
        Response::OptionalJson(t) => format!("{t} or no content"),
        Response::Text => "text".to_owned(),
        Response::NoContent => "no content".to_owned(),
        Response::Redirect => "redirect".to_owned(),
        Response::Binary => "bytes".to_owned(),
    }
}

fn models(c: &mut Collector, old: &[Model], new: &[Model]) {
    let old_by: BTreeMap<&str, &Model> = old.iter().map(|m| (m.name.as_str(), m)).collect();
    let new_by: BTreeMap<&str, &Model> = new.iter().map(|m| (m.name.as_str(), m)).collect();
    for (name, o) in &old_by {
        let Some(n) = new_by.get(name) else {
            c.push("models", "model", name, "removed", String::new(), Class::Breaking);
            continue;
        };
        union_variants(c, name, o, n);
        let of: BTreeMap<&str, _> = o.fields().iter().map(|f| (f.name.as_str(), f)).collect();
        let nf: BTreeMap<&str, _> = n.fields().iter().map(|f| (f.name.as_str(), f)).collect();
        for (f, ofield) in &of {
            let subject = format!("{name}.{f}");
            let Some(nfield) = nf.get(f) else {
                c.push("models", "field", &subject, "removed", String::new(), Class::Breaking);
                continue;
            };
            if ofield.ty != nfield.ty {
                c.push(
                    "models",
                    "field",
                    &subject,
                    "retyped",
                    format!("{} → {}", ofield.ty, nfield.ty),
                    Class::Breaking,
                );
            }
            let optional = |f: &crate::model::Field| !f.required || f.nullable;
            if optional(ofield) != optional(nfield) {
                let detail = if optional(nfield) { "may now be absent or null" } else { "now always present" };
                c.push("models", "field", &subject, "nullability changed", detail.to_owned(), Class::Breaking);
            }
        }
        for (f, nfield) in &nf {
            if !of.contains_key(f) {
                c.push("models", "field", &format!("{name}.{f}"), "added", nfield.ty.to_string(), Class::Compatible);
            }
        }
    }
    for name in new_by.keys() {
        if !old_by.contains_key(name) {
            c.push("models", "model", name, "added", String::new(), Class::Compatible);
        }
    }
}

/// A union's variants: a removed one breaks code matching on it; a new one does not (unions are
/// `#[non_exhaustive]`). A model that becomes or stops being a union is retyped.
fn union_variants(c: &mut Collector, name: &str, o: &Model, n: &Model) {
    let kind = |m: &Model| match &m.kind {
        ModelKind::Struct { .. } => "struct",
        ModelKind::Union(_) => "union",
        ModelKind::Alias(_) => "alias",
    };
    if kind(o) != kind(n) {
        c.push("models", "model", name, "retyped", format!("{} → {}", kind(o), kind(n)), Class::Breaking);
        return;
    }
    let (ModelKind::Union(ou), ModelKind::Union(nu)) = (&o.kind, &n.kind) else { return };
    let ov: BTreeSet<String> = ou.variants.iter().map(|v| v.ty.to_string()).collect();
    let nv: BTreeSet<String> = nu.variants.iter().map(|v| v.ty.to_string()).collect();
    for v in ov.difference(&nv) {
        c.push("models", "union variant", &format!("{name}::{v}"), "removed", String::new(), Class::Breaking);
    }
    for v in nv.difference(&ov) {
        c.push("models", "union variant", &format!("{name}::{v}"), "added", String::new(), Class::Compatible);
    }
}

fn enums(c: &mut Collector, old: &[EnumDef], new: &[EnumDef]) {
    let old_by: BTreeMap<&str, &EnumDef> = old.iter().map(|e| (e.name.as_str(), e)).collect();
    let new_by: BTreeMap<&str, &EnumDef> = new.iter().map(|e| (e.name.as_str(), e)).collect();
    for (name, o) in &old_by {
        let Some(n) = new_by.get(name) else {
            c.push("enums", "enum", name, "removed", String::new(), Class::Breaking);
            continue;
        };
        let ov: BTreeSet<&str> = o.values.iter().map(|v| v.value.as_str()).collect();
        let nv: BTreeSet<&str> = n.values.iter().map(|v| v.value.as_str()).collect();
        for v in ov.difference(&nv) {
            c.push("enums", "enum value", &format!("{name}::{v}"), "removed", String::new(), Class::Breaking);
        }
        for v in nv.difference(&ov) {
            c.push("enums", "enum value", &format!("{name}::{v}"), "added", String::new(), Class::Compatible);
        }
    }
    for name in new_by.keys() {
        if !old_by.contains_key(name) {
            c.push("enums", "enum", name, "added", String::new(), Class::Compatible);
        }
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
        format!("{} breaking, {} compatible change(s): {} version bump", self.breaking, self.compatible, self.bump)
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
    use crate::model::{Union, Variant};

    fn api(models: Vec<Model>) -> Api {
        Api { title: "t".into(), appwrite: false, models, ..Api::default() }
    }

    fn union(variants: &[&str]) -> Model {
        Model {
            name: "pet".into(),
            description: None,
            kind: ModelKind::Union(Union {
                discriminator: vec!["kind".into()],
                variants: variants
                    .iter()
                    .map(|v| Variant { ty: Type::Model((*v).into()), title: None, tags: vec![] })
                    .collect(),
            }),
            pointer: "#/components/schemas/pet".into(),
            used_by: vec![],
            input: false,
        }
    }

    #[test]
    fn union_variants_removed_break_and_added_do_not() {
        let report = diff(&api(vec![union(&["dog", "cat"])]), &api(vec![union(&["dog", "bird"])]));
        let changes: Vec<(String, Class)> =
            report.changes.iter().map(|c| (format!("{} {} {}", c.item, c.subject, c.change), c.class)).collect();
        assert_eq!(
            changes,
            [
                ("union variant pet::model bird added".to_owned(), Class::Compatible),
                ("union variant pet::model cat removed".to_owned(), Class::Breaking),
            ]
        );
        let retyped =
            diff(&api(vec![union(&["dog"])]), &api(vec![Model { kind: ModelKind::Alias(Type::String), ..union(&[]) }]));
        assert_eq!(retyped.breaking, 1, "{:?}", retyped.changes);
    }
}
