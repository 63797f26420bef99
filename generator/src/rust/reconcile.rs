//! Method names of a service: deprecated aliases folded into the method they name, and any
//! other collision rejected — between spec methods ([`reconcile_methods`]) and between the
//! functions a service type gets (methods and their variants, [`unique_service_functions`]).

use std::collections::HashMap;

use proc_macro2::Ident;

use super::names::{method_ident, positional_ident, unraw};
use super::service::MethodView;
use crate::error::{Error, ErrorKind, Result};
use crate::model::Method;

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

/// The functions of one service type (methods, positional and progress variants, `new`) have
/// distinct names.
pub(super) fn unique_service_functions(service: &Ident, methods: &[MethodView], pointers: &[&str]) -> Result<()> {
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
