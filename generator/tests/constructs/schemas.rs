//! Recursive models, odd names, case twins, a very long name.

mod common;

use fixture_schemas::Client;
use fixture_schemas::enums::Sign;
use fixture_schemas::models::{A, B, Node, Odd, Twin, Twin2};
use fixture_schemas::services::schemas::GetOddParams;
use serde_json::json;

#[tokio::test]
async fn recursive_models_decode_to_any_depth() {
    let tree = json!({"value": "1", "next": {"value": "2", "next": {"value": "3"}}, "children": [{"value": "c"}]});
    let (out, _) = common::exchange(common::json(200, tree), |e| async move {
        Client::builder().endpoint(e).build().unwrap().schemas().get_tree().await
    })
    .await;
    let node: Node = out.unwrap();
    let next: &Node = node.next.as_deref().unwrap();
    assert_eq!(next.next.as_ref().unwrap().value, "3");
    assert_eq!(node.children.unwrap()[0].value, "c");
    let a: A = serde_json::from_value(json!({"b": {"a": {"b": {}}}})).unwrap();
    let b: &B = a.b.as_deref().unwrap();
    assert!(b.a.is_some());
}

#[tokio::test]
async fn odd_names_keep_their_wire_names() {
    let odd = json!({"$id": "1", "id": "2", "@type": "t", "type": "u", "+1": true, "-1": false, "2fa": true, "self": "s", "fn": "f"});
    let (out, sent) = common::exchange(
        common::json(200, json!({"odd": odd, "twin": {"upper": true}, "other": {"lower": true}})),
        |e| async move {
            Client::builder()
                .endpoint(e)
                .build()
                .unwrap()
                .schemas()
                .get_odd(GetOddParams::builder().sign(Sign::Minus1).build())
                .await
        },
    )
    .await;
    assert_eq!(sent.query.as_deref(), Some("sign=-1"));
    let response = out.unwrap();
    let o: Odd = response.odd.unwrap();
    assert_eq!((o.id_2.as_deref(), o.id.as_deref()), (Some("1"), Some("2")));
    assert_eq!((o.type_2.as_deref(), o.r#type.as_deref()), (Some("t"), Some("u")));
    assert_eq!((o.plus_1, o.minus_1, o._2fa), (Some(true), Some(false), Some(true)));
    assert_eq!((o.self_.as_deref(), o.r#fn.as_deref()), (Some("s"), Some("f")));
    let _: Twin = response.twin.unwrap();
    let _: Twin2 = response.other.unwrap();
    assert_eq!(serde_json::to_value(Sign::Plus1).unwrap(), json!("+1"));
    assert_eq!(serde_json::to_value(Sign::UnknownValue).unwrap(), json!("unknown"));
    assert_eq!(serde_json::from_value::<Sign>(json!("other")).unwrap(), Sign::Unknown("other".into()));
}
