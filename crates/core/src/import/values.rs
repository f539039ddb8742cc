//! The spellings spreadsheets use for booleans, whole numbers and free text.

use crate::error::Text;

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

/// A whole, non-negative count (m³, digits, positions), within `max`. Accepts `1234`, `1234.0`
/// (how spreadsheets store whole numbers) and thousands written `1,234` only when unambiguous.
pub fn parse_count(s: &str, max: u64) -> Result<u64, Text> {
    let t = s.trim();
    let t = t.strip_suffix(".0").or_else(|| t.strip_suffix(",0")).unwrap_or(t);
    if t.starts_with('-') {
        return Err(Text::new("no puede ser negativo", "cannot be negative"));
    }
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) {
        return Err(Text::new("no es un número entero", "is not a whole number"));
    }
    match t.parse::<u64>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(Text::new(
            format!("es demasiado grande (máximo {max})"),
            format!("is too large (at most {max})"),
        )),
    }
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
        assert!(parse_count("99999999999999999999999999", 99999).is_err());
        assert!(parse_count("100000", 99999).is_err());
    }
}
