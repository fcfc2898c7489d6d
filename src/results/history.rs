//! A learner's history: per-topic scores across attempts, for the trend line.

use std::collections::BTreeMap;

use super::attempt::Attempt;

/// Per topic, the percent scored in each attempt that had it, oldest first.
pub fn topic_trend(attempts: &[Attempt]) -> BTreeMap<String, Vec<f64>> {
    let mut trend: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for a in attempts {
        let mut sums: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
        for x in &a.answers {
            let e = sums.entry(&x.topic).or_default();
            e.0 += x.points;
            e.1 += x.max;
        }
        for (topic, (points, max)) in sums {
            if max > 0.0 {
                trend
                    .entry(topic.to_owned())
                    .or_default()
                    .push(100.0 * points / max);
            }
        }
    }
    trend
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::attempt::tests::sample;

    // Test that each attempt adds one point per topic it covered, in order.
    #[test]
    fn trend_in_order() {
        let trend = topic_trend(&[sample("a", 0.0), sample("a", 1.0)]);
        assert_eq!(trend["t"], vec![0.0, 100.0]);
    }
}
