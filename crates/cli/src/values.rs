//! What an option's value means: an amount, a period or a day, read as the core reads them and
//! refused in the chosen language with the value shortened.

use caudal_core::error::ErrorCode;
use caudal_core::period::parse_date;
use caudal_core::{Error, Period};

pub fn amount(s: &str) -> Result<caudal_core::Money, Error> {
    caudal_core::Money::typed(ErrorCode::Amount, s)
}

pub fn parse_period(s: &str) -> Result<Period, Error> {
    s.parse().map_err(|_| {
        Error::invalid(
            ErrorCode::Period,
            format!(
                "«{}» no es un mes: escríbalo como AAAA-MM (2026-03)",
                caudal_core::text::shorten(s)
            ),
            format!(
                "«{}» is not a month: write it as YYYY-MM (2026-03)",
                caudal_core::text::shorten(s)
            ),
        )
    })
}

pub fn parse_day(s: &str) -> Result<chrono::NaiveDate, Error> {
    parse_date(s).ok_or_else(|| {
        Error::invalid(
            ErrorCode::Date,
            format!(
                "«{}» no es una fecha: escríbala como AAAA-MM-DD (2026-03-31)",
                caudal_core::text::shorten(s)
            ),
            format!(
                "«{}» is not a date: write it as YYYY-MM-DD (2026-03-31)",
                caudal_core::text::shorten(s)
            ),
        )
    })
}
