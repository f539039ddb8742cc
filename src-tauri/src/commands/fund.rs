//! Recording what the community fund spends.

use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::fund::FundSpending;
use tauri::State;

#[tauri::command(async)]
pub fn fund_spend(state: State<'_, AppState>, args: FundSpending) -> IpcResult<i64> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    ledger
        .spend_fund(&actor, &args)
        .map_err(|e| IpcError::from_core(e, lang))
}
