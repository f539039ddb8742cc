//! What the chain seals of a sample, of an incident and of each action taken on one.

use super::*;

/// A sample's sealed content. Samples from before ledger version 11 have no `low` and keep
/// the content they were sealed with; later ones seal their low parameters too.
pub(super) fn canonical_sample(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT sample, CASE WHEN low IS NULL
                THEN json_array(id, sample, point_id, taken_at, taken_by, taken_by_kind, free_chlorine, turbidity, ph,
                     colour, conductivity, total_coliforms, thermotolerant_coliforms, e_coli, verdict, failed, recorded_by)
                ELSE json_array(id, sample, point_id, taken_at, taken_by, taken_by_kind, free_chlorine, turbidity, ph,
                     colour, conductivity, total_coliforms, thermotolerant_coliforms, e_coli, verdict, failed, recorded_by, low)
                END
           FROM quality_samples WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

pub(super) fn canonical_incident(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT '#' || id, json_array(id, sample_id, opened_on, failed) FROM quality_incidents WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

pub(super) fn canonical_action(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT '#' || incident_id || ' ' || kind,
                json_array(id, incident_id, kind, on_date, text, sample_id, recorded_by)
           FROM incident_actions WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

pub(crate) const SAMPLE_RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "quality_sample",
    content: canonical_sample,
    table: "quality_samples",
};

pub(crate) const INCIDENT_RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "quality_incident",
    content: canonical_incident,
    table: "quality_incidents",
};

pub(crate) const ACTION_RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "incident_action",
    content: canonical_action,
    table: "incident_actions",
};
