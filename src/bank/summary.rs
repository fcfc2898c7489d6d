//! What a set of banks holds, counted: topics by kind, rule coverage, language completeness.

use std::collections::HashMap;

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
        // Questions are counted once per bank into maps by topic and by rule, so a bank of
        // 10,000 topics or rules costs one pass, not one pass per topic.
        let mut by_topic: HashMap<&str, [usize; 4]> = HashMap::new();
        let mut by_rule: HashMap<&str, usize> = HashMap::new();
        for q in &bank.questions {
            let kinds = by_topic.entry(q.topic.get_ref()).or_default();
            kinds[Kind::ALL
                .iter()
                .position(|k| k == q.kind.get_ref())
                .unwrap_or(0)] += 1;
            let mut seen: Vec<&str> = Vec::new();
            for r in &q.rules {
                // A rule listed twice on one question still covers it once.
                if !seen.contains(&r.get_ref().as_str()) {
                    seen.push(r.get_ref());
                    *by_rule.entry(r.get_ref()).or_default() += 1;
                }
            }
        }
        for topic in &bank.topics {
            let [single, multiple, true_false, weighted] = by_topic
                .get(topic.id.get_ref().as_str())
                .copied()
                .unwrap_or_default();
            summary.topics.push(TopicRow {
                id: topic.id.get_ref().clone(),
                title: topic.title.get_ref().get(lang, main).to_owned(),
                single,
                multiple,
                true_false,
                weighted,
                total: single + multiple + true_false + weighted,
            });
        }
        for rule in &bank.rules {
            let id = rule.id.get_ref();
            summary.rules.push(RuleRow {
                id: id.clone(),
                basis: rule.basis.get_ref().clone(),
                questions: by_rule.get(id.as_str()).copied().unwrap_or(0),
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
