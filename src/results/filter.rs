//! Which attempts a trainer command looks at: by bank, time, unit and participant.

use jiff::Timestamp;

use super::attempt::{Attempt, Participant};

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

/// A name, NIP or unit as compared: without surrounding white space, in ASCII lower case.
/// The store keeps this of each attempt's NIP and name in indexed columns (`nip_key`,
/// `name_key`), so one person's attempts are found by an index; comparing these keys is
/// exactly the comparison [`Filter::matches`] makes.
pub fn match_key(text: &str) -> String {
    text.trim().to_ascii_lowercase()
}

impl Filter {
    /// Whether `a` meets every condition.
    pub fn matches(&self, a: &Attempt) -> bool {
        if !self.banks.is_empty() && !self.banks.contains(&a.bank.id) {
            return false;
        }
        if self.room.is_some() && a.room != self.room {
            return false;
        }
        if !self.matches_person(&a.participant) {
            return false;
        }
        if self.since.is_some() || self.until.is_some() {
            let Ok(at) = a.finished_utc() else {
                return false;
            };
            if self.since.is_some_and(|s| at < s.as_duration())
                || self.until.is_some_and(|u| at >= u.as_duration())
            {
                return false;
            }
        }
        true
    }

    /// Whether `p` is the participant (`who`) of the unit (`unit`) asked for; true when
    /// neither is asked.
    pub fn matches_person(&self, p: &Participant) -> bool {
        let same = |x: &Option<String>, y: &str| {
            x.as_deref()
                .is_some_and(|x| x.trim().eq_ignore_ascii_case(y.trim()))
        };
        if let Some(unit) = &self.unit
            && !same(&p.unit, unit)
        {
            return false;
        }
        match &self.who {
            Some(Who::Nip(nip)) => same(&p.nip, nip),
            Some(Who::Name(name)) => same(&p.name, name),
            None => true,
        }
    }
}
