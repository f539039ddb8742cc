//! The cover: the operator and the month in plain words, whether the ledger is whole, the
//! Board members in office.

use super::*;

pub(super) fn cover(f: &mut Flow<'_>, r: &NcbReport, lh: &Letterhead, lang: Lang, period: Period) {
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
