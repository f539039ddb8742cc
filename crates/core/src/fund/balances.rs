//! The fund's balance by purpose on any day: shares credited in proportion to what is settled
//! (read from the allocator), subsidies debited at issue, spending; and the rule that no
//! purpose is overdrawn.

use super::*;

fn purposes_by_tariff(conn: &Connection) -> Result<HashMap<i64, BTreeMap<String, Decimal>>> {
    let mut stmt = conn.prepare("SELECT id, document FROM tariffs")?;
    let rows: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut map = HashMap::new();
    for (id, doc) in rows {
        if let Some(f) = crate::tariffs::parse(&doc)?.fund {
            map.insert(id, f.purposes);
        }
    }
    Ok(map)
}

/// The fund by purpose at the end of each of `days`, read from one load of the entries (the
/// days in any order). A balance at a day counts only what is dated on or before it, so it
/// never changes once its month is closed.
pub(crate) fn balances_at(conn: &Connection, days: &[NaiveDate]) -> Result<Vec<FundBalance>> {
    let Some(&last) = days.iter().max() else {
        return Ok(Vec::new());
    };
    let scope = accounts::Scope {
        connection: None,
        as_of: Some(last),
        references: false,
    };
    balances_from(conn, &accounts::load(conn, scope)?, days)
}

/// [`balances_at`] over entries already loaded up to the last of `days` (a caller that reads
/// the accounts for other figures too loads them once).
pub(crate) fn balances_from(
    conn: &Connection,
    entries: &HashMap<i64, Vec<accounts::Entry>>,
    days: &[NaiveDate],
) -> Result<Vec<FundBalance>> {
    let shares = purposes_by_tariff(conn)?;
    // Subsidies granted at issue (bills) and corrected by notes; spending by purpose.
    let subsidy_rows: Vec<(NaiveDate, Money)> = {
        let mut stmt = conn.prepare(
            "SELECT issued_on, -subsidy FROM bills WHERE subsidy <> 0
             UNION ALL SELECT issued_on, CASE kind WHEN 'credit' THEN -subsidy ELSE subsidy END FROM notes WHERE subsidy <> 0",
        )?;
        let rows = stmt.query_map([], |r| {
            let d: String = r.get(0)?;
            Ok((parse_date(&d).unwrap_or(NaiveDate::MIN), Money::from_cents(r.get(1)?)))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let spending: Vec<(String, NaiveDate, Money)> = {
        let mut stmt = conn.prepare("SELECT purpose, spent_on, amount FROM fund_spending")?;
        let rows = stmt.query_map([], |r| {
            let d: String = r.get(1)?;
            Ok((
                r.get(0)?,
                parse_date(&d).unwrap_or(NaiveDate::MIN),
                Money::from_cents(r.get(2)?),
            ))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    // What the fund received by each day, by tariff: each tariff's total is split by its
    // purposes once, at the end (split: the rounding stays under a céntimo per purpose).
    let tariffs: Vec<i64> = {
        let mut t: Vec<i64> = shares.keys().copied().collect();
        t.sort_unstable();
        t
    };
    let slot: HashMap<i64, usize> = tariffs.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    // Each part of the accounts at once; what they credit the fund adds up.
    let parts = accounts::in_parts(entries, |accounts| {
        // Each account allocated once for every day (accounts::allocation::at_days).
        let mut by_day = vec![vec![Money::ZERO; tariffs.len()]; days.len()];
        // Which tariff's fund each entry of an account gives to, looked up once per entry.
        let mut plan: Vec<Option<usize>> = Vec::new();
        for &(_, account) in accounts {
            plan.clear();
            plan.extend(account.iter().map(|e| {
                (e.fund_share != Money::ZERO && e.amount != Money::ZERO)
                    .then(|| e.tariff_id.and_then(|t| slot.get(&t).copied()))
                    .flatten()
            }));
            if plan.iter().all(Option::is_none) {
                continue;
            }
            accounts::allocation::at_days(account, days, |day, prefix, a| {
                let received = &mut by_day[day];
                for (i, e) in prefix.iter().enumerate() {
                    let Some(tariff) = plan[i] else {
                        continue;
                    };
                    // In proportion to what is settled: a charge by how much of it is covered, a
                    // credit note by how much of it was applied. A settled bill credits exactly
                    // its share.
                    let settled = if e.kind.is_charge() { a.covered[i] } else { a.applied[i] };
                    if settled == Money::ZERO {
                        continue;
                    }
                    let whole = e.amount.cents().unsigned_abs();
                    let credited = if u64::try_from(settled.cents()) == Ok(whole) {
                        e.fund_share
                    } else {
                        round_line(e.fund_share.to_decimal() * Decimal::from(settled.cents()) / Decimal::from(whole))?
                    };
                    received[tariff] = received[tariff].checked_add(credited)?;
                }
                Ok(())
            })?;
        }
        Ok(by_day)
    })?;
    let mut by_day = vec![vec![Money::ZERO; tariffs.len()]; days.len()];
    for part in parts {
        for (sum, day) in by_day.iter_mut().zip(part) {
            for (s, c) in sum.iter_mut().zip(day) {
                *s = s.checked_add(c)?;
            }
        }
    }
    let names: Vec<&String> = {
        let mut n: Vec<&String> = shares.values().flat_map(|s| s.keys()).collect();
        n.sort();
        n.dedup();
        n
    };
    let by_day: Vec<Vec<Money>> = by_day
        .into_iter()
        .map(|received| -> Result<Vec<Money>> {
            let mut contributions = vec![Money::ZERO; names.len()];
            for (t, total) in tariffs.iter().zip(received) {
                for (purpose, part) in split(total, &shares[t])? {
                    if let Some(k) = names.iter().position(|n| **n == purpose) {
                        contributions[k] = contributions[k].checked_add(part)?;
                    }
                }
            }
            Ok(contributions)
        })
        .collect::<Result<_>>()?;
    let mut out = Vec::with_capacity(days.len());
    for (&day, contributions) in days.iter().zip(by_day) {
        let mut by: BTreeMap<String, PurposeBalance> = BTreeMap::new();
        for (k, name) in names.iter().enumerate() {
            entry(&mut by, name).contributions = contributions[k];
        }
        let granted = Money::sum(subsidy_rows.iter().filter(|r| r.0 <= day).map(|r| r.1))?;
        if granted != Money::ZERO {
            entry(&mut by, "subsidy").subsidies = granted;
        }
        for (purpose, _, amount) in spending.iter().filter(|s| s.1 <= day) {
            let p = entry(&mut by, purpose);
            p.spending = p.spending.checked_add(*amount)?;
        }
        let mut total = Money::ZERO;
        for e in by.values_mut() {
            e.balance = e.contributions.checked_sub(e.subsidies)?.checked_sub(e.spending)?;
            total = total.checked_add(e.balance)?;
        }
        out.push(FundBalance {
            as_of: day.to_string(),
            purposes: by.into_values().collect(),
            total,
        });
    }
    Ok(out)
}

fn entry<'a>(by: &'a mut BTreeMap<String, PurposeBalance>, purpose: &str) -> &'a mut PurposeBalance {
    by.entry(purpose.to_string()).or_insert_with(|| PurposeBalance {
        purpose: purpose.to_string(),
        ..Default::default()
    })
}

/// The fund at every day on which a movement dated from `from` to `today` changes it (and at
/// both ends): where a new movement dated `from` must leave no purpose overdrawn.
pub(crate) fn purpose_balances_from(conn: &Connection, from: NaiveDate, today: NaiveDate) -> Result<Vec<FundBalance>> {
    let mut days: Vec<NaiveDate> = vec![from, today];
    let mut stmt = conn.prepare(
        "SELECT spent_on FROM fund_spending WHERE spent_on >= ?1
         UNION SELECT paid_on FROM payments WHERE reverses IS NOT NULL AND paid_on >= ?1",
    )?;
    let rows = stmt.query_map([from.to_string()], |r| r.get::<_, String>(0))?;
    for d in rows {
        if let Some(d) = parse_date(&d?).filter(|d| *d <= today) {
            days.push(d);
        }
    }
    days.sort();
    days.dedup();
    balances_at(conn, &days)
}

/// The first purpose a movement overdraws on any of the days compared: what it received less
/// what was spent from it falls below zero, and lower than before. (Subsidies granted at issue
/// are left out: the subsidy purpose may stand below zero from them — the fund owes them — and
/// a reversal of a subsidized household's payment must stay possible.)
pub(crate) fn overdrawn(before: &[FundBalance], after: &[FundBalance]) -> Option<Text> {
    let held = |p: &PurposeBalance| Money::from_cents(p.contributions.cents() - p.spending.cents());
    for (b, a) in before.iter().zip(after) {
        for p in &a.purposes {
            let was = b
                .purposes
                .iter()
                .find(|q| q.purpose == p.purpose)
                .map_or(Money::ZERO, held);
            let now = held(p);
            // Nothing spent, nothing overdrawn: a purpose below zero from the proportional
            // rounding of partly settled shares (a céntimo) is not money taken out.
            if p.spending > Money::ZERO && now < Money::ZERO && now < was {
                let day = parse_date(&a.as_of).unwrap_or(NaiveDate::MIN);
                return Some(Text::new(
                    format!(
                        "El fin «{}» del fondo quedaría en {} al {} (tenía {}): ese dinero ya se gastó. Si debe hacerse igual, indique por qué en el motivo para el fondo.",
                        p.purpose,
                        now,
                        Lang::Es.date(day),
                        was
                    ),
                    format!(
                        "The fund's purpose «{}» would stand at {} on {} (it held {}): that money was already spent. If it must go ahead, say why in the fund reason.",
                        p.purpose,
                        now,
                        Lang::En.date(day),
                        was
                    ),
                ));
            }
        }
    }
    None
}

impl Ledger {
    /// The fund by purpose at the end of `as_of`: contributions in proportion to what was
    /// paid by then, subsidies of bills issued by then, spending by then.
    pub fn fund_balance(&self, as_of: NaiveDate) -> Result<FundBalance> {
        balances_at(self.conn(), &[as_of])?
            .pop()
            .ok_or_else(|| Error::Internal("fund balance of no day".into()))
    }
}
