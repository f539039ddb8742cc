//! The working-day calendar that complaint deadlines are counted in (docs/complaints.md): a
//! working day is Monday to Friday and not a holiday. The holidays of every year are a table
//! (Peru's national holidays by default: fixed days, and Holy Thursday and Good Friday counted
//! from Easter); the operator adds a day (a regional holiday, a decreed non-working day) or
//! removes one for a given date.

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use rusqlite::Connection;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

/// Easter Sunday of `year` (Gregorian; the anonymous algorithm of Meeus, Jones and Butcher).
pub fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

struct Rule {
    name_es: String,
    name_en: String,
    fixed: Option<(u32, u32)>,
    easter_offset: Option<i64>,
}

/// One day of a year's calendar that is not an ordinary weekday.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct CalendarDay {
    /// The day (ISO).
    pub day: String,
    /// Its name in Spanish.
    pub name_es: String,
    /// Its name in English.
    pub name_en: String,
    /// `national` (the table of every year), `added` (by the operator), `removed` (a holiday
    /// of the table that the operator made a working day).
    pub source: String,
}

/// The calendar as the ledger holds it, with each year's holidays computed once.
pub struct Calendar {
    rules: Vec<Rule>,
    /// The operator's changes: `true` a working day, `false` a holiday.
    changes: HashMap<NaiveDate, (bool, String)>,
    years: RefCell<HashMap<i32, BTreeMap<NaiveDate, usize>>>,
}

impl Calendar {
    pub(crate) fn load(conn: &Connection) -> Result<Calendar> {
        let mut stmt =
            conn.prepare_cached("SELECT name_es, name_en, month, day, easter_offset FROM holidays ORDER BY id")?;
        let rules = stmt
            .query_map([], |r| {
                let month: Option<u32> = r.get(2)?;
                let day: Option<u32> = r.get(3)?;
                Ok(Rule {
                    name_es: r.get(0)?,
                    name_en: r.get(1)?,
                    fixed: month.zip(day),
                    easter_offset: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = conn.prepare_cached("SELECT day, working, name FROM calendar_days")?;
        let changes = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?))
            })?
            .filter_map(|row| match row {
                Ok((d, w, n)) => crate::period::parse_date(&d).map(|d| Ok((d, (w == 1, n)))),
                Err(e) => Some(Err(e)),
            })
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(Calendar {
            rules,
            changes,
            years: RefCell::new(HashMap::new()),
        })
    }

    /// Reads the table's holidays of `year` (each with the index of its rule), computing them
    /// once per year.
    fn with_year<R>(&self, year: i32, f: impl FnOnce(&BTreeMap<NaiveDate, usize>) -> R) -> R {
        let mut years = self.years.borrow_mut();
        let days = years.entry(year).or_insert_with(|| {
            let easter = easter(year);
            let mut out = BTreeMap::new();
            for (i, rule) in self.rules.iter().enumerate() {
                let day = match (rule.fixed, rule.easter_offset) {
                    (Some((m, d)), _) => NaiveDate::from_ymd_opt(year, m, d),
                    (None, Some(off)) => easter.and_then(|e| e.checked_add_signed(chrono::Duration::days(off))),
                    _ => None,
                };
                if let Some(day) = day {
                    out.entry(day).or_insert(i);
                }
            }
            out
        });
        f(days)
    }

    fn is_table_holiday(&self, day: NaiveDate) -> bool {
        self.with_year(day.year(), |days| days.contains_key(&day))
    }

    /// Whether `day` counts in a deadline (not a weekend, a holiday or a day the operator closed).
    pub fn is_working(&self, day: NaiveDate) -> bool {
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            return false;
        }
        match self.changes.get(&day) {
            Some((working, _)) => *working,
            None => !self.is_table_holiday(day),
        }
    }

    /// The `n`-th working day strictly after `from`.
    pub fn working_days_after(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => return NaiveDate::MAX,
            }
            if self.is_working(day) {
                left -= 1;
            }
        }
        day
    }

    /// The holidays of `year`, the days added and the days removed, by date.
    pub fn year(&self, year: i32) -> Vec<CalendarDay> {
        let mut out: BTreeMap<NaiveDate, CalendarDay> = BTreeMap::new();
        for (day, i) in self.with_year(year, |days| days.clone()) {
            let rule = &self.rules[i];
            out.insert(
                day,
                CalendarDay {
                    day: day.to_string(),
                    name_es: rule.name_es.clone(),
                    name_en: rule.name_en.clone(),
                    source: "national".into(),
                },
            );
        }
        for (day, (working, name)) in self.changes.iter().filter(|(d, _)| d.year() == year) {
            let entry = out.entry(*day).or_insert_with(|| CalendarDay {
                day: day.to_string(),
                name_es: name.clone(),
                name_en: name.clone(),
                source: String::new(),
            });
            entry.source = if *working { "removed" } else { "added" }.into();
            if !*working {
                entry.name_es = name.clone();
                entry.name_en = name.clone();
            }
        }
        out.into_values().collect()
    }
}

impl Ledger {
    /// The calendar of working days, with the operator's own days.
    pub fn calendar(&self) -> Result<Calendar> {
        Calendar::load(self.conn())
    }

    /// The holidays of `year` as the calendar stands (national, added, removed).
    pub fn calendar_year(&self, year: i32) -> Result<Vec<CalendarDay>> {
        Ok(self.calendar()?.year(year))
    }

    /// Makes `day` a holiday (a regional holiday, a decreed non-working day). Deadlines already
    /// given do not move.
    pub fn calendar_add(&mut self, actor: &Actor, day: NaiveDate, name: &str) -> Result<()> {
        actor.require(Permission::ManageSettings)?;
        let name = name.trim();
        let name = if name.is_empty() { "Feriado local" } else { name }.to_string();
        self.write(actor, "calendar.add", |tx, clock| {
            let cal = Calendar::load(tx)?;
            if !cal.is_working(day) && !cal.changes.get(&day).is_some_and(|c| c.0) {
                return Err(Error::conflict(
                    format!("El {} ya no es un día hábil.", Lang::Es.date(day)),
                    format!("{} is already not a working day.", Lang::En.date(day)),
                ));
            }
            tx.execute(
                "INSERT INTO calendar_days (day, working, name, changed_by, changed_at) VALUES (?1, 0, ?2, ?3, ?4)
                 ON CONFLICT (day) DO UPDATE SET working = 0, name = excluded.name, changed_by = excluded.changed_by, changed_at = excluded.changed_at",
                (day.to_string(), &name, &actor.name, clock.now_stamp()),
            )?;
            Ok(((), format!("day={day} holiday name={name}")))
        })
    }

    /// Makes `day` a working day again: a day the operator added is taken out; a holiday of the
    /// table is worked that year. A weekend stays a weekend.
    pub fn calendar_remove(&mut self, actor: &Actor, day: NaiveDate) -> Result<()> {
        actor.require(Permission::ManageSettings)?;
        self.write(actor, "calendar.remove", |tx, clock| {
            let cal = Calendar::load(tx)?;
            if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                return Err(Error::invalid(
                    ErrorCode::Day,
                    format!("El {} es sábado o domingo: no es un día hábil en ningún calendario.", Lang::Es.date(day)),
                    format!("{} is a Saturday or Sunday: never a working day.", Lang::En.date(day)),
                ));
            }
            if cal.is_working(day) {
                return Err(Error::conflict(
                    format!("El {} ya es un día hábil.", Lang::Es.date(day)),
                    format!("{} is already a working day.", Lang::En.date(day)),
                ));
            }
            if cal.is_table_holiday(day) {
                tx.execute(
                    "INSERT INTO calendar_days (day, working, name, changed_by, changed_at) VALUES (?1, 1, 'hábil', ?2, ?3)
                     ON CONFLICT (day) DO UPDATE SET working = 1, changed_by = excluded.changed_by, changed_at = excluded.changed_at",
                    (day.to_string(), &actor.name, clock.now_stamp()),
                )?;
            } else {
                tx.execute("DELETE FROM calendar_days WHERE day = ?1", [day.to_string()])?;
            }
            Ok(((), format!("day={day} working")))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::easter;
    use chrono::NaiveDate;

    #[test]
    fn easter_of_known_years() {
        for (y, m, d) in [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter(y), NaiveDate::from_ymd_opt(y, m, d), "{y}");
        }
    }
}
