//! The two languages every user-facing text exists in, and the es-PE / en display forms of
//! dates. Spanish (Peru) comes first and is the default.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The language of every text a user sees: Spanish first, English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum Lang {
    /// Español (es-PE).
    #[default]
    Es,
    /// English.
    En,
}

impl Lang {
    /// Picks the Spanish or the English form of a text.
    pub fn pick<'a>(self, es: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Es => es,
            Lang::En => en,
        }
    }

    /// `dd/mm/aaaa` in Spanish; ISO `YYYY-MM-DD` in English, unambiguous for any reader.
    pub fn date(self, d: NaiveDate) -> String {
        match self {
            Lang::Es => d.format("%d/%m/%Y").to_string(),
            Lang::En => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// A month's name: "noviembre", "November" (es-PE writes "setiembre").
    pub fn month(self, month: u32) -> &'static str {
        const ES: [&str; 12] = [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "setiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let i = (month as usize).clamp(1, 12) - 1;
        self.pick(ES[i], EN[i])
    }

    /// A stored date (`YYYY-MM-DD`) as this language writes it; anything else as it is.
    pub fn stored_date(self, iso: &str) -> String {
        crate::period::parse_date(iso).map_or_else(|| iso.to_string(), |d| self.date(d))
    }

    /// A stored moment (`YYYY-MM-DDTHH:MM:SS±hh:mm`, already local) as this language writes
    /// it, to the minute: "02/12/2026 04:50"; anything else as it is.
    pub fn stamp(self, stamp: &str) -> String {
        match (stamp.get(..10), stamp.get(10..11), stamp.get(11..16)) {
            (Some(day), Some("T"), Some(time)) if crate::period::parse_date(day).is_some() => {
                format!("{} {time}", self.stored_date(day))
            }
            _ => stamp.to_string(),
        }
    }

    /// A count with thousands separators, as both languages print it here: "1,180".
    pub fn count(self, n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    /// "1 recibo" / "2 recibos": a count and the word that agrees with it.
    pub fn counted(self, n: u64, es: (&str, &str), en: (&str, &str)) -> String {
        let (one, many) = self.pick2(es, en);
        format!("{} {}", self.count(n), if n == 1 { one } else { many })
    }

    fn pick2<'a>(self, es: (&'a str, &'a str), en: (&'a str, &'a str)) -> (&'a str, &'a str) {
        match self {
            Lang::Es => es,
            Lang::En => en,
        }
    }

    /// A calendar month in words: "noviembre de 2026", "November 2026".
    pub fn period(self, p: crate::Period) -> String {
        match self {
            Lang::Es => format!("{} de {}", self.month(p.month()), p.year()),
            Lang::En => format!("{} {}", self.month(p.month()), p.year()),
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = ();
    fn from_str(s: &str) -> Result<Lang, ()> {
        match s.trim().to_ascii_lowercase().as_str() {
            "es" | "es-pe" | "spanish" | "español" => Ok(Lang::Es),
            "en" | "en-us" | "en-gb" | "english" => Ok(Lang::En),
            _ => Err(()),
        }
    }
}

/// A text that exists in both languages, resolved when shown.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $es:expr, $en:expr $(,)?) => {
        match $lang {
            $crate::Lang::Es => $es,
            $crate::Lang::En => $en,
        }
    };
}
