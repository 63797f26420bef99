//! Required nullable: null when unset; optional nullable: left out, null or a value.
#![allow(deprecated, reason = "the positional variant is called too")]

mod common;

use fixture_nullable::Client;
use fixture_nullable::models::Note;
use fixture_nullable::services::notes::UpdateNoteParams;
use serde_json::json;

async fn send(params: UpdateNoteParams) -> (Note, serde_json::Value) {
    let reply = common::json(200, json!({"id": "n", "due": null}));
    let (out, sent) = common::exchange(reply, |e| async move {
        Client::builder().endpoint(e).build().unwrap().notes().update_note(params).await
    })
    .await;
    (out.unwrap(), sent.body_json())
}

#[tokio::test]
async fn nullable_parameters_send_null_values_or_nothing() {
    // `due` is required but nullable: not set, it is sent as null. Optional ones are left out.
    let (note, body) = send(UpdateNoteParams::builder().id("n").title("T").build()).await;
    assert_eq!(body, json!({"title": "T", "due": null}));
    assert_eq!(note.due, None);
    // Explicit null and values.
    let params =
        UpdateNoteParams::builder().id("n").title("T").due("2030-01-01").color(None).priority(3).tags(["a"]).build();
    let (_, body) = send(params).await;
    assert_eq!(body, json!({"title": "T", "due": "2030-01-01", "color": null, "priority": 3, "tags": ["a"]}));
    let (_, body) = send(UpdateNoteParams::builder().id("n").title("T").due(None).color("red").build()).await;
    assert_eq!(body, json!({"title": "T", "due": null, "color": "red"}));

    // The positional variant: `Option` for a required nullable one, `Option<Option>` for optional ones.
    let reply = common::json(200, json!({"id": "n", "due": "d", "color": null}));
    let (out, sent) = common::exchange(reply, |e| async move {
        let client = Client::builder().endpoint(e).build().unwrap();
        client.notes().update_note_positional("n", "T", None, Some(None), None, Some(Some(vec![]))).await
    })
    .await;
    assert_eq!(sent.body_json(), json!({"title": "T", "due": null, "color": null, "tags": []}));
    let note = out.unwrap();
    assert_eq!((note.due.as_deref(), note.color), (Some("d"), None));
}
