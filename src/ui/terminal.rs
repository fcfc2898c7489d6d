//! The interactive front end: dialoguer screens on the terminal (drawn on stderr).

use std::io;

use console::{Key, Term};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Input, MultiSelect, Select};

use crate::bank::Kind;
use crate::i18n::{Lang, msg};
use crate::quiz::Shown;

use super::render::{View, shorten, wrap};
use super::{Frontend, Stop};

/// Install the SIGINT/SIGTERM handlers (once per process). console turns Ctrl-C in a prompt
/// into SIGINT, and a signal wakes its wait for a key; with the handlers installed the prompt
/// returns an `Interrupted` error instead of the process dying, so the cursor can be restored
/// and the answers so far kept.
pub fn catch_interrupts() {
    super::signals::install();
}

/// Whether stdin and stderr are both terminals, so dialoguer can draw and read keys.
pub fn available() -> bool {
    use std::io::IsTerminal;
    io::stdin().is_terminal() && Term::stderr().is_term()
}

/// The dialoguer front end.
pub struct Terminal {
    term: Term,
    theme: Box<dyn Theme>,
}

impl Terminal {
    /// Draw on stderr, in colour when `color`.
    pub fn new(color: bool) -> Self {
        let theme: Box<dyn Theme> = if color {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        };
        Terminal {
            term: Term::stderr(),
            theme,
        }
    }

    /// Ask for a line of text (identity); `None` when the learner leaves.
    pub fn input(&self, prompt: &str, allow_empty: bool) -> Result<String, Stop> {
        Input::<String>::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .allow_empty(allow_empty)
            .interact_on(&self.term)
            .map(|s| s.trim().to_owned())
            .map_err(|e| self.stopped(e))
    }

    /// Ask for a line that `valid` accepts (it returns the message to show otherwise),
    /// offering `default`.
    pub fn input_checked(
        &self,
        prompt: &str,
        default: Option<&str>,
        valid: impl Fn(&str) -> Result<(), String>,
    ) -> Result<String, Stop> {
        let mut input = Input::<String>::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .allow_empty(true)
            .validate_with(|s: &String| valid(s.trim()));
        if let Some(d) = default {
            input = input.default(d.to_owned());
        }
        input
            .interact_on(&self.term)
            .map(|s| s.trim().to_owned())
            .map_err(|e| self.stopped(e))
    }

    /// Pick one of `items`.
    pub fn select(&self, prompt: &str, items: &[String], default: usize) -> Result<usize, Stop> {
        match Select::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .items(items)
            .default(default)
            .interact_on_opt(&self.term)
        {
            Ok(Some(i)) => Ok(i),
            Ok(None) => Err(Stop::Interrupted),
            Err(e) => Err(self.stopped(e)),
        }
    }

    /// Pick any of `items`.
    pub fn multi_select(&self, prompt: &str, items: &[String]) -> Result<Vec<usize>, Stop> {
        match MultiSelect::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .items(items)
            .interact_on_opt(&self.term)
        {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Err(Stop::Interrupted),
            Err(e) => Err(self.stopped(e)),
        }
    }

    /// Yes or no.
    pub fn confirm(&self, prompt: &str, default: bool) -> Result<bool, Stop> {
        match dialoguer::Confirm::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .default(default)
            .interact_on_opt(&self.term)
        {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Err(Stop::Interrupted),
            Err(e) => Err(self.stopped(e)),
        }
    }

    /// Print a line on the terminal.
    pub fn say(&self, text: &str) -> Result<(), Stop> {
        self.term.write_line(text).map_err(Self::io)
    }

    /// Ask for the participant's name, NIP and unit.
    pub fn identity(&self, lang: Lang) -> Result<(String, String, String), Stop> {
        let name = self.input(lang.t(msg::ASK_NAME), false)?;
        let nip = self.input(lang.t(msg::ASK_NIP), true)?;
        let unit = self.input(lang.t(msg::ASK_UNIT), true)?;
        Ok((name, nip, unit))
    }

    /// Map a prompt's failure: Ctrl-C and a closed terminal end the quiz politely.
    fn stopped(&self, e: dialoguer::Error) -> Stop {
        let dialoguer::Error::IO(e) = e;
        self.restore();
        match e.kind() {
            io::ErrorKind::Interrupted
            | io::ErrorKind::UnexpectedEof
            | io::ErrorKind::BrokenPipe => Stop::Interrupted,
            _ if super::signals::caught().is_some() => Stop::Interrupted,
            _ => Stop::Io(e.to_string()),
        }
    }

    /// Show the cursor again: console hides it while a prompt is up.
    pub fn restore(&self) {
        let _ = self.term.show_cursor();
    }

    fn io(e: io::Error) -> Stop {
        Stop::Io(e.to_string())
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        self.restore();
    }
}

impl Frontend for Terminal {
    fn ask(
        &mut self,
        view: &View<'_>,
        shown: &Shown<'_>,
        header: &str,
    ) -> Result<Vec<usize>, Stop> {
        if super::signals::caught().is_some() {
            return Err(Stop::Interrupted);
        }
        self.term.write_line("").map_err(Self::io)?;
        self.term.write_line(header).map_err(Self::io)?;
        self.show(&view.prompt(shown))?;
        let kind = *shown.question.kind.get_ref();
        let mut items: Vec<String> = shown
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| view.option(i, o))
            .collect();
        // dialoguer counts one line per item: an item wider than the terminal would wrap and
        // garble the list. Long options are listed in full (wrapped) above, and the list
        // shows them shortened.
        let room = usize::from(self.term.size().1).saturating_sub(6).max(12);
        if items.iter().any(|i| i.chars().count() > room) {
            let full: Vec<String> = items.iter().map(|i| format!("  {i}")).collect();
            self.show(&full.join("\n"))?;
            for item in &mut items {
                *item = shorten(item, room);
            }
        }
        let picked = if kind == Kind::Multiple {
            MultiSelect::with_theme(self.theme.as_ref())
                .with_prompt(view.hint(kind, usize::from(self.term.size().1)))
                .items(&items)
                .interact_on_opt(&self.term)
        } else {
            Select::with_theme(self.theme.as_ref())
                .with_prompt(view.hint(kind, usize::from(self.term.size().1)))
                .items(&items)
                .default(0)
                .interact_on_opt(&self.term)
                .map(|o| o.map(|i| vec![i]))
        };
        match picked {
            Ok(Some(p)) => Ok(p),
            // Esc or q: the learner chose to leave.
            Ok(None) => {
                self.restore();
                Err(Stop::Interrupted)
            }
            Err(e) => Err(self.stopped(e)),
        }
    }

    fn show(&mut self, text: &str) -> Result<(), Stop> {
        let width = usize::from(self.term.size().1);
        self.term
            .write_str(&wrap(text.trim_end(), width))
            .map_err(Self::io)
    }

    fn pause(&mut self, view: &View<'_>) -> Result<(), Stop> {
        self.term
            .write_str(
                &console::style(view.lang.t(msg::PRESS_ENTER))
                    .dim()
                    .to_string(),
            )
            .map_err(Self::io)?;
        loop {
            match self.term.read_key() {
                Ok(Key::Enter | Key::Char(' ')) => break,
                Ok(Key::Escape | Key::CtrlC | Key::Char('q')) => return Err(Stop::Interrupted),
                Ok(_) => {}
                Err(e) => return Err(self.stopped(dialoguer::Error::IO(e))),
            }
        }
        self.term.clear_line().map_err(Self::io)?;
        Ok(())
    }
}
