//! The reading grid: the month's route sheet, a check of each value as it is typed, saving the
//! grid, and importing the technicians' CSV.

use super::billing::PeriodArgs;
use super::customers::ImportArgs;
use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::Period;
use caudal_core::import::{ImportOptions, ImportSummary};
use caudal_core::readings::{ReadingCheck, ReadingDraft, SheetRow};
use serde::Deserialize;
use std::path::Path;
use tauri::State;

#[tauri::command]
pub fn reading_sheet(state: State<'_, AppState>, args: PeriodArgs) -> IpcResult<Vec<SheetRow>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger
        .reading_sheet(args.period)
        .map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct CheckArgs {
    pub period: Period,
    pub draft: ReadingDraft,
}

#[tauri::command]
pub fn reading_check(state: State<'_, AppState>, args: CheckArgs) -> IpcResult<ReadingCheck> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    ledger
        .check_reading(&actor, args.period, args.draft)
        .map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct ReadingsSaveArgs {
    pub drafts: Vec<ReadingDraft>,
}

/// Saves the grid's changed rows: all or nothing; a row already stored is corrected while its
/// period is not billed.
#[tauri::command]
pub fn readings_save(state: State<'_, AppState>, args: ReadingsSaveArgs) -> IpcResult<ImportSummary> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let drafts = args
        .drafts
        .into_iter()
        .enumerate()
        .map(|(i, d)| (i as u64 + 1, d))
        .collect();
    let options = ImportOptions {
        skip_invalid: false,
        replace: true,
    };
    ledger
        .enter_readings(&actor, drafts, Vec::new(), options, false)
        .map_err(|e| IpcError::from_core(e, lang))
}

#[tauri::command]
pub fn readings_import(state: State<'_, AppState>, args: ImportArgs) -> IpcResult<ImportSummary> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    let (summary, table) = ledger
        .import_readings(&actor, Path::new(&args.path), args.options(), args.dry_run)
        .map_err(core)?;
    args.write_rejects(&summary, &table, lang)?;
    Ok(summary)
}
