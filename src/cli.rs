//! The command line: every command, flag and help text (clap derive).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::i18n::Lang;

const EXAMPLES: &str = "\
Examples:
  kuis                                  practice quiz on the built-in bank
  kuis --count 10 --anonymous           10 questions, no name asked
  kuis take --count 20 --mode exam      a 20-question exam drawn across all topics
  kuis check quizzes/                   check every bank in a folder
  kuis --lang en                        the same quiz in English";

/// kuis: practise and test the rules of civil-servant neutrality in elections.
///
/// Runs quizzes from TOML question banks, explains every answer with the rule and its legal
/// basis, and gives trainers tools to write and check banks. Indonesian by default; English
/// with --lang en.
#[derive(Debug, Parser)]
#[command(
    name = "kuis",
    version,
    after_help = EXAMPLES,
    max_term_width = 100
)]
pub struct Cli {
    /// Language of the interface and of the bank texts [default: KUIS_LANG, then LANG, then id]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    /// When to use colours (NO_COLOR is respected under auto)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// What to do; without a command, kuis takes a quiz (the options of `kuis take` apply)
    #[command(subcommand)]
    pub command: Option<Command>,

    /// `kuis` alone is `kuis take`: these are its options.
    #[command(flatten)]
    pub take: TakeArgs,
}

/// The commands.
// Parsed once per run, so the size difference between variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Take a quiz: practice (feedback after each answer) or exam (review at the end)
    #[command(after_help = "\
Examples:
  kuis take                                   built-in bank, practice mode
  kuis take quizzes/ --count 20 --seed 7      20 questions, reproducible order
  kuis take --mode exam --time-limit 15       an exam of 15 minutes
  kuis take --answers answers.txt --no-shuffle   scripted: one answer per line (b, a,c, benar)")]
    Take(TakeArgs),

    /// Check banks for errors, like a compiler: file, line, column, and how to fix it
    #[command(after_help = "\
Examples:
  kuis check                       every bank under quizzes/
  kuis check bank.toml --strict    warnings fail too (for CI)
  kuis check --format json         one JSON diagnostic per line for editors, and the blind-guessing figures")]
    Check(CheckArgs),

    /// Show what a bank holds: topics, rules and how many questions cover each, languages
    #[command(after_help = "\
Examples:
  kuis list quizzes/
  kuis list bank.toml --format json")]
    List(ListArgs),

    /// Your past attempts, newest first, with the trend per topic
    #[command(after_help = "\
Examples:
  kuis history                        your attempts (the remembered identity)
  kuis history --nip 199001012020122001
  kuis history --all --bank pelatihan --tz Asia/Makassar   everyone's, by person, for a trainer
  kuis history --all --format json    everyone's, as data")]
    History(HistoryArgs),

    /// Practise again the questions you missed, until you get each right twice in a row
    #[command(after_help = "\
Examples:
  kuis review                         the questions you missed on the built-in bank
  kuis review quizzes/ --bank pelatihan   only one of the banks in quizzes/
  kuis review --count 10")]
    Review(ReviewArgs),

    /// Export attempts as an Excel workbook (xlsx), CSV, JSON, JSON Lines or xAPI statements
    #[command(after_help = "\
Examples:
  kuis export --excel -o hasil.xlsx                   an Excel workbook (attempts, answers, topics)
  kuis export --out hasil.csv                         one row per attempt, CSV
  kuis export --level answer --format jsonl           one record per answer
  kuis export --format xapi --since 2026-11-01 --unit BKPSDM")]
    Export(ExportArgs),

    /// Merge attempt files from other machines into the store (safe to repeat)
    #[command(after_help = "\
Examples:
  kuis import peserta/*.json
  kuis import --store kelas.sqlite hasil-kelas-a.jsonl")]
    Import(ImportArgs),

    /// Item analysis: which questions and rules people get wrong, per person and per unit
    #[command(after_help = "\
Examples:
  kuis report                                   tables in the terminal, a section per bank
  kuis report --with-bank pelatihan.toml        that bank's attempts, with its question texts
  kuis report --format html --out laporan.html --tz Asia/Makassar   one page to email or print
  kuis report --format json --bank netralitas-asn --bank pelatihan --since 2026-11-01")]
    Report(ReportArgs),

    /// Serve the quiz to a room of browsers, with a live page for the trainer
    #[command(after_help = "\
Examples:
  kuis serve                                  the built-in bank on http://127.0.0.1:8080/
  kuis serve quizzes/ --listen 0.0.0.0:8080   for the room's network (phones scan the QR code)
  kuis serve --room kelas-a --mode exam --time-limit 20m   an exam of 20 minutes in room kelas-a
  kuis report --room kelas-a --format html -o kelas-a.html  the room's report afterwards")]
    Serve(ServeArgs),

    /// Convert between kuis banks and Moodle formats (GIFT, Aiken, Moodle XML)
    #[command(after_help = "\
Examples:
  kuis convert soal-moodle.gift --to toml -o quizzes/soal.toml   import a Moodle GIFT export
  kuis convert quizzes/netralitas-asn.toml --to xml -o moodle.xml  for Moodle's question bank
  kuis convert ujian.txt --from aiken --to toml")]
    Convert(ConvertArgs),

    /// Write a new bank from a commented template (one question of each kind)
    #[command(after_help = "\
Examples:
  kuis new quizzes/pelatihan.toml
  kuis new bank.toml --force          overwrite an existing file")]
    New(NewArgs),

    /// Add a question to a bank with an interactive wizard (keeps the file's comments)
    #[command(after_help = "\
Examples:
  kuis add quizzes/netralitas-asn.toml
  kuis --lang en add bank.toml")]
    Add(AddArgs),

    /// Reformat banks in the house style, keeping comments; --check for CI
    #[command(after_help = "\
Examples:
  kuis fmt quizzes/*.toml
  kuis fmt --check quizzes/           exit 1 if a file would change
  kuis fmt --balance-keys bank.toml   spread the keys' positions (for --no-shuffle rooms and exports)")]
    Fmt(FmtArgs),

    /// Erase one person's data from the store: attempts, answers, web sessions
    #[command(after_help = "\
Examples:
  kuis forget --nip 199001012020122001          shows what it removes, then asks
  kuis forget --name \"Siti Rahma\" --unit \"BKPSDM Kota Bandung\" --yes")]
    Forget(ForgetArgs),

    /// Remove attempts older than their purpose needs
    #[command(after_help = "\
Examples:
  kuis prune --older-than 2y                   attempts finished more than two years ago
  kuis prune --before 2025-01-01 --yes         attempts finished before 2025")]
    Prune(PruneArgs),

    /// Work on whole stores: copy every attempt from one store to another
    #[command(
        subcommand,
        after_help = "\
Examples:
  kuis store copy --from kuis.sqlite --to postgres://kuis@db.example/hasil
  kuis store copy --from postgres://kuis@db.example/hasil --to arsip.sqlite"
    )]
    Store(StoreCommand),

    /// Make the organisation's signing key for certificates, or print its public key
    #[command(
        subcommand,
        after_help = "\
Examples:
  kuis keys init --issuer \"BKPSDM Kota Bandung\"   make the signing key (once)
  kuis keys public > bkpsdm-bandung.pub           the public key, to publish"
    )]
    Keys(KeysCommand),

    /// Write the certificate of a passed exam as an A4 PDF, with a code anyone can verify
    #[command(after_help = "\
Examples:
  kuis certificate --last                       the newest attempt's certificate
  kuis certificate 5f0c…-…-…                    one attempt, by its id (kuis export shows ids)
  kuis certificate --room kelas-a --passed --out sertifikat/   everyone who passed in a room
  kuis certificate --revoke KODE                revoke a certificate in the register")]
    Certificate(CertificateArgs),

    /// Check a certificate's verification code (or its PDF) offline, with the issuer's key
    #[command(after_help = "\
Examples:
  kuis verify 0A1B2-C3D4E-…                      with the configured key
  kuis verify sertifikat.pdf --key bkpsdm-bandung.pub
  kuis verify KODE --key bkpsdm.pub --store     also ask the register whether it was revoked")]
    Verify(VerifyArgs),

    /// Print a shell completion script
    #[command(after_help = "\
Examples:
  kuis completions bash > ~/.local/share/bash-completion/completions/kuis
  kuis completions zsh > ~/.zfunc/_kuis
  kuis completions fish > ~/.config/fish/completions/kuis.fish")]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// `kuis keys`.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Make the signing key (Ed25519) in the config folder, readable by you alone
    #[command(after_help = "\
Examples:
  kuis keys init --issuer \"BKPSDM Kota Bandung\"
  kuis keys init --issuer \"Bawaslu Provinsi Jawa Barat\" --force   replace a lost or stolen key")]
    Init(KeysInitArgs),

    /// Print the public key, with a comment saying whose it is, to publish
    #[command(after_help = "\
Examples:
  kuis keys public                          on the terminal
  kuis keys public -o bkpsdm-bandung.pub    into a file for the agency's site or a circular")]
    Public(KeysPublicArgs),
}

/// Where the signing key is.
#[derive(Debug, Default, Clone, Args)]
pub struct SigningKeyArgs {
    /// The signing key file [default: KUIS_SIGNING_KEY, else signing-key.toml in the config
    /// folder]
    #[arg(long = "signing-key", value_name = "FILE", env = "KUIS_SIGNING_KEY")]
    pub signing_key: Option<PathBuf>,
}

/// `kuis keys init`.
#[derive(Debug, Args)]
pub struct KeysInitArgs {
    /// The issuing organisation, as certificates will name it
    #[arg(long, value_name = "NAME")]
    pub issuer: String,

    /// Replace an existing key (certificates it signed then verify only with its public key)
    #[arg(long)]
    pub force: bool,

    /// Where the key is
    #[command(flatten)]
    pub key: SigningKeyArgs,
}

/// `kuis keys public`.
#[derive(Debug, Args)]
pub struct KeysPublicArgs {
    /// Write to this file (atomically) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Where the key is
    #[command(flatten)]
    pub key: SigningKeyArgs,
}

/// `kuis certificate`.
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("which")
        .required(true)
        .args(["attempt", "last", "room", "revoke"])
))]
pub struct CertificateArgs {
    /// The attempt's id (kuis export and kuis history --format json show it)
    #[arg(value_name = "ATTEMPT_ID")]
    pub attempt: Option<String>,

    /// The newest attempt in the store
    #[arg(long)]
    pub last: bool,

    /// Every attempt in this `kuis serve` room that earns a certificate (with --passed)
    #[arg(long, value_name = "NAME", requires = "passed")]
    pub room: Option<String>,

    /// With --room: only passed exams get one (the others are listed, not refused)
    #[arg(long, requires = "room")]
    pub passed: bool,

    /// The PDF to write [default: a file named after the person and date here]; with
    /// --room, the folder to write them in
    #[arg(long, short = 'o', value_name = "FILE|DIR")]
    pub out: Option<PathBuf>,

    /// Revoke the certificate of this code, or every one of this attempt id, in the register
    /// (kuis verify --store and kuis serve's /verify page then say so)
    #[arg(long, value_name = "CODE|ATTEMPT_ID")]
    pub revoke: Option<String>,

    /// The banks the attempts were taken on (files or folders) [default: the built-in bank]
    #[arg(long = "with-bank", value_name = "PATH")]
    pub banks: Vec<PathBuf>,

    /// The time zone of the exam date on the certificate [default: the system's]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,

    /// The QR code holds a link to this verification page with the code (kuis serve's
    /// /verify, or the agency's) instead of the bare code
    #[arg(long, value_name = "URL")]
    pub verify_url: Option<String>,

    /// Output format of what is printed (the codes)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Where the signing key is
    #[command(flatten)]
    pub key: SigningKeyArgs,

    /// The attempt store (and its certificate register)
    #[command(flatten)]
    pub store: StoreArgs,
}

/// `kuis verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The verification code, a certificate's PDF, a file holding the code, or - (stdin)
    #[arg(value_name = "CODE|FILE")]
    pub what: String,

    /// The issuer's public key: its text (kuispub1:…) or a file of keys, as `kuis keys
    /// public` prints them (repeatable) [default: the configured signing key's]
    #[arg(long = "key", value_name = "KEY|FILE")]
    pub keys: Vec<String>,

    /// Also ask the register whether it was revoked: the default store, or this one
    // `--store=URL` only: a bare `--store` before the code must not take the code as a store.
    #[arg(long = "store", value_name = "PATH|URL", num_args = 0..=1, require_equals = true)]
    pub store: Option<Option<PathBuf>>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Where the configured signing key is
    #[command(flatten)]
    pub key: SigningKeyArgs,
}

/// `kuis store`.
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Copy every attempt from one store into another (SQLite or PostgreSQL); safe to repeat
    #[command(after_help = "\
Examples:
  kuis store copy --from kuis.sqlite --to postgres://kuis@db.example/hasil   move up to PostgreSQL
  kuis store copy --from postgres://kuis@localhost/hasil --to arsip.sqlite   an archive file")]
    Copy(CopyArgs),
}

/// `kuis store copy`.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The store to copy from: a SQLite file or a postgres:// URL
    #[arg(long, value_name = "PATH|URL")]
    pub from: PathBuf,

    /// The store to copy into (created or upgraded as needed): a SQLite file or a
    /// postgres:// URL
    #[arg(long, value_name = "PATH|URL")]
    pub to: PathBuf,
}

/// `kuis forget`: whose data, by NIP, or by name within a unit.
#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// The person's NIP
    #[arg(long, required_unless_present = "name", conflicts_with_all = ["name", "unit"])]
    pub nip: Option<String>,

    /// The person's name (with --unit: a name alone may be several people)
    #[arg(long, requires = "unit")]
    pub name: Option<String>,

    /// The person's work unit
    #[arg(long, requires = "name")]
    pub unit: Option<String>,

    /// Erase without asking (for scripts; without a terminal it is required)
    #[arg(long)]
    pub yes: bool,

    /// The attempt store
    #[command(flatten)]
    pub store: StoreArgs,
}

/// `kuis prune`: how old is too old.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("cutoff").required(true).args(["before", "older_than"]))]
pub struct PruneArgs {
    /// Remove attempts finished before this date (2025-01-01, local time) or RFC 3339 time
    #[arg(long, value_name = "WHEN")]
    pub before: Option<String>,

    /// Remove attempts finished longer ago than this: 2y, 18mo, 90d
    #[arg(long, value_name = "AGE")]
    pub older_than: Option<String>,

    /// Remove without asking (for scripts; without a terminal it is required)
    #[arg(long)]
    pub yes: bool,

    /// The attempt store
    #[command(flatten)]
    pub store: StoreArgs,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

/// Output formats for commands that report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// For people
    #[default]
    Human,
    /// For scripts and editors
    Json,
}

/// `--lang`: a language, or `auto` (`kuis serve` then speaks each browser's language, by its
/// Accept-Language; elsewhere `auto` is the environment's choice, as without the flag).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Bahasa Indonesia
    Id,
    /// English
    En,
    /// kuis serve: each browser's language
    Auto,
}

impl LangArg {
    /// The language it names; `None` for `auto`.
    pub fn lang(self) -> Option<Lang> {
        match self {
            LangArg::Id => Some(Lang::Id),
            LangArg::En => Some(Lang::En),
            LangArg::Auto => None,
        }
    }
}

/// Quiz modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ModeArg {
    /// Feedback right after each answer
    #[default]
    Practice,
    /// No feedback until the end, then a review; honours a time limit
    Exam,
}

/// `--count`: a number of questions, or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountArg {
    /// `--count all`.
    All,
    /// `--count N`.
    N(usize),
}

/// `N`, or `all` (`semua`).
fn parse_count(s: &str) -> Result<CountArg, String> {
    match s.trim().to_lowercase().as_str() {
        "all" | "semua" => Ok(CountArg::All),
        n => n.parse().map(CountArg::N).map_err(|_| {
            crate::i18n::current()
                .pick(
                    "tulis jumlah soal, atau semua (all)",
                    "use a number of questions, or all (semua)",
                )
                .to_owned()
        }),
    }
}

/// The longest time limit: ten hours, as for a bank's `time_limit`.
const LONGEST_LIMIT: Duration = Duration::from_secs(600 * 60);

/// A humane duration (`90s`, `15m`, `1h`, `1h30m`, `1.5h`); a bare number is minutes, as in a
/// bank's `time_limit`.
pub fn parse_time_limit(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let parsed = match s.parse::<f64>() {
        Ok(minutes) if minutes.is_finite() => {
            Some(Duration::try_from_secs_f64(minutes * 60.0).unwrap_or_default())
        }
        Ok(_) => None,
        Err(_) => s
            .parse::<jiff::SignedDuration>()
            .ok()
            .and_then(|d| Duration::try_from(d).ok()),
    };
    match parsed {
        Some(d) if d >= Duration::from_secs(1) && d <= LONGEST_LIMIT => Ok(d),
        Some(_) => Err(crate::i18n::current()
            .pick(
                "pakai waktu dari 1s sampai 10h",
                "use a time from 1s to 10h",
            )
            .to_owned()),
        None => Err(crate::i18n::current()
            .pick(
                "tulis misalnya 90s, 15m, 1h, atau jumlah menit",
                "use e.g. 90s, 15m, 1h, or a number of minutes",
            )
            .to_owned()),
    }
}

/// `kuis take`.
#[derive(Debug, Default, Args)]
pub struct TakeArgs {
    /// Bank files or folders [default: the built-in bank]
    pub paths: Vec<PathBuf>,

    /// How the quiz is drawn
    #[command(flatten)]
    pub draw: DrawArgs,

    /// Seed for drawing and shuffling; the same seed gives the same quiz
    #[arg(long)]
    pub seed: Option<u64>,

    /// Answering, identity and saving
    #[command(flatten)]
    pub session: SessionArgs,
}

/// How a quiz is drawn: shared by `take` and `serve`.
#[derive(Debug, Default, Args)]
pub struct DrawArgs {
    /// Practice or exam
    #[arg(long, value_enum, default_value_t = ModeArg::Practice)]
    pub mode: ModeArg,

    /// How many questions, drawn across topics, or `all` [default: the bank's practice_count
    /// (20) in practice, all in an exam]
    #[arg(long, short = 'n', value_name = "N|all", value_parser = parse_count)]
    pub count: Option<CountArg>,

    /// Only this topic (repeatable)
    #[arg(long = "topic", value_name = "ID")]
    pub topics: Vec<String>,

    /// Only questions on this rule (repeatable)
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,

    /// Keep the file's order of questions and choices
    #[arg(long)]
    pub no_shuffle: bool,

    /// Time allowed: 90s, 15m, 1h30m, or a number of minutes [default: the bank's time_limit,
    /// in exam mode]
    #[arg(long, value_name = "TIME", value_parser = parse_time_limit)]
    pub time_limit: Option<Duration>,
}

/// `kuis serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Bank files or folders [default: the built-in bank]
    pub paths: Vec<PathBuf>,

    /// Address and port to listen on; 0.0.0.0 opens it to the room's network, port 0 picks a
    /// free one
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,

    /// The room's name, kept with every attempt (`kuis report --room NAME`)
    #[arg(long, value_name = "NAME", default_value = "utama")]
    pub room: String,

    /// A reverse proxy or load balancer in front of kuis (repeatable): requests from it are
    /// rate-limited by the client address it adds last to X-Forwarded-For
    #[arg(long = "trusted-proxy", value_name = "IP")]
    pub trusted_proxy: Vec<std::net::IpAddr>,

    /// Seconds a client has to send a request's headers, from its first byte (or from
    /// connecting); a connection slower than that is closed
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,

    /// Seconds a kept-alive connection may wait for its next request before it is closed
    #[arg(long, value_name = "SECS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idle_timeout: u64,

    /// Connections open at once in all; at the cap, the one waiting longest without a request
    /// makes way
    #[arg(long, value_name = "N", default_value_t = 4096, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,

    /// Connections open at once from one client address (an IPv6 client: its /64; a trusted
    /// proxy: no cap but the total)
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections_per_address: u64,

    /// Attempts per person in the room (by NIP, else name and unit); the trainer's page can
    /// grant one more [default: 1 in an exam, unlimited in practice]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub attempts: Option<u32>,

    /// When an exam shows the right answers: immediately, after-close (once the trainer closes
    /// the room) or never [default: after-close in an exam, immediately in practice]
    #[arg(long, value_enum)]
    pub review: Option<ReviewArg>,

    /// When an exam shows each participant their score and pass or fail: immediately,
    /// after-close or never; never later than the review. Holding it back stops throwaway
    /// identities from learning the key from the scores while the room is open [default:
    /// never with --review never, else immediately]
    #[arg(long, value_enum, value_name = "WHEN")]
    pub show_score: Option<ReviewArg>,

    /// How each participant's quiz is drawn (the time limit is enforced by the server)
    #[command(flatten)]
    pub draw: DrawArgs,

    /// How long after a room closes its web sessions (a second copy of its attempts) are
    /// removed: 90s, 12h, 7d
    #[arg(long, value_name = "AGE", default_value = "7d", value_parser = parse_age)]
    pub purge_after: jiff::SignedDuration,

    /// Participants who pass the exam download their certificate from the summary, signed
    /// with the signing key (see --signing-key; make one with kuis keys init)
    #[arg(long)]
    pub certificates: bool,

    /// A public key the /verify page accepts besides the signing key's (repeatable): its
    /// text or a file of keys
    #[arg(long = "key", value_name = "KEY|FILE")]
    pub keys: Vec<String>,

    /// The certificates' QR codes link to this verification page with the code (this
    /// server's /verify where it stays reachable, or the agency's) [default: the bare code]
    #[arg(long, value_name = "URL")]
    pub verify_url: Option<String>,

    /// Where the signing key is
    #[command(flatten)]
    pub key: SigningKeyArgs,

    /// The attempt store
    #[command(flatten)]
    pub store: StoreArgs,
}

/// `--grade`: which of a person's attempts gives their result (Moodle's grading methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GradeArg {
    /// The first attempt
    First,
    /// The best attempt
    Best,
    /// The last attempt
    Last,
    /// The mean of all attempts (report only)
    Mean,
}

impl GradeArg {
    /// The report's grading method.
    pub fn grade(self) -> crate::results::report::Grade {
        use crate::results::report::Grade;
        match self {
            GradeArg::First => Grade::First,
            GradeArg::Best => Grade::Best,
            GradeArg::Last => Grade::Last,
            GradeArg::Mean => Grade::Mean,
        }
    }
}

/// `kuis serve --review` and `--show-score`: when an exam's participants see the right
/// answers, and their score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReviewArg {
    /// As soon as the quiz ends
    Immediately,
    /// Once the trainer has closed the room
    AfterClose,
    /// Never in the browser
    Never,
}

/// An age: `2y`, `18mo`, `7d`, `12h`, `90s` (or ISO 8601, `P2Y`); calendar units count from now.
pub fn parse_age(s: &str) -> Result<jiff::SignedDuration, String> {
    let span: jiff::Span = s.trim().parse().map_err(|_| {
        crate::i18n::current()
            .pick(
                "tulis umur seperti 2y, 18mo, 7d, 12h atau 90s",
                "use an age like 2y, 18mo, 7d, 12h or 90s",
            )
            .to_owned()
    })?;
    let now = jiff::ZonedDateTime::now();
    span.to_duration(&now)
        .ok()
        .filter(|d| !d.is_negative())
        .ok_or_else(|| {
            crate::i18n::current()
                .pick("umur ini tidak dapat dipakai", "this age cannot be used")
                .to_owned()
        })
}

/// How a quiz is answered, by whom, and where it is saved: shared by `take` and `review`.
#[derive(Debug, Default, Args)]
pub struct SessionArgs {
    /// Read answers from a file (or - for stdin), one per line: b | a,c | benar | salah
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,

    /// Participant's name
    #[arg(long)]
    pub name: Option<String>,

    /// Participant's NIP (civil-servant number)
    #[arg(long)]
    pub nip: Option<String>,

    /// Participant's work unit
    #[arg(long)]
    pub unit: Option<String>,

    /// Take the quiz without a name
    #[arg(long, conflicts_with_all = ["name", "nip", "unit"])]
    pub anonymous: bool,

    /// Also write the attempt as JSON to this file (atomically)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Do not save the attempt in the store
    #[arg(long)]
    pub no_save: bool,

    /// The attempt store
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Where attempts are stored.
#[derive(Debug, Default, Clone, Args)]
pub struct StoreArgs {
    /// The attempt store: a SQLite file or a postgres:// URL [default: KUIS_STORE, else the
    /// config file's `store`, else the user's data folder]
    #[arg(long = "store", value_name = "PATH|URL", env = "KUIS_STORE")]
    pub path: Option<PathBuf>,
}

/// Which attempts a trainer command looks at.
#[derive(Debug, Default, Clone, Args)]
pub struct FilterArgs {
    /// Only attempts on this bank id (repeat for several)
    #[arg(long, value_name = "ID")]
    pub bank: Vec<String>,

    /// Only attempts finished on or after this date or time (2026-11-01, or RFC 3339)
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,

    /// Only attempts finished on or before this date (inclusive), or before this time
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,

    /// Only this work unit
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,

    /// Only attempts taken in this `kuis serve` room
    #[arg(long, value_name = "NAME")]
    pub room: Option<String>,
}

/// Which attempts a trainer command reads, and where its output goes.
#[derive(Debug, Default, Clone, Args)]
pub struct Selection {
    /// Write to this file (atomically) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Which attempts
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Show times in this time zone (Asia/Jakarta, Asia/Makassar, Asia/Jayapura)
    /// [default: the system's]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,

    /// The attempt store
    #[command(flatten)]
    pub store: StoreArgs,
}

/// `kuis history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Whose history, by name [default: the remembered identity]
    #[arg(long)]
    pub name: Option<String>,

    /// Whose history, by NIP
    #[arg(long)]
    pub nip: Option<String>,

    /// Everyone's attempts, grouped by person (for trainers)
    #[arg(long, conflicts_with_all = ["name", "nip"])]
    pub all: bool,

    /// Only attempts on this bank id (repeatable)
    #[arg(long, value_name = "ID")]
    pub bank: Vec<String>,

    /// Only this bank's attempts, with its topic titles (repeatable)
    /// [default: every bank; titles of the built-in bank]
    #[arg(long = "with-bank", value_name = "PATH")]
    pub with_bank: Vec<PathBuf>,

    /// Only attempts taken in this `kuis serve` room
    #[arg(long, value_name = "NAME")]
    pub room: Option<String>,

    /// Show times in this time zone [default: the system's]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The attempt store
    #[command(flatten)]
    pub store: StoreArgs,
}

/// `kuis review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Bank files or folders [default: the built-in bank]
    pub paths: Vec<PathBuf>,

    /// Review only this bank (by its id) among those loaded (repeatable)
    #[arg(long, value_name = "ID")]
    pub bank: Vec<String>,

    /// At most this many questions
    #[arg(long, short = 'n')]
    pub count: Option<usize>,

    /// Seed for the order of questions and choices
    #[arg(long)]
    pub seed: Option<u64>,

    /// Keep the file's order of questions and choices
    #[arg(long)]
    pub no_shuffle: bool,

    /// Answering, identity and saving
    #[command(flatten)]
    pub session: SessionArgs,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values, UTF-8, with a header row
    Csv,
    /// One JSON array
    Json,
    /// One JSON record per line
    Jsonl,
    /// xAPI statements (one per answer) for a Learning Record Store
    Xapi,
    /// An Excel workbook: sheets of attempts, answers and per-topic scores (needs --out)
    Xlsx,
}

/// Rows of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// One row per attempt
    Attempt,
    /// One row per answer
    Answer,
}

/// `kuis export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,

    /// One row per attempt or per answer (xapi is always per answer; xlsx has both)
    #[arg(long, value_enum, default_value_t = Level::Attempt)]
    pub level: Level,

    /// For Excel: write an xlsx workbook (the same as --format xlsx), not CSV
    #[arg(long, conflicts_with_all = ["format", "level"])]
    pub excel: bool,

    /// Only each person's graded attempt per bank: first, best or last (mean is no one
    /// attempt: see kuis report --grade mean) [default: every attempt]
    #[arg(long, value_enum)]
    pub grade: Option<GradeArg>,
    /// Only this person's attempts, by NIP: everything kept about them
    #[arg(long, conflicts_with = "name")]
    pub nip: Option<String>,
    /// Only this person's attempts, by name (add --unit when a name may be several people)
    #[arg(long)]
    pub name: Option<String>,
    /// Replace names, NIPs and units by keyed hashes (the same person, the same hash)
    #[arg(long)]
    pub pseudonymise: bool,

    /// Which attempts, and where the output goes
    #[command(flatten)]
    pub attempts: Selection,
}

/// `kuis import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Attempt files: from `kuis take --out`, or `kuis export --format json|jsonl`
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Banks the attempts were taken on (files or folders), to rescore the answers and check
    /// `passed` against their pass mark; the built-in bank is always known
    #[arg(long = "with-bank", value_name = "PATH")]
    pub banks: Vec<PathBuf>,

    /// The attempt store
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Tables in the terminal
    Human,
    /// CSV, one row per question
    Csv,
    /// Everything, as JSON
    Json,
    /// One self-contained HTML file with charts
    Html,
}

/// `kuis report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Attempt files to report on instead of the store
    #[arg(long = "attempts", value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Report on this bank's attempts, with its question and rule texts (repeatable)
    /// [default: every bank in the store; texts of the built-in bank]
    #[arg(long = "with-bank", value_name = "PATH")]
    pub banks: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,

    /// Which of a person's attempts gives their result: first, best, last or mean [default:
    /// first when the attempts are exams, best for practice]
    #[arg(long, value_enum)]
    pub grade: Option<GradeArg>,
    /// Replace names, NIPs and units by keyed hashes (the same person, the same hash)
    #[arg(long)]
    pub pseudonymise: bool,

    /// Which attempts, and where the output goes
    #[command(flatten)]
    pub attempts: Selection,
}

/// `kuis new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The file to create
    pub file: PathBuf,

    /// Overwrite the file if it exists
    #[arg(long)]
    pub force: bool,
}

/// `kuis add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The bank to add a question to
    pub file: PathBuf,
}

/// `kuis fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Bank files or folders [default: quizzes/]
    pub paths: Vec<PathBuf>,

    /// Change nothing; exit 1 if a file is not formatted
    #[arg(long)]
    pub check: bool,

    /// Also reorder choices so the keys stand evenly in every position (ids, `why` and
    /// comments move with their choice)
    #[arg(long)]
    pub balance_keys: bool,
}

/// `kuis convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The file to convert
    pub input: PathBuf,

    /// The format to write
    #[arg(long, value_enum)]
    pub to: crate::convert::Format,

    /// The input's format [default: from the file name: .toml, .gift, .xml, .txt/.aiken]
    #[arg(long, value_enum)]
    pub from: Option<crate::convert::Format>,

    /// Write here (atomically) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace the input with the result (without it, an output that is the input is refused)
    #[arg(long)]
    pub in_place: bool,
}

/// `kuis check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Bank files or folders [default: quizzes/]
    pub paths: Vec<PathBuf>,

    /// Fail on warnings too
    #[arg(long)]
    pub strict: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `kuis list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Bank files or folders [default: quizzes/]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    // Test that the clap definition is consistent (no clashing flags or bad defaults).
    #[test]
    fn cli_is_valid() {
        Cli::command().debug_assert();
    }

    // Test that time limits read as people write them, a bare number being minutes.
    #[test]
    fn humane_time_limits() {
        let secs = |s: &str| parse_time_limit(s).map(|d| d.as_secs());
        assert_eq!(secs("90s"), Ok(90));
        assert_eq!(secs("15m"), Ok(900));
        assert_eq!(secs("1h"), Ok(3600));
        assert_eq!(secs("1h30m"), Ok(5400));
        assert_eq!(secs("15"), Ok(900));
        assert_eq!(secs("1.5"), Ok(90));
        for bad in ["0", "0s", "-5", "11h", "abc", "", "5x", "nan"] {
            assert!(parse_time_limit(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_count("all"), Ok(CountArg::All));
        assert_eq!(parse_count("0"), Ok(CountArg::N(0)));
        assert!(parse_count("-1").is_err());
    }
}
