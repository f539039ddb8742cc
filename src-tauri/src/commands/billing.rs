//! The month's billing: where it stands, the preview, confirming held readings, issuing with
//! progress and cancel, and the issued bills.

use super::NoArgs;
use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::Period;
use caudal_core::billing::{Bill, HeldReading, IssueOutcome, MonthStatus, Preview, RunLine, Totals, Unbillable};
use caudal_core::error::ErrorCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use tauri::{AppHandle, Emitter, State};

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct PeriodArgs {
    pub period: Period,
}

#[tauri::command(async)]
pub fn month_status(state: State<'_, AppState>, args: PeriodArgs) -> IpcResult<MonthStatus> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger
        .month_status(args.period)
        .map_err(|e| IpcError::from_core(e, lang))
}

/// The preview as the window shows it: every total, every held reading, and the first bills
/// (a town's full list would be megabytes the screen cannot show anyway).
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct PreviewView {
    pub period: Period,
    pub tariff_name: String,
    pub tariff_effective_from: Period,
    pub totals: Totals,
    pub by_category: BTreeMap<String, Totals>,
    pub by_basis: BTreeMap<String, Totals>,
    pub held: Vec<HeldReading>,
    pub unbillable: Vec<Unbillable>,
    pub already_billed: u64,
    pub not_active: u64,
    pub not_connected: u64,
    pub metered: u64,
    pub estimated: u64,
    /// Said before issuing (most metered connections without a reading); the window asks to
    /// confirm.
    pub warning: Option<caudal_core::Text>,
    pub line_count: u64,
    pub first_lines: Vec<RunLine>,
}

const SHOWN_LINES: usize = 200;

impl From<Preview> for PreviewView {
    fn from(p: Preview) -> PreviewView {
        PreviewView {
            line_count: p.lines.len() as u64,
            first_lines: p.lines.into_iter().take(SHOWN_LINES).collect(),
            period: p.period,
            tariff_name: p.tariff_name,
            tariff_effective_from: p.tariff_effective_from,
            totals: p.totals,
            by_category: p.by_category,
            by_basis: p.by_basis,
            held: p.held,
            unbillable: p.unbillable,
            already_billed: p.already_billed,
            not_active: p.not_active,
            not_connected: p.not_connected,
            metered: p.metered,
            estimated: p.estimated,
            warning: p.warning,
        }
    }
}

#[tauri::command(async)]
pub fn billing_preview(state: State<'_, AppState>, args: PeriodArgs) -> IpcResult<PreviewView> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger
        .preview_run(args.period)
        .map(PreviewView::from)
        .map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct ConfirmArgs {
    pub account: String,
    pub period: Period,
}

/// Accepts a held reading and returns the recomputed preview.
#[tauri::command(async)]
pub fn billing_confirm(state: State<'_, AppState>, args: ConfirmArgs) -> IpcResult<PreviewView> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    ledger
        .confirm_reading(&actor, &args.account, args.period)
        .map_err(core)?;
    ledger.preview_run(args.period).map(PreviewView::from).map_err(core)
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct IssueArgs {
    pub period: Period,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct IssueProgress {
    pub done: u64,
    pub total: u64,
}

/// Issues the run, reporting progress as `billing-progress` events; `billing_cancel` stops it
/// and then nothing of the run is written.
#[tauri::command(async)]
pub fn billing_issue(app: AppHandle, state: State<'_, AppState>, args: IssueArgs) -> IpcResult<IssueOutcome> {
    state.cancel.store(false, Ordering::SeqCst);
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let cancel = &state.cancel;
    // A verified copy of the ledger as it was before the month is issued.
    ledger
        .backup_before_issue(&actor)
        .map_err(|e| IpcError::from_core(e, lang))?;
    ledger
        .issue_run(&actor, args.period, None, |done, total| {
            let _ = app.emit("billing-progress", IssueProgress { done, total });
            !cancel.load(Ordering::SeqCst)
        })
        .map_err(|e| IpcError::from_core(e, lang))
}

#[tauri::command]
pub fn billing_cancel(state: State<'_, AppState>, args: NoArgs) -> IpcResult<bool> {
    let _ = args;
    state.cancel.store(true, Ordering::SeqCst);
    Ok(true)
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct BillsArgs {
    pub period: Period,
    pub query: String,
    pub limit: u32,
}

/// A bill of the list, with whether it is paid (the core's allocation, not the window's).
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ListedBill {
    pub bill: Bill,
    pub standing: caudal_core::accounts::BillStanding,
    /// The credit and debit notes on it, oldest first.
    pub notes: Vec<caudal_core::notes::Note>,
}

#[tauri::command(async)]
pub fn bills_search(state: State<'_, AppState>, args: BillsArgs) -> IpcResult<Vec<ListedBill>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    let bills = ledger
        .search_bills(args.period, &args.query, args.limit.clamp(1, 1000) as usize)
        .map_err(core)?;
    let ids: Vec<(i64, i64)> = bills.iter().map(|b| (b.id, b.connection_id)).collect();
    let mut standings = ledger.bill_standings(&ids).map_err(core)?;
    let mut notes = ledger.notes_of_period(args.period).map_err(core)?;
    bills
        .into_iter()
        .map(|bill| {
            let standing = standings.remove(&bill.id).ok_or_else(|| {
                IpcError::new(
                    ErrorCode::Internal,
                    lang,
                    "Falta el estado de un recibo.",
                    "A bill's standing is missing.",
                )
            })?;
            Ok(ListedBill {
                notes: notes.remove(&bill.number).unwrap_or_default(),
                bill,
                standing,
            })
        })
        .collect()
}

/// A credit or debit note as the clerk typed it: the amounts as text, read by the core.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct NoteArgs {
    pub bill: String,
    pub kind: caudal_core::notes::NoteKind,
    pub reason: String,
    pub water: String,
    pub sewer: String,
    pub fixed: String,
}

/// Issues a credit or debit note on a bill (the clerk's correction, with its reason), dated
/// today.
#[tauri::command(async)]
pub fn note_issue(state: State<'_, AppState>, args: NoteArgs) -> IpcResult<caudal_core::notes::Note> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    let request = caudal_core::notes::NoteRequest::typed(
        args.bill,
        args.kind,
        args.reason,
        [&args.water, &args.sewer, &args.fixed],
        None,
    )
    .map_err(core)?;
    ledger.issue_note(&actor, &request).map_err(core)
}

/// The last twelve months: billed or not, closed or open.
#[tauri::command(async)]
pub fn months_view(state: State<'_, AppState>, args: PeriodArgs) -> IpcResult<Vec<caudal_core::accounts::MonthState>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger
        .months_overview(args.period, 12)
        .map_err(|e| IpcError::from_core(e, lang))
}

/// Closes a month and every month before it (administrators).
#[tauri::command(async)]
pub fn month_close(state: State<'_, AppState>, args: PeriodArgs) -> IpcResult<Vec<caudal_core::accounts::MonthState>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    ledger.close_month(&actor, args.period, "").map_err(core)?;
    let last = caudal_core::Period::of(ledger.clock().today());
    ledger.months_overview(last, 12).map_err(core)
}
