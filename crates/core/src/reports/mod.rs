//! The Community Board's monthly report (docs/report.md): the indicators of the month and the
//! eleven before it, the tariff audit, complaints, water quality, continuity, money and the
//! fund, and the Board's own records. Every figure is read from the module that owns it; the
//! tariff audit alone computes bills a second time, on purpose ([`audit`]).

pub mod audit;
pub mod board;
pub mod indicators;

pub use audit::{Mismatch, TariffAudit};
pub use board::{MEETINGS_CSV_HEADER, Meeting, Member, NewMeeting, NewMember};
pub use indicators::{INDICATORS, INDICATORS_CSV_HEADER, Indicator, TargetSetting};

use crate::Lang;
use crate::Ledger;
use crate::accounts::AgeBuckets;
use crate::billing::IssuedTotals;
use crate::complaints::{Complaint, ComplaintFigures, ComplaintState};
use crate::continuity::{Continuity, Interruption};
use crate::error::{Error, Result, Text};
use crate::fund::{FundMonth, OperatorMonth};
use crate::ledger::Aside;
use crate::money::Money;
use crate::period::Period;
use crate::quality::{Incident, PlanRow, QualitySummary};
use crate::service::ActiveConnection;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;
mod targets;
mod words;
pub(crate) use targets::*;
use words::*;

/// The accounts with anything overdue at a day's end, by connection.
type Overdue = HashMap<i64, crate::accounts::AccountState>;

/// Months in the report's charts and in `indicators.csv`: the period and the eleven before it.
pub const MONTHS: usize = 12;

/// Everything one month's indicators are read from, each from its owner.
pub(crate) struct MonthFacts {
    pub period: Period,
    pub active: Vec<ActiveConnection>,
    pub broken_meters: HashSet<i64>,
    pub continuity: Continuity,
    pub quality: QualitySummary,
    pub complaints: ComplaintFigures,
    pub issued: IssuedTotals,
    /// Payments dated in the month, and reversals (negative).
    pub collected: (Money, Money),
    /// Active connections with two or more charges overdue at the month's end.
    pub in_arrears: u64,
    pub operator: OperatorMonth,
    /// `None` when the town has no fund.
    pub fund: Option<FundMonth>,
    pub members: Vec<Member>,
    pub meetings: Vec<Meeting>,
    pub audit: TariffAudit,
}

/// The money of the month, for the report's money section.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct MoneyMonth {
    /// The month's bills summed.
    pub issued: IssuedTotals,
    /// Payments received.
    pub payments: Money,
    /// Payments reversed.
    pub reversals: Money,
    /// Payments net of reversals.
    pub collected: Money,
    /// Overdue at the month's end, by age.
    pub arrears: AgeBuckets,
    /// Everything overdue at the month's end.
    pub arrears_total: Money,
    /// Accounts with something overdue.
    pub accounts_in_arrears: u64,
    /// Connections cut in the month.
    pub cuts: u64,
    /// Connections reconnected in the month.
    pub reconnections: u64,
}

/// The whole report of one month, as the PDF and the Board's home read it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct NcbReport {
    /// The month.
    pub period: String,
    /// The operator.
    pub operator: String,
    /// The town.
    pub town: String,
    /// Local date of printing, `YYYY-MM-DD`.
    pub printed_on: String,
    /// Whether `ledger verify` finds the ledger intact; when not, what it found first.
    pub ledger_intact: bool,
    /// What the ledger's check found wrong, if anything.
    pub ledger_problem: Option<Text>,
    /// How the ledger was checked for this report, in words.
    pub ledger_checked: Text,
    /// The Board's members in office.
    pub members: Vec<Member>,
    /// `MONTHS` months of every indicator, oldest first, each month in the order of
    /// [`INDICATORS`].
    pub indicators: Vec<Indicator>,
    /// The tariff audit of the month's bills.
    pub audit: TariffAudit,
    /// The month's complaints.
    pub complaints: ComplaintFigures,
    /// Complaints not final at the month's end, with their next deadline.
    pub open_complaints: Vec<Complaint>,
    /// The month's water quality.
    pub quality: QualitySummary,
    /// The month's sampling plan.
    pub plan: Vec<PlanRow>,
    /// Incidents opened in the month or still open at its end.
    pub incidents: Vec<Incident>,
    /// The month's continuity of supply and non-revenue water.
    pub continuity: Continuity,
    /// The month's interruptions.
    pub interruptions: Vec<Interruption>,
    /// The month's money.
    pub money: MoneyMonth,
    /// The community fund's month, if the tariff has a fund.
    pub fund: Option<FundMonth>,
    /// The operator's own accounts of the month.
    pub operator_month: OperatorMonth,
    /// The Board's meetings of the month.
    pub meetings: Vec<Meeting>,
}

impl NcbReport {
    /// This month's indicators (the last of the twelve).
    pub fn this_month(&self) -> &[Indicator] {
        let n = indicators::INDICATORS.len();
        &self.indicators[self.indicators.len().saturating_sub(n)..]
    }

    /// The twelve months of one indicator, oldest first.
    pub fn series(&self, code: &str) -> Vec<&Indicator> {
        self.indicators.iter().filter(|i| i.code == code).collect()
    }
}

impl Ledger {
    /// Reads one month's facts but those of the accounts (the connections in arrears and the
    /// fund), which the caller reads for every month at once.
    fn month_facts(&self, period: Period, audit: TariffAudit) -> Result<MonthFacts> {
        let conn = self.conn();
        let (first, last) = (period.first_day(), period.last_day());
        let broken_meters: HashSet<i64> = {
            let mut stmt = conn
                .prepare_cached("SELECT connection_id FROM readings WHERE period = ?1 AND status = 'meter_broken'")?;
            let rows = stmt.query_map([period.to_string()], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        Ok(MonthFacts {
            period,
            active: crate::service::active_at(conn, last)?,
            broken_meters,
            continuity: self.continuity(period)?,
            quality: self.quality_summary(period)?,
            complaints: self.complaint_figures(period)?,
            issued: crate::billing::issued_between(conn, first, last)?,
            collected: crate::payments::collected_between(conn, first, last)?,
            in_arrears: 0,
            operator: crate::fund::operator_month(conn, period)?,
            fund: None,
            members: board::members(conn)?,
            meetings: board::meetings_of(conn, period)?,
            audit,
        })
    }

    /// [`Ledger::month_facts`] of each of `periods`, their tariff audits read in one pass.
    fn months_facts(&self, periods: &[Period]) -> Result<Vec<MonthFacts>> {
        let audits = audit::audit_months(self.conn(), periods)?;
        periods
            .iter()
            .zip(audits)
            .map(|(p, a)| self.month_facts(*p, a))
            .collect()
    }

    /// The facts of `period` and the eleven months before it, oldest first, and the accounts'
    /// accounts with anything overdue at the period's end.
    fn twelve_months(&self, period: Period) -> Result<(Vec<MonthFacts>, Overdue)> {
        let conn = self.conn();
        let mut periods = vec![period];
        while periods.len() < MONTHS {
            let before = periods[periods.len() - 1].prev();
            periods.push(before);
        }
        periods.reverse();
        // The months' other facts on a ledger connection of their own, in another thread,
        // while the accounts are read and allocated here (a town's history is most of the
        // work, and the laptop has two cores).
        let facts = match self.path() {
            Some(path) => {
                let (path, periods) = (path.to_path_buf(), periods.clone());
                Aside::Running(std::thread::spawn(move || {
                    Ledger::open_with(&path, false)?.months_facts(&periods)
                }))
            }
            None => Aside::Done(self.months_facts(&periods)),
        };
        let days: Vec<_> = periods.iter().map(|p| p.last_day()).collect();
        // The accounts once, up to the period's end: arrears and the fund read the same entries.
        let scope = crate::accounts::Scope {
            connection: None,
            as_of: Some(period.last_day()),
            references: false,
        };
        let entries = crate::accounts::load_in_parts(conn, scope)?;
        let mut overdue = crate::accounts::overdue_at(conn, &entries, &days)?;
        let funds = crate::fund::fund_months(conn, &entries, &periods)?;
        let mut out = facts.finish()?;
        let last = overdue.pop().unwrap_or_default();
        for ((f, overdue), fund) in out.iter_mut().zip(overdue.iter().chain([&last])).zip(funds) {
            f.in_arrears = f
                .active
                .iter()
                .filter(|c| overdue.get(&c.id).is_some_and(|s| s.may_be_cut()))
                .count() as u64;
            f.fund = (!fund.purposes.is_empty()).then_some(fund);
        }
        Ok((out, last))
    }

    /// The indicators of `period` and the eleven months before it, oldest first.
    pub fn indicators(&self, period: Period) -> Result<Vec<Indicator>> {
        let basis = indicators::Basis::read(self.conn())?;
        let mut out = Vec::new();
        for f in self.twelve_months(period)?.0 {
            out.extend(indicators::of_month(&f, &basis)?);
        }
        Ok(out)
    }

    /// Writes `indicators.csv` of `period` (twelve months); returns its rows.
    pub fn export_indicators(&self, period: Period, out: &Path) -> Result<u64> {
        // One state of the books, whatever another window writes meanwhile.
        let _reading = self.snapshot()?;
        let rows = self.indicator_rows(period)?;
        crate::files::write_csv(out, INDICATORS_CSV_HEADER, &rows)?;
        Ok(rows.len() as u64)
    }

    pub(crate) fn indicator_rows(&self, period: Period) -> Result<Vec<Vec<String>>> {
        Ok(self.indicators(period)?.iter().map(Indicator::csv_record).collect())
    }

    /// Every indicator's target: the spec's default and the one in force.
    pub fn indicator_targets(&self) -> Result<Vec<TargetSetting>> {
        indicators::targets(self.conn())
    }

    /// The tariff audit of `period`'s bills.
    pub fn tariff_audit(&self, period: Period) -> Result<TariffAudit> {
        audit::audit(self.conn(), period)
    }

    /// The Board's whole report of `period`, read from one consistent snapshot. The ledger is
    /// checked (`ledger verify`) on a connection of its own while the month is read.
    pub fn ncb_report(&self, period: Period) -> Result<NcbReport> {
        let check = self.verify_aside();
        // The month read as one state of the books: the window's background sweep may write a
        // credit note while the report reads its many figures.
        let _reading = self.snapshot()?;
        let basis = indicators::Basis::read(self.conn())?;
        let (months, overdue) = self.twelve_months(period)?;
        let mut indicators = Vec::with_capacity(MONTHS * INDICATORS.len());
        for f in &months {
            indicators.extend(indicators::of_month(f, &basis)?);
        }
        let Some(this) = months.into_iter().last() else {
            return Err(Error::Internal("a report of no month".into()));
        };
        let (first, last) = (period.first_day(), period.last_day());
        let verify = check.finish()?;
        let ledger_problem = if verify.ok() {
            None
        } else {
            Some(verify.problems.first().map(|p| p.reason.clone()).unwrap_or_else(|| {
                let said = verify.integrity.clone().unwrap_or_default();
                Text::new(
                    format!("la revisión de integridad de SQLite dice: {said}"),
                    format!("SQLite's integrity check says: {said}"),
                )
            }))
        };
        let buckets = crate::accounts::buckets_of(overdue.values())?;
        let events: HashMap<String, u64> = crate::service::events_between(self.conn(), first, last)?;
        let mut open_complaints: Vec<Complaint> = self
            .complaints_of_month(period)?
            .into_iter()
            .filter(|c| !matches!(c.state, ComplaintState::Final | ComplaintState::Withdrawn))
            .collect();
        open_complaints.sort_by(|a, b| a.progress.next_due.cmp(&b.progress.next_due));
        let (f0, l0) = (first.to_string(), last.to_string());
        let incidents = self
            .incidents(false)?
            .into_iter()
            .filter(|i| {
                (i.opened_on >= f0 && i.opened_on <= l0)
                    || (i.opened_on < f0 && i.closed_on.as_ref().is_none_or(|c| *c >= f0))
            })
            .collect();
        let (payments, reversals) = this.collected;
        Ok(NcbReport {
            period: period.to_string(),
            operator: self.settings().operator()?,
            town: self.settings().town()?,
            printed_on: self.clock().today().to_string(),
            ledger_intact: ledger_problem.is_none(),
            ledger_problem,
            ledger_checked: checked_words(&verify),
            members: this.members.iter().filter(|m| m.in_office(last)).cloned().collect(),
            indicators,
            audit: this.audit,
            complaints: this.complaints,
            open_complaints,
            quality: this.quality,
            plan: self.plan_status(period)?,
            incidents,
            continuity: this.continuity,
            interruptions: self.interruptions_in(period)?,
            money: MoneyMonth {
                issued: this.issued,
                payments,
                reversals,
                collected: payments.checked_add(reversals)?,
                arrears_total: buckets.total()?,
                arrears: buckets,
                accounts_in_arrears: overdue.len() as u64,
                cuts: events.get("cut").copied().unwrap_or(0),
                reconnections: events.get("reconnect").copied().unwrap_or(0),
            },
            fund: this.fund,
            operator_month: this.operator,
            meetings: this.meetings,
        })
    }
}

impl NcbReport {}
