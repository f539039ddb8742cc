//! The outbox (docs/bundle.md "Delivery when connectivity allows"): where bundles go and how
//! far each has got. State lives in the ledger, so it survives restarts; a bundle is marked
//! delivered to a target only after a 2xx answer for both files (HTTP) or after the copies were
//! re-read and their hashes matched (folder); a delivered bundle is not sent again unless a
//! user asks. Failed attempts are retried with exponential backoff, capped.
//!
//! No transaction is held while a file travels: the attempt runs first, then its outcome is
//! written in one transaction. A crash in between only means the attempt is made again.

use super::bag::sha256_hex;
use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::ErrorCode;
use crate::error::{Error, Result, Text};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use std::path::Path;
mod send;
use send::*;

/// The first retry waits this long; each failure doubles it, up to [`MAX_BACKOFF_SECONDS`].
pub const FIRST_BACKOFF_SECONDS: i64 = 30;
/// The longest wait between two attempts of a delivery.
pub const MAX_BACKOFF_SECONDS: i64 = 3600;
/// How long connecting may take, and how long the link may then stay silent (nothing sent,
/// nothing received), unless the setting `delivery_timeout_seconds` says otherwise. There is
/// no deadline for a whole upload: a slow rural link that keeps moving sends a large bundle.
pub const DEFAULT_TIMEOUT_SECONDS: u64 = 60;

/// The settings delivery owns: how long connecting may take and the link may stay silent, in
/// seconds.
pub(crate) const SETTINGS: &[crate::ledger::SettingRule] = &[crate::ledger::SettingRule {
    key: "delivery_timeout_seconds",
    store_as: "delivery_timeout_seconds",
    check: |v| {
        if v.parse::<u32>().is_ok_and(|s| (1..=600).contains(&s)) {
            Ok(v.to_string())
        } else {
            Err(crate::Error::invalid(
                ErrorCode::SettingValue,
                "El tiempo de espera de envío se da en segundos, entre 1 y 600.",
                "The delivery timeout is given in seconds, between 1 and 600.",
            ))
        }
    },
}];

/// Where a bundle's delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum BundleState {
    /// Made and signed; no delivery tried yet (or no target configured).
    Created,
    /// At least one attempt failed and some target still waits.
    Pending,
    /// Every active target confirmed it.
    Delivered,
}

/// A delivery target as given by a user.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct TargetDraft {
    /// A folder path, or an `http://` / `https://` URL that accepts PUT.
    pub location: String,
    /// The user name, for a target with basic authentication.
    pub username: Option<String>,
    /// The password, for a target with basic authentication (kept sealed).
    pub password: Option<String>,
    /// The token, for a target with a bearer token (kept sealed).
    pub token: Option<String>,
}

/// A configured target (secrets are never shown back).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Target {
    /// The target's id.
    pub id: i64,
    /// `folder` or `https`.
    pub kind: String,
    /// The folder or the address.
    pub location: String,
    /// How it is reached (`none`, `basic`, `bearer`).
    pub auth: String,
    /// The user name, for basic authentication.
    pub username: Option<String>,
}

/// One bundle's delivery to one target.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct DeliveryRow {
    /// The target, as its location.
    pub target: String,
    /// Whether it arrived.
    pub delivered: bool,
    /// How many times it was tried.
    pub attempts: u32,
    /// Why the last attempt failed, in both languages.
    pub last_error: Option<Text>,
    /// When it was last tried.
    pub last_attempt_at: Option<String>,
    /// When it will be tried again.
    pub next_attempt_at: Option<String>,
    /// When it arrived.
    pub delivered_at: Option<String>,
}

/// What one delivery attempt did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Attempt {
    /// The bundle.
    pub bundle: String,
    /// The target, as its location.
    pub target: String,
    /// Whether it arrived.
    pub delivered: bool,
    /// Why it did not.
    pub error: Option<Text>,
}

/// Which pending deliveries to attempt.
#[derive(Debug, Clone, Copy)]
pub enum When {
    /// Those whose next attempt is due at this instant (the background task).
    DueAt(DateTime<Utc>),
    /// All of them, now (a user pressed "deliver now").
    Now,
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The wait after `attempts` failed attempts: 30 s, 1 min, 2 min… capped at one hour.
pub fn backoff(attempts: u32) -> Duration {
    let doubled = FIRST_BACKOFF_SECONDS.saturating_mul(1i64 << attempts.saturating_sub(1).min(20));
    Duration::seconds(doubled.min(MAX_BACKOFF_SECONDS))
}

/// Queues a new bundle for every active target.
pub(super) fn queue_for_active_targets(tx: &Transaction<'_>, bundle_id: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO deliveries (bundle_id, target_id, state, attempts)
         SELECT ?1, id, 'pending', 0 FROM delivery_targets WHERE active = 1",
        [bundle_id],
    )?;
    Ok(())
}

struct Due {
    bundle_id: i64,
    target_id: i64,
    bundle: String,
    kind: String,
    location: String,
    auth: String,
    username: Option<String>,
    secret: Option<String>,
    attempts: u32,
}

impl Ledger {
    /// Adds a delivery target; every bundle is queued for it, oldest first (a target added in
    /// November still gets October, although October went to another target).
    pub fn add_target(&mut self, actor: &Actor, draft: &TargetDraft) -> Result<Target> {
        actor.require(Permission::ManageSettings)?;
        let location = draft.location.trim().to_string();
        let is_http = location.starts_with("http://") || location.starts_with("https://");
        let kind = if is_http { "http" } else { "folder" };
        if location.is_empty() {
            return Err(Error::invalid(
                ErrorCode::TargetLocation,
                "Indique una carpeta o una dirección http(s)://.",
                "Give a folder or an http(s):// address.",
            ));
        }
        if !is_http && !Path::new(&location).is_absolute() {
            return Err(Error::invalid(
                ErrorCode::TargetLocation,
                format!("«{location}» no es una carpeta completa (debe empezar en la raíz, por ejemplo /media/usb)."),
                format!("«{location}» is not a full folder path (it must start at the root, for example /media/usb)."),
            ));
        }
        let clean = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from);
        let (user, password, token) = (clean(&draft.username), clean(&draft.password), clean(&draft.token));
        let (auth, secret) = match (&user, password, token) {
            (_, _, Some(t)) if is_http => ("token", Some(t)),
            (Some(_), Some(p), None) if is_http => ("basic", Some(p)),
            (None, None, None) => ("none", None),
            _ => {
                return Err(Error::invalid(
                    ErrorCode::TargetAuth,
                    "La autenticación se usa solo con http(s): usuario y contraseña juntos, o un token.",
                    "Authentication applies only to http(s): a user name with a password, or a token.",
                ));
            }
        };
        let user = if auth == "basic" { user } else { None };
        // Never kept as typed: sealed with the key kept beside the ledger (bundle::secrets).
        let secret = secret.map(|s| super::secrets::seal(self.path(), &s)).transpose()?;
        let id = self.write(actor, "outbox.target_add", |tx, clock| {
            tx.execute(
                "INSERT INTO delivery_targets (kind, location, auth, username, secret, active, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
                (kind, &location, auth, &user, &secret, clock.now_stamp()),
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO deliveries (bundle_id, target_id, state, attempts)
                 SELECT b.id, ?1, 'pending', 0 FROM bundles b ORDER BY b.id",
                [id],
            )?;
            Ok((id, format!("{kind} {location} auth={auth}")))
        })?;
        Ok(Target {
            id,
            kind: kind.into(),
            location,
            auth: auth.into(),
            username: user,
        })
    }

    /// Stops delivering to a target; what was delivered there stays on record.
    pub fn remove_target(&mut self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Permission::ManageSettings)?;
        self.write(actor, "outbox.target_remove", |tx, _| {
            let n = tx.execute(
                "UPDATE delivery_targets SET active = 0 WHERE id = ?1 AND active = 1",
                [id],
            )?;
            if n == 0 {
                return Err(Error::not_found(
                    format!("No hay un destino activo número {id}."),
                    format!("There is no active target number {id}."),
                ));
            }
            Ok(((), format!("target {id}")))
        })
    }

    /// The delivery targets, in the order they were added.
    pub fn targets(&self) -> Result<Vec<Target>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, kind, location, auth, username FROM delivery_targets WHERE active = 1 ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(Target {
                id: r.get(0)?,
                kind: r.get(1)?,
                location: r.get(2)?,
                auth: r.get(3)?,
                username: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every bundle, newest first, with its deliveries and state.
    pub fn bundles(&self) -> Result<Vec<super::Bundle>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, period, revision, ledger_head, zip_sha256, length(zip), created_on, created_by
             FROM bundles ORDER BY id DESC",
        )?;
        let rows: Vec<(i64, super::Bundle)> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    super::Bundle {
                        name: r.get(1)?,
                        period: r.get(2)?,
                        revision: r.get(3)?,
                        ledger_head: r.get(4)?,
                        zip_sha256: r.get(5)?,
                        zip_bytes: r.get(6)?,
                        created_on: r.get(7)?,
                        created_by: r.get(8)?,
                        state: BundleState::Created,
                        deliveries: Vec::new(),
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT t.location, d.state, d.attempts, d.last_error, d.last_attempt_at, d.next_attempt_at, d.delivered_at
             FROM deliveries d JOIN delivery_targets t ON t.id = d.target_id
             WHERE d.bundle_id = ?1 AND (t.active = 1 OR d.state = 'delivered') ORDER BY t.id",
        )?;
        let mut out = Vec::with_capacity(rows.len());
        // Kept in UTC to compare with the clock; shown in the operator's local time.
        let clock = self.clock();
        let local = |t: Option<String>| t.map(|t| clock.local_stamp(&t));
        for (id, mut b) in rows {
            b.deliveries = stmt
                .query_map([id], |r| {
                    Ok(DeliveryRow {
                        target: r.get(0)?,
                        delivered: r.get::<_, String>(1)? == "delivered",
                        attempts: r.get(2)?,
                        last_error: r.get::<_, Option<String>>(3)?.map(|e| stored_error(&e)),
                        last_attempt_at: local(r.get(4)?),
                        next_attempt_at: local(r.get(5)?),
                        delivered_at: local(r.get(6)?),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            b.state = if !b.deliveries.is_empty() && b.deliveries.iter().all(|d| d.delivered) {
                BundleState::Delivered
            } else if b.deliveries.iter().any(|d| !d.delivered && d.attempts > 0) {
                BundleState::Pending
            } else {
                BundleState::Created
            };
            out.push(b);
        }
        Ok(out)
    }

    /// Queues a bundle again for every active target, delivered or not: only on a user's request.
    pub fn resend_bundle(&mut self, actor: &Actor, name: &str) -> Result<()> {
        actor.require(Permission::SendBundles)?;
        let name = name.trim().to_string();
        self.write(actor, "outbox.resend", |tx, _| {
            let id: i64 = tx
                .query_row("SELECT id FROM bundles WHERE name = ?1", [&name], |r| r.get(0))
                .map_err(|_| super::not_found(&name))?;
            tx.execute(
                "INSERT INTO deliveries (bundle_id, target_id, state, attempts)
                 SELECT ?1, id, 'pending', 0 FROM delivery_targets WHERE active = 1
                 ON CONFLICT (bundle_id, target_id) DO UPDATE SET state = 'pending', attempts = 0, last_error = NULL,
                 next_attempt_at = NULL, delivered_at = NULL",
                [id],
            )?;
            Ok(((), name.clone()))
        })
    }

    /// Attempts the pending deliveries `when` selects, one at a time, recording each outcome.
    /// Needs no permission: it only moves what users already created.
    pub fn deliver(&mut self, when: When, now: impl Fn() -> DateTime<Utc>) -> Result<Vec<Attempt>> {
        let _turn = self.sender_turn()?;
        let timeout = self
            .settings()
            .get("delivery_timeout_seconds")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_TIMEOUT_SECONDS);
        let due = self.due(when)?;
        let system = Actor::new("caudal-outbox", crate::Role::Admin);
        let mut out = Vec::with_capacity(due.len());
        for d in due {
            let (zip, minisig) = self.bundle_files(&d.bundle)?;
            let ledger = self.path().map(Path::to_path_buf);
            let result = match d
                .secret
                .as_deref()
                .map(|k| super::secrets::open(ledger.as_deref(), k))
                .transpose()
            {
                Ok(secret) => send(
                    &d,
                    secret.as_deref(),
                    &zip,
                    minisig.as_bytes(),
                    std::time::Duration::from_secs(timeout),
                ),
                Err(why) => Err(why),
            };
            let at = now();
            let attempts = d.attempts + 1;
            let error = result.err();
            self.write(&system, "outbox.attempt", |tx, _| {
                match &error {
                    None => tx.execute(
                        "UPDATE deliveries SET state = 'delivered', attempts = ?3, last_error = NULL,
                         last_attempt_at = ?4, next_attempt_at = NULL, delivered_at = ?4
                         WHERE bundle_id = ?1 AND target_id = ?2 AND state = 'pending'",
                        (d.bundle_id, d.target_id, attempts, stamp(at)),
                    )?,
                    Some(e) => tx.execute(
                        "UPDATE deliveries SET attempts = ?3, last_error = ?4, last_attempt_at = ?5, next_attempt_at = ?6
                         WHERE bundle_id = ?1 AND target_id = ?2 AND state = 'pending'",
                        (d.bundle_id, d.target_id, attempts, kept_error(e), stamp(at), stamp(at + backoff(attempts))),
                    )?,
                };
                let outcome = error.as_ref().map_or("delivered", |e| e.en.as_str());
                Ok(((), format!("{} → {}: {outcome}", d.bundle, d.location)))
            })?;
            out.push(Attempt {
                bundle: d.bundle,
                target: d.location,
                delivered: error.is_none(),
                error,
            });
        }
        Ok(out)
    }

    /// Seals the targets' passwords and tokens a ledger kept as typed (before version 10).
    pub(crate) fn seal_kept_secrets(&mut self) -> Result<()> {
        let kept: Vec<(i64, String)> = {
            let mut stmt = self
                .conn()
                .prepare("SELECT id, secret FROM delivery_targets WHERE secret IS NOT NULL")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<Vec<(i64, String)>>>()?
                .into_iter()
                .filter(|(_, s)| !super::secrets::is_sealed(s))
                .collect()
        };
        if kept.is_empty() {
            return Ok(());
        }
        let sealed = kept
            .iter()
            .map(|(id, s)| Ok((*id, super::secrets::seal(self.path(), s)?)))
            .collect::<Result<Vec<_>>>()?;
        let system = Actor::new("caudal", crate::Role::Admin);
        self.write(&system, "outbox.secrets_sealed", |tx, _| {
            for (id, s) in &sealed {
                tx.execute("UPDATE delivery_targets SET secret = ?1 WHERE id = ?2", (s, id))?;
            }
            Ok(((), format!("targets={}", sealed.len())))
        })
    }

    /// One sender at a time for this ledger: the window's background round, its "deliver now"
    /// and the command line each open their own connection, and two of them must never put the
    /// same files at once. The turn is a lock on a file beside the ledger, held while sending;
    /// the system lets it go when the sender ends, even killed, so no turn is ever left stuck.
    fn sender_turn(&self) -> Result<Option<std::fs::File>> {
        let Some(ledger) = self.path() else {
            // A ledger in memory has no other connection.
            return Ok(None);
        };
        let name = ledger
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = ledger.with_file_name(format!("{name}-outbox.lock"));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(file)),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Conflict(crate::error::Text::new(
                "Otro envío de paquetes está en curso; su resultado aparecerá en la bandeja de salida al terminar.",
                "Another delivery of bundles is under way; its outcome shows in the outbox when it ends.",
            ))),
            Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
        }
    }

    fn due(&self, when: When) -> Result<Vec<Due>> {
        let due_at = match when {
            When::DueAt(t) => Some(stamp(t)),
            When::Now => None,
        };
        let mut stmt = self.conn().prepare(
            "SELECT d.bundle_id, d.target_id, b.name, t.kind, t.location, t.auth, t.username, t.secret, d.attempts
             FROM deliveries d JOIN bundles b ON b.id = d.bundle_id JOIN delivery_targets t ON t.id = d.target_id
             WHERE d.state = 'pending' AND t.active = 1
               AND (?1 IS NULL OR d.next_attempt_at IS NULL OR d.next_attempt_at <= ?1)
             ORDER BY b.id, t.id",
        )?;
        let rows = stmt.query_map([due_at], |r| {
            Ok(Due {
                bundle_id: r.get(0)?,
                target_id: r.get(1)?,
                bundle: r.get(2)?,
                kind: r.get(3)?,
                location: r.get(4)?,
                auth: r.get(5)?,
                username: r.get(6)?,
                secret: r.get(7)?,
                attempts: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
