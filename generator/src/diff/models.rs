//! How the models and enums changed: models added, removed or retyped (struct, alias, union),
//! their feature gating, type parameters, `Default`, constructor, fields and union variants, and
//! enum variants and their wire values; each change classed breaking, compatible or internal.

use std::collections::{BTreeMap, BTreeSet};

use super::report::{rust, spec_type};
use super::{Class, Collector, spec_field};
use crate::model;
use crate::rust::{EnumView, ModelView, ModelViewKind, StructView};

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

pub(super) fn models(c: &mut Collector<'_>, old: &[ModelView], new: &[ModelView]) {
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

pub(super) fn enums(c: &mut Collector<'_>, old: &[EnumView], new: &[EnumView]) {
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
