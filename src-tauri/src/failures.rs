//! What the window's background round could not do: each task's failure kept until it next
//! succeeds, for the home screen (the round itself is `commands::background`).

use caudal_core::{Error, Lang};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The background's tasks, as the home screen names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// Opening the ledger on the round's own connection.
    Open,
    /// The day's verified copy of the ledger.
    DailyBackup,
    /// Delivering bundles that are due.
    Delivery,
    /// Positive silence and finality of complaints.
    Complaints,
}

/// A task whose last attempt failed, since when, and how many times in a row.
pub(crate) struct Failure {
    pub(crate) since: String,
    pub(crate) times: u32,
    pub(crate) last_try: Instant,
    pub(crate) message: (String, String),
}

/// The failures of the background round, kept until each task next succeeds.
#[derive(Default)]
pub struct Failures(pub(crate) Mutex<BTreeMap<Task, Failure>>);

impl Failures {
    pub(crate) fn note<T>(&self, task: Task, result: Result<T, Error>, stamp: &str) -> Option<T> {
        let mut failures = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match result {
            Ok(value) => {
                failures.remove(&task);
                Some(value)
            }
            Err(e) => {
                let message = (e.message(Lang::Es), e.message(Lang::En));
                let f = failures.entry(task).or_insert_with(|| Failure {
                    since: stamp.to_string(),
                    times: 0,
                    last_try: Instant::now(),
                    message: message.clone(),
                });
                f.times += 1;
                f.last_try = Instant::now();
                f.message = message;
                None
            }
        }
    }

    /// Whether `task` failed less than `wait` ago (so it is not tried again yet).
    pub(crate) fn waiting(&self, task: Task, wait: Duration) -> bool {
        let failures = self.0.lock().unwrap_or_else(|p| p.into_inner());
        failures.get(&task).is_some_and(|f| f.last_try.elapsed() < wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use caudal_core::Error;

    /// A wait longer than the test takes: a failure noted in it is still waiting.
    const WAIT: Duration = Duration::from_secs(60);

    #[test]
    fn a_failure_is_kept_counted_and_cleared_by_the_next_success() {
        let failures = Failures::default();
        let full = || {
            Err::<(), _>(Error::Io {
                path: "backups/caudal.db".into(),
                source: std::io::Error::from(std::io::ErrorKind::StorageFull),
            })
        };
        assert!(
            failures
                .note(Task::DailyBackup, full(), "2026-12-07T09:00:00")
                .is_none()
        );
        assert!(
            failures
                .note(Task::DailyBackup, full(), "2026-12-08T09:00:00")
                .is_none()
        );
        assert!(failures.waiting(Task::DailyBackup, WAIT), "not tried again at once");
        assert!(!failures.waiting(Task::Delivery, WAIT));
        {
            let kept = failures.0.lock().unwrap();
            let f = &kept[&Task::DailyBackup];
            assert_eq!(
                (f.since.as_str(), f.times),
                ("2026-12-07T09:00:00", 2),
                "since the first"
            );
            assert!(f.message.0.starts_with("El disco está lleno"), "{}", f.message.0);
        }
        assert_eq!(failures.note(Task::DailyBackup, Ok(7), "2026-12-09T09:00:00"), Some(7));
        assert!(failures.0.lock().unwrap().is_empty(), "a success clears it");
    }
}
