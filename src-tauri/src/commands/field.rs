//! The technician's month from the window (docs/quality.md): the home of plan, incidents and
//! interruptions; the sample form with the core's verdict as values are typed; sheets and
//! setup files imported with the check-then-write step; incidents; interruptions and the
//! month's continuity; the chlorine chart. Every rule and figure is the core's.

use super::NoArgs;
use super::billing::PeriodArgs;
use super::customers::ImportArgs;
use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::Period;
use caudal_core::continuity::{Continuity, Interruption};
use caudal_core::import::ImportSummary;
use caudal_core::quality::{Incident, Limit, NewSample, PlanRow, Point, QualitySummary, Sample, SampleCheck};
use serde::{Deserialize, Serialize};
use std::path::Path;
use tauri::State;

/// What the technician sees first for a month.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct FieldHome {
    pub summary: QualitySummary,
    pub plan: Vec<PlanRow>,
    pub incidents: Vec<Incident>,
    pub in_progress: Vec<Interruption>,
    pub continuity: Continuity,
    pub points: Vec<Point>,
    /// The operator's local time now (`YYYY-MM-DD HH:MM`), the forms' default: the ledger's
    /// clock, not the computer's time zone.
    pub now: String,
}

#[tauri::command(async)]
pub fn field_home(state: State<'_, AppState>, args: PeriodArgs) -> IpcResult<FieldHome> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    Ok(FieldHome {
        summary: ledger.quality_summary(args.period).map_err(core)?,
        plan: ledger.plan_status(args.period).map_err(core)?,
        incidents: ledger.incidents(true).map_err(core)?,
        in_progress: ledger.interruptions_in_progress().map_err(core)?,
        continuity: ledger.continuity(args.period).map_err(core)?,
        points: ledger.quality_points().map_err(core)?,
        now: ledger.clock().now_local().format("%Y-%m-%d %H:%M").to_string(),
    })
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct SampleCheckArgs {
    pub point: String,
    pub values: Vec<(String, String)>,
}

/// The verdict the values typed so far would get (nothing is stored).
#[tauri::command(async)]
pub fn sample_check(state: State<'_, AppState>, args: SampleCheckArgs) -> IpcResult<SampleCheck> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger
        .check_sample(&args.point, &args.values)
        .map_err(|e| IpcError::from_core(e, lang))
}

/// A sample stored, and the incident it opened when it failed.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct SampleRecorded {
    pub sample: Sample,
    pub incident: Option<i64>,
}

#[tauri::command(async)]
pub fn sample_record(state: State<'_, AppState>, args: NewSample) -> IpcResult<SampleRecorded> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let (sample, incident) = ledger
        .record_sample(&actor, &args)
        .map_err(|e| IpcError::from_core(e, lang))?;
    Ok(SampleRecorded { sample, incident })
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct FieldImportArgs {
    /// `samples`, `points`, `plan`, `sectors`, `interruptions` or `production`.
    pub what: String,
    pub file: ImportArgs,
}

/// Imports a lab sheet or a setup file: `dry_run` checks and names every bad row first.
#[tauri::command(async)]
pub fn field_import(state: State<'_, AppState>, args: FieldImportArgs) -> IpcResult<ImportSummary> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let path = Path::new(&args.file.path);
    let (options, dry) = (args.file.options(), args.file.dry_run);
    let result = match args.what.as_str() {
        "points" => ledger.import_quality_points(&actor, path, options, dry),
        "plan" => ledger.import_quality_plan(&actor, path, options, dry),
        "sectors" => ledger.import_sectors(&actor, path, options, dry),
        "interruptions" => ledger.import_interruptions(&actor, path, options, dry),
        "production" => ledger.import_production(&actor, path, options, dry),
        _ => ledger.import_samples(&actor, path, options, dry),
    };
    let (summary, table) = result.map_err(|e| IpcError::from_core(e, lang))?;
    args.file.write_rejects(&summary, &table, lang)?;
    Ok(summary)
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct IncidentArgs {
    pub id: i64,
    /// `action`, `resample` or `close`.
    pub kind: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub sample: Option<String>,
}

#[tauri::command(async)]
pub fn incident_step(state: State<'_, AppState>, args: IncidentArgs) -> IpcResult<Incident> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    ledger
        .incident_step(&actor, args.id, &args.kind, &args.text, args.sample.as_deref())
        .map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct InterruptionArgs {
    /// Start: the sectors, kind, cause and notice; end: the id.
    pub id: Option<i64>,
    pub sectors: Vec<String>,
    /// `YYYY-MM-DD HH:MM`, local time.
    pub at: String,
    pub kind: String,
    pub cause: String,
    pub notice_hours: u64,
}

/// Starts an interruption, or ends one when `id` is given.
#[tauri::command(async)]
pub fn interruption_record(state: State<'_, AppState>, args: InterruptionArgs) -> IpcResult<Interruption> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    match args.id {
        Some(id) => ledger.end_interruption(&actor, id, &args.at),
        None => ledger.start_interruption(
            &actor,
            &args.sectors,
            &args.at,
            &args.kind,
            &args.cause,
            args.notice_hours,
        ),
    }
    .map_err(|e| IpcError::from_core(e, lang))
}

/// A month's interruptions with its continuity by sector.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct MonthInterruptions {
    pub interruptions: Vec<Interruption>,
    pub continuity: Continuity,
    pub sectors: Vec<String>,
}

#[tauri::command(async)]
pub fn interruptions_month(state: State<'_, AppState>, args: PeriodArgs) -> IpcResult<MonthInterruptions> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    Ok(MonthInterruptions {
        interruptions: ledger.interruptions_in(args.period).map_err(core)?,
        continuity: ledger.continuity(args.period).map_err(core)?,
        sectors: ledger.sector_names().map_err(core)?,
    })
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct ChartArgs {
    pub point: String,
    pub period: Period,
}

/// Free chlorine of one point over the 12 months ending with `period`: (taken at, mg/L).
#[tauri::command(async)]
pub fn chlorine_chart(state: State<'_, AppState>, args: ChartArgs) -> IpcResult<Vec<(String, String)>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger
        .chlorine_history(&args.point, args.period)
        .map_err(|e| IpcError::from_core(e, lang))
}

/// The limits table, with the regulation each default comes from.
#[tauri::command(async)]
pub fn quality_limits(state: State<'_, AppState>, args: NoArgs) -> IpcResult<Vec<Limit>> {
    let _ = args;
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger.quality_limits().map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct LimitArgs {
    pub parameter: String,
    /// Each as typed; empty for none.
    pub min: String,
    pub low: String,
    pub max: String,
}

/// Changes one parameter's limits (administrators).
#[tauri::command(async)]
pub fn quality_limit_set(state: State<'_, AppState>, args: LimitArgs) -> IpcResult<Vec<Limit>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    ledger
        .set_quality_limit(&actor, &args.parameter, &args.min, &args.low, &args.max)
        .map_err(|e| IpcError::from_core(e, lang))
}
