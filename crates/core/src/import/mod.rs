//! What every import shares (docs/formats.md): reading CSV (`,` or `;`, UTF-8 with or without
//! BOM, or Windows-1252) and XLSX into rows, matching English or Spanish headers, parsing the
//! usual spreadsheet spellings of booleans and dates, naming every invalid row, and writing
//! the rejects file of `--skip-invalid`.

mod table;
mod values;

pub(crate) use table::decode;
pub use table::{Column, Convention, Encoding, Row, Table};
pub use values::{parse_bool, parse_count, parse_count_in, parse_text};

use crate::Lang;
use crate::error::{Error, Result};
use serde::Serialize;
use std::path::Path;

pub use crate::error::{RowError, RowLine};

impl RowLine for Row {
    fn line(&self) -> u64 {
        self.line
    }
}

/// How an import treats bad rows and conflicts.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Write the valid rows and report the others, instead of writing nothing.
    pub skip_invalid: bool,
    /// Let a row replace a stored record with other values, while no issued bill uses it.
    pub replace: bool,
}

/// What an import did with every input row.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ImportSummary {
    /// Rows read (not counting empty ones).
    pub rows: u64,
    /// Rows added.
    pub added: u64,
    /// Rows that replaced what was stored.
    pub replaced: u64,
    /// Rows identical to what is stored (or repeated in the file): nothing to do.
    pub unchanged: u64,
    /// Empty rows, skipped.
    pub empty_rows: u64,
    /// Rows refused, each with its reason.
    pub invalid: Vec<RowError>,
    /// Rows stored, but worth a look (a meter that rolled over past its last digit).
    pub warnings: Vec<RowError>,
    /// Columns of the file that Caudal does not read.
    pub ignored_columns: Vec<String>,
    /// What the new rows add up to, for imports of money (a bank's collections): the figure
    /// the clerk checks against the bank's statement.
    pub added_total: Option<crate::money::Money>,
}

impl ImportSummary {
    /// The summary an import of `table` starts from: its rows, empty rows and the columns it
    /// does not read.
    pub fn of(table: &Table, ignored_columns: Vec<String>) -> ImportSummary {
        ImportSummary {
            rows: table.rows.len() as u64,
            empty_rows: table.empty_rows,
            ignored_columns,
            ..Default::default()
        }
    }

    /// The import in a sentence.
    pub fn describe(&self, lang: Lang) -> String {
        // A row with three problems is one invalid row, not three.
        let invalid_rows = self
            .invalid
            .iter()
            .map(|e| e.line)
            .collect::<std::collections::HashSet<_>>()
            .len() as u64;
        let mut s = match lang {
            Lang::Es => format!(
                "{}: {}, {}, {} sin cambios, {}",
                lang.counted(self.rows, ("fila leída", "filas leídas"), ("", "")),
                lang.counted(self.added, ("nueva", "nuevas"), ("", "")),
                lang.counted(self.replaced, ("reemplazada", "reemplazadas"), ("", "")),
                lang.count(self.unchanged),
                lang.counted(invalid_rows, ("no válida", "no válidas"), ("", "")),
            ),
            Lang::En => format!(
                "{}: {} new, {} replaced, {} unchanged, {} invalid",
                lang.counted(self.rows, ("", ""), ("row read", "rows read")),
                lang.count(self.added),
                lang.count(self.replaced),
                lang.count(self.unchanged),
                lang.count(invalid_rows),
            ),
        };
        if let Some(total) = self.added_total {
            s.push_str(&match lang {
                Lang::Es => format!("; las nuevas suman {total}"),
                Lang::En => format!("; the new ones add up to {total}"),
            });
        }
        if self.empty_rows > 0 {
            s.push_str(&format!(
                " ({})",
                lang.counted(
                    self.empty_rows,
                    ("fila vacía omitida", "filas vacías omitidas"),
                    ("empty row skipped", "empty rows skipped")
                )
            ));
        }
        if !self.ignored_columns.is_empty() {
            s.push_str(&match lang {
                Lang::Es => format!("; columnas no usadas: {}", self.ignored_columns.join(", ")),
                Lang::En => format!("; columns not used: {}", self.ignored_columns.join(", ")),
            });
        }
        for e in self.invalid.iter().chain(&self.warnings) {
            s.push_str("\n  ");
            s.push_str(&e.describe(lang));
        }
        s
    }
}

/// Turns the row errors found while checking into the contract's outcome: with errors and
/// without `skip_invalid`, the import fails and nothing is written.
pub fn refuse_unless_skipping(errors: &[RowError], options: ImportOptions) -> Result<()> {
    if !errors.is_empty() && !options.skip_invalid {
        let mut rows = errors.to_vec();
        rows.sort_by_key(|e| e.line);
        return Err(Error::Rows { rows });
    }
    Ok(())
}

/// Writes the rows refused by an import, as read, with `line` and `reason` columns, so that a
/// clerk can fix them in a spreadsheet and import that file again: in the input's own
/// separator, encoding and line ends, whole or not at all.
pub fn write_rejects(path: &Path, table: &Table, errors: &[RowError], lang: Lang) -> Result<()> {
    let convention = table.convention;
    let mut buf = Vec::new();
    let mut w = csv::WriterBuilder::new()
        .delimiter(convention.separator)
        .terminator(if convention.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(&mut buf);
    let mut header: Vec<&str> = table.headers.iter().map(String::as_str).collect();
    header.push("line");
    header.push("reason");
    w.write_record(&header).map_err(|e| csv_io(path, e))?;
    let mut by_line: Vec<&RowError> = errors.iter().collect();
    by_line.sort_by_key(|e| e.line);
    let mut i = 0;
    while i < by_line.len() {
        let line = by_line[i].line;
        let mut reasons = Vec::new();
        while i < by_line.len() && by_line[i].line == line {
            let e = by_line[i];
            reasons.push(if e.column.is_empty() {
                e.reason.get(lang).to_string()
            } else {
                format!("{}: {}", e.column, e.reason.get(lang))
            });
            i += 1;
        }
        let mut record: Vec<String> = match table.rows.iter().find(|r| r.line == line) {
            Some(row) => {
                let mut f = row.fields.clone();
                f.resize(table.headers.len(), String::new());
                f
            }
            None => vec![String::new(); table.headers.len()],
        };
        record.push(line.to_string());
        record.push(reasons.join("; "));
        w.write_record(&record).map_err(|e| csv_io(path, e))?;
    }
    w.flush().map_err(|e| Error::io(path, e))?;
    drop(w);
    let text = String::from_utf8(buf).map_err(|e| Error::io(path, std::io::Error::other(e.to_string())))?;
    crate::files::write_atomically(path, &convention.encode(&text))
}

fn csv_io(path: &Path, e: csv::Error) -> Error {
    Error::io(path, std::io::Error::other(e.to_string()))
}
