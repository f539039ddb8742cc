//! A month's run planned before anything is written: the order of months, each connection's
//! reading, volume and charges, and the past each needs (previous balance, average), which the
//! preview shows and the issue writes.

use super::*;
use crate::error::ErrorCode;

pub(super) struct Connection_ {
    pub(super) id: i64,
    pub(super) account: String,
    pub(super) holder: String,
    pub(super) address: String,
    pub(super) category: String,
    pub(super) metered: bool,
    pub(super) sewer: bool,
    pub(super) subsidized: bool,
    pub(super) connected_on: Option<NaiveDate>,
}

/// What earlier bills leave: the volumes for averages and settlements, the pay-rounding carry
/// and what is still owed.
#[derive(Default)]
pub(crate) struct Past {
    pub(crate) bills: Vec<PastBill>,
    pub(super) carry: Money,
    pub(super) owed: Money,
}

/// Every earlier bill, through the narrow `bills_history` index, grouped by connection. This
/// is the largest read of a run (a town's whole billing history), so rows are decoded without
/// allocating.
pub(crate) fn load_past(conn: &Connection, period: Period) -> Result<HashMap<i64, Past>> {
    let mut stmt = conn.prepare(
        "SELECT connection_id, period, basis, consumption_m3, rounding_curr, amount_due FROM bills INDEXED BY bills_history
          WHERE period < ?1 ORDER BY connection_id, period",
    )?;
    let mut rows = stmt.query([period.to_string()])?;
    let mut map: HashMap<i64, Past> = HashMap::new();
    let mut current: Option<(i64, Past)> = None;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let bill_period = Period::from_stored(r.get_ref(1)?.as_bytes().unwrap_or(b"")).unwrap_or(period);
        let basis = match r.get_ref(2)?.as_bytes().unwrap_or(b"") {
            b"estimated" => Basis::Estimated,
            b"assigned" => Basis::Assigned,
            _ => Basis::Measured,
        };
        if current.as_ref().is_none_or(|(c, _)| *c != id) {
            if let Some((c, past)) = current.take() {
                map.insert(c, past);
            }
            current = Some((id, Past::default()));
        }
        if let Some((_, past)) = current.as_mut() {
            past.bills.push(PastBill {
                period: bill_period,
                basis,
                consumption_m3: r.get(3)?,
            });
            past.carry = Money::from_cents(-r.get::<_, i64>(4)?);
            past.owed = past.owed.checked_add(Money::from_cents(r.get(5)?))?;
        }
    }
    if let Some((c, past)) = current {
        map.insert(c, past);
    }
    Ok(map)
}

/// Refuses to bill `period` out of order (docs/accounts.md): before it has ended, before the
/// period before it has been billed (unless it is the ledger's first billed period), or when
/// a later period already has bills.
pub(super) fn check_order(conn: &Connection, period: Period, today: NaiveDate) -> Result<()> {
    if period.last_day() >= today {
        return Err(Error::invalid(
            ErrorCode::PeriodNotEnded,
            format!(
                "{} no ha terminado (termina el {}); se factura desde el día siguiente.",
                crate::text::capitalized(&Lang::Es.period(period)),
                Lang::Es.date(period.last_day())
            ),
            format!(
                "{} has not ended (it ends on {}); it can be billed from the next day.",
                crate::text::capitalized(&Lang::En.period(period)),
                Lang::En.date(period.last_day())
            ),
        ));
    }
    // A run that issued no bill (every connection cut, say) still bills its period.
    let (first, last): (Option<String>, Option<String>) =
        conn.query_row("SELECT min(period), max(period) FROM issued_periods", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(());
    };
    let (first, last): (Period, Period) = (first.parse().unwrap_or(period), last.parse().unwrap_or(period));
    if last > period {
        return Err(Error::conflict(
            format!(
                "El periodo {last} ya tiene recibos; {period} no se puede facturar después de un periodo posterior."
            ),
            format!("Period {last} already has bills; {period} cannot be billed after a later period."),
        ));
    }
    if period < first {
        return Err(Error::conflict(
            format!("El libro factura desde {first}; {period} es anterior."),
            format!("The ledger bills from {first}; {period} is earlier."),
        ));
    }
    if period > last.next() {
        return Err(Error::conflict(
            format!("Falta facturar {}: los periodos se facturan en orden.", last.next()),
            format!("{} has not been billed yet: periods are billed in order.", last.next()),
        ));
    }
    Ok(())
}

/// Computes the run of `period` as it stands in the ledger, its previous balances as of
/// `issued_on`.
pub(super) fn plan(
    conn: &Connection,
    period: Period,
    today: NaiveDate,
    issued_on: NaiveDate,
) -> Result<(Preview, StoredTariff)> {
    check_order(conn, period, today)?;
    let stored = crate::tariffs::tariff_for(conn, period)?;
    let tariff = &stored.tariff;
    let statuses = crate::service::statuses_at(conn, period.last_day())?;
    let mut stmt = conn.prepare(
        "SELECT id, account, name, address, category, metered, sewer, subsidized, connected_on FROM connections
          ORDER BY route IS NULL, route, route_seq, account",
    )?;
    let connections: Vec<Connection_> = stmt
        .query_map([], |r| {
            Ok(Connection_ {
                id: r.get(0)?,
                account: r.get(1)?,
                holder: r.get(2)?,
                address: r.get(3)?,
                category: r.get(4)?,
                metered: r.get(5)?,
                sewer: r.get(6)?,
                subsidized: r.get(7)?,
                connected_on: r
                    .get::<_, Option<String>>(8)?
                    .as_deref()
                    .and_then(crate::period::parse_date),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let billed: HashSet<i64> = {
        let mut stmt = conn.prepare("SELECT connection_id FROM bills WHERE period = ?1")?;
        let rows = stmt.query_map([period.to_string()], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let active = |c: &Connection_| statuses.get(&c.id).is_some_and(|s| s == "active");
    let connected = |c: &Connection_| c.connected_on.is_none_or(|d| d <= period.last_day());
    let meters = load_meters(conn)?;
    let candidates = connections
        .iter()
        .filter(|c| active(c) && connected(c) && c.metered && !billed.contains(&c.id))
        .map(|c| c.id);
    let last_ok = last_ok_before(conn, period, candidates)?;
    let readings = of_period(conn, period)?;
    let past = load_past(conn, period)?;
    // The previous balance is the account's balance on the issue date, before this bill.
    let balances = crate::accounts::balances(conn, issued_on)?;
    let no_past = Past::default();

    let mut preview = Preview {
        period,
        tariff_effective_from: tariff.effective_from,
        tariff_name: tariff.name.clone(),
        lines: Vec::new(),
        held: Vec::new(),
        unbillable: Vec::new(),
        already_billed: 0,
        not_active: 0,
        not_connected: 0,
        estimated: 0,
        metered: 0,
        warning: None,
        totals: Totals::default(),
        by_category: BTreeMap::new(),
        by_basis: BTreeMap::new(),
    };
    for c in connections {
        if !active(&c) {
            preview.not_active += 1;
            continue;
        }
        if !connected(&c) {
            preview.not_connected += 1;
            continue;
        }
        if billed.contains(&c.id) {
            preview.already_billed += 1;
            continue;
        }
        let Some(category) = tariff.category(&c.category) else {
            preview.unbillable.push(Unbillable {
                account: c.account,
                reason: Text::new(
                    format!(
                        "la categoría «{}» no está en la tarifa vigente «{}»",
                        c.category, tariff.name
                    ),
                    format!(
                        "category «{}» is not in the tariff in force «{}»",
                        c.category, tariff.name
                    ),
                ),
            });
            continue;
        };
        let past = past.get(&c.id).unwrap_or(&no_past);
        let outcome = if c.metered {
            volume::metered(&MeteredInput {
                period,
                meters: meters.get(&c.id).map(Vec::as_slice).unwrap_or(&[]),
                last_ok: last_ok.get(&c.id),
                reading: readings.get(&c.id),
                past: &past.bills,
                estimate_months: tariff.estimate_months,
                unmetered_m3: category.unmetered_m3,
            })
        } else {
            volume::assigned(category.unmetered_m3)
        };
        let volume = match outcome {
            Outcome::Held(volume, atypical) => {
                preview.held.push(HeldReading {
                    account: c.account,
                    holder: c.holder,
                    period,
                    volume,
                    atypical,
                });
                continue;
            }
            Outcome::Bill(v) => v,
        };
        let pricing = Pricing {
            tariff,
            category,
            sewer: c.sewer,
            subsidized: c.subsidized,
        };
        let previous_balance = balances.get(&c.id).copied().unwrap_or(Money::ZERO);
        let priced = compute(pricing, volume.consumption_m3, past.carry)
            .map_err(Error::from)
            .and_then(|charges| {
                if charges.month_total > crate::accounts::MAX_ENTRY {
                    return Err(Error::Overflow);
                }
                Ok((charges, charges.amount_due.checked_add(previous_balance)?))
            });
        let Ok((charges, total_to_pay)) = priced else {
            preview.unbillable.push(Unbillable {
                account: c.account,
                reason: Text::new(
                    format!(
                        "los importes de {} m³ son demasiado grandes para ser reales; revise la lectura",
                        volume.consumption_m3
                    ),
                    format!(
                        "the amounts for {} m³ are too large to be real; check the reading",
                        volume.consumption_m3
                    ),
                ),
            });
            continue;
        };
        if c.metered {
            preview.metered += 1;
            if volume.basis == Basis::Estimated {
                preview.estimated += 1;
            }
        }
        add(&mut preview.totals, &charges)?;
        add(preview.by_category.entry(c.category.clone()).or_default(), &charges)?;
        add(
            preview.by_basis.entry(volume.basis.code().to_string()).or_default(),
            &charges,
        )?;
        preview.lines.push(RunLine {
            connection_id: c.id,
            account: c.account,
            holder: c.holder,
            address: c.address,
            category: c.category,
            volume,
            charges,
            previous_balance,
            total_to_pay,
            sewer: c.sewer,
            subsidized: c.subsidized,
        });
    }
    // Most metered connections without a reading is usually a readings file not imported yet.
    if preview.metered > 0 && preview.estimated * 2 > preview.metered {
        preview.warning = Some(Text::new(
            format!(
                "{} de {} conexiones con medidor no tienen lectura de {period} y se facturarán por estimación. ¿Faltan importar las lecturas?",
                preview.estimated, preview.metered
            ),
            format!(
                "{} of {} metered connections have no reading for {period} and will be billed on an estimate. Are readings still to be imported?",
                preview.estimated, preview.metered
            ),
        ));
    }
    Ok((preview, stored))
}
