//! Render stage: askama templates from `templates/` print the crate view; every `.rs` output goes
//! through [`format`](mod@crate::format). All Rust syntax of the generated crate lives in the templates.

use askama::Template;

use crate::error::{Error, ErrorKind, Result};
use crate::format;
use crate::rust::{
    BodyKind, CrateView, DocLine, Encode, MethodView, ModelViewKind, PathPart, QueryEncoding, ResponseKind,
    SchemeViewKind, ServiceView,
};
use crate::write::GeneratedFile;

/// The one header line of every generated file.
#[derive(Template)]
#[template(path = "header.askama", escape = "none")]
struct Header<'a> {
    comment: &'a str,
    c: &'a CrateView,
}

#[derive(Template)]
#[template(path = "Cargo.toml.askama", escape = "none")]
struct CargoToml<'a> {
    header: &'a str,
    c: &'a CrateView,
}

#[derive(Template)]
#[template(path = "lib.rs.askama", escape = "none")]
struct LibRs<'a> {
    c: &'a CrateView,
}

#[derive(Template)]
#[template(path = "services_mod.rs.askama", escape = "none")]
struct ServicesMod<'a> {
    c: &'a CrateView,
}

#[derive(Template)]
#[template(path = "service.rs.askama", escape = "none")]
struct Service<'a> {
    s: &'a ServiceView,
}

#[derive(Template)]
#[template(path = "models.rs.askama", escape = "none")]
struct Models<'a> {
    c: &'a CrateView,
}

#[derive(Template)]
#[template(path = "enums.rs.askama", escape = "none")]
struct Enums<'a> {
    c: &'a CrateView,
}

#[derive(Template)]
#[template(path = "credentials.rs.askama", escape = "none")]
struct Credentials<'a> {
    c: &'a CrateView,
}

#[derive(Template)]
#[template(path = "example.rs.askama", escape = "none")]
struct Example<'a> {
    c: &'a CrateView,
    s: &'a ServiceView,
    m: &'a MethodView,
}

#[derive(Template)]
#[template(path = "tests/roundtrip.rs.askama", escape = "none")]
struct RoundTripTests<'a> {
    c: &'a CrateView,
}

#[derive(Template)]
#[template(path = "tests/contract.rs.askama", escape = "none")]
struct ContractTests<'a> {
    c: &'a CrateView,
}

/// The client runtime: the modules of the `appwrite-sdk-runtime` crate (`runtime/src/`), copied
/// verbatim into every generated crate. They are ordinary Rust, compiled, formatted and linted in
/// this workspace; only the crate root (`lib.rs`) is generated.
pub const RUNTIME: &[(&str, &str)] = &[
    ("src/client.rs", include_str!("../../runtime/src/client.rs")),
    ("src/error.rs", include_str!("../../runtime/src/error.rs")),
    ("src/request.rs", include_str!("../../runtime/src/request.rs")),
    ("src/id.rs", include_str!("../../runtime/src/id.rs")),
    ("src/nullable.rs", include_str!("../../runtime/src/nullable.rs")),
    ("src/query.rs", include_str!("../../runtime/src/query.rs")),
    ("src/union.rs", include_str!("../../runtime/src/union.rs")),
    ("src/upload.rs", include_str!("../../runtime/src/upload.rs")),
];

fn render(name: &str, t: &dyn askama::DynTemplate) -> Result<String> {
    t.dyn_render().map_err(|e| Error::new(ErrorKind::Render, format!("template `{name}` failed to render: {e}")))
}

/// Render every file of the crate. Templates render on this thread; the rendered Rust is then
/// parsed and pretty-printed on every core (formatting is most of the cost of generation). The
/// client runtime ([`RUNTIME`]) is hand-written, rustfmt-formatted Rust with its comments, so it
/// is copied as it is rather than re-formatted.
pub fn crate_files(c: &mut CrateView) -> Result<Vec<GeneratedFile>> {
    fill_examples(c)?;
    let c = &*c;
    let header = |comment: &str| render("header.askama", &Header { comment, c });
    let rs_header = header("//")?;
    let mut generated: Vec<(String, &str, String)> = Vec::new();
    let mut rust = |path: String, name: &'static str, t: &dyn askama::DynTemplate| -> Result<()> {
        generated.push((path, name, render(name, t)?));
        Ok(())
    };
    rust("src/lib.rs".into(), "lib.rs.askama", &LibRs { c })?;
    rust("src/models.rs".into(), "models.rs.askama", &Models { c })?;
    rust("src/enums.rs".into(), "enums.rs.askama", &Enums { c })?;
    rust("src/credentials.rs".into(), "credentials.rs.askama", &Credentials { c })?;
    rust("src/services/mod.rs".into(), "services_mod.rs.askama", &ServicesMod { c })?;
    for s in &c.services {
        rust(format!("src/services/{}.rs", s.module), "service.rs.askama", &Service { s })?;
    }
    rust("tests/contract.rs".into(), "tests/contract.rs.askama", &ContractTests { c })?;
    if !c.samples.is_empty() {
        rust("tests/roundtrip.rs".into(), "tests/roundtrip.rs.askama", &RoundTripTests { c })?;
    }
    let formatted = format::in_parallel(&generated, |(_, name, text)| format::rust_file(name, text, &rs_header));

    let toml_header = header("#")?;
    let cargo = render("Cargo.toml.askama", &CargoToml { header: &toml_header, c })?;
    let mut files = vec![GeneratedFile { path: "Cargo.toml".into(), contents: cargo }];
    for (path, text) in RUNTIME {
        files.push(GeneratedFile { path: (*path).to_owned(), contents: format!("{}\n{text}", rs_header.trim_end()) });
    }
    for ((path, _, _), contents) in generated.into_iter().zip(formatted) {
        files.push(GeneratedFile { path, contents: contents? });
    }
    Ok(files)
}

/// Each method's doc example is rendered from `example.rs.askama` and formatted like any code.
fn fill_examples(c: &mut CrateView) -> Result<()> {
    let mut texts = Vec::new();
    for s in &c.services {
        for m in &s.methods {
            texts.push(render("example.rs.askama", &Example { c, s, m })?);
        }
    }
    let formatted = format::in_parallel(&texts, |text| format::snippet_lines("example.rs.askama", text));
    let mut examples = formatted.into_iter();
    for s in &mut c.services {
        for m in &mut s.methods {
            let lines = examples.next().unwrap_or_else(|| Ok(Vec::new()))?;
            let mut doc = vec![DocLine(" ```no_run".to_owned())];
            doc.extend(lines.into_iter().map(|l| DocLine(format!(" {l}"))));
            doc.push(DocLine(" ```".to_owned()));
            m.example = doc;
        }
    }
    Ok(())
}

/// Template helpers.
impl MethodView {
    fn is_empty_response(&self) -> bool {
        self.response == ResponseKind::Empty
    }
    /// The mock caveat as an `Option<&str>` expression.
    fn caveat_literal(&self) -> proc_macro2::TokenStream {
        match &self.mock_caveat {
            Some(text) => {
                let lit = proc_macro2::Literal::string(text);
                quote::quote!(Some(#lit))
            }
            None => quote::quote!(None),
        }
    }
}

impl CrateView {
    fn appwrite(&self) -> bool {
        !self.platform.is_empty()
    }
    fn endpoint_literal(&self) -> proc_macro2::Literal {
        proc_macro2::Literal::string(&self.endpoint)
    }
    /// Up to two credential setters and example arguments, for the crate-level example.
    fn example_credentials(&self) -> Vec<(proc_macro2::Ident, proc_macro2::TokenStream)> {
        self.schemes
            .iter()
            .take(2)
            .map(|s| {
                let placeholder = |name: &str| {
                    proc_macro2::Literal::string(&format!("<{}>", heck::ToShoutySnakeCase::to_shouty_snake_case(name)))
                };
                let args = match s.kind {
                    SchemeViewKind::Basic => {
                        let (user, password) = (placeholder("user"), placeholder("password"));
                        quote::quote!(#user, #password)
                    }
                    _ => {
                        let value = placeholder(&crate::rust::unraw(&s.setter));
                        quote::quote!(#value)
                    }
                };
                (s.setter.clone(), args)
            })
            .collect()
    }
}
