//! The service of a connection over time: a connection's status (active, suspended, cut,
//! closed) changes only through dated events — cut, reconnect, suspend, close — never by
//! editing the customer. Reconnecting a cut connection costs the reconnection charge from
//! settings, which the account owes from that day (an entry of the accounts model). Each
//! event is append-only, sealed in the hash chain, and records the status it left, so the
//! status on any day is known (billing bills the connections active at the period's end).

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::accounts::months;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::ledger::chain::Appender;
use crate::money::Money;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What happens to the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum ServiceAction {
    /// For debt or an infraction: active → cut.
    Cut,
    /// Cut or suspended → active; from a cut, the reconnection charge is owed.
    Reconnect,
    /// At the customer's request: active → suspended.
    Suspend,
    /// The connection ends for good.
    Close,
}

impl ServiceAction {
    /// Every action, in the order the window offers them.
    pub const ALL: [ServiceAction; 4] = [
        ServiceAction::Cut,
        ServiceAction::Reconnect,
        ServiceAction::Suspend,
        ServiceAction::Close,
    ];

    /// The actions a connection in `status` may take (a closed one, none): what the window
    /// offers on the customer's page, by the same transitions the core enforces.
    pub fn offered_from(status: &str) -> Vec<ServiceAction> {
        ServiceAction::ALL
            .into_iter()
            .filter(|a| a.transition().0.contains(&status))
            .collect()
    }

    /// The action as stored.
    pub fn code(self) -> &'static str {
        match self {
            ServiceAction::Cut => "cut",
            ServiceAction::Reconnect => "reconnect",
            ServiceAction::Suspend => "suspend",
            ServiceAction::Close => "close",
        }
    }

    /// Accepts the English code or the Spanish word.
    pub fn parse(s: &str) -> Option<ServiceAction> {
        match crate::text::normalize_key(s).as_str() {
            "cut" | "corte" | "cortar" => Some(ServiceAction::Cut),
            "reconnect" | "reconexion" | "reconectar" => Some(ServiceAction::Reconnect),
            "suspend" | "suspension" | "suspender" => Some(ServiceAction::Suspend),
            "close" | "cierre" | "cerrar" | "baja" => Some(ServiceAction::Close),
            _ => None,
        }
    }

    /// The event with its article, for a sentence: "la reconexión", "the reconnection".
    pub fn with_article(self, lang: Lang) -> &'static str {
        match self {
            ServiceAction::Cut => lang.pick("el corte", "the cut"),
            ServiceAction::Reconnect => lang.pick("la reconexión", "the reconnection"),
            ServiceAction::Suspend => lang.pick("la suspensión", "the suspension"),
            ServiceAction::Close => lang.pick("el cierre", "the closure"),
        }
    }

    /// The statuses it may start from, and the one it leaves.
    fn transition(self) -> (&'static [&'static str], &'static str) {
        match self {
            ServiceAction::Cut => (&["active"], "cut"),
            ServiceAction::Reconnect => (&["cut", "suspended"], "active"),
            ServiceAction::Suspend => (&["active"], "suspended"),
            ServiceAction::Close => (&["active", "cut", "suspended"], "closed"),
        }
    }
}

/// A status in words.
pub fn status_word(status: &str, lang: Lang) -> &'static str {
    match status {
        "active" => lang.pick("activa", "active"),
        "suspended" => lang.pick("suspendida", "suspended"),
        "cut" => lang.pick("cortada", "cut"),
        _ => lang.pick("cerrada", "closed"),
    }
}

/// A service event, as recorded.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ServiceEvent {
    /// Its id.
    pub id: i64,
    /// The account.
    pub account: String,
    /// The action (`cut`, `reconnect`, `suspend`, `close`).
    pub kind: String,
    /// When (ISO).
    pub event_on: String,
    /// Why.
    pub reason: String,
    /// What it charges (the reconnection after a cut).
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
            Ok((
                format!("{} {} #{id}", parts[3], parts[2]),
                crate::ledger::chain::fields(&parts),
            ))
        })
        .optional()
}

/// Every connection's status at the end of `day`, from its events (the status column for a
/// connection without events, since only events change it).
pub(crate) fn statuses_at(conn: &Connection, day: NaiveDate) -> Result<HashMap<i64, String>> {
    let mut out: HashMap<i64, String> = {
        let mut stmt = conn.prepare("SELECT id, status FROM connections")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    // Events in order: before its first event a connection had the status that event left;
    // after each event, the status it made.
    let mut stmt = conn.prepare(
        "SELECT connection_id, kind, event_on, from_status FROM service_events ORDER BY connection_id, event_on, id",
    )?;
    let mut rows = stmt.query([])?;
    let mut seen: std::collections::HashSet<i64> = std::collections::HashSet::new();
    let day = day.to_string();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let kind: String = r.get(1)?;
        let on: String = r.get(2)?;
        if seen.insert(id) {
            out.insert(id, r.get(3)?);
        }
        if on <= day
            && let Some(action) = ServiceAction::parse(&kind)
        {
            out.insert(id, action.transition().1.to_string());
        }
    }
    Ok(out)
}

/// A connection active at the end of a day.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ActiveConnection {
    pub id: i64,
    pub metered: bool,
    pub sewer: bool,
}

/// The connections whose status is active at the end of `day` and that were connected by then
/// (the Board's "active connections").
pub(crate) fn active_at(conn: &Connection, day: NaiveDate) -> Result<Vec<ActiveConnection>> {
    let statuses = statuses_at(conn, day)?;
    let mut stmt = conn.prepare_cached("SELECT id, metered, sewer, connected_on FROM connections ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            ActiveConnection {
                id: r.get(0)?,
                metered: r.get(1)?,
                sewer: r.get(2)?,
            },
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (c, connected_on) = row?;
        let connected = connected_on
            .as_deref()
            .and_then(crate::period::parse_date)
            .is_none_or(|d| d <= day);
        if connected && statuses.get(&c.id).map(String::as_str) == Some("active") {
            out.push(c);
        }
    }
    Ok(out)
}

/// How many service events of each kind (`cut`, `reconnect`, `suspend`, `close`) are dated
/// in `[first, last]`.
pub(crate) fn events_between(conn: &Connection, first: NaiveDate, last: NaiveDate) -> Result<HashMap<String, u64>> {
    let mut stmt = conn
        .prepare_cached("SELECT kind, count(*) FROM service_events WHERE event_on BETWEEN ?1 AND ?2 GROUP BY kind")?;
    let rows = stmt.query_map((first.to_string(), last.to_string()), |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Ledger {
    /// Cuts an active connection's service.
    pub fn cut_service(&mut self, actor: &Actor, account: &str, on: NaiveDate, reason: &str) -> Result<ServiceEvent> {
        self.service_event(actor, account, ServiceAction::Cut, on, reason)
    }

    /// Reconnects a cut connection, charging the reconnection charge from settings.
    pub fn reconnect_service(
        &mut self,
        actor: &Actor,
        account: &str,
        on: NaiveDate,
        reason: &str,
    ) -> Result<ServiceEvent> {
        self.service_event(actor, account, ServiceAction::Reconnect, on, reason)
    }

    /// Records a service event dated `on`: not before the connection was connected or its last
    /// event, never in a closed month or the future.
    pub fn service_event(
        &mut self,
        actor: &Actor,
        account: &str,
        action: ServiceAction,
        on: NaiveDate,
        reason: &str,
    ) -> Result<ServiceEvent> {
        actor.require(Permission::ManageCustomers)?;
        let account = account.trim().to_string();
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::invalid(
                ErrorCode::Reason,
                "Indique el motivo.",
                "Give the reason.",
            ));
        }
        let today = self.clock().today();
        let kind = action.code();
        self.write(actor, &format!("service.{kind}"), |tx, _| {
            months::check_entry_date(tx, ErrorCode::EventOn, on, today, (action.with_article(Lang::Es), action.with_article(Lang::En)))?;
            let row: Option<(i64, String, Option<String>)> = tx
                .query_row("SELECT id, status, connected_on FROM connections WHERE account = ?1", [&account], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?;
            let Some((id, status, connected_on)) = row else {
                return Err(crate::accounts::no_such_account(&account));
            };
            let (from, to) = action.transition();
            if !from.contains(&status.as_str()) {
                return Err(Error::conflict(
                    format!(
                        "La cuenta {account} está {}; no se puede registrar {}.",
                        status_word(&status, Lang::Es),
                        action.with_article(Lang::Es)
                    ),
                    format!(
                        "Account {account} is {}; {} cannot be recorded.",
                        status_word(&status, Lang::En),
                        action.with_article(Lang::En)
                    ),
                ));
            }
            if action == ServiceAction::Cut {
                refuse_cut_under_complaint(tx, id, &account, on)?;
            }
            let connected = connected_on.as_deref().and_then(crate::period::parse_date);
            let last: Option<String> = tx.query_row(
                "SELECT max(event_on) FROM service_events WHERE connection_id = ?1",
                [id],
                |r| r.get(0),
            )?;
            let last = last.as_deref().and_then(crate::period::parse_date);
            if let Some(floor) = [connected, last].into_iter().flatten().max().filter(|f| on < *f) {
                return Err(Error::invalid(
                    ErrorCode::EventOn,
                    format!(
                        "La fecha {} es anterior a {} de la cuenta {account} ({}).",
                        Lang::Es.date(on),
                        if Some(floor) == last { "su último evento de servicio" } else { "su conexión" },
                        Lang::Es.date(floor)
                    ),
                    format!(
                        "The date {} is before account {account}'s {} ({}).",
                        Lang::En.date(on),
                        if Some(floor) == last { "last service event" } else { "connection" },
                        Lang::En.date(floor)
                    ),
                ));
            }
            let charge = if action == ServiceAction::Reconnect && status == "cut" {
                crate::ledger::settings_of(tx)
                    .get("reconnection_charge")?
                    .and_then(|v| Money::from_plain(&v))
                    .unwrap_or(Money::ZERO)
            } else {
                Money::ZERO
            };
            tx.execute("UPDATE connections SET status = ?1 WHERE id = ?2", (to, id))?;
            tx.execute(
                "INSERT INTO service_events (connection_id, account, kind, event_on, reason, charge, recorded_by, from_status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                (id, &account, kind, on.to_string(), &reason, charge.cents(), &actor.name, &status),
            )?;
            let event_id = tx.last_insert_rowid();
            let content = canonical_by_id(tx, event_id)?.map(|c| c.1).unwrap_or_default();
            Appender::start(tx)?.push(tx, "service_event", event_id, &content)?;
            let event = ServiceEvent {
                id: event_id,
                account: account.clone(),
                kind: kind.into(),
                event_on: on.to_string(),
                reason: reason.clone(),
                charge,
            };
            Ok((event, format!("account={account} kind={kind} charge={}", charge.plain())))
        })
    }
}

/// A connection with an amount frozen by an open complaint may be cut only when it
/// [may be cut](crate::accounts::AccountState::may_be_cut) for the charges overdue apart from it
/// (docs/complaints.md); any other may be cut whatever it owes.
fn refuse_cut_under_complaint(tx: &Connection, connection: i64, account: &str, on: NaiveDate) -> Result<()> {
    let (_, state, _) = crate::accounts::account_state(tx, connection, on, false)?;
    if state.disputed == Money::ZERO || state.may_be_cut() {
        return Ok(());
    }
    let number = crate::accounts::disputes::freezing_complaints(tx, connection, on)?;
    Err(Error::conflict(
        format!(
            "La cuenta {account} tiene {} en reclamo ({number}) y {} recibo(s) vencido(s) aparte de lo reclamado: mientras el reclamo no esté firme, el corte requiere 2 o más.",
            state.disputed, state.overdue_charges
        ),
        format!(
            "Account {account} has {} under complaint ({number}) and {} overdue charge(s) besides what is disputed: while the complaint is not final, a cut needs 2 or more.",
            state.disputed, state.overdue_charges
        ),
    ))
}

/// Sealed in the hash chain as `service_event`.
pub(crate) const RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "service_event",
    content: canonical_by_id,
    table: "service_events",
};

/// The settings service owns: the reconnection charge, an amount up to [`crate::accounts::MAX_ENTRY`].
pub(crate) const SETTINGS: &[crate::ledger::SettingRule] = &[crate::ledger::SettingRule {
    key: "reconnection_charge",
    store_as: "reconnection_charge",
    check: reconnection_charge,
}];

fn reconnection_charge(v: &str) -> Result<String> {
    match Money::parse_typed(v) {
        Ok(m) if !m.is_negative() && m <= crate::accounts::MAX_ENTRY => Ok(m.plain()),
        _ => Err(Error::invalid(
            ErrorCode::SettingValue,
            "El cargo de reconexión es un importe en soles, por ejemplo 15.00.",
            "The reconnection charge is an amount in soles, for example 15.00.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the window offers on a customer's page is what the core would accept: each action
    /// from each status, and nothing for a closed connection.
    #[test]
    fn the_actions_offered_are_the_transitions_the_core_accepts() {
        use ServiceAction::*;
        assert_eq!(ServiceAction::offered_from("active"), vec![Cut, Suspend, Close]);
        assert_eq!(ServiceAction::offered_from("cut"), vec![Reconnect, Close]);
        assert_eq!(ServiceAction::offered_from("suspended"), vec![Reconnect, Close]);
        assert!(ServiceAction::offered_from("closed").is_empty());
    }
}
