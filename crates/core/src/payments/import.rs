//! `payments import`: collections made by a bank or agent (account, amount, date, reference),
//! under the import contract of docs/formats.md; idempotent by reference.

use super::{NewPayment, insert};
use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::ErrorCode;
use crate::error::{Result, Text};
use crate::import::{Column, ImportOptions, ImportSummary, RowError, Table, parse_text, refuse_unless_skipping};
use crate::ledger::chain::Appender;
use crate::money::Money;
use crate::period::parse_date;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

/// The references of payments in force: not reversals, and not reversed.
const LIVE_REFERENCES: &str = "SELECT p.reference, p.account, p.amount, p.paid_on FROM payments p
  WHERE p.reference IS NOT NULL AND p.reverses IS NULL
    AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses = p.id)";

/// The payments reversed (a bounced cheque, a wrong amount), with the receipt of each: the same
/// row in a bank file again is that reversed payment, never recorded a second time.
const REVERSED_REFERENCES: &str = "SELECT p.reference, p.account, p.amount, p.paid_on, p.number FROM payments p
  WHERE p.reference IS NOT NULL AND p.reverses IS NULL
    AND EXISTS (SELECT 1 FROM payments r WHERE r.reverses = p.id)";

/// A bank reference as compared: `bn-1 ` and `BN-1` are one operation.
fn fold(reference: &str) -> String {
    reference.trim().to_uppercase()
}

const COLUMNS: &[Column] = &[
    Column {
        name: "account",
        aliases: &["cuenta"],
        required: true,
    },
    Column {
        name: "amount",
        aliases: &["importe", "monto"],
        required: true,
    },
    Column {
        name: "date",
        aliases: &["fecha"],
        required: true,
    },
    Column {
        name: "reference",
        aliases: &["referencia", "operacion"],
        required: true,
    },
];

#[derive(Clone, PartialEq, Eq)]
struct Row {
    line: u64,
    connection_id: i64,
    account: String,
    amount: Money,
    date: NaiveDate,
    reference: String,
}

impl Ledger {
    /// Imports the payments a bank or agent collected: once by reference, the whole file or nothing.
    pub fn import_payments(
        &mut self,
        actor: &Actor,
        path: &Path,
        options: ImportOptions,
        dry_run: bool,
    ) -> Result<(ImportSummary, Table)> {
        actor.require(Permission::RecordPayments)?;
        if options.replace {
            return Err(crate::Error::invalid(
                ErrorCode::ReplacePayments,
                "Un pago registrado no se reemplaza: anúlelo con un motivo y registre el correcto.",
                "A recorded payment is never replaced: reverse it with a reason and record the right one.",
            ));
        }
        let table = Table::read(path, false)?;
        let (cols, ignored) = table.resolve(COLUMNS)?;
        let label = |i: usize| table.label(&cols, COLUMNS, i);
        let today = self.clock().today();
        let conn = self.conn();
        let accounts: HashMap<String, i64> = {
            let mut stmt = conn.prepare("SELECT account, id FROM connections")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let stored: HashMap<String, (String, i64, String)> = {
            let mut stmt = conn.prepare(LIVE_REFERENCES)?;
            let rows = stmt.query_map([], |r| {
                Ok((fold(&r.get::<_, String>(0)?), (r.get(1)?, r.get(2)?, r.get(3)?)))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let reversed: Vec<(String, (String, i64, String), String)> = {
            let mut stmt = conn.prepare(REVERSED_REFERENCES)?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    fold(&r.get::<_, String>(0)?),
                    (r.get(1)?, r.get(2)?, r.get(3)?),
                    r.get(4)?,
                ))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut summary = ImportSummary::of(&table, ignored);
        let mut errors = Vec::new();
        let mut seen: HashMap<String, Row> = HashMap::new();
        let mut plan: Vec<Row> = Vec::new();
        let amount_mark = table.mark(cols[1]);
        for r in &table.rows {
            let fail = |col: usize, value: &str, es: String, en: String| {
                RowError::new(r, &label(col), value, Text::new(es, en))
            };
            if let Some(reason) = table.cell_count_problem(r) {
                errors.push(RowError::new(r, "", "", reason));
                continue;
            }
            let before = errors.len();
            let account = r.get(cols[0]).to_string();
            let connection_id = accounts.get(&account).copied();
            if connection_id.is_none() {
                errors.push(fail(
                    0,
                    &account,
                    "no es una cuenta registrada".into(),
                    "is not a registered account".into(),
                ));
            }
            let raw_amount = r.get(cols[1]);
            let amount = match Money::read(raw_amount, amount_mark) {
                Ok(m) if m <= Money::ZERO => {
                    errors.push(fail(
                        1,
                        raw_amount,
                        "debe ser mayor que cero".into(),
                        "must be above zero".into(),
                    ));
                    None
                }
                Ok(m) if m > crate::accounts::MAX_ENTRY => {
                    errors.push(fail(
                        1,
                        raw_amount,
                        format!("es mayor que el máximo de un pago ({})", crate::accounts::MAX_ENTRY),
                        format!("is above the largest payment ({})", crate::accounts::MAX_ENTRY),
                    ));
                    None
                }
                Ok(m) => Some(m),
                Err(why) => {
                    let reason = why.reason(raw_amount);
                    errors.push(fail(1, raw_amount, reason.es, reason.en));
                    None
                }
            };
            let raw_date = r.get(cols[2]);
            let mut date = parse_date(raw_date);
            match date {
                None => errors.push(fail(
                    2,
                    raw_date,
                    "no es una fecha (AAAA-MM-DD o DD/MM/AAAA)".into(),
                    "is not a date (YYYY-MM-DD or DD/MM/YYYY)".into(),
                )),
                // The same rule as a payment at the counter: not after today, not before the
                // ledger's history, never in a closed month.
                Some(d) => {
                    if let Some(why) =
                        crate::accounts::months::date_problem(conn, d, today, ("el pago", "the payment"))?
                    {
                        errors.push(RowError::new(r, &label(2), raw_date, why));
                        date = None;
                    }
                }
            }
            let raw_ref = r.get(cols[3]);
            let reference = match parse_text(raw_ref, 60) {
                Ok(t) if !t.is_empty() => Some(t),
                Ok(_) => {
                    errors.push(fail(
                        3,
                        raw_ref,
                        "es obligatoria (identifica el pago)".into(),
                        "is required (it identifies the payment)".into(),
                    ));
                    None
                }
                Err(reason) => {
                    errors.push(RowError::new(r, &label(3), raw_ref, reason));
                    None
                }
            };
            if errors.len() > before {
                continue;
            }
            let (Some(connection_id), Some(amount), Some(date), Some(reference)) =
                (connection_id, amount, date, reference)
            else {
                continue;
            };
            let row = Row {
                line: r.line,
                connection_id,
                account,
                amount,
                date,
                reference: reference.clone(),
            };
            let same = |a: &Row, b: &Row| (&a.account, a.amount, a.date) == (&b.account, b.amount, b.date);
            let key = fold(&reference);
            if let Some(first) = seen.get(&key) {
                if same(first, &row) {
                    summary.unchanged += 1;
                } else {
                    errors.push(fail(
                        3,
                        &reference,
                        format!("la fila {} ya trae esta referencia con otros datos", first.line),
                        format!("row {} already has this reference with other values", first.line),
                    ));
                }
                continue;
            }
            let stored_as = |(acc, cents, day): &(String, i64, String)| {
                *acc == row.account && *cents == row.amount.cents() && *day == row.date.to_string()
            };
            seen.insert(key.clone(), row.clone());
            match stored.get(&key) {
                Some(live) if stored_as(live) => summary.unchanged += 1,
                Some(_) => errors.push(fail(
                    3,
                    &reference,
                    "esa referencia ya está registrada con otros datos".into(),
                    "that reference is already stored with other values".into(),
                )),
                // The very payment that was reversed: it stays reversed. A corrected row (another
                // amount, date or account) is a new payment and is recorded.
                None => match reversed.iter().find(|(k, data, _)| *k == key && stored_as(data)) {
                    Some((_, _, receipt)) => {
                        summary.unchanged += 1;
                        summary.warnings.push(RowError::new(
                            r,
                            &label(3),
                            &reference,
                            Text::new(
                                format!("es el pago {receipt}, que fue anulado: sigue anulado y no se registra de nuevo; si se pagó otra vez, regístrelo en caja"),
                                format!("is payment {receipt}, which was reversed: it stays reversed and is not recorded again; if it was paid again, record it at the counter"),
                            ),
                        ));
                    }
                    None => plan.push(row),
                },
            }
        }
        refuse_unless_skipping(&errors, options)?;
        errors.sort_by_key(|e| e.line);
        summary.invalid = errors;
        summary.added = plan.len() as u64;
        let total = Money::sum(plan.iter().map(|p| p.amount))?;
        summary.added_total = Some(total);
        if dry_run || plan.is_empty() {
            return Ok((summary, table));
        }
        let detail = format!(
            "file={} payments={} total={}",
            path.display(),
            plan.len(),
            total.plain()
        );
        self.write(actor, "payments.import", |tx, clock| {
            let stamp = clock.now_stamp();
            let mut chain = Appender::start(tx)?;
            // Checked again inside the write: another import may have stored one meanwhile.
            let live: std::collections::HashSet<String> = {
                let mut stmt = tx.prepare(LIVE_REFERENCES)?;
                let rows = stmt.query_map([], |r| Ok(fold(&r.get::<_, String>(0)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            if let Some(p) = plan.iter().find(|p| live.contains(&fold(&p.reference))) {
                return Err(crate::Error::conflict(
                    format!(
                        "La referencia {} se registró mientras se revisaba el archivo; impórtelo de nuevo.",
                        p.reference
                    ),
                    format!(
                        "Reference {} was recorded while the file was being checked; import it again.",
                        p.reference
                    ),
                ));
            }
            for p in plan {
                let new = NewPayment {
                    connection_id: p.connection_id,
                    account: p.account,
                    paid_on: p.date,
                    amount: p.amount,
                    channel: "bank",
                    reference: Some(p.reference),
                    reverses: None,
                    reason: None,
                };
                insert(tx, &mut chain, actor, &stamp, new)?;
            }
            Ok(((), detail))
        })?;
        Ok((summary, table))
    }
}
