//! A ledger in a temporary file in one line, the published SEDAPAL tariff, and small helpers
//! to feed customers and readings through the real imports.

use caudal_core::import::{ImportOptions, ImportSummary};
use caudal_core::{Actor, Ledger, NewLedger, Period, Role};
use std::path::PathBuf;
use tempfile::TempDir;

/// The SEDAPAL tariff of RCD 022-2015-SUNASS-CD (the worked example of docs/tariff.md): no
/// fund, no subsidy.
pub const SEDAPAL: &str = include_str!("../fixtures/sedapal.toml");

pub fn clerk() -> Actor {
    Actor::new("ana", Role::Clerk)
}

pub fn admin() -> Actor {
    Actor::new("gerente", Role::Admin)
}

/// The moment every test ledger takes as now: what a test checks never depends on the day or
/// the time zone it runs in.
pub const NOW: &str = "2026-12-08T10:00:00-05:00";

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(NOW).unwrap().into()
}

/// The ledger at `path`, its clock stopped at [`NOW`].
pub fn opened(path: impl AsRef<std::path::Path>) -> Ledger {
    let mut ledger = Ledger::open(path.as_ref()).unwrap();
    ledger.stop_clock_at(now());
    ledger
}

pub fn p(s: &str) -> Period {
    s.parse().unwrap()
}

pub struct Town {
    pub dir: TempDir,
    pub ledger: Ledger,
}

impl Town {
    /// A new ledger on disk with the SEDAPAL tariff.
    pub fn new() -> Town {
        Town::with_tariff(SEDAPAL)
    }

    pub fn with_tariff(tariff: &str) -> Town {
        let dir = tempfile::tempdir().unwrap();
        let setup = NewLedger {
            operator: "Operador Prueba S.A.C.".into(),
            town: "Villa Prueba".into(),
            series: "S001".into(),
        };
        let mut ledger = Ledger::create(&dir.path().join("caudal.db"), &setup, &admin()).unwrap();
        ledger.stop_clock_at(now());
        ledger.import_tariff(&admin(), tariff).unwrap();
        Town { dir, ledger }
    }

    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    pub fn customers(&mut self, csv: &str) -> ImportSummary {
        let path = self.file("customers.csv", csv.as_bytes());
        self.ledger
            .import_customers(&clerk(), &path, ImportOptions::default(), false)
            .unwrap()
            .0
    }

    pub fn readings(&mut self, csv: &str) -> ImportSummary {
        let path = self.file("readings.csv", csv.as_bytes());
        self.ledger
            .import_readings(&clerk(), &path, ImportOptions::default(), false)
            .unwrap()
            .0
    }

    pub fn try_readings(&mut self, csv: &str) -> caudal_core::Result<ImportSummary> {
        let path = self.file("readings.csv", csv.as_bytes());
        self.ledger
            .import_readings(&clerk(), &path, ImportOptions::default(), false)
            .map(|r| r.0)
    }

    /// Issues a period on the 3rd of the next month.
    pub fn issue(&mut self, period: &str) -> caudal_core::billing::IssueOutcome {
        let period = p(period);
        let date = period.next().first_day() + chrono::Duration::days(2);
        self.ledger
            .issue_run(&clerk(), period, Some(date), |_, _| true)
            .unwrap()
    }

    pub fn bill(&self, period: &str, account: &str) -> caudal_core::billing::Bill {
        let mut bills = self.ledger.bills(p(period), Some(account)).unwrap();
        assert_eq!(bills.len(), 1, "one bill for {account} in {period}");
        bills.remove(0)
    }
}

pub const HEADER: &str =
    "account,name,address,sector,category,metered,meter_serial,meter_digits,initial_reading,sewer,subsidized\n";

/// A customers.csv of one metered domestic connection with sewer.
pub fn one_customer(account: &str, digits: u32, initial: u64) -> String {
    format!("{HEADER}{account},Rosa Quispe,Jr. Grau 123,Centro,domestico,si,M-1,{digits},{initial},si,no\n")
}

/// readings.csv rows `(account, period, reading)` read on the period's last day.
pub fn readings_csv(rows: &[(&str, &str, Option<u64>)]) -> String {
    let mut s = String::from("account,period,reading,read_on,status\n");
    for (account, period, reading) in rows {
        let last = p(period).last_day();
        match reading {
            Some(r) => s.push_str(&format!("{account},{period},{r},{last},ok\n")),
            None => s.push_str(&format!("{account},{period},,{last},sin_acceso\n")),
        }
    }
    s
}
