//! Pseudonyms for exports and reports an analyst may see without identities: a participant's
//! name, NIP and unit replaced by HMAC-SHA256 under the store's own key (`Store::pseudonym_key`,
//! never exported). The same person gets the same pseudonym in every export of one store, so
//! records can still be counted and joined; without the key nobody can go back, nor test a
//! guessed NIP against them. Pure: the key comes in from the caller.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::attempt::{Attempt, Participant};
use super::filter::match_key;

/// Hex digits kept of each pseudonym: 64 bits, so two people of a national campaign share one
/// by chance with a probability of about one in a million.
const DIGITS: usize = 16;

/// Pseudonymises under one key.
#[derive(Clone)]
pub struct Pseudonyms {
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for Pseudonyms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonyms(…)")
    }
}

impl Pseudonyms {
    /// Pseudonyms under `key` (any length; the store's is 32 bytes).
    pub fn new(key: &[u8]) -> Pseudonyms {
        Pseudonyms {
            mac: Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length"),
        }
    }

    /// The pseudonym of `value` as a `field` (`name`, `nip`, `unit`): the field is part of
    /// what is hashed, so a unit named like a person does not get that person's pseudonym.
    fn of(&self, field: &str, value: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(field.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        let digest = mac.finalize().into_bytes();
        digest
            .iter()
            .take(DIGITS / 2)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// `p` with each known field replaced by its pseudonym. Each is taken as kuis tells people
    /// apart (a NIP and a name whatever their case and surrounding spaces, as the report and
    /// `history` group them; a unit exactly, as the report's unit table groups it), so a
    /// pseudonymised report has the same rows and figures as the plain one.
    pub fn participant(&self, p: &Participant) -> Participant {
        let field = |name: &str, value: &Option<String>, key: fn(&str) -> String| {
            value
                .as_deref()
                .filter(|v| !v.trim().is_empty())
                .map(|v| self.of(name, &key(v)))
        };
        Participant {
            name: field("name", &p.name, |v| v.trim().to_lowercase()),
            nip: field("nip", &p.nip, match_key),
            unit: field("unit", &p.unit, str::to_owned),
        }
    }

    /// `a` with its participant pseudonymised.
    pub fn attempt(&self, mut a: Attempt) -> Attempt {
        a.participant = self.participant(&a.participant);
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, nip: &str, unit: &str) -> Participant {
        Participant {
            name: Some(name.into()),
            nip: Some(nip.into()),
            unit: Some(unit.into()),
        }
    }

    // Test that one key gives one person one pseudonym whatever the spelling kuis already
    // treats as the same, another key another, and that nothing of the identity shows.
    #[test]
    fn stable_keyed_and_opaque() {
        let k = Pseudonyms::new(b"kunci");
        let a = k.participant(&person("Siti Rahma", "199001012020122001", "BKPSDM"));
        let b = k.participant(&person(" siti rahma", "199001012020122001 ", "BKPSDM"));
        assert_eq!(a, b);
        let other = Pseudonyms::new(b"lain").participant(&person(
            "Siti Rahma",
            "199001012020122001",
            "BKPSDM",
        ));
        assert_ne!(a.name, other.name);
        assert_ne!(a.nip, other.nip);
        for value in [&a.name, &a.nip, &a.unit] {
            let v = value.as_deref().unwrap();
            assert_eq!(v.len(), DIGITS);
            assert!(v.chars().all(|c| c.is_ascii_hexdigit()));
        }
        // The same text as another field is another pseudonym.
        let swapped = k.participant(&person("BKPSDM", "x", "Siti Rahma"));
        assert_ne!(swapped.name, a.unit);
        // Nothing known stays nothing.
        assert_eq!(
            k.participant(&Participant::default()),
            Participant::default()
        );
    }
}
