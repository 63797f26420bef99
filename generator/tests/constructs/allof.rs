//! allOf merges fields; a one-element allOf is the referenced type; a body's merged properties
//! are parameters.

mod common;

use fixture_allof::Client;
use fixture_allof::models::{Base, Extended, Wrapper};
use fixture_allof::services::things::CreateThingParams;
use serde_json::json;

#[tokio::test]
async fn merged_properties_are_parameters_and_fields() {
    let reply = common::json(200, json!({"base": {"id": "b"}, "ext": {"id": "e", "created": "now", "name": "n"}}));
    let (out, sent) = common::exchange(reply, |e| async move {
        let params = CreateThingParams::builder().id("t1").note("hello").parent(Base::new("p0"));
        Client::builder().endpoint(e).build().unwrap().things().create_thing(params).await
    })
    .await;
    assert_eq!(sent.body_json(), json!({"id": "t1", "note": "hello", "parent": {"id": "p0"}}));
    let wrapper: Wrapper = out.unwrap();
    // The one-element allOf is `Base` itself.
    let base: Option<Base> = wrapper.base;
    assert_eq!(base.unwrap().id, "b");
    // `Extended` has `Base`'s fields and its own.
    let ext: Extended = wrapper.ext;
    assert_eq!((ext.id.as_str(), ext.created.as_deref(), ext.name.as_str()), ("e", Some("now"), "n"));
}
