//! Localized text: a plain string in the bank's main language, or a table of language -> string.

use std::collections::BTreeMap;
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
    Localized(BTreeMap<String, String>),
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
            Text::Localized(map) => map.serialize(serializer),
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
                let mut map = BTreeMap::new();
                while let Some((lang, text)) = access.next_entry::<String, String>()? {
                    no_nul(&text)?;
                    map.insert(lang, text);
                }
                Ok(Text::Localized(map))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}
