//! The complaint's papers, on A5: the **constancia** the complainant takes home at filing
//! (number, date, the decision deadline, what is disputed, how to appeal), and the **decision
//! letter** that notifies a decision (outcome, grounds, the credit note, and the windows to
//! ask for reconsideration or to appeal to the Community Board).

// Page geometry in millimetres: floats here never hold money.
#![allow(clippy::float_arithmetic)]

use super::Letterhead;
use super::layout::{Page, Style, mark};
use crate::complaints::{Complaint, ComplaintKind, Outcome};
use crate::i18n::Lang;
use crate::money::Money;
use crate::tr;

/// The page's width in mm (A5).
pub const WIDTH: f32 = 148.0;
/// The page's height in mm (A5).
pub const HEIGHT: f32 = 210.0;
const M: f32 = 12.0;
const LABEL: Style = Style::regular(7.0).grey(0.35);
const BODY: Style = Style::regular(9.0);
const STRONG: Style = Style::bold(9.0);

/// Which paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// The constancia given when the complaint is filed.
    Constancia,
    /// The letter that notifies a decision.
    Decision,
}

fn header(page: &mut Page<'_>, lh: &Letterhead, title: &str, number: &str) -> f32 {
    let inner = WIDTH - 2.0 * M;
    mark(page, M, M, 11.0);
    page.text_fit(M + 14.0, M + 4.5, inner - 14.0, Style::bold(10.5), &lh.operator);
    let mut line2 = lh.town.clone();
    if !lh.ruc.is_empty() {
        line2 = format!("RUC {} · {line2}", lh.ruc);
    }
    page.text_fit(M + 14.0, M + 9.0, inner - 14.0, Style::regular(7.5), &line2);
    let mut y = M + 13.0;
    y += 3.2 * page.wrap(M + 14.0, y, inner - 14.0, 3.2, 2, Style::regular(7.0), &lh.address) as f32;
    y += 4.0;
    page.boxed(M, y - 4.5, inner, 12.0, Some(0.9));
    page.text_center(WIDTH / 2.0, y, Style::bold(10.5), title);
    page.text_center(WIDTH / 2.0, y + 5.0, Style::bold(11.0), number);
    y + 14.0
}

/// A label and its value, the value wrapped to at most `lines` lines; returns the next y.
fn field(page: &mut Page<'_>, y: f32, label: &str, value: &str, lines: usize) -> f32 {
    page.text(M, y, LABEL, label);
    let used = page.wrap(M + 40.0, y, WIDTH - 2.0 * M - 40.0, 4.2, lines, BODY, value);
    y + 4.2 * used.max(1) as f32 + 1.2
}

fn outcome_word(lang: Lang, o: Outcome, silence: bool) -> String {
    let w = o.word(lang).to_uppercase();
    if silence {
        format!(
            "{w} {}",
            tr!(
                lang,
                "(por silencio administrativo positivo)",
                "(by positive administrative silence)"
            )
        )
    } else {
        w
    }
}

/// The working days the rules in force give to ask for reconsideration and to appeal, which
/// the papers state (docs/complaints.md; an administrator may change them).
#[derive(Debug, Clone, Copy)]
pub struct Windows {
    /// Working days to ask for reconsideration.
    pub reconsideration: u32,
    /// Working days to appeal.
    pub appeal: u32,
}

impl Windows {
    /// "Within N working days of its notice", the same sentence on the constancia and on a
    /// decision letter not yet notified.
    fn sentence(self, lang: Lang, start: (&str, &str)) -> String {
        let (r, a) = (self.reconsideration, self.appeal);
        let days = |n: u32, l: Lang| {
            l.counted(
                u64::from(n),
                ("día hábil", "días hábiles"),
                ("working day", "working days"),
            )
        };
        if r == a {
            tr!(
                lang,
                format!(
                    "{} puede pedir reconsideración al operador o apelar a la Junta Vecinal Comunal dentro de los {} siguientes a su notificación.",
                    start.0,
                    days(r, Lang::Es)
                ),
                format!(
                    "{} you may ask the operator to reconsider or appeal to the Neighborhood Community Board within {} of its notice.",
                    start.1,
                    days(r, Lang::En)
                )
            )
        } else {
            tr!(
                lang,
                format!(
                    "{} puede pedir reconsideración al operador dentro de los {} siguientes a su notificación, o apelar a la Junta Vecinal Comunal dentro de los {}.",
                    start.0,
                    days(r, Lang::Es),
                    days(a, Lang::Es)
                ),
                format!(
                    "{} you may ask the operator to reconsider within {} of its notice, or appeal to the Neighborhood Community Board within {}.",
                    start.1,
                    days(r, Lang::En),
                    days(a, Lang::En)
                )
            )
        }
    }
}

/// Lays out `paper` of complaint `c` on `page`.
pub fn page(page: &mut Page<'_>, paper: Paper, c: &Complaint, windows: Windows, lh: &Letterhead, lang: Lang) {
    let inner = WIDTH - 2.0 * M;
    let title = match paper {
        Paper::Constancia => tr!(lang, "CONSTANCIA DE RECLAMO", "COMPLAINT RECEIPT"),
        Paper::Decision => tr!(lang, "NOTIFICACIÓN DE RESOLUCIÓN", "NOTICE OF DECISION"),
    };
    let mut y = header(page, lh, title, &format!("N° {}", c.number));
    y = field(
        page,
        y,
        tr!(lang, "Fecha de presentación", "Filed on"),
        &lang.stored_date(&c.filed_on),
        1,
    );
    y = field(
        page,
        y,
        tr!(lang, "Cuenta", "Account"),
        &format!("{} — {}", c.account, c.holder),
        2,
    );
    y = field(
        page,
        y,
        tr!(lang, "Reclamante", "Complainant"),
        &format!(
            "{} · {} {} · {}",
            c.complainant,
            tr!(lang, "doc.", "ID"),
            c.complainant_id,
            c.relation.word(lang)
        ),
        2,
    );
    y = field(
        page,
        y,
        tr!(lang, "Tipo y medio", "Kind and channel"),
        &format!("{} · {}", c.kind.word(lang), c.channel.word(lang)),
        1,
    );
    if let Some(bill) = &c.bill {
        let period = c
            .bill_period
            .as_deref()
            .and_then(|p| p.parse::<crate::Period>().ok())
            .map(|p| lang.period(p))
            .unwrap_or_default();
        y = field(
            page,
            y,
            tr!(lang, "Recibo reclamado", "Bill disputed"),
            &format!("{bill} ({period})"),
            1,
        );
        y = field(
            page,
            y,
            tr!(lang, "Monto reclamado", "Amount disputed"),
            &c.disputed.to_string(),
            1,
        );
    }
    y = field(page, y, tr!(lang, "Descripción", "Description"), &c.description, 6);
    if !c.contact.is_empty() {
        y = field(page, y, tr!(lang, "Notificar en", "Notices to"), &c.contact, 2);
    }
    y += 2.0;
    page.rule(M, WIDTH - M, y - 3.0, 0.4, 0.6);
    match paper {
        Paper::Constancia => {
            page.boxed(M, y - 1.0, inner, 9.0, Some(0.95));
            page.text(
                M + 2.0,
                y + 3.5,
                STRONG,
                tr!(lang, "Se resolverá a más tardar el", "To be decided no later than"),
            );
            page.text_right(
                WIDTH - M - 2.0,
                y + 3.5,
                Style::bold(10.5),
                &lang.stored_date(&c.decision_due),
            );
            y += 13.0;
            let frozen = (c.kind == ComplaintKind::Billing && c.disputed > Money::ZERO).then(|| {
                tr!(
                    lang,
                    format!(
                        "Mientras el reclamo no esté resuelto en forma definitiva, los {} reclamados no son exigibles y el servicio no se corta por ellos; el resto del recibo sigue por pagar.",
                        c.disputed
                    ),
                    format!(
                        "While the complaint is not finally decided, the {} disputed are not due and the service is not cut for them; the rest of the bill is still to be paid.",
                        c.disputed
                    )
                )
            });
            let texts = [
                frozen,
                Some(tr!(
                    lang,
                    "Si el operador no resuelve hasta esa fecha (días hábiles), el reclamo se da por fundado (silencio administrativo positivo).".to_string(),
                    "If the operator does not decide by that date (working days), the complaint is founded (positive administrative silence).".to_string()
                )),
                Some(windows.sentence(lang, ("Si no está de acuerdo con la resolución,", "If you disagree with the decision,"))),
            ];
            for t in texts.into_iter().flatten() {
                y += 4.0 * page.wrap(M, y, inner, 4.0, 4, BODY, &t) as f32 + 2.0;
            }
        }
        Paper::Decision => {
            let p = &c.progress;
            let decision = c.steps.iter().rev().find(|s| s.step.ends_with("decision"));
            if let Some(d) = decision {
                let instance = match d.step.as_str() {
                    "decision" => tr!(lang, "Primera instancia", "First instance"),
                    "reconsideration_decision" => tr!(lang, "Reconsideración", "Reconsideration"),
                    _ => tr!(
                        lang,
                        "Segunda instancia (Junta Vecinal Comunal)",
                        "Second instance (Community Board)"
                    ),
                };
                y = field(page, y, tr!(lang, "Instancia", "Instance"), instance, 1);
                y = field(
                    page,
                    y,
                    tr!(lang, "Resuelto el", "Decided on"),
                    &lang.stored_date(&d.on_date),
                    1,
                );
                let outcome = d
                    .outcome
                    .map(|o| outcome_word(lang, o, d.by_silence))
                    .unwrap_or_default();
                page.text(M, y, LABEL, tr!(lang, "Resultado", "Outcome"));
                page.text(M + 40.0, y, Style::bold(10.5), &outcome);
                y += 6.0;
                y = field(page, y, tr!(lang, "Fundamento", "Grounds"), &d.reason, 6);
                if let Some(note) = &d.note {
                    y = field(
                        page,
                        y,
                        tr!(lang, "Nota de crédito", "Credit note"),
                        &tr!(
                            lang,
                            format!(
                                "{note}: se acreditan {} al recibo {}",
                                d.credited,
                                c.bill.clone().unwrap_or_default()
                            ),
                            format!(
                                "{note}: {} credited to bill {}",
                                d.credited,
                                c.bill.clone().unwrap_or_default()
                            )
                        ),
                        2,
                    );
                }
            }
            y += 2.0;
            let window = c.steps.iter().rev().find(|s| s.step == "notification" || s.by_silence);
            let text = match (c.state, window) {
                (crate::complaints::ComplaintState::Final, _) => {
                    tr!(
                        lang,
                        "Esta resolución es definitiva.".to_string(),
                        "This decision is final.".to_string()
                    )
                }
                (_, Some(w)) => {
                    let mut t = String::new();
                    if let Some(rec) = w.due_on.as_deref().filter(|_| p.reconsideration_on.is_none()) {
                        t.push_str(&tr!(
                            lang,
                            format!(
                                "Puede pedir reconsideración al operador hasta el {}. ",
                                lang.stored_date(rec)
                            ),
                            format!(
                                "You may ask the operator to reconsider until {}. ",
                                lang.stored_date(rec)
                            )
                        ));
                    }
                    if let Some(app) = w.appeal_due.as_deref() {
                        t.push_str(&tr!(
                            lang,
                            format!(
                                "Puede apelar a la Junta Vecinal Comunal hasta el {}, presentando la apelación en la oficina del operador. Vencido el plazo sin reconsideración ni apelación, la resolución queda firme.",
                                lang.stored_date(app)
                            ),
                            format!(
                                "You may appeal to the Neighborhood Community Board until {}, filing the appeal at the operator's office. If the time passes with neither, the decision becomes final.",
                                lang.stored_date(app)
                            )
                        ));
                    }
                    t
                }
                _ => windows.sentence(lang, ("Desde esta notificación,", "From this notice,")),
            };
            y += 4.0 * page.wrap(M, y, inner, 4.0, 5, BODY, &text) as f32 + 2.0;
        }
    }
    // Signatures: who received or notified, and the complainant.
    let sign_y = (y + 18.0).max(HEIGHT - 30.0);
    let half = inner / 2.0;
    page.rule(M + 4.0, M + half - 6.0, sign_y, 0.4, 0.3);
    page.rule(M + half + 6.0, WIDTH - M - 4.0, sign_y, 0.4, 0.3);
    let (left, right) = match paper {
        Paper::Constancia => (
            format!("{} ({})", tr!(lang, "Recibió", "Received by"), c.filed_by),
            tr!(lang, "Reclamante", "Complainant").to_string(),
        ),
        Paper::Decision => (
            tr!(lang, "Por el operador", "For the operator").to_string(),
            tr!(lang, "Recibí la notificación (fecha)", "Notice received (date)").to_string(),
        ),
    };
    page.text_center(M + half / 2.0, sign_y + 4.0, LABEL, &left);
    page.text_center(M + half + half / 2.0, sign_y + 4.0, LABEL, &right);
    page.text_center(
        WIDTH / 2.0,
        HEIGHT - 8.0,
        Style::regular(6.5).grey(0.45),
        tr!(
            lang,
            "Conserve este documento: acredita su reclamo y sus plazos.",
            "Keep this document: it proves your complaint and its deadlines."
        ),
    );
}
