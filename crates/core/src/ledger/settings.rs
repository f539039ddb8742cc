//! Operator settings kept in the ledger: who the operator is, the town, the bill series and
//! the local clock. Stored as key/value text so that adding one needs no migration.

use super::NewLedger;
use crate::Ledger;
use crate::access::Actor;
use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension};

pub struct Settings<'a> {
    conn: &'a Connection,
}

/// The settings a user may change, with the rule each value must follow.
const EDITABLE: &[&str] = &[
    "operator",
    "town",
    "ruc",
    "address",
    "operator_code",
    "town_code",
    "utc_offset_minutes",
    "reconnection_charge",
    "delivery_timeout_seconds",
    "receipt_format",
    "logo",
];

impl<'a> Settings<'a> {
    pub(super) fn new(conn: &'a Connection) -> Settings<'a> {
        Settings { conn }
    }

    pub fn get(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub(super) fn is_initialized(&self) -> Result<bool> {
        Ok(self.get("operator")?.is_some())
    }

    pub fn operator(&self) -> Result<String> {
        Ok(self.get("operator")?.unwrap_or_default())
    }

    pub fn town(&self) -> Result<String> {
        Ok(self.get("town")?.unwrap_or_default())
    }

    /// Whether this ledger is a generated demo town (the sign-in screen then shows its users).
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.get("demo")?.as_deref() == Some("1"))
    }

    pub fn utc_offset_minutes(&self) -> Result<Option<i32>> {
        Ok(self.get("utc_offset_minutes")?.and_then(|v| v.parse().ok()))
    }
}

pub(super) fn initialize(conn: &Connection, setup: &NewLedger) -> Result<()> {
    let operator = setup.operator.trim();
    let town = setup.town.trim();
    if operator.is_empty() || town.is_empty() {
        return Err(Error::invalid(
            "setup_names",
            "Indique el nombre del operador y el de la localidad.",
            "Give the operator's name and the town's name.",
        ));
    }
    let series = setup.series.trim().to_ascii_uppercase();
    if series.len() != 4 || !series.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Error::invalid(
            "series",
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

/// The operator settings a user may change, as the settings screen shows them.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct OperatorSettings {
    pub operator: String,
    pub town: String,
    pub ruc: String,
    pub address: String,
    pub operator_code: String,
    pub town_code: String,
    pub reconnection_charge: String,
    /// `a6` or `roll80`.
    pub receipt_format: String,
    pub delivery_timeout_seconds: String,
    /// The logo's PNG in base64 (for a preview), if one was set.
    pub logo_png_base64: Option<String>,
}

impl Ledger {
    pub fn operator_settings(&self) -> Result<OperatorSettings> {
        let s = self.settings();
        let get = |k: &str, default: &str| -> Result<String> { Ok(s.get(k)?.unwrap_or_else(|| default.to_string())) };
        Ok(OperatorSettings {
            operator: get("operator", "")?,
            town: get("town", "")?,
            ruc: get("ruc", "")?,
            address: get("address", "")?,
            operator_code: get("operator_code", "")?,
            town_code: get("town_code", "")?,
            reconnection_charge: get("reconnection_charge", "0.00")?,
            receipt_format: get("receipt_format", "a6")?,
            delivery_timeout_seconds: get(
                "delivery_timeout_seconds",
                &crate::bundle::outbox::DEFAULT_TIMEOUT_SECONDS.to_string(),
            )?,
            logo_png_base64: s.get(crate::documents::LOGO_SETTING)?.filter(|v| !v.is_empty()),
        })
    }

    /// The operator's logo for printed documents: a PNG file, checked and kept in the ledger;
    /// an empty value removes it (documents then show the default mark).
    fn set_logo(&mut self, actor: &Actor, path: &str) -> Result<()> {
        use ct_codecs::Encoder;
        let stored = if path.is_empty() {
            String::new()
        } else {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            crate::documents::logo::decode(&bytes)?;
            ct_codecs::Base64::encode_to_string(&bytes).map_err(|e| Error::Internal(e.to_string()))?
        };
        self.write(actor, "settings.logo", |tx, _| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (crate::documents::LOGO_SETTING, &stored),
            )?;
            Ok(((), format!("logo={path}")))
        })
    }

    /// Marks a generated demo town, so no one mistakes it for a real operator's books.
    pub(crate) fn mark_demo(&mut self, actor: &Actor) -> Result<()> {
        self.write(actor, "settings.demo", |tx, _| {
            tx.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('demo', '1')", [])?;
            Ok(((), "demo=1".into()))
        })
    }

    /// Changes one operator setting.
    pub fn set_setting(&mut self, actor: &Actor, key: &str, value: &str) -> Result<()> {
        actor.require(crate::access::Permission::ManageSettings)?;
        if !EDITABLE.contains(&key) {
            return Err(Error::invalid(
                "setting_unknown",
                format!(
                    "«{key}» no es un ajuste que se pueda cambiar ({}).",
                    EDITABLE.join(", ")
                ),
                format!(
                    "«{key}» is not a setting that can be changed ({}).",
                    EDITABLE.join(", ")
                ),
            ));
        }
        let value = value.trim();
        if key == "reconnection_charge"
            && crate::Money::parse(value, false).is_none_or(|m| m.is_negative() || m > crate::accounts::MAX_ENTRY)
        {
            return Err(Error::invalid(
                "setting_value",
                "El cargo de reconexión es un importe en soles, por ejemplo 15.00.",
                "The reconnection charge is an amount in soles, for example 15.00.",
            ));
        }
        if key == "utc_offset_minutes" && !value.parse::<i32>().is_ok_and(|m| (-720..=840).contains(&m)) {
            return Err(Error::invalid(
                "setting_value",
                "El desfase horario se da en minutos respecto de UTC, entre -720 y 840 (Lima: -300).",
                "The UTC offset is given in minutes, between -720 and 840 (Lima: -300).",
            ));
        }
        if key == "delivery_timeout_seconds" && !value.parse::<u32>().is_ok_and(|s| (1..=600).contains(&s)) {
            return Err(Error::invalid(
                "setting_value",
                "El tiempo de espera de envío se da en segundos, entre 1 y 600.",
                "The delivery timeout is given in seconds, between 1 and 600.",
            ));
        }
        if key == "receipt_format" && !["a6", "roll80"].contains(&value) {
            return Err(Error::invalid(
                "setting_value",
                "El formato del comprobante es a6 (hoja A6) o roll80 (rollo de 80 mm).",
                "The receipt format is a6 (A6 sheet) or roll80 (80 mm roll).",
            ));
        }
        if key == "logo" {
            return self.set_logo(actor, value);
        }
        if (key == "operator" || key == "town") && value.is_empty() {
            return Err(Error::invalid(
                "setting_value",
                "El nombre del operador y el de la localidad no pueden quedar vacíos.",
                "The operator's and the town's names cannot be empty.",
            ));
        }
        let code_ok = (1..=10).contains(&value.len()) && value.chars().all(|c| c.is_ascii_alphanumeric());
        if (key == "operator_code" || key == "town_code") && !code_ok {
            return Err(Error::invalid(
                "setting_value",
                "Los códigos del operador y de la localidad nombran los paquetes: de 1 a 10 letras o cifras, sin espacios.",
                "The operator's and town's codes name the bundles: 1 to 10 letters or digits, no spaces.",
            ));
        }
        if key == "ruc" && !value.is_empty() && !(value.len() == 11 && value.chars().all(|c| c.is_ascii_digit())) {
            return Err(Error::invalid(
                "setting_value",
                "El RUC tiene 11 cifras.",
                "A RUC has 11 digits.",
            ));
        }
        self.write(actor, "settings.set", |tx, _| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )?;
            Ok(((), format!("{key}={value}")))
        })?;
        if key == "utc_offset_minutes" {
            self.clock =
                crate::period::LocalClock::new(value.parse().unwrap_or(crate::period::LocalClock::LIMA_OFFSET_MINUTES));
        }
        Ok(())
    }
}
