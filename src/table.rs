//! Terminal tables in one style for every command that prints one (list, history, report).

use comfy_table::{ContentArrangement, Table, presets};

/// A table with this header, drawn with thin lines, fitted to the terminal's width.
pub fn table(header: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    t
}
