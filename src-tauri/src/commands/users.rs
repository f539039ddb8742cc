//! The administrator's users: the list, adding one, deactivating one and setting a password
//! (each user may also change their own). The core decides who may do each.

use super::NoArgs;
use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::access::Permission;
use caudal_core::users::{NewUser, UserInfo};
use serde::Deserialize;
use tauri::State;

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct NameArgs {
    pub name: String,
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct PasswordArgs {
    pub name: String,
    pub password: String,
}

/// Every user, for the administrator (others are told it is not theirs to see).
#[tauri::command]
pub fn users_list(state: State<'_, AppState>, args: NoArgs) -> IpcResult<Vec<UserInfo>> {
    let _ = args;
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    ledger.users(&actor).map_err(core)
}

#[tauri::command]
pub fn user_add(state: State<'_, AppState>, args: NewUser) -> IpcResult<Vec<UserInfo>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    ledger.create_user(Some(&actor), &args).map_err(core)?;
    ledger.users(&actor).map_err(core)
}

#[tauri::command]
pub fn user_deactivate(state: State<'_, AppState>, args: NameArgs) -> IpcResult<Vec<UserInfo>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    ledger.deactivate_user(&actor, &args.name).map_err(core)?;
    ledger.users(&actor).map_err(core)
}

#[tauri::command]
pub fn user_password(state: State<'_, AppState>, args: PasswordArgs) -> IpcResult<Vec<UserInfo>> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    ledger
        .change_password(&actor, &args.name, &args.password)
        .map_err(core)?;
    // A user changing their own password need not see the others.
    if actor.require(Permission::ManageSettings).is_ok() {
        ledger.users(&actor).map_err(core)
    } else {
        Ok(Vec::new())
    }
}
