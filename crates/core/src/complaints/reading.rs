//! Complaints as they are read: each with its steps and its state settled as of a day (what is
//! due, what is overdue), one by number, by account, open, by month or due soon.

use super::*;

pub(super) const COLUMNS: &str =
    "c.id, c.number, c.account, k.name, c.kind, c.channel, c.complainant, c.complainant_id, c.relation,
    b.number, b.period, c.disputed, c.description, c.contact, c.filed_on, c.decision_due, c.filed_by";

pub(super) fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Complaint> {
    Ok(Complaint {
        id: r.get(0)?,
        number: r.get(1)?,
        account: r.get(2)?,
        holder: r.get(3)?,
        kind: ComplaintKind::parse(&r.get::<_, String>(4)?).unwrap_or(ComplaintKind::Commercial),
        channel: Channel::parse(&r.get::<_, String>(5)?).unwrap_or(Channel::Counter),
        complainant: r.get(6)?,
        complainant_id: r.get(7)?,
        relation: Relation::parse(&r.get::<_, String>(8)?).unwrap_or(Relation::Holder),
        bill: r.get(9)?,
        bill_period: r.get(10)?,
        disputed: Money::from_cents(r.get(11)?),
        description: r.get(12)?,
        contact: r.get(13)?,
        filed_on: r.get(14)?,
        decision_due: r.get(15)?,
        filed_by: r.get(16)?,
        steps: Vec::new(),
        state: ComplaintState::Open,
        progress: Progress::default(),
        overdue: false,
    })
}

/// The steps of a complaint dated on or before `until`, in the order recorded.
pub(super) fn steps_of(conn: &Connection, complaint: i64, until: NaiveDate) -> Result<Vec<Step>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.step, s.on_date, s.outcome, s.by_silence, s.reason, s.due_on, s.appeal_due, n.number,
                coalesce(-n.total, 0), s.recorded_by
           FROM complaint_steps s LEFT JOIN notes n ON n.id = s.note_id
          WHERE s.complaint_id = ?1 AND s.on_date <= ?2 ORDER BY s.id",
    )?;
    // Stored dates are `YYYY-MM-DD`: a bound beyond year 9999 is written as its end.
    let until = if until.year() > 9999 {
        "9999-12-31".to_string()
    } else {
        until.to_string()
    };
    let rows = stmt.query_map(rusqlite::params![complaint, until], |r| {
        let outcome: Option<String> = r.get(2)?;
        Ok(Step {
            step: r.get(0)?,
            on_date: r.get(1)?,
            outcome: outcome.as_deref().and_then(Outcome::parse),
            by_silence: r.get::<_, i64>(3)? == 1,
            reason: r.get(4)?,
            due_on: r.get(5)?,
            appeal_due: r.get(6)?,
            note: r.get(7)?,
            credited: Money::from_cents(r.get(8)?),
            recorded_by: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Reads the state and progress from the steps, as of `today` (for `overdue`).
pub(super) fn settle(c: &mut Complaint, today: NaiveDate) {
    let mut p = Progress {
        next_due: Some(c.decision_due.clone()),
        waiting_for: Some("decide".into()),
        ..Progress::default()
    };
    let mut state = ComplaintState::Open;
    for s in &c.steps {
        p.credited = p.credited.checked_add(s.credited).unwrap_or(p.credited);
        match s.step.as_str() {
            "decision" => {
                state = ComplaintState::Decided;
                p.decided_on = Some(s.on_date.clone());
                p.outcome = s.outcome;
                p.by_silence |= s.by_silence;
                if s.by_silence {
                    // A decision by silence counts as notified on its own date.
                    p.notified_on = Some(s.on_date.clone());
                    p.next_due = window_end(s);
                    p.waiting_for = Some("complainant".into());
                } else {
                    p.next_due = s.due_on.clone();
                    p.waiting_for = Some("notify".into());
                }
            }
            "reconsideration_decision" => {
                state = ComplaintState::Decided;
                p.reconsideration_outcome = s.outcome;
                p.by_silence |= s.by_silence;
                if s.by_silence {
                    p.next_due = window_end(s);
                    p.waiting_for = Some("complainant".into());
                } else {
                    p.next_due = s.due_on.clone();
                    p.waiting_for = Some("notify".into());
                }
            }
            "notification" => {
                if p.reconsideration_on.is_none() {
                    p.notified_on = Some(s.on_date.clone());
                }
                p.next_due = window_end(s);
                p.waiting_for = Some("complainant".into());
            }
            "reconsideration" => {
                state = ComplaintState::InReconsideration;
                p.reconsideration_on = Some(s.on_date.clone());
                p.reconsideration_due = s.due_on.clone();
                p.next_due = s.due_on.clone();
                p.waiting_for = Some("decide_reconsideration".into());
            }
            "appeal" => {
                state = ComplaintState::Appealed;
                p.appeal_on = Some(s.on_date.clone());
                p.ncb_due = s.due_on.clone();
                p.next_due = s.due_on.clone();
                p.waiting_for = Some("ncb_decide".into());
            }
            "ncb_decision" => {
                p.ncb_decided_on = Some(s.on_date.clone());
                p.ncb_outcome = s.outcome;
            }
            "final" => {
                state = ComplaintState::Final;
                p.final_on = Some(s.on_date.clone());
                p.next_due = None;
                p.waiting_for = None;
            }
            "withdrawal" => {
                state = ComplaintState::Withdrawn;
                p.final_on = Some(s.on_date.clone());
                p.next_due = None;
                p.waiting_for = None;
            }
            _ => {}
        }
    }
    c.overdue = p.waiting_for.as_deref().is_some_and(|w| w != "complainant")
        && p.next_due.as_deref().is_some_and(|d| day(d) < today);
    c.state = state;
    c.progress = p;
}

/// The last day of the windows a step opened (to reconsider, to appeal).
pub(super) fn window_end(s: &Step) -> Option<String> {
    [s.due_on.as_deref(), s.appeal_due.as_deref()]
        .into_iter()
        .flatten()
        .max()
        .map(str::to_string)
}

/// One complaint by number, with its steps, as of `today`.
pub(crate) fn by_number(conn: &Connection, number: &str, today: NaiveDate) -> Result<Complaint> {
    let number = number.trim().to_ascii_uppercase();
    let found = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM complaints c JOIN connections k ON k.id = c.connection_id
               LEFT JOIN bills b ON b.id = c.bill_id WHERE c.number = ?1"
        ))?
        .query_row([&number], read)
        .optional()?;
    let Some(mut c) = found else {
        return Err(Error::not_found(
            format!("No existe el reclamo {number}."),
            format!("There is no complaint {number}."),
        ));
    };
    c.steps = steps_of(conn, c.id, NaiveDate::MAX)?;
    settle(&mut c, today);
    Ok(c)
}

/// Complaints as a query selects them (`WHERE` on `c`), with their steps.
pub(crate) fn select(conn: &Connection, filter: &str, today: NaiveDate) -> Result<Vec<Complaint>> {
    select_until(conn, filter, today, NaiveDate::MAX)
}

/// The same, as the complaints stood at the end of `until` (steps dated later left out).
pub(super) fn select_until(
    conn: &Connection,
    filter: &str,
    today: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<Complaint>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM complaints c JOIN connections k ON k.id = c.connection_id
           LEFT JOIN bills b ON b.id = c.bill_id WHERE {filter} ORDER BY c.filed_on, c.id"
    ))?;
    let mut out = stmt.query_map([], read)?.collect::<rusqlite::Result<Vec<_>>>()?;
    for c in &mut out {
        c.steps = steps_of(conn, c.id, until)?;
        settle(c, today);
    }
    Ok(out)
}

/// The complaints not final nor withdrawn.
pub(crate) const NOT_CLOSED: &str =
    "NOT EXISTS (SELECT 1 FROM complaint_steps f WHERE f.complaint_id = c.id AND f.step IN ('final', 'withdrawal'))";

impl Ledger {
    /// One complaint with its whole timeline.
    pub fn complaint(&self, number: &str) -> Result<Complaint> {
        by_number(self.conn(), number, self.clock().today())
    }

    /// Complaints of one account, newest first.
    pub fn complaints_of_account(&self, account: &str) -> Result<Vec<Complaint>> {
        let (id, _) = accounts::connection_of(self.conn(), account.trim())?;
        let mut out = select(self.conn(), &format!("c.connection_id = {id}"), self.clock().today())?;
        out.reverse();
        Ok(out)
    }

    /// The complaints not yet final (open, decided, in reconsideration, appealed) as of `on`
    /// (default today), oldest first; with `overdue`, only those whose operator's or Board's
    /// deadline has passed.
    pub fn open_complaints(&self, on: Option<NaiveDate>, overdue: bool) -> Result<Vec<Complaint>> {
        let today = on.unwrap_or_else(|| self.clock().today());
        let mut out = select(self.conn(), NOT_CLOSED, today)?;
        if overdue {
            out.retain(|c| c.overdue);
        }
        Ok(out)
    }

    /// The complaints a list shows, by its filter: `open` (not final), `overdue` (the
    /// operator's or the Board's deadline passed), `due_soon` (within 5 working days, or past),
    /// `appealed` (the Board's inbox), `by_silence` (founded by silence, not final yet).
    pub fn complaints_list(&self, filter: &str) -> Result<Vec<Complaint>> {
        match filter {
            "overdue" => self.open_complaints(None, true),
            "due_soon" => self.complaints_due_soon(5),
            "appealed" | "by_silence" => {
                let mut out = self.open_complaints(None, false)?;
                out.retain(|c| {
                    if filter == "appealed" {
                        c.state == ComplaintState::Appealed
                    } else {
                        c.progress.by_silence
                    }
                });
                Ok(out)
            }
            _ => self.open_complaints(None, false),
        }
    }

    /// Every complaint filed in `[from, to]` (either bound optional), oldest first.
    pub fn complaints_between(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Vec<Complaint>> {
        let from = from.map_or_else(|| "0000-01-01".to_string(), |d| d.to_string());
        let to = to.map_or_else(|| "9999-12-31".to_string(), |d| d.to_string());
        select(
            self.conn(),
            &format!("c.filed_on BETWEEN '{from}' AND '{to}'"),
            self.clock().today(),
        )
    }

    /// The complaints of month `period` as they stood at its end: those filed by its last day
    /// and not final or withdrawn before its first (the bundle's complaints.csv).
    pub fn complaints_of_month(&self, period: crate::Period) -> Result<Vec<Complaint>> {
        let (first, last) = (period.first_day(), period.last_day());
        select_until(
            self.conn(),
            &format!(
                "c.filed_on <= '{last}' AND NOT EXISTS (SELECT 1 FROM complaint_steps f WHERE f.complaint_id = c.id
                   AND f.step IN ('final', 'withdrawal') AND f.on_date < '{first}')"
            ),
            last,
            last,
        )
    }

    /// Deadlines of the operator or the Board due within the next `days` working days (today
    /// included), and overdue ones: the home screen's warnings.
    pub fn complaints_due_soon(&self, days: u32) -> Result<Vec<Complaint>> {
        let today = self.clock().today();
        let limit = self.calendar()?.working_days_after(today, days);
        let mut out = self.open_complaints(Some(today), false)?;
        out.retain(|c| {
            c.progress.waiting_for.as_deref().is_some_and(|w| w != "complainant")
                && c.progress.next_due.as_deref().is_some_and(|d| day(d) <= limit)
        });
        Ok(out)
    }
}
