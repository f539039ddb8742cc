//! The window's background round: every 30 seconds, on its own connection to the open
//! ledger, it attempts the deliveries that are due, makes the day's backup if it has not been
//! made, and applies positive silence and finality as complaints' deadlines pass. A task that
//! fails is not silent: its failure is kept until it next succeeds, and the home screen shows
//! it (a daily backup failing every day was seen by nobody).

use super::NoArgs;
use crate::failures::Task;
use crate::ipc::IpcResult;
use crate::state::AppState;
use caudal_core::bundle::outbox::When;
use caudal_core::{Actor, Ledger};
use serde::Serialize;
use std::path::PathBuf;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager, State};

/// How often the background task looks for work that is due.
const ROUND: Duration = Duration::from_secs(30);

/// A failed backup is tried again after this long, not every round: a copy of a big town takes
/// seconds of the disk the clerk is working on.
const BACKUP_RETRY: Duration = Duration::from_secs(10 * 60);

/// One failing task, for the home screen.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct BackgroundProblem {
    pub task: Task,
    /// When it first failed, dd/mm/aaaa HH:MM local time.
    pub since: String,
    /// Failed attempts in a row.
    pub times: u32,
    /// Why the last attempt failed, in the session's language.
    pub message: String,
}

/// What the background round could not do, for the home screen (for anyone signed in: the
/// clerk at the laptop is the one who can free the disk or plug the stick back).
#[tauri::command(async)]
pub fn background_problems(state: State<'_, AppState>, args: NoArgs) -> IpcResult<Vec<BackgroundProblem>> {
    let _ = args;
    let lang = {
        let mut s = state.lock();
        s.signed_in()?;
        s.lang
    };
    let failures = state.background.0.lock().unwrap_or_else(|p| p.into_inner());
    Ok(failures
        .iter()
        .map(|(task, f)| BackgroundProblem {
            task: *task,
            since: lang.stamp(&f.since),
            times: f.times,
            message: lang.pick(&f.message.0, &f.message.1).to_string(),
        })
        .collect())
}

/// Starts the round, on a thread of its own. Backoff and the outbox's state are in the ledger,
/// so a restart carries on where it stopped.
pub fn start_background_round(app: AppHandle) {
    std::thread::spawn(move || {
        loop {
            let Some(state) = app.try_state::<AppState>() else {
                return;
            };
            let path = state.lock().ledger.as_ref().and_then(|l| l.path().map(PathBuf::from));
            if let Some(path) = path {
                round(&app, &state, &path);
            }
            state.delivery_wake.wait(ROUND);
        }
    });
}

fn round(app: &AppHandle, state: &AppState, path: &std::path::Path) {
    let failures = &state.background;
    let clock = state.lock().ledger.as_ref().map(|ledger| ledger.clock());
    let stamp = clock.map(|c| c.now_stamp()).unwrap_or_default();
    let Some(mut ledger) = failures.note(Task::Open, Ledger::open(path), &stamp) else {
        return;
    };
    // A ledger that can only be read (a read-only stick) has nothing to deliver or copy here.
    if ledger.is_read_only() {
        return;
    }
    let clock = ledger.clock();
    let delivered = ledger.deliver(When::DueAt(clock.now_utc()), || clock.now_utc());
    if let Some(attempts) = failures.note(Task::Delivery, delivered, &stamp)
        && !attempts.is_empty()
    {
        let _ = app.emit("outbox-changed", attempts.len());
    }
    // The day's copy, once a day, on this thread's own connection.
    if !failures.waiting(Task::DailyBackup, BACKUP_RETRY) {
        failures.note(Task::DailyBackup, ledger.daily_backup(&Actor::system()), &stamp);
    }
    // Positive silence and finality as their deadlines pass (idempotent; it reads before it
    // writes, so a round with nothing due costs a few milliseconds).
    let swept = ledger.sweep_complaints(&Actor::system(), None);
    if let Some(r) = failures.note(Task::Complaints, swept, &stamp)
        && !(r.silenced.is_empty() && r.finalized.is_empty())
    {
        let _ = app.emit("complaints-changed", r.silenced.len() + r.finalized.len());
    }
}
