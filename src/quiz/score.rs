//! Scoring one answer, per kind, as a fraction of the question's one point.

use crate::bank::Kind;

use super::session::Opt;

/// Points for picking `picked` (display positions) among `options`, from 0 to 1.
///
/// - single, true-false: 1 for the right choice, else 0;
/// - multiple: (right picks − wrong picks) / right choices, never below 0;
/// - weighted: the chosen choice's points / the best choice's points.
pub fn score(kind: Kind, options: &[Opt<'_>], picked: &[usize]) -> f64 {
    match kind {
        Kind::Single | Kind::TrueFalse => {
            let right = picked.len() == 1 && options.get(picked[0]).is_some_and(|o| o.correct);
            if right { 1.0 } else { 0.0 }
        }
        Kind::Multiple => {
            let total = options.iter().filter(|o| o.correct).count();
            if total == 0 {
                return 0.0;
            }
            let right = picked
                .iter()
                .filter(|&&p| options.get(p).is_some_and(|o| o.correct))
                .count();
            let wrong = picked.len() - right;
            ((right as f64 - wrong as f64) / total as f64).clamp(0.0, 1.0)
        }
        Kind::Weighted => {
            let best = options.iter().map(|o| o.points).max().unwrap_or(0);
            match picked {
                [p] if best > 0 => {
                    let points = options.get(*p).map_or(0, |o| o.points).clamp(0, best);
                    points as f64 / best as f64
                }
                _ => 0.0,
            }
        }
    }
}
