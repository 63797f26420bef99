//! Format stage: rendered text → `syn` → `prettyplease`, with the generated-file header in front.
//!
//! A template that renders invalid Rust is reported with the template's name and the offending
//! line of its output, so the mistake can be found in the template rather than in a stack trace.

use crate::error::{Error, ErrorKind, Result};

/// Parse and pretty-print Rust source rendered by `template`; `header` is put on the first line.
pub fn rust_file(template: &str, source: &str, header: &str) -> Result<String> {
    let file = parse(template, source)?;
    let body = prettyplease::unparse(&file);
    let mut out = String::with_capacity(header.len() + body.len() + body.len() / 16);
    out.push_str(header.trim_end());
    out.push('\n');
    separate_items(&body, &mut out);
    Ok(out)
}

/// prettyplease drops blank lines; put one between sibling items (as rustfmt-formatted code
/// has), so that the output reads like hand-written code. Only whitespace changes.
fn separate_items(formatted: &str, out: &mut String) {
    const ITEM_STARTS: &[&str] = &[
        "///",
        "#[",
        "pub ",
        "pub(",
        "fn ",
        "async fn ",
        "impl",
        "struct ",
        "enum ",
        "type ",
        "mod ",
        "const ",
        "static ",
        "trait ",
        "use ",
        "unsafe ",
    ];
    let mut prev: Option<&str> = None;
    for line in formatted.lines() {
        if let Some(p) = prev {
            let (pt, lt) = (p.trim_start(), line.trim_start());
            let indent = |s: &str| s.len() - s.trim_start().len();
            let prev_ends_item =
                pt.ends_with('}') || pt.ends_with(';') || pt.starts_with("//!") || pt.starts_with("#![");
            let starts_item = ITEM_STARTS.iter().any(|s| lt.starts_with(s));
            let inner_docs_continue = lt.starts_with("//!") || lt.starts_with("#![");
            let uses = pt.starts_with("use ") && lt.starts_with("use ");
            if prev_ends_item
                && starts_item
                && !inner_docs_continue
                && !uses
                && !pt.starts_with("///")
                && indent(p) == indent(line)
            {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
}

/// Apply `f` to every item on all available cores, keeping the order of results. Large items
/// first would balance better, but items are taken in order from a shared counter, which keeps
/// every core busy until the end for the sizes generated here.
pub fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    if let Ok(mut results) = results.lock() {
                        results[i] = Some(r);
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    // A worker that panicked left its slot empty; computing it again here re-raises that panic
    // on this thread, as a sequential loop would have.
    results.into_iter().zip(items).map(|(r, item)| r.unwrap_or_else(|| f(item))).collect()
}

/// Parse and pretty-print a code snippet (a whole file), returning its lines.
pub fn snippet_lines(template: &str, source: &str) -> Result<Vec<String>> {
    let file = parse(template, source)?;
    Ok(prettyplease::unparse(&file).lines().map(str::to_owned).collect())
}

fn parse(template: &str, source: &str) -> Result<syn::File> {
    syn::parse_file(source).map_err(|e| {
        let start = e.span().start();
        let offending = source.lines().nth(start.line.saturating_sub(1)).unwrap_or_default().trim();
        Error::new(
            ErrorKind::InvalidRust,
            format!(
                "template `{template}` produced invalid Rust at line {}, column {} of its output: {e}\n    | {offending}",
                start.line,
                start.column + 1
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_prepends_header() {
        let out = rust_file("t.askama", "pub fn  a( )->u8{1}", "// header").unwrap();
        assert_eq!(out, "// header\npub fn a() -> u8 {\n    1\n}\n");
    }

    #[test]
    fn sibling_items_are_separated_by_a_blank_line() {
        let out = rust_file(
            "t.askama",
            "use a::b; use c::d; /// Doc\npub struct S; impl S { fn f() {} fn g() { let x = 1; x; } }",
            "// h",
        )
        .unwrap();
        assert_eq!(
            out,
            "// h\nuse a::b;\nuse c::d;\n\n/// Doc\npub struct S;\n\nimpl S {\n    fn f() {}\n\n    fn g() {\n        let x = 1;\n        x;\n    }\n}\n"
        );
    }

    #[test]
    fn invalid_rust_names_template_and_line() {
        let err = rust_file("service.rs.askama", "fn a() {}\nfn b( {\n", "// h").unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidRust);
        assert!(err.message.contains("template `service.rs.askama`"), "{err}");
        assert!(err.message.contains("line 2"), "{err}");
        assert!(err.message.contains("fn b( {"), "{err}");
    }
}
