//! The charges of one bill from its billed volume (docs/tariff.md steps 2–9). Pure: no ledger,
//! no clock, so the published worked examples test it directly and the NCB's tariff audit can
//! recompute any issued bill.

use crate::money::{Money, Overflow, round_line, round_to_step};
use crate::tariffs::{Category, Tariff};
use rust_decimal::Decimal;
use serde::Serialize;

/// What the connection is, as far as pricing goes.
#[derive(Debug, Clone, Copy)]
pub struct Pricing<'a> {
    /// The tariff in force.
    pub tariff: &'a Tariff,
    /// The connection's category in that tariff.
    pub category: &'a Category,
    /// Whether the connection has sewer service.
    pub sewer: bool,
    /// Whether the connection is subsidized.
    pub subsidized: bool,
}

/// A month's charges of one connection, each line rounded to the céntimo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Charges {
    /// Volume before the minimum.
    pub consumption_m3: u64,
    /// Volume priced: max(consumption, minimum).
    pub billed_m3: u64,
    /// Water.
    pub water: Money,
    /// Sewer.
    pub sewer: Money,
    /// The fixed charge.
    pub fixed: Money,
    /// Zero or negative: the discount paid by the fund.
    pub subsidy: Money,
    /// Water, sewer and fixed charge.
    pub subtotal: Money,
    /// IGV on the subtotal.
    pub tax: Money,
    /// The month's charges with tax.
    pub month_total: Money,
    /// The carry from the previous bill ("redondeo mes anterior").
    pub rounding_prev: Money,
    /// This bill's pay rounding ("redondeo mes actual"); the next bill carries its negation.
    pub rounding_curr: Money,
    /// What this month asks to pay, after pay rounding.
    pub amount_due: Money,
    /// Informational: the part of the bill that goes to the community fund.
    pub fund_share: Money,
}

impl Charges {
    /// The carry the next bill starts from.
    pub fn next_carry(&self) -> Money {
        Money::from_cents(-self.rounding_curr.cents())
    }
}

/// The charges of `consumption_m3` for one connection (steps 2–9 of docs/tariff.md), with `carry` the pay rounding left by the previous bill.
pub fn compute(p: Pricing<'_>, consumption_m3: u64, carry: Money) -> Result<Charges, Overflow> {
    let t = p.tariff;
    let billed_m3 = consumption_m3.max(p.category.minimum_m3);
    // Step 2–3: water and sewer, exact; each line rounded on its own (step 6).
    let (water_exact, sewer_exact) = p.category.water_and_sewer(billed_m3, p.sewer)?;
    let water = round_line(water_exact)?;
    let sewer = round_line(sewer_exact)?;
    let fixed = round_line(t.fixed_charge)?;
    // Step 5: the subsidy prices the first max_m3 with the same rule, then takes its percent.
    let subsidy = match (&t.subsidy, p.subsidized) {
        (Some(s), true) => {
            let (w, sw) = p.category.water_and_sewer(billed_m3.min(s.max_m3), p.sewer)?;
            let base = w.checked_add(sw).ok_or(Overflow)?;
            round_line(-(s.percent.checked_mul(base).ok_or(Overflow)?))?
        }
        _ => Money::ZERO,
    };
    // Step 7.
    let subtotal = Money::sum([water, sewer, fixed, subsidy])?;
    let tax = round_line(t.tax_rate.checked_mul(subtotal.to_decimal()).ok_or(Overflow)?)?;
    let month_total = subtotal.checked_add(tax)?;
    // Step 8: round what is asked to pay, and carry the difference to the next bill.
    let before_rounding = month_total.checked_add(carry)?;
    let amount_due = round_to_step(before_rounding.to_decimal(), t.pay_rounding)?;
    let rounding_curr = amount_due.checked_sub(before_rounding)?;
    // Step 9.
    let fund_share = match &t.fund {
        Some(f) => {
            let base: Decimal = Money::sum([water, sewer, fixed])?.to_decimal();
            round_line(f.percent.checked_mul(base).ok_or(Overflow)?)?
        }
        None => Money::ZERO,
    };
    Ok(Charges {
        consumption_m3,
        billed_m3,
        water,
        sewer,
        fixed,
        subsidy,
        subtotal,
        tax,
        month_total,
        rounding_prev: carry,
        rounding_curr,
        amount_due,
        fund_share,
    })
}
