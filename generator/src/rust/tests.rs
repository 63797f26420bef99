use super::*;
use crate::model::{BodyEncoding, HttpMethod, IntegerFormat};

#[test]
fn tags_must_work_as_features_modules_and_types() {
    assert_eq!(module_ident("tablesDB").to_string(), "tables_db");
    assert_eq!(module_ident("type").to_string(), "type_");
    assert_eq!(feature_name("tablesDB"), "tables_db");
    assert_eq!(feature_name("type"), "type_");
    check_tag("tablesDB", true).unwrap();
    check_tag("vectors-db", true).unwrap();
    for bad in ["", "a b", "x.y", "full", "default", "Full", "DEFAULT", "client", "request", "result", "q\"", "-x"] {
        assert_eq!(check_tag(bad, true).unwrap_err().pointer(), Some("#/tags"), "{bad:?}");
    }
    // `Items` is taken only in crates that have the pagination runtime.
    check_tag("items", false).unwrap();
    assert!(check_tag("items", true).unwrap_err().message.contains("`Items`"));
}

fn method(name: &str, deprecated: Option<&str>) -> Method {
    Method {
        name: name.to_owned(),
        pointer: format!("#/paths/~1x/post/x-appwrite/methods/{name}"),
        summary: None,
        description: None,
        http_method: HttpMethod::Post,
        path: "/x".to_owned(),
        path_parts: vec![model::PathPart::Literal("/x".to_owned())],
        params: Vec::new(),
        body: BodyEncoding::None,
        response: Response::NoContent,
        deprecated: deprecated.map(|r| Deprecation { since: Some("1.8.0".into()), replace_with: Some(r.into()) }),
        kind: String::new(),
        chunked_upload: false,
        differs_from_operation: false,
        fixed_headers: Vec::new(),
        body_beyond_spec: None,
    }
}

#[test]
fn deprecated_alias_is_folded_into_its_replacement_in_either_order() {
    let methods = vec![method("createMfaChallenge", Some("createMFAChallenge")), method("createMFAChallenge", None)];
    let out = reconcile_methods(&methods).unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].0.name, "createMFAChallenge");
    assert_eq!(out[0].1, vec!["createMfaChallenge".to_owned()]);

    let methods = vec![method("createMFAChallenge", None), method("createMfaChallenge", Some("createMFAChallenge"))];
    let out = reconcile_methods(&methods).unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].0.name, "createMFAChallenge");
    assert_eq!(out[0].1, vec!["createMfaChallenge".to_owned()]);
}

#[test]
fn other_collisions_are_errors_naming_both() {
    let methods = vec![method("getURL", None), method("getUrl", None)];
    let err = reconcile_methods(&methods).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NameCollision);
    assert!(err.message.contains("`getURL`") && err.message.contains("`getUrl`"), "{err}");
    assert!(err.message.contains("`get_url`"), "{err}");
    assert!(err.message.contains("#/paths/~1x/post/x-appwrite/methods/getURL"), "both pointers: {err}");
    assert!(err.pointer().is_some());

    // Deprecated, but pointing elsewhere: still a collision.
    let methods = vec![method("getURL", Some("somethingElse")), method("getUrl", None)];
    assert_eq!(reconcile_methods(&methods).unwrap_err().kind, ErrorKind::NameCollision);
}

#[test]
fn positional_name_must_not_collide() {
    let methods = vec![method("create", None), method("createPositional", None)];
    let err = reconcile_methods(&methods).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NameCollision);
    assert!(err.message.contains("create_positional"), "{err}");
}

fn api_with(models: Vec<Model>) -> Api {
    Api { title: "t".into(), appwrite: true, models, ..Api::default() }
}

fn model(name: &str, fields: Vec<(&str, Type)>, additional: bool) -> Model {
    Model {
        name: name.into(),
        description: None,
        kind: ModelKind::Struct {
            fields: fields
                .into_iter()
                .map(|(n, ty)| model::Field {
                    name: n.into(),
                    ty,
                    required: true,
                    nullable: false,
                    description: None,
                    embedded: false,
                    example: None,
                })
                .collect(),
            additional: additional.then_some(Type::Any),
        },
        pointer: format!("#/components/schemas/{name}"),
        used_by: vec![],
        input: false,
    }
}

fn text(t: TokenStream) -> String {
    t.to_string().replace(' ', "")
}

fn types(api: &Api) -> Types<'_> {
    Types::new(api, HashMap::new(), format_ident!("sdk"))
}

#[test]
fn type_mapping_by_position() {
    let api = api_with(vec![]);
    let types = types(&api);
    let cases = [
        (Type::String, "String", "String"),
        (Type::Integer(IntegerFormat::Int32), "i64", "i64"),
        (Type::Integer(IntegerFormat::Signed), "i64", "i64"),
        (Type::Integer(IntegerFormat::Unsigned64), "u64", "u64"),
        (Type::Number, "f64", "f64"),
        (Type::Boolean, "bool", "bool"),
        (Type::Array(Box::new(Type::String)), "Vec<String>", "Vec<String>"),
        (
            Type::Map(Box::new(Type::Number)),
            "std::collections::BTreeMap<String,f64>",
            "std::collections::BTreeMap<String,f64>",
        ),
        (Type::Nullable(Box::new(Type::Boolean)), "Option<bool>", "Option<bool>"),
        (Type::Object, "serde_json::Value", "serde_json::Map<String,serde_json::Value>"),
        (Type::Any, "serde_json::Value", "serde_json::Value"),
        (Type::Bytes, "Vec<u8>", "Vec<u8>"),
        (Type::Enum("OAuthProvider".into()), "crate::enums::OAuthProvider", "crate::enums::OAuthProvider"),
        (Type::Model("mfaType".into()), "crate::models::MfaType", "crate::models::MfaType"),
    ];
    for (ty, param, field) in cases {
        assert_eq!(text(types.value_type(&ty, Position::Param, None).unwrap()), param, "{ty:?}");
        assert_eq!(text(types.value_type(&ty, Position::Field, None).unwrap()), field, "{ty:?}");
    }
    assert_eq!(text(types.value_type(&Type::File, Position::Param, None).unwrap()), "crate::InputFile");
    assert_eq!(types.value_type(&Type::File, Position::Field, None).unwrap_err().kind, ErrorKind::Unsupported);
}

#[test]
fn free_form_fields_make_models_generic_and_containers_inherit() {
    let api = api_with(vec![
        model("preferences", vec![], true),
        model("user", vec![("name", Type::String), ("prefs", Type::Model("preferences".into()))], false),
        model("userList", vec![("users", Type::Array(Box::new(Type::Model("user".into()))))], false),
    ]);
    let types = types(&api);
    let ModelViewKind::Struct(user) = model_view(&types, &api.models[1], &HashSet::new()).unwrap().kind else {
        panic!("struct")
    };
    assert_eq!(user.generics.len(), 1);
    assert_eq!(user.generics[0].ident.to_string(), "Prefs");
    assert_eq!(text(user.generics[0].default.clone()), "crate::models::Preferences");
    assert_eq!(text(user.fields[1].ty.clone()), "Prefs");
    let ModelViewKind::Struct(list) = model_view(&types, &api.models[2], &HashSet::new()).unwrap().kind else {
        panic!("struct")
    };
    assert_eq!(list.generics.len(), 1);
    assert_eq!(text(list.fields[0].ty.clone()), "Vec<crate::models::User<Prefs>>");
    // Outside models (return types) the defaults apply.
    assert_eq!(
        text(types.value_type(&Type::Model("user".into()), Position::Response, None).unwrap()),
        "crate::models::User"
    );
    assert!(matches!(model_view(&types, &api.models[0], &HashSet::new()).unwrap().kind, ModelViewKind::Alias(_)));
}

#[test]
fn fields_that_map_to_one_name_are_kept_apart() {
    let api = api_with(vec![model(
        "doc",
        vec![("$id", Type::String), ("id", Type::String), ("@type", Type::String), ("type", Type::String)],
        false,
    )]);
    let types = types(&api);
    let ModelViewKind::Struct(s) = model_view(&types, &api.models[0], &HashSet::new()).unwrap().kind else {
        panic!("struct")
    };
    let names: Vec<String> = s.fields.iter().map(|f| f.ident.to_string()).collect();
    // The field whose spec name is the Rust name keeps it.
    assert_eq!(names, ["id_2", "id", "type_2", "r#type"]);
}

#[test]
fn recursive_fields_are_boxed() {
    let api = api_with(vec![
        model(
            "node",
            vec![("next", Type::Model("node".into())), ("children", Type::Array(Box::new(Type::Model("node".into()))))],
            false,
        ),
        model("a", vec![("b", Type::Model("b".into()))], false),
        model("b", vec![("a", Type::Nullable(Box::new(Type::Model("a".into()))))], false),
    ]);
    let types = types(&api);
    let ModelViewKind::Struct(node) = model_view(&types, &api.models[0], &HashSet::new()).unwrap().kind else {
        panic!("struct")
    };
    assert_eq!(text(node.fields[0].ty.clone()), "Box<crate::models::Node>");
    assert_eq!(text(node.fields[1].ty.clone()), "Vec<crate::models::Node>", "lists are indirection enough");
    let ModelViewKind::Struct(a) = model_view(&types, &api.models[1], &HashSet::new()).unwrap().kind else {
        panic!("struct")
    };
    assert_eq!(text(a.fields[0].ty.clone()), "Box<crate::models::B>");
}

#[test]
fn enum_variants_and_their_collisions() {
    let value =
        |v: &str, k: Option<&str>| model::EnumValue { value: v.into(), key: k.map(Into::into), description: None };
    let e = model::EnumDef {
        name: "Factor".into(),
        description: None,
        values: vec![
            value("totp", None),
            value("recovery-code", None),
            value("x", Some("Custom")),
            value("+1", None),
            value("-1", None),
        ],
        integer: false,
        open: false,
        pointer: "#/p".into(),
        used_by: vec![],
    };
    let v = enum_view(&e, "Appwrite").unwrap();
    let names: Vec<String> = v.variants.iter().map(|v| v.ident.to_string()).collect();
    assert_eq!(names, ["Totp", "RecoveryCode", "Custom", "Plus1", "Minus1"]);

    let clash = model::EnumDef {
        values: vec![value("recoveryCode", None), value("recovery_code", None), value("unknown", None)],
        ..e.clone()
    };
    let names: Vec<String> =
        enum_view(&clash, "Appwrite").unwrap().variants.iter().map(|v| v.ident.to_string()).collect();
    assert_eq!(names, ["RecoveryCode", "RecoveryCode2", "UnknownValue"]);
}
