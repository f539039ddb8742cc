//! The technicians' view of a month: every metered connection in route order with what the
//! last reading was and what it usually uses, what was entered, and a check of one value as it
//! is typed (refused, rollover, atypical) — so the grid warns at entry without knowing a rule.

use super::{ReadingStatus, last_ok_before, load_meters, meter_for_period, of_period, volume_between};
use crate::Ledger;
use crate::access::Actor;
use crate::consumption::{average, is_atypical};
use crate::error::{Result, Text};
use crate::import::ImportOptions;
use crate::period::Period;
use crate::readings::ReadingDraft;
use rusqlite::Connection;
use serde::Serialize;

/// A reading as the customer's history shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ReadingRow {
    /// The period.
    pub period: Period,
    /// The reading.
    pub reading: Option<u64>,
    /// How the reading went.
    pub status: ReadingStatus,
    /// When it was read (ISO).
    pub read_on: String,
    /// Who read it.
    pub reader: Option<String>,
    /// A remark.
    pub note: Option<String>,
    /// The meter read.
    pub meter_serial: String,
}

pub(crate) fn readings_of_account(conn: &Connection, account: &str) -> Result<Vec<ReadingRow>> {
    let mut stmt = conn.prepare(
        "SELECT r.period, r.reading, r.status, r.read_on, r.reader, r.note, m.serial
           FROM readings r JOIN connections c ON c.id = r.connection_id JOIN meters m ON m.id = r.meter_id
          WHERE c.account = ?1 ORDER BY r.period",
    )?;
    let rows = stmt.query_map([account], |r| {
        let period: String = r.get(0)?;
        let status: String = r.get(2)?;
        Ok(ReadingRow {
            period: period
                .parse()
                .map_err(|_| crate::error::unknown_stored(("mes de una lectura", "reading's month"), &period))?,
            reading: r.get(1)?,
            status: ReadingStatus::parse(&status)
                .ok_or_else(|| crate::error::unknown_stored(("estado de una lectura", "reading status"), &status))?,
            read_on: r.get(3)?,
            reader: r.get(4)?,
            note: r.get(5)?,
            meter_serial: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The previous reading, dial size, measured history and assignment of one connection.
struct MeterContext {
    previous: u64,
    digits: u32,
    history: Vec<u64>,
    unmetered_m3: u64,
}

/// A connection on the route, in the order the sheet lists it.
struct OnRoute {
    id: i64,
    account: String,
    name: String,
    address: String,
    route: Option<String>,
    route_seq: Option<u32>,
    category: String,
}

/// One line of the reading grid (and of the printed route sheet).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct SheetRow {
    /// The account.
    pub account: String,
    /// The holder's name.
    pub name: String,
    /// The service address.
    pub address: String,
    /// The reading route.
    pub route: Option<String>,
    /// Its place on the route.
    pub route_seq: Option<u32>,
    /// The meter's serial number.
    pub meter_serial: String,
    /// The reading the new one is compared with.
    pub previous: u64,
    /// Average monthly m³ of the measured months, one decimal ("12.3").
    pub average_m3: Option<String>,
    /// The period's reading, if entered.
    pub reading: Option<u64>,
    /// How the reading went, if entered.
    pub status: Option<ReadingStatus>,
    /// What the stored reading means (its m³ and its warnings), so the grid shows the same
    /// after saving as while typing.
    pub stored: Option<ReadingCheck>,
}

/// What a typed value would mean.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ReadingCheck {
    /// Refusals: the value cannot be stored.
    pub errors: Vec<Text>,
    /// Stored, but worth a second look (rollover, atypical).
    pub warnings: Vec<Text>,
    /// The volume the reading gives, when it can be stored.
    pub consumption_m3: Option<u64>,
}

impl Ledger {
    /// Every active metered connection in route order for `period`.
    pub fn reading_sheet(&self, period: Period) -> Result<Vec<SheetRow>> {
        let conn = self.conn();
        // Without a tariff for the month, the sheet is still printed: six months of history and
        // no unmetered assignment to compare an atypical reading with.
        let tariff = self.tariff_for(period).ok().map(|t| t.tariff);
        let estimate_months = tariff.as_ref().map_or(6, |t| t.estimate_months);
        let mut stmt = conn.prepare(
            "SELECT id, account, name, address, route, route_seq, category FROM connections
              WHERE metered = 1 AND status = 'active' ORDER BY route IS NULL, route, route_seq, account",
        )?;
        let connections: Vec<OnRoute> = stmt
            .query_map([], |r| {
                Ok(OnRoute {
                    id: r.get(0)?,
                    account: r.get(1)?,
                    name: r.get(2)?,
                    address: r.get(3)?,
                    route: r.get(4)?,
                    route_seq: r.get(5)?,
                    category: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let meters = load_meters(conn)?;
        let last = last_ok_before(conn, period, connections.iter().map(|c| c.id))?;
        let entered = of_period(conn, period)?;
        let histories = crate::consumption::measured_histories(conn, period, estimate_months)?;
        let mut out = Vec::with_capacity(connections.len());
        for OnRoute {
            id,
            account,
            name,
            address,
            route,
            route_seq,
            category,
        } in connections
        {
            let Some(meter) = meters.get(&id).and_then(|m| meter_for_period(m, period)) else {
                continue;
            };
            let previous = last
                .get(&id)
                .filter(|r| r.meter_id == meter.id)
                .and_then(|r| r.reading)
                .unwrap_or(meter.initial_reading);
            let e = entered.get(&id);
            let history = histories.get(&id).map_or(&[][..], Vec::as_slice);
            let unmetered = tariff
                .as_ref()
                .and_then(|t| t.category(&category))
                .map_or(0, |c| c.unmetered_m3);
            let stored = e
                .and_then(|r| r.reading)
                .map(|value| meaning(previous, value, meter.digits, history, unmetered));
            out.push(SheetRow {
                account,
                name,
                address,
                route,
                route_seq,
                meter_serial: meter.serial.clone(),
                previous,
                average_m3: (!history.is_empty()).then(|| average(history).round_dp(1).to_string()),
                reading: e.and_then(|r| r.reading),
                status: e.map(|r| r.status),
                stored,
            });
        }
        Ok(out)
    }

    /// Checks one reading as typed, writing nothing.
    pub fn check_reading(&mut self, actor: &Actor, period: Period, draft: ReadingDraft) -> Result<ReadingCheck> {
        let account = draft.account.trim().to_string();
        let options = ImportOptions {
            skip_invalid: true,
            replace: true,
        };
        let summary = self.enter_readings(actor, vec![(1, draft.clone())], Vec::new(), options, true)?;
        let mut check = ReadingCheck {
            errors: summary.invalid.iter().map(|e| e.reason.clone()).collect(),
            warnings: summary.warnings.iter().map(|e| e.reason.clone()).collect(),
            consumption_m3: None,
        };
        let Ok(value) = draft.reading.trim().parse::<u64>() else {
            return Ok(check);
        };
        if !check.errors.is_empty() {
            return Ok(check);
        }
        if let Some(m) = self.meter_context(period, &account)? {
            let meant = meaning(m.previous, value, m.digits, &m.history, m.unmetered_m3);
            check.consumption_m3 = meant.consumption_m3;
            // The rollover warning came with the entry check; only the atypical one is new.
            for w in meant.warnings {
                if !check.warnings.contains(&w) {
                    check.warnings.push(w);
                }
            }
        }
        Ok(check)
    }

    /// What a new reading of one account is compared with.
    fn meter_context(&self, period: Period, account: &str) -> Result<Option<MeterContext>> {
        let conn = self.conn();
        let row: Option<(i64, String)> = rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT id, category FROM connections WHERE account = ?1",
            [account],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ))?;
        let Some((id, category)) = row else { return Ok(None) };
        let tariff = self.tariff_for(period)?.tariff;
        let unmetered = tariff.category(&category).map_or(0, |c| c.unmetered_m3);
        let meters = load_meters(conn)?.remove(&id).unwrap_or_default();
        let Some(meter) = meter_for_period(&meters, period) else {
            return Ok(None);
        };
        let last = last_ok_before(conn, period, [id])?;
        let previous = last
            .get(&id)
            .filter(|r| r.meter_id == meter.id)
            .and_then(|r| r.reading)
            .unwrap_or(meter.initial_reading);
        let history = crate::consumption::measured_history_of(conn, id, period, tariff.estimate_months)?;
        Ok(Some(MeterContext {
            previous,
            digits: meter.digits,
            history,
            unmetered_m3: unmetered,
        }))
    }
}

/// What a reading means against the previous one and the measured history: its m³ and the
/// warnings it deserves (a meter rollover, an atypical volume). One place, so the grid says the
/// same while a value is typed and after it is stored.
fn meaning(previous: u64, value: u64, digits: u32, history: &[u64], unmetered_m3: u64) -> ReadingCheck {
    let consumption_m3 = volume_between(previous, value, digits);
    let mut warnings = Vec::new();
    if let Some(c) = consumption_m3 {
        if value < previous {
            warnings.push(rollover_warning(previous, c));
        }
        if let Some(avg) = is_atypical(c, history, unmetered_m3) {
            warnings.push(Text::new(
                format!("{c} m³ es atípico: más del doble del promedio de {} m³; el recibo quedará retenido hasta confirmarlo", avg.round_dp(1)),
                format!("{c} m³ is atypical: more than twice the average of {} m³; the bill will be held until confirmed", avg.round_dp(1)),
            ));
        }
    }
    ReadingCheck {
        errors: Vec::new(),
        warnings,
        consumption_m3,
    }
}

/// A reading lower than the previous one, taken as the dial turning over.
pub(crate) fn rollover_warning(previous: u64, m3: u64) -> Text {
    Text::new(
        format!("menor que la anterior {previous}: se toma como vuelta del medidor ({m3} m³)"),
        format!("lower than the previous {previous}: taken as a meter rollover ({m3} m³)"),
    )
}
