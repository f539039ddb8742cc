//! A customer's page: the connection, its bills and its readings, as the window shows them.
//! Above customers, billing and readings, which it reads together.

use crate::Ledger;
use crate::billing::Bill;
use crate::customers::Customer;
use crate::error::Result;
use crate::readings::ReadingRow;
use crate::service::ServiceAction;
use serde::Serialize;

/// A customer with their bills and readings, newest last.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct CustomerDetail {
    /// The customer and their connection.
    pub customer: Customer,
    /// Their bills, newest last.
    pub bills: Vec<Bill>,
    /// Their readings, newest last.
    pub readings: Vec<ReadingRow>,
    /// What may be done to its service from its status (cut, reconnect, suspend, close), for
    /// whoever may change customers.
    pub actions: Vec<ServiceAction>,
}

impl Ledger {
    /// One customer with their bills and readings.
    pub fn customer_detail(&self, account: &str) -> Result<CustomerDetail> {
        let account = account.trim();
        let customer = self
            .customer(account)?
            .ok_or_else(|| crate::accounts::no_such_account(account))?;
        Ok(CustomerDetail {
            actions: ServiceAction::offered_from(customer.status.code()),
            bills: self.bills_of_account(account)?,
            readings: crate::readings::readings_of_account(self.conn(), account)?,
            customer,
        })
    }
}
