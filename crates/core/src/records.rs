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

impl Ledger {
    /// Walks the hash chain over every kind of record, runs `PRAGMA integrity_check`, and when
    /// the chain is whole checks the numbering of the series.
    pub fn verify(&self) -> Result<ChainReport> {
        let mut report = chain::verify(self.conn(), KINDS)?;
        if report.problems.is_empty() {
            report
                .problems
                .extend(crate::billing::store::numbering_problems(self.conn())?);
        }
        Ok(report)
    }
}
