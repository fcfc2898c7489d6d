//! Which attempts a trainer command looks at: by bank, time, unit and participant.

use jiff::Timestamp;

use super::attempt::Attempt;

/// Conditions an attempt must meet; empty conditions match everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these bank ids (any bank when empty).
    pub banks: Vec<String>,
    /// Finished at or after.
    pub since: Option<Timestamp>,
    /// Finished before.
    pub until: Option<Timestamp>,
    /// Only this work unit (case-insensitive).
    pub unit: Option<String>,
    /// Only this participant.
    pub who: Option<Who>,
    /// Only attempts taken in this `kuis serve` room.
    pub room: Option<String>,
}

/// A participant: by NIP when known, else by name (case-insensitive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// By NIP.
    Nip(String),
    /// By name.
    Name(String),
}

impl Filter {
    /// Whether `a` meets every condition.
    pub fn matches(&self, a: &Attempt) -> bool {
        let same = |x: &Option<String>, y: &str| {
            x.as_deref()
                .is_some_and(|x| x.trim().eq_ignore_ascii_case(y.trim()))
        };
        if !self.banks.is_empty() && !self.banks.contains(&a.bank.id) {
            return false;
        }
        if self.room.is_some() && a.room != self.room {
            return false;
        }
        if let Some(unit) = &self.unit
            && !same(&a.participant.unit, unit)
        {
            return false;
        }
        match &self.who {
            Some(Who::Nip(nip)) if !same(&a.participant.nip, nip) => return false,
            Some(Who::Name(name)) if !same(&a.participant.name, name) => return false,
            _ => {}
        }
        if self.since.is_some() || self.until.is_some() {
            let Some(at) = a.finished_at() else {
                return false;
            };
            if self.since.is_some_and(|s| at < s) || self.until.is_some_and(|u| at >= u) {
                return false;
            }
        }
        true
    }
}
