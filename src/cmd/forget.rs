//! `kuis forget`: erase one person's data from the store when they ask (UU 27/2022): show
//! what goes, ask (or `--yes`), erase in one transaction, and say what it cannot reach. The
//! confirmation and the words about an erasure are here once; `kuis prune` uses them too.

use crate::cli::ForgetArgs;
use crate::error::{Failure, Result};
use crate::i18n::Lang;
use crate::results::filter::{Filter, Who};
use crate::results::store::Store;
use crate::results::store::privacy::{Erase, Removed};
use crate::ui::Stop;
use crate::ui::terminal::{self, Terminal};

use super::{Ctx, open_store};

/// Forget.
pub fn run(args: &ForgetArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let blank = |v: &Option<String>| v.as_deref().is_some_and(|v| v.trim().is_empty());
    if blank(&args.nip) || blank(&args.name) || blank(&args.unit) {
        return Err(Failure::Usage(lang.pick(
            "--nip, --name dan --unit tidak boleh kosong".into(),
            "--nip, --name and --unit cannot be empty".into(),
        )));
    }
    let filter = Filter {
        who: match (&args.nip, &args.name) {
            (Some(nip), _) => Some(Who::Nip(nip.clone())),
            (None, Some(name)) => Some(Who::Name(name.clone())),
            (None, None) => None,
        },
        unit: args.unit.clone(),
        ..Filter::default()
    };
    let mut store = open_store(&args.store)?;
    let question = lang.pick(
        "Hapus data orang ini untuk selamanya?",
        "Erase this person's data for good?",
    );
    let removed = confirmed_erase(&mut store, Erase::Person(&filter), args.yes, question, ctx)?;
    if removed.is_some() {
        eprintln!(
            "{}",
            lang.pick(
                "Ekspor, laporan, cadangan, dan berkas percobaan yang dibuat sebelumnya tidak terjangkau oleh kuis: hapus sendiri salinan yang memuat orang ini.",
                "Exports, reports, backups and attempt files made before are out of kuis's reach: delete the copies that hold this person yourself.",
            )
        );
    }
    Ok(())
}

/// The counts in words: `3 attempts (120 answers), 1 web session (40 answers)`.
pub fn counted(r: &Removed, lang: Lang) -> String {
    lang.pick(
        format!(
            "{} percobaan ({} jawaban), {} sesi web ({} jawaban web)",
            r.attempts, r.answers, r.web_sessions, r.web_answers
        ),
        format!(
            "{} attempt(s) ({} answers), {} web session(s) ({} web answers)",
            r.attempts, r.answers, r.web_sessions, r.web_answers
        ),
    )
}

/// Show what `what` removes from `store`, ask `question` at a terminal unless `yes`, and
/// erase. Nothing to remove, or a "no", erases nothing (`None`). Without a terminal and
/// without `yes` it refuses (exit 2): an erasure is never done by a script that forgot to
/// say so.
pub fn confirmed_erase(
    store: &mut Store,
    what: Erase<'_>,
    yes: bool,
    question: &str,
    ctx: &Ctx,
) -> Result<Option<Removed>> {
    let lang = ctx.lang;
    let location = store.location().to_string();
    let preview = store.erase(what, false)?;
    if preview.attempts == 0 && preview.web_sessions == 0 {
        eprintln!(
            "{}",
            lang.pick(
                format!("Tidak ada yang cocok di {location}; tidak ada yang dihapus."),
                format!("Nothing in {location} matches; nothing was removed."),
            )
        );
        return Ok(None);
    }
    eprintln!(
        "{}",
        lang.pick(
            format!("Akan dihapus dari {location}: {}.", counted(&preview, lang)),
            format!(
                "To be removed from {location}: {}.",
                counted(&preview, lang)
            ),
        )
    );
    if !yes {
        if !terminal::available() {
            return Err(Failure::Usage(lang.pick(
                "tidak ada terminal untuk meminta persetujuan; tambahkan --yes bila penghapusan ini memang dikehendaki".into(),
                "no terminal to ask for confirmation; add --yes if this erasure is meant".into(),
            )));
        }
        terminal::catch_interrupts();
        let term = Terminal::new(ctx.color_err, lang);
        let answer = term.confirm(question, false);
        term.restore();
        match answer {
            Ok(true) => {}
            Ok(false) => {
                eprintln!(
                    "{}",
                    lang.pick("Tidak ada yang dihapus.", "Nothing was removed.")
                );
                return Ok(None);
            }
            Err(Stop::Input(why) | Stop::Io(why)) => return Err(Failure::Io(why)),
            Err(Stop::Interrupted | Stop::TimeUp) => return Err(Failure::Interrupted),
        }
    }
    let removed = store.erase(what, true)?;
    eprintln!(
        "{}",
        lang.pick(
            format!(
                "Dihapus: {}. Catatan penghapusan disimpan (tanggal dan jumlah, tanpa data pribadi).",
                counted(&removed, lang)
            ),
            format!(
                "Removed: {}. The erasure is recorded (date and counts, no personal data).",
                counted(&removed, lang)
            ),
        )
    );
    Ok(Some(removed))
}
