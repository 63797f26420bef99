//! Command-line parsing (no dependencies: a handful of flags).

use std::path::PathBuf;

/// `codegen` arguments.
pub struct Codegen {
    pub root: PathBuf,
    pub check: bool,
    pub deny_warnings: bool,
    pub spec: Option<PathBuf>,
    pub tags: Vec<String>,
    pub out: Option<PathBuf>,
}

/// Output formats of `spec diff`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// `spec diff` arguments.
pub struct SpecDiff {
    pub old: PathBuf,
    pub new: PathBuf,
    pub tags: Vec<String>,
    pub format: Format,
}

/// `spec pin` arguments.
pub struct SpecPin {
    pub root: PathBuf,
    pub path: Option<PathBuf>,
    pub version: Option<String>,
    pub base_url: Option<String>,
    pub sha256: Option<String>,
}

/// `matrix` arguments.
pub struct Matrix {
    pub root: PathBuf,
    pub specs: Option<PathBuf>,
    pub contract: Vec<String>,
}

pub enum Command {
    Codegen(Codegen),
    Matrix(Matrix),
    SpecDiff(SpecDiff),
    SpecPin(SpecPin),
    Test { root: PathBuf },
}

pub fn parse(args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut args: Vec<String> = args.collect();
    // `--root DIR` is accepted by every command.
    let mut root = crate::default_root();
    if let Some(i) = args.iter().position(|a| a == "--root") {
        let value = args.get(i + 1).cloned().ok_or("--root needs a value")?;
        root = PathBuf::from(value);
        args.drain(i..i + 2);
    }
    let mut it = args.into_iter();
    let command = it.next();
    let mut rest: Vec<String> = it.collect();
    let command = match command.as_deref() {
        Some("codegen") => {
            let spec = take(&mut rest, "--spec")?.pop().map(PathBuf::from);
            let tags = take(&mut rest, "--tag")?;
            let out = take(&mut rest, "--out")?.pop().map(PathBuf::from);
            let check = remove_flag(&mut rest, "--check");
            let deny_warnings = remove_flag(&mut rest, "--deny-warnings");
            Command::Codegen(Codegen { root, check, deny_warnings, spec, tags, out })
        }
        Some("spec") => {
            let sub = if rest.is_empty() { None } else { Some(rest.remove(0)) };
            match sub.as_deref() {
                Some("diff") => {
                    let tags = take(&mut rest, "--tag")?;
                    let format = match take(&mut rest, "--format")?.pop().as_deref() {
                        None | Some("text") => Format::Text,
                        Some("json") => Format::Json,
                        Some("markdown" | "md") => Format::Markdown,
                        Some(other) => return Err(format!("unknown format `{other}` (text, json, markdown)")),
                    };
                    if rest.len() != 2 {
                        return Err("spec diff needs OLD and NEW spec paths".to_owned());
                    }
                    let new = PathBuf::from(rest.pop().unwrap_or_default());
                    let old = PathBuf::from(rest.pop().unwrap_or_default());
                    Command::SpecDiff(SpecDiff { old, new, tags, format })
                }
                Some("pin") => {
                    let version = take(&mut rest, "--version")?.pop();
                    let base_url = take(&mut rest, "--base-url")?.pop();
                    let sha256 = take(&mut rest, "--sha256")?.pop();
                    let path = if rest.is_empty() { None } else { Some(PathBuf::from(rest.remove(0))) };
                    if path.is_some() == version.is_some() {
                        return Err("spec pin needs either a PATH or --version".to_owned());
                    }
                    Command::SpecPin(SpecPin { root, path, version, base_url, sha256 })
                }
                Some(other) => return Err(format!("unknown spec command `{other}` (diff, pin)")),
                None => return Err("spec needs a command: diff or pin".to_owned()),
            }
        }
        Some("matrix") => {
            let specs = take(&mut rest, "--specs")?.pop().map(PathBuf::from);
            let contract = take(&mut rest, "--contract")?;
            Command::Matrix(Matrix { root, specs, contract })
        }
        Some("test") => Command::Test { root },
        Some("-h" | "--help") => return Err(String::new()),
        Some(other) => return Err(format!("unknown command `{other}`")),
        None => return Err("no command given".to_owned()),
    };
    if let Some(unknown) = rest.first() {
        return Err(format!("unknown argument `{unknown}`"));
    }
    Ok(command)
}

/// Remove every `flag VALUE` pair, returning the values.
fn take(rest: &mut Vec<String>, flag: &str) -> Result<Vec<String>, String> {
    let mut values = Vec::new();
    while let Some(i) = rest.iter().position(|a| a == flag) {
        let v = rest.get(i + 1).cloned().ok_or_else(|| format!("{flag} needs a value"))?;
        values.push(v);
        rest.drain(i..i + 2);
    }
    Ok(values)
}

fn remove_flag(rest: &mut Vec<String>, flag: &str) -> bool {
    let before = rest.len();
    rest.retain(|a| a != flag);
    rest.len() != before
}
