//! How changes are written: Rust tokens as a person writes them and spec types in details, the
//! names of classes, bumps and spec types, and the report as plain text, markdown or JSON.

use std::fmt::{self, Write as _};

use proc_macro2::TokenStream;

use super::{Bump, Class, Report};
use crate::model::{IntegerFormat, Type};

/// Rust tokens as a person writes them: `Option<i64>`, `models::User`.
pub(super) fn rust(tokens: &TokenStream) -> String {
    let text = tokens.to_string();
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '\'';
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch != ' ' {
            out.push(ch);
            continue;
        }
        let prev = out.chars().last();
        let next = chars.peek().copied();
        if (prev.is_some_and(word) && next.is_some_and(word))
            || prev == Some(',')
            || [prev, next].iter().any(|c| matches!(c, Some('+' | '=')))
        {
            out.push(' ');
        }
    }
    out.replace("crate::", "")
}

/// A spec type with its integer format, for details of internal changes.
pub(super) fn spec_type(ty: &Type) -> String {
    match ty {
        Type::Integer(IntegerFormat::Int32) => "int32".to_owned(),
        Type::Integer(IntegerFormat::Signed) => "int64".to_owned(),
        Type::Integer(IntegerFormat::Unsigned64) => "uint64".to_owned(),
        Type::Array(inner) => format!("array<{}>", spec_type(inner)),
        Type::Map(inner) => format!("map<{}>", spec_type(inner)),
        Type::Nullable(inner) => format!("{} or null", spec_type(inner)),
        other => other.to_string(),
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Integer(_) => f.write_str("integer"),
            Type::Number => f.write_str("number"),
            Type::Boolean => f.write_str("boolean"),
            Type::Array(inner) => write!(f, "array<{inner}>"),
            Type::Map(inner) => write!(f, "map<{inner}>"),
            Type::Object => f.write_str("object"),
            Type::Any => f.write_str("any"),
            Type::Enum(name) => write!(f, "enum {name}"),
            Type::Model(name) => write!(f, "model {name}"),
            Type::File => f.write_str("file"),
            Type::Bytes => f.write_str("bytes"),
            Type::Nullable(inner) => write!(f, "{inner} or null"),
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Class::Breaking => "breaking",
            Class::Compatible => "compatible",
            Class::Internal => "internal",
        })
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::Major => "major",
            Bump::Minor => "minor",
            Bump::Patch => "patch",
        })
    }
}

impl Report {
    /// Plain text, grouped by service.
    pub fn text(&self) -> String {
        let mut out = format!("Appwrite {} → {} ({})\n", self.old_version, self.new_version, self.services.join(", "));
        let mut last = "";
        for ch in &self.changes {
            if ch.service != last {
                let _ = writeln!(out, "\n{}:", ch.service);
                last = &ch.service;
            }
            let detail = if ch.detail.is_empty() { String::new() } else { format!(": {}", ch.detail) };
            let _ = writeln!(out, "  [{}] {} {} {}{}", ch.class, ch.item, ch.subject, ch.change, detail);
        }
        let _ = writeln!(out, "\n{}", self.summary());
        out
    }

    /// One line: counts and the implied bump.
    pub fn summary(&self) -> String {
        format!(
            "{} breaking, {} compatible, {} internal change(s): {} version bump",
            self.breaking, self.compatible, self.internal, self.bump
        )
    }

    /// A markdown table per service.
    pub fn markdown(&self) -> String {
        let mut out = format!("## Appwrite {} → {}\n", self.old_version, self.new_version);
        let mut last = "";
        for ch in &self.changes {
            if ch.service != last {
                let _ = writeln!(
                    out,
                    "\n### {}\n\n| class | item | subject | change | detail |\n|---|---|---|---|---|",
                    ch.service
                );
                last = &ch.service;
            }
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {} | {} |",
                ch.class,
                ch.item,
                ch.subject,
                ch.change,
                ch.detail.replace('|', "\\|")
            );
        }
        let _ = writeln!(out, "\n**{}**", self.summary());
        out
    }

    /// Stable JSON: fixed key order, changes sorted.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}
