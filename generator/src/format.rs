//! Format stage: rendered text → `syn` → `prettyplease`, with the generated-file header in front.
//!
//! A template that renders invalid Rust is reported with the template's name and the offending
//! line of its output, so the mistake can be found in the template rather than in a stack trace.

use crate::error::{Error, ErrorKind, Result};

/// Parse and pretty-print Rust source rendered by `template`; `header` is put on the first line.
pub fn rust_file(template: &str, source: &str, header: &str) -> Result<String> {
    rust_file_at(template, source, header, 0)
}

/// [`rust_file`] of a part of a template's output that starts after its line `offset` (errors
/// give the line in the whole output).
pub fn rust_file_at(template: &str, source: &str, header: &str, offset: usize) -> Result<String> {
    let file = parse_at(template, source, offset)?;
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

/// Apply `f` to every item on all available cores, keeping the order of results. Items are
/// taken from a shared counter in order.
pub fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let order: Vec<usize> = (0..items.len()).collect();
    in_parallel_ordered(items, &order, f)
}

/// [`in_parallel`], starting with the items of largest `size`: a large file taken last would
/// keep one core busy while the others idle.
pub fn in_parallel_largest_first<T: Sync, R: Send>(
    items: &[T],
    size: impl Fn(&T) -> usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(size(&items[i])));
    in_parallel_ordered(items, &order, f)
}

fn in_parallel_ordered<T: Sync, R: Send>(items: &[T], order: &[usize], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
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
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let r = f(&items[i]);
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

/// Format texts while they are being produced: `produce` runs on this thread and hands each
/// text, with the name of what produced it, to its callback (largest first is best); the other
/// cores apply `f` meanwhile, and this thread joins them once it is done producing. Results come
/// back in the order produced.
pub fn pipelined<R: Send>(
    produce: impl FnOnce(&mut dyn FnMut(&'static str, String)) -> Result<()>,
    f: impl Fn(&'static str, &str) -> R + Sync,
) -> Result<Vec<R>> {
    use std::collections::VecDeque;
    use std::sync::{Condvar, Mutex};
    struct Queue {
        jobs: VecDeque<(usize, &'static str, String)>,
        done: bool,
    }
    let queue = Mutex::new(Queue { jobs: VecDeque::new(), done: false });
    let ready = Condvar::new();
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::new());
    let work = || {
        loop {
            let job = {
                let Ok(mut q) = queue.lock() else { return };
                loop {
                    if let Some(job) = q.jobs.pop_front() {
                        break Some(job);
                    }
                    if q.done {
                        break None;
                    }
                    q = match ready.wait(q) {
                        Ok(q) => q,
                        Err(_) => return,
                    };
                }
            };
            let Some((i, name, text)) = job else { return };
            let r = f(name, &text);
            if let Ok(mut results) = results.lock() {
                results.push((i, r));
            }
        }
    };
    let helpers = std::thread::available_parallelism().map_or(1, |n| n.get()).saturating_sub(1).max(1);
    let produced = std::thread::scope(|scope| {
        for _ in 0..helpers {
            scope.spawn(work);
        }
        let mut n = 0;
        let mut submit = |name: &'static str, text: String| {
            if let Ok(mut q) = queue.lock() {
                q.jobs.push_back((n, name, text));
                n += 1;
            }
            ready.notify_one();
        };
        let produced = produce(&mut submit);
        if let Ok(mut q) = queue.lock() {
            q.done = true;
        }
        ready.notify_all();
        work();
        produced
    });
    produced?;
    let mut results = results.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    results.sort_by_key(|(i, _)| *i);
    Ok(results.into_iter().map(|(_, r)| r).collect())
}

/// Parse code snippets (the items of one file, parsed at once) and pretty-print each item on its
/// own, returning the lines of each.
pub fn item_lines(template: &str, source: &str) -> Result<Vec<Vec<String>>> {
    let mut file = parse(template, source)?;
    let items = std::mem::take(&mut file.items);
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        file.items = vec![item];
        out.push(prettyplease::unparse(&file).lines().map(str::to_owned).collect());
    }
    Ok(out)
}

fn parse(template: &str, source: &str) -> Result<syn::File> {
    parse_at(template, source, 0)
}

fn parse_at(template: &str, source: &str, offset: usize) -> Result<syn::File> {
    syn::parse_file(source).map_err(|e| {
        // Spans carry no line numbers (tracking them costs every parse a tenth of its time), so
        // the culprit is found again: the first item that does not parse on its own.
        let (line, offending) = locate(source).map_or((0, ""), |(line, text)| (line + offset, text));
        Error::new(
            ErrorKind::InvalidRust,
            format!(
                "template `{template}` produced invalid Rust at line {line} of its output: {e}\n    | {}",
                offending.trim()
            ),
        )
    })
}

/// The line (1-based) and text where the first item that does not parse starts, looking one
/// level into `impl`, `mod` and `trait` bodies.
fn locate(source: &str) -> Option<(usize, &str)> {
    let lines: Vec<&str> = source.lines().collect();
    let chunk = failing_chunk(&lines, 0, lines.len(), 0, |text| syn::parse_file(text).is_ok())?;
    // Within an item with a body of items, the first of those that does not parse.
    let (start, end) = chunk;
    let header = lines[start..end].iter().position(|l| {
        let t = l.trim();
        !t.starts_with("//") && !t.starts_with("#[") && t.ends_with('{')
    })? + start;
    let is_container = ["impl", "pub mod", "mod", "pub trait", "trait"]
        .iter()
        .any(|k| lines[start..=header].iter().any(|l| l.trim_start().starts_with(k)));
    let inner = if is_container && end > header + 1 {
        failing_chunk(&lines, header + 1, end - 1, 1, |text| {
            syn::parse_str::<syn::ItemImpl>(&format!("impl X {{ {text} }}")).is_ok()
        })
    } else {
        None
    };
    let (from, to) = inner.unwrap_or(chunk);
    // Report the item's first line after its comments and attributes.
    let line = (from..to)
        .find(|&i| {
            let t = lines[i].trim_start();
            !t.starts_with("//") && !t.starts_with("#[")
        })
        .unwrap_or(from);
    Some((line + 1, lines[line]))
}

/// Among `lines[from..to]`, split into items at nesting `depth` (a line that starts while the
/// brackets opened before it are balanced back to `depth`), the first one `parses` rejects.
fn failing_chunk(
    lines: &[&str],
    from: usize,
    to: usize,
    depth: usize,
    parses: impl Fn(&str) -> bool,
) -> Option<(usize, usize)> {
    let mut starts = Vec::new();
    let mut level = depth;
    let mut lexer = Lexer::default();
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        let trimmed = line.trim_start();
        let closes = trimmed.starts_with(['}', ')', ']']);
        let continues = starts.last().is_some_and(|&s: &usize| {
            // Attributes and doc comments belong to the item after them.
            let prev = lines[i - 1].trim_start();
            i > s && (prev.starts_with("#[") || prev.starts_with("//"))
        });
        if level == depth && !closes && !trimmed.is_empty() && !continues {
            starts.push(i);
        }
        level = lexer.depth_after(line, level);
    }
    starts.push(to);
    starts.windows(2).map(|w| (w[0], w[1])).find(|&(s, e)| !parses(&lines[s..e].join("\n")))
}

/// Just enough of a lexer to count brackets outside strings, characters and comments.
#[derive(Default)]
struct Lexer {
    in_block_comment: bool,
}

impl Lexer {
    fn depth_after(&mut self, line: &str, mut depth: usize) -> usize {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if self.in_block_comment {
                if c == '*' && chars.get(i + 1) == Some(&'/') {
                    self.in_block_comment = false;
                    i += 1;
                }
            } else if c == '/' && chars.get(i + 1) == Some(&'/') {
                break;
            } else if c == '/' && chars.get(i + 1) == Some(&'*') {
                self.in_block_comment = true;
                i += 1;
            } else if c == '"' {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
            } else if c == '\'' {
                // A character literal (`'x'`, `'\n'`), not a lifetime (`'a`).
                if chars.get(i + 2) == Some(&'\'') {
                    i += 2;
                } else if chars.get(i + 1) == Some(&'\\') {
                    i += 2;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                }
            } else if "{([".contains(c) {
                depth += 1;
            } else if "})]".contains(c) {
                depth = depth.saturating_sub(1);
            }
            i += 1;
        }
        depth
    }
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
        // Inside an impl, the method that does not parse; strings and comments do not confuse it.
        let source = "/// Doc {\n#[attr]\nimpl S {\n    fn a() { let s = \"}{\"; }\n    // }\n    fn b() -> { }\n    fn c() {}\n}\nfn d() {}\n";
        let err = rust_file("service.rs.askama", source, "// h").unwrap_err();
        assert!(err.message.contains("line 6"), "{err}");
        assert!(err.message.contains("fn b() -> { }"), "{err}");
    }
}
