//! `Query` against node-appwrite 23.1.0: every entry of `tests/fixtures/node-appwrite-query.json`
//! (recorded by `tests/node-appwrite/query.mjs`) is replayed through the Rust function of the same
//! name, with the entry's arguments converted to ordinary Rust values, and the output must be
//! byte-identical to node's.

use std::collections::{BTreeSet, HashSet};

use appwrite_server_sdk::Query;
use serde_json::{Value, json};

/// Every static function of node-appwrite 23.1.0's `Query`.
const NODE_FUNCTIONS: [&str; 52] = [
    "and",
    "between",
    "containsAll",
    "containsAny",
    "contains",
    "createdAfter",
    "createdBefore",
    "createdBetween",
    "crosses",
    "cursorAfter",
    "cursorBefore",
    "distanceEqual",
    "distanceGreaterThan",
    "distanceLessThan",
    "distanceNotEqual",
    "elemMatch",
    "endsWith",
    "equal",
    "exists",
    "greaterThanEqual",
    "greaterThan",
    "intersects",
    "isNotNull",
    "isNull",
    "lessThanEqual",
    "lessThan",
    "limit",
    "notBetween",
    "notContains",
    "notCrosses",
    "notEndsWith",
    "notEqual",
    "notExists",
    "notIntersects",
    "notOverlaps",
    "notSearch",
    "notStartsWith",
    "notTouches",
    "offset",
    "orderAsc",
    "orderDesc",
    "orderRandom",
    "or",
    "overlaps",
    "regex",
    "search",
    "select",
    "startsWith",
    "touches",
    "updatedAfter",
    "updatedBefore",
    "updatedBetween",
];

fn fixture() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/node-appwrite-query.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    serde_json::from_str(&text).expect("fixture is a JSON array")
}

/// A fixture argument as the ordinary Rust value a caller would pass.
enum Values<'a> {
    Str(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    Strs(Vec<&'a str>),
    Ints(Vec<i64>),
    Floats(Vec<f64>),
    Bools(Vec<bool>),
}

fn scalar(v: &Value) -> Values<'_> {
    match v {
        Value::String(s) => Values::Str(s),
        Value::Bool(b) => Values::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Values::Int(i),
            None => Values::Float(n.as_f64().expect("finite number")),
        },
        other => panic!("not a scalar argument: {other}"),
    }
}

fn values(v: &Value) -> Values<'_> {
    let Value::Array(items) = v else { return scalar(v) };
    if items.iter().all(Value::is_string) {
        Values::Strs(items.iter().map(|i| i.as_str().unwrap()).collect())
    } else if items.iter().all(Value::is_boolean) {
        Values::Bools(items.iter().map(|i| i.as_bool().unwrap()).collect())
    } else if items.iter().all(Value::is_i64) {
        Values::Ints(items.iter().map(|i| i.as_i64().unwrap()).collect())
    } else if items.iter().all(Value::is_number) {
        Values::Floats(items.iter().map(|i| i.as_f64().unwrap()).collect())
    } else {
        panic!("mixed array argument: {v}")
    }
}

/// Calls `$f` with the converted values bound to `$x` (each arm has its own Rust type).
macro_rules! with_values {
    ($v:expr, |$x:ident| $call:expr) => {
        match $v {
            Values::Str($x) => $call,
            Values::Int($x) => $call,
            Values::Float($x) => $call,
            Values::Bool($x) => $call,
            Values::Strs($x) => $call,
            Values::Ints($x) => $call,
            Values::Floats($x) => $call,
            Values::Bools($x) => $call,
        }
    };
}

/// Calls `$f` with a single converted value (strings, integers or floats).
macro_rules! with_scalar {
    ($v:expr, |$x:ident| $call:expr) => {
        match scalar($v) {
            Values::Str($x) => $call,
            Values::Int($x) => $call,
            Values::Float($x) => $call,
            Values::Bool($x) => $call,
            _ => unreachable!(),
        }
    };
}

/// A geometry as nested `Vec`s of `f64`: a point, a line or a polygon.
enum Geometry {
    Point(Vec<f64>),
    Line(Vec<Vec<f64>>),
    Polygon(Vec<Vec<Vec<f64>>>),
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().expect("array").iter().map(|n| n.as_f64().expect("number")).collect()
}

fn geometry(v: &Value) -> Geometry {
    let items = v.as_array().expect("geometry is an array");
    match items.first() {
        Some(Value::Array(inner)) if matches!(inner.first(), Some(Value::Array(_))) => {
            Geometry::Polygon(items.iter().map(|ring| ring.as_array().unwrap().iter().map(floats).collect()).collect())
        }
        Some(Value::Array(_)) => Geometry::Line(items.iter().map(floats).collect()),
        _ => Geometry::Point(floats(v)),
    }
}

macro_rules! with_geometry {
    ($v:expr, |$g:ident| $call:expr) => {{
        let by_vecs = match geometry($v) {
            Geometry::Point($g) => $call,
            Geometry::Line($g) => $call,
            Geometry::Polygon($g) => $call,
        };
        let $g = $v.clone();
        let by_value: Query = $call;
        assert_eq!(by_vecs, by_value, "geometry as Vec and as serde_json::Value");
        by_vecs
    }};
}

fn string(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}")).iter().map(string).collect()
}

fn number(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a non-negative integer: {v}"))
}

/// Nested queries: each argument is the string node's inner helper returned; rebuild it with the
/// Rust helpers (from its method, attribute and values) and check it matches first.
fn queries(v: &Value) -> Vec<Query> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|q| {
            let text = string(q);
            let rebuilt = rebuild(&serde_json::from_str(text).expect("nested query is JSON"));
            assert_eq!(rebuilt.as_str(), text, "rebuilt nested query");
            rebuilt
        })
        .collect()
}

/// The query object `q` rebuilt with the Rust helpers: the node call that produced it is
/// recovered from its method, attribute and values, then made through [`call`].
fn rebuild(q: &Value) -> Query {
    let method = q["method"].as_str().expect("method");
    let attribute = q.get("attribute").cloned();
    let values = q.get("values").cloned();
    let nested = |values: &Option<Value>| -> Vec<Query> {
        values.as_ref().unwrap().as_array().unwrap().iter().map(rebuild).collect()
    };
    let args: Vec<Value> = match method {
        "or" => return Query::or(nested(&values)),
        "and" => return Query::and(nested(&values)),
        "elemMatch" => return Query::elem_match(string(&attribute.unwrap()), nested(&values)),
        "between" | "notBetween" => {
            let v = values.unwrap();
            vec![attribute.unwrap(), v[0].clone(), v[1].clone()]
        }
        "exists" | "notExists" | "select" => vec![values.unwrap()],
        "cursorAfter" | "cursorBefore" | "limit" | "offset" => vec![values.unwrap()[0].clone()],
        m if m.starts_with("distance") => {
            let v = values.unwrap()[0].clone();
            vec![attribute.unwrap(), v[0].clone(), v[1].clone(), v[2].clone()]
        }
        "intersects" | "notIntersects" | "crosses" | "notCrosses" | "overlaps" | "notOverlaps" | "touches"
        | "notTouches" => vec![attribute.unwrap(), values.unwrap()[0].clone()],
        _ => attribute.into_iter().chain(values).collect(),
    };
    call(method, &args)
}

/// Calls the Rust function matching node's `Query[fn_name](...args)`.
fn call(fn_name: &str, args: &[Value]) -> Query {
    let arg = |i: usize| args.get(i).unwrap_or_else(|| panic!("{fn_name}: missing argument {i}"));
    let meters = || args.get(3).is_none_or(|m| m.as_bool().expect("meters is a bool"));
    let distance = |i: usize| arg(i).as_f64().expect("distance is a number");
    match fn_name {
        "equal" => with_values!(values(arg(1)), |v| Query::equal(string(arg(0)), v)),
        "notEqual" => with_values!(values(arg(1)), |v| Query::not_equal(string(arg(0)), v)),
        "regex" => Query::regex(string(arg(0)), string(arg(1))),
        "lessThan" => with_values!(values(arg(1)), |v| Query::less_than(string(arg(0)), v)),
        "lessThanEqual" => with_values!(values(arg(1)), |v| Query::less_than_equal(string(arg(0)), v)),
        "greaterThan" => with_values!(values(arg(1)), |v| Query::greater_than(string(arg(0)), v)),
        "greaterThanEqual" => with_values!(values(arg(1)), |v| Query::greater_than_equal(string(arg(0)), v)),
        "isNull" => Query::is_null(string(arg(0))),
        "isNotNull" => Query::is_not_null(string(arg(0))),
        "exists" => Query::exists(strings(arg(0))),
        "notExists" => Query::not_exists(strings(arg(0))),
        "between" => {
            with_scalar!(arg(1), |start| with_scalar!(arg(2), |end| Query::between(string(arg(0)), start, end)))
        }
        "startsWith" => Query::starts_with(string(arg(0)), string(arg(1))),
        "endsWith" => Query::ends_with(string(arg(0)), string(arg(1))),
        "select" => Query::select(strings(arg(0))),
        "search" => Query::search(string(arg(0)), string(arg(1))),
        "orderDesc" => Query::order_desc(string(arg(0))),
        "orderAsc" => Query::order_asc(string(arg(0))),
        "orderRandom" => {
            assert!(args.is_empty());
            Query::order_random()
        }
        "cursorAfter" => Query::cursor_after(string(arg(0))),
        "cursorBefore" => Query::cursor_before(string(arg(0))),
        "limit" => Query::limit(number(arg(0))),
        "offset" => Query::offset(number(arg(0))),
        "contains" => with_values!(values(arg(1)), |v| Query::contains(string(arg(0)), v)),
        "containsAny" => with_values!(values(arg(1)), |v| Query::contains_any(string(arg(0)), v)),
        "containsAll" => with_values!(values(arg(1)), |v| Query::contains_all(string(arg(0)), v)),
        "notContains" => with_values!(values(arg(1)), |v| Query::not_contains(string(arg(0)), v)),
        "notSearch" => Query::not_search(string(arg(0)), string(arg(1))),
        "notBetween" => {
            with_scalar!(arg(1), |start| with_scalar!(arg(2), |end| Query::not_between(string(arg(0)), start, end)))
        }
        "notStartsWith" => Query::not_starts_with(string(arg(0)), string(arg(1))),
        "notEndsWith" => Query::not_ends_with(string(arg(0)), string(arg(1))),
        "createdBefore" => Query::created_before(string(arg(0))),
        "createdAfter" => Query::created_after(string(arg(0))),
        "createdBetween" => Query::created_between(string(arg(0)), string(arg(1))),
        "updatedBefore" => Query::updated_before(string(arg(0))),
        "updatedAfter" => Query::updated_after(string(arg(0))),
        "updatedBetween" => Query::updated_between(string(arg(0)), string(arg(1))),
        "or" => Query::or(queries(arg(0))),
        "and" => Query::and(queries(arg(0))),
        "elemMatch" => Query::elem_match(string(arg(0)), queries(arg(1))),
        "distanceEqual" => {
            with_geometry!(arg(1), |g| Query::distance_equal(string(arg(0)), g, distance(2), meters()))
        }
        "distanceNotEqual" => {
            with_geometry!(arg(1), |g| Query::distance_not_equal(string(arg(0)), g, distance(2), meters()))
        }
        "distanceGreaterThan" => {
            with_geometry!(arg(1), |g| Query::distance_greater_than(string(arg(0)), g, distance(2), meters()))
        }
        "distanceLessThan" => {
            with_geometry!(arg(1), |g| Query::distance_less_than(string(arg(0)), g, distance(2), meters()))
        }
        "intersects" => with_geometry!(arg(1), |g| Query::intersects(string(arg(0)), g)),
        "notIntersects" => with_geometry!(arg(1), |g| Query::not_intersects(string(arg(0)), g)),
        "crosses" => with_geometry!(arg(1), |g| Query::crosses(string(arg(0)), g)),
        "notCrosses" => with_geometry!(arg(1), |g| Query::not_crosses(string(arg(0)), g)),
        "overlaps" => with_geometry!(arg(1), |g| Query::overlaps(string(arg(0)), g)),
        "notOverlaps" => with_geometry!(arg(1), |g| Query::not_overlaps(string(arg(0)), g)),
        "touches" => with_geometry!(arg(1), |g| Query::touches(string(arg(0)), g)),
        "notTouches" => with_geometry!(arg(1), |g| Query::not_touches(string(arg(0)), g)),
        other => panic!("fixture function `{other}` has no Rust counterpart"),
    }
}

#[test]
fn every_fixture_entry_matches_node_byte_for_byte() {
    let entries = fixture();
    assert!(!entries.is_empty());
    let mut exercised = BTreeSet::new();
    let mut failures = Vec::new();
    for entry in &entries {
        let fn_name = entry["fn"].as_str().expect("fn");
        let args = entry["args"].as_array().expect("args");
        let expected = entry["output"].as_str().expect("output");
        let actual = call(fn_name, args);
        if actual.as_str() != expected {
            failures.push(format!("{}\n  node: {expected}\n  rust: {actual}", entry["call"]));
        }
        exercised.insert(fn_name);
    }
    assert!(failures.is_empty(), "{} of {} entries differ:\n{}", failures.len(), entries.len(), failures.join("\n"));
    let all: BTreeSet<&str> = NODE_FUNCTIONS.into_iter().collect();
    assert_eq!(all.len(), 52);
    assert_eq!(exercised, all, "fixture functions vs node-appwrite's 52 Query functions");
}

/// Outputs of node-appwrite 23.1.0 (node 20) for values the fixture does not cover, including
/// ties between two shortest representations (JavaScript takes the even last digit).
#[test]
fn numbers_print_as_javascript_prints_them() {
    let cases: [(f64, &str); 20] = [
        (-(730985039035904.0 + 0.25), "-730985039035904.2"),
        (132642696756803.0 + 0.125, "132642696756803.12"),
        (1521815003540935.0 + 0.25, "1521815003540935.2"),
        (1.5e-323, "1.5e-323"),
        (1.0, "1"),
        (0.1, "0.1"),
        (1e21, "1e+21"),
        (1e-7, "1e-7"),
        (123456789012345680000.0, "123456789012345680000"),
        (0.000001, "0.000001"),
        (-0.0, "0"),
        (1.5e300, "1.5e+300"),
        (5e-324, "5e-324"),
        (f64::NAN, "null"),
        (f64::INFINITY, "null"),
        (9007199254740994.0, "9007199254740994"),
        (0.30000000000000004, "0.30000000000000004"),
        (100.0, "100"),
        (1e20, "100000000000000000000"),
        (123e-20, "1.23e-18"),
    ];
    for (value, printed) in cases {
        assert_eq!(
            Query::equal("x", value).as_str(),
            format!(r#"{{"method":"equal","attribute":"x","values":[{printed}]}}"#),
            "{value:?}"
        );
    }
    assert_eq!(Query::equal("x", -2.5e-7), r#"{"method":"equal","attribute":"x","values":[-2.5e-7]}"#);
    assert_eq!(Query::equal("x", 1.1f32), r#"{"method":"equal","attribute":"x","values":[1.1]}"#);
    assert_eq!(
        Query::equal("x", 12345678901234567890u64),
        r#"{"method":"equal","attribute":"x","values":[12345678901234567890]}"#
    );
    assert_eq!(Query::equal("x", i64::MIN), r#"{"method":"equal","attribute":"x","values":[-9223372036854775808]}"#);
}

#[test]
fn strings_are_escaped_as_json_bigint_escapes_them() {
    let input = "a\u{7f}\u{85}\u{ad}\u{2028}\u{feff}\u{1}\u{1f}\u{fff5} é\u{a0}/😀\u{8}\u{c}\r";
    assert_eq!(
        Query::equal("x", input),
        "{\"method\":\"equal\",\"attribute\":\"x\",\"values\":[\"a\\u007f\\u0085\\u00ad\\u2028\\ufeff\\u0001\\u001f\\ufff5 é\u{a0}/😀\\b\\f\\r\"]}"
    );
}

#[test]
fn accepts_the_natural_rust_types() {
    let expected = r#"{"method":"equal","attribute":"t","values":["a","b"]}"#;
    let owned = vec![String::from("a"), String::from("b")];
    let array = [String::from("a"), String::from("b")];
    assert_eq!(Query::equal("t", ["a", "b"]), expected);
    assert_eq!(Query::equal("t", &array), expected);
    assert_eq!(Query::equal("t", &array[..]), expected);
    assert_eq!(Query::equal("t", array), expected);
    assert_eq!(Query::equal("t", vec!["a", "b"]), expected);
    assert_eq!(Query::equal("t", &owned), expected);
    assert_eq!(Query::equal("t", owned.as_slice()), expected);
    assert_eq!(Query::equal("t", owned), expected);
    assert_eq!(Query::equal("t", json!(["a", "b"])), expected);
    assert_eq!(Query::equal(String::from("t"), vec![json!("a"), json!("b")]), expected);

    assert_eq!(Query::equal("t", String::from("a")), r#"{"method":"equal","attribute":"t","values":["a"]}"#);
    assert_eq!(Query::equal("t", json!("a")), r#"{"method":"equal","attribute":"t","values":["a"]}"#);
    assert_eq!(Query::equal("n", 7u8), r#"{"method":"equal","attribute":"n","values":[7]}"#);
    assert_eq!(Query::equal("n", [1u32, 2]), r#"{"method":"equal","attribute":"n","values":[1,2]}"#);
    assert_eq!(Query::equal("n", vec![1usize, 2]), r#"{"method":"equal","attribute":"n","values":[1,2]}"#);
    assert_eq!(Query::equal("n", [json!([1, 2])]), r#"{"method":"equal","attribute":"n","values":[[1,2]]}"#);
    assert_eq!(Query::between("n", 1.5, 2), r#"{"method":"between","attribute":"n","values":[1.5,2]}"#);
    assert_eq!(Query::select(vec![String::from("a")]), r#"{"method":"select","values":["a"]}"#);
    assert_eq!(Query::exists(Vec::<String>::new()), r#"{"method":"exists","values":[]}"#);
    assert_eq!(
        Query::intersects("p", [-73.9857f32, 40.7484]),
        r#"{"method":"intersects","attribute":"p","values":[[-73.9857,40.7484]]}"#
    );
    assert_eq!(
        Query::distance_less_than("p", vec![1.0, 2.0], 5u64, false),
        r#"{"method":"distanceLessThan","attribute":"p","values":[[[1,2],5,false]]}"#
    );

    let inner = [Query::is_null("a"), Query::is_null("b")];
    let expected =
        r#"{"method":"or","values":[{"method":"isNull","attribute":"a"},{"method":"isNull","attribute":"b"}]}"#;
    assert_eq!(Query::or(&inner), expected);
    assert_eq!(Query::or(inner.iter()), expected);
    assert_eq!(Query::or(inner.to_vec()), expected);
    assert_eq!(Query::or(Vec::<Query>::new()), r#"{"method":"or","values":[]}"#);
}

#[test]
fn json_objects_order_keys_as_javascript_does() {
    let value: Value = serde_json::from_str(r#"{"b":1,"a":2,"10":3,"2":4,"01":5}"#).unwrap();
    let query = Query::equal("x", value);
    let Some(rest) = query.as_str().strip_prefix(r#"{"method":"equal","attribute":"x","values":[{"2":4,"10":3,"#)
    else {
        panic!("index keys first: {query}");
    };
    let others: HashSet<&str> = rest.trim_end_matches("}]}").split(',').collect();
    assert_eq!(others, HashSet::from([r#""b":1"#, r#""a":2"#, r#""01":5"#]));
}

#[test]
fn query_is_a_string() {
    let query = Query::limit(5);
    let text = r#"{"method":"limit","values":[5]}"#;
    assert_eq!(query.as_str(), text);
    assert_eq!(query.to_string(), text);
    assert_eq!(format!("{query}"), text);
    assert_eq!(AsRef::<str>::as_ref(&query), text);
    assert_eq!(query, text);
    assert_eq!(query, *text);
    assert_eq!(query, text.to_owned());
    assert_eq!(serde_json::to_string(&query).unwrap(), serde_json::to_string(text).unwrap());
    assert_eq!(String::from(query.clone()), text);
    assert_eq!(query.clone().into_string(), text);
    let set: HashSet<Query> = [Query::limit(5), Query::limit(5), Query::offset(5)].into_iter().collect();
    assert_eq!(set.len(), 2);
    assert!(format!("{query:?}").contains("limit"));

    use appwrite_server_sdk::services::account::ListLogsParams;
    let params: ListLogsParams = ListLogsParams::builder().queries([Query::limit(5), Query::offset(10)]).into();
    assert_eq!(params.queries, Some(vec![text.to_owned(), r#"{"method":"offset","values":[10]}"#.to_owned()]));
}
