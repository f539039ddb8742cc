//! The month's bills from the command line: the billing run (preview, review, confirm, issue),
//! the bills as CSV and PDF, and closing months.

use crate::values::{parse_day, parse_period};
use crate::{Context, Output, report};
use caudal_core::{Error, Period, tr};
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum BillingCmd {
    /// Vista previa; con --issue, emite / preview; with --issue, issues
    Run {
        #[arg(long, value_parser = parse_period)]
        period: Period,
        /// Emite los recibos (sin esto, solo la vista previa) / issues the bills (without it, only the preview)
        #[arg(long)]
        issue: bool,
        /// Fecha de emisión (por defecto hoy) / issue date (default today)
        #[arg(long, value_parser = parse_day)]
        date: Option<chrono::NaiveDate>,
    },
    /// Lecturas retenidas como atípicas / readings held as atypical
    Review {
        #[arg(long, value_parser = parse_period)]
        period: Period,
    },
    /// Acepta una lectura retenida / accepts a held reading
    Confirm {
        #[arg(long)]
        account: String,
        #[arg(long, value_parser = parse_period)]
        period: Period,
    },
}

#[derive(Subcommand)]
pub enum BillsCmd {
    /// Escribe bills.csv del periodo / writes the period's bills.csv
    Export {
        #[arg(long, value_parser = parse_period)]
        period: Period,
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
    },
    /// Los recibos como un PDF, uno por página / the bills as one PDF, one per page
    Pdf {
        #[arg(long, value_parser = parse_period)]
        period: Period,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Solo el recibo de esta cuenta / only this account's bill
        #[arg(long)]
        account: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum MonthCmd {
    /// Cierra un mes y los anteriores / closes a month and the ones before it
    Close {
        #[arg(long, value_parser = parse_period)]
        period: Period,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Meses cerrados / closed months
    List,
}

pub fn billing(ctx: &Context, cmd: BillingCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    match cmd {
        BillingCmd::Run {
            period, issue: false, ..
        } => {
            let ledger = ctx.open()?;
            let preview = ledger.preview_run(period)?;
            Ok(Output {
                text: report::preview(&preview, &ledger.categories()?, lang),
                json: json!(preview),
                failed: false,
            })
        }
        BillingCmd::Run {
            period,
            issue: true,
            date,
        } => {
            let mut ledger = ctx.open()?;
            // A verified copy of the ledger as it was, before the month is issued.
            let actor = ctx.actor_in(&ledger)?;
            ledger.backup_before_issue(&actor)?;
            let outcome = ledger.issue_run(&ctx.actor_in(&ledger)?, period, date, |_, _| true)?;
            Ok(Output {
                text: report::issued(&outcome, lang),
                json: json!(outcome),
                failed: false,
            })
        }
        BillingCmd::Review { period } => {
            let ledger = ctx.open()?;
            let held = ledger.held_readings(period)?;
            Ok(Output {
                text: report::held(&held, lang),
                json: json!(held),
                failed: false,
            })
        }
        BillingCmd::Confirm { account, period } => {
            let mut ledger = ctx.open()?;
            ledger.confirm_reading(&ctx.actor_in(&ledger)?, &account, period)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("Lectura de {account} para {period} confirmada; se facturará al emitir el periodo."),
                    format!("Reading of {account} for {period} confirmed; it is billed when the period is issued.")
                ),
                json: json!({ "account": account, "period": period }),
                failed: false,
            })
        }
    }
}

pub fn bills(ctx: &Context, cmd: BillsCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    match cmd {
        BillsCmd::Export { period, out } => {
            let ledger = ctx.open()?;
            let n = ledger.export_bills(period, &out)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "{} de {} en {}",
                        lang.counted(n, ("recibo escrito", "recibos escritos"), ("", "")),
                        lang.period(period),
                        out.display()
                    ),
                    format!(
                        "{} of {} written to {}",
                        lang.counted(n, ("", ""), ("bill", "bills")),
                        lang.period(period),
                        out.display()
                    )
                ),
                json: json!({ "bills": n, "out": out }),
                failed: false,
            })
        }
        BillsCmd::Pdf { period, out, account } => {
            let ledger = ctx.open()?;
            let n = ledger.bills_pdf(period, account.as_deref(), lang, &out, |_, _| true)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "{} de {} en {} (una página por recibo)",
                        lang.counted(n as u64, ("recibo", "recibos"), ("", "")),
                        lang.period(period),
                        out.display()
                    ),
                    format!(
                        "{} of {} in {} (one page per bill)",
                        lang.counted(n as u64, ("", ""), ("bill", "bills")),
                        lang.period(period),
                        out.display()
                    )
                ),
                json: json!({ "bills": n, "pages": n, "out": out }),
                failed: false,
            })
        }
    }
}

pub fn month(ctx: &Context, cmd: MonthCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    match cmd {
        MonthCmd::Close { period, reason } => {
            let mut ledger = ctx.open()?;
            let closed = ledger.close_month(&ctx.actor_in(&ledger)?, period, &reason)?;
            let text = match closed {
                true => tr!(
                    lang,
                    format!(
                        "Cerrado hasta {}: nada con fecha en esos meses se puede agregar.",
                        lang.period(period)
                    ),
                    format!(
                        "Closed through {}: nothing dated in those months can be added.",
                        lang.period(period)
                    )
                ),
                false => tr!(
                    lang,
                    format!("{} ya estaba cerrado; nada cambió.", lang.period(period)),
                    format!("{} was already closed; nothing changed.", lang.period(period))
                ),
            };
            Ok(Output {
                text,
                json: json!({ "period": period, "newly_closed": closed, "closed_through": ledger.closed_through()? }),
                failed: false,
            })
        }
        MonthCmd::List => {
            let ledger = ctx.open()?;
            let months = ledger.closed_months()?;
            let text = match ledger.closed_through()? {
                None => tr!(lang, "No hay meses cerrados.", "No month is closed.").to_string(),
                Some(p) => tr!(
                    lang,
                    format!("Cerrado hasta {}.", lang.period(p)),
                    format!("Closed through {}.", lang.period(p))
                ),
            };
            Ok(Output {
                text,
                json: json!({ "closed": months }),
                failed: false,
            })
        }
    }
}
