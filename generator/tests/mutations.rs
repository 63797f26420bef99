//! Mutation and property tests: the generator never panics on a damaged spec. For every mutated
//! document it either generates a well-formed crate or returns an error that says where the
//! problem is (a JSON pointer into the spec, or a line and column).
//!
//! Most cases mutate the small fixture `tests/fixtures/mini.json` (tag `things`); some mutate the
//! pinned Appwrite spec restricted to the `account` tag (its paths and the schemas they reach).
//! Cases are bounded so the whole file runs in seconds; `MUTATIONS_SCALE=N` multiplies them.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use appwrite_sdk_generator::load::{self, Spec, Syntax};
use appwrite_sdk_generator::{Options, generate, pin};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value, json};

// ------------------------------------------------------------------------------ fixtures

fn mini() -> &'static Value {
    static MINI: OnceLock<Value> = OnceLock::new();
    MINI.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    })
}

/// The pinned spec, restricted to the `account` tag: its operations and the schemas they reach.
/// `None` (and the account cases are skipped, saying so) when the spec file is not available.
fn account() -> Option<&'static Value> {
    static ACCOUNT: OnceLock<Option<Value>> = OnceLock::new();
    ACCOUNT
        .get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
            let pin = pin::Pin::read(&root.join("spec/pin.toml")).ok()?;
            let (path, _) = pin::locate(&pin, root, None, std::env::var_os("APPWRITE_SPEC")).ok()?;
            let text = std::fs::read_to_string(path).ok()?;
            let full: Value = serde_json::from_str(&text).ok()?;
            Some(restrict_to_tag(&full, "account"))
        })
        .as_ref()
}

const VERBS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn restrict_to_tag(full: &Value, tag: &str) -> Value {
    let mut doc = full.clone();
    let mut paths = Map::new();
    for (path, item) in full["paths"].as_object().unwrap() {
        let ops: Map<String, Value> = item
            .as_object()
            .unwrap()
            .iter()
            .filter(|(verb, op)| VERBS.contains(&verb.as_str()) && op["tags"][0] == tag)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !ops.is_empty() {
            paths.insert(path.clone(), Value::Object(ops));
        }
    }
    // Schemas reachable from those operations.
    let schemas = full["components"]["schemas"].as_object().unwrap();
    let mut reached = BTreeSet::new();
    let mut todo = Vec::new();
    collect_schema_refs(&Value::Object(paths.clone()), &mut todo);
    while let Some(name) = todo.pop() {
        if reached.insert(name.clone()) {
            if let Some(schema) = schemas.get(&name) {
                collect_schema_refs(schema, &mut todo);
            }
        }
    }
    doc["paths"] = Value::Object(paths);
    doc["components"]["schemas"] = Value::Object(
        schemas.iter().filter(|(k, _)| reached.contains(*k)).map(|(k, v)| (k.clone(), v.clone())).collect(),
    );
    doc
}

fn collect_schema_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            if let Some(name) = s.strip_prefix("#/components/schemas/") {
                out.push(name.to_owned());
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_schema_refs(i, out)),
        Value::Object(map) => map.values().for_each(|i| collect_schema_refs(i, out)),
        _ => {}
    }
}

// ------------------------------------------------------------------------------ the check

fn options(tag: &str) -> Options {
    Options {
        package: "mutant-sdk".into(),
        version: "0.0.1".into(),
        tags: vec![tag.into()],
        default_tags: vec![tag.into()],
        response_format: None,
        deny_warnings: false,
        own_tests: Vec::new(),
    }
}

/// Bidirectional-text control characters: rustc denies them in comments and literals.
const BIDI: [char; 9] =
    ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'];

/// Generate from `doc` and check the outcome; `Err` describes what is wrong.
fn outcome(doc: &Value, tag: &str) -> Result<(), String> {
    let text = serde_json::to_string(doc).unwrap();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let document = load::parse(&text, Syntax::Json)?;
        let spec = Spec { path: PathBuf::from("mutant.json"), document, sha256: "00".repeat(32) };
        generate(&spec, &options(tag))
    }));
    if std::env::var_os("MUTATIONS_LOG").is_some() {
        let what = match &result {
            Ok(Ok(_)) => "generated".to_owned(),
            Ok(Err(e)) => format!("{:?}", e.kind),
            Err(_) => "panic".to_owned(),
        };
        eprintln!("mutation outcome: {what}");
    }
    match result {
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            Err(format!("the generator panicked: {message}"))
        }
        Ok(Err(err)) => {
            let shown = err.to_string();
            let located =
                err.location.pointer.as_deref().is_some_and(|p| p.starts_with("#/")) || err.location.line_col.is_some();
            if !located {
                return Err(format!("error without a pointer or line: {err:?}"));
            }
            // The pointer names a node of the document, or a missing child of one.
            if let Some(pointer) = err.location.pointer.as_deref() {
                let inner = pointer.trim_start_matches('#');
                let parent = inner.rfind('/').map_or("", |i| &inner[..i]);
                if doc.pointer(inner).is_none() && doc.pointer(parent).is_none() {
                    return Err(format!("error pointer {pointer} is not in the document: {shown}"));
                }
            }
            if shown.trim().is_empty() || shown.contains("panicked") || shown.contains("\n\n") {
                return Err(format!("error is not one paragraph: {shown:?}"));
            }
            Ok(())
        }
        Ok(Ok(generation)) => check_files(&generation.files),
    }
}

fn check_files(files: &[appwrite_sdk_generator::GeneratedFile]) -> Result<(), String> {
    for f in files {
        if f.contents.trim().is_empty() {
            return Err(format!("{} is empty", f.path));
        }
        if let Some(c) = f.contents.chars().find(|c| BIDI.contains(c)) {
            return Err(format!("{} contains the bidi control {c:?}", f.path));
        }
        if f.path.ends_with(".rs") {
            let first = f.contents.lines().next().unwrap_or_default();
            if !first.starts_with("// @generated") || !first.ends_with("Do not edit: run `cargo xtask codegen`.") {
                return Err(format!("{}: header is not one line: {first:?}", f.path));
            }
            // rustc rejects a bare CR in doc comments.
            if f.contents.replace("\r\n", "\n").contains('\r') {
                return Err(format!("{} contains a bare CR", f.path));
            }
            if f.path.starts_with("src/services/") && f.path != "src/services/mod.rs" {
                unique_service_methods(&f.path, &f.contents)?;
            }
            let items = ["pub struct ", "pub enum ", "pub type "];
            unique_idents(&f.path, &f.contents, "", &items)?;
            no_shadowing_generics(&f.path, &f.contents)?;
        }
        if f.path.ends_with("Cargo.toml") {
            f.contents.parse::<toml::Table>().map_err(|e| format!("{} is not TOML: {e}", f.path))?;
        }
    }
    Ok(())
}

/// Item names at `indent` starting with one of `prefixes` are unique in `text`.
fn unique_idents(path: &str, text: &str, indent: &str, prefixes: &[&str]) -> Result<(), String> {
    let mut seen = BTreeSet::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix(indent) else { continue };
        for prefix in prefixes {
            if let Some(rest) = rest.strip_prefix(prefix) {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '#').collect();
                if !seen.insert(name.clone()) {
                    return Err(format!("{path}: `{name}` is defined twice"));
                }
            }
        }
    }
    Ok(())
}

/// No type parameter of a struct shadows a type that generated code names unqualified, or the
/// struct itself (its derived impls name it).
fn no_shadowing_generics(path: &str, text: &str) -> Result<(), String> {
    const USED: [&str; 7] = ["String", "Vec", "Option", "Box", "Result", "Into", "IntoIterator"];
    for (at, _) in text.match_indices("pub struct ") {
        let rest = &text[at + "pub struct ".len()..];
        let head = &rest[..rest.find(['{', ';', '(']).unwrap_or(rest.len())];
        let Some(open) = head.find('<') else { continue };
        let name = head[..open].trim();
        for param in head[open + 1..].trim_end().trim_end_matches('>').split(',') {
            let param = param.split('=').next().unwrap_or_default().trim();
            if param == name || USED.contains(&param) {
                return Err(format!("{path}: type parameter `{param}` of `{name}` shadows a type"));
            }
        }
    }
    Ok(())
}

/// The methods of a service struct (its first `impl` block after `impl Client`) are unique.
fn unique_service_methods(path: &str, text: &str) -> Result<(), String> {
    let Some(start) = text.lines().position(|l| l.starts_with("impl ") && !l.starts_with("impl Client")) else {
        return Ok(());
    };
    let block: Vec<&str> = text.lines().skip(start + 1).take_while(|l| *l != "}").collect();
    unique_idents(path, &block.join("\n"), "    ", &["pub fn ", "pub async fn "])
}

// ------------------------------------------------------------------------------ JSON helpers

fn esc(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unesc(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Pointers (RFC 6901, without `#`) of every node below the root, in document order.
fn pointers(v: &Value) -> Vec<String> {
    fn walk(v: &Value, at: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let p = format!("{at}/{}", esc(k));
                    out.push(p.clone());
                    walk(child, &p, out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let p = format!("{at}/{i}");
                    out.push(p.clone());
                    walk(child, &p, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, "", &mut out);
    out
}

fn split_last(pointer: &str) -> (&str, String) {
    let cut = pointer.rfind('/').unwrap();
    (&pointer[..cut], unesc(&pointer[cut + 1..]))
}

fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = split_last(pointer);
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

fn set(doc: &mut Value, pointer: &str, value: Value) {
    if let Some(slot) = doc.pointer_mut(pointer) {
        *slot = value;
    }
}

/// Pick one of `items` (none: `None`).
fn pick<'a, T>(items: &'a [T], index: &Index) -> Option<&'a T> {
    (!items.is_empty()).then(|| index.get(items))
}

/// Rename the key `old` of an object, keeping its position (a clash overwrites).
fn rename_key(map: &mut Map<String, Value>, old: &str, new: &str) {
    let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
    *map = entries.into_iter().map(|(k, v)| if k == old { (new.to_owned(), v) } else { (k, v) }).collect();
}

/// Replace strings equal to `old` in a list.
fn rename_in_list(list: Option<&mut Value>, old: &str, new: &str) {
    if let Some(Value::Array(items)) = list {
        for item in items {
            if item == old {
                *item = Value::String(new.to_owned());
            }
        }
    }
}

/// Operations (pointer, value) of the document, optionally only those of `tag`.
fn operations(doc: &Value, tag: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (verb, op) in item.as_object().into_iter().flatten() {
            if VERBS.contains(&verb.as_str()) && op.is_object() && tag.is_none_or(|t| op["tags"][0] == t) {
                out.push(format!("/paths/{}/{}", esc(path), esc(verb)));
            }
        }
    }
    out
}

// ------------------------------------------------------------------------------ mutations

/// Names that stress identifier rules: keywords, non-ASCII, digits, empty, and characters that
/// must be escaped in Rust strings, TOML, markdown and JSON pointers.
const NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "async",
    "gen",
    "r#type",
    "_",
    "__",
    "é",
    "ÜberName",
    "1st",
    "0",
    "",
    " ",
    "a b",
    "🦀",
    "λx",
    "new",
    "build",
    "builder",
    "unknown",
    "Unknown",
    "value",
    "String",
    "id",
    "$id",
    "ID",
    "x-y",
    "a/b",
    "~0",
    "{x}",
    "q\"uote",
    "back\\slash",
    "line\nbreak",
    "cr\rname",
    "\u{202E}rtl",
    "*/",
    "<b>",
    "`tick`",
];

const REPLACEMENTS: usize = 20;

/// Odd values, and schemas of every construct the generator maps (unions, allOf, open enums,
/// maps, `not`, self-references), put where anything may be.
fn replacement(i: usize) -> Value {
    match i % REPLACEMENTS {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(1e300),
        3 => json!(""),
        4 => json!("x"),
        5 => json!(true),
        6 => json!(false),
        7 => Value::Null,
        8 => json!([]),
        9 => json!([1, "a", null]),
        10 => json!({}),
        11 => {
            json!({"oneOf": [{"$ref": "#/components/schemas/thing"}, {"type": "string"}], "discriminator": {"propertyName": "kind", "mapping": {"a": "#/components/schemas/nothing"}}})
        }
        12 => {
            json!({"allOf": [{"$ref": "#/components/schemas/thing"}, {"properties": {"x": {"type": "integer"}}}, {"type": "string"}]})
        }
        13 => json!({"anyOf": [{"type": "string", "enum": ["a", "A", ""]}, {"type": "string"}, {"nullable": true}]}),
        14 => {
            json!({"type": "object", "additionalProperties": {"type": "integer", "nullable": true}, "nullable": true})
        }
        15 => json!({"not": {"type": "string"}}),
        16 => json!({"oneOf": [{"enum": ["x"], "title": "X"}, {"enum": [1], "title": "1"}, {"enum": [null]}]}),
        17 => {
            json!({"type": "object", "properties": {"self": {"$ref": "#/components/schemas/thing"}, "$id": {"type": "string"}, "id": {"type": "string"}}, "required": ["self", "missing"]})
        }
        18 => json!({"type": "integer", "format": "uint64", "enum": [1, -1, 1]}),
        _ => json!({"$ref": "#/components/schemas/thing"}),
    }
}

const BROKEN_REFS: &[&str] = &[
    "#/components/schemas/nothing",
    "#/paths/~1things",
    "#/components/securitySchemes/Project",
    "#/info",
    "#/components/schemas/",
    "#/components/schemas",
    "#/components/schemas/thing/properties/size",
    "#/components/parameters/nothing",
    "#/components/responses/nothing",
    "#/components/requestBodies/nothing",
    "http://example.com/other.json#/components/schemas/thing",
    "#",
    "",
    "#/components/schemas/~1weird",
    "#/components/schemas/%7Bx%7D",
];

/// One change to a document. Indices pick among the candidate nodes of the document as it is
/// when the change is applied; a change with no candidate does nothing.
#[derive(Debug, Clone)]
enum Mutation {
    /// Delete a node.
    Delete(Index),
    /// Replace a node with a value of another type.
    Retype(Index, usize),
    /// Point a `$ref` elsewhere.
    BreakRef(Index, usize),
    /// Make a `$ref` point to a schema that is not an object, or to one that refers to itself.
    OddTarget(Index, bool),
    /// Give operation B the method name of operation A (same tag).
    DuplicateMethod(Index, Index),
    /// Add a body property named like an existing one in another case.
    DuplicateProperty(Index, usize),
    /// Add an enum value whose UpperCamelCase equals an existing value's.
    CollidingEnumValue(Index, usize),
    /// Two `x-enum-name`s differing only in case, or two schemas whose names differ in case.
    CaseTwins(Index, bool),
    /// `tags: []`, `tags: [""]` on an operation, or an empty tag name in `#/tags`.
    EmptyTags(Index, usize),
    /// Rename a parameter, body property, model field, method, enum value, enum key, enum name
    /// or schema (consistently where the spec repeats the name).
    Rename(Index, usize, usize),
    /// Set a description (or summary) to 100 KB of hostile markdown.
    HugeDescription(Index, u64),
    /// Set the `x-example` (or `default`) of a parameter or property schema to an odd value.
    Example(Index, usize, bool),
}

fn apply(doc: &mut Value, m: &Mutation, tag: &str) {
    match m {
        Mutation::Delete(i) => {
            if let Some(p) = pick(&pointers(doc), i) {
                remove(doc, &p.clone());
            }
        }
        Mutation::Retype(i, r) => {
            if let Some(p) = pick(&pointers(doc), i) {
                set(doc, &p.clone(), replacement(*r));
            }
        }
        Mutation::BreakRef(i, r) => {
            let refs: Vec<String> = pointers(doc).into_iter().filter(|p| p.ends_with("/$ref")).collect();
            if let Some(p) = pick(&refs, i) {
                set(doc, p, json!(BROKEN_REFS[r % BROKEN_REFS.len()]));
            }
        }
        Mutation::OddTarget(i, self_ref) => {
            let refs: Vec<String> = pointers(doc)
                .into_iter()
                .filter(|p| p.ends_with("/$ref") && doc.pointer(p).and_then(Value::as_str).is_some())
                .collect();
            let Some(p) = pick(&refs, i) else { return };
            if *self_ref {
                // The referenced schema gains a field referring to itself, and an alias schema.
                let target = doc.pointer(p).and_then(Value::as_str).unwrap_or_default().to_owned();
                if let Some(name) = target.strip_prefix("#/components/schemas/") {
                    let schema = format!("/components/schemas/{}", esc(name));
                    if let Some(Value::Object(props)) = doc.pointer_mut(&format!("{schema}/properties")) {
                        props.insert("again".into(), json!({"$ref": target}));
                        props.insert("agains".into(), json!({"type": "array", "items": {"$ref": target}}));
                    }
                    doc["components"]["schemas"]["alias"] = json!({"$ref": target});
                    set(doc, p, json!("#/components/schemas/alias"));
                }
            } else {
                doc["components"]["schemas"]["plainString"] = json!({"type": "string"});
                set(doc, p, json!("#/components/schemas/plainString"));
            }
        }
        Mutation::DuplicateMethod(a, b) => {
            let ops = operations(doc, Some(tag));
            let (Some(pa), Some(pb)) = (pick(&ops, a), pick(&ops, b)) else { return };
            let name = doc.pointer(&format!("{pa}/x-appwrite/method")).cloned().unwrap_or(json!("list"));
            let pb = pb.clone();
            set(doc, &format!("{pb}/x-appwrite/method"), name.clone());
            if let Some(Value::Array(entries)) = doc.pointer_mut(&format!("{pb}/x-appwrite/methods")) {
                if let Some(first) = entries.first_mut() {
                    first["name"] = name;
                }
            }
        }
        Mutation::DuplicateProperty(i, case) => {
            let maps: Vec<String> = pointers(doc)
                .into_iter()
                .filter(|p| {
                    p.ends_with("/properties")
                        && doc.pointer(p).is_some_and(|v| v.as_object().is_some_and(|m| !m.is_empty()))
                })
                .collect();
            let Some(p) = pick(&maps, i) else { return };
            let Some(Value::Object(props)) = doc.pointer_mut(p) else { return };
            let (name, value) = props.iter().next().map(|(k, v)| (k.clone(), v.clone())).unwrap();
            let twin = match case % 4 {
                0 => {
                    let mut c = name.chars();
                    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
                }
                1 => name.to_uppercase(),
                2 => heck::ToSnakeCase::to_snake_case(name.as_str()),
                _ => format!("${name}"),
            };
            props.insert(twin, value);
        }
        Mutation::CollidingEnumValue(i, how) => {
            let enums: Vec<String> = pointers(doc)
                .into_iter()
                .filter(|p| {
                    p.ends_with("/enum") && doc.pointer(p).is_some_and(|v| v.as_array().is_some_and(|a| !a.is_empty()))
                })
                .collect();
            let Some(p) = pick(&enums, i) else { return };
            let Some(Value::Array(values)) = doc.pointer_mut(p) else { return };
            let first = values[0].as_str().unwrap_or("x").to_owned();
            let twin = match how % 4 {
                0 => first.to_uppercase(),
                1 => format!("{first}_"),
                2 => format!("-{first}"),
                _ => first.replace('-', "_"),
            };
            values.push(json!(twin));
        }
        Mutation::CaseTwins(i, enums) => {
            if *enums {
                let names: Vec<String> = pointers(doc).into_iter().filter(|p| p.ends_with("/x-enum-name")).collect();
                let Some(p) = pick(&names, i) else { return };
                let p = p.clone();
                let name = doc.pointer(&p).and_then(Value::as_str).unwrap_or("E").to_owned();
                // A second enum, in a parameter of the first operation, named in another case.
                let twin = if name.starts_with(char::is_uppercase) { name.to_lowercase() } else { name.to_uppercase() };
                let ops = operations(doc, Some(tag));
                if let Some(op) = ops.first() {
                    if let Some(op) = doc.pointer_mut(op) {
                        let param = json!({"name": "twinKind", "in": "query", "required": false,
                            "schema": {"type": "string", "enum": ["one", "two"], "x-enum-name": twin}});
                        match op.get_mut("parameters") {
                            Some(Value::Array(params)) => params.push(param),
                            _ => op["parameters"] = json!([param]),
                        }
                    }
                }
            } else {
                // A copy of a schema under a name differing in case, reached from an operation.
                let schemas: Vec<String> =
                    doc["components"]["schemas"].as_object().into_iter().flatten().map(|(k, _)| k.clone()).collect();
                let Some(name) = pick(&schemas, i) else { return };
                let mut chars = name.chars();
                let twin: String = chars.next().map(|f| f.to_uppercase().chain(chars).collect()).unwrap_or_default();
                let twin = if &twin == name { name.to_lowercase() } else { twin };
                doc["components"]["schemas"][&twin] = doc["components"]["schemas"][name].clone();
                let refs: Vec<String> =
                    pointers(doc).into_iter().filter(|p| p.starts_with("/paths/") && p.ends_with("/$ref")).collect();
                if let Some(p) = refs.first() {
                    set(doc, &p.clone(), json!(format!("#/components/schemas/{twin}")));
                }
            }
        }
        Mutation::EmptyTags(i, how) => {
            let ops = operations(doc, None);
            match how % 3 {
                0 | 1 => {
                    if let Some(p) = pick(&ops, i) {
                        let tags = if how % 3 == 0 { json!([]) } else { json!([""]) };
                        set(doc, &format!("{p}/tags"), tags);
                    }
                }
                _ => {
                    if let Some(Value::Array(tags)) = doc.get_mut("tags") {
                        tags.push(json!({"name": "", "description": ""}));
                    }
                }
            }
        }
        Mutation::Rename(i, site, name) => rename(doc, i, *site, NAMES[name % NAMES.len()]),
        Mutation::Example(i, e, default) => {
            let schemas: Vec<String> = pointers(doc)
                .into_iter()
                .filter(|p| {
                    p.starts_with("/paths/") && (p.ends_with("/schema") || split_last(p).0.ends_with("/properties"))
                })
                .filter(|p| doc.pointer(p).is_some_and(Value::is_object))
                .collect();
            let Some(p) = pick(&schemas, i) else { return };
            let key = if *default { "default" } else { "x-example" };
            if let Some(Value::Object(schema)) = doc.pointer_mut(p) {
                schema.insert(key.into(), odd_example(*e));
            }
        }
        Mutation::HugeDescription(i, seed) => {
            let sites: Vec<String> = pointers(doc)
                .into_iter()
                .filter(|p| {
                    (p.ends_with("/description") || p.ends_with("/summary"))
                        && doc.pointer(p).is_some_and(Value::is_string)
                })
                .collect();
            if let Some(p) = pick(&sites, i) {
                set(doc, &p.clone(), json!(hostile_markdown(*seed, 100 * 1024)));
            }
        }
    }
}

const RENAME_SITES: usize = 9;

fn rename(doc: &mut Value, i: &Index, site: usize, new: &str) {
    let all = pointers(doc);
    match site % RENAME_SITES {
        // A parameter: its `name`, the `{name}` of the path and the `x-appwrite.methods` lists.
        0 => {
            let sites: Vec<&String> = all
                .iter()
                .filter(|p| p.starts_with("/paths/") && p.ends_with("/name") && p.contains("/parameters/"))
                .filter(|p| doc.pointer(p).is_some_and(Value::is_string))
                .collect();
            let Some(p) = pick(&sites, i) else { return };
            let old = doc.pointer(p).and_then(Value::as_str).unwrap().to_owned();
            let path_key = unesc(p.split('/').nth(2).unwrap());
            let Some(Value::Object(item)) = doc["paths"].get_mut(&path_key) else { return };
            for op in item.values_mut() {
                if let Some(Value::Array(params)) = op.get_mut("parameters") {
                    for param in params {
                        if param["name"] == old.as_str() {
                            param["name"] = json!(new);
                        }
                    }
                }
                rename_in_methods(op, &old, new);
            }
            let new_key = path_key.replace(&format!("{{{old}}}"), &format!("{{{new}}}"));
            if let Some(Value::Object(paths)) = doc.get_mut("paths") {
                rename_key(paths, &path_key, &new_key);
            }
        }
        // A body property: its key, `required` and the `x-appwrite.methods` lists.
        1 => {
            let sites: Vec<&String> = all
                .iter()
                .filter(|p| p.starts_with("/paths/") && p.ends_with("/schema/properties"))
                .filter(|p| doc.pointer(p).is_some_and(|v| v.as_object().is_some_and(|m| !m.is_empty())))
                .collect();
            let Some(p) = pick(&sites, i) else { return };
            let p = (*p).clone();
            let old = doc
                .pointer(&p)
                .and_then(Value::as_object)
                .and_then(|m| m.keys().nth(i.index(usize::MAX) % m.len().max(1)))
                .cloned()
                .unwrap();
            if let Some(Value::Object(props)) = doc.pointer_mut(&p) {
                rename_key(props, &old, new);
            }
            let (schema, _) = split_last(&p);
            let schema = schema.to_owned();
            rename_in_list(doc.pointer_mut(&format!("{schema}/required")), &old, new);
            let op: String = p.split('/').take(4).collect::<Vec<_>>().join("/");
            if let Some(op) = doc.pointer_mut(&op) {
                rename_in_methods(op, &old, new);
            }
        }
        // A model field: its key and `required`.
        2 => {
            let sites: Vec<&String> = all
                .iter()
                .filter(|p| p.starts_with("/components/schemas/") && p.matches('/').count() == 5)
                .filter(|p| p.split('/').nth(4) == Some("properties"))
                .collect();
            let Some(p) = pick(&sites, i) else { return };
            let (props, old) = split_last(p);
            let props = props.to_owned();
            if let Some(Value::Object(map)) = doc.pointer_mut(&props) {
                rename_key(map, &old, new);
            }
            let (schema, _) = split_last(&props);
            let schema = schema.to_owned();
            rename_in_list(doc.pointer_mut(&format!("{schema}/required")), &old, new);
        }
        // A method name.
        3 => {
            let sites: Vec<&String> = all
                .iter()
                .filter(|p| {
                    p.ends_with("/x-appwrite/method") || (p.contains("/x-appwrite/methods/") && p.ends_with("/name"))
                })
                .collect();
            if let Some(p) = pick(&sites, i) {
                set(doc, &(*p).clone(), json!(new));
            }
        }
        // An enum value.
        4 => {
            let sites: Vec<&String> = all.iter().filter(|p| split_last(p).0.ends_with("/enum")).collect();
            if let Some(p) = pick(&sites, i) {
                set(doc, &(*p).clone(), json!(new));
            }
        }
        // An enum key (`x-enum-keys`), created when absent.
        5 => {
            let sites: Vec<&String> = all.iter().filter(|p| p.ends_with("/enum")).collect();
            let Some(p) = pick(&sites, i) else { return };
            let (schema, _) = split_last(p);
            let schema = schema.to_owned();
            if let Some(Value::Object(s)) = doc.pointer_mut(&schema) {
                let count = s.get("enum").and_then(Value::as_array).map_or(0, Vec::len);
                let mut keys: Vec<Value> = (0..count).map(|k| json!(format!("K{k}"))).collect();
                if let Some(first) = keys.first_mut() {
                    *first = json!(new);
                }
                s.insert("x-enum-keys".into(), Value::Array(keys));
            }
        }
        // An enum name.
        6 => {
            let sites: Vec<&String> = all.iter().filter(|p| p.ends_with("/x-enum-name")).collect();
            if let Some(p) = pick(&sites, i) {
                set(doc, &(*p).clone(), json!(new));
            }
        }
        // A path: the name appended to its key.
        8 => {
            let keys: Vec<String> = doc["paths"].as_object().into_iter().flatten().map(|(k, _)| k.clone()).collect();
            let Some(old) = pick(&keys, i) else { return };
            let old = old.clone();
            if let Some(Value::Object(paths)) = doc.get_mut("paths") {
                rename_key(paths, &old, &format!("{old}/{new}"));
            }
        }
        // A schema: its key and every `$ref` to it.
        _ => {
            let names: Vec<String> =
                doc["components"]["schemas"].as_object().into_iter().flatten().map(|(k, _)| k.clone()).collect();
            let Some(old) = pick(&names, i) else { return };
            let old = old.clone();
            if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
                rename_key(schemas, &old, new);
            }
            let (from, to) = (format!("#/components/schemas/{old}"), format!("#/components/schemas/{new}"));
            retarget_refs(doc, &from, &to);
        }
    }
}

fn rename_in_methods(op: &mut Value, old: &str, new: &str) {
    if let Some(Value::Array(entries)) = op.pointer_mut("/x-appwrite/methods") {
        for entry in entries {
            rename_in_list(entry.get_mut("parameters"), old, new);
            rename_in_list(entry.get_mut("required"), old, new);
        }
    }
}

fn retarget_refs(v: &mut Value, from: &str, to: &str) {
    match v {
        Value::String(s) if s == from => *s = to.to_owned(),
        Value::Array(items) => items.iter_mut().for_each(|i| retarget_refs(i, from, to)),
        Value::Object(map) => map.values_mut().for_each(|i| retarget_refs(i, from, to)),
        _ => {}
    }
}

const ODD_EXAMPLES: usize = 14;

fn odd_example(i: usize) -> Value {
    match i % ODD_EXAMPLES {
        0 => json!(u64::MAX),
        1 => json!(i64::MIN),
        2 => json!(1e300),
        3 => json!(-0.0),
        4 => json!("\"}); panic!(); //"),
        5 => json!("{\"a\": [1, {\"b\": null}]}"),
        6 => json!("[1, 2"),
        7 => json!("line\r\nbreak \u{202E} `tick` */"),
        8 => json!({"nested": {"deeper": [[[[1]]]], "q\"uote": "\\"}}),
        9 => json!([null, null, null, null, null]),
        10 => json!(""),
        11 => json!(null),
        12 => json!(["a", 1, true, {"x": []}]),
        _ => json!("🦀".repeat(1000)),
    }
}

/// `len` bytes (about) of markdown with everything that can break a doc comment or a literal.
fn hostile_markdown(seed: u64, len: usize) -> String {
    const PIECES: &[&str] = &[
        "text ",
        "`code` ",
        "`unclosed ",
        "*/ ",
        "/* ",
        "\"quoted\" ",
        "\\ ",
        "\\\\n ",
        "\n```\n",
        "\n```rust\nfn x() {}\n",
        "<script>alert(1)</script> ",
        "<b>",
        "</b> ",
        "# heading\n",
        "## ",
        "é ∑ 🦀 ",
        "\u{202E}rtl\u{202C} ",
        "\r\n",
        "\r",
        "\n\n",
        "\t",
        "[link](/docs/x) ",
        "[broken](",
        "https://example.com/a_b ",
        "] [ ",
        "**bold** ",
        "\0",
        "{{ askama }} ",
        "{% raw %} ",
        "#[doc = \"x\"] ",
        "\u{FEFF}",
        "\u{2028}",
        "    indented\n",
        "-->",
        "r#\"raw\"# ",
    ];
    let mut state = seed | 1;
    let mut out = String::with_capacity(len + 64);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
    }
    out
}

// ------------------------------------------------------------------------------ strategies

fn index() -> impl Strategy<Value = Index> {
    any::<Index>()
}

fn structural() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        index().prop_map(Mutation::Delete),
        (index(), 0..REPLACEMENTS).prop_map(|(i, r)| Mutation::Retype(i, r)),
    ]
}

fn refs() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (index(), 0..BROKEN_REFS.len()).prop_map(|(i, r)| Mutation::BreakRef(i, r)),
        1 => (index(), any::<bool>()).prop_map(|(i, b)| Mutation::OddTarget(i, b)),
    ]
}

fn collisions() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (index(), index()).prop_map(|(a, b)| Mutation::DuplicateMethod(a, b)),
        (index(), 0..4usize).prop_map(|(i, c)| Mutation::DuplicateProperty(i, c)),
        (index(), 0..4usize).prop_map(|(i, c)| Mutation::CollidingEnumValue(i, c)),
        (index(), any::<bool>()).prop_map(|(i, b)| Mutation::CaseTwins(i, b)),
        (index(), 0..3usize).prop_map(|(i, h)| Mutation::EmptyTags(i, h)),
    ]
}

fn renames() -> impl Strategy<Value = Mutation> {
    (index(), 0..RENAME_SITES, 0..NAMES.len()).prop_map(|(i, s, n)| Mutation::Rename(i, s, n))
}

fn descriptions() -> impl Strategy<Value = Mutation> {
    (index(), any::<u64>()).prop_map(|(i, s)| Mutation::HugeDescription(i, s))
}

fn examples() -> impl Strategy<Value = Mutation> {
    (index(), 0..ODD_EXAMPLES, any::<bool>()).prop_map(|(i, e, d)| Mutation::Example(i, e, d))
}

/// `cases` times `$MUTATIONS_SCALE` (default 1), for longer bug hunts.
fn config(cases: u32) -> ProptestConfig {
    let scale: u32 = std::env::var("MUTATIONS_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    ProptestConfig { cases: cases * scale, failure_persistence: None, ..ProptestConfig::default() }
}

fn run(base: &Value, tag: &str, mutations: &[Mutation]) -> Result<(), TestCaseError> {
    let mut doc = base.clone();
    for m in mutations {
        apply(&mut doc, m, tag);
    }
    outcome(&doc, tag).map_err(TestCaseError::fail)
}

fn run_account(mutations: &[Mutation]) -> Result<(), TestCaseError> {
    match account() {
        Some(base) => run(base, "account", mutations),
        None => {
            eprintln!("pinned spec not found: account mutations skipped");
            Ok(())
        }
    }
}

proptest! {
    #![proptest_config(config(40))]
    #[test]
    fn mini_survives_structural_damage(ms in prop::collection::vec(structural(), 1..=3)) {
        run(mini(), "things", &ms)?;
    }
}

proptest! {
    #![proptest_config(config(15))]
    #[test]
    fn mini_survives_broken_refs(ms in prop::collection::vec(refs(), 1..=2)) {
        run(mini(), "things", &ms)?;
    }

    #[test]
    fn mini_survives_name_collisions_and_empty_tags(ms in prop::collection::vec(collisions(), 1..=2)) {
        run(mini(), "things", &ms)?;
    }
}

proptest! {
    #![proptest_config(config(30))]
    #[test]
    fn mini_survives_hostile_names(ms in prop::collection::vec(renames(), 1..=3)) {
        run(mini(), "things", &ms)?;
    }
}

proptest! {
    #![proptest_config(config(20))]
    #[test]
    fn mini_survives_odd_examples_and_defaults(ms in prop::collection::vec(examples(), 1..=3)) {
        run(mini(), "things", &ms)?;
    }
}

proptest! {
    #![proptest_config(config(8))]
    #[test]
    fn mini_survives_huge_descriptions(ms in prop::collection::vec(descriptions(), 1..=2)) {
        run(mini(), "things", &ms)?;
    }
}

proptest! {
    #![proptest_config(config(12))]
    #[test]
    fn account_survives_structural_damage_and_broken_refs(ms in prop::collection::vec(prop_oneof![structural(), refs()], 1..=3)) {
        run_account(&ms)?;
    }

    #[test]
    fn account_survives_hostile_names_and_collisions(ms in prop::collection::vec(prop_oneof![renames(), collisions()], 1..=3)) {
        run_account(&ms)?;
    }
}

proptest! {
    #![proptest_config(config(4))]
    #[test]
    fn account_survives_huge_descriptions(m in descriptions()) {
        run_account(&[m])?;
    }
}

// ------------------------------------------------------------------------------ deterministic

#[test]
fn unmutated_inputs_generate() {
    outcome(mini(), "things").unwrap();
    if let Some(account) = account() {
        outcome(account, "account").unwrap();
    }
}

#[test]
fn hostile_doc_text_round_trips_into_docs() {
    let nasty = "Ends a comment */ and opens one /* with \"quotes\", a \\ backslash, \\\\ two, \
                 <script>alert('x')</script> and `code */ span`.\n\n```\nfn main() { let s = \"*/\"; }\n```\nAfter.";
    let mut doc = mini().clone();
    doc["paths"]["/things"]["get"]["description"] = json!(nasty);
    doc["components"]["schemas"]["thing"]["properties"]["$id"]["description"] = json!(nasty);
    let text = serde_json::to_string(&doc).unwrap();
    let spec =
        Spec { path: "mutant.json".into(), document: load::parse(&text, Syntax::Json).unwrap(), sha256: "00".into() };
    let files = generate(&spec, &options("things")).unwrap().files;
    check_files(&files).unwrap();
    let service = &files.iter().find(|f| f.path == "src/services/things.rs").unwrap().contents;
    assert!(service.contains("pub fn list("), "the method is still there");
    for expected in [
        "Ends a comment */ and opens one /* with \"quotes\", a \\ backslash",
        "\\<script\\>",
        "`code */ span`",
        "fn main() { let s = \"*/\"; }",
        "After.",
    ] {
        assert!(service.contains(expected), "{expected:?} not in the docs");
    }
    let models = &files.iter().find(|f| f.path == "src/models.rs").unwrap().contents;
    assert!(models.contains("Ends a comment */ and opens one /*"), "model field docs");
    assert!(models.contains("pub id: String"));
}

/// The names the sweeps try everywhere (the random cases draw from all of [`NAMES`]).
const SWEEP_NAMES: &[&str] = &[
    "type",
    "self",
    "crate",
    "é",
    "ÜberName",
    "1st",
    "",
    "fn",
    "new",
    "build",
    "String",
    "q\"uote",
    "back\\slash",
    "cr\rname",
    "\u{202E}rtl",
];

/// Every sweep name at every rename site of the fixture (first candidate of each site).
#[test]
fn every_hostile_name_at_every_site() {
    let mut failures = Vec::new();
    for site in 0..RENAME_SITES {
        for name in SWEEP_NAMES {
            let mut doc = mini().clone();
            rename(&mut doc, &first(), site, name);
            if let Err(e) = outcome(&doc, "things") {
                failures.push(format!("Rename(site {site}, {name:?}): {e}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// Hostile tag names (asked for as the service, so they reach the output) and `info.version`s.
#[test]
fn hostile_tags_and_versions() {
    let mut failures = Vec::new();
    let tags = SWEEP_NAMES.iter().chain(&["a b", "full", "default", "client", "request", "Result", "x.y-z+1"]);
    for tag in tags {
        let mut doc = mini().clone();
        doc["tags"][0]["name"] = json!(tag);
        for op in operations(&doc, Some("things")) {
            set(&mut doc, &format!("{op}/tags"), json!([tag]));
        }
        if let Err(e) = outcome(&doc, tag) {
            failures.push(format!("tag {tag:?}: {e}"));
        }
    }
    let versions =
        ["", "1", "1.9.3-rc.1+build", "1.9\"", "1.9\\", "1.9\npub fn injected() {}", "1.9 */", "\u{202E}1.9"];
    for version in versions {
        let mut doc = mini().clone();
        doc["info"]["version"] = json!(version);
        if let Err(e) = outcome(&doc, "things") {
            failures.push(format!("info.version {version:?}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// An `Index` that picks the first candidate.
fn first() -> Index {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut tree = any::<Index>().new_tree(&mut runner).unwrap();
    while tree.simplify() {}
    tree.current()
}

/// A free-form model field named like a type the model uses, or like the model itself, still
/// gives a type parameter that shadows nothing.
#[test]
fn free_form_fields_named_like_types() {
    for name in ["String", "option", "vec", "thing", "Thing"] {
        let mut doc = mini().clone();
        let props = doc.pointer_mut("/components/schemas/thing/properties").and_then(Value::as_object_mut).unwrap();
        rename_key(props, "owner", name);
        rename_in_list(doc.pointer_mut("/components/schemas/thing/required"), "owner", name);
        outcome(&doc, "things").unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// Found by `mini_survives_structural_damage` (deletions that removed `components` and every
/// `$ref`): the model stage expected `components` whenever it ran.
#[test]
fn a_spec_without_components_generates() {
    let mut doc = mini().clone();
    doc.as_object_mut().unwrap().remove("components");
    for op in operations(&doc, None) {
        set(&mut doc, &format!("{op}/responses"), json!({"204": {"description": "No content"}}));
    }
    outcome(&doc, "things").unwrap();
}

/// Options the caller gets wrong are errors too, not panics (`format_ident!` on the package name).
#[test]
fn bad_options_are_errors() {
    let spec = Spec {
        path: "mutant.json".into(),
        document: load::parse(&serde_json::to_string(mini()).unwrap(), Syntax::Json).unwrap(),
        sha256: "00".into(),
    };
    let bad_packages = ["", "1sdk", "my sdk", "sdk\"", "self", "type", "é-sdk"];
    for package in bad_packages {
        let options = Options { package: package.into(), ..options("things") };
        let result = catch_unwind(AssertUnwindSafe(|| generate(&spec, &options)));
        assert!(matches!(result, Ok(Err(_))), "package {package:?}");
    }
    for version in ["", "1.0\"", "1.0\n[x]"] {
        let options = Options { version: version.into(), ..options("things") };
        assert!(generate(&spec, &options).is_err(), "version {version:?}");
    }
    let odd_file = Spec { path: "my\"spec\n.json".into(), ..spec.clone() };
    assert!(generate(&odd_file, &options("things")).is_err());
    assert!(generate(&spec, &Options { package: "my-sdk_2".into(), ..options("things") }).is_ok());
}
