//! `Permission` and `Role` against node-appwrite 23.1.0: every entry of
//! `tests/fixtures/node-appwrite-permission.json` (recorded by `node-appwrite/permission.mjs`,
//! which fails unless every function of node's `Permission` and `Role` is exercised) is made
//! again with the Rust helper of the same name and compared byte for byte.

use appwrite_server_sdk::{Permission, Role};
use serde_json::Value;

fn arg(args: &[Value], i: usize) -> &str {
    args[i].as_str().expect("string argument")
}

/// The Rust call for one recorded node call.
fn rust(class: &str, function: &str, args: &[Value]) -> String {
    let role = |i| arg(args, i);
    match (class, function, args.len()) {
        ("Role", "any", 0) => Role::any().into(),
        ("Role", "guests", 0) => Role::guests().into(),
        ("Role", "users", 0) => Role::users().into(),
        ("Role", "users", 1) => Role::users_with_status(role(0)).into(),
        ("Role", "user", 1) => Role::user(role(0)).into(),
        ("Role", "user", 2) => Role::user_with_status(role(0), role(1)).into(),
        ("Role", "team", 1) => Role::team(role(0)).into(),
        ("Role", "team", 2) => Role::team_with_role(role(0), role(1)).into(),
        ("Role", "member", 1) => Role::member(role(0)).into(),
        ("Role", "label", 1) => Role::label(role(0)).into(),
        ("Permission", "read", 1) => Permission::read(role(0)).into(),
        ("Permission", "write", 1) => Permission::write(role(0)).into(),
        ("Permission", "create", 1) => Permission::create(role(0)).into(),
        ("Permission", "update", 1) => Permission::update(role(0)).into(),
        ("Permission", "delete", 1) => Permission::delete(role(0)).into(),
        other => panic!("no Rust counterpart for {other:?}"),
    }
}

#[test]
fn every_recorded_node_call_gives_the_same_string() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/node-appwrite-permission.json");
    let entries: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(entries.len() > 40, "the fixture covers every function with several arguments");
    for e in &entries {
        let (class, function) = (e["class"].as_str().unwrap(), e["fn"].as_str().unwrap());
        let args = e["args"].as_array().unwrap();
        let ours = rust(class, function, args);
        assert_eq!(ours, e["output"].as_str().unwrap(), "{class}.{function}({args:?})");
    }
}

#[cfg(feature = "tables_db")]
#[test]
fn permissions_are_accepted_where_the_spec_takes_permissions() {
    use appwrite_server_sdk::services::tables_db::CreateRowParams;
    let params = CreateRowParams::builder()
        .database_id("db")
        .table_id("songs")
        .row_id("r1")
        .data(serde_json::json!({"title": "x"}))
        .permissions([Permission::read(Role::any()), Permission::update(Role::user("u1"))])
        .build();
    assert_eq!(params.permissions, Some(Some(vec![r#"read("any")"#.to_owned(), r#"update("user:u1")"#.to_owned()])));
}
