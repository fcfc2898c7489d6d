//! Results: the attempt record, the store, exports and the trainer's report.

pub mod attempt;
pub mod export;
pub mod filter;
pub mod history;
pub mod ingest;
pub mod pseudonym;
pub mod report;
pub mod review;
pub mod store;
pub mod when;
