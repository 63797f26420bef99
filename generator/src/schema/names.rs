//! Type names. A component schema's type takes the component key; an inline one its `title`
//! when that is fit to be a type name, the common prefix of its variants' names
//! (`columnBoolean | columnInteger` → `column`), or a name made from where it is (the
//! [`Hint`]). Names that differ only in case or punctuation collide, and a taken name gets a
//! number.

use openapiv3::Schema;

use super::{Hint, TypeSpace};

/// Names that differ only in case or punctuation collide (they do in most languages' type names).
pub(super) fn normalized(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

impl<'a> TypeSpace<'a> {
    /// The name of a new struct or union: the component key, the `title`, `preferred`, or the
    /// hint; reserved so that no other type takes it.
    pub(super) fn model_name(
        &mut self,
        named: Option<&str>,
        s: &Schema,
        hint: &Hint,
        preferred: Option<String>,
    ) -> String {
        if let Some(name) = named {
            return name.to_owned();
        }
        let title = s.schema_data.title.as_deref().filter(|t| is_name(t)).map(str::to_owned);
        for candidate in title.into_iter().chain(preferred) {
            if self.model_names.insert(normalized(&candidate)) {
                return candidate;
            }
        }
        self.reserve_model_name(hint.name())
    }

    pub(super) fn reserve_model_name(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "type" } else { base };
        if self.model_names.insert(normalized(base)) {
            return base.to_owned();
        }
        (2..).map(|i| format!("{base}{i}")).find(|n| self.model_names.insert(normalized(n))).unwrap_or_default()
    }
}

/// A name fit to become a type name: starts with a letter, letters, digits, spaces and
/// separators only, not too long.
pub(super) fn is_name(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.len() <= 64
        && text.chars().all(|c| c.is_ascii_alphanumeric() || " _-.".contains(c))
}

/// The words the names share at their start (`columnBoolean`, `columnInteger` → `column`), if
/// that leaves every name a word of its own.
pub(super) fn common_prefix(names: &[String]) -> Option<String> {
    fn words(name: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut prev_lower = false;
        for c in name.chars() {
            if !c.is_alphanumeric() {
                out.push(String::new());
                prev_lower = false;
                continue;
            }
            if c.is_uppercase() && prev_lower || out.is_empty() {
                out.push(String::new());
            }
            if let Some(last) = out.last_mut() {
                last.push(c);
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
        }
        out.retain(|w| !w.is_empty());
        out
    }
    if names.len() < 2 {
        return None;
    }
    let split: Vec<Vec<String>> = names.iter().map(|n| words(n)).collect();
    let mut n = 0;
    while split.iter().all(|w| w.len() > n + 1) && split.iter().all(|w| w[n] == split[0][n]) {
        n += 1;
    }
    (n > 0).then(|| split[0][..n].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefixes_are_whole_words() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(common_prefix(&names(&["columnBoolean", "columnInteger"])).as_deref(), Some("column"));
        assert_eq!(common_prefix(&names(&["oAuth2Github", "oAuth2Discord"])).as_deref(), Some("oAuth2"));
        assert_eq!(common_prefix(&names(&["algoArgon2", "algoScryptModified"])).as_deref(), Some("algo"));
        assert_eq!(common_prefix(&names(&["column", "columnInteger"])), None);
        assert_eq!(common_prefix(&names(&["a", "b"])), None);
        assert_eq!(common_prefix(&names(&["Dog", "Cat"])), None);
    }
}
