//! Users: a wrong name refused as slowly as a wrong password, who may deactivate whom and
//! change a password, who lists the users, the first start, and users sealed in the chain.

use super::common::*;
use super::ledger::{billed_town, raw};
use caudal_core::{Lang, Ledger, NewLedger};

#[test]
fn a_name_that_does_not_exist_takes_as_long_to_refuse_as_a_wrong_password() {
    let mut t = Town::new();
    let ana = caudal_core::users::NewUser {
        name: "ana".into(),
        full_name: "Ana Quispe".into(),
        role: caudal_core::Role::Admin,
        password: "una clave larga".into(),
    };
    t.ledger.create_user(None, &ana).unwrap();
    let refused_in = |name: &str| {
        (0..3)
            .map(|_| {
                let started = std::time::Instant::now();
                assert!(t.ledger.sign_in(name, "otra clave cualquiera").is_err());
                started.elapsed()
            })
            .min()
            .unwrap()
    };
    let _ = refused_in("nadie"); // the first unknown name makes the stand-in hash
    let (known, unknown) = (refused_in("ana"), refused_in("nadie"));
    // An unknown name used to come back at once (microseconds), a known one after Argon2.
    assert!(unknown * 3 > known, "known {known:?}, unknown {unknown:?}");
    assert!(t.ledger.sign_in("ana", "una clave larga").is_ok());
}

#[test]
fn a_user_is_deactivated_and_a_password_changed_by_whom_may() {
    let mut t = Town::new();
    let user = |name: &str, role| caudal_core::users::NewUser {
        name: name.into(),
        full_name: String::new(),
        role,
        password: "una clave larga".into(),
    };
    t.ledger
        .create_user(None, &user("gerente", caudal_core::Role::Admin))
        .unwrap();
    let gerente = t.ledger.sign_in("gerente", "una clave larga").unwrap();
    t.ledger
        .create_user(Some(&gerente), &user("ana", caudal_core::Role::Clerk))
        .unwrap();
    let ana = t.ledger.sign_in("ana", "una clave larga").unwrap();
    // Anyone changes their own password; only the administrator someone else's.
    t.ledger.change_password(&ana, "ana", "otra clave larga").unwrap();
    assert!(t.ledger.sign_in("ana", "una clave larga").is_err());
    assert!(t.ledger.sign_in("ana", "otra clave larga").is_ok());
    assert_eq!(
        t.ledger
            .change_password(&ana, "gerente", "la de ana ahora")
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let short = t.ledger.change_password(&gerente, "ana", "corta").unwrap_err();
    assert!(short.message(Lang::Es).contains("al menos 8 caracteres"));
    // The clerk cannot deactivate anyone; the administrator can, but not the last one.
    assert_eq!(
        t.ledger.deactivate_user(&ana, "gerente").unwrap_err().code(),
        "forbidden"
    );
    let last = t.ledger.deactivate_user(&gerente, "gerente").unwrap_err();
    assert!(
        last.message(Lang::Es).contains("único administrador activo"),
        "{}",
        last.message(Lang::Es)
    );
    t.ledger.deactivate_user(&gerente, "ana").unwrap();
    assert!(
        t.ledger.sign_in("ana", "otra clave larga").is_err(),
        "a deactivated user cannot sign in"
    );
    assert!(
        t.ledger
            .users(&gerente)
            .unwrap()
            .iter()
            .any(|u| u.name == "ana" && !u.active)
    );
    let again = t.ledger.deactivate_user(&gerente, "ana").unwrap_err();
    assert!(again.message(Lang::En).contains("already deactivated"));
    let nobody = t.ledger.deactivate_user(&gerente, "nadie").unwrap_err();
    assert!(nobody.message(Lang::Es).contains("No hay un usuario «nadie»"));
}

/// Who may see the users is the core's rule, not the window's: only an administrator lists
/// them; a role the program does not know is a damaged ledger, never read as a Board member.
#[test]
fn only_an_administrator_lists_the_users_and_an_unknown_role_is_an_error() {
    let mut t = Town::new();
    let user = |name: &str, role| caudal_core::users::NewUser {
        name: name.into(),
        full_name: String::new(),
        role,
        password: "una clave larga".into(),
    };
    t.ledger
        .create_user(None, &user("gerente", caudal_core::Role::Admin))
        .unwrap();
    let gerente = t.ledger.sign_in("gerente", "una clave larga").unwrap();
    t.ledger
        .create_user(Some(&gerente), &user("ana", caudal_core::Role::Clerk))
        .unwrap();
    let ana = t.ledger.sign_in("ana", "una clave larga").unwrap();
    assert_eq!(t.ledger.users(&ana).unwrap_err().code(), "forbidden");
    assert_eq!(t.ledger.users(&gerente).unwrap().len(), 2);
    assert!(t.ledger.demo_users().unwrap().is_empty(), "a real ledger shows no one");
    assert_eq!(t.ledger.user_named("ANA").unwrap().as_deref(), Some("ana"));
    let db = rusqlite::Connection::open(t.dir.path().join("caudal.db")).unwrap();
    db.execute_batch("PRAGMA ignore_check_constraints = ON; UPDATE users SET role = 'jefe' WHERE name = 'ana';")
        .unwrap();
    let e = t.ledger.users(&gerente).unwrap_err();
    assert!(e.message(Lang::En).contains("unknown role"), "{}", e.message(Lang::En));
}

#[test]
fn a_first_start_refused_leaves_no_ledger_behind() {
    use caudal_core::users::NewUser;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("caudal.db");
    let setup = NewLedger {
        operator: "JASS Santa Rosa".into(),
        town: "Santa Rosa".into(),
        series: "S001".into(),
    };
    let admin = |name: &str| NewUser {
        name: name.into(),
        full_name: "Ana Quispe".into(),
        role: caudal_core::Role::Admin,
        password: "contraseña-larga".into(),
    };
    // A user name with a space: refused before anything is written, naming what to type.
    let Err(err) = Ledger::create_first(&path, &setup, &admin("Ana Quispe"), |_, _| Ok(())) else {
        panic!("a name with a space was taken");
    };
    assert!(
        err.message(Lang::Es).contains("«Ana Quispe» no sirve de usuario"),
        "{}",
        err.message(Lang::Es)
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
    // A refusal after the file was begun (here, by the first settings) leaves nothing either.
    let Err(err) = Ledger::create_first(&path, &setup, &admin("ana"), |ledger, actor| {
        ledger.set_setting(actor, "ruc", "no es un RUC").map(|_| ())
    }) else {
        panic!("a bad RUC was taken");
    };
    assert!(!err.message(Lang::Es).is_empty());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "the scratch file was removed"
    );
    // Whole: the ledger opens with its administrator, who can sign in.
    let Ok(ledger) = Ledger::create_first(&path, &setup, &admin("ana"), |_, _| Ok(())) else {
        panic!("a good first start failed");
    };
    assert!(ledger.sign_in("ana", "contraseña-larga").is_ok());
    drop(ledger);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("creating"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
    assert!(super::common::opened(&path).verify().unwrap().problems.is_empty());
}

/// A user's role and password are sealed: raising a clerk to administrator with `sqlite3` is
/// named, and so is a delivery target pointed elsewhere.
#[test]
fn users_and_delivery_targets_are_sealed() {
    let mut t = billed_town();
    for (name, role) in [("gerente", caudal_core::Role::Admin), ("ana", caudal_core::Role::Clerk)] {
        let user = caudal_core::users::NewUser {
            name: name.into(),
            full_name: String::new(),
            role,
            password: "clave-segura-1".into(),
        };
        t.ledger.create_user(Some(&admin()), &user).unwrap();
    }
    let usb = t.dir.path().join("usb");
    t.ledger
        .add_target(
            &admin(),
            &caudal_core::bundle::TargetDraft {
                location: usb.to_string_lossy().into_owned(),
                username: None,
                password: None,
                token: None,
            },
        )
        .unwrap();
    // Deactivating and a new password are the program's own changes: sealed again, whole.
    t.ledger.change_password(&admin(), "ana", "otra-clave-2").unwrap();
    assert!(
        t.ledger.verify().unwrap().ok(),
        "{:?}",
        t.ledger.verify().unwrap().problems
    );
    raw(&t)
        .execute_batch(
            "UPDATE users SET role = 'admin' WHERE name = 'ana';
             UPDATE delivery_targets SET location = '/tmp/otro' WHERE kind = 'folder';",
        )
        .unwrap();
    let report = t.ledger.verify().unwrap();
    for (kind, reference) in [("user", "ana"), ("delivery_target", "/tmp/otro")] {
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.kind == kind && p.reference == reference),
            "{kind} {reference}: {:#?}",
            report.problems
        );
    }
}
