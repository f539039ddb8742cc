//! The tariff in force and its history; importing an approved tariff document.

use super::NoArgs;
use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::tariffs::{StoredTariff, TariffGap};
use serde::Deserialize;
use tauri::State;

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct PathArgs {
    pub path: String,
}

#[tauri::command]
pub fn tariffs_list(state: State<'_, AppState>, args: NoArgs) -> IpcResult<Vec<StoredTariff>> {
    let _ = args;
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger.tariffs().map_err(|e| IpcError::from_core(e, lang))
}

#[tauri::command]
pub fn tariff_import(state: State<'_, AppState>, args: PathArgs) -> IpcResult<Vec<TariffGap>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let outcome = ledger
        .import_tariff_file(&actor, std::path::Path::new(&args.path))
        .map_err(|e| IpcError::from_core(e, lang))?;
    // What the clerk must hear now: categories in use the tariff does not price.
    ledger
        .tariff_gaps(outcome.id())
        .map_err(|e| IpcError::from_core(e, lang))
}
