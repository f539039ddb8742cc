//! Production per source and month (what non-revenue water is measured against): its import
//! and its rows for the bundle.

use super::*;

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

impl Ledger {
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
