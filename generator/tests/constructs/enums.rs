//! Enums in parameters (form-encoded query) and responses; unknown values are kept.

mod common;

use fixture_enums::Client;
use fixture_enums::enums::{Color, Level, PaletteStatus, Size, Speed, States};
use fixture_enums::services::enums::ListColorsParams;
use serde_json::json;

#[tokio::test]
async fn enums_are_sent_by_their_values_and_decoded_with_unknown_values_kept() {
    let reply = common::json(
        200,
        json!({"primary": "light-blue", "sizes": [30, 4], "level": "hi", "shade": "chartreuse", "status": "on"}),
    );
    let (out, sent) = common::exchange(reply, |e| async move {
        let client = Client::builder().endpoint(e).build().unwrap();
        let params = ListColorsParams::builder()
            .color(Color::LightBlue)
            .sizes([Size::V1, Size::V30])
            .level(Level::High)
            .shade(Color::Unknown("chartreuse".into()))
            .mode(Speed::Quick)
            .states([States::On, States::Off]);
        client.enums().list_colors(params).await
    })
    .await;
    assert_eq!(
        sent.query.as_deref(),
        Some("color=light-blue&sizes=1&sizes=30&level=hi&shade=chartreuse&mode=fast&states=on&states=off")
    );
    let palette = out.unwrap();
    assert_eq!(palette.primary, Color::LightBlue);
    assert_eq!(palette.sizes, [Size::V30, Size::Unknown(4)]);
    assert_eq!(palette.level, Some(Level::High));
    assert_eq!(palette.shade, Some(Color::Unknown("chartreuse".into())));
    assert_eq!(palette.status, Some(PaletteStatus::On));
    // Integer enums carry their value; names come from titles and x-enum-keys.
    assert_eq!(Size::V30.value(), 30);
    assert_eq!(Level::Low.as_str(), "lo");
    assert_eq!(Speed::Leisurely.as_str(), "slow");
    assert_eq!(serde_json::to_value(Size::Unknown(9)).unwrap(), json!(9));
}
