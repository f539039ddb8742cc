//! `caudal bench report`: towns of 7,500 and 30,000 connections with ten years of history
//! (readings, bills and payments every month, through the clerk's own imports), then the
//! Community Board's report of the last month, PDF and indicators.csv, measured, with the
//! peak memory the report itself needed.

use crate::Output;
use caudal_core::error::ErrorCode;
use caudal_core::{Error, Lang, tr};
use caudal_demo::DemoTown;
use serde_json::json;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

/// Starts a fresh measure of peak memory (Linux: writing 5 to clear_refs resets VmHWM).
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

// Timings are seconds, not money.
#[allow(clippy::float_arithmetic)]
pub fn run(lang: Lang, towns: &[u32], months: u32, dir: Option<PathBuf>) -> Result<Output, Error> {
    let base = dir.unwrap_or_else(|| std::env::temp_dir().join(format!("caudal-bench-report-{}", std::process::id())));
    let mut text = String::new();
    let mut results = Vec::new();
    for &connections in towns {
        let dir = base.join(format!("town-{connections}"));
        if dir.join("caudal-demo.db").exists() {
            return Err(Error::invalid(
                ErrorCode::BenchDir,
                format!("{} ya tiene un libro; indique una carpeta vacía.", dir.display()),
                format!("{} already holds a ledger; name an empty folder.", dir.display()),
            ));
        }
        let started = Instant::now();
        let mut demo = DemoTown::start(&dir, connections, months)?;
        let mut period = demo.first;
        let mut bills = 0u64;
        let mut whole_s = 0.0;
        loop {
            if period == demo.last {
                // The month before was closed with a whole check of the ledger (`ledger
                // verify`), so the report checks only what the last month added.
                let t = Instant::now();
                let actor = demo.actor.clone();
                demo.ledger.check(&actor)?;
                whole_s = t.elapsed().as_secs_f64();
            }
            bills += demo.run_month(period)?.0;
            if period == demo.last {
                break;
            }
            period = period.next();
        }
        let setup_s = started.elapsed().as_secs_f64();
        let last = demo.last;
        let (pdf, csv) = (dir.join("informe.pdf"), dir.join("indicators.csv"));
        reset_peak_memory();
        let mut best = f64::INFINITY;
        let mut written = None;
        let mut rows = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let w = demo.ledger.ncb_report_files(last, lang, &pdf, Some(&csv))?;
            rows = w.csv_rows.unwrap_or(0);
            written = Some(w);
            best = best.min(t.elapsed().as_secs_f64());
        }
        let peak = crate::bench::peak_memory_mib();
        // The parts, so a slow one is named: the chain check the cover reports, the indicators.
        let t = Instant::now();
        demo.ledger.verify_quick()?;
        let verify_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        demo.ledger.indicators(last)?;
        let indicators_s = t.elapsed().as_secs_f64();
        let pages = written.map_or(0, |w| w.pages);
        let goal = if connections <= 7_500 { 1.0 } else { 3.0 };
        let (town, history) = (lang.count(u64::from(connections)), lang.count(bills));
        let _ = writeln!(
            text,
            "{}",
            tr!(
                lang,
                format!(
                    "{town} conexiones, {months} meses, {history} recibos (preparación {setup_s:.0} s): informe de {} ({pages} páginas) y indicators.csv ({rows} filas) en {best:.2} s (meta ≤ {goal:.0} s; mejor de 3); memoria pico del informe {} MiB; por separado: revisión del libro desde la última completa {verify_s:.2} s (corre en paralelo con el resto), indicadores de 12 meses {indicators_s:.2} s; la revisión completa del mes anterior (ledger verify) {whole_s:.1} s",
                    lang.period(last),
                    peak.map_or_else(|| "?".into(), |m| m.to_string())
                ),
                format!(
                    "{town} connections, {months} months, {history} bills (setup {setup_s:.0} s): report of {} ({pages} pages) and indicators.csv ({rows} rows) in {best:.2} s (goal ≤ {goal:.0} s; best of 3); the report's peak memory {} MiB; apart: the ledger check since the last whole one {verify_s:.2} s (runs alongside the rest), 12 months of indicators {indicators_s:.2} s; the previous month's whole check (ledger verify) {whole_s:.1} s",
                    lang.period(last),
                    peak.map_or_else(|| "?".into(), |m| m.to_string())
                )
            )
        );
        results.push(json!({
            "connections": connections, "months": months, "bills": bills, "setup_s": setup_s,
            "report_s": best, "goal_s": goal, "pages": pages, "csv_rows": rows, "peak_memory_mib": peak,
            "verify_s": verify_s, "indicators_s": indicators_s, "whole_check_s": whole_s,
        }));
        drop(demo);
        let _ = std::fs::remove_dir_all(&dir);
    }
    let _ = std::fs::remove_dir_all(&base);
    Ok(Output {
        text: text.trim_end().to_string(),
        json: json!({ "towns": results }),
        failed: false,
    })
}
