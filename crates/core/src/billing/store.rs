//! Issued bills in the ledger: the one record layout used to insert, to seal in the hash chain,
//! to verify, and to export — so that what is sealed is exactly what is stored.

use super::volume::Basis;
use crate::error::{Result, Text};
use crate::ledger::ChainBreak;
use crate::money::Money;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;
use std::sync::LazyLock;

/// An issued bill, column for column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Bill {
    /// The gapless sequence number of the bill in its series.
    pub id: i64,
    /// The bill's number (series and sequence).
    pub number: String,
    /// The connection's id.
    pub connection_id: i64,
    /// The account code.
    pub account: String,
    /// The holder's name, as the bill was issued.
    pub holder: String,
    /// The service address, as the bill was issued.
    pub address: String,
    /// The period billed (`YYYY-MM`).
    pub period: String,
    /// The issue date (ISO).
    pub issued_on: String,
    /// The due date (ISO).
    pub due_on: String,
    /// The tariff that priced it.
    pub tariff_id: i64,
    /// The category code.
    pub category: String,
    /// How the volume was found.
    pub basis: Basis,
    /// The meter read, if any.
    pub meter_serial: Option<String>,
    /// The reading before.
    pub prev_reading: Option<u64>,
    /// The reading of the period.
    pub curr_reading: Option<u64>,
    /// The month's consumption (measured, estimated or assigned).
    pub consumption_m3: u64,
    /// The volume charged (the consumption, or the settlement of earlier estimates).
    pub billed_m3: u64,
    /// Water.
    pub water: Money,
    /// Sewer.
    pub sewer: Money,
    /// The fixed charge.
    pub fixed: Money,
    /// The subsidy granted (a magnitude, taken off the charges).
    pub subsidy: Money,
    /// Water, sewer and fixed charge.
    pub subtotal: Money,
    /// IGV on the subtotal.
    pub tax: Money,
    /// The month's charges with tax.
    pub month_total: Money,
    /// The pay rounding the previous bill left, added back.
    pub rounding_prev: Money,
    /// This bill's pay rounding (to the step people pay in), carried to the next.
    pub rounding_curr: Money,
    /// What the bill asks to be paid for the month.
    pub amount_due: Money,
    /// What the account owed before this bill.
    pub previous_balance: Money,
    /// The previous balance and the month together.
    pub total_to_pay: Money,
    /// The community fund's share of the month.
    pub fund_share: Money,
    /// Who issued it.
    pub issued_by: String,
}

pub(crate) const COLUMNS: &str = "id, number, connection_id, account, holder, address, period, issued_on, due_on,
    tariff_id, category, basis, meter_serial, prev_reading, curr_reading, consumption_m3, billed_m3, water, sewer,
    fixed, subsidy, subtotal, tax, month_total, rounding_prev, rounding_curr, amount_due, previous_balance,
    total_to_pay, fund_share, issued_by";

impl Bill {
    pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Bill> {
        let m = |i: usize| r.get::<_, i64>(i).map(Money::from_cents);
        let basis: String = r.get(11)?;
        Ok(Bill {
            id: r.get(0)?,
            number: r.get(1)?,
            connection_id: r.get(2)?,
            account: r.get(3)?,
            holder: r.get(4)?,
            address: r.get(5)?,
            period: r.get(6)?,
            issued_on: r.get(7)?,
            due_on: r.get(8)?,
            tariff_id: r.get(9)?,
            category: r.get(10)?,
            basis: Basis::parse(&basis).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    12,
                    rusqlite::types::Type::Text,
                    format!("basis {basis}").into(),
                )
            })?,
            meter_serial: r.get(12)?,
            prev_reading: r.get(13)?,
            curr_reading: r.get(14)?,
            consumption_m3: r.get(15)?,
            billed_m3: r.get(16)?,
            water: m(17)?,
            sewer: m(18)?,
            fixed: m(19)?,
            subsidy: m(20)?,
            subtotal: m(21)?,
            tax: m(22)?,
            month_total: m(23)?,
            rounding_prev: m(24)?,
            rounding_curr: m(25)?,
            amount_due: m(26)?,
            previous_balance: m(27)?,
            total_to_pay: m(28)?,
            fund_share: m(29)?,
            issued_by: r.get(30)?,
        })
    }

    /// The charge lines as printed and exported: (code, volume priced, amount).
    pub fn lines(&self) -> Vec<(&'static str, Option<u64>, Money)> {
        let mut v = vec![("water", Some(self.billed_m3), self.water)];
        if self.sewer != Money::ZERO {
            v.push(("sewer", Some(self.billed_m3), self.sewer));
        }
        v.push(("fixed", None, self.fixed));
        if self.subsidy != Money::ZERO {
            v.push(("subsidy", None, self.subsidy));
        }
        v.push(("tax", None, self.tax));
        v.push(("rounding_prev", None, self.rounding_prev));
        v.push(("rounding_curr", None, self.rounding_curr));
        v
    }

    /// The fields sealed in the hash chain: every column, in a fixed order.
    fn sealed_fields(&self) -> crate::ledger::chain::Fields {
        let opt = |v: Option<u64>| v.map(|x| x.to_string()).unwrap_or_default();
        let mut f = crate::ledger::chain::Fields::new();
        f.push(self.id)
            .push(&self.number)
            .push(self.connection_id)
            .push(&self.account)
            .push(&self.holder)
            .push(&self.address)
            .push(&self.period)
            .push(&self.issued_on)
            .push(&self.due_on)
            .push(self.tariff_id)
            .push(&self.category)
            .push(self.basis.code())
            .push(self.meter_serial.as_deref().unwrap_or(""))
            .push(opt(self.prev_reading))
            .push(opt(self.curr_reading))
            .push(self.consumption_m3)
            .push(self.billed_m3);
        for a in [
            self.water,
            self.sewer,
            self.fixed,
            self.subsidy,
            self.subtotal,
            self.tax,
            self.month_total,
            self.rounding_prev,
            self.rounding_curr,
            self.amount_due,
            self.previous_balance,
            self.total_to_pay,
            self.fund_share,
        ] {
            f.push(a.cents());
        }
        f.push(&self.issued_by);
        f
    }

    pub(crate) fn insert(&self, conn: &Connection) -> Result<()> {
        static INSERT: LazyLock<String> = LazyLock::new(|| {
            let params: Vec<String> = (1..=COLUMNS.split(',').count()).map(|i| format!("?{i}")).collect();
            format!("INSERT INTO bills ({COLUMNS}) VALUES ({})", params.join(", "))
        });
        conn.prepare_cached(&INSERT)?.execute(rusqlite::params![
            self.id,
            self.number,
            self.connection_id,
            self.account,
            self.holder,
            self.address,
            self.period,
            self.issued_on,
            self.due_on,
            self.tariff_id,
            self.category,
            self.basis.code(),
            self.meter_serial,
            self.prev_reading,
            self.curr_reading,
            self.consumption_m3,
            self.billed_m3,
            self.water.cents(),
            self.sewer.cents(),
            self.fixed.cents(),
            self.subsidy.cents(),
            self.subtotal.cents(),
            self.tax.cents(),
            self.month_total.cents(),
            self.rounding_prev.cents(),
            self.rounding_curr.cents(),
            self.amount_due.cents(),
            self.previous_balance.cents(),
            self.total_to_pay.cents(),
            self.fund_share.cents(),
            self.issued_by,
        ])?;
        Ok(())
    }
}

/// The connection's service as a bill priced it (`bill_terms`): what the tariff audit
/// recomputes the bill from. Bills issued before the ledger kept them have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Terms {
    pub sewer: bool,
    pub subsidized: bool,
}

impl Terms {
    pub(crate) fn insert(self, conn: &Connection, bill_id: i64) -> Result<()> {
        conn.prepare_cached("INSERT INTO bill_terms (bill_id, sewer, subsidized) VALUES (?1, ?2, ?3)")?
            .execute((bill_id, self.sewer, self.subsidized))?;
        Ok(())
    }
}

/// What the chain seals for a bill: its columns, then its terms when it has them (bills
/// sealed before terms were kept are sealed, and verified, without them).
pub(crate) fn sealed(bill: &Bill, terms: Option<Terms>) -> String {
    let mut f = bill.sealed_fields();
    if let Some(t) = terms {
        f.push(format_args!("terms:{},{}", u8::from(t.sewer), u8::from(t.subsidized)));
    }
    f.done()
}

/// The chain's view of a bill: its number and sealed content (`None` when deleted).
pub(crate) fn canonical_by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    let bill = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM bills WHERE id = ?1"))?
        .query_row([id], Bill::from_row)
        .optional()?;
    let terms = conn
        .prepare_cached("SELECT sewer, subsidized FROM bill_terms WHERE bill_id = ?1")?
        .query_row([id], |r| {
            Ok(Terms {
                sewer: r.get(0)?,
                subsidized: r.get(1)?,
            })
        })
        .optional()?;
    Ok(bill.map(|b| (b.number.clone(), sealed(&b, terms))))
}

/// Gaps or duplicates in the bill series: the numbers must run 1..n with nothing missing, and
/// the series counter must stand at n + 1.
pub(crate) fn numbering_problems(conn: &Connection) -> Result<Vec<ChainBreak>> {
    let (count, max): (i64, Option<i64>) = conn.query_row("SELECT count(*), max(id) FROM bills", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    let next: Option<i64> = conn
        .query_row("SELECT next FROM series WHERE kind = 'bill'", [], |r| r.get(0))
        .optional()?;
    let max = max.unwrap_or(0);
    if count == max && next == Some(max + 1) {
        return Ok(Vec::new());
    }
    // The first number missing: 1 itself, or the first n whose successor is absent.
    let first_missing: Option<i64> = conn
        .query_row(
            "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM bills WHERE id = 1) AND ?1 > 0
             UNION ALL
             SELECT id + 1 FROM bills b WHERE id < ?1 AND NOT EXISTS (SELECT 1 FROM bills c WHERE c.id = b.id + 1)
             LIMIT 1",
            [max],
            |r| r.get(0),
        )
        .optional()?;
    let reason = match first_missing {
        Some(n) => Text::new(
            format!("la numeración de recibos tiene un hueco: falta el número {n}"),
            format!("the bill numbering has a gap: number {n} is missing"),
        ),
        None => Text::new(
            format!(
                "el contador de la serie ({}) no sigue al último recibo ({max})",
                next.unwrap_or(0)
            ),
            format!(
                "the series counter ({}) does not follow the last bill ({max})",
                next.unwrap_or(0)
            ),
        ),
    };
    Ok(vec![ChainBreak {
        seq: None,
        kind: "bill".into(),
        record_id: None,
        reference: first_missing.map(|n| format!("#{n}")).unwrap_or_default(),
        reason,
    }])
}

/// Readings bills used that no longer say what the bill read (changed outside the program:
/// the schema refuses it), each named with its bill.
pub(crate) fn reading_problems(conn: &Connection) -> Result<Vec<ChainBreak>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, b.number, k.account, b.period, b.curr_reading, r.reading
           FROM bills b JOIN readings r ON r.connection_id = b.connection_id AND r.period = b.period
           JOIN connections k ON k.id = b.connection_id
          WHERE b.basis = 'measured' AND r.status = 'ok' AND r.reading IS NOT b.curr_reading
          ORDER BY b.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let (id, number, account, period): (i64, String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        let (billed, now): (Option<i64>, Option<i64>) = (r.get(4)?, r.get(5)?);
        let (billed, now) = (
            billed.map_or_else(String::new, |v| v.to_string()),
            now.map_or_else(String::new, |v| v.to_string()),
        );
        Ok(ChainBreak {
            seq: None,
            kind: "reading".into(),
            record_id: Some(id),
            reference: format!("{account} {period}"),
            reason: Text::new(
                format!(
                    "dice {now} pero el recibo {number} se emitió con la lectura {billed} (se modificó fuera de Caudal)"
                ),
                format!("it says {now} but bill {number} was issued on the reading {billed} (changed outside Caudal)"),
            ),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sealed in the hash chain as `bill`.
pub(crate) const RECORD: crate::ledger::chain::RecordKind = crate::ledger::chain::RecordKind {
    name: "bill",
    content: canonical_by_id,
    table: "bills",
};
