//! Money: integer céntimos in storage, `rust_decimal` in computation, and every rounding
//! named. No floating point ever touches an amount.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of soles held as whole céntimos. Arithmetic is checked: an overflow is an error,
/// never a wrap.
///
/// Crosses every boundary (JSON, the desktop UI) as a decimal string, `"1234.50"`, never as a
/// number that a JavaScript or spreadsheet reader could turn into floating point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS), ts(type = "string"))]
pub struct Money(i64);

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.plain())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let text = String::deserialize(d)?;
        Money::typed("amount", &text).map_err(|e| serde::de::Error::custom(e.message(crate::Lang::Es)))
    }
}

/// Raised when a sum of amounts would not fit: only reachable with absurd inputs, but those
/// must give an error rather than a wrong figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("amount out of range")]
pub struct Overflow;

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_cents(cents: i64) -> Money {
        Money(cents)
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    /// The exact decimal value in soles (two decimals).
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    /// Converts a decimal that is already rounded to céntimos. Callers round first, with a
    /// named rule ([`round_line`], [`round_to_step`]); a value with more decimals is refused.
    pub fn from_rounded(d: Decimal) -> Result<Money, Overflow> {
        let scaled = d.checked_mul(Decimal::ONE_HUNDRED).ok_or(Overflow)?;
        if scaled.fract() != Decimal::ZERO {
            return Err(Overflow);
        }
        scaled.to_i64().map(Money).ok_or(Overflow)
    }

    pub fn checked_add(self, other: Money) -> Result<Money, Overflow> {
        self.0.checked_add(other.0).map(Money).ok_or(Overflow)
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, Overflow> {
        self.0.checked_sub(other.0).map(Money).ok_or(Overflow)
    }

    pub fn checked_neg(self) -> Result<Money, Overflow> {
        self.0.checked_neg().map(Money).ok_or(Overflow)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Sum of many amounts, checked.
    pub fn sum<I: IntoIterator<Item = Money>>(items: I) -> Result<Money, Overflow> {
        items.into_iter().try_fold(Money::ZERO, |acc, m| acc.checked_add(m))
    }

    /// Plain form for files: `1234.50`, `-0.02` (dot, two decimals, no thousands separator).
    pub fn plain(self) -> String {
        format!("{:.2}", self.to_decimal())
    }

    /// Parses a plain amount as typed or imported (`12.5`, `12,50` when `comma_decimal`).
    /// Refuses more than two decimals rather than rounding silently.
    pub fn parse(text: &str, comma_decimal: bool) -> Option<Money> {
        let t = text.trim();
        let t = t.strip_prefix("S/").unwrap_or(t).trim();
        let owned;
        let t = if comma_decimal {
            owned = t.replace('.', "").replace(',', ".");
            owned.as_str()
        } else {
            t
        };
        if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') {
            return None;
        }
        let d: Decimal = t.parse().ok()?;
        if d.scale() > 2 && d.normalize().scale() > 2 {
            return None;
        }
        Money::from_rounded(d.normalize()).ok()
    }
}

/// Why a typed amount was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedAmount {
    /// `1,250` or `1.250`: one separator followed by exactly three digits may be thousands or
    /// decimals; the amount is not guessed.
    Ambiguous,
    /// More than two decimals: céntimos are the smallest unit.
    TooPrecise,
    /// More digits than any amount of money the ledger holds.
    TooLarge,
    /// Not an amount at all.
    NotAnAmount,
}

impl Money {
    /// Parses an amount a person typed: `45.50`, `45,50`, `1,250.50`, `1.250,50`, `1,250,000`,
    /// `S/ 45.50`. When both `.` and `,` appear the last one is the decimal separator and the
    /// other groups thousands (in threes); a lone separator followed by exactly three digits
    /// is refused as [`TypedAmount::Ambiguous`].
    pub fn parse_typed(text: &str) -> Result<Money, TypedAmount> {
        let t = text.trim();
        let t = t.strip_prefix("S/").unwrap_or(t).trim();
        let (negative, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, t),
        };
        if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
            return Err(TypedAmount::NotAnAmount);
        }
        let dots = t.matches('.').count();
        let commas = t.matches(',').count();
        // The decimal separator, if any, and the thousands separator, if any.
        let (decimal, thousands) = match (dots, commas) {
            (0, 0) => (None, None),
            (_, 0) | (0, _) => {
                let sep = if dots > 0 { '.' } else { ',' };
                if dots + commas > 1 {
                    (None, Some(sep))
                } else {
                    let after = t.len() - t.find(sep).map_or(t.len(), |i| i + 1);
                    match after {
                        1 | 2 => (Some(sep), None),
                        3 => return Err(TypedAmount::Ambiguous),
                        0 => return Err(TypedAmount::NotAnAmount),
                        _ => return Err(TypedAmount::TooPrecise),
                    }
                }
            }
            _ => {
                let last_dot = t.rfind('.').unwrap_or(0);
                let last_comma = t.rfind(',').unwrap_or(0);
                if last_dot > last_comma {
                    if dots > 1 {
                        return Err(TypedAmount::NotAnAmount);
                    }
                    (Some('.'), Some(','))
                } else {
                    if commas > 1 {
                        return Err(TypedAmount::NotAnAmount);
                    }
                    (Some(','), Some('.'))
                }
            }
        };
        let (whole, fraction) = match decimal {
            Some(d) => {
                let i = t.rfind(d).unwrap_or(t.len());
                (&t[..i], &t[i + 1..])
            }
            None => (t, ""),
        };
        if fraction.len() > 2 {
            return Err(TypedAmount::TooPrecise);
        }
        if !fraction.chars().all(|c| c.is_ascii_digit()) || (decimal.is_some() && fraction.is_empty()) {
            return Err(TypedAmount::NotAnAmount);
        }
        let digits: String = match thousands {
            Some(sep) => {
                let groups: Vec<&str> = whole.split(sep).collect();
                let first_ok = (1..=3).contains(&groups[0].len());
                if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
                    return Err(TypedAmount::NotAnAmount);
                }
                groups.concat()
            }
            None => whole.to_string(),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(TypedAmount::NotAnAmount);
        }
        if digits.trim_start_matches('0').len() > 15 {
            return Err(TypedAmount::TooLarge);
        }
        let cents_text = format!("{digits}{fraction:0<2}");
        let cents: i64 = cents_text.parse().map_err(|_| TypedAmount::NotAnAmount)?;
        Ok(Money(if negative { -cents } else { cents }))
    }
}

impl Money {
    /// [`Money::parse_typed`] with the reason said to the user, naming `field`.
    pub fn typed(field: &'static str, text: &str) -> crate::Result<Money> {
        Money::parse_typed(text).map_err(|why| {
            let (es, en) = match why {
                TypedAmount::Ambiguous => (
                    format!("«{text}» es ambiguo: ¿miles o céntimos? Escriba 1250.00 o 1.25, sin separador de miles."),
                    format!("«{text}» is ambiguous: thousands or céntimos? Write 1250.00 or 1.25, without a thousands separator."),
                ),
                TypedAmount::TooPrecise => (
                    format!("«{text}» tiene más de dos decimales; el céntimo es la menor unidad."),
                    format!("«{text}» has more than two decimals; the céntimo is the smallest unit."),
                ),
                TypedAmount::TooLarge => (
                    format!("«{text}» es demasiado grande para ser un importe real."),
                    format!("«{text}» is too large to be a real amount."),
                ),
                TypedAmount::NotAnAmount => (
                    format!("«{text}» no es un importe (por ejemplo 45.50)."),
                    format!("«{text}» is not an amount (for example 45.50)."),
                ),
            };
            crate::Error::invalid(field, es, en)
        })
    }
}

impl fmt::Display for Money {
    /// Display for people, es-PE and en alike: `S/ 1,234.50`, `-S/ 0.02`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let soles = (abs / 100).to_string();
        let mut grouped = String::with_capacity(soles.len() + soles.len() / 3);
        for (i, ch) in soles.chars().enumerate() {
            if i > 0 && (soles.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        write!(f, "{sign}S/ {grouped}.{:02}", abs % 100)
    }
}

/// The rounding of every bill line, the tax and the fund share: to 0.01, half away from zero
/// (4.886 → 4.89, 20.295 → 20.30; docs/tariff.md step 6).
pub fn round_line(value: Decimal) -> Result<Money, Overflow> {
    Money::from_rounded(value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

/// The pay rounding of docs/tariff.md step 8: to a multiple of `step`, half up (a midpoint goes
/// to the greater multiple: 82.75 → 82.80 with step 0.10).
pub fn round_to_step(value: Decimal, step: Decimal) -> Result<Money, Overflow> {
    if step <= Decimal::ZERO {
        return Err(Overflow);
    }
    let units = value.checked_div(step).ok_or(Overflow)?;
    // Half up: floor(x + ½) sends a midpoint to the greater multiple, for credits too.
    let rounded = units.checked_add(Decimal::new(5, 1)).ok_or(Overflow)?.floor();
    let back = rounded.checked_mul(step).ok_or(Overflow)?;
    Money::from_rounded(back.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn line_rounding_is_half_away_from_zero() {
        assert_eq!(round_line(d("4.886")).unwrap(), Money::from_cents(489));
        assert_eq!(round_line(d("20.295")).unwrap(), Money::from_cents(2030));
        assert_eq!(round_line(d("7.875")).unwrap(), Money::from_cents(788));
        assert_eq!(round_line(d("-2.005")).unwrap(), Money::from_cents(-201));
    }

    #[test]
    fn pay_rounding_goes_to_the_step() {
        assert_eq!(round_to_step(d("82.72"), d("0.10")).unwrap(), Money::from_cents(8270));
        assert_eq!(round_to_step(d("82.75"), d("0.10")).unwrap(), Money::from_cents(8280));
        assert_eq!(round_to_step(d("82.72"), d("0.50")).unwrap(), Money::from_cents(8250));
        assert_eq!(round_to_step(d("82.72"), d("0.01")).unwrap(), Money::from_cents(8272));
        assert_eq!(round_to_step(d("-0.05"), d("0.10")).unwrap(), Money::from_cents(0));
    }

    #[test]
    fn display_groups_thousands() {
        assert_eq!(Money::from_cents(123450).to_string(), "S/ 1,234.50");
        assert_eq!(Money::from_cents(-2).to_string(), "-S/ 0.02");
        assert_eq!(Money::from_cents(100_000_000).to_string(), "S/ 1,000,000.00");
        assert_eq!(Money::from_cents(-2).plain(), "-0.02");
    }

    #[test]
    fn typed_amounts_refuse_ambiguous_separators() {
        let ok = |s: &str, cents: i64| assert_eq!(Money::parse_typed(s), Ok(Money::from_cents(cents)), "{s}");
        ok("45.50", 4550);
        ok("45,50", 4550);
        ok("45,5", 4550);
        ok("1,250.50", 125050);
        ok("1.250,50", 125050);
        ok("1,250,000", 125_000_000);
        ok("S/ 15", 1500);
        ok("12", 1200);
        assert_eq!(Money::parse_typed("1,250"), Err(TypedAmount::Ambiguous));
        assert_eq!(Money::parse_typed("1.250"), Err(TypedAmount::Ambiguous));
        assert_eq!(Money::parse_typed("12.345"), Err(TypedAmount::Ambiguous));
        assert_eq!(Money::parse_typed("12.3456"), Err(TypedAmount::TooPrecise));
        assert_eq!(Money::parse_typed("1,25,0"), Err(TypedAmount::NotAnAmount));
        assert_eq!(Money::parse_typed("12."), Err(TypedAmount::NotAnAmount));
        assert_eq!(Money::parse_typed("abc"), Err(TypedAmount::NotAnAmount));
        assert_eq!(Money::parse_typed("50000000000000000"), Err(TypedAmount::TooLarge));
    }

    #[test]
    fn parse_refuses_hidden_rounding() {
        assert_eq!(Money::parse("12.5", false), Some(Money::from_cents(1250)));
        assert_eq!(Money::parse("1.234,50", true), Some(Money::from_cents(123450)));
        assert_eq!(Money::parse("12.345", false), None);
        assert_eq!(Money::parse("12.3400", false), Some(Money::from_cents(1234)));
        assert_eq!(Money::parse("abc", false), None);
        assert_eq!(Money::parse("99999999999999999999999", false), None);
    }
}
