//! `caudal bench`: builds a large town and measures, in one run so that the numbers compare on
//! a noisy machine, one month's readings import, one billing run issued, the baseline of a raw
//! prepared-statement insert of as many rows into a table shaped like `bills`, counter and bank
//! payments, arrears and `accounts export`.

use crate::Output;
use caudal_core::error::ErrorCode;
use caudal_core::import::ImportOptions;
use caudal_core::{Error, Lang, tr};
use caudal_demo::DemoTown;
use serde_json::json;
use std::path::PathBuf;
use std::time::Instant;

/// Peak resident memory of this process (Linux `VmHWM`), in MiB.
pub(crate) fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

// Timings are seconds, not money: ratios and averages of durations.
#[allow(clippy::float_arithmetic)]
pub fn run(lang: Lang, connections: u32, months: u32, dir: Option<PathBuf>) -> Result<Output, Error> {
    let months = months.max(2);
    let dir = dir.unwrap_or_else(|| std::env::temp_dir().join(format!("caudal-bench-{}", std::process::id())));
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
    while period < demo.last {
        demo.run_month(period)?;
        period = period.next();
    }
    let setup_s = started.elapsed().as_secs_f64();

    // The month measured: import its readings, then issue its run.
    let file = demo.write_readings(demo.last)?;
    let t = Instant::now();
    let (summary, _) = demo
        .ledger
        .import_readings(&demo.actor, &file, ImportOptions::default(), false)?;
    let import_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let date = Some(demo.issue_date(demo.last));
    let outcome = demo.ledger.issue_run(&demo.actor, demo.last, date, |_, _| true)?;
    let issue_s = t.elapsed().as_secs_f64();

    // Baselines: the very rows just issued, written again through one prepared statement in
    // one IMMEDIATE transaction, on the same file with the same pragmas — into a bare table
    // (no index at all), and into a table shaped like `bills` with the same indexes.
    let db = bench_connection(&demo.ledger)?;
    let rows: Vec<Vec<rusqlite::types::Value>> = {
        let mut stmt = db.prepare("SELECT * FROM bills WHERE period = ?1")?;
        let n = stmt.column_count();
        stmt.query_map([demo.last.to_string()], |r| (0..n).map(|i| r.get(i)).collect())?
            .collect::<rusqlite::Result<_>>()?
    };
    let bare_s = insert_rows(&db, &rows, "CREATE TABLE bench_rows AS SELECT * FROM bills WHERE 0")?;
    let bills_sql: String = db.query_row(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'bills'",
        [],
        |r| r.get(0),
    )?;
    let shaped = format!(
        "{}; CREATE INDEX bench_rows_period ON bench_rows (period);
         CREATE INDEX bench_rows_history ON bench_rows (connection_id, period, basis, consumption_m3, rounding_curr, amount_due, due_on);",
        bills_sql.replacen("CREATE TABLE bills", "CREATE TABLE bench_rows", 1)
    );
    let shaped_s = insert_rows(&db, &rows, &shaped)?;
    // The money side on the same town: counter payments one by one (each its own durable
    // transaction), a bank's file of the month's collections, and the arrears report.
    let bills = demo.ledger.bills(demo.last, None)?;
    let day = demo.issue_date(demo.last);
    let counter_n = 50.min(bills.len());
    let t = Instant::now();
    for b in bills.iter().take(counter_n) {
        demo.ledger.record_payment(&demo.actor, &b.account, b.amount_due, day)?;
    }
    let payment_ms = t.elapsed().as_secs_f64() * 1000.0 / counter_n.max(1) as f64;
    let mut csv = String::from("account,amount,date,reference\n");
    for (i, b) in bills.iter().enumerate().skip(counter_n) {
        csv.push_str(&format!("{},{},{},BENCH-{i}\n", b.account, b.amount_due.plain(), day));
    }
    let file = dir.join("bench-payments.csv");
    std::fs::write(&file, csv).map_err(|e| Error::io(&file, e))?;
    let t = Instant::now();
    let (paid, _) = demo
        .ledger
        .import_payments(&demo.actor, &file, ImportOptions::default(), false)?;
    let payments_import_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let arrears = demo.ledger.arrears(demo.ledger.clock().today())?;
    let arrears_s = t.elapsed().as_secs_f64();
    let accounts_file = dir.join("bench-accounts.csv");
    let t = Instant::now();
    let accounts = demo
        .ledger
        .export_accounts(demo.ledger.clock().today(), &accounts_file)?;
    let accounts_s = t.elapsed().as_secs_f64();
    let peak = peak_memory_mib();
    let (ratio_bare, ratio_shaped) = (issue_s / bare_s, issue_s / shaped_s);
    let text = tr!(
        lang,
        format!(
            "Banco de pruebas: {connections} conexiones, {months} meses (preparación {setup_s:.1} s)\n\
             importar lecturas de {} ({} filas): {import_s:.3} s (meta ≤ 0,3 s)\n\
             emitir la facturación de {} ({} recibos): {issue_s:.3} s (meta ≤ 1,0 s)\n\
             línea base, inserción preparada de las mismas {} filas: tabla sin índices {bare_s:.3} s \
             (facturación = {ratio_bare:.2}×), tabla con la forma e índices de bills {shaped_s:.3} s \
             (facturación = {ratio_shaped:.2}×) (meta ≤ 3×)\n\
             un pago en caja: {payment_ms:.2} ms (meta ≤ 5 ms)\n\
             importar {} pagos cobrados: {payments_import_s:.3} s (meta ≤ 1 s)\n\
             deuda vencida de {connections} conexiones: {arrears_s:.3} s, {} con deuda (meta ≤ 0,5 s)\n\
             exportar las {accounts} cuentas: {accounts_s:.3} s (meta ≤ 0,5 s)\n\
             memoria máxima: {} MiB (meta ≤ 200 MB)\nlibro: {}",
            demo.last,
            summary.added,
            demo.last,
            outcome.issued,
            rows.len(),
            paid.added,
            arrears.len(),
            peak.map_or("n/d".to_string(), |m| m.to_string()),
            dir.join("caudal-demo.db").display()
        ),
        format!(
            "Benchmark: {connections} connections, {months} months (setup {setup_s:.1} s)\n\
             readings import of {} ({} rows): {import_s:.3} s (goal ≤ 0.3 s)\n\
             billing run issued for {} ({} bills): {issue_s:.3} s (goal ≤ 1.0 s)\n\
             baseline, prepared insert of the same {} rows: bare table {bare_s:.3} s (billing = \
             {ratio_bare:.2}×), table shaped and indexed like bills {shaped_s:.3} s (billing = {ratio_shaped:.2}×) \
             (goal ≤ 3×)\n\
             one counter payment: {payment_ms:.2} ms (goal ≤ 5 ms)\n\
             import of {} collected payments: {payments_import_s:.3} s (goal ≤ 1 s)\n\
             arrears of {connections} connections: {arrears_s:.3} s, {} in arrears (goal ≤ 0.5 s)\n\
             accounts export of {accounts} accounts: {accounts_s:.3} s (goal ≤ 0.5 s)\n\
             peak memory: {} MiB (goal ≤ 200 MB)\nledger: {}",
            demo.last,
            summary.added,
            demo.last,
            outcome.issued,
            rows.len(),
            paid.added,
            arrears.len(),
            peak.map_or("n/a".to_string(), |m| m.to_string()),
            dir.join("caudal-demo.db").display()
        )
    );
    Ok(Output {
        text,
        json: json!({
            "connections": connections, "months": months, "setup_s": setup_s,
            "readings_import_s": import_s, "readings_rows": summary.added,
            "billing_issue_s": issue_s, "bills": outcome.issued,
            "baseline_bare_s": bare_s, "baseline_shaped_s": shaped_s,
            "billing_over_bare": ratio_bare, "billing_over_shaped": ratio_shaped,
            "counter_payment_ms": payment_ms, "payments_import_s": payments_import_s, "payments_imported": paid.added,
            "arrears_s": arrears_s, "arrears_connections": arrears.len(),
            "accounts_export_s": accounts_s, "accounts_exported": accounts,
            "peak_memory_mib": peak, "ledger": dir.join("caudal-demo.db"),
        }),
        failed: false,
    })
}

/// A second connection to the bench ledger, with the ledger's own pragmas.
fn bench_connection(ledger: &caudal_core::Ledger) -> Result<rusqlite::Connection, Error> {
    let path = ledger
        .path()
        .ok_or_else(|| Error::invalid(ErrorCode::Bench, "sin archivo", "no file"))?;
    let db = rusqlite::Connection::open(path)?;
    db.pragma_update(None, "synchronous", "FULL")?;
    db.pragma_update(None, "cache_size", -32_768)?;
    db.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(db)
}

/// Creates `bench_rows` with `ddl`, times the insert of `rows` in one transaction, drops it.
fn insert_rows(db: &rusqlite::Connection, rows: &[Vec<rusqlite::types::Value>], ddl: &str) -> Result<f64, Error> {
    db.execute_batch(ddl)?;
    let cols = rows.first().map_or(1, Vec::len);
    let placeholders = (1..=cols).map(|i| format!("?{i}")).collect::<Vec<_>>().join(",");
    let t = Instant::now();
    db.execute_batch("BEGIN IMMEDIATE")?;
    {
        let mut stmt = db.prepare(&format!("INSERT INTO bench_rows VALUES ({placeholders})"))?;
        for row in rows {
            stmt.execute(rusqlite::params_from_iter(row))?;
        }
    }
    db.execute_batch("COMMIT")?;
    let seconds = t.elapsed().as_secs_f64();
    db.execute_batch("DROP TABLE bench_rows")?;
    Ok(seconds)
}
