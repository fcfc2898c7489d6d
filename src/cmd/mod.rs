//! One module per subcommand: wiring between the CLI, the core and the front ends. Helpers
//! that several commands share (the store, filters, output) live here, once.

pub mod add;
pub mod certificate;
pub mod check;
pub mod convert;
pub mod export;
pub mod fmt;
pub mod forget;
pub mod history;
pub mod import;
pub mod keys;
pub mod list;
pub mod new;
pub mod prune;
pub mod report;
pub mod review;
pub mod serve;
pub mod store;
pub mod take;
pub mod verify;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::cli::{ColorChoice, FilterArgs, StoreArgs};
use crate::error::{Failure, Result};
use crate::files::{LoadSet, describe, write_atomic_with};
use crate::i18n::Lang;
use crate::results::filter::{Filter, Who};
use crate::results::store::{Location, Store, StoreError};

/// What every command needs to know about how to speak.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// The UI language.
    pub lang: Lang,
    /// Colour on stdout.
    pub color_out: bool,
    /// Colour on stderr.
    pub color_err: bool,
    /// `--lang auto` or `KUIS_LANG=auto`: `kuis serve` speaks each browser's language.
    pub lang_auto: bool,
}

impl Ctx {
    /// Decide language and colour from the flags and the environment.
    pub fn new(lang: Option<crate::cli::LangArg>, color: ColorChoice) -> Ctx {
        let env_auto =
            std::env::var("KUIS_LANG").is_ok_and(|v| v.trim().eq_ignore_ascii_case("auto"));
        let lang_auto = match lang {
            Some(flag) => flag == crate::cli::LangArg::Auto,
            None => env_auto,
        };
        let lang = Lang::choose(lang.and_then(crate::cli::LangArg::lang), |k| {
            std::env::var(k).ok()
        });
        crate::i18n::set_current(lang);
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |is_term: bool| match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_term && !no_color,
        };
        let ctx = Ctx {
            lang,
            color_out: decide(std::io::stdout().is_terminal()),
            color_err: decide(std::io::stderr().is_terminal()),
            lang_auto,
        };
        console::set_colors_enabled(ctx.color_out);
        console::set_colors_enabled_stderr(ctx.color_err);
        ctx
    }
}

/// Show diagnostics on stderr (with the source lines of `source`, when given) and fail
/// with exit 1 (3 for a file that cannot be read): the one way commands report a file they cannot use.
pub fn invalid(
    diagnostics: &[crate::bank::Diagnostic],
    source: Option<&str>,
    ctx: &Ctx,
) -> Failure {
    eprint!(
        "{}",
        crate::bank::diagnostic::render(diagnostics, |_| source, ctx.lang, ctx.color_err)
    );
    crate::error::refused(diagnostics)
}

/// Fail when a load set could not read or parse a bank: its diagnostics are shown.
pub fn loaded(set: &LoadSet, ctx: &Ctx) -> Result {
    if set.diagnostics.is_empty() {
        return Ok(());
    }
    eprint!(
        "{}",
        crate::bank::diagnostic::render(&set.diagnostics, |f| set.text(f), ctx.lang, ctx.color_err)
    );
    Err(crate::error::refused(&set.diagnostics))
}

/// Read one file as a bank source, or report why not.
pub fn read_source(path: &Path, ctx: &Ctx) -> Result<crate::bank::Source> {
    crate::files::read(path).map_err(|d| invalid(&[d], None, ctx))
}

/// Parse a source as a bank, or report where it breaks.
pub fn parse_bank(source: &crate::bank::Source, ctx: &Ctx) -> Result<crate::bank::Bank> {
    crate::bank::parse(source).map_err(|errors| invalid(&errors, Some(&source.text), ctx))
}

/// Check every bank of a load set together: errors (reading, parsing or checking) are shown
/// and fail with exit 1; warnings are returned.
pub fn checked_set(set: &LoadSet, ctx: &Ctx) -> Result<Vec<crate::bank::Diagnostic>> {
    refuse_errors(set, crate::bank::check::check(&set.loaded), ctx)
}

/// [`checked_set`] for commands that only use the banks (`take`, `import`): errors refuse
/// them as there, and the checks that could only warn are not run.
pub fn usable_set(set: &LoadSet, ctx: &Ctx) -> Result {
    refuse_errors(set, crate::bank::check::errors(&set.loaded), ctx).map(drop)
}

/// Show the errors among the set's diagnostics and `found` and fail with exit 1, or return
/// them all (warnings only) in file order.
fn refuse_errors(
    set: &LoadSet,
    found: Vec<crate::bank::Diagnostic>,
    ctx: &Ctx,
) -> Result<Vec<crate::bank::Diagnostic>> {
    use crate::bank::check::fails;
    let mut diagnostics = set.diagnostics.clone();
    diagnostics.extend(found);
    set.sort(&mut diagnostics);
    if fails(&diagnostics, false) {
        diagnostics.retain(|d| d.severity() == crate::bank::Severity::Error);
        eprint!(
            "{}",
            crate::bank::diagnostic::render(&diagnostics, |f| set.text(f), ctx.lang, ctx.color_err)
        );
        return Err(crate::error::refused(&diagnostics));
    }
    Ok(diagnostics)
}

/// Parse and check one bank: errors are shown and fail with exit 1, warnings are returned.
pub fn checked(
    source: &crate::bank::Source,
    ctx: &Ctx,
) -> Result<(crate::bank::Bank, Vec<crate::bank::Diagnostic>)> {
    let mut set = LoadSet::default();
    set.add_source(source.clone());
    let diagnostics = checked_set(&set, ctx)?;
    let bank = set.loaded.pop().map(|l| l.bank).ok_or(Failure::Invalid)?;
    Ok((bank, diagnostics))
}

/// The banks `check` and `list` look at: the paths given; else `./quizzes` when it exists;
/// else the built-in bank, so both work anywhere, as `kuis` itself does.
pub fn load_banks(paths: &[PathBuf], lang: Lang) -> LoadSet {
    if !paths.is_empty() {
        return crate::files::load(paths);
    }
    let quizzes = Path::new("quizzes");
    if quizzes.is_dir() {
        return crate::files::load(&[quizzes.to_owned()]);
    }
    builtin(lang)
}

/// The built-in bank as a load set.
pub fn builtin(lang: Lang) -> LoadSet {
    let mut set = LoadSet::default();
    set.add_source(crate::bank::Source::new(
        lang.pick("<bawaan>", "<built-in>"),
        take::BUILTIN,
    ));
    set
}

/// The paths a trainer command works on: those given, else `quizzes/`.
pub fn bank_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("quizzes")]
    } else {
        paths.to_vec()
    }
}

/// Where the store is: `--store`/`KUIS_STORE`, else the config file's `store`, else
/// `kuis.sqlite` in the user's data folder (created on first use). A `postgres://` URL names a
/// PostgreSQL database, anything else a SQLite file.
pub fn store_location(args: &StoreArgs) -> Result<Location> {
    if let Some(path) = &args.path {
        return Ok(Location::from(path));
    }
    if let Some(store) = crate::config::load().store {
        return Ok(Location::from(store.as_str()));
    }
    let dirs = directories::ProjectDirs::from("id", "kuis", "kuis").ok_or_else(|| {
        Failure::Io(crate::i18n::current().pick(
            "tidak ada folder rumah untuk menyimpan hasil; pakai --store PATH".into(),
            "no home folder to keep the store in; use --store PATH".into(),
        ))
    })?;
    let dir = dirs.data_dir();
    crate::files::create_private_dir(dir)
        .map_err(|e| Failure::Io(format!("{}: {}", dir.display(), describe(&e))))?;
    Ok(Location::File(dir.join("kuis.sqlite")))
}

/// Open the store, or fail with exit 3 and a message naming it. `KUIS_BUSY_TIMEOUT_MS`
/// shortens the wait for a locked SQLite store or a PostgreSQL server that does not answer
/// (for tests and impatient scripts).
pub fn open_store(args: &StoreArgs) -> Result<Store> {
    open_at(store_location(args)?)
}

/// Open the store at `location`, as [`open_store`].
pub fn open_at(location: Location) -> Result<Store> {
    let timeout = std::env::var("KUIS_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(
            crate::results::store::BUSY_TIMEOUT,
            std::time::Duration::from_millis,
        );
    Ok(Store::open_with(location, timeout)?)
}

/// A store failure ends the command with exit 3 (a `--store` URL that does not parse: exit 2),
/// its message in the UI language.
impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        let message = e.message(crate::i18n::current());
        match e {
            StoreError::Connect {
                why: crate::results::store::PgFailure::BadUrl(_),
                ..
            } => Failure::Usage(message),
            _ => Failure::Io(message),
        }
    }
}

/// Turn `--bank/--since/--until/--unit` into a filter. A date means the whole day in the
/// local time zone: `--since 2026-11-01 --until 2026-11-30` covers all of November.
pub fn filter(args: &FilterArgs, lang: Lang) -> Result<Filter> {
    let when = |text: &Option<String>, end_of_day: bool| -> Result<Option<Timestamp>> {
        text.as_deref()
            .map(|text| moment(text, end_of_day, lang))
            .transpose()
    };
    Ok(Filter {
        banks: args.bank.clone(),
        since: when(&args.since, false)?,
        until: when(&args.until, true)?,
        unit: args.unit.clone(),
        who: None,
        room: args.room.clone(),
    })
}

/// Attempts as a command hands them on: as stored, or with names, NIPs and units replaced
/// by the store's pseudonyms (`--pseudonymise`).
pub struct Names(Option<crate::results::pseudonym::Pseudonyms>);

impl Names {
    /// `attempts`, pseudonymised when asked.
    pub fn apply<'a>(
        &'a self,
        attempts: &'a mut dyn Iterator<Item = crate::results::attempt::Attempt>,
    ) -> impl Iterator<Item = crate::results::attempt::Attempt> + 'a {
        attempts.map(move |a| match &self.0 {
            Some(p) => p.attempt(a),
            None => a,
        })
    }
}

/// The pseudonyms of `store` when `on` (its key is created on first use), else names as
/// they are.
pub fn pseudonyms(store: &mut Store, on: bool) -> Result<Names> {
    Ok(Names(if on {
        Some(crate::results::pseudonym::Pseudonyms::new(
            &store.pseudonym_key()?,
        ))
    } else {
        None
    }))
}

/// A time given on the command line: an RFC 3339 time, or a date meaning the start of that
/// day in the local time zone (with `end_of_day`, the start of the next: an inclusive end).
pub fn moment(text: &str, end_of_day: bool, lang: Lang) -> Result<Timestamp> {
    use crate::results::when::{BadTime, since_epoch};
    match since_epoch(text) {
        // The last day of 9999 is past jiff's last timestamp, and no attempt is later.
        Ok(d) => {
            return Ok(Timestamp::from_duration(d).unwrap_or(if d.is_negative() {
                Timestamp::MIN
            } else {
                Timestamp::MAX
            }));
        }
        Err(BadTime::OutOfRange) => {
            return Err(Failure::Usage(lang.pick(
                format!("\"{text}\": zona waktu di luar ±23:59"),
                format!("\"{text}\": the offset is outside ±23:59"),
            )));
        }
        Err(BadTime::NotRfc3339) => {}
    }
    let date: Date = text.parse().map_err(|_| {
        Failure::Usage(lang.pick(
            format!("\"{text}\" bukan tanggal (2026-11-01) atau waktu RFC 3339"),
            format!("\"{text}\" is not a date (2026-11-01) or an RFC 3339 time"),
        ))
    })?;
    let day = if end_of_day {
        date.tomorrow().map_err(|e| Failure::Usage(e.to_string()))?
    } else {
        date
    };
    let zoned = day
        .to_zoned_datetime(TimeZone::system())
        .map_err(|e| Failure::Usage(e.to_string()))?;
    Ok(zoned.timestamp())
}

/// The banks whose texts a trainer command shows, and the ids they select: the banks of
/// `paths` (each, and merged when a path holds several, as `kuis take` records them), else the
/// built-in bank, which selects nothing (its texts label only attempts on the built-in bank).
/// Each path is checked on its own: banks that were never taken together may share ids.
pub fn text_banks(paths: &[PathBuf], ctx: &Ctx) -> Result<(Vec<crate::bank::Bank>, Vec<String>)> {
    if paths.is_empty() {
        let (_, builtin) = take::load(paths, ctx)?;
        return Ok((vec![builtin], Vec::new()));
    }
    let mut banks = Vec::new();
    for path in paths {
        let (set, merged) = take::load(std::slice::from_ref(path), ctx)?;
        let several = set.loaded.len() > 1;
        banks.extend(set.loaded.into_iter().map(|l| l.bank));
        if several {
            banks.push(merged);
        }
    }
    let ids = banks.iter().map(|b| b.bank.id.get_ref().clone()).collect();
    Ok((banks, ids))
}

/// The time zone for showing times: `--tz`, else the system's (`TZ`, /etc/localtime).
pub fn time_zone(name: Option<&str>, lang: Lang) -> Result<TimeZone> {
    match name {
        None => Ok(TimeZone::system()),
        Some(name) => TimeZone::get(name).map_err(|_| {
            Failure::Usage(lang.pick(
                format!("\"{name}\" bukan zona waktu yang dikenal; contoh: Asia/Jakarta, Asia/Makassar, Asia/Jayapura"),
                format!("\"{name}\" is not a known time zone; for example Asia/Jakarta, Asia/Makassar, Asia/Jayapura"),
            ))
        }),
    }
}

/// Write a command's data: to `out` atomically, or to stdout.
pub fn emit(out: Option<&Path>, bytes: &[u8]) -> Result {
    emit_with(out, |w| w.write_all(bytes))
}

/// [`emit`] for data produced bit by bit: `write` streams into a buffered file or stdout.
pub fn emit_with(
    out: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result {
    // `-o -` is stdout, with stdout's handling of a reader that left.
    match out.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            write_atomic_with(path, write)
                .map_err(|e| Failure::Io(format!("{}: {}", path.display(), describe(&e))))?;
            // Said on stderr so a script reading stdout sees nothing new; a person sees where.
            let lang = crate::i18n::current();
            eprintln!(
                "{}",
                lang.pick(
                    format!("Ditulis ke {}", path.display()),
                    format!("Written to {}", path.display()),
                )
            );
            Ok(())
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            match write(&mut stdout).and_then(|()| stdout.flush()) {
                // The reader left (`kuis export | head`): nothing more to say, as with cat.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|e| Failure::Io(describe(&e))),
            }
        }
    }
}

/// Whose results: `--nip`, else `--name`, else the identity remembered by `kuis take`.
pub fn who(name: &Option<String>, nip: &Option<String>) -> Option<Who> {
    let remembered = crate::config::load();
    let nip = nip
        .clone()
        .or_else(|| name.is_none().then_some(remembered.nip).flatten());
    let name = name.clone().or(remembered.name);
    match (nip, name) {
        (Some(nip), _) => Some(Who::Nip(nip)),
        (None, Some(name)) => Some(Who::Name(name)),
        (None, None) => None,
    }
}

/// The usage error for a command that needs to know whose results to use.
pub fn nobody(lang: Lang) -> Failure {
    Failure::Usage(
        lang.pick(
            "siapa? berikan --name atau --nip (atau ikuti kuis sekali di terminal dan isi nama Anda: identitas itu diingat)"
                .into(),
            "whose? give --name or --nip (or take a quiz once at the terminal and type your name: that identity is remembered)"
                .into(),
        ),
    )
}
