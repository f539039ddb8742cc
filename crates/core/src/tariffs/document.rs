//! Reading and validating the tariff document (TOML, format 1). Every problem is reported with
//! the field it is in, all at once, so that whoever typed the document fixes it in one pass.

use super::{Blocks, Category, Fund, Method, Sewer, Subsidy, Tariff};
use crate::error::ErrorCode;
use crate::error::{Error, Result, Text};
use crate::period::Period;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;
use toml::{Table, Value};

const TOP_KEYS: &[&str] = &[
    "format",
    "name",
    "effective_from",
    "approval",
    "currency",
    "fixed_charge",
    "tax_rate",
    "pay_rounding",
    "due_days",
    "estimate_months",
    "fund",
    "subsidy",
    "categories",
];
const CATEGORY_KEYS: &[&str] = &[
    "label",
    "method",
    "minimum_m3",
    "unmetered_m3",
    "water",
    "sewer",
    "sewer_percent_of_water",
];
const PAY_STEPS: &[&str] = &["0.01", "0.05", "0.10", "0.50", "1.00"];
/// No real month bills more than this many m³ to one connection; a bigger figure is a typo.
const MAX_VOLUME: i64 = 10_000_000;

/// Collects the problems of one document.
struct Check {
    problems: Vec<Text>,
}

impl Check {
    fn fail(&mut self, field: &str, es: impl AsRef<str>, en: impl AsRef<str>) {
        self.problems.push(Text::new(
            format!("campo {field}: {}", es.as_ref()),
            format!("field {field}: {}", en.as_ref()),
        ));
    }

    fn unknown_keys(&mut self, table: &Table, allowed: &[&str], prefix: &str) {
        for key in table.keys().filter(|k| !allowed.contains(&k.as_str())) {
            self.fail(
                &format!("{prefix}{key}"),
                "no es un campo del documento de tarifa",
                "is not a field of the tariff document",
            );
        }
    }

    fn text(&mut self, t: &Table, field: &str, path: &str, required: bool) -> Option<String> {
        match t.get(field) {
            None if required => {
                self.fail(path, "falta y es obligatorio", "is missing and required");
                None
            }
            None => None,
            Some(Value::String(s)) if required && s.trim().is_empty() => {
                self.fail(path, "no puede estar vacío", "cannot be empty");
                None
            }
            Some(Value::String(s)) => Some(s.trim().to_string()),
            Some(_) => {
                self.fail(path, "debe ser un texto entre comillas", "must be text in quotes");
                None
            }
        }
    }

    /// A decimal written as a string ("4.886"). A bare TOML number is refused: it would be
    /// read as binary floating point.
    fn decimal(&mut self, v: Option<&Value>, path: &str) -> Option<Decimal> {
        match v {
            None => {
                self.fail(path, "falta y es obligatorio", "is missing and required");
                None
            }
            Some(Value::String(s)) => {
                let s = s.trim();
                let ok = !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-');
                match Decimal::from_str(s) {
                    Ok(d) if ok => Some(d),
                    _ => {
                        self.fail(
                            path,
                            format!("«{s}» no es un número decimal"),
                            format!("«{s}» is not a decimal number"),
                        );
                        None
                    }
                }
            }
            Some(Value::Integer(i)) => Some(Decimal::from(*i)),
            Some(Value::Float(f)) => {
                self.fail(
                    path,
                    format!("escriba el decimal entre comillas, \"{f}\", para que sea exacto"),
                    format!("write the decimal in quotes, \"{f}\", so that it is exact"),
                );
                None
            }
            Some(_) => {
                self.fail(
                    path,
                    "debe ser un número decimal entre comillas",
                    "must be a decimal number in quotes",
                );
                None
            }
        }
    }

    fn rate(&mut self, v: Option<&Value>, path: &str) -> Option<Decimal> {
        let d = self.decimal(v, path)?;
        if d < Decimal::ZERO {
            self.fail(path, "no puede ser negativo", "cannot be negative");
            return None;
        }
        if d > Decimal::from(1_000_000) {
            self.fail(path, "es demasiado grande para ser real", "is too large to be real");
            return None;
        }
        if d.normalize().scale() > 6 {
            self.fail(path, "tiene más de 6 decimales", "has more than 6 decimals");
            return None;
        }
        Some(d)
    }

    fn fraction(&mut self, v: Option<&Value>, path: &str) -> Option<Decimal> {
        let d = self.rate(v, path)?;
        if d > Decimal::ONE {
            self.fail(
                path,
                "debe estar entre 0 y 1 (0.18 es 18 %)",
                "must lie between 0 and 1 (0.18 is 18%)",
            );
            return None;
        }
        Some(d)
    }

    fn whole(&mut self, v: Option<&Value>, path: &str, max: i64) -> Option<u64> {
        match v {
            None => {
                self.fail(path, "falta y es obligatorio", "is missing and required");
                None
            }
            Some(Value::Integer(i)) if (0..=max).contains(i) => Some(*i as u64),
            Some(Value::Integer(i)) => {
                self.fail(
                    path,
                    format!("{i} está fuera de 0–{max}"),
                    format!("{i} is outside 0–{max}"),
                );
                None
            }
            Some(_) => {
                self.fail(
                    path,
                    "debe ser un número entero sin comillas",
                    "must be a whole number without quotes",
                );
                None
            }
        }
    }

    fn blocks(&mut self, v: Option<&Value>, path: &str) -> Option<Blocks> {
        let Some(Value::Array(items)) = v else {
            if v.is_none() {
                self.fail(path, "falta y es obligatorio", "is missing and required");
            } else {
                self.fail(
                    path,
                    "debe ser una lista de bloques [[inicio, \"tarifa\"], …]",
                    "must be a list of blocks [[start, \"rate\"], …]",
                );
            }
            return None;
        };
        if items.is_empty() {
            self.fail(path, "debe tener al menos un bloque", "must have at least one block");
            return None;
        }
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = format!("{path}[{}]", i + 1);
            let Value::Array(pair) = item else {
                self.fail(&at, "debe ser [inicio m³, \"tarifa\"]", "must be [start m³, \"rate\"]");
                return None;
            };
            if pair.len() != 2 {
                self.fail(&at, "debe ser [inicio m³, \"tarifa\"]", "must be [start m³, \"rate\"]");
                return None;
            }
            let start = self.whole(pair.first(), &format!("{at} inicio/start"), MAX_VOLUME)?;
            let rate = self.rate(pair.get(1), &format!("{at} tarifa/rate"))?;
            if i == 0 && start != 0 {
                self.fail(
                    &at,
                    "el primer bloque debe empezar en 0",
                    "the first block must start at 0",
                );
                return None;
            }
            if let Some(&(prev, _)) = out.last()
                && start <= prev
            {
                self.fail(
                    &at,
                    format!("el inicio {start} debe ser mayor que el del bloque anterior ({prev})"),
                    format!("start {start} must be greater than the previous block's ({prev})"),
                );
                return None;
            }
            out.push((start, rate));
        }
        Some(Blocks(out))
    }
}

/// Reads and validates a tariff document. Checks that need the ledger (a later
/// `effective_from` than any tariff in use) are made when it is stored.
pub fn parse(source: &str) -> Result<Tariff> {
    let doc: Table = source.parse().map_err(|e: toml::de::Error| {
        let at = e.span().map(|s| line_of(source, s.start)).unwrap_or(0);
        Error::invalid(
            ErrorCode::TariffSyntax,
            // The parser's own words are English; the line and the usual causes are what the
            // clerk can act on.
            format!(
                "El documento de tarifa no se puede leer en la línea {at}: revise que cada [sección] cierre su corchete, que cada texto vaya entre comillas y que cada clave tenga «= valor» (docs/tariff.md)."
            ),
            format!(
                "The tariff document cannot be read at line {at} ({}): check that each [section] closes its bracket, each text is in quotes and each key has «= value» (docs/tariff.md).",
                e.message()
            ),
        )
    })?;
    let mut c = Check { problems: Vec::new() };
    c.unknown_keys(&doc, TOP_KEYS, "");
    match doc.get("format") {
        Some(Value::Integer(1)) => {}
        Some(other) => c.fail(
            "format",
            format!("es {other}; esta versión lee el formato 1"),
            format!("is {other}; this version reads format 1"),
        ),
        None => c.fail("format", "falta (debe ser 1)", "is missing (must be 1)"),
    }
    let name = c.text(&doc, "name", "name", true);
    let approval = c.text(&doc, "approval", "approval", true);
    let currency = c
        .text(&doc, "currency", "currency", false)
        .unwrap_or_else(|| "PEN".into());
    if currency != "PEN" {
        c.fail(
            "currency",
            format!("«{currency}»: Caudal factura en soles (PEN)"),
            format!("«{currency}»: Caudal bills in soles (PEN)"),
        );
    }
    let effective_from = c.text(&doc, "effective_from", "effective_from", true).and_then(|s| {
        let p = s
            .parse::<Period>()
            .ok()
            .filter(|_| s.len() == 7 && s.as_bytes()[4] == b'-');
        if p.is_none() {
            c.fail(
                "effective_from",
                format!("«{s}» no es un periodo AAAA-MM"),
                format!("«{s}» is not a YYYY-MM period"),
            );
        }
        p
    });
    let fixed_charge = c.rate(doc.get("fixed_charge"), "fixed_charge");
    let tax_rate = c.fraction(doc.get("tax_rate"), "tax_rate");
    let pay_rounding = c.decimal(doc.get("pay_rounding"), "pay_rounding").and_then(|d| {
        let ok = PAY_STEPS
            .iter()
            .any(|s| Decimal::from_str(s).is_ok_and(|step| step == d));
        if !ok {
            c.fail(
                "pay_rounding",
                format!("{d} no es uno de {}", PAY_STEPS.join(", ")),
                format!("{d} is not one of {}", PAY_STEPS.join(", ")),
            );
        }
        ok.then_some(d)
    });
    let due_days = c.whole(doc.get("due_days"), "due_days", 365);
    let estimate_months = c
        .whole(doc.get("estimate_months"), "estimate_months", 24)
        .and_then(|m| {
            if m == 0 {
                c.fail("estimate_months", "debe ser al menos 1", "must be at least 1");
            }
            (m > 0).then_some(m)
        });

    let fund = match doc.get("fund") {
        None => None,
        Some(Value::Table(t)) => {
            c.unknown_keys(t, &["percent", "purposes"], "fund.");
            let percent = c.fraction(t.get("percent"), "fund.percent");
            let purposes = match t.get("purposes") {
                Some(Value::Table(p)) if !p.is_empty() => {
                    let mut map = BTreeMap::new();
                    for (k, v) in p {
                        if !is_code(k) {
                            c.fail(
                                &format!("fund.purposes.{k}"),
                                "use una palabra en minúsculas sin tildes",
                                "use a lowercase word without accents",
                            );
                        }
                        if let Some(share) = c.fraction(Some(v), &format!("fund.purposes.{k}")) {
                            map.insert(k.clone(), share);
                        }
                    }
                    let sum: Decimal = map.values().sum();
                    if map.len() == p.len() && sum != Decimal::ONE {
                        c.fail(
                            "fund.purposes",
                            format!("las partes suman {sum}; deben sumar exactamente 1"),
                            format!("the shares add up to {sum}; they must add up to exactly 1"),
                        );
                    }
                    Some(map)
                }
                _ => {
                    c.fail(
                        "fund.purposes",
                        "falta la lista de fines con sus partes",
                        "the list of purposes with their shares is missing",
                    );
                    None
                }
            };
            percent
                .zip(purposes)
                .map(|(percent, purposes)| Fund { percent, purposes })
        }
        Some(_) => {
            c.fail("fund", "debe ser una sección [fund]", "must be a [fund] section");
            None
        }
    };

    let subsidy = match doc.get("subsidy") {
        None => None,
        Some(Value::Table(t)) => {
            c.unknown_keys(t, &["percent", "max_m3"], "subsidy.");
            let percent = c.fraction(t.get("percent"), "subsidy.percent");
            let max_m3 = c.whole(t.get("max_m3"), "subsidy.max_m3", MAX_VOLUME);
            if !fund.as_ref().is_some_and(|f| f.purposes.contains_key("subsidy")) && doc.get("fund").is_some() {
                c.fail(
                    "subsidy",
                    "el fondo no tiene el fin «subsidy» que la paga",
                    "the fund has no «subsidy» purpose to pay for it",
                );
            } else if doc.get("fund").is_none() {
                c.fail(
                    "subsidy",
                    "la subvención la paga el fondo: agregue [fund] con el fin «subsidy»",
                    "the subsidy is paid by the fund: add [fund] with a «subsidy» purpose",
                );
            }
            percent.zip(max_m3).map(|(percent, max_m3)| Subsidy { percent, max_m3 })
        }
        Some(_) => {
            c.fail(
                "subsidy",
                "debe ser una sección [subsidy]",
                "must be a [subsidy] section",
            );
            None
        }
    };

    let mut categories = BTreeMap::new();
    match doc.get("categories") {
        Some(Value::Table(cats)) if !cats.is_empty() => {
            for (code, v) in cats {
                let p = format!("categories.{code}");
                if !is_code(code) {
                    c.fail(
                        &p,
                        "el código debe ser una palabra en minúsculas sin tildes (domestico, social…)",
                        "the code must be a lowercase word without accents (domestico, social…)",
                    );
                }
                let Value::Table(t) = v else {
                    c.fail(
                        &p,
                        "debe ser una sección [categories.codigo]",
                        "must be a [categories.code] section",
                    );
                    continue;
                };
                c.unknown_keys(t, CATEGORY_KEYS, &format!("{p}."));
                let label = c.text(t, "label", &format!("{p}.label"), true);
                let method = match t.get("method") {
                    Some(Value::String(m)) if m == "block" => Some(Method::Block),
                    Some(Value::String(m)) if m == "range" => Some(Method::Range),
                    _ => {
                        c.fail(
                            &format!("{p}.method"),
                            "debe ser \"block\" (escalonado) o \"range\" (por rango)",
                            "must be \"block\" or \"range\"",
                        );
                        None
                    }
                };
                let minimum_m3 = match t.get("minimum_m3") {
                    None => Some(0),
                    v => c.whole(v, &format!("{p}.minimum_m3"), MAX_VOLUME),
                };
                let unmetered_m3 = c.whole(t.get("unmetered_m3"), &format!("{p}.unmetered_m3"), MAX_VOLUME);
                let water = c.blocks(t.get("water"), &format!("{p}.water"));
                let sewer = match (t.get("sewer"), t.get("sewer_percent_of_water")) {
                    (Some(b), None) => c.blocks(Some(b), &format!("{p}.sewer")).map(Sewer::Blocks),
                    (None, Some(pct)) => c
                        .fraction(Some(pct), &format!("{p}.sewer_percent_of_water"))
                        .map(Sewer::PercentOfWater),
                    (Some(_), Some(_)) => {
                        c.fail(
                            &p,
                            "tiene sewer y sewer_percent_of_water: deje solo uno",
                            "has both sewer and sewer_percent_of_water: keep only one",
                        );
                        None
                    }
                    (None, None) => {
                        c.fail(
                            &p,
                            "falta sewer o sewer_percent_of_water",
                            "sewer or sewer_percent_of_water is missing",
                        );
                        None
                    }
                };
                if let (Some(label), Some(method), Some(minimum_m3), Some(unmetered_m3), Some(water), Some(sewer)) =
                    (label, method, minimum_m3, unmetered_m3, water, sewer)
                {
                    categories.insert(
                        code.clone(),
                        Category {
                            label,
                            method,
                            minimum_m3,
                            unmetered_m3,
                            water,
                            sewer,
                        },
                    );
                }
            }
        }
        _ => c.fail(
            "categories",
            "el documento debe tener al menos una categoría [categories.codigo]",
            "the document needs at least one [categories.code]",
        ),
    }

    if !c.problems.is_empty() {
        let es: Vec<&str> = c.problems.iter().map(|t| t.es.as_str()).collect();
        let en: Vec<&str> = c.problems.iter().map(|t| t.en.as_str()).collect();
        return Err(Error::invalid(
            ErrorCode::TariffInvalid,
            format!("El documento de tarifa no es válido:\n  {}", es.join("\n  ")),
            format!("The tariff document is not valid:\n  {}", en.join("\n  ")),
        ));
    }
    // Every Option above is Some when no problem was recorded.
    let missing = || Error::invalid(ErrorCode::TariffInvalid, "documento incompleto", "incomplete document");
    Ok(Tariff {
        name: name.ok_or_else(missing)?,
        effective_from: effective_from.ok_or_else(missing)?,
        approval: approval.ok_or_else(missing)?,
        currency,
        fixed_charge: fixed_charge.ok_or_else(missing)?,
        tax_rate: tax_rate.ok_or_else(missing)?,
        pay_rounding: pay_rounding.ok_or_else(missing)?,
        due_days: due_days.ok_or_else(missing)? as u32,
        estimate_months: estimate_months.ok_or_else(missing)? as u32,
        fund,
        subsidy,
        categories,
    })
}

fn is_code(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_') && !s.starts_with('_')
}

fn line_of(source: &str, offset: usize) -> usize {
    source.get(..offset).map_or(0, |s| s.matches('\n').count() + 1)
}
