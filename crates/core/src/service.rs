//! Cutting and reconnecting the service. A cut connection is not billed; reconnecting it costs
//! the reconnection charge from settings, which the account owes from that day like a bill.
//! Each event is append-only and sealed in the hash chain.

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::ledger::chain::Appender;
use crate::money::Money;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ServiceEvent {
    pub id: i64,
    pub account: String,
    pub kind: String,
    pub event_on: String,
    pub reason: String,
    pub charge: Money,
}

const SQL: &str =
    "SELECT id, connection_id, account, kind, event_on, reason, charge, recorded_by FROM service_events WHERE id = ?1";

pub(crate) fn canonical_by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(SQL)?
        .query_row([id], |r| {
            let parts: Vec<String> = (0..8)
                .map(|i| match r.get_ref(i) {
                    Ok(rusqlite::types::ValueRef::Integer(v)) => v.to_string(),
                    Ok(rusqlite::types::ValueRef::Text(t)) => String::from_utf8_lossy(t).into_owned(),
                    _ => String::new(),
                })
                .collect();
            Ok((format!("{} {} #{id}", parts[3], parts[2]), parts.join("|")))
        })
        .optional()
}

impl Ledger {
    /// Cuts an active connection's service.
    pub fn cut_service(&mut self, actor: &Actor, account: &str, on: NaiveDate, reason: &str) -> Result<ServiceEvent> {
        self.service_event(actor, account, on, reason, "cut")
    }

    /// Reconnects a cut connection, charging the reconnection charge from settings.
    pub fn reconnect_service(
        &mut self,
        actor: &Actor,
        account: &str,
        on: NaiveDate,
        reason: &str,
    ) -> Result<ServiceEvent> {
        self.service_event(actor, account, on, reason, "reconnect")
    }

    fn service_event(
        &mut self,
        actor: &Actor,
        account: &str,
        on: NaiveDate,
        reason: &str,
        kind: &str,
    ) -> Result<ServiceEvent> {
        actor.require(Permission::ManageCustomers)?;
        let account = account.trim().to_string();
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::invalid("reason", "Indique el motivo.", "Give the reason."));
        }
        if on > self.clock().today() {
            return Err(Error::invalid(
                "event_on",
                "La fecha es futura.",
                "The date is in the future.",
            ));
        }
        let charge = match kind {
            "reconnect" => self
                .settings()
                .get("reconnection_charge")?
                .and_then(|v| Money::parse(&v, false))
                .unwrap_or(Money::ZERO),
            _ => Money::ZERO,
        };
        let (from, to) = if kind == "cut" {
            ("active", "cut")
        } else {
            ("cut", "active")
        };
        self.write(actor, if kind == "cut" { "service.cut" } else { "service.reconnect" }, |tx, _| {
            let row: Option<(i64, String)> = tx
                .query_row("SELECT id, status FROM connections WHERE account = ?1", [&account], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((id, status)) = row else {
                return Err(Error::not_found(format!("No existe la cuenta {account}."), format!("Account {account} does not exist.")));
            };
            if status != from {
                return Err(Error::conflict(
                    format!("La cuenta {account} está «{status}»; solo se puede {} una conexión «{from}».", if kind == "cut" { "cortar" } else { "reconectar" }),
                    format!("Account {account} is «{status}»; only a «{from}» connection can be {}.", if kind == "cut" { "cut" } else { "reconnected" }),
                ));
            }
            tx.execute("UPDATE connections SET status = ?1 WHERE id = ?2", (to, id))?;
            tx.execute(
                "INSERT INTO service_events (connection_id, account, kind, event_on, reason, charge, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                (id, &account, kind, on.to_string(), &reason, charge.cents(), &actor.name),
            )?;
            let event_id = tx.last_insert_rowid();
            let content = canonical_by_id(tx, event_id)?.map(|c| c.1).unwrap_or_default();
            Appender::start(tx)?.push(tx, "service_event", event_id, &content)?;
            let event = ServiceEvent { id: event_id, account: account.clone(), kind: kind.into(), event_on: on.to_string(), reason: reason.clone(), charge };
            Ok((event, format!("account={account} kind={kind} charge={}", charge.plain())))
        })
    }
}
