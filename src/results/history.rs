//! A learner's history: attempts grouped by person, and per bank the trend of each topic over
//! the attempts that count (review rounds and interrupted attempts are kept apart).

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
    /// Interrupted attempts on this bank (not in the trend).
    pub interrupted: usize,
}

/// Per bank (by id), the topic trends over `attempts` (oldest first).
pub fn trends(attempts: &[Attempt]) -> Vec<Trend> {
    let mut banks: BTreeMap<&str, Trend> = BTreeMap::new();
    for a in attempts {
        let trend = banks.entry(&a.bank.id).or_insert_with(|| Trend {
            bank: a.bank.id.clone(),
            topics: BTreeMap::new(),
            reviews: 0,
            interrupted: 0,
        });
        if !counts(a) {
            if a.mode == "review" {
                trend.reviews += 1;
            } else {
                trend.interrupted += 1;
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
    let mut groups: Vec<(String, Vec<Attempt>)> = Vec::new();
    for a in attempts {
        let key = person_key(&a.participant);
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => g.1.push(a),
            None => groups.push((key, vec![a])),
        }
    }
    groups.into_iter().map(|g| g.1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::attempt::tests::sample;

    // Test that each counting attempt adds one point per topic, in order, per bank; review
    // rounds and interrupted attempts are counted apart.
    #[test]
    fn trend_per_bank_without_reviews() {
        let mut other = sample("a", 0.0);
        other.bank.id = "lain".into();
        let mut review = sample("a", 1.0);
        review.mode = "review".into();
        let mut cut = sample("a", 1.0);
        cut.ending = "interrupted".into();
        cut.completed = false;
        cut.planned += 1;
        let t = trends(&[sample("a", 0.0), review, cut, other, sample("a", 1.0)]);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].bank, "b");
        assert_eq!(t[0].topics["t"], vec![0.0, 100.0]);
        assert_eq!((t[0].reviews, t[0].interrupted), (1, 1));
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
