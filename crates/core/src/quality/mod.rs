//! Water quality (docs/quality.md): sampling points and their monthly plan, samples from lab
//! and field sheets, the limits they are judged by (a table the administrator edits; defaults
//! from DS 031-2010-SA), the verdict of each sample, incidents, and the month's figures that
//! the Community Board's report reads.

mod figures;
mod overview;
mod points;
mod samples;

pub(crate) use figures::percent as percent_of;
pub use figures::{QUALITY_CSV_HEADER, QualitySummary};
pub use overview::{PlanRow, Point, SampleCheck};
pub(crate) use samples::{ACTION_RECORD, INCIDENT_RECORD, SAMPLE_RECORD};
pub use samples::{Incident, IncidentAction, NewSample, Sample};

use crate::error::ErrorCode;
use crate::error::{Result, Text};
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;
use std::str::FromStr;

/// The parameters a sample may measure, in the order of the sheet.
pub const PARAMETERS: &[&str] = &[
    "free_chlorine",
    "turbidity",
    "ph",
    "colour",
    "conductivity",
    "total_coliforms",
    "thermotolerant_coliforms",
    "e_coli",
];

/// The parameter in words.
pub fn parameter_word(p: &str, lang: crate::Lang) -> &'static str {
    match p {
        "free_chlorine" => lang.pick("cloro libre", "free chlorine"),
        "turbidity" => lang.pick("turbiedad", "turbidity"),
        "ph" => "pH",
        "colour" => lang.pick("color", "colour"),
        "conductivity" => lang.pick("conductividad", "conductivity"),
        "total_coliforms" => lang.pick("coliformes totales", "total coliforms"),
        "thermotolerant_coliforms" => lang.pick("coliformes termotolerantes", "thermotolerant coliforms"),
        "e_coli" => "E. coli",
        _ => lang.pick("otro parámetro", "another parameter"),
    }
}

/// The parameter's Spanish column name (the lab sheet's alias).
pub fn parameter_alias(p: &str) -> &'static str {
    match p {
        "free_chlorine" => "cloro_libre",
        "turbidity" => "turbiedad",
        "ph" => "ph",
        "colour" => "color",
        "conductivity" => "conductividad",
        "total_coliforms" => "coliformes_totales",
        "thermotolerant_coliforms" => "coliformes_termotolerantes",
        "e_coli" => "e_coli",
        _ => "",
    }
}

/// Whether a parameter counts organisms, where `<1.8`, `<1` and `ND` read as 0.
pub fn is_count(p: &str) -> bool {
    matches!(p, "total_coliforms" | "thermotolerant_coliforms" | "e_coli")
}

/// One row of the limits table.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Limit {
    /// The parameter.
    pub parameter: String,
    /// Its unit.
    pub unit: String,
    /// Its minimum, if it has one.
    #[cfg_attr(feature = "ts-rs", ts(type = "string | null"))]
    pub min: Option<Decimal>,
    /// Under `min` but at least this: "low", not failing.
    #[cfg_attr(feature = "ts-rs", ts(type = "string | null"))]
    pub low: Option<Decimal>,
    /// Its maximum, if it has one.
    #[cfg_attr(feature = "ts-rs", ts(type = "string | null"))]
    pub max: Option<Decimal>,
    /// The point kinds `min` applies to (empty: every kind).
    pub min_kinds: Vec<String>,
    /// The regulation each default comes from.
    pub regulation: String,
}

pub(crate) fn limits(conn: &Connection) -> Result<Vec<Limit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT parameter, unit, min, low, max, min_kinds, regulation FROM quality_limits ORDER BY position",
    )?;
    let dec = |v: Option<String>| v.and_then(|s| Decimal::from_str(&s).ok());
    let rows = stmt.query_map([], |r| {
        let kinds: String = r.get(5)?;
        Ok(Limit {
            parameter: r.get(0)?,
            unit: r.get(1)?,
            min: dec(r.get(2)?),
            low: dec(r.get(3)?),
            max: dec(r.get(4)?),
            min_kinds: kinds.split(',').filter(|k| !k.is_empty()).map(str::to_string).collect(),
            regulation: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl crate::Ledger {
    /// Changes one parameter's limits (administrators): each of minimum, low level and maximum
    /// is a decimal, or empty for none. The low level sits under the minimum; the minimum is
    /// not above the maximum. Samples already judged keep their verdicts.
    pub fn set_quality_limit(
        &mut self,
        actor: &crate::Actor,
        parameter: &str,
        min: &str,
        low: &str,
        max: &str,
    ) -> Result<Vec<Limit>> {
        actor.require(crate::access::Permission::ManageSettings)?;
        let parameter = parameter.trim().to_string();
        if !PARAMETERS.contains(&parameter.as_str()) {
            return Err(crate::Error::invalid(
                ErrorCode::Parameter,
                format!("«{parameter}» no es un parámetro ({}).", PARAMETERS.join(", ")),
                format!("«{parameter}» is not a parameter ({}).", PARAMETERS.join(", ")),
            ));
        }
        let read = |field: ErrorCode, raw: &str| -> Result<Option<Decimal>> {
            match parse_value(&parameter, raw, None) {
                Ok(v) => Ok(v),
                Err(why) => Err(crate::Error::invalid(
                    field,
                    format!("{field} «{}»: {}", raw.trim(), why.es),
                    format!("{field} «{}»: {}", raw.trim(), why.en),
                )),
            }
        };
        let (min, low, max) = (
            read(ErrorCode::Min, min)?,
            read(ErrorCode::Low, low)?,
            read(ErrorCode::Max, max)?,
        );
        // Only free chlorine has two levels (DS 031-2010-SA: 0.5 mg/L in 90 % of samples, 0.3
        // in all): a sample's sealed `low` verdict is therefore always its chlorine, which is
        // what lets a month's figures be read from the verdicts alone.
        if low.is_some() && parameter != "free_chlorine" {
            return Err(crate::Error::invalid(
                ErrorCode::Low,
                "Solo el cloro residual libre tiene un nivel bajo; deje vacío el nivel bajo de este parámetro.",
                "Only free residual chlorine has a low level; leave this parameter's low level empty.",
            ));
        }
        let low_fits = match (low, min) {
            (None, _) => true,
            (Some(l), Some(m)) => l < m,
            (Some(_), None) => false,
        };
        if !low_fits {
            return Err(crate::Error::invalid(
                ErrorCode::Low,
                "El nivel «bajo» va debajo del mínimo (por ejemplo mínimo 0.5, bajo desde 0.3).",
                "The «low» level goes under the minimum (for example minimum 0.5, low from 0.3).",
            ));
        }
        if let (Some(a), Some(b)) = (min, max)
            && a > b
        {
            return Err(crate::Error::invalid(
                ErrorCode::Min,
                format!("El mínimo {a} es mayor que el máximo {b}."),
                format!("The minimum {a} is above the maximum {b}."),
            ));
        }
        let text = |v: Option<Decimal>| v.map(|d| d.to_string());
        self.write(actor, "quality.limit", |tx, _| {
            tx.execute(
                "UPDATE quality_limits SET min = ?1, low = ?2, max = ?3 WHERE parameter = ?4",
                rusqlite::params![text(min), text(low), text(max), parameter],
            )?;
            Ok((
                (),
                format!(
                    "parameter={parameter} min={:?} low={:?} max={:?}",
                    text(min),
                    text(low),
                    text(max)
                ),
            ))
        })?;
        limits(self.conn())
    }
}

/// What one sample is: `pass`, `low` (free chlorine between the low level and the minimum),
/// or `fail`, with the failing parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Verdict {
    /// `pass`, `low` or `fail`.
    pub verdict: String,
    /// The parameters that fail.
    pub failed: Vec<String>,
    /// Parameters under their minimum but not failing.
    pub low: Vec<String>,
}

/// The verdict of `values` (parameter → measured value) at a point of `kind`.
pub fn judge(limits: &[Limit], kind: &str, values: &[(String, Decimal)]) -> Verdict {
    let mut failed = Vec::new();
    let mut low = Vec::new();
    for (parameter, value) in values {
        let Some(limit) = limits.iter().find(|l| &l.parameter == parameter) else {
            continue;
        };
        let min_applies = limit.min_kinds.is_empty() || limit.min_kinds.iter().any(|k| k == kind);
        let over = limit.max.is_some_and(|max| *value > max);
        let under = min_applies && limit.min.is_some_and(|min| *value < min);
        if over || (under && limit.low.is_none_or(|l| *value < l)) {
            failed.push(parameter.clone());
        } else if under {
            low.push(parameter.clone());
        }
    }
    let verdict = if !failed.is_empty() {
        "fail"
    } else if !low.is_empty() {
        "low"
    } else {
        "pass"
    };
    Verdict {
        verdict: verdict.into(),
        failed,
        low,
    }
}

/// Reads a measured value as a sheet writes it, through the one reader of numbers
/// ([`crate::number`]): `0.8`, `0,8`, and for organism counts `<1.8`, `<1` or `ND` as 0; `column`
/// is the decimal mark the rest of the sheet's column shows. Empty is "not measured".
pub fn parse_value(
    parameter: &str,
    raw: &str,
    column: Option<crate::number::Mark>,
) -> std::result::Result<Option<Decimal>, Text> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if is_count(parameter) {
        let folded = s.to_ascii_lowercase().replace(' ', "");
        if folded == "nd" || folded == "<1" || folded == "<1.8" || folded == "<1,8" {
            return Ok(Some(Decimal::ZERO));
        }
    }
    let value = match crate::number::in_column(s, column) {
        Ok(v) => Some(v),
        Err(e @ crate::number::NumberError::Ambiguous { .. }) => return Err(e.reason()),
        Err(_) => None,
    };
    match value {
        Some(v) if v.is_sign_negative() && v != Decimal::ZERO => {
            Err(Text::new("no puede ser negativo", "cannot be negative"))
        }
        Some(v) if parameter == "ph" && v > Decimal::from(14) => {
            Err(Text::new("el pH va de 0 a 14", "pH goes from 0 to 14"))
        }
        Some(v) => Ok(Some(v.normalize())),
        None => Err(Text::new(
            if is_count(parameter) {
                "no es un número (ni <1.8, <1 o ND)"
            } else {
                "no es un número"
            },
            if is_count(parameter) {
                "is not a number (nor <1.8, <1 or ND)"
            } else {
                "is not a number"
            },
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn defaults() -> Vec<Limit> {
        let l = |p: &str, min: Option<&str>, low: Option<&str>, max: Option<&str>, kinds: &[&str]| Limit {
            parameter: p.into(),
            unit: String::new(),
            min: min.map(d),
            low: low.map(d),
            max: max.map(d),
            min_kinds: kinds.iter().map(|k| k.to_string()).collect(),
            regulation: String::new(),
        };
        vec![
            l(
                "free_chlorine",
                Some("0.5"),
                Some("0.3"),
                Some("5"),
                &["network", "tap"],
            ),
            l("ph", Some("6.5"), None, Some("8.5"), &[]),
            l("total_coliforms", None, None, Some("0"), &[]),
        ]
    }

    #[test]
    fn verdicts_at_every_edge() {
        let lim = defaults();
        let v = |kind: &str, p: &str, x: &str| judge(&lim, kind, &[(p.to_string(), d(x))]).verdict;
        assert_eq!(v("network", "free_chlorine", "0.5"), "pass");
        assert_eq!(v("network", "free_chlorine", "0.49"), "low");
        assert_eq!(v("network", "free_chlorine", "0.3"), "low");
        assert_eq!(v("network", "free_chlorine", "0.29"), "fail");
        assert_eq!(v("network", "free_chlorine", "5"), "pass");
        assert_eq!(v("network", "free_chlorine", "5.01"), "fail");
        assert_eq!(
            v("source", "free_chlorine", "0"),
            "pass",
            "the minimum is for the network and taps"
        );
        assert_eq!(v("source", "free_chlorine", "5.1"), "fail", "the maximum is everywhere");
        assert_eq!(v("tap", "ph", "6.5"), "pass");
        assert_eq!(v("tap", "ph", "6.49"), "fail");
        assert_eq!(v("tap", "ph", "8.5"), "pass");
        assert_eq!(v("tap", "ph", "8.51"), "fail");
        assert_eq!(v("tap", "total_coliforms", "0"), "pass");
        assert_eq!(v("tap", "total_coliforms", "1"), "fail");
    }

    #[test]
    fn values_as_labs_write_them() {
        use crate::number::Mark;
        assert_eq!(parse_value("e_coli", "<1.8", None), Ok(Some(Decimal::ZERO)));
        assert_eq!(parse_value("total_coliforms", "ND", None), Ok(Some(Decimal::ZERO)));
        assert_eq!(parse_value("free_chlorine", "0,8", None), Ok(Some(d("0.8"))));
        assert_eq!(
            parse_value("free_chlorine", "0.8", Some(Mark::Comma)),
            Ok(Some(d("0.8")))
        );
        assert_eq!(parse_value("free_chlorine", "", Some(Mark::Comma)), Ok(None));
        assert!(parse_value("ph", "15", None).is_err());
        assert!(parse_value("turbidity", "-1", None).is_err());
        assert!(parse_value("turbidity", "ND", None).is_err());
        // A lone «1,250» is refused, with both readings named; the column decides it.
        assert!(
            parse_value("turbidity", "1,250", None)
                .unwrap_err()
                .es
                .contains("1.250")
        );
        assert_eq!(
            parse_value("turbidity", "1,250", Some(Mark::Comma)),
            Ok(Some(d("1.25")))
        );
    }
}
