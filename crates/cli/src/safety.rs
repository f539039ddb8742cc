//! The ledger's safety from the command line: the whole check, and what backups and
//! restores need said (a damaged file's last verified copy, why each copy was made).

use crate::{Context, Output, report};
use caudal_core::{Error, tr};
use clap::Subcommand;
use serde_json::json;
use std::path::Path;

#[derive(Subcommand)]
pub enum LedgerCmd {
    /// Recorre la cadena de hashes y revisa la base / walks the hash chain and checks the database
    Verify,
}

#[derive(Subcommand)]
pub enum BackupCmd {
    /// Las copias hechas / the backups made
    List,
}

/// `ledger verify` on a file whose pages cannot be read: why, and the newest copy that verifies.
pub(crate) fn damaged(path: &Path, lang: caudal_core::Lang) -> Result<Output, Error> {
    let damage = caudal_core::records::damage(path, true)?;
    let Some(d) = damage else {
        return Err(Error::Ledger(caudal_core::Text::new(
            "El libro no se pudo revisar entero; vuelva a intentarlo.",
            "The ledger could not be checked whole; try again.",
        )));
    };
    let mut text = d.reason.get(lang).to_string();
    match (&d.backup, &d.backup_taken) {
        (Some(copy), Some(taken)) => text.push_str(&tr!(
            lang,
            format!(
                "\nLa última copia verificada es {copy} (del {}); lo registrado después se perdería. Para volver a ella: caudal restore {copy}",
                lang.stamp(&taken.replace(' ', "T"))
            ),
            format!(
                "\nThe last verified copy is {copy} (of {}); what was recorded after it would be lost. To go back to it: caudal restore {copy}",
                lang.stamp(&taken.replace(' ', "T"))
            )
        )),
        _ => text.push_str(tr!(
            lang,
            "\nNo hay una copia verificada en la carpeta de copias junto al libro; no lo use y pida ayuda.",
            "\nThere is no verified copy in the backups folder beside the ledger; do not use it and ask for help."
        )),
    }
    Ok(Output {
        json: json!(d),
        text,
        failed: true,
    })
}

/// Why a backup was made, in words.
pub(crate) fn backup_kind(code: &str, lang: caudal_core::Lang) -> &str {
    match code {
        "manual" => lang.pick("a pedido", "on request"),
        "before_issue" => lang.pick("antes de emitir", "before issuing"),
        "before_migration" => lang.pick("antes de actualizar", "before upgrading"),
        "daily" => lang.pick("diaria", "daily"),
        "on_close" => lang.pick("al cerrar", "on closing"),
        other => other,
    }
}

pub fn ledger(ctx: &Context, cmd: LedgerCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    match cmd {
        LedgerCmd::Verify => {
            let checked = ctx.open().and_then(|mut ledger| {
                let actor = ctx.actor_in(&ledger)?;
                ledger.check(&actor)
            });
            let r = match checked {
                Ok(r) => r,
                // A file SQLite cannot read whole: say so, and which copy to go back to.
                Err(e) if e.is_damage() => return damaged(&ctx.db_path()?, lang),
                Err(e) => return Err(e),
            };
            Ok(Output {
                text: report::verify(&r, lang),
                json: json!(r),
                failed: !r.ok(),
            })
        }
    }
}
