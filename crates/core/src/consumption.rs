//! The consumption rules the reading sheet and the billing run both apply: a month's volume is
//! atypical against the average of the measured months before it, and those months are read
//! here, below both (the run reads them with the rest of each connection's past).

use crate::error::Result;
use crate::period::Period;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Atypical (docs/tariff.md): more than twice the average of the measured months and at least
/// `unmetered_m3` above it, checked once three measured months exist. Returns the average.
pub fn is_atypical(consumption_m3: u64, history: &[u64], unmetered_m3: u64) -> Option<Decimal> {
    if history.len() < 3 {
        return None;
    }
    let avg = average(history);
    let c = Decimal::from(consumption_m3);
    (c > avg * Decimal::TWO && c >= avg + Decimal::from(unmetered_m3)).then_some(avg)
}

/// Average of whole m³, exact.
pub fn average(values: &[u64]) -> Decimal {
    let sum: u64 = values.iter().sum();
    Decimal::from(sum) / Decimal::from(values.len().max(1) as u64)
}

/// The last `months` measured consumptions (newest first) of every connection with measured
/// history before `period`: what the reading grid averages and compares a reading with.
pub(crate) fn measured_histories(
    conn: &rusqlite::Connection,
    period: Period,
    months: u32,
) -> Result<HashMap<i64, Vec<u64>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT connection_id, consumption_m3 FROM bills WHERE period < ?1 AND basis = 'measured'
          ORDER BY connection_id, period DESC",
    )?;
    let mut rows = stmt.query([period.to_string()])?;
    let mut out: HashMap<i64, Vec<u64>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let history = out.entry(r.get(0)?).or_default();
        if history.len() < months as usize {
            history.push(r.get(1)?);
        }
    }
    out.retain(|_, h| !h.is_empty());
    Ok(out)
}

/// The last `months` measured consumptions of one connection before `period`, newest first.
pub(crate) fn measured_history_of(
    conn: &rusqlite::Connection,
    connection_id: i64,
    period: Period,
    months: u32,
) -> Result<Vec<u64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT consumption_m3 FROM bills WHERE connection_id = ?1 AND period < ?2 AND basis = 'measured'
          ORDER BY period DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map((connection_id, period.to_string(), months), |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
