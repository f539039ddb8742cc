//! caudal-core: the ledger of a small town's water and sanitation operator and every rule that
//! applies to it. No Tauri, no terminal: the desktop shell and the `caudal` command line are
//! thin faces over this crate.
//!
//! Map: [`ledger`] (the SQLite file, migrations, audit, hash chain) · [`customers`] ·
//! [`readings`] (and meters) · [`tariffs`] · [`billing`] (volume, charges, runs, bills) ·
//! [`import`] (what every import shares) · [`money`] ·
//! [`period`] · [`access`] (roles) · [`i18n`].

#![deny(missing_docs)]

pub use caudal_ledger::{access, error, i18n, money, number, period, text, tr, users};

pub mod accounts;
pub mod billing;
pub mod bundle;
pub mod complaints;
pub mod consumption;
pub mod continuity;
pub mod customer_page;
pub mod customers;
pub mod documents;
pub mod files;
pub mod fund;
pub mod import;
pub mod ledger;
pub mod notes;
pub mod operator_settings;
pub mod outputs;
pub mod payments;
pub mod quality;
pub mod readings;
pub mod records;
pub mod reports;
pub mod service;
pub mod tariffs;

pub use access::{Actor, Role};
pub use error::{Error, Result, Text};
pub use i18n::Lang;
pub use ledger::{Ledger, NewLedger};

/// The kernel this crate's domains stand on.
pub use caudal_ledger as kernel;
pub use money::Money;
pub use period::Period;
