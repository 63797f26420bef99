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
//!
//! Split by what each part compares or writes: `methods` (the services' methods, their variants
//! and parameters), `models` (models, union variants, fields and enums) and `report` (Rust
//! tokens and spec types in details, and the report as text, markdown or JSON).

mod methods;
mod models;
mod report;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::error::Result;
use crate::model::{self, Api};
use crate::rust::{CrateOptions, ServiceView, crate_view};
use methods::methods;
use models::{enums, models};

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

/// The spec's own method of a service.
fn spec_method<'a>(api: &'a Api, service: &str, method: &str) -> Option<&'a model::Method> {
    api.services.iter().filter(|s| s.name == service).flat_map(|s| &s.methods).find(|m| m.name == method)
}

/// The spec's own parameter behind a Rust one.
fn spec_param<'a>(api: &'a Api, service: &str, method: &str, param: &str) -> Option<&'a model::Param> {
    spec_method(api, service, method).and_then(|m| m.params.iter().find(|p| p.name == param))
}

/// The spec's own field behind a Rust one (by its JSON name).
fn spec_field<'a>(api: &'a Api, model: &str, wire: &str) -> Option<&'a model::Field> {
    api.models.iter().find(|m| m.name == model).and_then(|m| m.fields().iter().find(|f| f.name == wire))
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
