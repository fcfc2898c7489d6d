//! What a set of banks holds, counted: topics by kind, rule coverage, language completeness.

use serde::Serialize;

use super::model::{Bank, Kind, Text};

/// The counts behind `kuis list`.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Each bank's identity.
    pub banks: Vec<BankRow>,
    /// Questions in all.
    pub questions: usize,
    /// Per topic, questions by kind.
    pub topics: Vec<TopicRow>,
    /// Per rule, how many questions cover it.
    pub rules: Vec<RuleRow>,
    /// Per declared language, how many text fields are written in it.
    pub languages: Vec<LanguageRow>,
}

/// One bank.
#[derive(Debug, Serialize)]
pub struct BankRow {
    pub id: String,
    pub version: String,
    pub title: String,
    pub questions: usize,
}

/// One topic.
#[derive(Debug, Serialize)]
pub struct TopicRow {
    pub id: String,
    pub title: String,
    pub single: usize,
    pub multiple: usize,
    pub true_false: usize,
    pub weighted: usize,
    pub total: usize,
}

/// One rule.
#[derive(Debug, Serialize)]
pub struct RuleRow {
    pub id: String,
    pub basis: String,
    pub questions: usize,
}

/// One language.
#[derive(Debug, Serialize)]
pub struct LanguageRow {
    pub lang: String,
    pub written: usize,
    pub fields: usize,
    pub percent: f64,
}

/// Count what `banks` hold; titles in `lang`.
pub fn summarize(banks: &[&Bank], lang: &str) -> Summary {
    let mut summary = Summary {
        banks: Vec::new(),
        questions: 0,
        topics: Vec::new(),
        rules: Vec::new(),
        languages: Vec::new(),
    };
    let mut languages: Vec<String> = Vec::new();
    for bank in banks {
        let main = bank.bank.main_language();
        summary.banks.push(BankRow {
            id: bank.bank.id.get_ref().clone(),
            version: bank.bank.version.clone(),
            title: bank.bank.title.get_ref().get(lang, main).to_owned(),
            questions: bank.questions.len(),
        });
        summary.questions += bank.questions.len();
        for topic in &bank.topics {
            let mut row = TopicRow {
                id: topic.id.get_ref().clone(),
                title: topic.title.get_ref().get(lang, main).to_owned(),
                single: 0,
                multiple: 0,
                true_false: 0,
                weighted: 0,
                total: 0,
            };
            for q in bank
                .questions
                .iter()
                .filter(|q| q.topic.get_ref() == topic.id.get_ref())
            {
                *match q.kind.get_ref() {
                    Kind::Single => &mut row.single,
                    Kind::Multiple => &mut row.multiple,
                    Kind::TrueFalse => &mut row.true_false,
                    Kind::Weighted => &mut row.weighted,
                } += 1;
                row.total += 1;
            }
            summary.topics.push(row);
        }
        for rule in &bank.rules {
            let id = rule.id.get_ref();
            summary.rules.push(RuleRow {
                id: id.clone(),
                basis: rule.basis.get_ref().clone(),
                questions: bank
                    .questions
                    .iter()
                    .filter(|q| q.rules.iter().any(|r| r.get_ref() == id))
                    .count(),
            });
        }
        for code in bank.bank.languages.get_ref() {
            if !languages.contains(code) {
                languages.push(code.clone());
            }
        }
    }
    for code in languages {
        let (mut written, mut fields) = (0, 0);
        for bank in banks {
            let main = bank.bank.main_language();
            for text in texts(bank) {
                fields += 1;
                written += usize::from(text.has(&code, main));
            }
        }
        let percent = if fields == 0 {
            100.0
        } else {
            100.0 * written as f64 / fields as f64
        };
        summary.languages.push(LanguageRow {
            lang: code,
            written,
            fields,
            percent,
        });
    }
    summary
}

/// Every text field a learner may see.
fn texts(bank: &Bank) -> Vec<&Text> {
    let mut out = vec![bank.bank.title.get_ref()];
    out.extend(bank.topics.iter().map(|t| t.title.get_ref()));
    out.extend(bank.rules.iter().map(|r| r.text.get_ref()));
    for q in &bank.questions {
        out.push(q.prompt.get_ref());
        out.extend(q.explanation.as_ref().map(|e| e.get_ref()));
        out.extend(q.why_true.as_ref().map(|e| e.get_ref()));
        out.extend(q.why_false.as_ref().map(|e| e.get_ref()));
        for c in &q.choices {
            out.push(c.text.get_ref());
            out.extend(c.why.as_ref().map(|w| w.get_ref()));
        }
    }
    out
}
