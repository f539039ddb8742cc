//! Tariffs in the ledger: stored as the approved document, byte for byte, and chosen for a
//! period as the one with the greatest `effective_from` not after it.

use super::Tariff;
use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::period::Period;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

/// A tariff as stored, with its document.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct StoredTariff {
    /// Its id.
    pub id: i64,
    /// The tariff.
    pub tariff: Tariff,
    /// The document as imported (TOML).
    pub document: String,
    /// When it was imported.
    pub imported_at: String,
    /// Who imported it.
    pub imported_by: String,
    /// The tariff in words, as the screen shows it.
    pub words: super::TariffWords,
}

/// What importing a tariff did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum TariffImport {
    /// Added a new tariff.
    Added(i64),
    /// Replaced a tariff with the same `effective_from` that no bill had used yet.
    Replaced(i64),
    /// The same document was already stored.
    Unchanged(i64),
}

impl TariffImport {
    /// The stored tariff's id.
    pub fn id(&self) -> i64 {
        match self {
            TariffImport::Added(id) | TariffImport::Replaced(id) | TariffImport::Unchanged(id) => *id,
        }
    }
}

/// A category a connection can be given, in words.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct CategoryChoice {
    /// The category's code.
    pub code: String,
    /// The tariff's label ("Doméstico").
    pub label: String,
    /// Priced by the tariff in force today (the customer form offers only these).
    pub in_force: bool,
}

/// A category that connections still in service use and a tariff does not price: under that
/// tariff, those connections are left out of billing.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct TariffGap {
    /// The category's code.
    pub category: String,
    /// How many connections have it.
    pub connections: u64,
    /// The warning, in both languages.
    pub message: crate::Text,
}

impl Ledger {
    /// The categories of connections not closed that tariff `id` does not price, each with
    /// how many connections use it (said at import, and by the billing preview per account).
    pub fn tariff_gaps(&self, id: i64) -> Result<Vec<TariffGap>> {
        let (name, document): (String, String) =
            self.conn()
                .query_row("SELECT name, document FROM tariffs WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        let tariff = super::parse(&document)?;
        let mut stmt = self.conn().prepare(
            "SELECT category, count(*) FROM connections WHERE status <> 'closed' GROUP BY category ORDER BY category",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (category, n) = row?;
            if tariff.category(&category).is_some() {
                continue;
            }
            let n = u64::try_from(n).unwrap_or(0);
            let (es, en) = (crate::Lang::Es, crate::Lang::En);
            out.push(TariffGap {
                message: crate::Text::new(
                    format!(
                        "Atención: la tarifa «{name}» no tiene la categoría «{category}», que usa{} {}: mientras rija, no se les facturará. Agregue la categoría a la tarifa.",
                        if n == 1 { "" } else { "n" },
                        es.counted(n, ("conexión", "conexiones"), ("connection", "connections"))
                    ),
                    format!(
                        "Warning: tariff «{name}» has no category «{category}», which {} use{}: while it is in force, they will not be billed. Add the category to the tariff.",
                        en.counted(n, ("conexión", "conexiones"), ("connection", "connections")),
                        if n == 1 { "s" } else { "" }
                    ),
                ),
                category,
                connections: n,
            });
        }
        Ok(out)
    }

    /// Reads a tariff document from `path` and stores it ([`Ledger::import_tariff`]). A
    /// document saved by Notepad on a Spanish Windows (Windows-1252) is read as such; a PDF, a
    /// spreadsheet or any file that is not text is named for what it is.
    pub fn import_tariff_file(&mut self, actor: &Actor, path: &std::path::Path) -> Result<TariffImport> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let head = &bytes[..bytes.len().min(4096)];
        let what = if head.starts_with(b"%PDF") {
            Some(("un PDF", "a PDF"))
        } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"\xD0\xCF\x11\xE0") {
            Some(("una hoja de cálculo o un ZIP", "a spreadsheet or a ZIP"))
        } else if head.contains(&0) {
            Some(("un archivo que no es texto", "a file that is not text"))
        } else {
            None
        };
        if let Some((es, en)) = what {
            return Err(Error::invalid(
                ErrorCode::NotTariff,
                format!(
                    "{} es {es}, no un documento de tarifa: elija el archivo .toml de la tarifa (docs/tariff.md). Nada se registró.",
                    path.display()
                ),
                format!(
                    "{} is {en}, not a tariff document: choose the tariff's .toml file (docs/tariff.md). Nothing was stored.",
                    path.display()
                ),
            ));
        }
        let source = crate::import::decode(&bytes)?;
        self.import_tariff(actor, &source)
    }

    /// Validates and stores a tariff document (docs/tariff.md).
    pub fn import_tariff(&mut self, actor: &Actor, source: &str) -> Result<TariffImport> {
        actor.require(Permission::ManageTariffs)?;
        let tariff = super::parse(source)?;
        self.write(actor, "tariff.import", |tx, clock| {
            let period = tariff.effective_from.to_string();
            let latest_used: Option<String> = tx.query_row(
                "SELECT max(t.effective_from) FROM tariffs t WHERE EXISTS (SELECT 1 FROM bills b WHERE b.tariff_id = t.id)",
                [],
                |r| r.get(0),
            )?;
            if let Some(used) = latest_used.filter(|u| *u >= period) {
                return Err(Error::invalid(
                    ErrorCode::TariffEffectiveFrom,
                    format!(
                        "campo effective_from: {period} no es posterior a {used}, la tarifa que ya usan recibos emitidos. \
                         Una tarifa aprobada no se cambia: la nueva rige desde un periodo posterior."
                    ),
                    format!(
                        "field effective_from: {period} is not later than {used}, the tariff issued bills already use. \
                         An approved tariff is never changed: the new one applies from a later period."
                    ),
                ));
            }
            crate::accounts::months::refuse_closed(
                tx,
                ErrorCode::TariffEffectiveFrom,
                tariff.effective_from,
                ("una tarifa vigente desde ese mes", "a tariff in force from that month"),
            )?;
            let existing: Option<(i64, String)> = tx
                .query_row("SELECT id, document FROM tariffs WHERE effective_from = ?1", [&period], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            let outcome = match existing {
                Some((id, doc)) if doc == source => TariffImport::Unchanged(id),
                Some((id, _)) => {
                    tx.execute(
                        "UPDATE tariffs SET name = ?1, approval = ?2, document = ?3, imported_at = ?4, imported_by = ?5 WHERE id = ?6",
                        (&tariff.name, &tariff.approval, source, clock.now_stamp(), &actor.name, id),
                    )?;
                    TariffImport::Replaced(id)
                }
                None => {
                    tx.execute(
                        "INSERT INTO tariffs (effective_from, name, approval, document, imported_at, imported_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        (&period, &tariff.name, &tariff.approval, source, clock.now_stamp(), &actor.name),
                    )?;
                    TariffImport::Added(tx.last_insert_rowid())
                }
            };
            Ok((outcome, format!("effective_from={period} name={} approval={}", tariff.name, tariff.approval)))
        })
    }

    /// The tariff in force for `period`: greatest `effective_from` ≤ period.
    pub fn tariff_for(&self, period: Period) -> Result<StoredTariff> {
        tariff_for(self.conn(), period)
    }

    /// Every category any stored tariff prices, labelled as its newest tariff labels it: the
    /// ones the tariff in force today prices first, in its order.
    pub fn categories(&self) -> Result<Vec<CategoryChoice>> {
        let today = Period::of(self.clock().today());
        let mut out: Vec<CategoryChoice> = Vec::new();
        // Newest first, so a code's first label is its newest.
        for stored in self.tariffs()? {
            let in_force = stored.tariff.effective_from <= today && !out.iter().any(|c| c.in_force);
            for (code, c) in &stored.tariff.categories {
                if let Some(seen) = out.iter_mut().find(|s| &s.code == code) {
                    seen.in_force |= in_force;
                    continue;
                }
                out.push(CategoryChoice {
                    code: code.clone(),
                    label: c.label.clone(),
                    in_force,
                });
            }
        }
        out.sort_by_key(|c| !c.in_force);
        Ok(out)
    }

    /// Every stored tariff, newest first.
    pub fn tariffs(&self) -> Result<Vec<StoredTariff>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, document, imported_at, imported_by FROM tariffs ORDER BY effective_from DESC")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, document, imported_at, imported_by) = row?;
            out.push(stored(id, document, imported_at, imported_by)?);
        }
        Ok(out)
    }
}

pub(crate) fn tariff_for(conn: &Connection, period: Period) -> Result<StoredTariff> {
    let row: Option<(i64, String, String, String)> = conn
        .query_row(
            "SELECT id, document, imported_at, imported_by FROM tariffs WHERE effective_from <= ?1 ORDER BY effective_from DESC LIMIT 1",
            [period.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((id, document, imported_at, imported_by)) = row else {
        return Err(Error::not_found(
            format!(
                "No hay una tarifa vigente para {}. Importe la tarifa aprobada (Tarifas › Importar tarifa, o caudal tariff import).",
                crate::Lang::Es.period(period)
            ),
            format!(
                "No tariff is in force for {}. Import the approved tariff (Tariffs › Import tariff, or caudal tariff import).",
                crate::Lang::En.period(period)
            ),
        ));
    };
    stored(id, document, imported_at, imported_by)
}

fn stored(id: i64, document: String, imported_at: String, imported_by: String) -> Result<StoredTariff> {
    // Stored documents were validated on import; a failure here means the file was edited.
    let tariff = super::parse(&document)?;
    Ok(StoredTariff {
        id,
        words: tariff.words(),
        tariff,
        document,
        imported_at,
        imported_by,
    })
}

/// The tariff stored under `id` (a bill's tariff).
pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<crate::tariffs::Tariff> {
    let document: Option<String> = conn
        .prepare_cached("SELECT document FROM tariffs WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let document = document.ok_or_else(|| {
        Error::not_found(
            "La tarifa del recibo no está en el libro.",
            "The bill's tariff is not in the ledger.",
        )
    })?;
    super::parse(&document)
}
