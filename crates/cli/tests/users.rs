//! Desktop users from the command line: a password changed, a user deactivated, each one
//! sentence, and a deactivated user refused at sign-in.

#![allow(clippy::unwrap_used)]

mod common;
use common::*;
use std::path::Path;
use std::process::Output;

fn run(db: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = common::caudal_command();
    c.arg("--db").arg(db).args(args).env_remove("CAUDAL_DB");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

#[test]
fn a_password_is_changed_and_a_user_deactivated() {
    let dir = tempfile::tempdir().unwrap();
    let town = dir.path().join("demo");
    ok(&caudal(
        &dir.path().join("unused.db"),
        &[
            "demo",
            "--out",
            town.to_str().unwrap(),
            "--connections",
            "5",
            "--months",
            "1",
        ],
    ));
    let db = town.join("caudal-demo.db");
    let demo = caudal_demo::DEMO_PASSWORD;
    // Without the new password, a sentence naming where to give it.
    let missing = refused(&run(&db, &[], &["users", "password", "ana"]));
    assert!(missing.contains("CAUDAL_NEW_PASSWORD"), "{missing}");
    let changed = ok(&run(
        &db,
        &[("CAUDAL_NEW_PASSWORD", "clave nueva de ana")],
        &["users", "password", "ana"],
    ));
    assert_eq!(changed.trim(), "Contraseña de ana cambiada.");
    // Ana signs in with the new one only, and changes her own.
    let old = refused(&run(
        &db,
        &[("CAUDAL_PASSWORD", demo), ("CAUDAL_NEW_PASSWORD", "la tercera clave")],
        &["--user", "ana", "users", "password", "ana"],
    ));
    assert!(old.contains("incorrectos"), "{old}");
    ok(&run(
        &db,
        &[
            ("CAUDAL_PASSWORD", "clave nueva de ana"),
            ("CAUDAL_NEW_PASSWORD", "la tercera clave"),
        ],
        &["--user", "ana", "users", "password", "ana"],
    ));
    // The clerk may not deactivate anyone.
    let forbidden = refused(&run(
        &db,
        &[("CAUDAL_PASSWORD", "la tercera clave")],
        &["--user", "ana", "users", "deactivate", "rosa"],
    ));
    assert!(!forbidden.is_empty());
    assert_eq!(
        ok(&run(&db, &[], &["users", "deactivate", "ana"])).trim(),
        "Usuario ana desactivado: ya no puede entrar."
    );
    let list = ok(&run(&db, &[], &["users", "list"]));
    assert!(
        list.lines()
            .any(|l| l.starts_with("ana\t") && l.ends_with("(desactivado)")),
        "{list}"
    );
    let gone = refused(&run(
        &db,
        &[
            ("CAUDAL_PASSWORD", "la tercera clave"),
            ("CAUDAL_NEW_PASSWORD", "una cuarta clave"),
        ],
        &["--user", "ana", "users", "password", "ana"],
    ));
    assert!(gone.contains("incorrectos"), "{gone}");
}

/// `--user <desktop user>` once needed no password, or took a wrong one, and acted with the
/// administrator's role; an unknown name acted as administrator. Only a signed-in user acts
/// in their name, with their role, and nobody acts under a desktop user's name unasked.
#[test]
fn nobody_acts_in_another_users_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 5, 1);
    let demo_pass = caudal_demo::DEMO_PASSWORD;
    let account = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row("SELECT account FROM connections ORDER BY account LIMIT 1", [], |r| {
            r.get::<_, String>(0)
        })
        .unwrap()
    };
    let pay = ["payments", "record", "--account", account.as_str(), "--amount", "1.00"];
    fn with_user<'a>(user: &'a str, pay: &[&'a str]) -> Vec<&'a str> {
        [&["--user", user][..], pay].concat()
    }
    let args = |user: &'static str| with_user(user, &pay);
    // No password, a wrong one, an unknown name: refused, nothing recorded.
    let none = refused(&run(&db, &[], &args("junta")));
    assert!(none.contains("CAUDAL_PASSWORD"), "{none}");
    let wrong = refused(&run(&db, &[("CAUDAL_PASSWORD", "adivinada")], &args("ana")));
    assert!(wrong.contains("incorrectos"), "{wrong}");
    let unknown = refused(&run(&db, &[("CAUDAL_PASSWORD", demo_pass)], &args("nadie")));
    assert!(unknown.contains("no es un usuario del libro"), "{unknown}");
    // The Board member signed in keeps the Board's role: no payments.
    let board = refused(&run(&db, &[("CAUDAL_PASSWORD", demo_pass)], &args("junta")));
    assert!(!board.is_empty());
    // The system user may not borrow a desktop user's name.
    let borrowed = common::caudal_command()
        .arg("--db")
        .arg(&db)
        .args(pay)
        .env_remove("CAUDAL_DB")
        .env("USER", "ana")
        .output()
        .unwrap();
    assert!(refused(&borrowed).contains("--user ana"));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let recorded: i64 = conn
        .query_row("SELECT count(*) FROM payments WHERE amount = 100", [], |r| r.get(0))
        .unwrap();
    assert_eq!(recorded, 0, "nothing was recorded in anyone's name");
    // The clerk signed in records it, in her own name.
    ok(&run(&db, &[("CAUDAL_PASSWORD", demo_pass)], &args("ana")));
    let by: String = conn
        .query_row("SELECT recorded_by FROM payments WHERE amount = 100", [], |r| r.get(0))
        .unwrap();
    assert_eq!(by, "ana");
}
