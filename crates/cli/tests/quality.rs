//! Water quality and continuity from the command line (docs/quality.md): a health office's
//! sheet (`;`, decimal commas, Windows-1252), the `--json` figures with the spec's fields, the
//! bundle's files, and a sentence — never a panic — for bad input.

#![allow(clippy::unwrap_used)]

mod common;
use common::{caudal, demo, ok, refused};

use std::process::Output;

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).unwrap()
}

#[test]
fn a_health_office_sheet_and_the_months_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 30, 2);
    let file = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    };
    ok(&caudal(
        &db,
        &[
            "quality",
            "points",
            "import",
            &file(
                "p.csv",
                b"punto;nombre;tipo;sector\nG1;Grifo plaza;grifo;Centro\nR1;Reservorio;reservorio;Centro\n",
            ),
        ],
    ));
    ok(&caudal(
        &db,
        &[
            "quality",
            "plan",
            "import",
            &file("plan.csv", b"punto,parametro,por_mes\nG1,cloro_libre,2\n"),
        ],
    ));
    // Windows-1252 "Dirección Regional de Salud" and decimal commas.
    let mut sheet =
        b"muestra;punto;fecha_hora;muestreado_por;entidad;cloro_libre;coliformes_totales;coliformes_termotolerantes\n"
            .to_vec();
    sheet.extend_from_slice(b"D-1;G1;02/11/2026 08:00;Direcci\xf3n Regional de Salud;salud;0,6;<1.8;ND\n");
    sheet.extend_from_slice(b"D-2;G1;10/11/2026 08:00;Direcci\xf3n Regional de Salud;salud;0,25;;\n");
    let sheet = file("diresa.csv", &sheet);
    let s = json(&caudal(&db, &["--json", "quality", "import", &sheet]));
    assert_eq!(s["added"], 2);
    let q = json(&caudal(&db, &["--json", "quality", "summary", "--period", "2026-11"]));
    assert_eq!(q["samples"], 2);
    assert_eq!(q["chlorine_compliance"], "50.0");
    assert_eq!(q["chlorine_pass"], false);
    assert_eq!(q["bacteriological_compliance"], "100.0");
    assert_eq!(q["physchem_compliance"], serde_json::Value::Null);
    assert_eq!(q["sampling_plan"], "100.0");
    assert_eq!(q["open_incidents"], 1);
    ok(&caudal(
        &db,
        &[
            "sectors",
            "import",
            &file("s.csv", b"sector,nombre,horas_dia\nCentro,Centro,24\n"),
        ],
    ));
    ok(&caudal(
        &db,
        &[
            "service",
            "interruption",
            "start",
            "--sector",
            "Centro",
            "--at",
            "2026-11-03 08:00",
            "--kind",
            "planned",
            "--cause",
            "Limpieza",
            "--notice-hours",
            "72",
        ],
    ));
    ok(&caudal(
        &db,
        &[
            "service",
            "interruption",
            "end",
            "--id",
            "1",
            "--at",
            "2026-11-03 14:00",
        ],
    ));
    ok(&caudal(
        &db,
        &[
            "production",
            "import",
            &file("prod.csv", b"fuente,periodo,m3\nPozo,2026-11,9000\n"),
        ],
    ));
    let c = json(&caudal(&db, &["--json", "continuity", "--period", "2026-11"]));
    for key in [
        "period",
        "continuity",
        "non_revenue_water",
        "produced_m3",
        "consumed_m3",
        "sectors",
    ] {
        assert!(c.get(key).is_some(), "{key} in {c}");
    }
    assert_eq!(c["sectors"][0]["interrupted_hours"], "6.0");
    assert_eq!(c["sectors"][0]["continuity"], "23.8");
    assert_eq!(c["produced_m3"], 9000);
    let out = dir.path().join("q.csv");
    ok(&caudal(
        &db,
        &[
            "quality",
            "export",
            "--period",
            "2026-11",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("D-2,G1,tap,Centro,2026-11-10 08:00,health,0.25,")
    );
    assert!(ok(&caudal(&db, &["ledger", "verify"])).contains("íntegro"));
}

#[test]
fn bad_field_input_gets_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 5, 2);
    for (args, expect) in [
        (
            vec![
                "quality",
                "record",
                "--sample",
                "X",
                "--point",
                "NOPE",
                "--at",
                "2026-11-01 08:00",
                "--ph",
                "7",
            ],
            "no es un punto",
        ),
        (vec!["quality", "summary", "--period", "2026-13"], "2026-13"),
        (
            vec![
                "service",
                "interruption",
                "start",
                "--sector",
                "Centro",
                "--at",
                "2026-11-03 08:00",
                "--kind",
                "planned",
                "--cause",
                "x",
            ],
            "no está registrado",
        ),
        (
            vec![
                "service",
                "interruption",
                "end",
                "--id",
                "99",
                "--at",
                "2026-11-03 08:00",
            ],
            "No existe la interrupción 99",
        ),
        (vec!["service", "interruption", "restart"], "service interruption start"),
        (vec!["service", "cut", "--account", "01-00001"], "--reason"),
        (vec!["quality", "incident", "close"], "--id"),
    ] {
        let err = refused(&caudal(&db, &args));
        assert!(err.contains(expect), "{args:?}: {err}");
    }
}
