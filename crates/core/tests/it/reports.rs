//! The Community Board's report: every indicator against a town built by hand (values worked
//! out from the spec's formulas), empty denominators, the tariff audit on an honest month and
//! after a bill is edited behind the program's back, the Board's records and who may keep
//! them, and the PDF's text.

use super::common::*;
use caudal_core::complaints::{Channel, ComplaintKind, Correction, DecisionRequest, NewComplaint, Outcome};
use caudal_core::fund::OperatorEntry;
use caudal_core::import::ImportOptions;
use caudal_core::quality::NewSample;
use caudal_core::reports::{Indicator, NewMeeting, NewMember};
use caudal_core::{Actor, Lang, Money, Role};
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn find<'a>(rows: &'a [Indicator], period: &str, code: &str) -> &'a Indicator {
    rows.iter()
        .find(|i| i.period == period && i.code == code)
        .unwrap_or_else(|| panic!("{code} of {period}"))
}

fn value(rows: &[Indicator], period: &str, code: &str) -> Option<String> {
    find(rows, period, code).value.clone()
}

/// `n × 100 ÷ d` to 0.1, half up: the spec's percentage, worked out here on its own.
fn pct(n: Decimal, den: Decimal) -> String {
    (n * Decimal::from(100) / den)
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
        .to_string()
}

fn ncb() -> Actor {
    Actor::new("junta", Role::Ncb)
}

/// Four connections (three metered, two with sewer), billed for August to October 2026.
fn town() -> Town {
    let mut t = Town::new();
    t.customers(&format!(
        "{HEADER}01-00001,Rosa Quispe,Jr. Grau 1,Centro,domestico,si,M-1,5,0,si,no\n\
         01-00002,Juan Mamani,Jr. Grau 2,Centro,domestico,si,M-2,5,0,si,no\n\
         01-00003,Ana Ccori,Jr. Grau 3,Centro,domestico,si,M-3,5,0,no,no\n\
         01-00004,Luis Huamán,Jr. Grau 4,Centro,domestico,no,,,,no,no\n"
    ));
    t.readings(&readings_csv(&[
        ("01-00001", "2026-08", Some(10)),
        ("01-00002", "2026-08", Some(12)),
        ("01-00003", "2026-08", Some(8)),
    ]));
    t.issue("2026-08");
    t.readings(&readings_csv(&[
        ("01-00001", "2026-09", Some(30)),
        ("01-00002", "2026-09", Some(27)),
        ("01-00003", "2026-09", Some(20)),
    ]));
    t.issue("2026-09");
    // October: 01-00003's meter is broken.
    let mut oct = readings_csv(&[("01-00001", "2026-10", Some(52)), ("01-00002", "2026-10", Some(40))]);
    oct.push_str("01-00003,2026-10,,2026-10-31,medidor_malogrado\n");
    t.readings(&oct);
    t.issue("2026-10");
    t
}

#[test]
fn every_indicator_against_a_town_built_by_hand() {
    let mut t = town();
    let l = &mut t.ledger;
    l.set_setting(&admin(), "population", "20").unwrap();
    // Money: 01-00001 pays its August and September bills in October (payments settle the
    // oldest first); a payment of 01-00002 is taken and reversed the same month.
    let aug1 = l.bills(p("2026-08"), Some("01-00001")).unwrap().remove(0);
    let sep1 = l.bills(p("2026-09"), Some("01-00001")).unwrap().remove(0);
    let paid = aug1.amount_due.checked_add(sep1.amount_due).unwrap();
    l.record_payment(&clerk(), "01-00001", paid, d("2026-10-10")).unwrap();
    let wrong = l
        .record_payment(&clerk(), "01-00002", Money::from_cents(500), d("2026-10-11"))
        .unwrap();
    l.reverse_payment(
        &clerk(),
        &wrong.payment.number,
        "monto equivocado",
        d("2026-10-12"),
        None,
    )
    .unwrap();
    for (kind, cents) in [("energy", 6_000), ("salaries", 4_000), ("transition_subsidy", 5_000)] {
        l.record_operator_entry(
            &admin(),
            &OperatorEntry {
                kind: kind.into(),
                entry_on: d("2026-10-20"),
                amount: Money::from_cents(cents),
                description: "mes".into(),
                document: "doc".into(),
            },
        )
        .unwrap();
    }
    // Complaints: one filed and decided on time in October.
    let c = l
        .file_complaint(
            &clerk(),
            &NewComplaint {
                account: "01-00002".into(),
                kind: ComplaintKind::Commercial,
                channel: Channel::Counter,
                complainant: "Juan Mamani".into(),
                complainant_id: "41234567".into(),
                relation: None,
                bill: None,
                amount: None,
                description: "Atención".into(),
                contact: String::new(),
                filed_on: Some(d("2026-10-05")),
            },
        )
        .unwrap();
    l.decide_complaint(
        &clerk(),
        &DecisionRequest {
            number: c.number.clone(),
            outcome: Outcome::Unfounded,
            correction: Correction::None,
            reason: "Sin sustento".into(),
            on: Some(d("2026-10-09")),
        },
    )
    .unwrap();
    // Water: two network samples in October (0.6 and 0.4 mg/L; one with coliforms), a plan
    // of four a month.
    let points = t.file("points.csv", b"point,name,kind,sector\nR1,Red 1,network,Centro\n");
    let plan = t.file("plan.csv", b"point,parameter,per_month\nR1,free_chlorine,4\n");
    let l = &mut t.ledger;
    l.import_quality_points(&admin(), &points, ImportOptions::default(), false)
        .unwrap();
    l.import_quality_plan(&admin(), &plan, ImportOptions::default(), false)
        .unwrap();
    let tech = Actor::new("rosa", Role::Technician);
    for (code, chlorine, coliforms, day) in [("M1", "0.6", "<1.8", "2026-10-06"), ("M2", "0.4", "5", "2026-10-07")] {
        l.record_sample(
            &tech,
            &NewSample {
                sample: code.into(),
                point: "R1".into(),
                taken_at: format!("{day} 08:00"),
                taken_by: "rosa".into(),
                by: "operator".into(),
                values: vec![
                    ("free_chlorine".into(), chlorine.into()),
                    ("total_coliforms".into(), coliforms.into()),
                    ("thermotolerant_coliforms".into(), "ND".into()),
                ],
            },
        )
        .unwrap();
    }
    // The Board: a woman and a man since January; a man from 05/11; one October meeting.
    for (name, gender, from) in [
        ("Carmen", "F", "2026-01-01"),
        ("Julio", "M", "2026-01-01"),
        ("Pedro", "M", "2026-11-05"),
    ] {
        l.add_ncb_member(
            &ncb(),
            &NewMember {
                name: name.into(),
                gender: gender.into(),
                post: String::new(),
                from_on: from.into(),
                to_on: String::new(),
            },
        )
        .unwrap();
    }
    l.record_ncb_meeting(
        &ncb(),
        &NewMeeting {
            held_on: "2026-10-15".into(),
            kind: "asamblea".into(),
            women: "3".into(),
            men: "1".into(),
            agreements: "Visitar el reservorio".into(),
            sanction_request: String::new(),
        },
    )
    .unwrap();

    let rows = l.indicators(p("2026-11")).unwrap();
    assert_eq!(rows.len(), 12 * 22, "twelve months of 22 indicators");
    assert_eq!(rows.first().unwrap().period, "2025-12");
    let v = |period: &str, code: &str| value(&rows, period, code);
    let oct = "2026-10";
    // Coverage: 4 active × 4 persons of 20; 2 with sewer.
    assert_eq!(v(oct, "water_coverage").as_deref(), Some("80.0"));
    assert_eq!(find(&rows, oct, "water_coverage").numerator.as_deref(), Some("16"));
    assert_eq!(find(&rows, oct, "water_coverage").denominator.as_deref(), Some("20"));
    assert_eq!(v(oct, "sewer_coverage").as_deref(), Some("40.0"));
    assert_eq!(find(&rows, oct, "water_coverage").meets_target, Some(false));
    // Metering: 3 metered, one broken in October, of 4 active.
    assert_eq!(v(oct, "micrometering").as_deref(), Some("50.0"));
    assert_eq!(v("2026-09", "micrometering").as_deref(), Some("75.0"));
    // Collection: October's payments less the reversal over what the bills issued in October
    // (September's) ask.
    let issued_oct: Decimal = l
        .bills(p("2026-09"), None)
        .unwrap()
        .iter()
        .map(|b| b.amount_due.to_decimal())
        .sum();
    assert_eq!(
        v(oct, "collection_efficiency"),
        Some(pct(paid.to_decimal(), issued_oct))
    );
    assert_eq!(
        find(&rows, oct, "collection_efficiency").numerator.as_deref(),
        Some(paid.plain().as_str())
    );
    // Operating costs: the operator's part of September's bills against S/ 100.00 of costs.
    let for_operator: Decimal = l
        .bills(p("2026-09"), None)
        .unwrap()
        .iter()
        .map(|b| b.subtotal.to_decimal() - b.fund_share.to_decimal())
        .sum();
    assert_eq!(v(oct, "opex_coverage"), Some(pct(for_operator, Decimal::from(100))));
    assert_eq!(v(oct, "transition_subsidy").as_deref(), Some("50.00"));
    assert_eq!(v("2026-11", "transition_subsidy"), None, "nothing recorded in November");
    // Arrears: at the end of November three connections owe three overdue bills (August's,
    // September's and October's); 01-00001 paid the first two and owes one.
    assert_eq!(v("2026-11", "arrears").as_deref(), Some("75.0"));
    // At the end of October the others owe August's and September's: two each.
    assert_eq!(v(oct, "arrears").as_deref(), Some("75.0"));
    assert_eq!(
        v("2026-09", "arrears").as_deref(),
        Some("0.0"),
        "one overdue bill is not arrears"
    );
    // Complaints: 1 filed × 1000 ÷ 4; decided on time; no decision in November.
    assert_eq!(v(oct, "complaints_per_1000").as_deref(), Some("250"));
    assert_eq!(v(oct, "complaints_on_time").as_deref(), Some("100.0"));
    assert_eq!(
        v("2026-11", "complaints_on_time"),
        None,
        "no decision: empty denominator"
    );
    assert_eq!(v(oct, "appeals").as_deref(), Some("0"));
    // Water: one of two samples at 0.5 or more; the rule fails; one of two free of
    // coliforms; two of four planned.
    assert_eq!(v(oct, "chlorine_compliance").as_deref(), Some("50.0"));
    assert_eq!(v(oct, "chlorine_pass").as_deref(), Some("0"));
    assert_eq!(find(&rows, oct, "chlorine_pass").meets_target, Some(false));
    assert_eq!(v(oct, "bacteriological_compliance").as_deref(), Some("50.0"));
    assert_eq!(v(oct, "sampling_plan").as_deref(), Some("50.0"));
    assert_eq!(
        v("2026-11", "sampling_plan").as_deref(),
        Some("0.0"),
        "planned, none taken"
    );
    assert_eq!(
        v("2026-11", "chlorine_compliance"),
        None,
        "no sample: empty denominator"
    );
    // No sectors, no production, no fund: nothing to measure.
    for code in [
        "continuity",
        "non_revenue_water",
        "fund_contributions",
        "fund_spending",
        "fund_balance",
    ] {
        assert_eq!(v(oct, code), None, "{code}");
    }
    // The Board: one woman of two in October, of three in November; 3 of 4 attending.
    assert_eq!(v(oct, "women_board").as_deref(), Some("50.0"));
    assert_eq!(v("2026-11", "women_board").as_deref(), Some("33.3"));
    assert_eq!(v(oct, "women_attendance").as_deref(), Some("75.0"));
    assert_eq!(v("2026-11", "women_attendance"), None);
    // The audit: October's four bills follow the tariff.
    assert_eq!(v(oct, "tariff_audit_mismatches").as_deref(), Some("0"));
    assert_eq!(
        find(&rows, oct, "tariff_audit_mismatches").denominator.as_deref(),
        Some("4")
    );
    assert_eq!(
        v("2026-11", "tariff_audit_mismatches"),
        None,
        "no bills of November yet"
    );

    // A target changed in settings is the one compared; an empty one removes it.
    l.set_setting(&admin(), "target.water_coverage", "75").unwrap();
    l.set_setting(&admin(), "target.micrometering", "").unwrap();
    let rows = l.indicators(p("2026-11")).unwrap();
    assert_eq!(find(&rows, oct, "water_coverage").meets_target, Some(true));
    assert_eq!(find(&rows, oct, "water_coverage").target.as_deref(), Some("75"));
    assert_eq!(find(&rows, oct, "micrometering").target, None);
    assert_eq!(find(&rows, oct, "micrometering").meets_target, None);
    assert!(l.set_setting(&admin(), "target.water_coverage", "mucho").is_err());
    assert!(l.set_setting(&admin(), "target.nothing", "5").is_err());
    assert!(l.set_setting(&admin(), "population", "12,5 personas").is_err());
    assert!(
        l.set_setting(&clerk(), "population", "100").is_err(),
        "settings are the administrator's"
    );

    // The CSV is the same rows.
    let out = t.dir.path().join("indicators.csv");
    assert_eq!(t.ledger.export_indicators(p("2026-11"), &out).unwrap(), 264);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("period,code,label_es,label_en,value,unit,numerator,denominator,target,meets_target\n"));
    assert!(
        text.contains("\n2026-10,water_coverage,Cobertura de agua,Water coverage,80.0,%,16,20,75,yes\n"),
        "{text}"
    );
}

#[test]
fn an_empty_town_has_no_figure_to_give() {
    let t = Town::new();
    let rows = t.ledger.indicators(p("2026-11")).unwrap();
    for i in rows.iter().filter(|i| i.period == "2026-11") {
        match i.code.as_str() {
            "appeals" => assert_eq!(i.value.as_deref(), Some("0")),
            _ => assert_eq!(i.value, None, "{} has nothing to measure", i.code),
        }
        if i.value.is_none() {
            assert_eq!(i.meets_target, None, "{}: no value, no verdict", i.code);
        }
    }
}

#[test]
fn the_audit_finds_a_bill_edited_behind_the_programs_back() {
    let t = town();
    let audit = t.ledger.tariff_audit(p("2026-10")).unwrap();
    assert_eq!((audit.bills, audit.mismatched_bills, audit.without_terms), (4, 0, 0));
    assert!(
        audit
            .sentence(Lang::Es)
            .contains("4 recibos revisados: todos siguen la tarifa aprobada")
    );
    // Someone with sqlite3 lowers one bill's water line (and its totals, to look consistent).
    let bill = t.bill("2026-10", "01-00002");
    let db = rusqlite::Connection::open(t.dir.path().join("caudal.db")).unwrap();
    db.execute_batch(&format!(
        "DROP TRIGGER bills_immutable_update;
         UPDATE bills SET water = water - 500, subtotal = subtotal - 500, month_total = month_total - 500,
                          amount_due = amount_due - 500 WHERE number = '{}';",
        bill.number
    ))
    .unwrap();
    drop(db);
    let audit = t.ledger.tariff_audit(p("2026-10")).unwrap();
    assert_eq!(audit.mismatched_bills, 1);
    let lines: Vec<(&str, &str, &str)> = audit
        .mismatches
        .iter()
        .map(|m| (m.line.as_str(), m.billed.as_str(), m.recomputed.as_str()))
        .collect();
    let water = bill.water.plain();
    let lowered = Money::from_cents(bill.water.cents() - 500).plain();
    assert!(
        lines.contains(&("water", lowered.as_str(), water.as_str())),
        "{lines:?}"
    );
    assert!(
        audit
            .mismatches
            .iter()
            .all(|m| m.bill == bill.number && m.account == "01-00002")
    );
    assert!(
        audit
            .sentence(Lang::Es)
            .contains(&format!("1 no sigue la tarifa aprobada ({})", bill.number))
    );
    // The report is still produced, says the ledger is damaged, and counts the mismatch.
    let report = t.ledger.ncb_report(p("2026-10")).unwrap();
    assert!(!report.ledger_intact);
    assert!(report.summary(Lang::Es).starts_with("ATENCIÓN: la revisión del libro"));
    let i = report
        .this_month()
        .iter()
        .find(|i| i.code == "tariff_audit_mismatches")
        .unwrap();
    assert_eq!((i.value.as_deref(), i.meets_target), (Some("1"), Some(false)));
}

#[test]
fn the_board_keeps_its_own_records_and_no_one_else_does() {
    let mut t = Town::new();
    let meeting = NewMeeting {
        held_on: "2026-11-10".into(),
        kind: "board".into(),
        women: "2".into(),
        men: "1".into(),
        agreements: "Acuerdo".into(),
        sanction_request: "Pedido".into(),
    };
    for role in [Role::Clerk, Role::Technician] {
        let e = t
            .ledger
            .record_ncb_meeting(&Actor::new("x", role), &meeting)
            .unwrap_err();
        assert!(e.message(Lang::Es).contains("Junta Vecinal"), "{}", e.message(Lang::Es));
    }
    let m = t.ledger.record_ncb_meeting(&ncb(), &meeting).unwrap();
    assert_eq!((m.women, m.men, m.kind.as_str()), (2, 1, "board"));
    t.ledger.record_ncb_meeting(&admin(), &meeting).unwrap();
    // Refused with the field named: no one attended, a future date, an unknown kind.
    let bad = |f: fn(&mut NewMeeting)| {
        let mut m = meeting.clone();
        f(&mut m);
        m
    };
    let cases = [
        bad(|m| (m.women, m.men) = ("0".into(), "0".into())),
        bad(|m| m.held_on = "2099-01-01".into()),
        bad(|m| m.kind = "fiesta".into()),
        bad(|m| m.women = "-3".into()),
        bad(|m| m.held_on = "31/02/2026".into()),
    ];
    for m in &cases {
        assert!(t.ledger.record_ncb_meeting(&ncb(), m).is_err(), "{m:?}");
    }
    assert_eq!(t.ledger.ncb_meetings(p("2026-11")).unwrap().len(), 2);
    let member = NewMember {
        name: "Carmen".into(),
        gender: "mujer".into(),
        post: "presidenta".into(),
        from_on: "01/03/2026".into(),
        to_on: "28/02/2026".into(),
    };
    assert!(
        t.ledger.add_ncb_member(&ncb(), &member).is_err(),
        "a term that ends before it begins"
    );
    let m = t
        .ledger
        .add_ncb_member(
            &ncb(),
            &NewMember {
                to_on: String::new(),
                ..member
            },
        )
        .unwrap();
    assert_eq!(
        (m.gender.as_str(), m.post.as_str(), m.from_on.as_str()),
        ("F", "president", "2026-03-01")
    );
    // Append-only and sealed: the database refuses an edit, and a forced one breaks the chain.
    let path = t.dir.path().join("caudal.db");
    let db = rusqlite::Connection::open(&path).unwrap();
    assert!(db.execute("UPDATE ncb_meetings SET women = 9", []).is_err());
    db.execute_batch("DROP TRIGGER ncb_meetings_immutable_update; UPDATE ncb_meetings SET women = 9 WHERE id = 1;")
        .unwrap();
    drop(db);
    let report = t.ledger.verify().unwrap();
    assert!(!report.ok());
    assert!(
        report.problems.iter().any(|p| p.kind == "ncb_meeting"),
        "{:?}",
        report.problems
    );
}

#[test]
fn the_pdf_says_every_indicator_of_the_month() {
    let dir = tempfile::tempdir().unwrap();
    let demo = caudal_demo::build(dir.path(), 120, 12, |_| {}).unwrap();
    let mut ledger = super::common::opened(&demo.ledger);
    let last = demo.last_period;
    let out = dir.path().join("informe.pdf");
    let written = ledger.ncb_report_pdf(last, Lang::Es, &out).unwrap();
    assert!(written.ledger_intact);
    assert_eq!(written.mismatched_bills, 0);
    assert!(written.audited_bills > 100);
    let check = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&out)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&out)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let report = ledger.ncb_report(last).unwrap();
    // The month's arrears are the arrears list's, read at the month's end.
    let rows = ledger.arrears(last.last_day()).unwrap();
    assert!(!rows.is_empty());
    assert_eq!(report.money.accounts_in_arrears, rows.len() as u64);
    assert_eq!(
        report.money.arrears,
        caudal_core::Ledger::arrears_totals(&rows).unwrap()
    );
    for i in report.this_month() {
        assert!(text.contains(&i.label_es), "{} in the PDF", i.label_es);
        let Some(v) = &i.value else { continue };
        let shown = match i.unit.as_str() {
            "S/" => {
                Money::from_cents((Decimal::from_str(v).unwrap() * Decimal::from(100)).try_into().unwrap()).to_string()
            }
            "%" => format!("{v} %"),
            "h/day" => format!("{v} h/día"),
            _ => v.clone(),
        };
        assert!(text.contains(&shown), "{}: «{shown}» in the PDF", i.code);
    }
    let pages = text.matches('\u{c}').count();
    assert!(text.contains(&format!("Página 1 de {pages}")), "page numbers");
    assert!(text.contains("Informe mensual de la Junta Vecinal Comunal"));
    assert!(text.contains(&report.audit.sentence(Lang::Es)));
    assert!(text.contains("Carmen Huamán Torres"), "the demo's board members");
    assert!(text.contains("Pedido a la municipalidad de sancionar al operador"));
    assert!(
        text.contains("Libro revisado por completo al preparar este informe"),
        "no whole check sealed yet"
    );
    // After a whole check (`ledger verify`), the report checks only what came after it: here,
    // the check's own seal.
    assert!(ledger.check(&admin()).unwrap().ok());
    ledger.ncb_report_pdf(last, Lang::Es, &out).unwrap();
    let text = String::from_utf8(
        std::process::Command::new("pdftotext")
            .arg(&out)
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Libro revisado por completo el ")
            && flat.contains("lo registrado después (1 registro), al preparar este informe"),
        "{flat}"
    );
    // English too.
    let en = dir.path().join("report.pdf");
    ledger.ncb_report_pdf(last, Lang::En, &en).unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg(&en)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Community Board monthly report"));
    assert!(!text.contains("Cobertura de agua"), "no Spanish in the English report");
}

/// `report ncb` left its indicators CSV behind when the PDF could not be written, as if the
/// report had been printed. The CSV is written after the PDF.
#[test]
fn a_report_that_cannot_be_printed_leaves_no_indicators_file() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(30))]));
    t.issue("2026-01");
    let csv = t.dir.path().join("indicadores.csv");
    let nowhere = t.dir.path().join("no-existe").join("informe.pdf");
    assert!(
        t.ledger
            .ncb_report_files(p("2026-01"), caudal_core::Lang::Es, &nowhere, Some(&csv))
            .is_err()
    );
    assert!(!csv.exists());
}
