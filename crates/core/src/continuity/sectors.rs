//! Sectors and their normal hours of supply: the import of the sectors' file, and their names.

use super::*;

/// Every sector with its normal hours of supply a day.
pub(super) fn known_sectors(conn: &Connection) -> Result<HashMap<String, Decimal>> {
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

    /// The sectors, by name.
    pub fn sector_names(&self) -> Result<Vec<String>> {
        let mut names: Vec<String> = known_sectors(self.conn())?.into_keys().collect();
        names.sort();
        Ok(names)
    }
}
