//! The checked-in SDK against node-appwrite 23.1.0's own type declarations (recorded by
//! `generated/tests/node-appwrite/signatures.mjs`): the positional variants take their arguments
//! in node-appwrite's order, and every method node-appwrite makes generic over the caller's user
//! data (`getRow<Row>`, `updatePrefs<Preferences>`) has a typed `_as` variant.
//! (`cargo xtask codegen --check` keeps the checked-in code equal to a fresh generation.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use heck::ToSnakeCase;
use serde_json::Value;

fn generated_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated")
}

/// A service file's public methods (name → argument names, without `self`) and structs (name →
/// field names).
struct Service {
    methods: BTreeMap<String, Vec<String>>,
    structs: BTreeMap<String, Vec<String>>,
}

fn name(ident: &syn::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_owned()
}

fn read_service(path: &Path) -> Service {
    let source = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = syn::parse_file(&source).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut service = Service { methods: BTreeMap::new(), structs: BTreeMap::new() };
    for item in file.items {
        match item {
            syn::Item::Struct(s) => {
                let fields = s.fields.iter().filter_map(|f| f.ident.as_ref()).map(name).collect();
                service.structs.insert(s.ident.to_string(), fields);
            }
            syn::Item::Impl(block) => {
                for item in block.items {
                    let syn::ImplItem::Fn(f) = item else { continue };
                    if !matches!(f.vis, syn::Visibility::Public(_)) {
                        continue;
                    }
                    let args = f
                        .sig
                        .inputs
                        .iter()
                        .filter_map(|arg| match arg {
                            syn::FnArg::Typed(t) => match &*t.pat {
                                syn::Pat::Ident(i) => Some(name(&i.ident)),
                                _ => panic!("{}: {}: an argument that is not a name", path.display(), f.sig.ident),
                            },
                            syn::FnArg::Receiver(_) => None,
                        })
                        .collect();
                    service.methods.insert(f.sig.ident.to_string(), args);
                }
            }
            _ => {}
        }
    }
    service
}

/// Parameters spec 1.9.3 renamed and node-appwrite 23.1.0 still sends under their old names (at the
/// same position): service module, node-appwrite's name, the spec's name.
const RENAMED_BY_SPEC: &[(&str, &str, &str)] = &[
    ("webhooks", "security", "tls"),
    ("webhooks", "http_user", "auth_username"),
    ("webhooks", "http_pass", "auth_password"),
];

/// node-appwrite 23.1.0 methods spec 1.9.3 does not have (node-appwrite was generated from a
/// slightly different revision).
const NOT_IN_SPEC: &[(&str, &str)] = &[("health", "getConsolePausing"), ("webhooks", "updateSignature")];

/// A node-appwrite parameter name as the Rust SDK spells it: snake case, without the `x` that
/// node-appwrite's generator puts before names it reserves (`xdefault`, `xpath`).
fn node_param(name: &str) -> String {
    match name {
        "xdefault" | "xpath" => name[1..].to_owned(),
        _ => name.to_snake_case(),
    }
}

#[test]
fn positional_variants_take_node_appwrites_argument_order() {
    let path = generated_dir().join("tests/fixtures/node-appwrite-signatures.json");
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(fixture["version"], "23.1.0");
    let mut compared = 0;
    let mut reordered = Vec::new();
    let mut mismatches = Vec::new();
    let mut missing = Vec::new();
    let mut newer = Vec::new();
    let mut services_compared = Vec::new();
    for (stem, service) in fixture["services"].as_object().unwrap() {
        let module = stem.replace('-', "_");
        let file = generated_dir().join("src/services").join(format!("{module}.rs"));
        if !file.exists() {
            // A node-appwrite service the spec does not have for the server platform.
            println!("node-appwrite service `{stem}` is not in the spec; skipped");
            continue;
        }
        services_compared.push(module.clone());
        let rust = read_service(&file);
        for (name, params) in service["methods"].as_object().unwrap() {
            let mut params: Vec<String> = match params {
                Value::Array(params) => params.iter().map(|p| node_param(p.as_str().unwrap())).collect(),
                other => panic!("{stem}.{name}: node-appwrite declares no positional form ({other})"),
            };
            // Method names are compared without case and underscores (`createOAuth2Token` is
            // `create_oauth2_token`).
            let key = name.to_lowercase();
            let Some(method) = rust.methods.keys().find(|m| m.replace('_', "") == key).cloned() else {
                let listed = NOT_IN_SPEC.contains(&(stem.as_str(), name.as_str()));
                assert!(listed, "node-appwrite `{stem}.{name}` has no Rust counterpart");
                println!("node-appwrite `{stem}.{name}` is not in the spec; skipped");
                continue;
            };
            // node-appwrite's upload callback comes last; here uploads report progress in the
            // `_with_progress` variant instead.
            if params.last().is_some_and(|p| p == "on_progress") {
                params.pop();
                let progress = format!("{method}_with_progress");
                assert!(rust.methods.contains_key(&progress), "{module}::{progress} missing");
            }
            // Methods without parameters have one form only.
            let rust_name = if params.is_empty() { method.clone() } else { format!("{method}_positional") };
            let Some(args) = rust.methods.get(&rust_name) else {
                missing.push(format!("{module}::{rust_name} (node-appwrite `{stem}.{name}`)"));
                continue;
            };
            compared += 1;
            // Parameters the spec has and node-appwrite 23.1.0 does not yet come last.
            let shared = args.len().min(params.len());
            if args.len() > params.len() {
                newer.push(format!("{module}::{rust_name} (+{})", args[shared..].join(", ")));
            }
            let differs = (0..params.len()).any(|i| {
                args.get(i)
                    .is_none_or(|a| *a != params[i] && !RENAMED_BY_SPEC.contains(&(module.as_str(), &params[i], a)))
            });
            if differs {
                mismatches.push(format!(
                    "{module}::{rust_name}: Rust ({}) vs node-appwrite ({})",
                    args.join(", "),
                    params.join(", ")
                ));
            }
            // The parameter struct's fields are in spec order.
            let spec_order = rust.structs.get(&format!("{}Params", heck::AsUpperCamelCase(&method)));
            if spec_order.is_some_and(|fields| fields != args) {
                reordered.push(format!("{module}::{rust_name}"));
            }
        }
    }
    println!("{compared} methods compared over {} services: {}", services_compared.len(), services_compared.join(", "));
    // Where the spec lists an optional parameter before a required one, the orders differ.
    println!("{} take the required parameters first, unlike the spec: {}", reordered.len(), reordered.join(", "));
    println!("parameters of the spec node-appwrite 23.1.0 lacks: {}", newer.join(", "));
    assert!(mismatches.is_empty(), "argument order differs from node-appwrite's:\n{}", mismatches.join("\n"));
    assert!(missing.is_empty(), "node-appwrite methods without a Rust counterpart:\n{}", missing.join("\n"));
    // node-appwrite 23.1.0 has 432 methods in the 16 services it shares with the pinned spec;
    // all but the two listed above are compared (the GraphQL endpoints' `query`, which the spec
    // does not declare, included: the generator adds it as node-appwrite does).
    assert_eq!(services_compared.len(), 16);
    assert_eq!(compared, 432 - NOT_IN_SPEC.len());
}

#[test]
fn methods_generic_in_node_appwrite_have_a_typed_variant() {
    let path = generated_dir().join("tests/fixtures/node-appwrite-signatures.json");
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut checked = 0;
    let mut missing = Vec::new();
    let mut beyond_node = Vec::new();
    for (stem, service) in fixture["services"].as_object().unwrap() {
        let file = generated_dir().join("src/services").join(format!("{}.rs", stem.replace('-', "_")));
        if !file.exists() {
            continue;
        }
        let rust = read_service(&file);
        let generic: Vec<String> =
            service["generic"].as_array().unwrap().iter().map(|name| name.as_str().unwrap().to_lowercase()).collect();
        for name in &generic {
            let typed =
                rust.methods.keys().find(|m| m.strip_suffix("_as").is_some_and(|m| m.replace('_', "") == *name));
            match typed {
                Some(_) => checked += 1,
                None => missing.push(format!("{stem}.{name}")),
            }
        }
        for m in rust.methods.keys().filter_map(|m| m.strip_suffix("_as")) {
            // The typed stream companion of a typed list method.
            if let Some(list) = m.strip_suffix("_stream") {
                assert!(rust.methods.contains_key(&format!("{list}_as")), "{stem}: {m}_as without {list}_as");
                continue;
            }
            if !generic.contains(&m.replace('_', "")) {
                beyond_node.push(format!("{stem}.{m}"));
            }
        }
    }
    println!("{checked} generic node-appwrite methods have a typed variant");
    println!("typed variants node-appwrite has no generic for: {}", beyond_node.join(", "));
    assert!(missing.is_empty(), "generic in node-appwrite, without a typed variant here: {missing:?}");
    // 63 generic declarations, two of them the MFA/Mfa aliases of one Rust method each.
    assert_eq!(checked, 63);
    // Beyond node-appwrite: the GraphQL answers are free-form JSON (the spec's `any` model), which
    // the `_as` variants decode into the caller's type; node-appwrite types them `{}`.
    assert_eq!(beyond_node, ["graphql.mutation", "graphql.query"], "typed variants beyond node-appwrite's generics");
}
