//! Desktop users from the command line: a password changed, a user deactivated, each one
//! sentence, and a deactivated user refused at sign-in.

#![allow(clippy::unwrap_used)]

mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn run(db: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_caudal"));
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
    let demo = caudal_core::demo::DEMO_PASSWORD;
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
