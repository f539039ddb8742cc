//! Every kind of record sealed in the hash chain, as each owning module declares it, and the
//! ledger's verification over all of them. The chain itself (`ledger::chain`) knows no domain.

use crate::Ledger;
use crate::error::Result;
use crate::ledger::ChainReport;
use crate::ledger::chain::{self, Kind};

const KINDS: &[Kind] = &[
    crate::billing::store::RECORD,
    crate::payments::RECORD,
    crate::notes::RECORD,
    crate::service::RECORD,
    crate::fund::SPENDING_RECORD,
    crate::fund::OPERATOR_RECORD,
    crate::accounts::months::RECORD,
    crate::complaints::RECORD,
    crate::complaints::STEP_RECORD,
    crate::quality::SAMPLE_RECORD,
    crate::quality::INCIDENT_RECORD,
    crate::quality::ACTION_RECORD,
    crate::continuity::INTERRUPTION_RECORD,
    crate::continuity::END_RECORD,
    crate::continuity::PRODUCTION_RECORD,
    crate::reports::board::MEMBER_RECORD,
    crate::reports::board::MEETING_RECORD,
];

/// A kind of sealed record in words, for the reports of `ledger verify`.
pub fn record_word(kind: &str, lang: crate::Lang) -> &'static str {
    let (es, en) = match kind {
        "bill" => ("recibo", "bill"),
        "payment" => ("pago", "payment"),
        "note" => ("nota", "note"),
        "service_event" => ("evento del servicio", "service event"),
        "fund_spending" => ("gasto del fondo", "fund spending"),
        "operator_entry" => ("movimiento del operador", "operator entry"),
        "month_close" => ("cierre de mes", "month close"),
        "complaint" => ("reclamo", "complaint"),
        "complaint_step" => ("paso de reclamo", "complaint step"),
        "quality_sample" => ("muestra de calidad", "quality sample"),
        "quality_incident" => ("incidente de calidad", "quality incident"),
        "incident_action" => ("acción de incidente", "incident action"),
        "interruption" => ("interrupción", "interruption"),
        "interruption_end" => ("fin de interrupción", "interruption end"),
        "production" => ("producción", "production"),
        "ncb_member" => ("miembro de la Junta", "board member"),
        "ncb_meeting" => ("sesión de la Junta", "board meeting"),
        _ => ("registro", "record"),
    };
    lang.pick(es, en)
}

impl Ledger {
    /// Walks the hash chain over every kind of record, runs `PRAGMA integrity_check`, and when
    /// the chain is whole checks the numbering of the series.
    pub fn verify(&self) -> Result<ChainReport> {
        verify_on(self.conn())
    }

    /// [`Ledger::verify`] on a connection of its own, in another thread, so a caller can do
    /// other reading meanwhile (the Board's report checks the ledger while it reads the month).
    /// A ledger in memory is checked on the spot.
    pub(crate) fn verify_aside(&self) -> Result<Aside> {
        let Some(path) = self.path().map(std::path::Path::to_path_buf) else {
            return Ok(Aside::Done(self.verify()));
        };
        Ok(Aside::Running(std::thread::spawn(move || {
            let conn = rusqlite::Connection::open_with_flags(
                &path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            verify_on(&conn)
        })))
    }
}

/// A verification under way in another thread, or already done.
pub(crate) enum Aside {
    Running(std::thread::JoinHandle<Result<ChainReport>>),
    Done(Result<ChainReport>),
}

impl Aside {
    pub(crate) fn finish(self) -> Result<ChainReport> {
        match self {
            Aside::Done(r) => r,
            Aside::Running(h) => h
                .join()
                .map_err(|_| crate::Error::Internal("the ledger check stopped".into()))?,
        }
    }
}

fn verify_on(conn: &rusqlite::Connection) -> Result<ChainReport> {
    let mut report = chain::verify(conn, KINDS)?;
    if report.problems.is_empty() {
        report.problems.extend(crate::billing::store::numbering_problems(conn)?);
    }
    Ok(report)
}
