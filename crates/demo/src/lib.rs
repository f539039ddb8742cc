//! A generated demo town: realistic Peruvian names and addresses, every category, unmetered
//! and subsidized connections, meters that roll over, missed readings, a meter replacement and
//! an atypical reading, run month by month through the same imports and billing run a clerk
//! uses. Deterministic: the same seed gives the same town.

//!
//! Its own crate, not part of the operator's library: the command line's `caudal demo` and
//! benchmarks, the window's demo town and the tests build on it.

#![deny(missing_docs)]

mod names;
mod running;
mod stories;
mod town;

pub use running::{DemoReport, DemoTown};
pub use town::Town;

use caudal_core::Period;
use caudal_core::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The password of every demo user (shown on the demo's sign-in screen).
pub const DEMO_PASSWORD: &str = "caudal-demo";

/// SplitMix64: small, fast and good enough to make a town; no dependency.
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`: the same seed, the same town.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next number of the sequence.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `per_thousand` / 1000.
    pub fn chance(&mut self, per_thousand: u64) -> bool {
        self.next_u64() % 1000 < per_thousand
    }

    /// One of `items`, chosen by the sequence.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
}

/// The demo tariff: SEDAPAL's published rates (RCD 022-2015-SUNASS-CD), with a community
/// fund and a subsidy for the poorest, as the STPP model asks.
pub fn tariff_document(effective_from: Period) -> String {
    format!(
        r#"format = 1
name = "Estructura tarifaria de demostración"
effective_from = "{effective_from}"
approval = "Acuerdo de Concejo N° 045-2025-MD; asamblea comunal del 20/11/2025"
currency = "PEN"
fixed_charge = "4.886"
tax_rate = "0.18"
pay_rounding = "0.10"
due_days = 15
estimate_months = 6

[fund]
percent = "0.05"
purposes = {{ subsidy = "0.50", environment = "0.25", hygiene = "0.25" }}

[subsidy]
percent = "0.50"
max_m3 = 10

[categories.social]
label = "Social"
method = "block"
unmetered_m3 = 20
water = [[0, "1.116"]]
sewer = [[0, "0.504"]]

[categories.domestico]
label = "Doméstico"
method = "block"
unmetered_m3 = 15
water = [[0, "1.116"], [10, "1.295"], [25, "2.865"], [50, "4.858"]]
sewer = [[0, "0.504"], [10, "0.586"], [25, "1.293"], [50, "2.193"]]

[categories.comercial]
label = "Comercial"
method = "block"
minimum_m3 = 5
unmetered_m3 = 30
water = [[0, "4.858"], [1000, "5.212"]]
sewer = [[0, "2.193"], [1000, "2.352"]]

[categories.industrial]
label = "Industrial"
method = "block"
unmetered_m3 = 50
water = [[0, "4.858"], [1000, "5.212"]]
sewer = [[0, "2.193"], [1000, "2.352"]]

[categories.estatal]
label = "Estatal"
method = "range"
unmetered_m3 = 50
water = [[0, "3.195"]]
sewer_percent_of_water = "0.437"
"#
    )
}

pub(crate) fn put(dir: &Path, name: &str, text: &str) -> Result<PathBuf> {
    let p = dir.join(name);
    std::fs::write(&p, text).map_err(|e| Error::io(&p, e))?;
    Ok(p)
}

/// Builds the demo town in `dir` and runs all its months: the ledger `caudal-demo.db`, and
/// beside it the files it was fed and the last month's bills.csv. `progress` hears each month.
pub fn build(dir: &Path, connections: u32, months: u32, mut progress: impl FnMut(Period)) -> Result<DemoReport> {
    let mut demo = DemoTown::start(dir, connections, months)?;
    let (mut bills, mut held_confirmed) = (0, 0);
    let mut period = demo.first;
    loop {
        let (b, h) = demo.run_month(period)?;
        bills += b;
        held_confirmed += h;
        progress(period);
        if period == demo.last {
            break;
        }
        period = period.next();
    }
    if months >= 6 {
        demo.file_complaints()?;
        demo.field_work()?;
        demo.board()?;
    }
    let last = demo.last;
    demo.ledger.export_bills(last, &dir.join(format!("bills-{last}.csv")))?;
    Ok(DemoReport {
        ledger: dir.join("caudal-demo.db"),
        connections,
        months,
        first_period: demo.first,
        last_period: last,
        bills,
        held_confirmed,
    })
}
