//! Complaints (docs/complaints.md): deadlines against a calendar computed here independently,
//! the filing window, positive silence and finality, the frozen disputed amount, credit notes
//! from decisions, who may do what, and the constancia and decision letter as real PDFs.

use super::common::*;
use caudal_core::complaints::{
    Channel, ComplaintKind, ComplaintState, Correction, DecisionRequest, NewComplaint, Outcome,
};
use caudal_core::{Actor, Money, Role};
use chrono::{Days, NaiveDate};

pub(super) fn day(s: &str) -> NaiveDate {
    caudal_core::period::parse_date(s).unwrap()
}

pub(super) fn m(s: &str) -> Money {
    Money::from_plain(s).unwrap()
}

/// One metered domestic connection billed for January to March 2026 (issued the 3rd of the
/// next month, due 15 days later), 20 m³ a month.
pub(super) fn billed_town(tariff: &str) -> Town {
    let mut t = Town::with_tariff(tariff);
    t.customers(&format!(
        "{HEADER}01-0001,Rosa Quispe,Jr. Grau 123,Centro,domestico,si,M-1,5,0,si,si\n\
         01-0002,Juan Ccori,Jr. Grau 125,Centro,domestico,si,M-2,5,0,si,no\n"
    ));
    for (i, period) in ["2026-01", "2026-02", "2026-03"].iter().enumerate() {
        let r = 20 * (i as u64 + 1);
        t.readings(&readings_csv(&[
            ("01-0001", period, Some(r)),
            ("01-0002", period, Some(r)),
        ]));
        t.issue(period);
    }
    t
}

pub(super) fn billing(account: &str, bill: &str, amount: Option<Money>, filed: &str) -> NewComplaint {
    NewComplaint {
        account: account.into(),
        kind: ComplaintKind::Billing,
        channel: Channel::Counter,
        complainant: "Rosa Quispe".into(),
        complainant_id: "41234567".into(),
        relation: None,
        bill: Some(bill.into()),
        amount: amount.map(|a| a.plain()),
        description: "El consumo no es el real".into(),
        contact: "Jr. Grau 123".into(),
        filed_on: Some(day(filed)),
    }
}

pub(super) fn decision(number: &str, outcome: Outcome, correction: Correction, on: &str) -> DecisionRequest {
    DecisionRequest {
        number: number.into(),
        outcome,
        correction,
        reason: "Revisado".into(),
        on: Some(day(on)),
    }
}

#[test]
fn a_late_complaint_is_refused_naming_the_last_day() {
    let mut t = billed_town(SEDAPAL);
    let bill = t.bill("2026-01", "01-0001");
    assert_eq!(bill.due_on, "2026-02-18");
    // 60 calendar days after 18/02/2026: 19/04/2026.
    let err = t
        .ledger
        .file_complaint(&clerk(), &billing("01-0001", &bill.number, None, "2026-04-20"))
        .unwrap_err();
    assert!(
        err.message(caudal_core::Lang::Es).contains("19/04/2026"),
        "{}",
        err.message(caudal_core::Lang::Es)
    );
    let filed = t
        .ledger
        .file_complaint(&clerk(), &billing("01-0001", &bill.number, None, "2026-04-17"))
        .unwrap();
    assert_eq!(filed.number, "REC-2026-00001");
    assert_eq!(
        filed.complaint.disputed, bill.amount_due,
        "the bill's amount due by default"
    );
    // More than the bill asks, another account's bill, a second open complaint: refused.
    let more = bill.amount_due.checked_add(m("0.01")).unwrap();
    let bill2 = t.bill("2026-02", "01-0001");
    assert!(
        t.ledger
            .file_complaint(&clerk(), &billing("01-0001", &bill2.number, Some(more), "2026-04-17"))
            .is_err()
    );
    assert!(
        t.ledger
            .file_complaint(&clerk(), &billing("01-0002", &bill2.number, None, "2026-04-17"))
            .is_err()
    );
    assert_eq!(
        t.ledger
            .file_complaint(&clerk(), &billing("01-0001", &bill.number, None, "2026-04-17"))
            .unwrap_err()
            .code(),
        "conflict"
    );
    // The numbering is gapless within the year.
    let second = t
        .ledger
        .file_complaint(&clerk(), &billing("01-0001", &bill2.number, None, "2026-04-17"))
        .unwrap();
    assert_eq!(second.number, "REC-2026-00002");
}

#[test]
fn silence_founds_the_complaint_and_finality_follows_and_a_second_sweep_does_nothing() {
    let mut t = billed_town(SEDAPAL);
    let bill = t.bill("2026-03", "01-0001");
    let disputed = m("20.00");
    let filed = t
        .ledger
        .file_complaint(
            &clerk(),
            &billing("01-0001", &bill.number, Some(disputed), "2026-04-10"),
        )
        .unwrap();
    let cal = t.ledger.calendar().unwrap();
    let due = cal.working_days_after(day("2026-04-10"), 30);
    assert_eq!(filed.decision_due, due.to_string());
    // The day of the deadline: nothing yet.
    let r = t.ledger.sweep_complaints(&admin(), Some(due)).unwrap();
    assert!(r.silenced.is_empty() && r.finalized.is_empty());
    // The day after: founded by silence, dated that day, with the credit of the disputed amount.
    let silence_day = due + Days::new(1);
    let r = t.ledger.sweep_complaints(&admin(), Some(silence_day)).unwrap();
    assert_eq!(r.silenced, vec![filed.number.clone()]);
    let c = t.ledger.complaint(&filed.number).unwrap();
    assert_eq!(c.state, ComplaintState::Decided);
    assert!(c.progress.by_silence);
    assert_eq!(c.progress.decided_on.as_deref(), Some(silence_day.to_string().as_str()));
    assert_eq!(
        c.progress.notified_on, c.progress.decided_on,
        "silence counts as notified on its date"
    );
    assert!(
        c.progress.credited <= disputed && c.progress.credited >= m("19.95"),
        "{}",
        c.progress.credited
    );
    // Then the windows close and it is final; a second sweep of today records nothing.
    let r = t.ledger.sweep_complaints(&admin(), None).unwrap();
    assert_eq!(r.finalized, vec![filed.number.clone()]);
    let c = t.ledger.complaint(&filed.number).unwrap();
    let window = cal.working_days_after(silence_day, 15);
    assert_eq!(c.state, ComplaintState::Final);
    assert_eq!(
        c.progress.final_on.as_deref(),
        Some((window + Days::new(1)).to_string().as_str())
    );
    let again = t.ledger.sweep_complaints(&admin(), None).unwrap();
    assert!(again.silenced.is_empty() && again.finalized.is_empty());
    let steps = t.ledger.complaint(&filed.number).unwrap().steps.len();
    assert_eq!(steps, 2, "silence and finality, once each");
    assert!(t.ledger.verify().unwrap().ok());
}

#[test]
fn a_disputed_amount_is_frozen_in_arrears_the_disconnection_list_and_a_cut() {
    let mut t = billed_town(SEDAPAL);
    let today = t.ledger.clock().today();
    // Two bills unpaid and overdue: on the disconnection list.
    let jan = t.bill("2026-01", "01-0002");
    let feb = t.bill("2026-02", "01-0002");
    let before = t.ledger.accounts(day("2026-03-25")).unwrap();
    let row = before.iter().find(|r| r.account == "01-0002").unwrap();
    assert_eq!(row.overdue_charges, 2);
    assert!(
        t.ledger
            .disconnection_list(day("2026-03-25"))
            .unwrap()
            .iter()
            .any(|r| r.account == "01-0002")
    );
    // February's bill disputed whole on 20/03: only January is overdue after that.
    let c = t
        .ledger
        .file_complaint(&clerk(), &billing("01-0002", &feb.number, None, "2026-03-20"))
        .unwrap();
    let rows = t.ledger.accounts(day("2026-03-25")).unwrap();
    let row = rows.iter().find(|r| r.account == "01-0002").unwrap();
    assert_eq!(row.overdue_charges, 1);
    assert_eq!(row.disputed, feb.amount_due);
    assert_eq!(row.overdue, jan.amount_due);
    assert_eq!(
        row.balance,
        jan.amount_due.checked_add(feb.amount_due).unwrap(),
        "the balance is whole"
    );
    assert!(
        !t.ledger
            .disconnection_list(day("2026-03-25"))
            .unwrap()
            .iter()
            .any(|r| r.account == "01-0002")
    );
    let arrears = t.ledger.arrears(day("2026-03-25")).unwrap();
    assert_eq!(
        arrears.iter().find(|r| r.account == "01-0002").unwrap().total,
        jan.amount_due
    );
    // The day before it was filed, nothing was frozen: history does not move.
    let rows = t.ledger.accounts(day("2026-03-19")).unwrap();
    assert_eq!(
        rows.iter().find(|r| r.account == "01-0002").unwrap().disputed,
        Money::ZERO
    );
    // A cut is refused while only one charge is overdue apart from the dispute …
    let err = t
        .ledger
        .cut_service(&clerk(), "01-0002", day("2026-03-25"), "deuda")
        .unwrap_err();
    assert!(err.message(caudal_core::Lang::Es).contains(&c.number));
    // … and allowed once March's bill is overdue too (two charges besides the disputed one).
    let statement = t.ledger.statement("01-0002").unwrap();
    assert_eq!(statement.disputed, feb.amount_due);
    let mar_due = day(&t.bill("2026-03", "01-0002").due_on);
    let cut_day = mar_due + Days::new(1);
    assert!(cut_day <= today);
    t.ledger.cut_service(&clerk(), "01-0002", cut_day, "deuda").unwrap();
    // Withdrawn: overdue again from the day after.
    t.ledger
        .withdraw_complaint(&clerk(), &c.number, "Pagará", Some(day("2026-04-25")))
        .unwrap();
    let on = |d: &str| {
        t.ledger
            .accounts(day(d))
            .unwrap()
            .into_iter()
            .find(|r| r.account == "01-0002")
            .unwrap()
    };
    assert_eq!(on("2026-04-25").disputed, feb.amount_due);
    assert_eq!(on("2026-04-26").disputed, Money::ZERO);
    assert_eq!(on("2026-04-26").overdue_charges, 3);
}

#[test]
fn a_founded_decision_by_corrected_volume_leaves_the_bill_recomputed_at_that_volume() {
    let mut t = billed_town(&super::accounts::fund_tariff());
    // March: 20 m³ billed (reading 60 after 40); the complaint says it was 12.
    let bill = t.bill("2026-03", "01-0001");
    assert_eq!(bill.consumption_m3, 20);
    let c = t
        .ledger
        .file_complaint(&clerk(), &billing("01-0001", &bill.number, None, "2026-04-10"))
        .unwrap();
    t.ledger
        .decide_complaint(
            &clerk(),
            &decision(&c.number, Outcome::Founded, Correction::Volume { m3: 12 }, "2026-04-20"),
        )
        .unwrap();
    // The same bill priced independently at 12 m³ by the pure pricing function.
    let stored = t.ledger.tariff_for(p("2026-03")).unwrap().tariff;
    let category = stored.category("domestico").unwrap();
    let again = caudal_core::billing::compute(
        caudal_core::billing::Pricing {
            tariff: &stored,
            category,
            sewer: true,
            subsidized: true,
        },
        12,
        Money::ZERO,
    )
    .unwrap();
    let note = t
        .ledger
        .notes_of_bill(&bill.number)
        .unwrap()
        .pop()
        .expect("a credit note");
    let plus = |a: Money, b: Money| a.checked_sub(b).unwrap();
    assert_eq!(plus(bill.water, note.water), again.water);
    assert_eq!(plus(bill.sewer, note.sewer), again.sewer);
    assert_eq!(plus(bill.fixed, note.fixed), again.fixed);
    assert_eq!(
        bill.subsidy.checked_add(note.subsidy).unwrap(),
        again.subsidy,
        "the subsidy line is negative"
    );
    assert_eq!(plus(bill.tax, note.tax), again.tax);
    assert_eq!(bill.month_total.checked_add(note.total).unwrap(), again.month_total);
    assert_eq!(bill.fund_share.checked_add(note.fund_share).unwrap(), again.fund_share);
    let c = t.ledger.complaint(&c.number).unwrap();
    assert_eq!(c.progress.credited, note.total.checked_neg().unwrap());
    // A volume that would charge more, and "partly" without a correction, are refused.
    let bill2 = t.bill("2026-03", "01-0002");
    let c2 = t
        .ledger
        .file_complaint(&clerk(), &billing("01-0002", &bill2.number, None, "2026-04-10"))
        .unwrap();
    assert!(
        t.ledger
            .decide_complaint(
                &clerk(),
                &decision(
                    &c2.number,
                    Outcome::Founded,
                    Correction::Volume { m3: 40 },
                    "2026-04-20"
                )
            )
            .is_err()
    );
    assert!(
        t.ledger
            .decide_complaint(
                &clerk(),
                &decision(&c2.number, Outcome::Partly, Correction::None, "2026-04-20")
            )
            .is_err()
    );
    // Founded with no correction credits the disputed amount (or the nearest below it).
    t.ledger
        .decide_complaint(
            &clerk(),
            &decision(&c2.number, Outcome::Founded, Correction::None, "2026-04-20"),
        )
        .unwrap();
    let c2 = t.ledger.complaint(&c2.number).unwrap();
    assert!(
        c2.progress.credited <= bill2.amount_due
            && c2.progress.credited >= bill2.amount_due.checked_sub(m("0.05")).unwrap()
    );
}

#[test]
fn each_role_does_only_its_part() {
    let mut t = billed_town(SEDAPAL);
    let tech = Actor::new("rosa", Role::Technician);
    let board = Actor::new("junta", Role::Ncb);
    let bill = t.bill("2026-03", "01-0001");
    let mut operational = billing("01-0001", &bill.number, None, "2026-04-10");
    assert_eq!(
        t.ledger.file_complaint(&tech, &operational).unwrap_err().code(),
        "forbidden"
    );
    operational.kind = ComplaintKind::Operational;
    operational.bill = None;
    t.ledger.file_complaint(&tech, &operational).unwrap();
    assert_eq!(
        t.ledger.file_complaint(&board, &operational).unwrap_err().code(),
        "forbidden"
    );
    let c = t
        .ledger
        .file_complaint(
            &clerk(),
            &billing("01-0001", &bill.number, Some(m("5.00")), "2026-04-10"),
        )
        .unwrap();
    assert_eq!(
        t.ledger
            .decide_complaint(
                &tech,
                &decision(&c.number, Outcome::Unfounded, Correction::None, "2026-04-20")
            )
            .unwrap_err()
            .code(),
        "forbidden"
    );
    t.ledger
        .decide_complaint(
            &clerk(),
            &decision(&c.number, Outcome::Unfounded, Correction::None, "2026-04-20"),
        )
        .unwrap();
    t.ledger
        .notify_complaint(&clerk(), &c.number, Some(day("2026-04-21")))
        .unwrap();
    t.ledger
        .appeal_complaint(&clerk(), &c.number, "No estoy de acuerdo", Some(day("2026-04-28")))
        .unwrap();
    let ncb = decision(&c.number, Outcome::Founded, Correction::None, "2026-05-05");
    for who in [clerk(), admin(), tech] {
        assert_eq!(
            t.ledger.ncb_decide_complaint(&who, &ncb).unwrap_err().code(),
            "forbidden",
            "{:?}",
            who.role
        );
    }
    let c = t.ledger.ncb_decide_complaint(&board, &ncb).unwrap();
    assert_eq!(c.state, ComplaintState::Final);
    assert_eq!(c.progress.credited, m("5.00"));
    assert_eq!(c.progress.final_on.as_deref(), Some("2026-05-05"));
}

#[test]
fn a_reconsideration_not_decided_in_time_is_founded_by_silence_and_a_late_appeal_is_refused() {
    let mut t = billed_town(SEDAPAL);
    let bill = t.bill("2026-02", "01-0001");
    let c = t
        .ledger
        .file_complaint(
            &clerk(),
            &billing("01-0001", &bill.number, Some(m("10.00")), "2026-03-10"),
        )
        .unwrap();
    t.ledger
        .decide_complaint(
            &clerk(),
            &decision(&c.number, Outcome::Unfounded, Correction::None, "2026-03-20"),
        )
        .unwrap();
    // Not yet notified: no window is open.
    assert!(
        t.ledger
            .reconsider_complaint(&clerk(), &c.number, "No", Some(day("2026-03-21")))
            .is_err()
    );
    let notified = t
        .ledger
        .notify_complaint(&clerk(), &c.number, Some(day("2026-03-23")))
        .unwrap();
    let cal = t.ledger.calendar().unwrap();
    let window = cal.working_days_after(day("2026-03-23"), 15);
    assert_eq!(notified.progress.next_due.as_deref(), Some(window.to_string().as_str()));
    let asked = t
        .ledger
        .reconsider_complaint(&clerk(), &c.number, "Pido relectura", Some(day("2026-03-30")))
        .unwrap();
    assert_eq!(asked.state, ComplaintState::InReconsideration);
    let due = cal.working_days_after(day("2026-03-30"), 15);
    // Holy Week 2026 (2 and 3 April) is inside those 15 working days.
    assert_eq!(due, day("2026-04-22"));
    assert_eq!(asked.progress.reconsideration_due.as_deref(), Some("2026-04-22"));
    // A second reconsideration is refused; the operator's decision after the deadline too.
    assert!(
        t.ledger
            .reconsider_complaint(&clerk(), &c.number, "Otra", Some(day("2026-03-31")))
            .is_err()
    );
    let late = t.ledger.decide_complaint(
        &clerk(),
        &decision(&c.number, Outcome::Unfounded, Correction::None, "2026-04-23"),
    );
    assert!(late.unwrap_err().message(caudal_core::Lang::Es).contains("silencio"));
    let r = t.ledger.sweep_complaints(&admin(), Some(day("2026-04-23"))).unwrap();
    assert_eq!(r.silenced, vec![c.number.clone()]);
    let c2 = t.ledger.complaint(&c.number).unwrap();
    assert_eq!(c2.progress.reconsideration_outcome, Some(Outcome::Founded));
    // What was disputed, or the nearest below it that the tax rounding allows (here 9.99).
    let credited = c2.progress.credited;
    assert!(credited <= m("10.00") && credited >= m("9.98"), "{credited}");
    // Founded: nothing to appeal; the window still runs before it is final.
    assert!(
        t.ledger
            .appeal_complaint(&clerk(), &c.number, "x", Some(day("2026-04-24")))
            .is_err()
    );
    let appeal_due = cal.working_days_after(day("2026-04-23"), 15);
    t.ledger.sweep_complaints(&admin(), Some(appeal_due)).unwrap();
    assert_eq!(t.ledger.complaint(&c.number).unwrap().state, ComplaintState::Decided);
    t.ledger
        .sweep_complaints(&admin(), Some(appeal_due + Days::new(1)))
        .unwrap();
    assert_eq!(t.ledger.complaint(&c.number).unwrap().state, ComplaintState::Final);
    // The export says it all in one row.
    let out = t.dir.path().join("complaints.csv");
    t.ledger.export_complaints(None, None, &out).unwrap();
    let csv = std::fs::read_to_string(&out).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.starts_with(&format!(
            "{},01-0001,billing,counter,2026-03-10,{},10.00,",
            c.number, bill.number
        )),
        "{row}"
    );
    assert!(
        row.contains(",unfounded,yes,2026-03-23,2026-03-30,2026-04-22,founded,"),
        "{row}"
    );
    assert!(
        row.ends_with(&format!(",{},{},final", credited.plain(), appeal_due + Days::new(1))),
        "{row}"
    );
}

#[test]
fn an_appeal_after_its_window_is_refused_naming_the_last_day() {
    let mut t = billed_town(SEDAPAL);
    let bill = t.bill("2026-02", "01-0002");
    let c = t
        .ledger
        .file_complaint(&clerk(), &billing("01-0002", &bill.number, None, "2026-03-10"))
        .unwrap();
    t.ledger
        .decide_complaint(
            &clerk(),
            &decision(&c.number, Outcome::Unfounded, Correction::None, "2026-03-20"),
        )
        .unwrap();
    t.ledger
        .notify_complaint(&clerk(), &c.number, Some(day("2026-03-20")))
        .unwrap();
    let last = t.ledger.calendar().unwrap().working_days_after(day("2026-03-20"), 15);
    let err = t
        .ledger
        .appeal_complaint(&clerk(), &c.number, "Tarde", Some(last + Days::new(1)))
        .unwrap_err();
    assert!(
        err.message(caudal_core::Lang::Es)
            .contains(&caudal_core::Lang::Es.date(last))
    );
    t.ledger
        .appeal_complaint(&clerk(), &c.number, "A tiempo", Some(last))
        .unwrap();
}

#[test]
fn the_next_bill_shows_the_disputed_part_of_its_previous_balance_as_not_due() {
    let mut t = billed_town(SEDAPAL);
    let jan = t.bill("2026-01", "01-0002");
    t.ledger
        .file_complaint(&clerk(), &billing("01-0002", &jan.number, None, "2026-02-20"))
        .unwrap();
    let out = t.dir.path().join("recibo.pdf");
    t.ledger
        .bills_pdf(p("2026-02"), Some("01-0002"), caudal_core::Lang::Es, &out, |_, _| true)
        .unwrap();
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&out)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("en reclamo (no exigible)"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains(&jan.amount_due.to_string()), "{line}");
    // A bill of an account with nothing under complaint has no such line.
    let out = t.dir.path().join("otro.pdf");
    t.ledger
        .bills_pdf(p("2026-02"), Some("01-0001"), caudal_core::Lang::Es, &out, |_, _| true)
        .unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .unwrap();
    assert!(!String::from_utf8(text.stdout).unwrap().contains("en reclamo"));
}
