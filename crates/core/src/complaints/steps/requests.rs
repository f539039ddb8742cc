//! What the complainant asks after a decision: reconsideration, appeal to the Community
//! Board, withdrawal; each within its window and from the state that allows it.

use super::*;
use crate::error::ErrorCode;

impl Ledger {
    /// The complainant asks the operator to reconsider its first-instance decision.
    pub fn reconsider_complaint(
        &mut self,
        actor: &Actor,
        number: &str,
        reason: &str,
        on: Option<NaiveDate>,
    ) -> Result<Complaint> {
        self.complainant_request(actor, Request::Reconsideration, number, reason, on)
    }

    /// The complainant appeals to the Community Board.
    pub fn appeal_complaint(
        &mut self,
        actor: &Actor,
        number: &str,
        reason: &str,
        on: Option<NaiveDate>,
    ) -> Result<Complaint> {
        self.complainant_request(actor, Request::Appeal, number, reason, on)
    }

    /// A request of the complainant inside the window a notification (or silence) opened:
    /// once each, never against a founded decision, never after its last day.
    pub(super) fn complainant_request(
        &mut self,
        actor: &Actor,
        request: Request,
        number: &str,
        reason: &str,
        on: Option<NaiveDate>,
    ) -> Result<Complaint> {
        actor.require(Permission::DecideComplaints)?;
        let reason = check_reason(reason)?;
        let appeal = request == Request::Appeal;
        let (action, step, what) = if appeal {
            ("complaints.appeal", "appeal", ("la apelación", "the appeal"))
        } else {
            (
                "complaints.reconsider",
                "reconsideration",
                ("la reconsideración", "the reconsideration"),
            )
        };
        self.complaint_write(actor, action, number, on, what, |tx, c, on, _, rules, cal| {
            let open_window = window(c).filter(|_| c.progress.waiting_for.as_deref() == Some("complainant"));
            let allowed = c.progress.appeal_on.is_none() && (appeal || c.progress.reconsideration_on.is_none());
            let Some(w) = open_window.filter(|_| allowed) else {
                return Err(if appeal {
                    state_refusal(
                        c,
                        "se apela una vez, después de notificada la resolución",
                        "an appeal is filed once, after the decision is notified",
                    )
                } else {
                    state_refusal(
                        c,
                        "la reconsideración se pide una vez, después de notificada la resolución de primera instancia",
                        "reconsideration is asked once, after the first-instance decision is notified",
                    )
                });
            };
            if latest_outcome(c) == Some(Outcome::Founded) {
                return Err(state_refusal(
                    c,
                    "fue declarado fundado; no hay nada que reconsiderar ni apelar",
                    "it was founded; there is nothing to reconsider or appeal",
                ));
            }
            not_before(("la notificación", "the notification"), on, &w.on_date)?;
            let last = if appeal { &w.appeal_due } else { &w.due_on };
            let last = last.as_deref().map(day).unwrap_or(NaiveDate::MIN);
            if on > last {
                let (es, en) = if appeal {
                    ("apelar el reclamo", "appeal")
                } else {
                    ("pedir reconsideración del reclamo", "ask for reconsideration of")
                };
                return Err(Error::invalid(
                    ErrorCode::Date,
                    format!("El plazo para {es} {} venció el {}.", c.number, Lang::Es.date(last)),
                    format!(
                        "The time to {en} complaint {} ended on {}.",
                        c.number,
                        Lang::En.date(last)
                    ),
                ));
            }
            let due = if appeal {
                rules.ncb_decision
            } else {
                rules.reconsideration_decision
            };
            add_step(
                tx,
                c.id,
                actor,
                NewStep {
                    step,
                    on,
                    outcome: None,
                    by_silence: false,
                    reason: &reason,
                    due_on: Some(cal.working_days_after(on, due)),
                    appeal_due: None,
                    note_id: None,
                },
            )?;
            Ok(step.into())
        })
    }

    /// The complainant withdraws: the complaint is final as it stands.
    pub fn withdraw_complaint(
        &mut self,
        actor: &Actor,
        number: &str,
        reason: &str,
        on: Option<NaiveDate>,
    ) -> Result<Complaint> {
        actor.require(Permission::DecideComplaints)?;
        let reason = check_reason(reason)?;
        self.complaint_write(
            actor,
            "complaints.withdraw",
            number,
            on,
            ("el desistimiento", "the withdrawal"),
            |tx, c, on, _, _, _| {
                if matches!(c.state, ComplaintState::Final | ComplaintState::Withdrawn) {
                    return Err(state_refusal(c, "ya terminó", "it has already ended"));
                }
                let last = c.steps.last().map_or(c.filed_on.as_str(), |s| s.on_date.as_str());
                not_before(("su último paso", "its last step"), on, last)?;
                add_step(
                    tx,
                    c.id,
                    actor,
                    NewStep {
                        step: "withdrawal",
                        on,
                        outcome: None,
                        by_silence: false,
                        reason: &reason,
                        due_on: None,
                        appeal_due: None,
                        note_id: None,
                    },
                )?;
                Ok("withdrawal".into())
            },
        )
    }
}
