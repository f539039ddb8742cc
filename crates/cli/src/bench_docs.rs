//! `caudal bench documents` and `caudal bench bundle`: the printed bills of a whole town and
//! the municipality's bundle, measured in one run each so the numbers compare on a noisy
//! machine. The bills are set against the same bill printed from HTML by headless Chromium,
//! the way a web app would make it.

use crate::Output;
use caudal_core::error::ErrorCode;
use caudal_core::{Error, Lang, Period, tr};
use caudal_demo::DemoTown;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Peak resident memory since the last [`reset_peak`], in MiB (Linux `VmHWM`).
fn peak_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? / 1024)
}

/// Resets the kernel's peak-memory mark, so a phase is measured alone (Linux ≥ 4.0).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn work_dir(dir: Option<PathBuf>, what: &str) -> Result<PathBuf, Error> {
    let dir = dir.unwrap_or_else(|| std::env::temp_dir().join(format!("caudal-bench-{what}-{}", std::process::id())));
    if dir.join("caudal-demo.db").exists() {
        return Err(Error::invalid(
            ErrorCode::BenchDir,
            format!("{} ya tiene un libro; indique una carpeta vacía.", dir.display()),
            format!("{} already holds a ledger; name an empty folder.", dir.display()),
        ));
    }
    Ok(dir)
}

/// A demo town of `connections` billed and collected for `months` months.
fn town(dir: &Path, connections: u32, months: u32) -> Result<DemoTown, Error> {
    let mut demo = DemoTown::start(dir, connections, months)?;
    let mut period = demo.first;
    while period <= demo.last {
        demo.run_month(period)?;
        period = period.next();
    }
    Ok(demo)
}

// Timings are seconds, not money.
#[allow(clippy::float_arithmetic)]
pub fn documents(lang: Lang, connections: u32, chromium_bills: usize, dir: Option<PathBuf>) -> Result<Output, Error> {
    let dir = work_dir(dir, "documents")?;
    let t = Instant::now();
    let demo = town(&dir, connections, 2)?;
    let setup_s = t.elapsed().as_secs_f64();
    let period = demo.last;
    let pdf = dir.join(format!("bills-{period}.pdf"));
    reset_peak();
    let t = Instant::now();
    let bills = demo.ledger.bills_pdf(period, None, lang, &pdf, |_, _| true)?;
    let pdf_s = t.elapsed().as_secs_f64();
    let peak = peak_mib();
    let size_mib = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;
    let per_s = bills as f64 / pdf_s;

    // The same bills as HTML, printed to PDF by headless Chromium.
    let chromium = chromium_per_page(&demo, period, chromium_bills.min(bills), &dir, lang);
    let (chromium_text_es, chromium_text_en, chromium_json) = match &chromium {
        Ok((seconds, n)) => {
            let per_page = seconds / *n as f64;
            let ratio = per_page / (pdf_s / bills as f64);
            (
                format!(
                    "Chromium sin ventana, {n} recibos en HTML: {seconds:.2} s ({:.1} ms por página); Caudal es {ratio:.0}× más rápido por página (meta ≥ 20×)",
                    per_page * 1000.0
                ),
                format!(
                    "headless Chromium, {n} bills as HTML: {seconds:.2} s ({:.1} ms per page); Caudal is {ratio:.0}× faster per page (goal ≥ 20×)",
                    per_page * 1000.0
                ),
                json!({ "bills": n, "seconds": seconds, "ms_per_page": per_page * 1000.0, "caudal_faster_per_page": ratio }),
            )
        }
        Err(e) => (
            format!("Chromium no disponible: {e}"),
            format!("Chromium not available: {e}"),
            json!({ "error": e }),
        ),
    };
    let text = tr!(
        lang,
        format!(
            "Recibos en PDF: {connections} conexiones (preparación {setup_s:.1} s)\n\
             {bills} recibos de {period} en un PDF: {pdf_s:.2} s = {per_s:.0} recibos/s (meta ≥ 1.000/s), {size_mib:.1} MiB\n\
             memoria máxima al imprimir: {} MiB (meta ≤ 250 MB)\n{chromium_text_es}\nPDF: {}",
            peak.map_or("n/d".into(), |m| m.to_string()),
            pdf.display()
        ),
        format!(
            "Bills as PDF: {connections} connections (setup {setup_s:.1} s)\n\
             {bills} bills of {period} in one PDF: {pdf_s:.2} s = {per_s:.0} bills/s (goal ≥ 1,000/s), {size_mib:.1} MiB\n\
             peak memory while printing: {} MiB (goal ≤ 250 MB)\n{chromium_text_en}\nPDF: {}",
            peak.map_or("n/a".into(), |m| m.to_string()),
            pdf.display()
        )
    );
    Ok(Output {
        text,
        json: json!({
            "connections": connections, "setup_s": setup_s, "bills": bills, "pdf_s": pdf_s, "bills_per_s": per_s,
            "pdf_mib": size_mib, "peak_memory_mib": peak, "chromium": chromium_json, "pdf": pdf,
        }),
        failed: false,
    })
}

/// Prints `n` bills as one HTML document with headless Chromium; returns (seconds, pages).
fn chromium_per_page(
    demo: &DemoTown,
    period: Period,
    n: usize,
    dir: &Path,
    lang: Lang,
) -> Result<(f64, usize), String> {
    let browser = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .find(|p| Path::new(p).exists())
    .ok_or("install Debian's chromium (scripts/setup does)")?;
    let bills = demo.ledger.bills(period, None).map_err(|e| e.message(lang))?;
    let letterhead = demo.ledger.letterhead().map_err(|e| e.message(lang))?;
    let mut html = String::from(
        "<!doctype html><meta charset=utf-8><style>@page{size:A5;margin:8mm}body{font:8pt 'DejaVu Sans',sans-serif}\
         .bill{page-break-after:always}h1{font-size:10pt}table{width:100%;border-collapse:collapse}\
         td.r{text-align:right}.total{font-weight:bold;font-size:10pt;background:#ddd}\
         .stub{border-top:1px dashed #888;margin-top:20mm;padding-top:3mm}</style>",
    );
    for b in bills.iter().take(n) {
        html.push_str(&format!(
            "<div class=bill><h1>{}</h1><p>RUC {}<br>{}</p><h2>RECIBO DE AGUA N° {}</h2>\
             <p>{}<br>{} · {}<br>{} {} · {}</p><table>",
            letterhead.operator,
            letterhead.ruc,
            letterhead.address,
            b.number,
            b.holder,
            b.account,
            b.address,
            b.period,
            b.issued_on,
            b.due_on
        ));
        for (code, m3, amount) in b.lines() {
            html.push_str(&format!(
                "<tr><td>{code}<td class=r>{}<td class=r>{amount}",
                m3.map(|v| v.to_string()).unwrap_or_default()
            ));
        }
        html.push_str(&format!(
            "<tr class=total><td>TOTAL A PAGAR<td><td class=r>{}</table>\
             <div class=stub>{} · {} · {}</div></div>",
            b.total_to_pay, b.number, b.account, b.total_to_pay
        ));
    }
    let page = dir.join("bench-bills.html");
    std::fs::write(&page, html).map_err(|e| e.to_string())?;
    let out = dir.join("bench-bills-chromium.pdf");
    let profile = dir.join("chromium-profile");
    let t = Instant::now();
    let status = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    let seconds = t.elapsed().as_secs_f64();
    if !status.success() || !out.exists() {
        return Err(format!("chromium exited with {status}"));
    }
    Ok((seconds, n))
}

// Timings are seconds, not money.
#[allow(clippy::float_arithmetic)]
pub fn bundle(lang: Lang, connections: u32, dir: Option<PathBuf>) -> Result<Output, Error> {
    let dir = work_dir(dir, "bundle")?;
    let t = Instant::now();
    let mut demo = town(&dir, connections, 3)?;
    let setup_s = t.elapsed().as_secs_f64();
    let passphrase = "frase de paso del banco de pruebas";
    demo.ledger.generate_key(&demo.actor, passphrase, false)?;
    // Unlocking the key (scrypt) is part of every creation; measured alone as well.
    let secret = demo.ledger.settings().get("signing_secret_key")?.unwrap_or_default();
    let t = Instant::now();
    caudal_core::bundle::signing::unlock(&secret, passphrase)?;
    let unlock_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let created = demo.ledger.create_bundle(&demo.actor, demo.last, passphrase)?;
    let create_s = t.elapsed().as_secs_f64();
    let b = created.bundle;
    let kib = b.zip_bytes as f64 / 1024.0;
    let text = tr!(
        lang,
        format!(
            "Paquete mensual: {connections} conexiones (preparación {setup_s:.1} s)\n\
             {} creado y firmado en {create_s:.2} s (meta ≤ 2 s), de ellos {unlock_s:.2} s para abrir la clave (scrypt)\n\
             tamaño: {kib:.0} KiB",
            b.name
        ),
        format!(
            "Monthly bundle: {connections} connections (setup {setup_s:.1} s)\n\
             {} created and signed in {create_s:.2} s (goal ≤ 2 s), of which {unlock_s:.2} s unlocking the key (scrypt)\n\
             size: {kib:.0} KiB",
            b.name
        )
    );
    Ok(Output {
        text,
        json: json!({
            "connections": connections, "setup_s": setup_s, "bundle": b.name, "create_s": create_s,
            "unlock_s": unlock_s, "zip_bytes": b.zip_bytes,
        }),
        failed: false,
    })
}
