//! Customers and their connections: who holds the account, where it is (sector, route), how it
//! is billed (category, meter, sewer, subsidy) and whether it is billed at all (status). One
//! validation serves the import and the desktop form.

mod import;
mod search;

pub use search::CustomerRow;

use crate::Ledger;
use crate::error::{FieldError, Result, Text};
use crate::import::{parse_bool, parse_count, parse_text};
use crate::period::parse_date;
use crate::text::normalize_key;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A connection's status: only service events change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum Status {
    /// Supplied.
    Active,
    /// Suspended at the holder's request.
    Suspended,
    /// Cut (for debt or an infraction).
    Cut,
    /// Closed for good.
    Closed,
}

impl Status {
    /// The status as stored.
    pub fn code(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Suspended => "suspended",
            Status::Cut => "cut",
            Status::Closed => "closed",
        }
    }

    /// The status of a stored or typed word.
    pub fn parse(s: &str) -> Option<Status> {
        match normalize_key(s).as_str() {
            "" | "active" | "activo" | "activa" => Some(Status::Active),
            "suspended" | "suspendido" | "suspendida" => Some(Status::Suspended),
            "cut" | "cortado" | "cortada" => Some(Status::Cut),
            "closed" | "baja" | "de_baja" | "cerrado" => Some(Status::Closed),
            _ => None,
        }
    }
}

/// A meter in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Meter {
    /// Its serial number.
    pub serial: String,
    /// How many digits its dial has (it rolls over after).
    pub digits: u32,
    /// Its reading when it was installed.
    pub initial_reading: u64,
}

/// A customer's connection as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Customer {
    /// The account code.
    pub account: String,
    /// The holder's name.
    pub name: String,
    /// The holder's DNI or RUC.
    pub document: Option<String>,
    /// The service address.
    pub address: String,
    /// The sector.
    pub sector: String,
    /// The reading route.
    pub route: Option<String>,
    /// Its place on the route.
    pub route_seq: Option<u32>,
    /// The category code (by the tariff).
    pub category: String,
    /// Whether it has sewer service.
    pub sewer: bool,
    /// Whether it is subsidized.
    pub subsidized: bool,
    /// Its status.
    pub status: Status,
    /// The holder's gender (`F`, `M`), for the Board's figures.
    pub gender: Option<String>,
    /// A phone number.
    pub phone: Option<String>,
    /// When it was connected (nothing is billed before).
    pub connected_on: Option<NaiveDate>,
    /// The meter in place; `None` for an unmetered connection.
    pub meter: Option<Meter>,
}

/// A customer as typed in a form or read from a file: every field as text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct CustomerDraft {
    /// The account code.
    pub account: String,
    /// The holder's name.
    pub name: String,
    /// The holder's DNI or RUC.
    pub document: String,
    /// The service address.
    pub address: String,
    /// The sector.
    pub sector: String,
    /// The reading route.
    pub route: String,
    /// Its place on the route.
    pub route_seq: String,
    /// The category, as a code or the tariff's word.
    pub category: String,
    /// Whether it has a meter (`sí`/`no`).
    pub metered: String,
    /// The meter's serial number.
    pub meter_serial: String,
    /// The meter's number of digits.
    pub meter_digits: String,
    /// The meter's reading when installed.
    pub initial_reading: String,
    /// Whether it has sewer service.
    pub sewer: String,
    /// Whether it is subsidized.
    pub subsidized: String,
    /// The status of a new connection (an existing one's changes only by service events).
    pub status: String,
    /// The holder's gender.
    pub gender: String,
    /// A phone number.
    pub phone: String,
    /// When it was connected.
    pub connected_on: String,
}

/// The usual Peruvian category codes, accepted before any tariff is stored.
const USUAL_CATEGORIES: &[&str] = &["social", "domestico", "comercial", "industrial", "estatal"];

impl CustomerDraft {
    /// Checks every field and returns the customer, or every problem found.
    pub fn check(&self, categories: &[String]) -> Result<Customer, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |column: &'static str, value: &str, reason: Text| {
            errors.push(FieldError {
                column: column.to_string(),
                value: value.to_string(),
                reason,
            });
        };
        let required = || Text::new("es obligatorio", "is required");
        let mut text = |column: &'static str, value: &str, max: usize, needed: bool| -> Option<String> {
            match parse_text(value, max) {
                Ok(t) if t.is_empty() && needed => {
                    fail(column, value, required());
                    None
                }
                Ok(t) => Some(t),
                Err(reason) => {
                    fail(column, value, reason);
                    None
                }
            }
        };
        let account = text("account", &self.account, 32, true);
        let name = text("name", &self.name, 120, true);
        let address = text("address", &self.address, 200, true);
        let sector = text("sector", &self.sector, 40, true);
        let route = text("route", &self.route, 40, false).filter(|s| !s.is_empty());
        let phone = text("phone", &self.phone, 30, false).filter(|s| !s.is_empty());
        let document = text("document", &self.document, 11, false).filter(|s| !s.is_empty());
        if let Some(d) = &document
            && !(d.chars().all(|c| c.is_ascii_digit()) && (d.len() == 8 || d.len() == 11))
        {
            fail(
                "document",
                d,
                Text::new(
                    "debe ser un DNI (8 cifras) o un RUC (11 cifras)",
                    "must be a DNI (8 digits) or a RUC (11 digits)",
                ),
            );
        }
        let route_seq = match self.route_seq.trim() {
            "" => None,
            t => match parse_count(t, 1_000_000) {
                Ok(n) => Some(n as u32),
                Err(reason) => {
                    fail("route_seq", t, reason);
                    None
                }
            },
        };
        let category = normalize_key(&self.category);
        if category.is_empty() {
            fail("category", &self.category, required());
        } else {
            let known = if categories.is_empty() {
                USUAL_CATEGORIES.contains(&category.as_str())
            } else {
                categories.contains(&category)
            };
            if !known {
                let list = if categories.is_empty() {
                    USUAL_CATEGORIES.join(", ")
                } else {
                    categories.join(", ")
                };
                fail(
                    "category",
                    &self.category,
                    Text::new(
                        format!("no es una categoría de la tarifa ({list})"),
                        format!("is not a category of the tariff ({list})"),
                    ),
                );
            }
        }
        // An empty cell is a "no" (docs/formats.md: `x`/empty), even in a required column.
        let mut flag = |column: &'static str, value: &str| -> bool {
            parse_bool(value).unwrap_or_else(|reason| {
                fail(column, value, reason);
                false
            })
        };
        let metered = flag("metered", &self.metered);
        let sewer = flag("sewer", &self.sewer);
        let subsidized = flag("subsidized", &self.subsidized);
        let status = Status::parse(&self.status).unwrap_or_else(|| {
            fail(
                "status",
                &self.status,
                Text::new(
                    "debe ser activo, suspendido, cortado o baja",
                    "must be active, suspended, cut or closed",
                ),
            );
            Status::Active
        });
        let gender = match normalize_key(&self.gender).as_str() {
            "" => None,
            "f" | "femenino" | "mujer" => Some("F".to_string()),
            "m" | "masculino" | "hombre" | "varon" => Some("M".to_string()),
            _ => {
                fail(
                    "gender",
                    &self.gender,
                    Text::new("debe ser F, M o vacío", "must be F, M or empty"),
                );
                None
            }
        };
        let connected_on = match self.connected_on.trim() {
            "" => None,
            t => parse_date(t).or_else(|| {
                fail(
                    "connected_on",
                    t,
                    Text::new(
                        "no es una fecha (AAAA-MM-DD o DD/MM/AAAA)",
                        "is not a date (YYYY-MM-DD or DD/MM/YYYY)",
                    ),
                );
                None
            }),
        };
        let serial = self.meter_serial.trim();
        let meter = if metered {
            let digits = match self.meter_digits.trim() {
                "" => Some(5),
                t => match parse_count(t, 12) {
                    Ok(d) if d >= 1 => Some(d as u32),
                    Ok(_) => {
                        fail(
                            "meter_digits",
                            t,
                            Text::new("debe estar entre 1 y 12", "must be between 1 and 12"),
                        );
                        None
                    }
                    Err(reason) => {
                        fail("meter_digits", t, reason);
                        None
                    }
                },
            };
            if serial.is_empty() {
                fail(
                    "meter_serial",
                    serial,
                    Text::new(
                        "es obligatorio para una conexión con medidor",
                        "is required for a metered connection",
                    ),
                );
            } else if serial.chars().count() > 40 || serial.chars().any(char::is_control) {
                fail(
                    "meter_serial",
                    serial,
                    Text::new(
                        "no es una serie válida (hasta 40 caracteres)",
                        "is not a valid serial (up to 40 characters)",
                    ),
                );
            }
            let initial = self.initial_reading.trim();
            let initial_reading = if initial.is_empty() {
                fail(
                    "initial_reading",
                    initial,
                    Text::new(
                        "es obligatoria para una conexión con medidor",
                        "is required for a metered connection",
                    ),
                );
                None
            } else {
                let max = 10u64.pow(digits.unwrap_or(12)) - 1;
                parse_count(initial, max)
                    .map_err(|reason| fail("initial_reading", initial, reason))
                    .ok()
            };
            match (digits, initial_reading) {
                (Some(digits), Some(initial_reading)) if !serial.is_empty() => Some(Meter {
                    serial: serial.to_string(),
                    digits,
                    initial_reading,
                }),
                _ => None,
            }
        } else {
            if !serial.is_empty() {
                fail(
                    "meter_serial",
                    serial,
                    Text::new(
                        "hay serie de medidor pero la conexión dice que no tiene medidor",
                        "a meter serial is given but the connection says it has no meter",
                    ),
                );
            }
            None
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let missing = || vec![];
        Ok(Customer {
            account: account.ok_or_else(missing)?,
            name: name.ok_or_else(missing)?,
            document,
            address: address.ok_or_else(missing)?,
            sector: sector.ok_or_else(missing)?,
            route,
            route_seq,
            category,
            sewer,
            subsidized,
            status,
            gender,
            phone,
            connected_on,
            meter,
        })
    }
}

/// Why a file or a form may not change an existing connection's status.
pub(crate) fn status_change_refused() -> Text {
    Text::new(
        "el estado de una conexión registrada cambia solo con un evento de servicio (corte, reconexión, suspensión o cierre): use «caudal service» o la ficha del cliente",
        "a stored connection's status changes only through a service event (cut, reconnect, suspend or close): use «caudal service» or the customer's page",
    )
}

pub(crate) use crate::accounts::no_such_account;

impl Ledger {
    /// One customer by account, with the meter in place.
    pub fn customer(&self, account: &str) -> Result<Option<Customer>> {
        load(self.conn(), account.trim())
    }

    /// How many connections the ledger holds, and how many are active.
    pub fn customer_counts(&self) -> Result<(u64, u64)> {
        Ok(self.conn().query_row(
            "SELECT count(*), count(*) FILTER (WHERE status = 'active') FROM connections",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Category codes a customer may have: those of the newest tariff.
    pub fn category_codes(&self) -> Result<Vec<String>> {
        category_codes(self.conn())
    }
}

pub(crate) fn category_codes(conn: &Connection) -> Result<Vec<String>> {
    let doc: Option<String> = conn
        .query_row(
            "SELECT document FROM tariffs ORDER BY effective_from DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match doc {
        Some(d) => crate::tariffs::parse(&d)?.categories.into_keys().collect(),
        None => Vec::new(),
    })
}

const SELECT_CUSTOMER: &str = "SELECT c.id, c.account, c.name, c.document, c.address, c.sector, c.route, c.route_seq,
        c.category, c.sewer, c.subsidized, c.status, c.gender, c.phone, c.connected_on, c.metered,
        m.serial, m.digits, m.initial_reading
   FROM connections c LEFT JOIN meters m ON m.connection_id = c.id AND m.removed_on IS NULL";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Customer)> {
    let status: String = r.get(11)?;
    let connected: Option<String> = r.get(14)?;
    let metered: bool = r.get(15)?;
    let meter = if metered {
        Some(Meter {
            serial: r.get(16)?,
            digits: r.get(17)?,
            initial_reading: r.get(18)?,
        })
    } else {
        None
    };
    Ok((
        r.get(0)?,
        Customer {
            account: r.get(1)?,
            name: r.get(2)?,
            document: r.get(3)?,
            address: r.get(4)?,
            sector: r.get(5)?,
            route: r.get(6)?,
            route_seq: r.get(7)?,
            category: r.get(8)?,
            sewer: r.get(9)?,
            subsidized: r.get(10)?,
            status: Status::parse(&status).ok_or_else(|| {
                crate::error::unknown_stored(("estado de una conexión", "connection status"), &status)
            })?,
            gender: r.get(12)?,
            phone: r.get(13)?,
            connected_on: connected.and_then(|d| parse_date(&d)),
            meter,
        },
    ))
}

/// One customer with its row id.
fn load_all_one(conn: &Connection, account: &str) -> Result<Option<(i64, Customer)>> {
    Ok(conn
        .query_row(&format!("{SELECT_CUSTOMER} WHERE c.account = ?1"), [account], from_row)
        .optional()?)
}

fn load(conn: &Connection, account: &str) -> Result<Option<Customer>> {
    Ok(conn
        .query_row(&format!("{SELECT_CUSTOMER} WHERE c.account = ?1"), [account], from_row)
        .optional()?
        .map(|(_, c)| c))
}

/// Every customer keyed by account, with its row id (for imports that compare in bulk).
fn load_all(conn: &Connection) -> Result<std::collections::HashMap<String, (i64, Customer)>> {
    let mut stmt = conn.prepare(SELECT_CUSTOMER)?;
    let rows = stmt.query_map([], from_row)?;
    let mut map = std::collections::HashMap::new();
    for row in rows {
        let (id, c) = row?;
        map.insert(c.account.clone(), (id, c));
    }
    Ok(map)
}

/// The serials of the meters in service, folded (trimmed, upper case) as a clerk may type
/// them, with the account each is on: one meter serves one connection.
pub(crate) fn meters_in_service(conn: &Connection) -> Result<std::collections::HashMap<String, String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.serial, c.account FROM meters m JOIN connections c ON c.id = m.connection_id WHERE m.removed_on IS NULL",
    )?;
    let rows = stmt.query_map([], |r| Ok((fold_serial(&r.get::<_, String>(0)?), r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A serial as compared: `m-001 ` and `M-001` are one meter.
pub(crate) fn fold_serial(serial: &str) -> String {
    serial.trim().to_uppercase()
}

/// Why `serial` cannot go on `account`: it is in service on another connection.
pub(crate) fn serial_taken(serial: &str, on: &str) -> crate::Text {
    crate::Text::new(
        format!("el medidor {serial} ya está instalado en la cuenta {on}; un medidor sirve a una sola conexión"),
        format!("meter {serial} is already installed on account {on}; one meter serves one connection"),
    )
}
