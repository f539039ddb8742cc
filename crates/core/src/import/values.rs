//! The spellings spreadsheets use for booleans, whole numbers and free text.

use crate::error::Text;
use crate::number::{self, Mark, NumberError};

/// `yes/no`, `si/sí/no`, `true/false`, `1/0`, `x`/empty (docs/formats.md).
pub fn parse_bool(s: &str) -> Result<bool, Text> {
    match crate::text::normalize_key(s).as_str() {
        "yes" | "y" | "si" | "s" | "true" | "verdadero" | "1" | "x" => Ok(true),
        "no" | "n" | "false" | "falso" | "0" | "" => Ok(false),
        _ => Err(Text::new(
            "no es un sí/no (use si, no, yes, no, 1, 0 o x)",
            "is not a yes/no (use yes, no, si, 1, 0 or x)",
        )),
    }
}

/// A whole, non-negative count (m³, digits, positions, hours), within `max`, read by the one
/// reader of numbers: `1234`, `1234.0` (how spreadsheets store whole numbers), `12 500`, and
/// `12,500` only when unambiguous. A value with decimals is refused, never scaled.
pub fn parse_count(s: &str, max: u64) -> Result<u64, Text> {
    parse_count_in(s, max, None)
}

/// [`parse_count`] for a cell of a column whose decimal mark is `column` ([`crate::import::Table::mark`]).
pub fn parse_count_in(s: &str, max: u64, column: Option<Mark>) -> Result<u64, Text> {
    let t = s.trim();
    if t.starts_with('-') {
        return Err(Text::new("no puede ser negativo", "cannot be negative"));
    }
    let value = number::in_column(t, column).map_err(|e| match e {
        NumberError::NotANumber => Text::new("no es un número entero", "is not a whole number"),
        other => other.reason(),
    })?;
    number::whole(value, max)
}

/// Free text: trimmed, inner runs of white space folded, control characters refused, length
/// bounded so that a pasted novel does not end up on a bill.
pub fn parse_text(s: &str, max_chars: usize) -> Result<String, Text> {
    if s.chars().any(|c| c.is_control() && c != '\t') {
        return Err(Text::new(
            "contiene caracteres de control",
            "contains control characters",
        ));
    }
    let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() > max_chars {
        return Err(Text::new(
            format!("es demasiado largo (máximo {max_chars} caracteres)"),
            format!("is too long (at most {max_chars} characters)"),
        ));
    }
    Ok(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_in_every_spelling() {
        for t in ["yes", "Sí", "SI", "true", "1", "x", "X"] {
            assert_eq!(parse_bool(t), Ok(true), "{t}");
        }
        for t in ["no", "NO", "false", "0", "", "  "] {
            assert_eq!(parse_bool(t), Ok(false), "{t}");
        }
        assert!(parse_bool("tal vez").is_err());
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("1234", 99999), Ok(1234));
        assert_eq!(parse_count("1234.0", 99999), Ok(1234));
        assert!(parse_count("-3", 99999).is_err());
        assert!(parse_count("12.5", 99999).is_err());
        assert_eq!(parse_count("12 500", 99999), Ok(12500));
        assert!(parse_count("1,250", 99999).is_err());
        assert_eq!(parse_count_in("1,250", 99999, Some(Mark::Dot)), Ok(1250));
        assert!(parse_count("99999999999999999999999999", 99999).is_err());
        assert!(parse_count("100000", 99999).is_err());
    }
}
