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
            Invalid::Version(v) => lang.pick(
                format!("kode berformat {v} tidak dikenal kuis ini; perbarui kuis"),
                format!("this kuis does not know code format {v}; update kuis"),
            ),
            Invalid::OtherKey { code, known } => {
                let known = known
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                lang.pick(
                    format!(
                        "kode ini ditandatangani dengan kunci {code}, bukan kunci yang diberikan ({known}); periksa dengan kunci publik penerbitnya"
                    ),
                    format!(
                        "this code was signed with key {code}, not with the key given ({known}); verify it with its issuer's public key"
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
}
