//! JSON pointers into the spec (RFC 6901), printed as URI fragments (`#/paths/~1account/get`).
//!
//! Every error and warning of the generator names the node it is about with a [`Pointer`];
//! building them through [`Pointer::join`] keeps the escaping of `~` and `/` in one place.

use std::fmt;

/// A JSON pointer, always starting with `#`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// The pointer of a `$ref` value such as `#/components/schemas/user`; `None` for a reference
    /// into another document (`other.json#/…`) or one that is not a pointer.
    pub fn from_ref(reference: &str) -> Option<Self> {
        let rest = reference.strip_prefix('#')?;
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        Some(Pointer(format!("#{rest}")))
    }

    /// This pointer with one more (unescaped) reference token.
    pub fn join(&self, token: impl AsRef<str>) -> Self {
        let token = token.as_ref();
        let mut out = String::with_capacity(self.0.len() + token.len() + 1);
        out.push_str(&self.0);
        out.push('/');
        for c in token.chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                c => out.push(c),
            }
        }
        Pointer(out)
    }

    /// This pointer with an array index.
    pub fn index(&self, i: usize) -> Self {
        self.join(i.to_string())
    }

    /// The pointer as text, e.g. `#/components/schemas/user`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped reference tokens.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~"))
    }

    /// The last reference token, unescaped (`user` for `#/components/schemas/user`).
    pub fn last(&self) -> Option<String> {
        if self.0 == "#" { None } else { self.tokens().last() }
    }

    /// `Some(name)` when this points at `#/components/{kind}/{name}`.
    pub fn component(&self, kind: &str) -> Option<String> {
        let tokens: Vec<String> = self.tokens().collect();
        match tokens.as_slice() {
            [components, k, name] if components == "components" && k == kind => Some(name.clone()),
            _ => None,
        }
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(p: Pointer) -> String {
        p.0
    }
}

impl From<&Pointer> for String {
    fn from(p: &Pointer) -> String {
        p.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_escaped_and_unescaped() {
        let p = Pointer::root().join("paths").join("/account/{id}").join("get").join("a~b");
        assert_eq!(p.as_str(), "#/paths/~1account~1{id}/get/a~0b");
        assert_eq!(p.tokens().collect::<Vec<_>>(), ["paths", "/account/{id}", "get", "a~b"]);
        assert_eq!(p.last().as_deref(), Some("a~b"));
        assert_eq!(Pointer::root().last(), None);
    }

    #[test]
    fn references_become_pointers() {
        let p = Pointer::from_ref("#/components/schemas/a~1b").unwrap();
        assert_eq!(p.component("schemas").as_deref(), Some("a/b"));
        assert_eq!(p.component("parameters"), None);
        assert!(Pointer::from_ref("other.json#/components/schemas/x").is_none());
        assert!(Pointer::from_ref("#x").is_none());
        assert_eq!(Pointer::from_ref("#").unwrap(), Pointer::root());
    }
}
