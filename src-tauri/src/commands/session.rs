//! First start (a new ledger or the demo town), sign-in and sign-out, language.

use super::NoArgs;
use crate::ipc::{IpcError, IpcResult};
use crate::state::{AppState, Session};
use caudal_core::error::ErrorCode;
use caudal_core::period::LocalClock;
use caudal_core::users::{NewUser, UserInfo};
use caudal_core::{Lang, Ledger, NewLedger, Period, Role};
use serde::{Deserialize, Serialize};
use std::time::Instant;
use tauri::{AppHandle, Emitter, Manager, State};

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct SessionUser {
    pub name: String,
    pub role: Role,
    /// What the core lets this user do: the window offers only these actions.
    pub can: Vec<caudal_core::access::Permission>,
}

/// Everything the window needs to know to choose its screen.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct AppStatus {
    /// A ledger is open.
    pub open: bool,
    /// A real operator's ledger exists in the data folder (first start offers to create one
    /// otherwise).
    pub ledger_exists: bool,
    pub ledger_path: Option<String>,
    pub operator: String,
    pub town: String,
    pub is_demo: bool,
    /// The demo's people and their password, shown on its sign-in screen.
    pub demo_users: Vec<UserInfo>,
    pub demo_password: Option<String>,
    pub user: Option<SessionUser>,
    pub lang: Lang,
    /// The operator's current month and date.
    pub current_period: Period,
    pub today: String,
    /// The ledger failed its check at start: it is not opened, and the newest good backup is
    /// offered.
    pub damaged: Option<caudal_core::ledger::backup::Damage>,
}

fn status(state: &AppState, s: &Session) -> IpcResult<AppStatus> {
    let lang = s.lang;
    let core = |e| IpcError::from_core(e, lang);
    let today = s
        .ledger
        .as_ref()
        .map(|l| l.clock())
        .unwrap_or(LocalClock::new(LocalClock::LIMA_OFFSET_MINUTES))
        .today();
    let mut st = AppStatus {
        open: s.ledger.is_some(),
        ledger_exists: state.ledger_path().is_file(),
        ledger_path: None,
        operator: String::new(),
        town: String::new(),
        is_demo: false,
        demo_users: Vec::new(),
        demo_password: None,
        user: s.actor.as_ref().map(|a| SessionUser {
            name: a.name.clone(),
            role: a.role,
            can: a.permissions(),
        }),
        lang,
        current_period: Period::of(today),
        today: today.to_string(),
        damaged: None,
    };
    if let Some(ledger) = &s.ledger {
        let settings = ledger.settings();
        st.ledger_path = ledger.path().map(|p| p.display().to_string());
        st.operator = settings.operator().map_err(core)?;
        st.town = settings.town().map_err(core)?;
        st.is_demo = settings.is_demo().map_err(core)?;
        if st.is_demo {
            st.demo_users = ledger.demo_users().map_err(core)?;
            st.demo_password = Some(caudal_demo::DEMO_PASSWORD.to_string());
        }
    }
    Ok(st)
}

/// Opens the real ledger if there is one (or the demo when started with `--demo`).
#[tauri::command]
pub fn app_status(app: AppHandle, state: State<'_, AppState>, args: NoArgs) -> IpcResult<AppStatus> {
    let _ = args;
    // The window asks for its status as soon as its first screen is mounted.
    if std::env::var_os("CAUDAL_STARTUP_LOG").is_some() {
        state
            .reported_start
            .call_once(|| eprintln!("first screen after {} ms", state.started.elapsed().as_millis()));
    }
    let mut s = state.lock();
    let lang = s.lang;
    let core = |e| IpcError::from_core(e, lang);
    // Found damaged by the page check after opening: the window stops using the file.
    let found = state.damaged.lock().unwrap_or_else(|p| p.into_inner()).clone();
    if let Some(damage) = found {
        s.ledger = None;
        let mut st = status(&state, &s)?;
        st.damaged = Some(damage);
        return Ok(st);
    }
    if s.ledger.is_none() {
        if state.start_demo {
            drop(s);
            return open_demo(state, NoArgs {});
        }
        if state.ledger_path().is_file() {
            // What opening needs is checked now; every page is read in the background, so a
            // large town's window does not wait seconds to start.
            if let Some(damage) = caudal_core::records::damage(&state.ledger_path(), false).map_err(core)? {
                let mut st = status(&state, &s)?;
                st.damaged = Some(damage);
                return Ok(st);
            }
            s.ledger = Some(Ledger::open(&state.ledger_path()).map_err(core)?);
            check_pages_in_background(app, state.ledger_path());
        }
    }
    status(&state, &s)
}

/// Reads every page of the ledger on its own thread; a damaged one is reported to the window.
fn check_pages_in_background(app: AppHandle, path: std::path::PathBuf) {
    std::thread::spawn(move || {
        if let Ok(Some(damage)) = caudal_core::records::damage(&path, true)
            && let Some(state) = app.try_state::<AppState>()
        {
            *state.damaged.lock().unwrap_or_else(|p| p.into_inner()) = Some(damage);
            let _ = app.emit("ledger-damaged", ());
        }
    });
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct RestoreDamagedArgs {
    /// The backup to restore: the one offered, or one the user chose from the backups folder.
    pub path: String,
    /// An administrator of that copy, who signs in against it.
    pub user: String,
    pub password: String,
}

/// Replaces a ledger found damaged at start with one of its own backups, verified first. No one
/// can sign in to a damaged ledger: an administrator signs in against the copy, and the
/// restore is audited in their name (the damaged file is kept beside it).
#[tauri::command]
pub fn restore_damaged(state: State<'_, AppState>, args: RestoreDamagedArgs) -> IpcResult<AppStatus> {
    let mut s = state.lock();
    let lang = s.lang;
    let core = |e| IpcError::from_core(e, lang);
    if s.ledger.is_some() {
        return Err(IpcError::new(
            ErrorCode::NotDamaged,
            lang,
            "El libro abierto no está dañado; restaure desde Ajustes.",
            "The open ledger is not damaged; restore from Settings.",
        ));
    }
    Ledger::restore_damaged(
        &state.ledger_path(),
        std::path::Path::new(&args.path),
        &args.user,
        &args.password,
    )
    .map_err(core)?;
    *state.damaged.lock().unwrap_or_else(|p| p.into_inner()) = None;
    s.ledger = Some(Ledger::open(&state.ledger_path()).map_err(core)?);
    status(&state, &s)
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct CreateLedgerArgs {
    pub operator: String,
    pub town: String,
    pub ruc: String,
    pub series: String,
    pub admin_name: String,
    pub admin_full_name: String,
    pub password: String,
}

/// First start: creates the operator's ledger and its first administrator, and signs them in.
#[tauri::command]
pub fn create_ledger(state: State<'_, AppState>, args: CreateLedgerArgs) -> IpcResult<AppStatus> {
    let mut s = state.lock();
    let lang = s.lang;
    let core = |e| IpcError::from_core(e, lang);
    let setup = NewLedger {
        operator: args.operator,
        town: args.town,
        series: args.series,
    };
    let user = NewUser {
        name: args.admin_name,
        full_name: args.admin_full_name,
        role: Role::Admin,
        password: args.password,
    };
    let ruc = args.ruc;
    // Whole or nothing: a refused name or RUC leaves no ledger behind to be stuck with.
    let ledger = Ledger::create_first(&state.ledger_path(), &setup, &user, |ledger, admin| {
        if ruc.trim().is_empty() {
            Ok(())
        } else {
            ledger.set_setting(admin, "ruc", &ruc).map(|_| ())
        }
    })
    .map_err(core)?;
    s.actor = Some(ledger.sign_in(&user.name, &user.password).map_err(core)?);
    s.ledger = Some(ledger);
    s.last_activity = Instant::now();
    status(&state, &s)
}

/// Opens the demo town, generating it in its own folder the first time.
#[tauri::command]
pub fn open_demo(state: State<'_, AppState>, args: NoArgs) -> IpcResult<AppStatus> {
    let _ = args;
    let mut s = state.lock();
    let lang = s.lang;
    let core = |e| IpcError::from_core(e, lang);
    let dir = state.demo_dir();
    let path = dir.join("caudal-demo.db");
    if !path.is_file() {
        let _ = std::fs::remove_dir_all(&dir);
        caudal_demo::build(&dir, 1200, 12, |_| {}).map_err(core)?;
    }
    s.ledger = Some(Ledger::open(&path).map_err(core)?);
    s.actor = None;
    status(&state, &s)
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct SignInArgs {
    pub name: String,
    pub password: String,
}

#[tauri::command]
pub fn sign_in(state: State<'_, AppState>, args: SignInArgs) -> IpcResult<AppStatus> {
    let mut s = state.lock();
    let lang = s.lang;
    let ledger = s.ledger.as_ref().ok_or_else(|| {
        IpcError::new(
            ErrorCode::NoLedger,
            lang,
            "No hay un libro abierto.",
            "No ledger is open.",
        )
    })?;
    let actor = ledger
        .sign_in(&args.name, &args.password)
        .map_err(|e| IpcError::from_core(e, lang))?;
    s.actor = Some(actor);
    s.last_activity = Instant::now();
    status(&state, &s)
}

#[tauri::command]
pub fn sign_out(state: State<'_, AppState>, args: NoArgs) -> IpcResult<AppStatus> {
    let _ = args;
    let mut s = state.lock();
    s.actor = None;
    status(&state, &s)
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct LangArgs {
    pub lang: Lang,
}

#[tauri::command]
pub fn set_lang(state: State<'_, AppState>, args: LangArgs) -> IpcResult<AppStatus> {
    let mut s = state.lock();
    s.lang = args.lang;
    status(&state, &s)
}
