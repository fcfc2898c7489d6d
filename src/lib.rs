//! kuis: a quiz engine for compliance education. The pure core (`bank`, `quiz`, `say`: what
//! feedback says, and `words`: people's words as kept and shown) does no I/O; the front ends
//! (`ui` in a terminal, `web` in browsers, `files`, `config`, `cmd`) wire it to people and
//! files.

#![forbid(unsafe_code)]
// A diagnostic is built at most a few times per file, never in a loop that matters: boxing it
// to shrink `Result` would cost clarity for nothing.
#![allow(clippy::result_large_err)]

/// std's `eprintln!` panics when stderr is a pipe whose reader has left (`kuis … 2>&1 | head
/// -1`); a message nobody can read any more is no reason to panic or lose an attempt, so in
/// this crate the macro writes and ignores the failure. Defined before the modules, it
/// shadows std's in all of them.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!` without the panic, as [`eprintln!`].
macro_rules! eprint {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

pub mod bank;
pub mod cert;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod convert;
pub mod error;
pub mod files;
pub mod help;
pub mod i18n;
pub mod quiz;
pub mod results;
pub mod say;
pub mod table;
pub mod ui;
pub mod web;
pub mod words;

use std::ffi::OsString;
use std::io::Write;

use clap::CommandFactory;

use cli::{Cli, Command};

/// Run kuis with these arguments and return the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cli = match help::parse(args.clone(), help::early_lang(&args)) {
        Ok(cli) => cli,
        Err(exit) => {
            // Help read by `| head` or `| true` ends quietly when the reader leaves.
            if exit.stdout {
                let mut out = std::io::stdout().lock();
                let _ = out
                    .write_all(exit.text.as_bytes())
                    .and_then(|()| out.flush());
            } else {
                eprint!("{}", exit.text);
            }
            return exit.code;
        }
    };
    let ctx = cmd::Ctx::new(cli.lang, cli.color);
    let result = match &cli.command {
        None => cmd::take::run(&cli.take, &ctx),
        Some(Command::Take(args)) => cmd::take::run(args, &ctx),
        Some(Command::Check(args)) => cmd::check::run(args, &ctx),
        Some(Command::List(args)) => cmd::list::run(args, &ctx),
        Some(Command::History(args)) => cmd::history::run(args, &ctx),
        Some(Command::Review(args)) => cmd::review::run(args, &ctx),
        Some(Command::Export(args)) => cmd::export::run(args, &ctx),
        Some(Command::Import(args)) => cmd::import::run(args, &ctx),
        Some(Command::Report(args)) => cmd::report::run(args, &ctx),
        Some(Command::Serve(args)) => cmd::serve::run(args, &ctx),
        Some(Command::Convert(args)) => cmd::convert::run(args, &ctx),
        Some(Command::New(args)) => cmd::new::run(args, &ctx),
        Some(Command::Add(args)) => cmd::add::run(args, &ctx),
        Some(Command::Fmt(args)) => cmd::fmt::run(args, &ctx),
        Some(Command::Forget(args)) => cmd::forget::run(args, &ctx),
        Some(Command::Prune(args)) => cmd::prune::run(args, &ctx),
        Some(Command::Store(command)) => cmd::store::run(command, &ctx),
        Some(Command::Keys(command)) => cmd::keys::run(command, &ctx),
        Some(Command::Certificate(args)) => cmd::certificate::run(args, &ctx),
        Some(Command::Verify(args)) => cmd::verify::run(args, &ctx),
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "kuis", &mut script);
            cmd::emit(None, &script)
        }
    };
    match result {
        Ok(()) => 0,
        Err(failure) => {
            if let Some(message) = failure.message(ctx.lang) {
                eprintln!("{message}");
            }
            failure.code()
        }
    }
}
