//! The generated town: households, their customers file and each month's readings.

use crate::Rng;
use crate::names::*;
use caudal_core::period::Period;
use caudal_core::readings::MeterReplacement;
use chrono::Duration;
use std::fmt::Write as _;

/// One generated connection and what its meter shows.
struct Household {
    account: String,
    category: &'static str,
    metered: bool,
    digits: u32,
    dial: u64,
    /// Typical monthly m³.
    usage: u64,
}

/// The town being generated.
pub struct Town {
    pub(crate) rng: Rng,
    households: Vec<Household>,
    customers_csv: String,
}

impl Town {
    /// Generates `connections` customers (the same ones for the same seed).
    pub fn generate(seed: u64, connections: u32, connected_on: chrono::NaiveDate) -> Town {
        let mut rng = Rng::new(seed);
        let mut csv = String::from(
            "cuenta;nombre;dni;direccion;sector;ruta;orden;categoria;medidor;serie_medidor;digitos;lectura_inicial;desague;subsidio;estado;sexo;telefono;fecha_conexion\r\n",
        );
        let mut households = Vec::with_capacity(connections as usize);
        let per_route = (connections / 12).max(1);
        for i in 0..connections {
            let route = i / per_route + 1;
            let seq = i % per_route + 1;
            let sector = SECTORS[(route as usize - 1) % SECTORS.len()];
            let account = format!("{:02}-{:05}", route, seq);
            let roll = rng.range(0, 999);
            let category: &'static str = match roll {
                0..=59 => "social",
                60..=869 => "domestico",
                870..=959 => "comercial",
                960..=969 => "industrial",
                _ => "estatal",
            };
            let female = rng.chance(500);
            let first = if female { rng.pick(FIRST_F) } else { rng.pick(FIRST_M) };
            let person = format!("{} {} {}", first, rng.pick(SURNAMES), rng.pick(SURNAMES));
            let name = match category {
                "comercial" => format!("{} {} ({})", rng.pick(BUSINESSES), rng.pick(SURNAMES), person),
                "industrial" => format!("Molino {} S.A.C.", rng.pick(SURNAMES)),
                "estatal" => rng.pick(STATE).to_string(),
                _ => person,
            };
            let document = match category {
                "industrial" | "comercial" => {
                    format!("20{:09}", rng.range(100_000_000, 999_999_999))
                }
                "estatal" => String::new(),
                _ => format!("{:08}", rng.range(10_000_000, 79_999_999)),
            };
            let address = format!("{} {}", rng.pick(STREETS), rng.range(100, 1899));
            let metered = match category {
                "industrial" | "estatal" => true,
                _ => !rng.chance(140),
            };
            // Old 4-digit meters near the end of their dial roll over during the demo.
            let digits = if metered && rng.chance(30) { 4 } else { 5 };
            let dial = if digits == 4 {
                rng.range(9_850, 9_990)
            } else {
                rng.range(0, 4_000)
            };
            let usage = match category {
                "social" => rng.range(6, 14),
                "domestico" => rng.range(8, 28),
                "comercial" => rng.range(15, 60),
                "industrial" => rng.range(200, 900),
                _ => rng.range(40, 120),
            };
            let sewer = category != "industrial" && !rng.chance(200);
            let subsidized = matches!(category, "social" | "domestico") && rng.chance(90);
            let status = if rng.chance(15) {
                "suspendido"
            } else if rng.chance(8) {
                "cortado"
            } else {
                "activo"
            };
            let phone = if rng.chance(600) {
                format!("9{:08}", rng.range(0, 99_999_999))
            } else {
                String::new()
            };
            let serial = if metered {
                format!("MED-{:07}", 1_000_000 + i)
            } else {
                String::new()
            };
            let yes_no = |b: bool| if b { "sí" } else { "no" };
            let _ = write!(
                csv,
                "{account};{name};{document};{address};{sector};R{route:02};{seq};{category};{};{serial};{};{};{};{};{status};{};{phone};{}\r\n",
                yes_no(metered),
                if metered { digits.to_string() } else { String::new() },
                if metered { dial.to_string() } else { String::new() },
                yes_no(sewer),
                yes_no(subsidized),
                if female { "F" } else { "M" },
                connected_on.format("%d/%m/%Y"),
            );
            households.push(Household {
                account,
                category,
                metered,
                digits,
                dial,
                usage,
            });
        }
        Town {
            rng,
            households,
            customers_csv: csv,
        }
    }

    /// customers.csv as a clerk's spreadsheet would save it: `;`-separated, Spanish headers.
    pub fn customers_csv(&self) -> &str {
        &self.customers_csv
    }

    /// The month's readings as the technicians' CSV, advancing every meter. About 3 in 100
    /// could not be read, 1 in 100 meters is broken, and 1 in 400 readings is a spike.
    pub fn readings_csv(&mut self, period: Period) -> String {
        let mut out = String::from("account,period,reading,read_on,reader,status,note\n");
        let read_on = period.last_day();
        let readers = ["Rosa Ccori", "Julio Apaza", "Néstor Ayala"];
        for h in self.households.iter_mut().filter(|h| h.metered) {
            let spread = h.usage / 3 + 1;
            let mut used = h.usage + self.rng.range(0, 2 * spread) - spread.min(h.usage);
            if self.rng.chance(3) {
                used = used * 4 + 20;
            }
            h.dial = (h.dial + used) % 10u64.pow(h.digits);
            let reader = readers[(self.rng.next_u64() % 3) as usize];
            if self.rng.chance(30) {
                let _ = writeln!(
                    out,
                    "{},{period},,{read_on},{reader},sin_acceso,Casa cerrada",
                    h.account
                );
            } else if self.rng.chance(10) {
                let _ = writeln!(
                    out,
                    "{},{period},,{read_on},{reader},medidor_malogrado,Vidrio roto",
                    h.account
                );
            } else {
                let _ = writeln!(out, "{},{period},{},{read_on},{reader},ok,", h.account, h.dial);
            }
        }
        out
    }

    /// The dial of a metered household, and the account, for a meter replacement scene.
    pub(crate) fn replace_first_meter(&mut self, period: Period) -> Option<MeterReplacement> {
        let h = self
            .households
            .iter_mut()
            .find(|h| h.metered && h.category == "domestico")?;
        // The old meter turned a little more before it was taken out.
        let final_reading = (h.dial + 3) % 10u64.pow(h.digits);
        h.dial = 0;
        h.digits = 5;
        Some(MeterReplacement {
            account: h.account.clone(),
            date: period.first_day() + Duration::days(9),
            final_reading,
            serial: "MED-9000001".into(),
            initial_reading: 0,
            digits: 5,
        })
    }
}
