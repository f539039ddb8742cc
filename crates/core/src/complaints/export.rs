//! `complaints.csv` (docs/complaints.md): one row per complaint, for `complaints export` and
//! the municipality's bundle.

use super::{Complaint, Outcome};
use crate::Ledger;
use crate::error::Result;
use chrono::NaiveDate;
use std::path::Path;

/// The columns of `complaints.csv`, in order.
pub const COMPLAINTS_CSV_HEADER: &[&str] = &[
    "number",
    "account",
    "kind",
    "channel",
    "filed_on",
    "bill",
    "disputed_amount",
    "decision_due",
    "decided_on",
    "outcome",
    "by_silence",
    "notified_on",
    "reconsideration_on",
    "reconsideration_due",
    "reconsideration_outcome",
    "appeal_on",
    "ncb_due",
    "ncb_decided_on",
    "ncb_outcome",
    "credited_amount",
    "final_on",
    "state",
];

pub(crate) fn record(c: &Complaint) -> Vec<String> {
    let p = &c.progress;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let out = |o: Option<Outcome>| o.map(|o| o.code().to_string()).unwrap_or_default();
    vec![
        c.number.clone(),
        c.account.clone(),
        c.kind.code().into(),
        c.channel.code().into(),
        c.filed_on.clone(),
        c.bill.clone().unwrap_or_default(),
        c.disputed.plain(),
        c.decision_due.clone(),
        opt(&p.decided_on),
        out(p.outcome),
        if p.by_silence { "yes" } else { "no" }.into(),
        opt(&p.notified_on),
        opt(&p.reconsideration_on),
        opt(&p.reconsideration_due),
        out(p.reconsideration_outcome),
        opt(&p.appeal_on),
        opt(&p.ncb_due),
        opt(&p.ncb_decided_on),
        out(p.ncb_outcome),
        p.credited.plain(),
        opt(&p.final_on),
        c.state.code().into(),
    ]
}

impl Ledger {
    /// Writes complaints.csv of the complaints filed in `[from, to]`; whole or nothing.
    pub fn export_complaints(&self, from: Option<NaiveDate>, to: Option<NaiveDate>, out: &Path) -> Result<u64> {
        // One state of the books, whatever another window writes meanwhile.
        let _reading = self.snapshot()?;
        let rows: Vec<Vec<String>> = self.complaints_between(from, to)?.iter().map(record).collect();
        crate::files::write_csv(out, COMPLAINTS_CSV_HEADER, &rows)?;
        Ok(rows.len() as u64)
    }
}
