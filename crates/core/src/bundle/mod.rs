//! The signed monthly bundle for the municipality (docs/bundle.md): the month's data as a
//! BagIt bag in a deterministic zip, signed in minisign format with the operator's key, kept in
//! the ledger's outbox and delivered whenever a connection allows ([`outbox`]).
//!
//! Map: [`payload`] (the CSVs) · [`bag`] (tag files, manifests, zip) · [`signing`] (keys,
//! signatures) · [`verify`] (what the municipality checks) · [`outbox`] (targets, delivery).

pub mod bag;
pub mod outbox;
pub mod payload;
pub(crate) mod secrets;
pub mod signing;
pub mod verify;

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::period::Period;
use rusqlite::OptionalExtension;
use serde::Serialize;

pub use outbox::{BundleState, DeliveryRow, Target, TargetDraft};
pub use signing::PublicInfo;
pub use verify::{VerifyReport, verify_files};

const SECRET_KEY: &str = "signing_secret_key";
const PUBLIC_KEY: &str = "signing_public_key";

/// A bundle in the outbox, with where it stands.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Bundle {
    /// The bundle's file name.
    pub name: String,
    /// The month it reports.
    pub period: String,
    /// Its revision (0 the first; a later one replaces it).
    pub revision: u32,
    /// The head of the ledger's chain it was made at.
    pub ledger_head: String,
    /// The zip's SHA-256.
    pub zip_sha256: String,
    /// The zip's size.
    pub zip_bytes: u64,
    /// When it was made.
    pub created_on: String,
    /// Who made it.
    pub created_by: String,
    /// Where its delivery stands.
    pub state: BundleState,
    /// Its delivery to each target.
    pub deliveries: Vec<DeliveryRow>,
}

/// What `create_bundle` did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct BundleCreated {
    /// The bundle made (or the one already made from the same data).
    pub bundle: Bundle,
    /// The month's data had not changed since this bundle was made: it is returned as it was,
    /// not made again.
    pub unchanged: bool,
}

impl Ledger {
    /// Creates the operator's signing key pair; refuses to replace one unless `replace`, since
    /// the municipality must then be given the new public key.
    pub fn generate_key(&mut self, actor: &Actor, passphrase: &str, replace: bool) -> Result<PublicInfo> {
        actor.require(Permission::ManageSettings)?;
        let exists = || {
            Error::conflict(
                "Ya hay una clave de firma. Reemplazarla obliga a entregar la nueva clave pública a la municipalidad; \
                 si es lo que quiere, pida reemplazarla expresamente.",
                "A signing key already exists. Replacing it means handing the new public key to the municipality; \
                 if that is what you want, ask to replace it explicitly.",
            )
        };
        // Asked first so that nobody waits for a key that would be refused; asked again inside
        // the write, which alone decides: another window may have made one meanwhile.
        if !replace && self.settings().get(PUBLIC_KEY)?.is_some() {
            return Err(exists());
        }
        let key = signing::generate(passphrase)?;
        let public = key.public.clone();
        self.write(actor, "key.generate", |tx, _| {
            if !replace && crate::ledger::settings_of(tx).get(PUBLIC_KEY)?.is_some() {
                return Err(exists());
            }
            for (k, v) in [(SECRET_KEY, &key.secret_box), (PUBLIC_KEY, &key.public.public_box)] {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (k, v),
                )?;
            }
            Ok(((), format!("fingerprint={}", key.public.fingerprint)))
        })?;
        Ok(public)
    }

    /// The operator's public key and fingerprint, if a key was generated.
    pub fn public_key(&self) -> Result<Option<PublicInfo>> {
        self.settings()
            .get(PUBLIC_KEY)?
            .map(|p| signing::public_info(&p))
            .transpose()
    }

    /// Writes the public key as `<operator code>.pub` into `dir` (what the municipality
    /// registers) and returns its path; an error says to create the key first.
    pub fn write_public_key(&self, dir: &std::path::Path) -> Result<(PublicInfo, std::path::PathBuf)> {
        let info = self.public_key()?.ok_or_else(|| {
            Error::not_found(
                "Aún no hay clave de firma: créela primero (Municipalidad › Crear la clave, o caudal key generate).",
                "There is no signing key yet: create it first (Municipality › Create the key, or caudal key generate).",
            )
        })?;
        let code = self
            .settings()
            .get("operator_code")?
            .unwrap_or_else(|| "operador".into());
        let path = dir.join(format!("{code}.pub"));
        crate::files::write_atomically(&path, info.public_box.as_bytes())?;
        Ok((info, path))
    }

    /// The bundle name's stem for a period: `<operator code>-<town code>-<YYYY-MM>`.
    fn bundle_base(&self, period: Period) -> Result<String> {
        let s = self.settings();
        let code = |k: &str| -> Result<String> {
            let v = s.get(k)?.unwrap_or_default();
            if v.is_empty() || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(Error::invalid(
                    ErrorCode::SettingValue,
                    format!(
                        "El ajuste {k} debe ser un código de letras y cifras (por ejemplo OPSM) para nombrar el paquete."
                    ),
                    format!(
                        "The setting {k} must be a code of letters and digits (for example OPSM) to name the bundle."
                    ),
                ));
            }
            Ok(v)
        };
        Ok(format!("{}-{}-{period}", code("operator_code")?, code("town_code")?))
    }

    /// Builds, signs and queues the month's bundle. If the month's data is what the latest
    /// bundle of the month already carries, that bundle is returned unchanged; otherwise a new
    /// revision is made (`-2`, `-3`…): a bundle once made is never replaced.
    pub fn create_bundle(&mut self, actor: &Actor, period: Period, passphrase: &str) -> Result<BundleCreated> {
        actor.require(Permission::SendBundles)?;
        let base = self.bundle_base(period)?;
        let secret = self.settings().get(SECRET_KEY)?.ok_or_else(|| {
            Error::invalid(
                ErrorCode::NoSigningKey,
                "Aún no hay clave de firma: créela primero (Municipalidad › Crear la clave, o caudal key generate).",
                "There is no signing key yet: create it first (Municipality › Create the key, or caudal key generate).",
            )
        })?;
        let billed: i64 = self.conn().query_row(
            "SELECT count(*) FROM bills WHERE period = ?1",
            [period.to_string()],
            |r| r.get(0),
        )?;
        if billed == 0 {
            return Err(Error::not_found(
                format!("No hay recibos emitidos del periodo {period}; facture el mes antes de enviar su paquete."),
                format!("No bills were issued for {period}; bill the month before sending its bundle."),
            ));
        }
        let key = signing::unlock(&secret, passphrase)?;
        let today = self.clock().today();
        // One transaction: the month is closed, the payload read, the head taken and the
        // bundle stored against the same state of the books, and a failure anywhere (a full
        // disk while signing) leaves the month open as it was.
        let (name, unchanged) = self.write_reading(actor, "bundle.create", |ledger, tx| {
            // The bundle of P carries the entries dated in P: creating it closes P, so what it
            // carries can never change afterwards (docs/accounts.md).
            let closed = crate::accounts::months::close_through(
                tx,
                actor,
                period,
                today,
                "paquete del mes / the month's bundle",
            )?;
            let payload = payload::build(ledger, period)?;
            let manifest_sha = bag::sha256_hex(bag::manifest(&payload).as_bytes());
            let latest: Option<(String, u32, String)> = tx
                .query_row(
                    "SELECT name, revision, manifest_sha256 FROM bundles WHERE period = ?1
                     ORDER BY revision DESC LIMIT 1",
                    [period.to_string()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some((name, _, sha)) = &latest
                && *sha == manifest_sha
            {
                return Ok(((name.clone(), true), format!("{name} unchanged newly_closed={closed}")));
            }
            let revision = latest.map_or(1, |l| l.1 + 1);
            let name = if revision == 1 {
                base
            } else {
                format!("{base}-{revision}")
            };
            let previous: Option<(String, String)> = tx
                .query_row(
                    "SELECT name, zip_sha256 FROM bundles ORDER BY id DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let settings = ledger.settings();
            let (operator, town) = (settings.operator()?, settings.town()?);
            // The head named is the chain with this month's close on it: the state the
            // payload was read from.
            let head = crate::ledger::chain::head(tx)?;
            let description = format!(
                "Datos del periodo {period} del servicio de agua y saneamiento de {town}, operado por {operator} / \
                 Water and sanitation service data of {town} for {period}, operated by {operator}"
            );
            let bagging_date = today.to_string();
            let info = bag::BagInfo {
                id: &name,
                organization: &operator,
                description: &description,
                bagging_date: &bagging_date,
                period: &period.to_string(),
                ledger_head: &head,
                previous: previous.as_ref().map(|(n, s)| (n.as_str(), s.as_str())),
            };
            let zip = bag::build_zip(&info, &payload, &key)?;
            let zip_sha = bag::sha256_hex(&zip);
            let minisig = key.sign(&zip, &format!("bundle:{name}\tsha256:{zip_sha}"))?;
            tx.execute(
                "INSERT INTO bundles (name, period, revision, ledger_head, manifest_sha256, zip, zip_sha256, minisig,
                 created_on, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                rusqlite::params![
                    name,
                    period.to_string(),
                    revision,
                    head,
                    manifest_sha,
                    zip,
                    zip_sha,
                    minisig,
                    bagging_date,
                    actor.name
                ],
            )?;
            let id = tx.last_insert_rowid();
            outbox::queue_for_active_targets(tx, id)?;
            let detail = format!("{name} sha256={zip_sha} bytes={} newly_closed={closed}", zip.len());
            Ok(((name, false), detail))
        })?;
        Ok(BundleCreated {
            bundle: self.bundle(&name)?,
            unchanged,
        })
    }

    /// The zip and its detached signature, as created.
    pub fn bundle_files(&self, name: &str) -> Result<(Vec<u8>, String)> {
        self.conn()
            .query_row("SELECT zip, minisig FROM bundles WHERE name = ?1", [name.trim()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or_else(|| not_found(name))
    }

    /// Writes `<name>.zip` and `<name>.zip.minisig` into `dir`, each whole or not at all.
    pub fn write_bundle_files(&self, name: &str, dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
        let (zip, minisig) = self.bundle_files(name)?;
        let zip_path = dir.join(format!("{name}.zip"));
        let sig_path = dir.join(format!("{name}.zip.minisig"));
        crate::files::write_atomically(&zip_path, &zip)?;
        crate::files::write_atomically(&sig_path, minisig.as_bytes())?;
        Ok(vec![zip_path, sig_path])
    }

    /// One bundle with its deliveries.
    pub fn bundle(&self, name: &str) -> Result<Bundle> {
        self.bundles()?
            .into_iter()
            .find(|b| b.name == name.trim())
            .ok_or_else(|| not_found(name))
    }
}

fn not_found(name: &str) -> Error {
    Error::not_found(
        format!("No hay ningún paquete «{name}» en la bandeja de salida."),
        format!("There is no bundle «{name}» in the outbox."),
    )
}
