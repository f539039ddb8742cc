//! Money at the counter from the command line: payments recorded, imported from the bank and
//! reversed, and every account's balance exported.

use crate::imports::{ImportFileArgs, import_file};
use crate::values::{amount, parse_day};
use crate::{Context, Output, report};
use caudal_core::{Error, Ledger, tr};
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum PaymentsCmd {
    /// Registra un pago en caja / records a cash payment
    Record {
        #[arg(long)]
        account: String,
        #[arg(long)]
        amount: String,
        #[arg(long, value_parser = parse_day)]
        date: Option<chrono::NaiveDate>,
        /// Escribe el comprobante en PDF / writes the receipt as PDF
        #[arg(long, value_name = "FILE.pdf")]
        receipt: Option<PathBuf>,
    },
    /// Importa cobranzas de un banco o agente / imports collections from a bank or agent
    Import(ImportFileArgs),
    /// Anula un pago con un motivo / reverses a payment with a reason
    Reverse {
        /// Número del comprobante de pago, como S001-00000042 / the payment receipt's number, as S001-00000042
        #[arg(long)]
        receipt: String,
        #[arg(long)]
        reason: String,
        /// Fecha de la anulación (por defecto hoy) / the reversal's date (default today)
        #[arg(long, value_parser = parse_day)]
        date: Option<chrono::NaiveDate>,
        /// Por qué se anula aunque deje un fin del fondo en negativo / why it goes ahead although it overdraws a fund purpose
        #[arg(long)]
        fund_reason: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum AccountsCmd {
    /// Saldo, deuda vencida y antigüedad de cada cuenta / every account's balance, overdue part and age
    Export {
        /// Al cierre de este día (por defecto hoy) / as of the end of this day (default today)
        #[arg(long, value_parser = parse_day)]
        date: Option<chrono::NaiveDate>,
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
    },
}

pub fn payments(ctx: &Context, cmd: PaymentsCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    match cmd {
        PaymentsCmd::Record {
            account,
            amount: raw,
            date,
            receipt,
        } => {
            let mut ledger = ctx.open()?;
            let day = date.unwrap_or_else(|| ledger.clock().today());
            let r = ledger.record_payment(&ctx.actor_in(&ledger)?, &account, amount(&raw)?, day)?;
            let mut text = report::receipt(&r, lang);
            // The payment is recorded whatever happens to the file: say so, so no one pays twice.
            let mut failed = false;
            if let Some(path) = &receipt {
                match ledger.receipt_pdf(&r, lang, path) {
                    Ok(()) => text.push_str(&tr!(
                        lang,
                        format!("\nComprobante: {}", path.display()),
                        format!("\nReceipt: {}", path.display())
                    )),
                    Err(e) => {
                        failed = true;
                        text.push_str(&tr!(
                            lang,
                            format!(
                                "\nEl pago quedó registrado, pero el comprobante no se pudo escribir: {}",
                                e.message(lang)
                            ),
                            format!(
                                "\nThe payment is recorded, but the receipt could not be written: {}",
                                e.message(lang)
                            )
                        ));
                    }
                }
            }
            let mut doc = json!(r);
            doc["pdf"] = json!(receipt);
            Ok(Output {
                text,
                json: doc,
                failed,
            })
        }
        PaymentsCmd::Import(a) => import_file(ctx, &a, Ledger::import_payments),
        PaymentsCmd::Reverse {
            receipt,
            reason,
            date,
            fund_reason,
        } => {
            let mut ledger = ctx.open()?;
            let day = date.unwrap_or_else(|| ledger.clock().today());
            let p = ledger.reverse_payment(&ctx.actor_in(&ledger)?, &receipt, &reason, day, fund_reason.as_deref())?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "Pago {receipt} anulado con {} ({}), el {}.",
                        p.number,
                        p.amount,
                        lang.date(day)
                    ),
                    format!(
                        "Payment {receipt} reversed with {} ({}), on {}.",
                        p.number,
                        p.amount,
                        lang.date(day)
                    )
                ),
                json: json!(p),
                failed: false,
            })
        }
    }
}

pub fn accounts(ctx: &Context, cmd: AccountsCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    match cmd {
        AccountsCmd::Export { date, out } => {
            let ledger = ctx.open()?;
            let day = date.unwrap_or_else(|| ledger.clock().today());
            let n = ledger.export_accounts(day, &out)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "{} al {} en {}",
                        lang.counted(n, ("cuenta escrita", "cuentas escritas"), ("", "")),
                        lang.date(day),
                        out.display()
                    ),
                    format!(
                        "{} as of {} written to {}",
                        lang.counted(n, ("", ""), ("account", "accounts")),
                        lang.date(day),
                        out.display()
                    )
                ),
                json: json!({ "accounts": n, "date": day, "out": out }),
                failed: false,
            })
        }
    }
}
