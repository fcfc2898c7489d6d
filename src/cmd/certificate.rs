//! `kuis certificate`: the A4 PDF of a passed exam (one attempt, the newest, or a whole
//! room), recorded in the register; `--revoke CODE` revokes one there.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::bank::Bank;
use crate::cert::issue::Issuer;
use crate::cert::{self, Certificate, SigningKey};
use crate::cli::{CertificateArgs, Format};
use crate::error::{Failure, Result};
use crate::i18n::Lang;
use crate::results::attempt::Attempt;
use crate::results::filter::Filter;
use crate::results::store::Store;
use crate::results::store::register::Revoked;

use super::{Ctx, emit, keys, open_store, text_banks, time_zone};

/// One certificate written, as `--format json` lists it.
#[derive(Debug, Serialize)]
struct Written {
    attempt: String,
    name: String,
    file: String,
    code: String,
}

/// Issue (or revoke).
pub fn run(args: &CertificateArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    if let Some(code) = &args.revoke {
        return revoke(args, code, lang);
    }
    let key = keys::signing_key(&args.key, lang)?;
    let tz = time_zone(args.tz.as_deref(), lang)?;
    let (banks, _) = text_banks(&args.banks, ctx)?;
    let mut store = open_store(&args.store)?;
    let attempts = chosen(args, &store, lang)?;
    let issuers = Issuers::new(&banks, &key, tz);
    let mut issued = Vec::new();
    let mut skipped = 0;
    let single = args.room.is_none();
    for a in &attempts {
        let outcome = match store.revoked_of(&a.id.to_string())? {
            Some(entry) => Err(cert::revoked_refusal(&entry, lang)),
            None => issuers.issue(a),
        };
        match outcome {
            Ok((certificate, title)) => issued.push((a, certificate, title)),
            Err(why) if single => {
                eprintln!("{}", why);
                return Err(Failure::Invalid);
            }
            Err(why) => {
                skipped += 1;
                eprintln!("{}: {why}", who(a, lang));
            }
        }
    }
    // Recorded before the files are written: a certificate in the register that failed to
    // reach its file is harmless; one handed out but missing from the register is not.
    let now = crate::results::when::now();
    store.record_certificates(
        &issued
            .iter()
            .map(|(_, c, _)| cert::entry(c, &now))
            .collect::<Vec<_>>(),
    )?;
    let folder = match (&args.room, &args.out) {
        (Some(_), Some(dir)) => Some(dir.clone()),
        (Some(_), None) => Some(PathBuf::from(".")),
        (None, _) => None,
    };
    if let Some(dir) = &folder {
        std::fs::create_dir_all(dir).map_err(|e| {
            Failure::Io(format!("{}: {}", dir.display(), crate::files::describe(&e)))
        })?;
    }
    let issued_at = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::system());
    let mut taken: HashMap<PathBuf, usize> = HashMap::new();
    let mut written = Vec::new();
    for (a, certificate, title) in &issued {
        let code = certificate.code();
        let pdf = cert::pdf_of(
            certificate,
            title.get(lang),
            args.verify_url.as_deref(),
            lang,
            issued_at.clone(),
        )
        .map_err(|e| Failure::Io(e.0))?;
        let path = match (&folder, &args.out) {
            (Some(dir), _) => {
                let path = dir.join(cert::file_name(certificate, lang));
                // Two certificates of one name and day in a room get the attempt's id too.
                let n = taken.entry(path.clone()).or_default();
                *n += 1;
                if *n > 1 {
                    dir.join(cert::file_name_with_id(certificate, lang))
                } else {
                    path
                }
            }
            (None, Some(out)) => out.clone(),
            (None, None) => PathBuf::from(cert::file_name(certificate, lang)),
        };
        crate::files::write_atomic(&path, &pdf).map_err(|e| {
            Failure::Io(format!(
                "{}: {}",
                path.display(),
                crate::files::describe(&e)
            ))
        })?;
        if args.format == Format::Human {
            eprintln!(
                "{}",
                lang.pick(
                    format!("Ditulis ke {} ({})", path.display(), who(a, lang)),
                    format!("Written to {} ({})", path.display(), who(a, lang)),
                )
            );
        }
        written.push(Written {
            attempt: a.id.to_string(),
            name: certificate.facts.name.clone(),
            file: path.display().to_string(),
            code,
        });
    }
    match args.format {
        Format::Json => {
            let mut json =
                serde_json::to_string_pretty(&written).map_err(|e| Failure::Io(e.to_string()))?;
            json.push('\n');
            emit(None, json.as_bytes())?;
        }
        Format::Human => {
            let lines: String = written
                .iter()
                .map(|w| {
                    lang.pick(
                        format!("Kode verifikasi: {}\n", w.code),
                        format!("Verification code: {}\n", w.code),
                    )
                })
                .collect();
            emit(None, lines.as_bytes())?;
        }
    }
    if let Some(dir) = &folder {
        eprintln!(
            "{}",
            lang.pick(
                format!(
                    "{} sertifikat ditulis ke {}; {skipped} percobaan tanpa sertifikat.",
                    written.len(),
                    dir.display()
                ),
                format!(
                    "{} certificate(s) written to {}; {skipped} attempt(s) without one.",
                    written.len(),
                    dir.display()
                ),
            )
        );
    }
    Ok(())
}

/// The attempts asked for: one by id, the newest, or a room's.
fn chosen(args: &CertificateArgs, store: &Store, lang: Lang) -> Result<Vec<Attempt>> {
    if let Some(id) = &args.attempt {
        let id = id.trim();
        return match store.attempt(id)? {
            Some(a) => Ok(vec![a]),
            None => Err(Failure::Usage(lang.pick(
                format!("tidak ada percobaan dengan id {id} di {}", store.location()),
                format!("no attempt with id {id} in {}", store.location()),
            ))),
        };
    }
    if let Some(room) = &args.room {
        let filter = Filter {
            room: Some(room.clone()),
            ..Filter::default()
        };
        let attempts = store.attempts(&filter)?;
        if attempts.is_empty() {
            return Err(Failure::Usage(lang.pick(
                format!(
                    "tidak ada percobaan di ruang \"{room}\" di {}",
                    store.location()
                ),
                format!("no attempts in room \"{room}\" in {}", store.location()),
            )));
        }
        return Ok(attempts);
    }
    // --last: attempts come oldest first.
    let last = store.each(&Filter::default(), |it| it.last())?;
    match last {
        Some(a) => Ok(vec![a]),
        None => Err(Failure::Usage(lang.pick(
            format!("belum ada percobaan di {}", store.location()),
            format!("there are no attempts yet in {}", store.location()),
        ))),
    }
}

/// A bank's title in both languages (a room's PDFs are all in one, but which is the UI's).
struct Title {
    id: String,
    en: String,
}

impl Title {
    fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.id, &self.en)
    }
}

/// One issuer per bank at hand.
struct Issuers<'a>(Vec<Issuer<'a>>);

impl<'a> Issuers<'a> {
    fn new(banks: &'a [Bank], key: &'a SigningKey, tz: jiff::tz::TimeZone) -> Self {
        Issuers(
            banks
                .iter()
                .map(|b| Issuer::new(b, key, tz.clone()))
                .collect(),
        )
    }

    /// The certificate of `a` and its bank's title, or why not, in words.
    fn issue(&self, a: &Attempt) -> std::result::Result<(Certificate, Title), String> {
        let lang = crate::i18n::current();
        let issuer = self
            .0
            .iter()
            .find(|i| i.bank_id() == a.bank.id)
            .ok_or_else(|| {
                cert::issue::Refusal::OtherBank(a.bank.id.clone(), a.bank.version.clone())
                    .message(lang)
            })?;
        let certificate = issuer.issue(a).map_err(|r| r.message(lang))?;
        let title = Title {
            id: issuer.title(Lang::Id).to_owned(),
            en: issuer.title(Lang::En).to_owned(),
        };
        Ok((certificate, title))
    }
}

/// The participant as a message names them.
fn who(a: &Attempt, lang: Lang) -> String {
    let name = a
        .participant
        .name
        .clone()
        .unwrap_or_else(|| lang.pick("(tanpa nama)", "(no name)").to_owned());
    // A stored name, shown so that none drives the terminal.
    format!("{} [{}]", crate::words::shown(&name), a.id)
}

/// `--revoke CODE`: mark the certificate revoked in the register.
fn revoke(args: &CertificateArgs, code: &str, lang: Lang) -> Result {
    // An attempt's id, as `kuis report` and the trainer's page show it, revokes every
    // certificate the register holds for that attempt: the code itself may be lost.
    if let Ok(id) = uuid::Uuid::parse_str(code.trim()) {
        return revoke_attempt(args, &id.to_string(), lang);
    }
    let certificate = Certificate::parse(code).map_err(|why| {
        Failure::Usage(lang.pick(
            format!("--revoke: {}", why.message(lang)),
            format!("--revoke: {}", why.message(lang)),
        ))
    })?;
    let mut store = open_store(&args.store)?;
    let now = crate::results::when::now();
    let entry = cert::entry(&certificate, &now);
    let name = &certificate.facts.name;
    let said = match store.revoke_certificate(&entry, &now)? {
        Revoked::Now => lang.pick(
            format!(
                "Sertifikat {name} ({}) dicabut di register {}. Pemeriksaan tanpa register (kuis verify tanpa --store) tetap menyatakannya sah: umumkan pencabutannya.",
                certificate.facts.attempt,
                store.location()
            ),
            format!(
                "The certificate of {name} ({}) is revoked in the register {}. A check without the register (kuis verify without --store) still finds it valid: announce the revocation.",
                certificate.facts.attempt,
                store.location()
            ),
        ),
        Revoked::Already(when) => lang.pick(
            format!("Sertifikat {name} sudah dicabut sebelumnya ({when})."),
            format!("The certificate of {name} was already revoked ({when})."),
        ),
    };
    eprintln!("{said}");
    Ok(())
}

/// `--revoke ATTEMPT_ID`: revoke every certificate of that attempt in the register.
fn revoke_attempt(args: &CertificateArgs, attempt: &str, lang: Lang) -> Result {
    let mut store = open_store(&args.store)?;
    let held = store.certificates_of(attempt)?;
    if held.is_empty() {
        eprintln!(
            "{}",
            lang.pick(
                format!(
                    "Register {} tidak memuat sertifikat untuk percobaan {attempt}.",
                    store.location()
                ),
                format!(
                    "The register {} holds no certificate of attempt {attempt}.",
                    store.location()
                ),
            )
        );
        return Err(Failure::Invalid);
    }
    let now = crate::results::when::now();
    let mut newly = 0;
    for entry in &held {
        if store.revoke_certificate(entry, &now)? == Revoked::Now {
            newly += 1;
        }
    }
    eprintln!(
        "{}",
        lang.pick(
            format!(
                "{newly} sertifikat percobaan {attempt} dicabut di register {} ({} sudah dicabut sebelumnya). Pemeriksaan tanpa register (kuis verify tanpa --store) tetap menyatakannya sah: umumkan pencabutannya.",
                store.location(),
                held.len() - newly
            ),
            format!(
                "{newly} certificate(s) of attempt {attempt} revoked in the register {} ({} already were). A check without the register (kuis verify without --store) still finds them valid: announce the revocation.",
                store.location(),
                held.len() - newly
            ),
        )
    );
    Ok(())
}
