//! Write stage: compare generated files with what is on disk, then either report the drift
//! (`--check`) or apply it: only changed files are written, stale ones are removed, each write is
//! atomic (temporary file + rename), and a failure part-way restores every file already touched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One generated file, relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// Directories of the output whose every file is generated: files there that generation did not
/// produce are stale and removed.
pub const MANAGED_DIRS: &[&str] = &["src"];

/// The difference between the generated files and the output directory.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Drift {
    /// Files whose contents differ: path, old contents, new contents.
    pub changed: Vec<(String, String, String)>,
    /// Generated files missing on disk: path, new contents.
    pub missing: Vec<(String, String)>,
    /// Files on disk in a managed directory that generation does not produce.
    pub extra: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
}

impl Drift {
    /// Nothing to do.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// A readable report: the lists of files, then a short unified diff of each changed file.
    pub fn report(&self, max_diff_lines: usize) -> String {
        let mut out = String::new();
        for (title, items) in [
            ("changed", self.changed.iter().map(|c| c.0.as_str()).collect::<Vec<_>>()),
            ("missing (would be created)", self.missing.iter().map(|m| m.0.as_str()).collect()),
            ("extra (would be removed)", self.extra.iter().map(String::as_str).collect()),
        ] {
            if !items.is_empty() {
                out.push_str(&format!("{title}:\n"));
                for item in items {
                    out.push_str(&format!("  {item}\n"));
                }
            }
        }
        for (path, old, new) in &self.changed {
            let diff = similar::TextDiff::from_lines(old, new);
            let text =
                diff.unified_diff().context_radius(2).header(&format!("a/{path}"), &format!("b/{path}")).to_string();
            let lines: Vec<&str> = text.lines().collect();
            for line in lines.iter().take(max_diff_lines) {
                out.push_str(line);
                out.push('\n');
            }
            if lines.len() > max_diff_lines {
                out.push_str(&format!("… {} more diff lines in {path}\n", lines.len() - max_diff_lines));
            }
        }
        out
    }
}

/// Compare `files` with the contents of `out_dir`.
pub fn drift(out_dir: &Path, files: &[GeneratedFile]) -> Result<Drift> {
    let mut drift = Drift::default();
    let wanted: BTreeMap<&str, &str> = files.iter().map(|f| (f.path.as_str(), f.contents.as_str())).collect();
    for (path, contents) in &wanted {
        match std::fs::read(out_dir.join(path)) {
            Ok(bytes) if bytes == contents.as_bytes() => drift.unchanged += 1,
            Ok(bytes) => drift.changed.push((
                path.to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
                contents.to_string(),
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                drift.missing.push((path.to_string(), contents.to_string()))
            }
            Err(e) => return Err(Error::io(format!("cannot read {}", out_dir.join(path).display()), e)),
        }
    }
    for dir in MANAGED_DIRS {
        for path in list_files(out_dir, Path::new(dir))? {
            if !wanted.contains_key(path.as_str()) {
                drift.extra.push(path);
            }
        }
    }
    Ok(drift)
}

fn list_files(root: &Path, rel: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let dir = root.join(rel);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(Error::io(format!("cannot list {}", dir.display()), e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("cannot list {}", dir.display()), e))?;
        let rel_path = rel.join(entry.file_name());
        let file_type = entry.file_type().map_err(|e| Error::io(format!("cannot stat {}", rel_path.display()), e))?;
        if file_type.is_dir() {
            out.extend(list_files(root, &rel_path)?);
        } else {
            out.push(rel_path.to_string_lossy().replace('\\', "/"));
        }
    }
    out.sort();
    Ok(out)
}

/// Something that performs file-system changes; tests inject failures through it.
pub trait Fs {
    /// Write `contents` to `path` (creating parent directories).
    fn write(&mut self, path: &Path, contents: &[u8]) -> std::io::Result<()>;
    /// Remove a file.
    fn remove(&mut self, path: &Path) -> std::io::Result<()>;
}

/// The real file system, writing each file atomically through a temporary file and a rename.
#[derive(Debug, Default)]
pub struct RealFs;

impl Fs for RealFs {
    fn write(&mut self, path: &Path, contents: &[u8]) -> std::io::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = path.with_file_name(format!(".{file_name}.tmp-{}", std::process::id()));
        let result = std::fs::write(&tmp, contents).and_then(|()| std::fs::rename(&tmp, path));
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    fn remove(&mut self, path: &Path) -> std::io::Result<()> {
        std::fs::remove_file(path)?;
        // Remove directories the removal left empty (never the managed roots' parent).
        let mut dir = path.parent();
        while let Some(d) = dir {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(())
    }
}

/// Apply `drift` to `out_dir`. On failure, every file already written or removed is restored to
/// its previous contents, so the directory is left exactly as it was.
pub fn apply(out_dir: &Path, drift: &Drift, fs: &mut dyn Fs) -> Result<()> {
    enum Undo {
        Restore(PathBuf, String),
        Remove(PathBuf),
    }
    let mut undo: Vec<Undo> = Vec::new();
    let step = |fs: &mut dyn Fs, undo: &mut Vec<Undo>| -> std::io::Result<()> {
        for (path, old, new) in &drift.changed {
            let full = out_dir.join(path);
            fs.write(&full, new.as_bytes())?;
            undo.push(Undo::Restore(full, old.clone()));
        }
        for (path, contents) in &drift.missing {
            let full = out_dir.join(path);
            fs.write(&full, contents.as_bytes())?;
            undo.push(Undo::Remove(full));
        }
        for path in &drift.extra {
            let full = out_dir.join(path);
            let old = std::fs::read_to_string(&full)?;
            fs.remove(&full)?;
            undo.push(Undo::Restore(full, old));
        }
        Ok(())
    };
    if let Err(e) = step(fs, &mut undo) {
        let mut rollback_errors = Vec::new();
        for u in undo.into_iter().rev() {
            let r = match &u {
                Undo::Restore(path, old) => RealFs.write(path, old.as_bytes()),
                Undo::Remove(path) => RealFs.remove(path),
            };
            if let Err(re) = r {
                rollback_errors.push(re.to_string());
            }
        }
        let mut msg = format!("writing {} failed, nothing was changed", out_dir.display());
        if !rollback_errors.is_empty() {
            msg = format!(
                "writing {} failed and restoring it failed too ({})",
                out_dir.display(),
                rollback_errors.join("; ")
            );
        }
        return Err(Error::io(msg, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: path.into(), contents: contents.into() }
    }

    fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<(String, Vec<u8>)> = list_files(dir, Path::new(""))
            .unwrap()
            .into_iter()
            .map(|p| {
                let bytes = std::fs::read(dir.join(&p)).unwrap();
                (p, bytes)
            })
            .collect();
        out.sort();
        out
    }

    fn setup() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src/services")).unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "old toml").unwrap();
        std::fs::write(dir.path().join("src/lib.rs"), "old lib").unwrap();
        std::fs::write(dir.path().join("src/services/stale.rs"), "stale").unwrap();
        std::fs::write(dir.path().join("src/same.rs"), "same").unwrap();
        dir
    }

    fn wanted() -> Vec<GeneratedFile> {
        vec![
            file("Cargo.toml", "new toml"),
            file("src/lib.rs", "new lib"),
            file("src/same.rs", "same"),
            file("src/services/new.rs", "new"),
        ]
    }

    #[test]
    fn drift_lists_changed_missing_and_extra_files() {
        let dir = setup();
        let d = drift(dir.path(), &wanted()).unwrap();
        let changed: Vec<&str> = d.changed.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(changed, ["Cargo.toml", "src/lib.rs"]);
        assert_eq!(d.missing, [("src/services/new.rs".to_owned(), "new".to_owned())]);
        assert_eq!(d.extra, ["src/services/stale.rs"]);
        assert_eq!(d.unchanged, 1);
        let report = d.report(50);
        assert!(report.contains("-old lib") && report.contains("+new lib"), "{report}");
        assert!(report.contains("extra (would be removed):\n  src/services/stale.rs"), "{report}");
    }

    #[test]
    fn apply_writes_only_what_changed_and_removes_stale_files() {
        let dir = setup();
        let d = drift(dir.path(), &wanted()).unwrap();
        apply(dir.path(), &d, &mut RealFs).unwrap();
        let after = snapshot(dir.path());
        let names: Vec<&str> = after.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["Cargo.toml", "src/lib.rs", "src/same.rs", "src/services/new.rs"]);
        assert!(drift(dir.path(), &wanted()).unwrap().is_clean());
    }

    /// Fails on the n-th operation.
    struct FailingFs {
        remaining: usize,
    }

    impl Fs for FailingFs {
        fn write(&mut self, path: &Path, contents: &[u8]) -> std::io::Result<()> {
            if self.remaining == 0 {
                return Err(std::io::Error::other("injected write failure"));
            }
            self.remaining -= 1;
            RealFs.write(path, contents)
        }

        fn remove(&mut self, path: &Path) -> std::io::Result<()> {
            if self.remaining == 0 {
                return Err(std::io::Error::other("injected remove failure"));
            }
            self.remaining -= 1;
            RealFs.remove(path)
        }
    }

    #[test]
    fn a_failure_at_any_step_leaves_the_directory_byte_identical() {
        // 2 changed + 1 missing + 1 extra = 4 operations: fail before each of them.
        for fail_at in 0..4 {
            let dir = setup();
            let before = snapshot(dir.path());
            let d = drift(dir.path(), &wanted()).unwrap();
            let err = apply(dir.path(), &d, &mut FailingFs { remaining: fail_at }).unwrap_err();
            assert!(err.message.contains("injected") && err.message.contains("nothing was changed"), "{err}");
            assert_eq!(snapshot(dir.path()), before, "failure at step {fail_at}");
        }
    }
}
