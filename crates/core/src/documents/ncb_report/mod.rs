//! The Community Board's monthly report on A4 (docs/report.md): a cover with the month in
//! plain words, the indicators with a twelve-month chart each, the tariff audit, complaints,
//! water quality, continuity, money and the fund, and the Board's records. Every page carries
//! the operator, the town, the period and its number. Met or not is a word and a mark, never
//! a colour alone, so a black-and-white copy reads the same.

// Page geometry and chart heights in millimetres: floats here never hold money.
#![allow(clippy::float_arithmetic)]

mod audit;
mod complaints;
mod continuity;
mod cover;
mod flow;
mod indicators;
mod money;
mod quality;
mod the_board;

use audit::audit;
use complaints::complaints;
use continuity::continuity;
use cover::cover;
use flow::*;
use indicators::*;
use money::money;
use quality::{percent_or_dash, quality};
use the_board::the_board;

use super::Letterhead;
use super::layout::{Page, Resources, Style, mark, wrap_lines};
use crate::i18n::Lang;
use crate::money::Money;
use crate::period::Period;
use crate::reports::indicators::{INDICATORS, Unit, definition};
use crate::reports::{Indicator, NcbReport, board};
use crate::text::capitalized;
use crate::tr;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The page's width in mm (A4).
pub const WIDTH: f32 = 210.0;
/// The page's height in mm (A4).
pub const HEIGHT: f32 = 297.0;

/// Lays out the whole report; returns its pages.
pub fn pages(fonts: &Resources, r: &NcbReport, lh: &Letterhead, lang: Lang) -> Vec<printpdf::PdfPage> {
    let period: Period = r.period.parse().unwrap_or_else(|_| Period::of(chrono::NaiveDate::MIN));
    let running = tr!(
        lang,
        format!(
            "{} · {} · Informe de la Junta Vecinal · {}",
            r.operator,
            r.town,
            lang.period(period)
        ),
        format!(
            "{} · {} · Community Board report · {}",
            r.operator,
            r.town,
            lang.period(period)
        )
    );
    let mut f = Flow::new(fonts, running);
    cover(&mut f, r, lh, lang, period);
    indicators(&mut f, r, lang);
    audit(&mut f, r, lang, period);
    complaints(&mut f, r, lang);
    quality(&mut f, r, lang);
    continuity(&mut f, r, lang);
    money(&mut f, r, lang);
    the_board(&mut f, r, lang);
    let printed = tr!(
        lang,
        format!("Impreso el {}", lang.stored_date(&r.printed_on)),
        format!("Printed on {}", lang.stored_date(&r.printed_on))
    );
    f.finish(lang, &printed)
}
