//! The interactive front end on the terminal (drawn on stderr). Questions are lists drawn
//! here on console, with keys read through crossterm, because a dialoguer list cannot be
//! interrupted: the countdown ticks every second and closes the question at zero without a
//! key press. Lines of text and yes/no questions stay dialoguer's, in the same look.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use console::{Style, StyledObject, Term};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use dialoguer::Input;
use dialoguer::theme::{ColorfulTheme, Theme};

use crate::bank::Kind;
use crate::bank::model::letter;
use crate::i18n::{Lang, msg};
use crate::quiz::Shown;

use super::render::{View, clock, wrap};
use super::{Frontend, Stop};

/// Set when the terminal hangs up (its window closed, the connection dropped): the quiz
/// ends as if the learner left, and the answers so far are scored and kept.
static HUNG_UP: std::sync::LazyLock<std::sync::Arc<AtomicBool>> =
    std::sync::LazyLock::new(Default::default);

/// Install the SIGINT/SIGTERM handlers (once per process), and at a terminal the hang-up one.
/// console turns Ctrl-C in a prompt into SIGINT, and a signal wakes its wait for a key; with
/// the handlers installed the prompt returns an `Interrupted` error instead of the process
/// dying, so the cursor can be restored and the answers so far kept.
pub fn catch_interrupts() {
    super::signals::install();
    let _ = signal_hook::flag::register(signal_hook::consts::SIGHUP, HUNG_UP.clone());
}

/// Whether the learner left by Ctrl-C or a closed terminal.
fn left() -> bool {
    super::signals::caught().is_some() || HUNG_UP.load(Ordering::SeqCst)
}

/// Whether stdin and stderr are both terminals, so kuis can draw and read keys.
pub fn available() -> bool {
    use std::io::IsTerminal;
    io::stdin().is_terminal() && Term::stderr().is_term()
}

/// The one look of every prompt, with or without colour: `?` asks, `✔` answered, `❯` marks
/// the current row and `[x]` a ticked one, so nothing depends on colour alone.
fn look(color: bool) -> ColorfulTheme {
    let style = |s: Style| s.for_stderr().force_styling(color);
    let mark = |text: &str, s: Style| style(s).apply_to(text.to_owned());
    ColorfulTheme {
        defaults_style: style(Style::new().cyan()),
        prompt_style: style(Style::new().bold()),
        prompt_prefix: mark("?", Style::new().yellow()),
        prompt_suffix: mark("›", Style::new().black().bright()),
        success_prefix: mark("✔", Style::new().green()),
        success_suffix: mark("·", Style::new().black().bright()),
        error_prefix: mark("✘", Style::new().red()),
        error_style: style(Style::new().red()),
        hint_style: style(Style::new().black().bright()),
        values_style: style(Style::new().green()),
        active_item_style: style(Style::new().cyan()),
        inactive_item_style: style(Style::new()),
        active_item_prefix: mark("❯", Style::new().green()),
        inactive_item_prefix: mark(" ", Style::new()),
        checked_item_prefix: mark("[x]", Style::new().green()),
        unchecked_item_prefix: mark("[ ]", Style::new()),
        picked_item_prefix: mark("❯", Style::new().green()),
        unpicked_item_prefix: mark(" ", Style::new()),
    }
}

/// The terminal front end.
pub struct Terminal {
    term: Term,
    theme: ColorfulTheme,
    lang: Lang,
}

/// A list to pick from.
struct List<'a> {
    /// What to do, shown above the list ("pilih satu …").
    hint: &'a str,
    /// The rows, each wrapped as needed.
    items: &'a [String],
    /// Tick any number of rows, or pick one.
    multiple: bool,
    /// When the list closes on its own.
    deadline: Option<Instant>,
    /// Ask once more before sending nothing ticked.
    confirm_empty: bool,
}

/// Raw mode for as long as a list is up, so every key arrives at once; restored on drop,
/// whatever way the list ends.
struct Raw;

impl Raw {
    fn on() -> io::Result<Raw> {
        crossterm::terminal::enable_raw_mode()?;
        Ok(Raw)
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// What a key asks for, in any list or pause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Press {
    Up,
    Down,
    Home,
    End,
    Toggle,
    Enter,
    Leave,
    Letter(char),
    Other,
}

fn press(key: KeyEvent) -> Press {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c' | 'd') if ctrl => Press::Leave,
        KeyCode::Esc => Press::Leave,
        KeyCode::Up | KeyCode::BackTab => Press::Up,
        KeyCode::Down | KeyCode::Tab => Press::Down,
        KeyCode::Home | KeyCode::PageUp => Press::Home,
        KeyCode::End | KeyCode::PageDown => Press::End,
        // Enter typed just before raw mode began arrives as a line feed (Ctrl-J).
        KeyCode::Enter => Press::Enter,
        KeyCode::Char('j') if ctrl => Press::Enter,
        KeyCode::Char(' ') => Press::Toggle,
        KeyCode::Char(c) if !ctrl => Press::Letter(c.to_ascii_lowercase()),
        _ => Press::Other,
    }
}

/// The next key press, waiting at most `timeout`; `None` when none came. A closed terminal
/// or a read error is the learner leaving.
fn next_press(timeout: Duration) -> Result<Option<Option<Press>>, Stop> {
    if left() {
        return Err(Stop::Interrupted);
    }
    // Keys crossterm has already read come first; then wait on the terminal here. crossterm's
    // own wait never returns once the terminal is gone (its read gives 0 bytes, and it reads
    // again at once), which would leave a process spinning with nobody at the keyboard.
    if !matches!(event::poll(Duration::ZERO), Ok(true)) {
        match terminal_wait(timeout) {
            Wait::Quiet => return Ok(None),
            Wait::Gone => return Err(Stop::Interrupted),
            Wait::Ready => {}
        }
    }
    match event::poll(timeout) {
        Ok(false) => Ok(None),
        Ok(true) => match event::read() {
            Ok(Event::Key(key)) if key.kind != KeyEventKind::Release => Ok(Some(Some(press(key)))),
            // A resize, or a key let go: redraw.
            Ok(_) => Ok(Some(None)),
            Err(_) => Err(Stop::Interrupted),
        },
        Err(_) => Err(Stop::Interrupted),
    }
}

/// What waiting on the terminal gave.
enum Wait {
    /// Nothing came in time.
    Quiet,
    /// Something to read.
    Ready,
    /// The terminal hung up or failed: the learner left.
    Gone,
}

/// Wait up to `timeout` for input on stdin (the terminal crossterm reads).
fn terminal_wait(timeout: Duration) -> Wait {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let timeout = Timespec {
        tv_sec: timeout.as_secs() as i64,
        tv_nsec: i64::from(timeout.subsec_nanos()),
    };
    match poll(&mut fds, Some(&timeout)) {
        Ok(0) => Wait::Quiet,
        Ok(_)
            if fds[0]
                .revents()
                .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) =>
        {
            Wait::Gone
        }
        Ok(_) => Wait::Ready,
        // A signal came: the caller looks at what it was.
        Err(rustix::io::Errno::INTR) => Wait::Quiet,
        Err(_) => Wait::Gone,
    }
}

/// How many rows above the cursor a typed line took, its prompt included, when the cursor
/// stands at its end. A line exactly as wide as the terminal leaves the cursor on its last
/// column (terminals defer the wrap), hence the `- 1`.
fn wrapped_rows(prompt_width: usize, typed: &str, term: &Term) -> usize {
    let width = usize::from(term.size().1).max(1);
    (prompt_width + console::measure_text_width(typed)).saturating_sub(1) / width
}

impl Terminal {
    /// Draw on stderr, in colour when `color`, speaking `lang`.
    pub fn new(color: bool, lang: Lang) -> Self {
        Terminal {
            term: Term::stderr(),
            theme: look(color),
            lang,
        }
    }

    /// Ask for a line that `valid` accepts (it returns the message to show otherwise),
    /// offering `default`.
    pub fn input_checked(
        &self,
        prompt: &str,
        default: Option<&str>,
        valid: impl Fn(&str) -> Result<(), String>,
    ) -> Result<String, Stop> {
        self.line(prompt, default, valid)
    }

    /// The one dialoguer line prompt. When Enter ends a line longer than the terminal is
    /// wide, dialoguer clears only the cursor's row (console-rs/dialoguer#295), which left
    /// the first rows of a long answer on screen above its "✔" line, so the prompt read
    /// twice. dialoguer calls the validator right after that clear, on the same terminal:
    /// there the rows the wrap took above the cursor are cleared too, before dialoguer
    /// writes the error or the answered line.
    fn line(
        &self,
        prompt: &str,
        default: Option<&str>,
        valid: impl Fn(&str) -> Result<(), String>,
    ) -> Result<String, Stop> {
        let mut shown = String::new();
        let _ = self.theme.format_input_prompt(&mut shown, prompt, default);
        let prompt_width = console::measure_text_width(&shown);
        let term = &self.term;
        let mut input = Input::<String>::with_theme(&self.theme)
            .with_prompt(prompt)
            // An empty line is the validator's to refuse, with its reason (a name is needed).
            .allow_empty(true)
            .validate_with(move |s: &String| {
                // An empty line that takes the default reaches here as the default; the
                // default is part of the prompt's width already. (A default typed out in
                // full is counted short: better a stray row than a row of the quiz erased.)
                let typed = if Some(s.as_str()) == default { "" } else { s };
                let _ = term.clear_last_lines(wrapped_rows(prompt_width, typed, term));
                valid(s.trim())
            });
        if let Some(d) = default {
            input = input.default(d.to_owned());
        }
        input
            .interact_on(&self.term)
            .map(|s| s.trim().to_owned())
            .map_err(|e| self.stopped(e))
    }

    /// Pick one of `items`, starting on `default`: the same list as a question's.
    pub fn select(&self, prompt: &str, items: &[String], default: usize) -> Result<usize, Stop> {
        let picked = self.pick(
            &List {
                hint: prompt,
                items,
                multiple: false,
                deadline: None,
                confirm_empty: false,
            },
            default,
        )?;
        let labels: Vec<&str> = picked.iter().map(|&i| items[i].as_str()).collect();
        self.echo(prompt, false, &labels)?;
        Ok(picked[0])
    }

    /// Pick any of `items`: the same list as a question's.
    pub fn multi_select(&self, prompt: &str, items: &[String]) -> Result<Vec<usize>, Stop> {
        let picked = self.pick(
            &List {
                hint: prompt,
                items,
                multiple: true,
                deadline: None,
                confirm_empty: false,
            },
            0,
        )?;
        let labels: Vec<&str> = picked.iter().map(|&i| items[i].as_str()).collect();
        self.echo(prompt, true, &labels)?;
        Ok(picked)
    }

    /// Yes or no: `y` or `n` (Indonesian `ya`/`tidak` too), Enter for `default`.
    pub fn confirm(&self, prompt: &str, default: bool) -> Result<bool, Stop> {
        let t = &self.theme;
        let hint = if default { "(Y/n)" } else { "(y/N)" };
        let mut line = String::new();
        let _ = t.format_prompt(&mut line, &format!("{prompt} {hint}"));
        let raw = Raw::on().map_err(Self::io)?;
        self.term.write_str(&line).map_err(Self::io)?;
        let answer = loop {
            match next_press(Duration::from_millis(250)) {
                Ok(Some(Some(Press::Enter))) => break Ok(default),
                Ok(Some(Some(Press::Letter('y')))) => break Ok(true),
                Ok(Some(Some(Press::Letter('n' | 't')))) => break Ok(false),
                Ok(Some(Some(Press::Leave))) => break Err(Stop::Interrupted),
                Ok(_) => {}
                Err(e) => break Err(e),
            }
        };
        drop(raw);
        self.term.clear_line().map_err(Self::io)?;
        let answer = answer?;
        let word = match (answer, self.lang) {
            (true, Lang::Id) => "ya",
            (false, Lang::Id) => "tidak",
            (true, Lang::En) => "yes",
            (false, Lang::En) => "no",
        };
        let mut done = String::new();
        let _ = t.format_input_prompt_selection(&mut done, prompt, word);
        self.term
            .write_str(&wrap(&done, self.width()))
            .map_err(Self::io)?;
        Ok(answer)
    }

    /// Print a line on the terminal.
    pub fn say(&self, text: &str) -> Result<(), Stop> {
        self.term.write_line(text).map_err(Self::io)
    }

    /// Ask for the participant's name, NIP and unit, each cleaned as every way in cleans them
    /// ([`crate::words`]). A name left empty, a field over the length kept, or a NIP that is
    /// not 18 digits is asked again with the reason.
    pub fn identity(&self, lang: Lang) -> Result<(String, String, String), Stop> {
        use crate::words;
        let field = |prompt: &str, required: bool| {
            let answer = self.input_checked(prompt, None, |s| match words::field(s) {
                Err(why) => Err(why.message(lang).to_owned()),
                Ok(s) if required && s.is_empty() => Err(lang.t(msg::NAME_EMPTY).to_owned()),
                Ok(_) => Ok(()),
            })?;
            Ok(words::clean(&answer))
        };
        let name = field(lang.t(msg::ASK_NAME), true)?;
        let nip = self.input_checked(lang.t(msg::ASK_NIP), None, |s| {
            words::nip(s)
                .map(|_| ())
                .map_err(|_| lang.t(msg::NIP_INVALID).to_owned())
        })?;
        let nip = words::nip(&nip).ok().flatten().unwrap_or_default();
        let unit = field(lang.t(msg::ASK_UNIT), false)?;
        Ok((name, nip, unit))
    }

    /// Wait for Enter (or Space) under a dimmed `message`; Esc, q or Ctrl-C leave, and
    /// the wait ends by itself at `deadline`.
    pub fn wait(&self, message: &str, deadline: Option<Instant>) -> Result<(), Stop> {
        // Raw mode before the message: a key pressed as soon as it shows is read whole.
        let raw = Raw::on().map_err(Self::io)?;
        self.term
            .write_str(&console::style(message).dim().to_string())
            .map_err(Self::io)?;
        let waited = loop {
            if deadline.is_some_and(|d| Instant::now() >= d) {
                break Ok(());
            }
            match next_press(Duration::from_millis(100)) {
                Ok(Some(Some(Press::Enter | Press::Toggle))) => break Ok(()),
                Ok(Some(Some(Press::Leave | Press::Letter('q')))) => break Err(Stop::Interrupted),
                Ok(_) => {}
                Err(e) => break Err(e),
            }
        };
        drop(raw);
        self.term.clear_line().map_err(Self::io)?;
        waited
    }

    /// Map a prompt's failure: Ctrl-C and a closed terminal end the quiz politely.
    fn stopped(&self, e: dialoguer::Error) -> Stop {
        let dialoguer::Error::IO(e) = e;
        self.restore();
        match e.kind() {
            io::ErrorKind::Interrupted
            | io::ErrorKind::UnexpectedEof
            | io::ErrorKind::BrokenPipe => Stop::Interrupted,
            _ if left() => Stop::Interrupted,
            _ => Stop::Io(e.to_string()),
        }
    }

    /// Show the cursor again: it is hidden while a list is up.
    pub fn restore(&self) {
        let _ = self.term.show_cursor();
    }

    /// A write to the terminal failed: it is gone (closed, hung up), so the learner left.
    /// Ending as interrupted keeps the answers given so far.
    fn io(_: io::Error) -> Stop {
        Stop::Interrupted
    }

    /// Columns to draw in: the terminal's width, at least 20.
    fn width(&self) -> usize {
        usize::from(self.term.size().1).max(20)
    }

    /// Let the learner pick from `list`: arrow keys (or a choice's letter) move, Space
    /// ticks, Enter sends. With a deadline the countdown is redrawn every second and the
    /// list closes at zero.
    fn pick(&self, list: &List<'_>, start: usize) -> Result<Vec<usize>, Stop> {
        if list.items.is_empty() {
            return Err(Stop::Input(
                self.lang
                    .pick(
                        "tidak ada yang bisa dipilih",
                        "there is nothing to pick from",
                    )
                    .into(),
            ));
        }
        let mut state = ListState {
            active: start.min(list.items.len().saturating_sub(1)),
            ticked: vec![false; list.items.len()],
            top: 0,
            warn: false,
            drawn: 0,
        };
        let _ = self.term.hide_cursor();
        let raw = Raw::on().map_err(Self::io)?;
        let result = self.pick_loop(list, &mut state);
        // Clear the list: what was picked is echoed below in one wrapped line.
        let _ = self.clear(state.drawn);
        drop(raw);
        self.restore();
        result
    }

    fn pick_loop(&self, list: &List<'_>, state: &mut ListState) -> Result<Vec<usize>, Stop> {
        let n = list.items.len();
        let mut shown_secs = None;
        let mut dirty = true;
        loop {
            let left = list
                .deadline
                .map(|d| d.saturating_duration_since(Instant::now()));
            if left == Some(Duration::ZERO) {
                return Err(Stop::TimeUp);
            }
            // Whole seconds left, rounded up: 00:01 is the last second, never 00:00.
            let secs = left.map(|l| l.as_secs() + u64::from(l.subsec_nanos() > 0));
            if dirty || secs != shown_secs {
                let lines = self.render(list, state, secs);
                self.clear(state.drawn).map_err(Self::io)?;
                self.term.write_str(&lines.join("\r\n")).map_err(Self::io)?;
                state.drawn = lines.len();
                shown_secs = secs;
                dirty = false;
            }
            // Wake in time for the next tick of the countdown.
            let wait = left.map_or(Duration::from_millis(250), |l| {
                Duration::from_nanos(u64::from(l.subsec_nanos()))
                    .max(Duration::from_millis(10))
                    .min(Duration::from_millis(250))
            });
            let Some(key) = next_press(wait)? else {
                continue;
            };
            dirty = true;
            let Some(key) = key else { continue };
            let warned = std::mem::take(&mut state.warn);
            match key {
                Press::Leave => return Err(Stop::Interrupted),
                Press::Up => state.active = (state.active + n - 1) % n,
                Press::Down => state.active = (state.active + 1) % n,
                Press::Home => state.active = 0,
                Press::End => state.active = n - 1,
                Press::Toggle if list.multiple => {
                    state.ticked[state.active] ^= true;
                }
                Press::Letter(c) => {
                    if let Some(i) = (0..n).find(|&i| letter(i) == c.to_string()) {
                        state.active = i;
                    }
                }
                Press::Enter if !list.multiple => return Ok(vec![state.active]),
                Press::Enter => {
                    let picked: Vec<usize> = (0..n).filter(|&i| state.ticked[i]).collect();
                    if picked.is_empty() && list.confirm_empty && !warned {
                        state.warn = true;
                    } else {
                        return Ok(picked);
                    }
                }
                Press::Toggle | Press::Other => {}
            }
        }
    }

    /// Move up over `lines` drawn lines and clear them.
    fn clear(&self, lines: usize) -> io::Result<()> {
        if lines > 1 {
            self.term.move_cursor_up(lines - 1)?;
        }
        self.term.write_str("\r")?;
        self.term.clear_to_end_of_screen()
    }

    /// The lines of a list as it stands: the hint (with the countdown), the rows that fit
    /// the screen around the current one, and the confirmation when one is due.
    fn render(&self, list: &List<'_>, state: &mut ListState, secs: Option<u64>) -> Vec<String> {
        let width = self.width();
        let rows = usize::from(self.term.size().0).max(4);
        let t = &self.theme;
        let mut asked = list.hint.to_owned();
        if let Some(secs) = secs {
            asked += &format!(" · {} {}", self.lang.t(msg::TIME_LEFT), clock(secs));
        }
        let mut hint = String::new();
        let _ = if list.multiple {
            t.format_multi_select_prompt(&mut hint, &asked)
        } else {
            t.format_select_prompt(&mut hint, &asked)
        };
        let mut head = split(&wrap(&hint, width));
        let warn = if state.warn {
            split(&wrap(
                &t.error_style
                    .apply_to(self.lang.t(msg::CONFIRM_EMPTY))
                    .to_string(),
                width,
            ))
        } else {
            Vec::new()
        };
        // Each row wrapped under its own marker, so a long choice reads whole.
        let item_lines: Vec<Vec<String>> = (0..list.items.len())
            .map(|i| self.row(list, state, i, width))
            .collect();
        let room = rows.saturating_sub(1 + head.len() + warn.len()).max(1);
        // Scroll so the current row is on screen, keeping the first row shown when it can.
        if state.active < state.top {
            state.top = state.active;
        }
        while state.top < state.active
            && item_lines[state.top..=state.active]
                .iter()
                .map(Vec::len)
                .sum::<usize>()
                > room
        {
            state.top += 1;
        }
        let mut body = Vec::new();
        let mut last = state.top;
        for (i, lines) in item_lines.iter().enumerate().skip(state.top) {
            if !body.is_empty() && body.len() + lines.len() > room {
                break;
            }
            body.extend(lines.iter().take(room.saturating_sub(body.len())).cloned());
            last = i;
        }
        if state.top > 0 || last + 1 < list.items.len() {
            let page = format!(" [{}/{}]", state.active + 1, list.items.len());
            if let Some(first) = head.last_mut() {
                *first += &page;
            }
        }
        head.extend(body);
        head.extend(warn);
        head
    }

    /// Row `i`, wrapped: marker, box (when several may be ticked), text.
    fn row(&self, list: &List<'_>, state: &ListState, i: usize, width: usize) -> Vec<String> {
        let t = &self.theme;
        let active = i == state.active;
        let marker = if active {
            &t.active_item_prefix
        } else {
            &t.inactive_item_prefix
        };
        let mut prefix = format!("{marker} ");
        if list.multiple {
            let tick: &StyledObject<String> = if state.ticked[i] {
                &t.checked_item_prefix
            } else {
                &t.unchecked_item_prefix
            };
            prefix += &format!("{tick} ");
        }
        let indent = console::measure_text_width(&prefix);
        // Continuation lines hang under the text, past the option's letter (`a) `), so a
        // long option never reads like the start of the next one.
        let item = &list.items[i];
        let hang = item
            .find(") ")
            .filter(|&at| at <= 3)
            .map_or(0, |at| item[..at].chars().count() + 2);
        let continued = " ".repeat(hang);
        let lines = textwrap::wrap(
            item,
            textwrap::Options::new(width.saturating_sub(indent).max(10))
                .subsequent_indent(&continued),
        );
        let style = if active {
            &t.active_item_style
        } else {
            &t.inactive_item_style
        };
        lines
            .iter()
            .enumerate()
            .map(|(n, line)| {
                let lead = if n == 0 {
                    prefix.clone()
                } else {
                    " ".repeat(indent)
                };
                format!("{lead}{}", style.apply_to(line))
            })
            .collect()
    }

    /// The answer as given, wrapped at word boundaries: `✔ pilih satu · b) …`.
    fn echo(&self, hint: &str, multiple: bool, picked: &[&str]) -> Result<(), Stop> {
        let mut line = String::new();
        let t = &self.theme;
        let _ = if multiple {
            t.format_multi_select_prompt_selection(&mut line, hint, picked)
        } else {
            t.format_select_prompt_selection(&mut line, hint, picked.first().copied().unwrap_or(""))
        };
        self.term
            .write_str(&wrap(&line, self.width()))
            .map_err(Self::io)
    }
}

/// Where a list stands.
struct ListState {
    /// The current row.
    active: usize,
    /// The ticked rows.
    ticked: Vec<bool>,
    /// The first row on screen.
    top: usize,
    /// Enter came with nothing ticked: ask once more.
    warn: bool,
    /// Lines drawn last time, to clear before the next drawing.
    drawn: usize,
}

/// Lines of a wrapped text.
fn split(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
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
        remaining: Option<Duration>,
    ) -> Result<Vec<usize>, Stop> {
        if left() {
            return Err(Stop::Interrupted);
        }
        let deadline = remaining.map(|r| Instant::now() + r);
        self.term.write_line("").map_err(Self::io)?;
        // The countdown ticks in the list's own line, so the header leaves it out.
        self.show(&format!(
            "{}\n{}",
            view.header(shown, None),
            view.prompt(shown)
        ))?;
        let kind = *shown.question.kind.get_ref();
        let items: Vec<String> = shown
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| view.option(i, o))
            .collect();
        let hint = view.hint(kind, self.width());
        let multiple = kind == Kind::Multiple;
        let picked = self.pick(
            &List {
                hint,
                items: &items,
                multiple,
                deadline,
                confirm_empty: true,
            },
            0,
        )?;
        let labels: Vec<&str> = if picked.is_empty() {
            vec![view.lang.t(msg::NOTHING_PICKED)]
        } else {
            picked.iter().map(|&i| items[i].as_str()).collect()
        };
        self.echo(hint, multiple, &labels)?;
        Ok(picked)
    }

    fn show(&mut self, text: &str) -> Result<(), Stop> {
        self.term
            .write_str(&wrap(text.trim_end(), self.width()))
            .map_err(Self::io)
    }

    fn pause(&mut self, view: &View<'_>, remaining: Option<Duration>) -> Result<(), Stop> {
        self.wait(
            view.lang.t(msg::PRESS_ENTER),
            remaining.map(|r| Instant::now() + r),
        )
    }

    fn review(&mut self, view: &View<'_>, blocks: &[String]) -> Result<(), Stop> {
        let width = self.width();
        let room = usize::from(self.term.size().0).saturating_sub(1).max(3);
        let pages = paginate(
            blocks.iter().map(|b| split(&wrap(b.trim_end(), width))),
            room,
        );
        for (i, page) in pages.iter().enumerate() {
            self.term
                .write_str(&format!("{}\n", page.join("\n")))
                .map_err(Self::io)?;
            if i + 1 < pages.len() {
                let footer = format!(
                    "— {} ({}/{}) —",
                    view.lang.t(msg::PAGE_KEYS),
                    i + 1,
                    pages.len()
                );
                match self.wait(&footer, None) {
                    Ok(()) => {}
                    // The attempt is complete: leaving the review only skips the rest.
                    Err(Stop::Interrupted) => break,
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(())
    }
}

/// Lay blocks of lines out on pages of `room` lines: a block starts a new page rather than
/// break across two, unless it is longer than a page itself.
fn paginate(blocks: impl Iterator<Item = Vec<String>>, room: usize) -> Vec<Vec<String>> {
    let mut pages: Vec<Vec<String>> = vec![Vec::new()];
    for block in blocks {
        let current = pages.last_mut().expect("one page at least");
        if !current.is_empty() && current.len() + block.len() > room {
            pages.push(Vec::new());
        }
        for line in block {
            if pages.last().is_some_and(|p| p.len() >= room) {
                pages.push(Vec::new());
            }
            pages.last_mut().expect("one page at least").push(line);
        }
    }
    pages.retain(|p| !p.is_empty());
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that pages keep blocks whole where they fit and split only longer ones.
    #[test]
    fn pages_keep_blocks_whole() {
        let block = |n: usize, tag: &str| (0..n).map(|i| format!("{tag}{i}")).collect::<Vec<_>>();
        let pages = paginate(
            vec![block(2, "a"), block(2, "b"), block(5, "c"), block(1, "d")].into_iter(),
            4,
        );
        assert_eq!(
            pages,
            vec![
                block(2, "a")
                    .into_iter()
                    .chain(block(2, "b"))
                    .collect::<Vec<_>>(),
                block(4, "c"),
                vec!["c4".to_owned(), "d0".to_owned()],
            ]
        );
    }
}
