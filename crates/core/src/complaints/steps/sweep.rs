//! The daily sweep: positive silence when a deadline passed without a decision, and finality
//! when no appeal came in time.

use super::*;
use crate::error::ErrorCode;

/// Whether the sweep of `on` has something to record for `c`: the operator's decision or the
/// complainant's window ended before `on`. (A late notification or the Board's delay is only
/// shown as overdue: silence applies to decisions, and the Board's silence is negative.)
pub(super) fn due_passed(c: &Complaint, on: NaiveDate) -> bool {
    matches!(
        c.progress.waiting_for.as_deref(),
        Some("decide") | Some("decide_reconsideration") | Some("complainant")
    ) && c.progress.next_due.as_deref().is_some_and(|d| day(d) < on)
}

impl Ledger {
    /// Applies positive silence and finality up to the end of `on` (default today): a first
    /// instance or reconsideration not decided by its deadline is founded by silence the day
    /// after (with the full credit of a founded billing complaint); a decision whose windows
    /// closed with nothing filed is final the day after. Idempotent: a second sweep of the same
    /// day records nothing.
    pub fn sweep_complaints(&mut self, actor: &Actor, on: Option<NaiveDate>) -> Result<SweepReport> {
        actor.require(Permission::ApplyDeadlines)?;
        let today = self.clock().today();
        let on = on.unwrap_or(today);
        if on > today {
            return Err(Error::invalid(
                ErrorCode::Date,
                format!(
                    "La revisión de plazos no puede hacerse con fecha posterior a hoy ({}).",
                    Lang::Es.date(on)
                ),
                format!(
                    "The deadline sweep cannot be dated after today ({}).",
                    Lang::En.date(on)
                ),
            ));
        }
        // Nothing to do is the common case (every start of the app): read before writing.
        let pending = select(self.conn(), NOT_CLOSED, on)?;
        if !pending.iter().any(|c| due_passed(c, on)) {
            return Ok(SweepReport {
                date: on.to_string(),
                ..SweepReport::default()
            });
        }
        self.write(actor, "complaints.sweep", |tx, _| {
            let rules = rules::load(tx)?;
            let cal = Calendar::load(tx)?;
            let mut report = SweepReport {
                date: on.to_string(),
                ..SweepReport::default()
            };
            for c in select(tx, NOT_CLOSED, on)? {
                let mut c = c;
                // A complaint may pass several deadlines since the last sweep.
                while due_passed(&c, on) {
                    let due = day(c.progress.next_due.as_deref().unwrap_or_default());
                    let when = after(due);
                    match c.progress.waiting_for.as_deref() {
                        Some("decide") | Some("decide_reconsideration") => {
                            let first = c.state == ComplaintState::Open;
                            let why = format!(
                                "Silencio administrativo positivo: no se resolvió hasta el {}",
                                Lang::Es.date(due)
                            );
                            let note = credit(tx, actor, &c, Outcome::Founded, Correction::None, when, today, &why)?;
                            add_step(
                                tx,
                                c.id,
                                actor,
                                NewStep {
                                    step: if first { "decision" } else { "reconsideration_decision" },
                                    on: when,
                                    outcome: Some(Outcome::Founded),
                                    by_silence: true,
                                    reason: &why,
                                    due_on: first.then(|| cal.working_days_after(when, rules.reconsideration)),
                                    appeal_due: Some(cal.working_days_after(when, rules.appeal)),
                                    note_id: note,
                                },
                            )?;
                            report.silenced.push(c.number.clone());
                        }
                        Some("complainant") => {
                            let why = format!(
                                "Firme: venció el {} sin reconsideración ni apelación",
                                Lang::Es.date(due)
                            );
                            add_step(
                                tx,
                                c.id,
                                actor,
                                NewStep {
                                    step: "final",
                                    on: when,
                                    outcome: None,
                                    by_silence: false,
                                    reason: &why,
                                    due_on: None,
                                    appeal_due: None,
                                    note_id: None,
                                },
                            )?;
                            report.finalized.push(c.number.clone());
                        }
                        _ => break,
                    }
                    c = by_number(tx, &c.number, on)?;
                }
            }
            let detail = format!(
                "date={on} silenced={} final={}",
                report.silenced.len(),
                report.finalized.len()
            );
            Ok((report, detail))
        })
    }
}
