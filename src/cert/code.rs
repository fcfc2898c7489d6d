//! The verification code: a certificate's facts, the id of the key that signed them and the
//! Ed25519 signature, as bytes and as text people copy (Crockford base32 in groups of five).
//! As in minisign, what a verifier shows is exactly what was signed: the facts are decoded
//! from the signed bytes, and nothing outside the signature is read. No I/O.

use std::fmt;
use std::sync::OnceLock;

use data_encoding::Encoding;
use ed25519_dalek::{Signature, Signer};
use jiff::civil::Date;
use uuid::Uuid;

use super::key::{KeyId, PublicKey, SigningKey};

/// The format of the code's bytes; a verifier refuses others.
const VERSION: u8 = 1;

/// What the signature covers before the bytes: a certificate's signature can never be taken
/// for a signature over anything else made with the same key.
const CONTEXT: &[u8] = b"kuis certificate\0";

/// The longest text field, in bytes (its length is one byte).
pub const FIELD_MAX: usize = 255;

/// Characters per group in the text form.
const GROUP: usize = 5;

/// The signed facts of one passed exam.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// The attempt's id.
    pub attempt: Uuid,
    /// The participant's full name.
    pub name: String,
    /// The NIP (18 digits), when the participant has one.
    pub nip: Option<String>,
    /// The work unit, when given.
    pub unit: Option<String>,
    /// The bank's `[bank] id`.
    pub bank_id: String,
    /// The bank's `[bank] version`.
    pub bank_version: String,
    /// The first 8 bytes of the bank's SHA-256: which text was asked.
    pub bank_sha256: [u8; 8],
    /// The score in hundredths of a percent (8550 is 85.50%).
    pub percent: u16,
    /// The bank's pass mark, in percent.
    pub pass_mark: u8,
    /// Whether the attempt passed (a certificate is only issued for a pass; the flag is
    /// signed all the same, so the code says it and not only the paper).
    pub passed: bool,
    /// The exam's date, in the issuer's time zone.
    pub date: Date,
    /// Who issued it (the key's issuer).
    pub issuer: String,
}

impl Facts {
    /// The score as a number of percent.
    pub fn percent(&self) -> f64 {
        f64::from(self.percent) / 100.0
    }

    /// The bank's SHA-256 prefix as 16 hex digits.
    pub fn bank_sha256_hex(&self) -> String {
        self.bank_sha256
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// A decoded code: the facts, the key that signed them, and the bytes they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// What was signed.
    pub facts: Facts,
    /// The signing key's id.
    pub key: KeyId,
    bytes: Vec<u8>,
}

/// A fact that a code cannot carry: a text longer than [`FIELD_MAX`] bytes, or a NIP that is
/// not 18 digits (by the field's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadField(pub &'static str);

/// Why a text is not a certificate signed by a key at hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// Not a code at all (a character outside the alphabet, a wrong length, text cut short).
    Malformed,
    /// A code of a format this kuis does not know.
    Version(u8),
    /// Signed by a key that is not among those given.
    OtherKey {
        /// The key the code names.
        code: KeyId,
        /// The keys given.
        known: Vec<KeyId>,
    },
    /// The signature does not match the facts: the code was changed.
    Signature,
}

/// The code's alphabet: Crockford's base32 (no I, L, O, U). Reading is forgiving as his
/// design intends: lower case, `O` for 0 and `I`/`L` for 1 are read as meant, and spaces,
/// line breaks and the group dashes are skipped, so a code retyped from paper still reads.
fn alphabet() -> &'static Encoding {
    static ENCODING: OnceLock<Encoding> = OnceLock::new();
    ENCODING.get_or_init(|| {
        let mut spec = data_encoding::Specification::new();
        spec.symbols.push_str("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
        spec.translate.from.push_str("abcdefghjkmnpqrstvwxyzoOiIlL");
        spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ001111");
        spec.ignore.push_str("- \t\r\n");
        spec.encoding().expect("a valid base32 specification")
    })
}

/// `bytes` in the code alphabet, in groups of five joined by dashes.
pub fn to_text(bytes: &[u8]) -> String {
    let plain = alphabet().encode(bytes);
    let mut text = String::with_capacity(plain.len() + plain.len() / GROUP);
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && i % GROUP == 0 {
            text.push('-');
        }
        text.push(c);
    }
    text
}

/// The bytes of a text in the code alphabet (grouped or not, in any case).
pub fn from_text(text: &str) -> Option<Vec<u8>> {
    alphabet().decode(text.trim().as_bytes()).ok()
}

/// Where the text fields of a code start: version, key id, attempt id, bank hash prefix,
/// percent, pass mark, flags, date, then the NIP when the flags say there is one.
const FIXED: usize = 1 + 8 + 16 + 8 + 2 + 1 + 1 + 4;
const SIGNATURE: usize = 64;
const HAS_NIP: u8 = 0b10;
const PASSED: u8 = 0b01;

/// The signed bytes of `facts` under key `key`.
fn body(facts: &Facts, key: KeyId) -> Result<Vec<u8>, BadField> {
    let mut out = Vec::with_capacity(FIXED + 8 + 128 + SIGNATURE);
    out.push(VERSION);
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(facts.attempt.as_bytes());
    out.extend_from_slice(&facts.bank_sha256);
    out.extend_from_slice(&facts.percent.to_be_bytes());
    out.push(facts.pass_mark);
    let nip = facts.nip.as_deref().map(packed_nip).transpose()?;
    out.push((u8::from(facts.passed) * PASSED) | (u8::from(nip.is_some()) * HAS_NIP));
    out.extend_from_slice(&facts.date.year().to_be_bytes());
    out.push(facts.date.month() as u8);
    out.push(facts.date.day() as u8);
    if let Some(nip) = nip {
        out.extend_from_slice(&nip.to_be_bytes());
    }
    for (name, text) in [
        ("name", facts.name.as_str()),
        ("unit", facts.unit.as_deref().unwrap_or("")),
        ("bank.id", facts.bank_id.as_str()),
        ("bank.version", facts.bank_version.as_str()),
        ("issuer", facts.issuer.as_str()),
    ] {
        let len = u8::try_from(text.len()).map_err(|_| BadField(name))?;
        out.push(len);
        out.extend_from_slice(text.as_bytes());
    }
    Ok(out)
}

/// An 18-digit NIP as a number (8 bytes instead of 18 in the code).
fn packed_nip(nip: &str) -> Result<u64, BadField> {
    if nip.len() == 18 && nip.bytes().all(|b| b.is_ascii_digit()) {
        nip.parse().map_err(|_| BadField("nip"))
    } else {
        Err(BadField("nip"))
    }
}

/// Sign `facts` with `key`: the certificate and its code.
pub fn sign(facts: &Facts, key: &SigningKey) -> Result<Certificate, BadField> {
    let mut bytes = body(facts, key.id())?;
    let signature: Signature = key.dalek().sign(&signed(&bytes));
    bytes.extend_from_slice(&signature.to_bytes());
    Ok(Certificate {
        facts: facts.clone(),
        key: key.id(),
        bytes,
    })
}

/// What the signature is over: the context, then the body.
fn signed(body: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(CONTEXT.len() + body.len());
    message.extend_from_slice(CONTEXT);
    message.extend_from_slice(body);
    message
}

impl Certificate {
    /// Read a code's text without checking its signature (to revoke it, or to say which key
    /// it needs); [`Certificate::verify`] checks it.
    pub fn parse(text: &str) -> Result<Certificate, Invalid> {
        let bytes = from_text(text).ok_or(Invalid::Malformed)?;
        Certificate::from_bytes(bytes)
    }

    /// Read a code's bytes (see [`Certificate::parse`]).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Certificate, Invalid> {
        let version = *bytes.first().ok_or(Invalid::Malformed)?;
        if version != VERSION {
            return Err(Invalid::Version(version));
        }
        if bytes.len() < FIXED + SIGNATURE {
            return Err(Invalid::Malformed);
        }
        let body = &bytes[..bytes.len() - SIGNATURE];
        let mut r = Reader { bytes: body, at: 1 };
        let key = KeyId::from_bytes(r.array()?);
        let attempt = Uuid::from_bytes(r.array()?);
        let bank_sha256 = r.array()?;
        let percent = u16::from_be_bytes(r.array()?);
        let [pass_mark] = r.array()?;
        let [flags] = r.array()?;
        let year = i16::from_be_bytes(r.array()?);
        let [month, day] = r.array()?;
        let date = Date::new(year, month as i8, day as i8).map_err(|_| Invalid::Malformed)?;
        let nip = if flags & HAS_NIP != 0 {
            Some(format!("{:018}", u64::from_be_bytes(r.array()?)))
        } else {
            None
        };
        let name = r.text()?;
        let unit = Some(r.text()?).filter(|u| !u.is_empty());
        let bank_id = r.text()?;
        let bank_version = r.text()?;
        let issuer = r.text()?;
        // Nothing may follow the last field, and the flags have no other bits: one set of
        // facts has exactly one encoding, so its hash names it in the register.
        if r.at != body.len() || flags & !(HAS_NIP | PASSED) != 0 || percent > 10_000 {
            return Err(Invalid::Malformed);
        }
        if nip.as_ref().is_some_and(|n| n.len() != 18) {
            return Err(Invalid::Malformed);
        }
        Ok(Certificate {
            facts: Facts {
                attempt,
                name,
                nip,
                unit,
                bank_id,
                bank_version,
                bank_sha256,
                percent,
                pass_mark,
                passed: flags & PASSED != 0,
                date,
                issuer,
            },
            key,
            bytes,
        })
    }

    /// Check the signature with whichever of `keys` the code names.
    pub fn verify(&self, keys: &[PublicKey]) -> Result<&Facts, Invalid> {
        let Some(key) = keys.iter().find(|k| k.id() == self.key) else {
            return Err(Invalid::OtherKey {
                code: self.key,
                known: keys.iter().map(PublicKey::id).collect(),
            });
        };
        let (body, signature) = self.bytes.split_at(self.bytes.len() - SIGNATURE);
        let signature = Signature::from_slice(signature).map_err(|_| Invalid::Signature)?;
        key.dalek()
            .verify_strict(&signed(body), &signature)
            .map_err(|_| Invalid::Signature)?;
        Ok(&self.facts)
    }

    /// The code as people copy it.
    pub fn code(&self) -> String {
        to_text(&self.bytes)
    }

    /// SHA-256 of the code's bytes, hex: how the register names a certificate without
    /// keeping its personal facts.
    pub fn hash(&self) -> String {
        use sha2::{Digest, Sha256};
        Sha256::digest(&self.bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Verify a code's text with `keys`: the facts, or why not.
pub fn verify(text: &str, keys: &[PublicKey]) -> Result<Certificate, Invalid> {
    let certificate = Certificate::parse(text)?;
    certificate.verify(keys)?;
    Ok(certificate)
}

impl fmt::Display for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

/// Reads the fields of a code's body in order; running out is [`Invalid::Malformed`].
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], Invalid> {
        let end = self.at.checked_add(n).ok_or(Invalid::Malformed)?;
        let slice = self.bytes.get(self.at..end).ok_or(Invalid::Malformed)?;
        self.at = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Invalid> {
        self.take(N)?.try_into().map_err(|_| Invalid::Malformed)
    }

    fn text(&mut self) -> Result<String, Invalid> {
        let [len] = self.array()?;
        let bytes = self.take(usize::from(len))?;
        let text = std::str::from_utf8(bytes).map_err(|_| Invalid::Malformed)?;
        // Signed text is shown to people: a control character has no business in it.
        if text.chars().any(char::is_control) {
            return Err(Invalid::Malformed);
        }
        Ok(text.to_owned())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Facts of a typical certificate.
    pub(crate) fn facts() -> Facts {
        Facts {
            attempt: Uuid::from_u128(0x1234_5678_9abc_def0_1234_5678_9abc_def0),
            name: "Siti Rahma".into(),
            nip: Some("199001012020122001".into()),
            unit: Some("BKPSDM Kota Bandung".into()),
            bank_id: "netralitas-asn".into(),
            bank_version: "2024.1".into(),
            bank_sha256: [1, 2, 3, 4, 5, 6, 7, 8],
            percent: 8550,
            pass_mark: 80,
            passed: true,
            date: Date::constant(2026, 12, 7),
            issuer: "BKPSDM Kota Bandung".into(),
        }
    }

    pub(crate) fn key(seed: u8) -> SigningKey {
        SigningKey::from_seed([seed; 32], "BKPSDM Kota Bandung".into())
    }

    // Test that a signed code reads back as the same facts with the signer's key, and that
    // its text is groups of five in the code alphabet.
    #[test]
    fn sign_and_verify() {
        let key = key(7);
        let cert = sign(&facts(), &key).unwrap();
        let code = cert.code();
        assert!(code.split('-').all(|g| g.len() <= GROUP && !g.is_empty()));
        assert!(
            code.chars()
                .all(|c| c == '-' || "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c))
        );
        let read = verify(&code, &[key.public()]).unwrap();
        assert_eq!(read.facts, facts());
        assert_eq!(read.key, key.id());
        // Typed again in lower case, without dashes, with O for 0 and l for 1.
        let retyped = code
            .replace('-', "")
            .to_lowercase()
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(verify(&retyped, &[key.public()]).unwrap().facts, facts());
    }

    // Test that every single changed character of a code is refused, whatever it hits.
    #[test]
    fn any_changed_character_is_refused() {
        let key = key(7);
        let code = sign(&facts(), &key).unwrap().code();
        for (i, c) in code.char_indices().filter(|(_, c)| *c != '-') {
            let other = if c == 'Z' { 'Y' } else { 'Z' };
            let mut changed = code.clone();
            changed.replace_range(i..i + 1, &other.to_string());
            assert!(verify(&changed, &[key.public()]).is_err(), "position {i}");
        }
    }

    // Test that a code signed by one key is refused with another, naming the key it needs.
    #[test]
    fn another_key_is_refused() {
        let code = sign(&facts(), &key(7)).unwrap().code();
        let other = key(8).public();
        assert_eq!(
            verify(&code, std::slice::from_ref(&other)),
            Err(Invalid::OtherKey {
                code: key(7).id(),
                known: vec![other.id()]
            })
        );
    }

    // Test that a code made with the right key id but someone else's signature is refused:
    // the key id is not trusted, the signature is.
    #[test]
    fn a_forged_key_id_is_refused() {
        let mut forged = sign(&facts(), &key(8)).unwrap();
        let real = key(7);
        forged.bytes[1..9].copy_from_slice(real.id().as_bytes());
        let text = forged.code();
        assert_eq!(verify(&text, &[real.public()]), Err(Invalid::Signature));
    }

    // Test that texts that are not codes are malformed, not panics.
    #[test]
    fn malformed() {
        let key = key(7);
        let code = sign(&facts(), &key).unwrap().code();
        for bad in [
            "",
            "hello",
            "UUUU",
            &code[..code.len() / 2],
            &format!("{code}-AAAAA"),
        ] {
            assert!(verify(bad, &[key.public()]).is_err(), "{bad}");
        }
        assert_eq!(
            Certificate::from_bytes(vec![9; 200]),
            Err(Invalid::Version(9))
        );
    }

    // Test that facts without NIP or unit survive the round trip, and that a field too long
    // for the code is refused when signing.
    #[test]
    fn optional_and_long_fields() {
        let key = key(7);
        let mut f = facts();
        f.nip = None;
        f.unit = None;
        assert_eq!(
            verify(&sign(&f, &key).unwrap().code(), &[key.public()])
                .unwrap()
                .facts,
            f
        );
        f.name = "x".repeat(256);
        assert_eq!(sign(&f, &key), Err(BadField("name")));
        f.name = "Siti".into();
        f.nip = Some("12345".into());
        assert_eq!(sign(&f, &key), Err(BadField("nip")));
    }

    proptest::proptest! {
        // Test that any bytes at all read as a code without panicking.
        #[test]
        fn any_bytes_are_safe(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = Certificate::from_bytes(bytes);
        }
    }
}
