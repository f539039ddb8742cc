//! The month's data files carried in a bundle (docs/bundle.md, docs/formats.md "Bundle CSVs"):
//! one CSV per table, UTF-8 with BOM and CRLF so that a spreadsheet opens them as they are,
//! with the column names of the imports and exports. Adding a table is one line in [`PAYLOAD`].

use crate::Ledger;
use crate::billing::BILLS_CSV_HEADER;
use crate::error::{Error, Result};
use crate::money::Money;
use crate::period::Period;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;

/// Where a payload file's rows come from.
enum Source {
    /// A query with the named parameters `:period` (YYYY-MM), `:first` and `:last` (the
    /// month's first and last day). Column names become the header; `money(x)` formats céntimos.
    Sql(&'static str),
    /// Rows computed by the core (derived figures that are not a table).
    Derived(fn(&Ledger, Period) -> Result<Vec<Vec<String>>>, &'static [&'static str]),
}

/// Every payload file, in the order of the manifest (which sorts them anyway).
const PAYLOAD: &[(&str, Source)] = &[
    ("customers.csv", Source::Sql(CUSTOMERS)),
    ("readings.csv", Source::Sql(READINGS)),
    ("bills.csv", Source::Derived(bills_rows, BILLS_CSV_HEADER)),
    (
        "bill_lines.csv",
        Source::Derived(bill_lines_rows, &["number", "account", "line", "volume_m3", "amount"]),
    ),
    ("notes.csv", Source::Sql(NOTES)),
    ("payments.csv", Source::Sql(PAYMENTS)),
    ("service_events.csv", Source::Sql(SERVICE_EVENTS)),
    ("fund_movements.csv", Source::Derived(fund_rows, FUND_HEADER)),
    ("operator_entries.csv", Source::Sql(OPERATOR_ENTRIES)),
    (
        "complaints.csv",
        Source::Derived(complaints_rows, crate::complaints::COMPLAINTS_CSV_HEADER),
    ),
    (
        "quality_tests.csv",
        Source::Derived(|l, p| l.quality_rows(p), crate::quality::QUALITY_CSV_HEADER),
    ),
    (
        "interruptions.csv",
        Source::Derived(
            |l, p| l.interruption_rows(p),
            crate::continuity::INTERRUPTIONS_CSV_HEADER,
        ),
    ),
    (
        "indicators.csv",
        Source::Derived(|l, p| l.indicator_rows(p), crate::reports::INDICATORS_CSV_HEADER),
    ),
    (
        "ncb_meetings.csv",
        Source::Derived(|l, p| l.meeting_rows(p), crate::reports::MEETINGS_CSV_HEADER),
    ),
    (
        "production.csv",
        Source::Derived(|l, p| l.production_rows(p), &["source", "period", "m3"]),
    ),
];

const CUSTOMERS: &str = "SELECT c.account, c.name, c.document, c.address, c.sector, c.route, c.route_seq,
    c.category, CASE c.metered WHEN 1 THEN 'yes' ELSE 'no' END AS metered, m.serial AS meter_serial,
    m.digits AS meter_digits, m.initial_reading, CASE c.sewer WHEN 1 THEN 'yes' ELSE 'no' END AS sewer,
    CASE c.subsidized WHEN 1 THEN 'yes' ELSE 'no' END AS subsidized, c.status, c.gender, c.phone, c.connected_on
    FROM connections c
    LEFT JOIN meters m ON m.id = (SELECT max(id) FROM meters WHERE connection_id = c.id AND removed_on IS NULL)
    ORDER BY c.account";

const READINGS: &str = "SELECT c.account, r.period, r.reading, r.read_on, r.reader, r.status, r.note,
    m.serial AS meter_serial, r.confirmed_by
    FROM readings r JOIN connections c ON c.id = r.connection_id JOIN meters m ON m.id = r.meter_id
    WHERE r.period = :period ORDER BY c.account";

const NOTES: &str =
    "SELECT n.number, n.kind, b.number AS bill, n.account, n.issued_on, n.reason, money(n.water) AS water,
    money(n.sewer) AS sewer, money(n.fixed) AS fixed, money(n.subsidy) AS subsidy, money(n.tax) AS tax, money(n.total) AS total,
    money(n.fund_share) AS fund_share, n.issued_by
    FROM notes n JOIN bills b ON b.id = n.bill_id
    WHERE n.issued_on BETWEEN :first AND :last ORDER BY n.id";

const PAYMENTS: &str = "SELECT p.number, p.account, p.paid_on, money(p.amount) AS amount, p.channel, p.reference,
    r.number AS reverses, p.reason, p.recorded_by
    FROM payments p LEFT JOIN payments r ON r.id = p.reverses
    WHERE p.paid_on BETWEEN :first AND :last ORDER BY p.id";

const SERVICE_EVENTS: &str = "SELECT account, kind, event_on, reason, money(charge) AS charge, recorded_by
    FROM service_events WHERE event_on BETWEEN :first AND :last ORDER BY id";

const OPERATOR_ENTRIES: &str = "SELECT entry_on, kind, money(amount) AS amount, description, document, recorded_by
    FROM operator_entries WHERE entry_on BETWEEN :first AND :last ORDER BY id";

const FUND_HEADER: &[&str] = &["date", "kind", "purpose", "amount", "document", "description"];

/// One payload file, ready to be hashed and zipped.
pub struct PayloadFile {
    /// The path inside the bag, `data/<name>`.
    pub path: String,
    /// Its contents.
    pub bytes: Vec<u8>,
}

/// Builds every payload file of `period`, plus `tariff.toml` (the tariff in force, byte for byte).
pub fn build(ledger: &Ledger, period: Period) -> Result<Vec<PayloadFile>> {
    register_money(ledger)?;
    let mut files = Vec::with_capacity(PAYLOAD.len() + 1);
    for (name, source) in PAYLOAD {
        let (header, rows) = match source {
            Source::Sql(sql) => query_rows(ledger, period, sql)?,
            Source::Derived(f, header) => (header.iter().map(|h| h.to_string()).collect(), f(ledger, period)?),
        };
        files.push(PayloadFile {
            path: format!("data/{name}"),
            bytes: to_csv(&header, &rows)?,
        });
    }
    let tariff = ledger.tariff_for(period)?;
    files.push(PayloadFile {
        path: "data/tariff.toml".into(),
        bytes: tariff.document.into_bytes(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// `money(cents)` in SQL: céntimos as "12.50", exactly as the exports write them.
fn register_money(ledger: &Ledger) -> Result<()> {
    ledger.conn().create_scalar_function(
        "money",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                ValueRef::Integer(c) => Some(Money::from_cents(c).plain()),
                _ => None,
            })
        },
    )?;
    Ok(())
}

fn query_rows(ledger: &Ledger, period: Period, sql: &str) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let mut stmt = ledger.conn().prepare(sql)?;
    let header: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
    let (period, first, last) = (
        period.to_string(),
        period.first_day().to_string(),
        period.last_day().to_string(),
    );
    let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
    for (name, value) in [(":period", &period), (":first", &first), (":last", &last)] {
        if stmt.parameter_index(name)?.is_some() {
            params.push((name, value as &dyn rusqlite::ToSql));
        }
    }
    let n = header.len();
    let mut rows = stmt.query(params.as_slice())?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut record = Vec::with_capacity(n);
        for i in 0..n {
            record.push(match r.get_ref(i)? {
                ValueRef::Null => String::new(),
                ValueRef::Integer(v) => v.to_string(),
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                // No table stores floats or blobs; say so rather than guess a format.
                other => {
                    return Err(Error::Internal(format!(
                        "unexpected {:?} in a bundle column",
                        other.data_type()
                    )));
                }
            });
        }
        out.push(record);
    }
    Ok((header, out))
}

/// UTF-8 with BOM, `,` separated, CRLF line ends, quoted only where needed, every cell safe
/// to open in a spreadsheet.
fn to_csv(header: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let mut buf = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut buf);
        let internal = |e: csv::Error| Error::Internal(e.to_string());
        w.write_record(header).map_err(internal)?;
        for row in rows {
            w.write_record(row.iter().map(|c| crate::files::spreadsheet_safe(c).into_owned()))
                .map_err(internal)?;
        }
        w.flush().map_err(|e| Error::Internal(e.to_string()))?;
    }
    Ok(buf)
}

fn bills_rows(ledger: &Ledger, period: Period) -> Result<Vec<Vec<String>>> {
    Ok(ledger.bills(period, None)?.iter().map(|b| b.csv_record()).collect())
}

fn complaints_rows(ledger: &Ledger, period: Period) -> Result<Vec<Vec<String>>> {
    Ok(ledger
        .complaints_of_month(period)?
        .iter()
        .map(crate::complaints::csv_record)
        .collect())
}

fn bill_lines_rows(ledger: &Ledger, period: Period) -> Result<Vec<Vec<String>>> {
    let mut out = Vec::new();
    for b in ledger.bills(period, None)? {
        for (line, volume, amount) in b.lines() {
            out.push(vec![
                b.number.clone(),
                b.account.clone(),
                line.to_string(),
                volume.map(|v| v.to_string()).unwrap_or_default(),
                amount.plain(),
            ]);
        }
    }
    Ok(out)
}

/// The fund over the month, by purpose: opening balance, contributions from the month's
/// payments, subsidies of the month's bills, each spending with its document, closing balance.
fn fund_rows(ledger: &Ledger, period: Period) -> Result<Vec<Vec<String>>> {
    let (first, last) = (period.first_day().to_string(), period.last_day().to_string());
    let scope = crate::accounts::Scope {
        connection: None,
        as_of: Some(period.last_day()),
        references: false,
    };
    let entries = crate::accounts::load(ledger.conn(), scope)?;
    let month = crate::fund::fund_months(ledger.conn(), &entries, &[period])?
        .pop()
        .ok_or_else(|| Error::Internal("fund of no month".into()))?;
    let mut out = Vec::new();
    let row = |date: &str, kind: &str, purpose: &str, amount: Money, document: &str, description: &str| {
        vec![
            date.to_string(),
            kind.to_string(),
            purpose.to_string(),
            amount.plain(),
            document.to_string(),
            description.to_string(),
        ]
    };
    for p in &month.purposes {
        out.push(row(&first, "opening_balance", &p.purpose, p.opening, "", ""));
        out.push(row(&last, "contributions", &p.purpose, p.contributions, "", ""));
        if p.subsidies != Money::ZERO {
            out.push(row(&last, "subsidies", &p.purpose, p.subsidies.checked_neg()?, "", ""));
        }
        for s in month.spent.iter().filter(|s| s.purpose == p.purpose) {
            out.push(row(
                &s.spent_on.to_string(),
                "spending",
                &p.purpose,
                s.amount.checked_neg()?,
                &s.document,
                &s.description,
            ));
        }
        out.push(row(&last, "closing_balance", &p.purpose, p.closing, "", ""));
    }
    Ok(out)
}
