//! The tariff from the command line: import a tariff document, show the one in force.

use crate::values::parse_period;
use crate::{Context, Output, report};
use caudal_core::{Error, Period, tr};
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum TariffCmd {
    /// Valida y registra un documento de tarifa / validates and stores a tariff document
    Import { file: PathBuf },
    /// La tarifa vigente / the tariff in force
    Show {
        #[arg(long, value_parser = parse_period)]
        period: Option<Period>,
    },
}

pub fn tariff(ctx: &Context, cmd: TariffCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    match cmd {
        TariffCmd::Import { file } => {
            let mut ledger = ctx.open()?;
            let outcome = ledger.import_tariff_file(&ctx.actor_in(&ledger)?, &file)?;
            let text = match outcome {
                caudal_core::tariffs::TariffImport::Added(_) => {
                    tr!(lang, "Tarifa registrada.", "Tariff stored.")
                }
                caudal_core::tariffs::TariffImport::Replaced(_) => {
                    tr!(
                        lang,
                        "Tarifa reemplazada (ningún recibo la usaba).",
                        "Tariff replaced (no bill used it)."
                    )
                }
                caudal_core::tariffs::TariffImport::Unchanged(_) => {
                    tr!(
                        lang,
                        "La tarifa ya estaba registrada; nada cambió.",
                        "The tariff was already stored; nothing changed."
                    )
                }
            };
            // A category in use that the tariff does not price: said now, not found at billing.
            let gaps = ledger.tariff_gaps(outcome.id())?;
            let mut text = text.to_string();
            for g in &gaps {
                text.push('\n');
                text.push_str(g.message.get(lang));
            }
            Ok(Output {
                text,
                json: json!({ "outcome": outcome, "gaps": gaps }),
                failed: false,
            })
        }
        TariffCmd::Show { period } => {
            let ledger = ctx.open()?;
            let period = period.unwrap_or_else(|| Period::of(ledger.clock().today()));
            let stored = ledger.tariff_for(period)?;
            Ok(Output {
                text: report::tariff(&stored, lang),
                json: json!(stored),
                failed: false,
            })
        }
    }
}
