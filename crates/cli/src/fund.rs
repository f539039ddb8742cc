//! The fund from the command line: its balance by purpose, its spending and the operator's
//! entries.

use crate::values::{amount, parse_day};
use crate::{Context, Output, report};
use caudal_core::{Error, tr};
use clap::Subcommand;
use serde_json::json;

#[derive(Subcommand)]
pub enum FundCmd {
    /// Saldo por fin / balance by purpose
    Balance {
        #[arg(long, value_parser = parse_day)]
        date: Option<chrono::NaiveDate>,
    },
    /// Registra un gasto del fondo / records fund spending
    Spend {
        /// subsidios | higiene | "medio ambiente" / subsidies | hygiene | environment
        #[arg(long)]
        purpose: String,
        #[arg(long)]
        amount: String,
        #[arg(long, value_parser = parse_day)]
        date: Option<chrono::NaiveDate>,
        /// En qué se gastó / what it was spent on
        #[arg(long)]
        description: String,
        /// Comprobante del gasto (factura, boleta) / the spending's document (invoice, receipt)
        #[arg(long)]
        document: String,
        /// Quién aprobó el gasto (acta de la Junta) / who approved it (the Board's minutes)
        #[arg(long)]
        approved_by: String,
    },
    /// Subsidio de transición o costo de operación / transition subsidy or operating cost
    Operator {
        /// subsidio-transicion | energia | cloro | sueldos | mantenimiento | otro-costo / transition-subsidy | energy | chlorine | salaries | maintenance | other-cost
        #[arg(long)]
        kind: String,
        #[arg(long)]
        amount: String,
        #[arg(long, value_parser = parse_day)]
        date: Option<chrono::NaiveDate>,
        /// Qué es, en palabras / what it is, in words
        #[arg(long)]
        description: String,
        /// Comprobante, si lo hay / the document, if any
        #[arg(long, default_value = "")]
        document: String,
    },
}

pub fn fund(ctx: &Context, cmd: FundCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    match cmd {
        FundCmd::Balance { date } => {
            let ledger = ctx.open()?;
            let day = date.unwrap_or_else(|| ledger.clock().today());
            let f = ledger.fund_balance(day)?;
            Ok(Output {
                text: report::fund(&f, lang),
                json: json!(f),
                failed: false,
            })
        }
        FundCmd::Spend {
            purpose,
            amount: raw,
            date,
            description,
            document,
            approved_by,
        } => {
            let mut ledger = ctx.open()?;
            let s = caudal_core::fund::FundSpending {
                purpose,
                spent_on: date.unwrap_or_else(|| ledger.clock().today()),
                amount: amount(&raw)?,
                description,
                document,
                approved_by,
            };
            let id = ledger.spend_fund(&ctx.actor_in(&ledger)?, &s)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "Gasto del fondo registrado (#{id}): {} del fin «{}», el {}.",
                        s.amount,
                        s.purpose,
                        lang.date(s.spent_on)
                    ),
                    format!(
                        "Fund spending recorded (#{id}): {} from purpose «{}», on {}.",
                        s.amount,
                        s.purpose,
                        lang.date(s.spent_on)
                    )
                ),
                json: json!({ "id": id, "purpose": s.purpose, "amount": s.amount, "spent_on": s.spent_on }),
                failed: false,
            })
        }
        FundCmd::Operator {
            kind,
            amount: raw,
            date,
            description,
            document,
        } => {
            let mut ledger = ctx.open()?;
            let e = caudal_core::fund::OperatorEntry {
                kind,
                entry_on: date.unwrap_or_else(|| ledger.clock().today()),
                amount: amount(&raw)?,
                description,
                document,
            };
            let id = ledger.record_operator_entry(&ctx.actor_in(&ledger)?, &e)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "Movimiento registrado (#{id}): {} {}, el {}.",
                        caudal_core::fund::operator_kind_word(&e.kind, lang),
                        e.amount,
                        lang.date(e.entry_on)
                    ),
                    format!(
                        "Entry recorded (#{id}): {} {}, on {}.",
                        caudal_core::fund::operator_kind_word(&e.kind, lang),
                        e.amount,
                        lang.date(e.entry_on)
                    )
                ),
                json: json!({ "id": id, "kind": e.kind, "amount": e.amount, "entry_on": e.entry_on }),
                failed: false,
            })
        }
    }
}
