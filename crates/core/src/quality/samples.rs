//! Samples (`quality import`, `quality record`, the sample form) and the incidents a failing
//! sample opens. A sample is evidence: stored once, never edited, judged when recorded by the
//! limits then in force, sealed in the hash chain with its verdict.

use super::{PARAMETERS, Verdict, judge, limits, parameter_alias, parse_value};
use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::ErrorCode;
use crate::error::{Error, Result, Text};
use crate::import::{Column, ImportOptions, ImportSummary, RowError, Table, parse_text, refuse_unless_skipping};
use crate::ledger::chain::Appender;
use crate::period::parse_local_time;
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;
mod incidents;
mod seals;
pub use incidents::{Incident, IncidentAction};
pub(crate) use seals::*;

/// A sample as typed or read from a sheet.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct NewSample {
    /// The sample's code.
    pub sample: String,
    /// The point's code.
    pub point: String,
    /// `YYYY-MM-DD HH:MM` (or `DD/MM/YYYY HH:MM`), local time.
    pub taken_at: String,
    /// Who took it.
    pub taken_by: String,
    /// `operator`, `health` or `lab`.
    pub by: String,
    /// Parameter → value as typed (`0.8`, `<1.8`, `ND`); absent or empty: not measured.
    pub values: Vec<(String, String)>,
}

/// A stored sample with its verdict.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Sample {
    /// Its id.
    pub id: i64,
    /// The sample's code.
    pub sample: String,
    /// The point's code.
    pub point: String,
    /// The point's name.
    pub point_name: String,
    /// The point's kind.
    pub kind: String,
    /// The point's sector.
    pub sector: String,
    /// When it was taken (local time).
    pub taken_at: String,
    /// Who took it.
    pub taken_by: String,
    /// `operator`, `health` or `lab`.
    pub by: String,
    /// Parameter → value, for the parameters measured.
    pub values: Vec<(String, String)>,
    /// `pass`, `low` or `fail`.
    pub verdict: String,
    /// The parameters that fail.
    pub failed: Vec<String>,
    /// Parameters under their minimum but not failing, as judged when recorded; `None` for a
    /// sample recorded before ledger version 11, which did not keep them.
    pub low: Option<Vec<String>>,
}

fn by_kind(s: &str) -> Option<&'static str> {
    match crate::text::normalize_key(s).as_str() {
        "" | "operator" | "operador" => Some("operator"),
        "health" | "salud" | "sector_salud" | "digesa" | "diresa" => Some("health"),
        "lab" | "laboratorio" => Some("lab"),
        _ => None,
    }
}

/// A sample checked: where, when, its values, its verdict.
struct Checked {
    sample: String,
    point_id: i64,
    taken_at: NaiveDateTime,
    taken_by: String,
    by: &'static str,
    values: Vec<(String, Decimal)>,
    verdict: Verdict,
}

struct Point {
    id: i64,
    kind: String,
}

fn points(conn: &Connection) -> Result<HashMap<String, Point>> {
    let mut stmt = conn.prepare_cached("SELECT point, id, kind FROM quality_points")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            Point {
                id: r.get(1)?,
                kind: r.get(2)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Checks one sample's fields; each problem is (field, value, reason).
fn check(
    s: &NewSample,
    points: &HashMap<String, Point>,
    limits: &[super::Limit],
    now: NaiveDateTime,
    marks: &HashMap<&'static str, crate::number::Mark>,
) -> std::result::Result<Checked, Vec<(String, String, Text)>> {
    let mut problems = Vec::new();
    let sample = s.sample.trim().to_string();
    if sample.is_empty() || sample.chars().count() > 40 {
        problems.push((
            "sample".into(),
            sample.clone(),
            Text::new(
                "es obligatorio (hasta 40 caracteres)",
                "is required (up to 40 characters)",
            ),
        ));
    }
    let point = points.get(s.point.trim());
    if point.is_none() {
        problems.push((
            "point".into(),
            s.point.clone(),
            Text::new(
                "no es un punto de muestreo registrado",
                "is not a registered sampling point",
            ),
        ));
    }
    let taken_at = parse_local_time(&s.taken_at);
    match taken_at {
        None => problems.push((
            "taken_at".into(),
            s.taken_at.clone(),
            Text::new(
                "no es una fecha y hora (AAAA-MM-DD HH:MM o DD/MM/AAAA HH:MM)",
                "is not a date and time (YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM)",
            ),
        )),
        Some(t) if t > now => problems.push((
            "taken_at".into(),
            s.taken_at.clone(),
            Text::new("es posterior a ahora", "is later than now"),
        )),
        _ => {}
    }
    let by = by_kind(&s.by);
    if by.is_none() {
        problems.push((
            "by".into(),
            s.by.clone(),
            Text::new("use operador, salud o laboratorio", "use operator, health or lab"),
        ));
    }
    let taken_by = match parse_text(&s.taken_by, 80) {
        Ok(t) => t,
        Err(why) => {
            problems.push(("taken_by".into(), s.taken_by.clone(), why));
            String::new()
        }
    };
    let mut values = Vec::new();
    for (parameter, raw) in &s.values {
        let key = crate::text::normalize_key(parameter);
        let Some(p) = PARAMETERS.iter().find(|p| **p == key || parameter_alias(p) == key) else {
            problems.push((
                parameter.clone(),
                raw.clone(),
                Text::new("no es un parámetro", "is not a parameter"),
            ));
            continue;
        };
        match parse_value(p, raw, marks.get(p).copied()) {
            Ok(Some(v)) => values.push((p.to_string(), v)),
            Ok(None) => {}
            Err(why) => problems.push((parameter.clone(), raw.clone(), why)),
        }
    }
    if values.is_empty() && problems.is_empty() {
        problems.push((
            "values".into(),
            String::new(),
            Text::new(
                "la muestra no trae ningún valor medido",
                "the sample has no measured value",
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let point = point.expect("checked above");
    let verdict = judge(limits, &point.kind, &values);
    Ok(Checked {
        sample,
        point_id: point.id,
        taken_at: taken_at.expect("checked above"),
        taken_by,
        by: by.expect("checked above"),
        values,
        verdict,
    })
}

/// Whether a positive thermotolerant result came without an E. coli value (the regulation
/// asks for one).
fn needs_e_coli(values: &[(String, Decimal)]) -> bool {
    let has = |p: &str| values.iter().find(|(k, _)| k == p).map(|(_, v)| *v);
    has("thermotolerant_coliforms").is_some_and(|v| v > Decimal::ZERO) && has("e_coli").is_none()
}

fn insert(tx: &Connection, chain: &mut Appender, actor: &Actor, c: &Checked) -> Result<i64> {
    let value = |p: &str| c.values.iter().find(|(k, _)| k == p).map(|(_, v)| v.to_string());
    tx.prepare_cached(
        "INSERT INTO quality_samples (sample, point_id, taken_at, taken_by, taken_by_kind, free_chlorine, turbidity, ph,
            colour, conductivity, total_coliforms, thermotolerant_coliforms, e_coli, verdict, failed, recorded_by, low)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(rusqlite::params![
        c.sample,
        c.point_id,
        c.taken_at.format("%Y-%m-%d %H:%M").to_string(),
        c.taken_by,
        c.by,
        value("free_chlorine"),
        value("turbidity"),
        value("ph"),
        value("colour"),
        value("conductivity"),
        value("total_coliforms"),
        value("thermotolerant_coliforms"),
        value("e_coli"),
        c.verdict.verdict,
        c.verdict.failed.join("+"),
        actor.name,
        c.verdict.low.join("+"),
    ])?;
    let id = tx.last_insert_rowid();
    let content = canonical_sample(tx, id)?.map(|c| c.1).unwrap_or_default();
    chain.push(tx, "quality_sample", id, &content)?;
    if c.verdict.verdict == "fail" {
        tx.prepare_cached("INSERT INTO quality_incidents (sample_id, opened_on, failed) VALUES (?1, ?2, ?3)")?
            .execute(rusqlite::params![
                id,
                c.taken_at.date().to_string(),
                c.verdict.failed.join("+")
            ])?;
        let incident = tx.last_insert_rowid();
        let content = canonical_incident(tx, incident)?.map(|c| c.1).unwrap_or_default();
        chain.push(tx, "quality_incident", incident, &content)?;
    }
    Ok(id)
}

const SAMPLE_COLUMNS: &str = "s.id, s.sample, p.point, p.name, p.kind, p.sector, s.taken_at, s.taken_by, s.taken_by_kind,
    s.free_chlorine, s.turbidity, s.ph, s.colour, s.conductivity, s.total_coliforms, s.thermotolerant_coliforms, s.e_coli,
    s.verdict, s.failed, s.low";

pub(crate) fn read_sample(r: &rusqlite::Row<'_>) -> rusqlite::Result<Sample> {
    read_sample_at(r, 0)
}

/// The samples taken between two local times (`[from, to)`), in time order.
pub(crate) fn samples_between(conn: &Connection, from: &str, to: &str) -> Result<Vec<Sample>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SAMPLE_COLUMNS} FROM quality_samples s JOIN quality_points p ON p.id = s.point_id
          WHERE s.taken_at >= ?1 AND s.taken_at < ?2 ORDER BY s.taken_at, s.id"
    ))?;
    let rows = stmt.query_map([from, to], read_sample)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const SHEET_COLUMNS: &[Column] = &[
    Column {
        name: "sample",
        aliases: &["muestra", "codigo"],
        required: true,
    },
    Column {
        name: "point",
        aliases: &["punto"],
        required: true,
    },
    Column {
        name: "taken_at",
        aliases: &["fecha_hora", "fecha"],
        required: true,
    },
    Column {
        name: "taken_by",
        aliases: &["muestreado_por", "responsable"],
        required: false,
    },
    Column {
        name: "by",
        aliases: &["entidad"],
        required: false,
    },
    Column {
        name: "free_chlorine",
        aliases: &["cloro_libre", "cloro_residual", "cloro"],
        required: false,
    },
    Column {
        name: "turbidity",
        aliases: &["turbiedad", "turbidez"],
        required: false,
    },
    Column {
        name: "ph",
        aliases: &[],
        required: false,
    },
    Column {
        name: "colour",
        aliases: &["color"],
        required: false,
    },
    Column {
        name: "conductivity",
        aliases: &["conductividad"],
        required: false,
    },
    Column {
        name: "total_coliforms",
        aliases: &["coliformes_totales"],
        required: false,
    },
    Column {
        name: "thermotolerant_coliforms",
        aliases: &["coliformes_termotolerantes", "coliformes_fecales"],
        required: false,
    },
    Column {
        name: "e_coli",
        aliases: &["escherichia_coli"],
        required: false,
    },
];

impl Ledger {
    /// Imports a lab or field sheet: all or nothing (or the valid rows with `skip_invalid`),
    /// every bad row named; a sample code already stored with the same values changes nothing,
    /// with other values is refused (evidence is never replaced).
    pub fn import_samples(
        &mut self,
        actor: &Actor,
        path: &Path,
        options: ImportOptions,
        dry_run: bool,
    ) -> Result<(ImportSummary, Table)> {
        actor.require(Permission::RecordFieldWork)?;
        let table = Table::read(path, true)?;
        let (cols, ignored) = table.resolve(SHEET_COLUMNS)?;
        let label = |i: usize| table.label(&cols, SHEET_COLUMNS, i);
        let mut summary = ImportSummary::of(&table, ignored);
        let now = self.clock().now_local();
        let conn = self.conn();
        let known = points(conn)?;
        let lim = limits(conn)?;
        let stored: HashSet<String> = {
            let mut stmt = conn.prepare("SELECT sample FROM quality_samples")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut errors = Vec::new();
        let mut plan: Vec<Checked> = Vec::new();
        let mut seen: HashMap<String, u64> = HashMap::new();
        // Each parameter's column tells its own decimal mark (a lab may write pH `7,2` and
        // turbidity `1.250` in one sheet only if each column is consistent).
        let marks: HashMap<&'static str, crate::number::Mark> = PARAMETERS
            .iter()
            .enumerate()
            .filter_map(|(i, p)| table.mark(cols[5 + i]).map(|m| (*p, m)))
            .collect();
        for r in &table.rows {
            if let Some(reason) = table.cell_count_problem(r) {
                errors.push(RowError::new(r, "", "", reason));
                continue;
            }
            let s = NewSample {
                sample: r.get(cols[0]).to_string(),
                point: r.get(cols[1]).to_string(),
                taken_at: r.get(cols[2]).to_string(),
                taken_by: r.get(cols[3]).to_string(),
                by: r.get(cols[4]).to_string(),
                values: PARAMETERS
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.to_string(), r.get(cols[5 + i]).to_string()))
                    .collect(),
            };
            let field_label = |field: &str| {
                SHEET_COLUMNS
                    .iter()
                    .position(|c| c.name == field)
                    .map(label)
                    .unwrap_or_else(|| field.to_string())
            };
            match check(&s, &known, &lim, now, &marks) {
                Err(problems) => {
                    for (field, value, why) in problems {
                        errors.push(RowError::new(r, &field_label(&field), &value, why));
                    }
                }
                Ok(c) => {
                    if let Some(first) = seen.insert(c.sample.clone(), r.line) {
                        errors.push(RowError::new(
                            r,
                            &label(0),
                            &c.sample,
                            Text::new(
                                format!("la muestra ya está en la fila {first}"),
                                format!("the sample is already on row {first}"),
                            ),
                        ));
                        continue;
                    }
                    if stored.contains(&c.sample) {
                        if same_as_stored(conn, &c)? {
                            summary.unchanged += 1;
                        } else {
                            errors.push(RowError::new(
                                r,
                                &label(0),
                                &c.sample,
                                Text::new(
                                    "ya está registrada con otros valores; una muestra no se reemplaza",
                                    "is already stored with other values; a sample is never replaced",
                                ),
                            ));
                        }
                        continue;
                    }
                    if needs_e_coli(&c.values) {
                        summary.warnings.push(RowError::new(
                            r,
                            &label(12),
                            "",
                            Text::new(
                                "coliformes termotolerantes positivos: analice E. coli",
                                "positive thermotolerant coliforms: test for E. coli",
                            ),
                        ));
                    }
                    plan.push(c);
                }
            }
        }
        refuse_unless_skipping(&errors, options)?;
        errors.sort_by_key(|e| e.line);
        summary.invalid = errors;
        summary.added = plan.len() as u64;
        if dry_run || plan.is_empty() {
            return Ok((summary, table));
        }
        let failing = plan.iter().filter(|c| c.verdict.verdict == "fail").count();
        let detail = format!("file={} samples={} failing={failing}", path.display(), plan.len());
        self.write(actor, "quality.import", |tx, _| {
            let mut chain = Appender::start(tx)?;
            for c in &plan {
                insert(tx, &mut chain, actor, c)?;
            }
            Ok(((), detail))
        })?;
        Ok((summary, table))
    }

    /// Records one sample (the form, `quality record`): its verdict, and the incident it opens
    /// when it fails.
    pub fn record_sample(&mut self, actor: &Actor, s: &NewSample) -> Result<(Sample, Option<i64>)> {
        actor.require(Permission::RecordFieldWork)?;
        let now = self.clock().now_local();
        self.write(actor, "quality.record", |tx, _| {
            let c = check(s, &points(tx)?, &limits(tx)?, now, &HashMap::new()).map_err(|problems| {
                // Every problem of the form at once, each naming its field.
                let say = |lang: crate::Lang| {
                    problems
                        .iter()
                        .map(|(field, value, why)| {
                            let shown = if value.is_empty() { String::new() } else { format!(" («{value}»)") };
                            format!("{field}{shown}: {}", why.get(lang))
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                Error::invalid(ErrorCode::Sample, say(crate::Lang::Es), say(crate::Lang::En))
            })?;
            let exists: Option<i64> =
                tx.query_row("SELECT id FROM quality_samples WHERE sample = ?1", [&c.sample], |r| r.get(0)).optional()?;
            if exists.is_some() {
                return Err(Error::conflict(
                    format!("La muestra {} ya está registrada.", c.sample),
                    format!("Sample {} is already stored.", c.sample),
                ));
            }
            let id = insert(tx, &mut Appender::start(tx)?, actor, &c)?;
            let incident: Option<i64> =
                tx.query_row("SELECT id FROM quality_incidents WHERE sample_id = ?1", [id], |r| r.get(0)).optional()?;
            let sample = tx
                .prepare_cached(&format!(
                    "SELECT {SAMPLE_COLUMNS} FROM quality_samples s JOIN quality_points p ON p.id = s.point_id WHERE s.id = ?1"
                ))?
                .query_row([id], read_sample)?;
            let detail = format!("sample={} verdict={}", sample.sample, sample.verdict);
            Ok(((sample, incident), detail))
        })
    }

    /// The samples taken in `period`.
    pub fn samples_of(&self, period: crate::Period) -> Result<Vec<Sample>> {
        samples_between(
            self.conn(),
            &format!("{} 00:00", period.first_day()),
            &format!("{} 00:00", period.next().first_day()),
        )
    }
}

fn read_sample_at(r: &rusqlite::Row<'_>, offset: usize) -> rusqlite::Result<Sample> {
    let mut values = Vec::new();
    for (i, p) in PARAMETERS.iter().enumerate() {
        if let Some(v) = r.get::<_, Option<String>>(offset + 9 + i)? {
            values.push((p.to_string(), v));
        }
    }
    let failed: String = r.get(offset + 18)?;
    let split = |s: String| s.split('+').filter(|f| !f.is_empty()).map(str::to_string).collect();
    Ok(Sample {
        id: r.get(offset)?,
        sample: r.get(offset + 1)?,
        point: r.get(offset + 2)?,
        point_name: r.get(offset + 3)?,
        kind: r.get(offset + 4)?,
        sector: r.get(offset + 5)?,
        taken_at: r.get(offset + 6)?,
        taken_by: r.get(offset + 7)?,
        by: r.get(offset + 8)?,
        values,
        verdict: r.get(offset + 17)?,
        failed: split(failed),
        low: r.get::<_, Option<String>>(offset + 19)?.map(split),
    })
}

/// Whether a stored sample has the same point, time and values as `c`.
fn same_as_stored(conn: &Connection, c: &Checked) -> Result<bool> {
    let stored = conn
        .prepare_cached(&format!(
            "SELECT {SAMPLE_COLUMNS} FROM quality_samples s JOIN quality_points p ON p.id = s.point_id WHERE s.sample = ?1"
        ))?
        .query_row([&c.sample], read_sample)?;
    let point_id: i64 = conn.query_row(
        "SELECT point_id FROM quality_samples WHERE sample = ?1",
        [&c.sample],
        |r| r.get(0),
    )?;
    let values: Vec<(String, String)> = c.values.iter().map(|(p, v)| (p.clone(), v.to_string())).collect();
    Ok(point_id == c.point_id
        && stored.taken_at == c.taken_at.format("%Y-%m-%d %H:%M").to_string()
        && stored.values == values)
}
