//! Properties that must hold for any input, not just the examples: block charges grow with
//! volume, pay rounding never drifts, numbering stays gapless whatever sequence of runs.

use super::common::*;
use caudal_core::Money;
use caudal_core::billing::{Pricing, compute};
use caudal_core::tariffs::{Blocks, Method};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn blocks_strategy() -> impl Strategy<Value = Blocks> {
    proptest::collection::vec((1u64..60, 0u64..10_000_000), 1..6).prop_map(|steps| {
        let mut start = 0;
        let mut v = Vec::new();
        for (i, (gap, rate)) in steps.into_iter().enumerate() {
            if i > 0 {
                start += gap;
            }
            v.push((start, Decimal::new(rate as i64, 6)));
        }
        Blocks(v)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn block_charges_never_fall_as_volume_grows(b in blocks_strategy(), v in 0u64..5_000) {
        let a = b.charge(Method::Block, v).unwrap();
        let c = b.charge(Method::Block, v + 1).unwrap();
        prop_assert!(c >= a);
    }

    #[test]
    fn a_year_of_pay_rounding_stays_within_half_a_step(volumes in proptest::collection::vec(0u64..200, 12), sewer: bool, cat in 0usize..3) {
        let tariff = caudal_core::tariffs::parse(SEDAPAL).unwrap();
        let code = ["domestico", "social", "comercial"][cat];
        let pricing = Pricing { tariff: &tariff, category: tariff.category(code).unwrap(), sewer, subsidized: false };
        let mut carry = Money::ZERO;
        let (mut due, mut totals, mut roundings) = (0i64, 0i64, 0i64);
        for v in volumes {
            let c = compute(pricing, v, carry).unwrap();
            prop_assert!(c.rounding_curr.cents().abs() <= 5);
            prop_assert_eq!(c.amount_due.cents() % 10, 0);
            due += c.amount_due.cents();
            totals += c.month_total.cents();
            roundings += c.rounding_prev.cents() + c.rounding_curr.cents();
            carry = c.next_carry();
        }
        // What was asked over the year differs from what was billed by the last carry only.
        prop_assert!((due - totals).abs() <= 5, "drift {}", due - totals);
        prop_assert_eq!(due - totals, roundings);
    }
}

/// One step of a month, chosen by the property.
#[derive(Debug, Clone)]
enum Step {
    Read { who: usize, value: u64 },
    Issue,
    ConfirmAll,
    NextMonth,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0usize..4, 0u64..400).prop_map(|(who, value)| Step::Read { who, value }),
        Just(Step::Issue),
        Just(Step::ConfirmAll),
        Just(Step::NextMonth),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn numbering_is_gapless_under_any_sequence_of_runs(steps in proptest::collection::vec(step(), 1..30)) {
        let mut t = Town::new();
        let mut csv = HEADER.to_string();
        for i in 0..4 {
            csv.push_str(&format!("01-000{i},Cliente {i},Jr. Grau {i},Centro,domestico,si,M-{i},5,0,si,no\n"));
        }
        csv.push_str("02-0001,Sin medidor,Jr. Lima 1,Alto,social,no,,,,no,no\n");
        t.customers(&csv);
        let mut period = p("2026-01");
        let last = p("2026-10");
        for s in steps {
            match s {
                Step::Read { who, value } => {
                    let account = format!("01-000{who}");
                    // Readings that contradict the ledger are refused; the property is about
                    // numbering, so a refusal is fine.
                    let _ = t.try_readings(&readings_csv(&[(&account, &period.to_string(), Some(value))]));
                }
                Step::Issue => {
                    let date = period.next().first_day();
                    t.ledger.issue_run(&clerk(), period, Some(date), |_, _| true).unwrap();
                }
                Step::ConfirmAll => {
                    for h in t.ledger.held_readings(period).unwrap() {
                        t.ledger.confirm_reading(&clerk(), &h.account, period).unwrap();
                    }
                }
                Step::NextMonth => {
                    // Periods are billed in order: a month is issued before the next one.
                    if period < last {
                        let date = period.next().first_day();
                        if t.ledger.preview_run(period.next()).is_err() {
                            t.ledger.issue_run(&clerk(), period, Some(date), |_, _| true).unwrap();
                        }
                        period = period.next();
                    }
                }
            }
        }
        let report = t.ledger.verify().unwrap();
        prop_assert!(report.ok(), "{:?}", report.problems);
        // One bill per connection and period at most, numbers 1..n.
        let mut seen = std::collections::HashSet::new();
        let mut numbers = Vec::new();
        let mut q = p("2026-01");
        loop {
            for b in t.ledger.bills(q, None).unwrap() {
                prop_assert!(seen.insert((b.account.clone(), b.period.clone())));
                numbers.push(b.id);
            }
            if q == last { break; }
            q = q.next();
        }
        numbers.sort();
        prop_assert_eq!(numbers, (1..=seen.len() as i64).collect::<Vec<_>>());
    }
}
