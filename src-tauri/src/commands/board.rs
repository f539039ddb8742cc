//! The Community Board's window (docs/report.md): its home — the month's indicators with
//! their twelve months, the tariff audit in one line, the appeals waiting for it, its meetings
//! and members — the report printed as PDF, and the meetings and members it records. Every
//! figure is the core's report.

use super::NoArgs;
use super::billing::PeriodArgs;
use super::documents::{PdfFile, documents_dir, open};
use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::reports::{Meeting, Member, NcbReport, NewMeeting, NewMember, TargetSetting};
use serde::Serialize;
use tauri::{AppHandle, State};

/// What the Board sees first for a month.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct BoardHome {
    pub report: NcbReport,
    /// The month in plain words, as the report's cover says it.
    pub summary: String,
    pub audit_sentence: String,
    /// Appeals waiting for the Board's decision.
    pub appeals_waiting: u64,
    /// Every member ever recorded (the report lists those in office).
    pub all_members: Vec<Member>,
    /// Today in the operator's time, the meeting form's default.
    pub today: String,
}

#[tauri::command(async)]
pub fn board_home(state: State<'_, AppState>, args: PeriodArgs) -> IpcResult<BoardHome> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    let report = ledger.ncb_report(args.period).map_err(core)?;
    Ok(BoardHome {
        summary: report.summary(lang),
        audit_sentence: report.audit.sentence(lang),
        appeals_waiting: ledger.complaints_list("appealed").map_err(core)?.len() as u64,
        all_members: ledger.ncb_members().map_err(core)?,
        today: ledger.clock().today().to_string(),
        report,
    })
}

/// Writes the month's report (A4) into the documents folder and opens it.
#[tauri::command(async)]
pub fn board_report_pdf(app: AppHandle, state: State<'_, AppState>, args: PeriodArgs) -> IpcResult<PdfFile> {
    let mut s = state.lock();
    let lang = s.lang;
    let path = documents_dir(&state, lang)?.join(format!("informe-junta-{}.pdf", args.period));
    let (_, ledger) = s.signed_in()?;
    let written = ledger
        .ncb_report_pdf(args.period, lang, &path)
        .map_err(|e| IpcError::from_core(e, lang))?;
    drop(s);
    Ok(PdfFile {
        opened: open(&app, &path),
        path: path.display().to_string(),
        pages: written.pages as u64,
    })
}

#[tauri::command(async)]
pub fn ncb_meeting_record(state: State<'_, AppState>, args: NewMeeting) -> IpcResult<Meeting> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    ledger
        .record_ncb_meeting(&actor, &args)
        .map_err(|e| IpcError::from_core(e, lang))
}

#[tauri::command(async)]
pub fn ncb_member_add(state: State<'_, AppState>, args: NewMember) -> IpcResult<Member> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    ledger
        .add_ncb_member(&actor, &args)
        .map_err(|e| IpcError::from_core(e, lang))
}

/// Every indicator's target, for settings.
#[tauri::command(async)]
pub fn indicator_targets(state: State<'_, AppState>, _args: NoArgs) -> IpcResult<Vec<TargetSetting>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger.indicator_targets().map_err(|e| IpcError::from_core(e, lang))
}
