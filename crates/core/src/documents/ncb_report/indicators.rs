//! The indicators: each with its value, its target and whether it is met (a word and a mark),
//! and a twelve-month chart.

use super::*;

/// A decimal figure (`87.5`) as people read it: "87.5", with thousands grouped for counts
/// and money.
pub(super) fn shown(value: &str, unit: Unit, lang: Lang) -> String {
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

pub(super) fn unit_of(i: &Indicator) -> Unit {
    definition(&i.code).map_or(Unit::Count, |d| d.unit)
}

pub(super) fn target_words(i: &Indicator, lang: Lang) -> String {
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
pub(super) fn verdict(i: &Indicator, lang: Lang) -> (&'static str, String) {
    match (i.meets_target, &i.value) {
        (Some(true), _) => ("✓", tr!(lang, "cumple".to_string(), "met".to_string())),
        (Some(false), _) => ("✗", tr!(lang, "no cumple".to_string(), "not met".to_string())),
        (None, None) => ("–", tr!(lang, "sin datos".to_string(), "no data".to_string())),
        (None, Some(_)) => ("", String::new()),
    }
}

/// Twelve small bars of one indicator (this month darkest), the target as a dashed line and
/// each month's initial under its bar. A month without data has no bar and a "·".
pub(super) fn spark(page: &mut Page<'_>, x: f32, y: f32, w: f32, h: f32, series: &[&Indicator], lang: Lang) {
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

pub(super) fn indicators(f: &mut Flow<'_>, r: &NcbReport, lang: Lang) {
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
