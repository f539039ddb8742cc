//! The month's continuity figures, computed here once: minutes without service by sector as
//! the union of its interruptions' spans, continuity by sector and for the town, the planned
//! share, notice given, and non-revenue water.

use super::*;

/// The minutes of `[start, end)` intervals, their union clipped to `[from, to)`.
pub(super) fn union_minutes(
    mut spans: Vec<(NaiveDateTime, NaiveDateTime)>,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> i64 {
    spans.retain(|(a, b)| b > a);
    spans.sort();
    let mut total = 0;
    let mut current: Option<(NaiveDateTime, NaiveDateTime)> = None;
    for (a, b) in spans {
        let (a, b) = (a.max(from), b.min(to));
        if b <= a {
            continue;
        }
        match current {
            Some((ca, cb)) if a <= cb => current = Some((ca, cb.max(b))),
            Some((ca, cb)) => {
                total += (cb - ca).num_minutes();
                current = Some((a, b));
            }
            None => current = Some((a, b)),
        }
    }
    if let Some((ca, cb)) = current {
        total += (cb - ca).num_minutes();
    }
    total
}

/// The span of an interruption without service, an interruption still going counted to `to`.
pub(super) fn span(i: &Interruption, to: NaiveDateTime) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let a = parse_local_time(&i.start)?;
    // Not ended yet: it counts up to the end of the period being computed.
    let b = i.end.as_deref().and_then(parse_local_time).unwrap_or(to);
    Some((a, b))
}

impl Ledger {
    /// The month's continuity and non-revenue water.
    pub fn continuity(&self, period: Period) -> Result<Continuity> {
        let conn = self.conn();
        let (from, to) = month_bounds(period);
        let days = Decimal::from((to - from).num_days());
        let sectors = known_sectors(conn)?;
        let interruptions = interruptions_of(conn, from, to)?;
        // Active connections by sector at the end of the period.
        let statuses = crate::service::statuses_at(conn, period.last_day())?;
        let mut by_sector: HashMap<String, u64> = HashMap::new();
        {
            let mut stmt = conn.prepare_cached("SELECT id, sector FROM connections")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, sector) = row?;
                if statuses.get(&id).map(String::as_str) == Some("active") {
                    *by_sector.entry(sector).or_default() += 1;
                }
            }
        }
        let mut names: Vec<&String> = sectors.keys().collect();
        names.sort();
        let mut out = Vec::new();
        let (mut weighted, mut connections) = (Decimal::ZERO, 0u64);
        let (mut all_minutes, mut planned_minutes) = (0i64, 0i64);
        for s in names {
            let spans = |planned_only: bool| -> Vec<(NaiveDateTime, NaiveDateTime)> {
                interruptions
                    .iter()
                    .filter(|i| i.sectors.contains(s) && (!planned_only || i.kind == "planned"))
                    .filter_map(|i| span(i, to))
                    .collect()
            };
            let minutes = union_minutes(spans(false), from, to);
            all_minutes += minutes;
            planned_minutes += union_minutes(spans(true), from, to);
            let hours = Decimal::from(minutes) / Decimal::from(60);
            let per_day = sectors[s];
            let cont = (per_day - hours / days).max(Decimal::ZERO);
            let n = by_sector.get(s).copied().unwrap_or(0);
            weighted += cont * Decimal::from(n);
            connections += n;
            out.push(SectorFigures {
                sector: s.clone(),
                hours_per_day: one_decimal(per_day),
                interrupted_hours: one_decimal(hours),
                continuity: one_decimal(cont),
                connections: n,
            });
        }
        let produced: u64 = conn.query_row(
            "SELECT coalesce(sum(m3), 0) FROM production WHERE period = ?1",
            [period.to_string()],
            |r| r.get(0),
        )?;
        let consumed: u64 = conn.query_row(
            "SELECT coalesce(sum(consumption_m3), 0) FROM bills WHERE period = ?1",
            [period.to_string()],
            |r| r.get(0),
        )?;
        let nrw = (produced > 0).then(|| {
            one_decimal(
                (Decimal::from(produced) - Decimal::from(consumed)) * Decimal::from(100) / Decimal::from(produced),
            )
        });
        let planned_starting: Vec<&Interruption> = interruptions
            .iter()
            .filter(|i| i.kind == "planned" && parse_local_time(&i.start).is_some_and(|a| a >= from && a < to))
            .collect();
        let noticed = planned_starting.iter().filter(|i| i.notice_hours >= 48).count() as u64;
        Ok(Continuity {
            period: period.to_string(),
            continuity: (connections > 0).then(|| one_decimal(weighted / Decimal::from(connections))),
            non_revenue_water: nrw,
            produced_m3: produced,
            consumed_m3: consumed,
            planned_share: crate::quality::percent_of(planned_minutes as u64, all_minutes as u64),
            notice_given: crate::quality::percent_of(noticed, planned_starting.len() as u64),
            sectors: out,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::parse_local_time;

    fn t(s: &str) -> NaiveDateTime {
        parse_local_time(s).unwrap()
    }

    #[test]
    fn overlapping_spans_count_once_and_are_clipped() {
        let (from, to) = (t("2026-11-01 00:00"), t("2026-12-01 00:00"));
        let spans = vec![
            (t("2026-11-03 08:00"), t("2026-11-03 12:00")),
            (t("2026-11-03 10:00"), t("2026-11-03 14:00")),
            (t("2026-10-31 22:00"), t("2026-11-01 02:00")),
            (t("2026-11-30 23:00"), t("2026-12-01 05:00")),
        ];
        assert_eq!(union_minutes(spans, from, to), (6 + 2 + 1) * 60);
    }
}
