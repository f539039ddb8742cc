//! The error every command returns: a stable `code` for the UI to branch on and a `message`
//! in the signed-in user's language. The core's error kinds are kept, never flattened into a
//! string deep inside.

use caudal_core::error::{ErrorCode, FieldError};
use caudal_core::import::RowError;
use caudal_core::{Error, Lang};
use serde::Serialize;

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct IpcError {
    /// What went wrong, one of the core's codes: the window branches on it, never on the message.
    pub code: ErrorCode,
    pub message: String,
    /// Invalid rows of an import, each with line, column, value and reason.
    pub rows: Vec<RowError>,
    /// Invalid fields of a form.
    pub fields: Vec<FieldError>,
}

impl IpcError {
    pub fn from_core(e: Error, lang: Lang) -> IpcError {
        let message = e.message(lang);
        let code = e.code();
        match e {
            Error::Rows { rows } => IpcError {
                code,
                message,
                rows,
                fields: Vec::new(),
            },
            Error::Fields { fields } => IpcError {
                code,
                message,
                rows: Vec::new(),
                fields,
            },
            _ => IpcError {
                code,
                message,
                rows: Vec::new(),
                fields: Vec::new(),
            },
        }
    }

    pub fn new(code: ErrorCode, lang: Lang, es: &str, en: &str) -> IpcError {
        IpcError {
            code,
            message: lang.pick(es, en).into(),
            rows: Vec::new(),
            fields: Vec::new(),
        }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
