//! Sample JSON values of the model's named types, for the round-trip test generated with every
//! crate: each struct with all its fields and with only the required ones (`null` where that is
//! allowed), each union once per variant (with its discriminator values), each enum value.

use serde_json::{Map, Value, json};

use crate::model::{Api, EnumDef, Model, ModelKind, Type};

/// The samples of one named type.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// What the sample shows, e.g. `all fields`, `variant 2`.
    pub label: String,
    /// The value.
    pub value: Value,
    /// `Some(true)`: the value must decode into a known variant or value; `Some(false)`: into
    /// `Unknown`; `None`: either (an untagged union may take an earlier variant).
    pub known: Option<bool>,
}

/// Most nesting followed: deeper optional fields are left out.
const DEPTH: usize = 6;

/// The samples of a model.
pub fn model_samples(api: &Api, model: &Model) -> Vec<Sample> {
    let s = Sampler { api };
    match &model.kind {
        ModelKind::Struct { fields, .. } => {
            let full = s.object(fields, true, 0);
            let minimal = s.object(fields, false, 0);
            let mut out = vec![Sample { label: "all fields".into(), value: full.clone(), known: Some(true) }];
            if minimal != full {
                out.push(Sample { label: "required fields".into(), value: minimal, known: Some(true) });
            }
            out
        }
        ModelKind::Union(u) => u
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut value = s.value(&v.ty, 1);
                if let (Some(tag), Value::Object(map)) = (v.tags.first(), &mut value) {
                    for (property, tag) in tag {
                        map.insert(property.clone(), Value::String(tag.clone()));
                    }
                }
                // An untagged variant is only known for sure when no earlier variant also fits;
                // the test checks that it decodes, and that tagged ones pick their variant.
                Sample { label: format!("variant {}", i + 1), value, known: (!v.tags.is_empty()).then_some(true) }
            })
            .collect(),
        ModelKind::Alias(ty) => vec![Sample { label: "value".into(), value: s.value(ty, 0), known: None }],
    }
}

/// A sample value of any type (a model with all its fields), e.g. a method's response.
pub fn type_sample(api: &Api, ty: &Type) -> Value {
    Sampler { api }.value(ty, 0)
}

/// The samples of an enum: each value, and one no version knows.
pub fn enum_samples(e: &EnumDef) -> Vec<Sample> {
    let mut out: Vec<Sample> = e
        .values
        .iter()
        .map(|v| Sample { label: format!("`{}`", v.value), value: enum_value(e, &v.value), known: Some(true) })
        .collect();
    let unknown = if e.integer { json!(987_654_321) } else { json!("a-value-no-version-has") };
    out.push(Sample { label: "an unknown value".into(), value: unknown, known: Some(false) });
    out
}

fn enum_value(e: &EnumDef, value: &str) -> Value {
    if e.integer {
        value.parse::<i64>().map(Value::from).unwrap_or(Value::Null)
    } else {
        Value::String(value.to_owned())
    }
}

struct Sampler<'a> {
    api: &'a Api,
}

impl Sampler<'_> {
    fn object(&self, fields: &[crate::model::Field], all: bool, depth: usize) -> Value {
        let mut map = Map::new();
        for f in fields {
            if f.required {
                let value = if f.nullable && !all { Value::Null } else { self.value(&f.ty, depth + 1) };
                map.insert(f.name.clone(), value);
            } else if all && depth < DEPTH {
                map.insert(f.name.clone(), self.value(&f.ty, depth + 1));
            }
        }
        Value::Object(map)
    }

    fn value(&self, ty: &Type, depth: usize) -> Value {
        match ty {
            Type::String => json!("text"),
            Type::Integer(_) => json!(7),
            Type::Number => json!(1.5),
            Type::Boolean => json!(true),
            Type::Array(inner) if depth < DEPTH => Value::Array(vec![self.value(inner, depth + 1)]),
            Type::Array(_) => json!([]),
            Type::Map(inner) if depth < DEPTH => json!({ "key": self.value(inner, depth + 1) }),
            Type::Map(_) => json!({}),
            Type::Object => json!({ "key": "value" }),
            Type::Any => json!({ "any": [1, "x", null] }),
            Type::Nullable(inner) => self.value(inner, depth),
            Type::File | Type::Bytes => json!("bytes"),
            Type::Enum(name) => match self.api.enums.iter().find(|e| e.name == *name) {
                Some(e) => e.values.first().map_or(Value::Null, |v| enum_value(e, &v.value)),
                None => Value::Null,
            },
            // A model that holds itself through required fields has no finite sample.
            Type::Model(_) if depth > 2 * DEPTH => Value::Null,
            Type::Model(name) => {
                let Some(m) = self.api.models.iter().find(|m| m.name == *name) else { return Value::Null };
                match &m.kind {
                    ModelKind::Struct { fields, .. } => self.object(fields, depth < 2, depth),
                    ModelKind::Union(u) => match u.variants.first() {
                        Some(v) => {
                            let mut value = self.value(&v.ty, depth + 1);
                            if let (Some(tag), Value::Object(map)) = (v.tags.first(), &mut value) {
                                for (property, tag) in tag {
                                    map.insert(property.clone(), Value::String(tag.clone()));
                                }
                            }
                            value
                        }
                        None => Value::Null,
                    },
                    ModelKind::Alias(inner) => self.value(inner, depth + 1),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, Union, Variant};

    fn field(name: &str, ty: Type, required: bool, nullable: bool) -> Field {
        Field { name: name.into(), ty, required, nullable, description: None, embedded: false, example: None }
    }

    fn model(name: &str, kind: ModelKind) -> Model {
        Model { name: name.into(), description: None, kind, pointer: String::new(), used_by: vec![], input: false }
    }

    fn api(models: Vec<Model>) -> Api {
        Api { title: "t".into(), appwrite: false, models, ..Api::default() }
    }

    #[test]
    fn structs_have_full_and_minimal_samples_and_unions_one_per_variant_with_its_tag() {
        let pet = model(
            "pet",
            ModelKind::Struct {
                fields: vec![
                    field("name", Type::String, true, false),
                    field("age", Type::Integer(crate::model::IntegerFormat::Signed), false, false),
                    field("owner", Type::String, true, true),
                ],
                additional: None,
            },
        );
        let union = model(
            "animal",
            ModelKind::Union(Union {
                discriminator: vec!["kind".into()],
                variants: vec![Variant {
                    ty: Type::Model("pet".into()),
                    title: None,
                    tags: vec![vec![("kind".into(), "pet".into())]],
                }],
            }),
        );
        let a = api(vec![pet.clone(), union.clone()]);
        let samples = model_samples(&a, &pet);
        assert_eq!(samples[0].value, json!({"name": "text", "age": 7, "owner": "text"}));
        assert_eq!(samples[1].value, json!({"name": "text", "owner": null}));
        let samples = model_samples(&a, &union);
        assert_eq!(samples[0].value["kind"], "pet");
        assert_eq!(samples[0].known, Some(true));
    }

    #[test]
    fn a_model_that_requires_itself_still_has_a_finite_sample() {
        let node = model(
            "node",
            ModelKind::Struct {
                fields: vec![field("next", Type::Model("node".into()), true, false)],
                additional: None,
            },
        );
        let a = api(vec![node.clone()]);
        let samples = model_samples(&a, &node);
        assert!(samples[0].value.to_string().contains("null"), "{}", samples[0].value);
    }
}
