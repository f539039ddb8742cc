//! The Community Board on the command line (docs/report.md): its members and meetings, and
//! the monthly report as a PDF with its `indicators.csv`.

use crate::values::parse_period;
use crate::{Context, Output};
use caudal_core::reports::{NewMeeting, NewMember, board};
use caudal_core::{Error, Period, tr};
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ReportCmd {
    /// El informe mensual de la Junta Vecinal (PDF) y sus indicadores (CSV) / the Community Board's monthly report (PDF) and its indicators (CSV)
    Ncb {
        #[arg(long, value_parser = parse_period)]
        period: Period,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long, value_name = "FILE.csv")]
        csv: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum NcbCmd {
    /// Miembros de la Junta / board members
    #[command(subcommand)]
    Member(MemberCmd),
    /// Sesiones y asambleas / meetings and assemblies
    #[command(subcommand)]
    Meeting(MeetingCmd),
}

#[derive(Subcommand)]
pub enum MemberCmd {
    /// Registra un miembro y su periodo / records a member and their term
    Add {
        #[arg(long)]
        name: String,
        /// F | M (mujer | hombre) / F | M (woman | man)
        #[arg(long)]
        gender: String,
        #[arg(long, value_name = "DATE")]
        from: String,
        #[arg(long, value_name = "DATE", default_value = "")]
        to: String,
        /// presidente | secretario | miembro / president | secretary | member
        #[arg(long, default_value = "member")]
        post: String,
    },
    /// Lista los miembros / lists the members
    List,
}

#[derive(Subcommand)]
pub enum MeetingCmd {
    /// Registra una sesión de la Junta o una asamblea / records a board meeting or an assembly
    Record {
        #[arg(long, value_name = "DATE")]
        date: String,
        /// junta | asamblea / board | assembly
        #[arg(long)]
        kind: String,
        /// Mujeres presentes / women present
        #[arg(long, default_value = "0")]
        women: String,
        /// Hombres presentes / men present
        #[arg(long, default_value = "0")]
        men: String,
        /// Acuerdos, en palabras / the agreements, in words
        #[arg(long, default_value = "")]
        agreements: String,
        /// Pedido de sanción al operador, si lo hubo / a request to sanction the operator, if any
        #[arg(long = "sanction-request", default_value = "")]
        sanction_request: String,
    },
    /// Las sesiones de un mes / a month's meetings
    List {
        #[arg(long, value_parser = parse_period)]
        period: Period,
    },
}

fn member_line(m: &board::Member, lang: caudal_core::Lang) -> String {
    let term = match &m.to_on {
        Some(t) => format!("{} – {}", lang.stored_date(&m.from_on), lang.stored_date(t)),
        None => tr!(
            lang,
            format!("desde el {}", lang.stored_date(&m.from_on)),
            format!("since {}", lang.stored_date(&m.from_on))
        ),
    };
    format!(
        "{:>3}  {}  ({}, {})  {term}",
        m.id,
        m.name,
        board::post_word(&m.post, lang),
        m.gender
    )
}

pub fn ncb(ctx: &Context, cmd: NcbCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    let mut ledger = ctx.open()?;
    match cmd {
        NcbCmd::Member(MemberCmd::Add {
            name,
            gender,
            from,
            to,
            post,
        }) => {
            let actor = ctx.actor_in(&ledger)?;
            let m = ledger.add_ncb_member(
                &actor,
                &NewMember {
                    name,
                    gender,
                    post,
                    from_on: from,
                    to_on: to,
                },
            )?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("Miembro registrado: {}", member_line(&m, lang)),
                    format!("Member recorded: {}", member_line(&m, lang))
                ),
                json: json!(m),
                failed: false,
            })
        }
        NcbCmd::Member(MemberCmd::List) => {
            let members = ledger.ncb_members()?;
            let text = if members.is_empty() {
                tr!(
                    lang,
                    "La Junta no tiene miembros registrados.",
                    "The Board has no members recorded."
                )
                .to_string()
            } else {
                members
                    .iter()
                    .map(|m| member_line(m, lang))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Output {
                text,
                json: json!(members),
                failed: false,
            })
        }
        NcbCmd::Meeting(MeetingCmd::Record {
            date,
            kind,
            women,
            men,
            agreements,
            sanction_request,
        }) => {
            let actor = ctx.actor_in(&ledger)?;
            let m = ledger.record_ncb_meeting(
                &actor,
                &NewMeeting {
                    held_on: date,
                    kind,
                    women,
                    men,
                    agreements,
                    sanction_request,
                },
            )?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "Registrada: {} del {} ({}).",
                        board::meeting_word(&m.kind, lang),
                        lang.stored_date(&m.held_on),
                        m.attendance(lang)
                    ),
                    format!(
                        "Recorded: {} of {} ({}).",
                        board::meeting_word(&m.kind, lang),
                        lang.stored_date(&m.held_on),
                        m.attendance(lang)
                    )
                ),
                json: json!(m),
                failed: false,
            })
        }
        NcbCmd::Meeting(MeetingCmd::List { period }) => {
            let meetings = ledger.ncb_meetings(period)?;
            let text = if meetings.is_empty() {
                tr!(
                    lang,
                    format!("No hay sesiones registradas en {}.", lang.period(period)),
                    format!("No meetings recorded in {}.", lang.period(period))
                )
            } else {
                meetings
                    .iter()
                    .map(|m| {
                        let mut line = format!(
                            "{:>3}  {}  {}: {}",
                            m.id,
                            lang.stored_date(&m.held_on),
                            board::meeting_word(&m.kind, lang),
                            m.attendance(lang)
                        );
                        if !m.agreements.is_empty() {
                            line.push_str(&tr!(
                                lang,
                                format!("\n     acuerdos: {}", m.agreements),
                                format!("\n     agreements: {}", m.agreements)
                            ));
                        }
                        if !m.sanction_request.is_empty() {
                            line.push_str(&tr!(
                                lang,
                                format!("\n     pedido de sanción: {}", m.sanction_request),
                                format!("\n     sanction request: {}", m.sanction_request)
                            ));
                        }
                        line
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Output {
                text,
                json: json!(meetings),
                failed: false,
            })
        }
    }
}

pub fn report(ctx: &Context, cmd: ReportCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    let ReportCmd::Ncb { period, out, csv } = cmd;
    let ledger = ctx.open()?;
    let summary = ledger.ncb_report_files(period, lang, &out, csv.as_deref())?;
    let rows = summary.csv_rows;
    let mut text = tr!(
        lang,
        format!(
            "Informe de la Junta Vecinal de {} escrito en {} ({} páginas).\n{}",
            lang.period(period),
            out.display(),
            summary.pages,
            summary.summary
        ),
        format!(
            "Community Board report for {} written to {} ({} pages).\n{}",
            lang.period(period),
            out.display(),
            summary.pages,
            summary.summary
        )
    );
    if let (Some(path), Some(n)) = (&csv, rows) {
        text.push_str(&tr!(
            lang,
            format!(
                "\nIndicadores: {} en {}.",
                lang.counted(n, ("fila", "filas"), ("", "")),
                path.display()
            ),
            format!(
                "\nIndicators: {} in {}.",
                lang.counted(n, ("", ""), ("row", "rows")),
                path.display()
            )
        ));
    }
    Ok(Output {
        text,
        json: json!({
            "period": period.to_string(), "pdf": out, "pages": summary.pages, "summary": summary.summary,
            "csv": csv, "csv_rows": rows, "ledger_intact": summary.ledger_intact,
            "audited_bills": summary.audited_bills, "audit_mismatches": summary.mismatched_bills,
        }),
        failed: false,
    })
}
