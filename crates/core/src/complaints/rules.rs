//! The rules of complaint deadlines, as the ledger's `complaint_rules` table holds them
//! (defaults: SUNASS practice, docs/complaints.md). A change applies to steps begun after it.

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use rusqlite::Connection;
use serde::Serialize;

/// One rule: its code, how many days and in which unit.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Rule {
    /// The rule's key (`decision`, `appeal`…).
    pub rule: String,
    /// Its number of days.
    pub days: u32,
    /// `calendar` or `working`.
    pub unit: String,
    /// What it is, in Spanish.
    pub label_es: String,
    /// What it is, in English.
    pub label_en: String,
}

/// Every rule, in the table's order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rules {
    pub filing: u32,
    pub decision: u32,
    pub notification: u32,
    pub reconsideration: u32,
    pub reconsideration_decision: u32,
    pub appeal: u32,
    pub ncb_decision: u32,
}

fn label(rule: &str) -> (&'static str, &'static str) {
    match rule {
        "filing" => (
            "Plazo para reclamar por un recibo (días calendario desde su vencimiento)",
            "Time to complain about a bill (calendar days after its due date)",
        ),
        "decision" => (
            "Primera instancia: resolver (días hábiles desde la presentación)",
            "First instance: decide (working days after filing)",
        ),
        "notification" => (
            "Notificar una resolución (días hábiles desde la resolución)",
            "Notify a decision (working days after the decision)",
        ),
        "reconsideration" => (
            "Pedir reconsideración (días hábiles desde la notificación)",
            "Ask for reconsideration (working days after notification)",
        ),
        "reconsideration_decision" => (
            "Resolver la reconsideración (días hábiles desde el pedido)",
            "Decide the reconsideration (working days after it is filed)",
        ),
        "appeal" => (
            "Apelar a la Junta Vecinal (días hábiles desde la notificación)",
            "Appeal to the Community Board (working days after notification)",
        ),
        "ncb_decision" => (
            "La Junta Vecinal resuelve la apelación (días hábiles desde la apelación)",
            "The Community Board decides the appeal (working days after the appeal)",
        ),
        _ => ("", ""),
    }
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Rule>> {
    let mut stmt = conn.prepare_cached("SELECT rule, days, unit FROM complaint_rules ORDER BY position")?;
    let rows = stmt.query_map([], |r| {
        let rule: String = r.get(0)?;
        let (es, en) = label(&rule);
        Ok(Rule {
            days: r.get(1)?,
            unit: r.get(2)?,
            label_es: es.into(),
            label_en: en.into(),
            rule,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn load(conn: &Connection) -> Result<Rules> {
    let all = list(conn)?;
    let get = |k: &str| all.iter().find(|r| r.rule == k).map_or(0, |r| r.days);
    Ok(Rules {
        filing: get("filing"),
        decision: get("decision"),
        notification: get("notification"),
        reconsideration: get("reconsideration"),
        reconsideration_decision: get("reconsideration_decision"),
        appeal: get("appeal"),
        ncb_decision: get("ncb_decision"),
    })
}

impl Ledger {
    /// The rules of complaint deadlines (`caudal complaints rules`).
    pub fn complaint_rules(&self) -> Result<Vec<Rule>> {
        list(self.conn())
    }

    /// Changes one rule (administrators): 1 to 365 days. Complaints already filed keep the
    /// deadlines they were given.
    pub fn set_complaint_rule(&mut self, actor: &Actor, rule: &str, days: &str) -> Result<()> {
        actor.require(Permission::ManageSettings)?;
        let rule = rule.trim().to_string();
        let Some(n) = days.trim().parse::<u32>().ok().filter(|n| (1..=365).contains(n)) else {
            return Err(Error::invalid(
                ErrorCode::SettingValue,
                format!("El plazo «{}» no es válido: un número de días de 1 a 365.", days.trim()),
                format!(
                    "The time «{}» is not valid: a number of days from 1 to 365.",
                    days.trim()
                ),
            ));
        };
        self.write(actor, "complaints.rule", |tx, _| {
            // Which rules exist is read inside the write that changes one.
            let known = list(tx)?;
            if !known.iter().any(|r| r.rule == rule) {
                let names: Vec<&str> = known.iter().map(|r| r.rule.as_str()).collect();
                return Err(Error::invalid(
                    ErrorCode::SettingUnknown,
                    format!("«{rule}» no es una regla de reclamos ({}).", names.join(", ")),
                    format!("«{rule}» is not a complaints rule ({}).", names.join(", ")),
                ));
            }
            tx.execute("UPDATE complaint_rules SET days = ?1 WHERE rule = ?2", (n, &rule))?;
            Ok(((), format!("rule={rule} days={n}")))
        })
    }
}
