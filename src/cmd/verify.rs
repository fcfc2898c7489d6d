//! `kuis verify CODE | FILE.pdf`: check a certificate offline with the issuer's public key,
//! and with `--store` ask the register whether it was revoked. Exit 0 when valid, 1 when not.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::cert::{self, Certificate, Verdict};
use crate::cli::{Format, StoreArgs, VerifyArgs};
use crate::error::{Failure, Result};
use crate::i18n::Lang;

use super::{Ctx, emit, keys};

/// The largest file read for a code: a certificate's PDF is some 100 KB.
const FILE_MAX: u64 = 20 << 20;

/// Verify.
pub fn run(args: &VerifyArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let text = code_text(&args.what, lang)?;
    let keys = keys::verifying_keys(&args.keys, &args.key, lang)?;
    let store = match &args.store {
        None => None,
        Some(path) => {
            let given = path
                .clone()
                .or_else(|| std::env::var_os("KUIS_STORE").map(PathBuf::from));
            Some(super::open_store(&StoreArgs { path: given })?)
        }
    };
    let judged = cert::judge_with(&text, &keys, store.as_ref(), lang)?;
    let (verdict, certificate) = (judged.verdict, judged.certificate);
    let out = match args.format {
        Format::Json => {
            let mut json =
                serde_json::to_string_pretty(&verdict).map_err(|e| Failure::Io(e.to_string()))?;
            json.push('\n');
            json
        }
        Format::Human => human(&verdict, certificate.as_ref(), lang),
    };
    emit(None, out.as_bytes())?;
    if judged.unregistered {
        eprintln!("{}", cert::unregistered_warning(lang));
    }
    if verdict.valid {
        Ok(())
    } else {
        Err(Failure::Invalid)
    }
}

/// The verdict as a person reads it: the word, the reason when not valid, then the facts.
fn human(verdict: &Verdict, certificate: Option<&Certificate>, lang: Lang) -> String {
    let mut out = String::new();
    if verdict.valid {
        out.push_str(cert::valid_word(lang));
        out.push_str(": ");
        out.push_str(cert::valid_sentence(lang));
        out.push('\n');
    } else {
        out.push_str(cert::invalid_word(lang));
        if let Some(reason) = &verdict.reason {
            out.push_str(": ");
            out.push_str(reason);
        }
        out.push('\n');
    }
    if let Some(c) = certificate {
        let lines = cert::lines(c, lang);
        let width = lines
            .iter()
            .map(|l| l.label.chars().count())
            .max()
            .unwrap_or(0);
        for l in lines {
            out.push_str(&format!("  {:<width$}  {}\n", l.label, l.value));
        }
    }
    out
}

/// The code to verify: `-` reads stdin; an existing file is read (a PDF by the code in its
/// metadata, anything else as the code's text); any other argument is the code itself.
fn code_text(what: &str, lang: Lang) -> Result<String> {
    let bytes = if what == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(FILE_MAX + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Io(crate::files::describe(&e)))?;
        bytes
    } else if Path::new(what).is_file() {
        crate::files::read_capped(Path::new(what), FILE_MAX).map_err(|e| {
            Failure::Io(match e {
                crate::files::Capped::Io(e) => format!("{what}: {}", crate::files::describe(&e)),
                crate::files::Capped::TooLarge(_) => lang.pick(
                    format!("{what}: berkas terlalu besar untuk sertifikat"),
                    format!("{what}: too large for a certificate"),
                ),
            })
        })?
    } else {
        return Ok(what.to_owned());
    };
    if bytes.starts_with(b"%PDF") {
        return cert::pdf::code_in(&bytes).ok_or_else(|| {
            println!("{}", cert::invalid_word(lang));
            eprintln!(
                "{}",
                lang.pick(
                    format!("{what}: PDF ini tidak memuat kode verifikasi kuis"),
                    format!("{what}: this PDF holds no kuis verification code"),
                )
            );
            Failure::Invalid
        });
    }
    Ok(String::from_utf8_lossy(&bytes).trim().to_owned())
}
