//! Rust names: how a spec name becomes an identifier, and how two names that map to one
//! identifier are told apart.
//!
//! Where a method name is decided: [`method_ident`]. A type name: [`type_ident`]. A field or
//! parameter name: [`field_ident`]. A service module: [`module_ident`]. Names of one scope that
//! collide get a number ([`Scope`]), except methods, whose collisions are errors naming both
//! (see `reconcile_methods`).

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Literal, Span};
use quote::format_ident;

use crate::docs;

/// One doc line, printed as a string literal for `#[doc = ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine(pub String);

impl DocLine {
    /// The text as it goes after `///` in a template written formatted.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        comment_safe(&self.0)
    }

    /// The text after `///` as prettyplease prints `#[doc = ...]` (trailing spaces dropped), or
    /// `None` when prettyplease keeps it an attribute (text starting with `/`).
    pub fn comment(&self) -> Option<std::borrow::Cow<'_, str>> {
        let text = self.inner_comment();
        (!text.starts_with('/')).then_some(text)
    }

    /// The text after `//!` as prettyplease prints `#![doc = ...]` (trailing spaces dropped).
    pub fn inner_comment(&self) -> std::borrow::Cow<'_, str> {
        match self.text() {
            std::borrow::Cow::Borrowed(text) => std::borrow::Cow::Borrowed(text.trim_end_matches(' ')),
            std::borrow::Cow::Owned(text) => std::borrow::Cow::Owned(text.trim_end_matches(' ').to_owned()),
        }
    }
}

impl std::fmt::Display for DocLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", Literal::string(&comment_safe(&self.0)))
    }
}

/// Bidirectional-text controls: rustc denies them in comments (`text_direction_codepoint_in_comment`).
pub(crate) const BIDI_CONTROLS: &[char] =
    &['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'];

/// Doc text that prints as one valid `///` line: prettyplease writes `#[doc]` strings into comments
/// verbatim, where rustc rejects a bare CR and denies bidi controls. Line breaks and other control
/// characters become spaces; bidi controls are shown escaped.
pub(crate) fn comment_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| (c.is_control() && c != '\t') || BIDI_CONTROLS.contains(&c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push(c),
            c if c.is_control() => out.push(' '),
            c if BIDI_CONTROLS.contains(&c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Doc lines of a markdown description.
pub(crate) fn doc_lines(text: Option<&str>) -> Vec<DocLine> {
    text.map(docs::doc_lines).unwrap_or_default().into_iter().map(DocLine).collect()
}

/// Doc lines, or one fallback line when the spec has no description (every public item is documented).
pub(crate) fn doc_lines_or(text: Option<&str>, fallback: impl FnOnce() -> String) -> Vec<DocLine> {
    let lines = doc_lines(text);
    if lines.is_empty() { vec![DocLine(format!(" {}", fallback()))] } else { lines }
}

/// Text safe inside a doc comment's backticks.
pub(crate) fn code_text(text: &str) -> String {
    text.replace('`', "'")
}

/// Reserved words that can be raw identifiers (`r#type`).
pub(crate) const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let",
    "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "true", "type",
    "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Words that cannot be raw identifiers; they get a trailing underscore.
pub(crate) const NON_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Compound words the spec writes in mixed case that should stay one word (`OAuth2` → `oauth2`).
const ONE_WORD: &[(&str, &str)] = &[("OAuth", "Oauth")];

/// Longest identifier made from a spec name (longer ones are cut, keeping a hash of the rest so
/// they stay distinct): file names derive from some, and file systems limit names to 255 bytes.
const MAX_IDENT: usize = 96;

fn normalize_words(name: &str) -> String {
    let mut s = signs_as_words(name);
    for (from, to) in ONE_WORD {
        s = s.replace(from, to);
    }
    s
}

/// A leading sign is a word: `+1` → `plus 1`, `-1` → `minus 1`.
fn signs_as_words(name: &str) -> String {
    if let Some(rest) = name.strip_prefix('+') {
        format!("plus {rest}")
    } else if let Some(rest) = name.strip_prefix('-').filter(|r| r.starts_with(|c: char| c.is_ascii_digit())) {
        format!("minus {rest}")
    } else {
        name.to_owned()
    }
}

/// A snake_case identifier; keywords become raw identifiers, digits at the start get a `_` prefix.
pub fn snake_ident(name: &str) -> Ident {
    ident_from(normalize_words(name).to_snake_case(), "_")
}

/// An UpperCamelCase type identifier (`mfaType` → `MfaType`; `OAuthProvider` stays as it is).
pub fn type_ident(name: &str) -> Ident {
    ident_from(signs_as_words(name).to_upper_camel_case(), "V")
}

fn ident_from(mut s: String, digit_prefix: &str) -> Ident {
    s.retain(|c| c.is_alphanumeric() || c == '_');
    if s.is_empty() {
        s = "value".to_owned();
    }
    if s.len() > MAX_IDENT {
        let hash = crate::pin::sha256_hex(s.as_bytes());
        let mut end = MAX_IDENT - 9;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        // Type names stay UpperCamelCase (`…Name502b4ebb`), others snake_case (`…name_502b4ebb`).
        let separator = if digit_prefix == "_" { "_" } else { "" };
        s = format!("{}{separator}{}", &s[..end], &hash[..8]);
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, digit_prefix);
    }
    if NON_RAW.contains(&s.as_str()) {
        s.push('_');
        return Ident::new(&s, Span::call_site());
    }
    if KEYWORDS.contains(&s.as_str()) {
        return Ident::new_raw(&s, Span::call_site());
    }
    if s.is_ascii() {
        Ident::new(&s, Span::call_site())
    } else {
        // Non-ASCII identifiers are legal but unfriendly; keep only ASCII when that leaves something.
        let ascii: String = s.chars().filter(char::is_ascii).collect();
        let ascii = if ascii.is_empty() || ascii.starts_with(|c: char| c.is_ascii_digit()) {
            format!("{digit_prefix}{ascii}")
        } else {
            ascii
        };
        ident_from(ascii, digit_prefix)
    }
}

/// The module of a service: its file name and part of other names (`call_{module}`), so never a
/// raw identifier (`type` → `type_`).
pub fn module_ident(tag: &str) -> Ident {
    let ident = snake_ident(tag);
    match ident.to_string().strip_prefix("r#") {
        Some(word) => format_ident!("{word}_"),
        None => ident,
    }
}

/// The cargo feature of a service: its module name (`tablesDB` → `tables_db`), snake_case as
/// Rust crates name features, and the same word the user imports.
pub fn feature_name(tag: &str) -> String {
    module_ident(tag).to_string()
}

/// Where a method name is decided: the spec's method name in snake case (`createOAuth2Token` →
/// `create_oauth2_token`).
pub fn method_ident(spec_name: &str) -> Ident {
    snake_ident(spec_name)
}

/// Name of the deprecated positional variant of a method.
pub fn positional_ident(method: &Ident) -> Ident {
    format_ident!("{}_positional", unraw(method))
}

/// Field / parameter names (`$createdAt` → `created_at`, `type` → `r#type`).
pub fn field_ident(spec_name: &str) -> Ident {
    snake_ident(spec_name)
}

/// The identifier without its `r#`.
pub fn unraw(ident: &Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}

/// The names of one scope (the fields of a struct, the variants of an enum, the types of a
/// module): a name already taken gets the smallest free number (`id`, `id_2`; `Foo`, `Foo2`).
#[derive(Debug, Default)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// A scope where `reserved` names are taken already.
    pub fn with(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// Whether a name is taken.
    pub fn contains(&self, ident: &Ident) -> bool {
        self.taken.contains(&unraw(ident))
    }

    /// Take `ident`, or a numbered variant of it when taken (`_2` after snake_case names).
    pub fn take(&mut self, ident: Ident) -> Ident {
        let base = unraw(&ident);
        if self.taken.insert(base.clone()) {
            return ident;
        }
        let separator = if base.starts_with(|c: char| c.is_ascii_uppercase()) { "" } else { "_" };
        let base = base.trim_end_matches('_');
        let mut n = 2;
        loop {
            let candidate = format!("{base}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return Ident::new(&candidate, Span::call_site());
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_are_snake_case_with_compound_words_kept() {
        assert_eq!(method_ident("createMFAAuthenticator").to_string(), "create_mfa_authenticator");
        assert_eq!(method_ident("createMfaAuthenticator").to_string(), "create_mfa_authenticator");
        assert_eq!(method_ident("createOAuth2Token").to_string(), "create_oauth2_token");
        assert_eq!(method_ident("updateMagicURLSession").to_string(), "update_magic_url_session");
        assert_eq!(method_ident("createJWT").to_string(), "create_jwt");
        assert_eq!(method_ident("key.get").to_string(), "key_get");
        assert_eq!(positional_ident(&method_ident("create")).to_string(), "create_positional");
    }

    #[test]
    fn field_names_drop_sigils_and_escape_keywords() {
        assert_eq!(field_ident("$id").to_string(), "id");
        assert_eq!(field_ident("$createdAt").to_string(), "created_at");
        assert_eq!(field_ident("userId").to_string(), "user_id");
        assert_eq!(field_ident("type").to_string(), "r#type");
        assert_eq!(field_ident("@type").to_string(), "r#type");
        assert_eq!(field_ident("async").to_string(), "r#async");
        assert_eq!(field_ident("self").to_string(), "self_");
        assert_eq!(field_ident("2fa").to_string(), "_2fa");
        assert_eq!(field_ident("").to_string(), "value");
        assert_eq!(field_ident("naïve").to_string(), "nave");
        assert_eq!(type_ident("+1").to_string(), "Plus1");
        assert_eq!(type_ident("-1").to_string(), "Minus1");
        assert_eq!(type_ident("a-b").to_string(), "AB");
    }

    #[test]
    fn very_long_names_are_cut_but_stay_distinct() {
        let a = field_ident(&format!("{}a", "x".repeat(300)));
        let b = field_ident(&format!("{}b", "x".repeat(300)));
        assert!(a.to_string().len() <= MAX_IDENT && a != b, "{a} {b}");
    }

    #[test]
    fn doc_lines_print_as_valid_comments() {
        assert_eq!(comment_safe("plain `code` */ \"q\""), "plain `code` */ \"q\"");
        assert_eq!(comment_safe("a\rb\nc\u{0}d\te"), "a b c d\te");
        assert_eq!(comment_safe("x\u{202E}y"), "x\\u{202e}y");
    }

    #[test]
    fn type_names_are_upper_camel_case() {
        assert_eq!(type_ident("mfaType").to_string(), "MfaType");
        assert_eq!(type_ident("jwt").to_string(), "Jwt");
        assert_eq!(type_ident("OAuthProvider").to_string(), "OAuthProvider");
        assert_eq!(type_ident("tablesDB").to_string(), "TablesDb");
        assert_eq!(type_ident("1password").to_string(), "V1password");
        assert_eq!(type_ident("mock-unverified").to_string(), "MockUnverified");
    }

    #[test]
    fn scopes_number_names_already_taken() {
        let mut scope = Scope::with(&["Unknown"]);
        assert_eq!(scope.take(type_ident("unknown")).to_string(), "Unknown2");
        assert_eq!(scope.take(field_ident("id")).to_string(), "id");
        assert_eq!(scope.take(field_ident("$id")).to_string(), "id_2");
        assert_eq!(scope.take(field_ident("type")).to_string(), "r#type");
        assert_eq!(scope.take(field_ident("@type")).to_string(), "type_2");
    }
}
