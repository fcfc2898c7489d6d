//! Certificates of a passed exam that anyone can verify offline: the signed code (`code`),
//! the organisation's keys (`key`), which attempts earn one (`issue`), and the A4 PDF
//! (`pdf`). What a certificate says is worded here once, from its plain facts, for the
//! terminal, the web page, the PDF and the JSON alike. It sits beside `results` (it signs
//! facts of an attempt) and knows no front end.

pub mod code;
pub mod issue;
pub mod key;
pub mod pdf;

use jiff::civil::Date;
use serde::Serialize;

pub use code::{Certificate, Facts, Invalid};
pub use key::{KeyError, KeyId, PublicKey, SigningKey};

use crate::i18n::Lang;

/// "7 Desember 2026" or "7 December 2026".
pub fn long_date(date: Date, lang: Lang) -> String {
    const BULAN: [&str; 12] = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = lang.pick(BULAN, MONTHS)[usize::from(date.month().unsigned_abs()) - 1];
    format!("{} {month} {}", date.day(), date.year())
}

/// The score as people read it: `85,50%` in Indonesian, `85.50%` in English.
pub fn percent(facts: &Facts, lang: Lang) -> String {
    format!("{}%", lang.decimal(facts.percent(), 2))
}

/// "85,50% (batas lulus 80%): lulus".
pub fn score_line(facts: &Facts, lang: Lang) -> String {
    let verdict = if facts.passed {
        lang.pick("lulus", "passed")
    } else {
        lang.pick("tidak lulus", "not passed")
    };
    lang.pick(
        format!(
            "{} (batas lulus {}%): {verdict}",
            percent(facts, lang),
            facts.pass_mark
        ),
        format!(
            "{} (pass mark {}%): {verdict}",
            percent(facts, lang),
            facts.pass_mark
        ),
    )
}

/// One labelled fact, as the terminal and the web page list them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// What it is.
    pub label: &'static str,
    /// Its value.
    pub value: String,
}

/// The signed facts of `certificate`, labelled, in order.
pub fn lines(certificate: &Certificate, lang: Lang) -> Vec<Line> {
    let f = &certificate.facts;
    let mut lines = vec![Line {
        label: lang.pick("Nama", "Name"),
        value: f.name.clone(),
    }];
    if let Some(nip) = &f.nip {
        lines.push(Line {
            label: "NIP",
            value: nip.clone(),
        });
    }
    if let Some(unit) = &f.unit {
        lines.push(Line {
            label: lang.pick("Unit kerja", "Work unit"),
            value: unit.clone(),
        });
    }
    lines.extend([
        Line {
            label: lang.pick("Ujian", "Exam"),
            value: lang.pick(
                format!(
                    "{} versi {} (SHA-256 {}…)",
                    f.bank_id,
                    f.bank_version,
                    f.bank_sha256_hex()
                ),
                format!(
                    "{} version {} (SHA-256 {}…)",
                    f.bank_id,
                    f.bank_version,
                    f.bank_sha256_hex()
                ),
            ),
        },
        Line {
            label: lang.pick("Nilai", "Score"),
            value: score_line(f, lang),
        },
        Line {
            label: lang.pick("Tanggal ujian", "Exam date"),
            value: long_date(f.date, lang),
        },
        Line {
            label: lang.pick("Penerbit", "Issuer"),
            value: f.issuer.clone(),
        },
        Line {
            label: lang.pick("Percobaan", "Attempt"),
            value: f.attempt.to_string(),
        },
        Line {
            label: lang.pick("Kunci", "Key"),
            value: certificate.key.to_string(),
        },
    ]);
    lines
}

/// Why an attempt whose certificate was revoked gets no new one: issued again, the same code
/// would verify offline as valid, undoing the revocation.
pub fn revoked_refusal(entry: &crate::results::store::register::Issued, lang: Lang) -> String {
    let when = entry.revoked.as_deref().unwrap_or("?");
    lang.pick(
        format!("sertifikat percobaan ini telah dicabut ({when}); kuis tidak menerbitkannya lagi"),
        format!("this attempt's certificate was revoked ({when}); kuis does not issue it again"),
    )
}

/// "SAH" or "VALID": the word for a certificate that verifies.
pub fn valid_word(lang: Lang) -> &'static str {
    lang.pick("SAH", "VALID")
}

/// "TIDAK SAH" or "NOT VALID".
pub fn invalid_word(lang: Lang) -> &'static str {
    lang.pick("TIDAK SAH", "NOT VALID")
}

impl Invalid {
    /// Why, in words.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Invalid::Malformed => lang
                .pick(
                    "ini bukan kode verifikasi kuis yang utuh (ada huruf yang salah, kurang, atau berlebih)",
                    "this is not a whole kuis verification code (a character is wrong, missing or extra)",
                )
                .to_owned(),
            // The format is the code's first byte, so a slip in its first characters lands
            // here far more often than a code from a newer kuis does.
            Invalid::Version(v) => lang.pick(
                format!(
                    "ini bukan kode verifikasi kuis yang utuh: periksa huruf-huruf pertamanya (format {v} tidak dikenal; bila kode ini dari kuis yang lebih baru, perbarui kuis)"
                ),
                format!(
                    "this is not a whole kuis verification code: check its first characters (format {v} is unknown; if the code comes from a newer kuis, update kuis)"
                ),
            ),
            Invalid::OtherKey { code, known } => {
                let known = known
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                lang.pick(
                    format!(
                        "kode ini TIDAK ditandatangani dengan kunci penerbit yang diberikan ({known}), tetapi dengan kunci lain ({code}). Siapa pun dapat membuat kunci atas nama penerbit mana pun: jangan terima sertifikat ini kecuali penerbitnya sendiri mengumumkan kunci {code}"
                    ),
                    format!(
                        "this code was NOT signed with the issuer's key given ({known}) but with another key ({code}). Anyone can make a key in any issuer's name: do not accept it unless the issuer itself publishes key {code}"
                    ),
                )
            }
            Invalid::Signature => lang
                .pick(
                    "tanda tangan tidak cocok dengan isinya: kode ini telah diubah atau dipalsukan",
                    "the signature does not match the content: this code was changed or forged",
                )
                .to_owned(),
        }
    }
}

/// What a verification found, as data (`kuis verify --format json`, and the web page).
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// Whether the certificate is valid.
    pub valid: bool,
    /// Why not, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The signed facts, when the signature holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facts: Option<FactsJson>,
    /// When the register says it was revoked (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked: Option<String>,
}

/// The facts as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct FactsJson {
    /// Attempt id.
    pub attempt: String,
    /// Name.
    pub name: String,
    /// NIP.
    pub nip: Option<String>,
    /// Work unit.
    pub unit: Option<String>,
    /// Bank id.
    pub bank_id: String,
    /// Bank version.
    pub bank_version: String,
    /// The bank's SHA-256 prefix, 16 hex digits.
    pub bank_sha256_prefix: String,
    /// Score in percent.
    pub percent: f64,
    /// Pass mark in percent.
    pub pass_mark: u8,
    /// Passed.
    pub passed: bool,
    /// Exam date, YYYY-MM-DD.
    pub date: String,
    /// Issuer.
    pub issuer: String,
    /// The signing key's id.
    pub key_id: String,
}

impl FactsJson {
    /// The facts of `certificate`.
    pub fn of(certificate: &Certificate) -> FactsJson {
        let f = &certificate.facts;
        FactsJson {
            attempt: f.attempt.to_string(),
            name: f.name.clone(),
            nip: f.nip.clone(),
            unit: f.unit.clone(),
            bank_id: f.bank_id.clone(),
            bank_version: f.bank_version.clone(),
            bank_sha256_prefix: f.bank_sha256_hex(),
            percent: f.percent(),
            pass_mark: f.pass_mark,
            passed: f.passed,
            date: f.date.to_string(),
            issuer: f.issuer.clone(),
            key_id: certificate.key.to_string(),
        }
    }
}

/// What a revoked certificate is told: "revoked on …".
pub fn revoked_message(when: &str, lang: Lang) -> String {
    let tz = jiff::tz::TimeZone::system();
    let local = crate::results::when::local_time(when, &tz, lang);
    lang.pick(
        format!("sertifikat ini telah dicabut oleh penerbitnya ({local})"),
        format!("this certificate was revoked by its issuer ({local})"),
    )
}

/// Judge a code's text with `keys` and, when known, the register's revocation time of it:
/// the one verdict every front end shows.
pub fn judge(
    text: &str,
    keys: &[PublicKey],
    revoked: impl FnOnce(&Certificate) -> Option<String>,
    lang: Lang,
) -> (Verdict, Option<Certificate>) {
    match code::verify(text, keys) {
        Err(why) => (
            Verdict {
                valid: false,
                reason: Some(why.message(lang)),
                facts: None,
                revoked: None,
            },
            None,
        ),
        Ok(certificate) => {
            let when = revoked(&certificate);
            (
                Verdict {
                    valid: when.is_none(),
                    reason: when.as_deref().map(|w| revoked_message(w, lang)),
                    facts: Some(FactsJson::of(&certificate)),
                    revoked: when,
                },
                Some(certificate),
            )
        }
    }
}

/// The register's entry of `certificate`, issued (or first seen) at `when`.
pub fn entry(certificate: &Certificate, when: &str) -> crate::results::store::register::Issued {
    crate::results::store::register::Issued {
        code_hash: certificate.hash(),
        attempt: Some(certificate.facts.attempt.to_string()),
        key_id: certificate.key.to_string(),
        issued: when.to_owned(),
        revoked: None,
    }
}

/// A verdict with what the register said.
#[derive(Debug, Clone)]
pub struct Judged {
    /// The verdict.
    pub verdict: Verdict,
    /// The certificate, when its code reads.
    pub certificate: Option<Certificate>,
    /// Valid by its signature, but never recorded in the register asked.
    pub unregistered: bool,
}

/// Judge a code's text with `keys` and, when given, the register of `store` (which says
/// whether it was revoked, and whether it was issued there at all).
pub fn judge_with(
    text: &str,
    keys: &[PublicKey],
    store: Option<&crate::results::store::Store>,
    lang: Lang,
) -> Result<Judged, crate::results::store::StoreError> {
    let mut failure = None;
    let mut unregistered = false;
    let (verdict, certificate) = judge(
        text,
        keys,
        |c: &Certificate| match store?.certificate(&c.hash()) {
            Ok(Some(entry)) => entry.revoked,
            Ok(None) => {
                unregistered = true;
                None
            }
            Err(e) => {
                failure = Some(e);
                None
            }
        },
        lang,
    );
    match failure {
        Some(e) => Err(e),
        None => Ok(Judged {
            unregistered: unregistered && verdict.valid,
            verdict,
            certificate,
        }),
    }
}

/// What a valid code is: "kode ini ditandatangani oleh kunci penerbit dan tidak diubah".
pub fn valid_sentence(lang: Lang) -> &'static str {
    lang.pick(
        "kode ini ditandatangani oleh kunci penerbit dan tidak diubah.",
        "this code was signed with the issuer's key and has not been changed.",
    )
}

/// The warning for a code valid by its signature that the register never recorded.
pub fn unregistered_warning(lang: Lang) -> &'static str {
    lang.pick(
        "Peringatan: sertifikat ini sah menurut tanda tangannya, tetapi tidak tercatat di register penyimpanan ini. Bila penerbitnya memakai register ini, kuncinya mungkin dipakai orang lain.",
        "Warning: this certificate's signature is valid, but it is not in this store's register. If its issuer keeps this register, the key may have been used by someone else.",
    )
}

/// `sertifikat-siti-rahma-2026-12-07.pdf`: the person and the exam's date.
pub fn file_name(c: &Certificate, lang: Lang) -> String {
    format!(
        "{}-{}-{}.pdf",
        lang.pick("sertifikat", "certificate"),
        slug(&c.facts.name),
        c.facts.date
    )
}

/// [`file_name`] with the start of the attempt's id, for a second one of the same day.
pub fn file_name_with_id(c: &Certificate, lang: Lang) -> String {
    let mut id = c.facts.attempt.simple().to_string();
    id.truncate(8);
    format!(
        "{}-{}-{}-{id}.pdf",
        lang.pick("sertifikat", "certificate"),
        slug(&c.facts.name),
        c.facts.date
    )
}

/// A name as a safe file name part: letters and digits, lower case, dashes between words;
/// at most 60 characters (no path separators, no dots, nothing a shell would trip on).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.chars().count() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "peserta".into()
    } else {
        out
    }
}

/// The verification page's link with the code: `URL?code=CODE` (or `&code=` when the URL
/// already has a query).
pub fn verify_link(url: &str, code: &str) -> String {
    let joiner = if url.contains('?') { '&' } else { '?' };
    format!("{url}{joiner}code={code}")
}

/// The A4 PDF of `certificate` in `lang`, issued at `issued`: its QR code holds a link to
/// `verify_url` with the code when given, else the bare code. The one rendering of
/// `kuis certificate` and of `kuis serve`'s download.
pub fn pdf_of(
    certificate: &Certificate,
    bank_title: &str,
    verify_url: Option<&str>,
    lang: Lang,
    issued: jiff::ZonedDateTime,
) -> Result<Vec<u8>, pdf::Failed> {
    let code = certificate.code();
    let qr = match verify_url {
        Some(url) => verify_link(url, &code),
        None => code.clone(),
    };
    pdf::render(&pdf::Page {
        facts: &certificate.facts,
        bank_title,
        code: &code,
        qr: &qr,
        key: certificate.key,
        lang,
        issued,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that dates and scores read as each language writes them.
    #[test]
    fn words() {
        let date = Date::constant(2026, 12, 7);
        assert_eq!(long_date(date, Lang::Id), "7 Desember 2026");
        assert_eq!(long_date(date, Lang::En), "7 December 2026");
        let f = code::tests::facts();
        assert_eq!(score_line(&f, Lang::Id), "85,50% (batas lulus 80%): lulus");
        assert_eq!(score_line(&f, Lang::En), "85.50% (pass mark 80%): passed");
    }

    // Test that names become safe file name parts, whatever they hold.
    #[test]
    fn slugs() {
        assert_eq!(slug("Siti Rahma, S.H."), "siti-rahma-s-h");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("Ñoño Żółć"), "ñoño-żółć");
        assert_eq!(slug("   "), "peserta");
        assert!(slug(&"a".repeat(500)).chars().count() <= 60);
        assert_eq!(
            verify_link("https://x.example/verify", "AB-CD"),
            "https://x.example/verify?code=AB-CD"
        );
        assert_eq!(
            verify_link("https://x.example/v?lang=id", "AB"),
            "https://x.example/v?lang=id&code=AB"
        );
    }
}
