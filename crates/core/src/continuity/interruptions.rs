//! Interruptions of service: started and ended at the counter or imported from a file,
//! append-only and sealed (an end is recorded once), listed and exported.

use super::*;
use crate::error::ErrorCode;

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

/// The columns of `interruptions.csv`, in order.
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

impl Ledger {
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
                ErrorCode::At,
                format!("«{at}» no es una fecha y hora (AAAA-MM-DD HH:MM)."),
                format!("«{at}» is not a date and time (YYYY-MM-DD HH:MM)."),
            )
        })?;
        if start > now {
            return Err(Error::invalid(
                ErrorCode::At,
                "El inicio es posterior a ahora.",
                "The start is later than now.",
            ));
        }
        let kind = kind_of(kind).ok_or_else(|| {
            Error::invalid(
                ErrorCode::Kind,
                "Use planned (programada) o unplanned (imprevista).",
                "Use planned or unplanned.",
            )
        })?;
        let cause = cause.trim().to_string();
        if cause.is_empty() {
            return Err(Error::invalid(ErrorCode::Cause, "Indique la causa.", "Give the cause."));
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
                    ErrorCode::Sector,
                    "Indique al menos un sector.",
                    "Give at least one sector.",
                ));
            }
            if let Some(unknown) = list.iter().find(|s| !known.contains_key(*s)) {
                return Err(Error::invalid(
                    ErrorCode::Sector,
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
                ErrorCode::At,
                format!("«{at}» no es una fecha y hora (AAAA-MM-DD HH:MM)."),
                format!("«{at}» is not a date and time (YYYY-MM-DD HH:MM)."),
            )
        })?;
        if end > now {
            return Err(Error::invalid(
                ErrorCode::At,
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
                    ErrorCode::At,
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
}
