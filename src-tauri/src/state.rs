//! What the window shares between commands: the open ledger, who is signed in, their
//! language, and when they last did something (the session locks after inactivity).

use crate::ipc::{IpcError, IpcResult};
use caudal_core::error::ErrorCode;
use caudal_core::{Actor, Lang, Ledger};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A signed-in session ends after this long without a command.
pub const IDLE_LOCK: Duration = Duration::from_secs(15 * 60);

pub struct Session {
    pub ledger: Option<Ledger>,
    pub actor: Option<Actor>,
    pub lang: Lang,
    pub last_activity: Instant,
}

pub struct AppState {
    pub session: Mutex<Session>,
    /// Set by "cancel" while a billing run is being issued.
    pub cancel: AtomicBool,
    pub data_dir: PathBuf,
    /// Where printed documents and exported bundles are written.
    pub documents_dir: PathBuf,
    /// Started with `--demo`: open the demo town without asking.
    pub start_demo: bool,
    /// When the process started, for the start-up time `CAUDAL_STARTUP_LOG` reports.
    pub started: Instant,
    pub reported_start: std::sync::Once,
    /// Wakes the background delivery task before its next round (a bundle was just made).
    pub delivery_wake: Wake,
    /// What the background round could not do, until it next succeeds.
    pub background: crate::failures::Failures,
    /// Set when the page check run after opening finds the ledger damaged.
    pub damaged: Mutex<Option<caudal_core::ledger::backup::Damage>>,
}

/// A wake-up call for a thread that otherwise sleeps for a while.
#[derive(Default)]
pub struct Wake {
    woken: Mutex<bool>,
    signal: std::sync::Condvar,
}

impl Wake {
    pub fn notify_one(&self) {
        *self.woken.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.signal.notify_one();
    }

    /// Sleeps until woken or until `timeout` has passed.
    pub fn wait(&self, timeout: Duration) {
        let guard = self.woken.lock().unwrap_or_else(|p| p.into_inner());
        let (mut woken, _) = self
            .signal
            .wait_timeout_while(guard, timeout, |woken| !*woken)
            .unwrap_or_else(|p| p.into_inner());
        *woken = false;
    }
}

impl AppState {
    pub fn new(data_dir: PathBuf, documents_dir: PathBuf, start_demo: bool, started: Instant) -> AppState {
        AppState {
            session: Mutex::new(Session {
                ledger: None,
                actor: None,
                lang: Lang::Es,
                last_activity: Instant::now(),
            }),
            cancel: AtomicBool::new(false),
            data_dir,
            documents_dir,
            start_demo,
            started,
            reported_start: std::sync::Once::new(),
            delivery_wake: Wake::default(),
            background: crate::failures::Failures::default(),
            damaged: Mutex::new(None),
        }
    }

    pub fn ledger_path(&self) -> PathBuf {
        self.data_dir.join(caudal_core::ledger::location::LEDGER_FILE)
    }

    pub fn demo_dir(&self) -> PathBuf {
        self.data_dir.join("demo")
    }

    pub fn lock(&self) -> MutexGuard<'_, Session> {
        // A poisoned lock means a command panicked; the ledger itself is transactional, so
        // carrying on with its state is safe.
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Session {
    /// The signed-in actor and the open ledger, or the error that sends the UI to sign-in.
    pub fn signed_in(&mut self) -> IpcResult<(Actor, &mut Ledger)> {
        let lang = self.lang;
        if self.actor.is_some() && self.last_activity.elapsed() > IDLE_LOCK {
            self.actor = None;
        }
        let actor = self.actor.clone().ok_or_else(|| {
            IpcError::new(
                ErrorCode::SignedOut,
                lang,
                "La sesión se cerró; ingrese de nuevo.",
                "The session was closed; sign in again.",
            )
        })?;
        self.last_activity = Instant::now();
        let ledger = self.ledger.as_mut().ok_or_else(|| {
            IpcError::new(
                ErrorCode::NoLedger,
                lang,
                "No hay un libro abierto.",
                "No ledger is open.",
            )
        })?;
        Ok((actor, ledger))
    }
}
