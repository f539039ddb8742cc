//! The operator's ledger: the kernel's [`caudal_ledger::Ledger`] opened with the seals of every
//! domain of this crate ([`crate::records::SEALED`]). Each domain adds its own methods to
//! [`Ledger`] in its own module; what the kernel offers (writes, reads, backups, the chain's
//! checks, users) is reached through it unchanged.

pub use crate::operator_settings::OperatorSettings;
pub use caudal_ledger::ledger::{
    Aside, AuditEntry, ChainBreak, ChainReport, NewLedger, SealedKinds, SettingRule, Settings, audit, chain, location,
    migrations, not_a_ledger, settings, settings_of, verify,
};

use crate::access::Actor;
use crate::error::Result;
use crate::records::SEALED;
use rusqlite::Transaction;
use std::ops::{Deref, DerefMut};
use std::path::Path;

/// Backups and restores, as the kernel makes them, checking copies with every domain's seals.
pub mod backup {
    pub use caudal_ledger::ledger::backup::*;

    /// Whether the ledger at `path` is damaged, and its newest good copy (see
    /// [`caudal_ledger::ledger::backup::damage`]), each copy verified with every domain's seals.
    pub fn damage(path: &std::path::Path, every_page: bool) -> crate::Result<Option<Damage>> {
        caudal_ledger::ledger::backup::damage(path, every_page, &crate::records::SEALED)
    }
}

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
    /// Creates a new ledger file; refuses to touch an existing one.
    pub fn create(path: &Path, setup: &NewLedger, actor: &Actor) -> Result<Ledger> {
        Ok(Ledger::from(caudal_ledger::Ledger::create(
            path, setup, actor, &SEALED,
        )?))
    }

    /// The window's first start: a new ledger with its first administrator and `then`'s first
    /// settings, whole or not at all (see [`caudal_ledger::Ledger::create_first`]).
    pub fn create_first(
        path: &Path,
        setup: &NewLedger,
        admin: &crate::users::NewUser,
        then: impl FnOnce(&mut Ledger, &Actor) -> Result<()>,
    ) -> Result<Ledger> {
        let kernel = caudal_ledger::Ledger::create_first(path, setup, admin, &SEALED, |kernel, actor| {
            let mut ledger = Ledger::from(kernel);
            then(&mut ledger, actor)?;
            Ok(ledger.kernel)
        })?;
        Ok(Ledger::from(kernel))
    }

    /// A ledger in memory, for tests and benchmarks' baselines.
    pub fn create_in_memory(setup: &NewLedger, actor: &Actor) -> Result<Ledger> {
        Ok(Ledger::from(caudal_ledger::Ledger::create_in_memory(
            setup, actor, &SEALED,
        )?))
    }

    /// Opens an existing ledger, bringing it up to this version's schema (after a backup of
    /// it as it was). A ledger written by a newer Caudal is refused before anything is changed.
    pub fn open(path: &Path) -> Result<Ledger> {
        Ledger::open_with(path, true)
    }

    /// [`Ledger::open`], with or without the backup before a migration (a scratch copy being
    /// read needs none).
    pub(crate) fn open_with(path: &Path, backup_before_migration: bool) -> Result<Ledger> {
        Ledger::open_sealing(path, backup_before_migration, &SEALED)
    }

    /// [`Ledger::open_with`], sealing the kinds of `sealed` (a test's registry with a query
    /// changed since).
    pub(crate) fn open_sealing(
        path: &Path,
        backup_before_migration: bool,
        sealed: &'static SealedKinds<'static>,
    ) -> Result<Ledger> {
        let mut ledger = Ledger::from(caudal_ledger::Ledger::open_with(path, backup_before_migration, sealed)?);
        // A ledger from before version 10 kept its delivery targets' passwords as typed.
        if backup_before_migration
            && ledger
                .migrated_from()
                .is_some_and(|v| v < migrations::SEALED_STATE as i64)
        {
            ledger.seal_kept_secrets()?;
        }
        Ok(ledger)
    }

    /// Replaces the ledger at `live` with the verified copy at `from` (see
    /// [`caudal_ledger::Ledger::restore`]).
    pub fn restore(live: &Path, from: &Path, actor: &Actor, other_ledger: bool) -> Result<backup::RestoreOutcome> {
        caudal_ledger::Ledger::restore(live, from, actor, other_ledger, &SEALED)
    }

    /// Restores a damaged ledger from one of its own copies, an administrator of the copy
    /// signing in against it (see [`caudal_ledger::Ledger::restore_damaged`]).
    pub fn restore_damaged(live: &Path, from: &Path, name: &str, password: &str) -> Result<backup::RestoreOutcome> {
        caudal_ledger::Ledger::restore_damaged(live, from, name, password, &SEALED)
    }

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

impl From<caudal_ledger::Ledger> for Ledger {
    fn from(kernel: caudal_ledger::Ledger) -> Ledger {
        Ledger { kernel }
    }
}
