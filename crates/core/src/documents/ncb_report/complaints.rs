//! Complaints: filed, resolved on time, appealed to the Board.

use super::*;

pub(super) fn complaints(f: &mut Flow<'_>, r: &NcbReport, lang: Lang) {
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
            lang.pick("Estado", "ComplaintState"),
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
