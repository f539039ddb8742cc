//! The operator's targets for each indicator, as an administrator sets them: typed values
//! read as people write them, refused when ambiguous.

use super::*;
use crate::error::ErrorCode;

/// The settings the report reads: population, persons per connection, and each indicator's
/// target (`target.<code>`; empty removes the default).
pub(crate) const SETTINGS: &[crate::ledger::SettingRule] = &[
    crate::ledger::SettingRule {
        key: "population",
        store_as: "population",
        check: |v| positive(v, "population"),
    },
    crate::ledger::SettingRule {
        key: "persons_per_connection",
        store_as: "persons_per_connection",
        check: |v| positive(v, "persons_per_connection"),
    },
];

/// A setting typed so that it reads two ways (`1,250`), said with both readings.
pub(super) fn ambiguous(v: &str, e: &crate::number::NumberError) -> Error {
    let why = e.reason();
    let shown = crate::text::shorten(v.trim());
    Error::invalid(
        ErrorCode::SettingValue,
        format!("«{shown}» {}.", why.es),
        format!("«{shown}» {}.", why.en),
    )
}

pub(super) fn positive(v: &str, key: &str) -> Result<String> {
    let read = crate::number::typed(v);
    if let Err(e @ crate::number::NumberError::Ambiguous { .. }) = &read {
        return Err(ambiguous(v, e));
    }
    let d = match read {
        Ok(d) if key == "population" => crate::number::whole(d, 999_999_999)
            .ok()
            .map(rust_decimal::Decimal::from),
        Ok(d) => Some(d).filter(|d| d.normalize().scale() <= 2),
        Err(_) => None,
    };
    match d.filter(|d| *d > rust_decimal::Decimal::ZERO) {
        Some(d) => Ok(d.normalize().to_string()),
        None if key == "population" => Err(Error::invalid(
            ErrorCode::SettingValue,
            format!("«{v}»: la población es un número entero de personas, por ejemplo 12500."),
            format!("«{v}»: the population is a whole number of people, for example 12500."),
        )),
        _ => Err(Error::invalid(
            ErrorCode::SettingValue,
            format!("«{v}»: las personas por conexión son un número mayor que 0, por ejemplo 4 o 3,8."),
            format!("«{v}»: persons per connection is a number above 0, for example 4 or 3.8."),
        )),
    }
}

/// Checks a target as typed for indicator `code`: a number, or empty for none.
pub(crate) fn check_target(code: &str, v: &str) -> Result<String> {
    let Some(d) = indicators::definition(code) else {
        let codes: Vec<&str> = INDICATORS.iter().map(|d| d.code).collect();
        return Err(Error::invalid(
            ErrorCode::SettingUnknown,
            format!("«{code}» no es un indicador ({}).", codes.join(", ")),
            format!("«{code}» is not an indicator ({}).", codes.join(", ")),
        ));
    };
    if v.trim().is_empty() {
        return Ok(String::new());
    }
    match crate::number::typed(v) {
        Ok(t) if t >= rust_decimal::Decimal::ZERO && t.normalize().scale() <= 2 => Ok(t.normalize().to_string()),
        Err(e @ crate::number::NumberError::Ambiguous { .. }) => Err(ambiguous(v, &e)),
        _ => Err(Error::invalid(
            ErrorCode::SettingValue,
            format!("«{v}»: la meta de «{}» es un número (o vacío, sin meta).", d.es),
            format!("«{v}»: the target of «{}» is a number (or empty, for none).", d.en),
        )),
    }
}
