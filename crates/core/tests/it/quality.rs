//! Water quality and continuity (docs/quality.md): the month's figures against hand-computed
//! cases, verdicts as stored, incidents closed only after a passing resample, bad sheets refused
//! with nothing written, and every record sealed.

use super::common::*;
use caudal_core::import::ImportOptions;
use caudal_core::quality::NewSample;
use caudal_core::{Actor, Role};

fn tech() -> Actor {
    Actor::new("rosa", Role::Technician)
}

fn town() -> Town {
    let mut t = Town::new();
    t.customers(&format!(
        "{HEADER}01-0001,Rosa Quispe,Jr. Grau 1,Centro,domestico,si,M-1,5,0,si,no\n\
         01-0002,Juan Ccori,Jr. Grau 2,Centro,domestico,si,M-2,5,0,si,no\n\
         01-0003,Ana Huamán,Jr. Sol 3,Alto,domestico,si,M-3,5,0,si,no\n"
    ));
    let admin = admin();
    let f = t.file(
        "points.csv",
        "point,name,kind,sector\nR1,Reservorio,reservoir,Centro\nG1,Grifo plaza,tap,Centro\nN1,Red alta,network,Alto\n"
            .as_bytes(),
    );
    t.ledger
        .import_quality_points(&admin, &f, ImportOptions::default(), false)
        .unwrap();
    let f = t.file(
        "plan.csv",
        "punto;parametro;por_mes\nG1;cloro_libre;4\nN1;cloro_libre;4\nG1;coliformes_totales;2\n".as_bytes(),
    );
    t.ledger
        .import_quality_plan(&admin, &f, ImportOptions::default(), false)
        .unwrap();
    let f = t.file(
        "sectors.csv",
        "sector,name,hours_per_day\nCentro,Centro,24\nAlto,Alto,12\n".as_bytes(),
    );
    t.ledger
        .import_sectors(&admin, &f, ImportOptions::default(), false)
        .unwrap();
    t
}

/// Windows-1252 bytes of `s` (the health office's spreadsheet export).
fn cp1252(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            'á' => 0xE1,
            'é' => 0xE9,
            'ó' => 0xF3,
            'ñ' => 0xF1,
            c => c as u8,
        })
        .collect()
}

#[test]
fn the_months_quality_figures_match_a_hand_computed_sheet() {
    let mut t = town();
    // Six samples in October: at network/tap points chlorine 0.8, 0.5, 0.45 (low), 0.2 (fail);
    // the reservoir's 0.1 does not count for chlorine; coliforms: two clean, one positive.
    let sheet = "muestra;punto;fecha_hora;muestreado_por;entidad;cloro_libre;turbiedad;ph;coliformes_totales;coliformes_termotolerantes;e_coli\n\
        L-1;G1;01/10/2026 08:00;Rosa Ccori;operador;0,8;1,0;7,2;<1.8;ND;\n\
        L-2;G1;08/10/2026 08:00;Rosa Ccori;operador;0,5;;;;;\n\
        L-3;N1;09/10/2026 08:00;Rosa Ccori;operador;0,45;6,0;;;;\n\
        L-4;N1;15/10/2026 08:00;DIRESA Cusco;salud;0,2;;8,6;3;1;\n\
        L-5;R1;16/10/2026 08:00;Laboratorio;laboratorio;0,1;;7,0;0;0;0\n\
        L-6;G1;01/11/2026 08:00;Rosa Ccori;operador;0,9;;;;;\n";
    let f = t.file("lab.csv", &cp1252(sheet));
    let (summary, _) = t
        .ledger
        .import_samples(&tech(), &f, ImportOptions::default(), false)
        .unwrap();
    assert_eq!(summary.added, 6);
    assert_eq!(
        summary.warnings.len(),
        1,
        "thermotolerant positive without E. coli: {:?}",
        summary.warnings
    );
    let s = t.ledger.quality_summary(p("2026-10")).unwrap();
    assert_eq!(s.samples, 5);
    // 2 of 4 at ≥ 0.5 → 50.0 %; fails (under 90 % and one under 0.3).
    assert_eq!(s.chlorine_compliance.as_deref(), Some("50.0"));
    assert_eq!(s.chlorine_pass, Some(false));
    // Coliforms measured on L-1, L-4, L-5: 2 of 3 clean.
    assert_eq!(s.bacteriological_compliance.as_deref(), Some("66.7"));
    // Turbidity or pH measured on L-1 (pass), L-3 (turbidity 6 fails), L-4 (pH 8.6 fails), L-5 (pass).
    assert_eq!(s.physchem_compliance.as_deref(), Some("50.0"));
    // Plan: G1 chlorine min(2,4) + N1 chlorine min(2,4) + G1 coliforms min(1,2) = 5 of 10.
    assert_eq!(s.sampling_plan.as_deref(), Some("50.0"));
    assert_eq!(s.open_incidents, 2, "L-3 and L-4 failed");
    let samples = t.ledger.samples_of(p("2026-10")).unwrap();
    let verdict = |code: &str| samples.iter().find(|s| s.sample == code).unwrap().verdict.clone();
    assert_eq!(verdict("L-1"), "pass");
    assert_eq!(verdict("L-2"), "pass");
    assert_eq!(verdict("L-3"), "fail");
    assert_eq!(
        verdict("L-5"),
        "pass",
        "the minimum chlorine is for the network and taps"
    );
    // Importing the sheet again changes nothing.
    let (again, _) = t
        .ledger
        .import_samples(&tech(), &f, ImportOptions::default(), false)
        .unwrap();
    assert_eq!((again.added, again.unchanged), (0, 6));
    // A month with nothing to measure says so rather than 0 %.
    let empty = t.ledger.quality_summary(p("2026-08")).unwrap();
    assert_eq!(
        (
            empty.chlorine_compliance,
            empty.chlorine_pass,
            empty.sampling_plan.as_deref()
        ),
        (None, None, Some("0.0"))
    );
    // The export.
    let out = t.dir.path().join("q.csv");
    assert_eq!(t.ledger.export_quality(p("2026-10"), &out).unwrap(), 5);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with("sample,point,kind,sector,taken_at,by,free_chlorine,"));
    assert!(csv.contains("L-4,N1,network,Alto,2026-10-15 08:00,health,0.2,,8.6,,,3,1,,fail,free_chlorine+ph+total_coliforms+thermotolerant_coliforms"), "{csv}");
    assert!(t.ledger.verify().unwrap().ok());
}

#[test]
fn a_bad_sheet_is_refused_whole_naming_every_row() {
    let mut t = town();
    let sheet = "sample,point,taken_at,free_chlorine,ph,turbidity\n\
        A-1,G1,2026-10-01 08:00,0.7,7.0,1\n\
        A-2,ZZ,2026-10-01 08:00,0.7,,\n\
        A-3,G1,2026-10-01 09:00,,15,\n\
        A-4,G1,2026-10-01 10:00,,,-2\n\
        A-5,G1,2099-01-01 10:00,0.6,,\n\
        A-6,G1,ayer,0.6,,\n\
        A-1,G1,2026-10-02 08:00,0.7,,\n";
    let f = t.file("bad.csv", sheet.as_bytes());
    let err = t
        .ledger
        .import_samples(&tech(), &f, ImportOptions::default(), false)
        .unwrap_err();
    let caudal_core::Error::Rows { rows } = err else {
        panic!("{err:?}")
    };
    let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![3, 4, 5, 6, 7, 8], "{rows:?}");
    let text: Vec<String> = rows.iter().map(|r| r.describe(caudal_core::Lang::Es)).collect();
    assert!(
        text[0].contains("point") && text[0].contains("no es un punto"),
        "{}",
        text[0]
    );
    assert!(text[1].contains("pH va de 0 a 14"), "{}", text[1]);
    assert!(text[2].contains("negativo"), "{}", text[2]);
    assert!(text[3].contains("posterior a ahora"), "{}", text[3]);
    assert!(text[5].contains("fila 2"), "{}", text[5]);
    assert!(
        t.ledger.samples_of(p("2026-10")).unwrap().is_empty(),
        "nothing was written"
    );
    // A clerk or a board member does not record samples.
    let f = t.file(
        "ok.csv",
        b"sample,point,taken_at,free_chlorine\nB-1,G1,2026-10-01 08:00,0.7\n",
    );
    assert_eq!(
        t.ledger
            .import_samples(&clerk(), &f, ImportOptions::default(), false)
            .unwrap_err()
            .code(),
        "forbidden"
    );
}

#[test]
fn an_incident_closes_only_after_a_passing_resample() {
    let mut t = town();
    let sample = |code: &str, at: &str, chlorine: &str| NewSample {
        sample: code.into(),
        point: "G1".into(),
        taken_at: at.into(),
        taken_by: "Rosa".into(),
        by: "operator".into(),
        values: vec![("free_chlorine".into(), chlorine.into())],
    };
    let (s, incident) = t
        .ledger
        .record_sample(&tech(), &sample("F-1", "2026-10-05 08:00", "0.1"))
        .unwrap();
    assert_eq!(s.verdict, "fail");
    let id = incident.expect("a failing sample opens an incident");
    assert!(
        t.ledger.incident_step(&tech(), id, "close", "", None).is_err(),
        "not before a resample"
    );
    t.ledger
        .incident_step(&tech(), id, "action", "Se aumentó la dosis de cloro", None)
        .unwrap();
    let (_, none) = t
        .ledger
        .record_sample(&tech(), &sample("F-2", "2026-10-05 12:00", "0.2"))
        .unwrap();
    assert!(none.is_some(), "the failing resample opens its own incident");
    t.ledger
        .incident_step(&tech(), id, "resample", "", Some("F-2"))
        .unwrap();
    assert!(
        t.ledger.incident_step(&tech(), id, "close", "", None).is_err(),
        "the resample failed too"
    );
    t.ledger
        .record_sample(&tech(), &sample("F-3", "2026-10-06 08:00", "0.7"))
        .unwrap();
    t.ledger
        .incident_step(&tech(), id, "resample", "", Some("F-3"))
        .unwrap();
    let closed = t
        .ledger
        .incident_step(&tech(), id, "close", "Cloro normal", None)
        .unwrap();
    assert!(closed.closed_on.is_some());
    assert_eq!(closed.actions.len(), 4);
    assert_eq!(
        t.ledger.incidents(true).unwrap().len(),
        1,
        "F-2's incident is still open"
    );
    assert!(
        t.ledger
            .record_sample(&tech(), &sample("F-3", "2026-10-06 09:00", "0.7"))
            .is_err(),
        "a code is stored once"
    );
    assert!(t.ledger.verify().unwrap().ok());
}

#[test]
fn continuity_counts_overlaps_once_clips_the_month_and_runs_open_interruptions_to_its_end() {
    let mut t = town();
    let sheet = "sector,start,end,kind,cause,notice_hours\n\
        Centro,2026-10-03 08:00,2026-10-03 12:00,planned,Limpieza,72\n\
        Alto,2026-10-03 08:00,2026-10-03 12:00,planned,Limpieza,72\n\
        Centro,2026-10-03 10:00,2026-10-03 16:00,unplanned,Rotura,\n\
        Centro,2026-09-30 20:00,2026-10-01 06:00,unplanned,Corte eléctrico,\n\
        Alto,2026-10-20 08:00,2026-10-20 10:00,planned,Válvula,24\n";
    let f = t.file("int.csv", sheet.as_bytes());
    let (s, _) = t
        .ledger
        .import_interruptions(&tech(), &f, ImportOptions::default(), false)
        .unwrap();
    assert_eq!(s.added, 5);
    // Still open: it counts to the end of October (31 Oct 12:00 → 1 Nov 00:00 = 12 h).
    let open = t
        .ledger
        .start_interruption(&tech(), &["Alto".into()], "2026-10-31 12:00", "unplanned", "Fuga", 0)
        .unwrap();
    let c = t.ledger.continuity(p("2026-10")).unwrap();
    let centro = c.sectors.iter().find(|s| s.sector == "Centro").unwrap();
    let alto = c.sectors.iter().find(|s| s.sector == "Alto").unwrap();
    // Centro: 08–16 on the 3rd (8 h, the overlap once) + 00–06 on the 1st (6 h) = 14 h.
    assert_eq!(centro.interrupted_hours, "14.0");
    // 24 − 14/31 = 23.548… → 23.5
    assert_eq!(centro.continuity, "23.5");
    assert_eq!(centro.connections, 2);
    // Alto: 4 + 2 + 12 = 18 h; 12 − 18/31 = 11.419… → 11.4
    assert_eq!(alto.interrupted_hours, "18.0");
    assert_eq!(alto.continuity, "11.4");
    // Town: (23.548… × 2 + 11.419… × 1) ÷ 3 = 19.505… → 19.5, from unrounded sector figures.
    assert_eq!(c.continuity.as_deref(), Some("19.5"));
    // Planned: Centro 4 of 14, Alto 6 of 18 → 10 of 32 h = 31.3 %. Notice ≥ 48 h: the
    // cleaning (one interruption of two sectors) yes, the valve (24 h) no: 1 of 2.
    assert_eq!(c.planned_share.as_deref(), Some("31.3"));
    assert_eq!(c.notice_given.as_deref(), Some("50.0"));
    assert_eq!(c.non_revenue_water, None, "nothing produced");
    // Ending it: before its start refused; once only.
    assert!(t.ledger.end_interruption(&tech(), open.id, "2026-10-31 11:00").is_err());
    t.ledger.end_interruption(&tech(), open.id, "2026-11-01 02:00").unwrap();
    assert!(t.ledger.end_interruption(&tech(), open.id, "2026-11-01 03:00").is_err());
    // Refused rows: end before start, unknown sector, a repeat of a stored one.
    let bad = t.file(
        "bad.csv",
        b"sector,start,end,kind,cause\nCentro,2026-10-05 10:00,2026-10-05 09:00,planned,x\nSur,2026-10-05 10:00,,planned,x\nCentro,2026-10-03 08:00,2026-10-03 12:00,planned,Limpieza\n",
    );
    let err = t
        .ledger
        .import_interruptions(&tech(), &bad, ImportOptions::default(), false)
        .unwrap_err();
    let caudal_core::Error::Rows { rows } = err else {
        panic!()
    };
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 3, 4]);
    // The export: one interruption of two sectors is one row.
    let out = t.dir.path().join("i.csv");
    t.ledger.export_interruptions(p("2026-10"), &out).unwrap();
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(
        csv.contains(",Alto+Centro,2026-10-03 08:00,2026-10-03 12:00,planned,Limpieza,72,4.0"),
        "{csv}"
    );
    assert!(
        csv.contains(",Centro,2026-09-30 20:00,2026-10-01 06:00,unplanned,Corte eléctrico,0,6.0"),
        "{csv}"
    );
    assert!(t.ledger.verify().unwrap().ok());
}

#[test]
fn non_revenue_water_is_production_less_what_the_period_billed() {
    let mut t = town();
    t.readings(&readings_csv(&[
        ("01-0001", "2026-10", Some(20)),
        ("01-0002", "2026-10", Some(30)),
        ("01-0003", "2026-10", Some(10)),
    ]));
    t.issue("2026-10");
    let f = t.file(
        "prod.csv",
        b"fuente;periodo;m3\nPozo 1;2026-10;50\nManantial;2026-10;30\n",
    );
    t.ledger
        .import_production(&tech(), &f, ImportOptions::default(), false)
        .unwrap();
    let c = t.ledger.continuity(p("2026-10")).unwrap();
    assert_eq!((c.produced_m3, c.consumed_m3), (80, 60));
    // (80 − 60) ÷ 80 = 25.0 %
    assert_eq!(c.non_revenue_water.as_deref(), Some("25.0"));
    // The same file again changes nothing; another volume for a stored month is refused.
    let (again, _) = t
        .ledger
        .import_production(&tech(), &f, ImportOptions::default(), false)
        .unwrap();
    assert_eq!(again.unchanged, 2);
    let other = t.file("prod2.csv", b"source,period,m3\nPozo 1,2026-10,55\n");
    assert!(
        t.ledger
            .import_production(&tech(), &other, ImportOptions::default(), false)
            .is_err()
    );
}

#[test]
fn the_administrator_edits_a_limit_and_new_samples_are_judged_by_it() {
    let mut t = town();
    let sample = |code: &str, at: &str, chlorine: &str| NewSample {
        sample: code.into(),
        point: "G1".into(),
        taken_at: at.into(),
        taken_by: "Rosa".into(),
        by: "operator".into(),
        values: vec![("free_chlorine".into(), chlorine.into())],
    };
    let (before, _) = t
        .ledger
        .record_sample(&tech(), &sample("E-1", "2026-10-05 08:00", "0.6"))
        .unwrap();
    assert_eq!(before.verdict, "pass");
    // A stricter minimum for the network and taps: 0.7, low from 0.4.
    assert_eq!(
        t.ledger
            .set_quality_limit(&tech(), "free_chlorine", "0.7", "0.4", "5")
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let limits = t
        .ledger
        .set_quality_limit(&admin(), "free_chlorine", "0,7", "0.4", "5")
        .unwrap();
    let chlorine = limits.iter().find(|l| l.parameter == "free_chlorine").unwrap();
    assert_eq!(chlorine.min.map(|d| d.to_string()).as_deref(), Some("0.7"));
    let (after, _) = t
        .ledger
        .record_sample(&tech(), &sample("E-2", "2026-10-06 08:00", "0.6"))
        .unwrap();
    assert_eq!(after.verdict, "low");
    // The sample judged before keeps its verdict.
    let kept = t.ledger.samples_of(p("2026-10")).unwrap();
    assert_eq!(kept.iter().find(|s| s.sample == "E-1").unwrap().verdict, "pass");
    // Nonsense is refused, naming the field.
    for (min, low, max, expect) in [
        ("0.3", "0.5", "5", "debajo del mínimo"),
        ("6", "", "5", "mayor que el máximo"),
        ("-1", "", "", "negativo"),
        ("x", "", "", "número"),
    ] {
        let err = t
            .ledger
            .set_quality_limit(&admin(), "free_chlorine", min, low, max)
            .unwrap_err();
        assert!(
            err.message(caudal_core::Lang::Es).contains(expect),
            "{min} {low} {max}: {}",
            err.message(caudal_core::Lang::Es)
        );
    }
    assert!(t.ledger.set_quality_limit(&admin(), "arsenic", "", "", "0.01").is_err());
}

/// Production volumes were once read with every `.` and `,` deleted: `1234,5` added 12,345 m³
/// and non-revenue water was off tenfold. Whole m³ are read as written; decimals are refused,
/// never scaled; a lone `1,234` is ambiguous unless its column says.
#[test]
fn production_volumes_are_read_as_written_never_scaled() {
    let mut t = town();
    for volume in ["1234,5", "1.234,5", "1234.5"] {
        let f = t.file(
            "prod.csv",
            format!("fuente;periodo;m3\nPozo 1;2026-10;{volume}\n").as_bytes(),
        );
        let err = t
            .ledger
            .import_production(&tech(), &f, ImportOptions::default(), false)
            .unwrap_err();
        let msg = err.message(caudal_core::Lang::Es);
        assert!(
            msg.contains("fila 2, columna m3") && msg.contains("m³ enteros"),
            "{volume}: {msg}"
        );
    }
    let f = t.file("prod.csv", b"fuente;periodo;m3\nPozo 1;2026-10;1,234\n");
    let msg = t
        .ledger
        .import_production(&tech(), &f, ImportOptions::default(), false)
        .unwrap_err()
        .message(caudal_core::Lang::Es);
    assert!(msg.contains("ambiguo"), "{msg}");
    let f = t.file(
        "prod.csv",
        b"fuente;periodo;m3\nPozo 1;2026-10;1.234\nManantial;2026-10;12.500.000\nRio;2026-10;1 000\n",
    );
    t.ledger
        .import_production(&tech(), &f, ImportOptions::default(), false)
        .unwrap();
    let c = t.ledger.continuity(p("2026-10")).unwrap();
    assert_eq!(
        c.produced_m3,
        1_234 + 12_500_000 + 1_000,
        "the column's 12.500.000 says «.» groups thousands"
    );
}

/// September's chlorine compliance was 77.8 % and became 33.3 % when the minimum was raised:
/// a month's figures are read from each sample's sealed verdict, given with the limits then
/// in force.
#[test]
fn a_past_months_quality_does_not_change_with_todays_limits() {
    let mut t = town();
    let sheet = "muestra,punto,fecha_hora,muestreado_por,entidad,cloro_libre,turbiedad,ph,coliformes_totales,coliformes_termotolerantes\n\
        S-1,G1,01/10/2026 08:00,Rosa,operador,0.8,1.0,7.2,0,0\n\
        S-2,G1,02/10/2026 08:00,Rosa,operador,0.6,4.0,7.0,0,0\n\
        S-3,N1,03/10/2026 08:00,Rosa,operador,0.55,,,,\n\
        S-4,N1,04/10/2026 08:00,Rosa,operador,0.4,,,,\n";
    let f = t.file("lab.csv", sheet.as_bytes());
    t.ledger
        .import_samples(&tech(), &f, ImportOptions::default(), false)
        .unwrap();
    let before = t.ledger.quality_summary(p("2026-10")).unwrap();
    assert_eq!(before.chlorine_compliance.as_deref(), Some("75.0"));
    assert_eq!(before.physchem_compliance.as_deref(), Some("100.0"));
    let report_before = t.ledger.ncb_report(p("2026-10")).unwrap();
    t.ledger
        .set_quality_limit(&admin(), "free_chlorine", "0.7", "0.5", "5")
        .unwrap();
    t.ledger
        .set_quality_limit(&admin(), "turbidity", "", "", "0.5")
        .unwrap();
    t.ledger.set_quality_limit(&admin(), "ph", "7.1", "", "8.5").unwrap();
    let after = t.ledger.quality_summary(p("2026-10")).unwrap();
    assert_eq!(after, before, "the same verdicts, the same figures");
    let report_after = t.ledger.ncb_report(p("2026-10")).unwrap();
    assert_eq!(
        report_after.summary(caudal_core::Lang::Es),
        report_before.summary(caudal_core::Lang::Es)
    );
    // Only chlorine has a low level: the verdict «low» always means its chlorine.
    let err = t
        .ledger
        .set_quality_limit(&admin(), "ph", "6.5", "6", "8.5")
        .unwrap_err();
    assert!(err.message(caudal_core::Lang::Es).contains("Solo el cloro"));
}

/// «El agua NO cumplió la regla» said no reason: the sentence names the samples under the
/// low level, or the share that reached the minimum against the 90 % asked.
#[test]
fn a_failed_chlorine_rule_says_why() {
    let mut t = town();
    let sheet = "muestra,punto,fecha_hora,muestreado_por,entidad,cloro_libre\n\
        W-1,G1,01/10/2026 08:00,Rosa,operador,0.8\n\
        W-2,G1,02/10/2026 08:00,Rosa,operador,0.2\n";
    let f = t.file("lab.csv", sheet.as_bytes());
    t.ledger
        .import_samples(&tech(), &f, ImportOptions::default(), false)
        .unwrap();
    let es = t
        .ledger
        .ncb_report(p("2026-10"))
        .unwrap()
        .summary(caudal_core::Lang::Es);
    assert!(es.contains("1 muestra quedó por debajo del nivel bajo"), "{es}");
    let en = t
        .ledger
        .ncb_report(p("2026-10"))
        .unwrap()
        .summary(caudal_core::Lang::En);
    assert!(en.contains("1 sample was under the low level"), "{en}");
}
