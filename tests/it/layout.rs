//! The HTML report's layout in a real browser (headless Chromium over WebDriver) at a phone's
//! width (390 px) and a desktop's (1280 px): the page never scrolls sideways (a wide table
//! scrolls inside its own box), no word, number or NIP is broken inside, every histogram bar
//! is on the screen, and axe-core finds no serious fault. Screenshots go to target/tmp (the
//! ones in docs/img come from here).

use std::path::Path;

use serde_json::Value;

use super::kuis;
use super::room::{Chrome, axe_js, driver};

/// What the page measures about itself: the width it is laid out at, sideways overflow of the page, the words (between
/// spaces; a break after a hyphen is allowed) drawn on more than one line, how many lines each
/// NIP takes, and the histogram bars not wholly on the screen.
const MEASURE: &str = r#"
const doc = document.documentElement;
const lines = r => new Set([...r.getClientRects()].filter(x => x.width > 0)
    .map(x => Math.round(x.top))).size;
const broken = [];
const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walk.nextNode()) {
  const node = walk.currentNode;
  if (!node.parentElement.closest('td,th,h1,h2,h3,p,figcaption')) continue;
  const word = /\S+/g;
  let m;
  while ((m = word.exec(node.data))) {
    let at = m.index;
    for (const part of m[0].split(/(?<=-)/)) {
      const r = document.createRange();
      r.setStart(node, at);
      r.setEnd(node, at + part.length);
      if (lines(r) > 1) broken.push(part);
      at += part.length;
    }
  }
}
const nips = [...document.querySelectorAll('td')]
    .filter(td => /^\d{18}$/.test(td.textContent.trim())).map(td => {
  const r = document.createRange();
  r.selectNodeContents(td);
  return lines(r);
});
const bars = [...document.querySelectorAll('svg.histogram rect')];
// On a desktop every table fits its box; on a phone the wide ones scroll inside it.
const scrolled = [...document.querySelectorAll('.wide')]
    .filter(d => d.scrollWidth > d.clientWidth).map(d => d.getAttribute('aria-label'));
return {
  width: innerWidth,
  overflow: doc.scrollWidth - doc.clientWidth,
  broken: broken.slice(0, 30),
  nips,
  scrolled,
  bars: bars.length,
  offscreen: bars.filter(b => { const r = b.getBoundingClientRect();
      return r.left < 0 || r.right > innerWidth; }).length,
};
"#;

// Test that the report reads at 390 px and at 1280 px: no sideways scroll of the page, no
// word or NIP broken, every histogram bar visible, no serious axe-core fault.
#[test]
fn report_fits_phone_and_desktop() {
    let Some(driver) = driver("report_fits_phone_and_desktop") else {
        return;
    };
    let store = super::fresh_store();
    // The built-in bank's long questions and choices, long unit names, 18-digit NIPs.
    for (i, (name, nip, unit)) in [
        ("Siti Aminah", "199001012015031001", "BKPSDM Kota Bandung"),
        (
            "Budi Santoso",
            "198503172010011002",
            "Dinas Komunikasi dan Informatika",
        ),
        ("Ani Lestari", "199512122019031004", "BKPSDM Kota Bandung"),
        ("Joko Purnomo", "197807042005011003", "Kecamatan Ampenan"),
        (
            "Dewi Kartika",
            "199203152020122005",
            "Badan Kesatuan Bangsa dan Politik",
        ),
        ("Rahmat Hidayat", "198811202014031006", "Inspektorat Daerah"),
    ]
    .into_iter()
    .enumerate()
    {
        let answers: String = (0..12)
            .map(|q| ["a\n", "b\n"][(q * 7 + i) % 3 / 2])
            .collect();
        kuis()
            .env("KUIS_STORE", &store)
            .args(["take", "--count", "12", "--seed", "7", "--answers", "-"])
            .args(["--name", name, "--nip", nip, "--unit", unit])
            .write_stdin(answers)
            .assert()
            .success();
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let page = dir.join("report-layout.html");
    kuis()
        .env("KUIS_STORE", &store)
        .args(["report", "--format", "html", "--tz", "Asia/Makassar", "-o"])
        .arg(&page)
        .assert()
        .success();
    let axe = axe_js();
    for (width, height) in [(390, 1600), (1280, 1400)] {
        let chrome = Chrome::sized(driver, true, width, height);
        chrome.go(&format!("file://{}", page.display()));
        chrome.wait_for("//td[contains(., '199001012015031001')]");
        let m = chrome.eval(MEASURE);
        // Laid out at the screen's width (a page without a viewport tag is laid out at 980 px
        // and shown shrunk on a phone).
        assert_eq!(m["width"], width, "{m}");
        assert_eq!(
            m["overflow"], 0,
            "at {width} px the page scrolls sideways: {m}"
        );
        assert_eq!(m["broken"], Value::Array(vec![]), "at {width} px: {m}");
        let nips = m["nips"].as_array().unwrap();
        assert_eq!(nips.len(), 6, "{m}");
        assert!(
            nips.iter().all(|n| n == 1),
            "at {width} px a NIP wraps: {m}"
        );
        if width >= 1280 {
            assert_eq!(m["scrolled"], Value::Array(vec![]), "at {width} px: {m}");
        }
        assert_eq!(m["bars"], 10, "{m}");
        assert_eq!(
            m["offscreen"], 0,
            "at {width} px a bar is off the screen: {m}"
        );
        chrome.screenshot(&format!("report-{width}.png"));
        if let Some(axe) = &axe {
            chrome.axe(&format!("report at {width} px"), axe);
        }
    }
}
