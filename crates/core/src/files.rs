//! Files Caudal writes for people (exports, documents, bundles, keys): whole or not at all.

use crate::error::{Error, Result};
pub use caudal_ledger::files::{temp_beside, writable, write_atomically};
use std::path::Path;

/// A cell as a spreadsheet may show it without running it: text that begins with `=`, `+`,
/// `-`, `@` (or a tab or carriage return) would be read as a formula by Excel or Calc, so it
/// gets a leading `'`, which they show as text. A number such as `-0.02` stays as it is.
pub(crate) fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell.parse::<rust_decimal::Decimal>().is_ok();
    if risky && !number {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Writes a CSV (a header and rows, `,`-separated, quoted where needed) whole or not at all;
/// every cell [safe to open in a spreadsheet](spreadsheet_safe).
pub(crate) fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut buf = Vec::new();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        let err = |e: csv::Error| Error::io(path, std::io::Error::other(e.to_string()));
        w.write_record(header).map_err(err)?;
        for r in rows {
            w.write_record(r.iter().map(|c| spreadsheet_safe(c).into_owned()))
                .map_err(err)?;
        }
        w.flush().map_err(|e| Error::io(path, e))?;
    }
    write_atomically(path, &buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_shown_as_text_and_numbers_stay_numbers() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+51 999"), "'+51 999");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-cmd"), "'-cmd");
        assert_eq!(spreadsheet_safe("-0.02"), "-0.02");
        assert_eq!(spreadsheet_safe("Rosa Quispe"), "Rosa Quispe");
    }
}
