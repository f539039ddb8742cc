//! One row of a readings file checked on its own: account, period, date, reading and status,
//! each refused with the row, the column and the reason.

use super::*;

pub(super) fn err(line: u64, column: &str, value: &str, es: impl Into<String>, en: impl Into<String>) -> RowError {
    RowError {
        line,
        column: column.to_string(),
        value: value.to_string(),
        reason: Text::new(es, en),
    }
}

pub(super) fn check_fields(line: u64, d: &ReadingDraft, today: NaiveDate, errors: &mut Vec<RowError>) -> Option<Entry> {
    let before = errors.len();
    let account = d.account.trim();
    if account.is_empty() {
        errors.push(err(line, "account", account, "es obligatoria", "is required"));
    }
    let period = match d.period.trim().parse::<Period>() {
        Ok(p) if p > Period::of(today) => {
            errors.push(err(
                line,
                "period",
                &d.period,
                format!("{p} es un periodo futuro"),
                format!("{p} is a future period"),
            ));
            None
        }
        Ok(p) if p.year() < 2000 => {
            errors.push(err(
                line,
                "period",
                &d.period,
                format!("{p} no es un periodo posible; revise el año"),
                format!("{p} is not a possible period; check the year"),
            ));
            None
        }
        Ok(p) => Some(p),
        Err(()) => {
            errors.push(err(
                line,
                "period",
                &d.period,
                "no es un periodo AAAA-MM",
                "is not a YYYY-MM period",
            ));
            None
        }
    };
    let status = ReadingStatus::parse(&d.status);
    if status.is_none() {
        errors.push(err(
            line,
            "status",
            &d.status,
            "debe ser ok, sin_acceso o medidor_malogrado",
            "must be ok, no_access or meter_broken",
        ));
    }
    let raw = d.reading.trim();
    let reading = match (status, raw) {
        (Some(ReadingStatus::Ok), "") => {
            errors.push(err(
                line,
                "reading",
                raw,
                "es obligatoria cuando el estado es ok",
                "is required when the status is ok",
            ));
            None
        }
        (_, "") => None,
        (Some(ReadingStatus::Ok), t) => match parse_count(t, 999_999_999_999) {
            Ok(n) => Some(n),
            Err(reason) => {
                errors.push(RowError {
                    line,
                    column: "reading".into(),
                    value: t.into(),
                    reason,
                });
                None
            }
        },
        (Some(_), t) => {
            errors.push(err(
                line,
                "reading",
                t,
                "debe quedar vacía cuando no hubo lectura",
                "must be empty when there was no reading",
            ));
            None
        }
        (None, _) => None,
    };
    let read_on = match parse_date(&d.read_on) {
        Some(date) if date > today => {
            errors.push(err(
                line,
                "read_on",
                &d.read_on,
                "es una fecha futura",
                "is a future date",
            ));
            None
        }
        // A reading is taken near its period: within the month before it to the month after.
        Some(date) if period.is_some_and(|p| date < p.prev().first_day() || date > p.next().last_day()) => {
            let p = period.unwrap_or(Period::of(date));
            errors.push(err(
                line,
                "read_on",
                &d.read_on,
                format!(
                    "está a más de un mes del periodo {p}: se acepta del {} al {}",
                    Lang::Es.date(p.prev().first_day()),
                    Lang::Es.date(p.next().last_day())
                ),
                format!(
                    "is more than a month from period {p}: {} to {} is accepted",
                    Lang::En.date(p.prev().first_day()),
                    Lang::En.date(p.next().last_day())
                ),
            ));
            None
        }
        Some(date) => Some(date),
        None => {
            errors.push(err(
                line,
                "read_on",
                &d.read_on,
                "no es una fecha (AAAA-MM-DD o DD/MM/AAAA)",
                "is not a date (YYYY-MM-DD or DD/MM/YYYY)",
            ));
            None
        }
    };
    let mut text = |column: &str, value: &str, max: usize| match parse_text(value, max) {
        Ok(t) if t.is_empty() => None,
        Ok(t) => Some(t),
        Err(reason) => {
            errors.push(RowError {
                line,
                column: column.into(),
                value: value.into(),
                reason,
            });
            None
        }
    };
    let reader = text("reader", &d.reader, 60);
    let note = text("note", &d.note, 300);
    if errors.len() > before {
        return None;
    }
    Some(Entry {
        line,
        account: account.to_string(),
        period: period?,
        reading,
        read_on: read_on?,
        reader,
        status: status?,
        note,
    })
}
