//! `kuis import`: merge attempt files into the store. Files are read as streams and saved in
//! batches; each record is checked on its own, so a refused record (named, with the field)
//! never keeps the others out. Importing twice changes nothing.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::cli::ImportArgs;
use crate::error::{Failure, Result};
use crate::files::describe;
use crate::i18n::{Lang, msg};
use crate::results::attempt::{Attempt, content_hash};
use crate::results::filter::Filter;
use crate::results::ingest::{self, KnownBank};
use crate::results::store::{Saved, Store};

use super::Ctx;

/// Attempts saved per transaction: one fsync per thousand, not per attempt.
pub const BATCH: usize = 1000;

/// What happened to the records read so far.
#[derive(Debug, Default)]
struct Tally {
    imported: usize,
    duplicates: usize,
    refused: usize,
    files_refused: usize,
    /// Banks (by id) of accepted records whose bank was not at hand, so that their answers
    /// could not be rescored against its key: only the record's own arithmetic was checked.
    unchecked: std::collections::BTreeMap<String, usize>,
}

/// Import; exit 1 when any record or file was refused (the others are imported all the same).
pub fn run(args: &ImportArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let set = banks_at_hand(&args.banks, ctx)?;
    let banks: Vec<&crate::bank::Bank> = set.loaded.iter().map(|l| &l.bank).collect();
    let merged = crate::bank::Bank::merge(&banks);
    let known = known(&set, merged.as_ref());
    let mut store = super::open_store(&args.store)?;
    let mut tally = Tally::default();
    for file in &args.files {
        import_file(file, &mut store, &known, &mut tally, lang)?;
    }
    eprintln!(
        "{}",
        lang.pick(
            format!(
                "kuis import: {} baru, {} sudah ada, {} rekaman ditolak, {} berkas ditolak",
                tally.imported, tally.duplicates, tally.refused, tally.files_refused
            ),
            format!(
                "kuis import: {} imported, {} already there, {} record(s) refused, {} file(s) refused",
                tally.imported, tally.duplicates, tally.refused, tally.files_refused
            ),
        )
    );
    if !tally.unchecked.is_empty() {
        let count: usize = tally.unchecked.values().sum();
        let ids: Vec<&str> = tally.unchecked.keys().map(String::as_str).collect();
        eprintln!(
            "{}: {}",
            lang.pick("peringatan", "warning"),
            lang.pick(
                format!(
                    "{count} rekaman dibaca tanpa penilaian ulang jawaban, karena banknya tidak tersedia ({}): hanya hitungan rekaman itu sendiri yang diperiksa; berikan --with-bank BERKAS agar jawaban diperiksa terhadap kunci bank",
                    ids.join(", ")
                ),
                format!(
                    "{count} record(s) read without rescoring their answers, as their bank is not at hand ({}): only each record's own arithmetic was checked; give --with-bank FILE to check the answers against the bank's key",
                    ids.join(", ")
                ),
            )
        );
    }
    if tally.refused + tally.files_refused > 0 {
        Err(Failure::Invalid)
    } else {
        Ok(())
    }
}

/// The banks at hand: the built-in bank, and those named (the set as `take` would load it).
fn banks_at_hand(paths: &[std::path::PathBuf], ctx: &Ctx) -> Result<crate::files::LoadSet> {
    let mut set = crate::files::LoadSet::default();
    set.add_source(crate::bank::Source::new("<built-in>", super::take::BUILTIN));
    if !paths.is_empty() {
        set = crate::files::load(paths);
        super::usable_set(&set, ctx)?;
    }
    Ok(set)
}

/// Every bank at hand by the content hash an attempt records: each bank alone, and all of
/// them together (merged) as `take` hashes several banks taken at once.
fn known<'b>(
    set: &'b crate::files::LoadSet,
    merged: Option<&'b crate::bank::Bank>,
) -> HashMap<String, KnownBank<'b>> {
    let mut map = HashMap::new();
    for loaded in &set.loaded {
        if let Some(bank) = KnownBank::new(&loaded.bank) {
            map.insert(content_hash([loaded.source.text.as_str()]), bank);
        }
    }
    if let Some(bank) = merged.and_then(KnownBank::new) {
        map.insert(
            content_hash(set.loaded.iter().map(|l| l.source.text.as_str())),
            bank,
        );
    }
    map
}

/// Attempts waiting to be saved, with their record numbers in the file (for messages).
#[derive(Default)]
struct Batch {
    records: Vec<usize>,
    attempts: Vec<Attempt>,
}

fn import_file(
    file: &Path,
    store: &mut Store,
    known: &HashMap<String, KnownBank<'_>>,
    tally: &mut Tally,
    lang: Lang,
) -> Result {
    let error = lang.t(msg::ERROR);
    let name = file.display();
    let reader = match crate::files::open(file) {
        Ok(reader) => reader,
        Err(e) => {
            tally.files_refused += 1;
            eprintln!("{error}: {name}: {}", describe(&e));
            return Ok(());
        }
    };
    let mut batch = Batch::default();
    let mut failure: Option<Failure> = None;
    let mut rooms = Rooms::default();
    let flush = |store: &mut Store, batch: &mut Batch, tally: &mut Tally| -> Result {
        let saved = store.insert_batch(&batch.attempts)?;
        for ((n, a), saved) in batch.records.iter().zip(&batch.attempts).zip(saved) {
            match saved {
                Saved::New => tally.imported += 1,
                Saved::Same => tally.duplicates += 1,
                Saved::Conflict => {
                    tally.refused += 1;
                    eprintln!(
                        "{error}: {name}: {}",
                        lang.pick(
                            format!(
                                "rekaman {n}: percobaan {} sudah tersimpan dengan isi lain; rekaman ini ditolak",
                                a.id
                            ),
                            format!(
                                "record {n}: attempt {} is already stored with other content; this record is refused",
                                a.id
                            ),
                        )
                    );
                }
            }
        }
        batch.records.clear();
        batch.attempts.clear();
        Ok(())
    };
    let read = ingest::each_record(reader, |(n, record)| {
        let checked = record.map_err(|e| e.message(lang)).and_then(|mut a| {
            a.participant = a.participant.cleaned();
            a.bank.id = crate::words::clean(&a.bank.id);
            let id = a.id;
            let bank = known.get(&a.bank.sha256);
            let attempt = lang.pick("percobaan", "attempt");
            ingest::check(&a, bank).map_err(|r| format!("{attempt} {id}: {}", r.message(lang)))?;
            Ok((a, bank.is_some()))
        });
        let checked = match checked {
            Ok((a, rescored)) => match rooms.forged(store, &a, lang) {
                Ok(None) => Ok((a, rescored)),
                Ok(Some(why)) => Err(why),
                Err(f) => {
                    failure = Some(f);
                    return false;
                }
            },
            Err(why) => Err(why),
        };
        match checked {
            Ok((a, rescored)) => {
                if !rescored {
                    *tally.unchecked.entry(a.bank.id.clone()).or_default() += 1;
                }
                batch.records.push(n);
                batch.attempts.push(a);
                if batch.attempts.len() >= BATCH
                    && let Err(f) = flush(store, &mut batch, tally)
                {
                    failure = Some(f);
                    return false;
                }
            }
            Err(why) => {
                tally.refused += 1;
                let record = lang.pick("rekaman", "record");
                eprintln!("{error}: {name}: {record} {n}: {why}");
            }
        }
        true
    });
    if let Some(f) = failure {
        return Err(f);
    }
    // What was read before a syntax error is kept: a cut-off export still gives its
    // complete records.
    flush(store, &mut batch, tally)?;
    if let Err(e) = read {
        tally.files_refused += 1;
        eprintln!("{error}: {name}: {}", e.message(lang));
    }
    Ok(())
}

/// The rooms of the store that attempts being imported name, each with the attempts it holds:
/// `kuis serve` alone writes a room's attempts into its store, so an attempt naming one of
/// them is either one of those (imported again, which changes nothing) or forged.
#[derive(Default)]
struct Rooms(HashMap<String, Option<HashSet<uuid::Uuid>>>);

impl Rooms {
    /// Why `a` is refused when it claims a room of this store it was never saved in.
    fn forged(&mut self, store: &Store, a: &Attempt, lang: Lang) -> Result<Option<String>> {
        let Some(room) = &a.room else {
            return Ok(None);
        };
        if !self.0.contains_key(room) {
            let held = match store.room(room)? {
                None => None,
                Some(_) => {
                    let filter = Filter {
                        room: Some(room.clone()),
                        ..Filter::default()
                    };
                    Some(store.attempts(&filter)?.into_iter().map(|a| a.id).collect())
                }
            };
            self.0.insert(room.clone(), held);
        }
        let forged = self.0[room]
            .as_ref()
            .is_some_and(|held| !held.contains(&a.id));
        Ok(forged.then(|| {
            lang.pick(
                format!(
                    "percobaan {}: room: ruang {room} ada di penyimpanan ini, dan percobaan di ruang hanya ditulis oleh `kuis serve`; percobaan ini tidak pernah tersimpan di ruang itu",
                    a.id
                ),
                format!(
                    "attempt {}: room: room {room} is in this store, and only `kuis serve` writes a room's attempts; this attempt was never saved in that room",
                    a.id
                ),
            )
        }))
    }
}
