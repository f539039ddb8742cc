//! `caudal key`, `caudal bundle` and `caudal outbox`: the municipality's signed monthly bundle
//! from the command line (docs/commands.md, docs/bundle.md).

use crate::{Context, Output};
use caudal_core::bundle::outbox::When;
use caudal_core::bundle::{Bundle, BundleState, TargetDraft, verify_files};
use caudal_core::error::ErrorCode;
use caudal_core::{Error, Lang, Period, tr};
use clap::Subcommand;
use serde_json::json;
use std::fmt::Write;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum KeyCmd {
    /// Crea el par de claves de firma; la frase de paso se lee de $CAUDAL_KEY_PASSPHRASE o se pregunta /
    /// creates the signing key pair; the passphrase comes from $CAUDAL_KEY_PASSPHRASE or a prompt
    Generate {
        /// Carpeta donde escribir la clave pública / folder for the public key file
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
        /// Reemplaza una clave existente / replaces an existing key
        #[arg(long)]
        replace: bool,
    },
    /// Muestra la clave pública y su huella / shows the public key and its fingerprint
    Show {
        /// También la escribe en esta carpeta / also writes it into this folder
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum BundleCmd {
    /// Construye, firma y encola el paquete del mes / builds, signs and queues the month's bundle
    Create {
        #[arg(long, value_parser = crate::values::parse_period)]
        period: Period,
        /// También escribe <ID>.zip y <ID>.zip.minisig aquí / also writes <ID>.zip and <ID>.zip.minisig here
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Revisa un paquete / checks a bundle
    Verify {
        file: PathBuf,
        /// Clave pública del operador (.pub) / the operator's public key (.pub)
        #[arg(long, value_name = "FILE.pub")]
        pubkey: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum OutboxCmd {
    /// Los paquetes y su estado / bundles and their state
    List,
    /// Intenta ahora las entregas pendientes / attempts the pending deliveries now
    Deliver,
    /// Vuelve a enviar un paquete ya entregado / sends a delivered bundle again
    Resend { name: String },
    /// Destinos de entrega / delivery targets
    #[command(subcommand)]
    Target(TargetCmd),
}

#[derive(Subcommand)]
pub enum TargetCmd {
    /// Agrega una carpeta o una URL http(s) que acepte PUT / adds a folder or an http(s) URL accepting PUT
    Add {
        /// Carpeta o URL http(s) / a folder or an http(s) URL
        location: String,
        /// El usuario en el servidor (no quién actúa: eso es --user) / the user name on the server (not who acts: that is --user)
        #[arg(long, value_name = "NAME")]
        login: Option<String>,
        /// La contraseña se lee de $CAUDAL_TARGET_PASSWORD / the password is read from $CAUDAL_TARGET_PASSWORD
        #[arg(long)]
        password_from_env: bool,
        /// El token se lee de $CAUDAL_TARGET_TOKEN / the token is read from $CAUDAL_TARGET_TOKEN
        #[arg(long)]
        token_from_env: bool,
    },
    /// Los destinos / the targets
    List,
    /// Retira un destino / removes a target
    Remove { id: i64 },
}

/// The passphrase: $CAUDAL_KEY_PASSPHRASE, else asked on the terminal (never echoed).
fn passphrase(lang: Lang, confirm: bool) -> Result<String, Error> {
    if let Ok(p) = std::env::var("CAUDAL_KEY_PASSPHRASE") {
        return Ok(p);
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt).map_err(|_| {
            Error::invalid(
                ErrorCode::NoPassphrase,
                "Falta la frase de paso: defina CAUDAL_KEY_PASSPHRASE o ejecute el comando en una terminal.",
                "The passphrase is missing: set CAUDAL_KEY_PASSPHRASE or run the command in a terminal.",
            )
        })
    };
    let first = ask(lang.pick("Frase de paso de la clave de firma: ", "Signing key passphrase: "))?;
    if confirm && ask(lang.pick("Repítala: ", "Once more: "))? != first {
        return Err(Error::invalid(
            ErrorCode::PassphraseMismatch,
            "Las dos frases de paso no coinciden; no se creó nada.",
            "The two passphrases differ; nothing was created.",
        ));
    }
    Ok(first)
}

pub fn key(ctx: &Context, cmd: KeyCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    let mut ledger = ctx.open()?;
    let (out, created) = match cmd {
        KeyCmd::Generate { out, replace } => {
            // The folder is checked first: a replaced key whose public half is written nowhere
            // would leave the municipality unable to check the next bundle.
            writable_folder(&out)?;
            let pass = passphrase(lang, true)?;
            ledger.generate_key(&ctx.actor_in(&ledger)?, &pass, replace)?;
            (Some(out), true)
        }
        KeyCmd::Show { out } => (out, false),
    };
    let mut text = String::new();
    if created {
        let _ = writeln!(text, "{}", tr!(lang, "Clave de firma creada.", "Signing key created."));
    }
    let mut written = None;
    let mut failed = false;
    let stored = |ledger: &caudal_core::Ledger| {
        ledger.public_key()?.ok_or_else(|| {
            Error::not_found(
                "Aún no hay clave de firma; créela con «caudal key generate».",
                "There is no signing key yet; create it with «caudal key generate».",
            )
        })
    };
    let info = if let Some(dir) = out {
        match ledger.write_public_key(&dir) {
            Ok((info, path)) => {
                let _ = writeln!(
                    text,
                    "{}",
                    tr!(
                        lang,
                        format!("Clave pública: {}", path.display()),
                        format!("Public key: {}", path.display())
                    )
                );
                written = Some(path);
                info
            }
            // The key is stored either way: its public half is printed below, to be kept.
            Err(e) => {
                failed = true;
                let _ = writeln!(
                    text,
                    "{}",
                    tr!(
                        lang,
                        format!(
                            "La clave está guardada en el libro, pero la clave pública no se pudo escribir en {}: {}. Guárdela desde aquí:",
                            dir.display(),
                            e.message(lang)
                        ),
                        format!(
                            "The key is stored in the ledger, but the public key could not be written to {}: {}. Keep it from here:",
                            dir.display(),
                            e.message(lang)
                        )
                    )
                );
                stored(&ledger)?
            }
        }
    } else {
        ledger.public_key()?.ok_or_else(|| {
            Error::not_found(
                "Aún no hay clave de firma; créela con «caudal key generate».",
                "There is no signing key yet; create it with «caudal key generate».",
            )
        })?
    };
    let _ = write!(
        text,
        "{}: {}\n{}",
        tr!(lang, "Huella (id de clave minisign)", "Fingerprint (minisign key id)"),
        info.fingerprint,
        info.public_box.trim_end()
    );
    Ok(Output {
        text,
        json: json!({ "public_key": info, "file": written }),
        failed,
    })
}

/// A folder a file can be written to, or a sentence saying why not (nothing is changed yet).
pub(crate) fn writable_folder(dir: &std::path::Path) -> Result<(), Error> {
    let probe = dir.join(format!(".caudal-prueba-{}", std::process::id()));
    match std::fs::write(&probe, b"") {
        Ok(()) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(_) => Err(Error::invalid(
            ErrorCode::Out,
            format!(
                "La carpeta {} no existe o no se puede escribir en ella; no se cambió nada.",
                dir.display()
            ),
            format!(
                "The folder {} does not exist or cannot be written to; nothing was changed.",
                dir.display()
            ),
        )),
    }
}

pub fn bundle(ctx: &Context, cmd: BundleCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    match cmd {
        BundleCmd::Create { period, out } => {
            let mut ledger = ctx.open()?;
            let pass = passphrase(lang, false)?;
            let created = ledger.create_bundle(&ctx.actor_in(&ledger)?, period, &pass)?;
            let b = &created.bundle;
            let mut text = if created.unchanged {
                tr!(
                    lang,
                    format!(
                        "Los datos de {period} no cambiaron desde el paquete {}; se usa ese mismo.",
                        b.name
                    ),
                    format!(
                        "The data of {period} has not changed since bundle {}; that one is kept.",
                        b.name
                    )
                )
                .to_string()
            } else {
                tr!(
                    lang,
                    format!(
                        "Paquete {} creado, firmado y en la bandeja de salida ({} bytes).",
                        b.name, b.zip_bytes
                    ),
                    format!("Bundle {} created, signed and queued ({} bytes).", b.name, b.zip_bytes)
                )
                .to_string()
            };
            let mut files = Vec::new();
            // The bundle is stored and queued whatever happens to the copy: say so, so no one
            // creates it again thinking it failed.
            let mut failed = false;
            if let Some(dir) = out {
                match ledger.write_bundle_files(&b.name, &dir) {
                    Ok(written) => {
                        files = written;
                        for f in &files {
                            let _ = write!(text, "\n  {}", f.display());
                        }
                    }
                    Err(e) => {
                        failed = true;
                        let _ = write!(
                            text,
                            "{}",
                            tr!(
                                lang,
                                format!(
                                    "\nEl paquete quedó guardado y en la bandeja de salida, pero la copia no se pudo escribir en {}: {}",
                                    dir.display(),
                                    e.message(lang)
                                ),
                                format!(
                                    "\nThe bundle is stored and queued, but the copy could not be written to {}: {}",
                                    dir.display(),
                                    e.message(lang)
                                )
                            )
                        );
                    }
                }
            }
            let _ = write!(text, "\nsha256 {}", b.zip_sha256);
            Ok(Output {
                text,
                json: json!({ "bundle": b, "unchanged": created.unchanged, "files": files }),
                failed,
            })
        }
        BundleCmd::Verify { file, pubkey } => {
            let report = verify_files(&file, &pubkey)?;
            let mut text = String::new();
            if report.ok() {
                let _ = write!(
                    text,
                    "{}",
                    tr!(
                        lang,
                        format!(
                            "Paquete {} válido: firmas, manifiestos y {} archivos de datos correctos.",
                            report.id, report.payload_files
                        ),
                        format!(
                            "Bundle {} is valid: signatures, manifests and {} data files check out.",
                            report.id, report.payload_files
                        )
                    )
                );
                for (label, v) in [
                    ("Caudal-Ledger-Head", &report.ledger_head),
                    ("Caudal-Previous-Bundle", &report.previous),
                ] {
                    if let Some(v) = v {
                        let _ = write!(text, "\n  {label}: {v}");
                    }
                }
            } else {
                let _ = write!(
                    text,
                    "{}",
                    tr!(
                        lang,
                        format!("El paquete {} NO es válido:", report.id),
                        format!("Bundle {} is NOT valid:", report.id)
                    )
                );
                for p in &report.problems {
                    let _ = write!(text, "\n  - {}", p.get(lang));
                }
            }
            Ok(Output {
                failed: !report.ok(),
                json: json!(report),
                text,
            })
        }
    }
}

pub fn outbox(ctx: &Context, cmd: OutboxCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    let mut ledger = ctx.open()?;
    match cmd {
        OutboxCmd::List => {
            let bundles = ledger.bundles()?;
            let targets = ledger.targets()?;
            let mut text = String::new();
            if targets.is_empty() {
                let _ = writeln!(
                    text,
                    "{}",
                    tr!(
                        lang,
                        "No hay destinos de entrega: agregue uno con «caudal outbox target add».",
                        "No delivery target: add one with «caudal outbox target add»."
                    )
                );
            }
            if bundles.is_empty() {
                let _ = write!(
                    text,
                    "{}",
                    tr!(lang, "La bandeja de salida está vacía.", "The outbox is empty.")
                );
            }
            for b in &bundles {
                let _ = writeln!(text, "{}", describe(b, lang));
            }
            Ok(Output {
                text: text.trim_end().to_string(),
                json: json!({ "bundles": bundles, "targets": targets }),
                failed: false,
            })
        }
        OutboxCmd::Deliver => {
            let clock = ledger.clock();
            let attempts = ledger.deliver(When::Now, || clock.now_utc())?;
            let mut text = String::new();
            if attempts.is_empty() {
                let _ = write!(
                    text,
                    "{}",
                    tr!(lang, "Nada pendiente de entrega.", "Nothing waits for delivery.")
                );
            }
            for a in &attempts {
                let _ = writeln!(
                    text,
                    "{} → {}: {}",
                    a.bundle,
                    a.target,
                    match &a.error {
                        None => tr!(lang, "entregado", "delivered").to_string(),
                        Some(e) => format!(
                            "{} ({})",
                            tr!(lang, "falló, se reintentará", "failed, will retry"),
                            e.get(lang)
                        ),
                    }
                );
            }
            let failed = attempts.iter().any(|a| !a.delivered);
            Ok(Output {
                text: text.trim_end().to_string(),
                json: json!({ "attempts": attempts }),
                failed,
            })
        }
        OutboxCmd::Resend { name } => {
            ledger.resend_bundle(&ctx.actor_in(&ledger)?, &name)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("{name} volverá a enviarse en la próxima entrega."),
                    format!("{name} will be sent again at the next delivery.")
                ),
                json: json!({ "queued": name }),
                failed: false,
            })
        }
        OutboxCmd::Target(TargetCmd::Add {
            location,
            login,
            password_from_env,
            token_from_env,
        }) => {
            let env = |k: &str, wanted: bool| wanted.then(|| std::env::var(k).unwrap_or_default());
            let draft = TargetDraft {
                location,
                username: login,
                password: env("CAUDAL_TARGET_PASSWORD", password_from_env),
                token: env("CAUDAL_TARGET_TOKEN", token_from_env),
            };
            let t = ledger.add_target(&ctx.actor_in(&ledger)?, &draft)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("Destino {} agregado: {}", t.id, t.location),
                    format!("Target {} added: {}", t.id, t.location)
                ),
                json: json!(t),
                failed: false,
            })
        }
        OutboxCmd::Target(TargetCmd::List) => {
            let targets = ledger.targets()?;
            let text = targets
                .iter()
                .map(|t| {
                    let auth = match t.auth.as_str() {
                        "basic" => tr!(lang, "usuario y contraseña", "user and password"),
                        "token" => "token",
                        _ => tr!(lang, "sin autenticación", "no authentication"),
                    };
                    let kind = if t.kind == "http" {
                        "http(s)"
                    } else {
                        tr!(lang, "carpeta", "folder")
                    };
                    format!("{}  {kind}  {}  ({auth})", t.id, t.location)
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Output {
                text,
                json: json!(targets),
                failed: false,
            })
        }
        OutboxCmd::Target(TargetCmd::Remove { id }) => {
            ledger.remove_target(&ctx.actor_in(&ledger)?, id)?;
            Ok(Output {
                text: tr!(lang, format!("Destino {id} retirado."), format!("Target {id} removed.")),
                json: json!({ "removed": id }),
                failed: false,
            })
        }
    }
}

fn describe(b: &Bundle, lang: Lang) -> String {
    let state = match b.state {
        BundleState::Created => tr!(lang, "creado", "created"),
        BundleState::Pending => tr!(lang, "pendiente", "pending"),
        BundleState::Delivered => tr!(lang, "entregado", "delivered"),
    };
    let mut s = format!(
        "{}  {}  {}  {} bytes",
        b.name,
        state,
        lang.stored_date(&b.created_on),
        lang.count(b.zip_bytes)
    );
    for d in &b.deliveries {
        let _ = write!(s, "\n    {}: ", d.target);
        if d.delivered {
            let _ = write!(
                s,
                "{} {}",
                tr!(lang, "entregado el", "delivered at"),
                lang.stamp(d.delivered_at.as_deref().unwrap_or(""))
            );
        } else if d.attempts == 0 {
            let _ = write!(s, "{}", tr!(lang, "en espera", "waiting"));
        } else {
            let _ = write!(
                s,
                "{} {} ({}); {} {}",
                d.attempts,
                tr!(lang, "intentos, último error", "attempts, last error"),
                d.last_error.as_ref().map_or("", |e| e.get(lang)),
                tr!(lang, "próximo intento", "next try"),
                lang.stamp(d.next_attempt_at.as_deref().unwrap_or(""))
            );
        }
    }
    s
}
