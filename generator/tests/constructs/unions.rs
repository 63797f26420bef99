//! Unions decode by their discriminator (mapping, implicit name, compound x-mapping, a fixed
//! property), keep unknown values, encode with their tags, and travel in request bodies.

mod common;

use fixture_unions::Client;
use fixture_unions::models::{Attr, Cat, CreatePetNote, Dog, Event, Pet, Shape, ShelterSize};
use fixture_unions::services::unions::{CreatePetParams, GetPetParams};
use serde_json::json;

#[tokio::test]
async fn a_response_union_decodes_by_its_discriminator() {
    let (out, sent) = common::exchange(common::json(200, json!({"kind": "dog", "bark": true})), |e| async move {
        Client::builder().endpoint(e).build().unwrap().unions().get_pet(GetPetParams::builder().id("rex")).await
    })
    .await;
    assert_eq!(sent.path, "/pets/rex");
    let Pet::Dog(dog) = out.unwrap() else { panic!("a dog") };
    assert!(dog.bark);

    let cat: Pet = serde_json::from_value(json!({"kind": "cat", "lives": 9})).unwrap();
    assert!(matches!(cat, Pet::Cat(Cat { lives: 9, .. })));
    // An unknown tag, and a known tag on a value that does not fit it, are kept as they came.
    let bird: Pet = serde_json::from_value(json!({"kind": "bird", "wings": 2})).unwrap();
    assert_eq!(bird, Pet::Unknown(json!({"kind": "bird", "wings": 2})));
    let odd: Pet = serde_json::from_value(json!({"kind": "dog"})).unwrap();
    assert_eq!(odd, Pet::Unknown(json!({"kind": "dog"})));
}

#[test]
fn tags_come_from_mapping_schema_names_x_mapping_and_fixed_properties() {
    // Without mapping, the schema name is the tag; Circle does not declare it, so encoding adds it.
    let circle: Shape = serde_json::from_value(json!({"shapeType": "Circle", "radius": 1.5})).unwrap();
    let Shape::Circle(c) = &circle else { panic!("a circle: {circle:?}") };
    assert_eq!(c.radius, 1.5);
    assert_eq!(serde_json::to_value(&circle).unwrap(), json!({"shapeType": "Circle", "radius": 1.5}));
    // Compound conditions: the most specific wins.
    let email: Attr = serde_json::from_value(json!({"type": "string", "format": "email", "key": "k"})).unwrap();
    assert!(matches!(email, Attr::Email(_)), "{email:?}");
    let plain: Attr = serde_json::from_value(json!({"type": "string", "key": "k", "size": 4})).unwrap();
    assert!(matches!(plain, Attr::String(_)), "{plain:?}");
    // A required property with one fixed value tags the variants.
    let closed: Event = serde_json::from_value(json!({"type": "closed", "by": "me"})).unwrap();
    assert!(matches!(closed, Event::Closed(_)), "{closed:?}");
    // Untagged choices are tried in order.
    let sizes: Vec<ShelterSize> = serde_json::from_value(json!([3, "big", ["a"]])).unwrap();
    assert_eq!(
        sizes,
        [ShelterSize::Integer(3), ShelterSize::String("big".into()), ShelterSize::Array(vec!["a".into()])]
    );
}

#[tokio::test]
async fn a_union_parameter_is_sent_as_its_variant() {
    let reply = common::json(201, json!({"pets": [{"kind": "cat", "lives": 7}, {"kind": "fish"}], "shapes": []}));
    let (out, sent) = common::exchange(reply, |e| async move {
        let dog = Pet::Dog(Dog::new("dog", true));
        let params = CreatePetParams::builder().pet(dog).note(CreatePetNote::Integer(5));
        Client::builder().endpoint(e).build().unwrap().unions().create_pet(params).await
    })
    .await;
    assert_eq!(sent.body_json(), json!({"pet": {"kind": "dog", "bark": true}, "note": 5}));
    let shelter = out.unwrap();
    assert!(matches!(shelter.pets[0], Pet::Cat(_)));
    assert!(matches!(shelter.pets[1], Pet::Unknown(_)));
}
