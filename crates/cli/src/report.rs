//! Human summaries of what the core returns, in Spanish or English: amounts as `S/ 1,234.50`,
//! dates as `dd/mm/aaaa` in Spanish.

use caudal_core::billing::{HeldReading, IssueOutcome, Preview, Totals};
use caudal_core::ledger::ChainReport;
use caudal_core::tariffs::StoredTariff;
use caudal_core::{Lang, tr};
use std::fmt::Write;

fn basis_label(code: &str, lang: Lang) -> &str {
    match code {
        "measured" => lang.pick("medido", "measured"),
        "estimated" => lang.pick("estimado", "estimated"),
        "assigned" => lang.pick("asignado", "assigned"),
        other => other,
    }
}

fn totals_line(t: &Totals, lang: Lang) -> String {
    let bills = lang.counted(t.bills, ("recibo", "recibos"), ("bill", "bills"));
    let (month, due) = (t.month_total.to_string(), t.amount_due.to_string());
    let m3 = lang.count(t.billed_m3);
    tr!(
        lang,
        format!("{bills:>14}  {m3:>10} m³  total del mes {month:>16}  a pagar {due:>16}"),
        format!("{bills:>14}  {m3:>10} m³  month total {month:>16}  to pay {due:>16}")
    )
}

/// The preview of a billing run, its categories named as the tariff names them.
pub fn preview(p: &Preview, categories: &[caudal_core::tariffs::CategoryChoice], lang: Lang) -> String {
    let mut s = String::new();
    if p.lines.is_empty() && p.held.is_empty() && p.unbillable.is_empty() && p.already_billed > 0 {
        // A month already billed: nothing is left to preview, and saying "nothing is
        // numbered yet" would contradict the bills it has.
        return tr!(
            lang,
            format!(
                "{} ya está facturado: {}. No queda nada por facturar.",
                caudal_core::text::capitalized(&lang.period(p.period)),
                lang.counted(p.already_billed, ("recibo emitido", "recibos emitidos"), ("", ""))
            ),
            format!(
                "{} is already billed: {}. Nothing is left to bill.",
                lang.period(p.period),
                lang.counted(p.already_billed, ("", ""), ("bill issued", "bills issued"))
            )
        );
    }
    let _ = writeln!(
        s,
        "{}",
        tr!(
            lang,
            format!(
                "Vista previa de la facturación de {} (tarifa «{}», vigente desde {}). Nada está numerado aún.",
                lang.period(p.period),
                p.tariff_name,
                lang.period(p.tariff_effective_from)
            ),
            format!(
                "Billing preview for {} (tariff «{}», in force from {}). Nothing is numbered yet.",
                lang.period(p.period),
                p.tariff_name,
                lang.period(p.tariff_effective_from)
            )
        )
    );
    let _ = writeln!(s, "{}", totals_line(&p.totals, lang));
    let _ = writeln!(s, "{}", tr!(lang, "Por categoría:", "By category:"));
    for (cat, t) in &p.by_category {
        let label = categories
            .iter()
            .find(|c| &c.code == cat)
            .map_or(cat.as_str(), |c| c.label.as_str());
        let _ = writeln!(s, "  {label:<11} {}", totals_line(t, lang));
    }
    let _ = writeln!(s, "{}", tr!(lang, "Por base de consumo:", "By basis:"));
    for (basis, t) in &p.by_basis {
        let _ = writeln!(s, "  {:<11} {}", basis_label(basis, lang), totals_line(t, lang));
    }
    let _ = writeln!(
        s,
        "{}",
        tr!(
            lang,
            format!(
                "Subsidio del fondo {}; aporte al fondo {}. Ya facturadas: {}; no activas: {}; conectadas después del periodo: {}.",
                p.totals.subsidy, p.totals.fund_share, p.already_billed, p.not_active, p.not_connected
            ),
            format!(
                "Fund subsidy {}; fund share {}. Already billed: {}; not active: {}; connected after the period: {}.",
                p.totals.subsidy, p.totals.fund_share, p.already_billed, p.not_active, p.not_connected
            )
        )
    );
    if !p.held.is_empty() {
        s.push_str(&held(&p.held, lang));
        s.push('\n');
    }
    for u in &p.unbillable {
        let _ = writeln!(
            s,
            "{} {}: {}",
            tr!(lang, "No se puede facturar", "Cannot bill"),
            u.account,
            u.reason.get(lang)
        );
    }
    if let Some(w) = &p.warning {
        let _ = writeln!(s, "{} {}", tr!(lang, "Atención:", "Warning:"), w.get(lang));
    }
    s.trim_end().to_string()
}

pub fn held(held: &[HeldReading], lang: Lang) -> String {
    if held.is_empty() {
        return tr!(
            lang,
            "No hay lecturas retenidas como atípicas.",
            "No readings are held as atypical."
        )
        .into();
    }
    let mut s = tr!(
        lang,
        format!(
            "{} lecturas retenidas como atípicas (confírmelas con `caudal billing confirm` o corríjalas con `readings import --replace`):",
            held.len()
        ),
        format!(
            "{} readings held as atypical (confirm with `caudal billing confirm` or correct with `readings import --replace`):",
            held.len()
        )
    );
    for h in held {
        let _ = write!(
            s,
            "\n  {} {:<36} {} m³ {} {:.1} m³ ({} {})",
            h.account,
            h.holder,
            h.atypical.consumption_m3,
            tr!(lang, "frente a un promedio de", "against an average of"),
            h.atypical.average_m3,
            h.atypical.months,
            tr!(lang, "meses", "months")
        );
    }
    s
}

pub fn issued(o: &IssueOutcome, lang: Lang) -> String {
    let mut s = match (&o.first_number, &o.last_number) {
        (Some(first), Some(last)) => tr!(
            lang,
            format!(
                "{} de {}, del {first} al {last}; emisión {}, vencimiento {}.",
                lang.counted(o.issued, ("recibo emitido", "recibos emitidos"), ("", "")),
                lang.period(o.period),
                lang.date(o.issued_on),
                lang.date(o.due_on)
            ),
            format!(
                "{} of {} issued, {first} to {last}; issued {}, due {}.",
                lang.counted(o.issued, ("", ""), ("bill", "bills")),
                lang.period(o.period),
                lang.date(o.issued_on),
                lang.date(o.due_on)
            )
        ),
        _ => tr!(
            lang,
            format!("No había recibos por emitir para {}.", lang.period(o.period)),
            format!("There were no bills to issue for {}.", lang.period(o.period))
        ),
    };
    let _ = write!(s, "\n{}", totals_line(&o.totals, lang));
    if let Some(w) = &o.warning {
        let _ = write!(s, "\n{} {}", tr!(lang, "Atención:", "Warning:"), w.get(lang));
    }
    if o.held > 0 || o.unbillable > 0 || o.already_billed > 0 {
        let _ = write!(
            s,
            "\n{}",
            tr!(
                lang,
                format!(
                    "Retenidas: {}; sin poder facturar: {}; ya facturadas antes: {}.",
                    o.held, o.unbillable, o.already_billed
                ),
                format!(
                    "Held: {}; cannot bill: {}; already billed before: {}.",
                    o.held, o.unbillable, o.already_billed
                )
            )
        );
    }
    s
}

pub fn tariff(t: &StoredTariff, lang: Lang) -> String {
    let d = &t.tariff;
    let w = d.words();
    let mut s = String::new();
    let _ = writeln!(s, "{} · {}", d.name, w.in_force.get(lang));
    let _ = writeln!(s, "{}: {}", tr!(lang, "Aprobación", "Approval"), d.approval);
    let _ = writeln!(s, "{}", w.charges.get(lang));
    for line in [&w.fund, &w.subsidy].into_iter().flatten() {
        let _ = writeln!(s, "{}", line.get(lang));
    }
    for c in &w.categories {
        let _ = writeln!(s, "{} ({}) — {}", c.label, c.method.get(lang), c.volumes.get(lang));
        let _ = writeln!(s, "    {}: {}", tr!(lang, "agua", "water"), c.water.get(lang));
        let _ = writeln!(
            s,
            "    {}: {}",
            tr!(lang, "alcantarillado", "sewerage"),
            c.sewer.get(lang)
        );
    }
    s.trim_end().to_string()
}

pub fn verify(r: &ChainReport, lang: Lang) -> String {
    if r.ok() {
        let mut s = tr!(
            lang,
            format!(
                "Libro íntegro: {} eslabones verificados; cabeza de la cadena {}.",
                lang.count(r.links),
                r.head
            ),
            format!(
                "Ledger intact: {} links verified; chain head {}.",
                lang.count(r.links),
                r.head
            )
        );
        if r.sealed {
            s.push_str(tr!(
                lang,
                "\nLa revisión quedó sellada en la cadena: el informe de la Junta revisará lo que se registre desde ahora.",
                "\nThe check is sealed in the chain: the Board's report will check what is recorded from now on."
            ));
        }
        return s;
    }
    let mut s = String::new();
    if let Some(integrity) = r.integrity.as_deref().filter(|i| *i != "ok") {
        let _ = writeln!(
            s,
            "{} {integrity}",
            tr!(lang, "La base de datos está dañada:", "The database is damaged:"),
        );
    }
    for p in &r.problems {
        let word = caudal_core::records::record_word(&p.kind, lang);
        let what = match (p.reference.is_empty(), p.seq) {
            (false, Some(seq)) => format!("{word} {} ({} {seq})", p.reference, tr!(lang, "eslabón", "link")),
            (false, None) => format!("{word} {}", p.reference),
            (true, Some(seq)) => format!("{} {seq}", tr!(lang, "eslabón", "link")),
            (true, None) => word.to_string(),
        };
        let _ = writeln!(
            s,
            "{} {what}: {}",
            tr!(lang, "Problema en", "Problem in"),
            p.reason.get(lang)
        );
    }
    s.trim_end().to_string()
}

pub fn receipt(r: &caudal_core::payments::Receipt, lang: Lang) -> String {
    let p = &r.payment;
    let mut s = tr!(
        lang,
        format!(
            "Comprobante de pago {} · {} · {} · {}\nImporte: {}",
            p.number,
            lang.date(caudal_core::period::parse_date(&p.paid_on).unwrap_or_default()),
            p.account,
            r.holder,
            p.amount
        ),
        format!(
            "Payment receipt {} · {} · {} · {}\nAmount: {}",
            p.number,
            lang.date(caudal_core::period::parse_date(&p.paid_on).unwrap_or_default()),
            p.account,
            r.holder,
            p.amount
        )
    );
    for a in &r.applied {
        // The month in words when the line pays a bill ("reconnect" charges have none).
        let month = a.period.parse().map_or_else(|_| a.period.clone(), |p| lang.period(p));
        let _ = write!(s, "\n  {} ({month}): {}", a.bill, a.amount);
    }
    let _ = write!(
        s,
        "\n{} {}",
        tr!(lang, "Saldo después del pago:", "Balance after payment:"),
        r.balance_after
    );
    s
}

pub fn statement(st: &caudal_core::accounts::Statement, lang: Lang) -> String {
    let mut s = format!("{} · {}", st.account, st.holder);
    let _ = write!(
        s,
        "\n{:<10}  {:<16} {:<38} {:>14} {:>14} {:>14}",
        tr!(lang, "Fecha", "Date"),
        tr!(lang, "Documento", "Document"),
        tr!(lang, "Concepto", "Item"),
        tr!(lang, "Cargo", "Charge"),
        tr!(lang, "Abono", "Payment"),
        tr!(lang, "Saldo", "Balance")
    );
    for l in &st.lines {
        let date = lang.date(caudal_core::period::parse_date(&l.date).unwrap_or_default());
        let _ = write!(
            s,
            "\n{date}  {:<16} {:<38} {:>14} {:>14} {:>14}",
            l.reference,
            l.what.get(lang),
            l.charge.to_string(),
            l.payment.to_string(),
            l.balance.to_string()
        );
    }
    let _ = write!(s, "\n{} {}", tr!(lang, "Saldo:", "Balance:"), st.balance);
    if st.overdue > caudal_core::Money::ZERO {
        let _ = write!(s, "\n{} {}", tr!(lang, "Vencido:", "Overdue:"), st.overdue);
    }
    s
}

pub fn arrears(
    rows: &[caudal_core::accounts::ArrearsRow],
    t: &caudal_core::accounts::AgeBuckets,
    day: chrono::NaiveDate,
    lang: Lang,
) -> String {
    let mut s = tr!(
        lang,
        format!(
            "Deuda vencida al {}: {}\n0–30 días {} · 31–60 {} · 61–90 {} · más de 90 {}",
            lang.date(day),
            lang.counted(rows.len() as u64, ("conexión", "conexiones"), ("", "")),
            t.d0_30,
            t.d31_60,
            t.d61_90,
            t.over_90
        ),
        format!(
            "Overdue on {}: {}\n0–30 days {} · 31–60 {} · 61–90 {} · over 90 {}",
            lang.date(day),
            lang.counted(rows.len() as u64, ("", ""), ("connection", "connections")),
            t.d0_30,
            t.d31_60,
            t.d61_90,
            t.over_90
        )
    );
    for r in rows.iter().take(50) {
        let _ = write!(
            s,
            "\n  {} {:<36} {:>2} {} {}",
            r.account,
            r.holder,
            r.overdue_bills,
            match (lang, r.overdue_bills) {
                (Lang::Es, 1) => "cargo vencido",
                (Lang::Es, _) => "cargos vencidos",
                (Lang::En, 1) => "charge overdue",
                (Lang::En, _) => "charges overdue",
            },
            r.total
        );
    }
    if rows.len() > 50 {
        let _ = write!(
            s,
            "\n  … {}",
            tr!(lang, "(la lista completa con --json)", "(the whole list with --json)")
        );
    }
    s
}

pub fn cash_close(c: &caudal_core::payments::CashClose, lang: Lang) -> String {
    let day = lang.date(caudal_core::period::parse_date(&c.day).unwrap_or_default());
    let runs = if c.runs.is_empty() {
        "—".to_string()
    } else {
        c.runs.join(", ")
    };
    let mut s = tr!(
        lang,
        format!(
            "Cierre de caja del {day}: {}: {} ({}). Total {}",
            lang.counted(
                u64::from(c.receipts),
                ("comprobante de pago", "comprobantes de pago"),
                ("", "")
            ),
            runs,
            lang.counted(u64::from(c.reversals), ("anulación", "anulaciones"), ("", "")),
            c.total
        ),
        format!(
            "Cash close of {day}: {}: {} ({}). Total {}",
            lang.counted(u64::from(c.receipts), ("", ""), ("payment receipt", "payment receipts")),
            runs,
            lang.counted(u64::from(c.reversals), ("", ""), ("reversal", "reversals")),
            c.total
        )
    );
    for k in &c.by_clerk {
        let _ = write!(s, "\n  {:<16} {:>4} {}", k.clerk, k.receipts, k.total);
    }
    s
}

pub fn fund(f: &caudal_core::fund::FundBalance, lang: Lang) -> String {
    let day = lang.date(caudal_core::period::parse_date(&f.as_of).unwrap_or_default());
    let mut s = tr!(
        lang,
        format!("Fondo comunal al {day}: {}", f.total),
        format!("Community fund on {day}: {}", f.total)
    );
    for p in &f.purposes {
        let _ = write!(
            s,
            "\n  {:<15} {} {} · {} {} · {} {} · {} {}",
            caudal_core::fund::purpose_word(&p.purpose, lang),
            tr!(lang, "aportes", "in"),
            p.contributions,
            tr!(lang, "subsidios", "subsidies"),
            p.subsidies,
            tr!(lang, "gastos", "spent"),
            p.spending,
            tr!(lang, "saldo", "balance"),
            p.balance
        );
    }
    s
}
