//! Whole-process generation cost: `xtask codegen --check` (the release binary cargo builds for
//! this bench) against a process that only reads the pinned spec and parses it into
//! `openapiv3::OpenAPI` with `serde_json` (this same binary, re-run in "floor" mode), run
//! alternately in one session; medians of wall time, and CPU time (user + system) per process.
//!
//! ```sh
//! cargo bench -p xtask --bench codegen_process
//! ROUNDS=30 BASELINE=/tmp/xtask-old cargo bench -p xtask --bench codegen_process
//! ```
//!
//! - `ROUNDS` (default 15): runs of each process, after one warm-up run of each.
//! - `BASELINE`: other `xtask` binaries (older builds; a `:`-separated list) to run in the same
//!   rounds, for a before/after comparison in one session.
//! - `APPWRITE_SPEC`: the spec (default: the pinned one, found as `cargo xtask codegen` finds it).
//!
//! When `generated/` is up to date, the command timed is exactly `xtask codegen --check`. When it
//! is not (work in progress), a fresh generation is written to a temporary directory first and
//! `xtask codegen --check --out DIR` is timed instead: the same work minus the pin check (one
//! string comparison), and without the diff report a stale `generated/` would add.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Set (to the spec path) in the floor process.
const FLOOR_ENV: &str = "CODEGEN_PROCESS_FLOOR_SPEC";

fn main() {
    if let Some(spec) = std::env::var_os(FLOOR_ENV) {
        floor(Path::new(&spec));
        return;
    }
    // `cargo test --benches` runs bench targets with no `--bench` flag: only check that the
    // floor process works then, without the timing rounds.
    let benching = std::env::args().any(|a| a == "--bench");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let xtask = PathBuf::from(env!("CARGO_BIN_EXE_xtask"));
    let spec = spec_path(&root);
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(15);

    let floor_cmd = {
        let mut c = Command::new(std::env::current_exe().expect("current exe"));
        c.env(FLOOR_ENV, &spec);
        c
    };
    if !benching {
        run(floor_cmd, "floor");
        return;
    }

    let scratch = std::env::temp_dir().join(format!("codegen-process-{}", std::process::id()));
    let mut variants: Vec<(String, Command)> = vec![("floor: bare parse".into(), floor_cmd)];
    variants.push(("xtask codegen --check".into(), check_command(&xtask, &root, &spec, &scratch.join("current"))));
    if let Some(baselines) = std::env::var_os("BASELINE") {
        for (i, baseline) in std::env::split_paths(&baselines).enumerate() {
            let name =
                baseline.file_name().map_or_else(|| format!("baseline {i}"), |n| n.to_string_lossy().into_owned());
            let check = check_command(&baseline, &root, &spec, &scratch.join(format!("baseline-{i}")));
            variants.push((format!("{name} codegen --check"), check));
        }
    }

    let mut samples: Vec<Vec<(Duration, Duration)>> = vec![Vec::new(); variants.len()];
    for round in 0..=rounds {
        // Alternate the order, so that neither variant always runs right after the other.
        let order: Vec<usize> =
            if round % 2 == 0 { (0..variants.len()).collect() } else { (0..variants.len()).rev().collect() };
        for i in order {
            let (name, cmd) = &mut variants[i];
            let sample = run(clone(cmd), name);
            if round > 0 {
                samples[i].push(sample);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);

    // Wall: the median. CPU: the mean, as `/proc` counts it in ticks of 10 ms, too coarse for
    // one run of the floor but exact enough summed over all rounds.
    let summary: Vec<(f64, f64)> = samples
        .iter()
        .map(|s| {
            let cpu: Duration = s.iter().map(|x| x.1).sum();
            (median(s.iter().map(|x| x.0).collect()), cpu.as_secs_f64() / s.len().max(1) as f64)
        })
        .collect();
    let (floor_wall, floor_cpu) = summary[0];
    println!("{rounds} alternating rounds, spec {}", spec.display());
    println!("{:<36} {:>10} {:>8} {:>10} {:>8}", "process", "wall (s)", "ratio", "CPU (s)", "ratio");
    println!("{:<36} {:>10} {:>8} {:>10} {:>8}", "", "median", "", "mean", "");
    for ((name, _), (wall, cpu)) in variants.iter().zip(&summary) {
        println!(
            "{name:<36} {wall:>10.3} {:>7.2}× {cpu:>10.3} {:>7.2}×",
            wall / floor_wall,
            if floor_cpu > 0.0 { cpu / floor_cpu } else { f64::NAN }
        );
    }
}

/// The floor: read the spec and parse it, nothing else.
fn floor(spec: &Path) {
    let text = std::fs::read_to_string(spec).expect("read the spec");
    let document: openapiv3::OpenAPI = serde_json::from_str(&text).expect("parse the spec");
    std::hint::black_box(&document);
}

fn spec_path(root: &Path) -> PathBuf {
    if let Some(spec) = std::env::var_os("APPWRITE_SPEC") {
        return PathBuf::from(spec);
    }
    let pin = appwrite_sdk_generator::pin::Pin::read(&root.join("spec/pin.toml")).expect("spec/pin.toml");
    appwrite_sdk_generator::pin::locate(&pin, root, None, None).expect("the pinned spec").0
}

/// `bin codegen --check`; when `generated/` is not up to date for `bin`, `--out DIR` with a fresh
/// generation by `bin` in `DIR`.
fn check_command(bin: &Path, root: &Path, spec: &Path, scratch: &Path) -> Command {
    let mut c = Command::new(bin);
    c.args(["codegen", "--check", "--root"]).arg(root);
    if std::env::var_os("APPWRITE_SPEC").is_some() || !is_clean(bin, root) {
        let status = Command::new(bin)
            .args(["codegen", "--root"])
            .arg(root)
            .arg("--spec")
            .arg(spec)
            .arg("--out")
            .arg(scratch)
            .stdout(Stdio::null())
            .status()
            .expect("run xtask");
        assert!(status.success(), "{} could not generate into {}", bin.display(), scratch.display());
        println!(
            "{}: generated/ is not up to date, timing `codegen --check --out {}`",
            bin.display(),
            scratch.display()
        );
        c.arg("--spec").arg(spec).arg("--out").arg(scratch);
    }
    c
}

/// Whether `generated/` is up to date for `bin`.
fn is_clean(bin: &Path, root: &Path) -> bool {
    Command::new(bin)
        .args(["codegen", "--check", "--root"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn clone(cmd: &Command) -> Command {
    let mut c = Command::new(cmd.get_program());
    c.args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    c
}

/// Run a process to its end: its wall time, and its CPU time (user + system).
fn run(mut cmd: Command, name: &str) -> (Duration, Duration) {
    let before = children_cpu();
    let start = Instant::now();
    let status = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status().unwrap_or_else(|e| panic!("{name}: {e}"));
    let wall = start.elapsed();
    assert!(status.success(), "{name} failed: {status} (run it by hand to see why)");
    (wall, children_cpu().saturating_sub(before))
}

/// User + system CPU time of this process's waited-for children, from `/proc/self/stat`
/// (`cutime` + `cstime`, in clock ticks of 1/100 s; zero where `/proc` is missing).
fn children_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may contain spaces.
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    // `cutime` and `cstime` are fields 16 and 17 of the whole line, 14 and 15 after the name.
    let ticks: u64 = [13, 14].iter().filter_map(|&i| fields.get(i)?.parse::<u64>().ok()).sum();
    Duration::from_millis(ticks * 10)
}

fn median(mut xs: Vec<Duration>) -> f64 {
    xs.sort();
    let n = xs.len();
    if n == 0 {
        return f64::NAN;
    }
    let mid = if n % 2 == 1 { xs[n / 2] } else { (xs[n / 2 - 1] + xs[n / 2]) / 2 };
    mid.as_secs_f64()
}
