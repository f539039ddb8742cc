//! Meter replacement: the old meter's final reading closes it and the new one starts from its
//! initial reading, both in one transaction. Billing then adds the two stretches
//! (docs/tariff.md, "Meter replaced during the period").

use super::{load_meters, volume_between};
use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::period::Period;
use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

/// A meter replaced: the old one's last reading and the new one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct MeterReplacement {
    /// The account.
    pub account: String,
    /// When.
    pub date: NaiveDate,
    /// The old meter's last reading.
    pub final_reading: u64,
    /// The new meter's serial number.
    pub serial: String,
    /// The new meter's reading when installed.
    pub initial_reading: u64,
    /// The new meter's number of digits.
    pub digits: u32,
}

impl Ledger {
    /// Records a meter replacement; the month's volume adds both meters'.
    pub fn replace_meter(&mut self, actor: &Actor, r: &MeterReplacement) -> Result<()> {
        actor.require(Permission::ReplaceMeters)?;
        let account = r.account.trim();
        let today = self.clock().today();
        // Every check reads inside the write: a reading entered meanwhile is seen.
        self.write(actor, "meters.replace", |tx, _| {
            let conn: &rusqlite::Connection = tx;
            crate::accounts::months::refuse_closed(conn, ErrorCode::MeterDate, Period::of(r.date), ("un cambio de medidor", "a meter replacement"))?;
            let id: Option<i64> = conn
                .query_row(
                    "SELECT id FROM connections WHERE account = ?1 AND metered = 1",
                    [account],
                    |row| row.get(0),
                )
                .optional()?;
            let Some(id) = id else {
                return Err(Error::not_found(
                    format!("La cuenta {account} no existe o no tiene medidor."),
                    format!("Account {account} does not exist or has no meter."),
                ));
            };
            if r.date > today {
                return Err(Error::invalid(
                    ErrorCode::MeterDate,
                    "La fecha del cambio es futura.",
                    "The replacement date is in the future.",
                ));
            }
            if let Some(other) = crate::customers::meters_in_service(conn)?
                .get(&crate::customers::fold_serial(&r.serial))
                .filter(|a| a.as_str() != account)
            {
                let why = crate::customers::serial_taken(r.serial.trim(), other);
                return Err(Error::invalid(ErrorCode::MeterSerial, format!("{}.", why.es), format!("{}.", why.en)));
            }
            let period = Period::of(r.date);
            let meters = load_meters(conn)?.remove(&id).unwrap_or_default();
            let Some(old) = meters.last() else {
                return Err(Error::not_found(
                    "La conexión no tiene medidor registrado.",
                    "The connection has no meter on record.",
                ));
            };
            if old.installed_on.is_some_and(|d| r.date < d) {
                return Err(Error::invalid(
                    ErrorCode::MeterDate,
                    format!(
                        "El medidor actual se instaló el {}; el cambio no puede ser anterior.",
                        crate::Lang::Es.date(old.installed_on.unwrap_or(r.date))
                    ),
                    format!(
                        "The current meter was installed on {}; the replacement cannot be earlier.",
                        old.installed_on.unwrap_or(r.date)
                    ),
                ));
            }
            let later: Option<String> = conn.query_row(
                "SELECT max(period) FROM (SELECT period FROM readings WHERE connection_id = ?1 AND period >= ?2
                     UNION ALL SELECT period FROM bills WHERE connection_id = ?1 AND period >= ?2)",
                (id, period.to_string()),
                |row| row.get(0),
            )?;
            if let Some(p) = later {
                return Err(Error::conflict(
                    format!(
                        "La cuenta ya tiene lectura o recibo del periodo {p}, igual o posterior al cambio ({period}); un cambio de medidor se registra antes de las lecturas de su periodo."
                    ),
                    format!(
                        "The account already has a reading or bill for {p}, the replacement's period ({period}) or later; record a meter replacement before its period's readings."
                    ),
                ));
            }
            let prev: Option<(i64, u64)> = conn
                .query_row(
                    "SELECT meter_id, reading FROM readings WHERE connection_id = ?1 AND status = 'ok' ORDER BY period DESC LIMIT 1",
                    [id],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            let prev = prev
                .filter(|(m, _)| *m == old.id)
                .map_or(old.initial_reading, |(_, v)| v);
            if r.final_reading >= old.modulus() || volume_between(prev, r.final_reading, old.digits).is_none() {
                return Err(Error::invalid(
                    ErrorCode::MeterFinal,
                    format!(
                        "La lectura final {} del medidor {} no es posible: la anterior fue {prev} ({} dígitos).",
                        r.final_reading, old.serial, old.digits
                    ),
                    format!(
                        "Final reading {} of meter {} is not possible: the previous one was {prev} ({} digits).",
                        r.final_reading, old.serial, old.digits
                    ),
                ));
            }
            let serial = r.serial.trim();
            if serial.is_empty() || serial.chars().count() > 40 {
                return Err(Error::invalid(
                    ErrorCode::MeterSerial,
                    "Indique la serie del medidor nuevo (hasta 40 caracteres).",
                    "Give the new meter's serial (up to 40 characters).",
                ));
            }
            if !(1..=12).contains(&r.digits) {
                return Err(Error::invalid(
                    ErrorCode::MeterDigits,
                    "Los dígitos del medidor van de 1 a 12.",
                    "A meter has 1 to 12 digits.",
                ));
            }
            if r.initial_reading >= 10u64.pow(r.digits) {
                return Err(Error::invalid(
                    ErrorCode::MeterInitial,
                    format!(
                        "La lectura inicial {} tiene más cifras que el medidor ({} dígitos).",
                        r.initial_reading, r.digits
                    ),
                    format!(
                        "Initial reading {} has more digits than the meter ({} digits).",
                        r.initial_reading, r.digits
                    ),
                ));
            }
            let old_id = old.id;
            let detail = format!(
                "account={account} date={} old={} final={} new={serial} initial={} digits={}",
                r.date, old.serial, r.final_reading, r.initial_reading, r.digits
            );
            tx.execute(
                "UPDATE meters SET removed_on = ?1, final_reading = ?2 WHERE id = ?3",
                (r.date.to_string(), r.final_reading, old_id),
            )?;
            tx.execute(
                "INSERT INTO meters (connection_id, serial, digits, initial_reading, installed_on) VALUES (?1, ?2, ?3, ?4, ?5)",
                (id, serial, r.digits, r.initial_reading, r.date.to_string()),
            )?;
            Ok(((), detail))
        })
    }
}
