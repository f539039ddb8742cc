//! Every command to its group's module (tariff, imports, billing, payments, fund, users,
//! safety, complaints, field, board, bundle), and the ledger's own commands here: init,
//! statements and arrears, notes, service events, settings, backups and restore, the demo and
//! the benchmarks. Each parses what the core needs, calls it, hands back an [`Output`].

use crate::{Command, Context, Output, report};
use caudal_core::error::ErrorCode;
use caudal_core::period::parse_date;
use caudal_core::{Error, Ledger, NewLedger, tr};
use serde_json::json;

pub fn run(ctx: &Context, command: Command) -> Result<Output, Error> {
    let lang = ctx.lang;
    match command {
        Command::Tariff(cmd) => crate::tariff::tariff(ctx, cmd),
        Command::Customers(cmd) => crate::imports::customers(ctx, cmd),
        Command::Readings(cmd) => crate::imports::readings(ctx, cmd),
        Command::Meters(cmd) => crate::imports::meters(ctx, cmd),
        Command::Billing(cmd) => crate::billing::billing(ctx, cmd),
        Command::Bills(cmd) => crate::billing::bills(ctx, cmd),
        Command::Month(cmd) => crate::billing::month(ctx, cmd),
        Command::Payments(cmd) => crate::payments::payments(ctx, cmd),
        Command::Accounts(cmd) => crate::payments::accounts(ctx, cmd),
        Command::Fund(cmd) => crate::fund::fund(ctx, cmd),
        Command::Users(cmd) => crate::users::users(ctx, cmd),
        Command::Ledger(cmd) => crate::safety::ledger(ctx, cmd),
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
                        ErrorCode::NoteKind,
                        format!("«{other}»: use credit (crédito) o debit (débito)."),
                        format!("«{other}»: use credit or debit."),
                    ));
                }
            };
            let req = caudal_core::notes::NoteRequest::typed(bill, kind, reason, [&water, &sewer, &fixed], date)?;
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
            let required = |v: Option<String>, name: ErrorCode| {
                v.ok_or_else(|| Error::invalid(name, format!("Falta --{name}."), format!("--{name} is missing.")))
            };
            let (account, reason) = (
                required(account, ErrorCode::Account)?,
                required(reason, ErrorCode::Reason)?,
            );
            let mut ledger = ctx.open()?;
            let day = date.unwrap_or_else(|| ledger.clock().today());
            let Some(act) = caudal_core::service::ServiceAction::parse(&action) else {
                return Err(Error::invalid(
                    ErrorCode::ServiceAction,
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
        Command::Backup { what: None, out } => {
            let mut ledger = ctx.open()?;
            let kind = caudal_core::ledger::backup::BackupKind::Manual;
            let actor = ctx.actor_in(&ledger)?;
            let record = match out {
                Some(path) => ledger.backup_to(&actor, &path, kind)?,
                None => ledger.auto_backup(&actor, kind)?.ok_or_else(|| {
                    Error::invalid(
                        ErrorCode::Backup,
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
            what: Some(crate::safety::BackupCmd::List),
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
                        format!(
                            "{when}  {:<22} {}{missing}",
                            crate::safety::backup_kind(&r.kind, lang),
                            r.path
                        )
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
                    ErrorCode::OtherLedger,
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
                    ErrorCode::RestoreLoses,
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
        Command::Key(cmd) => crate::bundle::key(ctx, cmd),
        Command::Bundle(cmd) => crate::bundle::bundle(ctx, cmd),
        Command::Outbox(cmd) => crate::bundle::outbox(ctx, cmd),
        Command::Demo {
            out,
            connections,
            months,
        } => {
            let r = caudal_demo::build(&out, connections, months, |p| {
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
