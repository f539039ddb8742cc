//! The community fund (docs/tariff.md step 9): every bill's fund share is credited, split by
//! purpose, as the bill is paid and in proportion to what is paid; subsidy lines are debited to
//! the `subsidy` purpose as bills are issued; spending is recorded with its purpose, document
//! and approver, and refused beyond what the purpose holds. Also the operator's own entries:
//! the municipality's transition subsidy and the monthly operating costs.

mod balances;
mod figures;
mod spending;

pub(crate) use balances::{balances_from, overdrawn, purpose_balances_from};
pub use figures::{FundMonth, OperatorMonth, PurposeMonth};
pub(crate) use figures::{fund_months, operator_month};

use crate::Ledger;
use crate::Text;
use crate::access::{Actor, Permission};
use crate::accounts::{self, months};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::ledger::chain::Appender;
use crate::money::{Money, Overflow, round_line};
use crate::period::{Period, parse_date};
pub use crate::tariffs::purpose_word;
use crate::text::{Word, capitalized, code_of, list_of, normalize_key, shorten};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One purpose of the fund, on a day.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct PurposeBalance {
    /// The purpose.
    pub purpose: String,
    /// The shares credited as bills were paid.
    pub contributions: Money,
    /// The subsidies debited at issue.
    pub subsidies: Money,
    /// What was spent from it.
    pub spending: Money,
    /// What remains.
    pub balance: Money,
}

/// The community fund on a day, by purpose.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct FundBalance {
    /// The day (ISO).
    pub as_of: String,
    /// Each purpose.
    pub purposes: Vec<PurposeBalance>,
    /// What remains, every purpose together.
    pub total: Money,
}

/// A spending of the fund, as the form gives it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct FundSpending {
    /// The purpose it is spent on.
    pub purpose: String,
    /// When.
    pub spent_on: NaiveDate,
    /// How much.
    pub amount: Money,
    /// What for.
    pub description: String,
    /// The supporting document (invoice, receipt).
    pub document: String,
    /// Who approved it.
    pub approved_by: String,
}

/// The operator's entries: money in from the municipality, and what running the service cost.
pub const OPERATOR_KINDS: &[Word] = &[
    Word {
        code: "transition_subsidy",
        es: "subsidio de transición",
        en: "transition subsidy",
    },
    Word {
        code: "energy",
        es: "energía",
        en: "energy",
    },
    Word {
        code: "chlorine",
        es: "cloro",
        en: "chlorine",
    },
    Word {
        code: "salaries",
        es: "sueldos",
        en: "salaries",
    },
    Word {
        code: "maintenance",
        es: "mantenimiento",
        en: "maintenance",
    },
    Word {
        code: "other_cost",
        es: "otro costo",
        en: "other cost",
    },
];

/// An operator entry's kind in words ("energía"); an unknown code as it is stored.
pub fn operator_kind_word(code: &str, lang: crate::Lang) -> String {
    OPERATOR_KINDS
        .iter()
        .find(|w| w.code == code)
        .map_or_else(|| code.replace('_', " "), |w| w.get(lang).to_string())
}

/// An entry of the operator's own accounts: a transition subsidy received or a cost.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct OperatorEntry {
    /// Its kind (`transition_subsidy`, `salaries`, `energy`…).
    pub kind: String,
    /// When.
    pub entry_on: NaiveDate,
    /// How much.
    pub amount: Money,
    /// What for.
    pub description: String,
    /// The supporting document.
    pub document: String,
}

/// Splits `amount` by purpose shares (which add up to exactly 1, tariffs::document) by the
/// largest remainder: each purpose gets its exact share rounded down to the céntimo, and the
/// céntimos left go one each to the purposes with the largest fractions cut (ties in purpose
/// order). The parts add up to the whole, and no purpose is more than a céntimo from its exact
/// share, above or below. Applied to a cumulative amount (all a tariff's fund received by a
/// day), the error stays under a céntimo per purpose however long the history is, instead of
/// growing with every split (the remainder once went to the last purpose each time).
fn split(amount: Money, shares: &BTreeMap<String, Decimal>) -> Result<Vec<(String, Money)>> {
    let negative = amount.is_negative();
    let whole = Decimal::from(amount.cents().unsigned_abs());
    let mut parts: Vec<(String, i64, Decimal)> = Vec::with_capacity(shares.len());
    for (purpose, share) in shares {
        let exact = whole.checked_mul(*share).ok_or(Overflow)?;
        let floor = exact.floor();
        let cents = i64::try_from(floor).map_err(|_| Overflow)?;
        parts.push((purpose.clone(), cents, exact - floor));
    }
    let given: i64 = parts.iter().map(|p| p.1).sum();
    // Fewer céntimos left than purposes, since the shares add up to 1.
    let left = usize::try_from(amount.cents().unsigned_abs() as i64 - given).unwrap_or(0);
    let mut order: Vec<usize> = (0..parts.len()).collect();
    // Largest fraction first; a stable sort keeps purpose order among equals.
    order.sort_by(|&a, &b| parts[b].2.cmp(&parts[a].2));
    for &i in order.iter().cycle().take(if parts.is_empty() { 0 } else { left }) {
        parts[i].1 += 1;
    }
    Ok(parts
        .into_iter()
        .map(|(p, c, _)| (p, Money::from_cents(if negative { -c } else { c })))
        .collect())
}

const FUND_SQL: &str = "SELECT id, purpose, spent_on, amount, description, document, approved_by, recorded_by FROM fund_spending WHERE id = ?1";
const OPERATOR_SQL: &str =
    "SELECT id, kind, entry_on, amount, description, document, recorded_by FROM operator_entries WHERE id = ?1";

/// Every column of one row, for the hash chain; its reference is `#id`.
fn canonical_row(conn: &Connection, sql: &str, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(sql)?
        .query_row([id], |r| {
            let n = r.as_ref().column_count();
            let mut parts = Vec::with_capacity(n);
            for i in 0..n {
                parts.push(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => String::new(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    other => format!("{other:?}"),
                });
            }
            Ok((format!("#{id}"), crate::ledger::chain::fields(&parts)))
        })
        .optional()
}

pub(crate) fn fund_canonical(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    canonical_row(conn, FUND_SQL, id)
}

pub(crate) fn operator_canonical(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    canonical_row(conn, OPERATOR_SQL, id)
}

/// Sealed in the hash chain as `fund_spending`.
pub(crate) const SPENDING_RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "fund_spending",
    content: fund_canonical,
    table: "fund_spending",
};

/// Sealed in the hash chain as `operator_entry`.
pub(crate) const OPERATOR_RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "operator_entry",
    content: operator_canonical,
    table: "operator_entries",
};

/// The purpose code of what the clerk typed: the code or its word in either language, in the
/// singular or the plural ("subsidio" names "subsidios"), without regard to case or accents.
fn purpose_code(typed: &str, known: &[String]) -> Option<String> {
    let key = |s: &str| normalize_key(s).trim_end_matches('s').to_string();
    let typed = key(typed);
    known
        .iter()
        .find(|k| {
            [k.to_string(), purpose_word(k, Lang::Es), purpose_word(k, Lang::En)]
                .iter()
                .any(|w| key(w) == typed)
        })
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shares() -> BTreeMap<String, Decimal> {
        [("environment", "0.25"), ("hygiene", "0.25"), ("subsidy", "0.5")]
            .iter()
            .map(|(p, s)| (p.to_string(), s.parse().unwrap_or_default()))
            .collect()
    }

    /// The demo town's environment and hygiene once got +S/ 7.58 each and subsidy −S/ 15.15
    /// against their shares: each bill's split gave its rounding to the last purpose. Split
    /// over a year's cumulative amounts, every purpose stays within a céntimo of its share.
    #[test]
    fn a_years_split_stays_within_a_centimo_of_each_share() {
        let s = shares();
        // 12 months × 1,200 bills of fund shares from S/ 0.01 to S/ 0.99, split as they add up.
        let mut total = 0i64;
        for i in 0..14_400i64 {
            total += 1 + (i * 37) % 99;
            let parts = split(Money::from_cents(total), &s).unwrap_or_default();
            assert_eq!(parts.iter().map(|p| p.1.cents()).sum::<i64>(), total);
            for (purpose, part) in &parts {
                let exact = Decimal::from(total) * s[purpose];
                let error = (Decimal::from(part.cents()) - exact).abs();
                assert!(error < Decimal::ONE, "{purpose}: {part} against {exact}");
            }
        }
        assert_eq!(
            split(Money::from_cents(3), &s).unwrap_or_default(),
            vec![
                ("environment".to_string(), Money::from_cents(1)),
                ("hygiene".to_string(), Money::from_cents(1)),
                ("subsidy".to_string(), Money::from_cents(1)),
            ],
            "0.75, 0.75 and 1.5: the two largest fractions get the céntimos left"
        );
        let one: Vec<i64> = split(Money::from_cents(1), &s)
            .unwrap_or_default()
            .iter()
            .map(|p| p.1.cents())
            .collect();
        assert_eq!(one, vec![0, 0, 1], "0.25, 0.25, 0.5: the largest fraction, subsidy");
        let two: Vec<i64> = split(Money::from_cents(2), &s)
            .unwrap_or_default()
            .iter()
            .map(|p| p.1.cents())
            .collect();
        assert_eq!(two, vec![1, 0, 1], "0.5 and 0.5 tie: purpose order");
        assert_eq!(
            split(Money::from_cents(-3), &s).unwrap_or_default()[2].1,
            Money::from_cents(-1)
        );
    }
}
