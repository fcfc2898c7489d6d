//! The file front end: finding bank files, reading them safely, and atomic writes.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::bank::load::{Loaded, Lost, parse_all};
use crate::bank::{Diagnostic, Problem, Source};

/// Larger files are refused before reading: a bank of 50,000 questions is about 25 MB.
pub const MAX_BANK_BYTES: u64 = 64 * 1024 * 1024;

/// Banks read from paths, with the diagnostics met on the way.
#[derive(Debug, Default)]
pub struct LoadSet {
    /// Banks that parsed.
    pub loaded: Vec<Loaded>,
    /// Files that were read but did not parse (kept to show their lines).
    pub unparsed: Vec<Source>,
    /// Files that did not parse but whose `[bank]` table did: their sound tables, and what
    /// was lost, for the semantic checks of `kuis check`.
    pub partial: Vec<(Loaded, Lost)>,
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
            .chain(self.partial.iter().map(|(l, _)| &l.source))
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
            .chain(self.partial.iter().map(|(l, _)| &l.source))
            .map(|s| crate::bank::load::question_headers(&s.text))
            .sum();
        parsed + unparsed
    }

    /// How many files were read, whether they parsed or not.
    pub fn files(&self) -> usize {
        self.loaded.len() + self.unparsed.len() + self.partial.len()
    }

    /// Run `checks` on every bank that parsed and on the sound tables of those that did not
    /// (together, so an id used in two files is found), leaving out what a lost table
    /// explains: the author sees the errors of the questions that parsed in the same run as
    /// those of the questions that did not.
    pub fn check(&self, checks: impl FnOnce(&[Loaded]) -> Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.partial.is_empty() {
            return checks(&self.loaded);
        }
        let mut all = self.loaded.clone();
        all.extend(self.partial.iter().map(|(l, _)| l.clone()));
        let lost: std::collections::HashMap<&str, &Lost> = self
            .partial
            .iter()
            .map(|(l, lost)| (l.source.name.as_str(), lost))
            .collect();
        let mut found = checks(&all);
        found.retain(|d| {
            lost.get(d.file.as_str())
                .is_none_or(|lost| !lost.explains(&d.problem))
        });
        found
    }

    /// A file that could not be read.
    fn failed(&mut self, d: Diagnostic) {
        self.order.push(d.file.clone());
        self.diagnostics.push(d);
    }

    /// Add a bank from text already in memory (the built-in bank).
    pub fn add_source(&mut self, source: Source) {
        self.order.push(source.name.clone());
        match parse_all(&source) {
            Ok(bank) => self.loaded.push(Loaded { source, bank }),
            Err(broken) => {
                self.diagnostics.extend(broken.errors);
                match broken.partial {
                    Some(p) => self.partial.push((
                        Loaded {
                            source,
                            bank: p.bank,
                        },
                        p.lost,
                    )),
                    None => self.unparsed.push(source),
                }
            }
        }
    }
}

/// Read every bank named by `paths`: files as they are, folders recursively (`*.toml`, sorted
/// so results do not depend on the file system's order). Symlinked folders are not followed
/// (two self-links would make the scan endless) and a file reached twice is read once.
pub fn load(paths: &[PathBuf]) -> LoadSet {
    let mut set = LoadSet::default();
    let mut seen = std::collections::HashSet::new();
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
                    if fs::metadata(&file).is_ok_and(|m| seen.insert(identity(&m))) {
                        read_into(&file, &mut set);
                    }
                }
            }
            Ok(meta) => {
                if seen.insert(identity(&meta)) {
                    read_into(path, &mut set);
                }
            }
        }
    }
    set
}

/// A file's identity on this machine: device and inode.
pub fn identity(meta: &fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// Collect `*.toml` under `dir`. `file_type` does not follow symlinks: a symlinked folder is
/// skipped, a symlinked file is kept (and read once, by identity, in [`load`]).
fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "toml")
            && (kind.is_file() || (kind.is_symlink() && path.is_file()))
        {
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
/// A pipe (`<(…)`) or a device is read as a stream, with the same cap as a file.
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
    let too_large = |bytes: u64| {
        Diagnostic::new(
            &name,
            None,
            Problem::TooLarge {
                bytes,
                limit: MAX_BANK_BYTES,
            },
        )
    };
    let bytes = read_capped(path, MAX_BANK_BYTES).map_err(|e| match e {
        Capped::Io(e) => io_error(e),
        Capped::TooLarge(n) => too_large(n),
    })?;
    let text =
        String::from_utf8(bytes).map_err(|_| Diagnostic::new(&name, None, Problem::NotUtf8))?;
    if text.contains('\0') {
        return Err(Diagnostic::new(&name, None, Problem::NotUtf8));
    }
    Ok(Source::new(name, text))
}

/// Why [`read_capped`] gave up.
#[derive(Debug)]
pub enum Capped {
    /// Reading failed.
    Io(io::Error),
    /// More than the cap: the size known (a file) or read so far (a stream).
    TooLarge(u64),
}

/// Open `path` for reading without ever blocking on the open: a FIFO with no writer would
/// otherwise hang forever. Regular files, pipes and character devices are accepted (the
/// last two are read as streams); a folder or a socket is refused with a clear error.
pub fn open(path: &Path) -> io::Result<fs::File> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    let file = fs::File::from(fd);
    let kind = file.metadata()?.file_type();
    use std::os::unix::fs::FileTypeExt;
    if kind.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            crate::i18n::current().pick("ini folder, bukan berkas", "this is a folder, not a file"),
        ));
    }
    if !(kind.is_file() || kind.is_fifo() || kind.is_char_device()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            crate::i18n::current().pick(
                "ini bukan berkas dan bukan aliran data",
                "this is neither a file nor a stream",
            ),
        ));
    }
    // Streams are then read normally: a writer that is slow to write is waited for.
    rustix::fs::fcntl_setfl(&file, OFlags::empty())?;
    Ok(file)
}

/// Read all of `path` ([`open`]), refusing more than `cap` bytes, whether the size is known
/// beforehand (a file) or only by reading (a stream, a file that grows).
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, Capped> {
    let file = open(path).map_err(Capped::Io)?;
    let meta = file.metadata().map_err(Capped::Io)?;
    if meta.is_file() && meta.len() > cap {
        return Err(Capped::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(if meta.is_file() {
        meta.len() as usize
    } else {
        0
    });
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(Capped::Io)?;
    if bytes.len() as u64 > cap {
        return Err(Capped::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
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

/// Write `bytes` to `path` atomically: see [`write_atomic_with`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// The mode of a new file people share (a bank, an export, a report): readable by others,
/// as `cp` or a text editor would make it; the umask still applies.
const SHARED_MODE: u32 = 0o644;

/// Write output produced bit by bit to `path`.
///
/// A regular file (or a new one) is written atomically: a buffered temporary file in the
/// same folder, synced, then renamed over the target, so a crash leaves either the old file
/// or the new one. A symlink is followed and its target replaced; an existing file keeps its
/// mode and owner; a new one is made 0644 (under the umask). Anything else — `-` (stdout),
/// `/dev/stdout`, a pipe, a device — is written straight through: renaming over
/// `/dev/null` would replace the device with a file.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_as(path, SHARED_MODE, write)
}

/// Append `bytes` to the private file `path` (created 0600) as one whole: under an exclusive
/// lock (`flock`), so lines appended by several kuis at once never interleave, and synced
/// before returning, so what was appended survives a power cut. A failed write is cut back
/// off, so the file never ends in a partial line.
pub fn append_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)?;
    let before = file.metadata()?.len();
    let written = (&file).write_all(bytes).and_then(|()| file.sync_data());
    if written.is_err() {
        let _ = file.set_len(before);
    }
    written
}

/// Create `dir` and the folders above it that are missing, readable by their owner only
/// (0700): kuis's own folders hold personal data (the store, the remembered identity). A
/// folder that exists keeps the mode its owner gave it.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// [`write_atomic_with`] for a private file (the remembered identity): new files are 0600.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_as(path, 0o600, |w| w.write_all(bytes))
}

fn write_as(
    path: &Path,
    new_mode: u32,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if path.as_os_str() == "-" {
        let mut stdout = io::BufWriter::new(io::stdout().lock());
        write(&mut stdout)?;
        return stdout.flush();
    }
    let target = resolve_links(path)?;
    let existing = match fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    // Through /dev and /proc, a "regular file" is a descriptor someone handed us (the
    // shell's `> out`): it is written where it is, not replaced.
    let handed = [Path::new("/dev"), Path::new("/proc")]
        .iter()
        .any(|d| path.starts_with(d) || target.starts_with(d));
    if let Some(meta) = &existing
        && (!meta.is_file() || handed)
    {
        let file = fs::OpenOptions::new()
            .write(true)
            .truncate(meta.is_file())
            .open(&target)?;
        let mut out = io::BufWriter::new(file);
        write(&mut out)?;
        return out.flush();
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mode = existing.as_ref().map_or(new_mode, |m| m.mode() & 0o7777);
    let tmp = tempfile::Builder::new()
        .prefix(".kuis-")
        .permissions(fs::Permissions::from_mode(mode))
        .tempfile_in(dir)?;
    if let Some(meta) = &existing {
        // Keep the owner (when root writes a trainer's file); a user cannot give files away,
        // and a file that is already theirs needs nothing.
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
        // The umask narrowed the mode at creation: the old file's mode is restored exactly.
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))?;
    }
    let mut buffered = io::BufWriter::new(tmp);
    write(&mut buffered)?;
    let tmp = buffered.into_inner().map_err(|e| e.into_error())?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// Follow `path` through symlinks (at most 40, like the kernel) to the file they name, which
/// need not exist yet.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_owned();
    for _ in 0..40 {
        // /dev/fd/N and /proc/self/fd/N link to "pipe:[…]" and the like: they are opened
        // as they are.
        if current.starts_with("/proc") || current.starts_with("/dev") {
            return Ok(current);
        }
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    // The kernel's own ELOOP, so it is named like any other I/O error, in the UI language.
    Err(io::Error::from_raw_os_error(
        rustix::io::Errno::LOOP.raw_os_error(),
    ))
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
