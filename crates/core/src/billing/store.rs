//! Issued bills in the ledger: the one record layout used to insert, to seal in the hash chain,
//! to verify, and to export — so that what is sealed is exactly what is stored.

use super::volume::Basis;
use crate::error::{Result, Text};
use crate::ledger::ChainBreak;
use crate::money::Money;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

/// A bill line as sealed: (line number, code, volume, amount in céntimos).
pub type SealedLine = (i64, String, Option<i64>, i64);

/// An issued bill, column for column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bill {
    pub id: i64,
    pub number: String,
    pub seq: i64,
    pub connection_id: i64,
    pub account: String,
    pub holder: String,
    pub address: String,
    pub period: String,
    pub issued_on: String,
    pub due_on: String,
    pub tariff_id: i64,
    pub category: String,
    pub basis: Basis,
    pub meter_serial: Option<String>,
    pub prev_reading: Option<u64>,
    pub curr_reading: Option<u64>,
    pub consumption_m3: u64,
    pub billed_m3: u64,
    pub water: Money,
    pub sewer: Money,
    pub fixed: Money,
    pub subsidy: Money,
    pub subtotal: Money,
    pub tax: Money,
    pub month_total: Money,
    pub rounding_prev: Money,
    pub rounding_curr: Money,
    pub amount_due: Money,
    pub previous_balance: Money,
    pub total_to_pay: Money,
    pub fund_share: Money,
    pub issued_by: String,
}

pub(crate) const COLUMNS: &str = "id, number, seq, connection_id, account, holder, address, period, issued_on, due_on,
    tariff_id, category, basis, meter_serial, prev_reading, curr_reading, consumption_m3, billed_m3, water, sewer,
    fixed, subsidy, subtotal, tax, month_total, rounding_prev, rounding_curr, amount_due, previous_balance,
    total_to_pay, fund_share, issued_by";

impl Bill {
    pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Bill> {
        let m = |i: usize| r.get::<_, i64>(i).map(Money::from_cents);
        let basis: String = r.get(12)?;
        Ok(Bill {
            id: r.get(0)?,
            number: r.get(1)?,
            seq: r.get(2)?,
            connection_id: r.get(3)?,
            account: r.get(4)?,
            holder: r.get(5)?,
            address: r.get(6)?,
            period: r.get(7)?,
            issued_on: r.get(8)?,
            due_on: r.get(9)?,
            tariff_id: r.get(10)?,
            category: r.get(11)?,
            basis: Basis::parse(&basis).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    12,
                    rusqlite::types::Type::Text,
                    format!("basis {basis}").into(),
                )
            })?,
            meter_serial: r.get(13)?,
            prev_reading: r.get(14)?,
            curr_reading: r.get(15)?,
            consumption_m3: r.get(16)?,
            billed_m3: r.get(17)?,
            water: m(18)?,
            sewer: m(19)?,
            fixed: m(20)?,
            subsidy: m(21)?,
            subtotal: m(22)?,
            tax: m(23)?,
            month_total: m(24)?,
            rounding_prev: m(25)?,
            rounding_curr: m(26)?,
            amount_due: m(27)?,
            previous_balance: m(28)?,
            total_to_pay: m(29)?,
            fund_share: m(30)?,
            issued_by: r.get(31)?,
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

    /// The content sealed in the hash chain: every column, in a fixed order, and the lines.
    pub fn canonical(&self, lines: &[SealedLine]) -> String {
        let opt = |v: Option<u64>| v.map(|x| x.to_string()).unwrap_or_default();
        let mut s = format!(
            "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
            self.number,
            self.seq,
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
            self.meter_serial.as_deref().unwrap_or(""),
            opt(self.prev_reading),
            opt(self.curr_reading),
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
        );
        for (no, code, volume, amount) in lines {
            s.push_str(&format!(
                "\n{no}|{code}|{}|{amount}",
                volume.map(|v| v.to_string()).unwrap_or_default()
            ));
        }
        s
    }

    /// Inserts the bill and its lines; returns the lines as sealed.
    pub(crate) fn insert(&mut self, conn: &Connection) -> Result<Vec<SealedLine>> {
        conn.prepare_cached(&format!(
            "INSERT INTO bills ({}) VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
             ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)",
            COLUMNS
        ))?
        .execute(rusqlite::params![
            self.number,
            self.seq,
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
        self.id = conn.last_insert_rowid();
        let mut stmt = conn.prepare_cached("INSERT INTO bill_lines (bill_id, line_no, code, volume, amount) VALUES (?1, ?2, ?3, ?4, ?5)")?;
        let mut sealed = Vec::new();
        for (i, (code, volume, amount)) in self.lines().into_iter().enumerate() {
            let no = i as i64 + 1;
            let volume = volume.map(|v| v as i64);
            stmt.execute((self.id, no, code, volume, amount.cents()))?;
            sealed.push((no, code.to_string(), volume, amount.cents()));
        }
        Ok(sealed)
    }
}

fn lines_of(conn: &Connection, bill_id: i64) -> rusqlite::Result<Vec<SealedLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT line_no, code, volume, amount FROM bill_lines WHERE bill_id = ?1 ORDER BY line_no",
    )?;
    let rows = stmt.query_map([bill_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    rows.collect()
}

/// The chain's view of a bill: its number and sealed content (`None` when deleted).
pub(crate) fn canonical_by_id(
    conn: &Connection,
    id: i64,
) -> rusqlite::Result<Option<(String, String)>> {
    let bill = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM bills WHERE id = ?1"))?
        .query_row([id], Bill::from_row)
        .optional()?;
    match bill {
        None => Ok(None),
        Some(b) => {
            let lines = lines_of(conn, id)?;
            Ok(Some((b.number.clone(), b.canonical(&lines))))
        }
    }
}

/// Gaps or duplicates in the bill series: the numbers must run 1..n with nothing missing, and
/// the series counter must stand at n + 1.
pub(crate) fn numbering_problems(conn: &Connection) -> Result<Vec<ChainBreak>> {
    let (count, max): (i64, Option<i64>) =
        conn.query_row("SELECT count(*), max(seq) FROM bills", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let next: Option<i64> = conn
        .query_row("SELECT next FROM series WHERE kind = 'bill'", [], |r| {
            r.get(0)
        })
        .optional()?;
    let mut problems = Vec::new();
    let max = max.unwrap_or(0);
    if count != max || next != Some(max + 1) {
        let gap: Option<i64> = conn
            .query_row(
                "SELECT seq + 1 FROM bills b WHERE seq < ?1 AND NOT EXISTS (SELECT 1 FROM bills c WHERE c.seq = b.seq + 1) ORDER BY seq LIMIT 1",
                [max],
                |r| r.get(0),
            )
            .optional()?;
        let first_missing =
            if conn.query_row("SELECT count(*) FROM bills WHERE seq = 1", [], |r| {
                r.get::<_, i64>(0)
            })? == 0
                && max > 0
            {
                Some(1)
            } else {
                gap
            };
        problems.push(ChainBreak {
            seq: None,
            kind: "bill".into(),
            record_id: None,
            reference: first_missing.map(|s| format!("#{s}")).unwrap_or_default(),
            reason: match first_missing {
                Some(s) => Text::new(
                    format!("la numeración de recibos tiene un hueco: falta el número {s}"),
                    format!("the bill numbering has a gap: number {s} is missing"),
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
            },
        });
    }
    Ok(problems)
}
