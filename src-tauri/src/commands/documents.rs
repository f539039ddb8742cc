//! Printed documents from the window: the month's bills (with progress and cancel), one bill,
//! the route sheets and a payment's receipt, written as PDF into the documents folder and
//! opened in the system's PDF viewer (Tauri has no print API; the viewer prints).

use super::NoArgs;
use super::billing::IssueProgress;
use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;
use caudal_core::Period;
use caudal_core::error::ErrorCode;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_opener::OpenerExt;

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct BillsPdfArgs {
    pub period: Period,
    /// One account's bill, or all of the period's.
    pub account: Option<String>,
}

/// A document written: where, and how many pages.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct PdfFile {
    pub path: String,
    pub pages: u64,
    /// False when no viewer could be started; the window then shows the path.
    pub opened: bool,
}

/// Opens a written document in the system's viewer, unless `CAUDAL_NO_VIEWER` is set (the
/// end-to-end tests, which have no viewer to close).
pub fn open(app: &AppHandle, path: &Path) -> bool {
    if std::env::var_os("CAUDAL_NO_VIEWER").is_some() {
        return false;
    }
    app.opener().open_path(path.to_string_lossy(), None::<&str>).is_ok()
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct FolderArgs {
    /// A document the window was told it saved.
    pub path: String,
}

/// Opens the folder holding a saved document (only within Caudal's documents folder) in the
/// system's file manager; false when none could be started.
#[tauri::command]
pub fn open_folder(app: AppHandle, state: State<'_, AppState>, args: FolderArgs) -> IpcResult<bool> {
    let lang = state.lock().lang;
    let path = PathBuf::from(&args.path);
    let dir = if path.is_dir() {
        path.clone()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let ours = dir
        .canonicalize()
        .ok()
        .zip(state.documents_dir.canonicalize().ok())
        .is_some_and(|(d, root)| d.starts_with(root));
    if !ours {
        return Err(IpcError::new(
            ErrorCode::NotDocumentsFolder,
            lang,
            "Esa carpeta no es la de los documentos de Caudal.",
            "That folder is not Caudal's documents folder.",
        ));
    }
    if std::env::var_os("CAUDAL_NO_VIEWER").is_some() {
        return Ok(false);
    }
    Ok(app.opener().reveal_item_in_dir(&path).is_ok()
        || app.opener().open_path(dir.to_string_lossy(), None::<&str>).is_ok())
}

fn file_name(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .collect()
}

/// The folder documents and bundle copies are written to, created if needed.
pub fn documents_dir(state: &AppState, lang: caudal_core::Lang) -> IpcResult<PathBuf> {
    let dir = state.documents_dir.clone();
    std::fs::create_dir_all(&dir).map_err(|e| IpcError::from_core(caudal_core::Error::io(&dir, e), lang))?;
    Ok(dir)
}

/// Writes the bills as one PDF, one per page, reporting `print-progress`; `print_cancel`
/// stops it and then no file is left.
#[tauri::command(async)]
pub fn bills_pdf(app: AppHandle, state: State<'_, AppState>, args: BillsPdfArgs) -> IpcResult<PdfFile> {
    state.cancel.store(false, Ordering::SeqCst);
    let name = match &args.account {
        Some(a) => format!("recibo-{}-{}.pdf", args.period, file_name(a)),
        None => format!("recibos-{}.pdf", args.period),
    };
    let mut s = state.lock();
    let lang = s.lang;
    let path = documents_dir(&state, lang)?.join(name);
    let (_, ledger) = s.signed_in()?;
    let cancel = &state.cancel;
    let pages = ledger
        .bills_pdf(args.period, args.account.as_deref(), lang, &path, |done, total| {
            let _ = app.emit(
                "print-progress",
                IssueProgress {
                    done: done as u64,
                    total: total as u64,
                },
            );
            !cancel.load(Ordering::SeqCst)
        })
        .map_err(|e| IpcError::from_core(e, lang))?;
    drop(s);
    Ok(PdfFile {
        opened: open(&app, &path),
        path: path.display().to_string(),
        pages: pages as u64,
    })
}

#[tauri::command]
pub fn print_cancel(state: State<'_, AppState>, args: NoArgs) -> IpcResult<bool> {
    let _ = args;
    state.cancel.store(true, Ordering::SeqCst);
    Ok(true)
}

#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct RouteSheetsArgs {
    pub period: Period,
    pub route: Option<String>,
}

#[tauri::command(async)]
pub fn route_sheets_pdf(app: AppHandle, state: State<'_, AppState>, args: RouteSheetsArgs) -> IpcResult<PdfFile> {
    let name = match &args.route {
        Some(r) => format!("hoja-de-ruta-{}-{}.pdf", args.period, file_name(r)),
        None => format!("hojas-de-ruta-{}.pdf", args.period),
    };
    let mut s = state.lock();
    let lang = s.lang;
    let path = documents_dir(&state, lang)?.join(name);
    let (_, ledger) = s.signed_in()?;
    let pages = ledger
        .route_sheets_pdf(args.period, args.route.as_deref(), lang, &path)
        .map_err(|e| IpcError::from_core(e, lang))?;
    drop(s);
    Ok(PdfFile {
        opened: open(&app, &path),
        path: path.display().to_string(),
        pages: pages as u64,
    })
}

/// Writes a receipt just taken at the counter; the receipt is printed as the core returned it.
pub fn receipt_pdf(
    app: &AppHandle,
    state: &AppState,
    ledger: &caudal_core::Ledger,
    receipt: &caudal_core::payments::Receipt,
    lang: caudal_core::Lang,
) -> IpcResult<PdfFile> {
    let path = documents_dir(state, lang)?.join(format!("comprobante-{}.pdf", file_name(&receipt.payment.number)));
    ledger
        .receipt_pdf(receipt, lang, &path)
        .map_err(|e| IpcError::from_core(e, lang))?;
    Ok(PdfFile {
        opened: open(app, &path),
        path: path.display().to_string(),
        pages: 1,
    })
}
