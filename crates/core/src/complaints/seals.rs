//! What the chain seals of a complaint and of each of its steps.

use super::*;

pub(super) fn canonical_complaint(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT number, json_array(id, number, year, seq, connection_id, account, kind, channel, complainant,
                complainant_id, relation, bill_id, disputed, description, contact, filed_on, decision_due, filed_by)
           FROM complaints WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

pub(super) fn canonical_step(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT c.number || ' ' || s.step, json_array(s.id, s.complaint_id, s.step, s.on_date, s.outcome, s.by_silence,
                s.reason, s.due_on, s.appeal_due, s.note_id, s.recorded_by)
           FROM complaint_steps s JOIN complaints c ON c.id = s.complaint_id WHERE s.id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

/// Sealed in the hash chain as `complaint` (each field of the canonical content a JSON value:
/// names and descriptions may hold any character).
pub(crate) const RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "complaint",
    content: canonical_complaint,
    table: "complaints",
};

/// Sealed in the hash chain as `complaint_step`.
pub(crate) const STEP_RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "complaint_step",
    content: canonical_step,
    table: "complaint_steps",
};
