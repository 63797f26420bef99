//! Spec markdown → rustdoc-safe doc lines.
//!
//! Appwrite's descriptions are markdown written for its website: relative links, bare URLs,
//! `[PLACEHOLDER]` brackets and `<TAG>`-like words. Left alone, rustdoc would warn about each
//! (`bare_urls`, `broken_intra_doc_links`, `invalid_html_tags`) and try to compile code blocks.

/// Base URL that relative `/docs/...` links in the spec refer to.
pub const DOCS_BASE: &str = "https://appwrite.io";

/// Turn a markdown description into doc lines (each starts with a space, as `///` comments do).
pub fn doc_lines(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut blank_run = false;
    // A lone CR ends a line too (CommonMark); left inside a line it would be a bare CR in a comment.
    let markdown = markdown.replace("\r\n", "\n").replace('\r', "\n");
    for raw in markdown.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if in_fence {
                out.push(" ```".to_owned());
            } else {
                out.push(" ```text".to_owned());
            }
            in_fence = !in_fence;
            blank_run = false;
            continue;
        }
        if in_fence {
            out.push(format!(" {line}"));
            continue;
        }
        if trimmed.is_empty() {
            if !blank_run && !out.is_empty() {
                out.push(String::new());
            }
            blank_run = true;
            continue;
        }
        blank_run = false;
        // Indentation would turn prose into an (untested, unlabelled) code block.
        out.push(format!(" {}", sanitize_line(trimmed)));
    }
    if in_fence {
        out.push(" ```".to_owned());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// First sentence-ish summary line of a description.
pub fn summary(markdown: &str) -> String {
    markdown.trim().lines().next().unwrap_or_default().trim().to_owned()
}

/// Make one line of prose safe for rustdoc, leaving inline code spans untouched.
pub fn sanitize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        match rest.find('`') {
            Some(start) => {
                out.push_str(&sanitize_prose(&rest[..start]));
                let after = &rest[start + 1..];
                match after.find('`') {
                    Some(end) => {
                        out.push('`');
                        out.push_str(&after[..end]);
                        out.push('`');
                        rest = &after[end + 1..];
                    }
                    None => {
                        out.push_str("\\`");
                        rest = after;
                    }
                }
            }
            None => {
                out.push_str(&sanitize_prose(rest));
                rest = "";
            }
        }
    }
    out
}

fn sanitize_prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        // A markdown link `[label](target)`: keep, absolutize relative targets.
        if rest.starts_with('[') {
            if let Some((label, target, len)) = markdown_link(rest) {
                out.push('[');
                out.push_str(&sanitize_prose(label));
                out.push_str("](");
                if target.starts_with('/') {
                    out.push_str(DOCS_BASE);
                }
                out.push_str(target);
                out.push(')');
                i += len;
                continue;
            }
            out.push_str("\\[");
            i += 1;
            continue;
        }
        if rest.starts_with(']') {
            out.push_str("\\]");
            i += 1;
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == '"' || c == '\'')
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            i += url.len();
            continue;
        }
        match bytes[i] {
            b'<' => out.push_str("\\<"),
            b'>' => out.push_str("\\>"),
            b'*' if rest.starts_with("**") => {
                out.push_str("**");
                i += 2;
                continue;
            }
            _ => {
                let c = rest.chars().next().unwrap_or(' ');
                out.push(c);
                i += c.len_utf8();
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Parse `[label](target)` at the start of `s`; returns label, target and the byte length.
fn markdown_link(s: &str) -> Option<(&str, &str, usize)> {
    let close = s.find("](")?;
    let label = &s[1..close];
    if label.contains('[') || label.contains(']') {
        return None;
    }
    let after = &s[close + 2..];
    let end = after.find(')')?;
    let target = &after[..end];
    if target.contains(char::is_whitespace) || target.is_empty() {
        return None;
    }
    Some((label, target, close + 2 + end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_become_absolute() {
        let lines = doc_lines("Use the [verify](/docs/references/account#x) method.");
        assert_eq!(lines, vec![" Use the [verify](https://appwrite.io/docs/references/account#x) method."]);
    }

    #[test]
    fn bare_urls_brackets_and_tags_are_escaped() {
        let line = sanitize_line("See https://appwrite.io/docs. Secret [SHARED_SECRET] at <REGION>.");
        assert_eq!(line, "See <https://appwrite.io/docs>. Secret \\[SHARED_SECRET\\] at \\<REGION\\>.");
    }

    #[test]
    fn code_spans_are_left_alone() {
        assert_eq!(sanitize_line("Must be `[a]` or <b>"), "Must be `[a]` or \\<b\\>");
    }

    #[test]
    fn fences_become_text_blocks_and_indentation_is_dropped() {
        let lines = doc_lines("Intro\n\n```\nlet x = 1;\n```\n    indented");
        assert_eq!(lines, vec![" Intro", "", " ```text", " let x = 1;", " ```", " indented"]);
    }
}
