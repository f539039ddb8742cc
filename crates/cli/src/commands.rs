//! One function per command: parse what the core needs, call it, hand back an [`Output`].

use crate::{Command, Context, Output, report};
use caudal_core::import::{ImportOptions, ImportSummary, Table, write_rejects};
use caudal_core::period::parse_date;
use caudal_core::readings::MeterReplacement;
use caudal_core::{Error, Ledger, NewLedger, Period, tr};
use clap::Subcommand;
use serde_json::json;
use std::path::{Path, PathBuf};

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

/// What a file import takes (docs/formats.md): the file, where rejected rows go, whether
/// stored records may be replaced, and a check-only run.
#[derive(clap::Args)]
pub struct ImportFileArgs {
    /// Archivo CSV (o XLSX para clientes) / CSV file (or XLSX for customers)
    file: PathBuf,
    /// Escribe las filas válidas y pone las otras, con su motivo, en este archivo / writes the valid rows and puts the others, with their reason, in this file
    #[arg(long, value_name = "FILE.csv")]
    skip_invalid: Option<PathBuf>,
    /// Reemplaza datos guardados que difieran, si ningún recibo los usa / replaces stored records that differ, while no bill uses them
    #[arg(long)]
    replace: bool,
    /// Solo revisa, no escribe / only checks, writes nothing
    #[arg(long)]
    dry_run: bool,
}

#[derive(Subcommand)]
pub enum CustomersCmd {
    /// Importa clientes de CSV o XLSX / imports customers from CSV or XLSX
    Import(ImportFileArgs),
}

#[derive(Subcommand)]
pub enum ReadingsCmd {
    /// Importa lecturas de CSV / imports readings from CSV
    Import(ImportFileArgs),
    /// Hojas de ruta en PDF para los lectores / route sheets as PDF for the meter readers
    Sheets {
        #[arg(long, value_parser = parse_period)]
        period: Period,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Solo esta ruta / only this route
        #[arg(long)]
        route: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum MetersCmd {
    /// Registra un cambio de medidor / records a meter replacement
    Replace {
        #[arg(long)]
        account: String,
        #[arg(long, value_parser = parse_day)]
        date: chrono::NaiveDate,
        /// Última lectura del medidor retirado / the removed meter's last reading
        #[arg(long = "final")]
        final_reading: u64,
        /// Número de serie del medidor nuevo / the new meter's serial number
        #[arg(long)]
        serial: String,
        /// Lectura inicial del medidor nuevo / the new meter's initial reading
        #[arg(long)]
        initial: u64,
        /// Dígitos del medidor nuevo / the new meter's digits
        #[arg(long, default_value_t = 5)]
        digits: u32,
    },
}

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

/// `ledger verify` on a file whose pages cannot be read: why, and the newest copy that verifies.
fn damaged(path: &Path, lang: caudal_core::Lang) -> Result<Output, Error> {
    let damage = caudal_core::ledger::backup::damage(path, true)?;
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
fn backup_kind(code: &str, lang: caudal_core::Lang) -> &str {
    match code {
        "manual" => lang.pick("a pedido", "on request"),
        "before_issue" => lang.pick("antes de emitir", "before issuing"),
        "before_migration" => lang.pick("antes de actualizar", "before upgrading"),
        "daily" => lang.pick("diaria", "daily"),
        "on_close" => lang.pick("al cerrar", "on closing"),
        other => other,
    }
}

fn amount(s: &str) -> Result<caudal_core::Money, Error> {
    caudal_core::Money::typed("amount", s)
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

#[derive(Subcommand)]
pub enum BackupCmd {
    /// Las copias hechas / the backups made
    List,
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

#[derive(Subcommand)]
pub enum UsersCmd {
    /// Agrega un usuario; la contraseña se lee de $CAUDAL_PASSWORD / adds a user; the password is read from $CAUDAL_PASSWORD
    Add {
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: caudal_core::Role,
        /// Nombre completo / full name
        #[arg(long, default_value = "")]
        full_name: String,
    },
    /// Lista los usuarios / lists the users
    List,
    /// Desactiva un usuario: ya no entra, lo que registró queda a su nombre / deactivates a user: they can no longer sign in, what they recorded stays theirs
    Deactivate { name: String },
    /// Cambia la contraseña; la nueva se lee de $CAUDAL_NEW_PASSWORD / changes a password; the new one is read from $CAUDAL_NEW_PASSWORD
    Password { name: String },
}

fn parse_role(s: &str) -> Result<caudal_core::Role, Error> {
    caudal_core::Role::parse(s).ok_or_else(|| {
        Error::invalid(
            "role",
            format!(
                "«{}» no es un rol: admin | clerk | technician | ncb",
                caudal_core::text::shorten(s)
            ),
            format!(
                "«{}» is not a role: admin | clerk | technician | ncb",
                caudal_core::text::shorten(s)
            ),
        )
    })
}

#[derive(Subcommand)]
pub enum LedgerCmd {
    /// Recorre la cadena de hashes y revisa la base / walks the hash chain and checks the database
    Verify,
}

pub fn parse_period(s: &str) -> Result<Period, Error> {
    s.parse().map_err(|_| {
        Error::invalid(
            "period",
            format!(
                "«{}» no es un mes: escríbalo como AAAA-MM (2026-03)",
                caudal_core::text::shorten(s)
            ),
            format!(
                "«{}» is not a month: write it as YYYY-MM (2026-03)",
                caudal_core::text::shorten(s)
            ),
        )
    })
}

pub fn parse_day(s: &str) -> Result<chrono::NaiveDate, Error> {
    parse_date(s).ok_or_else(|| {
        Error::invalid(
            "date",
            format!(
                "«{}» no es una fecha: escríbala como AAAA-MM-DD (2026-03-31)",
                caudal_core::text::shorten(s)
            ),
            format!(
                "«{}» is not a date: write it as YYYY-MM-DD (2026-03-31)",
                caudal_core::text::shorten(s)
            ),
        )
    })
}

pub fn run(ctx: &Context, command: Command) -> Result<Output, Error> {
    let lang = ctx.lang;
    match command {
        Command::Complaints(cmd) => crate::complaints::run(ctx, cmd),
        Command::Quality(cmd) => crate::field::quality(ctx, cmd),
        Command::Sectors(cmd) => crate::field::sectors(ctx, cmd),
        Command::Interruptions(cmd) => crate::field::interruptions(ctx, cmd),
        Command::Production(cmd) => crate::field::production(ctx, cmd),
        Command::Continuity { period } => crate::field::continuity(ctx, period),
        Command::Calendar(cmd) => crate::complaints::calendar(ctx, cmd),
        Command::Report(cmd) => crate::board::report(ctx, cmd),
        Command::Ncb(cmd) => crate::board::ncb(ctx, cmd),
        Command::Init { operator, town, series } => {
            let path = ctx.db_path()?;
            let setup = NewLedger { operator, town, series };
            Ledger::create(&path, &setup, ctx.file_holder())?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("Libro creado en {}", path.display()),
                    format!("Ledger created at {}", path.display())
                ),
                json: json!({ "ledger": path }),
                failed: false,
            })
        }
        Command::Tariff(TariffCmd::Import { file }) => {
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
        Command::Tariff(TariffCmd::Show { period }) => {
            let ledger = ctx.open()?;
            let period = period.unwrap_or_else(|| Period::of(ledger.clock().today()));
            let stored = ledger.tariff_for(period)?;
            Ok(Output {
                text: report::tariff(&stored, lang),
                json: json!(stored),
                failed: false,
            })
        }
        Command::Customers(CustomersCmd::Import(a)) => import_file(ctx, &a, Ledger::import_customers),
        Command::Readings(ReadingsCmd::Import(a)) => import_file(ctx, &a, Ledger::import_readings),
        Command::Readings(ReadingsCmd::Sheets { period, out, route }) => {
            let ledger = ctx.open()?;
            let pages = ledger.route_sheets_pdf(period, route.as_deref(), lang, &out)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("Hojas de ruta de {period}: {pages} páginas en {}", out.display()),
                    format!("Route sheets for {period}: {pages} pages in {}", out.display())
                ),
                json: json!({ "pages": pages, "out": out }),
                failed: false,
            })
        }
        Command::Meters(MetersCmd::Replace {
            account,
            date,
            final_reading,
            serial,
            initial,
            digits,
        }) => {
            let mut ledger = ctx.open()?;
            let r = MeterReplacement {
                account,
                date,
                final_reading,
                serial,
                initial_reading: initial,
                digits,
            };
            ledger.replace_meter(&ctx.actor_in(&ledger)?, &r)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("Cambio de medidor registrado en la cuenta {}.", r.account),
                    format!("Meter replacement recorded for account {}.", r.account)
                ),
                json: json!(r),
                failed: false,
            })
        }
        Command::Billing(BillingCmd::Run {
            period, issue: false, ..
        }) => {
            let ledger = ctx.open()?;
            let preview = ledger.preview_run(period)?;
            Ok(Output {
                text: report::preview(&preview, &ledger.categories()?, lang),
                json: json!(preview),
                failed: false,
            })
        }
        Command::Billing(BillingCmd::Run {
            period,
            issue: true,
            date,
        }) => {
            let mut ledger = ctx.open()?;
            // A verified copy of the ledger as it was, before the month is issued.
            ledger.backup_before_issue(&ctx.actor_in(&ledger)?)?;
            let outcome = ledger.issue_run(&ctx.actor_in(&ledger)?, period, date, |_, _| true)?;
            Ok(Output {
                text: report::issued(&outcome, lang),
                json: json!(outcome),
                failed: false,
            })
        }
        Command::Billing(BillingCmd::Review { period }) => {
            let ledger = ctx.open()?;
            let held = ledger.held_readings(period)?;
            Ok(Output {
                text: report::held(&held, lang),
                json: json!(held),
                failed: false,
            })
        }
        Command::Billing(BillingCmd::Confirm { account, period }) => {
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
        Command::Bills(BillsCmd::Export { period, out }) => {
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
        Command::Bills(BillsCmd::Pdf { period, out, account }) => {
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
        Command::Ledger(LedgerCmd::Verify) => {
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
        Command::Payments(PaymentsCmd::Record {
            account,
            amount: raw,
            date,
            receipt,
        }) => {
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
        Command::Payments(PaymentsCmd::Import(a)) => import_file(ctx, &a, Ledger::import_payments),
        Command::Payments(PaymentsCmd::Reverse {
            receipt,
            reason,
            date,
            fund_reason,
        }) => {
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
        Command::Statement { account } => {
            let s = ctx.open()?.statement(&account)?;
            Ok(Output {
                text: report::statement(&s, lang),
                json: json!(s),
                failed: false,
            })
        }
        Command::Arrears { date, disconnection } => {
            let ledger = ctx.open()?;
            let day = date.unwrap_or_else(|| ledger.clock().today());
            let rows = if disconnection {
                ledger.disconnection_list(day)?
            } else {
                ledger.arrears(day)?
            };
            let totals = caudal_core::Ledger::arrears_totals(&rows)?;
            Ok(Output {
                text: report::arrears(&rows, &totals, day, lang),
                json: json!({ "date": day, "totals": totals, "connections": rows }),
                failed: false,
            })
        }
        Command::CashClose { date } => {
            let ledger = ctx.open()?;
            let day = date.unwrap_or_else(|| ledger.clock().today());
            let c = ledger.cash_close(day)?;
            Ok(Output {
                text: report::cash_close(&c, lang),
                json: json!(c),
                failed: false,
            })
        }
        Command::Note {
            bill,
            kind,
            reason,
            water,
            sewer,
            fixed,
            date,
        } => {
            let kind = match kind.trim().to_lowercase().as_str() {
                "credit" | "credito" | "crédito" => caudal_core::notes::NoteKind::Credit,
                "debit" | "debito" | "débito" => caudal_core::notes::NoteKind::Debit,
                other => {
                    return Err(Error::invalid(
                        "note_kind",
                        format!("«{other}»: use credit (crédito) o debit (débito)."),
                        format!("«{other}»: use credit or debit."),
                    ));
                }
            };
            let req = caudal_core::notes::NoteRequest {
                bill,
                kind,
                reason,
                water: amount(&water)?,
                sewer: amount(&sewer)?,
                fixed: amount(&fixed)?,
                issued_on: date,
            };
            let mut ledger = ctx.open()?;
            let n = ledger.issue_note(&ctx.actor_in(&ledger)?, &req)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "Nota de {} {} sobre el recibo {}, del {}: agua {}, alcantarillado {}, cargo fijo {}, menos subsidio {}, IGV {}; total {} (fondo {}).",
                        if n.kind == caudal_core::notes::NoteKind::Credit {
                            "crédito"
                        } else {
                            "débito"
                        },
                        n.number,
                        n.bill,
                        lang.date(parse_date(&n.issued_on).unwrap_or_default()),
                        n.water,
                        n.sewer,
                        n.fixed,
                        n.subsidy,
                        n.tax,
                        n.total,
                        n.fund_share
                    ),
                    format!(
                        "{} note {} on bill {}, dated {}: water {}, sewerage {}, fixed charge {}, less subsidy {}, IGV {}; total {} (fund {}).",
                        if n.kind == caudal_core::notes::NoteKind::Credit {
                            "Credit"
                        } else {
                            "Debit"
                        },
                        n.number,
                        n.bill,
                        lang.date(parse_date(&n.issued_on).unwrap_or_default()),
                        n.water,
                        n.sewer,
                        n.fixed,
                        n.subsidy,
                        n.tax,
                        n.total,
                        n.fund_share
                    )
                ),
                json: json!(n),
                failed: false,
            })
        }
        Command::Service {
            action,
            what,
            account,
            date,
            reason,
            interruption,
        } => {
            if action == "interruption" || action == "interrupcion" || action == "interrupción" {
                return crate::field::interruption(ctx, what.as_deref(), interruption);
            }
            let required = |v: Option<String>, name: &'static str| {
                v.ok_or_else(|| Error::invalid(name, format!("Falta --{name}."), format!("--{name} is missing.")))
            };
            let (account, reason) = (required(account, "account")?, required(reason, "reason")?);
            let mut ledger = ctx.open()?;
            let day = date.unwrap_or_else(|| ledger.clock().today());
            let Some(act) = caudal_core::service::ServiceAction::parse(&action) else {
                return Err(Error::invalid(
                    "service_action",
                    format!(
                        "«{action}»: use cut (corte), reconnect (reconexion), suspend (suspension) o close (cierre)."
                    ),
                    format!("«{action}»: use cut, reconnect, suspend or close."),
                ));
            };
            let e = ledger.service_event(&ctx.actor_in(&ledger)?, &account, act, day, &reason)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "Se registró {} de la cuenta {} el {}; cargo {}.",
                        act.with_article(lang),
                        e.account,
                        lang.date(day),
                        e.charge
                    ),
                    format!(
                        "Recorded {} of account {} on {}; charge {}.",
                        act.with_article(lang),
                        e.account,
                        lang.date(day),
                        e.charge
                    )
                ),
                json: json!(e),
                failed: false,
            })
        }
        Command::Setting { key, value } => {
            let mut ledger = ctx.open()?;
            ledger.set_setting(&ctx.actor_in(&ledger)?, &key, &value)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("Ajuste {key} = {value}."),
                    format!("Setting {key} = {value}.")
                ),
                json: json!({ key: value }),
                failed: false,
            })
        }
        Command::Accounts(AccountsCmd::Export { date, out }) => {
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
        Command::Backup { what: None, out } => {
            let mut ledger = ctx.open()?;
            let kind = caudal_core::ledger::backup::BackupKind::Manual;
            let record = match out {
                Some(path) => ledger.backup_to(&ctx.actor_in(&ledger)?, &path, kind)?,
                None => ledger.auto_backup(&ctx.actor_in(&ledger)?, kind)?.ok_or_else(|| {
                    Error::invalid(
                        "backup",
                        "El libro no está en un archivo.",
                        "The ledger is not in a file.",
                    )
                })?,
            };
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "Copia verificada en {} ({} eslabones; cabeza {}…).",
                        record.path,
                        record.links,
                        &record.chain_head[..12]
                    ),
                    format!(
                        "Verified copy at {} ({} links; head {}…).",
                        record.path,
                        record.links,
                        &record.chain_head[..12]
                    )
                ),
                json: json!(record),
                failed: false,
            })
        }
        Command::Backup {
            what: Some(BackupCmd::List),
            ..
        } => {
            let ledger = ctx.open()?;
            let records = ledger.backups()?;
            let text = if records.is_empty() {
                tr!(lang, "Aún no hay copias de seguridad.", "No backup has been made yet.").to_string()
            } else {
                records
                    .iter()
                    .map(|r| {
                        let when = lang.stamp(&r.taken_at);
                        let missing = if r.present {
                            ""
                        } else {
                            tr!(lang, " (ya no está)", " (no longer there)")
                        };
                        format!("{when}  {:<22} {}{missing}", backup_kind(&r.kind, lang), r.path)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Output {
                text,
                json: json!(records),
                failed: false,
            })
        }
        Command::Restore {
            file,
            confirm,
            other_ledger,
        } => {
            let live = ctx.db_path()?;
            // What would be lost is said before anything is replaced, and a loss is only
            // accepted when asked for.
            let preview = caudal_core::ledger::backup::restore_preview(&live, &file)?;
            let losses: Vec<String> = preview.losses.iter().map(|t| t.get(lang).to_string()).collect();
            if preview.same_ledger == Some(false) && !other_ledger {
                return Err(Error::invalid(
                    "other_ledger",
                    format!(
                        "La copia no es de este libro: es un libro de {} en {}; nada se reemplazó. Si es lo que quiere, repita con --other-ledger.",
                        preview.copy_operator, preview.copy_town
                    ),
                    format!(
                        "The copy is not of this ledger: it is a ledger of {} in {}; nothing was replaced. If that is what you want, repeat with --other-ledger.",
                        preview.copy_operator, preview.copy_town
                    ),
                ));
            }
            if preview.loses() && !confirm {
                return Err(Error::invalid(
                    "restore_loses",
                    format!(
                        "La copia no tiene todo lo que el libro ya emitió; nada se reemplazó.\n  {}\nEsos números se emitirían otra vez a otros clientes. Si aun así quiere restaurarla, repita con --confirm.",
                        losses.join("\n  ")
                    ),
                    format!(
                        "The copy lacks some of what the ledger already issued; nothing was replaced.\n  {}\nThose numbers would be issued again to other customers. To restore it anyway, repeat with --confirm.",
                        losses.join("\n  ")
                    ),
                ));
            }
            let r = Ledger::restore(&live, &file, ctx.file_holder(), other_ledger)?;
            let kept = r.replaced_kept_at.clone().unwrap_or_default();
            let lost = if losses.is_empty() {
                String::new()
            } else {
                format!("\n  {}", losses.join("\n  "))
            };
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "Libro restaurado desde {} y verificado ({} eslabones). El libro anterior quedó en {kept}.{lost}",
                        file.display(),
                        r.links
                    ),
                    format!(
                        "Ledger restored from {} and verified ({} links). The previous ledger was kept at {kept}.{lost}",
                        file.display(),
                        r.links
                    )
                ),
                json: json!(r),
                failed: false,
            })
        }
        Command::Month(MonthCmd::Close { period, reason }) => {
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
        Command::Month(MonthCmd::List) => {
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
        Command::Fund(FundCmd::Balance { date }) => {
            let ledger = ctx.open()?;
            let day = date.unwrap_or_else(|| ledger.clock().today());
            let f = ledger.fund_balance(day)?;
            Ok(Output {
                text: report::fund(&f, lang),
                json: json!(f),
                failed: false,
            })
        }
        Command::Fund(FundCmd::Spend {
            purpose,
            amount: raw,
            date,
            description,
            document,
            approved_by,
        }) => {
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
        Command::Fund(FundCmd::Operator {
            kind,
            amount: raw,
            date,
            description,
            document,
        }) => {
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
        Command::Key(cmd) => crate::bundle::key(ctx, cmd),
        Command::Bundle(cmd) => crate::bundle::bundle(ctx, cmd),
        Command::Outbox(cmd) => crate::bundle::outbox(ctx, cmd),
        Command::Users(UsersCmd::Add { name, role, full_name }) => {
            let password = std::env::var("CAUDAL_PASSWORD").map_err(|_| {
                Error::invalid(
                    "password_missing",
                    "Indique la contraseña en la variable CAUDAL_PASSWORD.",
                    "Give the password in the CAUDAL_PASSWORD variable.",
                )
            })?;
            let mut ledger = ctx.open()?;
            let user = caudal_core::users::NewUser {
                name: name.clone(),
                full_name,
                role,
                password,
            };
            ledger.create_user(Some(&ctx.actor_in(&ledger)?), &user)?;
            Ok(Output {
                text: tr!(lang, format!("Usuario {name} agregado."), format!("User {name} added.")),
                json: json!({ "user": name, "role": role }),
                failed: false,
            })
        }
        Command::Users(UsersCmd::Deactivate { name }) => {
            let mut ledger = ctx.open()?;
            let actor = ctx.actor_in(&ledger)?;
            ledger.deactivate_user(&actor, &name)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("Usuario {name} desactivado: ya no puede entrar."),
                    format!("User {name} deactivated: they can no longer sign in.")
                ),
                json: json!({ "user": name, "active": false }),
                failed: false,
            })
        }
        Command::Users(UsersCmd::Password { name }) => {
            let password = std::env::var("CAUDAL_NEW_PASSWORD").map_err(|_| {
                Error::invalid(
                    "password_missing",
                    "Indique la nueva contraseña en la variable CAUDAL_NEW_PASSWORD.",
                    "Give the new password in the CAUDAL_NEW_PASSWORD variable.",
                )
            })?;
            let mut ledger = ctx.open()?;
            let actor = ctx.actor_in(&ledger)?;
            ledger.change_password(&actor, &name, &password)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("Contraseña de {name} cambiada."),
                    format!("Password of {name} changed.")
                ),
                json: json!({ "user": name }),
                failed: false,
            })
        }
        Command::Users(UsersCmd::List) => {
            let ledger = ctx.open()?;
            let users = ledger.users(&ctx.actor_in(&ledger)?)?;
            let text = users
                .iter()
                .map(|u| {
                    let state = if u.active {
                        ""
                    } else {
                        tr!(lang, "\t(desactivado)", "\t(deactivated)")
                    };
                    format!("{}\t{}\t{}{state}", u.name, u.role.word(lang), u.full_name)
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Output {
                text,
                json: json!(users),
                failed: false,
            })
        }
        Command::Demo {
            out,
            connections,
            months,
        } => {
            let r = caudal_core::demo::build(&out, connections, months, |p| {
                eprintln!("{}", tr!(lang, format!("  {p} facturado"), format!("  {p} billed")));
            })?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "Pueblo de demostración listo: {} conexiones, {} a {}, {} recibos emitidos ({} lecturas atípicas confirmadas).\nLibro: {}",
                        r.connections,
                        r.first_period,
                        r.last_period,
                        r.bills,
                        r.held_confirmed,
                        r.ledger.display()
                    ),
                    format!(
                        "Demo town ready: {} connections, {} to {}, {} bills issued ({} atypical readings confirmed).\nLedger: {}",
                        r.connections,
                        r.first_period,
                        r.last_period,
                        r.bills,
                        r.held_confirmed,
                        r.ledger.display()
                    )
                ),
                json: json!(r),
                failed: false,
            })
        }
        Command::Bench {
            what: None,
            connections,
            months,
            dir,
        } => crate::bench::run(lang, connections, months, dir),
        Command::Bench {
            what:
                Some(crate::BenchCmd::Documents {
                    connections,
                    chromium_bills,
                    dir,
                }),
            ..
        } => crate::bench_docs::documents(lang, connections, chromium_bills, dir),
        Command::Bench {
            what: Some(crate::BenchCmd::Bundle { connections, dir }),
            ..
        } => crate::bench_docs::bundle(lang, connections, dir),
        Command::Bench {
            what:
                Some(crate::BenchCmd::Complaints {
                    connections,
                    per_month,
                    dir,
                }),
            ..
        } => crate::bench_complaints::run(lang, connections, per_month, dir),
        Command::Bench {
            what: Some(crate::BenchCmd::Quality { connections, dir }),
            ..
        } => crate::bench_quality::run(lang, connections, dir),
        Command::Bench {
            what:
                Some(crate::BenchCmd::Report {
                    connections,
                    months,
                    dir,
                }),
            ..
        } => crate::bench_report::run(lang, &connections, months, dir),
    }
}

/// The signature every import of the core shares.
pub type Import =
    fn(&mut Ledger, &caudal_core::Actor, &Path, ImportOptions, bool) -> Result<(ImportSummary, Table), Error>;

/// Runs one of the core's imports under the import contract's options and reports it.
pub fn import_file(ctx: &Context, a: &ImportFileArgs, import: Import) -> Result<Output, Error> {
    if let Some(rejects) = &a.skip_invalid {
        rejects_path_usable(rejects, &a.file)?;
    }
    let mut ledger = ctx.open()?;
    let options = ImportOptions {
        skip_invalid: a.skip_invalid.is_some(),
        replace: a.replace,
    };
    let actor = ctx.actor_in(&ledger)?;
    let (summary, table) = import(&mut ledger, &actor, &a.file, options, a.dry_run)?;
    import_output(ctx, summary, &table, a.skip_invalid.as_deref(), a.dry_run)
}

/// Where `--skip-invalid` writes the rejected rows, checked before anything is imported: not
/// the input itself, and a file that can be written (else the valid rows would be stored and
/// the rejected ones lost).
fn rejects_path_usable(rejects: &Path, input: &Path) -> Result<(), Error> {
    let same = match (std::fs::canonicalize(rejects), std::fs::canonicalize(input)) {
        (Ok(a), Ok(b)) => a == b,
        _ => rejects == input,
    };
    if same {
        return Err(Error::invalid(
            "skip_invalid",
            format!(
                "Las filas rechazadas irían al mismo archivo que se importa ({}); indique otro archivo. No se importó nada.",
                input.display()
            ),
            format!(
                "The rejected rows would go to the very file being imported ({}); name another file. Nothing was imported.",
                input.display()
            ),
        ));
    }
    let folder = match rejects.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let read_only = std::fs::metadata(rejects).is_ok_and(|m| m.permissions().readonly());
    if read_only || crate::bundle::writable_folder(folder).is_err() {
        return Err(Error::invalid(
            "skip_invalid",
            format!(
                "No se pueden escribir las filas rechazadas en {}; no se importó nada.",
                rejects.display()
            ),
            format!(
                "The rejected rows cannot be written to {}; nothing was imported.",
                rejects.display()
            ),
        ));
    }
    Ok(())
}

fn import_output(
    ctx: &Context,
    summary: ImportSummary,
    table: &Table,
    rejects: Option<&Path>,
    dry_run: bool,
) -> Result<Output, Error> {
    let lang = ctx.lang;
    let mut text = summary.describe(lang);
    if let Some(path) = rejects.filter(|_| !summary.invalid.is_empty() && dry_run) {
        text.push_str(&tr!(
            lang,
            format!("\nLas filas rechazadas se escribirían en {}", path.display()),
            format!("\nThe rejected rows would be written to {}", path.display())
        ));
    }
    if let Some(path) = rejects.filter(|_| !summary.invalid.is_empty() && !dry_run) {
        write_rejects(path, table, &summary.invalid, lang)?;
        text.push_str(&tr!(
            lang,
            format!("\nFilas rechazadas escritas en {}", path.display()),
            format!("\nRejected rows written to {}", path.display())
        ));
    }
    if dry_run {
        text.push_str(tr!(
            lang,
            "\n(Revisión: no se escribió nada.)",
            "\n(Check only: nothing was written.)"
        ));
    }
    Ok(Output {
        text,
        json: json!(summary),
        failed: false,
    })
}
