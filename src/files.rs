//! The file front end: finding bank files, reading them safely, and atomic writes.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::bank::load::Loaded;
use crate::bank::{Diagnostic, Problem, Source, parse};

/// Larger files are refused before reading: a bank of 50,000 questions is about 25 MB.
pub const MAX_BANK_BYTES: u64 = 64 * 1024 * 1024;

/// Banks read from paths, with the diagnostics met on the way.
#[derive(Debug, Default)]
pub struct LoadSet {
    /// Banks that parsed.
    pub loaded: Vec<Loaded>,
    /// Files that were read but did not parse (kept to show their lines).
    pub unparsed: Vec<Source>,
    /// Problems reading or parsing.
    pub diagnostics: Vec<Diagnostic>,
    /// Every file named, in the order read: diagnostics are shown in this order.
    pub order: Vec<String>,
}

impl LoadSet {
    /// The text of a file by name, for rendering diagnostics.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.loaded
            .iter()
            .map(|l| &l.source)
            .chain(&self.unparsed)
            .find(|s| s.name == name)
            .map(|s| s.text.as_str())
    }

    /// Sort diagnostics as an author reads: file by file in the order read, then by place in
    /// the file (stable, so diagnostics at one place keep the order the checks found them).
    pub fn sort(&self, diagnostics: &mut [Diagnostic]) {
        let rank: std::collections::HashMap<&str, usize> = self
            .order
            .iter()
            .enumerate()
            .map(|(i, name)| (name.as_str(), i))
            .collect();
        diagnostics.sort_by_cached_key(|d| {
            (
                rank.get(d.file.as_str()).copied().unwrap_or(usize::MAX),
                d.span.as_ref().map_or(0, |s| s.start),
            )
        });
    }

    /// How many questions the files hold: those parsed, and the `[[question]]` tables of the
    /// files that did not parse.
    pub fn questions(&self) -> usize {
        let parsed: usize = self.loaded.iter().map(|l| l.bank.questions.len()).sum();
        let unparsed: usize = self
            .unparsed
            .iter()
            .map(|s| crate::bank::load::question_headers(&s.text))
            .sum();
        parsed + unparsed
    }

    /// A file that could not be read.
    fn failed(&mut self, d: Diagnostic) {
        self.order.push(d.file.clone());
        self.diagnostics.push(d);
    }

    /// Add a bank from text already in memory (the built-in bank).
    pub fn add_source(&mut self, source: Source) {
        self.order.push(source.name.clone());
        match parse(&source) {
            Ok(bank) => self.loaded.push(Loaded { source, bank }),
            Err(errors) => {
                self.diagnostics.extend(errors);
                self.unparsed.push(source);
            }
        }
    }
}

/// Read every bank named by `paths`: files as they are, folders recursively (`*.toml`, sorted
/// so results do not depend on the file system's order).
pub fn load(paths: &[PathBuf]) -> LoadSet {
    let mut set = LoadSet::default();
    for path in paths {
        let name = path.display().to_string();
        match fs::metadata(path) {
            Err(e) => set.failed(Diagnostic::new(
                &name,
                None,
                Problem::Io {
                    detail: describe(&e),
                },
            )),
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                if let Err(e) = walk(path, &mut found) {
                    set.diagnostics.push(Diagnostic::new(
                        &name,
                        None,
                        Problem::Io {
                            detail: describe(&e),
                        },
                    ));
                }
                if found.is_empty() {
                    set.diagnostics
                        .push(Diagnostic::new(&name, None, Problem::NoBankFiles));
                }
                found.sort();
                for file in found {
                    read_into(&file, &mut set);
                }
            }
            Ok(_) => read_into(path, &mut set),
        }
    }
    set
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            found.push(path);
        }
    }
    Ok(())
}

fn read_into(path: &Path, set: &mut LoadSet) {
    match read(path) {
        Ok(source) => set.add_source(source),
        Err(d) => set.failed(d),
    }
}

/// Read one bank file: refuse what is too large or not UTF-8 text, with a diagnostic.
pub fn read(path: &Path) -> Result<Source, Diagnostic> {
    let name = path.display().to_string();
    let io_error = |e: io::Error| {
        Diagnostic::new(
            &name,
            None,
            Problem::Io {
                detail: describe(&e),
            },
        )
    };
    let file = fs::File::open(path).map_err(io_error)?;
    let size = file.metadata().map_err(io_error)?.len();
    if size > MAX_BANK_BYTES {
        return Err(Diagnostic::new(
            &name,
            None,
            Problem::TooLarge {
                bytes: size,
                limit: MAX_BANK_BYTES,
            },
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` guards against a file that grows while it is read.
    file.take(MAX_BANK_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    let text =
        String::from_utf8(bytes).map_err(|_| Diagnostic::new(&name, None, Problem::NotUtf8))?;
    if text.contains('\0') {
        return Err(Diagnostic::new(&name, None, Problem::NotUtf8));
    }
    Ok(Source::new(name, text))
}

/// An I/O error in words, in the UI language, by its kind; without Rust's "(os error 2)"
/// noise when the system's own words are all there is.
pub fn describe(e: &io::Error) -> String {
    if let Some(said) = crate::i18n::current().io_error(e) {
        return said.to_owned();
    }
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder, synced, then
/// renamed over the target, so a crash leaves either the old file or the new one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] for output produced bit by bit (a large export): `write` fills a buffered
/// temporary file, which replaces `path` only when `write` succeeded.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::NamedTempFile::new_in(dir)?;
    let mut buffered = io::BufWriter::new(tmp);
    write(&mut buffered)?;
    let tmp = buffered.into_inner().map_err(|e| e.into_error())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that an atomic write replaces the file whole and leaves no temporary behind.
    #[test]
    fn atomic_write_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    // Test that a binary file and a missing one each give one diagnostic, not a panic.
    #[test]
    fn unreadable_files() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("b.toml");
        fs::write(&bin, [0xff, 0xfe, 0x00, 0x01]).unwrap();
        assert_eq!(read(&bin).unwrap_err().problem, Problem::NotUtf8);
        let set = load(&[dir.path().join("missing.toml")]);
        assert_eq!(set.diagnostics.len(), 1);
        assert_eq!(set.diagnostics[0].problem.code(), "E001");
    }
}
