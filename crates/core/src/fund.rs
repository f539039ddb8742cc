//! The community fund (docs/tariff.md step 9): every bill's fund share is credited, split by
//! purpose, as the bill is paid and in proportion to what is paid; subsidy lines are debited to
//! the `subsidy` purpose as bills are issued; spending is recorded with its purpose, document
//! and approver, and refused beyond what the purpose holds. Also the operator's own entries:
//! the municipality's transition subsidy and the monthly operating costs.

use crate::Ledger;
use crate::Text;
use crate::access::{Actor, Permission};
use crate::accounts::{self, months};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::ledger::chain::Appender;
use crate::money::{Money, round_line};
use crate::period::{Period, parse_date};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

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

/// The fund by purpose at the end of each of `days`, read from one load of the entries (the
/// days in any order). A balance at a day counts only what is dated on or before it, so it
/// never changes once its month is closed.
pub(crate) fn balances_at(conn: &Connection, days: &[NaiveDate]) -> Result<Vec<FundBalance>> {
    let Some(&last) = days.iter().max() else {
        return Ok(Vec::new());
    };
    let scope = accounts::Scope {
        connection: None,
        as_of: Some(last),
        references: false,
    };
    balances_from(conn, &accounts::load(conn, scope)?, days)
}

/// [`balances_at`] over entries already loaded up to the last of `days` (a caller that reads
/// the accounts for other figures too loads them once).
pub(crate) fn balances_from(
    conn: &Connection,
    entries: &HashMap<i64, Vec<accounts::Entry>>,
    days: &[NaiveDate],
) -> Result<Vec<FundBalance>> {
    let shares = purposes_by_tariff(conn)?;
    // Subsidies granted at issue (bills) and corrected by notes; spending by purpose.
    let subsidy_rows: Vec<(NaiveDate, Money)> = {
        let mut stmt = conn.prepare(
            "SELECT issued_on, -subsidy FROM bills WHERE subsidy <> 0
             UNION ALL SELECT issued_on, CASE kind WHEN 'credit' THEN -subsidy ELSE subsidy END FROM notes WHERE subsidy <> 0",
        )?;
        let rows = stmt.query_map([], |r| {
            let d: String = r.get(0)?;
            Ok((parse_date(&d).unwrap_or(NaiveDate::MIN), Money::from_cents(r.get(1)?)))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let spending: Vec<(String, NaiveDate, Money)> = {
        let mut stmt = conn.prepare("SELECT purpose, spent_on, amount FROM fund_spending")?;
        let rows = stmt.query_map([], |r| {
            let d: String = r.get(1)?;
            Ok((
                r.get(0)?,
                parse_date(&d).unwrap_or(NaiveDate::MIN),
                Money::from_cents(r.get(2)?),
            ))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    // Purposes by position, so each entry adds to a slot instead of looking a name up; each
    // tariff's split of a whole fund share, kept once, since most bills end up paid in full.
    let names: Vec<&String> = {
        let mut n: Vec<&String> = shares.values().flat_map(|s| s.keys()).collect();
        n.sort();
        n.dedup();
        n
    };
    let slot: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    // Each part of the accounts at once; what they credit the fund adds up.
    let parts = accounts::in_parts(entries, |accounts| {
        // The split of each (tariff, whole fund share), kept once in `wholes`: most bills end up
        // paid in full.
        let mut whole_index: HashMap<(i64, i64), usize> = HashMap::new();
        let mut wholes: Vec<Vec<(usize, Money)>> = Vec::new();
        // Each account allocated once for every day (accounts::allocation::at_days).
        let mut by_day = vec![vec![Money::ZERO; names.len()]; days.len()];
        // What each entry of an account gives the fund: its tariff's purposes and its whole split,
        // looked up once per entry rather than once per entry and day.
        let mut plan: Vec<Option<(&BTreeMap<String, Decimal>, usize)>> = Vec::new();
        for &(_, account) in accounts {
            plan.clear();
            for e in account {
                let purposes = (e.fund_share != Money::ZERO && e.amount != Money::ZERO)
                    .then(|| e.tariff_id.and_then(|t| shares.get(&t).map(|s| (t, s))))
                    .flatten();
                let Some((tariff, purposes)) = purposes else {
                    plan.push(None);
                    continue;
                };
                let k = match whole_index.entry((tariff, e.fund_share.cents())) {
                    std::collections::hash_map::Entry::Occupied(o) => *o.get(),
                    std::collections::hash_map::Entry::Vacant(v) => {
                        let parts = split(e.fund_share, purposes)?
                            .into_iter()
                            .map(|(purpose, part)| (slot[purpose.as_str()], part))
                            .collect();
                        wholes.push(parts);
                        *v.insert(wholes.len() - 1)
                    }
                };
                plan.push(Some((purposes, k)));
            }
            if plan.iter().all(Option::is_none) {
                continue;
            }
            accounts::allocation::at_days(account, days, |day, prefix, a| {
                let contributions = &mut by_day[day];
                for (i, e) in prefix.iter().enumerate() {
                    let Some((purposes, whole_split)) = plan[i] else {
                        continue;
                    };
                    // In proportion to what is settled: a charge by how much of it is covered, a
                    // credit note by how much of it was applied. Rounded once on the whole, so a
                    // settled bill credits exactly its share.
                    let settled = if e.kind.is_charge() { a.covered[i] } else { a.applied[i] };
                    if settled == Money::ZERO {
                        continue;
                    }
                    let whole = e.amount.cents().unsigned_abs();
                    if u64::try_from(settled.cents()) == Ok(whole) {
                        for (k, part) in &wholes[whole_split] {
                            contributions[*k] = contributions[*k].checked_add(*part)?;
                        }
                        continue;
                    }
                    let credited =
                        round_line(e.fund_share.to_decimal() * Decimal::from(settled.cents()) / Decimal::from(whole))?;
                    for (purpose, part) in split(credited, purposes)? {
                        let c = &mut contributions[slot[purpose.as_str()]];
                        *c = c.checked_add(part)?;
                    }
                }
                Ok(())
            })?;
        }
        Ok(by_day)
    })?;
    let mut by_day = vec![vec![Money::ZERO; names.len()]; days.len()];
    for part in parts {
        for (sum, day) in by_day.iter_mut().zip(part) {
            for (s, c) in sum.iter_mut().zip(day) {
                *s = s.checked_add(c)?;
            }
        }
    }
    let mut out = Vec::with_capacity(days.len());
    for (&day, contributions) in days.iter().zip(by_day) {
        let mut by: BTreeMap<String, PurposeBalance> = BTreeMap::new();
        for (k, name) in names.iter().enumerate() {
            entry(&mut by, name).contributions = contributions[k];
        }
        let granted = Money::sum(subsidy_rows.iter().filter(|r| r.0 <= day).map(|r| r.1))?;
        if granted != Money::ZERO {
            entry(&mut by, "subsidy").subsidies = granted;
        }
        for (purpose, _, amount) in spending.iter().filter(|s| s.1 <= day) {
            let p = entry(&mut by, purpose);
            p.spending = p.spending.checked_add(*amount)?;
        }
        let mut total = Money::ZERO;
        for e in by.values_mut() {
            e.balance = e.contributions.checked_sub(e.subsidies)?.checked_sub(e.spending)?;
            total = total.checked_add(e.balance)?;
        }
        out.push(FundBalance {
            as_of: day.to_string(),
            purposes: by.into_values().collect(),
            total,
        });
    }
    Ok(out)
}

fn entry<'a>(by: &'a mut BTreeMap<String, PurposeBalance>, purpose: &str) -> &'a mut PurposeBalance {
    by.entry(purpose.to_string()).or_insert_with(|| PurposeBalance {
        purpose: purpose.to_string(),
        ..Default::default()
    })
}

/// The fund at every day on which a movement dated from `from` to `today` changes it (and at
/// both ends): where a new movement dated `from` must leave no purpose overdrawn.
pub(crate) fn purpose_balances_from(conn: &Connection, from: NaiveDate, today: NaiveDate) -> Result<Vec<FundBalance>> {
    let mut days: Vec<NaiveDate> = vec![from, today];
    let mut stmt = conn.prepare(
        "SELECT spent_on FROM fund_spending WHERE spent_on >= ?1
         UNION SELECT paid_on FROM payments WHERE reverses IS NOT NULL AND paid_on >= ?1",
    )?;
    let rows = stmt.query_map([from.to_string()], |r| r.get::<_, String>(0))?;
    for d in rows {
        if let Some(d) = parse_date(&d?).filter(|d| *d <= today) {
            days.push(d);
        }
    }
    days.sort();
    days.dedup();
    balances_at(conn, &days)
}

/// The first purpose a movement overdraws on any of the days compared: what it received less
/// what was spent from it falls below zero, and lower than before. (Subsidies granted at issue
/// are left out: the subsidy purpose may stand below zero from them — the fund owes them — and
/// a reversal of a subsidized household's payment must stay possible.)
pub(crate) fn overdrawn(before: &[FundBalance], after: &[FundBalance]) -> Option<Text> {
    let held = |p: &PurposeBalance| Money::from_cents(p.contributions.cents() - p.spending.cents());
    for (b, a) in before.iter().zip(after) {
        for p in &a.purposes {
            let was = b
                .purposes
                .iter()
                .find(|q| q.purpose == p.purpose)
                .map_or(Money::ZERO, held);
            let now = held(p);
            // Nothing spent, nothing overdrawn: a purpose below zero from the proportional
            // rounding of partly settled shares (a céntimo) is not money taken out.
            if p.spending > Money::ZERO && now < Money::ZERO && now < was {
                let day = parse_date(&a.as_of).unwrap_or(NaiveDate::MIN);
                return Some(Text::new(
                    format!(
                        "El fin «{}» del fondo quedaría en {} al {} (tenía {}): ese dinero ya se gastó. Si debe hacerse igual, indique por qué en el motivo para el fondo.",
                        p.purpose,
                        now,
                        Lang::Es.date(day),
                        was
                    ),
                    format!(
                        "The fund's purpose «{}» would stand at {} on {} (it held {}): that money was already spent. If it must go ahead, say why in the fund reason.",
                        p.purpose,
                        now,
                        Lang::En.date(day),
                        was
                    ),
                ));
            }
        }
    }
    None
}

/// One purpose of the fund over one month.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct PurposeMonth {
    pub purpose: String,
    pub opening: Money,
    /// Credited from bills paid in the month.
    pub contributions: Money,
    /// Subsidy lines of bills issued in the month (net of notes).
    pub subsidies: Money,
    pub spending: Money,
    pub closing: Money,
}

/// The fund over one calendar month: each purpose, and the spending with its documents.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct FundMonth {
    pub period: String,
    pub purposes: Vec<PurposeMonth>,
    pub spent: Vec<FundSpending>,
    pub contributions: Money,
    /// Subsidies and spending together: what left the fund.
    pub outflows: Money,
    pub closing: Money,
}

/// The fund's months `periods` (in any order), from one reading of the balances at each
/// month's end and the one before: a month's movements are the differences.
pub(crate) fn fund_months(
    conn: &Connection,
    entries: &HashMap<i64, Vec<accounts::Entry>>,
    periods: &[Period],
) -> Result<Vec<FundMonth>> {
    let ends = |p: &Period| (p.first_day().pred_opt().unwrap_or(p.first_day()), p.last_day());
    // A month's opening is the month before's closing: each day is read once.
    let mut days: Vec<NaiveDate> = periods.iter().flat_map(|p| [ends(p).0, ends(p).1]).collect();
    days.sort();
    days.dedup();
    let balances = balances_from(conn, entries, &days)?;
    let at = |d: NaiveDate| &balances[days.partition_point(|x| *x < d)];
    let mut out = Vec::with_capacity(periods.len());
    for p in periods {
        let (opening, closing) = (at(ends(p).0), at(ends(p).1));
        let mut purposes = Vec::with_capacity(closing.purposes.len());
        let (mut contributions, mut outflows) = (Money::ZERO, Money::ZERO);
        for c in &closing.purposes {
            let before = opening.purposes.iter().find(|o| o.purpose == c.purpose);
            let was = |f: fn(&PurposeBalance) -> Money| before.map(f).unwrap_or(Money::ZERO);
            let m = PurposeMonth {
                purpose: c.purpose.clone(),
                opening: was(|b| b.balance),
                contributions: c.contributions.checked_sub(was(|b| b.contributions))?,
                subsidies: c.subsidies.checked_sub(was(|b| b.subsidies))?,
                spending: c.spending.checked_sub(was(|b| b.spending))?,
                closing: c.balance,
            };
            contributions = contributions.checked_add(m.contributions)?;
            outflows = outflows.checked_add(m.subsidies)?.checked_add(m.spending)?;
            purposes.push(m);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT purpose, spent_on, amount, description, document, approved_by FROM fund_spending
              WHERE spent_on BETWEEN ?1 AND ?2 ORDER BY purpose, id",
        )?;
        let spent = stmt
            .query_map((p.first_day().to_string(), p.last_day().to_string()), |r| {
                let d: String = r.get(1)?;
                Ok(FundSpending {
                    purpose: r.get(0)?,
                    spent_on: parse_date(&d).unwrap_or(NaiveDate::MIN),
                    amount: Money::from_cents(r.get(2)?),
                    description: r.get(3)?,
                    document: r.get(4)?,
                    approved_by: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.push(FundMonth {
            period: p.to_string(),
            purposes,
            spent,
            contributions,
            outflows,
            closing: closing.total,
        });
    }
    Ok(out)
}

/// The operator's own money over one month: the transition subsidy received and what running
/// the service cost, by kind.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct OperatorMonth {
    pub period: String,
    pub transition_subsidy: Money,
    /// Costs by kind (`energy`, `chlorine`, `salaries`, `maintenance`, `other_cost`).
    pub costs: Vec<(String, Money)>,
    pub total_costs: Money,
}

pub(crate) fn operator_month(conn: &Connection, p: Period) -> Result<OperatorMonth> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, sum(amount) FROM operator_entries WHERE entry_on BETWEEN ?1 AND ?2 GROUP BY kind ORDER BY kind",
    )?;
    let rows: Vec<(String, i64)> = stmt
        .query_map((p.first_day().to_string(), p.last_day().to_string()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut m = OperatorMonth {
        period: p.to_string(),
        ..OperatorMonth::default()
    };
    for (kind, cents) in rows {
        let amount = Money::from_cents(cents);
        if kind == "transition_subsidy" {
            m.transition_subsidy = amount;
        } else {
            m.total_costs = m.total_costs.checked_add(amount)?;
            m.costs.push((kind, amount));
        }
    }
    Ok(m)
}

impl Ledger {
    /// The fund by purpose at the end of `as_of`: contributions in proportion to what was
    /// paid by then, subsidies of bills issued by then, spending by then.
    pub fn fund_balance(&self, as_of: NaiveDate) -> Result<FundBalance> {
        balances_at(self.conn(), &[as_of])?
            .pop()
            .ok_or_else(|| Error::Internal("fund balance of no day".into()))
    }

    /// Records spending from the fund. Refused when it would leave its purpose overdrawn on
    /// its date or on any later day (checked inside the write, so two clerks spending the last
    /// of a purpose at once cannot both succeed).
    pub fn spend_fund(&mut self, actor: &Actor, s: &FundSpending) -> Result<i64> {
        actor.require(Permission::ManageFund)?;
        let today = self.clock().today();
        accounts::check_amount("amount", s.amount)?;
        for (field, value) in [
            ("description", &s.description),
            ("document", &s.document),
            ("approved_by", &s.approved_by),
        ] {
            if value.trim().is_empty() {
                let (es, en) = match field {
                    "description" => ("la descripción", "the description"),
                    "document" => ("el documento de sustento", "the supporting document"),
                    _ => ("quién lo aprobó", "who approved it"),
                };
                return Err(Error::invalid(
                    "fund_field",
                    format!(
                        "Falta {es}: todo gasto del fondo lleva descripción, documento de sustento y quién lo aprobó."
                    ),
                    format!(
                        "{} is missing: every fund expense has a description, a supporting document and who approved it.",
                        capitalized(en)
                    ),
                ));
            }
        }
        self.write(actor, "fund.spend", |tx, _| {
            months::check_entry_date(tx, "spent_on", s.spent_on, today, ("el gasto", "the spending"))?;
            let before = purpose_balances_from(tx, s.spent_on, today)?;
            let known: Vec<String> = before
                .first()
                .map(|f| f.purposes.iter().map(|p| p.purpose.clone()).collect())
                .unwrap_or_default();
            if !known.contains(&s.purpose) {
                return Err(Error::invalid(
                    "purpose",
                    format!("«{}» no es un fin del fondo ({}).", s.purpose, known.join(", ")),
                    format!("«{}» is not a purpose of the fund ({}).", s.purpose, known.join(", ")),
                ));
            }
            for f in &before {
                let holds = f
                    .purposes
                    .iter()
                    .find(|p| p.purpose == s.purpose)
                    .map_or(Money::ZERO, |p| p.balance);
                if s.amount > holds {
                    let day = parse_date(&f.as_of).unwrap_or(s.spent_on);
                    return Err(Error::conflict(
                        format!(
                            "El fin «{}» tiene {} al {}; no alcanza para gastar {}.",
                            s.purpose,
                            holds,
                            Lang::Es.date(day),
                            s.amount
                        ),
                        format!(
                            "Purpose «{}» holds {} on {}; that does not cover spending {}.",
                            s.purpose,
                            holds,
                            Lang::En.date(day),
                            s.amount
                        ),
                    ));
                }
            }
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
        accounts::check_amount("amount", e.amount)?;
        let today = self.clock().today();
        self.write(actor, "operator.entry", |tx, _| {
            months::check_entry_date(tx, "entry_on", e.entry_on, today, ("el movimiento", "the entry"))?;
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
pub(crate) const SPENDING_RECORD: crate::ledger::chain::Kind = crate::ledger::chain::Kind {
    name: "fund_spending",
    content: fund_canonical,
    table: "fund_spending",
};

/// Sealed in the hash chain as `operator_entry`.
pub(crate) const OPERATOR_RECORD: crate::ledger::chain::Kind = crate::ledger::chain::Kind {
    name: "operator_entry",
    content: operator_canonical,
    table: "operator_entries",
};

/// A purpose of the fund in words: "subsidios", "medio ambiente", "higiene".
pub fn purpose_word(purpose: &str, lang: crate::Lang) -> String {
    match purpose {
        "subsidy" => lang.pick("subsidios", "subsidies").to_string(),
        "environment" => lang.pick("medio ambiente", "environment").to_string(),
        "hygiene" => lang.pick("higiene", "hygiene").to_string(),
        other => other.replace('_', " "),
    }
}
