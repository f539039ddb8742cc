//! The billing run of a period: a preview that numbers nothing and can be recomputed at will,
//! and the issue that numbers and seals every bill in one IMMEDIATE transaction. Issuing again
//! bills only the connections without a bill for the period, with the next numbers.

use super::charges::{Charges, Pricing, compute};
use super::store::Bill;
use super::volume::{self, Atypical, Basis, MeteredInput, Outcome, PastBill, Volume};
use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::{Error, Result, Text};
use crate::ledger::chain::Appender;
use crate::money::Money;
use crate::period::Period;
use crate::readings::{last_ok_before, load_meters, of_period};
use crate::tariffs::StoredTariff;
use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One bill as it would be issued.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct RunLine {
    pub connection_id: i64,
    pub account: String,
    pub holder: String,
    pub address: String,
    pub category: String,
    pub volume: Volume,
    pub charges: Charges,
    pub previous_balance: Money,
    pub total_to_pay: Money,
}

/// A reading held out of the run as atypical, waiting for a user to confirm or correct it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct HeldReading {
    pub account: String,
    pub holder: String,
    pub period: Period,
    pub volume: Volume,
    pub atypical: Atypical,
}

/// A connection that cannot be priced (its category is not in the tariff, or its amounts are
/// out of range).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Unbillable {
    pub account: String,
    pub reason: Text,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Totals {
    pub bills: u64,
    pub billed_m3: u64,
    pub month_total: Money,
    pub amount_due: Money,
    pub fund_share: Money,
    pub subsidy: Money,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Preview {
    pub period: Period,
    pub tariff_effective_from: Period,
    pub tariff_name: String,
    pub lines: Vec<RunLine>,
    pub held: Vec<HeldReading>,
    pub unbillable: Vec<Unbillable>,
    /// Active connections that already have a bill for the period.
    pub already_billed: u64,
    /// Connections not billed because they are not active.
    pub not_active: u64,
    pub totals: Totals,
    pub by_category: BTreeMap<String, Totals>,
    pub by_basis: BTreeMap<String, Totals>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct IssueOutcome {
    pub period: Period,
    pub issued: u64,
    pub first_number: Option<String>,
    pub last_number: Option<String>,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub held: u64,
    pub unbillable: u64,
    pub already_billed: u64,
    pub totals: Totals,
}

fn add(t: &mut Totals, c: &Charges) -> Result<()> {
    t.bills += 1;
    t.billed_m3 = t.billed_m3.saturating_add(c.billed_m3);
    t.month_total = t.month_total.checked_add(c.month_total)?;
    t.amount_due = t.amount_due.checked_add(c.amount_due)?;
    t.fund_share = t.fund_share.checked_add(c.fund_share)?;
    t.subsidy = t.subsidy.checked_add(c.subsidy)?;
    Ok(())
}

struct Connection_ {
    id: i64,
    account: String,
    holder: String,
    address: String,
    category: String,
    metered: bool,
    sewer: bool,
    subsidized: bool,
    active: bool,
}

/// What earlier bills leave: the volumes for averages and settlements, the pay-rounding carry
/// and what is still owed.
#[derive(Default)]
pub(crate) struct Past {
    pub(crate) bills: Vec<PastBill>,
    carry: Money,
    owed: Money,
}

/// Every earlier bill, through the narrow `bills_history` index, grouped by connection. This
/// is the largest read of a run (a town's whole billing history), so rows are decoded without
/// allocating.
pub(crate) fn load_past(conn: &Connection, period: Period) -> Result<HashMap<i64, Past>> {
    let mut stmt = conn.prepare(
        "SELECT connection_id, period, basis, consumption_m3, rounding_curr, amount_due FROM bills INDEXED BY bills_history
          WHERE period < ?1 ORDER BY connection_id, period",
    )?;
    let mut rows = stmt.query([period.to_string()])?;
    let mut map: HashMap<i64, Past> = HashMap::new();
    let mut current: Option<(i64, Past)> = None;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let bill_period = Period::from_stored(r.get_ref(1)?.as_bytes().unwrap_or(b"")).unwrap_or(period);
        let basis = match r.get_ref(2)?.as_bytes().unwrap_or(b"") {
            b"estimated" => Basis::Estimated,
            b"assigned" => Basis::Assigned,
            _ => Basis::Measured,
        };
        if current.as_ref().is_none_or(|(c, _)| *c != id) {
            if let Some((c, past)) = current.take() {
                map.insert(c, past);
            }
            current = Some((id, Past::default()));
        }
        if let Some((_, past)) = current.as_mut() {
            past.bills.push(PastBill {
                period: bill_period,
                basis,
                consumption_m3: r.get(3)?,
            });
            past.carry = Money::from_cents(-r.get::<_, i64>(4)?);
            past.owed = past.owed.checked_add(Money::from_cents(r.get(5)?))?;
        }
    }
    if let Some((c, past)) = current {
        map.insert(c, past);
    }
    Ok(map)
}

/// Computes the run of `period` as it stands in the ledger.
fn plan(conn: &Connection, period: Period, today: NaiveDate) -> Result<(Preview, StoredTariff)> {
    if period > Period::of(today) {
        return Err(Error::invalid(
            "period_future",
            format!("El periodo {period} todavía no llega; no se puede facturar."),
            format!("Period {period} has not come yet; it cannot be billed."),
        ));
    }
    let stored = crate::tariffs::tariff_for(conn, period)?;
    let tariff = &stored.tariff;
    let mut stmt = conn.prepare(
        "SELECT id, account, name, address, category, metered, sewer, subsidized, status = 'active' FROM connections
          ORDER BY route IS NULL, route, route_seq, account",
    )?;
    let connections: Vec<Connection_> = stmt
        .query_map([], |r| {
            Ok(Connection_ {
                id: r.get(0)?,
                account: r.get(1)?,
                holder: r.get(2)?,
                address: r.get(3)?,
                category: r.get(4)?,
                metered: r.get(5)?,
                sewer: r.get(6)?,
                subsidized: r.get(7)?,
                active: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let billed: HashSet<i64> = {
        let mut stmt = conn.prepare("SELECT connection_id FROM bills WHERE period = ?1")?;
        let rows = stmt.query_map([period.to_string()], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let meters = load_meters(conn)?;
    let candidates = connections
        .iter()
        .filter(|c| c.active && c.metered && !billed.contains(&c.id))
        .map(|c| c.id);
    let last_ok = last_ok_before(conn, period, candidates)?;
    let readings = of_period(conn, period)?;
    let past = load_past(conn, period)?;
    // What earlier bills leave owed, less what was paid: the next bill's previous balance.
    let paid = crate::payments::owed_by_connection(conn)?;
    let no_past = Past::default();

    let mut preview = Preview {
        period,
        tariff_effective_from: tariff.effective_from,
        tariff_name: tariff.name.clone(),
        lines: Vec::new(),
        held: Vec::new(),
        unbillable: Vec::new(),
        already_billed: 0,
        not_active: 0,
        totals: Totals::default(),
        by_category: BTreeMap::new(),
        by_basis: BTreeMap::new(),
    };
    for c in connections {
        if !c.active {
            preview.not_active += 1;
            continue;
        }
        if billed.contains(&c.id) {
            preview.already_billed += 1;
            continue;
        }
        let Some(category) = tariff.category(&c.category) else {
            preview.unbillable.push(Unbillable {
                account: c.account,
                reason: Text::new(
                    format!(
                        "la categoría «{}» no está en la tarifa vigente «{}»",
                        c.category, tariff.name
                    ),
                    format!(
                        "category «{}» is not in the tariff in force «{}»",
                        c.category, tariff.name
                    ),
                ),
            });
            continue;
        };
        let past = past.get(&c.id).unwrap_or(&no_past);
        let outcome = if c.metered {
            volume::metered(&MeteredInput {
                period,
                meters: meters.get(&c.id).map(Vec::as_slice).unwrap_or(&[]),
                last_ok: last_ok.get(&c.id),
                reading: readings.get(&c.id),
                past: &past.bills,
                estimate_months: tariff.estimate_months,
                unmetered_m3: category.unmetered_m3,
            })
        } else {
            volume::assigned(category.unmetered_m3)
        };
        let volume = match outcome {
            Outcome::Held(volume, atypical) => {
                preview.held.push(HeldReading {
                    account: c.account,
                    holder: c.holder,
                    period,
                    volume,
                    atypical,
                });
                continue;
            }
            Outcome::Bill(v) => v,
        };
        let pricing = Pricing {
            tariff,
            category,
            sewer: c.sewer,
            subsidized: c.subsidized,
        };
        let previous_balance = past.owed.checked_add(paid.get(&c.id).copied().unwrap_or(Money::ZERO))?;
        let priced = compute(pricing, volume.consumption_m3, past.carry)
            .and_then(|charges| Ok((charges, charges.amount_due.checked_add(previous_balance)?)));
        let Ok((charges, total_to_pay)) = priced else {
            preview.unbillable.push(Unbillable {
                account: c.account,
                reason: Text::new(
                    format!(
                        "los importes de {} m³ son demasiado grandes para ser reales; revise la lectura",
                        volume.consumption_m3
                    ),
                    format!(
                        "the amounts for {} m³ are too large to be real; check the reading",
                        volume.consumption_m3
                    ),
                ),
            });
            continue;
        };
        add(&mut preview.totals, &charges)?;
        add(preview.by_category.entry(c.category.clone()).or_default(), &charges)?;
        add(
            preview.by_basis.entry(volume.basis.code().to_string()).or_default(),
            &charges,
        )?;
        preview.lines.push(RunLine {
            connection_id: c.id,
            account: c.account,
            holder: c.holder,
            address: c.address,
            category: c.category,
            volume,
            charges,
            previous_balance,
            total_to_pay,
        });
    }
    Ok((preview, stored))
}

impl Ledger {
    /// The run of `period` as it would be issued now. Writes nothing.
    pub fn preview_run(&self, period: Period) -> Result<Preview> {
        Ok(plan(self.conn(), period, self.clock().today())?.0)
    }

    /// Issues the run of `period`: numbers, dates and seals every bill that can be issued, all
    /// in one transaction. `progress(done, total)` is called as bills are written; returning
    /// `false` cancels, and then nothing of the run is written.
    pub fn issue_run(
        &mut self,
        actor: &Actor,
        period: Period,
        issued_on: Option<NaiveDate>,
        mut progress: impl FnMut(u64, u64) -> bool,
    ) -> Result<IssueOutcome> {
        actor.require(Permission::IssueBills)?;
        let today = self.clock().today();
        let issued_on = issued_on.unwrap_or(today);
        if issued_on > today {
            return Err(Error::invalid(
                "issue_date",
                format!("La fecha de emisión {} es futura.", crate::Lang::Es.date(issued_on)),
                format!("The issue date {issued_on} is in the future."),
            ));
        }
        if issued_on < period.first_day() {
            return Err(Error::invalid(
                "issue_date",
                format!(
                    "La fecha de emisión {} es anterior al periodo {period}.",
                    crate::Lang::Es.date(issued_on)
                ),
                format!("The issue date {issued_on} is before period {period}."),
            ));
        }
        self.write(actor, "billing.issue", |tx, _| {
            let (preview, stored) = plan(tx, period, today)?;
            let due_on = issued_on + Duration::days(i64::from(stored.tariff.due_days));
            let (code, mut next): (String, i64) =
                tx.query_row("SELECT code, next FROM series WHERE kind = 'bill'", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            let mut chain = Appender::start(tx)?;
            let total = preview.lines.len() as u64;
            let mut first_number = None;
            let mut last_number = None;
            for (i, line) in preview.lines.iter().enumerate() {
                if i % 256 == 0 && !progress(i as u64, total) {
                    return Err(Error::Cancelled);
                }
                let c = &line.charges;
                let number = format!("{code}-{next:08}");
                let bill = Bill {
                    id: next,
                    number: number.clone(),
                    connection_id: line.connection_id,
                    account: line.account.clone(),
                    holder: line.holder.clone(),
                    address: line.address.clone(),
                    period: period.to_string(),
                    issued_on: issued_on.to_string(),
                    due_on: due_on.to_string(),
                    tariff_id: stored.id,
                    category: line.category.clone(),
                    basis: line.volume.basis,
                    meter_serial: line.volume.meter_serial.clone(),
                    prev_reading: line.volume.prev_reading,
                    curr_reading: line.volume.curr_reading,
                    consumption_m3: c.consumption_m3,
                    billed_m3: c.billed_m3,
                    water: c.water,
                    sewer: c.sewer,
                    fixed: c.fixed,
                    subsidy: c.subsidy,
                    subtotal: c.subtotal,
                    tax: c.tax,
                    month_total: c.month_total,
                    rounding_prev: c.rounding_prev,
                    rounding_curr: c.rounding_curr,
                    amount_due: c.amount_due,
                    previous_balance: line.previous_balance,
                    total_to_pay: line.total_to_pay,
                    fund_share: c.fund_share,
                    issued_by: actor.name.clone(),
                };
                bill.insert(tx)?;
                chain.push(tx, "bill", bill.id, &bill.canonical())?;
                first_number.get_or_insert_with(|| number.clone());
                last_number = Some(number);
                next += 1;
            }
            tx.execute("UPDATE series SET next = ?1 WHERE kind = 'bill'", [next])?;
            progress(total, total);
            let outcome = IssueOutcome {
                period,
                issued: total,
                first_number,
                last_number,
                issued_on,
                due_on,
                held: preview.held.len() as u64,
                unbillable: preview.unbillable.len() as u64,
                already_billed: preview.already_billed,
                totals: preview.totals,
            };
            let detail = format!(
                "period={period} issued={} first={} last={} amount_due={}",
                outcome.issued,
                outcome.first_number.as_deref().unwrap_or("-"),
                outcome.last_number.as_deref().unwrap_or("-"),
                outcome.totals.amount_due.plain()
            );
            Ok((outcome, detail))
        })
    }

    /// Readings of `period` held as atypical.
    pub fn held_readings(&self, period: Period) -> Result<Vec<HeldReading>> {
        Ok(self.preview_run(period)?.held)
    }

    /// Accepts a reading held as atypical, so the next issue of the period bills it.
    pub fn confirm_reading(&mut self, actor: &Actor, account: &str, period: Period) -> Result<()> {
        actor.require(Permission::ConfirmReadings)?;
        let account = account.trim().to_string();
        let reading: Option<(i64, bool)> = self
            .conn()
            .query_row(
                "SELECT r.id, EXISTS (SELECT 1 FROM bills b WHERE b.connection_id = r.connection_id AND b.period = r.period)
                   FROM readings r JOIN connections c ON c.id = r.connection_id
                  WHERE c.account = ?1 AND r.period = ?2 AND r.status = 'ok'",
                (&account, period.to_string()),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let id = match reading {
            Some((_, true)) => {
                return Err(Error::conflict(
                    format!("El periodo {period} de la cuenta {account} ya está facturado; no hay nada que confirmar."),
                    format!("Period {period} of account {account} is already billed; there is nothing to confirm."),
                ));
            }
            Some((id, false)) => id,
            None => {
                return Err(Error::not_found(
                    format!("La cuenta {account} no tiene una lectura registrada en {period}."),
                    format!("Account {account} has no reading entered for {period}."),
                ));
            }
        };
        let name = actor.name.clone();
        self.write(actor, "billing.confirm", |tx, _| {
            tx.execute("UPDATE readings SET confirmed_by = ?1 WHERE id = ?2", (&name, id))?;
            Ok(((), format!("account={account} period={period}")))
        })
    }
}
