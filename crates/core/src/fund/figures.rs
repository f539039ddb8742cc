//! The fund's and the operator's month, for the Board's report and the bundle.

use super::*;

/// One purpose of the fund over one month.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct PurposeMonth {
    /// The purpose.
    pub purpose: String,
    /// Its balance at the start of the month.
    pub opening: Money,
    /// Credited from bills paid in the month.
    pub contributions: Money,
    /// Subsidy lines of bills issued in the month (net of notes).
    pub subsidies: Money,
    /// What was spent from it.
    pub spending: Money,
    /// Its balance at the end of the month.
    pub closing: Money,
}

/// The fund over one calendar month: each purpose, and the spending with its documents.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct FundMonth {
    /// The month.
    pub period: String,
    /// Each purpose's month.
    pub purposes: Vec<PurposeMonth>,
    /// Each spending of the month.
    pub spent: Vec<FundSpending>,
    /// The shares credited as bills were paid.
    pub contributions: Money,
    /// Subsidies and spending together: what left the fund.
    pub outflows: Money,
    /// The balance at the end of the month.
    pub closing: Money,
}

/// The fund's months `periods` (in any order), from one reading of the balances at each
/// month's end and the one before: a month's movements are the differences.
pub(crate) fn fund_months(
    conn: &Connection,
    entries: &HashMap<i64, Vec<accounts::Entry>>,
    periods: &[Period],
) -> Result<Vec<FundMonth>> {
    let ends = |p: &Period| (p.first_day().pred_opt().unwrap_or(p.first_day()), p.last_day());
    // A month's opening is the month before's closing: each day is read once.
    let mut days: Vec<NaiveDate> = periods.iter().flat_map(|p| [ends(p).0, ends(p).1]).collect();
    days.sort();
    days.dedup();
    let balances = balances_from(conn, entries, &days)?;
    let at = |d: NaiveDate| &balances[days.partition_point(|x| *x < d)];
    let mut out = Vec::with_capacity(periods.len());
    for p in periods {
        let (opening, closing) = (at(ends(p).0), at(ends(p).1));
        let mut purposes = Vec::with_capacity(closing.purposes.len());
        let (mut contributions, mut outflows) = (Money::ZERO, Money::ZERO);
        for c in &closing.purposes {
            let before = opening.purposes.iter().find(|o| o.purpose == c.purpose);
            let was = |f: fn(&PurposeBalance) -> Money| before.map(f).unwrap_or(Money::ZERO);
            let m = PurposeMonth {
                purpose: c.purpose.clone(),
                opening: was(|b| b.balance),
                contributions: c.contributions.checked_sub(was(|b| b.contributions))?,
                subsidies: c.subsidies.checked_sub(was(|b| b.subsidies))?,
                spending: c.spending.checked_sub(was(|b| b.spending))?,
                closing: c.balance,
            };
            contributions = contributions.checked_add(m.contributions)?;
            outflows = outflows.checked_add(m.subsidies)?.checked_add(m.spending)?;
            purposes.push(m);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT purpose, spent_on, amount, description, document, approved_by FROM fund_spending
              WHERE spent_on BETWEEN ?1 AND ?2 ORDER BY purpose, id",
        )?;
        let spent = stmt
            .query_map((p.first_day().to_string(), p.last_day().to_string()), |r| {
                let d: String = r.get(1)?;
                Ok(FundSpending {
                    purpose: r.get(0)?,
                    spent_on: parse_date(&d).unwrap_or(NaiveDate::MIN),
                    amount: Money::from_cents(r.get(2)?),
                    description: r.get(3)?,
                    document: r.get(4)?,
                    approved_by: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.push(FundMonth {
            period: p.to_string(),
            purposes,
            spent,
            contributions,
            outflows,
            closing: closing.total,
        });
    }
    Ok(out)
}

/// The operator's own money over one month: the transition subsidy received and what running
/// the service cost, by kind.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct OperatorMonth {
    /// The month.
    pub period: String,
    /// The transition subsidy the operator received.
    pub transition_subsidy: Money,
    /// Costs by kind (`energy`, `chlorine`, `salaries`, `maintenance`, `other_cost`).
    pub costs: Vec<(String, Money)>,
    /// Its costs, all kinds together.
    pub total_costs: Money,
}

pub(crate) fn operator_month(conn: &Connection, p: Period) -> Result<OperatorMonth> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, sum(amount) FROM operator_entries WHERE entry_on BETWEEN ?1 AND ?2 GROUP BY kind ORDER BY kind",
    )?;
    let rows: Vec<(String, i64)> = stmt
        .query_map((p.first_day().to_string(), p.last_day().to_string()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut m = OperatorMonth {
        period: p.to_string(),
        ..OperatorMonth::default()
    };
    for (kind, cents) in rows {
        let amount = Money::from_cents(cents);
        if kind == "transition_subsidy" {
            m.transition_subsidy = amount;
        } else {
            m.total_costs = m.total_costs.checked_add(amount)?;
            m.costs.push((kind, amount));
        }
    }
    Ok(m)
}
