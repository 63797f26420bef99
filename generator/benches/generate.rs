//! Generation cost on the pinned spec, each stage and the whole, against the floor of a bare
//! `serde_json::from_str::<openapiv3::OpenAPI>` of the same text, measured in the same run.
//!
//! `cargo bench -p appwrite-sdk-generator --bench generate` (set `APPWRITE_SPEC` to use another
//! spec than `../shared/spec/appwrite-1.9.3-server.json`).

use std::hint::black_box;
use std::path::PathBuf;

use appwrite_sdk_generator::{self as generator, Options, load, model, render, rust};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

/// Every server service of the pinned spec.
const ALL_TAGS: &[&str] = &[
    "account",
    "avatars",
    "databases",
    "documentsDB",
    "functions",
    "graphql",
    "health",
    "locale",
    "messaging",
    "presences",
    "project",
    "sites",
    "storage",
    "tablesDB",
    "teams",
    "tokens",
    "users",
    "vectorsDB",
    "webhooks",
];

fn spec_path() -> PathBuf {
    std::env::var_os("APPWRITE_SPEC").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec/appwrite-1.9.3-server.json")
    })
}

fn options(tags: &[&str]) -> Options {
    let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
    Options {
        package: "appwrite-server-sdk".into(),
        version: "0.1.0".into(),
        default_tags: tags.clone(),
        tags,
        response_format: None,
        deny_warnings: false,
        own_tests: Vec::new(),
    }
}

fn crate_options(spec: &load::Spec, o: &Options) -> rust::CrateOptions {
    rust::CrateOptions {
        package: o.package.clone(),
        version: o.version.clone(),
        spec_file: "appwrite-1.9.3-server.json".into(),
        spec_sha256: spec.sha256.clone(),
        response_format: Some("1.9.0".into()),
        default_tags: o.default_tags.clone(),
    }
}

fn bench(c: &mut Criterion) {
    let path = spec_path();
    let text = std::fs::read_to_string(&path).expect("spec");
    let spec = load::load_file(&path).expect("load");
    let account = options(&["account"]);
    let all = options(ALL_TAGS);
    let selection = model::Selection::server(["account"]);
    let api = model::build(&spec.document, &selection).expect("model");

    let mut g = c.benchmark_group("generate");
    g.sample_size(20);
    g.bench_function("floor: serde_json::from_str::<OpenAPI>", |b| {
        b.iter(|| black_box(serde_json::from_str::<openapiv3::OpenAPI>(black_box(&text)).unwrap()))
    });
    g.bench_function("load (parse + sha256)", |b| b.iter(|| black_box(load::load_file(&path).unwrap())));
    g.bench_function("model (account)", |b| b.iter(|| black_box(model::build(&spec.document, &selection).unwrap())));
    g.bench_function("rust view (account)", |b| {
        b.iter(|| black_box(rust::crate_view(&api, &crate_options(&spec, &account)).unwrap()))
    });
    g.bench_function("render + format (account)", |b| {
        b.iter_batched(
            || rust::crate_view(&api, &crate_options(&spec, &account)).unwrap(),
            |mut view| black_box(render::crate_files(&mut view, &[]).unwrap()),
            BatchSize::LargeInput,
        )
    });
    g.bench_function("whole: account from file", |b| {
        b.iter(|| black_box(generator::generate_from_file(&path, &account).unwrap()))
    });
    g.bench_function("whole: all services from file", |b| {
        b.iter(|| black_box(generator::generate_from_file(&path, &all).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
