//! Which attempts earn a certificate, and their facts: a completed exam that passed, whose
//! record agrees with the bank it was taken on (every answer scored again, the pass decided
//! by the bank's own mark), by a named person. Anything else is refused with the reason.
//! No I/O: the attempt and the bank are given.

use jiff::tz::TimeZone;

use super::code::{self, BadField, Certificate, Facts};
use super::key::SigningKey;
use crate::bank::Bank;
use crate::i18n::Lang;
use crate::results::attempt::Attempt;
use crate::results::ingest::{self, KnownBank};

/// Why an attempt gets no certificate.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// Not an exam (practice or review): the mode recorded.
    NotExam(String),
    /// Stopped before the end: answered, planned, and how it ended.
    Incomplete {
        /// Questions answered.
        answered: usize,
        /// Questions planned.
        planned: usize,
        /// `time-up` or `interrupted`.
        ending: String,
    },
    /// Below the pass mark.
    Failed {
        /// The score, percent.
        percent: f64,
        /// The pass mark, percent.
        pass: i64,
    },
    /// Taken on another bank than the one at hand (its id and version).
    OtherBank(String, String),
    /// The record does not agree with the bank (which field, and why).
    Disagrees(ingest::Refusal),
    /// Taken without a name.
    Anonymous,
    /// A fact the code cannot carry (a field too long, a NIP that is not 18 digits).
    Unfit(&'static str),
    /// The record's finishing time cannot be read.
    NoDate,
}

impl Refusal {
    /// Why, in words.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Refusal::NotExam(mode) => lang.pick(
                format!(
                    "ini percobaan {}, bukan ujian: sertifikat hanya untuk ujian (kuis take --mode exam)",
                    lang.mode(mode)
                ),
                format!(
                    "this is a {} attempt, not an exam: certificates are for exams only (kuis take --mode exam)",
                    lang.mode(mode)
                ),
            ),
            Refusal::Incomplete {
                answered,
                planned,
                ending,
            } => {
                let how = match ending.as_str() {
                    "time-up" => lang.pick("waktu habis", "time ran out"),
                    _ => lang.pick("dihentikan", "stopped"),
                };
                lang.pick(
                    format!(
                        "ujian ini tidak selesai ({how} setelah {answered} dari {planned} soal): sertifikat hanya untuk ujian yang selesai"
                    ),
                    format!(
                        "this exam was not completed ({how} after {answered} of {planned} questions): certificates are for completed exams only"
                    ),
                )
            }
            Refusal::Failed { percent, pass } => lang.pick(
                format!(
                    "ujian ini tidak lulus ({}% di bawah batas lulus {pass}%)",
                    lang.decimal(*percent, 2)
                ),
                format!(
                    "this exam was not passed ({}% is below the pass mark of {pass}%)",
                    lang.decimal(*percent, 2)
                ),
            ),
            Refusal::OtherBank(id, version) => lang.pick(
                format!(
                    "percobaan ini atas bank {id} versi {version}, yang tidak ada di tangan; berikan berkasnya dengan --with-bank"
                ),
                format!(
                    "this attempt was on bank {id} version {version}, which is not at hand; give its file with --with-bank"
                ),
            ),
            Refusal::Disagrees(refusal) => {
                let why = refusal.message(lang);
                lang.pick(
                format!(
                    "catatan percobaan ini tidak cocok dengan bank soalnya ({why}); sertifikat tidak diterbitkan"
                ),
                format!(
                    "this attempt's record does not agree with its bank ({why}); no certificate is issued"
                ),
                )
            }
            Refusal::Anonymous => lang
                .pick(
                    "percobaan ini tanpa nama: sertifikat memerlukan nama peserta",
                    "this attempt has no name: a certificate needs the participant's name",
                )
                .to_owned(),
            Refusal::Unfit("nip") => lang
                .pick(
                    "NIP percobaan ini bukan 18 angka: sertifikat tidak dapat memuatnya",
                    "this attempt's NIP is not 18 digits: a certificate cannot carry it",
                )
                .to_owned(),
            Refusal::Unfit(field) => lang.pick(
                format!(
                    "{field} terlalu panjang untuk sertifikat (paling banyak {} byte)",
                    code::FIELD_MAX
                ),
                format!(
                    "{field} is too long for a certificate (at most {} bytes)",
                    code::FIELD_MAX
                ),
            ),
            Refusal::NoDate => lang
                .pick(
                    "waktu selesai percobaan ini tidak terbaca",
                    "this attempt's finishing time cannot be read",
                )
                .to_owned(),
        }
    }
}

/// Issues certificates on one bank with one key: the bank is made ready for rescoring once,
/// so a whole room costs one preparation.
pub struct Issuer<'a> {
    bank: &'a Bank,
    known: Option<KnownBank<'a>>,
    key: &'a SigningKey,
    tz: TimeZone,
}

impl<'a> Issuer<'a> {
    /// An issuer for attempts on `bank`, signing with `key`, dating exams in `tz`.
    pub fn new(bank: &'a Bank, key: &'a SigningKey, tz: TimeZone) -> Issuer<'a> {
        Issuer {
            bank,
            known: KnownBank::new(bank),
            key,
            tz,
        }
    }

    /// The bank's id.
    pub fn bank_id(&self) -> &'a str {
        self.bank.bank.id.get_ref()
    }

    /// The bank's title in `lang`.
    pub fn title(&self, lang: Lang) -> &'a str {
        self.bank
            .bank
            .title
            .get_ref()
            .get(lang.code(), self.bank.bank.main_language())
    }

    /// The facts of `a`, or why it earns no certificate.
    pub fn facts(&self, a: &Attempt) -> Result<Facts, Refusal> {
        if a.mode != "exam" {
            return Err(Refusal::NotExam(a.mode.clone()));
        }
        if !a.completed || a.ending != "completed" {
            return Err(Refusal::Incomplete {
                answered: a.answered,
                planned: a.planned,
                ending: a.ending.clone(),
            });
        }
        if a.bank.id != *self.bank.bank.id.get_ref() {
            return Err(Refusal::OtherBank(
                a.bank.id.clone(),
                a.bank.version.clone(),
            ));
        }
        // The record is believed only as far as the bank confirms it: each answer scored
        // again, the pass decided by the bank's mark (an attempt file edited to say
        // `passed: true` is refused here).
        ingest::check(a, self.known.as_ref()).map_err(Refusal::Disagrees)?;
        let pass = *self.bank.bank.pass_percent.get_ref();
        if !a.passed {
            return Err(Refusal::Failed {
                percent: a.percent,
                pass,
            });
        }
        let name = a
            .participant
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or(Refusal::Anonymous)?;
        let date = a
            .finished_at()
            .ok_or(Refusal::NoDate)?
            .to_zoned_datetime(self.tz.clone())
            .date();
        // Checked above: 64 lowercase hex digits.
        let mut sha = [0u8; 8];
        if let Ok(bytes) = data_encoding::HEXLOWER.decode(a.bank.sha256.as_bytes()) {
            sha.copy_from_slice(&bytes[..8]);
        }
        Ok(Facts {
            attempt: a.id,
            name: name.to_owned(),
            nip: a.participant.nip.clone(),
            unit: a.participant.unit.clone().filter(|u| !u.trim().is_empty()),
            bank_id: a.bank.id.clone(),
            bank_version: a.bank.version.clone(),
            bank_sha256: sha,
            percent: (a.percent * 100.0).round().clamp(0.0, 10_000.0) as u16,
            pass_mark: u8::try_from(pass).unwrap_or(u8::MAX),
            passed: true,
            date,
            issuer: self.key.issuer.clone(),
        })
    }

    /// The signed certificate of `a`, or why it earns none.
    pub fn issue(&self, a: &Attempt) -> Result<Certificate, Refusal> {
        let facts = self.facts(a)?;
        code::sign(&facts, self.key).map_err(|BadField(field)| Refusal::Unfit(field))
    }
}
