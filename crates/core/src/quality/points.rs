//! `quality points import` and `quality plan import`: the sampling points (`point,name,kind,
//! sector`) and the monthly plan (`point,parameter,per_month`), under the import contract; a
//! row equal to what is stored changes nothing, a different one replaces it (reference data,
//! not evidence: samples keep what they were judged by).

use super::PARAMETERS;
use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::{Result, Text};
use crate::import::{
    Column, ImportOptions, ImportSummary, RowError, Table, parse_count, parse_text, refuse_unless_skipping,
};
use std::collections::HashMap;
use std::path::Path;

const POINT_COLUMNS: &[Column] = &[
    Column {
        name: "point",
        aliases: &["punto"],
        required: true,
    },
    Column {
        name: "name",
        aliases: &["nombre"],
        required: true,
    },
    Column {
        name: "kind",
        aliases: &["tipo"],
        required: true,
    },
    Column {
        name: "sector",
        aliases: &[],
        required: true,
    },
];

const PLAN_COLUMNS: &[Column] = &[
    Column {
        name: "point",
        aliases: &["punto"],
        required: true,
    },
    Column {
        name: "parameter",
        aliases: &["parametro"],
        required: true,
    },
    Column {
        name: "per_month",
        aliases: &["por_mes"],
        required: true,
    },
];

/// A point kind as sheets write it.
pub(crate) fn point_kind(s: &str) -> Option<&'static str> {
    match crate::text::normalize_key(s).as_str() {
        "source" | "captacion" | "fuente" => Some("source"),
        "plant" | "planta" => Some("plant"),
        "reservoir" | "reservorio" => Some("reservoir"),
        "network" | "red" => Some("network"),
        "tap" | "grifo" | "grifo_de_usuario" => Some("tap"),
        _ => None,
    }
}

impl Ledger {
    /// Imports sampling points (administrators).
    pub fn import_quality_points(
        &mut self,
        actor: &Actor,
        path: &Path,
        options: ImportOptions,
        dry_run: bool,
    ) -> Result<(ImportSummary, Table)> {
        actor.require(Permission::ManageSettings)?;
        let table = Table::read(path, true)?;
        let (cols, ignored) = table.resolve(POINT_COLUMNS)?;
        let stored: HashMap<String, (String, String, String)> = {
            let mut stmt = self
                .conn()
                .prepare("SELECT point, name, kind, sector FROM quality_points")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut summary = ImportSummary::of(&table, ignored);
        let mut errors = Vec::new();
        let mut plan: Vec<(String, String, String, String)> = Vec::new();
        let mut seen: HashMap<String, u64> = HashMap::new();
        for r in &table.rows {
            if let Some(reason) = table.cell_count_problem(r) {
                errors.push(RowError::new(r, "", "", reason));
                continue;
            }
            let before = errors.len();
            let mut text = |i: usize, max: usize| match parse_text(r.get(cols[i]), max) {
                Ok(t) if !t.is_empty() => t,
                Ok(_) => {
                    errors.push(RowError::new(
                        r,
                        &table.label(&cols, POINT_COLUMNS, i),
                        "",
                        Text::new("es obligatorio", "is required"),
                    ));
                    String::new()
                }
                Err(why) => {
                    errors.push(RowError::new(
                        r,
                        &table.label(&cols, POINT_COLUMNS, i),
                        r.get(cols[i]),
                        why,
                    ));
                    String::new()
                }
            };
            let point = text(0, 30);
            let name = text(1, 120);
            let sector = text(3, 40);
            let raw_kind = r.get(cols[2]);
            let kind = point_kind(raw_kind);
            if kind.is_none() {
                errors.push(RowError::new(
                    r,
                    &table.label(&cols, POINT_COLUMNS, 2),
                    raw_kind,
                    Text::new(
                        "use captacion, planta, reservorio, red o grifo",
                        "use source, plant, reservoir, network or tap",
                    ),
                ));
            }
            if let Some(first) = seen.insert(point.clone(), r.line).filter(|_| !point.is_empty()) {
                errors.push(RowError::new(
                    r,
                    &table.label(&cols, POINT_COLUMNS, 0),
                    &point,
                    Text::new(
                        format!("el punto ya está en la fila {first}"),
                        format!("the point is already on row {first}"),
                    ),
                ));
            }
            if errors.len() > before {
                continue;
            }
            let row = (point, name, kind.unwrap_or_default().to_string(), sector);
            match stored.get(&row.0) {
                Some(s)
                    if (s.0.as_str(), s.1.as_str(), s.2.as_str())
                        == (row.1.as_str(), row.2.as_str(), row.3.as_str()) =>
                {
                    summary.unchanged += 1
                }
                Some(_) => {
                    summary.replaced += 1;
                    plan.push(row)
                }
                None => {
                    summary.added += 1;
                    plan.push(row)
                }
            }
        }
        refuse_unless_skipping(&errors, options)?;
        summary.invalid = errors;
        if dry_run || plan.is_empty() {
            return Ok((summary, table));
        }
        let n = plan.len();
        self.write(actor, "quality.points", |tx, _| {
            for (point, name, kind, sector) in &plan {
                tx.execute(
                    "INSERT INTO quality_points (point, name, kind, sector) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (point) DO UPDATE SET name = excluded.name, kind = excluded.kind, sector = excluded.sector",
                    (point, name, kind, sector),
                )?;
            }
            Ok(((), format!("file={} points={n}", path.display())))
        })?;
        Ok((summary, table))
    }

    /// Imports the monthly sampling plan (administrators).
    pub fn import_quality_plan(
        &mut self,
        actor: &Actor,
        path: &Path,
        options: ImportOptions,
        dry_run: bool,
    ) -> Result<(ImportSummary, Table)> {
        actor.require(Permission::ManageSettings)?;
        let table = Table::read(path, true)?;
        let (cols, ignored) = table.resolve(PLAN_COLUMNS)?;
        let points: HashMap<String, i64> = {
            let mut stmt = self.conn().prepare("SELECT point, id FROM quality_points")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let stored: HashMap<(i64, String), u64> = {
            let mut stmt = self
                .conn()
                .prepare("SELECT point_id, parameter, per_month FROM quality_plan")?;
            let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut summary = ImportSummary::of(&table, ignored);
        let mut errors = Vec::new();
        let mut plan = Vec::new();
        for r in &table.rows {
            if let Some(reason) = table.cell_count_problem(r) {
                errors.push(RowError::new(r, "", "", reason));
                continue;
            }
            let before = errors.len();
            let raw_point = r.get(cols[0]);
            let point = points.get(raw_point).copied();
            if point.is_none() {
                errors.push(RowError::new(
                    r,
                    &table.label(&cols, PLAN_COLUMNS, 0),
                    raw_point,
                    Text::new(
                        "no es un punto de muestreo registrado",
                        "is not a registered sampling point",
                    ),
                ));
            }
            let raw_param = r.get(cols[1]);
            let key = crate::text::normalize_key(raw_param);
            let parameter = PARAMETERS
                .iter()
                .find(|p| **p == key || super::parameter_alias(p) == key)
                .copied();
            if parameter.is_none() {
                errors.push(RowError::new(
                    r,
                    &table.label(&cols, PLAN_COLUMNS, 1),
                    raw_param,
                    Text::new(
                        format!("no es un parámetro ({})", PARAMETERS.join(", ")),
                        format!("is not a parameter ({})", PARAMETERS.join(", ")),
                    ),
                ));
            }
            let raw_n = r.get(cols[2]);
            let n = parse_count(raw_n, 1000).ok().filter(|n| *n >= 1);
            if n.is_none() {
                errors.push(RowError::new(
                    r,
                    &table.label(&cols, PLAN_COLUMNS, 2),
                    raw_n,
                    Text::new("es un número entero de 1 a 1000", "is a whole number from 1 to 1000"),
                ));
            }
            if errors.len() > before {
                continue;
            }
            let (Some(point), Some(parameter), Some(n)) = (point, parameter, n) else {
                continue;
            };
            match stored.get(&(point, parameter.to_string())) {
                Some(m) if *m == n => summary.unchanged += 1,
                Some(_) => {
                    summary.replaced += 1;
                    plan.push((point, parameter, n))
                }
                None => {
                    summary.added += 1;
                    plan.push((point, parameter, n))
                }
            }
        }
        refuse_unless_skipping(&errors, options)?;
        summary.invalid = errors;
        if dry_run || plan.is_empty() {
            return Ok((summary, table));
        }
        let n = plan.len();
        self.write(actor, "quality.plan", |tx, _| {
            for (point, parameter, per_month) in &plan {
                tx.execute(
                    "INSERT INTO quality_plan (point_id, parameter, per_month) VALUES (?1, ?2, ?3)
                     ON CONFLICT (point_id, parameter) DO UPDATE SET per_month = excluded.per_month",
                    rusqlite::params![point, parameter, *per_month as i64],
                )?;
            }
            Ok(((), format!("file={} plan_rows={n}", path.display())))
        })?;
        Ok((summary, table))
    }
}
