//! Each indicator of a month computed from its facts: the numerator and denominator the spec
//! names, the value shaped to its unit's decimals (half up), and its target.

use super::*;

/// A figure before it is shaped: the value (unrounded), and the raw figures behind it.
pub(super) struct Raw {
    pub(super) value: Option<Decimal>,
    pub(super) numerator: Option<String>,
    pub(super) denominator: Option<String>,
}

pub(super) fn count(n: u64) -> String {
    n.to_string()
}

pub(super) fn soles(m: Money) -> String {
    m.plain()
}

/// `n ÷ d` as a percentage, `None` for an empty denominator.
pub(super) fn share(n: Decimal, d: Decimal) -> Option<Decimal> {
    (d > Decimal::ZERO).then(|| n * Decimal::from(100) / d)
}

pub(super) fn ratio(n: u64, d: u64) -> Raw {
    Raw {
        value: share(Decimal::from(n), Decimal::from(d)),
        numerator: Some(count(n)),
        denominator: Some(count(d)),
    }
}

pub(super) fn money_ratio(n: Money, d: Money) -> Raw {
    Raw {
        value: share(n.to_decimal(), d.to_decimal()),
        numerator: Some(soles(n)),
        denominator: Some(soles(d)),
    }
}

pub(super) fn amount(m: Option<Money>) -> Raw {
    Raw {
        value: m.map(Money::to_decimal),
        numerator: m.map(soles),
        denominator: None,
    }
}

/// A figure another module already rounded (quality, continuity): read as it is.
pub(super) fn given(value: Option<&str>, numerator: u64, denominator: u64) -> Raw {
    Raw {
        value: value.and_then(|v| Decimal::from_str(v).ok()),
        numerator: Some(count(numerator)),
        denominator: Some(count(denominator)),
    }
}

pub(super) fn normalized(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The raw figure of indicator `code` for one month.
pub(super) fn raw(code: &str, f: &MonthFacts, basis: &Basis) -> Result<Raw> {
    let active = f.active.len() as u64;
    let persons = |n: u64| Decimal::from(n) * basis.persons_per_connection;
    let coverage = |n: u64| -> Raw {
        let served = persons(n);
        Raw {
            value: basis
                .population
                .and_then(|p| share(served, p))
                .map(|v| v.min(Decimal::from(100))),
            numerator: Some(normalized(served)),
            denominator: basis.population.map(normalized),
        }
    };
    Ok(match code {
        "water_coverage" => coverage(active),
        "sewer_coverage" => coverage(f.active.iter().filter(|c| c.sewer).count() as u64),
        "continuity" => {
            let connections: u64 = f.continuity.sectors.iter().map(|s| s.connections).sum();
            Raw {
                value: f
                    .continuity
                    .continuity
                    .as_deref()
                    .and_then(|v| Decimal::from_str(v).ok()),
                numerator: f.continuity.continuity.clone(),
                denominator: Some(count(connections)),
            }
        }
        "micrometering" => {
            let working = f
                .active
                .iter()
                .filter(|c| c.metered && !f.broken_meters.contains(&c.id))
                .count() as u64;
            ratio(working, active)
        }
        "non_revenue_water" => {
            let c = &f.continuity;
            Raw {
                value: c.non_revenue_water.as_deref().and_then(|v| Decimal::from_str(v).ok()),
                numerator: Some((i128::from(c.produced_m3) - i128::from(c.consumed_m3)).to_string()),
                denominator: Some(count(c.produced_m3)),
            }
        }
        "collection_efficiency" => {
            let net = f.collected.0.checked_add(f.collected.1)?;
            money_ratio(net, f.issued.amount_due)
        }
        "arrears" => ratio(f.in_arrears, active),
        "opex_coverage" => {
            let for_operator = f.issued.subtotal.checked_sub(f.issued.fund_share)?;
            money_ratio(for_operator, f.operator.total_costs)
        }
        "complaints_per_1000" => Raw {
            value: share(
                Decimal::from(f.complaints.filed) * Decimal::from(10),
                Decimal::from(active),
            ),
            numerator: Some(count(f.complaints.filed)),
            denominator: Some(count(active)),
        },
        "complaints_on_time" => ratio(f.complaints.decided_on_time, f.complaints.decided),
        "appeals" => Raw {
            value: Some(Decimal::from(f.complaints.appeals)),
            numerator: Some(count(f.complaints.appeals)),
            denominator: None,
        },
        "chlorine_compliance" => given(
            f.quality.chlorine_compliance.as_deref(),
            f.quality.chlorine_at_min,
            f.quality.chlorine_tested,
        ),
        "chlorine_pass" => {
            let v = f.quality.chlorine_pass.map(u64::from);
            Raw {
                value: v.map(Decimal::from),
                numerator: v.map(count),
                denominator: None,
            }
        }
        "bacteriological_compliance" => given(
            f.quality.bacteriological_compliance.as_deref(),
            f.quality.bacteriological_ok,
            f.quality.bacteriological_tested,
        ),
        "sampling_plan" => given(
            f.quality.sampling_plan.as_deref(),
            f.quality.plan_done,
            f.quality.plan_planned,
        ),
        "fund_contributions" => amount(f.fund.as_ref().map(|m| m.contributions)),
        "fund_spending" => amount(f.fund.as_ref().map(|m| m.outflows)),
        "fund_balance" => amount(f.fund.as_ref().map(|m| m.closing)),
        "transition_subsidy" => amount(Some(f.operator.transition_subsidy).filter(|m| *m != Money::ZERO)),
        "women_board" => {
            let day = f.period.last_day();
            let office: Vec<_> = f.members.iter().filter(|m| m.in_office(day)).collect();
            let women = office.iter().filter(|m| m.gender == "F").count() as u64;
            ratio(women, office.len() as u64)
        }
        "women_attendance" => {
            let women: u64 = f.meetings.iter().map(|m| m.women).sum();
            let all: u64 = f.meetings.iter().map(|m| m.women + m.men).sum();
            ratio(women, all)
        }
        "tariff_audit_mismatches" => Raw {
            value: (f.audit.bills > 0).then(|| Decimal::from(f.audit.mismatched_bills)),
            numerator: Some(count(f.audit.mismatched_bills)),
            denominator: Some(count(f.audit.bills)),
        },
        other => return Err(Error::Internal(format!("indicator {other} has no figure"))),
    })
}

/// A value rounded as its unit says, half away from zero, written with its decimals.
pub(super) fn shaped(v: Decimal, unit: Unit) -> Decimal {
    let mut r = v.round_dp_with_strategy(unit.decimals(), RoundingStrategy::MidpointAwayFromZero);
    r.rescale(unit.decimals());
    r
}

/// The indicators of one month, in the order of [`INDICATORS`].
pub(crate) fn of_month(f: &MonthFacts, basis: &Basis) -> Result<Vec<Indicator>> {
    let mut out = Vec::with_capacity(INDICATORS.len());
    for d in INDICATORS {
        let r = raw(d.code, f, basis)?;
        let value = r.value.map(|v| shaped(v, d.unit));
        let target = basis.target(d);
        let meets = match (value, target) {
            (Some(v), Some(t)) => Some(match d.better {
                Better::More => v >= t,
                Better::Less => v <= t,
            }),
            _ => None,
        };
        out.push(Indicator {
            period: f.period.to_string(),
            code: d.code.to_string(),
            label_es: d.es.to_string(),
            label_en: d.en.to_string(),
            value: value.map(|v| v.to_string()),
            unit: d.unit.code().to_string(),
            numerator: r.numerator,
            denominator: r.denominator,
            target: target.map(normalized),
            meets_target: meets,
            better: better_code(d.better).to_string(),
        });
    }
    Ok(out)
}
