//! `customers import`: CSV or XLSX under the import contract of docs/formats.md.

use super::{Customer, CustomerDraft};
use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::FieldError;
use crate::error::{Result, Text};
use crate::import::{Column, ImportOptions, ImportSummary, Row, RowError, Table, refuse_unless_skipping};
use rusqlite::Transaction;
use std::collections::{HashMap, HashSet};
use std::path::Path;

const COLUMNS: &[Column] = &[
    Column {
        name: "account",
        aliases: &["cuenta"],
        required: true,
    },
    Column {
        name: "name",
        aliases: &["nombre"],
        required: true,
    },
    Column {
        name: "document",
        aliases: &["documento", "dni"],
        required: false,
    },
    Column {
        name: "address",
        aliases: &["direccion"],
        required: true,
    },
    Column {
        name: "sector",
        aliases: &[],
        required: true,
    },
    Column {
        name: "route",
        aliases: &["ruta"],
        required: false,
    },
    Column {
        name: "route_seq",
        aliases: &["orden"],
        required: false,
    },
    Column {
        name: "category",
        aliases: &["categoria"],
        required: true,
    },
    Column {
        name: "metered",
        aliases: &["medidor"],
        required: true,
    },
    Column {
        name: "meter_serial",
        aliases: &["serie_medidor"],
        required: false,
    },
    Column {
        name: "meter_digits",
        aliases: &["digitos"],
        required: false,
    },
    Column {
        name: "initial_reading",
        aliases: &["lectura_inicial"],
        required: false,
    },
    Column {
        name: "sewer",
        aliases: &["desague", "alcantarillado"],
        required: true,
    },
    Column {
        name: "subsidized",
        aliases: &["subsidio"],
        required: false,
    },
    Column {
        name: "status",
        aliases: &["estado"],
        required: false,
    },
    Column {
        name: "gender",
        aliases: &["genero", "sexo"],
        required: false,
    },
    Column {
        name: "phone",
        aliases: &["telefono"],
        required: false,
    },
    Column {
        name: "connected_on",
        aliases: &["fecha_conexion"],
        required: false,
    },
];

/// The column's name as the file wrote it, so that messages point at what the clerk sees.
fn column_label(table: &Table, cols: &[Option<usize>], name: &str) -> String {
    COLUMNS
        .iter()
        .position(|c| c.name == name)
        .and_then(|i| cols[i])
        .map(|h| table.headers[h].trim().to_string())
        .unwrap_or_else(|| name.to_string())
}

enum Plan {
    Add(Customer),
    /// The stored connection's id, the new values, and whether the meter changes.
    Replace(i64, Customer, bool),
}

impl Ledger {
    /// Imports customers. With `dry_run`, checks everything and writes nothing (the desktop's
    /// preview of errors).
    pub fn import_customers(
        &mut self,
        actor: &Actor,
        path: &Path,
        options: ImportOptions,
        dry_run: bool,
    ) -> Result<(ImportSummary, Table)> {
        actor.require(Permission::ManageCustomers)?;
        let table = Table::read(path, true)?;
        let (cols, ignored) = table.resolve(COLUMNS)?;
        if dry_run {
            let (summary, _) = plan_customers(self.conn(), &table, &cols, ignored, options)?;
            return Ok((summary, table));
        }
        // Checked inside the write: a connection stored or billed meanwhile is seen.
        let summary = self.write(actor, "customers.import", |tx, _| {
            let (summary, plans) = plan_customers(tx, &table, &cols, ignored, options)?;
            let detail = format!(
                "file={} added={} replaced={} unchanged={} invalid={}",
                path.display(),
                summary.added,
                summary.replaced,
                summary.unchanged,
                summary.invalid.len()
            );
            for plan in &plans {
                match plan {
                    Plan::Add(c) => insert(tx, c)?,
                    Plan::Replace(id, c, meter_changed) => replace(tx, *id, c, *meter_changed)?,
                }
            }
            Ok((summary, detail))
        })?;
        Ok((summary, table))
    }
}

fn ids(conn: &rusqlite::Connection, sql: &str) -> Result<HashSet<i64>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn draft(row: &Row, cols: &[Option<usize>]) -> CustomerDraft {
    let f = |i: usize| row.get(cols[i]).to_string();
    CustomerDraft {
        account: f(0),
        name: f(1),
        document: f(2),
        address: f(3),
        sector: f(4),
        route: f(5),
        route_seq: f(6),
        category: f(7),
        metered: f(8),
        meter_serial: f(9),
        meter_digits: f(10),
        initial_reading: f(11),
        sewer: f(12),
        subsidized: f(13),
        status: f(14),
        gender: f(15),
        phone: f(16),
        connected_on: f(17),
    }
}

/// Names the fields that differ, for the conflict message.
fn differences(a: &Customer, b: &Customer) -> Vec<&'static str> {
    let mut d = Vec::new();
    macro_rules! cmp {
        ($($f:ident),*) => { $( if a.$f != b.$f { d.push(stringify!($f)); } )* };
    }
    cmp!(
        name,
        document,
        address,
        sector,
        route,
        route_seq,
        category,
        sewer,
        subsidized,
        status,
        gender,
        phone,
        connected_on,
        meter
    );
    d
}

/// The fields a bill is computed from. Once an account has issued bills they change only on
/// its page, one account at a time, as a deliberate act; a file may still correct the rest
/// (a misspelt name, a new phone), since every bill keeps its own copy of holder and address
/// and every version of the connection is sealed in the chain.
const BILLED_FROM: &[&str] = &["category", "sewer", "subsidized", "connected_on", "meter"];

pub(super) fn insert(tx: &Transaction<'_>, c: &Customer) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO connections (account, name, document, address, sector, route, route_seq, category, metered, sewer,
                                  subsidized, status, gender, phone, connected_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(rusqlite::params![
        c.account,
        c.name,
        c.document,
        c.address,
        c.sector,
        c.route,
        c.route_seq,
        c.category,
        c.meter.is_some(),
        c.sewer,
        c.subsidized,
        c.status.code(),
        c.gender,
        c.phone,
        c.connected_on.map(|d| d.to_string()),
    ])?;
    let id = tx.last_insert_rowid();
    if let Some(m) = &c.meter {
        tx.prepare_cached(
            "INSERT INTO meters (connection_id, serial, digits, initial_reading, installed_on) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute((id, &m.serial, m.digits, m.initial_reading, c.connected_on.map(|d| d.to_string())))?;
    }
    Ok(())
}

pub(super) fn replace(tx: &Transaction<'_>, id: i64, c: &Customer, meter_changed: bool) -> Result<()> {
    tx.execute(
        "UPDATE connections SET name = ?1, document = ?2, address = ?3, sector = ?4, route = ?5, route_seq = ?6,
                category = ?7, metered = ?8, sewer = ?9, subsidized = ?10, status = ?11, gender = ?12, phone = ?13,
                connected_on = ?14
          WHERE id = ?15",
        rusqlite::params![
            c.name,
            c.document,
            c.address,
            c.sector,
            c.route,
            c.route_seq,
            c.category,
            c.meter.is_some(),
            c.sewer,
            c.subsidized,
            c.status.code(),
            c.gender,
            c.phone,
            c.connected_on.map(|d| d.to_string()),
            id
        ],
    )?;
    if !meter_changed {
        return Ok(());
    }
    // No reading uses the meter (checked before), so it can be rewritten in place.
    tx.execute("DELETE FROM meters WHERE connection_id = ?1", [id])?;
    if let Some(m) = &c.meter {
        tx.execute(
            "INSERT INTO meters (connection_id, serial, digits, initial_reading, installed_on) VALUES (?1, ?2, ?3, ?4, ?5)",
            (id, &m.serial, m.digits, m.initial_reading, c.connected_on.map(|d| d.to_string())),
        )?;
    }
    Ok(())
}

/// Checks every row against the ledger as `conn` sees it and plans what to write.
fn plan_customers(
    conn: &rusqlite::Connection,
    table: &Table,
    cols: &[Option<usize>],
    ignored: Vec<String>,
    options: ImportOptions,
) -> Result<(ImportSummary, Vec<Plan>)> {
    let categories = super::category_codes(conn)?;
    let stored = super::load_all(conn)?;
    let billed = ids(conn, "SELECT DISTINCT connection_id FROM bills")?;
    let read = ids(conn, "SELECT DISTINCT connection_id FROM readings")?;

    let mut summary = ImportSummary {
        rows: table.rows.len() as u64,
        empty_rows: table.empty_rows,
        ignored_columns: ignored,
        ..Default::default()
    };
    let mut errors: Vec<RowError> = Vec::new();
    let mut seen: HashMap<String, (u64, Customer)> = HashMap::new();
    let mut plans = Vec::new();
    // Serial → account: the meters in service, then those this file puts in.
    let mut meters = super::meters_in_service(conn)?;
    let mut file_meters: HashMap<String, (u64, String)> = HashMap::new();
    for row in &table.rows {
        if let Some(reason) = table.cell_count_problem(row) {
            errors.push(RowError::new(row, "", "", reason));
            continue;
        }
        let draft = draft(row, cols);
        let customer = match draft.check(&categories) {
            Ok(c) => c,
            Err(field_errors) => {
                errors.extend(field_errors.into_iter().map(|FieldError { column, value, reason }| {
                    RowError::new(row, &column_label(table, cols, &column), &value, reason)
                }));
                continue;
            }
        };
        let account_col = column_label(table, cols, "account");
        if let Some((line, earlier)) = seen.get(&customer.account) {
            if *earlier == customer {
                summary.unchanged += 1;
            } else {
                errors.push(RowError::new(
                    row,
                    &account_col,
                    &customer.account,
                    Text::new(
                        format!("la cuenta ya aparece en la fila {line} con otros datos"),
                        format!("the account already appears on row {line} with other values"),
                    ),
                ));
            }
            continue;
        }
        seen.insert(customer.account.clone(), (row.line, customer.clone()));
        if let Some(m) = &customer.meter {
            let serial = super::fold_serial(&m.serial);
            let serial_col = column_label(table, cols, "meter_serial");
            if let Some((line, other)) = file_meters.get(&serial).filter(|(_, a)| *a != customer.account) {
                errors.push(RowError::new(
                    row,
                    &serial_col,
                    &m.serial,
                    Text::new(
                        format!("el medidor ya está en la fila {line} (cuenta {other}); un medidor sirve a una sola conexión"),
                        format!("the meter is already on row {line} (account {other}); one meter serves one connection"),
                    ),
                ));
                continue;
            }
            if let Some(other) = meters.get(&serial).filter(|a| **a != customer.account) {
                errors.push(RowError::new(
                    row,
                    &serial_col,
                    &m.serial,
                    super::serial_taken(&m.serial, other),
                ));
                continue;
            }
            file_meters.insert(serial.clone(), (row.line, customer.account.clone()));
            meters.insert(serial, customer.account.clone());
        }
        match stored.get(&customer.account) {
            None => plans.push(Plan::Add(customer)),
            Some((_, old)) if *old == customer => summary.unchanged += 1,
            Some((id, old)) => {
                // Named by the file's own headers, which the clerk reads beside the message.
                let fields = differences(old, &customer);
                let label = |f: &&str| column_label(table, cols, if *f == "meter" { "meter_serial" } else { f });
                let differs = fields.iter().map(label).collect::<Vec<_>>().join(", ");
                let billed_from: Vec<String> = fields.iter().filter(|f| BILLED_FROM.contains(f)).map(label).collect();
                let reason = if old.status != customer.status {
                    Some(super::status_change_refused())
                } else if !options.replace {
                    Some(Text::new(
                        format!(
                            "la cuenta ya está registrada con otros datos ({differs}); para corregirlos, importe con la opción «Reemplazar» (--replace en la línea de comandos)"
                        ),
                        format!(
                            "the account is already stored with other values ({differs}); to correct them, import with the option «Replace» (--replace on the command line)"
                        ),
                    ))
                } else if billed.contains(id) && !billed_from.is_empty() {
                    let billed_from = billed_from.join(", ");
                    Some(Text::new(
                        format!(
                            "la cuenta tiene recibos emitidos: {billed_from} cambia lo que se factura y se corrige en la ficha del cliente, una cuenta a la vez (los demás datos sí se corrigen desde un archivo)"
                        ),
                        format!(
                            "the account has issued bills: {billed_from} changes what is billed and is corrected on the customer's page, one account at a time (its other values can be corrected from a file)"
                        ),
                    ))
                } else if old.meter != customer.meter && read.contains(id) {
                    Some(Text::new(
                        "la conexión ya tiene lecturas en su medidor; registre un cambio de medidor en su lugar",
                        "the connection already has readings on its meter; record a meter replacement instead",
                    ))
                } else {
                    None
                };
                match reason {
                    Some(reason) => errors.push(RowError::new(row, &account_col, &customer.account, reason)),
                    None => {
                        let meter_changed = old.meter != customer.meter;
                        plans.push(Plan::Replace(*id, customer, meter_changed))
                    }
                }
            }
        }
    }
    refuse_unless_skipping(&errors, options)?;
    summary.invalid = errors;
    for p in &plans {
        match p {
            Plan::Add(_) => summary.added += 1,
            Plan::Replace(..) => summary.replaced += 1,
        }
    }
    Ok((summary, plans))
}
