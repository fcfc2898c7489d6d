//! Sorting more rows than memory should hold: the report's per-person rows are kept in
//! memory up to a limit, then written out in sorted runs to private temporary files and
//! merged on reading (an external merge sort), so a report over a million people takes the
//! memory of a few thousand. The only I/O of the report, and only past the limit.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::sync::Mutex;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Rows a [`Spill`] keeps in memory before a sorted run goes to a temporary file: a few
/// megabytes of per-person rows.
pub const IN_MEMORY: usize = 4_096;

/// Rows of `(K, V)` to be read back sorted by `K` (equal keys in the order they came).
pub struct Spill<K, V> {
    rows: Vec<(K, V)>,
    /// Sorted runs written so far, oldest first (unlinked files: gone when closed).
    runs: Vec<File>,
    limit: usize,
    /// The first failure writing or reading a run; once set, nothing more is written and
    /// reading stops there. A mutex, not a cell: reports move between threads in `serve`.
    failure: Mutex<Option<String>>,
}

impl<K, V> fmt::Debug for Spill<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Spill({} in memory, {} runs)",
            self.rows.len(),
            self.runs.len()
        )
    }
}

impl<K, V> Spill<K, V>
where
    K: Ord + Clone + Serialize + DeserializeOwned,
    V: Clone + Serialize + DeserializeOwned,
{
    /// An empty spill keeping at most `limit` rows in memory (at least one).
    pub fn new(limit: usize) -> Spill<K, V> {
        Spill {
            rows: Vec::new(),
            runs: Vec::new(),
            limit: limit.max(1),
            failure: Mutex::new(None),
        }
    }

    /// Take one row; past the limit the rows in memory go to disk as one sorted run.
    pub fn push(&mut self, key: K, value: V) {
        // After a failure the rows are lost anyway: none are kept.
        if self.failure().is_some() {
            return;
        }
        self.rows.push((key, value));
        if self.rows.len() >= self.limit
            && let Err(e) = self.write_run()
        {
            self.fail(format!("{}: {e}", std::env::temp_dir().display()));
        }
    }

    fn write_run(&mut self) -> std::io::Result<()> {
        // A stable sort: equal keys keep the order they came in, within a run and (by run
        // order in the merge) across runs.
        self.rows.sort_by(|a, b| a.0.cmp(&b.0));
        let file = tempfile::tempfile()?;
        let mut out = BufWriter::new(file.try_clone()?);
        for row in self.rows.drain(..) {
            serde_json::to_writer(&mut out, &row)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        self.runs.push(file);
        Ok(())
    }

    pub fn fail(&self, why: String) {
        let mut slot = self.failure.lock().unwrap_or_else(|e| e.into_inner());
        slot.get_or_insert(why);
    }

    /// Why writing or reading a run failed, if it did: the rows read are then incomplete.
    pub fn failure(&self) -> Option<String> {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Sort what is in memory (before reading; [`Spill::iter`] reads it as it is).
    pub fn seal(&mut self) {
        self.rows.sort_by(|a, b| a.0.cmp(&b.0));
    }

    /// Every row, by key. Each call reads the runs again from their start: one reading at a
    /// time. A run that cannot be read ends the rows there and sets [`Spill::failure`].
    pub fn iter(&self) -> impl Iterator<Item = (K, V)> + '_ {
        let mut sources: Vec<Box<dyn Iterator<Item = (K, V)> + '_>> = Vec::new();
        for run in &self.runs {
            match run.try_clone().and_then(|mut f| {
                f.seek(SeekFrom::Start(0))?;
                Ok(f)
            }) {
                Ok(file) => sources.push(Box::new(self.read(file))),
                Err(e) => self.fail(e.to_string()),
            }
        }
        sources.push(Box::new(self.rows.iter().cloned()));
        Merge::new(sources)
    }

    /// The rows of one run, until it ends or fails.
    fn read(&self, file: File) -> impl Iterator<Item = (K, V)> + '_ {
        let mut lines = BufReader::new(file).lines();
        std::iter::from_fn(move || {
            let line = match lines.next()? {
                Ok(line) => line,
                Err(e) => {
                    self.fail(e.to_string());
                    return None;
                }
            };
            match serde_json::from_str(&line) {
                Ok(row) => Some(row),
                Err(e) => {
                    self.fail(e.to_string());
                    None
                }
            }
        })
    }
}

/// A head row of one source in the merge, ordered by key, then by source (earlier runs hold
/// earlier rows of equal keys).
struct Head<K, V> {
    key: K,
    source: usize,
    value: V,
}

impl<K: Ord, V> PartialEq for Head<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<K: Ord, V> Eq for Head<K, V> {}

impl<K: Ord, V> PartialOrd for Head<K, V> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<K: Ord, V> Ord for Head<K, V> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key
            .cmp(&other.key)
            .then(self.source.cmp(&other.source))
    }
}

/// The k-way merge of sorted sources.
struct Merge<'a, K, V> {
    sources: Vec<Box<dyn Iterator<Item = (K, V)> + 'a>>,
    heap: BinaryHeap<Reverse<Head<K, V>>>,
}

impl<'a, K: Ord, V> Merge<'a, K, V> {
    fn new(mut sources: Vec<Box<dyn Iterator<Item = (K, V)> + 'a>>) -> Merge<'a, K, V> {
        let mut heap = BinaryHeap::with_capacity(sources.len());
        for (source, it) in sources.iter_mut().enumerate() {
            if let Some((key, value)) = it.next() {
                heap.push(Reverse(Head { key, source, value }));
            }
        }
        Merge { sources, heap }
    }
}

impl<K: Ord, V> Iterator for Merge<'_, K, V> {
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        let Reverse(head) = self.heap.pop()?;
        if let Some((key, value)) = self.sources[head.source].next() {
            self.heap.push(Reverse(Head {
                key,
                source: head.source,
                value,
            }));
        }
        Some((head.key, head.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that rows come back sorted by key, equal keys in the order they came, whether
    // they stayed in memory or went through several runs on disk, and that they can be read
    // twice.
    #[test]
    fn sorts_across_runs_stably() {
        let input: Vec<(u32, u32)> = (0..1000u32).map(|i| ((i * 7919) % 37, i)).collect();
        let mut expected = input.clone();
        expected.sort_by_key(|r| r.0);
        for limit in [1, 3, 64, 5000] {
            let mut spill = Spill::new(limit);
            for (k, v) in &input {
                spill.push(*k, *v);
            }
            spill.seal();
            for _ in 0..2 {
                let got: Vec<(u32, u32)> = spill.iter().collect();
                assert_eq!(got, expected, "limit {limit}");
            }
            assert_eq!(spill.failure(), None);
        }
    }
}
