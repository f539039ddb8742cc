//! Money: integer céntimos in storage, `rust_decimal` in computation, and every rounding
//! named. No floating point ever touches an amount.

use crate::error::ErrorCode;
use crate::error::Text;
use crate::number::{self, Mark, NumberError};
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
        Money::typed(ErrorCode::Amount, &text).map_err(|e| serde::de::Error::custom(e.message(crate::Lang::Es)))
    }
}

pub use crate::error::Overflow;

impl Money {
    /// Nothing.
    pub const ZERO: Money = Money(0);

    /// An amount of `cents` céntimos.
    pub const fn from_cents(cents: i64) -> Money {
        Money(cents)
    }

    /// The amount in céntimos, as stored.
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

    /// The sum, or [`Overflow`].
    pub fn checked_add(self, other: Money) -> Result<Money, Overflow> {
        self.0.checked_add(other.0).map(Money).ok_or(Overflow)
    }

    /// The difference, or [`Overflow`].
    pub fn checked_sub(self, other: Money) -> Result<Money, Overflow> {
        self.0.checked_sub(other.0).map(Money).ok_or(Overflow)
    }

    /// The opposite amount, or [`Overflow`].
    pub fn checked_neg(self) -> Result<Money, Overflow> {
        self.0.checked_neg().map(Money).ok_or(Overflow)
    }

    /// Whether it is below zero.
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

    /// Reads an amount in the plain form Caudal itself stores and writes (`1234.50`, `-0.02`):
    /// for values the ledger wrote, never for what a person typed (see [`Money::read`]).
    pub fn from_plain(text: &str) -> Option<Money> {
        let t = text.trim();
        let body = t.strip_prefix('-').unwrap_or(t);
        let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
        let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || whole.len() > 15 || fraction.len() > 2 || !digits_only(whole) || !digits_only(fraction) {
            return None;
        }
        let d: Decimal = t.parse().ok()?;
        Money::from_rounded(d).ok()
    }
}

/// Why an amount as written was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedAmount {
    /// `1,250` or `1.250` with nothing to say which: thousands or céntimos. The amount is never
    /// guessed.
    Ambiguous {
        /// The value read with the mark as a thousands separator.
        thousands: Decimal,
        /// The value read with the mark as the decimal point.
        decimal: Decimal,
    },
    /// More than two decimals: céntimos are the smallest unit.
    TooPrecise,
    /// More digits than any amount of money the ledger holds.
    TooLarge,
    /// Not an amount at all.
    NotAnAmount,
}

impl Money {
    /// Reads an amount as a person or a bank wrote it (`45.50`, `45,50`, `1,250.50`,
    /// `1.250,50`, `S/ 45.50`), through the one reader of numbers ([`crate::number`]); `column`
    /// is the decimal mark the rest of the file's column shows, if any. Refuses more than two
    /// decimals rather than rounding, and an ambiguous amount rather than guessing.
    pub fn read(text: &str, column: Option<Mark>) -> Result<Money, TypedAmount> {
        let d = number::in_column(text, column).map_err(|e| match e {
            NumberError::NotANumber => TypedAmount::NotAnAmount,
            NumberError::TooLarge => TypedAmount::TooLarge,
            NumberError::Ambiguous { thousands, decimal } => TypedAmount::Ambiguous { thousands, decimal },
        })?;
        let d = d.normalize();
        if d.scale() > 2 {
            return Err(TypedAmount::TooPrecise);
        }
        if d.abs().trunc() >= Decimal::from(1_000_000_000_000_000_i64) {
            return Err(TypedAmount::TooLarge);
        }
        Money::from_rounded(d).map_err(|_| TypedAmount::TooLarge)
    }

    /// An amount typed into a form or a command: one value, nothing else to tell its mark.
    pub fn parse_typed(text: &str) -> Result<Money, TypedAmount> {
        Money::read(text, None)
    }
}

impl TypedAmount {
    /// Why `text` is not an amount, said to a person.
    pub fn reason(self, text: &str) -> Text {
        match self {
            TypedAmount::Ambiguous { thousands, decimal } => {
                let cents = decimal.normalize().scale() <= 2;
                if cents {
                    Text::new(
                        format!(
                            "«{text}» es ambiguo: ¿{thousands} soles o {}? Escriba {thousands}.00 si son miles o {} si son céntimos, sin separador de miles.",
                            Money::from_rounded(decimal.normalize())
                                .map(|m| m.to_string())
                                .unwrap_or_default(),
                            decimal.normalize()
                        ),
                        format!(
                            "«{text}» is ambiguous: {thousands} soles or {}? Write {thousands}.00 for thousands or {} for céntimos, without a thousands separator.",
                            Money::from_rounded(decimal.normalize())
                                .map(|m| m.to_string())
                                .unwrap_or_default(),
                            decimal.normalize()
                        ),
                    )
                } else {
                    Text::new(
                        format!(
                            "«{text}» es ambiguo: si son {thousands} soles, escriba {thousands}.00 sin separador de miles (no pueden ser decimales: el céntimo es la menor unidad)."
                        ),
                        format!(
                            "«{text}» is ambiguous: if it is {thousands} soles, write {thousands}.00 without a thousands separator (they cannot be decimals: the céntimo is the smallest unit)."
                        ),
                    )
                }
            }
            TypedAmount::TooPrecise => Text::new(
                format!(
                    "«{}» tiene más de dos decimales; el céntimo es la menor unidad.",
                    crate::text::shorten(text)
                ),
                format!(
                    "«{}» has more than two decimals; the céntimo is the smallest unit.",
                    crate::text::shorten(text)
                ),
            ),
            TypedAmount::TooLarge => Text::new(
                format!(
                    "«{}» es demasiado grande para ser un importe real.",
                    crate::text::shorten(text)
                ),
                format!("«{}» is too large to be a real amount.", crate::text::shorten(text)),
            ),
            TypedAmount::NotAnAmount => Text::new(
                format!("«{}» no es un importe (por ejemplo 45.50).", crate::text::shorten(text)),
                format!("«{}» is not an amount (for example 45.50).", crate::text::shorten(text)),
            ),
        }
    }
}

impl Money {
    /// [`Money::parse_typed`] with the reason said to the user, naming `field`.
    pub fn typed(field: crate::error::ErrorCode, text: &str) -> crate::Result<Money> {
        Money::parse_typed(text).map_err(|why| {
            let reason = why.reason(text);
            crate::Error::invalid(field, reason.es, reason.en)
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
        ok("12.3400", 1234);
        let ambiguous = |s: &str| {
            assert!(
                matches!(Money::parse_typed(s), Err(TypedAmount::Ambiguous { .. })),
                "{s}"
            )
        };
        ambiguous("1,250");
        ambiguous("1.250");
        ambiguous("12.345");
        assert_eq!(Money::parse_typed("12.3456"), Err(TypedAmount::TooPrecise));
        assert_eq!(Money::parse_typed("1,25,0"), Err(TypedAmount::NotAnAmount));
        assert_eq!(Money::parse_typed("12."), Err(TypedAmount::NotAnAmount));
        assert_eq!(Money::parse_typed("abc"), Err(TypedAmount::NotAnAmount));
        assert_eq!(Money::parse_typed("50000000000000000"), Err(TypedAmount::TooLarge));
        assert_eq!(
            Money::parse_typed("99999999999999999999999"),
            Err(TypedAmount::TooLarge)
        );
    }

    /// A bank's `;`-separated file says nothing about its decimal mark: every amount below was
    /// once recorded 100× or 1,000× too large, or too small.
    #[test]
    fn semicolon_files_amounts_are_read_as_written() {
        let col = |values: &[&str]| crate::number::Mark::of_column(values.iter().copied());
        let bank = ["45.50", "12.5", "S/ 45.50", " 45.5 ", "1,250"];
        let mark = col(&bank);
        assert_eq!(Money::read("45.50", mark), Ok(Money::from_cents(4550)));
        assert_eq!(Money::read("12.5", mark), Ok(Money::from_cents(1250)));
        assert_eq!(Money::read("S/ 45.50", mark), Ok(Money::from_cents(4550)));
        assert_eq!(Money::read(" 45.5 ", mark), Ok(Money::from_cents(4550)));
        assert_eq!(Money::read("1,250", mark), Ok(Money::from_cents(125_000)));
        assert!(matches!(
            Money::read("1,250", col(&["1,250", "12"])),
            Err(TypedAmount::Ambiguous { .. })
        ));
        assert!(matches!(
            Money::read("1.250", col(&["1.250"])),
            Err(TypedAmount::Ambiguous { .. })
        ));
        assert_eq!(
            Money::read("1.250", col(&["1.250", "45,50"])),
            Ok(Money::from_cents(125_000))
        );
    }

    #[test]
    fn an_ambiguous_amount_names_both_readings_and_what_to_write() {
        let why = Money::parse_typed("1,250").unwrap_err().reason("1,250");
        assert!(why.es.contains("1250.00") && why.es.contains("1.25"), "{}", why.es);
        let why = Money::parse_typed("45.505").unwrap_err().reason("45.505");
        assert!(why.es.contains("45505.00") && !why.es.contains("1250"), "{}", why.es);
        let long = "9".repeat(10_000);
        assert!(Money::parse_typed(&long).unwrap_err().reason(&long).es.chars().count() < 200);
    }

    #[test]
    fn plain_amounts_are_what_caudal_writes() {
        assert_eq!(Money::from_plain("12.50"), Some(Money::from_cents(1250)));
        assert_eq!(Money::from_plain("-0.02"), Some(Money::from_cents(-2)));
        assert_eq!(Money::from_plain("15"), Some(Money::from_cents(1500)));
        assert_eq!(Money::from_plain("1,250"), None);
        assert_eq!(Money::from_plain("12.345"), None);
        assert_eq!(Money::from_plain("abc"), None);
    }
}
