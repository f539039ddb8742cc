//! The Board's indicators (docs/report.md): one table of definitions — code, words, unit,
//! which way is better, default target — and each month's value read from the module that
//! owns the figure (accounts, billing, payments, service, complaints, quality, continuity,
//! fund, the board's records, the tariff audit). Nothing here computes a figure a second time:
//! this module only divides, rounds as the spec names and compares with the target.

use super::MonthFacts;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::money::Money;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::HashMap;
use std::str::FromStr;
mod compute;
pub(crate) use compute::*;

/// The unit of an indicator's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A share, in percent.
    Percent,
    /// Hours a day.
    HoursPerDay,
    /// An amount in soles.
    Soles,
    /// A count.
    Count,
}

impl Unit {
    /// The unit as exported.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::HoursPerDay => "h/day",
            Unit::Soles => "S/",
            Unit::Count => "count",
        }
    }

    fn decimals(self) -> u32 {
        match self {
            Unit::Percent | Unit::HoursPerDay => 1,
            Unit::Soles => 2,
            Unit::Count => 0,
        }
    }
}

/// Which way is better: the target is a floor (≥) or a ceiling (≤).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// A higher value is better.
    More,
    /// A lower value is better.
    Less,
}

/// One indicator as the report defines it.
pub struct Definition {
    /// Its code (docs/report.md).
    pub code: &'static str,
    /// Its name in Spanish.
    pub es: &'static str,
    /// Its name in English.
    pub en: &'static str,
    /// What it measures, in one line a neighbour understands.
    pub what_es: &'static str,
    /// What it measures, in English.
    pub what_en: &'static str,
    /// Its unit.
    pub unit: Unit,
    /// Which way is better.
    pub better: Better,
    /// The target when the operator has set none.
    pub default_target: Option<&'static str>,
}

macro_rules! def {
    ($code:literal, $es:literal, $en:literal, $wes:literal, $wen:literal, $unit:ident, $better:ident, $target:expr) => {
        Definition {
            code: $code,
            es: $es,
            en: $en,
            what_es: $wes,
            what_en: $wen,
            unit: Unit::$unit,
            better: Better::$better,
            default_target: $target,
        }
    };
}

/// The indicators, in the order of the report and of `indicators.csv`.
pub const INDICATORS: &[Definition] = &[
    def!(
        "water_coverage",
        "Cobertura de agua",
        "Water coverage",
        "Parte de la población que tiene conexión de agua activa.",
        "Share of the population with an active water connection.",
        Percent,
        More,
        Some("95")
    ),
    def!(
        "sewer_coverage",
        "Cobertura de alcantarillado",
        "Sewer coverage",
        "Parte de la población con conexión activa al desagüe.",
        "Share of the population with an active sewer connection.",
        Percent,
        More,
        Some("80")
    ),
    def!(
        "continuity",
        "Continuidad",
        "Continuity",
        "Horas de agua al día, en promedio por conexión.",
        "Hours of water a day, on average per connection.",
        HoursPerDay,
        More,
        Some("20")
    ),
    def!(
        "micrometering",
        "Micromedición",
        "Metering",
        "Conexiones activas con medidor que funciona.",
        "Active connections with a working meter.",
        Percent,
        More,
        Some("90")
    ),
    def!(
        "non_revenue_water",
        "Agua no facturada",
        "Non-revenue water",
        "Agua producida que no llegó a ningún recibo.",
        "Water produced that reached no bill.",
        Percent,
        Less,
        Some("30")
    ),
    def!(
        "collection_efficiency",
        "Eficiencia de cobranza",
        "Collection efficiency",
        "Lo cobrado en el mes frente a lo facturado en el mes.",
        "What was collected in the month against what was billed in it.",
        Percent,
        More,
        Some("90")
    ),
    def!(
        "arrears",
        "Morosidad",
        "Arrears",
        "Conexiones activas con dos o más cargos vencidos sin pagar (recibos, notas de débito, reconexiones; lo que está en reclamo no cuenta): las que pueden cortarse.",
        "Active connections with two or more charges overdue and unpaid (bills, debit notes, reconnections; nothing in complaint counts): those that may be cut.",
        Percent,
        Less,
        Some("10")
    ),
    def!(
        "opex_coverage",
        "Cobertura de costos de operación",
        "Operating cost coverage",
        "Lo facturado para el operador frente a lo que costó operar el servicio.",
        "What was billed for the operator against what running the service cost.",
        Percent,
        More,
        Some("100")
    ),
    def!(
        "complaints_per_1000",
        "Reclamos por cada 1 000 conexiones",
        "Complaints per 1,000 connections",
        "Reclamos presentados en el mes por cada mil conexiones activas.",
        "Complaints filed in the month for every thousand active connections.",
        Count,
        Less,
        None
    ),
    def!(
        "complaints_on_time",
        "Reclamos resueltos a tiempo",
        "Complaints decided on time",
        "Reclamos resueltos por el operador dentro del plazo.",
        "Complaints the operator decided within the deadline.",
        Percent,
        More,
        Some("100")
    ),
    def!(
        "appeals",
        "Apelaciones a la Junta",
        "Appeals to the Board",
        "Apelaciones presentadas a la Junta Vecinal en el mes.",
        "Appeals filed with the Community Board in the month.",
        Count,
        Less,
        None
    ),
    def!(
        "chlorine_compliance",
        "Cloro residual",
        "Residual chlorine",
        "Muestras de la red con al menos 0.5 mg/L de cloro libre.",
        "Network samples with at least 0.5 mg/L of free chlorine.",
        Percent,
        More,
        Some("90")
    ),
    def!(
        "chlorine_pass",
        "Regla del cloro del mes",
        "The month's chlorine rule",
        "1 si el mes cumple la regla del cloro residual; 0 si no.",
        "1 when the month meets the residual chlorine rule; 0 when not.",
        Count,
        More,
        Some("1")
    ),
    def!(
        "bacteriological_compliance",
        "Calidad bacteriológica",
        "Bacteriological quality",
        "Muestras sin coliformes por encima del límite.",
        "Samples with no coliforms above the limit.",
        Percent,
        More,
        Some("100")
    ),
    def!(
        "sampling_plan",
        "Plan de muestreo",
        "Sampling plan",
        "Muestras tomadas frente a las que pide el plan del mes.",
        "Samples taken against those the month's plan asks for.",
        Percent,
        More,
        Some("100")
    ),
    def!(
        "fund_contributions",
        "Aportes al fondo",
        "Fund contributions",
        "Lo que entró al fondo comunal por recibos pagados.",
        "What came into the community fund from bills paid.",
        Soles,
        More,
        None
    ),
    def!(
        "fund_spending",
        "Gastos del fondo",
        "Fund spending",
        "Subsidios y gastos pagados con el fondo comunal.",
        "Subsidies and spending paid from the community fund.",
        Soles,
        Less,
        None
    ),
    def!(
        "fund_balance",
        "Saldo del fondo",
        "Fund balance",
        "Lo que tiene el fondo comunal al cierre del mes.",
        "What the community fund holds at the end of the month.",
        Soles,
        More,
        None
    ),
    def!(
        "transition_subsidy",
        "Subsidio de transición",
        "Transition subsidy",
        "Lo que la municipalidad entregó al operador en el mes.",
        "What the municipality gave the operator in the month.",
        Soles,
        More,
        None
    ),
    def!(
        "women_board",
        "Mujeres en la Junta",
        "Women on the Board",
        "Mujeres entre los miembros de la Junta en funciones.",
        "Women among the board members in office.",
        Percent,
        More,
        Some("50")
    ),
    def!(
        "women_attendance",
        "Asistencia de mujeres",
        "Women attending",
        "Mujeres entre los asistentes a las sesiones y asambleas del mes.",
        "Women among those attending the month's meetings and assemblies.",
        Percent,
        More,
        Some("50")
    ),
    def!(
        "tariff_audit_mismatches",
        "Recibos que no siguen la tarifa",
        "Bills not following the tariff",
        "Recibos del periodo que, recalculados con la tarifa aprobada, dan otra cifra.",
        "Bills of the period that give another figure when recomputed from the approved tariff.",
        Count,
        Less,
        Some("0")
    ),
];

/// The definition of the indicator `code`.
pub fn definition(code: &str) -> Option<&'static Definition> {
    INDICATORS.iter().find(|d| d.code == code)
}

/// One indicator of one month: a row of `indicators.csv`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Indicator {
    /// The month.
    pub period: String,
    /// The indicator's code.
    pub code: String,
    /// Its name in Spanish.
    pub label_es: String,
    /// Its name in English.
    pub label_en: String,
    /// Rounded as the unit says; `None` when the denominator is 0 or nothing was recorded.
    pub value: Option<String>,
    /// Its unit.
    pub unit: String,
    /// What it is computed from, above the line.
    pub numerator: Option<String>,
    /// What it is computed from, below the line.
    pub denominator: Option<String>,
    /// Its target.
    pub target: Option<String>,
    /// Whether the value meets the target.
    pub meets_target: Option<bool>,
    /// `more` (the target is a floor) or `less` (a ceiling).
    pub better: String,
}

impl Indicator {
    /// Its name in `lang`.
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.label_es, &self.label_en)
    }
}

/// The columns of `indicators.csv`, in order.
pub const INDICATORS_CSV_HEADER: &[&str] = &[
    "period",
    "code",
    "label_es",
    "label_en",
    "value",
    "unit",
    "numerator",
    "denominator",
    "target",
    "meets_target",
];

impl Indicator {
    /// Its row of `indicators.csv`.
    pub fn csv_record(&self) -> Vec<String> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            self.period.clone(),
            self.code.clone(),
            self.label_es.clone(),
            self.label_en.clone(),
            opt(&self.value),
            self.unit.clone(),
            opt(&self.numerator),
            opt(&self.denominator),
            opt(&self.target),
            match self.meets_target {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
        ]
    }
}

/// What the settings say the town is: its population, persons per connection, and the targets.
pub(crate) struct Basis {
    pub population: Option<Decimal>,
    pub persons_per_connection: Decimal,
    pub targets: HashMap<String, Option<Decimal>>,
}

impl Basis {
    pub(crate) fn read(conn: &rusqlite::Connection) -> Result<Basis> {
        let mut stmt = conn.prepare_cached(
            "SELECT key, value FROM settings WHERE key IN ('population', 'persons_per_connection') OR key LIKE 'target.%'",
        )?;
        let rows: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut b = Basis {
            population: None,
            persons_per_connection: Decimal::from(4),
            targets: HashMap::new(),
        };
        for (key, value) in rows {
            let v = Decimal::from_str(value.trim()).ok();
            match key.as_str() {
                "population" => b.population = v.filter(|p| *p > Decimal::ZERO),
                "persons_per_connection" => {
                    if let Some(p) = v.filter(|p| *p > Decimal::ZERO) {
                        b.persons_per_connection = p;
                    }
                }
                k => {
                    if let Some(code) = k.strip_prefix("target.") {
                        // An empty target removes the default: the indicator has none.
                        b.targets.insert(code.to_string(), v);
                    }
                }
            }
        }
        Ok(b)
    }

    fn target(&self, d: &Definition) -> Option<Decimal> {
        match self.targets.get(d.code) {
            Some(set) => *set,
            None => d.default_target.and_then(|t| Decimal::from_str(t).ok()),
        }
    }
}

/// An indicator's target as settings show it: the spec's default and the one in force.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct TargetSetting {
    /// The indicator's code.
    pub code: String,
    /// Its name in Spanish.
    pub label_es: String,
    /// Its name in English.
    pub label_en: String,
    /// Its unit.
    pub unit: String,
    /// `more` (the target is a floor) or `less` (a ceiling).
    pub better: String,
    /// The target when none is set.
    pub default_target: Option<String>,
    /// In force: the setting, else the default; `None` when there is none.
    pub target: Option<String>,
}

pub(crate) fn targets(conn: &rusqlite::Connection) -> Result<Vec<TargetSetting>> {
    let basis = Basis::read(conn)?;
    Ok(INDICATORS
        .iter()
        .map(|d| TargetSetting {
            code: d.code.to_string(),
            label_es: d.es.to_string(),
            label_en: d.en.to_string(),
            unit: d.unit.code().to_string(),
            better: better_code(d.better).to_string(),
            default_target: d.default_target.map(str::to_string),
            target: basis.target(d).map(normalized),
        })
        .collect())
}

fn better_code(b: Better) -> &'static str {
    match b {
        Better::More => "more",
        Better::Less => "less",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_half_up_as_the_unit_says() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(shaped(d("87.45"), Unit::Percent).to_string(), "87.5");
        assert_eq!(shaped(d("100"), Unit::Percent).to_string(), "100.0");
        assert_eq!(shaped(d("2.5"), Unit::Count).to_string(), "3");
        assert_eq!(shaped(d("1234.5"), Unit::Soles).to_string(), "1234.50");
        assert_eq!(shaped(d("19.95"), Unit::HoursPerDay).to_string(), "20.0");
    }

    #[test]
    fn every_indicator_of_the_spec_is_defined_once() {
        let mut codes: Vec<&str> = INDICATORS.iter().map(|d| d.code).collect();
        assert_eq!(codes.len(), 22);
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 22);
    }
}
