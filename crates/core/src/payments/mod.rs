//! Money that comes in: cash at the counter with a numbered receipt, collections imported from
//! a bank or agent, reversals, and the day's cash close. What a payment pays and the balance
//! it leaves are the accounts kernel's answer ([`crate::accounts`]).

mod cash_close;
mod import;

pub use cash_close::{CashClose, ClerkTotal};

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::accounts::{self, EntryKind, months};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::ledger::chain::Appender;
use crate::money::Money;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

/// A payment or a reversal, as stored.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Payment {
    /// Its id.
    pub id: i64,
    /// Its receipt number.
    pub number: String,
    /// The account.
    pub account: String,
    /// When it was paid (ISO).
    pub paid_on: String,
    /// How much (negative: a reversal).
    pub amount: Money,
    /// `cash` or `bank`.
    pub channel: String,
    /// The bank's reference, for a collection.
    pub reference: Option<String>,
    /// The payment it reverses.
    pub reverses: Option<i64>,
    /// Why it was reversed.
    pub reason: Option<String>,
    /// Who recorded it.
    pub recorded_by: String,
    /// When it was recorded (local time).
    pub recorded_at: String,
}

/// What a payment paid, bill by bill, as the receipt prints it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct AppliedLine {
    /// The bill paid.
    pub bill: String,
    /// That bill's period.
    pub period: String,
    /// How much of the payment went to it.
    pub amount: Money,
}

/// A payment's receipt: what it paid, oldest first, and the balance after.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Receipt {
    /// The payment.
    pub payment: Payment,
    /// The holder's name.
    pub holder: String,
    /// The charges it paid, oldest first.
    pub applied: Vec<AppliedLine>,
    /// Owed after this payment; negative is a credit for the next bills. On a copy, what is
    /// owed on the day the copy is printed.
    pub balance_after: Money,
    /// A copy printed later: the day it was printed ("2026-12-02"), which its balance is of.
    pub copy_on: Option<String>,
}

const COLUMNS: &str = "id, number, account, paid_on, amount, channel, reference, reverses, reason, recorded_by, recorded_at, connection_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Payment> {
    Ok(Payment {
        id: r.get(0)?,
        number: r.get(1)?,
        account: r.get(2)?,
        paid_on: r.get(3)?,
        amount: Money::from_cents(r.get(4)?),
        channel: r.get(5)?,
        reference: r.get(6)?,
        reverses: r.get(7)?,
        reason: r.get(8)?,
        recorded_by: r.get(9)?,
        recorded_at: r.get(10)?,
    })
}

impl Payment {
    /// The content sealed in the hash chain.
    fn canonical(&self, connection_id: i64) -> String {
        crate::ledger::chain::fields(&[
            self.id.to_string(),
            self.number.clone(),
            connection_id.to_string(),
            self.account.clone(),
            self.paid_on.to_string(),
            self.amount.cents().to_string(),
            self.channel.to_string(),
            self.reference.clone().unwrap_or_default(),
            self.reverses.map(|r| r.to_string()).unwrap_or_default(),
            self.reason.clone().unwrap_or_default(),
            self.recorded_by.clone(),
            self.recorded_at.clone(),
        ])
    }
}

/// The chain's view of a payment.
/// Payments dated in `[first, last]` and the reversals dated then (a negative amount).
pub(crate) fn collected_between(
    conn: &Connection,
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
) -> Result<(Money, Money)> {
    let (paid, reversed): (i64, i64) = conn
        .prepare_cached(
            "SELECT coalesce(sum(CASE WHEN reverses IS NULL THEN amount END), 0),
                    coalesce(sum(CASE WHEN reverses IS NOT NULL THEN amount END), 0)
               FROM payments WHERE paid_on BETWEEN ?1 AND ?2",
        )?
        .query_row((first.to_string(), last.to_string()), |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((Money::from_cents(paid), Money::from_cents(reversed)))
}

pub(crate) fn canonical_by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM payments WHERE id = ?1"))?
        .query_row([id], |r| Ok((from_row(r)?, r.get::<_, i64>(11)?)))
        .optional()
        .map(|p| p.map(|(p, c)| (p.number.clone(), p.canonical(c))))
}

/// A new payment before it is numbered.
pub(crate) struct NewPayment {
    pub connection_id: i64,
    pub account: String,
    pub paid_on: NaiveDate,
    pub amount: Money,
    pub channel: &'static str,
    pub reference: Option<String>,
    pub reverses: Option<i64>,
    pub reason: Option<String>,
}

/// Numbers, stores and seals one payment inside the caller's transaction.
pub(crate) fn insert(
    tx: &Connection,
    chain: &mut Appender,
    actor: &Actor,
    stamp: &str,
    p: NewPayment,
) -> Result<Payment> {
    let (code, next): (String, i64) = tx
        .prepare_cached("SELECT code, next FROM series WHERE kind = 'receipt'")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let payment = Payment {
        id: next,
        number: format!("{code}-{next:08}"),
        account: p.account,
        paid_on: p.paid_on.to_string(),
        amount: p.amount,
        channel: p.channel.to_string(),
        reference: p.reference,
        reverses: p.reverses,
        reason: p.reason,
        recorded_by: actor.name.clone(),
        recorded_at: stamp.to_string(),
    };
    tx.prepare_cached(&format!(
        "INSERT INTO payments ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    ))?
    .execute(rusqlite::params![
        payment.id,
        payment.number,
        payment.account,
        payment.paid_on,
        payment.amount.cents(),
        payment.channel,
        payment.reference,
        payment.reverses,
        payment.reason,
        payment.recorded_by,
        payment.recorded_at,
        p.connection_id
    ])?;
    tx.prepare_cached("UPDATE series SET next = next + 1 WHERE kind = 'receipt'")?
        .execute([])?;
    chain.push(tx, "payment", payment.id, &payment.canonical(p.connection_id))?;
    Ok(payment)
}

/// The receipt of `payment`, as the ledger stands today: what it paid, charge by charge, and
/// the account's balance after it (negative is a credit for the next bills).
fn receipt(
    conn: &Connection,
    payment: Payment,
    connection_id: i64,
    holder: String,
    today: NaiveDate,
) -> Result<Receipt> {
    let (entries, state, allocation) = accounts::account_state(conn, connection_id, today, false)?;
    let mut applied = Vec::new();
    for piece in &allocation.pieces {
        let credit = &entries[piece.credit];
        if credit.kind != EntryKind::Payment || credit.id != payment.id {
            continue;
        }
        let charge = &entries[piece.charge];
        let (bill, period) = match (charge.kind, charge.bill_id) {
            (EntryKind::Bill | EntryKind::DebitNote, Some(bill_id)) => {
                let (number, period): (String, String) = conn
                    .prepare_cached("SELECT number, period FROM bills WHERE id = ?1")?
                    .query_row([bill_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                if charge.kind == EntryKind::DebitNote {
                    let note: String = conn
                        .prepare_cached("SELECT number FROM notes WHERE id = ?1")?
                        .query_row([charge.id], |r| r.get(0))?;
                    (note, period)
                } else {
                    (number, period)
                }
            }
            _ => (charge.kind.code().to_string(), charge.date.to_string()),
        };
        applied.push(AppliedLine {
            bill,
            period,
            amount: piece.amount,
        });
    }
    Ok(Receipt {
        payment,
        holder,
        applied,
        balance_after: state.balance,
        copy_on: None,
    })
}

/// When taking `amount` from the connection on `on` would pay more than it owes, the sentence
/// to ask the clerk first: what is owed and the credit the payment leaves. `None` when it
/// pays no more than the balance.
fn overpayment(conn: &Connection, connection: i64, amount: Money, on: NaiveDate) -> Result<Option<crate::Text>> {
    let (_, state, _) = accounts::account_state(conn, connection, on, false)?;
    if amount <= state.balance {
        return Ok(None);
    }
    let credit = amount.checked_sub(state.balance.max(Money::ZERO))?;
    let owed = state.balance.max(Money::ZERO);
    Ok(Some(crate::Text::new(
        format!(
            "El pago de {amount} es mayor que lo que debe la cuenta ({owed}): quedaría un saldo a favor de {credit}. ¿Lo confirma?"
        ),
        format!(
            "The payment of {amount} is more than the account owes ({owed}): it would leave a credit of {credit}. Confirm it?"
        ),
    )))
}

fn payment_day(p: &Payment) -> NaiveDate {
    crate::period::parse_date(&p.paid_on).unwrap_or(NaiveDate::MIN)
}

/// Whether a payment larger than what the account owes may be taken as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credit {
    /// The counter's rule: a payment that would leave a credit is refused (code
    /// `confirm_credit`) with the sentence that asks the clerk, until the clerk confirms it.
    AskFirst,
    /// Confirmed, or given as it is (the command line takes the amount typed): what is paid
    /// beyond the balance stays as credit for the next bills.
    Accepted,
}

impl Ledger {
    /// Records a cash payment at the counter: numbered, sealed, applied to the oldest unpaid
    /// charges; an overpayment stays as credit for the next bills. Every check and the
    /// receipt are made inside the one write, so what the receipt says is what was stored.
    pub fn record_payment(
        &mut self,
        actor: &Actor,
        account: &str,
        amount: Money,
        paid_on: NaiveDate,
    ) -> Result<Receipt> {
        self.take_payment(actor, account, amount, paid_on, Credit::Accepted)
    }

    /// [`Ledger::record_payment`], asking first (with [`Credit::AskFirst`]) when the payment
    /// would leave a credit: the question and its answer are the core's, inside the same
    /// write, whichever face takes the money.
    pub fn take_payment(
        &mut self,
        actor: &Actor,
        account: &str,
        amount: Money,
        paid_on: NaiveDate,
        credit: Credit,
    ) -> Result<Receipt> {
        actor.require(Permission::RecordPayments)?;
        let account = account.trim().to_string();
        accounts::check_amount(ErrorCode::Amount, amount)?;
        let today = self.clock().today();
        self.write(actor, "payments.record", |tx, clock| {
            let (connection_id, holder) = accounts::connection_of(tx, &account)?;
            months::check_entry_date(tx, ErrorCode::PaidOn, paid_on, today, ("el pago", "the payment"))?;
            if credit == Credit::AskFirst
                && let Some(question) = overpayment(tx, connection_id, amount, paid_on)?
            {
                return Err(Error::Invalid {
                    code: ErrorCode::ConfirmCredit,
                    text: question,
                });
            }
            let mut chain = Appender::start(tx)?;
            let p = insert(
                tx,
                &mut chain,
                actor,
                &clock.now_stamp(),
                NewPayment {
                    connection_id,
                    account: account.clone(),
                    paid_on,
                    amount,
                    channel: "cash",
                    reference: None,
                    reverses: None,
                    reason: None,
                },
            )?;
            let detail = format!("receipt={} account={account} amount={}", p.number, amount.plain());
            Ok((receipt(tx, p, connection_id, holder, today)?, detail))
        })
    }

    /// Reverses a payment with a reason, dated `on` (not before the payment): a new record of
    /// the opposite amount; the original stays as it was. A reversal that would leave a
    /// purpose of the community fund overdrawn (its share was already spent) is refused unless
    /// `fund_reason` says why it must go ahead; that reason is recorded with the reversal.
    pub fn reverse_payment(
        &mut self,
        actor: &Actor,
        number: &str,
        reason: &str,
        on: NaiveDate,
        fund_reason: Option<&str>,
    ) -> Result<Payment> {
        actor.require(Permission::RecordPayments)?;
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::invalid(
                ErrorCode::Reason,
                "Indique el motivo de la anulación.",
                "Give the reason for the reversal.",
            ));
        }
        let fund_reason = fund_reason.map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
        let number = number.trim().to_string();
        let today = self.clock().today();
        self.write(actor, "payments.reverse", |tx, clock| {
            let original = tx
                .query_row(
                    &format!("SELECT {COLUMNS} FROM payments WHERE number = ?1"),
                    [&number],
                    |r| Ok((from_row(r)?, r.get::<_, i64>(11)?)),
                )
                .optional()?;
            let Some((original, connection_id)) = original else {
                return Err(Error::not_found(
                    format!("No existe el comprobante de pago {number}."),
                    format!("There is no payment receipt {number}."),
                ));
            };
            if original.reverses.is_some() {
                return Err(Error::conflict(
                    "Una anulación no se anula.",
                    "A reversal is not reversed.",
                ));
            }
            let done: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM payments WHERE reverses = ?1)",
                [original.id],
                |r| r.get(0),
            )?;
            if done {
                return Err(Error::conflict(
                    format!("El comprobante de pago {} ya fue anulado.", original.number),
                    format!("Payment receipt {} was already reversed.", original.number),
                ));
            }
            if on < payment_day(&original) {
                return Err(Error::invalid(
                    ErrorCode::ReversedOn,
                    format!(
                        "La anulación ({}) no puede ser anterior al pago que anula ({}).",
                        crate::Lang::Es.date(on),
                        crate::Lang::Es.date(payment_day(&original))
                    ),
                    format!(
                        "The reversal ({}) cannot be dated before the payment it cancels ({}).",
                        crate::Lang::En.date(on),
                        crate::Lang::En.date(payment_day(&original))
                    ),
                ));
            }
            months::check_entry_date(tx, ErrorCode::ReversedOn, on, today, ("la anulación", "the reversal"))?;
            let before = crate::fund::purpose_balances_from(tx, on, today)?;
            let recorded_reason = match &fund_reason {
                Some(f) => format!("{reason} [fondo: {f}]"),
                None => reason.clone(),
            };
            let mut chain = Appender::start(tx)?;
            let p = insert(
                tx,
                &mut chain,
                actor,
                &clock.now_stamp(),
                NewPayment {
                    connection_id,
                    account: original.account.clone(),
                    paid_on: on,
                    amount: original.amount.checked_neg()?,
                    channel: if original.channel == "bank" { "bank" } else { "cash" },
                    reference: None,
                    reverses: Some(original.id),
                    reason: Some(recorded_reason),
                },
            )?;
            if fund_reason.is_none() {
                let after = crate::fund::purpose_balances_from(tx, on, today)?;
                if let Some(text) = crate::fund::overdrawn(&before, &after) {
                    return Err(Error::Conflict(text));
                }
            }
            Ok((p, format!("reverses={} reason={reason}", original.number)))
        })
    }

    /// A copy of a payment receipt (or a reversal's), to print again: what the payment paid
    /// as the allocator places it today, and the balance today, so the copy says nothing the
    /// ledger no longer holds.
    pub fn receipt_copy(&self, number: &str) -> Result<Receipt> {
        let number = number.trim();
        let conn = self.conn();
        let found = conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM payments WHERE number = ?1"),
                [number],
                |r| Ok((from_row(r)?, r.get::<_, i64>(11)?)),
            )
            .optional()?;
        let Some((payment, connection_id)) = found else {
            return Err(Error::not_found(
                format!("No existe el comprobante de pago {number}."),
                format!("There is no payment receipt {number}."),
            ));
        };
        let holder: String = conn.query_row("SELECT name FROM connections WHERE id = ?1", [connection_id], |r| {
            r.get(0)
        })?;
        let today = self.clock().today();
        let mut copy = receipt(conn, payment, connection_id, holder, today)?;
        copy.copy_on = Some(today.to_string());
        Ok(copy)
    }

    /// Every payment record of one account, in recorded order.
    pub fn payments_of(&self, account: &str) -> Result<Vec<Payment>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM payments WHERE account = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([account.trim()], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Sealed in the hash chain as `payment`.
pub(crate) const RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "payment",
    content: canonical_by_id,
    table: "payments",
};
