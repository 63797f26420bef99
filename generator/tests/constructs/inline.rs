//! Inline objects become named structs; maps and free-form objects.

mod common;

use std::collections::BTreeMap;

use fixture_inline::Client;
use fixture_inline::models::{CreateReportOptions, CreateReportResponse, CreateReportResponseSectionsItem};
use fixture_inline::services::reports::CreateReportParams;
use serde_json::json;

#[tokio::test]
async fn inline_objects_are_named_structs_and_maps_are_maps() {
    let reply =
        common::json(200, json!({"id": "r1", "sections": [{"heading": "h", "counts": {"a": 1}}], "meta": {"x": [1]}}));
    let (out, sent) = common::exchange(reply, |e| async move {
        let mut options = CreateReportOptions::new(3);
        options.verbose = Some(true);
        let labels: BTreeMap<String, String> = [("env".to_owned(), "prod".to_owned())].into();
        let params =
            CreateReportParams::builder().title("T").options(options).labels(labels).extra(json!({"free": true}));
        Client::builder().endpoint(e).build().unwrap().reports().create_report(params).await
    })
    .await;
    assert_eq!(
        sent.body_json(),
        json!({"title": "T", "options": {"verbose": true, "depth": 3}, "labels": {"env": "prod"}, "extra": {"free": true}})
    );
    let report: CreateReportResponse = out.unwrap();
    let section: &CreateReportResponseSectionsItem = &report.sections[0];
    assert_eq!(section.counts.as_ref().unwrap()["a"], 1);
    assert_eq!(report.meta.unwrap()["x"], json!([1]));
}
