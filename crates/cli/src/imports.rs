//! Customers, readings and meters from the command line: the file imports under the import
//! contract (docs/formats.md), the readers route sheets, a meter replacement.

use crate::values::{parse_day, parse_period};
use crate::{Context, Output};
use caudal_core::error::ErrorCode;
use caudal_core::import::{ImportOptions, ImportSummary, Table, write_rejects};
use caudal_core::readings::MeterReplacement;
use caudal_core::{Error, Ledger, Period, tr};
use clap::Subcommand;
use serde_json::json;
use std::path::{Path, PathBuf};

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
            ErrorCode::SkipInvalid,
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
            ErrorCode::SkipInvalid,
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

pub fn customers(ctx: &Context, cmd: CustomersCmd) -> Result<Output, Error> {
    let CustomersCmd::Import(a) = cmd;
    import_file(ctx, &a, Ledger::import_customers)
}

pub fn readings(ctx: &Context, cmd: ReadingsCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    match cmd {
        ReadingsCmd::Import(a) => import_file(ctx, &a, Ledger::import_readings),
        ReadingsCmd::Sheets { period, out, route } => {
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
    }
}

pub fn meters(ctx: &Context, cmd: MetersCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    match cmd {
        MetersCmd::Replace {
            account,
            date,
            final_reading,
            serial,
            initial,
            digits,
        } => {
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
    }
}
