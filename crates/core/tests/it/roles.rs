//! Every write of the core against every role (DESIGN.md "Roles"): the administrator runs
//! the operator (everything but the Board's appeals), the clerk the office (customers, billing,
//! payments, first-instance complaints, bundles), the technician the field (readings, meters,
//! samples, interruptions, operational complaints), the Board its appeals and its own records.
//! A role refused is told so before anything is read or written; a role allowed is never told
//! it may not (its call may still fail on the made-up arguments, for another reason).

use super::common::*;
use caudal_core::import::ImportOptions;
use caudal_core::{Actor, Ledger, Money, Role};
use serde_json::json;

type Write = fn(&mut Ledger, &Actor) -> caudal_core::Result<()>;

fn day() -> chrono::NaiveDate {
    caudal_core::period::parse_date("2026-02-10").unwrap()
}

fn from<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).unwrap()
}

const NO: ImportOptions = ImportOptions {
    skip_invalid: false,
    replace: false,
};

fn missing() -> std::path::PathBuf {
    std::path::PathBuf::from("/nonexistent/caudal-roles.csv")
}

/// Each write, and the roles DESIGN.md lets do it (A admin, C clerk, T technician, B Board).
fn writes() -> Vec<(&'static str, &'static str, Write)> {
    vec![
        ("set_setting", "A", |l, a| l.set_setting(a, "ruc", "20123456789")),
        ("import_tariff", "A", |l, a| l.import_tariff(a, "format = 1").map(drop)),
        ("create_user", "A", |l, a| {
            l.create_user(
                Some(a),
                &from(json!({"name": "x y", "full_name": "", "role": "clerk", "password": "p"})),
            )
        }),
        ("deactivate_user", "A", |l, a| l.deactivate_user(a, "nadie")),
        ("add_target", "A", |l, a| {
            l.add_target(a, &from(json!({"location": "relative"}))).map(drop)
        }),
        ("remove_target", "A", |l, a| l.remove_target(a, 999)),
        ("generate_key", "A", |l, a| l.generate_key(a, "", false).map(drop)),
        ("calendar_add", "A", |l, a| l.calendar_add(a, day(), "")),
        ("calendar_remove", "A", |l, a| l.calendar_remove(a, day())),
        ("set_complaint_rule", "A", |l, a| l.set_complaint_rule(a, "nada", "x")),
        ("import_quality_points", "A", |l, a| {
            l.import_quality_points(a, &missing(), NO, true).map(drop)
        }),
        ("import_quality_plan", "A", |l, a| {
            l.import_quality_plan(a, &missing(), NO, true).map(drop)
        }),
        ("import_sectors", "A", |l, a| {
            l.import_sectors(a, &missing(), NO, true).map(drop)
        }),
        ("spend_fund", "A", |l, a| {
            l.spend_fund(
                a,
                &from(
                    json!({"purpose": "nada", "spent_on": "2026-02-10", "amount": "1.00", "description": "",
                             "document": "", "approved_by": ""}),
                ),
            )
            .map(drop)
        }),
        ("record_operator_entry", "A", |l, a| {
            l.record_operator_entry(
                a,
                &from(json!({"kind": "nada", "entry_on": "2026-02-10", "amount": "1.00", "description": "", "document": ""})),
            )
            .map(drop)
        }),
        ("close_month", "A", |l, a| l.close_month(a, p("2026-01"), "").map(drop)),
        ("restore", "A", |l, a| {
            let live = l.path().unwrap().to_path_buf();
            Ledger::restore(&live, &missing(), a, false).map(drop)
        }),
        ("import_customers", "AC", |l, a| {
            l.import_customers(a, &missing(), NO, true).map(drop)
        }),
        ("save_customer", "AC", |l, a| {
            l.save_customer(a, &Default::default(), true).map(drop)
        }),
        ("service_event", "AC", |l, a| {
            l.service_event(a, "nadie", caudal_core::service::ServiceAction::Cut, day(), "")
                .map(drop)
        }),
        ("issue_run", "AC", |l, a| {
            l.issue_run(a, p("2030-01"), None, |_, _| true).map(drop)
        }),
        ("confirm_reading", "AC", |l, a| {
            l.confirm_reading(a, "nadie", p("2026-01"))
        }),
        ("issue_note", "AC", |l, a| {
            l.issue_note(
                a,
                &from(
                    json!({"bill": "S001-99999999", "kind": "credit", "reason": "", "water": "0.00", "sewer": "0.00",
                             "fixed": "0.00"}),
                ),
            )
            .map(drop)
        }),
        ("backup_before_issue", "AC", |l, a| l.backup_before_issue(a).map(drop)),
        ("record_payment", "AC", |l, a| {
            l.record_payment(a, "nadie", Money::from_cents(100), day()).map(drop)
        }),
        ("reverse_payment", "AC", |l, a| {
            l.reverse_payment(a, "R001-99999999", "", day(), None).map(drop)
        }),
        ("import_payments", "AC", |l, a| {
            l.import_payments(a, &missing(), NO, true).map(drop)
        }),
        ("create_bundle", "AC", |l, a| {
            l.create_bundle(a, p("2026-01"), "").map(drop)
        }),
        ("resend_bundle", "AC", |l, a| l.resend_bundle(a, "nada")),
        ("backup_to", "AC", |l, a| {
            l.backup_to(a, &missing(), caudal_core::ledger::backup::BackupKind::Manual)
                .map(drop)
        }),
        ("decide_complaint", "AC", |l, a| {
            l.decide_complaint(
                a,
                &from(json!({"number": "REC-0", "outcome": "founded", "correction": {"by": "none"}, "reason": ""})),
            )
            .map(drop)
        }),
        ("notify_complaint", "AC", |l, a| {
            l.notify_complaint(a, "REC-0", None).map(drop)
        }),
        ("appeal_complaint", "AC", |l, a| {
            l.appeal_complaint(a, "REC-0", "", None).map(drop)
        }),
        ("withdraw_complaint", "AC", |l, a| {
            l.withdraw_complaint(a, "REC-0", "", None).map(drop)
        }),
        ("import_readings", "ACT", |l, a| {
            l.import_readings(a, &missing(), NO, true).map(drop)
        }),
        ("enter_readings", "ACT", |l, a| {
            l.enter_readings(a, Vec::new(), Vec::new(), NO, true).map(drop)
        }),
        ("file_complaint", "ACT", |l, a| {
            l.file_complaint(
                a,
                &from(
                    json!({"account": "nadie", "kind": "operational", "channel": "counter", "complainant": "",
                             "complainant_id": "", "description": "", "contact": ""}),
                ),
            )
            .map(drop)
        }),
        ("replace_meter", "AT", |l, a| {
            l.replace_meter(
                a,
                &from(
                    json!({"account": "nadie", "date": "2026-02-10", "final_reading": 1, "serial": "",
                             "initial_reading": 0, "digits": 5}),
                ),
            )
        }),
        ("record_sample", "AT", |l, a| {
            l.record_sample(
                a,
                &from(json!({"sample": "", "point": "nada", "taken_at": "", "taken_by": "", "by": "", "values": []})),
            )
            .map(drop)
        }),
        ("import_samples", "AT", |l, a| {
            l.import_samples(a, &missing(), NO, true).map(drop)
        }),
        ("incident_step", "AT", |l, a| {
            l.incident_step(a, 999, "nada", "", None).map(drop)
        }),
        ("start_interruption", "AT", |l, a| {
            l.start_interruption(a, &[], "", "nada", "", 0).map(drop)
        }),
        ("end_interruption", "AT", |l, a| {
            l.end_interruption(a, 999, "").map(drop)
        }),
        ("import_interruptions", "AT", |l, a| {
            l.import_interruptions(a, &missing(), NO, true).map(drop)
        }),
        ("import_production", "AT", |l, a| {
            l.import_production(a, &missing(), NO, true).map(drop)
        }),
        ("ncb_decide_complaint", "B", |l, a| {
            l.ncb_decide_complaint(
                a,
                &from(json!({"number": "REC-0", "outcome": "founded", "correction": {"by": "none"}, "reason": ""})),
            )
            .map(drop)
        }),
        ("add_ncb_member", "AB", |l, a| {
            l.add_ncb_member(
                a,
                &from(json!({"name": "", "gender": "", "post": "", "from_on": "", "to_on": ""})),
            )
            .map(drop)
        }),
        ("record_ncb_meeting", "AB", |l, a| {
            l.record_ncb_meeting(
                a,
                &from(json!({"held_on": "", "kind": "", "women": "", "men": "", "agreements": "", "sanction_request": ""})),
            )
            .map(drop)
        }),
    ]
}

/// What a refused write must leave as it was: the chain's head and the audit log's length.
fn state(t: &Town) -> (String, i64) {
    let db = rusqlite::Connection::open(t.dir.path().join("caudal.db")).unwrap();
    let entries = db
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    (t.ledger.chain_head().unwrap(), entries)
}

#[test]
fn every_write_is_allowed_or_refused_as_the_roles_say() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    // The ledger's first user, so that adding users is the administrator's from then on.
    let first = json!({"name": "gerente", "full_name": "", "role": "admin", "password": "clave-segura-1"});
    t.ledger.create_user(None, &from(first)).unwrap();
    let roles = [
        ('A', Role::Admin),
        ('C', Role::Clerk),
        ('T', Role::Technician),
        ('B', Role::Ncb),
    ];
    let (mut wrong, mut refusals) = (Vec::new(), 0);
    for (name, allowed, write) in writes() {
        for (letter, role) in roles {
            let actor = Actor::new("quien", role);
            let before = state(&t);
            let outcome = write(&mut t.ledger, &actor);
            let refused = matches!(&outcome, Err(e) if e.code() == "forbidden");
            if refused == allowed.contains(letter) {
                wrong.push(format!("{name} as {role:?}: {outcome:?}"));
            }
            if let (true, Err(e)) = (refused, &outcome) {
                refusals += 1;
                // Said in words, and nothing written.
                assert!(e.message(caudal_core::Lang::Es).contains("no permite"), "{name}: {e}");
                assert_eq!(state(&t), before, "{name} as {role:?} wrote something");
            }
        }
    }
    assert!(wrong.is_empty(), "not as the roles say:\n{}", wrong.join("\n"));
    assert!(refusals > 80, "{refusals} refusals");
}
