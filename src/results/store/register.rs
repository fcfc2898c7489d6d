//! The certificate register: every certificate issued (by its code's hash, with its attempt,
//! key and date) and its revocation. It keeps no personal fact of its own (the name is the
//! attempt's), so a code found in it says only "issued here". The types and [`Store`]
//! operations are here, once; each backend's SQL is in its own file.

use super::{Db, Store, StoreError};
use crate::results::attempt::Attempt;

/// One issued certificate, as the register keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    /// SHA-256 of the code's bytes, hex.
    pub code_hash: String,
    /// The attempt it is for; `None` once that attempt was erased (`kuis forget`, `kuis
    /// prune`).
    pub attempt: Option<String>,
    /// The signing key's id.
    pub key_id: String,
    /// When it was issued (RFC 3339).
    pub issued: String,
    /// When it was revoked (RFC 3339); `None` while it stands.
    pub revoked: Option<String>,
}

/// What revoking did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revoked {
    /// It is revoked from now on.
    Now,
    /// It was already revoked, at this time.
    Already(String),
}

/// The columns of `certificates` in the order both backends read them.
pub(super) const COLUMNS: &str = "code_hash, attempt_id, key_id, issued, revoked";

impl Store {
    /// Record issued certificates in one transaction; one already recorded (the same code
    /// issued again) is left as it is, revocation and all.
    pub fn record_certificates(&mut self, issued: &[Issued]) -> Result<(), StoreError> {
        match &mut self.db {
            Db::Sqlite(db) => db.record_certificates(issued),
            Db::Postgres(db) => db.record_certificates(issued),
        }
    }

    /// Revoke a certificate at `when`; one the register never saw (issued from another
    /// store) is recorded as revoked, so this register refuses it from now on.
    pub fn revoke_certificate(
        &mut self,
        certificate: &Issued,
        when: &str,
    ) -> Result<Revoked, StoreError> {
        match &mut self.db {
            Db::Sqlite(db) => db.revoke_certificate(certificate, when),
            Db::Postgres(db) => db.revoke_certificate(certificate, when),
        }
    }

    /// The register's entry for a code's hash.
    pub fn certificate(&self, code_hash: &str) -> Result<Option<Issued>, StoreError> {
        match &self.db {
            Db::Sqlite(db) => db.certificate(code_hash),
            Db::Postgres(db) => db.certificate(code_hash),
        }
    }

    /// Every certificate the register holds for this attempt, oldest first (by the index on
    /// the attempt): a revoked one is never issued again, and `--revoke ATTEMPT_ID` revokes
    /// them all.
    pub fn certificates_of(&self, attempt: &str) -> Result<Vec<Issued>, StoreError> {
        match &self.db {
            Db::Sqlite(db) => db.certificates(Some(attempt)),
            Db::Postgres(db) => db.certificates(Some(attempt)),
        }
    }

    /// A revoked certificate of this attempt, when the register holds one.
    pub fn revoked_of(&self, attempt: &str) -> Result<Option<Issued>, StoreError> {
        Ok(self
            .certificates_of(attempt)?
            .into_iter()
            .find(|c| c.revoked.is_some()))
    }

    /// Every entry of the register, oldest first.
    pub fn certificates(&self) -> Result<Vec<Issued>, StoreError> {
        match &self.db {
            Db::Sqlite(db) => db.certificates(None),
            Db::Postgres(db) => db.certificates(None),
        }
    }

    /// The stored attempt with this id.
    pub fn attempt(&self, id: &str) -> Result<Option<Attempt>, StoreError> {
        let record = match &self.db {
            Db::Sqlite(db) => db.record(id)?,
            Db::Postgres(db) => db.record(id)?,
        };
        record
            .map(|r| {
                serde_json::from_str(&r).map_err(|e| StoreError::Record {
                    store: self.location.to_string(),
                    why: e.to_string(),
                })
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::attempt::tests::sample;

    fn issued(hash: &str, attempt: &str) -> Issued {
        Issued {
            code_hash: hash.into(),
            attempt: Some(attempt.into()),
            key_id: "0011223344556677".into(),
            issued: "2026-12-07T10:00:00+07:00".into(),
            revoked: None,
        }
    }

    // Test that the register records once, revokes once, and records a revocation of a code
    // it never issued; and that an attempt is found by its id.
    #[test]
    fn register_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("s.sqlite")).unwrap();
        exercise(&mut store);
    }

    /// The register's behaviour, on any backend.
    pub(crate) fn exercise(store: &mut Store) {
        let a = sample("Siti", 1.0);
        store.insert(&a).unwrap();
        assert_eq!(store.attempt(&a.id.to_string()).unwrap(), Some(a.clone()));
        assert_eq!(store.attempt("nope").unwrap(), None);
        let one = issued("aa", &a.id.to_string());
        store
            .record_certificates(std::slice::from_ref(&one))
            .unwrap();
        store
            .record_certificates(std::slice::from_ref(&one))
            .unwrap();
        assert_eq!(store.certificates().unwrap(), vec![one.clone()]);
        assert_eq!(
            store
                .revoke_certificate(&one, "2026-12-08T10:00:00+07:00")
                .unwrap(),
            Revoked::Now
        );
        assert_eq!(
            store
                .revoke_certificate(&one, "2026-12-09T10:00:00+07:00")
                .unwrap(),
            Revoked::Already("2026-12-08T10:00:00+07:00".into())
        );
        // Issuing the same code again does not lift the revocation.
        store
            .record_certificates(std::slice::from_ref(&one))
            .unwrap();
        assert_eq!(
            store.certificate("aa").unwrap().unwrap().revoked.as_deref(),
            Some("2026-12-08T10:00:00+07:00")
        );
        let elsewhere = issued("bb", "other-attempt");
        assert_eq!(
            store
                .revoke_certificate(&elsewhere, "2026-12-08T11:00:00+07:00")
                .unwrap(),
            Revoked::Now
        );
        assert!(store.certificate("bb").unwrap().unwrap().revoked.is_some());
        assert_eq!(store.certificate("cc").unwrap(), None);
        assert_eq!(store.certificates().unwrap().len(), 2);
    }
}
