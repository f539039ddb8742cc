//! The Community Board's monthly report on A4 (docs/report.md): a cover with the month in
//! plain words, the indicators with a twelve-month chart each, the tariff audit, complaints,
//! water quality, continuity, money and the fund, and the Board's records. Every page carries
//! the operator, the town, the period and its number. Met or not is a word and a mark, never
//! a colour alone, so a black-and-white copy reads the same.

// Page geometry and chart heights in millimetres: floats here never hold money.
#![allow(clippy::float_arithmetic)]

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

pub const WIDTH: f32 = 210.0;
pub const HEIGHT: f32 = 297.0;
const M: f32 = 15.0;
const RIGHT: f32 = WIDTH - M;
const TOP: f32 = 22.0;
const BOTTOM: f32 = HEIGHT - 16.0;
const BODY: Style = Style::regular(9.0);
const SMALL: Style = Style::regular(7.5);
const NOTE: Style = Style::regular(7.0).grey(0.35);
const STRONG: Style = Style::bold(9.0);
const HEADING: Style = Style::bold(12.5);
const SUBHEADING: Style = Style::bold(10.0);

/// A column of a table: where it starts, how wide, right-aligned or not.
#[derive(Clone, Copy)]
struct Col {
    x: f32,
    w: f32,
    right: bool,
}

const fn col(x: f32, w: f32, right: bool) -> Col {
    Col { x, w, right }
}

/// Pages filled from top to bottom: a new page starts, with its running header, when what
/// comes next does not fit.
struct Flow<'a> {
    fonts: &'a Resources,
    pages: Vec<Page<'a>>,
    y: f32,
    running: String,
}

impl<'a> Flow<'a> {
    fn new(fonts: &'a Resources, running: String) -> Flow<'a> {
        Flow {
            fonts,
            pages: Vec::new(),
            y: TOP,
            running,
        }
    }

    fn page(&mut self) -> &mut Page<'a> {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        let mut p = Page::new(self.fonts, WIDTH, HEIGHT);
        p.text_fit(M, 11.0, RIGHT - M, NOTE, &self.running);
        p.rule(M, RIGHT, 13.0, 0.4, 0.6);
        self.pages.push(p);
        self.y = TOP;
    }

    /// Makes room for `h` mm, on a new page if need be.
    fn need(&mut self, h: f32) {
        if self.pages.is_empty() || self.y + h > BOTTOM {
            self.new_page();
        }
    }

    fn gap(&mut self, h: f32) {
        self.y += h;
    }

    /// A section title on a fresh line, kept with at least `keep` mm of what follows.
    fn heading(&mut self, text: &str, keep: f32) {
        self.need(12.0 + keep);
        self.y += 4.0;
        let y = self.y;
        self.page().text(M, y, HEADING, text);
        self.page().rule(M, RIGHT, y + 2.0, 0.8, 0.2);
        self.y += 8.0;
    }

    fn subheading(&mut self, text: &str) {
        self.need(14.0);
        self.y += 1.5;
        let y = self.y;
        self.page().text(M, y, SUBHEADING, text);
        self.y += 5.5;
    }

    /// A paragraph wrapped to the page's width (or `width` from `x`), split across pages.
    fn para_at(&mut self, x: f32, width: f32, style: Style, text: &str) {
        let leading = style.size * 0.45;
        for line in wrap_lines(text, width, usize::MAX, style) {
            self.need(leading);
            let y = self.y;
            self.page().text(x, y, style, &line);
            self.y += leading;
        }
        self.y += 1.0;
    }

    fn para(&mut self, style: Style, text: &str) {
        self.para_at(M, RIGHT - M, style, text);
    }

    /// A label and its figure on one line, the figure aligned right at `right`.
    fn figure(&mut self, label: &str, value: &str) {
        self.need(5.0);
        let y = self.y;
        self.page().text_fit(M + 2.0, y, 120.0, BODY, label);
        self.page().text_right(M + 165.0, y, STRONG, value);
        self.y += 4.8;
    }

    /// A table: the header row in bold over a rule, each row on one line (cells shortened to
    /// fit), the header repeated on each new page.
    fn table(&mut self, cols: &[Col], header: &[String], rows: &[Vec<String>]) {
        let draw_header = |f: &mut Flow<'a>| {
            let y = f.y;
            for (c, h) in cols.iter().zip(header) {
                cell(f.page(), *c, y, Style::bold(7.5), h);
            }
            f.page().rule(M, RIGHT, y + 1.5, 0.5, 0.4);
            f.y += 5.0;
        };
        self.need(10.0);
        draw_header(self);
        for row in rows {
            if self.y + 4.5 > BOTTOM {
                self.new_page();
                draw_header(self);
            }
            let y = self.y;
            for (c, v) in cols.iter().zip(row) {
                cell(self.page(), *c, y, SMALL, v);
            }
            self.y += 4.3;
        }
        self.y += 2.0;
    }

    /// Every page finished, each with its number of the total and the date printed.
    fn finish(self, lang: Lang, printed: &str) -> Vec<printpdf::PdfPage> {
        let total = self.pages.len();
        self.pages
            .into_iter()
            .enumerate()
            .map(|(i, mut p)| {
                p.rule(M, RIGHT, HEIGHT - 11.0, 0.4, 0.6);
                let number = tr!(
                    lang,
                    format!("Página {} de {total}", i + 1),
                    format!("Page {} of {total}", i + 1)
                );
                p.text_center(WIDTH / 2.0, HEIGHT - 7.0, NOTE, &number);
                p.text_right(RIGHT, HEIGHT - 7.0, NOTE, printed);
                p.finish()
            })
            .collect()
    }
}

fn cell(page: &mut Page<'_>, c: Col, y: f32, style: Style, text: &str) {
    let fitted = super::layout::fit(text, c.w, style);
    if c.right {
        page.text_right(c.x + c.w, y, style, &fitted);
    } else {
        page.text(c.x, y, style, &fitted);
    }
}

/// A stored local time `YYYY-MM-DD HH:MM` as people read it.
fn moment(lang: Lang, stamp: &str) -> String {
    match stamp.split_once(' ') {
        Some((d, t)) => format!("{} {t}", lang.stored_date(d)),
        None => lang.stored_date(stamp),
    }
}

fn soles(m: Money) -> String {
    m.to_string()
}

/// A decimal figure (`87.5`) as people read it: "87.5", with thousands grouped for counts
/// and money.
fn shown(value: &str, unit: Unit, lang: Lang) -> String {
    let Ok(d) = Decimal::from_str(value) else {
        return value.to_string();
    };
    match unit {
        Unit::Soles => {
            let cents = (d * Decimal::from(100)).trunc();
            let cents = i64::try_from(cents.mantissa()).unwrap_or(i64::MAX);
            soles(Money::from_cents(cents))
        }
        Unit::Count if d >= Decimal::ZERO => {
            let n = d.trunc().mantissa();
            u64::try_from(n).map_or_else(|_| value.to_string(), |n| lang.count(n))
        }
        Unit::Percent => format!("{value} %"),
        Unit::HoursPerDay => tr!(lang, format!("{value} h/día"), format!("{value} h/day")),
        Unit::Count => value.to_string(),
    }
}

fn unit_of(i: &Indicator) -> Unit {
    definition(&i.code).map_or(Unit::Count, |d| d.unit)
}

fn target_words(i: &Indicator, lang: Lang) -> String {
    match &i.target {
        None => tr!(lang, "sin meta".to_string(), "no target".to_string()),
        Some(t) => {
            let sign = if i.better == "less" { "≤" } else { "≥" };
            let t = shown(t, unit_of(i), lang);
            tr!(lang, format!("meta {sign} {t}"), format!("target {sign} {t}"))
        }
    }
}

/// Met or not, as a mark and a word.
fn verdict(i: &Indicator, lang: Lang) -> (&'static str, String) {
    match (i.meets_target, &i.value) {
        (Some(true), _) => ("✓", tr!(lang, "cumple".to_string(), "met".to_string())),
        (Some(false), _) => ("✗", tr!(lang, "no cumple".to_string(), "not met".to_string())),
        (None, None) => ("–", tr!(lang, "sin datos".to_string(), "no data".to_string())),
        (None, Some(_)) => ("", String::new()),
    }
}

/// Twelve small bars of one indicator (this month darkest), the target as a dashed line and
/// each month's initial under its bar. A month without data has no bar and a "·".
fn spark(page: &mut Page<'_>, x: f32, y: f32, w: f32, h: f32, series: &[&Indicator], lang: Lang) {
    let values: Vec<Option<f32>> = series
        .iter()
        .map(|i| i.value.as_deref().and_then(|v| v.parse::<f32>().ok()))
        .collect();
    let target = series
        .last()
        .and_then(|i| i.target.as_deref())
        .and_then(|t| t.parse::<f32>().ok());
    let top = values.iter().flatten().copied().chain(target).fold(0.0f32, f32::max);
    let bottom = values.iter().flatten().copied().fold(0.0f32, f32::min);
    let span = (top - bottom).max(f32::EPSILON);
    let chart_h = h - 3.0;
    let base = y + chart_h;
    let zero = base - (0.0 - bottom) / span * chart_h;
    page.rule(x, x + w, zero, 0.3, 0.4);
    let slot = w / values.len().max(1) as f32;
    let label = Style::regular(4.5).grey(0.35);
    for (k, v) in values.iter().enumerate() {
        let bx = x + slot * k as f32 + slot * 0.15;
        let last = k + 1 == values.len();
        match v {
            Some(v) => {
                let top_y = base - (v - bottom) / span * chart_h;
                let (y0, y1) = if top_y < zero { (top_y, zero) } else { (zero, top_y) };
                if y1 - y0 > 0.05 {
                    page.boxed(bx, y0, slot * 0.7, y1 - y0, Some(if last { 0.1 } else { 0.6 }));
                }
            }
            None => page.text_center(bx + slot * 0.35, zero - 0.4, label, "·"),
        }
        let month = series
            .get(k)
            .and_then(|i| i.period.parse::<Period>().ok())
            .map(|p| lang.month(p.month()).chars().next().unwrap_or(' ').to_string())
            .unwrap_or_default();
        page.text_center(bx + slot * 0.35, y + h, label, &month);
    }
    if let Some(t) = target {
        let ty = base - (t - bottom) / span * chart_h;
        page.cut_line(x, x + w, ty);
    }
}

fn cover(f: &mut Flow<'_>, r: &NcbReport, lh: &Letterhead, lang: Lang, period: Period) {
    f.new_page();
    mark(f.page(), M, 20.0, 16.0);
    f.page()
        .text_fit(M + 20.0, 26.0, 150.0, Style::bold(13.0), &lh.operator);
    let place = if lh.ruc.is_empty() {
        lh.town.clone()
    } else {
        format!("RUC {} · {}", lh.ruc, lh.town)
    };
    f.page().text_fit(M + 20.0, 32.0, 150.0, BODY, &place);
    f.page().boxed(M, 44.0, RIGHT - M, 26.0, Some(0.9));
    f.page().text_center(
        WIDTH / 2.0,
        54.0,
        Style::bold(15.0),
        lang.pick(
            "Informe mensual de la Junta Vecinal Comunal",
            "Community Board monthly report",
        ),
    );
    f.page()
        .text_center(WIDTH / 2.0, 63.0, Style::bold(13.0), &lang.period(period));
    f.y = 80.0;
    f.figure(lang.pick("Operador", "Operator"), &r.operator);
    f.figure(lang.pick("Localidad", "Town"), &r.town);
    f.figure(lang.pick("Periodo", "Period"), &lang.period(period));
    f.figure(lang.pick("Impreso el", "Printed on"), &lang.stored_date(&r.printed_on));
    f.para(SMALL, r.ledger_checked.get(lang));
    f.gap(3.0);
    if !r.ledger_intact {
        let y = f.y;
        f.page().boxed(M, y - 4.0, RIGHT - M, 16.0, None);
        f.page().text(
            M + 3.0,
            y + 0.5,
            Style::bold(10.0),
            lang.pick("EL LIBRO ESTÁ DAÑADO", "THE LEDGER IS DAMAGED"),
        );
        let why = r
            .ledger_problem
            .as_ref()
            .map(|t| t.get(lang).to_string())
            .unwrap_or_default();
        let text = tr!(
            lang,
            format!(
                "La revisión del libro encontró: {why}. Pida al operador que lo restaure de su última copia verificada (Caudal la ofrece al abrir un libro dañado) y que explique lo perdido."
            ),
            format!(
                "The ledger check found: {why}. Ask the operator to restore it from its last verified copy (Caudal offers it when a damaged ledger is opened) and to explain what was lost."
            )
        );
        f.y += 5.0;
        f.para_at(M + 3.0, RIGHT - M - 6.0, SMALL, &text);
        f.y = f.y.max(y + 16.0);
    }
    f.subheading(lang.pick("El mes en pocas palabras", "The month in a few words"));
    f.para(Style::regular(10.0), &r.summary(lang));
    f.gap(2.0);
    f.subheading(lang.pick("Miembros de la Junta en funciones", "Board members in office"));
    if r.members.is_empty() {
        f.para(
            BODY,
            lang.pick(
                "No hay miembros registrados: se registran en Junta Vecinal › Registrar un miembro.",
                "No members recorded: they are recorded under Community Board › Record a member.",
            ),
        );
    }
    for m in &r.members {
        let who = tr!(
            lang,
            format!(
                "{} — {} ({}), desde el {}",
                m.name,
                board::post_word(&m.post, lang),
                if m.gender == "F" { "mujer" } else { "hombre" },
                lang.stored_date(&m.from_on)
            ),
            format!(
                "{} — {} ({}), since {}",
                m.name,
                board::post_word(&m.post, lang),
                if m.gender == "F" { "woman" } else { "man" },
                lang.stored_date(&m.from_on)
            )
        );
        f.figure(&who, "");
    }
}

fn indicators(f: &mut Flow<'_>, r: &NcbReport, lang: Lang) {
    f.new_page();
    f.heading(lang.pick("1. Indicadores del mes", "1. The month's indicators"), 16.0);
    f.para(
        NOTE,
        lang.pick(
            "Cada fila: qué mide, el valor del mes, la meta y si la cumple (✓ cumple, ✗ no cumple). El gráfico muestra los últimos 12 meses; la barra oscura es este mes y la línea punteada, la meta.",
            "Each row: what it measures, the month's value, the target and whether it is met (✓ met, ✗ not met). The chart shows the last 12 months; the dark bar is this month and the dotted line the target.",
        ),
    );
    f.gap(4.0);
    for d in INDICATORS {
        let series = r.series(d.code);
        let Some(i) = series.last() else { continue };
        f.need(15.0);
        let y = f.y;
        let p = f.page();
        p.text_fit(M, y, 78.0, STRONG, i.label(lang));
        p.wrap(M, y + 3.6, 78.0, 3.0, 2, NOTE, lang.pick(d.what_es, d.what_en));
        let value = i
            .value
            .as_deref()
            .map_or_else(|| "—".to_string(), |v| shown(v, d.unit, lang));
        p.text_right(M + 112.0, y + 1.0, Style::bold(11.0), &value);
        p.text(M + 116.0, y, SMALL, &target_words(i, lang));
        let (sign, word) = verdict(i, lang);
        if !word.is_empty() {
            p.text(M + 116.0, y + 4.0, Style::bold(8.5), &format!("{sign} {word}"));
        }
        spark(p, M + 142.0, y - 3.0, 38.0, 10.0, &series, lang);
        f.y += 10.5;
        let y = f.y;
        f.page().rule(M, RIGHT, y - 2.5, 0.2, 0.8);
        f.y += 1.5;
    }
    f.para(
        NOTE,
        lang.pick(
            "Las cifras se guardan también en indicators.csv (mes, código, valor, numerador, denominador, meta y si se cumple).",
            "The figures are also kept in indicators.csv (month, code, value, numerator, denominator, target and whether it is met).",
        ),
    );
}

fn audit(f: &mut Flow<'_>, r: &NcbReport, lang: Lang, period: Period) {
    f.heading(lang.pick("2. Revisión de la tarifa", "2. Tariff audit"), 20.0);
    f.para(
        BODY,
        &tr!(
            lang,
            format!(
                "Cada recibo de {} se volvió a calcular con la tarifa aprobada, por un cálculo independiente del que los emitió, y se comparó línea por línea: agua, alcantarillado, cargo fijo, subsidio, subtotal, IGV, total del mes y monto a pagar.",
                lang.period(period)
            ),
            format!(
                "Every bill of {} was computed again from the approved tariff, by a computation independent of the one that issued them, and compared line by line: water, sewer, fixed charge, subsidy, subtotal, tax, month total and amount to pay.",
                lang.period(period)
            )
        ),
    );
    f.para(STRONG, &r.audit.sentence(lang));
    if r.audit.without_terms > 0 {
        f.para(
            NOTE,
            &tr!(
                lang,
                format!(
                    "{} se emitieron antes de que el libro guardara el servicio de cada recibo: se revisaron con el alcantarillado y el subsidio que la conexión tiene hoy.",
                    lang.counted(r.audit.without_terms, ("recibo", "recibos"), ("bill", "bills"))
                ),
                format!(
                    "{} were issued before the ledger kept each bill's service: they were checked against the sewer and subsidy the connection has today.",
                    lang.counted(r.audit.without_terms, ("bill", "bills"), ("bill", "bills"))
                )
            ),
        );
    }
    if !r.audit.mismatches.is_empty() {
        let cols = [
            col(M, 32.0, false),
            col(M + 34.0, 24.0, false),
            col(M + 60.0, 40.0, false),
            col(M + 100.0, 36.0, true),
            col(M + 140.0, 40.0, true),
        ];
        let header = [
            lang.pick("Recibo", "Bill"),
            lang.pick("Cuenta", "Account"),
            lang.pick("Línea", "Line"),
            lang.pick("En el recibo", "On the bill"),
            lang.pick("Según la tarifa", "By the tariff"),
        ]
        .map(String::from);
        let money_or = |s: &str| match Decimal::from_str(s) {
            Ok(_) => shown(s, Unit::Soles, lang),
            Err(_) => s.to_string(),
        };
        let rows: Vec<Vec<String>> = r
            .audit
            .mismatches
            .iter()
            .map(|m| {
                let is_money = m.money;
                vec![
                    m.bill.clone(),
                    m.account.clone(),
                    m.label.get(lang).to_string(),
                    if is_money {
                        money_or(&m.billed)
                    } else {
                        m.billed.clone()
                    },
                    if is_money {
                        money_or(&m.recomputed)
                    } else {
                        m.recomputed.clone()
                    },
                ]
            })
            .collect();
        f.table(&cols, &header, &rows);
    }
}

fn complaints(f: &mut Flow<'_>, r: &NcbReport, lang: Lang) {
    let c = &r.complaints;
    f.heading(lang.pick("3. Reclamos", "3. Complaints"), 30.0);
    let n = |v: u64| lang.count(v);
    f.figure(lang.pick("Reclamos presentados", "Complaints filed"), &n(c.filed));
    f.figure(
        lang.pick(
            "   de facturación / comerciales / operativos",
            "   billing / commercial / operational",
        ),
        &format!(
            "{} / {} / {}",
            n(c.filed_billing),
            n(c.filed_commercial),
            n(c.filed_operational)
        ),
    );
    f.figure(
        lang.pick("Resueltos en primera instancia", "Decided in the first instance"),
        &n(c.decided),
    );
    f.figure(lang.pick("   a tiempo", "   on time"), &n(c.decided_on_time));
    f.figure(
        lang.pick(
            "   por silencio positivo (fuera de plazo)",
            "   by positive silence (late)",
        ),
        &n(c.by_silence),
    );
    f.figure(
        lang.pick("   fundados / en parte / infundados", "   founded / partly / unfounded"),
        &format!("{} / {} / {}", n(c.founded), n(c.partly), n(c.unfounded)),
    );
    f.figure(
        lang.pick("Apelaciones a la Junta", "Appeals to the Board"),
        &n(c.appeals),
    );
    f.figure(
        lang.pick(
            "Resueltas por la Junta: fundadas / en parte / infundadas",
            "Decided by the Board: founded / partly / unfounded",
        ),
        &format!("{} / {} / {}", n(c.ncb_founded), n(c.ncb_partly), n(c.ncb_unfounded)),
    );
    f.figure(
        lang.pick(
            "Devuelto a los usuarios (notas de crédito)",
            "Credited to customers (credit notes)",
        ),
        &soles(c.credited),
    );
    f.subheading(&tr!(
        lang,
        format!("En trámite al cierre del mes: {}", n(r.open_complaints.len() as u64)),
        format!("Open at the month's end: {}", n(r.open_complaints.len() as u64))
    ));
    if !r.open_complaints.is_empty() {
        let cols = [
            col(M, 28.0, false),
            col(M + 30.0, 22.0, false),
            col(M + 54.0, 26.0, false),
            col(M + 82.0, 60.0, false),
            col(M + 144.0, 36.0, true),
        ];
        let header = [
            lang.pick("Número", "Number"),
            lang.pick("Cuenta", "Account"),
            lang.pick("Tipo", "Kind"),
            lang.pick("Estado", "State"),
            lang.pick("Próximo plazo", "Next deadline"),
        ]
        .map(String::from);
        let rows: Vec<Vec<String>> = r
            .open_complaints
            .iter()
            .map(|c| {
                vec![
                    c.number.clone(),
                    c.account.clone(),
                    c.kind.word(lang).to_string(),
                    c.state.word(lang).to_string(),
                    c.progress
                        .next_due
                        .as_deref()
                        .map(|d| lang.stored_date(d))
                        .unwrap_or_default(),
                ]
            })
            .collect();
        f.table(&cols, &header, &rows);
    }
}

fn percent_or_dash(v: &Option<String>) -> String {
    v.as_ref().map_or_else(|| "—".to_string(), |v| format!("{v} %"))
}

fn quality(f: &mut Flow<'_>, r: &NcbReport, lang: Lang) {
    let q = &r.quality;
    f.heading(lang.pick("4. Calidad del agua", "4. Water quality"), 30.0);
    f.figure(lang.pick("Muestras tomadas", "Samples taken"), &lang.count(q.samples));
    f.figure(
        lang.pick(
            "Cloro residual: muestras de la red con 0.5 mg/L o más",
            "Residual chlorine: network samples at 0.5 mg/L or more",
        ),
        &percent_or_dash(&q.chlorine_compliance),
    );
    f.figure(
        lang.pick("Regla del cloro del mes", "The month's chlorine rule"),
        &match q.chlorine_pass {
            Some(true) => tr!(lang, "✓ cumple".to_string(), "✓ met".to_string()),
            Some(false) => tr!(lang, "✗ no cumple".to_string(), "✗ not met".to_string()),
            None => "—".to_string(),
        },
    );
    f.figure(
        lang.pick(
            "Calidad bacteriológica (sin coliformes)",
            "Bacteriological quality (no coliforms)",
        ),
        &percent_or_dash(&q.bacteriological_compliance),
    );
    f.figure(
        lang.pick("Turbiedad y pH dentro del límite", "Turbidity and pH within the limit"),
        &percent_or_dash(&q.physchem_compliance),
    );
    f.figure(
        lang.pick("Plan de muestreo cumplido", "Sampling plan done"),
        &percent_or_dash(&q.sampling_plan),
    );
    if !r.plan.is_empty() {
        f.subheading(lang.pick("Muestras por punto y parámetro", "Samples by point and parameter"));
        let cols = [
            col(M, 22.0, false),
            col(M + 24.0, 70.0, false),
            col(M + 96.0, 44.0, false),
            col(M + 142.0, 18.0, true),
            col(M + 162.0, 18.0, true),
        ];
        let header = [
            lang.pick("Punto", "Point"),
            lang.pick("Lugar", "Place"),
            lang.pick("Parámetro", "Parameter"),
            lang.pick("Tomadas", "Taken"),
            lang.pick("Plan", "Plan"),
        ]
        .map(String::from);
        let rows: Vec<Vec<String>> = r
            .plan
            .iter()
            .map(|p| {
                vec![
                    p.point.clone(),
                    p.name.clone(),
                    crate::quality::parameter_word(&p.parameter, lang).to_string(),
                    lang.count(p.taken),
                    lang.count(p.planned),
                ]
            })
            .collect();
        f.table(&cols, &header, &rows);
    }
    f.subheading(&tr!(
        lang,
        format!("Incidentes: {}", lang.count(r.incidents.len() as u64)),
        format!("Incidents: {}", lang.count(r.incidents.len() as u64))
    ));
    if r.incidents.is_empty() {
        f.para(
            BODY,
            lang.pick(
                "Ninguna muestra del mes falló un límite.",
                "No sample of the month failed a limit.",
            ),
        );
    }
    for i in &r.incidents {
        let failed = i
            .failed
            .iter()
            .map(|p| crate::quality::parameter_word(p, lang))
            .collect::<Vec<_>>()
            .join(", ");
        let state = match &i.closed_on {
            Some(d) => tr!(
                lang,
                format!("cerrado el {}", lang.stored_date(d)),
                format!("closed on {}", lang.stored_date(d))
            ),
            None => tr!(lang, "abierto".to_string(), "open".to_string()),
        };
        let line = tr!(
            lang,
            format!(
                "Muestra {} en {} ({}), {}: falló {failed}. {}; {state}.",
                i.sample.sample,
                i.sample.point,
                i.sample.point_name,
                moment(lang, &i.sample.taken_at),
                lang.counted(
                    i.actions.len() as u64,
                    ("acción registrada", "acciones registradas"),
                    ("", "")
                )
            ),
            format!(
                "Sample {} at {} ({}), {}: failed {failed}. {}; {state}.",
                i.sample.sample,
                i.sample.point,
                i.sample.point_name,
                moment(lang, &i.sample.taken_at),
                lang.counted(
                    i.actions.len() as u64,
                    ("", ""),
                    ("action recorded", "actions recorded")
                )
            )
        );
        f.para_at(M + 2.0, RIGHT - M - 2.0, SMALL, &line);
    }
}

fn continuity(f: &mut Flow<'_>, r: &NcbReport, lang: Lang) {
    let c = &r.continuity;
    f.heading(
        lang.pick("5. Continuidad del servicio", "5. Continuity of supply"),
        30.0,
    );
    let hours = |v: &Option<String>| {
        v.as_ref().map_or_else(
            || "—".to_string(),
            |v| tr!(lang, format!("{v} h/día"), format!("{v} h/day")),
        )
    };
    f.figure(
        lang.pick(
            "Horas de agua al día (promedio por conexión)",
            "Hours of water a day (average per connection)",
        ),
        &hours(&c.continuity),
    );
    f.figure(
        lang.pick("Agua producida", "Water produced"),
        &format!("{} m³", lang.count(c.produced_m3)),
    );
    f.figure(
        lang.pick("Agua facturada", "Water billed"),
        &format!("{} m³", lang.count(c.consumed_m3)),
    );
    f.figure(
        lang.pick("Agua no facturada", "Non-revenue water"),
        &percent_or_dash(&c.non_revenue_water),
    );
    f.figure(
        lang.pick(
            "Horas cortadas que fueron programadas",
            "Interrupted hours that were planned",
        ),
        &percent_or_dash(&c.planned_share),
    );
    f.figure(
        lang.pick(
            "Cortes programados avisados con 48 h o más",
            "Planned cuts announced 48 h or more ahead",
        ),
        &percent_or_dash(&c.notice_given),
    );
    if !c.sectors.is_empty() {
        f.subheading(lang.pick("Horas al día por sector", "Hours a day by sector"));
        // One bar per sector: its hours a day against its normal supply.
        for s in &c.sectors {
            f.need(6.0);
            let y = f.y;
            let p = f.page();
            p.text_fit(M + 2.0, y, 45.0, SMALL, &s.sector);
            let normal: f32 = s.hours_per_day.parse().unwrap_or(0.0);
            let got: f32 = s.continuity.parse().unwrap_or(0.0);
            let scale = 100.0 / 24.0;
            p.boxed(M + 50.0, y - 2.8, normal * scale, 3.2, None);
            if got > 0.0 {
                p.boxed(M + 50.0, y - 2.8, got * scale, 3.2, Some(0.3));
            }
            p.text(
                M + 154.0,
                y,
                SMALL,
                &tr!(
                    lang,
                    format!("{} de {} h", s.continuity, s.hours_per_day),
                    format!("{} of {} h", s.continuity, s.hours_per_day)
                ),
            );
            f.y += 5.0;
        }
        f.para(
            NOTE,
            lang.pick(
                "La barra oscura son las horas que hubo agua; el recuadro, las horas normales del sector.",
                "The dark bar is the hours there was water; the outline, the sector's normal hours.",
            ),
        );
    }
    f.subheading(&tr!(
        lang,
        format!("Interrupciones: {}", lang.count(r.interruptions.len() as u64)),
        format!("Interruptions: {}", lang.count(r.interruptions.len() as u64))
    ));
    if !r.interruptions.is_empty() {
        let cols = [
            col(M, 32.0, false),
            col(M + 34.0, 32.0, false),
            col(M + 68.0, 44.0, false),
            col(M + 114.0, 22.0, false),
            col(M + 138.0, 14.0, true),
            col(M + 154.0, 26.0, false),
        ];
        let header = [
            lang.pick("Inicio", "Start"),
            lang.pick("Fin", "End"),
            lang.pick("Sectores", "Sectors"),
            lang.pick("Tipo", "Kind"),
            lang.pick("Aviso", "Notice"),
            lang.pick("Causa", "Cause"),
        ]
        .map(String::from);
        let rows: Vec<Vec<String>> = r
            .interruptions
            .iter()
            .map(|i| {
                vec![
                    moment(lang, &i.start),
                    i.end
                        .as_deref()
                        .map_or_else(|| lang.pick("en curso", "ongoing").to_string(), |e| moment(lang, e)),
                    i.sectors.join(", "),
                    if i.kind == "planned" {
                        lang.pick("programada", "planned").to_string()
                    } else {
                        lang.pick("imprevista", "unplanned").to_string()
                    },
                    format!("{} h", i.notice_hours),
                    i.cause.clone(),
                ]
            })
            .collect();
        f.table(&cols, &header, &rows);
    }
}

fn cost_word(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "energy" => lang.pick("energía", "energy"),
        "chlorine" => lang.pick("cloro", "chlorine"),
        "salaries" => lang.pick("remuneraciones", "salaries"),
        "maintenance" => lang.pick("mantenimiento", "maintenance"),
        _ => lang.pick("otros costos", "other costs"),
    }
}

fn money(f: &mut Flow<'_>, r: &NcbReport, lang: Lang) {
    let m = &r.money;
    f.heading(lang.pick("6. Dinero", "6. Money"), 30.0);
    f.figure(
        &tr!(
            lang,
            format!(
                "Facturado en el mes ({})",
                lang.counted(m.issued.bills, ("recibo", "recibos"), ("bill", "bills"))
            ),
            format!(
                "Billed in the month ({})",
                lang.counted(m.issued.bills, ("bill", "bills"), ("bill", "bills"))
            )
        ),
        &soles(m.issued.amount_due),
    );
    if m.reversals == Money::ZERO {
        f.figure(
            lang.pick("Cobrado en el mes", "Collected in the month"),
            &soles(m.collected),
        );
    } else {
        f.figure(
            lang.pick("Pagos recibidos en el mes", "Payments received in the month"),
            &soles(m.payments),
        );
        f.figure(
            lang.pick("   menos pagos anulados", "   less payments reversed"),
            &soles(m.reversals),
        );
        f.figure(lang.pick("Cobrado neto", "Net collected"), &soles(m.collected));
    }
    f.figure(
        &tr!(
            lang,
            format!(
                "Deuda vencida al cierre ({} con algún cargo vencido)",
                Lang::Es.counted(m.accounts_in_arrears, ("cuenta", "cuentas"), ("", ""))
            ),
            format!(
                "Overdue at the month's end ({} with any charge overdue)",
                Lang::En.counted(m.accounts_in_arrears, ("", ""), ("account", "accounts"))
            )
        ),
        &soles(m.arrears_total),
    );
    for (label, amount) in [
        (lang.pick("   hasta 30 días", "   up to 30 days"), m.arrears.d0_30),
        (lang.pick("   de 31 a 60 días", "   31 to 60 days"), m.arrears.d31_60),
        (lang.pick("   de 61 a 90 días", "   61 to 90 days"), m.arrears.d61_90),
        (lang.pick("   más de 90 días", "   over 90 days"), m.arrears.over_90),
    ] {
        f.figure(label, &soles(amount));
    }
    f.figure(lang.pick("Cortes de servicio", "Service cuts"), &lang.count(m.cuts));
    f.figure(lang.pick("Reconexiones", "Reconnections"), &lang.count(m.reconnections));
    f.subheading(lang.pick("Fondo comunal", "Community fund"));
    match &r.fund {
        None => f.para(
            BODY,
            lang.pick(
                "La tarifa de este pueblo no tiene fondo comunal.",
                "This town's tariff has no community fund.",
            ),
        ),
        Some(fund) => {
            let cols = [
                col(M, 40.0, false),
                col(M + 42.0, 26.0, true),
                col(M + 70.0, 26.0, true),
                col(M + 98.0, 26.0, true),
                col(M + 126.0, 26.0, true),
                col(M + 154.0, 26.0, true),
            ];
            let header = [
                lang.pick("Destino", "Purpose"),
                lang.pick("Saldo inicial", "Opening"),
                lang.pick("Aportes", "Contributions"),
                lang.pick("Subsidios", "Subsidies"),
                lang.pick("Gastos", "Spending"),
                lang.pick("Saldo final", "Closing"),
            ]
            .map(String::from);
            let rows: Vec<Vec<String>> = fund
                .purposes
                .iter()
                .map(|p| {
                    vec![
                        crate::fund::purpose_word(&p.purpose, lang),
                        soles(p.opening),
                        soles(p.contributions),
                        soles(p.subsidies),
                        soles(p.spending),
                        soles(p.closing),
                    ]
                })
                .collect();
            f.table(&cols, &header, &rows);
            f.figure(
                lang.pick("Saldo total del fondo", "The fund's total balance"),
                &soles(fund.closing),
            );
            if fund.spent.is_empty() {
                f.para(
                    SMALL,
                    lang.pick(
                        "No hubo gastos del fondo en el mes.",
                        "There was no fund spending in the month.",
                    ),
                );
            } else {
                f.subheading(lang.pick("Gastos del fondo y sus documentos", "Fund spending and its documents"));
                let cols = [
                    col(M, 20.0, false),
                    col(M + 22.0, 26.0, false),
                    col(M + 50.0, 60.0, false),
                    col(M + 112.0, 40.0, false),
                    col(M + 154.0, 26.0, true),
                ];
                let header = [
                    lang.pick("Fecha", "Date"),
                    lang.pick("Destino", "Purpose"),
                    lang.pick("Descripción", "Description"),
                    lang.pick("Documento", "Document"),
                    lang.pick("Monto", "Amount"),
                ]
                .map(String::from);
                let rows: Vec<Vec<String>> = fund
                    .spent
                    .iter()
                    .map(|s| {
                        vec![
                            lang.date(s.spent_on),
                            crate::fund::purpose_word(&s.purpose, lang),
                            s.description.clone(),
                            s.document.clone(),
                            soles(s.amount),
                        ]
                    })
                    .collect();
                f.table(&cols, &header, &rows);
            }
        }
    }
    f.subheading(lang.pick("Dinero del operador", "The operator's money"));
    let o = &r.operator_month;
    f.figure(
        lang.pick(
            "Subsidio de transición recibido de la municipalidad",
            "Transition subsidy received from the municipality",
        ),
        &soles(o.transition_subsidy),
    );
    for (kind, amount) in &o.costs {
        f.figure(&format!("   {}", cost_word(kind, lang)), &soles(*amount));
    }
    f.figure(
        lang.pick("Costos de operación del mes", "The month's operating costs"),
        &soles(o.total_costs),
    );
}

fn the_board(f: &mut Flow<'_>, r: &NcbReport, lang: Lang) {
    f.heading(lang.pick("7. La Junta Vecinal", "7. The Community Board"), 24.0);
    let women = r.members.iter().filter(|m| m.gender == "F").count() as u64;
    f.figure(
        lang.pick(
            "Miembros en funciones (mujeres / hombres)",
            "Members in office (women / men)",
        ),
        &format!("{} / {}", women, r.members.len() as u64 - women),
    );
    if r.meetings.is_empty() {
        f.para(
            BODY,
            lang.pick(
                "No se registraron sesiones ni asambleas en el mes.",
                "No meetings or assemblies were recorded in the month.",
            ),
        );
    }
    for m in &r.meetings {
        f.subheading(&format!(
            "{} — {}",
            lang.stored_date(&m.held_on),
            capitalized(board::meeting_word(&m.kind, lang))
        ));
        f.figure(
            lang.pick("Asistentes: mujeres / hombres", "Attending: women / men"),
            &format!("{} / {}", m.women, m.men),
        );
        if !m.agreements.is_empty() {
            f.para_at(
                M + 2.0,
                RIGHT - M - 2.0,
                BODY,
                &tr!(
                    lang,
                    format!("Acuerdos: {}", m.agreements),
                    format!("Agreements: {}", m.agreements)
                ),
            );
        }
        if !m.sanction_request.is_empty() {
            f.para_at(
                M + 2.0,
                RIGHT - M - 2.0,
                STRONG,
                &tr!(
                    lang,
                    format!(
                        "Pedido a la municipalidad de sancionar al operador: {}",
                        m.sanction_request
                    ),
                    format!(
                        "Request to the municipality to sanction the operator: {}",
                        m.sanction_request
                    )
                ),
            );
        }
    }
}

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
