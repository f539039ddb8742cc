//! Recording what the community fund spends.

use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::Money;
use caudal_core::error::ErrorCode;
use caudal_core::fund::FundSpending;
use serde::Deserialize;
use tauri::State;

/// A spending as typed in the form: the amount as text, read by the core like every amount.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct SpendArgs {
    pub purpose: String,
    pub spent_on: chrono::NaiveDate,
    pub amount: String,
    pub description: String,
    pub document: String,
    pub approved_by: String,
}

#[tauri::command(async)]
pub fn fund_spend(state: State<'_, AppState>, args: SpendArgs) -> IpcResult<i64> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    let spending = FundSpending {
        amount: Money::typed(ErrorCode::Amount, &args.amount).map_err(core)?,
        purpose: args.purpose,
        spent_on: args.spent_on,
        description: args.description,
        document: args.document,
        approved_by: args.approved_by,
    };
    ledger.spend_fund(&actor, &spending).map_err(core)
}
