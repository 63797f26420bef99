//! Templates written formatted: their output is already what [`format::rust_file`] would print,
//! so the large files skip `syn` and `prettyplease`. Only where prettyplease's layout depends on
//! the line width does it matter how long the rendered text is; there the templates write the
//! one-line layout, and an item with a code line longer than prettyplease's margin is formatted
//! by prettyplease after all (see [`items`]). The few width rules that are simple and exact
//! (signatures, `impl … for`, struct literals) are decided in the templates with [`fits`] and
//! [`fits_struct_literal`].
//!
//! A test (`files_written_formatted_are_valid_and_formatted` in `tests/generality.rs`) checks
//! for every spec the tests generate that these files parse and that formatting them again
//! changes nothing.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

use crate::error::Result;
use crate::format;

/// A line of its own that ends one item (or run of items) of a template written formatted and
/// starts the next; removed from the output.
pub const ITEM: &str = "//~";

/// A line like [`ITEM`] that starts a run formatted by prettyplease whatever its width: for the
/// items whose layout a template does not write (e.g. nested matches and struct literals).
pub const FORMAT: &str = "//~!";

/// prettyplease's line width (`MARGIN`): a group that fits in it is printed on one line.
const MARGIN: usize = 89;
/// prettyplease's least room on a line (`MIN_SPACE`), whatever the indentation.
const MIN_SPACE: usize = 60;
/// prettyplease prints a struct literal on one line only when it is at most this wide, up to
/// and without its closing brace (`end_with_max_width(34)` in `expr_struct`).
const STRUCT_LITERAL_WIDTH: usize = 34;

/// Whether `line`, indented by `indent` spaces, fits on a line: prettyplease breaks a group
/// only when the text from the start of the group to its next break opportunity is wider than
/// the room left (`space = max(MARGIN - indent, MIN_SPACE)`).
pub fn fits(indent: usize, line: impl std::fmt::Display) -> bool {
    line.to_string().len() <= MARGIN.saturating_sub(indent).max(MIN_SPACE)
}

/// Whether a struct literal written on one line (`Name { a: x, b: y }`) stays on one line.
pub fn fits_struct_literal(literal: impl std::fmt::Display) -> bool {
    literal.to_string().trim_end_matches('}').len() <= STRUCT_LITERAL_WIDTH
}

/// The comma-separated parts of a list (function arguments, generic parameters) written on one
/// line, for the layout with one part per line; commas inside brackets do not separate.
pub fn parts(list: impl std::fmt::Display) -> Vec<String> {
    let list = list.to_string();
    let mut out = Vec::new();
    let (mut depth, mut start, mut in_string, mut escaped) = (0usize, 0, false, false);
    let bytes = list.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'<' | b'(' | b'[' | b'{' => depth += 1,
            // `->` and `=>` are no closing brackets.
            b'>' if i > 0 && matches!(bytes[i - 1], b'-' | b'=') => {}
            b'>' | b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                out.push(list[start..i].trim().to_owned());
                start = i + 1;
            }
            _ => {}
        }
    }
    let last = list[start..].trim();
    if !last.is_empty() {
        out.push(last.to_owned());
    }
    out
}

/// Put a template's output together: the text between [`ITEM`] lines is kept as it is when all
/// its code lines fit prettyplease's margin, and is otherwise (or after a [`FORMAT`] line)
/// formatted by prettyplease (a run
/// at the top level on its own, a run indented by four spaces as the items of an `impl`). Doc
/// comments do not count: prettyplease never wraps them. `header` goes on the first line.
pub fn items(template: &str, text: &str, header: &str) -> Result<String> {
    let mut out = String::with_capacity(header.len() + text.len() + text.len() / 8);
    out.push_str(header.trim_end());
    out.push('\n');
    let mut line_no = 0;
    let mut chunk_start = 0;
    let mut chunk: Vec<&str> = Vec::new();
    let mut force = false;
    let flush = |chunk: &mut Vec<&str>, start: usize, force: bool, out: &mut String| -> Result<()> {
        emit(template, chunk, start, force, out)?;
        chunk.clear();
        Ok(())
    };
    for line in text.lines() {
        line_no += 1;
        let marker = line.trim();
        if marker == ITEM || marker == FORMAT {
            flush(&mut chunk, chunk_start, force, &mut out)?;
            chunk_start = line_no;
            force = marker == FORMAT;
        } else {
            chunk.push(line);
        }
    }
    flush(&mut chunk, chunk_start, force, &mut out)?;
    // One newline at the end, as prettyplease ends a file.
    let end = out.trim_end().len();
    out.truncate(end);
    out.push('\n');
    Ok(out)
}

/// A line prettyplease cannot break, so that it may be wider than the margin: an attribute
/// argument `name = "text"` (`attr_tokens` joins the three with non-breaking spaces).
fn unbreakable(line: &str) -> bool {
    let t = line.trim();
    let t = t.strip_suffix(',').unwrap_or(t);
    t.split_once(" = \"").is_some_and(|(name, rest)| {
        !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && rest.ends_with('"')
            && !rest.ends_with("\\\"")
    })
}

/// One run of lines between [`ITEM`] markers; `start` is the line number of the marker before
/// it (to locate errors in the template's output); `force`: formatted whatever its width (after
/// a [`FORMAT`] marker).
fn emit(template: &str, lines: &[&str], start: usize, force: bool, out: &mut String) -> Result<()> {
    let code = |l: &&&str| {
        let t = l.trim_start();
        !(t.starts_with("///") || t.starts_with("//!"))
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let too_long = lines.iter().filter(code).any(|l| !fits(indent(l), l.trim_start()) && !unbreakable(l));
    // Doc attributes are written as comments by prettyplease: a template that writes one
    // leaves it to prettyplease (doc text that cannot be a `///` comment).
    let doc_attr = lines.iter().any(|l| l.trim_start().starts_with("#[doc"));
    if !force && !too_long && !doc_attr {
        for l in lines {
            out.push_str(l);
            out.push('\n');
        }
        return Ok(());
    }
    // Blank lines before and after the items stay; the items are formatted.
    let first = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(lines.len());
    let last = lines.iter().rposition(|l| !l.trim().is_empty()).map_or(first, |i| i + 1);
    for _ in 0..first {
        out.push('\n');
    }
    let nested = lines.get(first).is_some_and(|l| indent(l) >= 4);
    let body = lines[first..last].join("\n");
    if nested {
        let wrapped = format!("impl X {{\n{body}\n}}\n");
        let formatted = format::rust_file_at(template, &wrapped, "", (start + first).saturating_sub(1))?;
        // Drop the header line, `impl X {` and the closing `}`.
        let inner: Vec<&str> = formatted.lines().collect();
        for l in inner.iter().skip(2).take(inner.len().saturating_sub(3)) {
            out.push_str(l);
            out.push('\n');
        }
    } else {
        let formatted = format::rust_file_at(template, &body, "", start + first)?;
        out.push_str(formatted.strip_prefix('\n').unwrap_or(&formatted));
    }
    for _ in last..lines.len() {
        out.push('\n');
    }
    Ok(())
}

/// Tokens (a type, a short expression) as prettyplease prints them on one line.
pub trait Flat {
    /// The text.
    fn flat(&self) -> String;
}

impl Flat for TokenStream {
    fn flat(&self) -> String {
        let mut out = String::new();
        write_tokens(self.clone(), &mut out);
        out
    }
}

/// What the last token written was, for the spacing before the next.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    Start,
    Word,
    /// A punctuation after which no space goes (`::`, `<`, `&`, `.`, `'`).
    Tight,
    /// A punctuation followed by a space (`,`, `:`, `=`, `+`, `->`).
    Spaced,
    /// A closing bracket, `>` or `?`.
    Close,
}

/// prettyplease's spacing of types and simple expressions: a space after `,` `:` `;`, around
/// `=` `+` `->`, between words, none around `::` `<` `>` `.` or after `&` `'`.
fn write_tokens(tokens: TokenStream, out: &mut String) {
    let mut last = Last::Start;
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if matches!(last, Last::Word | Last::Close | Last::Spaced) {
                    out.push(' ');
                }
                out.push_str(&tokens[i].to_string());
                // A lifetime (`'a`) is followed by a space, whatever comes next (`&'a [u8]`).
                let lifetime = i > 0 && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == '\'');
                last = if lifetime { Last::Spaced } else { Last::Word };
            }
            TokenTree::Punct(p) => {
                // A multi-character operator: joint punctuation, e.g. `::`, `->`.
                let mut op = String::from(p.as_char());
                let mut spacing = p.spacing();
                while spacing == Spacing::Joint && !matches!(p.as_char(), '\'' | '<' | '>') {
                    match tokens.get(i + 1) {
                        Some(TokenTree::Punct(next)) => {
                            op.push(next.as_char());
                            spacing = next.spacing();
                            i += 1;
                        }
                        _ => break,
                    }
                }
                let (before, after) = match op.as_str() {
                    "," | ";" | ":" => (false, Last::Spaced),
                    ">" | "?" => (false, Last::Close),
                    "&" | "&&" | "*" | "!" | "'" | "<" | "::" | "." | "#" => (last == Last::Spaced, Last::Tight),
                    _ => (last != Last::Start, Last::Spaced),
                };
                if before {
                    out.push(' ');
                }
                out.push_str(&op);
                last = after;
            }
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                let brace = g.delimiter() == Delimiter::Brace;
                if last == Last::Spaced || (brace && matches!(last, Last::Word | Last::Close)) {
                    out.push(' ');
                }
                out.push_str(open);
                let inner = g.stream();
                if brace && !inner.is_empty() {
                    out.push(' ');
                    write_tokens(inner, out);
                    out.push(' ');
                } else {
                    write_tokens(inner, out);
                }
                out.push_str(close);
                last = Last::Close;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The token printer agrees with prettyplease on the shapes the templates print: types,
    /// generic parameters and short expressions.
    #[test]
    fn flat_tokens_print_as_prettyplease_prints_them() {
        let types = [
            quote::quote!(crate::models::User<T>),
            quote::quote!(impl Into<String>),
            quote::quote!(Option<Option<Vec<String>>>),
            quote::quote!(impl IntoIterator<Item = impl Into<String>>),
            quote::quote!(impl FnMut(crate::UploadProgress) + Send),
            quote::quote!(std::collections::HashMap<String, serde_json::Value>),
            quote::quote!(&'static str),
            quote::quote!(Option<&'a [u8]>),
            quote::quote!(impl Future<Output = Result<crate::models::User>>),
            quote::quote!((String, i64)),
            quote::quote!([u8; 4]),
            quote::quote!(Box<dyn std::error::Error + Send + Sync>),
        ];
        for tokens in types {
            let text = format::rust_file("t", &format!("type A = {tokens};"), "").unwrap();
            let expected = text.trim().trim_start_matches("type A = ").trim_end_matches(';');
            assert_eq!(tokens.flat(), expected, "{tokens}");
        }
        let bound = quote::quote!(T: serde::de::DeserializeOwned + Send + 'static);
        let text = format::rust_file("t", &format!("fn f<{bound}>() {{}}"), "").unwrap();
        assert_eq!(format!("fn f<{}>() {{}}", bound.flat()), text.trim());
        let expressions = [
            quote::quote!(Some(value.into())),
            quote::quote!(crate::Optional::into_option(name)),
            quote::quote!(value.into_iter().map(Into::into).collect()),
            quote::quote!(!x),
            quote::quote!(*value),
            quote::quote!(vec![1, 2]),
            quote::quote!(Some(Box::new(x))),
        ];
        for tokens in expressions {
            let text = format::rust_file("t", &format!("fn f() {{ x({tokens}); }}"), "").unwrap();
            let line = text.lines().nth(2).unwrap().trim();
            assert_eq!(format!("x({});", tokens.flat()), line, "{tokens}");
        }
    }

    #[test]
    fn parts_split_at_top_level_commas() {
        assert_eq!(
            parts("&self, params: impl Into<A<B, C>>, f: impl Fn(u8, u8) -> u8"),
            ["&self", "params: impl Into<A<B, C>>", "f: impl Fn(u8, u8) -> u8"]
        );
        assert!(parts("").is_empty());
    }

    #[test]
    fn runs_after_a_format_marker_are_formatted_whatever_their_width() {
        // `Ok(Self { a, b, c, d, e, f })` fits the line, but prettyplease breaks a struct literal
        // wider than 34 columns: kept as written after `//~`, formatted after `//~!`.
        let item = "fn f() -> X {\n    Ok(Self { a, b, c, d, e, f, g, h, i, j })\n}\n";
        let kept = items("t", &format!("{ITEM}\n{item}"), "// h").unwrap();
        assert_eq!(kept, format!("// h\n{item}"));
        let formatted = items("t", &format!("{ITEM}\n{item}{FORMAT}\n{item}"), "// h").unwrap();
        let broken = "fn f() -> X {\n    Ok(Self {\n        a,\n        b,\n        c,\n        d,\n        e,\n        f,\n        g,\n        h,\n        i,\n        j,\n    })\n}\n";
        assert_eq!(formatted, format!("// h\n{item}{broken}"));
    }

    #[test]
    fn runs_that_do_not_fit_are_formatted() {
        let long = "a".repeat(80);
        let text = format!(
            "pub fn f() {{}}\n//~\n\nimpl X {{\n//~\n    pub fn g(&self, {long}: u8) -> u8 {{\n        1\n    }}\n//~\n}}\n"
        );
        let out = items("t", &text, "// h").unwrap();
        assert_eq!(
            out,
            format!(
                "// h\npub fn f() {{}}\n\nimpl X {{\n    pub fn g(\n        &self,\n        {long}: u8,\n    ) -> u8 {{\n        1\n    }}\n}}\n"
            )
        );
        // Invalid Rust in a run that is formatted is reported with its line.
        let bad = format!("pub fn f() {{}}\n//~\nfn g({long}: u8) -> {{\n}}\n");
        let err = items("bad.askama", &bad, "// h").unwrap_err();
        assert!(err.message.contains("template `bad.askama`") && err.message.contains("line 3"), "{err}");
    }
}
