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
use crate::money::{Money, Overflow, round_line};
use crate::period::{Period, parse_date};
use crate::text::{Word, capitalized, code_of, list_of, normalize_key, shorten};
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

/// The purposes a tariff may give the fund, in words.
const PURPOSES: &[Word] = &[
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

/// An operator entry's kind in words ("energía"); an unknown code as it is stored.
pub fn operator_kind_word(code: &str, lang: crate::Lang) -> String {
    OPERATOR_KINDS
        .iter()
        .find(|w| w.code == code)
        .map_or_else(|| code.replace('_', " "), |w| w.get(lang).to_string())
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct OperatorEntry {
    pub kind: String,
    pub entry_on: NaiveDate,
    pub amount: Money,
    pub description: String,
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
    // What the fund received by each day, by tariff: each tariff's total is split by its
    // purposes once, at the end (split: the rounding stays under a céntimo per purpose).
    let tariffs: Vec<i64> = {
        let mut t: Vec<i64> = shares.keys().copied().collect();
        t.sort_unstable();
        t
    };
    let slot: HashMap<i64, usize> = tariffs.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    // Each part of the accounts at once; what they credit the fund adds up.
    let parts = accounts::in_parts(entries, |accounts| {
        // Each account allocated once for every day (accounts::allocation::at_days).
        let mut by_day = vec![vec![Money::ZERO; tariffs.len()]; days.len()];
        // Which tariff's fund each entry of an account gives to, looked up once per entry.
        let mut plan: Vec<Option<usize>> = Vec::new();
        for &(_, account) in accounts {
            plan.clear();
            plan.extend(account.iter().map(|e| {
                (e.fund_share != Money::ZERO && e.amount != Money::ZERO)
                    .then(|| e.tariff_id.and_then(|t| slot.get(&t).copied()))
                    .flatten()
            }));
            if plan.iter().all(Option::is_none) {
                continue;
            }
            accounts::allocation::at_days(account, days, |day, prefix, a| {
                let received = &mut by_day[day];
                for (i, e) in prefix.iter().enumerate() {
                    let Some(tariff) = plan[i] else {
                        continue;
                    };
                    // In proportion to what is settled: a charge by how much of it is covered, a
                    // credit note by how much of it was applied. A settled bill credits exactly
                    // its share.
                    let settled = if e.kind.is_charge() { a.covered[i] } else { a.applied[i] };
                    if settled == Money::ZERO {
                        continue;
                    }
                    let whole = e.amount.cents().unsigned_abs();
                    let credited = if u64::try_from(settled.cents()) == Ok(whole) {
                        e.fund_share
                    } else {
                        round_line(e.fund_share.to_decimal() * Decimal::from(settled.cents()) / Decimal::from(whole))?
                    };
                    received[tariff] = received[tariff].checked_add(credited)?;
                }
                Ok(())
            })?;
        }
        Ok(by_day)
    })?;
    let mut by_day = vec![vec![Money::ZERO; tariffs.len()]; days.len()];
    for part in parts {
        for (sum, day) in by_day.iter_mut().zip(part) {
            for (s, c) in sum.iter_mut().zip(day) {
                *s = s.checked_add(c)?;
            }
        }
    }
    let names: Vec<&String> = {
        let mut n: Vec<&String> = shares.values().flat_map(|s| s.keys()).collect();
        n.sort();
        n.dedup();
        n
    };
    let by_day: Vec<Vec<Money>> = by_day
        .into_iter()
        .map(|received| -> Result<Vec<Money>> {
            let mut contributions = vec![Money::ZERO; names.len()];
            for (t, total) in tariffs.iter().zip(received) {
                for (purpose, part) in split(total, &shares[t])? {
                    if let Some(k) = names.iter().position(|n| **n == purpose) {
                        contributions[k] = contributions[k].checked_add(part)?;
                    }
                }
            }
            Ok(contributions)
        })
        .collect::<Result<_>>()?;
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
            let Some(purpose) = purpose_code(&s.purpose, &known) else {
                let words = |lang| {
                    known
                        .iter()
                        .map(|k| purpose_word(k, lang))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                return Err(Error::invalid(
                    "purpose",
                    format!(
                        "«{}» no es un fin del fondo ({}).",
                        shorten(&s.purpose),
                        words(Lang::Es)
                    ),
                    format!(
                        "«{}» is not a purpose of the fund ({}).",
                        shorten(&s.purpose),
                        words(Lang::En)
                    ),
                ));
            };
            let s = &FundSpending { purpose, ..s.clone() };
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
        let Some(kind) = code_of(OPERATOR_KINDS, &e.kind) else {
            return Err(Error::invalid(
                "kind",
                format!(
                    "«{}» no es un tipo de movimiento ({}).",
                    shorten(&e.kind),
                    list_of(OPERATOR_KINDS, Lang::Es)
                ),
                format!(
                    "«{}» is not an entry kind ({}).",
                    shorten(&e.kind),
                    list_of(OPERATOR_KINDS, Lang::En)
                ),
            ));
        };
        let e = &OperatorEntry {
            kind: kind.to_string(),
            ..e.clone()
        };
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
    PURPOSES
        .iter()
        .find(|w| w.code == purpose)
        .map_or_else(|| purpose.replace('_', " "), |w| w.get(lang).to_string())
}

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
