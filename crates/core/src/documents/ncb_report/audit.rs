//! The tariff audit: every bill of the month recomputed from the approved tariff.

use super::*;

pub(super) fn audit(f: &mut Flow<'_>, r: &NcbReport, lang: Lang, period: Period) {
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
