//! The Board's own records: its members, its meetings and what they agreed.

use super::*;

pub(super) fn the_board(f: &mut Flow<'_>, r: &NcbReport, lang: Lang) {
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
