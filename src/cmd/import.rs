//! `kuis import`: merge attempt files into the store; each file is taken whole or refused by
//! name, and importing twice changes nothing.

use crate::cli::ImportArgs;
use crate::error::{Failure, Result};
use crate::files::describe;
use crate::results::attempt::Attempt;

use super::{Ctx, open_store};

/// Import; exit 1 when any file was refused (the others are imported all the same).
pub fn run(args: &ImportArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let mut store = open_store(&args.store)?;
    let (mut imported, mut duplicates, mut rejected) = (0, 0, 0);
    for file in &args.files {
        let attempts = std::fs::read(file)
            .map_err(|e| describe(&e))
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned()))
            .and_then(|text| Attempt::parse_many(&text).map_err(|e| e.to_string()));
        match attempts {
            Ok(attempts) => {
                for attempt in &attempts {
                    if store
                        .insert(attempt)
                        .map_err(|e| Failure::Io(e.to_string()))?
                    {
                        imported += 1;
                    } else {
                        duplicates += 1;
                    }
                }
            }
            Err(why) => {
                rejected += 1;
                eprintln!(
                    "{}: {}: {why}",
                    lang.t(crate::i18n::msg::ERROR),
                    file.display()
                );
            }
        }
    }
    eprintln!(
        "{}",
        lang.pick(
            format!("kuis import: {imported} baru, {duplicates} sudah ada, {rejected} berkas ditolak"),
            format!("kuis import: {imported} imported, {duplicates} already there, {rejected} file(s) refused"),
        )
    );
    if rejected > 0 {
        Err(Failure::Invalid)
    } else {
        Ok(())
    }
}
