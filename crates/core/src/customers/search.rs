//! Finding customers as a clerk types, and everything known about one of them.

use super::{Customer, CustomerDraft, Status};
use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::{Error, FieldError, Result};
use crate::text::fold_accents;
use serde::Serialize;

/// A line of the customers list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct CustomerRow {
    /// The account code.
    pub account: String,
    /// The holder's name.
    pub name: String,
    /// The service address.
    pub address: String,
    /// The sector.
    pub sector: String,
    /// The reading route.
    pub route: Option<String>,
    /// The category code.
    pub category: String,
    /// Its status.
    pub status: Status,
    /// Whether it has a meter.
    pub metered: bool,
}

/// Lowercase without accents, so "pena" finds "Peña".
fn folded(s: &str) -> String {
    s.chars().map(fold_accents).flat_map(char::to_lowercase).collect()
}

impl Ledger {
    /// Customers whose account, name or address contains every word of `query` (accents and
    /// case ignored), in route order; at most `limit`.
    pub fn search_customers(&self, query: &str, limit: usize) -> Result<Vec<CustomerRow>> {
        let words: Vec<String> = query.split_whitespace().map(folded).collect();
        let mut stmt = self.conn().prepare_cached(
            "SELECT account, name, address, sector, route, category, status, metered FROM connections
              ORDER BY route IS NULL, route, route_seq, account",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let (account, name, address): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if !words.is_empty() {
                let hay = folded(&format!("{account} {name} {address}"));
                if !words.iter().all(|w| hay.contains(w.as_str())) {
                    continue;
                }
            }
            let status: String = r.get(6)?;
            out.push(CustomerRow {
                account,
                name,
                address,
                sector: r.get(3)?,
                route: r.get(4)?,
                category: r.get(5)?,
                status: Status::parse(&status).ok_or_else(|| {
                    crate::error::unknown_stored(("estado de una conexión", "connection status"), &status)
                })?,
                metered: r.get(7)?,
            });
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    /// Creates a customer (`create`) or changes one, from a form. Every field problem is
    /// returned at once; nothing is written unless all are right. The checks against what is
    /// stored are made inside the write. The status of an existing connection is not changed
    /// here: it changes only through service events (cut, reconnect, suspend, close).
    pub fn save_customer(&mut self, actor: &Actor, draft: &CustomerDraft, create: bool) -> Result<Customer> {
        actor.require(Permission::ManageCustomers)?;
        let action = if create { "customers.create" } else { "customers.update" };
        self.write(actor, action, |tx, _| {
            // The categories a tariff prices are read here, so a tariff imported meanwhile
            // decides as it stands.
            let categories = super::category_codes(tx)?;
            let customer = draft.check(&categories).map_err(|fields| Error::Fields { fields })?;
            let account = customer.account.clone();
            let existing = super::load_all_one(tx, &customer.account)?;
            match (create, existing) {
                (true, Some(_)) => Err(Error::conflict(
                    format!("Ya existe la cuenta {account}."),
                    format!("Account {account} already exists."),
                )),
                (false, None) => Err(crate::customers::no_such_account(&account)),
                (true, None) => {
                    super::import::insert(tx, &customer)?;
                    Ok((customer.clone(), format!("account={account}")))
                }
                (false, Some((id, old))) => {
                    if old.status != customer.status {
                        return Err(Error::Fields {
                            fields: vec![FieldError {
                                column: "status".into(),
                                value: customer.status.code().into(),
                                reason: super::status_change_refused(),
                            }],
                        });
                    }
                    let meter_changed = old.meter != customer.meter;
                    let read: bool = tx.query_row(
                        "SELECT EXISTS (SELECT 1 FROM readings WHERE connection_id = ?1)",
                        [id],
                        |r| r.get(0),
                    )?;
                    if meter_changed && read {
                        return Err(Error::conflict(
                            "La conexión ya tiene lecturas en su medidor: registre un cambio de medidor en lugar de editarlo.",
                            "The connection already has readings on its meter: record a meter replacement instead of editing it.",
                        ));
                    }
                    super::import::replace(tx, id, &customer, meter_changed)?;
                    Ok((customer.clone(), format!("account={account}")))
                }
            }
        })
    }
}
