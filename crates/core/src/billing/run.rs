//! The billing run of a period: a preview that numbers nothing and can be recomputed at will,
//! and the issue that numbers and seals every bill in one IMMEDIATE transaction. Issuing again
//! bills only the connections without a bill for the period, with the next numbers.

use super::charges::{Charges, Pricing, compute};
use super::store::{self, Bill};
use super::volume::{self, Atypical, Basis, MeteredInput, Outcome, PastBill, Volume};
use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::ErrorCode;
use crate::error::{Error, Result, Text};
use crate::i18n::Lang;
use crate::ledger::chain::Appender;
use crate::money::Money;
use crate::period::Period;
use crate::readings::{last_ok_before, load_meters, of_period};
use crate::tariffs::StoredTariff;
use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
mod plan;
pub(crate) use plan::*;

/// One bill as it would be issued.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct RunLine {
    /// The connection's id.
    pub connection_id: i64,
    /// The account code.
    pub account: String,
    /// The holder's name.
    pub holder: String,
    /// The service address.
    pub address: String,
    /// The category code.
    pub category: String,
    /// The volume billed and how it was found.
    pub volume: Volume,
    /// The month's charges.
    pub charges: Charges,
    /// What the account owed before this bill.
    pub previous_balance: Money,
    /// What the bill asks to be paid.
    pub total_to_pay: Money,
    /// The service it is priced for, kept with the bill for the tariff audit.
    pub sewer: bool,
    /// Whether the connection is subsidized.
    pub subsidized: bool,
}

/// A reading held out of the run as atypical, waiting for a user to confirm or correct it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct HeldReading {
    /// The account code.
    pub account: String,
    /// The holder's name.
    pub holder: String,
    /// The month.
    pub period: Period,
    /// The volume the reading gives.
    pub volume: Volume,
    /// Why it is atypical (the average it was compared with).
    pub atypical: Atypical,
}

/// A connection that cannot be priced (its category is not in the tariff, or its amounts are
/// out of range).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Unbillable {
    /// The account code.
    pub account: String,
    /// Why it cannot be billed.
    pub reason: Text,
}

/// A run's figures summed (the whole run, a category or a basis).
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Totals {
    /// How many bills.
    pub bills: u64,
    /// The volume billed.
    pub billed_m3: u64,
    /// The month's charges with tax.
    pub month_total: Money,
    /// What the bills ask to be paid.
    pub amount_due: Money,
    /// The community fund's share.
    pub fund_share: Money,
    /// The subsidies granted.
    pub subsidy: Money,
}

/// What issuing a period would do, before anything is written.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Preview {
    /// The period.
    pub period: Period,
    /// The start of the tariff that prices it.
    pub tariff_effective_from: Period,
    /// That tariff's name.
    pub tariff_name: String,
    /// One line per bill it would issue.
    pub lines: Vec<RunLine>,
    /// Readings held as atypical, waiting for confirmation.
    pub held: Vec<HeldReading>,
    /// Connections it cannot bill, with the reason.
    pub unbillable: Vec<Unbillable>,
    /// Active connections that already have a bill for the period.
    pub already_billed: u64,
    /// Connections not billed because they are not active at the period's end.
    pub not_active: u64,
    /// Connections not billed because they were connected after the period.
    pub not_connected: u64,
    /// Metered connections the run bills on an estimate (no usable reading).
    pub estimated: u64,
    /// Metered connections the run bills.
    pub metered: u64,
    /// Said before issuing when most metered connections have no reading.
    pub warning: Option<Text>,
    /// Everything summed.
    pub totals: Totals,
    /// Summed by category.
    pub by_category: BTreeMap<String, Totals>,
    /// Summed by basis (measured, estimated, assigned).
    pub by_basis: BTreeMap<String, Totals>,
}

/// What issuing a period did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct IssueOutcome {
    /// The period.
    pub period: Period,
    /// How many bills were issued.
    pub issued: u64,
    /// The first bill's number.
    pub first_number: Option<String>,
    /// The last bill's number.
    pub last_number: Option<String>,
    /// The issue date.
    pub issued_on: NaiveDate,
    /// The due date.
    pub due_on: NaiveDate,
    /// Readings held as atypical (not billed yet).
    pub held: u64,
    /// Connections that could not be billed.
    pub unbillable: u64,
    /// Connections billed for this period before.
    pub already_billed: u64,
    /// The bills' figures summed.
    pub totals: Totals,
    /// The preview's warning, said again when the run is issued.
    pub warning: Option<Text>,
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

impl Ledger {
    /// The run of `period` as it would be issued now. Writes nothing.
    pub fn preview_run(&self, period: Period) -> Result<Preview> {
        let today = self.clock().today();
        Ok(plan(self.conn(), period, today, today)?.0)
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
        self.write(actor, "billing.issue", |tx, _| {
            check_order(tx, period, today)?;
            if issued_on < period.last_day() {
                return Err(Error::invalid(
                    ErrorCode::IssueDate,
                    format!(
                        "La fecha de emisión {} es anterior al fin del periodo {period} ({}).",
                        Lang::Es.date(issued_on),
                        Lang::Es.date(period.last_day())
                    ),
                    format!(
                        "The issue date {} is before the end of period {period} ({}).",
                        Lang::En.date(issued_on),
                        Lang::En.date(period.last_day())
                    ),
                ));
            }
            // The first run begins the ledger's history, so only the future and closed months
            // bound an issue date.
            if issued_on > today {
                return Err(Error::invalid(
                    ErrorCode::IssueDate,
                    format!("La fecha de emisión {} es posterior a hoy.", Lang::Es.date(issued_on)),
                    format!("The issue date {} is after today.", Lang::En.date(issued_on)),
                ));
            }
            crate::accounts::months::refuse_closed(tx, ErrorCode::IssueDate, Period::of(issued_on), ("la emisión", "the issue"))?;
            let last: Option<String> = tx.query_row("SELECT max(issued_on) FROM bills", [], |r| r.get(0))?;
            if let Some(last) = last.as_deref().and_then(crate::period::parse_date).filter(|l| issued_on < *l) {
                return Err(Error::invalid(
                    ErrorCode::IssueDate,
                    format!(
                        "La fecha de emisión {} es anterior a la del último recibo emitido ({}).",
                        Lang::Es.date(issued_on),
                        Lang::Es.date(last)
                    ),
                    format!(
                        "The issue date {} is before the last issued bill's ({}).",
                        Lang::En.date(issued_on),
                        Lang::En.date(last)
                    ),
                ));
            }
            let (preview, stored) = plan(tx, period, today, issued_on)?;
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
                let terms = store::Terms {
                    sewer: line.sewer,
                    subsidized: line.subsidized,
                };
                terms.insert(tx, bill.id)?;
                chain.push(tx, "bill", bill.id, &store::sealed(&bill, Some(terms)))?;
                first_number.get_or_insert_with(|| number.clone());
                last_number = Some(number);
                next += 1;
            }
            tx.execute("UPDATE series SET next = ?1 WHERE kind = 'bill'", [next])?;
            tx.execute(
                "INSERT INTO issued_periods (period, first_issued_on, issued_by) VALUES (?1, ?2, ?3) ON CONFLICT (period) DO NOTHING",
                (period.to_string(), issued_on.to_string(), &actor.name),
            )?;
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
                warning: preview.warning.clone(),
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

    /// Accepts a reading held as atypical, so the next issue of the period bills it. Checked
    /// inside the write: a reading billed meanwhile is not touched.
    pub fn confirm_reading(&mut self, actor: &Actor, account: &str, period: Period) -> Result<()> {
        actor.require(Permission::ConfirmReadings)?;
        let account = account.trim().to_string();
        let name = actor.name.clone();
        self.write(actor, "billing.confirm", |tx, _| {
            crate::accounts::months::refuse_closed(tx, ErrorCode::Period, period, ("una confirmación de lectura", "a reading confirmation"))?;
            let reading: Option<(i64, bool)> = tx
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
            tx.execute("UPDATE readings SET confirmed_by = ?1 WHERE id = ?2", (&name, id))?;
            Ok(((), format!("account={account} period={period}")))
        })
    }
}
