//! One module per subcommand: wiring between the CLI, the core and the front ends.

pub mod check;
pub mod list;
pub mod take;

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::ColorChoice;
use crate::i18n::Lang;

/// What every command needs to know about how to speak.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// The UI language.
    pub lang: Lang,
    /// Colour on stdout.
    pub color_out: bool,
    /// Colour on stderr.
    pub color_err: bool,
}

impl Ctx {
    /// Decide language and colour from the flags and the environment.
    pub fn new(lang: Option<Lang>, color: ColorChoice) -> Ctx {
        let lang = Lang::choose(lang, |k| std::env::var(k).ok());
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
        };
        console::set_colors_enabled(ctx.color_out);
        console::set_colors_enabled_stderr(ctx.color_err);
        ctx
    }
}

/// The paths a trainer command works on: those given, else `quizzes/`.
pub fn bank_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("quizzes")]
    } else {
        paths.to_vec()
    }
}
