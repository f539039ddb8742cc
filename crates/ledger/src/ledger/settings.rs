//! Operator settings kept in the ledger: who the operator is, the town, the bill series and
//! the local clock. Stored as key/value text so that adding one needs no migration.

use super::NewLedger;
use crate::Ledger;
use crate::access::Actor;
use crate::error::ErrorCode;
use crate::error::{Error, Result, Text};
use rusqlite::{Connection, OptionalExtension};

/// The ledger's settings, read through a connection or a transaction.
pub struct Settings<'a> {
    conn: &'a Connection,
}

impl<'a> Settings<'a> {
    pub(super) fn new(conn: &'a Connection) -> Settings<'a> {
        Settings { conn }
    }

    /// One setting's stored value.
    pub fn get(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub(super) fn is_initialized(&self) -> Result<bool> {
        Ok(self.get("operator")?.is_some())
    }

    /// The operator's name.
    pub fn operator(&self) -> Result<String> {
        Ok(self.get("operator")?.unwrap_or_default())
    }

    /// The town served.
    pub fn town(&self) -> Result<String> {
        Ok(self.get("town")?.unwrap_or_default())
    }

    /// Whether this ledger is a generated demo town (the sign-in screen then shows its users).
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.get("demo")?.as_deref() == Some("1"))
    }

    /// The operator's offset from UTC in minutes, if set. A stored value that is not an
    /// offset (a whole number of minutes from UTC−12 to UTC+14) is an error, never read as Lima's:
    /// every date the ledger writes depends on it.
    pub fn utc_offset_minutes(&self) -> Result<Option<i32>> {
        let Some(stored) = self.get("utc_offset_minutes")? else {
            return Ok(None);
        };
        match stored.trim().parse::<i32>() {
            Ok(m) if OFFSETS.contains(&m) => Ok(Some(m)),
            _ => Err(Error::Ledger(Text::new(
                format!(
                    "El ajuste de la hora local del libro («{}») no es una diferencia con UTC en minutos: el libro fue modificado fuera de Caudal.",
                    crate::text::shorten(&stored)
                ),
                format!(
                    "The ledger's local time setting («{}») is not an offset from UTC in minutes: the ledger was changed outside Caudal.",
                    crate::text::shorten(&stored)
                ),
            ))),
        }
    }
}

/// 128 random bits, in hex.
fn new_ledger_id() -> String {
    use chacha20poly1305::aead::OsRng;
    use chacha20poly1305::aead::rand_core::RngCore;
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn initialize(conn: &Connection, setup: &NewLedger) -> Result<()> {
    let operator = setup.operator.trim();
    let town = setup.town.trim();
    if operator.is_empty() || town.is_empty() {
        return Err(Error::invalid(
            ErrorCode::SetupNames,
            "Indique el nombre del operador y el de la localidad.",
            "Give the operator's name and the town's name.",
        ));
    }
    let series = setup.series.trim().to_ascii_uppercase();
    if series.len() != 4 || !series.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Error::invalid(
            ErrorCode::Series,
            format!(
                "La serie «{}» no es válida: use 4 letras o cifras, por ejemplo S001.",
                setup.series
            ),
            format!(
                "The series «{}» is not valid: use 4 letters or digits, for example S001.",
                setup.series
            ),
        ));
    }
    for (key, value) in [
        ("operator", operator.to_string()),
        ("town", town.to_string()),
        ("operator_code", initials(operator)),
        ("town_code", initials(town)),
        (
            "utc_offset_minutes",
            crate::period::LocalClock::LIMA_OFFSET_MINUTES.to_string(),
        ),
        // Which ledger this is, kept by every copy of it and by no other ledger (names and
        // codes can change, and two ledgers can share them): a restore tells its own copies
        // from another ledger's by it.
        ("ledger_id", new_ledger_id()),
    ] {
        conn.execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", (key, value))?;
    }
    conn.execute(
        "INSERT INTO series (kind, code, next) VALUES ('bill', ?1, 1)",
        [&series],
    )?;
    // Receipts and notes share the series number: S001 bills, R001 receipts, N001 notes.
    for (kind, letter) in [("receipt", "R"), ("note", "N")] {
        conn.execute(
            "INSERT INTO series (kind, code, next) VALUES (?1, ?2 || substr(?3, 2), 1) ON CONFLICT (kind) DO NOTHING",
            (kind, letter, &series),
        )?;
    }
    Ok(())
}

/// A short code from a name, for bundle identifiers: "Operador San Martín" → "OSM".
fn initials(name: &str) -> String {
    let code: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| crate::text::fold_accents(c).to_uppercase())
        .take(6)
        .collect();
    if code.is_empty() { "OP".into() } else { code }
}

/// The settings the ledger itself owns — who the operator is, the town, the codes that name
/// its bundles, the local clock — each with the rule its value must follow. Other settings are
/// owned, and checked, by their domains (caudal-core gathers them for the settings screen).
pub const RULES: &[SettingRule] = &[
    SettingRule {
        key: "operator",
        store_as: "operator",
        check: name,
    },
    SettingRule {
        key: "town",
        store_as: "town",
        check: name,
    },
    SettingRule {
        key: "address",
        store_as: "address",
        check: free_text,
    },
    SettingRule {
        key: "ruc",
        store_as: "ruc",
        check: ruc,
    },
    SettingRule {
        key: "operator_code",
        store_as: "operator_code",
        check: code,
    },
    SettingRule {
        key: "town_code",
        store_as: "town_code",
        check: code,
    },
    SettingRule {
        key: "utc_offset_minutes",
        store_as: "utc_offset_minutes",
        check: utc_offset,
    },
];

/// A setting a user may change: its key and the check that turns what was typed into what is
/// stored (or says why not).
pub struct SettingRule {
    /// The setting's key.
    pub key: &'static str,
    /// The key it is stored under (the logo, typed as a file, is kept as `logo_png`).
    pub store_as: &'static str,
    /// Checks a typed value and gives the value to store, or says why not.
    pub check: fn(&str) -> Result<String>,
}

fn setting_error(es: &str, en: &str) -> Error {
    Error::invalid(ErrorCode::SettingValue, es, en)
}

fn name(v: &str) -> Result<String> {
    if v.is_empty() {
        return Err(setting_error(
            "El nombre del operador y el de la localidad no pueden quedar vacíos.",
            "The operator's and the town's names cannot be empty.",
        ));
    }
    Ok(v.to_string())
}

fn free_text(v: &str) -> Result<String> {
    Ok(v.to_string())
}

fn ruc(v: &str) -> Result<String> {
    let digits = v.len() == 11 && v.chars().all(|c| c.is_ascii_digit());
    if !v.is_empty() && !digits {
        return Err(setting_error("El RUC tiene 11 cifras.", "A RUC has 11 digits."));
    }
    Ok(v.to_string())
}

fn code(v: &str) -> Result<String> {
    if !(1..=10).contains(&v.len()) || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(setting_error(
            "Los códigos del operador y de la localidad nombran los paquetes: de 1 a 10 letras o cifras, sin espacios.",
            "The operator's and town's codes name the bundles: 1 to 10 letters or digits, no spaces.",
        ));
    }
    Ok(v.to_string())
}

/// The offsets from UTC a town may have, in minutes (UTC−12 to UTC+14).
const OFFSETS: std::ops::RangeInclusive<i32> = -720..=840;

fn utc_offset(v: &str) -> Result<String> {
    if !v.parse::<i32>().is_ok_and(|m| OFFSETS.contains(&m)) {
        return Err(setting_error(
            "El desfase horario se da en minutos respecto de UTC, entre -720 y 840 (Lima: -300).",
            "The UTC offset is given in minutes, between -720 and 840 (Lima: -300).",
        ));
    }
    Ok(v.to_string())
}

impl Ledger {
    /// Marks a generated demo town, so no one mistakes it for a real operator's books.
    pub fn mark_demo(&mut self, actor: &Actor) -> Result<()> {
        self.write(actor, "settings.demo", |tx, _| {
            tx.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('demo', '1')", [])?;
            Ok(((), "demo=1".into()))
        })
    }

    /// Stores one setting already checked by its owner's rule.
    pub fn store_setting(&mut self, actor: &Actor, key: &str, value: &str, audit: &str) -> Result<()> {
        self.write(actor, "settings.set", |tx, _| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )?;
            Ok(((), format!("{key}={audit}")))
        })?;
        if key == "utc_offset_minutes" {
            self.clock = self
                .clock
                .with_offset(value.parse().unwrap_or(crate::period::LocalClock::LIMA_OFFSET_MINUTES));
        }
        Ok(())
    }
}
