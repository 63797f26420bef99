//! The documentation stays true where that is cheap to check: every relative link of README.md
//! and docs/*.md points to a file that exists (and, with a `#fragment`, to one of its headings,
//! as GitHub names them), and every repository path the docs name in code spans
//! (`generator/src/rust/params.rs`, `runtime/src/mock.rs`) exists. The Rust examples are doc tests
//! of the `downstream` crate.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is in the workspace root").to_path_buf()
}

fn docs() -> Vec<PathBuf> {
    let root = root();
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// Lines outside fenced code blocks, with their numbers.
fn prose(text: &str) -> Vec<(usize, &str)> {
    let mut fenced = false;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            out.push((i + 1, line));
        }
    }
    out
}

/// A heading's anchor as GitHub makes it: lower case, punctuation other than `-` and `_`
/// dropped, spaces as `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn anchors(text: &str) -> HashSet<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out = HashSet::new();
    for (_, line) in prose(text) {
        let hashes = line.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            let s = slug(&line[hashes..]);
            let n = seen.entry(s.clone()).or_insert(0);
            out.insert(if *n == 0 { s.clone() } else { format!("{s}-{n}") });
            *n += 1;
        }
    }
    out
}

/// The line without its code spans (a link written in code is not a link).
fn without_code(line: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            out.push(c);
        }
    }
    out
}

/// The code spans of a line.
fn code_spans(line: &str) -> Vec<&str> {
    line.split('`').skip(1).step_by(2).collect()
}

#[test]
fn relative_links_point_to_files_and_headings_that_exist() {
    let mut checked = 0;
    let mut broken = Vec::new();
    for file in docs() {
        let text = std::fs::read_to_string(&file).expect("readable");
        for (n, line) in prose(&text) {
            let line = without_code(line);
            for part in line.split("](").skip(1) {
                let Some(target) = part.split(')').next() else { continue };
                if target.contains(':') || target.contains(' ') {
                    continue; // a URL, or not a link
                }
                checked += 1;
                let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
                let dest = if path.is_empty() { file.clone() } else { file.parent().unwrap().join(path) };
                let ok = dest.exists()
                    && (fragment.is_empty()
                        || dest.extension().is_none_or(|e| e != "md")
                        || anchors(&std::fs::read_to_string(&dest).unwrap()).contains(fragment));
                if !ok {
                    broken.push(format!("{}:{n}: {target}", file.strip_prefix(root()).unwrap().display()));
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} links found: is the scan broken?");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn repository_paths_named_in_the_docs_exist() {
    // Made by `spec pin` when a spec is pinned, not kept in the repository.
    const MADE_LATER: &[&str] = &["generated/CHANGELOG.md"];
    let dirs =
        ["generator/", "runtime/", "templates/", "xtask/", "generated/", "downstream/", ".ci/", "spec/", "docs/"];
    let root = root();
    let mut checked = 0;
    let mut missing = Vec::new();
    for file in docs() {
        let text = std::fs::read_to_string(&file).expect("readable");
        for (n, line) in prose(&text) {
            for span in code_spans(line) {
                // `generator/src/rust/params.rs`, `runtime/src/request.rs`, `bash .ci/run`:
                // each word that starts like a repository path.
                for word in span.split_whitespace() {
                    let path = word.trim_end_matches([',', '.', ':', ')']);
                    if !dirs.iter().any(|d| path.starts_with(d)) || path.contains(['*', '<', '{', '…']) {
                        continue;
                    }
                    checked += 1;
                    if !root.join(path).exists() && !MADE_LATER.contains(&path) {
                        missing.push(format!("{}:{n}: {path}", file.strip_prefix(&root).unwrap().display()));
                    }
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} paths found: is the scan broken?");
    assert!(missing.is_empty(), "paths the docs name that do not exist:\n{}", missing.join("\n"));
}
