//! Every place and style a parameter can be written in.

mod common;

use fixture_params::Client;
use fixture_params::models::{GetItemFilter, GetItemPoint};
use fixture_params::services::items::GetItemParams;
use wiremock::ResponseTemplate;

#[tokio::test]
async fn parameters_go_where_and_how_the_spec_says() {
    let (out, sent) = common::exchange(ResponseTemplate::new(204), |e| async move {
        let mut filter = GetItemFilter::default();
        filter.min = Some(1);
        filter.max = Some(9);
        let params = GetItemParams::builder()
            .org("acme")
            .index(42)
            .x_trace("t-1")
            .session("s 1")
            .ids([1, 2])
            .tags(["a", "b"])
            .words(["x", "y"])
            .pipes(["p", "q"])
            .filter(filter)
            .point(GetItemPoint::new(3, 4))
            .page(2);
        Client::builder().endpoint(e).build().unwrap().items().get_item(params).await
    })
    .await;
    out.unwrap();
    assert_eq!(sent.path, "/orgs/acme/items/42");
    assert_eq!(
        sent.query.as_deref(),
        Some("ids=1&ids=2&tags=a%2Cb&words=x+y&pipes=p%7Cq&filter%5Bmin%5D=1&filter%5Bmax%5D=9&x=3&y=4&page=2")
    );
    assert_eq!(sent.header("x-trace"), Some("t-1"));
    assert_eq!(sent.header("cookie"), Some("session=s%201"));
}

#[tokio::test]
async fn optional_parameters_are_left_out() {
    let (out, sent) = common::exchange(ResponseTemplate::new(204), |e| async move {
        let params = GetItemParams::builder().org("o").index(0).x_trace("t");
        Client::builder().endpoint(e).build().unwrap().items().get_item(params).await
    })
    .await;
    out.unwrap();
    assert_eq!((sent.path.as_str(), sent.query.as_deref()), ("/orgs/o/items/0", None));
    assert_eq!(sent.header("cookie"), None);
}
