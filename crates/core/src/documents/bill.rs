//! The printed bill (A5 portrait, one per page): how the operator speaks to every household.
//! Top to bottom: who sends it, whose it is, what the meter said, every charge with its amount,
//! what to pay and by when, the year's consumption, the tariff in short, how to complain, and a
//! stub torn off at the counter.

// Page geometry in millimetres: floats here never hold money.
#![allow(clippy::float_arithmetic)]

use super::Letterhead;
use super::layout::{Page, Style, mark};
use crate::billing::{Basis, Bill};
use crate::i18n::Lang;
use crate::money::Money;
use crate::tariffs::Tariff;
use crate::tr;

/// The page's width in mm (A5).
pub const WIDTH: f32 = 148.0;
/// The page's height in mm (A5).
pub const HEIGHT: f32 = 210.0;
const M: f32 = 8.0;
const RIGHT: f32 = WIDTH - M;

const TINY: Style = Style::regular(6.0);
const SMALL: Style = Style::regular(7.0);
const BODY: Style = Style::regular(8.0);
const LABEL: Style = Style::regular(6.5).grey(0.35);
const STRONG: Style = Style::bold(8.0);

/// Everything one bill page needs besides the bill itself.
pub struct BillContext<'a> {
    /// The language printed.
    pub lang: Lang,
    /// The operator's letterhead.
    pub letterhead: &'a Letterhead,
    /// The tariff that priced the bill, for its table of prices.
    pub tariff: Option<&'a Tariff>,
    /// The last months' consumption of the account, oldest first, ending with this bill's.
    pub history: &'a [(String, u64)],
    /// The part of the previous balance frozen by open complaints: shown, not demanded.
    pub disputed: Money,
}

/// "noviembre 2026" on the bill: the month's name from [`Lang::month`].
fn period_name(lang: Lang, period: &str) -> String {
    match period.parse::<crate::Period>() {
        Ok(p) => format!("{} {}", lang.month(p.month()), p.year()),
        Err(()) => period.to_string(),
    }
}

fn line_label(lang: Lang, code: &str) -> &'static str {
    match code {
        "water" => tr!(lang, "Agua potable", "Drinking water"),
        "sewer" => tr!(lang, "Alcantarillado", "Sewerage"),
        "fixed" => tr!(lang, "Cargo fijo", "Fixed charge"),
        "subsidy" => tr!(lang, "Subsidio", "Subsidy"),
        "tax" => tr!(lang, "IGV", "VAT (IGV)"),
        "rounding_prev" => tr!(lang, "Redondeo del mes anterior", "Last month's rounding"),
        "rounding_curr" => tr!(lang, "Redondeo de este mes", "This month's rounding"),
        _ => "",
    }
}

fn basis_label(lang: Lang, basis: Basis) -> &'static str {
    match basis {
        Basis::Measured => tr!(lang, "Medido", "Measured"),
        Basis::Estimated => tr!(lang, "Estimado (sin lectura)", "Estimated (no reading)"),
        Basis::Assigned => tr!(lang, "Asignado (sin medidor)", "Assigned (no meter)"),
    }
}

/// The tariff of the bill's category in one or two short lines.
fn tariff_in_short(lang: Lang, tariff: &Tariff, category: &str) -> String {
    let Some(c) = tariff.categories.get(category) else {
        return tariff.name.clone();
    };
    let blocks = |b: &crate::tariffs::Blocks| crate::tariffs::words::blocks(b, lang);
    let method = crate::tariffs::words::method(c.method, lang);
    let percent = crate::tariffs::words::percent;
    let sewer = crate::tariffs::words::sewer(c, lang);
    let [tariff_w, water_w, per_w, sewer_w, minimum_w, fixed_w, tax_w] = tr!(
        lang,
        [
            "Tarifa",
            "agua",
            "por m³",
            "Alcantarillado",
            "Mínimo",
            "Cargo fijo",
            "IGV"
        ],
        [
            "Tariff",
            "water",
            "per m³",
            "Sewerage",
            "Minimum",
            "Fixed charge",
            "VAT"
        ]
    );
    format!(
        "{tariff_w} {} ({}), {}: {water_w} {method}, {per_w}: {}. {sewer_w}: {sewer}. {minimum_w} {} m³. {fixed_w} S/ {}. \
         {tax_w} {} %.",
        tariff.name,
        tariff.approval,
        c.label,
        blocks(&c.water),
        c.minimum_m3,
        tariff.fixed_charge,
        percent(tariff.tax_rate)
    )
}

/// Describes one bill on one A5 page.
pub fn page<'f>(page: &mut Page<'f>, bill: &Bill, ctx: &BillContext<'_>) {
    let lang = ctx.lang;
    let lh = ctx.letterhead;

    // Who sends it.
    mark(page, M, M, 11.0);
    page.text_fit(M + 14.0, M + 4.0, 70.0, Style::bold(10.0), &lh.operator);
    if !lh.ruc.trim().is_empty() {
        page.text_fit(M + 14.0, M + 8.0, 70.0, SMALL, &format!("RUC {}", lh.ruc));
    }
    page.wrap(M + 14.0, M + 11.5, 70.0, 3.0, 2, SMALL, &lh.address);
    page.boxed(RIGHT - 46.0, M, 46.0, 16.0, None);
    page.text_center(RIGHT - 23.0, M + 4.5, STRONG, tr!(lang, "RECIBO DE AGUA", "WATER BILL"));
    page.text_center(RIGHT - 23.0, M + 9.0, Style::bold(9.0), &format!("N° {}", bill.number));
    page.text_center(RIGHT - 23.0, M + 13.5, SMALL, &period_name(lang, &bill.period));

    // Whose it is.
    let mut y = M + 22.0;
    page.rule(M, RIGHT, y - 3.5, 0.5, 0.6);
    page.text(M, y, LABEL, tr!(lang, "Titular", "Account holder"));
    page.text(M + 86.0, y, LABEL, tr!(lang, "Cuenta", "Account"));
    y += 3.8;
    page.text_fit(M, y, 84.0, STRONG, &bill.holder);
    page.text_fit(M + 86.0, y, RIGHT - M - 86.0, STRONG, &bill.account);
    y += 4.0;
    page.text(M, y, LABEL, tr!(lang, "Dirección", "Address"));
    page.text(M + 86.0, y, LABEL, tr!(lang, "Categoría", "Category"));
    y += 3.6;
    let lines = page.wrap(M, y, 84.0, 3.4, 2, BODY, &bill.address);
    let category = ctx
        .tariff
        .and_then(|t| t.categories.get(&bill.category))
        .map_or(bill.category.clone(), |c| c.label.clone());
    page.text_fit(M + 86.0, y, RIGHT - M - 86.0, BODY, &category);
    y += 3.4 * lines.max(1) as f32 + 1.0;

    // Dates.
    let col = (RIGHT - M) / 3.0;
    for (i, (label, value, style)) in [
        (tr!(lang, "Periodo", "Period"), period_name(lang, &bill.period), BODY),
        (tr!(lang, "Emisión", "Issued"), lang.stored_date(&bill.issued_on), BODY),
        (tr!(lang, "Vence", "Due"), lang.stored_date(&bill.due_on), STRONG),
    ]
    .into_iter()
    .enumerate()
    {
        let x = M + col * i as f32;
        page.text(x, y, LABEL, label);
        page.text(x, y + 3.6, style, &value);
    }
    y += 8.0;

    // What the meter said.
    page.boxed(M, y, RIGHT - M, 11.0, Some(0.94));
    let meter_cols = [
        (
            tr!(lang, "Medidor", "Meter"),
            bill.meter_serial.clone().unwrap_or_else(|| "—".into()),
        ),
        (
            tr!(lang, "Lectura anterior", "Previous reading"),
            bill.prev_reading.map_or("—".into(), |r| r.to_string()),
        ),
        (
            tr!(lang, "Lectura actual", "Current reading"),
            bill.curr_reading.map_or("—".into(), |r| r.to_string()),
        ),
        (
            tr!(lang, "Consumo", "Consumption"),
            format!("{} m³", bill.consumption_m3),
        ),
        (tr!(lang, "Facturado", "Billed"), format!("{} m³", bill.billed_m3)),
    ];
    let w = (RIGHT - M) / meter_cols.len() as f32;
    for (i, (label, value)) in meter_cols.iter().enumerate() {
        let x = M + 1.5 + w * i as f32;
        page.text_fit(x, y + 4.0, w - 2.0, LABEL, label);
        page.text_fit(x, y + 8.2, w - 2.0, STRONG, value);
    }
    y += 14.0;
    page.text(
        M,
        y,
        SMALL,
        &format!(
            "{}: {}",
            tr!(lang, "Base del consumo", "Basis"),
            basis_label(lang, bill.basis)
        ),
    );
    y += 5.0;

    // Every charge, amounts right-aligned; the chart beside them.
    let table_right = M + 78.0;
    page.text(M, y, LABEL, tr!(lang, "Concepto", "Charge"));
    page.text_right(M + 56.0, y, LABEL, "m³");
    page.text_right(table_right, y, LABEL, tr!(lang, "Importe", "Amount"));
    let chart_top = y - 3.0;
    y += 1.5;
    page.rule(M, table_right, y, 0.4, 0.5);
    y += 3.8;
    let row = |page: &mut Page<'f>, y: &mut f32, label: &str, m3: Option<u64>, amount: Money, style: Style| {
        page.text_fit(M, *y, 44.0, style, label);
        if let Some(v) = m3 {
            page.text_right(M + 56.0, *y, style, &v.to_string());
        }
        page.text_right(table_right, *y, style, &amount.to_string());
        *y += 3.9;
    };
    // The order of docs/tariff.md: lines, subtotal, tax, the month's total, then the pay
    // rounding carried from last month and to the next, giving the month's amount.
    for (code, m3, amount) in bill.lines() {
        if code == "tax" {
            row(
                page,
                &mut y,
                tr!(lang, "Subtotal", "Subtotal"),
                None,
                bill.subtotal,
                BODY,
            );
        }
        if code == "rounding_prev" {
            row(
                page,
                &mut y,
                tr!(lang, "Total del mes", "Month's total"),
                None,
                bill.month_total,
                STRONG,
            );
        }
        row(page, &mut y, line_label(lang, code), m3, amount, BODY);
    }
    page.rule(M, table_right, y - 2.6, 0.4, 0.5);
    row(
        page,
        &mut y,
        tr!(lang, "Importe del mes", "Amount this month"),
        None,
        bill.amount_due,
        STRONG,
    );
    row(
        page,
        &mut y,
        tr!(lang, "Deuda anterior", "Previous balance"),
        None,
        bill.previous_balance,
        BODY,
    );
    if ctx.disputed > Money::ZERO {
        row(
            page,
            &mut y,
            tr!(
                lang,
                "  de ello, en reclamo (no exigible)",
                "  of which under complaint (not due)"
            ),
            None,
            ctx.disputed,
            LABEL,
        );
    }
    page.boxed(M, y - 1.5, table_right - M, 8.0, Some(0.88));
    page.text(
        M + 1.5,
        y + 4.0,
        Style::bold(9.5),
        tr!(lang, "TOTAL A PAGAR", "TOTAL TO PAY"),
    );
    page.text_right(
        table_right - 1.5,
        y + 4.0,
        Style::bold(10.5),
        &bill.total_to_pay.to_string(),
    );
    y += 10.5;
    if bill.fund_share != Money::ZERO {
        page.wrap(
            M,
            y,
            table_right - M,
            3.0,
            2,
            TINY,
            &tr!(
                lang,
                format!(
                    "Este recibo incluye {} para el fondo comunal de reposición y mejoras (informativo; ya está en el total).",
                    bill.fund_share
                ),
                format!(
                    "This bill includes {} for the community fund for renewal and improvements (for information; already in the total).",
                    bill.fund_share
                )
            ),
        );
    }
    y += 6.5;

    let chart_x = table_right + 6.0;
    page.text(
        chart_x,
        chart_top + 3.0,
        LABEL,
        tr!(
            lang,
            "Consumo de los últimos meses (m³)",
            "Consumption, last months (m³)"
        ),
    );
    let bars: Vec<(String, u64)> = ctx
        .history
        .iter()
        .map(|(p, v)| (p.get(5..7).unwrap_or(p).to_string(), *v))
        .collect();
    page.bar_chart(chart_x, chart_top + 5.0, RIGHT - chart_x, 42.0, &bars);

    // The tariff in short, and how to complain.
    page.rule(M, RIGHT, y - 2.5, 0.4, 0.6);
    if let Some(t) = ctx.tariff {
        // Up to five lines: a tariff with many blocks, a fund and a subsidy is never cut short.
        y += 3.0 * page.wrap(M, y, RIGHT - M, 3.0, 5, TINY, &tariff_in_short(lang, t, &bill.category)) as f32;
    }
    y += 1.0;
    let office = if lh.address.trim().is_empty() {
        String::new()
    } else {
        tr!(
            lang,
            format!(" (en su oficina, {})", lh.address),
            format!(" (at its office, {})", lh.address)
        )
    };
    let complain = tr!(
        lang,
        format!(
            "¿No está conforme con este recibo? Reclame primero ante {}{office}, por escrito o en persona; le \
             responderemos por escrito. Si la respuesta no le satisface, apele ante la Junta Vecinal Comunal, que revisa el \
             trabajo del operador. Reclamar no le obliga a pagar la parte reclamada mientras se resuelve.",
            lh.operator
        ),
        format!(
            "Disagree with this bill? First complain to {}{office}, in writing or in person; we answer in \
             writing. If the answer does not satisfy you, appeal to the Neighborhood Community Board, which checks the \
             operator's work. While a complaint is open you need not pay the part under dispute.",
            lh.operator
        )
    );
    page.text(M, y, Style::bold(6.5), tr!(lang, "Reclamos", "Complaints"));
    y += 3.0;
    page.wrap(M, y, RIGHT - M, 2.9, 5, TINY, &complain);

    // The stub the counter keeps.
    let stub = HEIGHT - 27.0;
    page.cut_line(M - 4.0, RIGHT + 4.0, stub);
    page.text(
        M,
        stub + 3.0,
        TINY.grey(0.4),
        tr!(
            lang,
            "✂ Talón para caja — entregue esta parte al pagar",
            "✂ Counter stub — hand in this part when paying"
        ),
    );
    page.text_fit(M, stub + 8.0, 60.0, STRONG, &lh.operator);
    page.text(M, stub + 12.0, BODY, &format!("N° {}", bill.number));
    page.text(
        M,
        stub + 16.0,
        BODY,
        &format!("{} {}", tr!(lang, "Cuenta", "Account"), bill.account),
    );
    page.text_fit(M, stub + 20.0, 70.0, BODY, &bill.holder);
    page.text(M + 74.0, stub + 8.0, LABEL, tr!(lang, "Periodo", "Period"));
    page.text(M + 74.0, stub + 11.5, BODY, &period_name(lang, &bill.period));
    page.text(M + 74.0, stub + 15.5, LABEL, tr!(lang, "Vence", "Due"));
    page.text(M + 74.0, stub + 19.0, STRONG, &lang.stored_date(&bill.due_on));
    page.text_right(RIGHT, stub + 8.0, LABEL, tr!(lang, "Total a pagar", "Total to pay"));
    page.text_right(RIGHT, stub + 13.0, Style::bold(10.5), &bill.total_to_pay.to_string());
}
