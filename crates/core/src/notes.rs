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
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::ledger::chain::Appender;
use crate::money::{Money, round_line};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Which way a note corrects a bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum NoteKind {
    /// Takes part of the bill back.
    Credit,
    /// Charges more on the bill.
    Debit,
}

/// A correction as asked: amounts by line, all zero or positive.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct NoteRequest {
    /// The bill's number.
    pub bill: String,
    /// Credit or debit.
    pub kind: NoteKind,
    /// Why.
    pub reason: String,
    /// The water line's correction.
    pub water: Money,
    /// The sewer line's correction.
    pub sewer: Money,
    /// The fixed charge's correction.
    pub fixed: Money,
    /// The note's date (default today); not before the bill, never in a closed month.
    #[serde(default)]
    pub issued_on: Option<NaiveDate>,
}

/// One line of a correction as typed (a note's, or a complaint decision's): the amount read as
/// people write it, and a line left empty is no change to that line.
pub(crate) fn typed_line(field: ErrorCode, text: &str) -> Result<Money> {
    if text.trim().is_empty() {
        Ok(Money::ZERO)
    } else {
        Money::typed(field, text)
    }
}

impl NoteRequest {
    /// A note as the clerk typed it, in the window or on the command line: each line's amount
    /// read as people write it, and a line left empty is no change to that line.
    pub fn typed(
        bill: String,
        kind: NoteKind,
        reason: String,
        lines: [&str; 3],
        issued_on: Option<NaiveDate>,
    ) -> Result<NoteRequest> {
        let [water, sewer, fixed] = lines;
        Ok(NoteRequest {
            bill,
            kind,
            reason,
            water: typed_line(ErrorCode::Water, water)?,
            sewer: typed_line(ErrorCode::Sewer, sewer)?,
            fixed: typed_line(ErrorCode::Fixed, fixed)?,
            issued_on,
        })
    }
}

/// A credit or debit note, as issued.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Note {
    /// Its id.
    pub id: i64,
    /// Its number.
    pub number: String,
    /// Credit or debit.
    pub kind: NoteKind,
    /// The bill it corrects.
    pub bill: String,
    /// The account.
    pub account: String,
    /// The issue date (ISO).
    pub issued_on: String,
    /// Why.
    pub reason: String,
    /// The water line's correction.
    pub water: Money,
    /// The sewer line's correction.
    pub sewer: Money,
    /// The fixed charge's correction.
    pub fixed: Money,
    /// The subsidy taken back (credit) or added (debit), as a magnitude.
    pub subsidy: Money,
    /// The IGV on the correction.
    pub tax: Money,
    /// Signed: negative for a credit note.
    pub total: Money,
    /// Signed change to the bill's fund share.
    pub fund_share: Money,
    /// Who issued it.
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
            let subsidy: i64 = r.get(15)?;
            if subsidy != 0 {
                parts.push(format!("subsidy={subsidy}"));
            }
            Ok((parts[1].clone(), crate::ledger::chain::fields(&parts)))
        })
        .optional()
}

/// What a bill still holds, line by line, after the notes already issued on it (magnitudes).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Holds {
    water: Money,
    sewer: Money,
    fixed: Money,
    subsidy: Money,
    tax: Money,
    total: Money,
    fund: Money,
}

pub(crate) fn holds(tx: &Connection, bill: &Bill) -> Result<Holds> {
    let sums: (i64, i64, i64, i64, i64, i64, i64) = tx.query_row(
        "SELECT coalesce(sum(CASE kind WHEN 'credit' THEN -water ELSE water END), 0),
                coalesce(sum(CASE kind WHEN 'credit' THEN -sewer ELSE sewer END), 0),
                coalesce(sum(CASE kind WHEN 'credit' THEN -fixed ELSE fixed END), 0),
                coalesce(sum(CASE kind WHEN 'credit' THEN -subsidy ELSE subsidy END), 0),
                coalesce(sum(CASE kind WHEN 'credit' THEN -tax ELSE tax END), 0),
                coalesce(sum(total), 0),
                coalesce(sum(fund_share), 0)
           FROM notes WHERE bill_id = ?1",
        [bill.id],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        },
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
        fund: add(bill.fund_share, sums.6)?,
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
            part.min(subsidy_room(bill, tariff, held)?)
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

/// How much more subsidy a debit may add to `bill`: the tariff subsidizes only the first
/// `max_m3`, so the bill's subsidy never passes the subsidy of that volume, whatever is
/// debited (a bill already at its maximum gets none).
fn subsidy_room(bill: &Bill, tariff: &crate::tariffs::Tariff, held: &Holds) -> Result<Money> {
    let (Some(s), Some(category)) = (&tariff.subsidy, tariff.category(&bill.category)) else {
        return Ok(Money::ZERO);
    };
    // The bill's own sewer line says whether it priced sewer.
    let (water, sewer) = category.water_and_sewer(s.max_m3, bill.sewer != Money::ZERO)?;
    let most = round_line(s.percent * (water + sewer))?;
    Ok(most.checked_sub(held.subsidy)?.max(Money::ZERO))
}

/// A note's figures as magnitudes: the lines, the subsidy it takes back (or adds), its tax,
/// its total with tax, and its change to the fund's share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Figures {
    pub water: Money,
    pub sewer: Money,
    pub fixed: Money,
    pub subsidy: Money,
    pub tax: Money,
    pub total: Money,
    pub fund: Money,
}

/// The issued bill `number`, or a clear "there is no such bill".
pub(crate) fn bill_by_number(tx: &Connection, number: &str) -> Result<Bill> {
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM bills WHERE number = ?1"))?
        .query_row([number], Bill::from_row)
        .optional()?
        .ok_or_else(|| {
            Error::not_found(
                format!("No existe el recibo {number}."),
                format!("There is no bill {number}."),
            )
        })
}

/// A note's date: not before its bill, never after today or in a closed month.
pub(crate) fn check_date(tx: &Connection, bill: &Bill, issued_on: NaiveDate, today: NaiveDate) -> Result<()> {
    let bill_day = crate::period::parse_date(&bill.issued_on).unwrap_or(NaiveDate::MIN);
    if issued_on < bill_day {
        return Err(Error::invalid(
            ErrorCode::IssuedOn,
            format!(
                "La nota no puede tener fecha anterior a su recibo ({}).",
                Lang::Es.date(bill_day)
            ),
            format!(
                "The note cannot be dated before its bill ({}).",
                Lang::En.date(bill_day)
            ),
        ));
    }
    months::check_entry_date(tx, ErrorCode::IssuedOn, issued_on, today, ("la nota", "the note"))
}

/// The figures of a note of `lines` (water, sewer, fixed) on `bill`, as the bill's tariff
/// computes them; a credit is refused beyond what the bill still holds, line by line and in total.
pub(crate) fn line_figures(tx: &Connection, bill: &Bill, kind: NoteKind, lines: [Money; 3]) -> Result<Figures> {
    let tariff = crate::tariffs::by_id(tx, bill.tariff_id)?;
    let held = holds(tx, bill)?;
    if kind == NoteKind::Credit {
        for (es, en, left, asked) in [
            ("agua", "water", held.water, lines[0]),
            ("alcantarillado", "sewer", held.sewer, lines[1]),
            ("cargo fijo", "fixed charge", held.fixed, lines[2]),
        ] {
            if asked > left {
                return Err(Error::invalid(
                    ErrorCode::NoteExceeds,
                    format!(
                        "La línea de {es} del recibo {} tiene {left}; la nota no puede quitar {asked}.",
                        bill.number
                    ),
                    format!(
                        "The {en} line of bill {} holds {left}; the note cannot take off {asked}.",
                        bill.number
                    ),
                ));
            }
        }
    }
    let (subsidy, tax, total, fund) = compute(bill, &tariff, kind, lines, &held)?;
    if kind == NoteKind::Credit && total > held.total {
        return Err(Error::invalid(
            ErrorCode::NoteExceeds,
            format!(
                "El recibo {} cobró {} (queda {}); la nota no puede acreditar {total}.",
                bill.number, bill.month_total, held.total
            ),
            format!(
                "Bill {} charged {} ({} left); the note cannot credit {total}.",
                bill.number, bill.month_total, held.total
            ),
        ));
    }
    Ok(Figures {
        water: lines[0],
        sewer: lines[1],
        fixed: lines[2],
        subsidy,
        tax,
        total,
        fund,
    })
}

/// The credit that takes `bill` to what its own tariff charges for `billed_m3` (before the
/// category's minimum): the difference line by line, subsidy, tax and fund share included, so
/// that the bill and the note together are the bill recomputed at that volume. Refused when
/// the volume would charge more on some line: a complaint credits, it never charges.
pub(crate) fn volume_figures(tx: &Connection, bill: &Bill, consumption_m3: u64) -> Result<Figures> {
    let tariff = crate::tariffs::by_id(tx, bill.tariff_id)?;
    let category = tariff.category(&bill.category).ok_or_else(|| {
        Error::invalid(
            ErrorCode::Category,
            format!(
                "La tarifa del recibo {} no tiene la categoría {}.",
                bill.number, bill.category
            ),
            format!("The tariff of bill {} has no category {}.", bill.number, bill.category),
        )
    })?;
    // The bill's own lines say whether it priced sewer and a subsidy; when they are zero
    // (nothing was priced), the connection's flags decide.
    let (sewer_flag, subsidized_flag): (bool, bool) = tx.query_row(
        "SELECT sewer, subsidized FROM connections WHERE id = ?1",
        [bill.connection_id],
        |r| Ok((r.get::<_, i64>(0)? == 1, r.get::<_, i64>(1)? == 1)),
    )?;
    let priced_anything = bill.water > Money::ZERO;
    let pricing = crate::billing::Pricing {
        tariff: &tariff,
        category,
        sewer: if priced_anything {
            bill.sewer > Money::ZERO
        } else {
            sewer_flag
        },
        subsidized: if priced_anything {
            bill.subsidy != Money::ZERO
        } else {
            subsidized_flag
        },
    };
    let again = crate::billing::compute(pricing, consumption_m3, Money::ZERO)?;
    let held = holds(tx, bill)?;
    let figures = Figures {
        water: held.water.checked_sub(again.water)?,
        sewer: held.sewer.checked_sub(again.sewer)?,
        fixed: held.fixed.checked_sub(again.fixed)?,
        subsidy: held.subsidy.checked_sub(again.subsidy.checked_neg()?)?,
        tax: held.tax.checked_sub(again.tax)?,
        total: held.total.checked_sub(again.month_total)?,
        fund: held.fund.checked_sub(again.fund_share)?,
    };
    let lines = [figures.water, figures.sewer, figures.fixed, figures.tax, figures.total];
    if lines.iter().any(|m| m.is_negative()) {
        return Err(Error::invalid(
            ErrorCode::CorrectedM3,
            format!(
                "Con {consumption_m3} m³ el recibo {} cobraría más ({}) de lo que hoy cobra ({}); un reclamo solo acredita.",
                bill.number, again.month_total, held.total
            ),
            format!(
                "At {consumption_m3} m³ bill {} would charge more ({}) than it holds now ({}); a complaint only credits.",
                bill.number, again.month_total, held.total
            ),
        ));
    }
    Ok(figures)
}

/// The credit of at most `target` (with tax) spread over the bill's lines in proportion to what
/// each still holds: the largest total not above `target` that the lines, the subsidy taken
/// back and the tax rounding allow.
pub(crate) fn proportional_figures(tx: &Connection, bill: &Bill, target: Money) -> Result<Figures> {
    let held = holds(tx, bill)?;
    if target >= held.total {
        return line_figures(tx, bill, NoteKind::Credit, [held.water, held.sewer, held.fixed]);
    }
    let gross = Money::sum([held.water, held.sewer, held.fixed])?.cents();
    if gross <= 0 || target <= Money::ZERO {
        return Err(Error::invalid(
            ErrorCode::NoteLines,
            format!("El recibo {} no tiene nada que acreditar.", bill.number),
            format!("Bill {} has nothing left to credit.", bill.number),
        ));
    }
    let tariff = crate::tariffs::by_id(tx, bill.tariff_id)?;
    // `x` céntimos of the lines, split in proportion (largest remainder keeps the sum exact).
    let split = |x: i64| -> [Money; 3] {
        let parts = [held.water.cents(), held.sewer.cents(), held.fixed.cents()];
        let mut out = [0i64; 3];
        let mut rest: Vec<(i128, usize)> = Vec::with_capacity(3);
        for (i, p) in parts.iter().enumerate() {
            let exact = i128::from(*p) * i128::from(x);
            out[i] = (exact / i128::from(gross)) as i64;
            rest.push((exact % i128::from(gross), i));
        }
        let mut left = x - out.iter().sum::<i64>();
        rest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, i) in rest {
            if left == 0 {
                break;
            }
            if out[i] < parts[i] {
                out[i] += 1;
                left -= 1;
            }
        }
        out.map(Money::from_cents)
    };
    let total_of = |x: i64| -> Result<(Money, [Money; 3])> {
        let lines = split(x);
        let (_, _, total, _) = compute(bill, &tariff, NoteKind::Credit, lines, &held)?;
        Ok((total, lines))
    };
    // The total grows with x (by about 1 + tax per céntimo): search, then look around the
    // answer, where the subsidy's and the tax's roundings may step back and forth.
    let (mut lo, mut hi) = (0i64, gross);
    while lo < hi {
        let mid = lo + (hi - lo + 1) / 2;
        if total_of(mid)?.0 <= target {
            lo = mid
        } else {
            hi = mid - 1
        }
    }
    let mut best = (Money::ZERO, [Money::ZERO; 3]);
    for x in (lo - 3).max(0)..=(lo + 3).min(gross) {
        let (total, lines) = total_of(x)?;
        if total <= target && total > best.0 {
            best = (total, lines);
        }
    }
    line_figures(tx, bill, NoteKind::Credit, best.1)
}

/// Stores a note already computed and checked, numbers it in its series and seals it.
pub(crate) fn insert(
    tx: &Connection,
    actor: &Actor,
    bill: &Bill,
    kind: NoteKind,
    reason: &str,
    issued_on: NaiveDate,
    f: &Figures,
) -> Result<Note> {
    accounts::check_amount(ErrorCode::NoteLines, f.total)?;
    let sign = |m: Money| {
        if kind == NoteKind::Credit {
            m.checked_neg()
        } else {
            Ok(m)
        }
    };
    let (code, next): (String, i64) = tx.query_row("SELECT code, next FROM series WHERE kind = 'note'", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    let note = Note {
        id: next,
        number: format!("{code}-{next:08}"),
        kind,
        bill: bill.number.clone(),
        account: bill.account.clone(),
        issued_on: issued_on.to_string(),
        reason: reason.to_string(),
        water: f.water,
        sewer: f.sewer,
        fixed: f.fixed,
        subsidy: f.subsidy,
        tax: f.tax,
        total: sign(f.total)?,
        fund_share: sign(f.fund)?,
        issued_by: actor.name.clone(),
    };
    tx.execute(
        "INSERT INTO notes (id, number, kind, bill_id, connection_id, account, issued_on, reason, water, sewer, fixed, tax, total, fund_share, issued_by, subsidy)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        rusqlite::params![
            note.id,
            note.number,
            if kind == NoteKind::Credit { "credit" } else { "debit" },
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
    Ok(note)
}

const NOTE_SQL: &str = "SELECT n.id, n.number, n.kind, b.number, n.account, n.issued_on, n.reason, n.water, n.sewer,
        n.fixed, n.subsidy, n.tax, n.total, n.fund_share, n.issued_by
   FROM notes n JOIN bills b ON b.id = n.bill_id";

fn note_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Note> {
    let m = |i: usize| r.get::<_, i64>(i).map(Money::from_cents);
    let kind: String = r.get(2)?;
    Ok(Note {
        id: r.get(0)?,
        number: r.get(1)?,
        kind: if kind == "credit" {
            NoteKind::Credit
        } else {
            NoteKind::Debit
        },
        bill: r.get(3)?,
        account: r.get(4)?,
        issued_on: r.get(5)?,
        reason: r.get(6)?,
        water: m(7)?,
        sewer: m(8)?,
        fixed: m(9)?,
        subsidy: m(10)?,
        tax: m(11)?,
        total: m(12)?,
        fund_share: m(13)?,
        issued_by: r.get(14)?,
    })
}

impl Ledger {
    /// The notes issued on a bill, in the order issued.
    pub fn notes_of_bill(&self, bill: &str) -> Result<Vec<Note>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("{NOTE_SQL} WHERE b.number = ?1 ORDER BY n.id"))?;
        let rows = stmt.query_map([bill.trim()], note_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The notes on the bills of `period`, by bill number, each bill's in the order issued.
    pub fn notes_of_period(&self, period: crate::Period) -> Result<std::collections::HashMap<String, Vec<Note>>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("{NOTE_SQL} WHERE b.period = ?1 ORDER BY n.id"))?;
        let mut out: std::collections::HashMap<String, Vec<Note>> = std::collections::HashMap::new();
        for note in stmt.query_map([period.to_string()], note_from_row)? {
            let note = note?;
            out.entry(note.bill.clone()).or_default().push(note);
        }
        Ok(out)
    }

    /// Issues a credit or debit note on a bill; every check is made inside the write.
    pub fn issue_note(&mut self, actor: &Actor, req: &NoteRequest) -> Result<Note> {
        actor.require(Permission::IssueBills)?;
        let reason = req.reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::invalid(
                ErrorCode::Reason,
                "Indique el motivo de la nota.",
                "Give the reason for the note.",
            ));
        }
        let lines = [req.water, req.sewer, req.fixed];
        if lines.iter().any(|m| m.is_negative()) || lines.iter().all(|m| *m == Money::ZERO) {
            return Err(Error::invalid(
                ErrorCode::NoteLines,
                "Indique al menos un importe por línea (agua, alcantarillado o cargo fijo), sin signo.",
                "Give at least one amount by line (water, sewer or fixed charge), without a sign.",
            ));
        }
        for m in lines.iter().filter(|m| **m > Money::ZERO) {
            accounts::check_amount(ErrorCode::NoteLines, *m)?;
        }
        let today = self.clock().today();
        let issued_on = req.issued_on.unwrap_or(today);
        let number = req.bill.trim().to_string();
        self.write(actor, "notes.issue", |tx, _| {
            let bill = bill_by_number(tx, &number)?;
            check_date(tx, &bill, issued_on, today)?;
            let figures = line_figures(tx, &bill, req.kind, lines)?;
            let note = insert(tx, actor, &bill, req.kind, &reason, issued_on, &figures)?;
            let detail = format!("note={} bill={} total={}", note.number, bill.number, note.total.plain());
            Ok((note, detail))
        })
    }
}

/// Sealed in the hash chain as `note`.
pub(crate) const RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "note",
    content: canonical_by_id,
    table: "notes",
};
