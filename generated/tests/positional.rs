//! The optional arguments of the positional methods, in every form a caller holds: `None`,
//! `Some(owned)`, a borrowed `&Option<owned>`, and the value itself (owned, and borrowed where
//! there is a borrowed form: `&str`, `&String`, slices). Each kind of parameter (text, list of
//! strings, boolean, integer, float, enum, list of enums) is sent exactly as the named-parameter
//! call with the same value sends it, and `None` as the named call without it.
#![allow(deprecated, reason = "the positional methods are deprecated")]
#![allow(
    clippy::needless_borrows_for_generic_args,
    reason = "a borrowed `&Option` of a `Copy` value is one of the forms under test"
)]

mod common;

use std::future::Future;

use appwrite_server_sdk::enums::{BrowserPermission, Theme};
use appwrite_server_sdk::services::account::{CreateJwtParams, CreateParams, ListIdentitiesParams, ListLogsParams};
use appwrite_server_sdk::{Client, Optional, Query};
use common::{ClientKind, Model, Recorded, Reply, model_json};

/// The request `call` sends, the mock answering `reply`.
async fn sent<F, Fut, T>(reply: &Reply, call: F) -> Recorded
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = T>,
{
    common::exchange(ClientKind::Default, reply, call).await.1
}

/// What tells two requests of one method apart: the query and the body.
fn wire(r: &Recorded) -> (Option<String>, String) {
    (r.raw_query.clone(), r.body_text().to_owned())
}

fn user() -> Reply {
    Reply::Json(201, model_json(Model::User))
}

#[tokio::test]
async fn optional_text_takes_none_owned_borrowed_and_the_text_itself() {
    let create = |name: Option<&str>| {
        let name = name.map(str::to_owned);
        move |c: Client| async move {
            let mut p = CreateParams::builder().user_id("u").email("a@b.c").password("password123");
            if let Some(name) = name {
                p = p.name(name);
            }
            c.account().create(p).await.map(drop)
        }
    };
    let with = wire(&sent(&user(), create(Some("Ann"))).await);
    let without = wire(&sent(&user(), create(None)).await);
    assert_eq!(with.1, r#"{"userId":"u","email":"a@b.c","password":"password123","name":"Ann"}"#);
    assert_eq!(without.1, r#"{"userId":"u","email":"a@b.c","password":"password123"}"#);

    async fn positional(name: impl Optional<String> + Send + 'static) -> (Option<String>, String) {
        let r = sent(&user(), move |c: Client| async move {
            c.account().create_positional("u", "a@b.c", "password123", name).await.map(drop)
        })
        .await;
        wire(&r)
    }
    let held: Option<String> = Some("Ann".to_owned());
    let owned = String::from("Ann");
    let nothing: Option<String> = None;
    assert_eq!(positional(None).await, without, "None");
    assert_eq!(positional(nothing.clone()).await, without, "an Option<String> that is None");
    assert_eq!(positional(Some("Ann".to_owned())).await, with, "Some(String)");
    assert_eq!(positional(held.clone()).await, with, "a held Option<String>");
    let borrowed = held.clone();
    assert_eq!(
        sent(&user(), move |c: Client| async move {
            c.account().create_positional("u", "a@b.c", "password123", &borrowed).await.map(drop)
        })
        .await
        .body_text(),
        with.1,
        "&Option<String>"
    );
    assert_eq!(positional("Ann").await, with, "&str");
    assert_eq!(positional(owned.clone()).await, with, "String");
    let by_ref = owned.clone();
    assert_eq!(
        sent(&user(), move |c: Client| async move {
            c.account().create_positional("u", "a@b.c", "password123", &by_ref).await.map(drop)
        })
        .await
        .body_text(),
        with.1,
        "&String"
    );
}

#[tokio::test]
async fn optional_lists_and_booleans_take_every_form() {
    let reply = Reply::Json(200, model_json(Model::LogList));
    let named = |queries: Option<Vec<Query>>, total: Option<bool>| {
        move |c: Client| async move {
            let mut p = ListLogsParams::builder();
            if let Some(q) = queries {
                p = p.queries(q);
            }
            if let Some(t) = total {
                p = p.total(t);
            }
            c.account().list_logs(p).await.map(drop)
        }
    };
    let both = wire(&sent(&reply, named(Some(vec![Query::limit(5)]), Some(false))).await);
    let neither = wire(&sent(&reply, named(None, None)).await);
    assert_eq!(
        both.0.as_deref(),
        Some("queries%5B0%5D=%7B%22method%22%3A%22limit%22%2C%22values%22%3A%5B5%5D%7D&total=false")
    );
    assert_eq!(neither.0, None);

    async fn positional(
        reply: &Reply,
        queries: impl Optional<Vec<String>> + Send + 'static,
        total: impl Optional<bool> + Send + 'static,
    ) -> (Option<String>, String) {
        wire(
            &sent(
                reply,
                move |c: Client| async move { c.account().list_logs_positional(queries, total).await.map(drop) },
            )
            .await,
        )
    }
    let limit: String = Query::limit(5).into();
    let held: Option<Vec<String>> = Some(vec![limit.clone()]);
    let held_flag: Option<bool> = Some(false);
    assert_eq!(positional(&reply, None, None).await, neither, "None, None");
    assert_eq!(positional(&reply, Some(vec![limit.clone()]), Some(false)).await, both, "Some(owned)");
    assert_eq!(positional(&reply, held.clone(), held_flag).await, both, "held Options");
    let (q, t) = (held.clone(), held_flag);
    let borrowed =
        sent(&reply, move |c: Client| async move { c.account().list_logs_positional(&q, &t).await.map(drop) }).await;
    assert_eq!(wire(&borrowed), both, "&Option<Vec<String>>, &Option<bool>");
    assert_eq!(positional(&reply, [Query::limit(5)], false).await, both, "an array of queries, a bool");
    assert_eq!(positional(&reply, vec![Query::limit(5)], false).await, both, "a Vec of queries");
    assert_eq!(positional(&reply, vec![limit.as_str().to_owned()], false).await, both, "a Vec<String>");
    let texts = [limit.clone()];
    let slice = texts.to_vec();
    let by_slice = sent(&reply, move |c: Client| async move {
        c.account().list_logs_positional(slice.as_slice(), false).await.map(drop)
    })
    .await;
    assert_eq!(wire(&by_slice), both, "a slice of Strings");

    // A boolean alone, on a method whose list is left out.
    let reply = Reply::Json(200, model_json(Model::IdentityList));
    let named = wire(
        &sent(&reply, |c: Client| async move {
            c.account().list_identities(ListIdentitiesParams::builder().total(true)).await.map(drop)
        })
        .await,
    );
    for (label, total) in [("Some(true)", Some(true)), ("true", None)] {
        let r = sent(&reply, move |c: Client| async move {
            match total {
                Some(t) => c.account().list_identities_positional(None, Some(t)).await.map(drop),
                None => c.account().list_identities_positional(None, true).await.map(drop),
            }
        })
        .await;
        assert_eq!(wire(&r), named, "{label}");
    }
}

#[tokio::test]
async fn optional_integers_take_every_form_and_smaller_integer_types() {
    let reply = Reply::Json(201, model_json(Model::Jwt));
    let named = |duration: Option<i64>| {
        move |c: Client| async move {
            let p = match duration {
                Some(d) => CreateJwtParams::builder().duration(d).build(),
                None => CreateJwtParams::builder().build(),
            };
            c.account().create_jwt(p).await.map(drop)
        }
    };
    let with = wire(&sent(&reply, named(Some(600))).await);
    let without = wire(&sent(&reply, named(None)).await);
    assert_eq!(with.1, r#"{"duration":600}"#);
    assert_eq!(without.1, "{}");

    async fn positional(reply: &Reply, duration: impl Optional<i64> + Send + 'static) -> (Option<String>, String) {
        wire(
            &sent(reply, move |c: Client| async move { c.account().create_jwt_positional(duration).await.map(drop) })
                .await,
        )
    }
    let held: Option<i64> = Some(600);
    assert_eq!(positional(&reply, None).await, without, "None");
    assert_eq!(positional(&reply, Some(600)).await, with, "Some(literal)");
    assert_eq!(positional(&reply, held).await, with, "a held Option<i64>");
    let r =
        sent(&reply, move |c: Client| async move { c.account().create_jwt_positional(&held).await.map(drop) }).await;
    assert_eq!(wire(&r), with, "&Option<i64>");
    assert_eq!(positional(&reply, 600).await, with, "a literal");
    assert_eq!(positional(&reply, 600_u32).await, with, "a u32");
    assert_eq!(positional(&reply, 600_i32).await, with, "an i32");
    assert_eq!(positional(&reply, 600_u16).await, with, "a u16");
}

#[cfg(feature = "avatars")]
#[tokio::test]
async fn optional_floats_enums_and_enum_lists_take_every_form() {
    use appwrite_server_sdk::services::avatars::GetScreenshotParams;

    let reply = Reply::Template(wiremock::ResponseTemplate::new(200).set_body_bytes(b"png".to_vec()));
    let named = |given: bool| {
        move |c: Client| async move {
            let p = GetScreenshotParams::builder().url("https://example.com");
            let p = if given {
                p.scale(2.5).theme(Theme::Dark).permissions([BrowserPermission::Camera]).build()
            } else {
                p.build()
            };
            c.avatars().get_screenshot(p).await.map(drop)
        }
    };
    let with = wire(&sent(&reply, named(true)).await);
    let without = wire(&sent(&reply, named(false)).await);
    let query = with.0.clone().unwrap_or_default();
    for pair in ["scale=2.5", "theme=dark", "permissions%5B0%5D=camera"] {
        assert!(query.contains(pair), "{pair} in {query}");
    }
    assert!(!without.0.clone().unwrap_or_default().contains("theme"), "{without:?}");

    async fn positional(
        reply: &Reply,
        scale: impl Optional<f64> + Send + 'static,
        theme: impl Optional<Theme> + Send + 'static,
        permissions: impl Optional<Vec<BrowserPermission>> + Send + 'static,
    ) -> (Option<String>, String) {
        let r = sent(reply, move |c: Client| async move {
            c.avatars()
                .get_screenshot_positional(
                    "https://example.com",
                    None,
                    None,
                    None,
                    scale,
                    theme,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    permissions,
                    None,
                    None,
                    None,
                    None,
                    None,
                )
                .await
                .map(drop)
        })
        .await;
        wire(&r)
    }
    let (scale, theme, permissions) = (Some(2.5), Some(Theme::Dark), Some(vec![BrowserPermission::Camera]));
    assert_eq!(positional(&reply, None, None, None).await, without, "None");
    assert_eq!(positional(&reply, scale, theme.clone(), permissions.clone()).await, with, "held Options");
    assert_eq!(
        positional(&reply, Some(2.5), Some(Theme::Dark), Some(vec![BrowserPermission::Camera])).await,
        with,
        "Some(owned)"
    );
    assert_eq!(positional(&reply, 2.5, Theme::Dark, vec![BrowserPermission::Camera]).await, with, "the values");
    assert_eq!(positional(&reply, 2.5_f32, Theme::Dark, vec![BrowserPermission::Camera]).await, with, "an f32");
    let r = sent(&reply, move |c: Client| async move {
        c.avatars()
            .get_screenshot_positional(
                "https://example.com",
                None,
                None,
                None,
                &scale,
                &theme,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                &permissions,
                None,
                None,
                None,
                None,
                None,
            )
            .await
            .map(drop)
    })
    .await;
    assert_eq!(wire(&r), with, "&Option of each");
}
