//! A tariff in words, for the screen, the command line and the printed bill: "IGV 18 %", the
//! blocks of a category, its minimum and unmetered assignment, the fund's share and the
//! subsidy. One place, so every reader of a tariff says it the same way.

use super::{Blocks, Category, Method, Sewer, Tariff};
use crate::error::Text;
use crate::i18n::Lang;
use crate::text::Word;
use rust_decimal::Decimal;
use serde::Serialize;

/// A tariff said in words, in both languages.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct TariffWords {
    /// "Vigente desde noviembre de 2026".
    pub in_force: Text,
    /// "Cargo fijo S/ 5.04 · IGV 18 % · redondeo del total a S/ 0.10 · vence a los 15 días".
    pub charges: Text,
    /// "Fondo comunal: 5 % del agua, el alcantarillado y el cargo fijo (subsidios 50 %, …)".
    pub fund: Option<Text>,
    /// "Subsidio: 50 % del agua hasta 10 m³, para las conexiones subsidiadas".
    pub subsidy: Option<Text>,
    /// Each category in words.
    pub categories: Vec<CategoryWords>,
}

/// One category of a tariff in words.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct CategoryWords {
    /// Its code.
    pub code: String,
    /// Its name.
    pub label: String,
    /// "por bloques" / "by blocks".
    pub method: Text,
    /// Water's prices in words.
    pub water: Text,
    /// Sewer's prices in words.
    pub sewer: Text,
    /// "mínimo 8 m³ · sin medidor se asignan 20 m³".
    pub volumes: Text,
}

/// A fraction as a percentage without trailing zeros: 0.18 → "18", 0.125 → "12.5".
pub fn percent(f: Decimal) -> String {
    (f * Decimal::ONE_HUNDRED).normalize().to_string()
}

/// A rate schedule: "0–10 m³ S/ 1.116; 10–25 m³ S/ 1.295; más de 25 m³ S/ 2.865".
pub fn blocks(b: &Blocks, lang: Lang) -> String {
    b.0.iter()
        .enumerate()
        .map(|(i, (start, rate))| match b.0.get(i + 1) {
            Some((next, _)) => format!("{start}–{next} m³ S/ {rate}"),
            None if i == 0 => format!("S/ {rate}"),
            None => format!("{} {start} m³ S/ {rate}", lang.pick("más de", "over")),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A pricing method in words.
pub fn method(m: Method, lang: Lang) -> &'static str {
    match m {
        Method::Block => lang.pick("por bloques", "by blocks"),
        Method::Range => lang.pick("por rango", "by range"),
    }
}

/// A category's sewer price in words.
pub fn sewer(c: &Category, lang: Lang) -> String {
    match &c.sewer {
        Sewer::Blocks(b) => blocks(b, lang),
        Sewer::PercentOfWater(p) => format!("{} % {}", percent(*p), lang.pick("del agua", "of water")),
    }
}

impl Tariff {
    /// This tariff in words.
    pub fn words(&self) -> TariffWords {
        TariffWords {
            in_force: Text::in_each(|l| {
                format!(
                    "{} {}",
                    l.pick("Vigente desde", "In force from"),
                    l.period(self.effective_from)
                )
            }),
            charges: Text::in_each(|l| {
                format!(
                    "{} S/ {} · IGV {} % · {} S/ {} · {} · {}",
                    l.pick("Cargo fijo", "Fixed charge"),
                    self.fixed_charge,
                    percent(self.tax_rate),
                    l.pick("el total se redondea a", "the total is rounded to"),
                    self.pay_rounding,
                    match l {
                        Lang::Es => format!("vence a los {} días", self.due_days),
                        Lang::En => format!("due in {} days", self.due_days),
                    },
                    match l {
                        Lang::Es => format!(
                            "sin lectura, el consumo se estima con el promedio de {} meses",
                            self.estimate_months
                        ),
                        Lang::En => format!(
                            "without a reading, consumption is estimated from the average of {} months",
                            self.estimate_months
                        ),
                    }
                )
            }),
            fund: self.fund.as_ref().map(|f| {
                Text::in_each(|l| {
                    let purposes = f
                        .purposes
                        .iter()
                        .map(|(p, share)| format!("{} {} %", purpose_word(p, l), percent(*share)))
                        .collect::<Vec<_>>()
                        .join(", ");
                    match l {
                        Lang::Es => format!(
                            "Fondo comunal: {} % del agua, el alcantarillado y el cargo fijo ({purposes})",
                            percent(f.percent)
                        ),
                        Lang::En => format!(
                            "Community fund: {} % of water, sewerage and the fixed charge ({purposes})",
                            percent(f.percent)
                        ),
                    }
                })
            }),
            subsidy: self.subsidy.as_ref().map(|s| {
                Text::in_each(|l| match l {
                    Lang::Es => format!(
                        "Subsidio: {} % del agua hasta {} m³, para las conexiones subsidiadas (lo paga el fondo)",
                        percent(s.percent),
                        s.max_m3
                    ),
                    Lang::En => format!(
                        "Subsidy: {} % of water up to {} m³, for subsidized connections (paid by the fund)",
                        percent(s.percent),
                        s.max_m3
                    ),
                })
            }),
            categories: self
                .categories
                .iter()
                .map(|(code, c)| CategoryWords {
                    code: code.clone(),
                    label: c.label.clone(),
                    method: Text::in_each(|l| method(c.method, l).to_string()),
                    water: Text::in_each(|l| blocks(&c.water, l)),
                    sewer: Text::in_each(|l| sewer(c, l)),
                    volumes: Text::in_each(|l| match l {
                        Lang::Es => format!(
                            "mínimo {} m³ · sin medidor se asignan {} m³",
                            c.minimum_m3, c.unmetered_m3
                        ),
                        Lang::En => format!(
                            "minimum {} m³ · unmetered connections are assigned {} m³",
                            c.minimum_m3, c.unmetered_m3
                        ),
                    }),
                })
                .collect(),
        }
    }
}

/// The purposes a tariff may give the fund, in words.
pub(crate) const PURPOSES: &[Word] = &[
    Word {
        code: "subsidy",
        es: "subsidios",
        en: "subsidies",
    },
    Word {
        code: "environment",
        es: "medio ambiente",
        en: "environment",
    },
    Word {
        code: "hygiene",
        es: "higiene",
        en: "hygiene",
    },
];

/// A purpose of the fund in words: "subsidios", "medio ambiente", "higiene".
pub fn purpose_word(purpose: &str, lang: Lang) -> String {
    PURPOSES
        .iter()
        .find(|w| w.code == purpose)
        .map_or_else(|| purpose.replace('_', " "), |w| w.get(lang).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn percentages_are_whole_or_as_written() {
        assert_eq!(percent(Decimal::from_str("0.18").unwrap()), "18");
        assert_eq!(percent(Decimal::from_str("0.125").unwrap()), "12.5");
        assert_eq!(percent(Decimal::from_str("0.50").unwrap()), "50");
    }
}
