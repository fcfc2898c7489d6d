//! Certificates end to end on the real binary: the signing key, issuing a PDF for a passed
//! exam (and refusing anything else), verifying the code and the PDF offline, a changed code
//! or another key refused, the register's revocation, and what a person and a machine read
//! from the PDF (pdftotext for the words, pdftoppm and a QR decoder for the QR code).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::store::{Backend, TestStore};
use super::{MINI, fresh_store, kuis, project, stderr};

/// The mini bank's right answers in file order (with --no-shuffle).
const RIGHT: &str = "a\na,c\nsalah\na\n";
/// Two of four right and one half right (60%): below the mini bank's pass mark of 75%.
const HALF: &str = "a\na,c\nbenar\nb\n";

/// A folder with a signing key, a store, and the environment that points kuis at them.
pub(super) struct Office {
    dir: tempfile::TempDir,
    store: PathBuf,
}

impl Office {
    /// A new office with a key for `issuer`.
    pub(super) fn new(issuer: &str) -> Office {
        Office::on(issuer, fresh_store())
    }

    /// A new office with a key for `issuer`, keeping its attempts in `store` (a path or a
    /// database URL).
    fn on(issuer: &str, store: PathBuf) -> Office {
        let office = Office {
            dir: tempfile::tempdir().unwrap(),
            store,
        };
        let out = office
            .kuis()
            .args(["keys", "init", "--issuer", issuer])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        office
    }

    fn key(&self) -> PathBuf {
        self.dir.path().join("signing-key.toml")
    }

    /// kuis with this office's key and store, working in its folder.
    fn kuis(&self) -> assert_cmd::Command {
        let mut cmd = kuis();
        cmd.env("KUIS_SIGNING_KEY", self.key())
            .env("KUIS_STORE", &self.store)
            .current_dir(self.dir.path());
        cmd
    }

    /// Take the mini bank as `name` in `mode` with `answers`.
    fn take(&self, name: &str, mode: &str, answers: &str) {
        self.take_with(name, mode, answers, &[]);
    }

    /// [`Office::take`] with more arguments for `kuis take`.
    fn take_with(&self, name: &str, mode: &str, answers: &str, extra: &[&str]) {
        let mut cmd = self.kuis();
        if !extra.is_empty() {
            // A clock that moves 20 s per reading: a limit of 90 s runs out after two answers.
            cmd.env("KUIS_FAKE_CLOCK_STEP", "20");
        }
        let out = cmd
            .arg("take")
            .args(extra)
            .arg(project(MINI))
            .args(["--no-shuffle", "--mode", mode, "--name", name])
            .args([
                "--nip",
                "199001012020122001",
                "--unit",
                "BKPSDM Kota Bandung",
            ])
            .args(["--answers", "-"])
            .write_stdin(answers)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }

    /// `kuis certificate ARGS --with-bank MINI`.
    fn certificate(&self, args: &[&str]) -> Output {
        self.kuis()
            .arg("certificate")
            .args(args)
            .arg("--with-bank")
            .arg(project(MINI))
            .output()
            .unwrap()
    }

    /// `kuis certificate --revoke CODE`.
    fn revoke(&self, code: &str) -> Output {
        self.kuis()
            .args(["certificate", "--revoke", code])
            .output()
            .unwrap()
    }

    /// The public key file, as `kuis keys public -o` writes it.
    fn public_key(&self) -> PathBuf {
        let path = self.dir.path().join("office.pub");
        let out = self
            .kuis()
            .args(["keys", "public", "-o"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        path
    }
}

/// The code printed after `Kode verifikasi: `.
fn printed_code(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("Kode verifikasi: "))
        .unwrap_or_else(|| panic!("no code printed: {stdout}"))
        .to_owned()
}

/// The one PDF in `dir`.
fn pdf_in(dir: &Path) -> PathBuf {
    let pdfs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "{pdfs:?}");
    pdfs[0].clone()
}

/// Whether a poppler tool is here; under CI=true its absence fails (.ci/run installs it).
fn poppler(tool: &str, test: &str) -> bool {
    if super::browser::on_path(&[tool]).is_some() {
        return true;
    }
    super::browser::skip(test, tool, "apt-get install poppler-utils");
    false
}

// Test that a passed exam gets a certificate whose code verifies (from the text and from
// the PDF), that the PDF's words and QR code carry the name, NIP, score and the same code,
// and that the register records it.
#[test]
fn issue_then_verify() {
    let office = Office::new("BKPSDM Kota Bandung");
    office.take("Siti Rahma", "exam", RIGHT);
    let out = office.certificate(&["--last"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let code = printed_code(&out);
    let pdf = pdf_in(office.dir.path());
    assert!(
        pdf.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("sertifikat-siti-rahma-"),
        "{pdf:?}"
    );

    for what in [code.as_str(), pdf.to_str().unwrap()] {
        let out = office.kuis().args(["verify", what]).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.starts_with("SAH:"), "{said}");
        for fact in [
            "Siti Rahma",
            "199001012020122001",
            "BKPSDM Kota Bandung",
            "100,00% (batas lulus 75%): lulus",
            "mini versi 1",
        ] {
            assert!(said.contains(fact), "{fact} in {said}");
        }
    }
    // With the published public key instead of the configured key, in English, as JSON.
    let public = office.public_key();
    let out = kuis()
        .args(["--lang", "en", "verify", &code, "--format", "json", "--key"])
        .arg(&public)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["valid"], true);
    assert_eq!(json["facts"]["name"], "Siti Rahma");
    assert_eq!(json["facts"]["percent"], 100.0);

    if poppler("pdftotext", "issue_then_verify (pdftotext)") {
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        assert!(text.status.success());
        let text = String::from_utf8(text.stdout).unwrap();
        for fact in [
            "SERTIFIKAT",
            "Siti Rahma",
            "NIP 199001012020122001",
            "BKPSDM Kota Bandung",
            "Bank kecil",
            "Nilai 100,00% · batas lulus 75%",
        ] {
            assert!(text.contains(fact), "{fact} in {text}");
        }
        // The code is printed in lines that break after a dash, which pdftotext takes for
        // hyphenation and drops; the dashes only group the code (kuis verify skips them).
        let joined: String = text.split_whitespace().collect::<String>().replace('-', "");
        assert!(
            joined.contains(&code.replace('-', "")),
            "{code} in {joined}"
        );
    }
    if poppler("pdftoppm", "issue_then_verify (pdftoppm)") {
        assert_eq!(qr_in(&pdf), code);
    }
}

/// The text of the QR code on the PDF's page: rendered to greyscale by pdftoppm (a PGM),
/// found and decoded by rqrr.
fn qr_in(pdf: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    let out = Command::new("pdftoppm")
        // Without anti-aliasing, as a phone's camera sees print: sharp module edges.
        .args([
            "-r",
            "200",
            "-gray",
            "-aa",
            "no",
            "-aaVector",
            "no",
            "-singlefile",
        ])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let pgm = std::fs::read(prefix.with_extension("pgm")).unwrap();
    let (width, height, pixels) = parse_pgm(&pgm);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the page");
    grids[0].decode().expect("the QR code decodes").1
}

/// A binary PGM (P5, 8 bits): width, height and the pixels.
fn parse_pgm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..at]).unwrap().to_owned());
    }
    assert_eq!(fields[0], "P5");
    assert_eq!(fields[3], "255");
    let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (width, height, &bytes[at + 1..at + 1 + width * height])
}

// Test that a code with one character changed, anywhere, is not valid (exit 1 with the
// reason), and that a code signed by another office's key is not valid with this one's.
#[test]
fn changed_or_foreign_codes_are_not_valid() {
    let office = Office::new("BKPSDM Kota Bandung");
    office.take("Siti Rahma", "exam", RIGHT);
    let code = printed_code(&office.certificate(&["--last"]));
    for at in [0, code.len() / 3, code.len() / 2, code.len() - 1] {
        let mut changed: Vec<char> = code.chars().collect();
        if changed[at] == '-' {
            continue;
        }
        changed[at] = if changed[at] == 'X' { 'Y' } else { 'X' };
        let changed: String = changed.into_iter().collect();
        let out = office.kuis().args(["verify", &changed]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "position {at}");
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.starts_with("TIDAK SAH: "), "{said}");
    }

    let other = Office::new("Kantor Lain");
    let out = other.kuis().args(["verify", &code]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("TIDAK ditandatangani dengan kunci penerbit yang diberikan")
            && said.contains("jangan terima sertifikat ini"),
        "{said}"
    );
    // Garbage is not valid either, and says so without a panic.
    let out = office
        .kuis()
        .args(["verify", "HELLO-WORLD"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("TIDAK SAH"));
}

// Test that practice, failed and stopped attempts get no certificate, each with its reason
// and exit 1, and that no PDF is written for them.
#[test]
fn only_passed_exams_get_one() {
    let office = Office::new("BKPSDM Kota Bandung");
    for (mode, answers, extra, reason) in [
        ("practice", RIGHT, &[][..], "bukan ujian"),
        ("exam", HALF, &[], "di bawah batas lulus 75%"),
        (
            "exam",
            RIGHT,
            &["--time-limit", "90s"],
            "tidak selesai (waktu habis setelah",
        ),
    ] {
        office.take_with("Budi", mode, answers, extra);
        let out = office.certificate(&["--last"]);
        assert_eq!(out.status.code(), Some(1), "{mode} {answers:?}");
        assert!(
            stderr(&out).contains(reason),
            "{reason} in {}",
            stderr(&out)
        );
    }
    let pdfs = std::fs::read_dir(office.dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "pdf")
        })
        .count();
    assert_eq!(pdfs, 0);
}

// Test the key's life: none yet is a clear error (exit 2) that says how to make one; the
// file is the owner's alone; a second init is refused without --force; a key others can read
// is refused.
#[test]
fn keys() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.toml");
    let out = kuis()
        .env("KUIS_SIGNING_KEY", &key)
        .args(["keys", "public"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("kuis keys init --issuer"),
        "{}",
        stderr(&out)
    );
    let init = |force: bool| {
        let mut cmd = kuis();
        cmd.env("KUIS_SIGNING_KEY", &key)
            .args(["keys", "init", "--issuer", "BKPSDM"]);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    assert!(init(false).status.success());
    let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let public = |key: &Path| {
        kuis()
            .env("KUIS_SIGNING_KEY", key)
            .args(["keys", "public"])
            .output()
            .unwrap()
            .stdout
    };
    let first = public(&key);
    let again = init(false);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"));
    assert_eq!(public(&key), first, "the key is unchanged");
    assert!(init(true).status.success());
    assert_ne!(public(&key), first, "--force made a new key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = kuis()
        .env("KUIS_SIGNING_KEY", &key)
        .args(["keys", "public"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("chmod 600"), "{}", stderr(&out));
}

// Test that a revoked certificate still verifies offline but not against the register,
// and that revoking twice says it already was.
#[test]
fn revoked_in_the_register() {
    let office = Office::new("BKPSDM Kota Bandung");
    office.take("Siti Rahma", "exam", RIGHT);
    let code = printed_code(&office.certificate(&["--last"]));
    let with_store = |code: &str| {
        office
            .kuis()
            .args(["verify", code, "--store"])
            .output()
            .unwrap()
    };
    assert!(with_store(&code).status.success());
    // `--store` before the code asks the default store, not a store named by the code.
    let out = office
        .kuis()
        .args(["verify", "--store", &code])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // The report names who holds one, while it stands and once revoked.
    let report = || {
        let out = office
            .kuis()
            .arg("report")
            .arg("--with-bank")
            .arg(project(MINI))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let before = report();
    let holders = before
        .split("Pemegang sertifikat (register)")
        .nth(1)
        .unwrap_or_else(|| panic!("no holders in {before}"));
    assert!(
        holders.contains("Siti Rahma") && holders.contains("berlaku"),
        "{holders}"
    );
    let out = office.revoke(&code);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("dicabut"), "{}", stderr(&out));
    let out = with_store(&code);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("TIDAK SAH: sertifikat ini telah dicabut"),
        "{said}"
    );
    assert!(
        said.contains("Siti Rahma"),
        "the facts are still shown: {said}"
    );
    assert!(report().contains("dicabut"));
    // Offline, without the register, the signature alone still holds.
    assert!(
        office
            .kuis()
            .args(["verify", &code])
            .output()
            .unwrap()
            .status
            .success()
    );
    let out = office.revoke(&code);
    assert!(stderr(&out).contains("sudah dicabut"), "{}", stderr(&out));
    // A revoked certificate is not issued again: issued anew, the same code would verify
    // offline and undo the revocation.
    let out = office.certificate(&["--last"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("telah dicabut") && !stdout_of(&out).contains("Kode verifikasi"),
        "{}",
        stderr(&out)
    );
    // By attempt id: every certificate of that attempt, and a clear word when there is none.
    let attempt = kuis::cert::Certificate::parse(&code)
        .unwrap()
        .facts
        .attempt
        .to_string();
    let out = office.revoke(&attempt);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 sudah dicabut sebelumnya"),
        "{}",
        stderr(&out)
    );
    let out = office.revoke("6f1c3a4e-0000-4000-8000-00000000dead");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("tidak memuat sertifikat"),
        "{}",
        stderr(&out)
    );
}

// Test that a room's passed exams each get a certificate in the folder, the others are
// listed with their reason, and English pages say so in English.
#[test]
fn a_whole_room() {
    let office = Office::new("BKPSDM Kota Bandung");
    // `kuis take` records no room: the attempts are imported with one.
    for (name, answers) in [("Siti", RIGHT), ("Budi", HALF), ("Ani", RIGHT)] {
        office.take(name, "exam", answers);
    }
    let exported = office
        .kuis()
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    let mut attempts: serde_json::Value = serde_json::from_slice(&exported.stdout).unwrap();
    for a in attempts.as_array_mut().unwrap() {
        a["room"] = "kelas-a".into();
        a["id"] = uuid::Uuid::new_v4().to_string().into();
    }
    let file = office.dir.path().join("room.json");
    std::fs::write(&file, attempts.to_string()).unwrap();
    let roomed = fresh_store();
    let out = office
        .kuis()
        .env("KUIS_STORE", &roomed)
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = office
        .kuis()
        .env("KUIS_STORE", &roomed)
        .args([
            "--lang",
            "en",
            "certificate",
            "--room",
            "kelas-a",
            "--passed",
            "--out",
            "out",
        ])
        .arg("--with-bank")
        .arg(project(MINI))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let codes = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Verification code: "))
        .count();
    assert_eq!(codes, 2);
    assert!(stderr(&out).contains("Budi"), "{}", stderr(&out));
    assert!(stderr(&out).contains("not passed"), "{}", stderr(&out));
    let mut files: Vec<String> = std::fs::read_dir(office.dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files[0].starts_with("certificate-ani-"), "{files:?}");
    assert!(files[1].starts_with("certificate-siti-"), "{files:?}");
}

// Test that forgetting a person (kuis forget) erases their attempt but leaves its
// certificate in the register without naming the attempt: the holder's code still checks
// against the register, can still be revoked there, and the report names no one.
#[test]
fn forget_unlinks_the_register() {
    let office = Office::new("BKPSDM Kota Bandung");
    office.take("Siti Rahma", "exam", RIGHT);
    let code = printed_code(&office.certificate(&["--last"]));
    let out = office
        .kuis()
        .args(["forget", "--nip", "199001012020122001", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = office
        .kuis()
        .args(["verify", &code, "--store"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("tidak tercatat"), "{}", stderr(&out));
    let report = office.kuis().arg("report").output().unwrap();
    assert!(
        !String::from_utf8_lossy(&report.stdout).contains("Siti Rahma"),
        "{}",
        String::from_utf8_lossy(&report.stdout)
    );
    let out = office.revoke(&code);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = office
        .kuis()
        .args(["verify", &code, "--store"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // Behind kuis's back: no row of the register names an attempt any more.
    let conn = rusqlite::Connection::open(&office.store).unwrap();
    let linked: i64 = conn
        .query_row(
            "SELECT count(*) FROM certificates WHERE attempt_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked, 0);
}

/// `kuis serve` of the mini exam in file order with this office's key and store, issuing
/// certificates whose QR codes link to `https://bkpsdm.example/verify`.
pub(super) fn room(office: &Office, more: &[&str]) -> super::server::Server {
    let mut args = vec![MINI, "--no-shuffle", "--mode", "exam", "--certificates"];
    args.extend(["--verify-url", "https://bkpsdm.example/verify"]);
    args.extend(more);
    let mut cmd = super::server::serve(&office.store, &args, "127.0.0.1:0");
    cmd.env("KUIS_SIGNING_KEY", office.key());
    super::server::Server::spawn(cmd)
}

/// Join the room as `name` with NIP `nip` and answer the mini exam with the display positions
/// `picks` (file order); the summary page.
pub(super) fn sit(
    b: &mut super::serve::Browser,
    name: &str,
    nip: &str,
    picks: &[&[usize]],
) -> String {
    let csrf = super::serve::csrf_of(&b.page("/"));
    let joined = b.post(
        "/join",
        &[
            ("csrf", &csrf),
            ("name", name),
            ("nip", nip),
            ("unit", "BKPSDM Kota Bandung"),
        ],
    );
    assert_eq!(super::serve::location(&joined), "/q");
    for (i, pick) in picks.iter().enumerate() {
        let csrf = super::serve::csrf_of(&b.page("/q"));
        b.answer(&csrf, i, pick);
    }
    b.page("/done")
}

/// `code` with its middle character changed.
pub(super) fn changed(code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    let at = chars.len() / 2;
    chars[at] = if chars[at] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

/// Every right answer of the mini exam in file order, and a failing set (25%).
pub(super) const RIGHT_PICKS: &[&[usize]] = &[&[0], &[0, 2], &[1], &[0]];
const WRONG_PICKS: &[&[usize]] = &[&[1], &[1], &[0], &[2]];

/// GET `path` in `b`: the status and the body's bytes.
fn fetch(b: &mut super::serve::Browser, path: &str) -> (reqwest::StatusCode, String, Vec<u8>) {
    let response = b.get(path);
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, response.bytes().unwrap().to_vec())
}

// Test the room's certificates over HTTP: a participant who passes downloads the PDF from the
// summary and `kuis verify` finds it valid, with the same code on a second download and in
// the store's register; the QR code links to --verify-url; a participant who failed gets no
// link and no PDF (a session names its own attempt only, and no session gets nothing);
// /verify (its form, and ?code=) says SAH with the facts, TIDAK SAH for a changed code, and
// revoked once `kuis certificate --revoke` has revoked it in the register.
#[test]
fn serve_issues_and_verifies_sqlite() {
    serve_issues_and_verifies(Backend::Sqlite);
}

#[test]
fn serve_issues_and_verifies_postgres() {
    serve_issues_and_verifies(Backend::Postgres);
}

fn serve_issues_and_verifies(backend: Backend) {
    let Some(store) = TestStore::new(backend, "serve_issues_and_verifies") else {
        return;
    };
    let office = Office::on("BKPSDM Kota Bandung", PathBuf::from(&store.value));
    let server = room(&office, &["--review", "immediately"]);
    let mut siti = super::serve::Browser::new(&server.base);
    let done = sit(&mut siti, "Siti Rahma", "199001012020122001", RIGHT_PICKS);
    assert!(done.contains("href=\"/certificate\""), "{done}");
    assert!(done.contains("Unduh sertifikat (PDF)"), "{done}");
    let (status, kind, pdf) = fetch(&mut siti, "/certificate");
    assert_eq!(status, reqwest::StatusCode::OK);
    assert_eq!(kind, "application/pdf");
    let code = kuis::cert::pdf::code_in(&pdf).expect("a code in the PDF");
    let path = office.dir.path().join("unduhan.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = office
        .kuis()
        .args(["verify", path.to_str().unwrap(), "--store"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.starts_with("SAH:") && said.contains("Siti Rahma"),
        "{said}"
    );
    // Recorded in the register (no warning that it is not).
    assert!(!stderr(&out).contains("register"), "{}", stderr(&out));
    let (_, _, again) = fetch(&mut siti, "/certificate");
    assert_eq!(
        kuis::cert::pdf::code_in(&again).as_deref(),
        Some(code.as_str())
    );
    if poppler("pdftoppm", "serve_issues_and_verifies (pdftoppm)") {
        assert_eq!(
            qr_in(&path),
            format!("https://bkpsdm.example/verify?code={code}")
        );
    }

    let mut budi = super::serve::Browser::new(&server.base);
    let done = sit(&mut budi, "Budi Santoso", "198505052010011002", WRONG_PICKS);
    assert!(done.contains("BELUM LULUS"), "{done}");
    assert!(!done.contains("/certificate"), "{done}");
    let response = budi.get("/certificate");
    assert_eq!(super::serve::location(&response), "/done");
    let response = super::serve::Browser::new(&server.base).get("/certificate");
    assert_eq!(super::serve::location(&response), "/");

    let mut anyone = super::serve::Browser::new(&server.base);
    let form = anyone.page("/verify");
    assert!(
        form.contains("action=\"/verify\"") && form.contains("name=\"code\""),
        "{form}"
    );
    let verdict = anyone.page(&format!("/verify?code={code}"));
    assert!(verdict.contains("<strong>SAH</strong>"), "{verdict}");
    for fact in ["Siti Rahma", "199001012020122001", "BKPSDM Kota Bandung"] {
        assert!(verdict.contains(fact), "{fact} in {verdict}");
    }
    let changed = changed(&code);
    let verdict = anyone.page(&format!("/verify?code={changed}&lang=en"));
    assert!(verdict.contains("<strong>NOT VALID</strong>"), "{verdict}");
    assert!(!verdict.contains("Siti Rahma"), "{verdict}");

    let out = office.revoke(&code);
    assert!(out.status.success(), "{}", stderr(&out));
    let verdict = anyone.page(&format!("/verify?code={code}&lang=id"));
    assert!(verdict.contains("<strong>TIDAK SAH</strong>"), "{verdict}");
    assert!(
        verdict.contains("telah dicabut oleh penerbitnya"),
        "{verdict}"
    );
}

// Test that `kuis serve --certificates` refuses (exit 2, with the way out) a room where no one
// could download one: practice, and an exam whose summary never shows the score.
#[test]
fn serve_refuses_certificates_nobody_gets() {
    let office = Office::new("BKPSDM Kota Bandung");
    for (args, said) in [
        (&[][..], "add --mode exam"),
        (
            &["--mode", "exam", "--review", "never"][..],
            "--show-score after-close",
        ),
    ] {
        let out = office
            .kuis()
            .args(["--lang", "en", "serve"])
            .arg(project(MINI))
            .args(["--certificates", "--listen", "127.0.0.1:0"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(said), "{args:?}: {}", stderr(&out));
    }
}

/// What a command printed on stdout.
fn stdout_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}
