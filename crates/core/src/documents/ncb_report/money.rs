//! Money: what was billed and collected, the operator's costs, and the fund by purpose.

use super::*;

pub(super) fn cost_word(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "energy" => lang.pick("energía", "energy"),
        "chlorine" => lang.pick("cloro", "chlorine"),
        "salaries" => lang.pick("remuneraciones", "salaries"),
        "maintenance" => lang.pick("mantenimiento", "maintenance"),
        _ => lang.pick("otros costos", "other costs"),
    }
}

pub(super) fn money(f: &mut Flow<'_>, r: &NcbReport, lang: Lang) {
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
