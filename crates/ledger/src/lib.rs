//! caudal-ledger: Caudal's kernel. The ledger file and its pragmas, every write in one IMMEDIATE
//! transaction with its audit entry, migrations (the SQL each ran, frozen), the hash chain and
//! its verification, backups and restores; and what every domain computes with: money,
//! periods and the calendar, numbers as people write them, text in two languages, who acts and
//! the base error.
//!
//! It knows no domain. The domains (`caudal-core`) hand the ledger a [`SealedKinds`] when they
//! open it: the kinds of record they seal, the states they seal at each change, and their own
//! checks, each declared in the domain's own file.

#![deny(missing_docs)]

pub mod access;
pub mod error;
pub mod error_code;
pub mod files;
pub mod i18n;
pub mod ledger;
pub mod money;
pub mod number;
pub mod period;
pub mod text;
pub mod users;

pub use access::{Actor, Role};
pub use error::{Error, Result, Text};
pub use i18n::Lang;
pub use ledger::{Ledger, NewLedger, SealedKinds};
pub use money::Money;
pub use period::Period;
