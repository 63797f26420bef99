//! Query strings for list methods (node-appwrite's `Query`).
//!
//! A [`Query`] is the JSON string node-appwrite 23.1.0's `Query` helpers produce, byte for byte:
//! keys in the order `method`, `attribute`, `values`; numbers printed as JavaScript prints them
//! (`1`, `3.5`, `1e+21`); strings escaped as node-appwrite's `json-bigint` escapes them.

use std::borrow::Borrow;
use std::fmt;

/// A query for the list methods: the JSON string node-appwrite's `Query` helpers make.
///
/// Build one with the associated function named after node's helper, in snake case
/// (`Query.greaterThan` is [`Query::greater_than`]). Every list method takes queries as strings,
/// and a `Query` converts into a `String`, so queries can be passed directly:
///
/// ```
/// use appwrite_server_sdk::Query;
/// use appwrite_server_sdk::services::account::ListLogsParams;
///
/// let params: ListLogsParams = ListLogsParams::builder()
///     .queries([Query::limit(5), Query::offset(10)])
///     .into();
/// assert_eq!(
///     params.queries,
///     Some(vec![
///         r#"{"method":"limit","values":[5]}"#.to_owned(),
///         r#"{"method":"offset","values":[10]}"#.to_owned(),
///     ]),
/// );
/// ```
///
/// ```no_run
/// use appwrite_server_sdk::{Client, Query};
/// use appwrite_server_sdk::services::account::ListLogsParams;
///
/// # async fn example() -> appwrite_server_sdk::Result<()> {
/// let client = Client::builder()
///     .endpoint("https://cloud.appwrite.io/v1")
///     .project("<PROJECT_ID>")
///     .key("<API_KEY>")
///     .build()?;
/// let logs = client
///     .account()
///     .list_logs(ListLogsParams::builder().queries([Query::limit(5), Query::offset(10)]))
///     .await?;
/// println!("{logs:?}");
/// # Ok(())
/// # }
/// ```
///
/// # Values
///
/// Filters such as [`Query::equal`] take one value or a list of values: a `&str`, `String`,
/// `bool`, any integer (printed in full, as node prints a `BigInt`), `f64` (printed as
/// JavaScript prints numbers: `1`, `3.5`, `1e+21`; NaN and infinities as `null`), `f32` (printed
/// the same way from its own shortest digits: `1.1f32` as `1.1`) or a `serde_json::Value` (an
/// array is the list of values, as in node), or an array, `Vec` or slice of those:
///
/// ```
/// use appwrite_server_sdk::Query;
///
/// assert_eq!(Query::equal("title", "Avatar"), r#"{"method":"equal","attribute":"title","values":["Avatar"]}"#);
/// assert_eq!(Query::equal("title", ["a", "b"]), r#"{"method":"equal","attribute":"title","values":["a","b"]}"#);
/// assert_eq!(Query::equal("year", 1999), r#"{"method":"equal","attribute":"year","values":[1999]}"#);
/// assert_eq!(Query::equal("score", vec![1.0, 2.5]), r#"{"method":"equal","attribute":"score","values":[1,2.5]}"#);
/// ```
///
/// The geometry of the spatial filters ([`Query::intersects`], [`Query::distance_less_than`], …)
/// is a point `[x, y]`, a line `[[x, y], …]` or a polygon `[[[x, y], …], …]` as nested arrays,
/// `Vec`s or slices of numbers, or a `serde_json::Value`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Query(String);

impl Query {
    /// The query string.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::limit(25).as_str(), r#"{"method":"limit","values":[25]}"#);
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The query string, taken out of the `Query`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// let query: String = Query::order_random().into_string();
    /// assert_eq!(query, r#"{"method":"orderRandom"}"#);
    /// ```
    pub fn into_string(self) -> String {
        self.0
    }

    /// Filter resources where `attribute` is equal to `value` (or to any of the values in a list).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::equal("title", ["a", "b"]), r#"{"method":"equal","attribute":"title","values":["a","b"]}"#);
    /// assert_eq!(Query::equal("published", true), r#"{"method":"equal","attribute":"published","values":[true]}"#);
    /// ```
    pub fn equal(attribute: impl AsRef<str>, value: impl QueryValues) -> Self {
        filter("equal", attribute.as_ref(), &value)
    }

    /// Filter resources where `attribute` is not equal to `value` (nor to any of the values in a
    /// list).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::not_equal("year", [1999, 2000]), r#"{"method":"notEqual","attribute":"year","values":[1999,2000]}"#);
    /// ```
    pub fn not_equal(attribute: impl AsRef<str>, value: impl QueryValues) -> Self {
        filter("notEqual", attribute.as_ref(), &value)
    }

    /// Filter resources where `attribute` matches the regular expression `pattern`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::regex("name", "^A.*z$"), r#"{"method":"regex","attribute":"name","values":["^A.*z$"]}"#);
    /// ```
    pub fn regex(attribute: impl AsRef<str>, pattern: impl AsRef<str>) -> Self {
        filter("regex", attribute.as_ref(), pattern.as_ref())
    }

    /// Filter resources where `attribute` is less than `value`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::less_than("price", 9.99), r#"{"method":"lessThan","attribute":"price","values":[9.99]}"#);
    /// ```
    pub fn less_than(attribute: impl AsRef<str>, value: impl QueryValues) -> Self {
        filter("lessThan", attribute.as_ref(), &value)
    }

    /// Filter resources where `attribute` is less than or equal to `value`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::less_than_equal("year", 2000), r#"{"method":"lessThanEqual","attribute":"year","values":[2000]}"#);
    /// ```
    pub fn less_than_equal(attribute: impl AsRef<str>, value: impl QueryValues) -> Self {
        filter("lessThanEqual", attribute.as_ref(), &value)
    }

    /// Filter resources where `attribute` is greater than `value`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::greater_than("price", -1.5), r#"{"method":"greaterThan","attribute":"price","values":[-1.5]}"#);
    /// ```
    pub fn greater_than(attribute: impl AsRef<str>, value: impl QueryValues) -> Self {
        filter("greaterThan", attribute.as_ref(), &value)
    }

    /// Filter resources where `attribute` is greater than or equal to `value`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::greater_than_equal("name", "a"), r#"{"method":"greaterThanEqual","attribute":"name","values":["a"]}"#);
    /// ```
    pub fn greater_than_equal(attribute: impl AsRef<str>, value: impl QueryValues) -> Self {
        filter("greaterThanEqual", attribute.as_ref(), &value)
    }

    /// Filter resources where `attribute` is null.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::is_null("deletedAt"), r#"{"method":"isNull","attribute":"deletedAt"}"#);
    /// ```
    pub fn is_null(attribute: impl AsRef<str>) -> Self {
        Builder::new("isNull", Some(attribute.as_ref())).finish()
    }

    /// Filter resources where `attribute` is not null.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::is_not_null("deletedAt"), r#"{"method":"isNotNull","attribute":"deletedAt"}"#);
    /// ```
    pub fn is_not_null(attribute: impl AsRef<str>) -> Self {
        Builder::new("isNotNull", Some(attribute.as_ref())).finish()
    }

    /// Filter resources where all the given attributes exist.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::exists(["title", "year"]), r#"{"method":"exists","values":["title","year"]}"#);
    /// ```
    pub fn exists(attributes: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        strings("exists", attributes)
    }

    /// Filter resources where none of the given attributes exist.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::not_exists(["legacyField"]), r#"{"method":"notExists","values":["legacyField"]}"#);
    /// ```
    pub fn not_exists(attributes: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        strings("notExists", attributes)
    }

    /// Filter resources where `attribute` is between `start` and `end` (inclusive).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::between("year", 1990, 2000), r#"{"method":"between","attribute":"year","values":[1990,2000]}"#);
    /// assert_eq!(Query::between("name", "a", "m"), r#"{"method":"between","attribute":"name","values":["a","m"]}"#);
    /// ```
    pub fn between(attribute: impl AsRef<str>, start: impl QueryValue, end: impl QueryValue) -> Self {
        range("between", attribute.as_ref(), &start, &end)
    }

    /// Filter resources where `attribute` starts with `value`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::starts_with("title", "Ava"), r#"{"method":"startsWith","attribute":"title","values":["Ava"]}"#);
    /// ```
    pub fn starts_with(attribute: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        filter("startsWith", attribute.as_ref(), value.as_ref())
    }

    /// Filter resources where `attribute` ends with `value`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::ends_with("file", ".png"), r#"{"method":"endsWith","attribute":"file","values":[".png"]}"#);
    /// ```
    pub fn ends_with(attribute: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        filter("endsWith", attribute.as_ref(), value.as_ref())
    }

    /// Return only the given attributes.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::select(["title", "year"]), r#"{"method":"select","values":["title","year"]}"#);
    /// ```
    pub fn select(attributes: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        strings("select", attributes)
    }

    /// Filter resources by searching `attribute` for `value` (needs a fulltext index on
    /// `attribute`).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::search("content", "hello world"), r#"{"method":"search","attribute":"content","values":["hello world"]}"#);
    /// ```
    pub fn search(attribute: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        filter("search", attribute.as_ref(), value.as_ref())
    }

    /// Sort results by `attribute`, descending.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::order_desc("$createdAt"), r#"{"method":"orderDesc","attribute":"$createdAt"}"#);
    /// ```
    pub fn order_desc(attribute: impl AsRef<str>) -> Self {
        Builder::new("orderDesc", Some(attribute.as_ref())).finish()
    }

    /// Sort results by `attribute`, ascending.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::order_asc("title"), r#"{"method":"orderAsc","attribute":"title"}"#);
    /// ```
    pub fn order_asc(attribute: impl AsRef<str>) -> Self {
        Builder::new("orderAsc", Some(attribute.as_ref())).finish()
    }

    /// Sort results randomly.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::order_random(), r#"{"method":"orderRandom"}"#);
    /// ```
    pub fn order_random() -> Self {
        Builder::new("orderRandom", None).finish()
    }

    /// Return results after the resource with ID `document_id` (cursor pagination).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::cursor_after("doc-42"), r#"{"method":"cursorAfter","values":["doc-42"]}"#);
    /// ```
    pub fn cursor_after(document_id: impl AsRef<str>) -> Self {
        Builder::new("cursorAfter", None).values(document_id.as_ref())
    }

    /// Return results before the resource with ID `document_id` (cursor pagination).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::cursor_before("doc-42"), r#"{"method":"cursorBefore","values":["doc-42"]}"#);
    /// ```
    pub fn cursor_before(document_id: impl AsRef<str>) -> Self {
        Builder::new("cursorBefore", None).values(document_id.as_ref())
    }

    /// Return at most `limit` results.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::limit(25), r#"{"method":"limit","values":[25]}"#);
    /// ```
    pub fn limit(limit: u64) -> Self {
        Builder::new("limit", None).values(&limit)
    }

    /// Skip the first `offset` results.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::offset(100), r#"{"method":"offset","values":[100]}"#);
    /// ```
    pub fn offset(offset: u64) -> Self {
        Builder::new("offset", None).values(&offset)
    }

    /// Filter resources where `attribute` contains `value` (a substring of a string attribute),
    /// or any of the values in a list. For array attributes prefer [`Query::contains_any`] or
    /// [`Query::contains_all`].
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::contains("tags", "rust"), r#"{"method":"contains","attribute":"tags","values":["rust"]}"#);
    /// ```
    pub fn contains(attribute: impl AsRef<str>, value: impl QueryValues) -> Self {
        filter("contains", attribute.as_ref(), &value)
    }

    /// Filter resources where the array or relationship `attribute` contains at least one of
    /// `values`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::contains_any("tags", ["rust", "go"]), r#"{"method":"containsAny","attribute":"tags","values":["rust","go"]}"#);
    /// ```
    pub fn contains_any(attribute: impl AsRef<str>, values: impl QueryValues) -> Self {
        filter("containsAny", attribute.as_ref(), &values)
    }

    /// Filter resources where the array or relationship `attribute` contains every one of
    /// `values`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::contains_all("flags", [true]), r#"{"method":"containsAll","attribute":"flags","values":[true]}"#);
    /// ```
    pub fn contains_all(attribute: impl AsRef<str>, values: impl QueryValues) -> Self {
        filter("containsAll", attribute.as_ref(), &values)
    }

    /// Filter resources where `attribute` does not contain `value` (nor any of the values in a
    /// list).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::not_contains("tags", ["spam", "ads"]), r#"{"method":"notContains","attribute":"tags","values":["spam","ads"]}"#);
    /// ```
    pub fn not_contains(attribute: impl AsRef<str>, value: impl QueryValues) -> Self {
        filter("notContains", attribute.as_ref(), &value)
    }

    /// Filter resources where a fulltext search of `attribute` for `value` does not match (the
    /// inverse of [`Query::search`]).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::not_search("content", "spam"), r#"{"method":"notSearch","attribute":"content","values":["spam"]}"#);
    /// ```
    pub fn not_search(attribute: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        filter("notSearch", attribute.as_ref(), value.as_ref())
    }

    /// Filter resources where `attribute` is not between `start` and `end`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::not_between("year", 1990, 2000), r#"{"method":"notBetween","attribute":"year","values":[1990,2000]}"#);
    /// ```
    pub fn not_between(attribute: impl AsRef<str>, start: impl QueryValue, end: impl QueryValue) -> Self {
        range("notBetween", attribute.as_ref(), &start, &end)
    }

    /// Filter resources where `attribute` does not start with `value`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::not_starts_with("title", "The "), r#"{"method":"notStartsWith","attribute":"title","values":["The "]}"#);
    /// ```
    pub fn not_starts_with(attribute: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        filter("notStartsWith", attribute.as_ref(), value.as_ref())
    }

    /// Filter resources where `attribute` does not end with `value`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::not_ends_with("file", ".tmp"), r#"{"method":"notEndsWith","attribute":"file","values":[".tmp"]}"#);
    /// ```
    pub fn not_ends_with(attribute: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        filter("notEndsWith", attribute.as_ref(), value.as_ref())
    }

    /// Filter resources created before the date `value` (`lessThan` on `$createdAt`).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::created_before("2024-06-01"), r#"{"method":"lessThan","attribute":"$createdAt","values":["2024-06-01"]}"#);
    /// ```
    pub fn created_before(value: impl AsRef<str>) -> Self {
        Self::less_than("$createdAt", value.as_ref())
    }

    /// Filter resources created after the date `value` (`greaterThan` on `$createdAt`).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::created_after("2024-06-01"), r#"{"method":"greaterThan","attribute":"$createdAt","values":["2024-06-01"]}"#);
    /// ```
    pub fn created_after(value: impl AsRef<str>) -> Self {
        Self::greater_than("$createdAt", value.as_ref())
    }

    /// Filter resources created between the dates `start` and `end` (`between` on `$createdAt`).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::created_between("2024-01-01", "2024-06-30"),
    ///     r#"{"method":"between","attribute":"$createdAt","values":["2024-01-01","2024-06-30"]}"#,
    /// );
    /// ```
    pub fn created_between(start: impl AsRef<str>, end: impl AsRef<str>) -> Self {
        Self::between("$createdAt", start.as_ref(), end.as_ref())
    }

    /// Filter resources updated before the date `value` (`lessThan` on `$updatedAt`).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::updated_before("2024-06-01"), r#"{"method":"lessThan","attribute":"$updatedAt","values":["2024-06-01"]}"#);
    /// ```
    pub fn updated_before(value: impl AsRef<str>) -> Self {
        Self::less_than("$updatedAt", value.as_ref())
    }

    /// Filter resources updated after the date `value` (`greaterThan` on `$updatedAt`).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(Query::updated_after("2024-06-01"), r#"{"method":"greaterThan","attribute":"$updatedAt","values":["2024-06-01"]}"#);
    /// ```
    pub fn updated_after(value: impl AsRef<str>) -> Self {
        Self::greater_than("$updatedAt", value.as_ref())
    }

    /// Filter resources updated between the dates `start` and `end` (`between` on `$updatedAt`).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::updated_between("2024-01-01", "2024-06-30"),
    ///     r#"{"method":"between","attribute":"$updatedAt","values":["2024-01-01","2024-06-30"]}"#,
    /// );
    /// ```
    pub fn updated_between(start: impl AsRef<str>, end: impl AsRef<str>) -> Self {
        Self::between("$updatedAt", start.as_ref(), end.as_ref())
    }

    /// Match resources that match any of `queries` (logical OR). The queries are embedded as
    /// JSON objects.
    ///
    /// node-appwrite re-parses the queries with `json-bigint`, which throws on a number written
    /// with more than 15 characters that is not an integer (such as `0.30000000000000004`); here
    /// such a query is embedded like any other.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::or([Query::equal("title", "Avatar"), Query::less_than("year", 2000)]),
    ///     r#"{"method":"or","values":[{"method":"equal","attribute":"title","values":["Avatar"]},{"method":"lessThan","attribute":"year","values":[2000]}]}"#,
    /// );
    /// ```
    pub fn or(queries: impl IntoIterator<Item = impl Borrow<Query>>) -> Self {
        Builder::new("or", None).queries(queries)
    }

    /// Match resources that match all of `queries` (logical AND). The queries are embedded as
    /// JSON objects.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::and([Query::is_null("a"), Query::select(["x"])]),
    ///     r#"{"method":"and","values":[{"method":"isNull","attribute":"a"},{"method":"select","values":["x"]}]}"#,
    /// );
    /// ```
    pub fn and(queries: impl IntoIterator<Item = impl Borrow<Query>>) -> Self {
        Builder::new("and", None).queries(queries)
    }

    /// Filter resources whose array `attribute` has at least one element matching all of
    /// `queries`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::elem_match("items", [Query::equal("sku", "A1"), Query::greater_than("qty", 2)]),
    ///     r#"{"method":"elemMatch","attribute":"items","values":[{"method":"equal","attribute":"sku","values":["A1"]},{"method":"greaterThan","attribute":"qty","values":[2]}]}"#,
    /// );
    /// ```
    pub fn elem_match(attribute: impl AsRef<str>, queries: impl IntoIterator<Item = impl Borrow<Query>>) -> Self {
        Builder::new("elemMatch", Some(attribute.as_ref())).queries(queries)
    }

    /// Filter resources where the spatial `attribute` is at exactly `distance` from the geometry
    /// `values`; `meters` says whether the distance is in meters (node's default, `true`) rather
    /// than in the units of the coordinates.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::distance_equal("location", [-73.9857, 40.7484], 1000, true),
    ///     r#"{"method":"distanceEqual","attribute":"location","values":[[[-73.9857,40.7484],1000,true]]}"#,
    /// );
    /// ```
    pub fn distance_equal(
        attribute: impl AsRef<str>,
        values: impl QueryGeometry,
        distance: impl QueryNumber,
        meters: bool,
    ) -> Self {
        distance_filter("distanceEqual", attribute.as_ref(), &values, &distance, meters)
    }

    /// Filter resources where the spatial `attribute` is not at `distance` from the geometry
    /// `values` (see [`Query::distance_equal`]).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::distance_not_equal("location", [-73.9857, 40.7484], 2, false),
    ///     r#"{"method":"distanceNotEqual","attribute":"location","values":[[[-73.9857,40.7484],2,false]]}"#,
    /// );
    /// ```
    pub fn distance_not_equal(
        attribute: impl AsRef<str>,
        values: impl QueryGeometry,
        distance: impl QueryNumber,
        meters: bool,
    ) -> Self {
        distance_filter("distanceNotEqual", attribute.as_ref(), &values, &distance, meters)
    }

    /// Filter resources where the spatial `attribute` is farther than `distance` from the
    /// geometry `values` (see [`Query::distance_equal`]).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::distance_greater_than("location", [-73.9857, 40.7484], 0.5, false),
    ///     r#"{"method":"distanceGreaterThan","attribute":"location","values":[[[-73.9857,40.7484],0.5,false]]}"#,
    /// );
    /// ```
    pub fn distance_greater_than(
        attribute: impl AsRef<str>,
        values: impl QueryGeometry,
        distance: impl QueryNumber,
        meters: bool,
    ) -> Self {
        distance_filter("distanceGreaterThan", attribute.as_ref(), &values, &distance, meters)
    }

    /// Filter resources where the spatial `attribute` is closer than `distance` to the geometry
    /// `values` (see [`Query::distance_equal`]).
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::distance_less_than("location", [-73.9857, 40.7484], 500, true),
    ///     r#"{"method":"distanceLessThan","attribute":"location","values":[[[-73.9857,40.7484],500,true]]}"#,
    /// );
    /// ```
    pub fn distance_less_than(
        attribute: impl AsRef<str>,
        values: impl QueryGeometry,
        distance: impl QueryNumber,
        meters: bool,
    ) -> Self {
        distance_filter("distanceLessThan", attribute.as_ref(), &values, &distance, meters)
    }

    /// Filter resources where the spatial `attribute` intersects the geometry `values`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::intersects("route", [[1, 2], [3, 4]]),
    ///     r#"{"method":"intersects","attribute":"route","values":[[[1,2],[3,4]]]}"#,
    /// );
    /// ```
    pub fn intersects(attribute: impl AsRef<str>, values: impl QueryGeometry) -> Self {
        geometry_filter("intersects", attribute.as_ref(), &values)
    }

    /// Filter resources where the spatial `attribute` does not intersect the geometry `values`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::not_intersects("location", [-73.9857, 40.7484]),
    ///     r#"{"method":"notIntersects","attribute":"location","values":[[-73.9857,40.7484]]}"#,
    /// );
    /// ```
    pub fn not_intersects(attribute: impl AsRef<str>, values: impl QueryGeometry) -> Self {
        geometry_filter("notIntersects", attribute.as_ref(), &values)
    }

    /// Filter resources where the spatial `attribute` crosses the geometry `values`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::crosses("route", vec![vec![1.0, 2.0], vec![3.0, 4.5]]),
    ///     r#"{"method":"crosses","attribute":"route","values":[[[1,2],[3,4.5]]]}"#,
    /// );
    /// ```
    pub fn crosses(attribute: impl AsRef<str>, values: impl QueryGeometry) -> Self {
        geometry_filter("crosses", attribute.as_ref(), &values)
    }

    /// Filter resources where the spatial `attribute` does not cross the geometry `values`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::not_crosses("route", [[1, 2], [3, 4]]),
    ///     r#"{"method":"notCrosses","attribute":"route","values":[[[1,2],[3,4]]]}"#,
    /// );
    /// ```
    pub fn not_crosses(attribute: impl AsRef<str>, values: impl QueryGeometry) -> Self {
        geometry_filter("notCrosses", attribute.as_ref(), &values)
    }

    /// Filter resources where the spatial `attribute` overlaps the geometry `values`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// let square = [[[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]];
    /// assert_eq!(
    ///     Query::overlaps("area", square),
    ///     r#"{"method":"overlaps","attribute":"area","values":[[[[0,0],[0,10],[10,10],[10,0],[0,0]]]]}"#,
    /// );
    /// ```
    pub fn overlaps(attribute: impl AsRef<str>, values: impl QueryGeometry) -> Self {
        geometry_filter("overlaps", attribute.as_ref(), &values)
    }

    /// Filter resources where the spatial `attribute` does not overlap the geometry `values`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::not_overlaps("location", serde_json::json!([-73.9857, 40.7484])),
    ///     r#"{"method":"notOverlaps","attribute":"location","values":[[-73.9857,40.7484]]}"#,
    /// );
    /// ```
    pub fn not_overlaps(attribute: impl AsRef<str>, values: impl QueryGeometry) -> Self {
        geometry_filter("notOverlaps", attribute.as_ref(), &values)
    }

    /// Filter resources where the spatial `attribute` touches the geometry `values`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::touches("location", [-73.9857, 40.7484]),
    ///     r#"{"method":"touches","attribute":"location","values":[[-73.9857,40.7484]]}"#,
    /// );
    /// ```
    pub fn touches(attribute: impl AsRef<str>, values: impl QueryGeometry) -> Self {
        geometry_filter("touches", attribute.as_ref(), &values)
    }

    /// Filter resources where the spatial `attribute` does not touch the geometry `values`.
    ///
    /// ```
    /// use appwrite_server_sdk::Query;
    ///
    /// assert_eq!(
    ///     Query::not_touches("route", [[1, 2], [3, 4]]),
    ///     r#"{"method":"notTouches","attribute":"route","values":[[[1,2],[3,4]]]}"#,
    /// );
    /// ```
    pub fn not_touches(attribute: impl AsRef<str>, values: impl QueryGeometry) -> Self {
        geometry_filter("notTouches", attribute.as_ref(), &values)
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Query> for String {
    fn from(query: Query) -> Self {
        query.0
    }
}

impl AsRef<str> for Query {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Query {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Query {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Query {
    fn eq(&self, other: &String) -> bool {
        self.0 == *other
    }
}

impl serde::Serialize for Query {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Seals the value traits: only this crate implements them.
mod sealed {
    /// Implemented by the types the value traits are implemented for.
    pub trait Sealed {}
}

/// One value of a query filter: a `&str`, `String`, `bool`, integer, `f32`/`f64` or
/// `serde_json::Value`.
///
/// Integers are printed in full; floats as JavaScript prints numbers (`1`, `3.5`, `1e+21`;
/// NaN and infinities as `null`), an `f32` from its own shortest digits (`1.1f32` as `1.1`).
pub trait QueryValue: sealed::Sealed {
    /// Appends the value as JSON.
    #[doc(hidden)]
    fn write_value(&self, out: &mut String);
}

/// The values of a query filter: one [`QueryValue`], or an array, `Vec` or slice of them.
///
/// A `serde_json::Value` array is the list of its elements, as a JavaScript array is in node.
pub trait QueryValues: sealed::Sealed {
    /// Appends the values as a JSON array.
    #[doc(hidden)]
    fn write_values(&self, out: &mut String);
}

/// A number: any integer, `f32` or `f64`.
pub trait QueryNumber: sealed::Sealed {
    /// Appends the number as JSON, as JavaScript prints it.
    #[doc(hidden)]
    fn write_number(&self, out: &mut String);
}

/// A geometry for the spatial filters: numbers nested in arrays, `Vec`s or slices (a point
/// `[x, y]`, a line `[[x, y], …]`, a polygon `[[[x, y], …], …]`), or a `serde_json::Value`.
pub trait QueryGeometry: sealed::Sealed {
    /// Appends the geometry as JSON.
    #[doc(hidden)]
    fn write_geometry(&self, out: &mut String);
}

impl<T: sealed::Sealed + ?Sized> sealed::Sealed for &T {}
impl<T: sealed::Sealed> sealed::Sealed for Vec<T> {}
impl<T: sealed::Sealed, const N: usize> sealed::Sealed for [T; N] {}
impl<T: sealed::Sealed> sealed::Sealed for [T] {}
impl sealed::Sealed for str {}
impl sealed::Sealed for String {}
impl sealed::Sealed for bool {}
impl sealed::Sealed for serde_json::Value {}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn write_value(&self, out: &mut String) {
        (**self).write_value(out);
    }
}

impl<T: QueryValues + ?Sized> QueryValues for &T {
    fn write_values(&self, out: &mut String) {
        (**self).write_values(out);
    }
}

impl<T: QueryNumber + ?Sized> QueryNumber for &T {
    fn write_number(&self, out: &mut String) {
        (**self).write_number(out);
    }
}

impl<T: QueryGeometry + ?Sized> QueryGeometry for &T {
    fn write_geometry(&self, out: &mut String) {
        (**self).write_geometry(out);
    }
}

impl<T: QueryValue> QueryValues for [T] {
    fn write_values(&self, out: &mut String) {
        write_array(out, self, |out, v| v.write_value(out));
    }
}

impl<T: QueryValue> QueryValues for Vec<T> {
    fn write_values(&self, out: &mut String) {
        self.as_slice().write_values(out);
    }
}

impl<T: QueryValue, const N: usize> QueryValues for [T; N] {
    fn write_values(&self, out: &mut String) {
        self.as_slice().write_values(out);
    }
}

impl<T: QueryGeometry> QueryGeometry for [T] {
    fn write_geometry(&self, out: &mut String) {
        write_array(out, self, |out, v| v.write_geometry(out));
    }
}

impl<T: QueryGeometry> QueryGeometry for Vec<T> {
    fn write_geometry(&self, out: &mut String) {
        self.as_slice().write_geometry(out);
    }
}

impl<T: QueryGeometry, const N: usize> QueryGeometry for [T; N] {
    fn write_geometry(&self, out: &mut String) {
        self.as_slice().write_geometry(out);
    }
}

/// Implements the value traits for the number types `$t`, written by `$write`.
macro_rules! numbers {
    ($write:ident: $($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl QueryNumber for $t { fn write_number(&self, out: &mut String) { $write(out, *self) } }
        impl QueryValue for $t { fn write_value(&self, out: &mut String) { $write(out, *self) } }
        impl QueryValues for $t { fn write_values(&self, out: &mut String) { write_one(out, self) } }
        impl QueryGeometry for $t { fn write_geometry(&self, out: &mut String) { $write(out, *self) } }
    )*};
}

numbers!(write_integer: i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);
numbers!(write_f32: f32);
numbers!(write_f64: f64);

/// Writes an integer in full (as node writes a `BigInt`).
fn write_integer(out: &mut String, value: impl fmt::Display) {
    out.push_str(&value.to_string());
}

/// Writes an `f64` as JavaScript prints the number; NaN and infinities as `null`.
fn write_f64(out: &mut String, value: f64) {
    if !value.is_finite() {
        out.push_str("null");
        return;
    }
    let magnitude = value.abs();
    let (digits, exponent) = shortest_digits(
        &format!("{magnitude:e}"),
        |candidate| candidate.parse::<f64>().is_ok_and(|parsed| parsed == magnitude),
        || format!("{magnitude:.767e}"),
    );
    write_js_number(out, value.is_sign_negative(), &digits, exponent);
}

/// Writes an `f32` as JavaScript would print the number its shortest digits denote
/// (`1.1f32` as `1.1`); NaN and infinities as `null`.
fn write_f32(out: &mut String, value: f32) {
    if !value.is_finite() {
        out.push_str("null");
        return;
    }
    let magnitude = value.abs();
    let (digits, exponent) = shortest_digits(
        &format!("{magnitude:e}"),
        |candidate| candidate.parse::<f32>().is_ok_and(|parsed| parsed == magnitude),
        || format!("{magnitude:.767e}"),
    );
    write_js_number(out, value.is_sign_negative(), &digits, exponent);
}

/// Writes the list of the one value `value`.
fn write_one(out: &mut String, value: &(impl QueryValue + ?Sized)) {
    out.push('[');
    value.write_value(out);
    out.push(']');
}

impl QueryValue for str {
    fn write_value(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl QueryValue for String {
    fn write_value(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl QueryValue for bool {
    fn write_value(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl QueryValue for serde_json::Value {
    fn write_value(&self, out: &mut String) {
        write_json(out, self);
    }
}

impl QueryValues for str {
    fn write_values(&self, out: &mut String) {
        write_one(out, self);
    }
}

impl QueryValues for String {
    fn write_values(&self, out: &mut String) {
        write_one(out, self);
    }
}

impl QueryValues for bool {
    fn write_values(&self, out: &mut String) {
        write_one(out, self);
    }
}

impl QueryValues for serde_json::Value {
    fn write_values(&self, out: &mut String) {
        match self {
            serde_json::Value::Array(items) => items.write_values(out),
            other => write_one(out, other),
        }
    }
}

impl QueryGeometry for serde_json::Value {
    fn write_geometry(&self, out: &mut String) {
        write_json(out, self);
    }
}

/// Writes a query as node's `new Query(method, attribute, values).toString()` does.
struct Builder(String);

impl Builder {
    /// Starts the object with its `method` and, when given, its `attribute`.
    fn new(method: &str, attribute: Option<&str>) -> Self {
        let mut out = String::with_capacity(64);
        out.push_str("{\"method\":");
        write_str(&mut out, method);
        if let Some(attribute) = attribute {
            out.push_str(",\"attribute\":");
            write_str(&mut out, attribute);
        }
        Builder(out)
    }

    /// Ends a query without values.
    fn finish(mut self) -> Query {
        self.0.push('}');
        Query(self.0)
    }

    /// Ends a query with `values`, written by `write` (which writes the whole JSON array).
    fn values_with(mut self, write: impl FnOnce(&mut String)) -> Query {
        self.0.push_str(",\"values\":");
        write(&mut self.0);
        self.finish()
    }

    /// Ends a query with `values`.
    fn values(self, values: &(impl QueryValues + ?Sized)) -> Query {
        self.values_with(|out| values.write_values(out))
    }

    /// Ends a query whose values are other queries, embedded as JSON objects.
    fn queries(self, queries: impl IntoIterator<Item = impl Borrow<Query>>) -> Query {
        self.values_with(|out| {
            out.push('[');
            for (i, query) in queries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(query.borrow().as_str());
            }
            out.push(']');
        })
    }
}

/// A query with an attribute and values.
fn filter(method: &str, attribute: &str, values: &(impl QueryValues + ?Sized)) -> Query {
    Builder::new(method, Some(attribute)).values(values)
}

/// A query whose values are the strings `items`, without an attribute.
fn strings(method: &str, items: impl IntoIterator<Item = impl AsRef<str>>) -> Query {
    Builder::new(method, None).values_with(|out| {
        out.push('[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(out, item.as_ref());
        }
        out.push(']');
    })
}

/// A query whose values are `[start, end]`.
fn range(method: &str, attribute: &str, start: &impl QueryValue, end: &impl QueryValue) -> Query {
    Builder::new(method, Some(attribute)).values_with(|out| {
        out.push('[');
        start.write_value(out);
        out.push(',');
        end.write_value(out);
        out.push(']');
    })
}

/// A query whose values are `[geometry]`.
fn geometry_filter(method: &str, attribute: &str, geometry: &impl QueryGeometry) -> Query {
    Builder::new(method, Some(attribute)).values_with(|out| {
        out.push('[');
        geometry.write_geometry(out);
        out.push(']');
    })
}

/// A query whose values are `[[geometry, distance, meters]]`.
fn distance_filter(
    method: &str,
    attribute: &str,
    geometry: &impl QueryGeometry,
    distance: &impl QueryNumber,
    meters: bool,
) -> Query {
    Builder::new(method, Some(attribute)).values_with(|out| {
        out.push_str("[[");
        geometry.write_geometry(out);
        out.push(',');
        distance.write_number(out);
        out.push_str(if meters { ",true]]" } else { ",false]]" });
    })
}

/// Writes `items` as a JSON array, each item written by `write`.
fn write_array<T>(out: &mut String, items: &[T], write: impl Fn(&mut String, &T)) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write(out, item);
    }
    out.push(']');
}

/// Writes `s` as a JSON string, escaping what `json-bigint`'s `quote` escapes: `"` and `\`,
/// control characters (`\b`, `\t`, `\n`, `\f`, `\r` by name), and as `\uXXXX` (lowercase hex)
/// U+007F–U+009F, U+00AD, U+0600–U+0604, U+070F, U+17B4, U+17B5, U+200C–U+200F,
/// U+2028–U+202F, U+2060–U+206F, U+FEFF and U+FFF0–U+FFFF. Everything else, `/` and non-ASCII
/// included, is written as is.
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{ad}'
            | '\u{600}'..='\u{604}'
            | '\u{70f}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{200c}'..='\u{200f}'
            | '\u{2028}'..='\u{202f}'
            | '\u{2060}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff0}'..='\u{ffff}' => {
                out.push_str("\\u");
                let code = u32::from(c);
                for shift in [12, 8, 4, 0] {
                    out.push(char::from_digit((code >> shift) & 0xf, 16).unwrap_or('0'));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Splits a number in Rust's scientific notation (`1.25e3`) into its digits (`125`) and its
/// exponent (`3`).
fn split_scientific(scientific: &str) -> (String, i64) {
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((scientific, "0"));
    let digits = mantissa.chars().filter(char::is_ascii_digit).collect();
    (digits, exponent.parse().unwrap_or(0))
}

/// The shortest digits and the exponent of a positive finite number, chosen as ECMAScript's
/// `Number::toString` chooses them.
///
/// `scientific` is Rust's shortest representation (`{:e}`): the fewest digits that read back as
/// the number, and among those the closest to it. When two candidates are equally close,
/// ECMAScript takes the one with the even last digit, Rust the larger. So when the neighbour
/// of Rust's last digit also `round_trips`, the exact value (`exact`: `{:.767e}`, every digit of
/// the number) decides: the candidate closer to it, the even one on a tie.
fn shortest_digits(
    scientific: &str,
    round_trips: impl Fn(&str) -> bool,
    exact: impl FnOnce() -> String,
) -> (String, i64) {
    let (digits, exponent) = split_scientific(scientific);
    let Some(last) = digits.bytes().last().filter(u8::is_ascii_digit).map(|b| b - b'0') else {
        return (digits, exponent);
    };
    let prefix = &digits[..digits.len() - 1];
    let with_last = |d: u8| format!("{prefix}{d}");
    let as_number = |digits: &str| {
        let (first, rest) = digits.split_at(1);
        if rest.is_empty() { format!("{first}e{exponent}") } else { format!("{first}.{rest}e{exponent}") }
    };
    let neighbour = [last.checked_sub(1), Some(last + 1).filter(|d| *d <= 9)]
        .into_iter()
        .flatten()
        .find(|d| round_trips(&as_number(&with_last(*d))));
    let Some(neighbour) = neighbour else {
        return (digits, exponent);
    };
    let (exact_digits, exact_exponent) = split_scientific(&exact());
    if exact_exponent != exponent {
        return (digits, exponent);
    }
    let low = last.min(neighbour);
    let midpoint = format!("{prefix}{low}5");
    let head = exact_digits.get(..midpoint.len()).unwrap_or(&exact_digits);
    let tail_is_zero = exact_digits.get(midpoint.len()..).is_none_or(|t| t.bytes().all(|b| b == b'0'));
    let chosen = match head.cmp(midpoint.as_str()) {
        std::cmp::Ordering::Less => low,
        std::cmp::Ordering::Greater => low + 1,
        std::cmp::Ordering::Equal if !tail_is_zero => low + 1,
        std::cmp::Ordering::Equal => {
            if low % 2 == 0 {
                low
            } else {
                low + 1
            }
        }
    };
    (with_last(chosen), exponent)
}

/// Writes a number given by its significant `digits` and `exponent` (value
/// `d.ddd × 10^exponent`) as ECMAScript's `Number::toString` does: `-1500`, `0.001`, `1e+21`,
/// `1.5e-7`; zero (either sign) as `0`.
fn write_js_number(out: &mut String, negative: bool, digits: &str, exponent: i64) {
    let digits = digits.trim_end_matches('0');
    if digits.is_empty() {
        out.push('0');
        return;
    }
    if negative {
        out.push('-');
    }
    let k = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    let n = exponent + 1;
    let zeros = |count: i64| "0".repeat(usize::try_from(count).unwrap_or(0));
    if k <= n && n <= 21 {
        out.push_str(digits);
        out.push_str(&zeros(n - k));
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(usize::try_from(n).unwrap_or(0));
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.push_str(&zeros(-n));
        out.push_str(digits);
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if n > 0 { '+' } else { '-' });
        out.push_str(&(n - 1).abs().to_string());
    }
}

/// Writes a `serde_json::Value` as `json-bigint`'s `stringify` writes the JavaScript value:
/// numbers as JavaScript prints them, strings escaped as [`write_str`] does, object keys that
/// are array indices first in ascending order and the other keys in the map's order.
fn write_json(out: &mut String, value: &serde_json::Value) {
    match value {
        serde_json::Value::Null => out.push_str("null"),
        serde_json::Value::Bool(b) => b.write_value(out),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                write_integer(out, i);
            } else if let Some(u) = n.as_u64() {
                write_integer(out, u);
            } else {
                write_f64(out, n.as_f64().unwrap_or(f64::NAN));
            }
        }
        serde_json::Value::String(s) => write_str(out, s),
        serde_json::Value::Array(items) => write_array(out, items, write_json),
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(&String, &serde_json::Value)> = map.iter().collect();
            entries.sort_by_key(|(key, _)| array_index(key).map_or((1, 0), |i| (0, i)));
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, key);
                out.push(':');
                write_json(out, value);
            }
            out.push('}');
        }
    }
}

/// The array index `key` denotes in JavaScript (a canonical integer below 2³² − 1), which
/// JavaScript objects order before their other keys.
fn array_index(key: &str) -> Option<u32> {
    let index: u32 = key.parse().ok()?;
    (index != u32::MAX && index.to_string() == key).then_some(index)
}
