//! The cash desk: take a payment and give its receipt, an account's statement, the day's cash
//! close; and collections: arrears by age, the disconnection list, the community fund.

use super::NoArgs;
use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::accounts::{AgeBuckets, ArrearsRow, Statement};
use caudal_core::error::ErrorCode;
use caudal_core::fund::FundBalance;
use caudal_core::payments::{CashClose, Credit, Payment, Receipt};
use caudal_core::{Ledger, Money};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct PayArgs {
    pub account: String,
    /// As typed: `45.50`, `45,50`, `1,234.50` (the core reads it, or says why not).
    pub amount: String,
    /// The clerk confirmed a payment larger than what is owed (it leaves a credit).
    #[serde(default)]
    pub confirm_credit: bool,
}

/// A payment taken, and its printed receipt.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct PaymentTaken {
    pub receipt: Receipt,
    pub pdf: Option<super::documents::PdfFile>,
    /// Why the receipt could not be printed; the payment is recorded all the same.
    pub pdf_error: Option<String>,
}

/// Records a cash payment dated today (the operator's calendar) and prints its receipt.
#[tauri::command(async)]
pub fn payment_record(app: AppHandle, state: State<'_, AppState>, args: PayArgs) -> IpcResult<PaymentTaken> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let today = ledger.clock().today();
    let core = |e| IpcError::from_core(e, lang);
    let amount = Money::typed(ErrorCode::Amount, &args.amount).map_err(core)?;
    // Whether to ask before leaving a credit is the core's question, asked inside the write.
    let credit = if args.confirm_credit {
        Credit::Accepted
    } else {
        Credit::AskFirst
    };
    let receipt = ledger
        .take_payment(&actor, &args.account, amount, today, credit)
        .map_err(core)?;
    let (pdf, pdf_error) = match super::documents::receipt_pdf(&app, &state, ledger, &receipt, lang) {
        Ok(f) => (Some(f), None),
        Err(e) => (None, Some(e.message)),
    };
    Ok(PaymentTaken {
        receipt,
        pdf,
        pdf_error,
    })
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct ReverseArgs {
    pub number: String,
    pub reason: String,
    /// The reversal's date; today when not given.
    pub date: Option<chrono::NaiveDate>,
    /// Why it goes ahead although it overdraws a purpose of the fund.
    pub fund_reason: Option<String>,
}

#[tauri::command(async)]
pub fn payment_reverse(state: State<'_, AppState>, args: ReverseArgs) -> IpcResult<Payment> {
    let mut s = state.lock();
    let lang = s.lang;
    let (actor, ledger) = s.signed_in()?;
    let on = args.date.unwrap_or_else(|| ledger.clock().today());
    ledger
        .reverse_payment(&actor, &args.number, &args.reason, on, args.fund_reason.as_deref())
        .map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct ReceiptArgs {
    pub number: String,
}

/// Prints again a payment receipt (or a reversal's), marked as a copy.
#[tauri::command(async)]
pub fn receipt_copy(
    app: AppHandle,
    state: State<'_, AppState>,
    args: ReceiptArgs,
) -> IpcResult<super::documents::PdfFile> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let copy = ledger
        .receipt_copy(&args.number)
        .map_err(|e| IpcError::from_core(e, lang))?;
    super::documents::receipt_pdf(&app, &state, ledger, &copy, lang)
}

#[tauri::command(async)]
pub fn statement(state: State<'_, AppState>, args: super::customers::AccountArgs) -> IpcResult<Statement> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    ledger
        .statement(&args.account)
        .map_err(|e| IpcError::from_core(e, lang))
}

#[tauri::command(async)]
pub fn cash_close(state: State<'_, AppState>, args: NoArgs) -> IpcResult<CashClose> {
    let _ = args;
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let today = ledger.clock().today();
    ledger.cash_close(today).map_err(|e| IpcError::from_core(e, lang))
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct ArrearsArgs {
    /// Only connections with two or more overdue bills.
    pub disconnection: bool,
}

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ArrearsView {
    pub date: String,
    pub totals: AgeBuckets,
    pub connections: u32,
    /// The largest debts first; the whole list is on the command line.
    pub rows: Vec<ArrearsRow>,
}

#[tauri::command(async)]
pub fn arrears(state: State<'_, AppState>, args: ArrearsArgs) -> IpcResult<ArrearsView> {
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let core = |e| IpcError::from_core(e, lang);
    let today = ledger.clock().today();
    let rows = if args.disconnection {
        ledger.disconnection_list(today)
    } else {
        ledger.arrears(today)
    }
    .map_err(core)?;
    let totals = Ledger::arrears_totals(&rows).map_err(core)?;
    Ok(ArrearsView {
        date: today.to_string(),
        totals,
        connections: rows.len() as u32,
        rows: rows.into_iter().take(300).collect(),
    })
}

#[tauri::command(async)]
pub fn fund_balance(state: State<'_, AppState>, args: NoArgs) -> IpcResult<FundBalance> {
    let _ = args;
    let mut s = state.lock();
    let lang = s.lang;
    let (_, ledger) = s.signed_in()?;
    let today = ledger.clock().today();
    ledger.fund_balance(today).map_err(|e| IpcError::from_core(e, lang))
}
