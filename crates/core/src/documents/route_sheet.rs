//! Route sheets for the technicians who read meters: per route, the connections in route
//! order with their meter, previous reading and average, and an empty box for the new reading
//! and one for a remark; a summary page first with every route and how many to read.

// Page geometry in millimetres: floats here never hold money.
#![allow(clippy::float_arithmetic)]

use super::Letterhead;
use super::layout::{Page, Style, mark};
use crate::i18n::Lang;
use crate::readings::SheetRow;
use crate::tr;

/// The page's width in mm (A4).
pub const WIDTH: f32 = 210.0;
/// The page's height in mm (A4).
pub const HEIGHT: f32 = 297.0;
const M: f32 = 10.0;
const RIGHT: f32 = WIDTH - M;
const ROW: f32 = 8.5;
const FIRST_ROW: f32 = 44.0;
/// Rows that fit between the header and the footer.
pub const ROWS_PER_PAGE: usize = ((HEIGHT - FIRST_ROW - 16.0) / ROW) as usize;

const LABEL: Style = Style::regular(6.5).grey(0.35);
const BODY: Style = Style::regular(7.5);
const STRONG: Style = Style::bold(8.0);

/// A route's name as printed ("sin ruta" when the connection has none).
pub fn route_name(lang: Lang, route: Option<&str>) -> String {
    route.map_or_else(|| tr!(lang, "sin ruta", "no route").to_string(), str::to_string)
}

fn header(page: &mut Page<'_>, lh: &Letterhead, title: &str, subtitle: &str) {
    mark(page, M, M, 10.0);
    page.text_fit(M + 13.0, M + 4.0, 110.0, Style::bold(10.0), &lh.operator);
    page.text_fit(M + 13.0, M + 8.5, 110.0, Style::regular(7.0), &lh.town);
    page.text_right(RIGHT, M + 4.0, Style::bold(11.0), title);
    page.text_right(RIGHT, M + 9.0, Style::regular(8.0), subtitle);
}

/// The first page: every route, how many connections and pages, and blanks for who reads it.
pub fn summary(page: &mut Page<'_>, lh: &Letterhead, lang: Lang, period: &str, routes: &[(String, usize)]) {
    header(
        page,
        lh,
        tr!(lang, "HOJAS DE RUTA", "ROUTE SHEETS"),
        &format!("{} {period}", tr!(lang, "Lecturas del periodo", "Readings for")),
    );
    let mut y = 32.0;
    let cols = [M, M + 40.0, M + 70.0, M + 95.0, M + 145.0];
    for (x, label) in cols.iter().zip([
        tr!(lang, "Ruta", "Route"),
        tr!(lang, "Conexiones", "Connections"),
        tr!(lang, "Páginas", "Pages"),
        tr!(lang, "Lector(a)", "Reader"),
        tr!(lang, "Fecha de entrega", "Handed back on"),
    ]) {
        page.text(*x, y, LABEL, label);
    }
    y += 2.0;
    page.rule(M, RIGHT, y, 0.5, 0.4);
    y += 6.0;
    let mut total = 0;
    for (route, n) in routes {
        page.text(cols[0], y, STRONG, route);
        page.text_right(cols[1] + 18.0, y, BODY, &n.to_string());
        page.text_right(cols[2] + 12.0, y, BODY, &n.div_ceil(ROWS_PER_PAGE).to_string());
        page.rule(cols[3], cols[4] - 5.0, y + 1.0, 0.3, 0.6);
        page.rule(cols[4], RIGHT, y + 1.0, 0.3, 0.6);
        total += n;
        y += 7.5;
        if y > HEIGHT - 30.0 {
            break;
        }
    }
    page.rule(M, RIGHT, y - 4.0, 0.5, 0.4);
    page.text(cols[0], y + 1.0, STRONG, tr!(lang, "Total", "Total"));
    page.text_right(cols[1] + 18.0, y + 1.0, STRONG, &total.to_string());
    page.wrap(
        M,
        y + 10.0,
        RIGHT - M,
        3.6,
        4,
        BODY,
        tr!(
            lang,
            "Anote la lectura completa que muestra el medidor (solo los m³ enteros). Si no pudo leer, deje la casilla vacía \
             y escriba el motivo en Observación: «sin acceso» o «medidor malogrado».",
            "Write the whole reading the meter shows (whole m³ only). If you could not read it, leave the box empty and \
             write why under Remark: «no access» or «broken meter»."
        ),
    );
}

/// One page of a route: `rows` are this page's connections, in route order.
pub fn route_page(
    page: &mut Page<'_>,
    lh: &Letterhead,
    lang: Lang,
    period: &str,
    route: &str,
    (number, pages): (usize, usize),
    rows: &[SheetRow],
) {
    header(
        page,
        lh,
        &format!("{} {route}", tr!(lang, "RUTA", "ROUTE")),
        &format!(
            "{} {period} · {} {number} {} {pages}",
            tr!(lang, "Periodo", "Period"),
            tr!(lang, "hoja", "sheet"),
            tr!(lang, "de", "of")
        ),
    );
    page.text(M, 27.0, LABEL, tr!(lang, "Lector(a):", "Reader:"));
    page.rule(M + 16.0, M + 90.0, 27.5, 0.3, 0.6);
    page.text(M + 100.0, 27.0, LABEL, tr!(lang, "Fecha:", "Date:"));
    page.rule(M + 112.0, M + 150.0, 27.5, 0.3, 0.6);

    // Columns: order, account and holder, address, meter, previous, average, new reading, remark.
    let x = [
        M,
        M + 8.0,
        M + 52.0,
        M + 92.0,
        M + 114.0,
        M + 130.0,
        M + 143.0,
        M + 170.0,
    ];
    let y0 = FIRST_ROW - 4.0;
    for (i, label) in [
        "N°",
        tr!(lang, "Cuenta / titular", "Account / holder"),
        tr!(lang, "Dirección", "Address"),
        tr!(lang, "Medidor", "Meter"),
        tr!(lang, "Anterior", "Previous"),
        tr!(lang, "Prom. m³", "Avg m³"),
        tr!(lang, "Lectura nueva", "New reading"),
        tr!(lang, "Observación", "Remark"),
    ]
    .iter()
    .enumerate()
    {
        page.text(x[i], y0, LABEL, label);
    }
    page.rule(M, RIGHT, y0 + 1.5, 0.5, 0.4);
    for (i, r) in rows.iter().enumerate() {
        let y = FIRST_ROW + 2.0 + ROW * i as f32;
        if i % 2 == 1 {
            page.boxed(M, y - 5.0, RIGHT - M, ROW, Some(0.95));
        }
        let seq = r.route_seq.map_or_else(String::new, |s| s.to_string());
        page.text(x[0], y, BODY, &seq);
        page.text_fit(x[1], y - 1.5, x[2] - x[1] - 2.0, STRONG, &r.account);
        page.text_fit(x[1], y + 1.8, x[2] - x[1] - 2.0, Style::regular(6.5), &r.name);
        page.wrap(
            x[2],
            y - 1.5,
            x[3] - x[2] - 2.0,
            3.2,
            2,
            Style::regular(6.5),
            &r.address,
        );
        page.text_fit(x[3], y, x[4] - x[3] - 2.0, BODY, &r.meter_serial);
        page.text_right(x[5] - 3.0, y, STRONG, &r.previous.to_string());
        page.text_right(x[6] - 3.0, y, BODY, r.average_m3.as_deref().unwrap_or("—"));
        page.boxed(x[6], y - 4.2, x[7] - x[6] - 3.0, ROW - 1.5, None);
        page.boxed(x[7], y - 4.2, RIGHT - x[7], ROW - 1.5, None);
    }
    page.text(
        M,
        HEIGHT - 8.0,
        Style::regular(6.0).grey(0.4),
        &format!(
            "{} {route} · {} {number}/{pages} · {} {}",
            tr!(lang, "Ruta", "Route"),
            tr!(lang, "hoja", "sheet"),
            rows.len(),
            tr!(lang, "conexiones en esta hoja", "connections on this sheet")
        ),
    );
}
