//! Numbers as people write them: the one reader of every decimal a user types or a file holds
//! (amounts, volumes, lab values, hours, settings), whatever the separator of the file.
//!
//! Peru writes `1,234.50`; a Spanish desktop's Excel writes `1.234,50`; a bank writes `45.50`
//! in a `;`-separated file. The field separator says nothing about the decimal mark, so the
//! mark is read from the value itself: `45.50`, `45,5`, `1,234.50`, `1.234,50` and `1 234,50`
//! each admit one reading. A value with one separator followed by exactly three digits (`1,250`,
//! `1.250`) admits two (thousands or decimals); the other values of the same column decide it
//! ([`Mark::of_column`]), and when they do not, the value is refused naming both readings. No
//! digit and no mark is ever dropped: a value either has one meaning or is refused.

use crate::error::Text;
use rust_decimal::Decimal;

/// The decimal mark a value or a column uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// `1,234.50`: the decimal point, as Peru writes it.
    Dot,
    /// `1.234,50`: the decimal comma, as a Spanish desktop's spreadsheet writes it.
    Comma,
}

impl Mark {
    fn char(self) -> char {
        match self {
            Mark::Dot => '.',
            Mark::Comma => ',',
        }
    }

    /// The mark the values of one column agree on: the one every value that tells its mark
    /// tells. `None` when no value tells it, or when two values tell different marks (then
    /// only values that are unambiguous by themselves are read).
    pub fn of_column<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<Mark> {
        let mut found = None;
        for v in values {
            let Ok(w) = Written::read(v) else { continue };
            match (found, w.evidence()) {
                (_, None) => {}
                (None, Some(m)) => found = Some(m),
                (Some(a), Some(b)) if a != b => return None,
                _ => {}
            }
        }
        found
    }
}

/// Why a written number was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all (letters, two decimal marks, a group of other than three digits).
    NotANumber,
    /// Two readings, and nothing says which: the value as written with a thousands separator
    /// and as written with a decimal mark.
    Ambiguous {
        /// The value read with the mark as a thousands separator.
        thousands: Decimal,
        /// The value read with the mark as the decimal point.
        decimal: Decimal,
    },
    /// More digits than any real figure has.
    TooLarge,
}

impl NumberError {
    /// The reason, said to a person (the caller names the value and its column).
    pub fn reason(&self) -> Text {
        match self {
            NumberError::NotANumber => Text::new(
                "no es un número (por ejemplo 1234.50 o 1,234.50)",
                "is not a number (for example 1234.50 or 1,234.50)",
            ),
            NumberError::Ambiguous { thousands, decimal } => Text::new(
                format!(
                    "es ambiguo: ¿{thousands} o {decimal}? Escriba {thousands} si son miles o {} si son decimales, sin separador de miles",
                    unambiguous(*decimal)
                ),
                format!(
                    "is ambiguous: {thousands} or {decimal}? Write {thousands} for thousands or {} for decimals, without a thousands separator",
                    unambiguous(*decimal)
                ),
            ),
            NumberError::TooLarge => Text::new(
                "tiene demasiadas cifras para ser un valor real",
                "has too many digits to be a real figure",
            ),
        }
    }
}

/// The decimal reading of an ambiguous value written so that it is not ambiguous: without its
/// trailing zero (`1.250` → `1.25`), or with one more (`45.505` → `45.5050`).
pub fn unambiguous(decimal: Decimal) -> String {
    let n = decimal.normalize();
    if n.scale() == 3 { format!("{n}0") } else { n.to_string() }
}

/// The most significant digits a figure may have: more than any amount, volume or count in a
/// ledger, fewer than a `Decimal` holds, so arithmetic on a read value never overflows.
const MAX_DIGITS: usize = 18;

/// One written value and what it means under each decimal mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The value if `.` is the decimal mark (and `,` or a space groups thousands).
    if_dot: Option<Decimal>,
    /// The value if `,` is the decimal mark (and `.` or a space groups thousands).
    if_comma: Option<Decimal>,
}

impl Written {
    /// Reads a value as written: spaces around it, a currency sign `S/` or `S/.`, a sign `-`
    /// or `+`, thousands grouped by `,`, `.` or spaces in threes, and a decimal mark.
    pub fn read(text: &str) -> Result<Written, NumberError> {
        let t = text.trim();
        let (negative, t) = sign(t);
        let t = strip_currency(t);
        let (negative, t) = if negative { (true, t) } else { sign(t) };
        if t.is_empty()
            || !t
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_space(c))
        {
            return Err(NumberError::NotANumber);
        }
        let digits = t.chars().filter(char::is_ascii_digit).count();
        if digits == 0 {
            return Err(NumberError::NotANumber);
        }
        let significant = t
            .trim_start_matches(['0', '.', ',', ' '])
            .chars()
            .filter(char::is_ascii_digit)
            .count();
        let (if_dot, if_comma) = (under(t, Mark::Dot), under(t, Mark::Comma));
        if if_dot.is_none() && if_comma.is_none() {
            return Err(NumberError::NotANumber);
        }
        if significant > MAX_DIGITS {
            return Err(NumberError::TooLarge);
        }
        let signed = |d: Option<Decimal>| d.map(|d| if negative { -d } else { d });
        Ok(Written {
            if_dot: signed(if_dot),
            if_comma: signed(if_comma),
        })
    }

    /// The mark this value alone shows, if only one reading of it is possible.
    fn evidence(&self) -> Option<Mark> {
        match (self.if_dot, self.if_comma) {
            (Some(_), None) => Some(Mark::Dot),
            (None, Some(_)) => Some(Mark::Comma),
            _ => None,
        }
    }

    /// The value, using the column's mark where the value alone admits two readings.
    pub fn value(&self, column: Option<Mark>) -> Result<Decimal, NumberError> {
        match (self.if_dot, self.if_comma) {
            (Some(a), Some(b)) if a == b => Ok(a),
            (Some(a), None) => Ok(a),
            (None, Some(b)) => Ok(b),
            (Some(a), Some(b)) => match column {
                Some(Mark::Dot) => Ok(a),
                Some(Mark::Comma) => Ok(b),
                // The reading with fewer decimals is the one with a thousands separator.
                None if a.scale() <= b.scale() => Err(NumberError::Ambiguous {
                    thousands: a,
                    decimal: b,
                }),
                None => Err(NumberError::Ambiguous {
                    thousands: b,
                    decimal: a,
                }),
            },
            (None, None) => Err(NumberError::NotANumber),
        }
    }
}

/// Reads a number a person typed into a form: one value, nothing else to decide its mark.
pub fn typed(text: &str) -> Result<Decimal, NumberError> {
    Written::read(text)?.value(None)
}

/// Reads one cell of a column whose mark was found by [`Mark::of_column`].
pub fn in_column(text: &str, column: Option<Mark>) -> Result<Decimal, NumberError> {
    Written::read(text)?.value(column)
}

fn is_space(c: char) -> bool {
    // A space, a no-break space (what Excel puts between thousands in es-PE) or a thin space.
    c == ' ' || c == '\u{a0}' || c == '\u{202f}'
}

fn sign(t: &str) -> (bool, &str) {
    if let Some(rest) = t.strip_prefix('-') {
        (true, rest.trim_start())
    } else if let Some(rest) = t.strip_prefix('+') {
        (false, rest.trim_start())
    } else {
        (false, t)
    }
}

fn strip_currency(t: &str) -> &str {
    let upper = t.get(..3).map(str::to_ascii_uppercase);
    if upper.as_deref() == Some("S/.") {
        t[3..].trim_start()
    } else if t.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("S/")) {
        t[2..].trim_start()
    } else {
        t
    }
}

/// The value of `t` (digits, `.`, `,` and spaces only) if `mark` is its decimal mark: the other
/// separator or spaces, one kind in a value, group thousands in threes before the mark.
fn under(t: &str, mark: Mark) -> Option<Decimal> {
    let m = mark.char();
    let (whole, fraction) = match t.find(m) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    if let Some(f) = fraction
        && (f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let separators: Vec<char> = whole.chars().filter(|c| !c.is_ascii_digit()).collect();
    let digits: String = if separators.is_empty() {
        whole.to_string()
    } else {
        let first = separators[0];
        let same_kind = separators
            .iter()
            .all(|&c| c == first || (is_space(c) && is_space(first)));
        if !same_kind || first == m {
            return None;
        }
        let groups: Vec<&str> = whole.split(|c: char| !c.is_ascii_digit()).collect();
        if !(1..=3).contains(&groups[0].len()) || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
        groups.concat()
    };
    if digits.is_empty() && fraction.is_none() {
        return None;
    }
    let text = match fraction {
        Some(f) => format!("{}.{f}", if digits.is_empty() { "0" } else { &digits }),
        None => digits,
    };
    text.parse::<Decimal>().ok()
}

/// A whole count written by a person (`1234`, `1234.0`, `12 500`, `12,500` when the column
/// says `,` groups thousands), within `max`.
pub fn whole(value: Decimal, max: u64) -> Result<u64, Text> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Text::new("no puede ser negativo", "cannot be negative"));
    }
    if value.fract() != Decimal::ZERO {
        return Err(Text::new(
            format!("debe ser un número entero, sin decimales ({value})"),
            format!("must be a whole number, without decimals ({value})"),
        ));
    }
    match u64::try_from(value.trunc()) {
        Ok(n) if n <= max => Ok(n),
        _ => Err(Text::new(
            format!("es demasiado grande (máximo {max})"),
            format!("is too large (at most {max})"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn unambiguous_values_are_read_whatever_the_mark() {
        for (text, want) in [
            ("45.50", "45.50"),
            ("45,50", "45.50"),
            ("12.5", "12.5"),
            (" 45.5 ", "45.5"),
            ("S/ 45.50", "45.50"),
            ("S/. 45.50", "45.50"),
            ("s/45", "45"),
            ("1,234.50", "1234.50"),
            ("1.234,50", "1234.50"),
            ("1 234,50", "1234.50"),
            ("1\u{a0}234.50", "1234.50"),
            ("1,234,567", "1234567"),
            ("1.234.567", "1234567"),
            ("12,3456", "12.3456"),
            ("1234,5", "1234.5"),
            ("1.234,5", "1234.5"),
            ("1234.5", "1234.5"),
            ("-0.02", "-0.02"),
            ("-S/ 0.02", "-0.02"),
            ("S/ -0.02", "-0.02"),
            (",5", "0.5"),
            ("0", "0"),
            ("1234", "1234"),
        ] {
            assert_eq!(typed(text), Ok(d(want)), "{text}");
        }
    }

    #[test]
    fn a_lone_group_of_three_is_ambiguous_unless_the_column_says() {
        assert_eq!(
            typed("1,250"),
            Err(NumberError::Ambiguous {
                thousands: d("1250"),
                decimal: d("1.250")
            })
        );
        assert!(matches!(typed("1.250"), Err(NumberError::Ambiguous { .. })));
        assert!(matches!(typed("45.505"), Err(NumberError::Ambiguous { .. })));
        assert_eq!(in_column("1,250", Some(Mark::Dot)), Ok(d("1250")));
        assert_eq!(in_column("1,250", Some(Mark::Comma)), Ok(d("1.250")));
        assert_eq!(in_column("1.250", Some(Mark::Comma)), Ok(d("1250")));
        assert_eq!(in_column("1.250", Some(Mark::Dot)), Ok(d("1.250")));
    }

    #[test]
    fn a_column_tells_its_mark_only_when_its_values_agree() {
        assert_eq!(Mark::of_column(["1,250", "45.50", "12"]), Some(Mark::Dot));
        assert_eq!(Mark::of_column(["1,250", "45,50", "12"]), Some(Mark::Comma));
        assert_eq!(Mark::of_column(["1,250", "12", ""]), None);
        assert_eq!(Mark::of_column(["45.50", "45,50"]), None);
        assert_eq!(Mark::of_column(["1,234.50", "1.250"]), Some(Mark::Dot));
    }

    #[test]
    fn nothing_is_dropped_or_guessed() {
        for text in [
            "",
            "abc",
            "12.",
            "1,25,0",
            "1.2.3,4,5",
            "1,234.5,6",
            "12-3",
            "1e5",
            "(45.50)",
            "S/",
            "--5",
            "1 2",
        ] {
            assert_eq!(typed(text), Err(NumberError::NotANumber), "{text}");
        }
        assert_eq!(typed("1234567890123456789012"), Err(NumberError::TooLarge));
        assert_eq!(typed("0.000000000000000000001"), Ok(d("0.000000000000000000001")));
    }

    #[test]
    fn whole_counts_refuse_decimals_rather_than_scale_them() {
        assert_eq!(whole(d("1234.0"), 99_999), Ok(1234));
        assert!(whole(d("1234.5"), 99_999).is_err());
        assert!(whole(d("-3"), 99_999).is_err());
        assert!(whole(d("100000"), 99_999).is_err());
    }
}
