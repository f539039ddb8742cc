//! Customers: search as you type, one customer's history, the form, and imports with a
//! preview of every error before anything is written.

use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::customer_page::CustomerDetail;
use caudal_core::customers::{Customer, CustomerDraft, CustomerRow};
use caudal_core::import::{ImportOptions, ImportSummary, Table};
use serde::Deserialize;
use std::path::Path;
use tauri::State;

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct SearchArgs {
    pub query: String,
    pub limit: u32,
}

#[tauri::command]
pub fn customers_search(state: State<'_, AppState>, args: SearchArgs) -> IpcResult<Vec<CustomerRow>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger
        .search_customers(&args.query, args.limit.clamp(1, 500) as usize)
        .map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct AccountArgs {
    pub account: String,
}

#[tauri::command]
pub fn customer_detail(state: State<'_, AppState>, args: AccountArgs) -> IpcResult<CustomerDetail> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger
        .customer_detail(&args.account)
        .map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct ServiceArgs {
    pub account: String,
    pub action: caudal_core::service::ServiceAction,
    pub reason: String,
}

/// Cuts, reconnects, suspends or closes a connection's service, dated today.
#[tauri::command]
pub fn service_change(state: State<'_, AppState>, args: ServiceArgs) -> IpcResult<caudal_core::service::ServiceEvent> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let today = ledger.clock().today();
    ledger
        .service_event(&actor, &args.account, args.action, today, &args.reason)
        .map_err(|e| IpcError::from_core(e, lang))
}

/// The categories a connection can be given: those of the tariff in force, in words.
#[tauri::command]
pub fn categories(
    state: State<'_, AppState>,
    args: super::NoArgs,
) -> IpcResult<Vec<caudal_core::tariffs::CategoryChoice>> {
    let _ = args;
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger.categories().map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct CustomerSaveArgs {
    pub draft: CustomerDraft,
    pub create: bool,
}

#[tauri::command]
pub fn customer_save(state: State<'_, AppState>, args: CustomerSaveArgs) -> IpcResult<Customer> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    ledger
        .save_customer(&actor, &args.draft, args.create)
        .map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct ImportArgs {
    pub path: String,
    /// Check only: the preview of errors; nothing is written.
    pub dry_run: bool,
    /// Write the valid rows and put the others in this file (`--skip-invalid`).
    pub rejects: Option<String>,
    pub replace: bool,
}

impl ImportArgs {
    pub fn options(&self) -> ImportOptions {
        ImportOptions {
            skip_invalid: self.rejects.is_some(),
            replace: self.replace,
        }
    }

    /// Writes the rejects file the clerk asked for, when an import skipped rows.
    pub fn write_rejects(&self, summary: &ImportSummary, table: &Table, lang: caudal_core::Lang) -> IpcResult<()> {
        match self
            .rejects
            .as_deref()
            .filter(|_| !summary.invalid.is_empty() && !self.dry_run)
        {
            Some(path) => caudal_core::import::write_rejects(Path::new(path), table, &summary.invalid, lang)
                .map_err(|e| IpcError::from_core(e, lang)),
            None => Ok(()),
        }
    }
}

#[tauri::command]
pub fn customers_import(state: State<'_, AppState>, args: ImportArgs) -> IpcResult<ImportSummary> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    let (summary, table) = ledger
        .import_customers(&actor, Path::new(&args.path), args.options(), args.dry_run)
        .map_err(core)?;
    args.write_rejects(&summary, &table, lang)?;
    Ok(summary)
}
