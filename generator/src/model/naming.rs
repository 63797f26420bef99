//! A method's name when `x-appwrite` does not give one: the `operationId` without its tag, or,
//! for an operation without any name, one made from the verb and path.

use super::HttpMethod;

/// Where a method's name comes from when `x-appwrite` does not give one: the `operationId`
/// without the tag it starts with (`fooGet` under tag `foo` → `get`).
pub fn name_from_operation_id(operation_id: &str, tag: &str) -> String {
    let lower = operation_id.to_ascii_lowercase();
    let tag_lower: String = tag.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    if !tag_lower.is_empty() && lower.starts_with(&tag_lower) {
        let rest = &operation_id[tag_lower.len()..];
        let boundary = rest.starts_with(|c: char| c.is_ascii_uppercase() || "_-. ".contains(c));
        let rest = rest.trim_start_matches(|c: char| "_-. ".contains(c));
        if boundary && rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return rest.to_owned();
        }
    }
    operation_id.to_owned()
}

/// A method name made from the verb and path, for an operation without any name.
pub(super) fn name_from_route(verb: HttpMethod, path: &str) -> String {
    let mut name = verb.as_str().to_ascii_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        let segment = segment.trim_start_matches('{').trim_end_matches('}');
        name.push('_');
        name.push_str(segment);
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_operation_ids_without_the_tag() {
        assert_eq!(name_from_operation_id("fooGet", "foo"), "Get");
        assert_eq!(name_from_operation_id("foo_get", "foo"), "get");
        assert_eq!(name_from_operation_id("footballGet", "foo"), "footballGet");
        assert_eq!(name_from_operation_id("foo", "foo"), "foo");
        assert_eq!(name_from_operation_id("disk_view", "disks"), "disk_view");
        assert_eq!(name_from_operation_id("key.get", "api"), "key.get");
        assert_eq!(name_from_operation_id("tablesDBList", "tablesDB"), "List");
        assert_eq!(name_from_route(HttpMethod::Get, "/a/{id}/b"), "get_a_id_b");
    }
}
