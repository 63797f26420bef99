//! Render stage: askama templates from `templates/` print the crate view. The large regular files
//! (services, models, enums, the round-trip test) come from templates written formatted (see
//! [`layout`](mod@crate::layout)); the other `.rs` outputs go through
//! [`format`](mod@crate::format). All Rust syntax of the generated crate lives in the templates.

use askama::Template;

use crate::error::{Error, ErrorKind, Result};
use crate::format;
use crate::layout::{self, Flat};
use crate::rust::{
    BodyKind, CfgLayout, CrateView, DocLine, Encode, MethodView, ModelViewKind, PathPart, QueryEncoding, ResponseKind,
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

/// The tests package (`tests/Cargo.toml`): the crate's features, forwarded, and its test targets.
#[derive(Template)]
#[template(path = "tests/Cargo.toml.askama", escape = "none")]
struct TestsCargoToml<'a> {
    header: &'a str,
    c: &'a CrateView,
    tests: &'a [TestTarget],
}

/// A test target of the tests package: its name and its file, relative to `tests/`.
struct TestTarget {
    name: String,
    path: String,
}

#[derive(Template)]
#[template(path = "README.md.askama", escape = "none")]
struct Readme<'a> {
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

/// The expectations of each service, for the `mock` feature's test doubles.
#[derive(Template)]
#[template(path = "mock.rs.askama", escape = "none")]
struct MockServices<'a> {
    c: &'a CrateView,
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

/// Every method's expectation, exercised (the `mock` feature).
#[derive(Template)]
#[template(path = "tests/mock.rs.askama", escape = "none")]
struct MockTests<'a> {
    c: &'a CrateView,
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

/// Where the generator, and so the generated crate's source, lives: the crate's `repository`.
pub const REPOSITORY: &str = "https://github.com/appwrite-rs/appwrite-sdk-generator";

/// The client runtime: the modules of the `appwrite-sdk-runtime` crate (`runtime/src/`), copied
/// verbatim into every generated crate. They are ordinary Rust, compiled, formatted and linted in
/// this workspace; only the crate root (`lib.rs`) is generated.
pub const RUNTIME: &[(&str, &str)] = &[
    ("src/client.rs", include_str!("../../runtime/src/client.rs")),
    ("src/error.rs", include_str!("../../runtime/src/error.rs")),
    ("src/request.rs", include_str!("../../runtime/src/request.rs")),
    ("src/retry.rs", include_str!("../../runtime/src/retry.rs")),
    ("src/ser.rs", include_str!("../../runtime/src/ser.rs")),
    ("src/data.rs", include_str!("../../runtime/src/data.rs")),
    ("src/de.rs", include_str!("../../runtime/src/de.rs")),
    ("src/download.rs", include_str!("../../runtime/src/download.rs")),
    ("src/id.rs", include_str!("../../runtime/src/id.rs")),
    ("src/nullable.rs", include_str!("../../runtime/src/nullable.rs")),
    ("src/optional.rs", include_str!("../../runtime/src/optional.rs")),
    ("src/paginate.rs", include_str!("../../runtime/src/paginate.rs")),
    ("src/permission.rs", include_str!("../../runtime/src/permission.rs")),
    ("src/query.rs", include_str!("../../runtime/src/query.rs")),
    ("src/union.rs", include_str!("../../runtime/src/union.rs")),
    ("src/upload.rs", include_str!("../../runtime/src/upload.rs")),
    ("src/mock.rs", include_str!("../../runtime/src/mock.rs")),
];

/// The pagination runtime, copied only into crates with a stream companion.
const PAGINATION: &str = "src/paginate.rs";

fn render(name: &str, t: &dyn askama::DynTemplate) -> Result<String> {
    t.dyn_render().map_err(|e| Error::new(ErrorKind::Render, format!("template `{name}` failed to render: {e}")))
}

/// Render every file of the crate. Templates render on this thread; the rendered Rust is then
/// parsed and pretty-printed on every core (formatting is most of the cost of generation). The
/// client runtime ([`RUNTIME`]) is hand-written, rustfmt-formatted Rust with its comments, so it
/// is copied as it is rather than re-formatted.
///
/// The tests are a package of their own, `tests/Cargo.toml`, whose test targets are the generated
/// tests and `own_tests`: hand-written tests already in the output's `tests/` (paths relative to
/// it, `wire.rs` or `wire/main.rs`, as cargo would discover them).
pub fn crate_files(c: &mut CrateView, own_tests: &[String]) -> Result<Vec<GeneratedFile>> {
    fill_examples(c)?;
    let c = &*c;
    let header = |comment: &str| render("header.askama", &Header { comment, c });
    let rs_header = header("//")?;
    // Rendered on this thread (the views are not `Send`), largest first, and formatted on the
    // other cores as they come: formatting is most of the cost of generation.
    let mut services: Vec<&ServiceView> = c.services.iter().collect();
    services.sort_by_key(|s| std::cmp::Reverse(s.methods.len()));
    // The file still parsed and printed whole (the contract test) and the models (the most
    // items left to prettyplease) go first, so that both cores have one of them to format while
    // the rest is rendered.
    let mut paths: Vec<String> = vec!["tests/contract.rs".into(), "src/models.rs".into()];
    paths.extend(services.iter().map(|s| format!("src/services/{}.rs", s.module)));
    paths.extend(
        [
            "src/lib.rs",
            "src/credentials.rs",
            "src/services/mod.rs",
            "src/mock/services.rs",
            "tests/every_method_mocked.rs",
        ]
        .map(String::from),
    );
    // The services, the models, the enums and the round-trip test are regular and large: their
    // templates are written formatted, so they are not parsed and printed again, except the
    // items of a service or model too wide for one line or left to prettyplease
    // (`layout::items`); a test checks that they parse and that formatting them changes nothing.
    const PREFORMATTED: &[&str] = &["enums.rs.askama", "tests/roundtrip.rs.askama"];
    paths.push("src/enums.rs".into());
    if !c.samples.is_empty() {
        paths.push("tests/roundtrip.rs".into());
    }
    let formatted = format::pipelined(
        |submit| {
            let mut rust = |name: &'static str, t: &dyn askama::DynTemplate| -> Result<()> {
                submit(name, render(name, t)?);
                Ok(())
            };
            rust("tests/contract.rs.askama", &ContractTests { c })?;
            rust("models.rs.askama", &Models { c })?;
            for s in &services {
                rust("service.rs.askama", &Service { s })?;
            }
            rust("lib.rs.askama", &LibRs { c })?;
            rust("credentials.rs.askama", &Credentials { c })?;
            rust("services_mod.rs.askama", &ServicesMod { c })?;
            rust("mock.rs.askama", &MockServices { c })?;
            rust("tests/mock.rs.askama", &MockTests { c })?;
            rust("enums.rs.askama", &Enums { c })?;
            if !c.samples.is_empty() {
                rust("tests/roundtrip.rs.askama", &RoundTripTests { c })?;
            }
            Ok(())
        },
        |name, text| {
            if name == "service.rs.askama" || name == "models.rs.askama" {
                layout::items(name, text, &rs_header)
            } else if PREFORMATTED.contains(&name) {
                Ok(format!("{}\n{}\n", rs_header.trim_end(), text.trim()))
            } else {
                format::rust_file(name, text, &rs_header)
            }
        },
    )?;

    let toml_header = header("#")?;
    let cargo = render("Cargo.toml.askama", &CargoToml { header: &toml_header, c })?;
    let tests = test_targets(paths.iter().filter_map(|p| p.strip_prefix("tests/")), own_tests);
    let tests_cargo = render("tests/Cargo.toml.askama", &TestsCargoToml { header: &toml_header, c, tests: &tests })?;
    let readme_header = format!("{} -->", header("<!--")?.trim_end());
    let mut readme = render("README.md.askama", &Readme { header: &readme_header, c })?;
    if !readme.ends_with('\n') {
        readme.push('\n');
    }
    let mut files = vec![
        GeneratedFile { path: "Cargo.toml".into(), contents: cargo },
        GeneratedFile { path: "README.md".into(), contents: readme },
        GeneratedFile { path: "tests/Cargo.toml".into(), contents: tests_cargo },
    ];
    for (path, text) in RUNTIME {
        if *path == PAGINATION && !c.paginates {
            continue;
        }
        files.push(GeneratedFile { path: (*path).to_owned(), contents: format!("{}\n{text}", rs_header.trim_end()) });
    }
    for (path, contents) in paths.into_iter().zip(formatted) {
        files.push(GeneratedFile { path, contents: contents? });
    }
    // Files in a fixed order, whatever order they were formatted in.
    files.sort_by(|a, b| file_rank(&a.path).cmp(&file_rank(&b.path)).then_with(|| a.path.cmp(&b.path)));
    Ok(files)
}

/// The tests package's targets, sorted by name: the generated tests (`contract.rs`) and the
/// hand-written ones (`wire.rs`, `wire/main.rs`); other paths, and names cargo would not take for
/// a target, are not test targets and are left out.
fn test_targets<'a>(generated: impl Iterator<Item = &'a str>, own: &'a [String]) -> Vec<TestTarget> {
    let mut tests: Vec<TestTarget> = generated
        .chain(own.iter().map(String::as_str))
        .filter_map(|path| {
            let name = match path.split_once('/') {
                Some((dir, "main.rs")) => dir,
                Some(_) => return None,
                None => path.strip_suffix(".rs")?,
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                return None;
            }
            Some(TestTarget { name: name.to_owned(), path: path.to_owned() })
        })
        .collect();
    tests.sort_by(|a, b| a.name.cmp(&b.name));
    tests.dedup_by(|a, b| a.name == b.name);
    tests
}

/// Crate manifest and README, runtime, crate root, models, enums, services, tests.
fn file_rank(path: &str) -> u8 {
    match path {
        "Cargo.toml" | "README.md" => 0,
        p if RUNTIME.iter().any(|(r, _)| *r == p) => 1,
        "src/lib.rs" => 2,
        "src/models.rs" => 3,
        "src/enums.rs" => 4,
        "src/credentials.rs" => 5,
        "src/services/mod.rs" => 6,
        p if p.starts_with("src/") => 7,
        _ => 8,
    }
}

/// Each method's doc example is rendered from `example.rs.askama` and formatted like any code.
fn fill_examples(c: &mut CrateView) -> Result<()> {
    // One text per service, each example one item: parsed once per service, printed per item.
    let mut texts = Vec::new();
    for s in &c.services {
        let mut text = String::new();
        for m in &s.methods {
            text.push_str(&render("example.rs.askama", &Example { c, s, m })?);
            text.push('\n');
        }
        texts.push(text);
    }
    let formatted =
        format::in_parallel_largest_first(&texts, String::len, |text| format::item_lines("example.rs.askama", text));
    for (s, examples) in c.services.iter_mut().zip(formatted) {
        let examples = examples?;
        let expected = s.methods.iter().map(|m| 1 + usize::from(m.stream.is_some())).sum::<usize>();
        if examples.len() != expected {
            return Err(Error::new(
                ErrorKind::Render,
                format!(
                    "template `example.rs.askama` must render one item per method, and one more per stream companion (service `{}`)",
                    s.tag
                ),
            ));
        }
        let doc = |lines: Vec<String>| {
            let mut doc = vec![DocLine(" ```no_run".to_owned())];
            doc.extend(lines.into_iter().map(|l| DocLine(format!(" {l}"))));
            doc.push(DocLine(" ```".to_owned()));
            doc
        };
        let mut examples = examples.into_iter();
        for m in &mut s.methods {
            m.example = doc(examples.next().unwrap_or_default());
            if let Some(st) = &mut m.stream {
                st.example = doc(examples.next().unwrap_or_default());
            }
        }
    }
    Ok(())
}

/// Template helpers.
/// `Some("text")` or `None`, as a Rust expression.
fn optional_text(text: Option<&str>) -> proc_macro2::TokenStream {
    match text {
        Some(text) => {
            let lit = proc_macro2::Literal::string(text);
            quote::quote!(Some(#lit))
        }
        None => quote::quote!(None),
    }
}

impl CrateView {
    /// Whether some service has a method (the mock test then has calls to check).
    fn has_methods(&self) -> bool {
        self.services.iter().any(|s| !s.methods.is_empty())
    }

    /// Whether some method's answer in the mock test is decoded from a sample.
    fn has_response_samples(&self) -> bool {
        self.services.iter().flat_map(|s| &s.methods).any(|m| m.response_sample.is_some())
    }
}

impl ServiceView {
    /// Whether some method takes parameters (the mock module then names their types).
    fn has_params(&self) -> bool {
        self.methods.iter().any(|m| m.params.is_some())
    }
}

impl MethodView {
    /// The doc line of the HTTP route (`` `POST /account` ``).
    fn route_doc(&self) -> Option<&DocLine> {
        self.route_docs.first()
    }

    /// The spec's path template as a string literal.
    fn path_literal(&self) -> proc_macro2::Literal {
        proc_macro2::Literal::string(&self.path_template)
    }

    fn is_empty_response(&self) -> bool {
        self.response == ResponseKind::Empty
    }
    /// The mock caveat as an `Option<&str>` expression.
    fn caveat_literal(&self) -> proc_macro2::TokenStream {
        optional_text(self.mock_caveat.as_deref())
    }

    fn body_beyond_spec_literal(&self) -> proc_macro2::TokenStream {
        optional_text(self.body_beyond_spec)
    }
}

impl MethodView {
    /// The `_as` method's response type, on one line.
    fn typed_response_flat(&self) -> String {
        self.typed.as_ref().map(|t| t.response_ty.flat()).unwrap_or_default()
    }
}

impl crate::rust::ParamView {
    /// The builder's type arguments once this parameter is set, on one line.
    fn set_args_flat(&self) -> String {
        self.set_args.iter().map(Flat::flat).collect::<Vec<_>>().join(", ")
    }
}

impl crate::rust::ParamsView {
    /// The optional parameters (those with a setter on the builder itself).
    fn optional_fields(&self) -> Vec<&crate::rust::ParamView> {
        self.fields.iter().filter(|f| !f.required).collect()
    }

    /// The parameters in the positional variant's order.
    fn positional_fields(&self) -> Vec<&crate::rust::ParamView> {
        self.positional.iter().filter_map(|&i| self.fields.get(i)).collect()
    }
}

impl crate::rust::StructView {
    /// The type of each field's slot in the decoding visitor (`Option` of a required field's
    /// type), on one line.
    fn slot_types(&self) -> Vec<String> {
        self.fields
            .iter()
            .map(|f| {
                let ty = f.ty.flat();
                if f.optional { ty } else { format!("Option<{ty}>") }
            })
            .collect()
    }
}

impl crate::rust::ModelView {
    /// The model's `#[cfg(…)]`, laid out.
    fn cfg(&self) -> crate::rust::CfgView {
        crate::rust::cfg_view(&self.features)
    }
}

impl ServiceView {
    /// The first line of the service's docs, as a Markdown table cell.
    fn summary_cell(&self) -> String {
        let line = self.docs.first().map(|d| d.text().trim().to_owned()).unwrap_or_default();
        line.replace('|', "\\|")
    }
}

impl CrateView {
    fn repository(&self) -> &'static str {
        REPOSITORY
    }
    fn is_default(&self, s: &ServiceView) -> bool {
        self.default_features.contains(&s.feature)
    }
    /// A service whose feature is not spelled like its tag, to show the naming rule with.
    fn renamed_service(&self) -> Option<&ServiceView> {
        self.services.iter().find(|s| s.feature != s.tag)
    }
    /// The README's first call: the first method of the example service that takes no
    /// parameters, is not deprecated and returns something.
    fn first_call(&self) -> Option<(&ServiceView, &MethodView)> {
        let module = self.example_service.as_ref()?;
        let s = self.services.iter().find(|s| &s.module == module)?;
        let m = s.methods.iter().find(|m| m.params.is_none() && m.deprecated.is_none() && !m.is_empty_response())?;
        Some((s, m))
    }
    fn api_name(&self) -> String {
        crate::rust::api_name(&self.title)
    }
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
                        let value = match &s.demo {
                            Some(demo) => proc_macro2::Literal::string(demo),
                            None => placeholder(&crate::rust::unraw(&s.setter)),
                        };
                        quote::quote!(#value)
                    }
                };
                (s.setter.clone(), args)
            })
            .collect()
    }
}
