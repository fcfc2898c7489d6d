//! `kuis keys init` and `kuis keys public`: the organisation's signing key and its public key.

use std::path::PathBuf;

use crate::cert::key::{self, KeyError, SigningKey};
use crate::cli::{KeysCommand, SigningKeyArgs};
use crate::error::{Failure, Result};
use crate::i18n::Lang;

use super::{Ctx, emit};

/// Run a `kuis keys` command.
pub fn run(command: &KeysCommand, ctx: &Ctx) -> Result {
    match command {
        KeysCommand::Init(args) => {
            let lang = ctx.lang;
            let path = key_path(&args.key, lang)?;
            let issuer =
                key::check_issuer(&args.issuer).map_err(|e| Failure::Usage(e.message(lang)))?;
            let key = SigningKey::generate(issuer)
                .map_err(|e| Failure::Io(crate::files::describe(&e)))?;
            key::save(&key, &path, args.force).map_err(|e| failure(e, lang))?;
            eprintln!(
                "{}",
                lang.pick(
                    format!(
                        "Kunci penanda tangan {} untuk {} ditulis ke {} (hanya dapat dibaca oleh Anda). Rahasiakan dan cadangkan; umumkan kunci publiknya: kuis keys public",
                        key.id(),
                        key.issuer,
                        path.display()
                    ),
                    format!(
                        "Signing key {} for {} written to {} (readable by you alone). Keep it secret and backed up; publish its public key: kuis keys public",
                        key.id(),
                        key.issuer,
                        path.display()
                    ),
                )
            );
            Ok(())
        }
        KeysCommand::Public(args) => {
            let key = signing_key(&args.key, ctx.lang)?;
            emit(
                args.out.as_deref(),
                key.public().publishable(&key.issuer, ctx.lang).as_bytes(),
            )
        }
    }
}

/// The signing key file: `--signing-key`/`KUIS_SIGNING_KEY`, else beside the config file.
pub fn key_path(args: &SigningKeyArgs, lang: Lang) -> Result<PathBuf> {
    args.signing_key
        .clone()
        .or_else(key::default_path)
        .ok_or_else(|| {
            Failure::Usage(lang.pick(
                "tidak ada folder konfigurasi untuk kunci; pakai --signing-key BERKAS".into(),
                "no config folder to keep the key in; use --signing-key FILE".into(),
            ))
        })
}

/// The signing key, or why it cannot be used: a missing key is a usage error (make one
/// first), any other trouble with its file an I/O error.
pub fn signing_key(args: &SigningKeyArgs, lang: Lang) -> Result<SigningKey> {
    key::load(&key_path(args, lang)?).map_err(|e| failure(e, lang))
}

/// A key error's exit: 2 when the user has something to do first, 3 for a file in trouble.
pub fn failure(e: KeyError, lang: Lang) -> Failure {
    match e {
        KeyError::Missing(_) | KeyError::Exists(_) | KeyError::BadIssuer | KeyError::NotAKey(_) => {
            Failure::Usage(e.message(lang))
        }
        KeyError::Exposed(..) | KeyError::Io(..) | KeyError::Corrupt(..) => {
            Failure::Io(e.message(lang))
        }
    }
}

/// The public keys a verifier uses: every `--key`, else the configured signing key's.
pub fn verifying_keys(
    given: &[String],
    signing: &SigningKeyArgs,
    lang: Lang,
) -> Result<Vec<crate::cert::PublicKey>> {
    if given.is_empty() {
        return match signing_key(signing, lang) {
            Ok(key) => Ok(vec![key.public()]),
            Err(Failure::Usage(_)) => Err(Failure::Usage(
                lang.pick(
                    "berikan kunci publik penerbit dengan --key (teks kuispub1:… atau berkasnya)"
                        .into(),
                    "give the issuer's public key with --key (its kuispub1:… text or its file)"
                        .into(),
                ),
            )),
            Err(other) => Err(other),
        };
    }
    let mut keys = Vec::new();
    for one in given {
        keys.extend(key::public_keys(one).map_err(|e| failure(e, lang))?);
    }
    Ok(keys)
}
