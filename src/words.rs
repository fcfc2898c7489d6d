//! People's words (names, units, NIPs, room titles) as kuis keeps them, and stored text as a
//! terminal shows it. One cleaner for every way in (the web form, the terminal's prompts and
//! flags, import), so a name is the same text whichever way it came. No I/O.

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_normalization::UnicodeNormalization;

/// The longest name, unit or room title kept, in characters (a form is not a place for an
/// essay, and a 50 MB name made every report and export of the store fail).
pub const MAX_CHARS: usize = 200;

/// Characters never kept in people's words: C0 and C1 controls (an ESC starts a sequence that
/// retitles or clears the trainer's terminal; a newline breaks a CSV line or a table row),
/// every bidirectional control (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which
/// reorder what a report shows ("Siti" could read as another name), and the invisible format
/// characters (zero-width space and joiners, word joiner, BOM, soft hyphen, variation
/// selectors, tags), which make "Siti" and "Si\u{200b}ti" two people that read the same.
pub fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{00ad}'
                | '\u{034f}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{200b}'..='\u{200d}'
                | '\u{2060}'..='\u{2064}'
                | '\u{206a}'..='\u{206f}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{e0000}'..='\u{e0fff}'
        )
}

/// Whether `text` mixes letters of scripts that look alike: Latin with Cyrillic or Greek
/// ("Fіrst" with a Cyrillic і reads as "First" but is another person, so one attempt per
/// person and the report's rows could be dodged by a lookalike). Judged on the letters and
/// digits alone by Unicode's restriction levels (UTS #39): a single script, Latin with Han,
/// Hangul or Kana, or Latin with one other recommended script (Arabic, say) are all fine.
pub fn lookalike(text: &str) -> bool {
    use unicode_security::{RestrictionLevel, RestrictionLevelDetection};
    let letters: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
    letters.as_str().detect_restriction_level() > RestrictionLevel::ModeratelyRestrictive
}

/// Why a name or unit typed into a form or a prompt is asked again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Longer than [`MAX_CHARS`].
    TooLong,
    /// Letters of lookalike scripts mixed ([`lookalike`]).
    Lookalike,
}

impl Refused {
    /// The reason, as the form or prompt says it.
    pub fn message(self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::msg;
        lang.t(match self {
            Refused::TooLong => msg::TOO_LONG,
            Refused::Lookalike => msg::LOOKALIKE,
        })
    }
}

/// A name or unit as a form or a prompt keeps it ([`clean_within`]), or why it is asked again.
pub fn field(text: &str) -> Result<String, Refused> {
    let kept = clean_within(text).ok_or(Refused::TooLong)?;
    if lookalike(&kept) {
        return Err(Refused::Lookalike);
    }
    Ok(kept)
}

/// The characters kept of `text`, composed (NFC: "é" typed as e and an accent is the same
/// name as "é" typed at once), leading space dropped. A tab or a newline becomes a space, so
/// "Siti\nRahma" stays two words; other hidden characters go.
fn kept(text: &str) -> impl Iterator<Item = char> + '_ {
    unescaped(text)
        .filter_map(|c| match c {
            c if c.is_control() && c.is_whitespace() => Some(' '),
            c if hidden(c) => None,
            c => Some(c),
        })
        .nfc()
        .skip_while(|c| c.is_whitespace())
}

/// `text`'s characters without terminal escape sequences, whole: dropping only the ESC left
/// "Budi[31mMERAH[0m" and "]0;pwned" in names. A control sequence (ESC [ or CSI, up to its
/// final character), a string (ESC ] P X ^ _ or OSC, DCS, SOS, PM, APC, up to BEL or the
/// string terminator) and any other ESC with the character after it all go. Lazy, like
/// [`kept`]: a 50 MB name is read no further than what is kept.
fn unescaped(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = text.chars();
    std::iter::from_fn(move || {
        loop {
            let c = chars.next()?;
            let introducer = match c {
                '\u{1b}' => match chars.next()? {
                    '[' => '\u{9b}',
                    ']' => '\u{9d}',
                    'P' => '\u{90}',
                    'X' => '\u{98}',
                    '^' => '\u{9e}',
                    '_' => '\u{9f}',
                    _ => continue,
                },
                c => c,
            };
            match introducer {
                // Parameters and intermediates (U+20–U+3F), then one final character.
                '\u{9b}' => {
                    for c in chars.by_ref() {
                        if ('\u{40}'..='\u{7e}').contains(&c) {
                            break;
                        }
                    }
                }
                '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
                    while let Some(c) = chars.next() {
                        if c == '\u{7}' || c == '\u{9c}' {
                            break;
                        }
                        if c == '\u{1b}' {
                            chars.next();
                            break;
                        }
                    }
                }
                c => return Some(c),
            }
        }
    })
}

/// `text` as kept: hidden characters gone, NFC, trimmed, and cut at [`MAX_CHARS`]. Reads no
/// further than it keeps, so a 50 MB name costs what 200 characters cost.
pub fn clean(text: &str) -> String {
    let mut kept: String = kept(text).take(MAX_CHARS).collect();
    kept.truncate(kept.trim_end().len());
    kept
}

/// `text` cleaned as [`clean`] does, or `None` when it holds more than [`MAX_CHARS`]
/// characters: a form or a prompt asks again rather than cut someone's name unseen.
pub fn clean_within(text: &str) -> Option<String> {
    let mut kept: String = kept(text).take(4 * MAX_CHARS).collect();
    kept.truncate(kept.trim_end().len());
    (kept.chars().count() <= MAX_CHARS).then_some(kept)
}

/// A NIP that is not 18 digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadNip;

/// A NIP as typed: 18 digits (the PNS/PPPK number), spaces allowed between groups as it is
/// often printed (`19900101 202012 2 001`), hidden characters ignored. `Ok(None)` when empty.
pub fn nip(text: &str) -> Result<Option<String>, BadNip> {
    let mut digits = String::with_capacity(18);
    for c in text.chars().filter(|&c| !c.is_whitespace() && !hidden(c)) {
        // Stops at the first wrong character: a 50 MB NIP is refused as fast as a short one.
        if !c.is_ascii_digit() || digits.len() == 18 {
            return Err(BadNip);
        }
        digits.push(c);
    }
    match digits.len() {
        0 => Ok(None),
        18 => Ok(Some(digits)),
        _ => Err(BadNip),
    }
}

/// Stored text as a terminal may show it: every hidden character written out as a visible
/// escape (ESC as `\u{1b}`, a newline as `\n`), so text from a store or a file can neither
/// drive the terminal (retitle, clear, hide rows) nor break a table's lines. Text with no
/// such character is returned as it is.
pub fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that controls and bidi controls go, whitespace controls become a space, text is
    // composed (NFC), trimmed, and cut at 200 characters.
    #[test]
    fn cleans() {
        assert_eq!(clean("\u{1b}]0;OWNED\u{7}\u{1b}[2J\u{1b}[8mSiti"), "Siti");
        assert_eq!(clean(" Siti\nRahma\t"), "Siti Rahma");
        assert_eq!(
            clean("\u{200e}\u{200f}\u{61c}Si\u{202e}ti\u{2066}\u{2069}"),
            "Siti"
        );
        assert_eq!(clean("\u{85}Ani\u{9b}"), "Ani");
        // Whole sequences go, not just the ESC that starts them.
        assert_eq!(
            clean("Budi\u{1b}[31mMERAH\u{1b}[0m\u{7} Santoso"),
            "BudiMERAH Santoso"
        );
        assert_eq!(clean("BKD\u{1b}]0;pwned\u{1b}\\ Kota"), "BKD Kota");
        assert_eq!(clean("A\u{9b}2JB\u{1b}cC"), "ABC");
        assert_eq!(clean("Siti\u{1b}"), "Siti");
        assert_eq!(
            clean("Zero\u{200b}Width\u{2060}Joiner\u{feff}\u{ad}"),
            "ZeroWidthJoiner"
        );
        assert_eq!(clean("Jose\u{301}"), "Jos\u{e9}");
        assert_eq!(clean(&"a".repeat(10_000)).chars().count(), MAX_CHARS);
        assert_eq!(clean(&"é".repeat(300)).chars().count(), MAX_CHARS);
        assert_eq!(clean("\u{200e} \n"), "");
        assert_eq!(
            clean_within(&"a".repeat(MAX_CHARS)).unwrap().len(),
            MAX_CHARS
        );
        assert_eq!(clean_within(&"a".repeat(MAX_CHARS + 1)), None);
        assert_eq!(clean_within(" Siti \u{1b} "), Some("Siti".into()));
        for lang in [crate::i18n::Lang::Id, crate::i18n::Lang::En] {
            let said = lang.t(crate::i18n::msg::TOO_LONG);
            assert!(said.contains(&MAX_CHARS.to_string()), "{said}");
        }
    }

    // Test that lookalike scripts mixed in one name are refused, and that real names in one
    // script, or Latin beside Han or Arabic, are kept.
    #[test]
    fn lookalikes() {
        assert_eq!(field("F\u{456}rst Guesser"), Err(Refused::Lookalike));
        assert_eq!(field("Siti R\u{430}hma"), Err(Refused::Lookalike));
        assert_eq!(field("\u{3a1}oni"), Err(Refused::Lookalike));
        for fine in [
            "Siti Rahma, S.Pd.",
            "Dinas Y (Kota) 2",
            "José Ramos-Horta",
            "Liem Swie King 林水镜",
            "Ahmad أحمد",
            "Иван Петров",
            "Nguyễn Thị Ánh",
            "",
        ] {
            assert_eq!(field(fine), Ok(clean(fine)), "{fine}");
        }
        assert_eq!(field(&"a".repeat(MAX_CHARS + 1)), Err(Refused::TooLong));
        for lang in [crate::i18n::Lang::Id, crate::i18n::Lang::En] {
            assert!(!Refused::Lookalike.message(lang).is_empty());
        }
    }

    // Test that a NIP is 18 digits, grouped or not, and that anything else is refused.
    #[test]
    fn nips() {
        assert_eq!(
            nip("199001012020122001"),
            Ok(Some("199001012020122001".into()))
        );
        assert_eq!(
            nip(" 19900101 202012 2 001 \u{200e}"),
            Ok(Some("199001012020122001".into()))
        );
        assert_eq!(nip(""), Ok(None));
        for bad in [
            "abc123",
            "@SUM(1)",
            "19900101202012200",
            "1990010120201220011",
            "19900101202012200x",
            "١٩٩٠٠١٠١٢٠٢٠١٢٢٠٠١",
            "１９９００１０１２０２０１２２００１",
        ] {
            assert_eq!(nip(bad), Err(BadNip), "{bad}");
        }
    }

    proptest::proptest! {
        // Test that whatever comes in, what is kept holds no hidden character, no more than
        // 200 characters, no space at either end, and is kept as it is when cleaned again;
        // and that what a terminal is shown holds no hidden character.
        #[test]
        fn cleaned_is_clean(text in "(\\PC|\\pC|[\u{200e}\u{202e}\u{2066} \t\n]|e\u{301}){0,300}") {
            let kept = clean(&text);
            proptest::prop_assert!(!kept.chars().any(hidden));
            proptest::prop_assert!(kept.chars().count() <= MAX_CHARS);
            proptest::prop_assert_eq!(kept.trim(), kept.as_str());
            proptest::prop_assert_eq!(clean(&kept), kept.clone());
            proptest::prop_assert!(!shown(&text).chars().any(hidden));
        }
    }

    // Test that a terminal is shown every hidden character as an escape, and plain text as
    // it is.
    #[test]
    fn shows() {
        assert!(matches!(shown("Siti Rahma"), Cow::Borrowed(_)));
        assert_eq!(
            shown("\u{1b}]0;X\u{7}a\nb\u{200e}"),
            "\\u{1b}]0;X\\u{7}a\\nb\\u{200e}"
        );
    }
}
