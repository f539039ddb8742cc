//! `caudal bench quality`: a town of 7,500 connections with ten years of samples (60 a month)
//! and interruptions (10 a month), then the month's quality and continuity figures and a
//! 5,000-row lab sheet imported, measured.

use crate::Output;
use caudal_core::import::ImportOptions;
use caudal_core::{Error, Lang, Period, tr};
use caudal_demo::{DemoTown, Rng};
use chrono::Datelike;
use serde_json::json;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

const SECTORS: &[&str] = &[
    "Centro",
    "Barrio Alto",
    "San Pedro",
    "La Florida",
    "Las Lomas",
    "Nueva Esperanza",
];

// Timings are seconds, not money.
#[allow(clippy::float_arithmetic)]
pub fn run(lang: Lang, connections: u32, dir: Option<PathBuf>) -> Result<Output, Error> {
    let dir = dir.unwrap_or_else(|| std::env::temp_dir().join(format!("caudal-bench-quality-{}", std::process::id())));
    let started = Instant::now();
    let mut demo = DemoTown::start(&dir, connections, 120)?;
    let first = demo.first;
    let file = demo.write_readings(first)?;
    demo.ledger
        .import_readings(&demo.actor, &file, ImportOptions::default(), false)?;
    let today = demo.ledger.clock().today();
    let this = Period::of(today);
    let mut points = String::from("point,name,kind,sector\n");
    let mut plan = String::from("point,parameter,per_month\n");
    for i in 0..20 {
        let kind = if i < 2 {
            "reservoir"
        } else if i < 12 {
            "network"
        } else {
            "tap"
        };
        let _ = writeln!(points, "P{i:02},Punto {i},{kind},{}", SECTORS[i % SECTORS.len()]);
        let _ = writeln!(plan, "P{i:02},free_chlorine,3");
    }
    let mut sectors = String::from("sector,name,hours_per_day\n");
    for (i, s) in SECTORS.iter().enumerate() {
        let _ = writeln!(sectors, "{s},{s},{}", if i == 0 { 24 } else { 18 });
    }
    let write = |name: &str, text: &str| -> Result<PathBuf, Error> {
        let p = dir.join(name);
        std::fs::write(&p, text).map_err(|e| Error::io(&p, e))?;
        Ok(p)
    };
    let opts = ImportOptions::default();
    demo.ledger
        .import_quality_points(&demo.actor, &write("points.csv", &points)?, opts, false)?;
    demo.ledger
        .import_quality_plan(&demo.actor, &write("plan.csv", &plan)?, opts, false)?;
    demo.ledger
        .import_sectors(&demo.actor, &write("sectors.csv", &sectors)?, opts, false)?;
    // Ten years of field work, month by month through the real imports.
    let mut rng = Rng::new(12);
    let mut period = first;
    let (mut samples, mut interruptions) = (0u64, 0u64);
    let sheet_header = "sample;point;taken_at;by;free_chlorine;turbidity;ph;total_coliforms;thermotolerant_coliforms\n";
    while period < this {
        let mut sheet = String::from(sheet_header);
        for n in 0..60 {
            let day = 1 + rng.range(0, 27);
            let chlorine = rng.range(20, 120);
            let _ = writeln!(
                sheet,
                "S{period}-{n:02};P{:02};{day:02}/{:02}/{} {:02}:{:02};operador;{},{:02};{},{};7,{};{};ND",
                rng.range(0, 19),
                period.month(),
                period.year(),
                rng.range(6, 17),
                rng.range(0, 59),
                chlorine / 100,
                chlorine % 100,
                rng.range(0, 4),
                rng.range(0, 9),
                rng.range(0, 9),
                if rng.chance(30) { "2" } else { "<1.8" }
            );
            samples += 1;
        }
        demo.ledger
            .import_samples(&demo.actor, &write("sheet.csv", &sheet)?, opts, false)?;
        let mut rows = String::from("sector,start,end,kind,cause,notice_hours\n");
        for n in 0..10 {
            let day = 1 + n * 2 + rng.range(0, 1);
            let hours = rng.range(1, 8);
            let start = format!(
                "{}-{:02}-{day:02} {:02}:00",
                period.year(),
                period.month(),
                rng.range(6, 14)
            );
            let end = format!(
                "{}-{:02}-{day:02} {:02}:00",
                period.year(),
                period.month(),
                14 + hours.min(9)
            );
            let _ = writeln!(
                rows,
                "{},{start},{end},{},Trabajo {n},{}",
                SECTORS[rng.range(0, SECTORS.len() as u64 - 1) as usize],
                if n % 2 == 0 { "planned" } else { "unplanned" },
                if n % 4 == 0 { 72 } else { 12 }
            );
            interruptions += 1;
        }
        demo.ledger
            .import_interruptions(&demo.actor, &write("int.csv", &rows)?, opts, false)?;
        period = period.next();
    }
    let setup_s = started.elapsed().as_secs_f64();
    let measured = this.prev();
    let best = |f: &mut dyn FnMut() -> Result<(), Error>| -> Result<f64, Error> {
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let t = Instant::now();
            f()?;
            best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        }
        Ok(best)
    };
    let quality_ms = best(&mut || demo.ledger.quality_summary(measured).map(|_| ()))?;
    let continuity_ms = best(&mut || demo.ledger.continuity(measured).map(|_| ()))?;
    // A 5,000-row lab sheet of this month.
    let mut big = String::from(sheet_header);
    for n in 0..5000 {
        let _ = writeln!(
            big,
            "BIG-{n:05};P{:02};{:02}/{:02}/{} 07:{:02};laboratorio;0,{};1,0;7,2;<1.8;ND",
            n % 20,
            1 + (n % today.day0().max(1)),
            this.month(),
            this.year(),
            n % 60,
            5 + n % 4
        );
    }
    let sheet = write("big.csv", &big)?;
    let t = Instant::now();
    let (summary, _) = demo.ledger.import_samples(&demo.actor, &sheet, opts, false)?;
    let import_s = t.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&dir);
    let text = tr!(
        lang,
        format!(
            "{connections} conexiones, {samples} muestras y {interruptions} interrupciones en 10 años (preparación {setup_s:.1} s)\n\
             cifras de calidad del mes: {quality_ms:.1} ms · continuidad: {continuity_ms:.1} ms (mejor de 5; meta ≤ 50 ms)\n\
             hoja de laboratorio de {} filas: {import_s:.2} s (meta ≤ 0,5 s)",
            summary.added
        ),
        format!(
            "{connections} connections, {samples} samples and {interruptions} interruptions over 10 years (setup {setup_s:.1} s)\n\
             the month's quality figures: {quality_ms:.1} ms · continuity: {continuity_ms:.1} ms (best of 5; goal ≤ 50 ms)\n\
             a lab sheet of {} rows: {import_s:.2} s (goal ≤ 0.5 s)",
            summary.added
        )
    );
    Ok(Output {
        text,
        json: json!({
            "connections": connections, "samples": samples, "interruptions": interruptions, "setup_s": setup_s,
            "quality_ms": quality_ms, "continuity_ms": continuity_ms, "lab_sheet_rows": summary.added, "lab_sheet_s": import_s,
        }),
        failed: false,
    })
}
