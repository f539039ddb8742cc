//! The billing rules of docs/tariff.md, each on a ledger through the real imports and run, and
//! the published worked example as plain assertions.

use super::common::*;
use caudal_core::billing::{Basis, Pricing, compute};
use caudal_core::readings::MeterReplacement;
use caudal_core::{Actor, Money, Role};

fn m(s: &str) -> Money {
    Money::from_plain(s).unwrap()
}

#[test]
fn worked_example_sedapal_30_m3() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(30))]));
    let out = t.issue("2026-01");
    assert_eq!(out.first_number.as_deref(), Some("S001-00000001"));
    let b = t.bill("2026-01", "01-0001");
    assert_eq!(b.basis, Basis::Measured);
    assert_eq!((b.consumption_m3, b.billed_m3), (30, 30));
    assert_eq!(b.water, m("44.91"));
    assert_eq!(b.sewer, m("20.30"));
    assert_eq!(b.fixed, m("4.89"));
    assert_eq!(b.subtotal, m("70.10"));
    assert_eq!(b.tax, m("12.62"));
    assert_eq!(b.month_total, m("82.72"));
    assert_eq!(b.amount_due, m("82.70"));
    assert_eq!(b.rounding_curr, m("-0.02"));
    assert_eq!(b.rounding_prev, Money::ZERO);
    assert_eq!(b.due_on, "2026-02-18");

    // The next month carries the 0.02 and owes the first bill.
    t.readings(&readings_csv(&[("01-0001", "2026-02", Some(60))]));
    t.issue("2026-02");
    let b2 = t.bill("2026-02", "01-0001");
    assert_eq!(b2.number, "S001-00000002");
    assert_eq!(b2.rounding_prev, m("0.02"));
    assert_eq!(b2.amount_due, m("82.70"));
    assert_eq!(b2.rounding_curr, m("-0.04"));
    assert_eq!(b2.previous_balance, m("82.70"));
    assert_eq!(b2.total_to_pay, m("165.40"));
}

#[test]
fn published_small_cases_by_hand() {
    // Computed by hand from RCD 022-2015-SUNASS-CD: 10 m³ doméstico with sewer.
    let tariff = caudal_core::tariffs::parse(SEDAPAL).unwrap();
    let dom = tariff.category("domestico").unwrap();
    let c = compute(
        Pricing {
            tariff: &tariff,
            category: dom,
            sewer: true,
            subsidized: false,
        },
        10,
        Money::ZERO,
    )
    .unwrap();
    // water 11.16, sewer 5.04, fixed 4.89 → 21.09; IGV 3.7962 → 3.80; 24.89 → 24.90.
    assert_eq!(
        (c.water, c.sewer, c.fixed, c.subtotal),
        (m("11.16"), m("5.04"), m("4.89"), m("21.09"))
    );
    assert_eq!(
        (c.tax, c.month_total, c.amount_due, c.rounding_curr),
        (m("3.80"), m("24.89"), m("24.90"), m("0.01"))
    );
    // 0 m³ without sewer pays only the fixed charge and its tax: 4.89 + 0.88 = 5.77 → 5.80.
    let c = compute(
        Pricing {
            tariff: &tariff,
            category: dom,
            sewer: false,
            subsidized: false,
        },
        0,
        Money::ZERO,
    )
    .unwrap();
    assert_eq!(
        (c.water, c.sewer, c.tax, c.amount_due),
        (Money::ZERO, Money::ZERO, m("0.88"), m("5.80"))
    );
}

#[test]
fn range_method_minimum_and_sewer_percent() {
    let tariff = caudal_core::tariffs::parse(SEDAPAL).unwrap();
    let com = tariff.category("comercial").unwrap();
    let pricing = Pricing {
        tariff: &tariff,
        category: com,
        sewer: true,
        subsidized: false,
    };
    // 3 m³ is below the 8 m³ minimum: 8 × 4.858 = 38.864 → 38.86; sewer 45% of 38.864 = 17.4888 → 17.49.
    let c = compute(pricing, 3, Money::ZERO).unwrap();
    assert_eq!((c.consumption_m3, c.billed_m3), (3, 8));
    assert_eq!((c.water, c.sewer), (m("38.86"), m("17.49")));
    // Range: 1000 m³ stays in the first block; 1001 m³ is all at 5.212.
    assert_eq!(compute(pricing, 1000, Money::ZERO).unwrap().water, m("4858.00"));
    assert_eq!(compute(pricing, 1001, Money::ZERO).unwrap().water, m("5217.21"));
}

const WITH_FUND: &str = r#"
[fund]
percent = "0.05"
purposes = { subsidy = "0.50", environment = "0.25", hygiene = "0.25" }

[subsidy]
percent = "0.50"
max_m3 = 10
"#;

#[test]
fn subsidy_and_fund_share() {
    let doc = SEDAPAL.replacen(
        "[categories.domestico]",
        &format!("{WITH_FUND}\n[categories.domestico]"),
        1,
    );
    let tariff = caudal_core::tariffs::parse(&doc).unwrap();
    let dom = tariff.category("domestico").unwrap();
    let c = compute(
        Pricing {
            tariff: &tariff,
            category: dom,
            sewer: true,
            subsidized: true,
        },
        30,
        Money::ZERO,
    )
    .unwrap();
    // Subsidy: 50% of the first 10 m³ of water and sewer: 0.5 × (11.16 + 5.04) = 8.10.
    assert_eq!(c.subsidy, m("-8.10"));
    assert_eq!(c.subtotal, m("62.00"));
    // Fund share: 5% of water + sewer + fixed = 0.05 × 70.10 = 3.505 → 3.51.
    assert_eq!(c.fund_share, m("3.51"));
    // Not subsidized: no subsidy line, same fund share.
    let c = compute(
        Pricing {
            tariff: &tariff,
            category: dom,
            sewer: true,
            subsidized: false,
        },
        30,
        Money::ZERO,
    )
    .unwrap();
    assert_eq!((c.subsidy, c.fund_share), (Money::ZERO, m("3.51")));
}

#[test]
fn unmetered_connections_are_assigned_their_category_volume() {
    let mut t = Town::new();
    t.customers(&format!(
        "{HEADER}02-0001,Juan Mamani,Calle Lima 4,Alto,domestico,no,,,,no,no\n"
    ));
    t.issue("2026-01");
    let b = t.bill("2026-01", "02-0001");
    assert_eq!((b.basis, b.consumption_m3, b.billed_m3), (Basis::Assigned, 18, 18));
    assert_eq!(b.sewer, Money::ZERO);
}

#[test]
fn rollover_is_billed_and_an_implausible_lower_reading_refused() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 4, 9990));
    let s = t.readings(&readings_csv(&[("01-0001", "2026-01", Some(15))]));
    assert_eq!(s.warnings.len(), 1, "a rollover is stored with a warning");
    t.issue("2026-01");
    assert_eq!(t.bill("2026-01", "01-0001").consumption_m3, 25);
    // From 15, a reading of 9000 going backwards would be 9000 m³ round the dial: refused.
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 1250));
    let err = t
        .try_readings(&readings_csv(&[("01-0001", "2026-01", Some(1240))]))
        .unwrap_err();
    let msg = err.message(caudal_core::Lang::Es);
    assert!(
        msg.contains("fila 2") && msg.contains("1240") && msg.contains("1250"),
        "{msg}"
    );
}

#[test]
fn estimates_from_the_average_and_settlement_on_the_next_reading() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 100));
    // Nothing measured yet: the first estimate is the category's assignment (18).
    t.readings(&readings_csv(&[("01-0001", "2026-01", None)]));
    t.issue("2026-01");
    let b = t.bill("2026-01", "01-0001");
    assert_eq!((b.basis, b.consumption_m3), (Basis::Estimated, 18));
    // The next real reading settles: 140 − 100 − 18 = 22.
    t.readings(&readings_csv(&[
        ("01-0001", "2026-02", Some(140)),
        ("01-0001", "2026-03", Some(151)),
        ("01-0001", "2026-04", Some(164)),
    ]));
    t.issue("2026-02");
    assert_eq!(t.bill("2026-02", "01-0001").consumption_m3, 22);
    t.issue("2026-03");
    t.issue("2026-04");
    // Measured 22, 11, 13: average 15.33 → 15 m³ estimated, no reading at all this time.
    t.issue("2026-05");
    let b = t.bill("2026-05", "01-0001");
    assert_eq!(
        (b.basis, b.consumption_m3, b.curr_reading),
        (Basis::Estimated, 15, None)
    );
    // Broken meter: estimated again, 15 (half-up of (22+11+13)/3).
    t.readings("account,period,reading,read_on,status\n01-0001,2026-06,,2026-06-30,medidor_malogrado\n");
    t.issue("2026-06");
    assert_eq!(t.bill("2026-06", "01-0001").consumption_m3, 15);
    // Real reading 200: 200 − 164 − 30 estimated = 6.
    t.readings(&readings_csv(&[("01-0001", "2026-07", Some(200))]));
    t.issue("2026-07");
    let b = t.bill("2026-07", "01-0001");
    assert_eq!(
        (b.basis, b.consumption_m3, b.prev_reading, b.curr_reading),
        (Basis::Measured, 6, Some(164), Some(200))
    );
    // Estimates larger than what was used never bill below 0.
    t.readings(&readings_csv(&[
        ("01-0001", "2026-08", None),
        ("01-0001", "2026-09", Some(201)),
    ]));
    t.issue("2026-08");
    t.issue("2026-09");
    assert_eq!(t.bill("2026-09", "01-0001").consumption_m3, 0);
}

#[test]
fn meter_replacement_adds_both_stretches() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 1000));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(1020))]));
    t.issue("2026-01");
    let tech = Actor::new("rosa", Role::Technician);
    let replacement = |date: &str| MeterReplacement {
        account: "01-0001".into(),
        date: caudal_core::period::parse_date(date).unwrap(),
        final_reading: 1027,
        serial: "NEW-1".into(),
        initial_reading: 5,
        digits: 5,
    };
    t.ledger.replace_meter(&tech, &replacement("2026-02-10")).unwrap();
    t.readings(&readings_csv(&[("01-0001", "2026-02", Some(17))]));
    t.issue("2026-02");
    // (1027 − 1020) + (17 − 5) = 19.
    let b = t.bill("2026-02", "01-0001");
    assert_eq!((b.consumption_m3, b.meter_serial.as_deref()), (19, Some("NEW-1")));

    // Replaced without a reading on the new meter: the old stretch alone, and the next
    // reading counts from the new meter's initial reading.
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 1000));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(1020))]));
    t.issue("2026-01");
    t.ledger.replace_meter(&tech, &replacement("2026-02-10")).unwrap();
    t.issue("2026-02");
    let b = t.bill("2026-02", "01-0001");
    assert_eq!((b.basis, b.consumption_m3), (Basis::Measured, 7));
    t.readings(&readings_csv(&[("01-0001", "2026-03", Some(16))]));
    t.issue("2026-03");
    assert_eq!(t.bill("2026-03", "01-0001").consumption_m3, 11);
}

#[test]
fn a_meter_replacement_cannot_rewrite_a_billed_period() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 1000));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(1020))]));
    t.issue("2026-01");
    let r = MeterReplacement {
        account: "01-0001".into(),
        date: caudal_core::period::parse_date("2026-01-20").unwrap(),
        final_reading: 1020,
        serial: "X".into(),
        initial_reading: 0,
        digits: 5,
    };
    assert_eq!(t.ledger.replace_meter(&admin(), &r).unwrap_err().code(), "conflict");
    let lower = MeterReplacement {
        date: caudal_core::period::parse_date("2026-02-02").unwrap(),
        final_reading: 1010,
        ..r
    };
    assert_eq!(
        t.ledger.replace_meter(&admin(), &lower).unwrap_err().code(),
        "meter_final"
    );
}

#[test]
fn atypical_reading_is_held_until_confirmed_then_issued_with_the_next_number() {
    let mut t = Town::new();
    t.customers(&format!(
        "{}01-0002,Luis Rojas,Jr. Junín 5,Centro,domestico,si,M-2,5,0,si,no\n",
        one_customer("01-0001", 5, 0)
    ));
    let months = ["2026-01", "2026-02", "2026-03"];
    for (i, month) in months.iter().enumerate() {
        let v = (i as u64 + 1) * 10;
        t.readings(&readings_csv(&[
            ("01-0001", month, Some(v)),
            ("01-0002", month, Some(v)),
        ]));
        t.issue(month);
    }
    // Average 10: 60 m³ is more than twice and 18 above it.
    t.readings(&readings_csv(&[
        ("01-0001", "2026-04", Some(90)),
        ("01-0002", "2026-04", Some(40)),
    ]));
    let preview = t.ledger.preview_run(p("2026-04")).unwrap();
    assert_eq!(preview.held.len(), 1);
    assert_eq!(preview.held[0].account, "01-0001");
    assert_eq!(preview.held[0].atypical.consumption_m3, 60);
    let out = t.issue("2026-04");
    assert_eq!((out.issued, out.held), (1, 1));
    assert_eq!(out.first_number.as_deref(), Some("S001-00000007"));
    t.ledger.confirm_reading(&clerk(), "01-0001", p("2026-04")).unwrap();
    let again = t.issue("2026-04");
    assert_eq!(
        (again.issued, again.already_billed, again.first_number.as_deref()),
        (1, 1, Some("S001-00000008"))
    );
    assert_eq!(t.bill("2026-04", "01-0001").consumption_m3, 60);
    // A third issue finds nothing to do and numbers nothing.
    let none = t.issue("2026-04");
    assert_eq!((none.issued, none.first_number), (0, None));
    assert!(t.ledger.verify().unwrap().ok());
}

#[test]
fn roles_are_enforced_by_the_core() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    let tech = Actor::new("rosa", Role::Technician);
    let err = t.ledger.issue_run(&tech, p("2026-01"), None, |_, _| true).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert!(err.message(caudal_core::Lang::En).contains("issue bills"));
    let board = Actor::new("junta", Role::Ncb);
    assert_eq!(t.ledger.import_tariff(&board, SEDAPAL).unwrap_err().code(), "forbidden");
    assert!(t.ledger.bills(p("2026-01"), None).unwrap().is_empty());
}

#[test]
fn cancelling_an_issue_leaves_nothing() {
    let mut t = Town::new();
    let mut csv = HEADER.to_string();
    for i in 0..600 {
        csv.push_str(&format!(
            "03-{i:04},Cliente {i},Av. Grau {i},Centro,domestico,no,,,,si,no\n"
        ));
    }
    t.customers(&csv);
    let err = t
        .ledger
        .issue_run(&clerk(), p("2026-01"), Some(p("2026-02").first_day()), |done, _| {
            done < 300
        })
        .unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert!(t.ledger.bills(p("2026-01"), None).unwrap().is_empty());
    assert_eq!(t.issue("2026-01").first_number.as_deref(), Some("S001-00000001"));
}

#[test]
fn future_periods_and_dates_are_refused() {
    let mut t = Town::new();
    let today = t.ledger.clock().today();
    let next = caudal_core::Period::of(today).next();
    // A period is billed only after it has ended: neither next month nor this one.
    assert_eq!(t.ledger.preview_run(next).unwrap_err().code(), "period_not_ended");
    let this = caudal_core::Period::of(today);
    assert_eq!(t.ledger.preview_run(this).unwrap_err().code(), "period_not_ended");
    t.customers(&one_customer("01-0001", 5, 0));
    let err = t
        .try_readings(&format!("account,period,reading,read_on\n01-0001,{next},5,{today}\n"))
        .unwrap_err();
    assert!(err.message(caudal_core::Lang::En).contains("future period"));
}

#[test]
fn tariff_documents_are_validated_field_by_field() {
    let bad = SEDAPAL
        .replace("fixed_charge = \"4.886\"", "fixed_charge = 4.886")
        .replace("pay_rounding = \"0.10\"", "pay_rounding = \"0.20\"")
        .replace("water = [[0, \"1.116\"], [10", "water = [[5, \"1.116\"], [10");
    let err = caudal_core::tariffs::parse(&bad)
        .unwrap_err()
        .message(caudal_core::Lang::En);
    assert!(err.contains("field fixed_charge"), "{err}");
    assert!(err.contains("field pay_rounding"), "{err}");
    assert!(err.contains("categories.domestico.water[1]"), "{err}");
    let no_approval = SEDAPAL.replace("approval = \"RCD 022-2015-SUNASS-CD\"", "approval = \"  \"");
    assert!(
        caudal_core::tariffs::parse(&no_approval)
            .unwrap_err()
            .message(caudal_core::Lang::Es)
            .contains("campo approval")
    );
    let both = SEDAPAL.replace(
        "sewer_percent_of_water = \"0.45\"",
        "sewer_percent_of_water = \"0.45\"\nsewer = [[0, \"1\"]]",
    );
    assert!(caudal_core::tariffs::parse(&both).is_err());
    let shares = SEDAPAL.replacen(
        "[categories.domestico]",
        &format!(
            "{}\n[categories.domestico]",
            WITH_FUND.replace("\"0.25\" }", "\"0.20\" }")
        ),
        1,
    );
    assert!(
        caudal_core::tariffs::parse(&shares)
            .unwrap_err()
            .message(caudal_core::Lang::En)
            .contains("add up to 0.95")
    );
    assert_eq!(
        caudal_core::tariffs::parse("format = 1\nname = [").unwrap_err().code(),
        "tariff_syntax"
    );
}

#[test]
fn a_new_tariff_must_start_after_the_one_bills_used() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    t.issue("2026-01");
    let same = SEDAPAL.replace("fixed_charge = \"4.886\"", "fixed_charge = \"5.000\"");
    let err = t.ledger.import_tariff(&admin(), &same).unwrap_err();
    assert!(
        err.message(caudal_core::Lang::En).contains("effective_from"),
        "{}",
        err.message(caudal_core::Lang::En)
    );
    let later = same.replace("effective_from = \"2026-01\"", "effective_from = \"2026-03\"");
    t.ledger.import_tariff(&admin(), &later).unwrap();
    assert_eq!(
        t.ledger
            .tariff_for(p("2026-02"))
            .unwrap()
            .tariff
            .fixed_charge
            .to_string(),
        "4.886"
    );
    assert_eq!(
        t.ledger
            .tariff_for(p("2026-03"))
            .unwrap()
            .tariff
            .fixed_charge
            .to_string(),
        "5.000"
    );
    // Importing the same document again changes nothing.
    assert!(matches!(
        t.ledger.import_tariff(&admin(), &later).unwrap(),
        caudal_core::tariffs::TariffImport::Unchanged(_)
    ));
}

#[test]
fn a_tariff_without_a_category_in_use_is_said_at_import() {
    let mut t = Town::new();
    t.customers(&format!(
        "{}01-0002,Luis Rojas,Jr. Junín 5,Centro,comercial,si,M-2,5,0,si,no\n01-0003,Eva Soto,Jr. Lima 9,Centro,comercial,si,M-3,5,0,si,no\n",
        one_customer("01-0001", 5, 0)
    ));
    let tariff = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sedapal.toml")).unwrap();
    // The same tariff, from a later month, with its commercial category taken out.
    let start = tariff
        .find("[categories.comercial]")
        .expect("the fixture prices comercial");
    let end = tariff[start + 1..]
        .find("\n[categories.")
        .map_or(tariff.len(), |i| start + 1 + i);
    let without = format!("{}{}", &tariff[..start], &tariff[end..])
        .replace("effective_from = \"2026-01\"", "effective_from = \"2026-06\"");
    let outcome = t.ledger.import_tariff(&admin(), &without).unwrap();
    let gaps = t.ledger.tariff_gaps(outcome.id()).unwrap();
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!((gaps[0].category.as_str(), gaps[0].connections), ("comercial", 2));
    assert!(
        gaps[0].message.es.contains("que usan 2 conexiones"),
        "{}",
        gaps[0].message.es
    );
    assert!(
        gaps[0].message.en.contains("which 2 connections use:"),
        "{}",
        gaps[0].message.en
    );
    // The tariff that prices every category in use has nothing to say.
    let first = t
        .ledger
        .tariffs()
        .unwrap()
        .iter()
        .find(|s| s.tariff.effective_from.to_string() == "2026-01")
        .unwrap()
        .id;
    assert!(t.ledger.tariff_gaps(first).unwrap().is_empty());
}
