//! `caudal complaints …` and `caudal calendar …` (docs/complaints.md): parse, call the core,
//! say what happened.

use crate::values::parse_day;
use crate::{Context, Output};
use caudal_core::complaints::{
    Channel, Complaint, ComplaintKind, Correction, DecisionRequest, NewComplaint, Outcome, Relation,
};
use caudal_core::documents::complaint::Paper;
use caudal_core::error::ErrorCode;
use caudal_core::{Error, Lang, tr};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::PathBuf;

#[derive(Args)]
pub struct DecisionArgs {
    #[arg(long)]
    number: String,
    /// fundado | fundado-en-parte | infundado / founded | partly | unfounded
    #[arg(long)]
    outcome: String,
    /// El recibo recalculado con este consumo / the bill recomputed at this consumption
    #[arg(long, value_name = "M3", conflicts_with_all = ["water", "sewer", "fixed"])]
    corrected_m3: Option<u64>,
    /// Importe de agua que se corrige, en soles / the water amount corrected, in soles
    #[arg(long)]
    water: Option<String>,
    /// Importe de alcantarillado que se corrige, en soles / the sewer amount corrected, in soles
    #[arg(long)]
    sewer: Option<String>,
    /// Importe de cargo fijo que se corrige, en soles / the fixed charge amount corrected, in soles
    #[arg(long)]
    fixed: Option<String>,
    #[arg(long)]
    reason: String,
    #[arg(long, value_parser = parse_day)]
    date: Option<NaiveDate>,
}

#[derive(Subcommand)]
pub enum ComplaintsCmd {
    /// Registra un reclamo / files a complaint
    File {
        #[arg(long)]
        account: String,
        /// facturacion | comercial | operacional / billing | commercial | operational
        #[arg(long)]
        kind: String,
        /// ventanilla | telefono | escrito / counter | phone | written
        #[arg(long)]
        channel: String,
        /// Quien reclama / the complainant's name
        #[arg(long)]
        by: String,
        /// DNI o RUC / DNI or RUC
        #[arg(long)]
        id: String,
        /// titular | representante | usuario / holder | representative | user
        #[arg(long)]
        relation: Option<String>,
        #[arg(long)]
        bill: Option<String>,
        /// Monto reclamado (por defecto, el importe del recibo) / disputed amount (default: the bill's amount due)
        #[arg(long)]
        amount: Option<String>,
        /// Lo que se reclama, en palabras / what the complaint is about, in words
        #[arg(long)]
        description: String,
        /// Teléfono o correo de quien reclama / the complainant's phone or e-mail
        #[arg(long, default_value = "")]
        contact: String,
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
    },
    /// Resuelve la primera instancia o la reconsideración / decides the first instance or the reconsideration
    Decide(DecisionArgs),
    /// Registra la notificación de la última resolución / records the notice of the latest decision
    Notify {
        #[arg(long)]
        number: String,
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
    },
    /// Pedido de reconsideración / a request for reconsideration
    Reconsider {
        #[arg(long)]
        number: String,
        #[arg(long)]
        reason: String,
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
    },
    /// Apelación a la Junta Vecinal / appeal to the Community Board
    Appeal {
        #[arg(long)]
        number: String,
        #[arg(long)]
        reason: String,
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
    },
    /// Resolución de la Junta Vecinal (--user de rol ncb) / the Board's decision (--user of role ncb)
    NcbDecide(DecisionArgs),
    /// Desistimiento / withdrawal
    Withdraw {
        #[arg(long)]
        number: String,
        #[arg(long)]
        reason: String,
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
    },
    /// Aplica el silencio positivo y la firmeza / applies positive silence and finality
    Sweep {
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
    },
    /// Reclamos en trámite / complaints not yet final
    List {
        /// Solo los no firmes (por defecto) / only those not final (the default)
        #[arg(long)]
        open: bool,
        /// Solo los de plazo vencido / only those past their deadline
        #[arg(long)]
        overdue: bool,
        #[arg(long, value_parser = parse_day)]
        date: Option<NaiveDate>,
    },
    /// Un reclamo con todos sus pasos / one complaint with every step
    Show { number: String },
    /// Escribe complaints.csv / writes complaints.csv
    Export {
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
        #[arg(long, value_parser = parse_day)]
        from: Option<NaiveDate>,
        #[arg(long, value_parser = parse_day)]
        to: Option<NaiveDate>,
    },
    /// Constancia (o, con --decision, la notificación de la resolución) en PDF / the constancia (or, with --decision, the notice of decision) as PDF
    Pdf {
        number: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// La notificación de la resolución en lugar de la constancia / the notice of decision instead of the constancia
        #[arg(long)]
        decision: bool,
    },
    /// Los plazos vigentes / the deadline rules
    Rules,
}

#[derive(Subcommand)]
pub enum CalendarCmd {
    /// Agrega un feriado / adds a holiday
    Add {
        #[arg(value_parser = parse_day)]
        date: NaiveDate,
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Hace hábil un día / makes a day a working day
    Remove {
        #[arg(value_parser = parse_day)]
        date: NaiveDate,
    },
    /// Los feriados de un año / a year's holidays
    List {
        /// Año, como 2026 / the year, as 2026
        #[arg(long)]
        year: i32,
    },
}

fn parse_word<T>(field: ErrorCode, value: &str, parse: fn(&str) -> Option<T>, allowed: &str) -> Result<T, Error> {
    parse(value).ok_or_else(|| {
        Error::invalid(
            field,
            format!("«{value}» no es válido para --{field}: use {allowed}."),
            format!("«{value}» is not valid for --{field}: use {allowed}."),
        )
    })
}

fn decision(a: DecisionArgs) -> Result<DecisionRequest, Error> {
    let outcome = parse_word(
        ErrorCode::Outcome,
        &a.outcome,
        Outcome::parse,
        "founded | partly | unfounded",
    )?;
    let lines = [&a.water, &a.sewer, &a.fixed];
    let by = match (a.corrected_m3, lines.iter().any(|l| l.is_some())) {
        (Some(_), _) => "volume",
        (None, true) => "lines",
        (None, false) => "none",
    };
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let m3 = a.corrected_m3.map(|m| m.to_string()).unwrap_or_default();
    Ok(DecisionRequest {
        number: a.number,
        outcome,
        correction: Correction::typed(by, &m3, &text(&a.water), &text(&a.sewer), &text(&a.fixed))?,
        reason: a.reason,
        on: a.date,
    })
}

fn step_word(lang: Lang, step: &str) -> &'static str {
    match step {
        "decision" => tr!(lang, "resolución de primera instancia", "first-instance decision"),
        "notification" => tr!(lang, "notificación", "notification"),
        "reconsideration" => tr!(lang, "pedido de reconsideración", "request for reconsideration"),
        "reconsideration_decision" => tr!(lang, "resolución de la reconsideración", "reconsideration decision"),
        "appeal" => tr!(lang, "apelación a la Junta Vecinal", "appeal to the Community Board"),
        "ncb_decision" => tr!(lang, "resolución de la Junta Vecinal", "the Board's decision"),
        "final" => tr!(lang, "firme", "final"),
        "withdrawal" => tr!(lang, "desistimiento", "withdrawal"),
        _ => "",
    }
}

/// One complaint in a few lines: where it stands and its next deadline.
fn summary(lang: Lang, c: &Complaint) -> String {
    let mut out = format!(
        "{}  {}  {}  {}",
        c.number,
        c.account,
        c.kind.word(lang),
        c.state.word(lang)
    );
    if let Some(due) = &c.progress.next_due {
        let whose = match c.progress.waiting_for.as_deref() {
            Some("decide") | Some("decide_reconsideration") => tr!(lang, "resolver hasta", "decide by"),
            Some("notify") => tr!(lang, "notificar hasta", "notify by"),
            Some("ncb_decide") => tr!(lang, "la Junta resuelve hasta", "the Board decides by"),
            _ => tr!(lang, "firme si nada se presenta hasta", "final unless filed by"),
        };
        out.push_str(&format!("  · {whose} {}", lang.stored_date(due)));
    }
    if c.overdue {
        out.push_str(tr!(lang, "  · PLAZO VENCIDO", "  · OVERDUE"));
    }
    out
}

fn detail(lang: Lang, c: &Complaint) -> String {
    let mut out = vec![summary(lang, c)];
    out.push(format!(
        "{}: {} ({}, {} {}) · {}",
        tr!(lang, "Reclamante", "Complainant"),
        c.complainant,
        c.relation.word(lang),
        tr!(lang, "doc.", "ID"),
        c.complainant_id,
        c.channel.word(lang)
    ));
    if let Some(bill) = &c.bill {
        out.push(format!(
            "{}: {bill} · {} {}",
            tr!(lang, "Recibo", "Bill"),
            tr!(lang, "reclamado", "disputed"),
            c.disputed
        ));
    }
    out.push(format!(
        "{}: {}",
        tr!(lang, "Descripción", "Description"),
        c.description
    ));
    out.push(format!(
        "{}  {}  ({}; {} {})",
        lang.stored_date(&c.filed_on),
        tr!(lang, "presentado", "filed"),
        c.filed_by,
        tr!(lang, "resolver hasta", "decide by"),
        lang.stored_date(&c.decision_due)
    ));
    for s in &c.steps {
        let mut line = format!("{}  {}", lang.stored_date(&s.on_date), step_word(lang, &s.step));
        if let Some(o) = s.outcome {
            line.push_str(&format!(": {}", o.word(lang)));
        }
        if s.by_silence {
            line.push_str(tr!(lang, " (silencio positivo)", " (positive silence)"));
        }
        if let Some(n) = &s.note {
            line.push_str(&format!(" · {n} {}", s.credited));
        }
        line.push_str(&format!(" ({})", s.recorded_by));
        if !s.reason.is_empty() && s.step != "final" {
            line.push_str(&format!(" — {}", s.reason));
        }
        out.push(line);
    }
    if c.progress.credited > caudal_core::Money::ZERO {
        out.push(format!(
            "{}: {}",
            tr!(lang, "Acreditado", "Credited"),
            c.progress.credited
        ));
    }
    out.join("\n")
}

fn shown(lang: Lang, c: Complaint) -> Output {
    Output {
        text: detail(lang, &c),
        json: json!(c),
        failed: false,
    }
}

pub fn run(ctx: &Context, cmd: ComplaintsCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    let mut ledger = ctx.open()?;
    let actor = ctx.actor_in(&ledger)?;
    match cmd {
        ComplaintsCmd::File {
            account,
            kind,
            channel,
            by,
            id,
            relation,
            bill,
            amount,
            description,
            contact,
            date,
        } => {
            let req = NewComplaint {
                account,
                kind: parse_word(
                    ErrorCode::Kind,
                    &kind,
                    ComplaintKind::parse,
                    "billing | commercial | operational",
                )?,
                channel: parse_word(
                    ErrorCode::Channel,
                    &channel,
                    Channel::parse,
                    "counter | phone | written",
                )?,
                complainant: by,
                complainant_id: id,
                relation: relation
                    .map(|r| {
                        parse_word(
                            ErrorCode::Relation,
                            &r,
                            Relation::parse,
                            "holder | representative | user",
                        )
                    })
                    .transpose()?,
                bill,
                amount,
                description,
                contact,
                filed_on: date,
            };
            let filed = ledger.file_complaint(&actor, &req)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "Reclamo {} registrado; se resolverá a más tardar el {}.",
                        filed.number,
                        lang.stored_date(&filed.decision_due)
                    ),
                    format!(
                        "Complaint {} filed; to be decided no later than {}.",
                        filed.number,
                        lang.stored_date(&filed.decision_due)
                    )
                ),
                json: json!({ "number": filed.number, "decision_due": filed.decision_due, "complaint": filed.complaint }),
                failed: false,
            })
        }
        ComplaintsCmd::Decide(a) => Ok(shown(lang, ledger.decide_complaint(&actor, &decision(a)?)?)),
        ComplaintsCmd::NcbDecide(a) => Ok(shown(lang, ledger.ncb_decide_complaint(&actor, &decision(a)?)?)),
        ComplaintsCmd::Notify { number, date } => Ok(shown(lang, ledger.notify_complaint(&actor, &number, date)?)),
        ComplaintsCmd::Reconsider { number, reason, date } => Ok(shown(
            lang,
            ledger.reconsider_complaint(&actor, &number, &reason, date)?,
        )),
        ComplaintsCmd::Appeal { number, reason, date } => {
            Ok(shown(lang, ledger.appeal_complaint(&actor, &number, &reason, date)?))
        }
        ComplaintsCmd::Withdraw { number, reason, date } => {
            Ok(shown(lang, ledger.withdraw_complaint(&actor, &number, &reason, date)?))
        }
        ComplaintsCmd::Sweep { date } => {
            let r = ledger.sweep_complaints(&actor, date)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "Revisión de plazos al {}: {} fundado(s) por silencio positivo, {} firme(s).{}",
                        lang.stored_date(&r.date),
                        r.silenced.len(),
                        r.finalized.len(),
                        list_suffix(&r.silenced, &r.finalized)
                    ),
                    format!(
                        "Deadline sweep as of {}: {} founded by positive silence, {} final.{}",
                        lang.stored_date(&r.date),
                        r.silenced.len(),
                        r.finalized.len(),
                        list_suffix(&r.silenced, &r.finalized)
                    )
                ),
                json: json!(r),
                failed: false,
            })
        }
        ComplaintsCmd::List { open: _, overdue, date } => {
            let list = ledger.open_complaints(date, overdue)?;
            let text = if list.is_empty() {
                tr!(lang, "No hay reclamos en trámite.", "No complaints are open.").to_string()
            } else {
                list.iter().map(|c| summary(lang, c)).collect::<Vec<_>>().join("\n")
            };
            Ok(Output {
                text,
                json: json!({ "complaints": list }),
                failed: false,
            })
        }
        ComplaintsCmd::Show { number } => Ok(shown(lang, ledger.complaint(&number)?)),
        ComplaintsCmd::Export { out, from, to } => {
            let n = ledger.export_complaints(from, to, &out)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("{n} reclamo(s) en {}.", out.display()),
                    format!("{n} complaint(s) in {}.", out.display())
                ),
                json: json!({ "rows": n, "out": out }),
                failed: false,
            })
        }
        ComplaintsCmd::Pdf { number, out, decision } => {
            let paper = if decision { Paper::Decision } else { Paper::Constancia };
            ledger.complaint_pdf(&number, paper, lang, &out)?;
            Ok(Output {
                text: out.display().to_string(),
                json: json!({ "out": out }),
                failed: false,
            })
        }
        ComplaintsCmd::Rules => {
            let rules = ledger.complaint_rules()?;
            let text = rules
                .iter()
                .map(|r| {
                    format!(
                        "{:>3} {}  {}  (complaints.{})",
                        r.days,
                        if r.unit == "working" {
                            tr!(lang, "días hábiles", "working days")
                        } else {
                            tr!(lang, "días calendario", "calendar days")
                        },
                        lang.pick(&r.label_es, &r.label_en),
                        r.rule
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Output {
                text,
                json: json!({ "rules": rules }),
                failed: false,
            })
        }
    }
}

fn list_suffix(silenced: &[String], finalized: &[String]) -> String {
    let all: Vec<&str> = silenced.iter().chain(finalized).map(String::as_str).collect();
    if all.is_empty() {
        String::new()
    } else {
        format!(" ({})", all.join(", "))
    }
}

pub fn calendar(ctx: &Context, cmd: CalendarCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    let mut ledger = ctx.open()?;
    let actor = ctx.actor_in(&ledger)?;
    match cmd {
        CalendarCmd::Add { date, name } => {
            ledger.calendar_add(&actor, date, &name)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("El {} es feriado en el calendario del libro.", lang.date(date)),
                    format!("{} is a holiday in the ledger's calendar.", lang.date(date))
                ),
                json: json!({ "day": date, "working": false }),
                failed: false,
            })
        }
        CalendarCmd::Remove { date } => {
            ledger.calendar_remove(&actor, date)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("El {} es día hábil.", lang.date(date)),
                    format!("{} is a working day.", lang.date(date))
                ),
                json: json!({ "day": date, "working": true }),
                failed: false,
            })
        }
        CalendarCmd::List { year } => {
            let days = ledger.calendar_year(year)?;
            let text = days
                .iter()
                .map(|d| {
                    let source = match d.source.as_str() {
                        "added" => tr!(lang, " (agregado)", " (added)"),
                        "removed" => tr!(lang, " (hábil este año)", " (worked this year)"),
                        _ => "",
                    };
                    format!(
                        "{}  {}{source}",
                        lang.stored_date(&d.day),
                        lang.pick(&d.name_es, &d.name_en)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Output {
                text,
                json: json!({ "year": year, "days": days }),
                failed: false,
            })
        }
    }
}
