//! Tariffs: the approved document of docs/tariff.md, validated into exact decimal rates, and
//! the block and range rules that price a volume. An approved tariff is never edited: a change
//! is a new document with a later `effective_from`.

mod document;
mod store;
pub mod words;

pub use document::parse;
pub use store::{CategoryChoice, StoredTariff, TariffGap, TariffImport};
pub(crate) use store::{by_id, tariff_for};
pub use words::{CategoryWords, TariffWords, purpose_word};

use crate::money::Overflow;
use crate::period::Period;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// A tariff document, checked (docs/tariff.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Tariff {
    /// Its name.
    pub name: String,
    /// The first period it prices.
    pub effective_from: Period,
    /// The resolution that approved it.
    pub approval: String,
    /// Its currency (`PEN`).
    pub currency: String,
    /// The fixed charge a month, before tax.
    #[cfg_attr(feature = "ts-rs", ts(type = "string"))]
    pub fixed_charge: Decimal,
    /// IGV, as a fraction (0.18).
    #[cfg_attr(feature = "ts-rs", ts(type = "string"))]
    pub tax_rate: Decimal,
    /// The step amounts due are rounded to (0.10).
    #[cfg_attr(feature = "ts-rs", ts(type = "string"))]
    pub pay_rounding: Decimal,
    /// Days from issue to the due date.
    pub due_days: u32,
    /// How many measured months an estimate averages.
    pub estimate_months: u32,
    /// The community fund's share, if it has one.
    pub fund: Option<Fund>,
    /// The subsidy, if it has one.
    pub subsidy: Option<Subsidy>,
    /// Its categories by code.
    pub categories: BTreeMap<String, Category>,
}

/// The community fund's share of each bill, and its purposes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Fund {
    /// The share of the month's charges, as a fraction.
    #[cfg_attr(feature = "ts-rs", ts(type = "string"))]
    pub percent: Decimal,
    /// Purpose code → share; shares sum to exactly 1.
    #[cfg_attr(feature = "ts-rs", ts(type = "Record<string, string>"))]
    pub purposes: BTreeMap<String, Decimal>,
}

/// The subsidy of subsidized connections.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Subsidy {
    /// The share of the water and sewer charges taken off, as a fraction.
    #[cfg_attr(feature = "ts-rs", ts(type = "string"))]
    pub percent: Decimal,
    /// Up to how many m³ a month.
    pub max_m3: u64,
}

/// How a category's blocks price a volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum Method {
    /// Escalonado: each m³ at the rate of the block it falls in.
    Block,
    /// Por rango: every m³ at the rate of the block that contains the total.
    Range,
}

/// A category of the tariff: its prices and its minimum.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Category {
    /// Its name, as bills print it.
    pub label: String,
    /// How its blocks price a volume.
    pub method: Method,
    /// The least volume billed a month.
    pub minimum_m3: u64,
    /// The volume assigned to an unmetered connection.
    pub unmetered_m3: u64,
    /// Water's blocks.
    pub water: Blocks,
    /// How sewer is priced.
    pub sewer: Sewer,
}

/// How a category's sewer is priced.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum Sewer {
    /// By blocks of its own.
    Blocks(Blocks),
    /// A share of the water charge, as a fraction.
    PercentOfWater(#[cfg_attr(feature = "ts-rs", ts(type = "string"))] Decimal),
}

/// A rate schedule: block `i` covers the m³ above `start_i` up to `start_{i+1}`; the first
/// block starts at 0 and starts strictly increase (checked when the document is read).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS), ts(type = "Array<[number, string]>"))]
pub struct Blocks(pub Vec<(u64, Decimal)>);

impl Blocks {
    /// The exact, unrounded price of `volume` m³ under `method` (docs/tariff.md step 2).
    pub fn charge(&self, method: Method, volume: u64) -> Result<Decimal, Overflow> {
        match method {
            Method::Block => {
                let mut total = Decimal::ZERO;
                for (i, &(start, rate)) in self.0.iter().enumerate() {
                    if volume <= start {
                        break;
                    }
                    let end = self.0.get(i + 1).map_or(volume, |&(next, _)| next.min(volume));
                    let part = Decimal::from(end - start).checked_mul(rate).ok_or(Overflow)?;
                    total = total.checked_add(part).ok_or(Overflow)?;
                }
                Ok(total)
            }
            Method::Range => Decimal::from(volume)
                .checked_mul(self.range_rate(volume))
                .ok_or(Overflow),
        }
    }

    /// The rate of the block containing `volume`: block i holds (start_i, start_{i+1}], so a
    /// volume equal to a block's upper bound stays in that block, and 0 m³ uses the first.
    fn range_rate(&self, volume: u64) -> Decimal {
        self.0
            .iter()
            .rev()
            .find(|&&(start, _)| start < volume)
            .or(self.0.first())
            .map_or(Decimal::ZERO, |&(_, rate)| rate)
    }
}

impl Category {
    /// Water and sewer charges of `volume` m³, unrounded (sewer 0 when `has_sewer` is false).
    pub fn water_and_sewer(&self, volume: u64, has_sewer: bool) -> Result<(Decimal, Decimal), Overflow> {
        let water = self.water.charge(self.method, volume)?;
        let sewer = match (&self.sewer, has_sewer) {
            (_, false) => Decimal::ZERO,
            (Sewer::Blocks(b), true) => b.charge(self.method, volume)?,
            (Sewer::PercentOfWater(p), true) => p.checked_mul(water).ok_or(Overflow)?,
        };
        Ok((water, sewer))
    }
}

impl Tariff {
    /// The category `code`.
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.categories.get(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn blocks(v: &[(u64, &str)]) -> Blocks {
        Blocks(v.iter().map(|&(s, r)| (s, Decimal::from_str(r).unwrap())).collect())
    }

    #[test]
    fn block_and_range_pricing() {
        let w = blocks(&[(0, "1.116"), (10, "1.295"), (25, "2.865"), (50, "4.858")]);
        assert_eq!(w.charge(Method::Block, 30).unwrap().to_string(), "44.910");
        assert_eq!(w.charge(Method::Block, 0).unwrap(), Decimal::ZERO);
        assert_eq!(w.charge(Method::Block, 10).unwrap().to_string(), "11.160");
        // Range: 25 m³ stays in the 10–25 block; 26 m³ moves all to the 25–50 rate.
        assert_eq!(w.charge(Method::Range, 25).unwrap().to_string(), "32.375");
        assert_eq!(w.charge(Method::Range, 26).unwrap().to_string(), "74.490");
        assert_eq!(w.charge(Method::Range, 0).unwrap(), Decimal::ZERO);
        assert_eq!(w.range_rate(0).to_string(), "1.116");
        assert_eq!(w.charge(Method::Range, 60).unwrap().to_string(), "291.480");
    }
}
