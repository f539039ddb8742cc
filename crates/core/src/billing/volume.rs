//! The billed volume of one connection for one period (docs/tariff.md step 1): measured from
//! readings (with rollover and meter replacement), estimated from history, or assigned; and
//! the atypical check that holds a bill for review.

pub use crate::consumption::{average, is_atypical};
use crate::period::Period;
use crate::readings::{MeterLife, ReadingStatus, StoredReading, volume_between};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// How a month's volume was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum Basis {
    /// From the meter's readings.
    Measured,
    /// Estimated from the average of earlier measured months (no reading).
    Estimated,
    /// Assigned by the tariff (an unmetered connection).
    Assigned,
}

impl Basis {
    /// The basis as stored (`measured`, `estimated`, `assigned`).
    pub fn code(self) -> &'static str {
        match self {
            Basis::Measured => "measured",
            Basis::Estimated => "estimated",
            Basis::Assigned => "assigned",
        }
    }

    /// The basis of a stored or typed word.
    pub fn parse(s: &str) -> Option<Basis> {
        match s {
            "measured" => Some(Basis::Measured),
            "estimated" => Some(Basis::Estimated),
            "assigned" => Some(Basis::Assigned),
            _ => None,
        }
    }
}

/// An earlier bill of the connection, as far as volumes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PastBill {
    pub period: Period,
    pub basis: Basis,
    pub consumption_m3: u64,
}

/// A month's volume and the readings it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Volume {
    /// How it was found.
    pub basis: Basis,
    /// The volume.
    pub consumption_m3: u64,
    /// The meter read, if any.
    pub meter_serial: Option<String>,
    /// The reading before.
    pub prev_reading: Option<u64>,
    /// The reading of the month.
    pub curr_reading: Option<u64>,
}

/// Why a bill is held out of the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Atypical {
    /// The month's volume.
    pub consumption_m3: u64,
    /// Average of the measured months compared against, exact.
    #[cfg_attr(feature = "ts-rs", ts(type = "string"))]
    pub average_m3: Decimal,
    /// How many measured months the average covers.
    pub months: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Bill(Volume),
    Held(Volume, Atypical),
}

/// The last `months` measured consumptions, newest first.
pub(crate) fn measured_history(past: &[PastBill], months: u32) -> Vec<u64> {
    past.iter()
        .rev()
        .filter(|b| b.basis == Basis::Measured)
        .take(months as usize)
        .map(|b| b.consumption_m3)
        .collect()
}

/// Everything known about a metered connection for the period being billed.
pub struct MeteredInput<'a> {
    pub period: Period,
    /// Every meter of the connection, oldest first.
    pub meters: &'a [MeterLife],
    /// The last accepted reading before the period.
    pub last_ok: Option<&'a StoredReading>,
    /// The period's own reading, if entered.
    pub reading: Option<&'a StoredReading>,
    /// Earlier bills, oldest first.
    pub past: &'a [PastBill],
    pub estimate_months: u32,
    pub unmetered_m3: u64,
}

/// The volume of an unmetered connection: the category's assignment.
pub fn assigned(unmetered_m3: u64) -> Outcome {
    Outcome::Bill(Volume {
        basis: Basis::Assigned,
        consumption_m3: unmetered_m3,
        meter_serial: None,
        prev_reading: None,
        curr_reading: None,
    })
}

pub fn metered(i: &MeteredInput<'_>) -> Outcome {
    let in_period = |m: &MeterLife| m.installed_on.is_some_and(|d| Period::of(d) == i.period);
    let before_period = |m: &MeterLife| m.installed_on.is_some_and(|d| Period::of(d) < i.period);
    // Replacements: every meter after the first was installed by one.
    let replaced_in_period: Vec<usize> = (1..i.meters.len()).filter(|&k| in_period(&i.meters[k])).collect();
    let last_replacement_before = (1..i.meters.len()).rev().find(|&k| before_period(&i.meters[k]));

    // The anchor: the last real point already accounted for by earlier bills — the last
    // accepted reading, or a later replacement's new meter at its initial reading.
    let (mut meter_idx, mut value, anchor_period) = {
        let from_reading = i.last_ok.and_then(|r| {
            let idx = i.meters.iter().position(|m| m.id == r.meter_id)?;
            Some((idx, r.reading?, Some(r.period)))
        });
        let from_replacement =
            last_replacement_before.map(|k| (k, i.meters[k].initial_reading, i.meters[k].installed_on.map(Period::of)));
        match (from_reading, from_replacement) {
            (Some(r), Some(m)) if m.2 > r.2 => m,
            (Some(r), _) => r,
            (None, Some(m)) => m,
            (None, None) => (0, i.meters.first().map_or(0, |m| m.initial_reading), None),
        }
    };
    let anchor_value = value;
    let mut volume: u64 = 0;
    let mut last_final = None;
    for &k in &replaced_in_period {
        let old = &i.meters[k - 1];
        let start = if k - 1 == meter_idx { value } else { old.initial_reading };
        let end = old.final_reading.unwrap_or(start);
        volume = volume.saturating_add(volume_between(start, end, old.digits).unwrap_or(0));
        last_final = Some(end);
        meter_idx = k;
        value = i.meters[k].initial_reading;
    }
    let current = i.meters.get(meter_idx);
    let ok_reading = i
        .reading
        .filter(|r| r.status == ReadingStatus::Ok)
        .and_then(|r| r.reading.map(|v| (r, v)));
    let history = measured_history(i.past, i.estimate_months);

    let (prev, curr) = match ok_reading {
        Some((_, v)) => {
            let digits = current.map_or(12, |m| m.digits);
            volume = volume.saturating_add(volume_between(value, v, digits).unwrap_or(0));
            (value, Some(v))
        }
        None if !replaced_in_period.is_empty() => (anchor_value, last_final),
        None => {
            // No usable reading: the average of the measured months, half up to whole m³.
            let consumption_m3 = if history.is_empty() {
                i.unmetered_m3
            } else {
                average(&history)
                    .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                    .try_into()
                    .unwrap_or(i.unmetered_m3)
            };
            return Outcome::Bill(Volume {
                basis: Basis::Estimated,
                consumption_m3,
                meter_serial: current.map(|m| m.serial.clone()),
                prev_reading: Some(value),
                curr_reading: None,
            });
        }
    };
    // The next real reading settles what earlier estimates billed since the anchor.
    let estimated: u64 = i
        .past
        .iter()
        .filter(|b| b.basis == Basis::Estimated && anchor_period.is_none_or(|a| b.period > a))
        .map(|b| b.consumption_m3)
        .sum();
    let consumption_m3 = volume.saturating_sub(estimated);
    let v = Volume {
        basis: Basis::Measured,
        consumption_m3,
        meter_serial: current.map(|m| m.serial.clone()),
        prev_reading: Some(prev),
        curr_reading: curr,
    };
    // A user's confirmation releases an atypical reading.
    let confirmed = ok_reading.is_some_and(|(r, _)| r.confirmed);
    if ok_reading.is_some()
        && !confirmed
        && let Some(avg) = is_atypical(consumption_m3, &history, i.unmetered_m3)
    {
        return Outcome::Held(
            v,
            Atypical {
                consumption_m3,
                average_m3: avg,
                months: history.len(),
            },
        );
    }
    Outcome::Bill(v)
}
