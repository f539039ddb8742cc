//! The payment receipt: the household's only proof of payment. On an A6 sheet or on an 80 mm
//! roll (setting `receipt_format`), with the receipt number, date, clerk, account, what was
//! applied to which bills, and the balance after the payment.

// Page geometry in millimetres: floats here never hold money.
#![allow(clippy::float_arithmetic)]

use super::Letterhead;
use super::layout::{Page, Style, mark};
use crate::i18n::Lang;
use crate::payments::Receipt;
use crate::period::parse_date;
use crate::tr;

/// The paper a receipt is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// 105 × 148 mm.
    A6,
    /// 80 mm wide thermal roll; the length follows the content.
    Roll80,
}

impl Paper {
    /// The paper of a setting's word (A6 unless it names the 80 mm roll).
    pub fn parse(s: &str) -> Paper {
        if s == "roll80" { Paper::Roll80 } else { Paper::A6 }
    }

    /// Its width in mm.
    pub fn width(self) -> f32 {
        match self {
            Paper::A6 => 105.0,
            Paper::Roll80 => 80.0,
        }
    }

    /// The page height for a receipt applied to `lines` bills.
    pub fn height(self, lines: usize) -> f32 {
        match self {
            Paper::A6 => 148.0,
            Paper::Roll80 => 112.0 + 4.2 * lines as f32,
        }
    }
}

const LABEL: Style = Style::regular(6.5).grey(0.35);
const BODY: Style = Style::regular(8.0);
const STRONG: Style = Style::bold(8.0);

/// Lays out receipt `r` on `page`.
pub fn page(page: &mut Page<'_>, paper: Paper, r: &Receipt, lh: &Letterhead, lang: Lang) {
    let m = if paper == Paper::Roll80 { 4.0 } else { 7.0 };
    let right = page.width - m;
    let inner = right - m;
    let p = &r.payment;
    mark(page, m, m, 9.0);
    page.text_fit(m + 11.0, m + 4.0, inner - 11.0, Style::bold(9.0), &lh.operator);
    if !lh.ruc.is_empty() {
        page.text_fit(
            m + 11.0,
            m + 8.0,
            inner - 11.0,
            Style::regular(6.5),
            &format!("RUC {}", lh.ruc),
        );
    }
    let mut y = m + 12.0;
    y += 3.0 * page.wrap(m, y, inner, 3.0, 2, Style::regular(6.5), &lh.address) as f32;
    y += 3.0;
    let title = if p.amount.is_negative() {
        tr!(lang, "ANULACIÓN DE PAGO", "PAYMENT REVERSAL")
    } else {
        tr!(lang, "COMPROBANTE DE PAGO", "PAYMENT RECEIPT")
    };
    page.boxed(m, y - 4.0, inner, 10.5, Some(0.9));
    page.text_center(page.width / 2.0, y, Style::bold(9.0), title);
    page.text_center(page.width / 2.0, y + 4.5, Style::bold(9.5), &format!("N° {}", p.number));
    y += 12.0;
    let copy_on = r.copy_on.as_deref().and_then(parse_date);
    if let Some(day) = copy_on {
        page.text_center(
            page.width / 2.0,
            y - 1.5,
            Style::bold(7.5),
            &tr!(
                lang,
                format!("COPIA impresa el {}", lang.date(day)),
                format!("COPY printed on {}", lang.date(day))
            ),
        );
        y += 3.5;
    }
    let date = parse_date(&p.paid_on).map_or_else(|| p.paid_on.clone(), |d| lang.date(d));
    let channel = match p.channel.as_str() {
        "bank" => tr!(lang, "banco o agente", "bank or agent"),
        _ => tr!(lang, "caja", "counter"),
    };
    for (label, value) in [
        (tr!(lang, "Fecha", "Date"), date),
        (tr!(lang, "Cuenta", "Account"), p.account.clone()),
        (tr!(lang, "Titular", "Holder"), r.holder.clone()),
        (tr!(lang, "Atendió", "Clerk"), p.recorded_by.clone()),
        (tr!(lang, "Medio", "Channel"), channel.to_string()),
    ] {
        page.text(m, y, LABEL, label);
        page.text_fit(m + 18.0, y, inner - 18.0, BODY, &value);
        y += 4.0;
    }
    if let Some(reason) = &p.reason {
        y += 3.8
            * page.wrap(
                m,
                y,
                inner,
                3.8,
                3,
                BODY,
                &format!("{}: {reason}", tr!(lang, "Motivo", "Reason")),
            ) as f32;
    }
    y += 2.0;
    page.text(m, y, LABEL, tr!(lang, "Aplicado a", "Applied to"));
    page.text_right(right, y, LABEL, tr!(lang, "Importe", "Amount"));
    y += 1.5;
    page.rule(m, right, y, 0.4, 0.5);
    y += 3.8;
    if r.applied.is_empty() {
        page.text(
            m,
            y,
            BODY,
            tr!(
                lang,
                "Saldo a favor para los próximos recibos",
                "Credit for the next bills"
            ),
        );
        y += 4.2;
    }
    for a in &r.applied {
        let period = a
            .period
            .parse::<crate::Period>()
            .map_or_else(|_| a.period.clone(), |p| lang.period(p));
        page.text_fit(m, y, inner - 22.0, BODY, &format!("{} ({period})", a.bill));
        page.text_right(right, y, BODY, &a.amount.to_string());
        y += 4.2;
    }
    page.rule(m, right, y - 2.8, 0.4, 0.5);
    page.text(m, y + 1.0, Style::bold(9.5), tr!(lang, "PAGADO", "PAID"));
    page.text_right(right, y + 1.0, Style::bold(10.0), &p.amount.to_string());
    y += 6.5;
    // A copy's balance is of the day it is printed, and says so.
    let credit = r.balance_after.is_negative();
    let label = match copy_on {
        Some(day) if credit => tr!(
            lang,
            format!("Saldo a favor al {}", lang.date(day)),
            format!("Credit on {}", lang.date(day))
        ),
        Some(day) => tr!(
            lang,
            format!("Deuda al {}", lang.date(day)),
            format!("Owed on {}", lang.date(day))
        ),
        None if credit => tr!(lang, "Saldo a favor", "Credit balance").to_string(),
        None => tr!(lang, "Deuda después del pago", "Owed after this payment").to_string(),
    };
    let amount = if credit {
        r.balance_after.checked_neg().unwrap_or(r.balance_after)
    } else {
        r.balance_after
    };
    page.text(m, y, STRONG, &label);
    page.text_right(right, y, STRONG, &amount.to_string());
    y += 7.0;
    page.wrap(
        m,
        y,
        inner,
        3.0,
        3,
        Style::regular(6.0).grey(0.3),
        tr!(
            lang,
            "Conserve este comprobante: es su constancia de pago. Registrado en el libro del operador con número correlativo.",
            "Keep this receipt: it is your proof of payment. Recorded in the operator's ledger with a sequential number."
        ),
    );
}
