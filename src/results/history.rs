//! A learner's history: attempts grouped by person, and per bank the trend of each topic over
//! the attempts that count (review rounds and incomplete attempts are kept apart).

use std::collections::BTreeMap;

use super::attempt::{Attempt, Participant};
use super::report::counts;

/// Who an attempt belongs to: the NIP when known, else the name, case-insensitively (the same
/// person in every command).
pub fn person_key(p: &Participant) -> String {
    match (&p.nip, &p.name) {
        (Some(nip), _) if !nip.trim().is_empty() => format!("nip:{}", nip.trim()),
        (_, Some(name)) => format!("name:{}", name.trim().to_lowercase()),
        _ => String::new(),
    }
}

/// One bank's trend for one learner.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// The bank id.
    pub bank: String,
    /// Per topic id, the percent scored in each counting attempt that had it, oldest first.
    pub topics: BTreeMap<String, Vec<f64>>,
    /// Review rounds on this bank (not in the trend).
    pub reviews: usize,
    /// Incomplete attempts on this bank, stopped early or out of time (not in the trend).
    pub incomplete: usize,
}

/// Per bank (by id), the topic trends over `attempts` (oldest first).
pub fn trends(attempts: &[Attempt]) -> Vec<Trend> {
    let mut banks: BTreeMap<&str, Trend> = BTreeMap::new();
    for a in attempts {
        let trend = banks.entry(&a.bank.id).or_insert_with(|| Trend {
            bank: a.bank.id.clone(),
            topics: BTreeMap::new(),
            reviews: 0,
            incomplete: 0,
        });
        if !counts(a) {
            if a.mode == "review" {
                trend.reviews += 1;
            } else {
                trend.incomplete += 1;
            }
            continue;
        }
        let mut sums: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
        for x in &a.answers {
            let e = sums.entry(&x.topic).or_default();
            e.0 += x.points;
            e.1 += x.max;
        }
        for (topic, (points, max)) in sums {
            if max > 0.0 {
                trend
                    .topics
                    .entry(topic.to_owned())
                    .or_default()
                    .push(100.0 * points / max);
            }
        }
    }
    banks.into_values().collect()
}

/// Attempts grouped by person (in order of first appearance), each group oldest first.
pub fn by_person(attempts: Vec<Attempt>) -> Vec<Vec<Attempt>> {
    // Groups by key through a map: a search of the list per attempt was quadratic.
    let mut groups: Vec<Vec<Attempt>> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for a in attempts {
        let i = *at.entry(person_key(&a.participant)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[i].push(a);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::attempt::tests::sample;

    // Test that each counting attempt adds one point per topic, in order, per bank; review
    // rounds and incomplete attempts (here one out of time) are counted apart.
    #[test]
    fn trend_per_bank_without_reviews() {
        let mut other = sample("a", 0.0);
        other.bank.id = "lain".into();
        let mut review = sample("a", 1.0);
        review.mode = "review".into();
        let mut cut = sample("a", 1.0);
        cut.ending = "time-up".into();
        cut.completed = false;
        cut.planned += 1;
        let t = trends(&[sample("a", 0.0), review, cut, other, sample("a", 1.0)]);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].bank, "b");
        assert_eq!(t[0].topics["t"], vec![0.0, 100.0]);
        assert_eq!((t[0].reviews, t[0].incomplete), (1, 1));
        assert_eq!(t[1].topics["t"], vec![0.0]);
    }

    // Test that people are told apart by NIP, else by name whatever its case.
    #[test]
    fn grouped_by_person() {
        let mut nip = sample("Siti", 1.0);
        nip.participant.nip = Some("1990".into());
        let groups = by_person(vec![
            sample("Siti", 0.0),
            nip,
            sample("siti ", 1.0),
            sample("Budi", 1.0),
        ]);
        let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
        assert_eq!(sizes, [2, 1, 1]);
    }
}
