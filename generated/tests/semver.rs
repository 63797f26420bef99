//! The compatibility policy, as a server newer than this SDK would exercise it: undeclared
//! response fields are ignored and unknown enum values are kept, not rejected.

use appwrite_server_sdk::enums::OAuthProvider;
use appwrite_server_sdk::models::User;
use serde_json::json;

fn user_json() -> serde_json::Value {
    json!({
        "$id": "u1", "$createdAt": "2020-10-15T06:38:00.000+00:00", "$updatedAt": "2020-10-15T06:38:00.000+00:00",
        "name": "Ada", "registration": "2020-10-15T06:38:00.000+00:00", "status": true, "labels": [],
        "passwordUpdate": "2020-10-15T06:38:00.000+00:00", "email": "ada@example.com", "phone": "",
        "emailVerification": true, "phoneVerification": false, "mfa": false, "prefs": {"theme": "dark"},
        "targets": [], "accessedAt": "2020-10-15T06:38:00.000+00:00"
    })
}

#[test]
fn a_model_ignores_fields_it_does_not_declare() {
    let mut body = user_json();
    body["fieldFromAppwrite2_0"] = json!({"nested": [1, 2, 3]});
    body["anotherNewField"] = json!(42);
    let user: User = serde_json::from_value(body).expect("extra fields are ignored");
    assert_eq!(user.name, "Ada");
    assert_eq!(user.prefs.get("theme"), Some(&json!("dark")));
}

#[test]
fn an_enum_keeps_a_value_it_does_not_know() {
    let provider: OAuthProvider = serde_json::from_value(json!("brand-new-provider")).unwrap();
    assert_eq!(provider, OAuthProvider::Unknown("brand-new-provider".to_owned()));
    assert_eq!(provider.as_str(), "brand-new-provider");
    assert_eq!(serde_json::to_value(&provider).unwrap(), json!("brand-new-provider"), "sent back as received");
    let known: OAuthProvider = serde_json::from_value(json!("github")).unwrap();
    assert_eq!(known, OAuthProvider::Github);
}

#[cfg(feature = "databases")]
#[test]
fn a_model_with_an_unknown_enum_value_and_an_extra_field_decodes() {
    use appwrite_server_sdk::enums::AttributeStatus;
    use appwrite_server_sdk::models::AttributeString;
    let body = json!({
        "key": "title", "type": "string", "status": "migrating-to-v2", "error": "", "required": true,
        "$createdAt": "2020-10-15T06:38:00.000+00:00", "$updatedAt": "2020-10-15T06:38:00.000+00:00",
        "size": 128, "futureField": true
    });
    let attribute: AttributeString = serde_json::from_value(body).expect("decodes");
    assert_eq!(attribute.status, AttributeStatus::Unknown("migrating-to-v2".to_owned()));
    assert_eq!(attribute.size, 128);
}

/// Outside the crate a `#[non_exhaustive]` model cannot be written as a literal; it is built
/// from its default and its public fields set, which keeps compiling as fields are added.
#[test]
fn models_are_built_from_their_default() {
    let mut user: User = User::default();
    user.id = "u1".into();
    user.name = "Ada".into();
    user.prefs.insert("theme".into(), json!("dark"));
    let round_trip: User = serde_json::from_value(serde_json::to_value(&user).unwrap()).unwrap();
    assert_eq!(round_trip, user);
    let mut list = appwrite_server_sdk::models::SessionList::default();
    list.total = 0;
    assert!(list.sessions.is_empty());
}
