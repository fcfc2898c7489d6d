//! The HTML report in a real browser: headless Chromium prints it to PDF (A4) and takes a
//! screenshot. A page that does not render fails here, not in a trainer's mailbox.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{MINI, fresh_store, kuis};

/// The first of `names` found on PATH.
pub fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// The Chromium binary, if installed (Debian's package is `chromium`).
pub fn chromium() -> Option<PathBuf> {
    on_path(&["chromium", "chromium-browser", "google-chrome"])
}

/// Skip `test`, loudly, because `what` is missing (`install` says how to get it); under
/// CI=true a missing browser fails instead, so CI never passes without having looked.
pub fn skip(test: &str, what: &str, install: &str) {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {what} is not installed: .ci/run installs it ({install})"
    );
    eprintln!(
        "\n!!!!!!!!!! SKIPPED {test}: {what} is not installed ({install}). \
         Nothing was checked in a browser. !!!!!!!!!!\n"
    );
}

/// Chromium's flags for tests, found to work here: headless; as root it needs --no-sandbox; no
/// GPU, and nothing that reaches the network by itself (the machine may have none). Each run
/// adds a fresh --user-data-dir, so runs are independent.
pub const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Run headless Chromium on `page` with `action` (`--print-to-pdf=…` or `--screenshot=…`).
fn render(browser: &Path, page: &Path, action: &str) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new(browser)
        .args(FLAGS)
        .args(["--no-pdf-header-footer", "--window-size=1000,1400"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(action)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap()
}

// Test that Chromium renders the report: prints it to an A4 PDF and takes a PNG screenshot
// (kept in target/tmp/report.png to look at). Skips, loudly, only when Chromium is missing
// outside CI; under CI=true a missing Chromium fails.
#[test]
fn chromium_prints_the_report() {
    let Some(browser) = chromium() else {
        skip(
            "chromium_prints_the_report",
            "Chromium",
            "apt-get install chromium",
        );
        return;
    };
    let store = fresh_store();
    for (name, unit, answers) in [
        ("Siti Aminah", "BKPSDM", "a\na,c\nsalah\na\n"),
        ("Budi Santoso", "Dinas Kominfo", "b\na\nbenar\nc\n"),
        ("Ani Lestari", "BKPSDM", "a\na\nsalah\nb\n"),
        ("Joko Widodo", "Kecamatan Ampenan", "a\na,c\nbenar\nb\n"),
    ] {
        kuis()
            .env("KUIS_STORE", &store)
            .args(["take", MINI, "--no-shuffle", "--name", name, "--unit", unit])
            .args(["--nip", "199001012015031001", "--answers", "-"])
            .write_stdin(answers)
            .assert()
            .success();
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let page = dir.join("report.html");
    kuis()
        .env("KUIS_STORE", &store)
        .args([
            "report",
            "--with-bank",
            MINI,
            "--format",
            "html",
            "--tz",
            "Asia/Makassar",
            "-o",
        ])
        .arg(&page)
        .assert()
        .success();

    let pdf = dir.join("report.pdf");
    let _ = std::fs::remove_file(&pdf);
    let out = render(
        &browser,
        &page,
        &format!("--print-to-pdf={}", pdf.display()),
    );
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&pdf).expect("Chromium wrote no PDF");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let text = String::from_utf8_lossy(&bytes);
    // A4 is 595 x 842 points: every page's MediaBox must be A4, as the print stylesheet asks.
    let boxes: Vec<Vec<f64>> = text
        .split("/MediaBox [")
        .skip(1)
        .map(|rest| {
            rest.split(']')
                .next()
                .unwrap()
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect()
        })
        .collect();
    assert!(!boxes.is_empty(), "no page in the PDF");
    for b in &boxes {
        assert!(
            (b[2] - 595.0).abs() < 1.0 && (b[3] - 842.0).abs() < 1.0,
            "a page that is not A4: {b:?}"
        );
    }

    // The browser's parser keeps the page's structure: no element was misnested and moved.
    let out = render(&browser, &page, "--dump-dom");
    assert!(out.status.success());
    let dom = String::from_utf8(out.stdout).unwrap();
    let source = std::fs::read_to_string(&page).unwrap();
    for tag in [
        "<table", "<thead>", "<th ", "<tr>", "<svg", "<section", "<li",
    ] {
        assert_eq!(
            dom.matches(tag).count(),
            source.matches(tag).count(),
            "Chromium restructured {tag}"
        );
    }
    assert!(dom.contains("Bolehkah mobil dinas dipakai untuk kampanye?"));

    let png = dir.join("report.png");
    let _ = std::fs::remove_file(&png);
    let out = render(&browser, &page, &format!("--screenshot={}", png.display()));
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shot = std::fs::read(&png).expect("Chromium wrote no screenshot");
    assert!(shot.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(
        shot.len() > 20_000,
        "a blank screenshot is tiny: {} bytes",
        shot.len()
    );
}
