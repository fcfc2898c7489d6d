//! Terminal tables in one style for every command that prints one (list, history, report).

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};

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

/// The table as it is printed. A column narrower than its longest word has comfy-table cut
/// the word ("Percobaa / n"): each column gets at least its longest word (header included)
/// while the whole still fits the width; when it cannot, the widest minimums give way first.
pub fn draw(mut t: Table) -> String {
    if let Some(width) = t.width() {
        let whole = |c: &comfy_table::Cell| {
            c.content()
                .split_whitespace()
                .map(console::measure_text_width)
                .max()
                .unwrap_or(0)
        };
        let count = t.column_count();
        let mut longest = vec![0usize; count];
        for row in t.header().into_iter().chain(t.row_iter()) {
            for (i, cell) in row.cell_iter().enumerate().take(count) {
                longest[i] = longest[i].max(whole(cell));
            }
        }
        // Kept-whole columns hold their content width already.
        let free: Vec<bool> = t.column_iter().map(|c| c.constraint().is_none()).collect();
        let mut fixed = 0;
        for i in (0..count).filter(|&i| !free[i]) {
            fixed += t
                .header()
                .into_iter()
                .chain(t.row_iter())
                .filter_map(|row| row.cell_iter().nth(i))
                .flat_map(|c| {
                    c.content()
                        .lines()
                        .map(console::measure_text_width)
                        .collect::<Vec<_>>()
                })
                .max()
                .unwrap_or(0);
        }
        // Each column takes a border and a space either side; the table one more border.
        let room = usize::from(width).saturating_sub(3 * count + 1 + fixed);
        let mut wanted: Vec<usize> = (0..count).filter(|&i| free[i]).collect();
        while wanted.iter().map(|&i| longest[i]).sum::<usize>() > room {
            let Some(&widest) = wanted.iter().max_by_key(|&&i| longest[i]) else {
                break;
            };
            if longest[widest] <= 1 {
                break;
            }
            longest[widest] -= 1;
        }
        wanted.retain(|&i| longest[i] > 1);
        for i in wanted {
            // comfy-table's bound counts the column's padding (a space either side).
            if let (Some(column), Ok(w)) = (t.column_mut(i), u16::try_from(longest[i] + 2)) {
                column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(w)));
            }
        }
    }
    t.to_string()
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
