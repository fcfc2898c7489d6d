//! The trainer's report: Moodle's quiz statistics per question and for the test, mean scores
//! per rule and topic, and results per participant and unit. Pure computation over attempts.

pub mod render;
mod spill;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::bank::{Bank, Kind};

use super::attempt::{Attempt, question_hash};

/// Facility below this is flagged: most people get the question wrong.
pub const LOW_FACILITY: f64 = 0.30;
/// Discrimination below this is flagged: the question does not separate strong from weak.
pub const LOW_DISCRIMINATION: f64 = 0.20;
/// A distractor picked by fewer than this share of a question's answerers (nobody included)
/// is non-functioning: it distracts no one (Haladyna and Downing's 5%, as in Moodle's item
/// analysis literature).
pub const NON_FUNCTIONING: f64 = 0.05;

/// Which of a person's counting attempts gives their result (Moodle's grading methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// The first: an exam taken again after reading its answers proves nothing new.
    First,
    /// The best: practice is for going again.
    Best,
    /// The last.
    Last,
    /// The mean of all, passed when the mean reaches the pass mark.
    Mean,
}

impl Grade {
    /// The grade of `scores` (percent, passed; oldest first; not empty), with `pass` the pass
    /// mark that a mean must reach.
    pub fn of(self, scores: &[(f64, bool)], pass: Option<f64>) -> (f64, bool) {
        match self.which(scores) {
            Some(i) => scores[i],
            None => {
                let mean = scores.iter().map(|x| x.0).sum::<f64>() / scores.len() as f64;
                (mean, pass.is_some_and(|p| mean + 1e-9 >= p))
            }
        }
    }

    /// Which of `scores` (oldest first, not empty) is the grade; `None` for the mean, which
    /// is no one attempt.
    pub fn which(self, scores: &[(f64, bool)]) -> Option<usize> {
        match self {
            Grade::First => Some(0),
            Grade::Last => Some(scores.len() - 1),
            // The first of equal bests.
            Grade::Best => Some(
                (0..scores.len()).fold(0, |b, i| if scores[i].0 > scores[b].0 { i } else { b }),
            ),
            Grade::Mean => None,
        }
    }

    /// The grade as the option names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::First => "first",
            Grade::Best => "best",
            Grade::Last => "last",
            Grade::Mean => "mean",
        }
    }
}

/// Of `attempts` (oldest first), each person's graded one per bank: their counting attempts
/// (see [`counts`]) reduced by `grade` (`first`, `best` or `last`; the mean is no one attempt
/// and keeps none), in the order the graded attempts came.
pub fn graded(attempts: &mut dyn Iterator<Item = Attempt>, grade: Grade) -> Vec<Attempt> {
    let mut people: HashMap<(String, String), Vec<Attempt>> = HashMap::new();
    let mut order = Vec::new();
    for a in attempts.filter(counts) {
        let key = (
            a.bank.id.clone(),
            super::history::person_key(&a.participant),
        );
        let theirs = people.entry(key.clone()).or_default();
        if theirs.is_empty() {
            order.push(key);
        }
        theirs.push(a);
    }
    let mut out: Vec<Attempt> = order
        .into_iter()
        .filter_map(|key| {
            let mut theirs = people.remove(&key)?;
            let scores: Vec<(f64, bool)> = theirs.iter().map(|a| (a.percent, a.passed)).collect();
            grade.which(&scores).map(|i| theirs.swap_remove(i))
        })
        .collect();
    out.sort_by_key(|a| a.finished_utc().ok());
    out
}

/// Everything `kuis report` shows about one bank. Attempts on different banks never share a
/// report: the same question id can mean different questions in different banks.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Which bank, and which of its versions the attempts were taken on.
    pub bank: BankSection,
    /// The test as a whole.
    pub test: TestStats,
    /// Per question, in bank order (else by id).
    pub questions: Vec<QuestionStats>,
    /// Per rule, the most missed first.
    pub rules: Vec<GroupStats>,
    /// Per topic, the most missed first.
    pub topics: Vec<GroupStats>,
    /// Which attempt gives each participant's result.
    pub grading: Grade,
    /// Per participant, by name: read from [`Participants::iter`], not held in memory.
    pub participants: Participants,
    /// Per work unit.
    pub units: Vec<UnitRow>,
    /// Counting attempts per 10-point band of percent: 0-9, 10-19, … 90-100.
    pub histogram: [usize; 10],
    /// Who holds a certificate (from the register), in name order; empty when none was
    /// issued, and then left out of every format.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Holder>,
}

/// One certificate in the register, for the attempt it was issued for.
#[derive(Debug, Clone, Serialize)]
pub struct Holder {
    pub name: String,
    pub nip: String,
    pub unit: String,
    /// The attempt's score, percent.
    pub percent: f64,
    /// When the exam finished, RFC 3339.
    pub finished: String,
    /// The attempt's id.
    pub attempt: String,
    /// When it was revoked (RFC 3339); `None` while it stands.
    pub revoked: Option<String>,
}

/// The bank a report covers.
#[derive(Debug, Clone, Serialize)]
pub struct BankSection {
    /// `[bank] id`, as the attempts recorded it.
    pub id: String,
    /// The bank's title, when the bank is at hand.
    pub title: Option<String>,
    /// Every version of the bank that the attempts were taken on, sorted.
    pub versions: Vec<String>,
    /// The version whose texts are shown, when the bank is at hand.
    pub texts_from: Option<String>,
}

/// Test-level statistics over the counting attempts (percent scores).
#[derive(Debug, Clone, Serialize)]
pub struct TestStats {
    /// Counting attempts: every planned question answered (whatever the ending), not review
    /// rounds.
    pub n: usize,
    /// Incomplete attempts (stopped early or out of time): not counted, shown as a count only.
    pub incomplete: usize,
    /// Review rounds (only missed questions): not counted, shown as a count only.
    pub review: usize,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Sample standard deviation (divisor n-1).
    pub sd: Option<f64>,
    pub skewness: Option<f64>,
    pub kurtosis: Option<f64>,
    /// Cronbach's alpha (Moodle's coefficient of internal consistency), over the questions
    /// every counting attempt had.
    pub alpha: Option<f64>,
    /// How many questions alpha was computed over.
    pub alpha_items: usize,
    /// sqrt(1 - alpha).
    pub error_ratio: Option<f64>,
    /// error_ratio x SD, in percentage points.
    pub standard_error: Option<f64>,
    /// Counting attempts that passed.
    pub passed: usize,
}

/// Below this many counting attempts, skewness, kurtosis and alpha say more about chance than
/// about the test, so the report shows the count instead of the number.
pub const FEW_ATTEMPTS: usize = 30;

/// One question's statistics. A question whose content changed between bank versions has one
/// row per content, each pooling only the attempts that saw that content.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionStats {
    pub id: String,
    /// The content hash recorded with the answers (absent in attempts from older kuis).
    pub hash: Option<String>,
    /// The bank versions in which this content was asked.
    pub versions: Vec<String>,
    /// Whether another row has the same id with other content.
    pub changed: bool,
    pub prompt: Option<String>,
    pub topic: String,
    pub kind: Kind,
    /// Counting attempts that had the question.
    pub n: usize,
    /// Mean score / max, 0 to 1.
    pub facility: f64,
    /// Sample SD of score / max.
    pub sd: Option<f64>,
    /// Pearson correlation of the question's score with the rest of the test.
    pub discrimination: Option<f64>,
    /// Discrimination relative to the best this question's scores could reach.
    pub efficiency: Option<f64>,
    /// How often each choice was picked.
    pub choices: Vec<ChoiceCount>,
    /// When the question's longest choice (in the report's language) is wrong: the share of
    /// its answerers who picked it anyway, as a test-wise guesser would.
    pub longest_wrong: Option<f64>,
    /// `low-facility`, `low-discrimination`: for the trainer to review.
    pub flags: Vec<&'static str>,
}

/// How often a choice was picked.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceCount {
    pub id: String,
    pub text: Option<String>,
    pub right: bool,
    pub picked: usize,
    /// A wrong choice picked by fewer than [`NON_FUNCTIONING`] of the answerers.
    pub non_functioning: bool,
}

/// Mean score of a rule's or topic's answers.
#[derive(Debug, Clone, Serialize)]
pub struct GroupStats {
    pub id: String,
    pub title: Option<String>,
    pub answers: usize,
    /// Mean score / max, 0 to 1.
    pub mean: f64,
}

/// One participant's results.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantRow {
    pub name: String,
    pub nip: String,
    pub unit: String,
    /// Counting attempts.
    pub attempts: usize,
    /// Interrupted attempts and review rounds, which do not count.
    pub not_counted: usize,
    /// The percent of the counting attempt the report's grading picks (or their mean).
    pub grade: Option<f64>,
    /// Whether that result passed.
    pub passed: bool,
    /// Percent and passed of each counting attempt, oldest first.
    #[serde(skip)]
    scores: Vec<(f64, bool)>,
    /// When the last attempt (of any kind) finished, RFC 3339.
    pub last: String,
}

/// One unit's results.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub unit: String,
    pub participants: usize,
    pub passed: usize,
    /// passed / participants.
    pub pass_rate: f64,
}

/// Sample mean and variance (divisor n-1).
fn mean_var(xs: &[f64]) -> (f64, Option<f64>) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var =
        (xs.len() > 1).then(|| xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0));
    (mean, var)
}

/// Sample covariance (divisor n-1).
fn covariance(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    xs.iter()
        .zip(ys)
        .map(|(x, y)| (x - mx) * (y - my))
        .sum::<f64>()
        / (n - 1.0)
}

/// Pearson correlation; `None` when either side does not vary (never NaN).
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() < 2 {
        return None;
    }
    let (_, vx) = mean_var(xs);
    let (_, vy) = mean_var(ys);
    let (vx, vy) = (vx?, vy?);
    if vx <= 1e-12 || vy <= 1e-12 {
        return None;
    }
    Some(covariance(xs, ys) / (vx * vy).sqrt())
}

/// Moodle's discriminative efficiency: the covariance of item and rest-of-test over the
/// largest covariance those same values could have (both sorted the same way).
pub fn efficiency(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() < 2 {
        return None;
    }
    let mut sx = xs.to_vec();
    let mut sy = ys.to_vec();
    sx.sort_by(f64::total_cmp);
    sy.sort_by(f64::total_cmp);
    let best = covariance(&sx, &sy);
    (best > 1e-12).then(|| covariance(xs, ys) / best)
}

/// Skewness and kurtosis from k-statistics, as Moodle computes them.
fn shape(xs: &[f64]) -> (Option<f64>, Option<f64>) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let moment = |p: i32| xs.iter().map(|x| (x - mean).powi(p)).sum::<f64>() / n;
    let (m2, m3, m4) = (moment(2), moment(3), moment(4));
    if m2 <= 1e-12 {
        return (None, None);
    }
    let k2 = n * m2 / (n - 1.0);
    let skew = (xs.len() >= 3).then(|| {
        let k3 = n * n * m3 / ((n - 1.0) * (n - 2.0));
        k3 / k2.powf(1.5)
    });
    let kurt = (xs.len() >= 4).then(|| {
        // Moodle's k4 has n², not n³ (quiz/report/statistics calculator.php).
        let k4 = n * n / ((n - 1.0) * (n - 2.0) * (n - 3.0))
            * ((n + 1.0) * m4 - 3.0 * (n - 1.0) * m2 * m2);
        k4 / (k2 * k2)
    });
    (skew, kurt)
}

fn median(xs: &[f64]) -> Option<f64> {
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The one rule for which attempts count, everywhere in the report: complete attempts, not
/// review rounds. Reviews draw only missed questions and incomplete attempts (stopped early,
/// or out of time before the last question) are scored on part of a quiz, so both would bias
/// every statistic; they are shown as counts only.
pub fn counts(a: &Attempt) -> bool {
    a.mode != "review" && a.completed
}

/// Compute the report over attempts of one bank in memory. `bank` supplies prompts, choice
/// texts, titles and order.
pub fn compute(attempts: &[Attempt], bank: Option<&Bank>, lang: &str) -> Report {
    let mut builder = Builder::default();
    for a in attempts {
        builder.add(a);
    }
    let id = attempts
        .first()
        .map_or(String::new(), |a| a.bank.id.clone());
    builder.finish(&id, bank, lang)
}

/// Reports over attempts of any banks: one [`Builder`] per bank id, so nothing is pooled
/// across banks.
pub struct Reports {
    banks: BTreeMap<String, Builder>,
    grade: Option<Grade>,
    /// Rows each bank's report keeps in memory before spilling them to temporary files.
    in_memory: usize,
    /// The certificate register: attempt id to when its certificate was revoked (`None`
    /// while one stands).
    register: HashMap<String, Option<String>>,
    holders: BTreeMap<String, Vec<Holder>>,
}

impl Default for Reports {
    fn default() -> Reports {
        Reports {
            banks: BTreeMap::new(),
            grade: None,
            in_memory: spill::IN_MEMORY,
            register: HashMap::new(),
            holders: BTreeMap::new(),
        }
    }
}

impl Reports {
    /// Reports whose participants are graded by `grade` (`None`: `first` when the attempts
    /// are exams, else `best`).
    pub fn graded(grade: Option<Grade>) -> Reports {
        Reports {
            grade,
            ..Reports::default()
        }
    }

    /// These reports, keeping at most `rows` per-person rows of each bank in memory before
    /// spilling them to temporary files (tests set a small number to make them spill).
    pub fn in_memory(mut self, rows: usize) -> Reports {
        self.in_memory = rows;
        self
    }

    /// These reports, also saying who holds a certificate, from the register's entries.
    pub fn with_register(mut self, entries: &[crate::results::store::register::Issued]) -> Reports {
        for e in entries {
            let Some(attempt) = &e.attempt else { continue };
            // An attempt with several certificates (issued again with a new key) holds one
            // while any of them stands.
            let slot = self
                .register
                .entry(attempt.clone())
                .or_insert_with(|| e.revoked.clone());
            if e.revoked.is_none() {
                *slot = None;
            }
        }
        self
    }

    /// Take one attempt into its bank's report.
    pub fn add(&mut self, a: &Attempt) {
        let (grade, in_memory) = (self.grade, self.in_memory);
        self.banks
            .entry(a.bank.id.clone())
            .or_insert_with(|| Builder::new(grade, in_memory))
            .add(a);
        if let Some(revoked) = self.register.get(&a.id.to_string()) {
            self.holders
                .entry(a.bank.id.clone())
                .or_default()
                .push(Holder {
                    name: a.participant.name.clone().unwrap_or_default(),
                    nip: a.participant.nip.clone().unwrap_or_default(),
                    unit: a.participant.unit.clone().unwrap_or_default(),
                    percent: a.percent,
                    finished: a.finished.clone(),
                    attempt: a.id.to_string(),
                    revoked: revoked.clone(),
                });
        }
    }

    /// One report per bank, by bank id. Texts come from the bank in `banks` with the same id.
    pub fn finish(mut self, banks: &[Bank], lang: &str) -> Vec<Report> {
        self.banks
            .into_iter()
            .map(|(id, builder)| {
                let bank = banks.iter().find(|b| *b.bank.id.get_ref() == id);
                let mut report = builder.finish(&id, bank, lang);
                let mut holders = self.holders.remove(&id).unwrap_or_default();
                holders.sort_by_cached_key(|h| (h.name.to_lowercase(), h.finished.clone()));
                report.certificates = holders;
                report
            })
            .collect()
    }
}

/// One question's running totals (one per content, see [`QuestionStats`]). Its scores are
/// on the [`Tape`], not here.
struct Item {
    id: String,
    /// The content hash, else `v` and the bank version (older attempts: pooled per version).
    variant: String,
    hash: Option<String>,
    versions: Vec<String>,
    topic: String,
    kind: Kind,
    /// How many counting attempts had it.
    n: usize,
    picks: HashMap<String, usize>,
}

/// One analysed attempt, reduced to what the statistics need.
struct Scored {
    percent: f64,
    passed: bool,
    /// The sum of its answers' points (the rest of the test is this less one answer's).
    total: f64,
    /// Where its answers end on the tape (they start where the previous attempt's end).
    end: usize,
}

/// The answers of every counting attempt, in order, packed: one `u32` per answer naming
/// its (item, score / max, points), of which a report has only a few hundred distinct. The
/// statistics are computed from it in exactly the order and with exactly the values they
/// had when each item held its scores as `f64`s (16 bytes an answer, and 16 more per
/// attempt): a report over 100,000 attempts of 40 answers needs 16 MB here, not 130.
#[derive(Default)]
struct Tape {
    codes: Vec<u32>,
    /// A code's (item, score / max, points).
    values: Vec<(usize, f64, f64)>,
    /// The code of (item, bits of score / max, bits of points).
    known: HashMap<(usize, u64, u64), u32>,
    attempts: Vec<Scored>,
}

impl Tape {
    /// Record one answer of the attempt being added.
    fn push(&mut self, item: usize, fraction: f64, points: f64) {
        let next = self.values.len();
        let code = *self
            .known
            .entry((item, fraction.to_bits(), points.to_bits()))
            .or_insert_with(|| {
                // A code per distinct (question, score) pair: never near 2^32.
                u32::try_from(next).expect("fewer than 2^32 distinct scores")
            });
        if code as usize == next {
            self.values.push((item, fraction, points));
        }
        self.codes.push(code);
    }

    /// End the attempt whose answers were pushed since the last one ended.
    fn end(&mut self, percent: f64, passed: bool, total: f64) {
        self.attempts.push(Scored {
            percent,
            passed,
            total,
            end: self.codes.len(),
        });
    }

    /// The (item, score / max, points) of attempt `i`'s answers, in order.
    fn answers(&self, i: usize) -> impl Iterator<Item = (usize, f64, f64)> + '_ {
        let start = if i == 0 { 0 } else { self.attempts[i - 1].end };
        self.codes[start..self.attempts[i].end]
            .iter()
            .map(|&c| self.values[c as usize])
    }

    /// For the items `first..first + n`, each one's (score / max, rest of the test) in every
    /// counting attempt that had it, in order: what the per-item statistics read.
    fn columns(&self, first: usize, n: usize, sizes: &[usize]) -> Vec<(Vec<f64>, Vec<f64>)> {
        let mut columns: Vec<(Vec<f64>, Vec<f64>)> = sizes
            .iter()
            .map(|&size| (Vec::with_capacity(size), Vec::with_capacity(size)))
            .collect();
        for (i, a) in self.attempts.iter().enumerate() {
            for (item, fraction, points) in self.answers(i) {
                if (first..first + n).contains(&item) {
                    let column = &mut columns[item - first];
                    column.0.push(fraction);
                    column.1.push(a.total - points);
                }
            }
        }
        columns
    }
}

/// How many answers the per-item statistics unpack at a time (16 bytes each).
const UNPACKED: usize = 1 << 19;

/// What the participants' rows need of one attempt, spilled in the order (person, arrival).
#[derive(Clone, Serialize, Deserialize)]
struct Seen {
    name: Option<String>,
    nip: Option<String>,
    unit: Option<String>,
    finished: String,
    counted: bool,
    /// The percent's bits: a spilled `f64` comes back exactly.
    percent: u64,
    passed: bool,
}

/// A participant's finished row as spilled, sorted by name (the grade by its bits).
#[derive(Clone, Serialize, Deserialize)]
struct Spilled {
    name: String,
    nip: String,
    unit: String,
    attempts: usize,
    not_counted: usize,
    grade: Option<u64>,
    passed: bool,
    last: String,
}

/// The participants of a report, by name, read on demand: past a few thousand they wait in
/// temporary files, so the report's memory does not grow with the number of people.
pub struct Participants {
    rows: spill::Spill<(String, String, String), Spilled>,
}

impl Participants {
    /// Each participant's row, by name (then NIP).
    pub fn iter(&self) -> impl Iterator<Item = ParticipantRow> + '_ {
        self.rows.iter().map(|(_, r)| ParticipantRow {
            name: r.name,
            nip: r.nip,
            unit: r.unit,
            attempts: r.attempts,
            not_counted: r.not_counted,
            grade: r.grade.map(f64::from_bits),
            passed: r.passed,
            scores: Vec::new(),
            last: r.last,
        })
    }

    /// Why the rows could not all be written or read back (a full temporary folder): the
    /// report is then incomplete and must not be given out.
    pub fn failure(&self) -> Option<String> {
        self.rows.failure()
    }
}

impl std::fmt::Debug for Participants {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Participants({:?})", self.rows)
    }
}

/// Written as a list, row by row, never held whole.
impl Serialize for Participants {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = serializer.serialize_seq(None)?;
        for row in self.iter() {
            seq.serialize_element(&row)?;
        }
        if let Some(why) = self.failure() {
            return Err(S::Error::custom(why));
        }
        seq.end()
    }
}

/// The report built one attempt at a time, keeping only numbers: the answers packed on a
/// [`Tape`], and what each person's row needs spilled to disk past [`spill::IN_MEMORY`]
/// attempts, sorted by person, so that 100,000 people of 40 answers fit in a few tens of
/// megabytes.
pub struct Builder {
    items: Vec<Item>,
    /// Question id to the items of its contents.
    index: HashMap<String, Vec<usize>>,
    tape: Tape,
    /// Items every counting attempt had so far.
    common: Option<HashSet<usize>>,
    incomplete: usize,
    review: usize,
    versions: BTreeSet<String>,
    rules: HashMap<String, (f64, usize)>,
    topics: HashMap<String, (f64, usize)>,
    /// Every attempt as its person's row needs it, by (person, arrival).
    people: spill::Spill<(String, u64), Seen>,
    /// Attempts taken so far (their arrival order).
    arrived: u64,
    /// Rows the spills keep in memory.
    in_memory: usize,
    /// `--grade`, else chosen at the end.
    grade: Option<Grade>,
    /// Whether any counting attempt is an exam's (the grading is then `first`).
    exams: bool,
    /// The lowest percent that passed: the pass mark as the attempts show it, for a mean
    /// when the bank is not at hand.
    pass_seen: Option<f64>,
}

impl Default for Builder {
    fn default() -> Builder {
        Builder::new(None, spill::IN_MEMORY)
    }
}

impl Builder {
    /// A builder grading by `grade` (else by the attempts' mode), keeping up to `in_memory`
    /// attempts' and people's rows in memory before spilling them.
    fn new(grade: Option<Grade>, in_memory: usize) -> Builder {
        Builder {
            items: Vec::new(),
            index: HashMap::new(),
            tape: Tape::default(),
            common: None,
            incomplete: 0,
            review: 0,
            versions: BTreeSet::new(),
            rules: HashMap::new(),
            topics: HashMap::new(),
            people: spill::Spill::new(in_memory),
            arrived: 0,
            in_memory,
            grade,
            exams: false,
            pass_seen: None,
        }
    }

    /// Take one attempt into account.
    pub fn add(&mut self, a: &Attempt) {
        self.person(a);
        self.versions.insert(a.bank.version.clone());
        if !counts(a) {
            if a.mode == "review" {
                self.review += 1;
            } else {
                self.incomplete += 1;
            }
            return;
        }
        self.exams |= a.mode == "exam";
        if a.passed {
            self.pass_seen = Some(self.pass_seen.map_or(a.percent, |p: f64| p.min(a.percent)));
        }
        let total: f64 = a.answers.iter().map(|x| x.points).sum();
        let mut here = HashSet::with_capacity(a.answers.len());
        for x in &a.answers {
            let slot = self.slot(x, &a.bank.version);
            let fraction = if x.max > 0.0 { x.points / x.max } else { 0.0 };
            let item = &mut self.items[slot];
            if !item.versions.contains(&a.bank.version) {
                item.versions.push(a.bank.version.clone());
            }
            item.n += 1;
            for c in x.chosen.iter().flatten() {
                match item.picks.get_mut(c) {
                    Some(n) => *n += 1,
                    None => {
                        item.picks.insert(c.clone(), 1);
                    }
                }
            }
            for rule in &x.rules {
                tally(&mut self.rules, rule, fraction);
            }
            tally(&mut self.topics, &x.topic, fraction);
            self.tape.push(slot, fraction, x.points);
            here.insert(slot);
        }
        self.tape.end(a.percent, a.passed, total);
        self.common = Some(match self.common.take() {
            None => here,
            Some(common) => &common & &here,
        });
    }

    /// The item of this answer's question and content, created on first sight.
    fn slot(&mut self, x: &crate::results::attempt::AnswerRecord, version: &str) -> usize {
        let variant = match &x.hash {
            Some(hash) => std::borrow::Cow::Borrowed(hash.as_str()),
            None => std::borrow::Cow::Owned(format!("v{version}")),
        };
        if let Some(slots) = self.index.get(&x.question)
            && let Some(&slot) = slots.iter().find(|&&s| self.items[s].variant == variant)
        {
            return slot;
        }
        self.items.push(Item {
            id: x.question.clone(),
            variant: variant.into_owned(),
            hash: x.hash.clone(),
            versions: Vec::new(),
            topic: x.topic.clone(),
            kind: x.kind,
            n: 0,
            picks: HashMap::new(),
        });
        let slot = self.items.len() - 1;
        self.index.entry(x.question.clone()).or_default().push(slot);
        slot
    }

    /// Everyone who took the bank shows, with the attempts that count and those that do not:
    /// what their row needs of this attempt waits, by person, until the end.
    fn person(&mut self, a: &Attempt) {
        let key = super::history::person_key(&a.participant);
        self.people.push(
            (key, self.arrived),
            Seen {
                name: a.participant.name.clone(),
                nip: a.participant.nip.clone(),
                unit: a.participant.unit.clone(),
                finished: a.finished.clone(),
                counted: counts(a),
                percent: a.percent.to_bits(),
                passed: a.passed,
            },
        );
        self.arrived += 1;
    }

    /// Each person's row from their attempts (in the order they came), graded by `grading`
    /// with `pass` for a mean, sorted by name then NIP; and the units' rows.
    fn participants(
        &mut self,
        grading: Grade,
        pass: Option<f64>,
    ) -> (Participants, BTreeMap<String, UnitRow>) {
        let mut sorted = spill::Spill::new(self.in_memory);
        let mut units: BTreeMap<String, UnitRow> = BTreeMap::new();
        let mut finish = |key: String, mut p: ParticipantRow| {
            if !p.scores.is_empty() {
                let (grade, passed) = grading.of(&p.scores, pass);
                p.grade = Some(grade);
                p.passed = passed;
            }
            let row = units.entry(p.unit.clone()).or_insert_with(|| UnitRow {
                unit: p.unit.clone(),
                participants: 0,
                passed: 0,
                pass_rate: 0.0,
            });
            row.participants += 1;
            row.passed += usize::from(p.passed);
            row.pass_rate = row.passed as f64 / row.participants as f64;
            sorted.push(
                (p.name.to_lowercase(), p.nip.clone(), key),
                Spilled {
                    name: p.name,
                    nip: p.nip,
                    unit: p.unit,
                    attempts: p.attempts,
                    not_counted: p.not_counted,
                    grade: p.grade.map(f64::to_bits),
                    passed: p.passed,
                    last: p.last,
                },
            );
        };
        let mut current: Option<(String, ParticipantRow)> = None;
        self.people.seal();
        for ((key, _), seen) in self.people.iter() {
            if current.as_ref().is_some_and(|(k, _)| *k != key)
                && let Some((k, row)) = current.take()
            {
                finish(k, row);
            }
            let (_, row) = current.get_or_insert_with(|| {
                (
                    key,
                    ParticipantRow {
                        name: seen.name.clone().unwrap_or_default(),
                        nip: seen.nip.clone().unwrap_or_default(),
                        unit: String::new(),
                        attempts: 0,
                        not_counted: 0,
                        grade: None,
                        passed: false,
                        scores: Vec::new(),
                        last: String::new(),
                    },
                )
            });
            if seen.counted {
                row.attempts += 1;
                row.scores.push((f64::from_bits(seen.percent), seen.passed));
            } else {
                row.not_counted += 1;
            }
            row.last = seen.finished;
            if let Some(unit) = seen.unit {
                row.unit = unit;
            }
            if row.name.is_empty() {
                row.name = seen.name.unwrap_or_default();
            }
        }
        if let Some((k, row)) = current {
            finish(k, row);
        }
        if let Some(why) = self.people.failure() {
            sorted.fail(why);
        }
        sorted.seal();
        (Participants { rows: sorted }, units)
    }
    /// The report on bank `id`; `bank`, when given, must be that bank (it supplies texts).
    pub fn finish(mut self, id: &str, bank: Option<&Bank>, lang: &str) -> Report {
        let main = bank.map_or("id", |b| b.bank.main_language());
        let text = |t: &crate::bank::Text| t.get(lang, main).to_owned();
        let bank_question =
            |id: &str| bank.and_then(|b| b.questions.iter().position(|q| q.id.get_ref() == id));
        // The bank's texts describe an item only when they are the content it was asked with.
        let hashes: HashMap<&str, String> = bank
            .map(|b| {
                b.questions
                    .iter()
                    .map(|q| (q.id.get_ref().as_str(), question_hash(q)))
                    .collect()
            })
            .unwrap_or_default();
        let same_content = |item: &Item| match (&item.hash, bank) {
            (Some(hash), _) => hashes.get(item.id.as_str()) == Some(hash),
            (None, Some(b)) => item.versions.contains(&b.bank.version),
            (None, None) => false,
        };

        let question = |item: &Item, scores: &[f64], rest: &[f64]| {
            let (facility, var) = mean_var(scores);
            let discrimination = pearson(scores, rest);
            let q = bank_question(&item.id)
                .filter(|_| same_content(item))
                .and_then(|i| bank.map(|b| &b.questions[i]));
            let picked = |id: &str| item.picks.get(id).copied().unwrap_or(0);
            let mut choices: Vec<ChoiceCount> = match (q, item.kind) {
                (Some(q), Kind::TrueFalse) => {
                    let answer = q.answer.as_ref().is_some_and(|a| *a.get_ref());
                    [true, false]
                        .iter()
                        .map(|v| ChoiceCount {
                            id: v.to_string(),
                            // The words a learner answers with.
                            text: Some(
                                match (lang, v) {
                                    ("id", true) => "benar",
                                    ("id", false) => "salah",
                                    (_, true) => "true",
                                    (_, false) => "false",
                                }
                                .to_owned(),
                            ),
                            right: *v == answer,
                            picked: picked(&v.to_string()),
                            non_functioning: false,
                        })
                        .collect()
                }
                (Some(q), kind) => {
                    let best = (0..q.choices.len()).map(|j| q.points(j)).max().unwrap_or(0);
                    (0..q.choices.len())
                        .map(|i| {
                            let id = q.choice_id(i);
                            ChoiceCount {
                                picked: picked(&id),
                                id,
                                text: Some(text(q.choices[i].text.get_ref())),
                                right: if kind == Kind::Weighted {
                                    q.points(i) == best
                                } else {
                                    q.is_correct(i)
                                },
                                non_functioning: false,
                            }
                        })
                        .collect()
                }
                (None, _) => {
                    let mut picks: Vec<_> = item.picks.iter().collect();
                    picks.sort();
                    picks
                        .into_iter()
                        .map(|(id, n)| ChoiceCount {
                            id: id.clone(),
                            text: None,
                            right: false,
                            picked: *n,
                            non_functioning: false,
                        })
                        .collect()
                }
            };
            let answered = scores.len();
            let mut longest_wrong = None;
            if let Some(q) = q.filter(|_| item.kind != Kind::TrueFalse && answered > 0) {
                let share = |c: &ChoiceCount| c.picked as f64 / answered as f64;
                for c in choices.iter_mut().filter(|c| !c.right) {
                    c.non_functioning = share(c) < NON_FUNCTIONING;
                }
                longest_wrong = crate::bank::testwise::longest_choice(q, lang, main)
                    .and_then(|i| choices.get(i))
                    .filter(|c| !c.right)
                    .map(share);
            }
            let mut flags = Vec::new();
            if facility < LOW_FACILITY {
                flags.push("low-facility");
            }
            if discrimination.is_some_and(|d| d < LOW_DISCRIMINATION) {
                flags.push("low-discrimination");
            }
            let mut versions = item.versions.clone();
            versions.sort();
            QuestionStats {
                id: item.id.clone(),
                hash: item.hash.clone(),
                versions,
                changed: self.index.get(&item.id).is_some_and(|s| s.len() > 1),
                prompt: q.map(|q| text(q.prompt.get_ref())),
                topic: item.topic.clone(),
                kind: item.kind,
                n: scores.len(),
                facility,
                sd: var.map(f64::sqrt),
                discrimination,
                efficiency: efficiency(scores, rest),
                choices,
                longest_wrong,
                flags,
            }
        };
        // The items' scores are unpacked from the tape a few items at a time.
        let mut questions: Vec<QuestionStats> = Vec::with_capacity(self.items.len());
        let mut first = 0;
        while first < self.items.len() {
            let mut n = 1;
            let mut size = self.items[first].n;
            while first + n < self.items.len() && size + self.items[first + n].n <= UNPACKED {
                size += self.items[first + n].n;
                n += 1;
            }
            let chunk = &self.items[first..first + n];
            let sizes: Vec<usize> = chunk.iter().map(|item| item.n).collect();
            for (item, (scores, rest)) in chunk.iter().zip(self.tape.columns(first, n, &sizes)) {
                questions.push(question(item, &scores, &rest));
            }
            first += n;
        }
        questions.sort_by_key(|q| {
            (
                bank_question(&q.id).unwrap_or(usize::MAX),
                q.id.clone(),
                q.versions.clone(),
            )
        });

        // Test level, on percent scores.
        let percents: Vec<f64> = self.tape.attempts.iter().map(|a| a.percent).collect();
        let (mean, var) = if percents.is_empty() {
            (None, None)
        } else {
            let (m, v) = mean_var(&percents);
            (Some(m), v)
        };
        let sd = var.map(f64::sqrt);
        let (skewness, kurtosis) = if percents.len() >= 3 {
            shape(&percents)
        } else {
            (None, None)
        };
        let mut common: Vec<usize> = self
            .common
            .clone()
            .unwrap_or_default()
            .into_iter()
            .collect();
        common.sort_unstable();
        let alpha = cronbach(&self.tape, &common);
        let error_ratio = alpha.filter(|a| *a <= 1.0).map(|a| (1.0 - a).sqrt());
        let mut histogram = [0usize; 10];
        for p in &percents {
            histogram[((p / 10.0).floor().max(0.0) as usize).min(9)] += 1;
        }
        let test = TestStats {
            n: self.tape.attempts.len(),
            incomplete: self.incomplete,
            review: self.review,
            mean,
            median: median(&percents),
            sd,
            skewness,
            kurtosis,
            alpha,
            alpha_items: if alpha.is_some() { common.len() } else { 0 },
            error_ratio,
            standard_error: error_ratio.zip(sd).map(|(e, s)| e * s),
            passed: self.tape.attempts.iter().filter(|a| a.passed).count(),
        };
        let grading = self.grade.unwrap_or(if self.exams {
            Grade::First
        } else {
            Grade::Best
        });
        // A mean passes at the bank's pass mark, else at the lowest percent that passed.
        let pass = bank
            .map(|b| *b.bank.pass_percent.get_ref() as f64)
            .or(self.pass_seen);
        let (participants, units) = self.participants(grading, pass);

        // Rules and topics: mean score of their answers, most missed first.
        let group = |sums: HashMap<String, (f64, usize)>,
                     title: &dyn Fn(&str) -> Option<String>| {
            let mut rows: Vec<GroupStats> = sums
                .into_iter()
                .map(|(id, (sum, n))| GroupStats {
                    title: title(&id),
                    mean: sum / n as f64,
                    answers: n,
                    id,
                })
                .collect();
            rows.sort_by(|a, b| a.mean.total_cmp(&b.mean).then(a.id.cmp(&b.id)));
            rows
        };
        let rules = group(self.rules, &|id| {
            bank.and_then(|b| b.rules.iter().find(|r| r.id.get_ref() == id))
                .map(|r| text(r.text.get_ref()))
        });
        let topics = group(self.topics, &|id| {
            bank.and_then(|b| b.topics.iter().find(|t| t.id.get_ref() == id))
                .map(|t| text(t.title.get_ref()))
        });

        Report {
            bank: BankSection {
                id: id.to_owned(),
                title: bank.map(|b| text(b.bank.title.get_ref())),
                versions: self.versions.into_iter().collect(),
                texts_from: bank.map(|b| b.bank.version.clone()),
            },
            test,
            questions,
            rules,
            topics,
            grading,
            participants,
            units: units.into_values().collect(),
            histogram,
            certificates: Vec::new(),
        }
    }
}

/// Add a score to a group's running total (no key is copied once the group exists: this runs
/// for every answer of every attempt).
fn tally(sums: &mut HashMap<String, (f64, usize)>, key: &str, fraction: f64) {
    match sums.get_mut(key) {
        Some(e) => {
            e.0 += fraction;
            e.1 += 1;
        }
        None => {
            sums.insert(key.to_owned(), (fraction, 1));
        }
    }
}

/// Cronbach's alpha over the `items` every attempt had: k/(k-1) x (1 - sum of item
/// variances / variance of the totals). `None` below two items or two attempts, or when the
/// totals do not vary.
fn cronbach(tape: &Tape, items: &[usize]) -> Option<f64> {
    let k = items.len();
    let attempts = 0..tape.attempts.len();
    if k < 2 || attempts.len() < 2 {
        return None;
    }
    let score = |a: usize, item: usize| tape.answers(a).find(|p| p.0 == item).map_or(0.0, |p| p.1);
    let item_var: f64 = items
        .iter()
        .map(|&item| {
            let xs: Vec<f64> = attempts.clone().map(|a| score(a, item)).collect();
            mean_var(&xs).1.unwrap_or(0.0)
        })
        .sum();
    let totals: Vec<f64> = attempts
        .map(|a| items.iter().map(|&item| score(a, item)).sum())
        .collect();
    let total_var = mean_var(&totals).1?;
    (total_var > 1e-12).then(|| k as f64 / (k as f64 - 1.0) * (1.0 - item_var / total_var))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::attempt::tests::sample;

    /// An attempt with the given scores (of 1 each) on q1, q2, …
    fn scored(name: &str, scores: &[f64]) -> Attempt {
        let mut a = sample(name, 0.0);
        let template = a.answers[0].clone();
        a.answers = scores
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut x = template.clone();
                x.question = format!("q{}", i + 1);
                x.points = *s;
                x.chosen = Some(vec![if *s > 0.0 { "a".into() } else { "b".into() }]);
                x
            })
            .collect();
        a.score = scores.iter().sum();
        a.max = scores.len() as f64;
        a.percent = 100.0 * a.score / a.max;
        a.passed = a.percent >= 80.0;
        a
    }

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("a value");
        assert!((a - b).abs() < 1e-4, "{a} != {b}");
    }

    // Test the statistics against a data set computed by hand:
    //
    //   attempt  q1 q2 q3  total  percent
    //   A         1  1  1    3    100
    //   B         1  1  0    2     66.67
    //   C         1  0  0    1     33.33
    //   D         0  0  0    0      0
    //
    // q1: x = [1,1,1,0], rest = total - x = [2,1,0,0]. Means .75 and .75; deviations
    //     [.25,.25,.25,-.75] and [1.25,.25,-.75,-.75]; sum of products .75, so cov = .25;
    //     var x = .75/3 = .25, var rest = 2.75/3 = .9167; r = .25 / sqrt(.25 x .9167) = .5222.
    //     Sorted the same way the pairs are already aligned, so efficiency = 1.
    // q2: x = [1,1,0,0], rest = [2,1,1,0]; cov = 1/3, var x = 1/3, var rest = 2/3;
    //     r = (1/3) / sqrt(2/9) = .7071.
    // q3: x = [1,0,0,0], rest = [2,2,1,0]; cov = .25, var x = .25, var rest = .9167; r = .5222.
    // Facility: .75, .5, .25 (q3 is flagged, below .30).
    // Alpha: item variances .25 + .3333 + .25 = .8333; totals [3,2,1,0] have variance 5/3;
    //     alpha = 3/2 x (1 - .8333 / 1.6667) = .75. Error ratio = sqrt(.25) = .5.
    // Percent: mean 50, median 50, SD = sqrt(5555.56/3) = 43.033, SE = .5 x 43.033 = 21.517.
    // Skewness 0 (symmetric). Kurtosis from k-statistics: m2 = 1388.89, m4 = 3163580.2,
    //     k2 = 1851.85, k4 = n²/((n-1)(n-2)(n-3)) x ((n+1) m4 - 3(n-1) m2²)
    //     = 16/6 x (5 x m4 - 9 x m2^2) = -4115226.3; k4 / k2^2 = -1.2.
    #[test]
    fn hand_computed_example() {
        let attempts = vec![
            scored("A", &[1.0, 1.0, 1.0]),
            scored("B", &[1.0, 1.0, 0.0]),
            scored("C", &[1.0, 0.0, 0.0]),
            scored("D", &[0.0, 0.0, 0.0]),
        ];
        let r = compute(&attempts, None, "id");
        let q = |id: &str| r.questions.iter().find(|q| q.id == id).unwrap();
        close(Some(q("q1").facility), 0.75);
        close(Some(q("q2").facility), 0.5);
        close(Some(q("q3").facility), 0.25);
        close(q("q1").discrimination, 0.52223);
        close(q("q2").discrimination, std::f64::consts::FRAC_1_SQRT_2);
        close(q("q3").discrimination, 0.52223);
        close(q("q1").efficiency, 1.0);
        close(q("q1").sd, 0.5);
        assert_eq!(q("q3").flags, vec!["low-facility"]);
        assert!(q("q1").flags.is_empty());
        let t = &r.test;
        assert_eq!(t.n, 4);
        close(t.mean, 50.0);
        close(t.median, 50.0);
        close(t.sd, 43.03315);
        close(t.skewness, 0.0);
        close(t.kurtosis, -1.2);
        close(t.alpha, 0.75);
        close(t.error_ratio, 0.5);
        close(t.standard_error, 21.51657);
        assert_eq!(t.alpha_items, 3);
        assert_eq!(r.histogram, [1, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
    }

    // Test every statistic against Moodle's definitions on a second data set, computed
    // independently (exact fractions in a small Python script outside the repository, not
    // with this code). 11 attempts, 4 questions, scores of 1 each (K has half a point on q2):
    //
    //   A 1 1 1 1   B 1 1 1 0   C 1 1 0 1   D 1 0 1 0   E 1 1 0 0   F 0 1 0 0
    //   G 1 0 0 0   H 0 0 1 0   I 0 0 0 0   J 1 1 1 1   K 1 ½ 0 0
    //
    // Per question x with rest = total - x (Moodle's discrimination index is the correlation
    // of the question with the rest of the test; efficiency divides the covariance by the
    // covariance of the same values sorted alike, the most they could reach):
    //   q1: facility 8/11 = .727273, SD .467099, cov 43/220, max cov 19/55,
    //       discrimination .396520, efficiency .565789
    //   q2: facility .590909, SD .490825, cov 9/44, max 89/220, disc .402364, eff .505618
    //   q3: facility .454545, SD .522233, cov 23/220, max 111/220, disc .179709, eff .207207
    //       (flagged: discrimination < .20)
    //   q4: facility .272727, SD .467099, cov 59/220, max 81/220, disc .583501, eff .728395
    //       (flagged: facility < .30)
    // Percents: 100 75 75 50 50 25 25 25 0 100 37.5: mean 51.136364, median 50,
    //   SD (n-1) 32.813176. Moments about the mean (divisor n): m2 978.822314,
    //   m3 6427.263336, m4 1847521.381523. k-statistics as Moodle: k2 = n m2/(n-1) =
    //   1076.704545; k3 = n² m3/((n-1)(n-2)) = 8641.098485; k4 = n²/((n-1)(n-2)(n-3)) x
    //   ((n+1) m4 - 3(n-1) m2²) = -1104551.373106. Skewness k3/k2^1.5 = .244582; kurtosis
    //   k4/k2² = -.952780 (with the old n³ it would be 11 times that, -10.48).
    // Alpha: item variances sum .95, total-score variance 1.722727 (379/220);
    //   4/3 x (1 - .95/1.722727) = .598065. Error ratio sqrt(1 - alpha) = .633983;
    //   standard error .633983 x 32.813176 = 20.803008.
    #[test]
    fn moodle_statistics_second_data_set() {
        let rows: [(&str, [f64; 4]); 11] = [
            ("A", [1.0, 1.0, 1.0, 1.0]),
            ("B", [1.0, 1.0, 1.0, 0.0]),
            ("C", [1.0, 1.0, 0.0, 1.0]),
            ("D", [1.0, 0.0, 1.0, 0.0]),
            ("E", [1.0, 1.0, 0.0, 0.0]),
            ("F", [0.0, 1.0, 0.0, 0.0]),
            ("G", [1.0, 0.0, 0.0, 0.0]),
            ("H", [0.0, 0.0, 1.0, 0.0]),
            ("I", [0.0, 0.0, 0.0, 0.0]),
            ("J", [1.0, 1.0, 1.0, 1.0]),
            ("K", [1.0, 0.5, 0.0, 0.0]),
        ];
        let attempts: Vec<Attempt> = rows.iter().map(|(n, s)| scored(n, s)).collect();
        let r = compute(&attempts, None, "id");
        let q = |id: &str| r.questions.iter().find(|q| q.id == id).unwrap();
        let expect = [
            ("q1", 0.727273, 0.467099, 0.396520, 0.565789),
            ("q2", 0.590909, 0.490825, 0.402364, 0.505618),
            ("q3", 0.454545, 0.522233, 0.179709, 0.207207),
            ("q4", 0.272727, 0.467099, 0.583501, 0.728395),
        ];
        for (id, facility, sd, disc, eff) in expect {
            close(Some(q(id).facility), facility);
            close(q(id).sd, sd);
            close(q(id).discrimination, disc);
            close(q(id).efficiency, eff);
        }
        assert_eq!(q("q3").flags, vec!["low-discrimination"]);
        assert_eq!(q("q4").flags, vec!["low-facility"]);
        let t = &r.test;
        assert_eq!(t.n, 11);
        close(t.mean, 51.136364);
        close(t.median, 50.0);
        close(t.sd, 32.813176);
        close(t.skewness, 0.244582);
        close(t.kurtosis, -0.952780);
        close(t.alpha, 0.598065);
        close(t.error_ratio, 0.633983);
        close(t.standard_error, 20.803008);
    }

    // Test that a question everyone gets right has no correlation, not NaN, and no panic.
    #[test]
    fn zero_variance_items() {
        let attempts = vec![scored("A", &[1.0, 1.0, 0.0]), scored("B", &[1.0, 0.0, 0.0])];
        let r = compute(&attempts, None, "id");
        let q1 = r.questions.iter().find(|q| q.id == "q1").unwrap();
        assert_eq!(q1.discrimination, None);
        assert_eq!(q1.efficiency, None);
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("NaN"));
        // One attempt, or none, is no crash either.
        let _ = compute(&attempts[..1], None, "id");
        let empty = compute(&[], None, "id");
        assert_eq!(empty.test.mean, None);
    }
}
