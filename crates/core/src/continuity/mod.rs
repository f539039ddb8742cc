//! Continuity of service and non-revenue water (docs/quality.md): sectors with their normal
//! hours of supply, interruptions (append-only, sealed; an end is recorded once), production
//! per source and month, and the month's figures — continuity by sector and for the town,
//! planned share, notice given, non-revenue water — computed here once for every screen, file
//! and the Community Board's report.

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::{Error, Result, Text};
use crate::import::{
    Column, ImportOptions, ImportSummary, RowError, Table, parse_count_in, parse_text, refuse_unless_skipping,
};
use crate::ledger::chain::Appender;
use crate::period::{Period, parse_local_time};
use chrono::{NaiveDateTime, NaiveTime};
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::str::FromStr;

/// One interruption as stored.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Interruption {
    pub id: i64,
    pub sectors: Vec<String>,
    pub start: String,
    pub end: Option<String>,
    /// `planned` or `unplanned`.
    pub kind: String,
    pub cause: String,
    pub notice_hours: u64,
}

/// One sector's month.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct SectorFigures {
    pub sector: String,
    pub hours_per_day: String,
    pub interrupted_hours: String,
    pub continuity: String,
    pub connections: u64,
}

/// `continuity --json`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Continuity {
    pub period: String,
    /// Hours a day, one decimal; `None` without sectors or active connections.
    pub continuity: Option<String>,
    pub non_revenue_water: Option<String>,
    pub produced_m3: u64,
    pub consumed_m3: u64,
    pub planned_share: Option<String>,
    pub notice_given: Option<String>,
    pub sectors: Vec<SectorFigures>,
}

fn one_decimal(d: Decimal) -> String {
    let s = d
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
        .to_string();
    if s.contains('.') { s } else { format!("{s}.0") }
}

fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// The minutes of `[start, end)` intervals, their union clipped to `[from, to)`.
fn union_minutes(mut spans: Vec<(NaiveDateTime, NaiveDateTime)>, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
    spans.retain(|(a, b)| b > a);
    spans.sort();
    let mut total = 0;
    let mut current: Option<(NaiveDateTime, NaiveDateTime)> = None;
    for (a, b) in spans {
        let (a, b) = (a.max(from), b.min(to));
        if b <= a {
            continue;
        }
        match current {
            Some((ca, cb)) if a <= cb => current = Some((ca, cb.max(b))),
            Some((ca, cb)) => {
                total += (cb - ca).num_minutes();
                current = Some((a, b));
            }
            None => current = Some((a, b)),
        }
    }
    if let Some((ca, cb)) = current {
        total += (cb - ca).num_minutes();
    }
    total
}

fn month_bounds(p: Period) -> (NaiveDateTime, NaiveDateTime) {
    (
        p.first_day().and_time(NaiveTime::MIN),
        p.next().first_day().and_time(NaiveTime::MIN),
    )
}

const INTERRUPTION_SQL: &str = "SELECT i.id, i.start_at, e.end_at, i.kind, i.cause, i.notice_hours,
        (SELECT group_concat(sector, ',') FROM (SELECT sector FROM interruption_sectors s WHERE s.interruption_id = i.id ORDER BY sector))
   FROM interruptions i LEFT JOIN interruption_ends e ON e.interruption_id = i.id";

fn read_interruption(r: &rusqlite::Row<'_>) -> rusqlite::Result<Interruption> {
    let sectors: Option<String> = r.get(6)?;
    Ok(Interruption {
        id: r.get(0)?,
        start: r.get(1)?,
        end: r.get(2)?,
        kind: r.get(3)?,
        cause: r.get(4)?,
        notice_hours: r.get(5)?,
        sectors: sectors
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

/// The interruptions that touch `[from, to)`, by start.
pub(crate) fn interruptions_of(conn: &Connection, from: NaiveDateTime, to: NaiveDateTime) -> Result<Vec<Interruption>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{INTERRUPTION_SQL} WHERE i.start_at < ?2 AND (e.end_at IS NULL OR e.end_at > ?1) ORDER BY i.start_at, i.id"
    ))?;
    let rows = stmt.query_map([stamp(from), stamp(to)], read_interruption)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn span(i: &Interruption, to: NaiveDateTime) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let a = parse_local_time(&i.start)?;
    // Not ended yet: it counts up to the end of the period being computed.
    let b = i.end.as_deref().and_then(parse_local_time).unwrap_or(to);
    Some((a, b))
}

fn canonical_interruption(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT '#' || id, json_array(id, start_at, kind, cause, notice_hours, recorded_by,
                (SELECT json_group_array(sector) FROM (SELECT sector FROM interruption_sectors WHERE interruption_id = ?1 ORDER BY sector)))
           FROM interruptions WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

fn canonical_end(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT '#' || interruption_id, json_array(interruption_id, end_at, recorded_by)
           FROM interruption_ends WHERE interruption_id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

fn canonical_production(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT source || ' ' || period, json_array(id, source, period, m3, recorded_by) FROM production WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

pub(crate) const INTERRUPTION_RECORD: crate::ledger::chain::Kind = crate::ledger::chain::Kind {
    name: "interruption",
    content: canonical_interruption,
    table: "interruptions",
};
pub(crate) const END_RECORD: crate::ledger::chain::Kind = crate::ledger::chain::Kind {
    name: "interruption_end",
    content: canonical_end,
    table: "interruption_ends",
};
pub(crate) const PRODUCTION_RECORD: crate::ledger::chain::Kind = crate::ledger::chain::Kind {
    name: "production",
    content: canonical_production,
    table: "production",
};

/// Rows of an import that are one interruption: start, end, kind, cause, notice hours.
type GroupKey = (String, Option<String>, String, String, u64);

/// An interruption to store: checked, sectors known.
#[derive(Debug, Clone)]
struct NewInterruption {
    sectors: Vec<String>,
    start: NaiveDateTime,
    end: Option<NaiveDateTime>,
    kind: &'static str,
    cause: String,
    notice_hours: u64,
}

fn kind_of(s: &str) -> Option<&'static str> {
    match crate::text::normalize_key(s).as_str() {
        "planned" | "programada" | "programado" => Some("planned"),
        "unplanned" | "imprevista" | "no_programada" | "emergencia" => Some("unplanned"),
        _ => None,
    }
}

fn insert_interruption(tx: &Connection, chain: &mut Appender, actor: &Actor, n: &NewInterruption) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO interruptions (start_at, kind, cause, notice_hours, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(rusqlite::params![
        stamp(n.start),
        n.kind,
        n.cause,
        n.notice_hours as i64,
        actor.name
    ])?;
    let id = tx.last_insert_rowid();
    for s in &n.sectors {
        tx.prepare_cached("INSERT INTO interruption_sectors (interruption_id, sector) VALUES (?1, ?2)")?
            .execute(rusqlite::params![id, s])?;
    }
    let content = canonical_interruption(tx, id)?.map(|c| c.1).unwrap_or_default();
    chain.push(tx, "interruption", id, &content)?;
    if let Some(end) = n.end {
        insert_end(tx, chain, actor, id, end)?;
    }
    Ok(id)
}

fn insert_end(tx: &Connection, chain: &mut Appender, actor: &Actor, id: i64, end: NaiveDateTime) -> Result<()> {
    tx.prepare_cached("INSERT INTO interruption_ends (interruption_id, end_at, recorded_by) VALUES (?1, ?2, ?3)")?
        .execute(rusqlite::params![id, stamp(end), actor.name])?;
    let content = canonical_end(tx, id)?.map(|c| c.1).unwrap_or_default();
    chain.push(tx, "interruption_end", id, &content)?;
    Ok(())
}

/// One interruption by id, as `conn` (a write's own transaction, when it decides one) sees it.
fn interruption_in(conn: &Connection, id: i64) -> Result<Interruption> {
    conn.prepare_cached(&format!("{INTERRUPTION_SQL} WHERE i.id = ?1"))?
        .query_row([id], read_interruption)
        .optional()?
        .ok_or_else(|| {
            Error::not_found(
                format!("No existe la interrupción {id}."),
                format!("There is no interruption {id}."),
            )
        })
}

fn known_sectors(conn: &Connection) -> Result<HashMap<String, Decimal>> {
    let mut stmt = conn.prepare_cached("SELECT sector, hours_per_day FROM sectors")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (s, h) = row?;
        out.insert(s, Decimal::from_str(&h).unwrap_or(Decimal::from(24)));
    }
    Ok(out)
}

/// Hours of service a day, 0 to 24, as written (`22`, `22,5`, `22.5`).
fn parse_hours(raw: &str, column: Option<crate::number::Mark>) -> Option<Decimal> {
    crate::number::in_column(raw, column)
        .ok()
        .filter(|h| *h >= Decimal::ZERO && *h <= Decimal::from(24))
}

const SECTOR_COLUMNS: &[Column] = &[
    Column {
        name: "sector",
        aliases: &[],
        required: true,
    },
    Column {
        name: "name",
        aliases: &["nombre"],
        required: true,
    },
    Column {
        name: "hours_per_day",
        aliases: &["horas_dia", "horas_por_dia"],
        required: true,
    },
];
const INTERRUPTION_COLUMNS: &[Column] = &[
    Column {
        name: "sector",
        aliases: &[],
        required: true,
    },
    Column {
        name: "start",
        aliases: &["inicio"],
        required: true,
    },
    Column {
        name: "end",
        aliases: &["fin"],
        required: false,
    },
    Column {
        name: "kind",
        aliases: &["tipo"],
        required: true,
    },
    Column {
        name: "cause",
        aliases: &["causa"],
        required: true,
    },
    Column {
        name: "notice_hours",
        aliases: &["horas_aviso", "aviso_horas"],
        required: false,
    },
];
const PRODUCTION_COLUMNS: &[Column] = &[
    Column {
        name: "source",
        aliases: &["fuente"],
        required: true,
    },
    Column {
        name: "period",
        aliases: &["periodo"],
        required: true,
    },
    Column {
        name: "m3",
        aliases: &["volumen_m3", "volumen"],
        required: true,
    },
];

pub const INTERRUPTIONS_CSV_HEADER: &[&str] = &[
    "id",
    "sectors",
    "start",
    "end",
    "kind",
    "cause",
    "notice_hours",
    "hours_in_period",
];

impl Ledger {
    /// Imports sectors and their hours of supply (administrators); a different row replaces.
    pub fn import_sectors(
        &mut self,
        actor: &Actor,
        path: &Path,
        options: ImportOptions,
        dry_run: bool,
    ) -> Result<(ImportSummary, Table)> {
        actor.require(Permission::ManageSettings)?;
        let table = Table::read(path, true)?;
        let (cols, ignored) = table.resolve(SECTOR_COLUMNS)?;
        let label = |i: usize| table.label(&cols, SECTOR_COLUMNS, i);
        let stored: HashMap<String, (String, String)> = {
            let mut stmt = self.conn().prepare("SELECT sector, name, hours_per_day FROM sectors")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut summary = ImportSummary::of(&table, ignored);
        let mut errors = Vec::new();
        let mut plan = Vec::new();
        let hours_mark = table.mark(cols[2]);
        for r in &table.rows {
            if let Some(reason) = table.cell_count_problem(r) {
                errors.push(RowError::new(r, "", "", reason));
                continue;
            }
            let before = errors.len();
            let sector = parse_text(r.get(cols[0]), 40).unwrap_or_default();
            if sector.is_empty() {
                errors.push(RowError::new(
                    r,
                    &label(0),
                    r.get(cols[0]),
                    Text::new("es obligatorio", "is required"),
                ));
            }
            let name = parse_text(r.get(cols[1]), 120).unwrap_or_default();
            let hours = parse_hours(r.get(cols[2]), hours_mark);
            if hours.is_none() {
                errors.push(RowError::new(
                    r,
                    &label(2),
                    r.get(cols[2]),
                    Text::new("son horas de 0 a 24", "are hours from 0 to 24"),
                ));
            }
            if errors.len() > before {
                continue;
            }
            let hours = hours.unwrap_or_default().normalize().to_string();
            match stored.get(&sector) {
                Some((n, h)) if *n == name && *h == hours => summary.unchanged += 1,
                Some(_) => {
                    summary.replaced += 1;
                    plan.push((sector, name, hours))
                }
                None => {
                    summary.added += 1;
                    plan.push((sector, name, hours))
                }
            }
        }
        refuse_unless_skipping(&errors, options)?;
        summary.invalid = errors;
        if dry_run || plan.is_empty() {
            return Ok((summary, table));
        }
        let n = plan.len();
        self.write(actor, "sectors.import", |tx, _| {
            for (s, name, h) in &plan {
                tx.execute(
                    "INSERT INTO sectors (sector, name, hours_per_day) VALUES (?1, ?2, ?3)
                     ON CONFLICT (sector) DO UPDATE SET name = excluded.name, hours_per_day = excluded.hours_per_day",
                    (s, name, h),
                )?;
            }
            Ok(((), format!("file={} sectors={n}", path.display())))
        })?;
        Ok((summary, table))
    }

    /// Starts an interruption in one or more sectors (the technician).
    pub fn start_interruption(
        &mut self,
        actor: &Actor,
        sectors: &[String],
        at: &str,
        kind: &str,
        cause: &str,
        notice_hours: u64,
    ) -> Result<Interruption> {
        actor.require(Permission::RecordFieldWork)?;
        let now = self.clock().now_local();
        let start = parse_local_time(at).ok_or_else(|| {
            Error::invalid(
                "at",
                format!("«{at}» no es una fecha y hora (AAAA-MM-DD HH:MM)."),
                format!("«{at}» is not a date and time (YYYY-MM-DD HH:MM)."),
            )
        })?;
        if start > now {
            return Err(Error::invalid(
                "at",
                "El inicio es posterior a ahora.",
                "The start is later than now.",
            ));
        }
        let kind = kind_of(kind).ok_or_else(|| {
            Error::invalid(
                "kind",
                "Use planned (programada) o unplanned (imprevista).",
                "Use planned or unplanned.",
            )
        })?;
        let cause = cause.trim().to_string();
        if cause.is_empty() {
            return Err(Error::invalid("cause", "Indique la causa.", "Give the cause."));
        }
        let id = self.write(actor, "service.interruption", |tx, _| {
            let known = known_sectors(tx)?;
            let mut list: Vec<String> = sectors
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            list.sort();
            list.dedup();
            if list.is_empty() {
                return Err(Error::invalid(
                    "sector",
                    "Indique al menos un sector.",
                    "Give at least one sector.",
                ));
            }
            if let Some(unknown) = list.iter().find(|s| !known.contains_key(*s)) {
                return Err(Error::invalid(
                    "sector",
                    format!("El sector «{unknown}» no está registrado."),
                    format!("Sector «{unknown}» is not registered."),
                ));
            }
            repeated(tx, &list, start)?;
            let n = NewInterruption {
                sectors: list,
                start,
                end: None,
                kind,
                cause: cause.clone(),
                notice_hours,
            };
            let id = insert_interruption(tx, &mut Appender::start(tx)?, actor, &n)?;
            Ok((id, format!("interruption={id} start={}", stamp(start))))
        })?;
        self.interruption(id)
    }

    /// Ends an interruption (once; not before it started, not in the future).
    pub fn end_interruption(&mut self, actor: &Actor, id: i64, at: &str) -> Result<Interruption> {
        actor.require(Permission::RecordFieldWork)?;
        let now = self.clock().now_local();
        let end = parse_local_time(at).ok_or_else(|| {
            Error::invalid(
                "at",
                format!("«{at}» no es una fecha y hora (AAAA-MM-DD HH:MM)."),
                format!("«{at}» is not a date and time (YYYY-MM-DD HH:MM)."),
            )
        })?;
        if end > now {
            return Err(Error::invalid(
                "at",
                "El fin es posterior a ahora.",
                "The end is later than now.",
            ));
        }
        self.write(actor, "service.interruption_end", |tx, _| {
            // Read inside the write: another window or command may have ended it meanwhile.
            let current = interruption_in(tx, id)?;
            if current.end.is_some() {
                return Err(Error::conflict(
                    format!("La interrupción {id} ya terminó."),
                    format!("Interruption {id} has already ended."),
                ));
            }
            let start = parse_local_time(&current.start).unwrap_or(end);
            if end <= start {
                return Err(Error::invalid(
                    "at",
                    format!("El fin debe ser posterior al inicio ({}).", current.start),
                    format!("The end must be after the start ({}).", current.start),
                ));
            }
            insert_end(tx, &mut Appender::start(tx)?, actor, id, end)?;
            Ok(((), format!("interruption={id} end={}", stamp(end))))
        })?;
        self.interruption(id)
    }

    /// One interruption by id.
    pub fn interruption(&self, id: i64) -> Result<Interruption> {
        interruption_in(self.conn(), id)
    }

    /// The sectors, by name.
    pub fn sector_names(&self) -> Result<Vec<String>> {
        let mut names: Vec<String> = known_sectors(self.conn())?.into_keys().collect();
        names.sort();
        Ok(names)
    }

    /// The interruptions not yet ended, by start.
    pub fn interruptions_in_progress(&self) -> Result<Vec<Interruption>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{INTERRUPTION_SQL} WHERE e.end_at IS NULL ORDER BY i.start_at, i.id"
        ))?;
        let rows = stmt.query_map([], read_interruption)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The interruptions that touch `period`.
    pub fn interruptions_in(&self, period: Period) -> Result<Vec<Interruption>> {
        let (from, to) = month_bounds(period);
        interruptions_of(self.conn(), from, to)
    }

    /// Imports interruptions, one row per sector (rows with the same start, end, kind and cause
    /// are one interruption of several sectors).
    pub fn import_interruptions(
        &mut self,
        actor: &Actor,
        path: &Path,
        options: ImportOptions,
        dry_run: bool,
    ) -> Result<(ImportSummary, Table)> {
        actor.require(Permission::RecordFieldWork)?;
        let table = Table::read(path, true)?;
        let (cols, ignored) = table.resolve(INTERRUPTION_COLUMNS)?;
        let label = |i: usize| table.label(&cols, INTERRUPTION_COLUMNS, i);
        let now = self.clock().now_local();
        let known = known_sectors(self.conn())?;
        let stored: std::collections::HashSet<(String, String)> = {
            let mut stmt = self.conn().prepare("SELECT s.sector, i.start_at FROM interruptions i JOIN interruption_sectors s ON s.interruption_id = i.id")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut summary = ImportSummary::of(&table, ignored);
        let mut errors = Vec::new();
        let mut groups: BTreeMap<GroupKey, Vec<String>> = BTreeMap::new();
        let mut seen = std::collections::HashSet::new();
        let notice_mark = table.mark(cols[5]);
        for r in &table.rows {
            if let Some(reason) = table.cell_count_problem(r) {
                errors.push(RowError::new(r, "", "", reason));
                continue;
            }
            let before = errors.len();
            let sector = r.get(cols[0]).to_string();
            if !known.contains_key(&sector) {
                errors.push(RowError::new(
                    r,
                    &label(0),
                    &sector,
                    Text::new("no es un sector registrado", "is not a registered sector"),
                ));
            }
            let start = parse_local_time(r.get(cols[1]));
            let end = match r.get(cols[2]) {
                "" => Ok(None),
                raw => parse_local_time(raw).map(Some).ok_or(()),
            };
            match start {
                None => errors.push(RowError::new(
                    r,
                    &label(1),
                    r.get(cols[1]),
                    Text::new(
                        "no es una fecha y hora (AAAA-MM-DD HH:MM)",
                        "is not a date and time (YYYY-MM-DD HH:MM)",
                    ),
                )),
                Some(s) if s > now => errors.push(RowError::new(
                    r,
                    &label(1),
                    r.get(cols[1]),
                    Text::new("es posterior a ahora", "is later than now"),
                )),
                _ => {}
            }
            match (&end, start) {
                (Err(()), _) => errors.push(RowError::new(
                    r,
                    &label(2),
                    r.get(cols[2]),
                    Text::new(
                        "no es una fecha y hora (AAAA-MM-DD HH:MM)",
                        "is not a date and time (YYYY-MM-DD HH:MM)",
                    ),
                )),
                (Ok(Some(e)), Some(s)) if *e <= s => errors.push(RowError::new(
                    r,
                    &label(2),
                    r.get(cols[2]),
                    Text::new("es anterior o igual al inicio", "is not after the start"),
                )),
                (Ok(Some(e)), _) if *e > now => errors.push(RowError::new(
                    r,
                    &label(2),
                    r.get(cols[2]),
                    Text::new("es posterior a ahora", "is later than now"),
                )),
                _ => {}
            }
            let kind = kind_of(r.get(cols[3]));
            if kind.is_none() {
                errors.push(RowError::new(
                    r,
                    &label(3),
                    r.get(cols[3]),
                    Text::new("use programada o imprevista", "use planned or unplanned"),
                ));
            }
            let cause = parse_text(r.get(cols[4]), 200).unwrap_or_default();
            if cause.is_empty() {
                errors.push(RowError::new(
                    r,
                    &label(4),
                    r.get(cols[4]),
                    Text::new("es obligatoria", "is required"),
                ));
            }
            let notice = match r.get(cols[5]) {
                "" => Some(0),
                raw => parse_count_in(raw, 10_000, notice_mark).ok(),
            };
            if notice.is_none() {
                errors.push(RowError::new(
                    r,
                    &label(5),
                    r.get(cols[5]),
                    Text::new("son horas enteras de aviso", "are whole hours of notice"),
                ));
            }
            if errors.len() > before {
                continue;
            }
            let start = stamp(start.unwrap_or_default());
            if stored.contains(&(sector.clone(), start.clone())) || !seen.insert((sector.clone(), start.clone())) {
                errors.push(RowError::new(
                    r,
                    &label(1),
                    &start,
                    Text::new(
                        "ese sector ya tiene una interrupción con ese inicio",
                        "that sector already has an interruption starting then",
                    ),
                ));
                continue;
            }
            let key = (
                start,
                end.ok().flatten().map(stamp),
                kind.unwrap_or_default().to_string(),
                cause,
                notice.unwrap_or(0),
            );
            groups.entry(key).or_default().push(sector);
        }
        refuse_unless_skipping(&errors, options)?;
        summary.invalid = errors;
        summary.added = groups.values().map(|v| v.len() as u64).sum();
        if dry_run || groups.is_empty() {
            return Ok((summary, table));
        }
        let n = groups.len();
        self.write(actor, "interruptions.import", |tx, _| {
            let mut chain = Appender::start(tx)?;
            for ((start, end, kind, cause, notice), sectors) in &groups {
                let n = NewInterruption {
                    sectors: sectors.clone(),
                    start: parse_local_time(start).unwrap_or_default(),
                    end: end.as_deref().and_then(parse_local_time),
                    kind: kind_of(kind).unwrap_or("unplanned"),
                    cause: cause.clone(),
                    notice_hours: *notice,
                };
                insert_interruption(tx, &mut chain, actor, &n)?;
            }
            Ok(((), format!("file={} interruptions={n}", path.display())))
        })?;
        Ok((summary, table))
    }

    /// Imports production per source and month; a row equal to a stored one changes nothing,
    /// a different one is refused (evidence is never replaced).
    pub fn import_production(
        &mut self,
        actor: &Actor,
        path: &Path,
        options: ImportOptions,
        dry_run: bool,
    ) -> Result<(ImportSummary, Table)> {
        actor.require(Permission::RecordFieldWork)?;
        let table = Table::read(path, true)?;
        let (cols, ignored) = table.resolve(PRODUCTION_COLUMNS)?;
        let label = |i: usize| table.label(&cols, PRODUCTION_COLUMNS, i);
        let today = self.clock().today();
        let stored: HashMap<(String, String), u64> = {
            let mut stmt = self.conn().prepare("SELECT source, period, m3 FROM production")?;
            let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut summary = ImportSummary::of(&table, ignored);
        let mut errors = Vec::new();
        let mut plan = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let m3_mark = table.mark(cols[2]);
        for r in &table.rows {
            if let Some(reason) = table.cell_count_problem(r) {
                errors.push(RowError::new(r, "", "", reason));
                continue;
            }
            let before = errors.len();
            let source = parse_text(r.get(cols[0]), 80).unwrap_or_default();
            if source.is_empty() {
                errors.push(RowError::new(
                    r,
                    &label(0),
                    r.get(cols[0]),
                    Text::new("es obligatoria", "is required"),
                ));
            }
            let period = r.get(cols[1]).parse::<Period>().ok();
            match period {
                None => errors.push(RowError::new(
                    r,
                    &label(1),
                    r.get(cols[1]),
                    Text::new("no es un periodo (AAAA-MM)", "is not a period (YYYY-MM)"),
                )),
                Some(p) if p.first_day() > today => errors.push(RowError::new(
                    r,
                    &label(1),
                    r.get(cols[1]),
                    Text::new("es un mes que no ha empezado", "is a month that has not begun"),
                )),
                _ => {}
            }
            // Production is kept in whole m³, as consumption is: a volume with decimals is
            // refused, never scaled or rounded.
            let m3 = parse_count_in(r.get(cols[2]), 1_000_000_000, m3_mark).map_err(|why| {
                Text::new(
                    format!("{} (el volumen se registra en m³ enteros)", why.es),
                    format!("{} (volumes are kept in whole m³)", why.en),
                )
            });
            if let Err(why) = &m3 {
                errors.push(RowError::new(r, &label(2), r.get(cols[2]), why.clone()));
            }
            if errors.len() > before {
                continue;
            }
            let key = (source, period.map(|p| p.to_string()).unwrap_or_default());
            let m3 = m3.unwrap_or(0);
            if !seen.insert(key.clone()) {
                errors.push(RowError::new(
                    r,
                    &label(0),
                    &key.0,
                    Text::new(
                        "esa fuente ya está en otra fila para ese mes",
                        "that source is on another row for that month",
                    ),
                ));
                continue;
            }
            match stored.get(&key) {
                Some(v) if *v == m3 => summary.unchanged += 1,
                Some(v) => errors.push(RowError::new(
                    r,
                    &label(2),
                    &m3.to_string(),
                    Text::new(
                        format!("ya está registrada con {v} m³; la producción no se reemplaza"),
                        format!("is already stored with {v} m³; production is never replaced"),
                    ),
                )),
                None => plan.push((key, m3)),
            }
        }
        refuse_unless_skipping(&errors, options)?;
        summary.invalid = errors;
        summary.added = plan.len() as u64;
        if dry_run || plan.is_empty() {
            return Ok((summary, table));
        }
        let n = plan.len();
        self.write(actor, "production.import", |tx, _| {
            let mut chain = Appender::start(tx)?;
            for ((source, period), m3) in &plan {
                tx.execute(
                    "INSERT INTO production (source, period, m3, recorded_by) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![source, period, *m3 as i64, actor.name],
                )?;
                let id = tx.last_insert_rowid();
                let content = canonical_production(tx, id)?.map(|c| c.1).unwrap_or_default();
                chain.push(tx, "production", id, &content)?;
            }
            Ok(((), format!("file={} rows={n}", path.display())))
        })?;
        Ok((summary, table))
    }

    /// The month's continuity and non-revenue water.
    pub fn continuity(&self, period: Period) -> Result<Continuity> {
        let conn = self.conn();
        let (from, to) = month_bounds(period);
        let days = Decimal::from((to - from).num_days());
        let sectors = known_sectors(conn)?;
        let interruptions = interruptions_of(conn, from, to)?;
        // Active connections by sector at the end of the period.
        let statuses = crate::service::statuses_at(conn, period.last_day())?;
        let mut by_sector: HashMap<String, u64> = HashMap::new();
        {
            let mut stmt = conn.prepare_cached("SELECT id, sector FROM connections")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, sector) = row?;
                if statuses.get(&id).map(String::as_str) == Some("active") {
                    *by_sector.entry(sector).or_default() += 1;
                }
            }
        }
        let mut names: Vec<&String> = sectors.keys().collect();
        names.sort();
        let mut out = Vec::new();
        let (mut weighted, mut connections) = (Decimal::ZERO, 0u64);
        let (mut all_minutes, mut planned_minutes) = (0i64, 0i64);
        for s in names {
            let spans = |planned_only: bool| -> Vec<(NaiveDateTime, NaiveDateTime)> {
                interruptions
                    .iter()
                    .filter(|i| i.sectors.contains(s) && (!planned_only || i.kind == "planned"))
                    .filter_map(|i| span(i, to))
                    .collect()
            };
            let minutes = union_minutes(spans(false), from, to);
            all_minutes += minutes;
            planned_minutes += union_minutes(spans(true), from, to);
            let hours = Decimal::from(minutes) / Decimal::from(60);
            let per_day = sectors[s];
            let cont = (per_day - hours / days).max(Decimal::ZERO);
            let n = by_sector.get(s).copied().unwrap_or(0);
            weighted += cont * Decimal::from(n);
            connections += n;
            out.push(SectorFigures {
                sector: s.clone(),
                hours_per_day: one_decimal(per_day),
                interrupted_hours: one_decimal(hours),
                continuity: one_decimal(cont),
                connections: n,
            });
        }
        let produced: u64 = conn.query_row(
            "SELECT coalesce(sum(m3), 0) FROM production WHERE period = ?1",
            [period.to_string()],
            |r| r.get(0),
        )?;
        let consumed: u64 = conn.query_row(
            "SELECT coalesce(sum(consumption_m3), 0) FROM bills WHERE period = ?1",
            [period.to_string()],
            |r| r.get(0),
        )?;
        let nrw = (produced > 0).then(|| {
            one_decimal(
                (Decimal::from(produced) - Decimal::from(consumed)) * Decimal::from(100) / Decimal::from(produced),
            )
        });
        let planned_starting: Vec<&Interruption> = interruptions
            .iter()
            .filter(|i| i.kind == "planned" && parse_local_time(&i.start).is_some_and(|a| a >= from && a < to))
            .collect();
        let noticed = planned_starting.iter().filter(|i| i.notice_hours >= 48).count() as u64;
        Ok(Continuity {
            period: period.to_string(),
            continuity: (connections > 0).then(|| one_decimal(weighted / Decimal::from(connections))),
            non_revenue_water: nrw,
            produced_m3: produced,
            consumed_m3: consumed,
            planned_share: crate::quality::percent_of(planned_minutes as u64, all_minutes as u64),
            notice_given: crate::quality::percent_of(noticed, planned_starting.len() as u64),
            sectors: out,
        })
    }

    /// Rows of `interruptions.csv` for `period`.
    pub(crate) fn interruption_rows(&self, period: Period) -> Result<Vec<Vec<String>>> {
        let (from, to) = month_bounds(period);
        Ok(interruptions_of(self.conn(), from, to)?
            .into_iter()
            .map(|i| {
                let minutes = span(&i, to).map_or(0, |s| union_minutes(vec![s], from, to));
                vec![
                    i.id.to_string(),
                    i.sectors.join("+"),
                    i.start.clone(),
                    i.end.clone().unwrap_or_default(),
                    i.kind.clone(),
                    i.cause.clone(),
                    i.notice_hours.to_string(),
                    one_decimal(Decimal::from(minutes) / Decimal::from(60)),
                ]
            })
            .collect())
    }

    /// Writes `interruptions.csv` of `period`; whole or nothing.
    pub fn export_interruptions(&self, period: Period, out: &Path) -> Result<u64> {
        // One state of the books, whatever another window writes meanwhile.
        let _reading = self.snapshot()?;
        let rows = self.interruption_rows(period)?;
        crate::files::write_csv(out, INTERRUPTIONS_CSV_HEADER, &rows)?;
        Ok(rows.len() as u64)
    }

    /// Rows of `production.csv` for `period`.
    pub(crate) fn production_rows(&self, period: Period) -> Result<Vec<Vec<String>>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT source, period, m3 FROM production WHERE period = ?1 ORDER BY source")?;
        let rows = stmt.query_map([period.to_string()], |r| {
            Ok(vec![
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?.to_string(),
            ])
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Whether an interruption of these sectors starting then is already stored.
fn repeated(tx: &Connection, sectors: &[String], start: NaiveDateTime) -> Result<()> {
    for s in sectors {
        let found: Option<i64> = tx
            .query_row(
                "SELECT i.id FROM interruptions i JOIN interruption_sectors x ON x.interruption_id = i.id WHERE x.sector = ?1 AND i.start_at = ?2",
                (s, stamp(start)),
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = found {
            return Err(Error::conflict(
                format!("El sector {s} ya tiene la interrupción {id} con ese inicio."),
                format!("Sector {s} already has interruption {id} starting then."),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        parse_local_time(s).unwrap()
    }

    #[test]
    fn overlapping_spans_count_once_and_are_clipped() {
        let (from, to) = (t("2026-11-01 00:00"), t("2026-12-01 00:00"));
        let spans = vec![
            (t("2026-11-03 08:00"), t("2026-11-03 12:00")),
            (t("2026-11-03 10:00"), t("2026-11-03 14:00")),
            (t("2026-10-31 22:00"), t("2026-11-01 02:00")),
            (t("2026-11-30 23:00"), t("2026-12-01 05:00")),
        ];
        assert_eq!(union_minutes(spans, from, to), (6 + 2 + 1) * 60);
    }
}
