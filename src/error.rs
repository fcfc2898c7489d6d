//! How a command fails, and the documented exit code of each way.

use crate::i18n::Lang;

/// Exit codes: 0 success · 1 invalid input (check found errors) · 2 usage error ·
/// 3 I/O or store failure · 130 interrupted (SIGINT) · 143 terminated (SIGTERM).
#[derive(Debug)]
pub enum Failure {
    /// What was checked is invalid; the details were already printed.
    Invalid,
    /// A file named could not be read; the diagnostic was already printed.
    Unreadable,
    /// The command was called wrongly; the message says how to call it.
    Usage(String),
    /// Reading or writing failed.
    Io(String),
    /// The user stopped it (Ctrl-C, a closed terminal); what was done so far was printed.
    Interrupted,
    /// SIGTERM stopped it; what was done so far was kept, as with Ctrl-C.
    Terminated,
}

impl Failure {
    /// The process exit code.
    pub fn code(&self) -> i32 {
        match self {
            Failure::Invalid => 1,
            Failure::Usage(_) => 2,
            Failure::Io(_) | Failure::Unreadable => 3,
            Failure::Interrupted => 130,
            Failure::Terminated => 143,
        }
    }

    /// The line to print on stderr, when there is one left to print.
    pub fn message(&self, lang: Lang) -> Option<String> {
        let prefix = lang.t(crate::i18n::msg::ERROR);
        match self {
            Failure::Usage(m) | Failure::Io(m) => Some(format!("{prefix}: {m}")),
            Failure::Invalid | Failure::Unreadable | Failure::Interrupted | Failure::Terminated => {
                None
            }
        }
    }
}

/// How printed bank diagnostics end a command: a file that could not be read (E001) is an
/// I/O failure (exit 3, as the README says), anything else invalid input (exit 1).
pub fn refused(diagnostics: &[crate::bank::Diagnostic]) -> Failure {
    if diagnostics.iter().any(|d| d.problem.code() == "E001") {
        Failure::Unreadable
    } else {
        Failure::Invalid
    }
}

/// What commands return.
pub type Result<T = ()> = std::result::Result<T, Failure>;
