//! `caudal bench complaints`: a town of 7,500 connections with ten years of complaints (about
//! 30 a month, each decided, notified and final but for the last months'), then the list of
//! open and overdue complaints and the daily deadline sweep, measured.

use crate::Output;
use caudal_core::complaints::{Channel, ComplaintKind, Correction, DecisionRequest, NewComplaint, Outcome};
use caudal_core::import::ImportOptions;
use caudal_core::{Error, Lang, tr};
use caudal_demo::{DemoTown, Rng};
use chrono::Days;
use serde_json::json;
use std::path::PathBuf;
use std::time::Instant;

// Timings are seconds, not money.
#[allow(clippy::float_arithmetic)]
pub fn run(lang: Lang, connections: u32, per_month: u32, dir: Option<PathBuf>) -> Result<Output, Error> {
    let dir =
        dir.unwrap_or_else(|| std::env::temp_dir().join(format!("caudal-bench-complaints-{}", std::process::id())));
    let started = Instant::now();
    // Ten years of history: the first month's readings start the ledger's history.
    let mut demo = DemoTown::start(&dir, connections, 120)?;
    let first = demo.first;
    let file = demo.write_readings(first)?;
    demo.ledger
        .import_readings(&demo.actor, &file, ImportOptions::default(), false)?;
    let today = demo.ledger.clock().today();
    let accounts: Vec<String> = demo.ledger.accounts(today)?.into_iter().map(|a| a.account).collect();
    let mut rng = Rng::new(31);
    let mut filed = 0u32;
    let mut period = first;
    let recent = caudal_core::Period::of(today).prev().prev();
    while period <= caudal_core::Period::of(today) {
        for _ in 0..per_month {
            let day = period.first_day() + Days::new(rng.range(0, 27));
            if day > today {
                continue;
            }
            let kind = if rng.chance(500) {
                ComplaintKind::Operational
            } else {
                ComplaintKind::Commercial
            };
            let c = demo.ledger.file_complaint(
                &demo.actor,
                &NewComplaint {
                    account: rng.pick(&accounts).clone(),
                    kind,
                    channel: Channel::Counter,
                    complainant: "Vecino".into(),
                    complainant_id: "41234567".into(),
                    relation: None,
                    bill: None,
                    amount: None,
                    description: "Presión baja por las mañanas".into(),
                    contact: String::new(),
                    filed_on: Some(day),
                },
            )?;
            filed += 1;
            // The old ones were decided and notified in time; of the last months' some wait.
            if period < recent || rng.chance(600) {
                let decided = (day + Days::new(rng.range(3, 20))).min(today);
                demo.ledger.decide_complaint(
                    &demo.actor,
                    &DecisionRequest {
                        number: c.number.clone(),
                        outcome: if rng.chance(400) {
                            Outcome::Founded
                        } else {
                            Outcome::Unfounded
                        },
                        correction: Correction::None,
                        reason: "Inspección".into(),
                        on: Some(decided),
                    },
                )?;
                demo.ledger
                    .notify_complaint(&demo.actor, &c.number, Some((decided + Days::new(2)).min(today)))?;
            }
        }
        period = period.next();
    }
    // Catch up: the windows of every old decision closed long ago.
    let t = Instant::now();
    let catch_up = demo.ledger.sweep_complaints(&demo.actor, Some(today - Days::new(1)))?;
    let catch_up_s = t.elapsed().as_secs_f64();
    let setup_s = started.elapsed().as_secs_f64();

    let mut open_ms = Vec::new();
    let mut overdue_ms = Vec::new();
    let mut open_n = 0;
    let mut overdue_n = 0;
    for _ in 0..5 {
        let t = Instant::now();
        open_n = demo.ledger.open_complaints(None, false)?.len();
        open_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        overdue_n = demo.ledger.open_complaints(None, true)?.len();
        overdue_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    // Today's sweep: whatever came due overnight, then the same sweep again (nothing to do).
    let t = Instant::now();
    let sweep = demo.ledger.sweep_complaints(&demo.actor, None)?;
    let sweep_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let again = demo.ledger.sweep_complaints(&demo.actor, None)?;
    let again_ms = t.elapsed().as_secs_f64() * 1000.0;
    let best = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let text = tr!(
        lang,
        format!(
            "{connections} conexiones, {filed} reclamos en 10 años (preparación {setup_s:.1} s; puesta al día {catch_up_s:.2} s: {} firmes)\n\
             lista de no firmes ({open_n}): {:.1} ms (mejor de 5; meta ≤ 50 ms)\n\
             lista de vencidos ({overdue_n}): {:.1} ms\n\
             revisión de plazos del día: {sweep_ms:.1} ms ({} por silencio, {} firmes; meta ≤ 200 ms); repetida: {again_ms:.1} ms ({} cambios)",
            catch_up.finalized.len(),
            best(&open_ms),
            best(&overdue_ms),
            sweep.silenced.len(),
            sweep.finalized.len(),
            again.silenced.len() + again.finalized.len()
        ),
        format!(
            "{connections} connections, {filed} complaints over 10 years (setup {setup_s:.1} s; catch-up {catch_up_s:.2} s: {} final)\n\
             list not final ({open_n}): {:.1} ms (best of 5; goal ≤ 50 ms)\n\
             list overdue ({overdue_n}): {:.1} ms\n\
             the day's deadline sweep: {sweep_ms:.1} ms ({} by silence, {} final; goal ≤ 200 ms); again: {again_ms:.1} ms ({} changes)",
            catch_up.finalized.len(),
            best(&open_ms),
            best(&overdue_ms),
            sweep.silenced.len(),
            sweep.finalized.len(),
            again.silenced.len() + again.finalized.len()
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(Output {
        text,
        json: json!({
            "connections": connections,
            "complaints": filed,
            "setup_s": setup_s,
            "catch_up_s": catch_up_s,
            "open": open_n,
            "open_ms": best(&open_ms),
            "overdue": overdue_n,
            "overdue_ms": best(&overdue_ms),
            "sweep_ms": sweep_ms,
            "sweep_silenced": sweep.silenced.len(),
            "sweep_final": sweep.finalized.len(),
            "sweep_again_ms": again_ms,
        }),
        failed: false,
    })
}
