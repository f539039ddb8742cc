//! The operator's ledger: the kernel's [`caudal_ledger::Ledger`], which each domain extends
//! with its own methods in its own module; what the kernel offers (writes, reads, backups, the
//! chain's checks, users) is reached through it unchanged. It is opened, created and restored
//! with every domain's seals by [`crate::records`], above every domain.

pub use caudal_ledger::ledger::{
    Aside, AuditEntry, ChainBreak, ChainReport, NewLedger, SealedKinds, SettingRule, Settings, audit, backup, chain,
    location, migrations, not_a_ledger, settings, settings_of, verify,
};

use crate::access::Actor;
use crate::error::Result;
use rusqlite::Transaction;
use std::ops::{Deref, DerefMut};

/// An open ledger of a water and sanitation operator.
pub struct Ledger {
    kernel: caudal_ledger::Ledger,
}

impl Deref for Ledger {
    type Target = caudal_ledger::Ledger;
    fn deref(&self) -> &caudal_ledger::Ledger {
        &self.kernel
    }
}

impl DerefMut for Ledger {
    fn deref_mut(&mut self) -> &mut caudal_ledger::Ledger {
        &mut self.kernel
    }
}

impl Ledger {
    /// Like [`caudal_ledger::Ledger::write`], for a write built from many reads (a month's
    /// bundle): `f` reads through the ledger itself, inside the same IMMEDIATE transaction, so
    /// what it reads is what it writes against, and nobody else can write in between.
    pub(crate) fn write_reading<T>(
        &self,
        actor: &Actor,
        action: &str,
        f: impl FnOnce(&Ledger, &Transaction<'_>) -> Result<(T, String)>,
    ) -> Result<T> {
        self.kernel.write_reading(actor, action, |tx| f(self, tx))
    }
}

impl Ledger {
    /// The kernel's ledger inside (handed back to the kernel when it built this one).
    pub(crate) fn into_kernel(self) -> caudal_ledger::Ledger {
        self.kernel
    }
}

impl From<caudal_ledger::Ledger> for Ledger {
    fn from(kernel: caudal_ledger::Ledger) -> Ledger {
        Ledger { kernel }
    }
}
