//! `readings import` and reading entry: every row checked against the meter, the previous
//! reading and the calendar before anything is written (docs/formats.md, readings.csv).

use super::{ReadingStatus, StoredReading, last_ok_before, load_meters, meter_for_period, of_period, volume_between};
use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::{Error, Result, Text};
use crate::i18n::Lang;
use crate::import::{
    Column, ImportOptions, ImportSummary, Row, RowError, Table, parse_count, parse_text, refuse_unless_skipping,
};
use crate::period::{Period, parse_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
mod fields;
use fields::*;

const COLUMNS: &[Column] = &[
    Column {
        name: "account",
        aliases: &["cuenta"],
        required: true,
    },
    Column {
        name: "period",
        aliases: &["periodo"],
        required: true,
    },
    Column {
        name: "reading",
        aliases: &["lectura"],
        required: false,
    },
    Column {
        name: "read_on",
        aliases: &["fecha"],
        required: true,
    },
    Column {
        name: "reader",
        aliases: &["lector"],
        required: false,
    },
    Column {
        name: "status",
        aliases: &["estado"],
        required: false,
    },
    Column {
        name: "note",
        aliases: &["observacion"],
        required: false,
    },
];

/// A reading as typed in the grid or read from a file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ReadingDraft {
    /// The account.
    pub account: String,
    /// The period (`YYYY-MM`).
    pub period: String,
    /// The reading.
    pub reading: String,
    /// When it was read.
    pub read_on: String,
    /// Who read it.
    pub reader: String,
    /// `ok`, `no_access` or `meter_broken` (or their Spanish words).
    pub status: String,
    /// A remark.
    pub note: String,
}

/// A reading that passed the field checks, before the checks against the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    line: u64,
    account: String,
    period: Period,
    reading: Option<u64>,
    read_on: NaiveDate,
    reader: Option<String>,
    status: ReadingStatus,
    note: Option<String>,
}

impl Entry {
    fn same_reading(&self, other: &Entry) -> bool {
        (self.period, self.reading, self.status, self.read_on)
            == (other.period, other.reading, other.status, other.read_on)
    }
}

struct Plan {
    entry: Entry,
    connection_id: i64,
    meter_id: i64,
    /// The stored reading this one replaces (`--replace`).
    replaces: Option<i64>,
}

impl Ledger {
    /// Imports a readings CSV. With `dry_run`, checks and writes nothing.
    pub fn import_readings(
        &mut self,
        actor: &Actor,
        path: &Path,
        options: ImportOptions,
        dry_run: bool,
    ) -> Result<(ImportSummary, Table)> {
        actor.require(Permission::EnterReadings)?;
        let table = Table::read(path, false)?;
        let (cols, ignored) = table.resolve(COLUMNS)?;
        let mut drafts = Vec::with_capacity(table.rows.len());
        let mut overflow = Vec::new();
        for row in &table.rows {
            if let Some(reason) = table.cell_count_problem(row) {
                overflow.push(RowError::new(row, "", "", reason));
                continue;
            }
            drafts.push((row.line, draft(row, &cols)));
        }
        // Messages name the columns as the file wrote them.
        let rename = |rows: &mut [RowError]| {
            for e in rows {
                if let Some(i) = COLUMNS.iter().position(|c| c.name == e.column).and_then(|i| cols[i]) {
                    e.column = table.headers[i].trim().to_string();
                }
            }
        };
        let mut summary = match self.enter_readings(actor, drafts, overflow, options, dry_run) {
            Err(Error::Rows { mut rows }) => {
                rename(&mut rows);
                return Err(Error::Rows { rows });
            }
            other => other?,
        };
        rename(&mut summary.invalid);
        rename(&mut summary.warnings);
        summary.rows = table.rows.len() as u64;
        summary.empty_rows = table.empty_rows;
        summary.ignored_columns = ignored;
        Ok((summary, table))
    }

    /// Enters readings (from the grid, a file, or the demo). `lines` number the drafts for the
    /// messages; `known_invalid` are rows already refused by the caller.
    pub fn enter_readings(
        &mut self,
        actor: &Actor,
        drafts: Vec<(u64, ReadingDraft)>,
        known_invalid: Vec<RowError>,
        options: ImportOptions,
        dry_run: bool,
    ) -> Result<ImportSummary> {
        actor.require(Permission::EnterReadings)?;
        let today = self.clock().today();
        if dry_run {
            return Ok(plan_readings(self.conn(), today, drafts, known_invalid, options)?.0);
        }
        // Checked inside the write: a reading or a bill recorded meanwhile is seen.
        self.write(actor, "readings.enter", |tx, _| {
            let (summary, plans) = plan_readings(tx, today, drafts, known_invalid, options)?;
            let mut insert = tx.prepare(
                "INSERT INTO readings (connection_id, meter_id, period, reading, status, read_on, reader, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut update = tx.prepare(
                "UPDATE readings SET meter_id = ?2, reading = ?3, status = ?4, read_on = ?5, reader = ?6, note = ?7,
                        confirmed_by = NULL WHERE id = ?1",
            )?;
            for p in &plans {
                let e = &p.entry;
                match p.replaces {
                    None => insert.execute(rusqlite::params![
                        p.connection_id,
                        p.meter_id,
                        e.period.to_string(),
                        e.reading,
                        e.status.code(),
                        e.read_on.to_string(),
                        e.reader,
                        e.note
                    ])?,
                    Some(id) => update.execute(rusqlite::params![
                        id,
                        p.meter_id,
                        e.reading,
                        e.status.code(),
                        e.read_on.to_string(),
                        e.reader,
                        e.note
                    ])?,
                };
            }
            let detail = format!(
                "added={} replaced={} unchanged={}",
                summary.added, summary.replaced, summary.unchanged
            );
            Ok((summary, detail))
        })
    }
}

fn draft(row: &Row, cols: &[Option<usize>]) -> ReadingDraft {
    let f = |i: usize| row.get(cols[i]).to_string();
    ReadingDraft {
        account: f(0),
        period: f(1),
        reading: f(2),
        read_on: f(3),
        reader: f(4),
        status: f(5),
        note: f(6),
    }
}

/// Checks every reading against the ledger as `conn` sees it and plans what to write.
fn plan_readings(
    conn: &rusqlite::Connection,
    today: NaiveDate,
    drafts: Vec<(u64, ReadingDraft)>,
    known_invalid: Vec<RowError>,
    options: ImportOptions,
) -> Result<(ImportSummary, Vec<Plan>)> {
    let mut errors = known_invalid;
    let mut summary = ImportSummary {
        rows: (drafts.len() + errors.len()) as u64,
        ..Default::default()
    };
    let closed = crate::accounts::months::closed_through(conn)?;
    let checked: Vec<Entry> = drafts
        .iter()
        .filter_map(|(line, d)| check_fields(*line, d, today, &mut errors))
        .collect();
    let mut entries: Vec<Entry> = checked
        .into_iter()
        .filter(|e| match closed.filter(|c| e.period <= *c) {
            Some(c) => {
                errors.push(err(
                    e.line,
                    "period",
                    &e.period.to_string(),
                    format!(
                        "el mes {} está cerrado (cerrados hasta {}); sus lecturas no cambian",
                        e.period, c
                    ),
                    format!(
                        "month {} is closed (closed through {}); its readings do not change",
                        e.period, c
                    ),
                ));
                false
            }
            None => true,
        })
        .collect();
    // Check in period order so that a file holding several months uses its own earlier
    // months as the previous reading of the later ones.
    entries.sort_by(|a, b| (&a.account, a.period, a.line).cmp(&(&b.account, b.period, b.line)));

    let accounts: HashMap<String, (i64, bool)> = {
        let mut stmt = conn.prepare("SELECT account, id, metered FROM connections")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?))))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let meters = load_meters(conn)?;
    let periods: BTreeSet<Period> = entries.iter().map(|e| e.period).collect();
    let mut last_ok: HashMap<Period, HashMap<i64, StoredReading>> = HashMap::new();
    let mut existing: HashMap<Period, HashMap<i64, StoredReading>> = HashMap::new();
    let mut billed: HashSet<(i64, Period)> = HashSet::new();
    let mut stored_dates: HashMap<i64, String> = HashMap::new();
    for &p in &periods {
        let involved = entries
            .iter()
            .filter(|e| e.period == p)
            .filter_map(|e| accounts.get(&e.account))
            .map(|&(id, _)| id);
        last_ok.insert(p, last_ok_before(conn, p, involved)?);
        let of = of_period(conn, p)?;
        let mut stmt = conn.prepare_cached("SELECT id, read_on FROM readings WHERE period = ?1")?;
        let rows = stmt.query_map([p.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            let (id, d) = row?;
            stored_dates.insert(id, d);
        }
        existing.insert(p, of);
        let mut stmt = conn.prepare_cached("SELECT connection_id FROM bills WHERE period = ?1")?;
        for id in stmt.query_map([p.to_string()], |r| r.get::<_, i64>(0))? {
            billed.insert((id?, p));
        }
    }

    let mut plans: Vec<Plan> = Vec::new();
    // The latest reading accepted from this input, per connection: (period, meter, value).
    let mut accepted: HashMap<i64, (Period, i64, u64)> = HashMap::new();
    let mut in_input: HashMap<(String, Period), Entry> = HashMap::new();
    for e in entries {
        let line = e.line;
        let Some(&(connection_id, metered)) = accounts.get(&e.account) else {
            errors.push(err(
                line,
                "account",
                &e.account,
                "no es una cuenta registrada",
                "is not a registered account",
            ));
            continue;
        };
        if !metered {
            errors.push(err(
                line,
                "account",
                &e.account,
                "la conexión no tiene medidor (se le asigna un consumo)",
                "the connection has no meter (it is billed an assigned volume)",
            ));
            continue;
        }
        if let Some(first) = in_input.get(&(e.account.clone(), e.period)) {
            if first.same_reading(&e) {
                summary.unchanged += 1;
            } else {
                errors.push(err(
                    line,
                    "reading",
                    &e.reading.map(|r| r.to_string()).unwrap_or_default(),
                    format!(
                        "la fila {} ya trae otra lectura de esta cuenta para {}",
                        first.line, e.period
                    ),
                    format!(
                        "row {} already has another reading of this account for {}",
                        first.line, e.period
                    ),
                ));
            }
            continue;
        }
        in_input.insert((e.account.clone(), e.period), e.clone());
        let Some(meter) = meters.get(&connection_id).and_then(|m| meter_for_period(m, e.period)) else {
            errors.push(err(
                line,
                "period",
                &e.period.to_string(),
                "la conexión no tenía medidor instalado en ese periodo",
                "the connection had no meter installed in that period",
            ));
            continue;
        };
        let stored = existing.get(&e.period).and_then(|m| m.get(&connection_id));
        let mut replaces = None;
        if let Some(s) = stored {
            let same = s.reading == e.reading
                && s.status == e.status
                && stored_dates.get(&s.id).map(String::as_str) == Some(e.read_on.to_string().as_str());
            if same {
                summary.unchanged += 1;
                continue;
            }
            if billed.contains(&(connection_id, e.period)) {
                errors.push(err(
                    line,
                    "period",
                    &e.period.to_string(),
                    "ese periodo ya está facturado para esta cuenta; la lectura no se cambia",
                    "that period is already billed for this account; its reading is not changed",
                ));
                continue;
            }
            if !options.replace {
                let old = s
                    .reading
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| s.status.code().to_string());
                errors.push(err(
                    line,
                    "reading",
                    &e.reading.map(|r| r.to_string()).unwrap_or_default(),
                    format!(
                        "ya hay otra lectura registrada para {} ({old}); para corregirla, importe con la opción «Reemplazar» (--replace en la línea de comandos)",
                        e.period
                    ),
                    format!(
                        "another reading is stored for {} ({old}); to correct it, import with the option «Replace» (--replace on the command line)",
                        e.period
                    ),
                ));
                continue;
            }
            replaces = Some(s.id);
        } else if billed.contains(&(connection_id, e.period)) {
            errors.push(err(
                line,
                "period",
                &e.period.to_string(),
                "ese periodo ya está facturado para esta cuenta",
                "that period is already billed for this account",
            ));
            continue;
        }
        if let Some(value) = e.reading {
            let raw = value.to_string();
            if value >= meter.modulus() {
                errors.push(err(
                    line,
                    "reading",
                    &raw,
                    format!(
                        "tiene más cifras que el medidor {} ({} dígitos)",
                        meter.serial, meter.digits
                    ),
                    format!("has more digits than meter {} ({} digits)", meter.serial, meter.digits),
                ));
                continue;
            }
            // Previous: the latest accepted reading on this meter, from this input or the
            // ledger, else the meter's initial reading.
            let from_input = accepted
                .get(&connection_id)
                .filter(|(p, m, _)| *p < e.period && *m == meter.id)
                .map(|&(_, _, v)| v);
            let from_ledger = last_ok
                .get(&e.period)
                .and_then(|m| m.get(&connection_id))
                .filter(|r| r.meter_id == meter.id)
                .and_then(|r| r.reading);
            let prev = from_input.or(from_ledger).unwrap_or(meter.initial_reading);
            match volume_between(prev, value, meter.digits) {
                None => {
                    errors.push(err(
                        line,
                        "reading",
                        &raw,
                        format!(
                            "{value} es menor que la lectura anterior {prev} y no es una vuelta plausible del medidor"
                        ),
                        format!(
                            "{value} is lower than the previous reading {prev} and is not a plausible meter rollover"
                        ),
                    ));
                    continue;
                }
                Some(v) if value < prev => summary.warnings.push(RowError {
                    line,
                    column: "reading".to_string(),
                    value: raw.clone(),
                    reason: super::sheet::rollover_warning(prev, v),
                }),
                Some(_) => {}
            }
            accepted.insert(connection_id, (e.period, meter.id, value));
        }
        plans.push(Plan {
            entry: e,
            connection_id,
            meter_id: meter.id,
            replaces,
        });
    }

    refuse_unless_skipping(&errors, options)?;
    errors.sort_by_key(|e| e.line);
    summary.invalid = errors;
    summary.added = plans.iter().filter(|p| p.replaces.is_none()).count() as u64;
    summary.replaced = plans.iter().filter(|p| p.replaces.is_some()).count() as u64;
    Ok((summary, plans))
}
