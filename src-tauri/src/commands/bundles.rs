//! The municipality's bundle from the window: the signing key and its fingerprint, creating
//! and signing a month's bundle, the outbox with each bundle's state, delivery targets, and
//! delivery now (the background task that retries them is `background`).

use super::NoArgs;
use super::documents::{documents_dir, open};
use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::bundle::outbox::{Attempt, When};
use caudal_core::bundle::{Bundle, BundleCreated, PublicInfo, Target, TargetDraft};
use caudal_core::error::ErrorCode;
use caudal_core::{Ledger, Period};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Manager, State};

/// Everything the bundles screen shows.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct OutboxView {
    pub bundles: Vec<Bundle>,
    pub targets: Vec<Target>,
    pub public_key: Option<PublicInfo>,
}

#[tauri::command(async)]
pub fn outbox_view(state: State<'_, AppState>, args: NoArgs) -> IpcResult<OutboxView> {
    let _ = args;
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    Ok(OutboxView {
        bundles: ledger.bundles().map_err(core)?,
        targets: ledger.targets().map_err(core)?,
        public_key: ledger.public_key().map_err(core)?,
    })
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct PassphraseArgs {
    pub passphrase: String,
}

#[tauri::command(async)]
pub fn key_generate(state: State<'_, AppState>, args: PassphraseArgs) -> IpcResult<PublicInfo> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    ledger
        .generate_key(&actor, &args.passphrase, false)
        .map_err(|e| IpcError::from_core(e, lang))
}

/// Writes the public key file (`<operator code>.pub`) for the municipality; returns its path.
#[tauri::command(async)]
pub fn key_save(app: AppHandle, state: State<'_, AppState>, args: NoArgs) -> IpcResult<String> {
    let _ = args;
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let dir = documents_dir(&state, lang)?;
    let (_, path) = ledger
        .write_public_key(&dir)
        .map_err(|e| IpcError::from_core(e, lang))?;
    drop(s);
    let _ = open(&app, &dir);
    Ok(path.display().to_string())
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct BundleCreateArgs {
    pub period: Period,
    pub passphrase: String,
}

#[tauri::command(async)]
pub fn bundle_create(app: AppHandle, state: State<'_, AppState>, args: BundleCreateArgs) -> IpcResult<BundleCreated> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let created = ledger
        .create_bundle(&actor, args.period, &args.passphrase)
        .map_err(|e| IpcError::from_core(e, lang))?;
    drop(s);
    // A target may be reachable right now: try at once rather than at the next round.
    wake_delivery(&app);
    Ok(created)
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct BundleNameArgs {
    pub name: String,
}

/// Writes the bundle's zip and signature into the documents folder (to carry by hand).
#[tauri::command(async)]
pub fn bundle_save(app: AppHandle, state: State<'_, AppState>, args: BundleNameArgs) -> IpcResult<Vec<String>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let dir = documents_dir(&state, lang)?;
    let files = ledger
        .write_bundle_files(&args.name, &dir)
        .map_err(|e| IpcError::from_core(e, lang))?;
    drop(s);
    let _ = open(&app, &dir);
    Ok(files.iter().map(|f| f.display().to_string()).collect())
}

#[tauri::command(async)]
pub fn bundle_resend(app: AppHandle, state: State<'_, AppState>, args: BundleNameArgs) -> IpcResult<bool> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    ledger
        .resend_bundle(&actor, &args.name)
        .map_err(|e| IpcError::from_core(e, lang))?;
    drop(s);
    wake_delivery(&app);
    Ok(true)
}

#[tauri::command(async)]
pub fn target_add(state: State<'_, AppState>, args: TargetDraft) -> IpcResult<Target> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    ledger
        .add_target(&actor, &args)
        .map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct TargetIdArgs {
    pub id: i64,
}

#[tauri::command(async)]
pub fn target_remove(state: State<'_, AppState>, args: TargetIdArgs) -> IpcResult<bool> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    ledger
        .remove_target(&actor, args.id)
        .map_err(|e| IpcError::from_core(e, lang))?;
    Ok(true)
}

/// Attempts every pending delivery now, on a connection of its own: the window stays usable
/// while files travel.
#[tauri::command(async)]
pub fn outbox_deliver(app: AppHandle, state: State<'_, AppState>, args: NoArgs) -> IpcResult<Vec<Attempt>> {
    let _ = args;
    let (path, lang) = {
        let mut s = state.lock();
        let lang = s.lang;
        let (_, ledger) = s.signed_in()?;
        (ledger.path().map(PathBuf::from), lang)
    };
    let path = path.ok_or_else(|| {
        IpcError::new(
            ErrorCode::NoLedger,
            lang,
            "No hay un libro abierto.",
            "No ledger is open.",
        )
    })?;
    let core = |e| IpcError::from_core(e, lang);
    let mut ledger = Ledger::open(&path).map_err(core)?;
    let clock = ledger.clock();
    let attempts = ledger.deliver(When::Now, || clock.now_utc()).map_err(core)?;
    let _ = app.emit("outbox-changed", attempts.len());
    Ok(attempts)
}

/// Asks the background task to make a round now.
fn wake_delivery(app: &AppHandle) {
    if let Some(state) = app.try_state::<AppState>() {
        state.delivery_wake.notify_one();
    }
}
