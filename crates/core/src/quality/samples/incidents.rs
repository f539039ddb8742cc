//! Incidents: a sample outside its limit opens one; the steps that close it (notice, action,
//! resample) are sealed one by one.

use super::*;
use crate::error::ErrorCode;

/// An incident with its actions.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Incident {
    /// Its id.
    pub id: i64,
    /// The sample that opened it.
    pub sample: Sample,
    /// When it was opened.
    pub opened_on: String,
    /// The parameters that failed.
    pub failed: Vec<String>,
    /// What was done, oldest first.
    pub actions: Vec<IncidentAction>,
    /// When it was closed (a passing resample).
    pub closed_on: Option<String>,
}

/// One step taken on an incident: a notice, an action, a resample.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct IncidentAction {
    /// `action`, `resample` or `close`.
    pub kind: String,
    /// When.
    pub on_date: String,
    /// What was done.
    pub text: String,
    /// A resample: its code and verdict.
    pub sample: Option<String>,
    /// A resample's verdict.
    pub verdict: Option<String>,
    /// Who recorded it.
    pub recorded_by: String,
}

impl Ledger {
    /// Incidents, open ones first then the last closed, each with its actions.
    pub fn incidents(&self, open_only: bool) -> Result<Vec<Incident>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT i.id, i.opened_on, i.failed, (SELECT max(on_date) FROM incident_actions a WHERE a.incident_id = i.id AND a.kind = 'close'),
                    {SAMPLE_COLUMNS}
               FROM quality_incidents i JOIN quality_samples s ON s.id = i.sample_id JOIN quality_points p ON p.id = s.point_id
              ORDER BY i.id DESC"
        ))?;
        let mut out = Vec::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let closed_on: Option<String> = r.get(3)?;
            if open_only && closed_on.is_some() {
                continue;
            }
            let sample = read_sample_at(r, 4)?;
            let failed: String = r.get(2)?;
            out.push(Incident {
                id: r.get(0)?,
                sample,
                opened_on: r.get(1)?,
                failed: failed.split('+').map(str::to_string).collect(),
                actions: Vec::new(),
                closed_on,
            });
        }
        drop(rows);
        for i in &mut out {
            let mut stmt = conn.prepare_cached(
                "SELECT a.kind, a.on_date, a.text, s.sample, s.verdict, a.recorded_by FROM incident_actions a
                   LEFT JOIN quality_samples s ON s.id = a.sample_id WHERE a.incident_id = ?1 ORDER BY a.id",
            )?;
            let rows = stmt.query_map([i.id], |r| {
                Ok(IncidentAction {
                    kind: r.get(0)?,
                    on_date: r.get(1)?,
                    text: r.get(2)?,
                    sample: r.get(3)?,
                    verdict: r.get(4)?,
                    recorded_by: r.get(5)?,
                })
            })?;
            i.actions = rows.collect::<rusqlite::Result<_>>()?;
        }
        out.sort_by_key(|i| i.closed_on.is_some());
        Ok(out)
    }

    /// Adds an action to an open incident: `action` (what was done), `resample` (naming the
    /// new sample, which must be stored, at the same point, taken after the failing one), or
    /// `close` (only after a passing resample).
    pub fn incident_step(
        &mut self,
        actor: &Actor,
        incident: i64,
        kind: &str,
        text: &str,
        sample: Option<&str>,
    ) -> Result<Incident> {
        actor.require(Permission::RecordFieldWork)?;
        let today = self.clock().today();
        let text = text.trim().to_string();
        if !matches!(kind, "action" | "resample" | "close") {
            return Err(Error::invalid(
                ErrorCode::Kind,
                "Use action, resample o close.",
                "Use action, resample or close.",
            ));
        }
        self.write(actor, "quality.incident", |tx, _| {
            let row: Option<(i64, i64, String)> = tx
                .query_row(
                    "SELECT i.sample_id, s.point_id, s.taken_at FROM quality_incidents i JOIN quality_samples s ON s.id = i.sample_id WHERE i.id = ?1",
                    [incident],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((_, point_id, taken_at)) = row else {
                return Err(Error::not_found(format!("No existe el incidente {incident}."), format!("There is no incident {incident}.")));
            };
            let closed: bool = tx.query_row("SELECT count(*) > 0 FROM incident_actions WHERE incident_id = ?1 AND kind = 'close'", [incident], |r| r.get(0))?;
            if closed {
                return Err(Error::conflict(format!("El incidente {incident} ya está cerrado."), format!("Incident {incident} is already closed.")));
            }
            let mut sample_id = None;
            match kind {
                "resample" => {
                    let code = sample.unwrap_or_default().trim();
                    let found: Option<(i64, i64, String)> = tx
                        .query_row("SELECT id, point_id, taken_at FROM quality_samples WHERE sample = ?1", [code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                        .optional()?;
                    let Some((id, point, at)) = found else {
                        return Err(Error::invalid(ErrorCode::Sample, format!("Registre primero la muestra «{code}»."), format!("Record sample «{code}» first.")));
                    };
                    if point != point_id || at <= taken_at {
                        return Err(Error::invalid(
                            ErrorCode::Sample,
                            format!("La nueva muestra «{code}» debe ser del mismo punto y posterior a la que falló ({taken_at})."),
                            format!("The new sample «{code}» must be from the same point and later than the failing one ({taken_at})."),
                        ));
                    }
                    sample_id = Some(id);
                }
                "close" => {
                    let passed: bool = tx.query_row(
                        "SELECT count(*) > 0 FROM incident_actions a JOIN quality_samples s ON s.id = a.sample_id
                          WHERE a.incident_id = ?1 AND a.kind = 'resample' AND s.verdict <> 'fail'",
                        [incident],
                        |r| r.get(0),
                    )?;
                    if !passed {
                        return Err(Error::conflict(
                            "El incidente se cierra después de una nueva muestra que pase.",
                            "An incident closes after a new sample that passes.",
                        ));
                    }
                }
                _ if text.is_empty() => {
                    return Err(Error::invalid(ErrorCode::Text, "Describa la acción tomada.", "Describe the action taken."));
                }
                _ => {}
            }
            tx.execute(
                "INSERT INTO incident_actions (incident_id, kind, on_date, text, sample_id, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![incident, kind, today.to_string(), text, sample_id, actor.name],
            )?;
            let id = tx.last_insert_rowid();
            let content = canonical_action(tx, id)?.map(|c| c.1).unwrap_or_default();
            Appender::start(tx)?.push(tx, "incident_action", id, &content)?;
            Ok(((), format!("incident={incident} {kind}")))
        })?;
        self.incidents(false)?
            .into_iter()
            .find(|i| i.id == incident)
            .ok_or_else(|| Error::Internal("incident vanished".into()))
    }
}
