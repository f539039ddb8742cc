//! The core's error: each variant is a case a user can act on, each carries its message in
//! Spanish and English, and each has a stable `code` so that the desktop UI and scripts never
//! match on message text.

use crate::Lang;
pub use crate::error_code::ErrorCode;
use std::path::PathBuf;

/// A message that exists in both languages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Text {
    /// In Spanish (es-PE), the first language.
    pub es: String,
    /// In English.
    pub en: String,
}

impl Text {
    /// A message from its two sentences.
    pub fn new(es: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            es: es.into(),
            en: en.into(),
        }
    }

    /// The same sentence written by `f` in each language.
    pub fn in_each(f: impl Fn(Lang) -> String) -> Text {
        Text::new(f(Lang::Es), f(Lang::En))
    }

    /// The sentence in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.es, &self.en)
    }
}

/// One form field that is not acceptable, named as its import column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct FieldError {
    /// The field, named as its import column.
    pub column: String,
    /// What was typed in it.
    pub value: String,
    /// Why it was refused.
    pub reason: Text,
}

/// One invalid row: where it is, which field, what it held, and why it was refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct RowError {
    /// The line in the file (the header is line 1).
    pub line: u64,
    /// The column, by the file's own header.
    pub column: String,
    /// What the cell held.
    pub value: String,
    /// Why it was refused.
    pub reason: Text,
}

impl RowError {
    /// The error of one cell of `row`.
    pub fn new(row: &impl RowLine, column: &str, value: &str, reason: Text) -> RowError {
        RowError {
            line: row.line(),
            column: column.to_string(),
            value: value.to_string(),
            reason,
        }
    }

    /// "fila 14, columna lectura («1240»): es menor que la lectura anterior 1250"
    pub fn describe(&self, lang: Lang) -> String {
        let value = if self.value.is_empty() {
            String::new()
        } else {
            format!(" («{}»)", self.value)
        };
        let column = if self.column.is_empty() {
            String::new()
        } else {
            format!(", {} {}{value}", lang.pick("columna", "column"), self.column)
        };
        format!(
            "{} {}{column}: {}",
            lang.pick("fila", "row"),
            self.line,
            self.reason.get(lang)
        )
    }
}

/// Where a row is in the file it was read from (a row of an import names it).
pub trait RowLine {
    /// Its line in the file, counting the header as line 1.
    fn line(&self) -> u64;
}

/// An error of the ledger or of any rule: each case one a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value given by the user (a form field, an option, a document field) is not acceptable.
    #[error("{}", .text.en)]
    Invalid {
        /// What was wrong: most often the field or option the value was typed in.
        code: ErrorCode,
        /// Why, in both languages.
        text: Text,
    },
    /// An import found invalid rows; nothing was written.
    #[error("{} invalid rows", .rows.len())]
    Rows {
        /// Each invalid row: line, column, value and reason.
        rows: Vec<RowError>,
    },
    /// A form has fields that are not acceptable; nothing was written.
    #[error("{} invalid fields", .fields.len())]
    Fields {
        /// Each field that is not acceptable.
        fields: Vec<FieldError>,
    },
    /// The actor's role does not allow the action.
    #[error("{}", .0.en)]
    Forbidden(Text),
    /// A named thing (account, bill, period) does not exist.
    #[error("{}", .0.en)]
    NotFound(Text),
    /// The action contradicts what the ledger holds (an issued record, a stored value).
    #[error("{}", .0.en)]
    Conflict(Text),
    /// The ledger file cannot be used as asked (missing, already there, from a newer version).
    #[error("{}", .0.en)]
    Ledger(Text),
    /// A long job was cancelled; nothing of it was written.
    #[error("cancelled")]
    Cancelled,
    /// An amount too large to be real.
    #[error("amount out of range")]
    Overflow,
    /// A file that could not be read or written.
    #[error("file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// SQLite refused (a busy, full, read-only or damaged file is told apart by [`Error::code`]).
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    /// Something that cannot happen did (a library refused what it always accepts).
    #[error("internal: {0}")]
    Internal(String),
}

/// A result whose error is Caudal's.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Raised when a sum of amounts would not fit: only reachable with absurd inputs, but those
/// must give an error rather than a wrong figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("amount out of range")]
pub struct Overflow;

impl From<Overflow> for Error {
    fn from(_: Overflow) -> Error {
        Error::Overflow
    }
}

impl Error {
    /// A value that is not acceptable, with its code (most often the field it was typed in).
    pub fn invalid(code: ErrorCode, es: impl Into<String>, en: impl Into<String>) -> Error {
        Error::Invalid {
            code,
            text: Text::new(es, en),
        }
    }

    /// A named thing that does not exist.
    pub fn not_found(es: impl Into<String>, en: impl Into<String>) -> Error {
        Error::NotFound(Text::new(es, en))
    }

    /// An action that contradicts what the ledger holds.
    pub fn conflict(es: impl Into<String>, en: impl Into<String>) -> Error {
        Error::Conflict(Text::new(es, en))
    }

    /// A file that could not be read or written.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The ledger's file cannot take a write now (a read-only folder, a full disk).
    pub fn cannot_write(&self) -> bool {
        matches!(self, Error::Db(e) if is_read_only(e) || is_full(e) || is_io(e))
    }

    /// Whether the ledger's file itself is damaged (SQLite cannot read its pages).
    pub fn is_damage(&self) -> bool {
        matches!(self, Error::Db(e) if matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
        ))
    }

    /// A stable identifier for the UI and for scripts.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid { code, .. } => *code,
            Error::Rows { .. } => ErrorCode::InvalidRows,
            Error::Fields { .. } => ErrorCode::InvalidFields,
            Error::Forbidden(_) => ErrorCode::Forbidden,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::Ledger(_) => ErrorCode::Ledger,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::Overflow => ErrorCode::AmountOutOfRange,
            Error::Io { .. } => ErrorCode::File,
            Error::Db(e) if is_busy(e) => ErrorCode::LedgerBusy,
            Error::Db(e) if is_full(e) => ErrorCode::DiskFull,
            Error::Db(e) if is_read_only(e) => ErrorCode::ReadOnly,
            Error::Db(e) if is_io(e) => ErrorCode::DiskError,
            Error::Db(_) => ErrorCode::Database,
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The message for a person, in their language, saying what is wrong and what to do. A
    /// value pasted by mistake (ten thousand characters as an account or a file name) is
    /// echoed shortened, whichever message names it.
    pub fn message(&self, lang: Lang) -> String {
        crate::text::shorten_runs(&self.full_message(lang))
    }

    fn full_message(&self, lang: Lang) -> String {
        match self {
            Error::Invalid { text, .. }
            | Error::Forbidden(text)
            | Error::NotFound(text)
            | Error::Conflict(text)
            | Error::Ledger(text) => text.get(lang).to_string(),
            Error::Rows { rows } => {
                // A row with three problems is one invalid row, not three.
                let lines = rows.iter().map(|r| r.line).collect::<std::collections::BTreeSet<_>>().len() as u64;
                let mut out = format!(
                    "{}; {}:",
                    lang.counted(lines, ("fila no válida", "filas no válidas"), ("invalid row", "invalid rows")),
                    lang.pick("no se escribió nada", "nothing was written")
                );
                for r in rows {
                    out.push_str("\n  ");
                    out.push_str(&r.describe(lang));
                }
                out
            }
            Error::Fields { fields } => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}: {}", f.column, f.reason.get(lang)))
                    .collect();
                parts.join("; ")
            }
            Error::Cancelled => lang
                .pick("Cancelado; no se escribió nada.", "Cancelled; nothing was written.")
                .into(),
            Error::Overflow => lang
                .pick(
                    "Un importe es demasiado grande para ser real.",
                    "An amount is too large to be real.",
                )
                .into(),
            Error::Io { path, source } if source.kind() == std::io::ErrorKind::StorageFull => match lang {
                Lang::Es => format!("El disco está lleno: no se pudo escribir {}; no quedó nada a medias.", path.display()),
                Lang::En => format!("The disk is full: {} could not be written; nothing was left half-written.", path.display()),
            },
            Error::Io { path, source } => match lang {
                Lang::Es => format!("No se pudo usar el archivo {}: {}", path.display(), io_reason_es(source)),
                Lang::En => format!("Could not use the file {}: {source}", path.display()),
            },
            Error::Db(e) if is_busy(e) => lang
                .pick(
                    "El libro está ocupado por otro programa de Caudal; inténtelo de nuevo en un momento.",
                    "The ledger is busy in another Caudal program; try again in a moment.",
                )
                .into(),
            Error::Db(e) if is_full(e) => lang
                .pick(
                    "El disco está lleno: no se escribió nada de esta operación y el libro sigue como estaba. Libere espacio e inténtelo de nuevo.",
                    "The disk is full: nothing of this operation was written and the ledger is as it was. Free some space and try again.",
                )
                .into(),
            Error::Db(e) if is_read_only(e) => lang
                .pick(
                    "La carpeta del libro es de solo lectura: no se escribió nada. Use una carpeta donde se pueda escribir.",
                    "The ledger's folder is read-only: nothing was written. Use a folder that can be written to.",
                )
                .into(),
            Error::Db(e) if is_io(e) => lang
                .pick(
                    "No se pudo escribir en el disco (¿está lleno, o se retiró?): no se escribió nada de esta operación y el libro sigue como estaba. Libere espacio o revise el disco e inténtelo de nuevo.",
                    "The disk could not be written (is it full, or was it removed?): nothing of this operation was written and the ledger is as it was. Free some space or check the disk and try again.",
                )
                .into(),
            Error::Db(e) => db_text(e).get(lang).to_string(),
            Error::Internal(e) => match lang {
                Lang::Es => format!("Error interno de Caudal ({e}); no se escribió nada. Por favor, repórtelo."),
                Lang::En => format!("Caudal internal error ({e}); nothing was written. Please report it."),
            },
        }
    }
}

/// A value in the ledger that Caudal never writes (a connection's status it does not know):
/// the file was changed outside Caudal. Read as this error, never as a default that would
/// bill a closed connection as active.
#[derive(Debug)]
pub struct UnknownStored {
    what: (&'static str, &'static str),
    value: String,
}

impl std::fmt::Display for UnknownStored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {} «{}»", self.what.1, self.value)
    }
}

impl std::error::Error for UnknownStored {}

/// The row reader's error for a stored value Caudal does not know, `what` in Spanish and
/// English ("estado de una conexión", "connection status").
pub fn unknown_stored(what: (&'static str, &'static str), value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        Box::new(UnknownStored {
            what,
            value: crate::text::shorten(value),
        }),
    )
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn is_full(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DiskFull))
}

fn is_read_only(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
    )
}

/// SQLite's words for a refused or failed statement are English and name tables: the person
/// reads what happened to their ledger and what to do.
fn db_text(e: &rusqlite::Error) -> Text {
    use rusqlite::ErrorCode as C;
    let detail = e.to_string();
    if let rusqlite::Error::FromSqlConversionFailure(_, _, source) = e
        && let Some(u) = source.downcast_ref::<UnknownStored>()
    {
        return Text::new(
            format!(
                "El libro guarda «{}» como {}, un valor que Caudal no escribe: el libro fue modificado fuera de Caudal. No se escribió nada; vuelva a su última copia verificada.",
                u.value, u.what.0
            ),
            format!(
                "The ledger holds «{}» as a {}, a value Caudal never writes: the ledger was changed outside Caudal. Nothing was written; go back to its last verified copy.",
                u.value, u.what.1
            ),
        );
    }
    match e.sqlite_error_code() {
        Some(C::DatabaseCorrupt | C::NotADatabase) => Text::new(
            "El libro está dañado: su archivo ya no se puede leer entero. No se escribió nada; revise el libro y vuelva a su última copia verificada.",
            format!(
                "The ledger is damaged: its file can no longer be read whole ({detail}). Nothing was written; check the ledger and go back to its last verified copy."
            ),
        ),
        Some(C::ConstraintViolation) if detail.contains("UNIQUE") => Text::new(
            "Eso ya está registrado en el libro (un número o código que no se repite ya existe). No se escribió nada.",
            format!("That is already recorded in the ledger ({detail}). Nothing was written."),
        ),
        // The ledger's own triggers: what is issued or evidence is never changed or deleted.
        Some(C::ConstraintViolation) if !detail.contains("constraint failed") => Text::new(
            "El libro no permite ese cambio: lo emitido o registrado como evidencia no se modifica ni se borra; una corrección se registra como un movimiento nuevo. No se escribió nada.",
            format!(
                "The ledger does not allow that change ({detail}): what is issued or kept as evidence is never changed or deleted; a correction is recorded as a new entry. Nothing was written."
            ),
        ),
        Some(C::ConstraintViolation) => Text::new(
            "Un valor no cumple una regla del libro (falta, no es del tipo esperado o no existe lo que nombra). No se escribió nada.",
            format!("A value breaks a rule of the ledger ({detail}). Nothing was written."),
        ),
        _ => Text::new(
            format!(
                "El libro no pudo completar la operación (error {} de SQLite). No se escribió nada de esta operación.",
                match e {
                    rusqlite::Error::SqliteFailure(f, _) => f.extended_code,
                    _ => 0,
                }
            ),
            format!("Database error: {detail}. Nothing of this operation was written."),
        ),
    }
}

fn is_io(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::SystemIoFailure))
}

/// What went wrong with a file, in Spanish: the system's own words are English.
fn io_reason_es(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let why = match e.kind() {
        K::NotFound => "no existe (revise la carpeta y el nombre)",
        K::PermissionDenied => "no hay permiso para usarlo (pruebe con otra carpeta)",
        K::AlreadyExists => "ya existe",
        K::ReadOnlyFilesystem => "el disco o la carpeta es de solo lectura",
        K::IsADirectory => "es una carpeta, no un archivo",
        K::NotADirectory => "una parte de la ruta no es una carpeta",
        K::InvalidFilename => "el nombre no es válido",
        K::UnexpectedEof | K::InvalidData => "está incompleto o dañado",
        _ => {
            return match e.raw_os_error() {
                Some(code) => format!("el sistema no lo permitió (error {code} del sistema)"),
                None => "el sistema no lo permitió".into(),
            };
        }
    };
    why.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_error_is_said_in_spanish_whole() {
        let e = Error::io(
            "/nonexistent/lecturas.csv",
            std::io::Error::from(std::io::ErrorKind::NotFound),
        );
        let es = e.message(Lang::Es);
        assert_eq!(
            es,
            "No se pudo usar el archivo /nonexistent/lecturas.csv: no existe (revise la carpeta y el nombre)"
        );
        let real = std::fs::read("/nonexistent/lecturas.csv").unwrap_err();
        let es = Error::io("/nonexistent/lecturas.csv", real).message(Lang::Es);
        assert!(!es.contains("No such file") && !es.contains("os error"), "{es}");
        assert!(
            Error::io("/x", std::io::Error::from_raw_os_error(5))
                .message(Lang::Es)
                .ends_with("(error 5 del sistema)")
        );
    }
}
