//! The month's quality figures (docs/quality.md), computed here once: chlorine,
//! bacteriological and physical-chemical compliance, the sampling plan, open incidents; and
//! `quality_tests.csv`. The Community Board's report reads them from here.

use super::samples::samples_between;
use super::{Sample, limits};
use crate::Ledger;
use crate::error::Result;
use crate::period::Period;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

/// `quality summary --json` (percentages with one decimal; `None` when nothing to measure).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct QualitySummary {
    /// The month.
    pub period: String,
    /// Samples taken.
    pub samples: u64,
    /// The share of free-chlorine samples at or above the minimum (percent, as text).
    pub chlorine_compliance: Option<String>,
    /// Whether that share meets the standard.
    pub chlorine_pass: Option<bool>,
    /// The share of bacteriological samples that pass.
    pub bacteriological_compliance: Option<String>,
    /// The share of physical-chemical samples that pass.
    pub physchem_compliance: Option<String>,
    /// The share of the month's sampling plan carried out.
    pub sampling_plan: Option<String>,
    /// Incidents not closed.
    pub open_incidents: u64,
    /// The raw counts behind the percentages, which the Board's indicators carry (not in
    /// `quality summary --json`, whose keys the spec fixes).
    #[serde(skip)]
    pub chlorine_tested: u64,
    /// Free-chlorine samples at or above the minimum.
    #[serde(skip)]
    pub chlorine_at_min: u64,
    /// Network samples whose free chlorine failed (under the low level then in force).
    #[serde(skip)]
    pub chlorine_below_low: u64,
    /// Bacteriological samples tested.
    #[serde(skip)]
    pub bacteriological_tested: u64,
    /// Of them, passing.
    #[serde(skip)]
    pub bacteriological_ok: u64,
    /// Samples the plan asked for.
    #[serde(skip)]
    pub plan_planned: u64,
    /// Of them, taken.
    #[serde(skip)]
    pub plan_done: u64,
}

/// `part ÷ whole` as a percentage rounded half-up to 0.1, or `None` for an empty whole.
pub(crate) fn percent(part: u64, whole: u64) -> Option<String> {
    (whole > 0)
        .then(|| {
            (Decimal::from(part) * Decimal::from(100) / Decimal::from(whole))
                .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
                .to_string()
        })
        .map(|s| if s.contains('.') { s } else { format!("{s}.0") })
}

fn value(s: &Sample, p: &str) -> Option<Decimal> {
    s.values
        .iter()
        .find(|(k, _)| k == p)
        .and_then(|(_, v)| Decimal::from_str(v).ok())
}

/// The columns of `quality_tests.csv`, in order.
pub const QUALITY_CSV_HEADER: &[&str] = &[
    "sample",
    "point",
    "kind",
    "sector",
    "taken_at",
    "by",
    "free_chlorine",
    "turbidity",
    "ph",
    "colour",
    "conductivity",
    "total_coliforms",
    "thermotolerant_coliforms",
    "e_coli",
    "verdict",
    "failed",
];

impl Ledger {
    /// The quality figures of calendar month `period`.
    pub fn quality_summary(&self, period: Period) -> Result<QualitySummary> {
        let conn = self.conn();
        let samples = self.samples_of(period)?;
        // Every figure is read from each sample's sealed verdict (its failing parameters, and
        // `low` for free chlorine between its low level and its minimum), given with the limits
        // in force when it was recorded: changing a limit today never changes a past month.
        // Which points the chlorine minimum applies to is not a limit anyone changes.
        let lim = limits(conn)?;
        let kinds: Vec<String> = lim
            .iter()
            .find(|l| l.parameter == "free_chlorine")
            .map(|l| l.min_kinds.clone())
            .unwrap_or_default();
        let failed = |s: &Sample, p: &str| s.failed.iter().any(|f| f == p);
        let network: Vec<&Sample> = samples
            .iter()
            .filter(|s| kinds.is_empty() || kinds.contains(&s.kind))
            .filter(|s| value(s, "free_chlorine").is_some())
            .collect();
        // A sample below the chlorine minimum carries it among its `low` parameters. Samples
        // from before version 11 did not keep them: their `low` verdict is chlorine's (the only
        // parameter with a low level), and a failing one is compared with today's minimum.
        let today_min = lim.iter().find(|l| l.parameter == "free_chlorine").and_then(|l| l.min);
        let under_min = |s: &Sample| match &s.low {
            Some(low) => low.iter().any(|p| p == "free_chlorine"),
            None if s.verdict == "low" => true,
            None if s.verdict == "fail" => value(s, "free_chlorine").zip(today_min).is_some_and(|(v, m)| v < m),
            None => false,
        };
        let at_min = network
            .iter()
            .filter(|s| !failed(s, "free_chlorine") && !under_min(s))
            .count() as u64;
        let below_low = network.iter().filter(|s| failed(s, "free_chlorine")).count() as u64;
        let chlorine_compliance = percent(at_min, network.len() as u64);
        let chlorine_pass = (!network.is_empty()).then(|| {
            let share_ok =
                Decimal::from(at_min) * Decimal::from(100) >= Decimal::from(90) * Decimal::from(network.len() as u64);
            share_ok && below_low == 0
        });
        let passes = |s: &Sample, p: &str| -> Option<bool> { value(s, p).map(|_| !failed(s, p)) };
        let bact: Vec<bool> = samples
            .iter()
            .filter_map(|s| Some(passes(s, "total_coliforms")? && passes(s, "thermotolerant_coliforms")?))
            .collect();
        let physchem: Vec<bool> = samples
            .iter()
            .filter(|s| value(s, "turbidity").is_some() || value(s, "ph").is_some())
            .map(|s| passes(s, "turbidity").unwrap_or(true) && passes(s, "ph").unwrap_or(true))
            .collect();
        // The plan: each row counts its point's samples with that parameter, up to what it asks.
        let mut stmt = conn.prepare_cached(
            "SELECT p.point, q.parameter, q.per_month FROM quality_plan q JOIN quality_points p ON p.id = q.point_id",
        )?;
        let plan: Vec<(String, String, u64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut taken: HashMap<(&str, &str), u64> = HashMap::new();
        for s in &samples {
            for (p, _) in &s.values {
                *taken.entry((s.point.as_str(), p.as_str())).or_default() += 1;
            }
        }
        let planned: u64 = plan.iter().map(|p| p.2).sum();
        let done: u64 = plan
            .iter()
            .map(|(point, parameter, n)| {
                taken
                    .get(&(point.as_str(), parameter.as_str()))
                    .copied()
                    .unwrap_or(0)
                    .min(*n)
            })
            .sum();
        let open_incidents: u64 = conn.query_row(
            "SELECT count(*) FROM quality_incidents i WHERE NOT EXISTS (SELECT 1 FROM incident_actions a WHERE a.incident_id = i.id AND a.kind = 'close')",
            [],
            |r| r.get(0),
        )?;
        let count = |v: &[bool]| (v.iter().filter(|b| **b).count() as u64, v.len() as u64);
        let (b_ok, b_all) = count(&bact);
        let (p_ok, p_all) = count(&physchem);
        Ok(QualitySummary {
            period: period.to_string(),
            samples: samples.len() as u64,
            chlorine_compliance,
            chlorine_pass,
            bacteriological_compliance: percent(b_ok, b_all),
            physchem_compliance: percent(p_ok, p_all),
            sampling_plan: percent(done, planned),
            open_incidents,
            chlorine_tested: network.len() as u64,
            chlorine_at_min: at_min,
            chlorine_below_low: below_low,
            bacteriological_tested: b_all,
            bacteriological_ok: b_ok,
            plan_planned: planned,
            plan_done: done,
        })
    }

    /// Free chlorine of every sample at `point` in the 12 months ending with `last` (the chart).
    pub fn chlorine_history(&self, point: &str, last: Period) -> Result<Vec<(String, String)>> {
        let first = (0..11).fold(last, |p, _| p.prev());
        let samples = samples_between(
            self.conn(),
            &format!("{} 00:00", first.first_day()),
            &format!("{} 00:00", last.next().first_day()),
        )?;
        Ok(samples
            .into_iter()
            .filter(|s| s.point == point)
            .filter_map(|s| value(&s, "free_chlorine").map(|v| (s.taken_at.clone(), v.to_string())))
            .collect())
    }

    pub(crate) fn quality_rows(&self, period: Period) -> Result<Vec<Vec<String>>> {
        Ok(self
            .samples_of(period)?
            .into_iter()
            .map(|s| {
                let mut row = vec![
                    s.sample.clone(),
                    s.point.clone(),
                    s.kind.clone(),
                    s.sector.clone(),
                    s.taken_at.clone(),
                    s.by.clone(),
                ];
                for p in super::PARAMETERS {
                    row.push(
                        s.values
                            .iter()
                            .find(|(k, _)| k == p)
                            .map(|(_, v)| v.clone())
                            .unwrap_or_default(),
                    );
                }
                row.push(s.verdict.clone());
                row.push(s.failed.join("+"));
                row
            })
            .collect())
    }

    /// Writes `quality_tests.csv` of `period`; whole or nothing.
    pub fn export_quality(&self, period: Period, out: &Path) -> Result<u64> {
        // One state of the books, whatever another window writes meanwhile.
        let _reading = self.snapshot()?;
        let rows = self.quality_rows(period)?;
        crate::files::write_csv(out, QUALITY_CSV_HEADER, &rows)?;
        Ok(rows.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentages_round_half_up_to_one_decimal() {
        assert_eq!(super::percent(7, 8).as_deref(), Some("87.5"));
        assert_eq!(super::percent(2, 3).as_deref(), Some("66.7"));
        assert_eq!(super::percent(1, 1).as_deref(), Some("100.0"));
        assert_eq!(super::percent(0, 0), None);
    }
}
