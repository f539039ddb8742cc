//! The billing run of a period: a preview that numbers nothing and can be recomputed at will,
//! and the issue that numbers and seals every bill in one IMMEDIATE transaction. Issuing again
//! bills only the connections without a bill for the period, with the next numbers.

use super::charges::{Charges, Pricing, compute};
use super::store::{self, Bill};
use super::volume::{self, Atypical, Basis, MeteredInput, Outcome, PastBill, Volume};
use crate::Ledger;
use crate::access::{Actor, Permission};
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
    /// The service it is priced for, kept with the bill for the tariff audit.
    pub sewer: bool,
    pub subsidized: bool,
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

struct Connection_ {
    id: i64,
    account: String,
    holder: String,
    address: String,
    category: String,
    metered: bool,
    sewer: bool,
    subsidized: bool,
    connected_on: Option<NaiveDate>,
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

/// Refuses to bill `period` out of order (docs/accounts.md): before it has ended, before the
/// period before it has been billed (unless it is the ledger's first billed period), or when
/// a later period already has bills.
fn check_order(conn: &Connection, period: Period, today: NaiveDate) -> Result<()> {
    if period.last_day() >= today {
        return Err(Error::invalid(
            "period_not_ended",
            format!(
                "{} no ha terminado (termina el {}); se factura desde el día siguiente.",
                crate::text::capitalized(&Lang::Es.period(period)),
                Lang::Es.date(period.last_day())
            ),
            format!(
                "{} has not ended (it ends on {}); it can be billed from the next day.",
                crate::text::capitalized(&Lang::En.period(period)),
                Lang::En.date(period.last_day())
            ),
        ));
    }
    // A run that issued no bill (every connection cut, say) still bills its period.
    let (first, last): (Option<String>, Option<String>) =
        conn.query_row("SELECT min(period), max(period) FROM issued_periods", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(());
    };
    let (first, last): (Period, Period) = (first.parse().unwrap_or(period), last.parse().unwrap_or(period));
    if last > period {
        return Err(Error::conflict(
            format!(
                "El periodo {last} ya tiene recibos; {period} no se puede facturar después de un periodo posterior."
            ),
            format!("Period {last} already has bills; {period} cannot be billed after a later period."),
        ));
    }
    if period < first {
        return Err(Error::conflict(
            format!("El libro factura desde {first}; {period} es anterior."),
            format!("The ledger bills from {first}; {period} is earlier."),
        ));
    }
    if period > last.next() {
        return Err(Error::conflict(
            format!("Falta facturar {}: los periodos se facturan en orden.", last.next()),
            format!("{} has not been billed yet: periods are billed in order.", last.next()),
        ));
    }
    Ok(())
}

/// Computes the run of `period` as it stands in the ledger, its previous balances as of
/// `issued_on`.
fn plan(conn: &Connection, period: Period, today: NaiveDate, issued_on: NaiveDate) -> Result<(Preview, StoredTariff)> {
    check_order(conn, period, today)?;
    let stored = crate::tariffs::tariff_for(conn, period)?;
    let tariff = &stored.tariff;
    let statuses = crate::service::statuses_at(conn, period.last_day())?;
    let mut stmt = conn.prepare(
        "SELECT id, account, name, address, category, metered, sewer, subsidized, connected_on FROM connections
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
                connected_on: r
                    .get::<_, Option<String>>(8)?
                    .as_deref()
                    .and_then(crate::period::parse_date),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let billed: HashSet<i64> = {
        let mut stmt = conn.prepare("SELECT connection_id FROM bills WHERE period = ?1")?;
        let rows = stmt.query_map([period.to_string()], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let active = |c: &Connection_| statuses.get(&c.id).is_some_and(|s| s == "active");
    let connected = |c: &Connection_| c.connected_on.is_none_or(|d| d <= period.last_day());
    let meters = load_meters(conn)?;
    let candidates = connections
        .iter()
        .filter(|c| active(c) && connected(c) && c.metered && !billed.contains(&c.id))
        .map(|c| c.id);
    let last_ok = last_ok_before(conn, period, candidates)?;
    let readings = of_period(conn, period)?;
    let past = load_past(conn, period)?;
    // The previous balance is the account's balance on the issue date, before this bill.
    let balances = crate::accounts::balances(conn, issued_on)?;
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
        not_connected: 0,
        estimated: 0,
        metered: 0,
        warning: None,
        totals: Totals::default(),
        by_category: BTreeMap::new(),
        by_basis: BTreeMap::new(),
    };
    for c in connections {
        if !active(&c) {
            preview.not_active += 1;
            continue;
        }
        if !connected(&c) {
            preview.not_connected += 1;
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
        let previous_balance = balances.get(&c.id).copied().unwrap_or(Money::ZERO);
        let priced = compute(pricing, volume.consumption_m3, past.carry)
            .map_err(Error::from)
            .and_then(|charges| {
                if charges.month_total > crate::accounts::MAX_ENTRY {
                    return Err(Error::Overflow);
                }
                Ok((charges, charges.amount_due.checked_add(previous_balance)?))
            });
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
        if c.metered {
            preview.metered += 1;
            if volume.basis == Basis::Estimated {
                preview.estimated += 1;
            }
        }
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
            sewer: c.sewer,
            subsidized: c.subsidized,
        });
    }
    // Most metered connections without a reading is usually a readings file not imported yet.
    if preview.metered > 0 && preview.estimated * 2 > preview.metered {
        preview.warning = Some(Text::new(
            format!(
                "{} de {} conexiones con medidor no tienen lectura de {period} y se facturarán por estimación. ¿Faltan importar las lecturas?",
                preview.estimated, preview.metered
            ),
            format!(
                "{} of {} metered connections have no reading for {period} and will be billed on an estimate. Are readings still to be imported?",
                preview.estimated, preview.metered
            ),
        ));
    }
    Ok((preview, stored))
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
                    "issue_date",
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
                    "issue_date",
                    format!("La fecha de emisión {} es posterior a hoy.", Lang::Es.date(issued_on)),
                    format!("The issue date {} is after today.", Lang::En.date(issued_on)),
                ));
            }
            crate::accounts::months::refuse_closed(tx, "issue_date", Period::of(issued_on), ("la emisión", "the issue"))?;
            let last: Option<String> = tx.query_row("SELECT max(issued_on) FROM bills", [], |r| r.get(0))?;
            if let Some(last) = last.as_deref().and_then(crate::period::parse_date).filter(|l| issued_on < *l) {
                return Err(Error::invalid(
                    "issue_date",
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
            crate::accounts::months::refuse_closed(tx, "period", period, ("una confirmación de lectura", "a reading confirmation"))?;
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
