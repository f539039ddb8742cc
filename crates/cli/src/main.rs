//! `caudal`: the command line over caudal-core (docs/commands.md). It parses arguments, says
//! who is acting, calls the core and prints the result for a person (Spanish or English) or as
//! one JSON document. It holds no rule of its own.

mod args;
mod bench;
mod bench_complaints;
mod bench_docs;
mod bench_quality;
mod bench_report;
mod billing;
mod board;
mod bundle;
mod commands;
mod complaints;
mod field;
mod fund;
mod imports;
mod payments;
mod report;
mod safety;
mod tariff;
mod users;
mod values;

use caudal_core::error::ErrorCode;
use caudal_core::{Actor, Error, Lang, Role};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "caudal",
    version,
    about = "Caudal: libro y facturación del servicio de agua y saneamiento / water and sanitation ledger and billing",
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Archivo del libro (por defecto $CAUDAL_DB, si no el de la aplicación de escritorio) / ledger file (default: $CAUDAL_DB, else the desktop app's)
    #[arg(long, global = true, value_name = "FILE")]
    db: Option<PathBuf>,
    /// Idioma de los mensajes / language of messages: es | en
    #[arg(long, global = true, default_value = "es", value_parser = parse_lang)]
    lang: Lang,
    /// Un documento JSON en la salida estándar / one JSON document on stdout
    #[arg(long, global = true)]
    json: bool,
    /// Quién actúa (por defecto el usuario del sistema) / who is acting (default: the OS user)
    #[arg(long, global = true, value_name = "NAME")]
    user: Option<String>,
    /// Reemplazar un archivo existente que no escribió Caudal / replace an existing file
    /// Caudal did not write (never the ledger, a backup or a database)
    #[arg(long, global = true)]
    force: bool,
    #[command(subcommand)]
    command: Command,
}

fn parse_lang(s: &str) -> Result<Lang, Error> {
    s.parse().map_err(|_| {
        Error::invalid(
            ErrorCode::Lang,
            format!("«{}» no es un idioma de Caudal: es | en", caudal_core::text::shorten(s)),
            format!(
                "«{}» is not a language of Caudal: es | en",
                caudal_core::text::shorten(s)
            ),
        )
    })
}

#[derive(Subcommand)]
pub enum Command {
    /// Crea un libro nuevo / creates a new ledger
    Init {
        #[arg(long)]
        operator: String,
        #[arg(long)]
        town: String,
        #[arg(long, default_value = "S001")]
        series: String,
    },
    /// Tarifas / tariffs
    #[command(subcommand)]
    Tariff(tariff::TariffCmd),
    /// Clientes / customers
    #[command(subcommand)]
    Customers(imports::CustomersCmd),
    /// Lecturas / readings
    #[command(subcommand)]
    Readings(imports::ReadingsCmd),
    /// Medidores / meters
    #[command(subcommand)]
    Meters(imports::MetersCmd),
    /// Facturación del mes / the month's billing run
    #[command(subcommand)]
    Billing(billing::BillingCmd),
    /// Recibos emitidos / issued bills
    #[command(subcommand)]
    Bills(billing::BillsCmd),
    /// Integridad del libro / ledger integrity
    #[command(subcommand)]
    Ledger(safety::LedgerCmd),
    /// Pagos y recibos / payments and receipts
    #[command(subcommand)]
    Payments(payments::PaymentsCmd),
    /// Estado de cuenta / account statement
    Statement {
        #[arg(long)]
        account: String,
    },
    /// Deuda vencida por antigüedad / arrears by age
    Arrears {
        #[arg(long, value_parser = values::parse_day)]
        date: Option<chrono::NaiveDate>,
        /// Solo las conexiones con 2 o más recibos vencidos / only connections with 2 or more overdue bills
        #[arg(long)]
        disconnection: bool,
    },
    /// Cierre de caja del día / the day's cash close
    CashClose {
        #[arg(long, value_parser = values::parse_day)]
        date: Option<chrono::NaiveDate>,
    },
    /// Nota de crédito o débito sobre un recibo emitido / credit or debit note on an issued bill
    Note {
        #[arg(long)]
        bill: String,
        /// credit (crédito) | debit (débito) / credit | debit
        #[arg(long)]
        kind: String,
        #[arg(long)]
        reason: String,
        /// Importe de agua de la nota, en soles / the note's water amount, in soles
        #[arg(long, default_value = "0")]
        water: String,
        /// Importe de alcantarillado de la nota, en soles / the note's sewer amount, in soles
        #[arg(long, default_value = "0")]
        sewer: String,
        /// Importe de cargo fijo de la nota, en soles / the note's fixed charge amount, in soles
        #[arg(long, default_value = "0")]
        fixed: String,
        /// Fecha de la nota (por defecto hoy) / the note's date (default today)
        #[arg(long, value_parser = values::parse_day)]
        date: Option<chrono::NaiveDate>,
    },
    /// Corte, reconexión, suspensión o cierre del servicio / cutting, reconnecting, suspending or closing the service
    Service {
        /// corte | reconexion | suspension | cierre | interrupcion / cut | reconnect | suspend | close | interruption
        action: String,
        /// Con interrupcion: inicio | fin / with interruption: start | end
        what: Option<String>,
        #[arg(long)]
        account: Option<String>,
        #[arg(long, value_parser = values::parse_day)]
        date: Option<chrono::NaiveDate>,
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        interruption: field::InterruptionArgs,
    },
    /// Calidad del agua / water quality
    #[command(subcommand)]
    Quality(field::QualityCmd),
    /// Sectores y sus horas de servicio / sectors and their supply hours
    #[command(subcommand)]
    Sectors(field::SectorsCmd),
    /// Interrupciones del servicio / service interruptions
    #[command(subcommand)]
    Interruptions(field::InterruptionsCmd),
    /// Producción por fuente y mes / production by source and month
    #[command(subcommand)]
    Production(field::ProductionCmd),
    /// Continuidad y agua no facturada del mes / the month's continuity and non-revenue water
    Continuity {
        #[arg(long, value_parser = values::parse_period)]
        period: caudal_core::Period,
    },
    /// Reclamos / complaints
    #[command(subcommand)]
    Complaints(complaints::ComplaintsCmd),
    /// Calendario de días hábiles / the working-day calendar
    #[command(subcommand)]
    Calendar(complaints::CalendarCmd),
    /// Saldos de todas las cuentas / every account's balance
    #[command(subcommand)]
    Accounts(payments::AccountsCmd),
    /// Meses cerrados / closed months
    #[command(subcommand)]
    Month(billing::MonthCmd),
    /// Cambia un ajuste del operador / changes an operator setting
    Setting {
        /// El ajuste, como utc_offset_minutes (todos en docs/commands.md) / the setting, such as utc_offset_minutes (all in docs/commands.md)
        key: String,
        /// Su nuevo valor / its new value
        value: String,
    },
    /// Fondo comunal / community fund
    #[command(subcommand)]
    Fund(fund::FundCmd),
    /// Clave de firma del operador / the operator's signing key
    #[command(subcommand)]
    Key(bundle::KeyCmd),
    /// Paquete mensual firmado para la municipalidad / the signed monthly bundle for the municipality
    #[command(subcommand)]
    Bundle(bundle::BundleCmd),
    /// Bandeja de salida y entregas / outbox and deliveries
    #[command(subcommand)]
    Outbox(bundle::OutboxCmd),
    /// Usuarios de la aplicación de escritorio / desktop app users
    #[command(subcommand)]
    Users(users::UsersCmd),
    /// Informes: el de la Junta Vecinal / reports: the Community Board's
    #[command(subcommand)]
    Report(board::ReportCmd),
    /// La Junta Vecinal: miembros y sesiones / the Community Board: members and meetings
    #[command(subcommand)]
    Ncb(board::NcbCmd),
    /// Copia de seguridad verificada del libro / a verified backup of the ledger
    #[command(args_conflicts_with_subcommands = true)]
    Backup {
        #[command(subcommand)]
        what: Option<safety::BackupCmd>,
        /// Escribe la copia aquí (por defecto en backups/ junto al libro) / writes the copy here (default: backups/ beside the ledger)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Reemplaza el libro por una copia verificada, guardando el actual / replaces the ledger with a verified copy, keeping the current one
    Restore {
        file: PathBuf,
        /// Restaura aunque la copia no tenga recibos, comprobantes o notas que el libro ya emitió / restores even though the copy lacks bills, receipts or notes the ledger already issued
        #[arg(long)]
        confirm: bool,
        /// Restaura una copia de otro libro (de otro operador o pueblo, o creado de nuevo) / restores a copy of another ledger (another operator's or town's, or one made anew)
        #[arg(long)]
        other_ledger: bool,
    },
    /// Construye un pueblo de demostración / builds a demo town
    Demo {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long, default_value_t = 1200)]
        connections: u32,
        #[arg(long, default_value_t = 12)]
        months: u32,
    },
    /// Mide el rendimiento en un pueblo grande / measures performance on a large town
    #[command(args_conflicts_with_subcommands = true)]
    Bench {
        #[command(subcommand)]
        what: Option<BenchCmd>,
        #[arg(long, default_value_t = 30_000)]
        connections: u32,
        #[arg(long, default_value_t = 12)]
        months: u32,
        /// Carpeta de trabajo (por defecto, una temporal) / work folder (default: a temporary one)
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum BenchCmd {
    /// Todos los recibos del mes en un PDF, frente a Chromium / every bill of the month in one PDF, against Chromium
    Documents {
        #[arg(long, default_value_t = 30_000)]
        connections: u32,
        /// Recibos impresos por Chromium para comparar / bills printed by Chromium for the comparison
        #[arg(long, default_value_t = 100)]
        chromium_bills: usize,
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Reclamos de 10 años: lista y revisión de plazos / ten years of complaints: list and deadline sweep
    Complaints {
        #[arg(long, default_value_t = 7_500)]
        connections: u32,
        /// Reclamos por mes / complaints per month
        #[arg(long, default_value_t = 30)]
        per_month: u32,
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Calidad y continuidad de 10 años: cifras del mes e importación / ten years of quality and continuity: the month's figures and an import
    Quality {
        #[arg(long, default_value_t = 7_500)]
        connections: u32,
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// El informe de la Junta (PDF y CSV) en pueblos de 10 años / the Board's report (PDF and CSV) on towns with 10 years of history
    Report {
        /// Conexiones de cada pueblo medido / connections of each town measured
        #[arg(long, value_delimiter = ',', default_values_t = [7_500u32, 30_000u32])]
        connections: Vec<u32>,
        #[arg(long, default_value_t = 120)]
        months: u32,
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// El paquete mensual creado y firmado / the monthly bundle created and signed
    Bundle {
        #[arg(long, default_value_t = 7_500)]
        connections: u32,
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// What a command produced: a human text and a JSON document.
pub struct Output {
    pub text: String,
    pub json: serde_json::Value,
    /// A check that found a problem (ledger verify) exits non-zero after printing its report.
    pub failed: bool,
}

pub struct Context {
    pub lang: Lang,
    /// The holder of the file; commands ask [`Context::actor_in`] who acts.
    actor: Actor,
    /// `--user`, as typed.
    user: Option<String>,
    db: Option<PathBuf>,
}

impl Context {
    /// The ledger file: --db, else $CAUDAL_DB, else the desktop app's.
    pub fn db_path(&self) -> Result<PathBuf, Error> {
        if let Some(p) = &self.db {
            return Ok(p.clone());
        }
        if let Some(p) = std::env::var_os("CAUDAL_DB").filter(|v| !v.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        caudal_core::ledger::location::default_ledger(caudal_core::ledger::location::APP_IDENTIFIER).ok_or_else(|| {
            Error::invalid(
                ErrorCode::NoDb,
                "No se encontró la carpeta de datos; indique el libro con --db o CAUDAL_DB.",
                "No data folder was found; name the ledger with --db or CAUDAL_DB.",
            )
        })
    }

    pub fn open(&self) -> Result<caudal_core::Ledger, Error> {
        caudal_core::Ledger::open(&self.db_path()?)
    }

    /// Who acts on `ledger`. With `--user NAME`, that desktop user signed in with
    /// `$CAUDAL_PASSWORD`, with their own role (a clerk cannot spend the fund, a Board member
    /// decides appeals); a name that is not a user of the ledger, or a wrong or missing
    /// password, is refused. Without it, the holder of the file acts as the administrator
    /// under the system's user name, which may not be the name of a desktop user: nobody acts
    /// in another's name without their password.
    pub fn actor_in(&self, ledger: &caudal_core::Ledger) -> Result<Actor, Error> {
        let Some(name) = self.user.as_deref() else {
            if let Some(user) = ledger.user_named(&self.actor.name)? {
                return Err(Error::invalid(
                    ErrorCode::Password,
                    format!(
                        "«{user}» es un usuario del libro: para actuar en su nombre use --user {user} y dé su contraseña en la variable CAUDAL_PASSWORD."
                    ),
                    format!(
                        "«{user}» is a user of the ledger: to act in their name use --user {user} and give the password in the CAUDAL_PASSWORD variable."
                    ),
                ));
            }
            return Ok(self.actor.clone());
        };
        if ledger.user_named(name)?.is_none() {
            return Err(Error::invalid(
                ErrorCode::User,
                format!(
                    "«{}» no es un usuario del libro; --user nombra a un usuario de la aplicación (caudal users list).",
                    caudal_core::text::shorten(name.trim())
                ),
                format!(
                    "«{}» is not a user of the ledger; --user names a user of the desktop app (caudal users list).",
                    caudal_core::text::shorten(name.trim())
                ),
            ));
        }
        let password = std::env::var("CAUDAL_PASSWORD").unwrap_or_default();
        if password.is_empty() {
            return Err(Error::invalid(
                ErrorCode::Password,
                format!("«{name}» es un usuario del libro: dé su contraseña en la variable CAUDAL_PASSWORD."),
                format!("«{name}» is a user of the ledger: give the password in the CAUDAL_PASSWORD variable."),
            ));
        }
        ledger.sign_in(name, &password)
    }

    /// Who acts where there is no ledger to sign in to yet (`init`) or the ledger may be
    /// damaged (`restore`): the holder of the file, as the administrator.
    pub fn file_holder(&self) -> &Actor {
        &self.actor
    }
}

/// The options through which a command writes a file of its own choosing.
const OUTPUT_OPTIONS: &[&str] = &["--out", "--csv", "--receipt", "--skip-invalid"];

/// Refuses, before anything is done, a command whose output would land on the ledger, a
/// backup or a file Caudal did not write (unless `--force`): one guard for every command.
fn outputs_allowed(ctx: &Context, force: bool) -> Result<(), Error> {
    let ledger = ctx.db_path().ok();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut outputs = Vec::new();
    for (i, arg) in args.iter().enumerate() {
        let Some(a) = arg.to_str() else { continue };
        if OUTPUT_OPTIONS.contains(&a) {
            if let Some(v) = args.get(i + 1) {
                outputs.push(PathBuf::from(v));
            }
        } else if let Some((name, v)) = a.split_once('=')
            && OUTPUT_OPTIONS.contains(&name)
        {
            outputs.push(PathBuf::from(v));
        }
    }
    for out in outputs {
        caudal_core::outputs::may_write(&out, ledger.as_deref(), force)?;
    }
    Ok(())
}

fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "caudal".to_string())
}

/// `CAUDAL_NOW`, when set, must be a moment: a command never runs on the machine's clock
/// believing it was told another.
fn clock_given() -> caudal_core::Result<()> {
    match caudal_core::period::process_now() {
        Ok(_) => Ok(()),
        Err(text) => Err(Error::invalid(
            ErrorCode::CaudalNow,
            format!(
                "CAUDAL_NOW=«{}» no es un momento: escríbalo como 2026-12-08T10:00:00-05:00, o quítelo.",
                caudal_core::text::shorten(&text)
            ),
            format!(
                "CAUDAL_NOW=«{}» is not a moment: write it as 2026-12-08T10:00:00-05:00, or unset it.",
                caudal_core::text::shorten(&text)
            ),
        )),
    }
}

fn main() -> ExitCode {
    // Whatever happens, a person sees a sentence, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "Error interno de Caudal; el libro no quedó a medias (cada escritura es una transacción). / \
             Internal Caudal error; the ledger was not left half-written. ({info})"
        );
    }));
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = args::lang_of(&args);
    let parsed = args::localized(Cli::command(), lang, true)
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version, already written in the language asked for.
            let _ = write!(std::io::stdout(), "{}", args::rendered(&e, lang));
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{}", args::explain(&e, lang));
            return ExitCode::from(2);
        }
    };
    // The command line acts with the operator manager's rights: whoever holds the ledger file
    // can already do anything to it; the desktop app is where roles keep people apart.
    let actor = Actor::new(cli.user.clone().unwrap_or_else(os_user), Role::Admin);
    let ctx = Context {
        lang: cli.lang,
        actor,
        user: cli.user.clone(),
        db: cli.db.clone(),
    };
    let json = cli.json;
    let result = clock_given()
        .and_then(|()| outputs_allowed(&ctx, cli.force))
        .and_then(|()| commands::run(&ctx, cli.command));
    match result {
        Ok(out) => {
            // A closed pipe (`caudal … | head`) is not an error worth a panic.
            let mut stdout = std::io::stdout().lock();
            if json {
                let _ = writeln!(
                    stdout,
                    "{}",
                    serde_json::to_string_pretty(&out.json).unwrap_or_default()
                );
            } else if !out.text.is_empty() {
                let _ = writeln!(stdout, "{}", out.text);
            }
            if out.failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{}", e.message(ctx.lang));
            if json {
                let rows = match &e {
                    Error::Rows { rows } => serde_json::to_value(rows).unwrap_or_default(),
                    _ => serde_json::Value::Null,
                };
                let doc =
                    serde_json::json!({ "error": { "code": e.code(), "message": e.message(ctx.lang), "rows": rows } });
                println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
            }
            ExitCode::from(1)
        }
    }
}
