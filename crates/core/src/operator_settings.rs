//! The operator's settings as the settings screen and `caudal setting` see them: every key a
//! user may change, gathered from the modules that own them (the ledger: names, RUC, codes,
//! clock; service: the reconnection charge; bundle: the delivery timeout; documents: receipt
//! paper and logo), each checked by its owner's rule.

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::ledger::SettingRule;

const OWNERS: &[&[SettingRule]] = &[
    crate::ledger::settings::RULES,
    crate::ledger::backup::SETTINGS,
    crate::service::SETTINGS,
    crate::bundle::outbox::SETTINGS,
    crate::documents::SETTINGS,
    crate::reports::SETTINGS,
];

fn rule(key: &str) -> Option<&'static SettingRule> {
    OWNERS.iter().flat_map(|rules| rules.iter()).find(|r| r.key == key)
}

/// The operator settings a user may change, as the settings screen shows them.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct OperatorSettings {
    /// The operator's name.
    pub operator: String,
    /// The town served.
    pub town: String,
    /// The operator's RUC.
    pub ruc: String,
    /// The operator's address.
    pub address: String,
    /// The operator's code for the municipality.
    pub operator_code: String,
    /// The town's code (its ubigeo).
    pub town_code: String,
    /// What a reconnection after a cut costs, in soles.
    pub reconnection_charge: String,
    /// `a6` or `roll80`.
    pub receipt_format: String,
    /// How long a delivery waits for the municipality's server, in seconds.
    pub delivery_timeout_seconds: String,
    /// The logo's PNG in base64 (for a preview), if one was set.
    pub logo_png_base64: Option<String>,
    /// A second folder for the automatic backups (empty: only the data folder).
    pub backup_folder: String,
    /// The town's people, for the coverage indicators (empty until given).
    pub population: String,
    /// People per connection, for the population served.
    pub persons_per_connection: String,
}

impl Ledger {
    /// The settings a user may change, as the settings screen shows them.
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
            backup_folder: get("backup_folder", "")?,
            population: get("population", "")?,
            persons_per_connection: get("persons_per_connection", "4")?,
        })
    }

    /// Changes one operator setting, checked by the rule of the module that owns it.
    pub fn set_setting(&mut self, actor: &Actor, key: &str, value: &str) -> Result<()> {
        actor.require(Permission::ManageSettings)?;
        // The deadlines of complaints live in their own table (`complaints rules`).
        if let Some(name) = key.strip_prefix("complaints.") {
            return self.set_complaint_rule(actor, name, value);
        }
        // Each indicator's target (`target.<code>`), checked against the report's definitions.
        if let Some(code) = key.strip_prefix("target.") {
            let value = crate::reports::check_target(code, value)?;
            return self.store_setting(actor, key, &value, &value);
        }
        let Some(rule) = rule(key) else {
            let keys: Vec<&str> = OWNERS.iter().flat_map(|r| r.iter()).map(|r| r.key).collect();
            return Err(Error::invalid(
                ErrorCode::SettingUnknown,
                format!("«{key}» no es un ajuste que se pueda cambiar ({}).", keys.join(", ")),
                format!("«{key}» is not a setting that can be changed ({}).", keys.join(", ")),
            ));
        };
        let value = value.trim();
        let stored = (rule.check)(value)?;
        self.store_setting(actor, rule.store_as, &stored, value)
    }
}
