//! Backups from the window: the last copies, a copy now, and restoring one (administrators),
//! which closes the open ledger, replaces it with the verified copy and opens it again. The
//! automatic copies (before issuing, on closing, once a day) are made by the core when asked.

use super::NoArgs;
use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::access::Permission;
use caudal_core::error::ErrorCode;
use caudal_core::ledger::backup::{BackupKind, BackupRecord, RestoreOutcome, RestorePreview, restore_preview};
use caudal_core::{Actor, Ledger};
use serde::Deserialize;
use tauri::{AppHandle, Manager, State};

/// The backups made, newest first (at most 20).
#[tauri::command(async)]
pub fn backups_view(state: State<'_, AppState>, args: NoArgs) -> IpcResult<Vec<BackupRecord>> {
    let _ = args;
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let mut records = ledger.backups().map_err(|e| IpcError::from_core(e, lang))?;
    records.truncate(20);
    Ok(records)
}

/// A verified copy now, into the data folder (and the second folder when it is there).
#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>, args: NoArgs) -> IpcResult<Vec<BackupRecord>> {
    let _ = args;
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    ledger.auto_backup(&actor, BackupKind::Manual).map_err(core)?;
    let mut records = ledger.backups().map_err(core)?;
    records.truncate(20);
    Ok(records)
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct RestoreArgs {
    /// The backup file chosen.
    pub path: String,
    /// The person confirmed a copy of another ledger.
    pub other_ledger: bool,
}

/// What restoring the chosen copy would lose and whose ledger it is, said before the person
/// confirms.
#[tauri::command]
pub fn backup_restore_preview(state: State<'_, AppState>, args: PreviewArgs) -> IpcResult<RestorePreview> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    actor.require(Permission::RestoreBackups).map_err(core)?;
    let live = ledger.path().map(std::path::PathBuf::from).ok_or_else(|| {
        IpcError::new(
            ErrorCode::NoLedger,
            lang,
            "No hay un libro abierto.",
            "No ledger is open.",
        )
    })?;
    restore_preview(&live, std::path::Path::new(&args.path)).map_err(core)
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct PreviewArgs {
    /// The backup file chosen.
    pub path: String,
}

/// Replaces the open ledger with a verified backup; the replaced ledger is kept beside it.
#[tauri::command(async)]
pub fn backup_restore(state: State<'_, AppState>, args: RestoreArgs) -> IpcResult<RestoreOutcome> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    let live = ledger.path().map(std::path::PathBuf::from).ok_or_else(|| {
        IpcError::new(
            ErrorCode::NoLedger,
            lang,
            "No hay un libro abierto.",
            "No ledger is open.",
        )
    })?;
    // The window's own connection is closed while the file is replaced.
    s.ledger = None;
    let outcome = Ledger::restore(&live, std::path::Path::new(&args.path), &actor, args.other_ledger);
    s.ledger = Some(Ledger::open(&live).map_err(core)?);
    outcome.map_err(core)
}

/// The copy made when the window closes, on whatever ledger is open.
pub fn on_close(app: &AppHandle) {
    if let Some(state) = app.try_state::<AppState>() {
        let mut s = state.lock();
        let actor = s.actor.clone().unwrap_or_else(Actor::system);
        if let Some(ledger) = s.ledger.as_mut() {
            let _ = ledger.auto_backup(&actor, BackupKind::OnClose);
        }
    }
}
