//! Complaints from the window (docs/complaints.md): file one at the counter and print its
//! constancia at once, the lists and a complaint's whole timeline, each step, the decision
//! letter, the Board's inbox of appeals, and the calendar and rules in settings. Every rule is
//! the core's; this is glue.

use super::NoArgs;
use super::documents::{PdfFile, documents_dir, open};
use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::billing::Bill;
use caudal_core::complaints::{CalendarDay, Complaint, Correction, DecisionRequest, NewComplaint, Outcome, Rule};
use caudal_core::documents::complaint::Paper;
use caudal_core::error::ErrorCode;
use caudal_core::notes::Note;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct ListArgs {
    /// `open` (not final), `overdue`, `due_soon` (within 5 working days), `appealed` or `by_silence`.
    pub filter: String,
}

/// The complaints a list shows (the core decides what each filter holds).
#[tauri::command(async)]
pub fn complaints_list(state: State<'_, AppState>, args: ListArgs) -> IpcResult<Vec<Complaint>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger
        .complaints_list(&args.filter)
        .map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct NumberArgs {
    pub number: String,
}

/// A complaint with what the Board reads beside it: the bill and the notes on it.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ComplaintDetail {
    pub complaint: Complaint,
    pub bill: Option<Bill>,
    pub notes: Vec<Note>,
}

#[tauri::command(async)]
pub fn complaint_detail(state: State<'_, AppState>, args: NumberArgs) -> IpcResult<ComplaintDetail> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    let complaint = ledger.complaint(&args.number).map_err(core)?;
    let (bill, notes) = match &complaint.bill {
        Some(number) => (
            ledger.bill_by_number(number).map_err(core)?,
            ledger.notes_of_bill(number).map_err(core)?,
        ),
        None => (None, Vec::new()),
    };
    Ok(ComplaintDetail { complaint, bill, notes })
}

/// The complaints of one account, newest first (the filing form shows them).
#[tauri::command(async)]
pub fn complaints_of_account(
    state: State<'_, AppState>,
    args: super::customers::AccountArgs,
) -> IpcResult<Vec<Complaint>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger
        .complaints_of_account(&args.account)
        .map_err(|e| IpcError::from_core(e, lang))
}

/// A complaint recorded, and the paper the step prints (the constancia at filing, the
/// decision letter at notification), written and opened.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ComplaintPrinted {
    pub complaint: Complaint,
    pub pdf: Option<PdfFile>,
}

fn print(
    app: &AppHandle,
    state: &AppState,
    ledger: &caudal_core::Ledger,
    c: &Complaint,
    paper: Paper,
    lang: caudal_core::Lang,
) -> IpcResult<PdfFile> {
    let name = match paper {
        Paper::Constancia => format!("constancia-{}.pdf", c.number),
        Paper::Decision => format!("resolucion-{}-{}.pdf", c.number, c.steps.len()),
    };
    let path = documents_dir(state, lang)?.join(name);
    ledger
        .complaint_pdf(&c.number, paper, lang, &path)
        .map_err(|e| IpcError::from_core(e, lang))?;
    Ok(PdfFile {
        opened: open(app, &path),
        path: path.display().to_string(),
        pages: 1,
    })
}

/// Files a complaint and prints its constancia.
#[tauri::command(async)]
pub fn complaint_file(app: AppHandle, state: State<'_, AppState>, args: NewComplaint) -> IpcResult<ComplaintPrinted> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let filed = ledger
        .file_complaint(&actor, &args)
        .map_err(|e| IpcError::from_core(e, lang))?;
    let pdf = print(&app, &state, ledger, &filed.complaint, Paper::Constancia, lang)?;
    Ok(ComplaintPrinted {
        complaint: filed.complaint,
        pdf: Some(pdf),
    })
}

/// A decision as the form sends it: amounts and volume as typed, read by the core.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct DecideArgs {
    pub number: String,
    pub outcome: Outcome,
    /// `none`, `volume` or `lines`.
    pub by: String,
    pub m3: String,
    pub water: String,
    pub sewer: String,
    pub fixed: String,
    pub reason: String,
}

impl DecideArgs {
    fn request(&self) -> caudal_core::Result<DecisionRequest> {
        Ok(DecisionRequest {
            number: self.number.clone(),
            outcome: self.outcome,
            correction: Correction::typed(&self.by, &self.m3, &self.water, &self.sewer, &self.fixed)?,
            reason: self.reason.clone(),
            on: None,
        })
    }
}

/// Decides the first instance or the reconsideration.
#[tauri::command(async)]
pub fn complaint_decide(state: State<'_, AppState>, args: DecideArgs) -> IpcResult<Complaint> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    args.request()
        .and_then(|req| ledger.decide_complaint(&actor, &req))
        .map_err(|e| IpcError::from_core(e, lang))
}

/// The Board's decision of an appeal (role `ncb`).
#[tauri::command(async)]
pub fn complaint_ncb_decide(state: State<'_, AppState>, args: DecideArgs) -> IpcResult<Complaint> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    args.request()
        .and_then(|req| ledger.ncb_decide_complaint(&actor, &req))
        .map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct StepArgs {
    pub number: String,
    /// `notify`, `reconsider`, `appeal` or `withdraw`.
    pub step: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

/// Records a notification (and prints the decision letter), a reconsideration, an appeal or a
/// withdrawal.
#[tauri::command(async)]
pub fn complaint_step(app: AppHandle, state: State<'_, AppState>, args: StepArgs) -> IpcResult<ComplaintPrinted> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    let c = match args.step.as_str() {
        "notify" => ledger.notify_complaint(&actor, &args.number, args.on),
        "reconsider" => ledger.reconsider_complaint(&actor, &args.number, &args.reason, args.on),
        "appeal" => ledger.appeal_complaint(&actor, &args.number, &args.reason, args.on),
        "withdraw" => ledger.withdraw_complaint(&actor, &args.number, &args.reason, args.on),
        other => {
            return Err(IpcError::new(
                ErrorCode::Step,
                lang,
                &format!("«{other}» no es un paso de un reclamo."),
                &format!("«{other}» is not a step of a complaint."),
            ));
        }
    }
    .map_err(core)?;
    let pdf = match args.step.as_str() {
        "notify" => Some(print(&app, &state, ledger, &c, Paper::Decision, lang)?),
        _ => None,
    };
    Ok(ComplaintPrinted { complaint: c, pdf })
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct PaperArgs {
    pub number: String,
    /// The decision letter rather than the constancia.
    pub decision: bool,
}

/// Prints a complaint's constancia or decision letter again.
#[tauri::command(async)]
pub fn complaint_pdf(app: AppHandle, state: State<'_, AppState>, args: PaperArgs) -> IpcResult<PdfFile> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let c = ledger
        .complaint(&args.number)
        .map_err(|e| IpcError::from_core(e, lang))?;
    let paper = if args.decision {
        Paper::Decision
    } else {
        Paper::Constancia
    };
    print(&app, &state, ledger, &c, paper, lang)
}

/// The working-day calendar of a year and the deadline rules.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct CalendarView {
    pub year: i32,
    pub days: Vec<CalendarDay>,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct YearArgs {
    pub year: i32,
}

fn calendar_view(ledger: &caudal_core::Ledger, year: i32, lang: caudal_core::Lang) -> IpcResult<CalendarView> {
    let core = |e| IpcError::from_core(e, lang);
    Ok(CalendarView {
        year,
        days: ledger.calendar_year(year).map_err(core)?,
        rules: ledger.complaint_rules().map_err(core)?,
    })
}

#[tauri::command(async)]
pub fn calendar_view_year(state: State<'_, AppState>, args: YearArgs) -> IpcResult<CalendarView> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    calendar_view(ledger, args.year, lang)
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct CalendarChangeArgs {
    pub day: NaiveDate,
    /// True to make it a holiday, false a working day.
    pub holiday: bool,
    #[serde(default)]
    pub name: String,
}

/// Adds a holiday or makes a day a working day (administrators).
#[tauri::command(async)]
pub fn calendar_change(state: State<'_, AppState>, args: CalendarChangeArgs) -> IpcResult<CalendarView> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    if args.holiday {
        ledger.calendar_add(&actor, args.day, &args.name).map_err(core)?;
    } else {
        ledger.calendar_remove(&actor, args.day).map_err(core)?;
    }
    calendar_view(ledger, chrono::Datelike::year(&args.day), lang)
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct RuleArgs {
    pub rule: String,
    pub days: String,
    pub year: i32,
}

/// Changes one deadline rule (administrators).
#[tauri::command(async)]
pub fn complaint_rule_set(state: State<'_, AppState>, args: RuleArgs) -> IpcResult<CalendarView> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    ledger
        .set_complaint_rule(&actor, &args.rule, &args.days)
        .map_err(|e| IpcError::from_core(e, lang))?;
    calendar_view(ledger, args.year, lang)
}

/// The home screen's warnings: deadlines of the operator or the Board within 5 working days
/// (or past), and complaints founded by silence that are not final yet.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ComplaintWarnings {
    pub due_soon: Vec<Complaint>,
    pub by_silence: Vec<Complaint>,
}

#[tauri::command(async)]
pub fn complaint_warnings(state: State<'_, AppState>, args: NoArgs) -> IpcResult<ComplaintWarnings> {
    let _ = args;
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    Ok(ComplaintWarnings {
        due_soon: ledger.complaints_list("due_soon").map_err(core)?,
        by_silence: ledger.complaints_list("by_silence").map_err(core)?,
    })
}
