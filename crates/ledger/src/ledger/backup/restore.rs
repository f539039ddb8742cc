//! The verified restore: what a copy lacks is said before anything is replaced (the last
//! bill, receipt and note numbers of each series), a copy of another ledger is refused unless
//! told, and the replaced ledger is kept beside it under a name that never collides.

use super::*;
use crate::error::ErrorCode;

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct RestoreOutcome {
    /// Where the ledger that was replaced now is.
    pub replaced_kept_at: Option<String>,
    /// The head of the chain after the restore (the copy's).
    pub chain_head: String,
    /// How many links the restored chain has.
    pub links: u64,
    /// What the copy lacked of the replaced ledger.
    pub preview: RestorePreview,
}

/// One numbering series as the ledger in use and the copy leave it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct SeriesAtRestore {
    /// `bill`, `receipt` or `note`.
    pub kind: String,
    /// The last number issued in the ledger in use (`None`: none, or it cannot be read).
    pub in_use: Option<String>,
    /// The last number issued in the copy.
    pub in_copy: Option<String>,
    /// How many numbers the ledger in use issued that the copy lacks: after the restore they
    /// would be issued again, to other customers.
    pub lost: u64,
}

/// What restoring a copy would change, said before anything is replaced.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct RestorePreview {
    /// The operator named in the copy.
    pub copy_operator: String,
    /// The town named in the copy.
    pub copy_town: String,
    /// Whether the copy is a copy of the ledger in use: the same `ledger_id`, or for ledgers
    /// created before ids the same first entry of the audit log (`None`: the ledger in use
    /// cannot be read, as when it is damaged). Names and codes can be changed in the
    /// settings, and two ledgers can share them, so they do not tell.
    pub same_ledger: Option<bool>,
    /// Each numbering series as the ledger in use and the copy leave it.
    pub series: Vec<SeriesAtRestore>,
    /// What would be lost, one sentence per series that loses numbers.
    pub losses: Vec<Text>,
}

impl RestorePreview {
    /// Whether anything issued would be lost.
    pub fn loses(&self) -> bool {
        self.series.iter().any(|s| s.lost > 0)
    }
}

/// What would be lost, in words: one sentence per series that loses numbers.
fn losses(series: &[SeriesAtRestore]) -> Vec<Text> {
    let word = |kind: &str| match kind {
        "bill" => ("recibos", "bills"),
        "receipt" => ("comprobantes de pago", "payment receipts"),
        "note" => ("notas", "notes"),
        _ => ("números", "numbers"),
    };
    series
        .iter()
        .filter(|s| s.lost > 0)
        .map(|s| {
            let (es, en) = word(&s.kind);
            let last = s.in_use.as_deref().unwrap_or("-");
            let kept = s.in_copy.as_deref();
            let (copy_es, copy_en) = match kept {
                Some(k) => (format!("la copia llega al {k}"), format!("the copy goes up to {k}")),
                None => ("la copia no tiene ninguno".to_string(), "the copy has none".to_string()),
            };
            let would = if s.lost == 1 { "se perdería" } else { "se perderían" };
            Text::new(
                format!("{es}: {would} {}, hasta el {last}; {copy_es}.", s.lost),
                format!("{en}: {} would be lost, up to {last}; {copy_en}.", s.lost),
            )
        })
        .collect()
}

/// Whose ledger `conn` is (operator and town, by name) and which ledger it is: its
/// `ledger_id` (set when it was created, since this release), and the first entry of its audit
/// log (when, who, what), the same in every copy of it.
fn identity(conn: &Connection) -> Result<[String; 4]> {
    let get = |key: &str| -> Result<String> {
        Ok(conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()?
            .unwrap_or_default())
    };
    let birth: String = conn
        .query_row(
            "SELECT json_array(at, actor, action, detail) FROM audit_log ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default();
    Ok([get("operator")?, get("town")?, get("ledger_id")?, birth])
}

/// Whether two identities are of one ledger: by their ids when both have one, else (a ledger
/// created before ids) by the first entry of their audit logs.
fn one_ledger(a: &[String; 4], b: &[String; 4]) -> bool {
    if !a[2].is_empty() && !b[2].is_empty() {
        a[2] == b[2]
    } else {
        a[2] == b[2] && a[3] == b[3]
    }
}

/// Each series' code and next number.
fn series_of(conn: &Connection) -> Result<std::collections::BTreeMap<String, (String, i64)>> {
    let mut stmt = conn.prepare("SELECT kind, code, next FROM series")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What restoring `from` over `live` would change (both read only).
pub fn restore_preview(live: &Path, from: &Path) -> Result<RestorePreview> {
    inspect(from)?;
    describe_restore(live, from)
}

/// [`restore_preview`] of a copy already inspected.
fn describe_restore(live: &Path, from: &Path) -> Result<RestorePreview> {
    let copy = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let copy_identity = identity(&copy)?;
    let copy_series = series_of(&copy)?;
    // The ledger in use may be damaged or missing: then only the copy is described.
    let in_use = Connection::open_with_flags(live, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(Error::from)
        .and_then(|c| Ok((identity(&c)?, series_of(&c)?)))
        .ok();
    let same_ledger = in_use.as_ref().map(|(used, _)| one_ledger(used, &copy_identity));
    let [copy_operator, copy_town, ..] = copy_identity;
    let last = |code: &str, next: i64| (next > 1).then(|| format!("{code}-{:08}", next - 1));
    let mut kinds: Vec<&String> = copy_series.keys().collect();
    if let Some((_, live_series)) = &in_use {
        kinds.extend(live_series.keys().filter(|k| !copy_series.contains_key(*k)));
    }
    let series: Vec<SeriesAtRestore> = kinds
        .into_iter()
        .map(|kind| {
            let copy = copy_series.get(kind);
            let used = in_use.as_ref().and_then(|(_, s)| s.get(kind));
            let lost = match (used, copy) {
                (Some((_, u)), Some((_, c))) => (u - c).max(0) as u64,
                (Some((_, u)), None) => (u - 1).max(0) as u64,
                _ => 0,
            };
            SeriesAtRestore {
                kind: kind.clone(),
                in_use: used.and_then(|(code, next)| last(code, *next)),
                in_copy: copy.and_then(|(code, next)| last(code, *next)),
                lost,
            }
        })
        .collect();
    Ok(RestorePreview {
        copy_operator,
        copy_town,
        same_ledger,
        losses: losses(&series),
        series,
    })
}

/// Who asks for a restore.
enum Restorer<'a> {
    /// A user signed in to the ledger in use.
    User(&'a Actor),
    /// An administrator of the copy, signing in against it: the ledger in use is damaged and
    /// nobody can sign in to it.
    AdminOfCopy { name: &'a str, password: &'a str },
}

impl Ledger {
    /// Replaces the ledger at `live` with the copy at `from`, after verifying the copy
    /// completely. The replaced ledger is kept beside it as `<name>.replaced-<time>.db`.
    /// Nothing else may have the ledger open (the window restores after closing its own).
    /// A copy of another ledger (another operator's or town's, or one made anew) is refused
    /// unless `other_ledger` says it is meant; what the copy lacks is in the outcome
    /// ([`restore_preview`] says it before).
    pub fn restore(
        live: &Path,
        from: &Path,
        actor: &Actor,
        other_ledger: bool,
        sealed: &'static SealedKinds<'static>,
    ) -> Result<RestoreOutcome> {
        actor.require(Permission::RestoreBackups)?;
        Ledger::restore_by(live, from, Restorer::User(actor), other_ledger, sealed)
    }

    /// Restores a ledger found damaged (nobody can sign in to it) from one of its own copies,
    /// those in its `backups` folder: an administrator of that copy signs in against it, and
    /// the restore is audited in their name.
    pub fn restore_damaged(
        live: &Path,
        from: &Path,
        name: &str,
        password: &str,
        sealed: &'static SealedKinds<'static>,
    ) -> Result<RestoreOutcome> {
        let own = |p: &Path| std::fs::canonicalize(p).ok();
        if from.parent().and_then(own).is_none() || from.parent().and_then(own) != own(&backups_dir(live)) {
            return Err(Error::Forbidden(Text::new(
                format!(
                    "Solo se restaura una copia de este libro que esté en su carpeta de copias ({}): copie allí la copia y elíjala de nuevo.",
                    backups_dir(live).display()
                ),
                format!(
                    "Only a copy of this ledger in its backups folder ({}) may be restored: copy it there and choose it again.",
                    backups_dir(live).display()
                ),
            )));
        }
        Ledger::restore_by(live, from, Restorer::AdminOfCopy { name, password }, false, sealed)
    }

    fn restore_by(
        live: &Path,
        from: &Path,
        by: Restorer<'_>,
        other_ledger: bool,
        sealed: &'static SealedKinds<'static>,
    ) -> Result<RestoreOutcome> {
        let version = inspect(from)?;
        let preview = describe_restore(live, from)?;
        if preview.same_ledger == Some(false) && !other_ledger {
            return Err(Error::invalid(
                ErrorCode::OtherLedger,
                format!(
                    "La copia no es de este libro: es un libro de {} en {}. No se restaura sin confirmar que es lo que se quiere.",
                    preview.copy_operator, preview.copy_town
                ),
                format!(
                    "The copy is not of this ledger: it is a ledger of {} in {}. It is not restored unless that is confirmed.",
                    preview.copy_operator, preview.copy_town
                ),
            ));
        }
        if std::fs::canonicalize(live).ok() == std::fs::canonicalize(from).ok() {
            return Err(refused(
                "La copia es el mismo libro en uso; no hay nada que restaurar.".into(),
                "The copy is the ledger in use; there is nothing to restore.".into(),
            ));
        }
        // Verify a scratch copy (migrated there if it is older), never the user's file.
        let candidate = scratch(live, "restore");
        let verified = (|| {
            let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            copy_database(&src, &candidate)?;
            drop(src);
            if version < CURRENT_VERSION {
                // Opening migrates the scratch copy to this version (no backup of a scratch).
                drop(Ledger::open_with(&candidate, false, sealed)?);
            }
            let verified = verify_copy(&candidate, sealed)?;
            // Who restores: the signed-in user, or an administrator of the copy itself.
            let actor = match by {
                Restorer::User(actor) => actor.clone(),
                Restorer::AdminOfCopy { name, password } => {
                    let actor = Ledger::open_with(&candidate, false, sealed)?.sign_in(name, password)?;
                    actor.require(Permission::RestoreBackups)?;
                    actor
                }
            };
            Ok((verified, actor))
        })();
        let ((head, links), actor) = match verified {
            Ok(v) => v,
            Err(e) => {
                remove_scratch(&candidate);
                return Err(e);
            }
        };
        let mut kept = None;
        if live.is_file() {
            let stamp = file_stamp(clock_of_file(live));
            let stem = live
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let folder = match live.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            let keep = unused_name(folder, &format!("{stem}.replaced-{stamp}"), ".db");
            let copied = Connection::open(live)
                .map_err(Error::from)
                .and_then(|current| copy_database(&current, &keep));
            if copied.is_err() {
                // A damaged ledger may not copy page by page: keep its bytes as they are.
                std::fs::copy(live, &keep).map_err(|e| Error::io(&keep, e))?;
                let wal = format!("{}-wal", live.display());
                if Path::new(&wal).is_file() {
                    std::fs::copy(&wal, format!("{}-wal", keep.display())).map_err(|e| Error::io(&keep, e))?;
                }
            }
            kept = Some(keep.display().to_string());
        }
        // The backup API writes every page into the live file in one transaction: a crash
        // leaves the old ledger or the new one, never a mix.
        let result = (|| {
            let src = Connection::open_with_flags(&candidate, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            let mut dst = Connection::open(live)?;
            dst.busy_timeout(std::time::Duration::from_secs(10))?;
            {
                let backup = Backup::new(&src, &mut dst)?;
                if backup.step(-1)? != StepResult::Done {
                    return Err(refused(
                        "El libro está en uso por otro programa; ciérrelo y restaure de nuevo.".into(),
                        "The ledger is in use by another program; close it and restore again.".into(),
                    ));
                }
            }
            Ok(())
        })();
        remove_scratch(&candidate);
        result?;
        let mut ledger = Ledger::open(live, sealed)?;
        let report = ledger.verify()?;
        if !report.ok() || report.head != head || report.links != links {
            return Err(refused(
                format!(
                    "El libro restaurado no coincide con la copia verificada; el libro anterior está en {}.",
                    kept.as_deref().unwrap_or("-")
                ),
                format!(
                    "The restored ledger does not match the verified copy; the previous ledger is at {}.",
                    kept.as_deref().unwrap_or("-")
                ),
            ));
        }
        let lost: Vec<String> = preview
            .series
            .iter()
            .filter(|s| s.lost > 0)
            .map(|s| format!("{}:{}", s.kind, s.lost))
            .collect();
        let detail = format!(
            "from={} kept={} lost={} other_ledger={}",
            from.display(),
            kept.as_deref().unwrap_or("-"),
            if lost.is_empty() { "-".into() } else { lost.join(",") },
            preview.same_ledger == Some(false)
        );
        let action = match by {
            Restorer::User(_) => "restore",
            Restorer::AdminOfCopy { .. } => "restore.damaged",
        };
        ledger.write(&actor, action, |_, _| Ok(((), detail)))?;
        Ok(RestoreOutcome {
            replaced_kept_at: kept,
            chain_head: report.head,
            links: report.links,
            preview,
        })
    }
}
