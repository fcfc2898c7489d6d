//! Terminal tables in one style for every command that prints one (list, history, report).

use comfy_table::{ColumnConstraint, ContentArrangement, Table, presets};

/// A table with this header, drawn with thin lines, fitted to the terminal's width.
pub fn table(header: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    t
}

/// Add a row to `t`, every cell as a terminal may show it ([`crate::words::shown`]): cells
/// hold stored names and units, imported records and bank texts, and an escape sequence in
/// one must not retitle, clear or hide the trainer's terminal, nor a newline split a row.
pub fn add_row<S: AsRef<str>>(t: &mut Table, cells: impl IntoIterator<Item = S>) {
    t.add_row(
        cells
            .into_iter()
            .map(|c| crate::words::shown(c.as_ref()).into_owned()),
    );
}

/// Keep these columns whole (a NIP, an id, a time): the other columns wrap to fit, these never
/// break inside.
pub fn keep_whole(t: &mut Table, columns: &[usize]) {
    for &i in columns {
        if let Some(column) = t.column_mut(i) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
}

/// `text` wrapped between words to the terminal's width when stdout is a terminal (as the
/// tables are fitted), else as it is: a long line is never broken inside a word by the
/// terminal itself.
pub fn fit(text: &str) -> String {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return text.to_owned();
    }
    let width = usize::from(console::Term::stdout().size().1);
    textwrap::fill(
        text,
        textwrap::Options::new(width.max(20)).subsequent_indent("  "),
    )
}
