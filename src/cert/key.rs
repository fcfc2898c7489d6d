//! The organisation's keys: the Ed25519 signing key in a private file (0600) in the config
//! folder, with the issuer's name, and the public key as a line of text to publish. A key id
//! (8 bytes of the public key's SHA-256) is in every code, so a verifier names the key it
//! needs, as minisign does.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::code::{from_text, to_text};
use crate::i18n::Lang;

/// The start of a public key's text: names what it is, and its format's version.
const PUBLIC_PREFIX: &str = "kuispub1:";

/// The largest key file read (a key file is a few hundred bytes; a list of public keys a
/// few more).
const KEY_FILE_MAX: u64 = 64 * 1024;

/// The id of a key: the first 8 bytes of SHA-256 over its public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId([u8; 8]);

impl KeyId {
    /// The id as it is stored in a code.
    pub fn from_bytes(bytes: [u8; 8]) -> KeyId {
        KeyId(bytes)
    }

    /// The id's bytes.
    pub fn as_bytes(&self) -> &[u8; 8] {
        &self.0
    }
}

/// 16 hex digits, upper case, as people read them out.
impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

/// A public key: what a verifier needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey(ed25519_dalek::VerifyingKey);

impl PublicKey {
    /// Its id.
    pub fn id(&self) -> KeyId {
        let digest = Sha256::digest(self.0.as_bytes());
        let mut id = [0; 8];
        id.copy_from_slice(&digest[..8]);
        KeyId(id)
    }

    pub(super) fn dalek(&self) -> &ed25519_dalek::VerifyingKey {
        &self.0
    }

    /// The key as one line of text: `kuispub1:` and its 32 bytes in the code alphabet.
    pub fn text(&self) -> String {
        format!("{PUBLIC_PREFIX}{}", to_text(self.0.as_bytes()))
    }

    /// A key from its text ([`PublicKey::text`]); spaces and dashes may be missing or added.
    pub fn parse(text: &str) -> Option<PublicKey> {
        let text = text.trim();
        let rest = text
            .get(..PUBLIC_PREFIX.len())
            .filter(|p| p.eq_ignore_ascii_case(PUBLIC_PREFIX))
            .map(|_| &text[PUBLIC_PREFIX.len()..])?;
        let bytes: [u8; 32] = from_text(rest)?.try_into().ok()?;
        ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .ok()
            .map(PublicKey)
    }

    /// Every key in a text: one per line; empty lines and `#` comments are skipped. `None`
    /// when a line is neither.
    pub fn parse_all(text: &str) -> Option<Vec<PublicKey>> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(PublicKey::parse)
            .collect()
    }

    /// The text to publish: comments saying whose key it is and how to use it, then the key.
    pub fn publishable(&self, issuer: &str, lang: Lang) -> String {
        let id = self.id();
        let comment = lang.pick(
            format!(
                "# Kunci publik kuis milik {issuer} (id kunci {id}).\n# Periksa sertifikat dengan: kuis verify KODE --key BERKAS_INI\n"
            ),
            format!(
                "# kuis public key of {issuer} (key id {id}).\n# Verify a certificate with: kuis verify CODE --key THIS_FILE\n"
            ),
        );
        format!("{comment}{}\n", self.text())
    }
}

/// The organisation's signing key and the issuer it signs for.
pub struct SigningKey {
    key: ed25519_dalek::SigningKey,
    /// The issuing organisation, as certificates name it.
    pub issuer: String,
    /// When it was made (RFC 3339).
    pub created: String,
}

/// Never print the secret, even by accident.
impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("id", &self.id())
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// A new key from the operating system's random source.
    pub fn generate(issuer: String) -> std::io::Result<SigningKey> {
        use rand::TryRng;
        let mut seed = [0u8; 32];
        rand::rngs::SysRng
            .try_fill_bytes(&mut seed)
            .map_err(std::io::Error::other)?;
        Ok(SigningKey::from_seed(seed, issuer))
    }

    /// The key of a 32-byte seed (tests, and reading a key file).
    pub fn from_seed(seed: [u8; 32], issuer: String) -> SigningKey {
        SigningKey {
            key: ed25519_dalek::SigningKey::from_bytes(&seed),
            issuer,
            created: crate::results::when::now(),
        }
    }

    /// Its public half.
    pub fn public(&self) -> PublicKey {
        PublicKey(self.key.verifying_key())
    }

    /// Its id.
    pub fn id(&self) -> KeyId {
        self.public().id()
    }

    pub(super) fn dalek(&self) -> &ed25519_dalek::SigningKey {
        &self.key
    }
}

/// The key file as TOML.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    issuer: String,
    created: String,
    /// The 32-byte seed in the code alphabet.
    secret: String,
    /// The public key, to check the file against and to show without the secret.
    public: String,
}

/// What can go wrong with a key file.
#[derive(Debug)]
pub enum KeyError {
    /// There is no key file yet.
    Missing(PathBuf),
    /// A key file exists and `--force` was not given.
    Exists(PathBuf),
    /// Others than its owner may read the file.
    Exposed(PathBuf, u32),
    /// The file cannot be read or written.
    Io(PathBuf, std::io::Error),
    /// The file is not a kuis key (why).
    Corrupt(PathBuf, String),
    /// The issuer's name is empty, too long, or has control characters.
    BadIssuer,
    /// A `--key` that is neither a public key nor a file of them.
    NotAKey(String),
}

impl KeyError {
    /// The error in words, with what to do.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            KeyError::Missing(path) => lang.pick(
                format!(
                    "belum ada kunci penanda tangan ({}); buat dengan: kuis keys init --issuer \"NAMA INSTANSI\"",
                    path.display()
                ),
                format!(
                    "there is no signing key yet ({}); make one with: kuis keys init --issuer \"ORGANISATION NAME\"",
                    path.display()
                ),
            ),
            KeyError::Exists(path) => lang.pick(
                format!(
                    "{}: kunci penanda tangan sudah ada; sertifikat yang sudah terbit hanya dapat diperiksa dengan kunci itu. Untuk menggantinya tetap, tambahkan --force",
                    path.display()
                ),
                format!(
                    "{}: a signing key exists; certificates already issued can only be verified with it. To replace it anyway, add --force",
                    path.display()
                ),
            ),
            KeyError::Exposed(path, mode) => lang.pick(
                format!(
                    "{}: berkas kunci dapat dibaca orang lain (mode {mode:o}); batasi dengan: chmod 600 {}",
                    path.display(),
                    path.display()
                ),
                format!(
                    "{}: the key file is readable by others (mode {mode:o}); restrict it with: chmod 600 {}",
                    path.display(),
                    path.display()
                ),
            ),
            KeyError::Io(path, e) => {
                format!("{}: {}", path.display(), crate::files::describe(e))
            }
            KeyError::Corrupt(path, why) => lang.pick(
                format!("{}: bukan berkas kunci kuis: {why}", path.display()),
                format!("{}: not a kuis key file: {why}", path.display()),
            ),
            KeyError::BadIssuer => lang.pick(
                format!(
                    "--issuer: tulis nama instansi penerbit, 1 sampai {} byte, tanpa karakter kendali",
                    super::code::FIELD_MAX
                ),
                format!(
                    "--issuer: give the issuing organisation's name, 1 to {} bytes, no control characters",
                    super::code::FIELD_MAX
                ),
            ),
            KeyError::NotAKey(given) => lang.pick(
                format!(
                    "--key {given}: bukan kunci publik kuis (kuispub1:…) dan bukan berkas berisi kunci itu"
                ),
                format!(
                    "--key {given}: neither a kuis public key (kuispub1:…) nor a file holding one"
                ),
            ),
        }
    }
}

/// Where the signing key lives by default: `signing-key.toml` beside the config file.
pub fn default_path() -> Option<PathBuf> {
    crate::config::path().and_then(|p| p.parent().map(|d| d.join("signing-key.toml")))
}

/// A clean issuer name (cleaned as people's words are: [`crate::words`]), or why not.
pub fn check_issuer(issuer: &str) -> Result<String, KeyError> {
    match crate::words::clean_within(issuer) {
        Some(issuer) if !issuer.is_empty() && issuer.len() <= super::code::FIELD_MAX => Ok(issuer),
        _ => Err(KeyError::BadIssuer),
    }
}

/// Write `key` to `path` (0600, atomically), refusing to replace a key unless `force`.
pub fn save(key: &SigningKey, path: &Path, force: bool) -> Result<(), KeyError> {
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(KeyError::Exists(path.to_owned()));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| KeyError::Io(dir.to_owned(), e))?;
    }
    let file = KeyFile {
        issuer: key.issuer.clone(),
        created: key.created.clone(),
        secret: to_text(key.key.as_bytes()),
        public: key.public().text(),
    };
    let body =
        toml::to_string(&file).map_err(|e| KeyError::Corrupt(path.to_owned(), e.to_string()))?;
    let text = format!(
        "# kuis: kunci penanda tangan sertifikat. RAHASIAKAN: siapa pun yang memilikinya dapat menerbitkan sertifikat atas nama penerbit.\n# kuis: certificate signing key. KEEP IT SECRET: whoever has it can issue certificates in the issuer's name.\n{body}"
    );
    crate::files::write_private(path, text.as_bytes()).map_err(|e| KeyError::Io(path.to_owned(), e))
}

/// Read the signing key at `path`. The file must be the owner's alone (as ssh asks of its
/// keys): a key others can read may already be someone else's.
pub fn load(path: &Path) -> Result<SigningKey, KeyError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(KeyError::Missing(path.to_owned()));
        }
        other => other.map_err(|e| KeyError::Io(path.to_owned(), e))?,
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyError::Exposed(path.to_owned(), mode));
    }
    let corrupt = |why: String| KeyError::Corrupt(path.to_owned(), why);
    let bytes = crate::files::read_capped(path, KEY_FILE_MAX).map_err(|e| match e {
        crate::files::Capped::Io(e) => KeyError::Io(path.to_owned(), e),
        crate::files::Capped::TooLarge(_) => corrupt("too large".into()),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| corrupt("not UTF-8".into()))?;
    let file: KeyFile = toml::from_str(&text).map_err(|e| corrupt(e.message().to_owned()))?;
    let seed: [u8; 32] = from_text(&file.secret)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| corrupt("secret".into()))?;
    let mut key = SigningKey::from_seed(
        seed,
        check_issuer(&file.issuer).map_err(|_| corrupt("issuer".into()))?,
    );
    key.created = file.created;
    // The public key written beside the secret must be the secret's: a file edited by hand
    // (or two files spliced) is refused rather than signing under a key nobody published.
    if PublicKey::parse(&file.public) != Some(key.public()) {
        return Err(corrupt("public".into()));
    }
    Ok(key)
}

/// The public keys of a `--key` value: a key's text, or a file of keys (one per line, with
/// `#` comments, as `kuis keys public` prints them).
pub fn public_keys(given: &str) -> Result<Vec<PublicKey>, KeyError> {
    if let Some(key) = PublicKey::parse(given) {
        return Ok(vec![key]);
    }
    let path = Path::new(given);
    let bytes = crate::files::read_capped(path, KEY_FILE_MAX).map_err(|e| match e {
        crate::files::Capped::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
            KeyError::NotAKey(given.to_owned())
        }
        crate::files::Capped::Io(e) => KeyError::Io(path.to_owned(), e),
        crate::files::Capped::TooLarge(_) => KeyError::NotAKey(given.to_owned()),
    })?;
    String::from_utf8(bytes)
        .ok()
        .and_then(|t| PublicKey::parse_all(&t))
        .filter(|keys| !keys.is_empty())
        .ok_or_else(|| KeyError::NotAKey(given.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that a public key's text reads back as the same key, with or without grouping,
    // and that a published file (comments and all) gives its key.
    #[test]
    fn public_key_text() {
        let key = SigningKey::from_seed([3; 32], "BKPSDM".into());
        let text = key.public().text();
        assert!(text.starts_with("kuispub1:"));
        assert_eq!(PublicKey::parse(&text), Some(key.public()));
        assert_eq!(
            PublicKey::parse(&text.replace('-', "").to_uppercase()),
            Some(key.public())
        );
        let published = key.public().publishable("BKPSDM", Lang::Id);
        assert!(published.contains(&key.id().to_string()));
        assert_eq!(PublicKey::parse_all(&published), Some(vec![key.public()]));
        assert_eq!(PublicKey::parse("kuispub1:ABC"), None);
        assert_eq!(PublicKey::parse_all("not a key"), None);
    }

    // Test that a key is saved 0600, read back the same, never replaced without force, and
    // refused when others may read it or when its halves do not match.
    #[test]
    fn key_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/signing-key.toml");
        assert!(matches!(load(&path), Err(KeyError::Missing(_))));
        let key = SigningKey::generate("BKPSDM Kota Bandung".into()).unwrap();
        save(&key, &path, false).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let read = load(&path).unwrap();
        assert_eq!(read.public(), key.public());
        assert_eq!(read.issuer, "BKPSDM Kota Bandung");
        let other = SigningKey::generate("X".into()).unwrap();
        assert!(matches!(
            save(&other, &path, false),
            Err(KeyError::Exists(_))
        ));
        assert_eq!(load(&path).unwrap().public(), key.public());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(load(&path), Err(KeyError::Exposed(_, 0o644))));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let spliced = text.replace(&key.public().text(), &other.public().text());
        std::fs::write(&path, spliced).unwrap();
        assert!(matches!(load(&path), Err(KeyError::Corrupt(..))));
        save(&other, &path, true).unwrap();
        assert_eq!(load(&path).unwrap().public(), other.public());
    }
}
