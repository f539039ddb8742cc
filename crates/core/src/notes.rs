//! Credit and debit notes: an issued bill is never edited; a mistake is corrected by a note
//! that names the bill, the reason, and the amount by line (docs/accounts.md). A credit of
//! water or sewer takes back the subsidy in proportion (a debit adds it); the note's tax and
//! fund share are computed as the bill computed them; rounding lines are never corrected.
//! Credits on a bill never exceed what it charged, line by line and in total. Notes are
//! numbered in their own gapless series and sealed in the hash chain; each is an entry of the
//! account (a credit note pays first the bill it corrects).

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::accounts::{self, months};
use crate::billing::Bill;
use crate::billing::store::COLUMNS;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::ledger::chain::Appender;
use crate::money::{Money, round_line};
use chrono::NaiveDate;
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
    /// The note's date (default today); not before the bill, never in a closed month.
    #[serde(default)]
    pub issued_on: Option<NaiveDate>,
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
    /// The subsidy taken back (credit) or added (debit), as a magnitude.
    pub subsidy: Money,
    pub tax: Money,
    /// Signed: negative for a credit note.
    pub total: Money,
    /// Signed change to the bill's fund share.
    pub fund_share: Money,
    pub issued_by: String,
}

const SQL: &str = "SELECT id, number, kind, bill_id, connection_id, account, issued_on, reason, water, sewer, fixed, tax, total, fund_share, issued_by, subsidy FROM notes WHERE id = ?1";

/// The chain's view of a note. The subsidy joined the note in ledger version 4; it is sealed
/// only when there is one, so the notes sealed before keep their content.
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
            let mut content = parts.join("|");
            let subsidy: i64 = r.get(15)?;
            if subsidy != 0 {
                content.push_str(&format!("|subsidy={subsidy}"));
            }
            Ok((parts[1].clone(), content))
        })
        .optional()
}

/// What a bill still holds, line by line, after the notes already issued on it (magnitudes).
#[derive(Debug, Clone, Copy)]
struct Holds {
    water: Money,
    sewer: Money,
    fixed: Money,
    subsidy: Money,
    tax: Money,
    total: Money,
}

fn holds(tx: &Connection, bill: &Bill) -> Result<Holds> {
    let sums: (i64, i64, i64, i64, i64, i64) = tx.query_row(
        "SELECT coalesce(sum(CASE kind WHEN 'credit' THEN -water ELSE water END), 0),
                coalesce(sum(CASE kind WHEN 'credit' THEN -sewer ELSE sewer END), 0),
                coalesce(sum(CASE kind WHEN 'credit' THEN -fixed ELSE fixed END), 0),
                coalesce(sum(CASE kind WHEN 'credit' THEN -subsidy ELSE subsidy END), 0),
                coalesce(sum(CASE kind WHEN 'credit' THEN -tax ELSE tax END), 0),
                coalesce(sum(total), 0)
           FROM notes WHERE bill_id = ?1",
        [bill.id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )?;
    let add = |m: Money, c: i64| m.checked_add(Money::from_cents(c));
    Ok(Holds {
        water: add(bill.water, sums.0)?,
        sewer: add(bill.sewer, sums.1)?,
        fixed: add(bill.fixed, sums.2)?,
        // The bill stores its subsidy as a negative line.
        subsidy: add(bill.subsidy.checked_neg()?, sums.3)?,
        tax: add(bill.tax, sums.4)?,
        total: add(bill.month_total, sums.5)?,
    })
}

/// A note's lines, subsidy, tax and total (magnitudes) as the bill's tariff computes them.
fn compute(
    bill: &Bill,
    tariff: &crate::tariffs::Tariff,
    kind: NoteKind,
    asked: [Money; 3],
    held: &Holds,
) -> Result<(Money, Money, Money, Money)> {
    let [water, sewer, fixed] = asked;
    let whole = [held.water, held.sewer, held.fixed] == asked;
    let billed_ws = bill.water.checked_add(bill.sewer)?;
    let subsidy = if kind == NoteKind::Credit && whole {
        // Crediting all that is left takes back all the subsidy left, and its tax.
        held.subsidy
    } else if billed_ws == Money::ZERO || bill.subsidy == Money::ZERO {
        Money::ZERO
    } else {
        let part =
            bill.subsidy.checked_neg()?.to_decimal() * water.checked_add(sewer)?.to_decimal() / billed_ws.to_decimal();
        let part = round_line(part)?;
        if kind == NoteKind::Credit {
            part.min(held.subsidy)
        } else {
            part
        }
    };
    let net = Money::sum([water, sewer, fixed])?
        .checked_sub(subsidy)?
        .max(Money::ZERO);
    let tax = if kind == NoteKind::Credit && whole {
        held.tax
    } else {
        // Half up on a magnitude: the same as the bill's half away from zero.
        round_line(tariff.tax_rate * net.to_decimal())?
    };
    let fund = match &tariff.fund {
        Some(f) => round_line(f.percent * Money::sum([water, sewer, fixed])?.to_decimal())?,
        None => Money::ZERO,
    };
    Ok((subsidy, tax, net.checked_add(tax)?, fund))
}

impl Ledger {
    /// Issues a credit or debit note on a bill; every check is made inside the write.
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
        for m in lines.iter().filter(|m| **m > Money::ZERO) {
            accounts::check_amount("note_lines", *m)?;
        }
        let today = self.clock().today();
        let issued_on = req.issued_on.unwrap_or(today);
        let number = req.bill.trim().to_string();
        self.write(actor, "notes.issue", |tx, _| {
            let bill = tx
                .prepare_cached(&format!("SELECT {COLUMNS} FROM bills WHERE number = ?1"))?
                .query_row([&number], Bill::from_row)
                .optional()?
                .ok_or_else(|| {
                    Error::not_found(
                        format!("No existe el recibo {number}."),
                        format!("There is no bill {number}."),
                    )
                })?;
            let bill_day = crate::period::parse_date(&bill.issued_on).unwrap_or(NaiveDate::MIN);
            if issued_on < bill_day {
                return Err(Error::invalid(
                    "issued_on",
                    format!("La nota no puede tener fecha anterior a su recibo ({}).", Lang::Es.date(bill_day)),
                    format!("The note cannot be dated before its bill ({}).", Lang::En.date(bill_day)),
                ));
            }
            months::check_entry_date(tx, "issued_on", issued_on, today, ("la nota", "the note"))?;
            let tariff = crate::tariffs::by_id(tx, bill.tariff_id)?;
            let held = holds(tx, &bill)?;
            if req.kind == NoteKind::Credit {
                for (es, en, left, asked) in [
                    ("agua", "water", held.water, req.water),
                    ("alcantarillado", "sewer", held.sewer, req.sewer),
                    ("cargo fijo", "fixed charge", held.fixed, req.fixed),
                ] {
                    if asked > left {
                        return Err(Error::invalid(
                            "note_exceeds",
                            format!("La línea de {es} del recibo {} tiene {left}; la nota no puede quitar {asked}.", bill.number),
                            format!("The {en} line of bill {} holds {left}; the note cannot take off {asked}.", bill.number),
                        ));
                    }
                }
            }
            let (subsidy, tax, total, fund) = compute(&bill, &tariff, req.kind, lines, &held)?;
            if req.kind == NoteKind::Credit && total > held.total {
                return Err(Error::invalid(
                    "note_exceeds",
                    format!("El recibo {} cobró {} (queda {}); la nota no puede acreditar {total}.", bill.number, bill.month_total, held.total),
                    format!("Bill {} charged {} ({} left); the note cannot credit {total}.", bill.number, bill.month_total, held.total),
                ));
            }
            accounts::check_amount("note_lines", total)?;
            let sign = |m: Money| if req.kind == NoteKind::Credit { m.checked_neg() } else { Ok(m) };
            let (code, next): (String, i64) =
                tx.query_row("SELECT code, next FROM series WHERE kind = 'note'", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let note = Note {
                id: next,
                number: format!("{code}-{next:08}"),
                kind: req.kind,
                bill: bill.number.clone(),
                account: bill.account.clone(),
                issued_on: issued_on.to_string(),
                reason: reason.clone(),
                water: req.water,
                sewer: req.sewer,
                fixed: req.fixed,
                subsidy,
                tax,
                total: sign(total)?,
                fund_share: sign(fund)?,
                issued_by: actor.name.clone(),
            };
            tx.execute(
                "INSERT INTO notes (id, number, kind, bill_id, connection_id, account, issued_on, reason, water, sewer, fixed, tax, total, fund_share, issued_by, subsidy)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
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
                    note.issued_by,
                    note.subsidy.cents()
                ],
            )?;
            tx.execute("UPDATE series SET next = next + 1 WHERE kind = 'note'", [])?;
            let content = canonical_by_id(tx, note.id)?.map(|c| c.1).unwrap_or_default();
            Appender::start(tx)?.push(tx, "note", note.id, &content)?;
            let detail = format!("note={} bill={} total={}", note.number, bill.number, note.total.plain());
            Ok((note, detail))
        })
    }
}

/// Sealed in the hash chain as `note`.
pub(crate) const RECORD: crate::ledger::chain::Kind = crate::ledger::chain::Kind {
    name: "note",
    content: canonical_by_id,
    count_sql: "SELECT count(*) FROM notes",
};
