//! The operator's settings from the window: names, RUC and address printed on documents, the
//! bundle codes, the receipt paper, the reconnection charge, the delivery timeout, the logo.
//! The core checks each value and the permission (administrators only).

use super::NoArgs;
use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::operator_settings::OperatorSettings;
use serde::Deserialize;
use tauri::State;

#[tauri::command(async)]
pub fn settings_view(state: State<'_, AppState>, args: NoArgs) -> IpcResult<OperatorSettings> {
    let _ = args;
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger.operator_settings().map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct SettingArgs {
    pub key: String,
    /// For `logo`, the path of a PNG file (empty removes the logo).
    pub value: String,
}

/// Changes one setting and returns them all as they now are.
#[tauri::command(async)]
pub fn setting_set(state: State<'_, AppState>, args: SettingArgs) -> IpcResult<OperatorSettings> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    ledger.set_setting(&actor, &args.key, &args.value).map_err(core)?;
    ledger.operator_settings().map_err(core)
}
