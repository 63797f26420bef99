//! The whole pipeline on a small hand-written spec, and every kind of bad input.

use std::path::{Path, PathBuf};

use appwrite_sdk_generator::{self as generator, ErrorKind, Options, load, model, pin};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn options(tags: &[&str]) -> Options {
    Options {
        package: "mini-sdk".into(),
        version: "0.0.1".into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        default_tags: tags.iter().map(|t| t.to_string()).collect(),
        response_format: None,
        deny_warnings: false,
        own_tests: Vec::new(),
    }
}

/// The `[[test]]` targets of a manifest: name and path.
fn test_targets(manifest: &toml::Table) -> Vec<(&str, &str)> {
    let targets = manifest.get("test").and_then(|t| t.as_array()).map(Vec::as_slice).unwrap_or_default();
    targets.iter().map(|t| (t["name"].as_str().unwrap(), t["path"].as_str().unwrap())).collect()
}

/// Hand-written tests beside the generated ones are declared in the tests package too, as cargo
/// would discover them; what is not a test target is left out.
#[test]
fn own_tests_are_declared_in_the_tests_package() {
    let own_tests = ["wire.rs", "streams/main.rs", "contract.rs", "common/mod.rs", "notes.txt", "bad name.rs"];
    let options = Options { own_tests: own_tests.map(String::from).to_vec(), ..options(&["things"]) };
    let files = generator::generate_from_file(&fixture("mini.json"), &options).unwrap().files;
    let tests: toml::Table = file(&files, "tests/Cargo.toml").parse().unwrap();
    assert_eq!(
        test_targets(&tests),
        [
            ("contract", "contract.rs"),
            ("every_method_mocked", "every_method_mocked.rs"),
            ("roundtrip", "roundtrip.rs"),
            ("streams", "streams/main.rs"),
            ("wire", "wire.rs")
        ]
    );
}

fn file<'a>(files: &'a [generator::GeneratedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} not generated")).contents
}

#[test]
fn mini_spec_generates_the_expected_surface() {
    let files = generator::generate_from_file(&fixture("mini.json"), &options(&["things"])).unwrap().files;
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "README.md",
            "src/client.rs",
            "src/data.rs",
            "src/de.rs",
            "src/download.rs",
            "src/error.rs",
            "src/id.rs",
            "src/mock.rs",
            "src/nullable.rs",
            "src/optional.rs",
            "src/paginate.rs",
            "src/permission.rs",
            "src/query.rs",
            "src/request.rs",
            "src/retry.rs",
            "src/ser.rs",
            "src/union.rs",
            "src/upload.rs",
            "src/lib.rs",
            "src/models.rs",
            "src/enums.rs",
            "src/credentials.rs",
            "src/services/mod.rs",
            "src/mock/services.rs",
            "src/services/things.rs",
            "tests/Cargo.toml",
            "tests/contract.rs",
            "tests/every_method_mocked.rs",
            "tests/roundtrip.rs"
        ]
    );
    for f in &files {
        let first = f.contents.lines().next().unwrap();
        assert!(first.contains("@generated") && first.contains("mini.json"), "{}: {first}", f.path);
        assert_eq!(f.contents.matches("@generated").count(), 1, "{}", f.path);
    }
    // The crate's README: every service in the features table, an example, the policy.
    let readme = file(&files, "README.md");
    assert!(readme.contains("| `things` (default) | `things()` | 3 | Manage [things]"), "{readme}");
    assert!(readme.contains("```rust,no_run\nuse mini_sdk::Client;"), "{readme}");
    assert!(readme.contains("## Compatibility policy"), "{readme}");
    let service = file(&files, "src/services/things.rs");
    // Only server-platform operations.
    assert!(!service.contains("console_only"));
    // The Mfa/MFA pair becomes one method naming the alias; no other method has that name.
    assert_eq!(service.matches("pub fn delete_mfa_thing(").count(), 1);
    assert!(service.contains("deprecated alias `deleteMfaThing`"));
    // Every method with parameters has a deprecated positional twin.
    assert!(service.contains("pub fn create_positional("));
    assert!(
        service.contains("Use the object parameter style method for a better developer experience: `Things::create`")
    );
    // A list method taking `queries` has a stream companion; its list model is a page whose
    // items continue after their `$id`, and the crate depends on futures-core.
    assert!(service.contains("pub fn list_stream("), "list_stream");
    let models = file(&files, "src/models.rs").split_whitespace().collect::<String>();
    assert!(models.contains("crate::PageforThingList<Owner>{typeItem=crate::models::Thing<Owner>;"), "Page impl");
    assert!(models.contains("fncursor(item:&Self::Item)->Option<&str>{Some(&item.id)}"), "cursor");
    assert!(file(&files, "Cargo.toml").contains("futures-core"));
    // The tests are a package of their own: the crate discovers none, the tests package declares
    // the generated ones and forwards every feature.
    let manifest: toml::Table = file(&files, "Cargo.toml").parse().unwrap();
    assert_eq!(manifest["package"]["autotests"].as_bool(), Some(false));
    assert!(manifest.get("dev-dependencies").is_none());
    let tests: toml::Table = file(&files, "tests/Cargo.toml").parse().unwrap();
    assert_eq!(tests["package"]["name"].as_str(), Some("mini-sdk-tests"));
    assert_eq!(tests["package"]["publish"].as_bool(), Some(false));
    assert_eq!(tests["dependencies"]["mini-sdk"]["path"].as_str(), Some(".."));
    assert_eq!(tests["features"]["things"].as_array().unwrap()[0].as_str(), Some("mini-sdk/things"));
    assert_eq!(
        test_targets(&tests),
        [("contract", "contract.rs"), ("every_method_mocked", "every_method_mocked.rs"), ("roundtrip", "roundtrip.rs")]
    );
    // The mock feature adds no dependency of its own: `http` is already built for reqwest.
    assert_eq!(manifest["features"]["mock"].as_array().unwrap()[0].as_str(), Some("dep:http"));
    assert_eq!(manifest["dependencies"]["http"]["optional"].as_bool(), Some(true));
    assert_eq!(tests["features"]["mock"].as_array().unwrap()[0].as_str(), Some("mini-sdk/mock"));
    // Keywords become raw identifiers; path parameters are encoded as segments.
    assert!(service.contains("pub r#type: crate::enums::ThingKind"));
    assert!(service.contains("request.push_path_segment(&params.thing_id)"));
    // The query goes to the query string, the body fields to the JSON body.
    assert!(service.contains("request.query(\"queries\", &params.queries)"));
    assert!(service.contains("request.body_field(\"thingId\", &params.thing_id)"));
    assert!(service.contains("request.body_field_opt(\"labels\", &params.labels)"));
    // Relative links in docs point to the Appwrite site; bare URLs are autolinks.
    let lib_or_service = service;
    assert!(lib_or_service.contains("(https://appwrite.io/docs/things)"));
    assert!(lib_or_service.contains("<https://example.com/things>"));

    let models = file(&files, "src/models.rs");
    assert!(models.contains("pub struct Thing<Owner = crate::models::OwnerData>"));
    assert!(models.contains("pub struct ThingList<Owner = crate::models::OwnerData>"));
    assert!(models.contains("pub things: Vec<crate::models::Thing<Owner>>"));
    assert!(models.contains("pub size: Option<i64>"));
    // Decoded and encoded under the wire name.
    assert!(models.contains("\"$id\" => crate::de::required(&mut __map, &mut __fields.0)"), "{models}");
    assert!(models.contains("fields.field(\"$id\", &self.id);"), "{models}");
    // A component schema nothing refers to is a type too, compiled with every feature set.
    let unused = models.find("pub struct Unused").expect("orphan schemas are generated");
    assert!(!models[..unused].lines().rev().take(3).any(|l| l.contains("#[cfg(")), "ungated");

    let enums = file(&files, "src/enums.rs");
    assert!(enums.contains("BigOne"));
    assert!(enums.contains("Unknown(String)"));
    assert!(file(&files, "src/lib.rs").contains("RESPONSE_FORMAT: Option<&str> = Some(\"2.4.0\")"));
}

#[test]
fn yaml_specs_are_accepted_too() {
    let json = std::fs::read_to_string(fixture("mini.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let yaml_path = dir.path().join("mini.yaml");
    std::fs::write(&yaml_path, serde_yaml::to_string(&value).unwrap()).unwrap();
    let from_yaml = generator::generate_from_file(&yaml_path, &options(&["things"])).unwrap().files;
    let from_json = generator::generate_from_file(&fixture("mini.json"), &options(&["things"])).unwrap().files;
    // Same code; only the header (file name and hash) differs.
    for (a, b) in from_yaml.iter().zip(&from_json) {
        let body = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n").replace("mini.yaml", "mini.json");
        assert_eq!(body(&a.contents), body(&b.contents), "{}", a.path);
    }
}

fn mini_with(edit: impl FnOnce(&mut serde_json::Value)) -> (tempfile::TempDir, PathBuf) {
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("mini.json")).unwrap()).unwrap();
    edit(&mut value);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.json");
    std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    (dir, path)
}

#[test]
fn invalid_json_reports_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, "{\n  \"openapi\": \"3.0.0\",\n  \"info\": {,\n}").unwrap();
    let err = generator::generate_from_file(&path, &options(&["things"])).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Syntax);
    assert_eq!(err.location.line_col, Some((3, 12)));
    let text = err.to_string();
    assert!(text.contains("broken.json:3:12"), "{text}");
}

#[test]
fn wrongly_typed_yaml_node_reports_its_pointer() {
    let json = std::fs::read_to_string(fixture("mini.json")).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["components"]["schemas"]["thing"]["required"] = serde_json::json!({"not": "a list"});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.yaml");
    std::fs::write(&path, serde_yaml::to_string(&value).unwrap()).unwrap();
    let err = generator::generate_from_file(&path, &options(&["things"])).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidDocument, "{err}");
    assert!(err.pointer().unwrap().starts_with("#/components/schemas/thing"), "{err}");
}

#[test]
fn invalid_yaml_reports_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.yaml");
    std::fs::write(&path, "openapi: 3.0.0\ninfo:\n  title: [unclosed\n").unwrap();
    let err = generator::generate_from_file(&path, &options(&["things"])).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Syntax);
    let (line, _) = err.location.line_col.expect("line and column");
    assert!(line >= 3, "{err}");
    assert!(err.to_string().contains("broken.yaml:"), "{err}");
}

#[test]
fn wrongly_typed_node_reports_its_pointer() {
    let (_dir, path) = mini_with(|v| v["paths"]["/things"]["get"]["parameters"] = serde_json::json!("nope"));
    let err = generator::generate_from_file(&path, &options(&["things"])).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidDocument);
    assert_eq!(err.pointer(), Some("#/paths/~1things/get/parameters"), "{err}");
    assert!(err.location.line_col.is_some());
}

#[test]
fn dangling_ref_reports_its_pointer() {
    let (_dir, path) = mini_with(|v| {
        v["paths"]["/things"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]["$ref"] =
            serde_json::json!("#/components/schemas/nothing");
    });
    let err = generator::generate_from_file(&path, &options(&["things"])).unwrap_err();
    assert_eq!(err.kind, ErrorKind::DanglingRef);
    assert_eq!(err.pointer(), Some("#/paths/~1things/post/responses/201/content/application~1json/schema/$ref"));
    assert!(err.message.contains("#/components/schemas/nothing"), "{err}");
    assert!(err.to_string().starts_with(&path.display().to_string()), "{err}");
}

#[test]
fn dangling_ref_in_a_model_field_reports_its_pointer() {
    let (_dir, path) = mini_with(|v| {
        v["components"]["schemas"]["thing"]["properties"]["size"] =
            serde_json::json!({"$ref": "#/components/schemas/gone"});
    });
    let err = generator::generate_from_file(&path, &options(&["things"])).unwrap_err();
    assert_eq!(err.kind, ErrorKind::DanglingRef);
    assert_eq!(err.pointer(), Some("#/components/schemas/thing/properties/size/$ref"));
}

#[test]
fn unsupported_schema_shape_is_a_located_warning_or_with_deny_warnings_an_error() {
    let (_dir, path) = mini_with(|v| {
        v["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]["labels"] =
            serde_json::json!({"not": {"type": "string"}});
    });
    let pointer = "#/paths/~1things/post/requestBody/content/application~1json/schema/properties/labels";
    let generation = generator::generate_from_file(&path, &options(&["things"])).unwrap();
    assert_eq!(generation.warnings.len(), 1, "{:?}", generation.warnings);
    assert_eq!(generation.warnings[0].pointer, pointer);
    assert!(generation.warnings[0].message.contains("`not`"), "{}", generation.warnings[0]);
    // The value is kept as JSON.
    let service = file(&generation.files, "src/services/things.rs");
    assert!(service.contains("pub labels: Option<serde_json::Value>"), "{service}");

    let deny = Options { deny_warnings: true, ..options(&["things"]) };
    let err = generator::generate_from_file(&path, &deny).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unsupported);
    assert_eq!(err.pointer(), Some(pointer));
    assert!(err.message.contains("warnings are denied"), "{err}");
}

#[test]
fn a_request_body_that_is_not_an_object_is_one_parameter() {
    let (_dir, path) = mini_with(|v| {
        v["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]["schema"] =
            serde_json::json!({"type": "array", "items": {"type": "string"}});
    });
    let files = generator::generate_from_file(&path, &options(&["things"])).unwrap().files;
    let service = file(&files, "src/services/things.rs");
    assert!(service.contains("request.json_value(&params.body)"), "{service}");
}

#[test]
fn unknown_tag_lists_the_available_ones() {
    let err = generator::generate_from_file(&fixture("mini.json"), &options(&["nope"])).unwrap_err();
    assert_eq!(err.kind, ErrorKind::UnknownTag);
    assert!(err.message.contains("`nope`") && err.message.contains("things"), "{err}");
    assert_eq!(err.pointer(), Some("#/tags"));
}

#[test]
fn method_collision_names_both_methods() {
    let (_dir, path) = mini_with(|v| {
        let methods = &mut v["paths"]["/things/{thingId}"]["delete"]["x-appwrite"]["methods"];
        methods[0]["deprecated"] = serde_json::Value::Null;
    });
    let err = generator::generate_from_file(&path, &options(&["things"])).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NameCollision);
    assert!(err.message.contains("deleteMfaThing") && err.message.contains("deleteMFAThing"), "{err}");
}

#[test]
fn method_entry_naming_an_unknown_parameter_is_an_error() {
    let (_dir, path) = mini_with(|v| {
        v["paths"]["/things/{thingId}"]["delete"]["x-appwrite"]["methods"][1]["parameters"] =
            serde_json::json!(["thingId", "ghost"]);
    });
    let err = generator::generate_from_file(&path, &options(&["things"])).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidDocument);
    assert_eq!(err.pointer(), Some("#/paths/~1things~1{thingId}/delete/x-appwrite/methods/1/parameters/1"));
}

#[test]
fn missing_spec_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let pin = pin::Pin {
        file: "appwrite-9.9.9-server.json".into(),
        appwrite_version: "9.9.9".into(),
        sha256: "00".into(),
        upstream: "https://example.com/spec.json".into(),
        response_format: None,
    };
    let err = pin::locate(&pin, dir.path(), None, None).unwrap_err();
    assert_eq!(err.kind, ErrorKind::SpecNotFound);
    assert!(
        err.message.contains("appwrite-9.9.9-server.json") && err.message.contains("https://example.com/spec.json")
    );
    let err = pin::locate(&pin, dir.path(), Some(&dir.path().join("nope.json")), None).unwrap_err();
    assert_eq!(err.kind, ErrorKind::SpecNotFound);
    assert!(err.to_string().contains("nope.json"));
    // Precedence: flag, then environment, then spec/, then ../shared/spec/.
    let spec_dir = dir.path().join("repo/spec");
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::write(spec_dir.join(&pin.file), "{}").unwrap();
    let (found, origin) = pin::locate(&pin, &dir.path().join("repo"), None, None).unwrap();
    assert_eq!((found, origin), (spec_dir.join(&pin.file), pin::Origin::SpecDir));
    let env_file = dir.path().join("env.json");
    std::fs::write(&env_file, "{}").unwrap();
    let (found, origin) = pin::locate(&pin, &dir.path().join("repo"), None, Some(env_file.clone().into())).unwrap();
    assert_eq!((found, origin), (env_file, pin::Origin::Env));
}

#[test]
fn hash_mismatch_shows_both_hashes() {
    let spec = load::load_file(&fixture("mini.json")).unwrap();
    let pin = pin::Pin {
        file: "mini.json".into(),
        appwrite_version: "2.4.1".into(),
        sha256: "ab".repeat(32),
        upstream: "-".into(),
        response_format: None,
    };
    let err = pin::verify(&pin, &spec.path, &spec.sha256).unwrap_err();
    assert_eq!(err.kind, ErrorKind::HashMismatch);
    assert!(err.message.contains(&"ab".repeat(32)) && err.message.contains(&spec.sha256), "{err}");
    let ok = pin::Pin { sha256: spec.sha256.to_uppercase(), ..pin };
    pin::verify(&ok, &spec.path, &spec.sha256).unwrap();
}

#[test]
fn malformed_manifest_reports_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pin.toml");
    std::fs::write(&path, "file = \"a.json\"\nappwrite_version = 1\n").unwrap();
    let err = pin::Pin::read(&path).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Manifest);
    assert_eq!(err.location.line_col.map(|l| l.0), Some(2), "{err}");
}

#[test]
fn available_tags_only_count_the_platform() {
    let spec = load::load_file(&fixture("mini.json")).unwrap();
    assert_eq!(model::available_tags(&spec.document, "server"), ["things"]);
    assert_eq!(model::available_tags(&spec.document, "client"), ["things"]);
    assert!(model::available_tags(&spec.document, "none").is_empty());
}

/// The client runtime is the `appwrite-sdk-runtime` crate's modules, copied verbatim after the
/// header (that crate is compiled, formatted and linted in the workspace).
#[test]
fn runtime_modules_are_copied_verbatim() {
    let files = generator::generate_from_file(&fixture("mini.json"), &options(&["things"])).unwrap().files;
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
    let mut copied = 0;
    for entry in std::fs::read_dir(&runtime).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        // The crate root and `mock/services.rs` stand in for generated files.
        if name == "lib.rs" || path.is_dir() {
            continue;
        }
        let contents = file(&files, &format!("src/{name}"));
        let (header, body) = contents.split_once('\n').unwrap();
        assert!(header.starts_with("// @generated"), "{name}: {header}");
        assert_eq!(body, std::fs::read_to_string(&path).unwrap(), "{name} is not a verbatim copy");
        copied += 1;
    }
    assert_eq!(copied, generator::render::RUNTIME.len(), "every runtime module is copied");
}

/// The checked-in crate's enums are written formatted by their template: formatting them again
/// changes nothing, and the round-trip test (also written formatted) parses.
#[test]
fn files_written_formatted_need_no_formatting() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let enums = std::fs::read_to_string(root.join("src/enums.rs")).unwrap();
    let (header, body) = enums.split_once('\n').unwrap();
    assert_eq!(generator::format::rust_file("enums.rs.askama", body, header).unwrap(), enums);
    let roundtrip = std::fs::read_to_string(root.join("tests/roundtrip.rs")).unwrap();
    generator::format::rust_file("tests/roundtrip.rs.askama", &roundtrip, "//").unwrap();
}
