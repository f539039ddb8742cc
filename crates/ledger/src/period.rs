//! Billing periods (`YYYY-MM`) and the operator's local calendar. Dates are the operator's
//! calendar dates, never derived from UTC (DESIGN.md), so "today" is computed from the
//! operator's UTC offset, Lima's by default.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A billing period: one calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS), ts(type = "string"))]
pub struct Period {
    year: i32,
    month: u32,
}

impl Period {
    /// The period of `year` and `month` (1–12), if it is one.
    pub fn new(year: i32, month: u32) -> Option<Period> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year)).then_some(Period { year, month })
    }

    /// The period `date` falls in.
    pub fn of(date: NaiveDate) -> Period {
        Period {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Its year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Its month, 1 to 12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The period after.
    pub fn next(self) -> Period {
        if self.month == 12 {
            Period {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Period {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The period before.
    pub fn prev(self) -> Period {
        if self.month == 1 {
            Period {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Period {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// Months from `self` to `later` (0 when equal, negative when `later` is earlier).
    pub fn months_until(self, later: Period) -> i32 {
        (later.year - self.year) * 12 + later.month as i32 - self.month as i32
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid period has a first day")
    }

    /// Its last day.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day() - Duration::days(1)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Period {
    /// Reads the stored form `YYYY-MM` without the general parser's allocations: the ledger
    /// holds millions of these.
    pub fn from_stored(bytes: &[u8]) -> Option<Period> {
        let [y0, y1, y2, y3, b'-', m0, m1] = *bytes else {
            return None;
        };
        let digit = |b: u8| b.is_ascii_digit().then(|| u32::from(b - b'0'));
        let year = ((digit(y0)? * 10 + digit(y1)?) * 10 + digit(y2)?) * 10 + digit(y3)?;
        Period::new(year as i32, digit(m0)? * 10 + digit(m1)?)
    }
}

impl FromStr for Period {
    type Err = ();
    /// Accepts `YYYY-MM` (also `YYYY/MM` and `MM/YYYY`, as spreadsheets write them).
    fn from_str(s: &str) -> Result<Period, ()> {
        let s = s.trim();
        let (a, b) = s.split_once(['-', '/']).ok_or(())?;
        let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
        if !digits(a) || !digits(b) {
            return Err(());
        }
        let (y, m) = if a.len() == 4 {
            (a, b)
        } else if b.len() == 4 {
            (b, a)
        } else {
            return Err(());
        };
        if m.len() > 2 {
            return Err(());
        }
        Period::new(y.parse().map_err(|_| ())?, m.parse().map_err(|_| ())?).ok_or(())
    }
}

impl TryFrom<String> for Period {
    type Error = String;
    fn try_from(s: String) -> Result<Period, String> {
        s.parse().map_err(|_| format!("not a period (YYYY-MM): {s}"))
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

/// Parses a date as `YYYY-MM-DD` or `DD/MM/YYYY` (the two forms the formats accept).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
        .filter(|d| (1900..=9999).contains(&d.year()))
}

/// A local date and time as sheets write it: `YYYY-MM-DD HH:MM` or `DD/MM/YYYY HH:MM`.
pub fn parse_local_time(s: &str) -> Option<chrono::NaiveDateTime> {
    let s = s.trim();
    [
        "%Y-%m-%d %H:%M",
        "%d/%m/%Y %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%d/%m/%Y %H:%M:%S",
    ]
    .iter()
    .find_map(|f| chrono::NaiveDateTime::parse_from_str(s, f).ok())
    .filter(|t| (1900..=9999).contains(&t.date().year()))
}

/// The operator's clock: a fixed UTC offset (Peru has kept UTC−5 without daylight saving
/// since 1994), read from settings. Every "now" of the program is read here: the machine's
/// clock, or a moment given to it — a ledger's clock stopped by a test
/// ([`LocalClock::stopped_at`]), or the whole process's with `CAUDAL_NOW` — so what a test
/// checks never depends on the day or the time zone it runs in.
#[derive(Debug, Clone, Copy)]
pub struct LocalClock {
    offset: FixedOffset,
    stopped: Option<DateTime<Utc>>,
}

/// The environment variable that gives the whole process its "now" (RFC 3339, with offset).
pub const NOW_VARIABLE: &str = "CAUDAL_NOW";

/// `CAUDAL_NOW` as read once per process: `None` when unset, an error when set but not a
/// moment (the command line refuses to start on it rather than run on the machine's clock).
pub fn process_now() -> std::result::Result<Option<DateTime<Utc>>, String> {
    static NOW: std::sync::OnceLock<std::result::Result<Option<DateTime<Utc>>, String>> = std::sync::OnceLock::new();
    NOW.get_or_init(|| match std::env::var(NOW_VARIABLE) {
        Err(_) => Ok(None),
        Ok(text) => DateTime::parse_from_rfc3339(text.trim())
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| text),
    })
    .clone()
}

impl LocalClock {
    /// Lima's offset from UTC: five hours behind, all year.
    pub const LIMA_OFFSET_MINUTES: i32 = -300;

    /// A clock `offset_minutes` from UTC.
    pub fn new(offset_minutes: i32) -> LocalClock {
        let offset = FixedOffset::east_opt(offset_minutes * 60)
            .unwrap_or_else(|| FixedOffset::west_opt(5 * 3600).expect("UTC-5 is a valid offset"));
        LocalClock { offset, stopped: None }
    }

    /// This clock with another offset, still stopped where it was.
    pub fn with_offset(self, offset_minutes: i32) -> LocalClock {
        LocalClock {
            stopped: self.stopped,
            ..LocalClock::new(offset_minutes)
        }
    }

    /// This clock reading `at` whenever it is asked the time.
    pub fn stopped_at(self, at: DateTime<Utc>) -> LocalClock {
        LocalClock {
            stopped: Some(at),
            ..self
        }
    }

    /// Now, in UTC.
    pub fn now_utc(&self) -> DateTime<Utc> {
        self.stopped
            .or_else(|| process_now().ok().flatten())
            .unwrap_or_else(Utc::now)
    }

    /// Today's date where the operator is.
    pub fn today(&self) -> NaiveDate {
        self.now_utc().with_timezone(&self.offset).date_naive()
    }

    /// The local date and time now (to the minute is what field sheets write).
    pub fn now_local(&self) -> chrono::NaiveDateTime {
        self.now_utc().with_timezone(&self.offset).naive_local()
    }

    /// A stored UTC moment (`…Z`, as the outbox keeps them to compare with the clock) in local
    /// time with its offset, as people read it; anything else as it is.
    pub fn local_stamp(&self, utc: &str) -> String {
        chrono::DateTime::parse_from_rfc3339(utc).map_or_else(
            |_| utc.to_string(),
            |t| t.with_timezone(&self.offset).format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        )
    }

    /// Local timestamp with its offset, for the audit log: `2026-11-29T04:42:07-05:00`.
    pub fn now_stamp(&self) -> String {
        self.now_utc()
            .with_timezone(&self.offset)
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_step() {
        let p: Period = "2026-01".parse().unwrap();
        assert_eq!(p.prev().to_string(), "2025-12");
        assert_eq!(p.prev().next(), p);
        assert_eq!("01/2026".parse::<Period>().unwrap(), p);
        assert!("2026-13".parse::<Period>().is_err());
        assert!("2026-1x".parse::<Period>().is_err());
        assert_eq!(p.months_until("2027-03".parse().unwrap()), 14);
        assert_eq!(p.last_day(), NaiveDate::from_ymd_opt(2026, 1, 31).unwrap());
    }

    #[test]
    fn dates_in_both_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        assert_eq!(parse_date("2026-03-07"), Some(d));
        assert_eq!(parse_date("07/03/2026"), Some(d));
        assert_eq!(parse_date("31/02/2026"), None);
    }
}
