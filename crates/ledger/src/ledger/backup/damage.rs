//! A ledger whose file is damaged: why, and the newest copy beside it that verifies.

use super::*;

/// A ledger that fails its integrity check at start, and the newest backup that verifies.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Damage {
    /// Why the file is damaged, as SQLite's check says it.
    pub reason: Text,
    /// The newest automatic backup that verifies, if any.
    pub backup: Option<String>,
    /// When it was taken (`YYYY-MM-DD HH:MM`, local time): what came after it would be lost.
    pub backup_taken: Option<String>,
}

/// Checks the ledger at `path`: `None` when it is sound; otherwise why it is damaged and the
/// newest good backup in `backups/` beside it. With `every_page`, SQLite's quick check reads
/// the whole file (seconds for a large town); without it, only what opening needs (the header,
/// the schema, the settings), which a window can afford at start.
pub fn damage(path: &Path, every_page: bool, sealed: &'static SealedKinds<'static>) -> Result<Option<Damage>> {
    // The pages first: a damaged file often cannot even say what it is.
    let check = (|| -> Result<String> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let pages: String = if every_page {
            conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?
        } else {
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
            "ok".into()
        };
        if pages == "ok" {
            inspect(path)?;
        }
        Ok(pages)
    })();
    let problem = match check {
        Ok(ok) if ok == "ok" => None,
        // SQLite's own words are English and technical: the user reads a plain sentence.
        Ok(_) => Some(Text::new(
            "El libro está dañado: la revisión de la base de datos encontró páginas que no cuadran.",
            "The ledger is damaged: the database check found pages that do not fit.",
        )),
        Err(Error::Ledger(text)) => Some(text),
        Err(_) => Some(Text::new(
            "El libro está dañado: sus páginas ya no se pueden leer.",
            "The ledger is damaged: its pages can no longer be read.",
        )),
    };
    let Some(reason) = problem else {
        return Ok(None);
    };
    let dir = backups_dir(path);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.retain(|n| n.starts_with("caudal-") && n.ends_with(".db") && n.len() > 24);
    names.sort();
    for name in names.iter().rev().take(10) {
        let candidate = dir.join(name);
        let scratch_copy = scratch(&candidate, "check");
        let good = (|| -> Result<()> {
            let src = Connection::open_with_flags(&candidate, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            copy_database(&src, &scratch_copy)?;
            drop(src);
            inspect(&scratch_copy)?;
            verify_copy(&scratch_copy, sealed).map(|_| ())
        })();
        remove_scratch(&scratch_copy);
        if good.is_ok() {
            // caudal-2026-12-01-101503-… → 2026-12-01 10:15
            let taken = format!("{} {}:{}", &name[7..17], &name[18..20], &name[20..22]);
            return Ok(Some(Damage {
                reason,
                backup: Some(candidate.display().to_string()),
                backup_taken: Some(taken),
            }));
        }
    }
    Ok(Some(Damage {
        reason,
        backup: None,
        backup_taken: None,
    }))
}
