//! Localized text: a plain string in the bank's main language, or a table of language -> string.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A text field of a bank. `prompt = "…"` is written in the bank's main language;
/// `prompt = { id = "…", en = "…" }` names each language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// A plain string, in the bank's main language.
    Plain(String),
    /// Language code -> text.
    Localized(Translations),
}

/// Language code -> text, sorted by code. A small sorted vector rather than a `BTreeMap`:
/// a bank holds tens of thousands of texts of two languages each, and a map's node (over
/// 500 bytes for two entries) made a 2,000-question bank's model weigh twice what it says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Translations(Vec<(String, String)>);

impl Translations {
    /// No translations yet.
    pub fn new() -> Self {
        Translations(Vec::new())
    }

    fn find(&self, lang: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(lang))
    }

    /// Set the text in `lang`, returning the one it replaces.
    pub fn insert(&mut self, lang: String, text: String) -> Option<String> {
        match self.find(&lang) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, text)),
            Err(i) => {
                self.0.insert(i, (lang, text));
                None
            }
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: &str) -> Option<&String> {
        self.find(lang).ok().map(|i| &self.0[i].1)
    }

    /// Whether there is a text in `lang`.
    pub fn contains_key(&self, lang: &str) -> bool {
        self.find(lang).is_ok()
    }

    /// Take out the text in `lang`.
    pub fn remove(&mut self, lang: &str) -> Option<String> {
        self.find(lang).ok().map(|i| self.0.remove(i).1)
    }

    /// How many languages.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// (language, text) pairs, by language.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The texts, by language.
    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<'a> IntoIterator for &'a Translations {
    type Item = (&'a String, &'a String);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a String, &'a String),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl FromIterator<(String, String)> for Translations {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut t = Translations::new();
        for (k, v) in iter {
            t.insert(k, v);
        }
        t
    }
}

impl Text {
    /// The text in `lang`, else in the bank's `main` language, else the first one written.
    /// Fallback is what lets a bank add English field by field.
    pub fn get<'a>(&'a self, lang: &str, main: &str) -> &'a str {
        match self {
            Text::Plain(s) => s,
            Text::Localized(map) => map
                .get(lang)
                .or_else(|| map.get(main))
                .or_else(|| map.values().next())
                .map_or("", String::as_str),
        }
    }

    /// Whether the text is written in `lang` (a plain string counts as the main language).
    pub fn has(&self, lang: &str, main: &str) -> bool {
        match self {
            Text::Plain(_) => lang == main,
            Text::Localized(map) => map.contains_key(lang),
        }
    }

    /// Every (language, text) pair written, a plain string under the main language.
    pub fn entries<'a>(&'a self, main: &'a str) -> Vec<(&'a str, &'a str)> {
        match self {
            Text::Plain(s) => vec![(main, s.as_str())],
            Text::Localized(map) => map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::Plain(s.to_owned())
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::Plain(s) => serializer.serialize_str(s),
            Text::Localized(map) => serializer.collect_map(map.iter()),
        }
    }
}

/// A raw NUL is refused when the file is read; the `\u0000` escape is refused here, where it
/// becomes one: it cuts text short in the tools a bank's text reaches (terminals, C libraries).
fn no_nul<E: de::Error>(text: &str) -> Result<(), E> {
    if text.contains('\0') {
        Err(E::invalid_value(
            de::Unexpected::Other("text with the NUL character (\\u0000)"),
            &"text without it",
        ))
    } else {
        Ok(())
    }
}

// A hand-written visitor rather than `#[serde(untagged)]`: untagged enums buffer their input,
// which loses toml's spans and turns every mistake into "data did not match any variant".
impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#"a string, or a table of languages such as { id = "…", en = "…" }"#)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                no_nul(v)?;
                Ok(Text::Plain(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                no_nul(&v)?;
                Ok(Text::Plain(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Text, A::Error> {
                let mut map = Translations::new();
                while let Some((lang, text)) = access.next_entry::<String, String>()? {
                    no_nul(&text)?;
                    map.insert(lang, text);
                }
                // A vector grows to room for four: two languages would keep twice the room
                // they need in every text of the bank.
                map.0.shrink_to_fit();
                Ok(Text::Localized(map))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}
