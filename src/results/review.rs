//! What to review: Leitner-style, a question stays in review from the time it is missed until
//! it has been answered right twice in a row.

use std::collections::HashMap;

use super::attempt::Attempt;

/// How many right answers in a row take a question out of review.
pub const RIGHT_IN_A_ROW: u32 = 2;

/// Question ids to review, most recently missed first, from `attempts` (oldest first).
pub fn due(attempts: &[Attempt]) -> Vec<String> {
    // question -> (right answers since the last miss, order of the last miss)
    let mut state: HashMap<&str, (u32, usize)> = HashMap::new();
    let mut clock = 0;
    for attempt in attempts {
        for answer in &attempt.answers {
            // A question the learner never reached says nothing about what they know.
            if answer.chosen.is_none() {
                continue;
            }
            clock += 1;
            let right = answer.points >= answer.max - 1e-9;
            match state.get_mut(answer.question.as_str()) {
                Some(entry) if right => entry.0 += 1,
                Some(entry) => *entry = (0, clock),
                None if !right => {
                    state.insert(&answer.question, (0, clock));
                }
                None => {}
            }
        }
    }
    let mut due: Vec<(&str, usize)> = state
        .into_iter()
        .filter(|(_, (streak, _))| *streak < RIGHT_IN_A_ROW)
        .map(|(id, (_, missed))| (id, missed))
        .collect();
    due.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    due.into_iter().map(|(id, _)| id.to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::attempt::tests::sample;

    fn with(points: &[(&str, f64)]) -> Attempt {
        let mut a = sample("x", 0.0);
        let template = a.answers[0].clone();
        a.answers = points
            .iter()
            .map(|(q, p)| {
                let mut answer = template.clone();
                answer.question = (*q).into();
                answer.points = *p;
                answer
            })
            .collect();
        a
    }

    // Test the Leitner rule: missed stays until right twice in a row; a miss resets.
    #[test]
    fn leitner() {
        let history = [
            with(&[("q1", 0.0), ("q2", 1.0), ("q3", 0.0)]),
            with(&[("q1", 1.0), ("q3", 1.0)]),
            with(&[("q1", 1.0), ("q3", 0.0)]),
        ];
        // q1: missed, then right twice -> out. q2: never missed. q3: missed again last.
        assert_eq!(due(&history), vec!["q3"]);
        assert_eq!(due(&history[..2]), vec!["q3", "q1"]);
    }
}
