//! Credit and debit notes: an issued bill is never edited; a mistake is corrected by a note
//! that names the bill, the reason, and the amount by line. The note's tax and fund share are
//! computed from the bill's tariff; notes are numbered in their own gapless series and sealed
//! in the hash chain. A credit note cannot take off more than a line still holds.

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::ledger::chain::Appender;
use crate::money::{Money, round_line};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum NoteKind {
    Credit,
    Debit,
}

/// A correction as asked: amounts by line, all zero or positive.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct NoteRequest {
    pub bill: String,
    pub kind: NoteKind,
    pub reason: String,
    pub water: Money,
    pub sewer: Money,
    pub fixed: Money,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Note {
    pub id: i64,
    pub number: String,
    pub kind: NoteKind,
    pub bill: String,
    pub account: String,
    pub issued_on: String,
    pub reason: String,
    pub water: Money,
    pub sewer: Money,
    pub fixed: Money,
    pub tax: Money,
    /// Signed: negative for a credit note.
    pub total: Money,
    /// Signed change to the bill's fund share.
    pub fund_share: Money,
    pub issued_by: String,
}

const SQL: &str = "SELECT id, number, kind, bill_id, connection_id, account, issued_on, reason, water, sewer, fixed, tax, total, fund_share, issued_by FROM notes WHERE id = ?1";

pub(crate) fn canonical_by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(SQL)?
        .query_row([id], |r| {
            let mut parts = Vec::with_capacity(15);
            for i in 0..15 {
                parts.push(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    _ => String::new(),
                });
            }
            Ok((parts[1].clone(), parts.join("|")))
        })
        .optional()
}

/// What notes do to each bill's amount due and fund share (signed), by bill id.
pub(crate) fn adjustments(conn: &Connection) -> Result<std::collections::HashMap<i64, (Money, Money)>> {
    let mut stmt = conn.prepare("SELECT bill_id, sum(total), sum(fund_share) FROM notes GROUP BY bill_id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            (Money::from_cents(r.get(1)?), Money::from_cents(r.get(2)?)),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Ledger {
    pub fn issue_note(&mut self, actor: &Actor, req: &NoteRequest) -> Result<Note> {
        actor.require(Permission::IssueBills)?;
        let reason = req.reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::invalid(
                "reason",
                "Indique el motivo de la nota.",
                "Give the reason for the note.",
            ));
        }
        let lines = [req.water, req.sewer, req.fixed];
        if lines.iter().any(|m| m.is_negative()) || lines.iter().all(|m| *m == Money::ZERO) {
            return Err(Error::invalid(
                "note_lines",
                "Indique al menos un importe por línea (agua, alcantarillado o cargo fijo), sin signo.",
                "Give at least one amount by line (water, sewer or fixed charge), without a sign.",
            ));
        }
        let bill = self.bill_by_number(&req.bill)?.ok_or_else(|| {
            Error::not_found(
                format!("No existe el recibo {}.", req.bill),
                format!("There is no bill {}.", req.bill),
            )
        })?;
        let tariff = self
            .tariffs()?
            .into_iter()
            .find(|t| t.id == bill.tariff_id)
            .map(|t| t.tariff)
            .ok_or_else(|| {
                Error::not_found(
                    "La tarifa del recibo no está en el libro.",
                    "The bill's tariff is not in the ledger.",
                )
            })?;
        // A credit note takes off at most what each line still holds after earlier notes.
        if req.kind == NoteKind::Credit {
            let (w, s, f): (i64, i64, i64) = self.conn().query_row(
                "SELECT coalesce(sum(CASE kind WHEN 'credit' THEN -water ELSE water END), 0),
                        coalesce(sum(CASE kind WHEN 'credit' THEN -sewer ELSE sewer END), 0),
                        coalesce(sum(CASE kind WHEN 'credit' THEN -fixed ELSE fixed END), 0)
                   FROM notes WHERE bill_id = ?1",
                [bill.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let holds = [
                ("water", bill.water.checked_add(Money::from_cents(w))?, req.water),
                ("sewer", bill.sewer.checked_add(Money::from_cents(s))?, req.sewer),
                ("fixed", bill.fixed.checked_add(Money::from_cents(f))?, req.fixed),
            ];
            for (line, left, asked) in holds {
                if asked > left {
                    return Err(Error::invalid(
                        "note_exceeds",
                        format!(
                            "La línea {line} del recibo {} tiene {left}; la nota no puede quitar {asked}.",
                            bill.number
                        ),
                        format!(
                            "Line {line} of bill {} holds {left}; the note cannot take off {asked}.",
                            bill.number
                        ),
                    ));
                }
            }
        }
        let base = Money::sum(lines)?;
        let tax = round_line(tariff.tax_rate * base.to_decimal())?;
        let fund = match &tariff.fund {
            Some(f) => round_line(f.percent * base.to_decimal())?,
            None => Money::ZERO,
        };
        let sign = |m: Money| {
            if req.kind == NoteKind::Credit {
                m.checked_neg()
            } else {
                Ok(m)
            }
        };
        let total = sign(base.checked_add(tax)?)?;
        let fund_share = sign(fund)?;
        let today = self.clock().today();
        self.write(actor, "notes.issue", |tx, _| {
            let (code, next): (String, i64) =
                tx.query_row("SELECT code, next FROM series WHERE kind = 'note'", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let note = Note {
                id: next,
                number: format!("{code}-{next:08}"),
                kind: req.kind,
                bill: bill.number.clone(),
                account: bill.account.clone(),
                issued_on: today.to_string(),
                reason: reason.clone(),
                water: req.water,
                sewer: req.sewer,
                fixed: req.fixed,
                tax,
                total,
                fund_share,
                issued_by: actor.name.clone(),
            };
            tx.execute(
                "INSERT INTO notes (id, number, kind, bill_id, connection_id, account, issued_on, reason, water, sewer, fixed, tax, total, fund_share, issued_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                rusqlite::params![
                    note.id,
                    note.number,
                    if req.kind == NoteKind::Credit { "credit" } else { "debit" },
                    bill.id,
                    bill.connection_id,
                    note.account,
                    note.issued_on,
                    note.reason,
                    note.water.cents(),
                    note.sewer.cents(),
                    note.fixed.cents(),
                    note.tax.cents(),
                    note.total.cents(),
                    note.fund_share.cents(),
                    note.issued_by
                ],
            )?;
            tx.execute("UPDATE series SET next = next + 1 WHERE kind = 'note'", [])?;
            let content = canonical_by_id(tx, note.id)?.map(|c| c.1).unwrap_or_default();
            Appender::start(tx)?.push(tx, "note", note.id, &content)?;
            Ok((note.clone(), format!("note={} bill={} total={}", note.number, bill.number, total.plain())))
        })
    }
}
