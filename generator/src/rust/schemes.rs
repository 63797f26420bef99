//! Credentials: the client builder's setter for each security scheme, what its docs say it
//! sends, and which headers hold secrets (never shown by `Debug`).

use proc_macro2::{Ident, Literal};

use super::names::{DocLine, Scope, code_text, doc_lines, snake_ident};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Api, KeyLocation, SchemeKind};

/// A credential setter of the client builder.
#[derive(Debug)]
pub struct SchemeView {
    /// Setter name.
    pub setter: Ident,
    /// A placeholder value for examples, from the spec when it has one.
    pub demo: Option<String>,
    /// Doc lines.
    pub docs: Vec<DocLine>,
    /// Where it goes.
    pub kind: SchemeViewKind,
}

/// Where a credential goes.
#[derive(Debug)]
pub enum SchemeViewKind {
    /// A header of this name.
    Header(Literal),
    /// A query parameter of this name.
    Query(Literal),
    /// A cookie of this name.
    Cookie(Literal),
    /// `Authorization: Bearer`.
    Bearer,
    /// `Authorization: Basic`.
    Basic,
}

/// Words that make a credential a secret (its value never shown by `Debug`).
const SECRET_WORDS: &[&str] = &[
    "key",
    "secret",
    "token",
    "session",
    "jwt",
    "password",
    "auth",
    "authorization",
    "cookie",
    "credential",
    "signature",
];

fn is_secret(names: &[&str]) -> bool {
    names.iter().any(|n| heck::ToSnakeCase::to_snake_case(*n).split('_').any(|w| SECRET_WORDS.contains(&w)))
}

/// The client builder's credential setters, from `components/securitySchemes`.
pub(super) fn scheme_views(api: &Api) -> Result<(Vec<SchemeView>, Vec<String>)> {
    const BUILDER_METHODS: &[&str] = &[
        "endpoint",
        "header",
        "self_signed",
        "timeout",
        "build",
        "set",
        "set_header_credential",
        "set_query_credential",
        "set_cookie_credential",
        "set_bearer_token",
        "set_basic_credentials",
        "clone",
        "fmt",
    ];
    let mut scope = Scope::with(BUILDER_METHODS);
    let mut views = Vec::new();
    let mut secret_headers = Vec::new();
    for s in &api.security {
        let setter = scope.take(snake_ident(&s.name));
        let what = match &s.kind {
            SchemeKind::ApiKey { location: KeyLocation::Header, name } => format!("the `{}` header", code_text(name)),
            SchemeKind::ApiKey { location: KeyLocation::Query, name } => {
                format!("the `{}` query parameter of every request", code_text(name))
            }
            SchemeKind::ApiKey { location: KeyLocation::Cookie, name } => format!("the `{}` cookie", code_text(name)),
            SchemeKind::Bearer => "`Authorization: Bearer <token>`".to_owned(),
            SchemeKind::Basic => "`Authorization: Basic`, from a user name and password".to_owned(),
        };
        let mut docs = doc_lines(s.description.as_deref());
        if !docs.is_empty() {
            docs.push(DocLine(String::new()));
        }
        docs.push(DocLine(format!(" Sent as {what} (security scheme `{}`).", code_text(&s.name))));
        let kind = match &s.kind {
            SchemeKind::ApiKey { location, name } => {
                let header = name.chars().all(|c| c.is_ascii_alphanumeric() || "-_".contains(c)) && !name.is_empty();
                if !header && *location != KeyLocation::Query {
                    return Err(Error::at(
                        ErrorKind::Unsupported,
                        format!("#/components/securitySchemes/{}", crate::error::escape_pointer_token(&s.name)),
                        format!("`{name}` is not a valid header or cookie name"),
                    ));
                }
                if *location == KeyLocation::Header && is_secret(&[&s.name, name]) {
                    secret_headers.push(name.to_ascii_lowercase());
                }
                match location {
                    KeyLocation::Header => SchemeViewKind::Header(Literal::string(name)),
                    KeyLocation::Query => SchemeViewKind::Query(Literal::string(name)),
                    KeyLocation::Cookie => SchemeViewKind::Cookie(Literal::string(name)),
                }
            }
            SchemeKind::Bearer => SchemeViewKind::Bearer,
            SchemeKind::Basic => SchemeViewKind::Basic,
        };
        views.push(SchemeView { setter, demo: s.demo.clone(), docs, kind });
    }
    Ok((views, secret_headers))
}
