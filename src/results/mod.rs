//! Results: the attempt record (and, later, the store, exports and reports).

pub mod attempt;
