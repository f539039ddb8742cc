//! A demo town run month by month: its ledger, readings, bills, payments and the operator's
//! own entries, through the same imports and runs a clerk uses.

use crate::town::Town;
use crate::{DEMO_PASSWORD, put, tariff_document};
use caudal_core::access::Actor;
use caudal_core::error::ErrorCode;
use caudal_core::error::{Error, Result};
use caudal_core::import::ImportOptions;
use caudal_core::period::Period;
use caudal_core::{Ledger, NewLedger};
use chrono::Duration;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What building a demo town made.
#[derive(Debug, Clone, Serialize)]
pub struct DemoReport {
    /// The ledger's file.
    pub ledger: PathBuf,
    /// How many connections the town has.
    pub connections: u32,
    /// How many months were billed.
    pub months: u32,
    /// The first month billed.
    pub first_period: Period,
    /// The last month billed (the one before today's).
    pub last_period: Period,
    /// How many bills were issued.
    pub bills: u64,
    /// How many atypical readings were held and then confirmed.
    pub held_confirmed: u64,
}

/// A demo town being run: its ledger, the generator, and the files it writes in `dir`.
pub struct DemoTown {
    /// The town's ledger.
    pub ledger: Ledger,
    /// Who runs it (an administrator named `demo`).
    pub actor: Actor,
    /// The first month it bills.
    pub first: Period,
    /// The last month it bills.
    pub last: Period,
    town: Town,
    pub(crate) dir: PathBuf,
    months: u32,
}

impl DemoTown {
    /// Creates the ledger `caudal-demo.db` in `dir`, its tariff and its customers (through the
    /// same imports a clerk uses, leaving the files beside it). The months end with the one
    /// before today's.
    pub fn start(dir: &Path, connections: u32, months: u32) -> Result<DemoTown> {
        if connections == 0 || connections > 100_000 || months == 0 || months > 120 {
            return Err(Error::invalid(
                ErrorCode::DemoSize,
                "El pueblo de demostración tiene de 1 a 100 000 conexiones y de 1 a 120 meses.",
                "The demo town has 1 to 100,000 connections and 1 to 120 months.",
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let actor = Actor::new("demo", caudal_core::Role::Admin);
        let setup = NewLedger {
            operator: "Aguas del Valle S.A.C.".into(),
            town: "San Juan de Ríos".into(),
            series: "S001".into(),
        };
        let mut ledger = Ledger::create(&dir.join("caudal-demo.db"), &setup, &actor)?;
        // The demo's people, one per role, all with the password shown on the sign-in screen.
        for (name, full_name, role) in [
            ("gerente", "Walter Salazar (gerente)", caudal_core::Role::Admin),
            ("ana", "Ana Quispe (auxiliar comercial)", caudal_core::Role::Clerk),
            ("rosa", "Rosa Ccori (técnica)", caudal_core::Role::Technician),
            ("junta", "Junta Vecinal Comunal", caudal_core::Role::Ncb),
        ] {
            let user = caudal_core::users::NewUser {
                name: name.into(),
                full_name: full_name.into(),
                role,
                password: DEMO_PASSWORD.into(),
            };
            ledger.create_user(Some(&actor), &user)?;
        }
        ledger.mark_demo(&actor)?;
        // A made-up RUC and office address, so printed documents look as a real operator's do.
        ledger.set_setting(&actor, "ruc", "20600000001")?;
        ledger.set_setting(&actor, "address", "Jr. Lima 210, Plaza de Armas, San Juan de Ríos")?;
        // About 4.2 people for each connection: most of the town is connected.
        ledger.set_setting(
            &actor,
            "population",
            &(u64::from(connections) * 42 / 10).max(1).to_string(),
        )?;
        let last = Period::of(ledger.clock().today()).prev();
        let mut first = last;
        for _ in 1..months {
            first = first.prev();
        }
        let tariff = tariff_document(first);
        put(dir, "tariff.toml", &tariff)?;
        ledger.import_tariff(&actor, &tariff)?;
        let town = Town::generate(2026, connections, first.prev().first_day());
        let customers = put(dir, "customers.csv", town.customers_csv())?;
        ledger.import_customers(&actor, &customers, ImportOptions::default(), false)?;
        Ok(DemoTown {
            ledger,
            actor,
            first,
            last,
            town,
            dir: dir.to_path_buf(),
            months,
        })
    }

    /// Writes the technicians' readings file of `period` (and, halfway through the demo,
    /// records a meter replacement first).
    pub fn write_readings(&mut self, period: Period) -> Result<PathBuf> {
        if period.months_until(self.last) == self.months as i32 / 2
            && let Some(r) = self.town.replace_first_meter(period)
        {
            self.ledger.replace_meter(&self.actor, &r)?;
        }
        let text = self.town.readings_csv(period);
        put(&self.dir, &format!("readings-{period}.csv"), &text)
    }

    /// The issue date of a period's run: the 3rd of the next month, or today if sooner.
    pub fn issue_date(&self, period: Period) -> chrono::NaiveDate {
        (period.next().first_day() + Duration::days(2)).min(self.ledger.clock().today())
    }

    /// Bills a period whose readings are in: issues the run, then, as a clerk would after
    /// checking them, confirms the readings held as atypical and issues them too.
    pub fn bill(&mut self, period: Period) -> Result<(u64, u64)> {
        let date = Some(self.issue_date(period));
        let mut bills = self.ledger.issue_run(&self.actor, period, date, |_, _| true)?.issued;
        let held = self.ledger.held_readings(period)?;
        for h in &held {
            self.ledger.confirm_reading(&self.actor, &h.account, period)?;
        }
        if !held.is_empty() {
            bills += self.ledger.issue_run(&self.actor, period, date, |_, _| true)?.issued;
        }
        Ok((bills, held.len() as u64))
    }

    /// Reads and bills one month end to end.
    pub fn run_month(&mut self, period: Period) -> Result<(u64, u64)> {
        let readings = self.write_readings(period)?;
        self.ledger
            .import_readings(&self.actor, &readings, ImportOptions::default(), false)?;
        let billed = self.bill(period)?;
        self.collect(period)?;
        self.operator_month(period)?;
        Ok(billed)
    }

    /// What running the month cost the operator, and the municipality's transition subsidy:
    /// in proportion to what the month billed, so the operator about covers its costs.
    pub fn operator_month(&mut self, period: Period) -> Result<()> {
        let today = self.ledger.clock().today();
        let on = period.last_day().min(today);
        let billed: i64 = self
            .ledger
            .bills(period, None)?
            .iter()
            .map(|b| b.subtotal.cents() - b.fund_share.cents())
            .sum();
        for (kind, percent, description, document) in [
            ("salaries", 48, "Remuneraciones del personal", "Planilla"),
            ("energy", 22, "Energía de bombeo", "Recibo de luz"),
            ("chlorine", 6, "Hipoclorito de calcio", "Factura"),
            (
                "maintenance",
                9,
                "Reparación de tuberías y válvulas",
                "Orden de servicio",
            ),
            (
                "transition_subsidy",
                8,
                "Transferencia municipal de transición",
                "Resolución de alcaldía",
            ),
        ] {
            // A large town's month is more than one entry may hold: one document per part.
            let mut left = billed * percent / 100;
            let mut part = 1;
            while left > 0 {
                let cents = left.min(caudal_core::accounts::MAX_ENTRY.cents());
                left -= cents;
                self.ledger.record_operator_entry(
                    &self.actor,
                    &caudal_core::fund::OperatorEntry {
                        kind: kind.into(),
                        entry_on: on,
                        amount: caudal_core::Money::from_cents(cents),
                        description: description.into(),
                        document: format!("{document} {period}-{part}"),
                    },
                )?;
                part += 1;
            }
        }
        Ok(())
    }

    /// The month's collections: most households pay their bill at the bank before it is due,
    /// some pay part, some nothing (the arrears and disconnection lists have real names), and
    /// a few pay at the counter and get a receipt.
    pub fn collect(&mut self, period: Period) -> Result<()> {
        let today = self.ledger.clock().today();
        let mut csv = String::from("cuenta;importe;fecha;referencia\r\n");
        let mut counter = Vec::new();
        for (i, b) in self.ledger.bills(period, None)?.iter().enumerate() {
            let roll = self.town.rng.range(0, 999);
            let issued = caudal_core::period::parse_date(&b.issued_on).unwrap_or(today);
            let day = (issued + Duration::days(self.town.rng.range(1, 20) as i64)).min(today);
            let cents = match roll {
                0..=749 => b.total_to_pay.cents(),
                750..=849 => b.amount_due.cents(),
                850..=899 => b.amount_due.cents() / 2,
                _ => 0,
            };
            if cents <= 0 {
                continue;
            }
            let amount = caudal_core::Money::from_cents(cents);
            if i % 60 == 0 {
                counter.push((b.account.clone(), amount, day));
            } else {
                let _ = write!(
                    csv,
                    "{};{};{};BN-{period}-{i:05}\r\n",
                    b.account,
                    amount.plain().replace('.', ","),
                    day.format("%d/%m/%Y")
                );
            }
        }
        let file = put(&self.dir, &format!("payments-{period}.csv"), &csv)?;
        self.ledger
            .import_payments(&self.actor, &file, ImportOptions::default(), false)?;
        for (account, amount, day) in counter {
            self.ledger.record_payment(&self.actor, &account, amount, day)?;
        }
        Ok(())
    }
}
