//! The certificate as an A4 PDF, drawn in-process with krilla from plain facts: the words
//! in an embedded open-licence font (DejaVu Sans, subset to Latin; see fonts/LICENSE), so
//! pdftotext and screen readers get the text back; the verification code as text and as a
//! QR code; the title and issuer in the document's metadata; PDF/A-2u when every character
//! has a glyph in the font. No I/O.

use std::sync::OnceLock;

use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};

use super::code::Facts;
use super::key::KeyId;
use crate::i18n::Lang;

/// The regular and bold faces, compiled in.
const REGULAR: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");

/// A4 in points.
const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
/// The text column: the page less its margins.
const MARGIN: f32 = 64.0;
const COLUMN: f32 = WIDTH - 2.0 * MARGIN;

/// Where `kuis verify FILE.pdf` finds the code: this marker and the code, in the document's
/// keywords (metadata, never compressed).
pub const CODE_MARKER: &str = "kuis-code:";

/// Everything drawn on a certificate.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    /// The signed facts.
    pub facts: &'a Facts,
    /// The bank's title in the page's language.
    pub bank_title: &'a str,
    /// The verification code.
    pub code: &'a str,
    /// What the QR code holds: the code, or a link to a verification page with it.
    pub qr: &'a str,
    /// The signing key's id.
    pub key: KeyId,
    /// The page's language.
    pub lang: Lang,
    /// When it is issued (for the metadata).
    pub issued: jiff::ZonedDateTime,
}

/// Why a page could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed(pub String);

/// The two faces as krilla fonts, parsed once per process.
struct Faces {
    regular: Font,
    bold: Font,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        regular: Font::new(REGULAR.into(), 0).expect("the embedded regular font parses"),
        bold: Font::new(BOLD.into(), 0).expect("the embedded bold font parses"),
    })
}

/// The PDF of `page`: PDF/A-2u when the text can be, else a plain PDF (a name with a
/// character outside the font shows as a box, which PDF/A forbids).
pub fn render(page: &Page<'_>) -> Result<Vec<u8>, Failed> {
    let archival = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_U)
        .finish()
        .map_err(|e| Failed(format!("{e:?}")))?;
    match render_with(page, archival) {
        Ok(pdf) => Ok(pdf),
        Err(krilla::error::KrillaError::Validation(_)) => {
            render_with(page, Default::default()).map_err(|e| Failed(format!("{e:?}")))
        }
        Err(e) => Err(Failed(format!("{e:?}"))),
    }
}

fn render_with(
    page: &Page<'_>,
    configuration: krilla::configure::Configuration,
) -> krilla::error::KrillaResult<Vec<u8>> {
    let settings = SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    document.set_metadata(metadata(page));
    let size = PageSettings::from_wh(WIDTH, HEIGHT).expect("A4 is a valid page size");
    let mut pdf_page = document.start_page_with(size);
    let mut surface = pdf_page.surface();
    draw(&mut surface, page);
    surface.finish();
    pdf_page.finish();
    document.finish()
}

fn metadata(page: &Page<'_>) -> Metadata {
    let lang = page.lang;
    let f = page.facts;
    let t = &page.issued;
    let offset = t.offset().seconds();
    let created = DateTime::new(t.year().try_into().unwrap_or(2000))
        .month(t.month().unsigned_abs())
        .day(t.day().unsigned_abs())
        .hour(t.hour().unsigned_abs())
        .minute(t.minute().unsigned_abs())
        .second(t.second().unsigned_abs())
        .utc_offset_hour((offset / 3600) as i8)
        .utc_offset_minute(((offset.abs() % 3600) / 60) as u8);
    Metadata::new()
        .title(lang.pick(
            format!("Sertifikat kelulusan: {} ({})", f.name, page.bank_title),
            format!("Certificate of passing: {} ({})", f.name, page.bank_title),
        ))
        .authors(vec![f.issuer.clone()])
        .description(lang.pick(
            format!("Kode verifikasi: {}", page.code),
            format!("Verification code: {}", page.code),
        ))
        .keywords(vec![format!("{CODE_MARKER}{}", page.code)])
        .language(lang.code().to_owned())
        .creator(format!("kuis {}", env!("CARGO_PKG_VERSION")))
        .creation_date(created)
}

/// The house colours: a dark teal for the frame and headings, a grey for small print.
const TEAL: (u8, u8, u8) = (0x1f, 0x4e, 0x5f);
const GREY: (u8, u8, u8) = (0x55, 0x5b, 0x60);
const INK: (u8, u8, u8) = (0x10, 0x10, 0x10);

fn fill(surface: &mut Surface<'_>, (r, g, b): (u8, u8, u8)) {
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(r, g, b).into(),
        ..Fill::default()
    }));
}

/// Shape `text` in `font` (rustybuzz, as krilla does): its glyphs and its width at `size`.
fn shape(text: &str, bold: bool, size: f32) -> (Vec<KrillaGlyph>, f32) {
    let data = if bold { BOLD } else { REGULAR };
    let Some(face) = rustybuzz::Face::from_slice(data, 0) else {
        return (Vec::new(), 0.0);
    };
    let per_em = face.units_per_em() as f32;
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    let output = rustybuzz::shape(&face, &[], buffer);
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    let mut glyphs = Vec::with_capacity(infos.len());
    let mut width = 0.0;
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        // A cluster runs to where the next one starts (left to right).
        let end = infos[i + 1..]
            .iter()
            .map(|n| n.cluster as usize)
            .find(|&c| c != start)
            .unwrap_or(text.len());
        let advance = pos.x_advance as f32 / per_em;
        width += advance * size;
        glyphs.push(KrillaGlyph::new(
            GlyphId::new(info.glyph_id),
            advance,
            pos.x_offset as f32 / per_em,
            pos.y_offset as f32 / per_em,
            pos.y_advance as f32 / per_em,
            start..end,
            None,
        ));
    }
    (glyphs, width)
}

/// How a line sits in the column.
#[derive(Clone, Copy)]
enum Align {
    Left(f32),
    Center,
}

/// One line of text with its baseline at `y`; shrunk to fit `max` wide when it would not.
fn line(
    surface: &mut Surface<'_>,
    text: &str,
    bold: bool,
    size: f32,
    y: f32,
    align: Align,
    max: f32,
) {
    let (mut glyphs, mut width) = shape(text, bold, size);
    let mut size = size;
    if width > max && width > 0.0 {
        size *= max / width;
        (glyphs, width) = shape(text, bold, size);
    }
    let x = match align {
        Align::Left(x) => x,
        Align::Center => (WIDTH - width) / 2.0,
    };
    let font = if bold {
        faces().bold.clone()
    } else {
        faces().regular.clone()
    };
    surface.draw_glyphs(Point::from_xy(x, y), &glyphs, font, text, size, false);
}

/// `text` broken into lines at spaces, each at most `max` wide at `size` (a word wider than
/// that gets a line of its own, shrunk by [`line`]).
fn wrap(text: &str, bold: bool, size: f32, max: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if !current.is_empty() && shape(&candidate, bold, size).1 > max {
            lines.push(std::mem::replace(&mut current, word.to_owned()));
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Draw the certificate.
fn draw(surface: &mut Surface<'_>, page: &Page<'_>) {
    let lang = page.lang;
    let f = page.facts;
    frame(surface);

    fill(surface, TEAL);
    line(surface, &f.issuer, true, 13.0, 112.0, Align::Center, COLUMN);
    line(
        surface,
        lang.pick("SERTIFIKAT", "CERTIFICATE"),
        true,
        34.0,
        178.0,
        Align::Center,
        COLUMN,
    );
    line(
        surface,
        lang.pick("KELULUSAN UJIAN", "OF PASSING AN EXAM"),
        false,
        13.0,
        202.0,
        Align::Center,
        COLUMN,
    );

    fill(surface, GREY);
    line(
        surface,
        lang.pick("diberikan kepada", "awarded to"),
        false,
        12.0,
        252.0,
        Align::Center,
        COLUMN,
    );
    fill(surface, INK);
    line(surface, &f.name, true, 24.0, 290.0, Align::Center, COLUMN);
    let who: Vec<String> = f
        .nip
        .iter()
        .map(|n| format!("NIP {n}"))
        .chain(f.unit.clone())
        .collect();
    if !who.is_empty() {
        line(
            surface,
            &who.join(" · "),
            false,
            12.0,
            314.0,
            Align::Center,
            COLUMN,
        );
    }

    fill(surface, GREY);
    line(
        surface,
        lang.pick("yang telah lulus ujian", "who has passed the exam"),
        false,
        12.0,
        358.0,
        Align::Center,
        COLUMN,
    );
    fill(surface, INK);
    let mut y = 390.0;
    for title in wrap(page.bank_title, true, 16.0, COLUMN).iter().take(3) {
        line(surface, title, true, 16.0, y, Align::Center, COLUMN);
        y += 21.0;
    }
    fill(surface, GREY);
    line(
        surface,
        &lang.pick(
            format!("bank soal {} versi {}", f.bank_id, f.bank_version),
            format!("question bank {} version {}", f.bank_id, f.bank_version),
        ),
        false,
        10.0,
        y,
        Align::Center,
        COLUMN,
    );

    fill(surface, INK);
    y += 40.0;
    line(
        surface,
        &lang.pick(
            format!(
                "Nilai {} · batas lulus {}%",
                super::percent(f, lang),
                f.pass_mark
            ),
            format!(
                "Score {} · pass mark {}%",
                super::percent(f, lang),
                f.pass_mark
            ),
        ),
        true,
        15.0,
        y,
        Align::Center,
        COLUMN,
    );
    y += 24.0;
    line(
        surface,
        &lang.pick(
            format!("Tanggal ujian: {}", super::long_date(f.date, lang)),
            format!("Exam date: {}", super::long_date(f.date, lang)),
        ),
        false,
        12.0,
        y,
        Align::Center,
        COLUMN,
    );
    y += 20.0;
    line(
        surface,
        &lang.pick(
            format!("Diterbitkan oleh {}", f.issuer),
            format!("Issued by {}", f.issuer),
        ),
        false,
        12.0,
        y,
        Align::Center,
        COLUMN,
    );

    verification(surface, page);
}

/// The double frame around the page.
fn frame(surface: &mut Surface<'_>) {
    for (inset, width) in [(28.0, 2.0), (34.0, 0.6)] {
        let mut path = PathBuilder::new();
        if let Some(rect) = Rect::from_xywh(inset, inset, WIDTH - 2.0 * inset, HEIGHT - 2.0 * inset)
        {
            path.push_rect(rect);
        }
        if let Some(path) = path.finish() {
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                paint: rgb::Color::new(TEAL.0, TEAL.1, TEAL.2).into(),
                width,
                ..Stroke::default()
            }));
            surface.draw_path(&path);
        }
    }
    surface.set_stroke(None);
}

/// The bottom block: the QR code, and beside it the code in lines of groups with how to
/// check it.
fn verification(surface: &mut Surface<'_>, page: &Page<'_>) {
    let lang = page.lang;
    let top = 600.0;
    let side = 170.0;
    qr(surface, page.qr, MARGIN - 8.0, top, side);

    let x = MARGIN + side + 8.0;
    let width = WIDTH - MARGIN - x;
    fill(surface, TEAL);
    line(
        surface,
        lang.pick("Kode verifikasi", "Verification code"),
        true,
        11.0,
        top + 14.0,
        Align::Left(x),
        width,
    );
    fill(surface, INK);
    // Lines break after a group's dash, so the lines joined without breaks are the code.
    let groups: Vec<&str> = page.code.split('-').collect();
    let per_line = 6;
    let mut y = top + 30.0;
    let chunks: Vec<&[&str]> = groups.chunks(per_line).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        let mut text = chunk.join("-");
        if i + 1 < chunks.len() {
            text.push('-');
        }
        line(surface, &text, false, 8.6, y, Align::Left(x), width);
        y += 11.0;
    }
    fill(surface, GREY);
    y += 6.0;
    let how = lang.pick(
        format!(
            "Periksa keaslian tanpa internet: pindai kode QR atau ketik kodenya pada kuis verify, dengan kunci publik penerbit (id kunci {}). Yang sah hanyalah data yang ditampilkan oleh pemeriksaan itu.",
            page.key
        ),
        format!(
            "Verify offline: scan the QR code or type the code into kuis verify, with the issuer's public key (key id {}). Only the facts that check shows are attested.",
            page.key
        ),
    );
    for text in wrap(&how, false, 8.0, width) {
        line(surface, &text, false, 8.0, y, Align::Left(x), width);
        y += 10.5;
    }
}

/// The QR code of `text`, `side` points square with its quiet zone, top-left at (`x`, `y`).
fn qr(surface: &mut Surface<'_>, text: &str, x: f32, y: f32, side: f32) {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
    else {
        return;
    };
    let n = code.width();
    let colors = code.to_colors();
    // Four modules of quiet zone on each side, as the standard asks.
    let module = side / (n + 8) as f32;
    let mut path = PathBuilder::new();
    for row in 0..n {
        // Runs of dark modules in a row become one rectangle each.
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == qrcode::Color::Dark {
                let start = col;
                while col < n && colors[row * n + col] == qrcode::Color::Dark {
                    col += 1;
                }
                if let Some(rect) = Rect::from_xywh(
                    x + (start + 4) as f32 * module,
                    y + (row + 4) as f32 * module,
                    (col - start) as f32 * module,
                    module,
                ) {
                    path.push_rect(rect);
                }
            } else {
                col += 1;
            }
        }
    }
    if let Some(path) = path.finish() {
        fill(surface, (0, 0, 0));
        surface.draw_path(&path);
    }
}

/// The code in a PDF's bytes, found by its marker in the metadata; `None` when there is none
/// or when two different codes are marked (a certificate carries one).
pub fn code_in(pdf: &[u8]) -> Option<String> {
    let marker = CODE_MARKER.as_bytes();
    let mut found: Option<String> = None;
    let mut at = 0;
    while let Some(i) = memchr::memmem::find(&pdf[at..], marker) {
        let start = at + i + marker.len();
        let code: String = pdf[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .map(|&b| b as char)
            .collect();
        at = start;
        if code.is_empty() {
            continue;
        }
        match &found {
            Some(other) if *other != code => return None,
            _ => found = Some(code),
        }
    }
    found
}
