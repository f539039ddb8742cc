//! The tariff audit: every bill of a period recomputed from the approved tariff document by an
//! evaluator written from the billing rules alone (docs/tariff.md), compared line by line with
//! what the bill stores.
//!
//! This is the one deliberate second computation of a bill. It reads the tariff's TOML itself,
//! prices and rounds with its own code and never calls `billing` or `tariffs`, so that a defect
//! in billing, and a bill edited behind the program's back, both show as a mismatch.

use crate::error::{Result, Text};
use crate::period::Period;
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::HashMap;
use std::str::FromStr;

/// One line of one bill that differs from its recomputation.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Mismatch {
    /// The bill's number.
    pub bill: String,
    /// The account.
    pub account: String,
    /// `tariff`, `category`, `billed_m3`, `water`, `sewer`, `fixed`, `subsidy`, `subtotal`,
    /// `tax`, `month_total`, `rounding_prev`, `amount_due` or `fund_share`.
    pub line: String,
    /// The line in words.
    pub label: Text,
    /// Whether `billed` and `recomputed` are amounts in soles (else a tariff, a category or m³).
    pub money: bool,
    /// What the bill says.
    pub billed: String,
    /// What the audit computes.
    pub recomputed: String,
}

/// A bill's line in words.
pub fn line_label(line: &str) -> Text {
    let (es, en) = match line {
        "tariff" => ("tarifa", "tariff"),
        "category" => ("categoría", "category"),
        "billed_m3" => ("m³ facturados", "m³ billed"),
        "water" => ("agua", "water"),
        "sewer" => ("alcantarillado", "sewer"),
        "fixed" => ("cargo fijo", "fixed charge"),
        "subsidy" => ("subsidio", "subsidy"),
        "subtotal" => ("subtotal", "subtotal"),
        "tax" => ("IGV", "tax"),
        "month_total" => ("total del mes", "month total"),
        "rounding_prev" => ("redondeo del mes anterior", "previous month's rounding"),
        "amount_due" => ("monto a pagar", "amount to pay"),
        "fund_share" => ("aporte al fondo", "fund share"),
        other => (other, other),
    };
    Text::new(es, en)
}

/// The audit of one period's bills.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct TariffAudit {
    /// The period audited.
    pub period: String,
    /// Bills of the period checked.
    pub bills: u64,
    /// Bills with at least one line that differs.
    pub mismatched_bills: u64,
    /// Every line that differs, bill by bill.
    pub mismatches: Vec<Mismatch>,
    /// Bills issued before the ledger kept each bill's service terms: checked against the
    /// connection's sewer and subsidy as they are today.
    pub without_terms: u64,
}

/// A price list of one category: block starts and rates.
type Blocks = Vec<(u64, Decimal)>;

struct Category {
    range: bool,
    minimum_m3: u64,
    water: Blocks,
    sewer: Option<Blocks>,
    sewer_percent: Option<Decimal>,
}

struct Tariff {
    id: i64,
    effective_from: String,
    fixed_charge: Decimal,
    tax_rate: Decimal,
    pay_rounding: Decimal,
    fund_percent: Option<Decimal>,
    subsidy: Option<(Decimal, u64)>,
    categories: HashMap<String, Category>,
}

fn decimal(v: Option<&toml::Value>) -> Option<Decimal> {
    match v? {
        toml::Value::String(s) => Decimal::from_str(s.trim()).ok(),
        toml::Value::Integer(i) => Some(Decimal::from(*i)),
        _ => None,
    }
}

fn whole(v: Option<&toml::Value>) -> Option<u64> {
    v?.as_integer().and_then(|i| u64::try_from(i).ok())
}

fn blocks(v: Option<&toml::Value>) -> Option<Blocks> {
    v?.as_array()?
        .iter()
        .map(|pair| {
            let pair = pair.as_array()?;
            Some((whole(pair.first())?, decimal(pair.get(1))?))
        })
        .collect()
}

/// Reads a stored tariff document as the audit understands it; `None` if it cannot (the bill
/// is then reported against its tariff).
fn read_tariff(id: i64, effective_from: String, document: &str) -> Option<Tariff> {
    let doc: toml::Table = document.parse().ok()?;
    let mut categories = HashMap::new();
    for (code, c) in doc.get("categories")?.as_table()? {
        let c = c.as_table()?;
        categories.insert(
            code.clone(),
            Category {
                range: c.get("method").and_then(|m| m.as_str()) == Some("range"),
                minimum_m3: whole(c.get("minimum_m3")).unwrap_or(0),
                water: blocks(c.get("water"))?,
                sewer: blocks(c.get("sewer")),
                sewer_percent: decimal(c.get("sewer_percent_of_water")),
            },
        );
    }
    let fund_percent = doc
        .get("fund")
        .and_then(|f| f.as_table())
        .and_then(|f| decimal(f.get("percent")));
    let subsidy = doc
        .get("subsidy")
        .and_then(|s| s.as_table())
        .and_then(|s| Some((decimal(s.get("percent"))?, whole(s.get("max_m3"))?)));
    Some(Tariff {
        id,
        effective_from,
        fixed_charge: decimal(doc.get("fixed_charge"))?,
        tax_rate: decimal(doc.get("tax_rate"))?,
        pay_rounding: decimal(doc.get("pay_rounding"))?,
        fund_percent,
        subsidy,
        categories,
    })
}

/// The price of `m3` on a block list: `block` prices each m³ in the block it falls in; `range`
/// prices every m³ at the rate of the block holding the total (a block's upper bound stays in
/// it; 0 m³ is in the first block).
fn price(list: &[(u64, Decimal)], m3: u64, range: bool) -> Decimal {
    if range {
        let rate = list
            .iter()
            .rev()
            .find(|(start, _)| *start < m3)
            .or(list.first())
            .map_or(Decimal::ZERO, |b| b.1);
        return rate * Decimal::from(m3);
    }
    let mut total = Decimal::ZERO;
    for (i, (start, rate)) in list.iter().enumerate() {
        let end = list.get(i + 1).map_or(u64::MAX, |b| b.0);
        if m3 > *start {
            total += Decimal::from(m3.min(end) - start) * rate;
        }
    }
    total
}

/// Water and sewer before rounding, for `m3`.
fn water_sewer(c: &Category, m3: u64, sewer: bool) -> (Decimal, Decimal) {
    let water = price(&c.water, m3, c.range);
    let sewer = match (sewer, &c.sewer, c.sewer_percent) {
        (false, _, _) => Decimal::ZERO,
        (true, Some(list), _) => price(list, m3, c.range),
        (true, None, Some(p)) => p * water,
        (true, None, None) => Decimal::ZERO,
    };
    (water, sewer)
}

/// To the céntimo, half away from zero (each bill line).
fn cents(d: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    // Beyond i64 céntimos no stored bill can match: the bill is reported, not the audit stopped.
    (d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero) * Decimal::from(100))
        .to_i64()
        .unwrap_or(i64::MAX)
}

/// To a multiple of `step`, half up (the amount to pay).
fn to_step(cents_value: i64, step: Decimal) -> i64 {
    let step_cents = (step * Decimal::from(100)).trunc();
    if step_cents <= Decimal::ZERO {
        return cents_value;
    }
    use rust_decimal::prelude::ToPrimitive;
    let steps =
        (Decimal::from(cents_value) / step_cents).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    (steps * step_cents).to_i64().unwrap_or(i64::MAX)
}

fn soles(c: i64) -> String {
    format!("{:.2}", Decimal::new(c, 2))
}

/// One stored bill, as the audit reads it.
struct Stored {
    number: String,
    account: String,
    tariff_id: i64,
    category: String,
    consumption_m3: u64,
    billed_m3: u64,
    lines: [i64; 10],
    sewer: bool,
    subsidized: bool,
    has_terms: bool,
    previous_carry: i64,
}

const LINES: [&str; 10] = [
    "water",
    "sewer",
    "fixed",
    "subsidy",
    "subtotal",
    "tax",
    "month_total",
    "rounding_prev",
    "amount_due",
    "fund_share",
];

/// The bill's lines recomputed from `t`, in the order of [`LINES`].
fn recompute(t: &Tariff, c: &Category, b: &Stored) -> [i64; 10] {
    let billed = b.billed_m3;
    let (w, s) = water_sewer(c, billed, b.sewer);
    let (water, sewer, fixed) = (cents(w), cents(s), cents(t.fixed_charge));
    let subsidy = match (t.subsidy, b.subsidized) {
        (Some((percent, max_m3)), true) => {
            let (sw, ss) = water_sewer(c, billed.min(max_m3), b.sewer);
            -cents(percent * (sw + ss))
        }
        _ => 0,
    };
    let subtotal = water + sewer + fixed + subsidy;
    let tax = cents(t.tax_rate * Decimal::new(subtotal, 2));
    let month_total = subtotal + tax;
    // The carry is what the previous bill rounded, the other way.
    let carry = b.previous_carry;
    let amount_due = to_step(month_total + carry, t.pay_rounding);
    let fund_share = t
        .fund_percent
        .map_or(0, |p| cents(p * Decimal::new(water + sewer + fixed, 2)));
    [
        water,
        sewer,
        fixed,
        subsidy,
        subtotal,
        tax,
        month_total,
        carry,
        amount_due,
        fund_share,
    ]
}

/// The bills of a range of periods, each connection's in order (period, then number), so the
/// carry each bill received is the previous row's rounding; the first bill of a connection in
/// the range reads its previous one with [`PREVIOUS_SQL`].
const BILLS_SQL: &str = "SELECT b.number, b.account, b.tariff_id, b.category, b.consumption_m3, b.billed_m3,
        b.water, b.sewer, b.fixed, b.subsidy, b.subtotal, b.tax, b.month_total, b.rounding_prev, b.amount_due, b.fund_share,
        t.sewer, t.subsidized, c.sewer, c.subsidized, b.connection_id, b.period, b.rounding_curr
   FROM bills b JOIN connections c ON c.id = b.connection_id LEFT JOIN bill_terms t ON t.bill_id = b.id
  WHERE b.period BETWEEN ?1 AND ?2 ORDER BY b.connection_id, b.period, b.id";

const PREVIOUS_SQL: &str = "SELECT -rounding_curr FROM bills WHERE connection_id = ?1 AND period < ?2
  ORDER BY period DESC, id DESC LIMIT 1";

/// Audits every bill of `period`.
pub(crate) fn audit(conn: &Connection, period: Period) -> Result<TariffAudit> {
    Ok(audit_months(conn, &[period])?.remove(0))
}

/// Audits every bill of each of `periods` (in any order), reading them in one pass.
pub(crate) fn audit_months(conn: &Connection, periods: &[Period]) -> Result<Vec<TariffAudit>> {
    let tariffs: Vec<Option<Tariff>> = {
        let mut stmt =
            conn.prepare_cached("SELECT id, effective_from, document FROM tariffs ORDER BY effective_from")?;
        let rows = stmt.query_map([], |r| Ok(read_tariff(r.get(0)?, r.get(1)?, &r.get::<_, String>(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut outs: Vec<TariffAudit> = periods
        .iter()
        .map(|p| TariffAudit {
            period: p.to_string(),
            bills: 0,
            mismatched_bills: 0,
            mismatches: Vec::new(),
            without_terms: 0,
        })
        .collect();
    // In force in each period: the greatest effective_from not after it.
    let in_force: Vec<Option<&Tariff>> = outs
        .iter()
        .map(|o| {
            tariffs
                .iter()
                .flatten()
                .filter(|t| t.effective_from <= o.period)
                .max_by(|a, b| a.effective_from.cmp(&b.effective_from))
        })
        .collect();
    let (Some(first), Some(last)) = (periods.iter().min(), periods.iter().max()) else {
        return Ok(outs);
    };
    let mut previous = conn.prepare_cached(PREVIOUS_SQL)?;
    let mut stmt = conn.prepare_cached(BILLS_SQL)?;
    let mut rows = stmt.query([first.to_string(), last.to_string()])?;
    // The row before: its connection, its period, the carry it received and its own rounding.
    let mut before: Option<(i64, String, i64, i64)> = None;
    while let Some(r) = rows.next()? {
        let (connection, period, rounding): (i64, String, i64) = (r.get(20)?, r.get(21)?, r.get(22)?);
        let carry = match &before {
            Some((c, p, carry, _)) if *c == connection && *p == period => *carry,
            Some((c, _, _, rounding)) if *c == connection => -rounding,
            _ => previous
                .query_row((connection, &period), |r| r.get(0))
                .optional()?
                .unwrap_or(0),
        };
        before = Some((connection, period.clone(), carry, rounding));
        let Some(k) = outs.iter().position(|o| o.period == period) else {
            continue;
        };
        let (t_sewer, t_subsidized): (Option<bool>, Option<bool>) = (r.get(16)?, r.get(17)?);
        let b = Stored {
            number: r.get(0)?,
            account: r.get(1)?,
            tariff_id: r.get(2)?,
            category: r.get(3)?,
            consumption_m3: r.get(4)?,
            billed_m3: r.get(5)?,
            lines: [
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
                r.get(12)?,
                r.get(13)?,
                r.get(14)?,
                r.get(15)?,
            ],
            sewer: t_sewer.map_or_else(|| r.get(18), Ok)?,
            subsidized: t_subsidized.map_or_else(|| r.get(19), Ok)?,
            has_terms: t_sewer.is_some(),
            previous_carry: carry,
        };
        check_bill(in_force[k], &b, &mut outs[k]);
    }
    // Each month's mismatches in the order of the bills' numbers (a bill's own lines keep
    // their order).
    for o in &mut outs {
        o.mismatches.sort_by(|a, b| a.bill.cmp(&b.bill));
    }
    Ok(outs)
}

/// Recomputes one bill from the tariff in force and adds what differs to `out`.
fn check_bill(in_force: Option<&Tariff>, b: &Stored, out: &mut TariffAudit) {
    out.bills += 1;
    if !b.has_terms {
        out.without_terms += 1;
    }
    let before = out.mismatches.len();
    let mut differ = |line: &str, billed: String, recomputed: String| {
        out.mismatches.push(Mismatch {
            bill: b.number.clone(),
            account: b.account.clone(),
            line: line.to_string(),
            label: line_label(line),
            money: !matches!(line, "tariff" | "category" | "billed_m3"),
            billed,
            recomputed,
        });
    };
    match in_force {
        None => differ("tariff", format!("#{}", b.tariff_id), String::new()),
        Some(t) => {
            if t.id != b.tariff_id {
                differ("tariff", format!("#{}", b.tariff_id), format!("#{}", t.id));
            }
            match t.categories.get(&b.category) {
                None => differ("category", b.category.clone(), String::new()),
                Some(c) => {
                    let billed_m3 = b.consumption_m3.max(c.minimum_m3);
                    if billed_m3 != b.billed_m3 {
                        differ("billed_m3", b.billed_m3.to_string(), billed_m3.to_string());
                    }
                    let again = recompute(t, c, b);
                    for (i, line) in LINES.iter().enumerate() {
                        if again[i] != b.lines[i] {
                            differ(line, soles(b.lines[i]), soles(again[i]));
                        }
                    }
                }
            }
        }
    }
    if out.mismatches.len() > before {
        out.mismatched_bills += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(range: bool) -> Category {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        Category {
            range,
            minimum_m3: 0,
            water: vec![(0, d("1.116")), (10, d("1.295")), (25, d("2.865")), (50, d("4.858"))],
            sewer: Some(vec![
                (0, d("0.504")),
                (10, d("0.586")),
                (25, d("1.293")),
                (50, d("2.193")),
            ]),
            sewer_percent: None,
        }
    }

    /// The worked example of the billing rules: doméstico, metered, 30 m³.
    #[test]
    fn the_worked_example() {
        let c = category(false);
        let (w, s) = water_sewer(&c, 30, true);
        assert_eq!((cents(w), cents(s)), (4491, 2030));
        let t = Tariff {
            id: 1,
            effective_from: "2026-01".into(),
            fixed_charge: Decimal::from_str("4.886").unwrap(),
            tax_rate: Decimal::from_str("0.18").unwrap(),
            pay_rounding: Decimal::from_str("0.10").unwrap(),
            fund_percent: None,
            subsidy: None,
            categories: HashMap::new(),
        };
        let b = Stored {
            number: "S001-00000001".into(),
            account: "01-00001".into(),
            tariff_id: 1,
            category: "domestico".into(),
            consumption_m3: 30,
            billed_m3: 30,
            lines: [0; 10],
            sewer: true,
            subsidized: false,
            has_terms: true,
            previous_carry: 0,
        };
        let l = recompute(&t, &c, &b);
        // water, sewer, fixed, subsidy, subtotal, tax, month total, carry, to pay, fund.
        assert_eq!(l, [4491, 2030, 489, 0, 7010, 1262, 8272, 0, 8270, 0]);
    }

    #[test]
    fn range_pricing_keeps_a_bound_in_its_block() {
        let c = category(true);
        let rate = |m3| water_sewer(&c, m3, false).0;
        assert_eq!(rate(0), Decimal::ZERO);
        assert_eq!(rate(10), Decimal::from_str("11.160").unwrap());
        assert_eq!(rate(11), Decimal::from_str("14.245").unwrap());
    }

    #[test]
    fn pay_rounding_is_half_up_to_the_step() {
        let step = Decimal::from_str("0.10").unwrap();
        assert_eq!(to_step(8272, step), 8270);
        assert_eq!(to_step(8275, step), 8280);
        assert_eq!(to_step(8276, Decimal::from_str("0.01").unwrap()), 8276);
        assert_eq!(to_step(8226, Decimal::from_str("0.50").unwrap()), 8250);
    }
}
