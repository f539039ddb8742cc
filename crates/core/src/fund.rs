//! The community fund (spec/tariff.md step 9): every bill's fund share is credited, split by
//! purpose, as the bill is paid and in proportion to what is paid; subsidy lines are debited to
//! the `subsidy` purpose as bills are issued; spending is recorded with its purpose, document
//! and approver, and refused beyond what the purpose holds. Also the operator's own entries:
//! the municipality's transition subsidy and the monthly operating costs.

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::ledger::chain::Appender;
use crate::money::{Money, round_line};
use crate::payments::allocation::{DueBill, all_payment_records, allocate, apply_notes, effective, group};
use crate::period::parse_date;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct PurposeBalance {
    pub purpose: String,
    pub contributions: Money,
    pub subsidies: Money,
    pub spending: Money,
    pub balance: Money,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct FundBalance {
    pub as_of: String,
    pub purposes: Vec<PurposeBalance>,
    pub total: Money,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct FundSpending {
    pub purpose: String,
    pub spent_on: NaiveDate,
    pub amount: Money,
    pub description: String,
    pub document: String,
    pub approved_by: String,
}

/// The operator's entries: money in from the municipality, and what running the service cost.
pub const OPERATOR_KINDS: &[&str] = &[
    "transition_subsidy",
    "energy",
    "chlorine",
    "salaries",
    "maintenance",
    "other_cost",
];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct OperatorEntry {
    pub kind: String,
    pub entry_on: NaiveDate,
    pub amount: Money,
    pub description: String,
    pub document: String,
}

/// Splits `amount` by purpose shares; the last purpose takes the rounding remainder, so the
/// parts always add up to the whole.
fn split(amount: Money, shares: &BTreeMap<String, Decimal>) -> Result<Vec<(String, Money)>> {
    let mut out = Vec::with_capacity(shares.len());
    let mut left = amount;
    let n = shares.len();
    for (i, (purpose, share)) in shares.iter().enumerate() {
        let part = if i + 1 == n {
            left
        } else {
            round_line(amount.to_decimal() * *share)?
        };
        left = left.checked_sub(part)?;
        out.push((purpose.clone(), part));
    }
    Ok(out)
}

fn purposes_by_tariff(conn: &Connection) -> Result<HashMap<i64, BTreeMap<String, Decimal>>> {
    let mut stmt = conn.prepare("SELECT id, document FROM tariffs")?;
    let rows: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut map = HashMap::new();
    for (id, doc) in rows {
        if let Some(f) = crate::tariffs::parse(&doc)?.fund {
            map.insert(id, f.purposes);
        }
    }
    Ok(map)
}

impl Ledger {
    /// The fund by purpose on `as_of`: contributions from payments made by then, subsidies of
    /// bills issued by then, spending by then.
    pub fn fund_balance(&self, as_of: NaiveDate) -> Result<FundBalance> {
        let conn = self.conn();
        let shares = purposes_by_tariff(conn)?;
        let mut by: BTreeMap<String, PurposeBalance> = BTreeMap::new();
        for s in shares.values() {
            for p in s.keys() {
                by.entry(p.clone()).or_insert_with(|| PurposeBalance {
                    purpose: p.clone(),
                    ..Default::default()
                });
            }
        }
        let mut stmt = conn.prepare(
            "SELECT connection_id, id, due_on, amount_due, fund_share, tariff_id, subsidy, issued_on FROM bills ORDER BY connection_id, id",
        )?;
        let mut subsidies = Money::ZERO;
        let mut bills: Vec<(i64, DueBill)> = Vec::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let issued: String = r.get(7)?;
            if parse_date(&issued).is_some_and(|d| d <= as_of) {
                subsidies = subsidies.checked_sub(Money::from_cents(r.get(6)?))?;
            }
            bills.push((
                r.get(0)?,
                DueBill {
                    id: r.get(1)?,
                    number: String::new(),
                    period: String::new(),
                    amount_due: Money::from_cents(r.get(3)?),
                    fund_share: Money::from_cents(r.get(4)?),
                    tariff_id: r.get(5)?,
                },
            ));
        }
        drop(rows);
        let payments = all_payment_records(conn)?;
        let notes = crate::notes::adjustments(conn)?;
        for (id, mut bills) in group(bills) {
            apply_notes(&mut bills, &notes)?;
            let records: Vec<_> = payments
                .get(&id)
                .map(Vec::as_slice)
                .unwrap_or(&[])
                .iter()
                .copied()
                .filter(|r| r.1 <= as_of)
                .collect();
            let a = allocate(&bills, &effective(&records))?;
            for (b, left) in bills.iter().zip(&a.remaining) {
                if b.fund_share == Money::ZERO || b.amount_due <= Money::ZERO {
                    continue;
                }
                let paid = b.amount_due.checked_sub(*left)?;
                // In proportion to what is paid, rounded once on the bill's whole paid amount so
                // that a fully paid bill credits exactly its fund share.
                let credited = round_line(b.fund_share.to_decimal() * paid.to_decimal() / b.amount_due.to_decimal())?;
                if let Some(s) = shares.get(&b.tariff_id) {
                    for (purpose, part) in split(credited, s)? {
                        let e = by.entry(purpose.clone()).or_insert_with(|| PurposeBalance {
                            purpose,
                            ..Default::default()
                        });
                        e.contributions = e.contributions.checked_add(part)?;
                    }
                }
            }
        }
        if subsidies != Money::ZERO {
            let e = by.entry("subsidy".into()).or_insert_with(|| PurposeBalance {
                purpose: "subsidy".into(),
                ..Default::default()
            });
            e.subsidies = subsidies;
        }
        let mut stmt =
            conn.prepare("SELECT purpose, sum(amount) FROM fund_spending WHERE spent_on <= ?1 GROUP BY purpose")?;
        let spent: Vec<(String, i64)> = stmt
            .query_map([as_of.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (purpose, cents) in spent {
            let e = by.entry(purpose.clone()).or_insert_with(|| PurposeBalance {
                purpose,
                ..Default::default()
            });
            e.spending = Money::from_cents(cents);
        }
        let mut total = Money::ZERO;
        for e in by.values_mut() {
            e.balance = e.contributions.checked_sub(e.subsidies)?.checked_sub(e.spending)?;
            total = total.checked_add(e.balance)?;
        }
        Ok(FundBalance {
            as_of: as_of.to_string(),
            purposes: by.into_values().collect(),
            total,
        })
    }

    /// Records spending from the fund; refused beyond what the purpose holds on the spending
    /// date and today.
    pub fn spend_fund(&mut self, actor: &Actor, s: &FundSpending) -> Result<i64> {
        actor.require(Permission::ManageFund)?;
        let today = self.clock().today();
        if s.amount <= Money::ZERO {
            return Err(Error::invalid(
                "amount",
                "El importe debe ser mayor que cero.",
                "The amount must be greater than zero.",
            ));
        }
        if s.spent_on > today {
            return Err(Error::invalid(
                "spent_on",
                "La fecha del gasto es futura.",
                "The spending date is in the future.",
            ));
        }
        for (field, value) in [
            ("description", &s.description),
            ("document", &s.document),
            ("approved_by", &s.approved_by),
        ] {
            if value.trim().is_empty() {
                return Err(Error::invalid(
                    "fund_field",
                    format!(
                        "Falta {field}: todo gasto del fondo lleva descripción, documento de sustento y quién lo aprobó."
                    ),
                    format!(
                        "{field} is missing: every fund expense has a description, a supporting document and who approved it."
                    ),
                ));
            }
        }
        for day in [s.spent_on, today] {
            let fund = self.fund_balance(day)?;
            let Some(p) = fund.purposes.iter().find(|p| p.purpose == s.purpose) else {
                let known: Vec<&str> = fund.purposes.iter().map(|p| p.purpose.as_str()).collect();
                return Err(Error::invalid(
                    "purpose",
                    format!("«{}» no es un fin del fondo ({}).", s.purpose, known.join(", ")),
                    format!("«{}» is not a purpose of the fund ({}).", s.purpose, known.join(", ")),
                ));
            };
            if s.amount > p.balance {
                return Err(Error::conflict(
                    format!(
                        "El fin «{}» tiene {} al {}; no alcanza para gastar {}.",
                        s.purpose,
                        p.balance,
                        crate::Lang::Es.date(day),
                        s.amount
                    ),
                    format!(
                        "Purpose «{}» holds {} on {day}; that does not cover spending {}.",
                        s.purpose, p.balance, s.amount
                    ),
                ));
            }
        }
        self.write(actor, "fund.spend", |tx, _| {
            tx.execute(
                "INSERT INTO fund_spending (purpose, spent_on, amount, description, document, approved_by, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                (
                    &s.purpose,
                    s.spent_on.to_string(),
                    s.amount.cents(),
                    s.description.trim(),
                    s.document.trim(),
                    s.approved_by.trim(),
                    &actor.name,
                ),
            )?;
            let id = tx.last_insert_rowid();
            let mut chain = Appender::start(tx)?;
            let content = canonical_row(tx, FUND_SQL, id)?.map(|c| c.1).unwrap_or_default();
            chain.push(tx, "fund_spending", id, &content)?;
            Ok((
                id,
                format!(
                    "purpose={} amount={} document={}",
                    s.purpose,
                    s.amount.plain(),
                    s.document
                ),
            ))
        })
    }

    /// Records a transition subsidy received or an operating cost.
    pub fn record_operator_entry(&mut self, actor: &Actor, e: &OperatorEntry) -> Result<i64> {
        actor.require(Permission::ManageFund)?;
        if !OPERATOR_KINDS.contains(&e.kind.as_str()) {
            return Err(Error::invalid(
                "kind",
                format!(
                    "«{}» no es un tipo de movimiento ({}).",
                    e.kind,
                    OPERATOR_KINDS.join(", ")
                ),
                format!("«{}» is not an entry kind ({}).", e.kind, OPERATOR_KINDS.join(", ")),
            ));
        }
        if e.amount <= Money::ZERO || e.entry_on > self.clock().today() {
            return Err(Error::invalid(
                "entry",
                "El importe debe ser mayor que cero y la fecha no puede ser futura.",
                "The amount must be above zero and the date cannot be in the future.",
            ));
        }
        self.write(actor, "operator.entry", |tx, _| {
            tx.execute(
                "INSERT INTO operator_entries (kind, entry_on, amount, description, document, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                (&e.kind, e.entry_on.to_string(), e.amount.cents(), e.description.trim(), e.document.trim(), &actor.name),
            )?;
            let id = tx.last_insert_rowid();
            let mut chain = Appender::start(tx)?;
            let content = canonical_row(tx, OPERATOR_SQL, id)?.map(|c| c.1).unwrap_or_default();
            chain.push(tx, "operator_entry", id, &content)?;
            Ok((id, format!("kind={} amount={}", e.kind, e.amount.plain())))
        })
    }
}

const FUND_SQL: &str = "SELECT id, purpose, spent_on, amount, description, document, approved_by, recorded_by FROM fund_spending WHERE id = ?1";
const OPERATOR_SQL: &str =
    "SELECT id, kind, entry_on, amount, description, document, recorded_by FROM operator_entries WHERE id = ?1";

/// Every column of one row, `|`-joined, for the hash chain; its reference is `#id`.
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
            Ok((format!("#{id}"), parts.join("|")))
        })
        .optional()
}

pub(crate) fn fund_canonical(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    canonical_row(conn, FUND_SQL, id)
}

pub(crate) fn operator_canonical(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    canonical_row(conn, OPERATOR_SQL, id)
}
