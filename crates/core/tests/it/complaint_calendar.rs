//! Complaint deadlines in working days, checked against a calendar computed here on its own:
//! weekends, Holy Week, the May and July holidays and a regional one.

use super::common::*;
use super::complaints::day;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::HashSet;

/// Peru's national holidays of `year`, written out here: Easter from a published table.
fn holidays(year: i32) -> HashSet<NaiveDate> {
    let easter = match year {
        2024 => (3, 31),
        2025 => (4, 20),
        2026 => (4, 5),
        2027 => (3, 28),
        2028 => (4, 16),
        2029 => (4, 1),
        2030 => (4, 21),
        _ => panic!("no Easter for {year} in the test's table"),
    };
    let easter = NaiveDate::from_ymd_opt(year, easter.0, easter.1).unwrap();
    let mut out: HashSet<NaiveDate> = [
        (1, 1),
        (5, 1),
        (6, 7),
        (6, 29),
        (7, 23),
        (7, 28),
        (7, 29),
        (8, 6),
        (8, 30),
        (10, 8),
        (11, 1),
        (12, 8),
        (12, 9),
        (12, 25),
    ]
    .iter()
    .map(|(mo, d)| NaiveDate::from_ymd_opt(year, *mo, *d).unwrap())
    .collect();
    out.insert(easter - Days::new(3));
    out.insert(easter - Days::new(2));
    out
}

/// The n-th working day after `from`, by brute force over the independent holidays.
fn nth_working_day(from: NaiveDate, n: u32, extra: &HashSet<NaiveDate>, worked: &HashSet<NaiveDate>) -> NaiveDate {
    let mut d = from;
    let mut left = n;
    while left > 0 {
        d = d + Days::new(1);
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let holiday = (holidays(d.year()).contains(&d) && !worked.contains(&d)) || extra.contains(&d);
        if !weekend && !holiday {
            left -= 1;
        }
    }
    d
}

#[test]
fn deadlines_count_working_days_across_weekends_holy_week_may_july_and_a_regional_holiday() {
    let mut t = Town::new();
    let none = HashSet::new();
    let cal = t.ledger.calendar().unwrap();
    let mut d = day("2024-01-01");
    while d < day("2029-10-01") {
        for n in [1, 5, 15, 30] {
            assert_eq!(
                cal.working_days_after(d, n),
                nth_working_day(d, n, &none, &none),
                "{n} after {d}"
            );
        }
        d = d + Days::new(2);
    }
    // Named cases: Holy Week 2026 (2 and 3 April), 1 May, the July holidays.
    assert_eq!(cal.working_days_after(day("2026-04-01"), 1), day("2026-04-06"));
    assert_eq!(cal.working_days_after(day("2026-04-30"), 1), day("2026-05-04"));
    assert_eq!(cal.working_days_after(day("2026-07-22"), 2), day("2026-07-27"));
    assert_eq!(cal.working_days_after(day("2026-07-27"), 1), day("2026-07-30"));
    // A regional holiday added, and a national one worked.
    t.ledger
        .calendar_add(&admin(), day("2026-09-24"), "Aniversario del distrito")
        .unwrap();
    t.ledger.calendar_remove(&admin(), day("2026-10-08")).unwrap();
    let extra: HashSet<_> = [day("2026-09-24")].into();
    let worked: HashSet<_> = [day("2026-10-08")].into();
    let cal = t.ledger.calendar().unwrap();
    for start in ["2026-09-01", "2026-09-20", "2026-10-01"] {
        for n in [5, 15, 30] {
            assert_eq!(
                cal.working_days_after(day(start), n),
                nth_working_day(day(start), n, &extra, &worked)
            );
        }
    }
    let year = t.ledger.calendar_year(2026).unwrap();
    assert!(year.iter().any(|d| d.day == "2026-09-24" && d.source == "added"));
    assert!(year.iter().any(|d| d.day == "2026-10-08" && d.source == "removed"));
    // A clerk does not change the calendar; a weekend is never a working day.
    assert_eq!(
        t.ledger
            .calendar_add(&clerk(), day("2026-09-25"), "x")
            .unwrap_err()
            .code(),
        "forbidden"
    );
    assert!(t.ledger.calendar_remove(&admin(), day("2026-09-26")).is_err());
}
