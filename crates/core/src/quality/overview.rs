//! What the technician's screens read: the sampling points, the month's plan by point (taken
//! against planned), the verdict a sample being typed would get, and the limits table.

use super::{Limit, PARAMETERS, Verdict, judge, limits, parameter_alias, parse_value};
use crate::Ledger;
use crate::error::ErrorCode;
use crate::error::{Error, Result, Text};
use crate::period::Period;
use serde::Serialize;
use std::collections::HashMap;

/// A sampling point.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Point {
    /// The point's code.
    pub point: String,
    /// Its name.
    pub name: String,
    /// Its kind (source, reservoir, network).
    pub kind: String,
    /// Its sector.
    pub sector: String,
}

/// One row of the month's plan: samples of a parameter at a point, taken and planned.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct PlanRow {
    /// The point's code.
    pub point: String,
    /// Its name.
    pub name: String,
    /// The parameter.
    pub parameter: String,
    /// Samples planned in the month.
    pub planned: u64,
    /// Samples taken.
    pub taken: u64,
}

/// The verdict of values being typed, value by value: each field's problem, if any, and the
/// sample's verdict from those that read.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct SampleCheck {
    /// The verdict, when every value reads.
    pub verdict: Option<Verdict>,
    /// Parameter → why its value does not read.
    pub problems: Vec<(String, Text)>,
}

impl Ledger {
    /// The sampling points.
    pub fn quality_points(&self) -> Result<Vec<Point>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT point, name, kind, sector FROM quality_points ORDER BY point")?;
        let rows = stmt.query_map([], |r| {
            Ok(Point {
                point: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                sector: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The limits samples are judged by, with the regulation of each default.
    pub fn quality_limits(&self) -> Result<Vec<Limit>> {
        limits(self.conn())
    }

    /// The plan of `period` by point and parameter, with the samples taken so far.
    pub fn plan_status(&self, period: Period) -> Result<Vec<PlanRow>> {
        let samples = self.samples_of(period)?;
        let mut taken: HashMap<(&str, &str), u64> = HashMap::new();
        for s in &samples {
            for (p, _) in &s.values {
                *taken.entry((s.point.as_str(), p.as_str())).or_default() += 1;
            }
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.point, p.name, q.parameter, q.per_month FROM quality_plan q JOIN quality_points p ON p.id = q.point_id
              ORDER BY p.point, q.parameter",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u64>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (point, name, parameter, planned) = row?;
            let n = taken.get(&(point.as_str(), parameter.as_str())).copied().unwrap_or(0);
            out.push(PlanRow {
                point,
                name,
                parameter,
                planned,
                taken: n,
            });
        }
        Ok(out)
    }

    /// The verdict a sample at `point` with `values` (parameter → text as typed) would get,
    /// without storing anything: the form shows it as each value is typed.
    pub fn check_sample(&self, point: &str, values: &[(String, String)]) -> Result<SampleCheck> {
        let kind: Option<String> = {
            use rusqlite::OptionalExtension;
            self.conn()
                .query_row(
                    "SELECT kind FROM quality_points WHERE point = ?1",
                    [point.trim()],
                    |r| r.get(0),
                )
                .optional()?
        };
        let Some(kind) = kind else {
            return Err(Error::invalid(
                ErrorCode::Point,
                format!("«{point}» no es un punto de muestreo registrado."),
                format!("«{point}» is not a registered sampling point."),
            ));
        };
        let mut read = Vec::new();
        let mut problems = Vec::new();
        for (parameter, raw) in values {
            let key = crate::text::normalize_key(parameter);
            let Some(p) = PARAMETERS.iter().find(|p| **p == key || parameter_alias(p) == key) else {
                continue;
            };
            match parse_value(p, raw, None) {
                Ok(Some(v)) => read.push((p.to_string(), v)),
                Ok(None) => {}
                Err(why) => problems.push((p.to_string(), why)),
            }
        }
        let limits = limits(self.conn())?;
        let verdict = (!read.is_empty()).then(|| judge(&limits, &kind, &read));
        Ok(SampleCheck { verdict, problems })
    }
}
