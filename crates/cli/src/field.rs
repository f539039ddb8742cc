//! The technician's month on the command line (docs/quality.md): sampling points and plan,
//! samples and incidents, sectors, interruptions, production, and the month's figures.

use crate::imports::{ImportFileArgs, import_file};
use crate::values::parse_period;
use crate::{Context, Output};
use caudal_core::error::ErrorCode;
use caudal_core::quality::NewSample;
use caudal_core::{Error, Ledger, Period, tr};
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum QualityCmd {
    /// Puntos de muestreo: point,name,kind,sector / sampling points
    #[command(subcommand)]
    Points(PointsCmd),
    /// Plan mensual: point,parameter,per_month / the monthly sampling plan
    #[command(subcommand)]
    Plan(PointsCmd),
    /// Importa una hoja de laboratorio o de campo / imports a lab or field sheet
    Import(ImportFileArgs),
    /// Registra una muestra / records one sample
    Record(Box<RecordArgs>),
    /// Escribe quality_tests.csv del mes / writes the month's quality_tests.csv
    Export {
        #[arg(long, value_parser = parse_period)]
        period: Period,
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
    },
    /// Las cifras del mes / the month's figures
    Summary {
        #[arg(long, value_parser = parse_period)]
        period: Period,
    },
    /// Los límites; con --set, cambia los de un parámetro / the limits; with --set, changes one parameter's
    Limits {
        /// El parámetro cuyos límites cambian / the parameter whose limits change
        #[arg(long, value_name = "PARAMETER")]
        set: Option<String>,
        /// Mínimo aceptable / the lowest acceptable value
        #[arg(long, default_value = "")]
        min: String,
        /// Nivel de alerta bajo / the low warning level
        #[arg(long, default_value = "")]
        low: String,
        /// Máximo aceptable / the highest acceptable value
        #[arg(long, default_value = "")]
        max: String,
    },
    /// Incidentes: lista, acción, nueva muestra, cierre / incidents: list, action, resample, close
    Incident {
        /// lista | accion | remuestreo | cierre / list | action | resample | close
        what: String,
        #[arg(long)]
        id: Option<i64>,
        /// Lo hecho, en palabras / what was done, in words
        #[arg(long, default_value = "")]
        text: String,
        /// Código de la nueva muestra / the new sample's code
        #[arg(long)]
        sample: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum PointsCmd {
    /// Importa el archivo / imports the file
    Import(ImportFileArgs),
}

#[derive(Args)]
pub struct RecordArgs {
    /// Código de la muestra / the sample's code
    #[arg(long)]
    sample: String,
    /// Punto de muestreo / the sampling point
    #[arg(long)]
    point: String,
    /// Momento de la toma, "AAAA-MM-DD HH:MM", hora local / when it was taken, "YYYY-MM-DD HH:MM", local time
    #[arg(long)]
    at: String,
    /// Quién tomó la muestra / who took the sample
    #[arg(long, default_value = "")]
    taken_by: String,
    /// Quién analiza: operador | salud | laboratorio / who analyses: operator | health | lab
    #[arg(long, default_value = "operator")]
    by: String,
    /// Cloro residual libre, mg/L / free residual chlorine, mg/L
    #[arg(long)]
    free_chlorine: Option<String>,
    /// Turbiedad, UNT / turbidity, NTU
    #[arg(long)]
    turbidity: Option<String>,
    /// pH / pH
    #[arg(long)]
    ph: Option<String>,
    /// Color, UCV / colour, TCU
    #[arg(long)]
    colour: Option<String>,
    /// Conductividad, µS/cm / conductivity, µS/cm
    #[arg(long)]
    conductivity: Option<String>,
    /// Coliformes totales, UFC/100 mL / total coliforms, CFU/100 mL
    #[arg(long)]
    total_coliforms: Option<String>,
    /// Coliformes termotolerantes, UFC/100 mL / thermotolerant coliforms, CFU/100 mL
    #[arg(long)]
    thermotolerant_coliforms: Option<String>,
    /// Escherichia coli, UFC/100 mL / Escherichia coli, CFU/100 mL
    #[arg(long)]
    e_coli: Option<String>,
}

#[derive(Subcommand)]
pub enum SectorsCmd {
    /// Importa sectores: sector,name,hours_per_day / imports sectors: sector,name,hours_per_day
    Import(ImportFileArgs),
}

#[derive(Subcommand)]
pub enum InterruptionsCmd {
    /// Importa interrupciones: sector,start,end,kind,cause,notice_hours / imports interruptions: sector,start,end,kind,cause,notice_hours
    Import(ImportFileArgs),
    /// Escribe interruptions.csv del mes / writes the month's interruptions.csv
    Export {
        #[arg(long, value_parser = parse_period)]
        period: Period,
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum ProductionCmd {
    /// Importa la producción: source,period,m3 / imports production: source,period,m3
    Import(ImportFileArgs),
}

/// The options of `service interruption start|end`.
#[derive(Args)]
pub struct InterruptionArgs {
    /// Sectores separados por coma / sectors, comma-separated
    #[arg(long)]
    sector: Option<String>,
    /// Momento, "AAAA-MM-DD HH:MM", hora local / the moment, "YYYY-MM-DD HH:MM", local time
    #[arg(long)]
    at: Option<String>,
    /// programada | imprevista / planned | unplanned
    #[arg(long)]
    kind: Option<String>,
    /// Causa, en palabras / the cause, in words
    #[arg(long)]
    cause: Option<String>,
    /// Horas de aviso previo / hours of prior notice
    #[arg(long, default_value_t = 0)]
    notice_hours: u64,
    #[arg(long)]
    id: Option<i64>,
}

fn missing(name: ErrorCode) -> Error {
    Error::invalid(name, format!("Falta --{name}."), format!("--{name} is missing."))
}

type FileImport = crate::imports::Import;

pub fn quality(ctx: &Context, cmd: QualityCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    match cmd {
        QualityCmd::Points(PointsCmd::Import(a)) => import_file(ctx, &a, Ledger::import_quality_points as FileImport),
        QualityCmd::Plan(PointsCmd::Import(a)) => import_file(ctx, &a, Ledger::import_quality_plan as FileImport),
        QualityCmd::Import(a) => import_file(ctx, &a, Ledger::import_samples as FileImport),
        QualityCmd::Record(a) => {
            let mut ledger = ctx.open()?;
            let actor = ctx.actor_in(&ledger)?;
            let values = [
                ("free_chlorine", a.free_chlorine),
                ("turbidity", a.turbidity),
                ("ph", a.ph),
                ("colour", a.colour),
                ("conductivity", a.conductivity),
                ("total_coliforms", a.total_coliforms),
                ("thermotolerant_coliforms", a.thermotolerant_coliforms),
                ("e_coli", a.e_coli),
            ]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
            .collect();
            let s = NewSample {
                sample: a.sample,
                point: a.point,
                taken_at: a.at,
                taken_by: a.taken_by,
                by: a.by,
                values,
            };
            let (sample, incident) = ledger.record_sample(&actor, &s)?;
            let mut text = tr!(
                lang,
                format!(
                    "Muestra {} registrada: {}",
                    sample.sample,
                    verdict_word(lang, &sample.verdict)
                ),
                format!(
                    "Sample {} recorded: {}",
                    sample.sample,
                    verdict_word(lang, &sample.verdict)
                )
            );
            if let Some(id) = incident {
                text.push_str(&tr!(
                    lang,
                    format!(" ({}); se abrió el incidente {id}.", sample.failed.join(", ")),
                    format!(" ({}); incident {id} was opened.", sample.failed.join(", "))
                ));
            }
            Ok(Output {
                text,
                json: json!({ "sample": sample, "incident": incident }),
                failed: false,
            })
        }
        QualityCmd::Export { period, out } => {
            let n = ctx.open()?.export_quality(period, &out)?;
            Ok(written(lang, n, &out))
        }
        QualityCmd::Summary { period } => {
            let s = ctx.open()?.quality_summary(period)?;
            let pct = |v: &Option<String>| v.as_ref().map_or_else(|| "—".to_string(), |p| format!("{p} %"));
            let text = tr!(
                lang,
                format!(
                    "Calidad de {}: {} muestras\n  cloro residual libre en red y grifos: {} ({})\n  bacteriológica: {}\n  fisicoquímica: {}\n  plan de muestreo: {}\n  incidentes abiertos: {}",
                    lang.period(period),
                    s.samples,
                    pct(&s.chlorine_compliance),
                    match s.chlorine_pass {
                        Some(true) => "cumple",
                        Some(false) => "no cumple",
                        None => "sin muestras",
                    },
                    pct(&s.bacteriological_compliance),
                    pct(&s.physchem_compliance),
                    pct(&s.sampling_plan),
                    s.open_incidents
                ),
                format!(
                    "Quality of {}: {} samples\n  free chlorine at network and taps: {} ({})\n  bacteriological: {}\n  physical-chemical: {}\n  sampling plan: {}\n  open incidents: {}",
                    lang.period(period),
                    s.samples,
                    pct(&s.chlorine_compliance),
                    match s.chlorine_pass {
                        Some(true) => "met",
                        Some(false) => "not met",
                        None => "no samples",
                    },
                    pct(&s.bacteriological_compliance),
                    pct(&s.physchem_compliance),
                    pct(&s.sampling_plan),
                    s.open_incidents
                )
            );
            Ok(Output {
                text,
                json: json!(s),
                failed: false,
            })
        }
        QualityCmd::Limits { set, min, low, max } => {
            let mut ledger = ctx.open()?;
            let limits = match set {
                Some(parameter) => {
                    let actor = ctx.actor_in(&ledger)?;
                    ledger.set_quality_limit(&actor, &parameter, &min, &low, &max)?
                }
                None => ledger.quality_limits()?,
            };
            fn show<T: std::fmt::Display>(v: &Option<T>) -> String {
                v.as_ref().map_or_else(|| "—".to_string(), |d| d.to_string())
            }
            let text = limits
                .iter()
                .map(|l| {
                    format!(
                        "{:<26} min {:<5} low {:<5} max {:<6} {:<11} {}",
                        l.parameter,
                        show(&l.min),
                        show(&l.low),
                        show(&l.max),
                        l.unit,
                        l.regulation
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Output {
                text,
                json: json!({ "limits": limits }),
                failed: false,
            })
        }
        QualityCmd::Incident { what, id, text, sample } => {
            let mut ledger = ctx.open()?;
            if what == "list" {
                let list = ledger.incidents(false)?;
                let text = list
                    .iter()
                    .map(|i| {
                        format!(
                            "{}  {}  {}  {}  {}",
                            i.id,
                            i.opened_on,
                            i.sample.point,
                            i.failed.join("+"),
                            i.closed_on.as_deref().map_or_else(
                                || tr!(lang, "abierto", "open").to_string(),
                                |d| format!("{} {d}", tr!(lang, "cerrado", "closed"))
                            )
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                return Ok(Output {
                    text,
                    json: json!({ "incidents": list }),
                    failed: false,
                });
            }
            let actor = ctx.actor_in(&ledger)?;
            let i = ledger.incident_step(
                &actor,
                id.ok_or_else(|| missing(ErrorCode::Id))?,
                &what,
                &text,
                sample.as_deref(),
            )?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!(
                        "Incidente {}: {} acciones{}",
                        i.id,
                        i.actions.len(),
                        if i.closed_on.is_some() { "; cerrado" } else { "" }
                    ),
                    format!(
                        "Incident {}: {} actions{}",
                        i.id,
                        i.actions.len(),
                        if i.closed_on.is_some() { "; closed" } else { "" }
                    )
                ),
                json: json!(i),
                failed: false,
            })
        }
    }
}

fn verdict_word(lang: caudal_core::Lang, v: &str) -> &'static str {
    match v {
        "pass" => tr!(lang, "cumple", "passes"),
        "low" => tr!(lang, "cloro bajo", "low chlorine"),
        _ => tr!(lang, "no cumple", "fails"),
    }
}

fn written(lang: caudal_core::Lang, n: u64, out: &std::path::Path) -> Output {
    Output {
        text: tr!(
            lang,
            format!("{} en {}.", lang.counted(n, ("fila", "filas"), ("", "")), out.display()),
            format!("{} in {}.", lang.counted(n, ("", ""), ("row", "rows")), out.display())
        ),
        json: json!({ "rows": n, "out": out }),
        failed: false,
    }
}

pub fn sectors(ctx: &Context, cmd: SectorsCmd) -> Result<Output, Error> {
    match cmd {
        SectorsCmd::Import(a) => import_file(ctx, &a, Ledger::import_sectors as FileImport),
    }
}

pub fn production(ctx: &Context, cmd: ProductionCmd) -> Result<Output, Error> {
    match cmd {
        ProductionCmd::Import(a) => import_file(ctx, &a, Ledger::import_production as FileImport),
    }
}

pub fn interruptions(ctx: &Context, cmd: InterruptionsCmd) -> Result<Output, Error> {
    match cmd {
        InterruptionsCmd::Import(a) => import_file(ctx, &a, Ledger::import_interruptions as FileImport),
        InterruptionsCmd::Export { period, out } => {
            let n = ctx.open()?.export_interruptions(period, &out)?;
            Ok(written(ctx.lang, n, &out))
        }
    }
}

pub fn interruption(ctx: &Context, what: Option<&str>, a: InterruptionArgs) -> Result<Output, Error> {
    let lang = ctx.lang;
    let mut ledger = ctx.open()?;
    let actor = ctx.actor_in(&ledger)?;
    let i = match what {
        Some("start") | Some("inicio") => {
            let sectors: Vec<String> = a
                .sector
                .ok_or_else(|| missing(ErrorCode::Sector))?
                .split(',')
                .map(str::to_string)
                .collect();
            ledger.start_interruption(
                &actor,
                &sectors,
                &a.at.ok_or_else(|| missing(ErrorCode::At))?,
                &a.kind.ok_or_else(|| missing(ErrorCode::Kind))?,
                &a.cause.ok_or_else(|| missing(ErrorCode::Cause))?,
                a.notice_hours,
            )?
        }
        Some("end") | Some("fin") => ledger.end_interruption(
            &actor,
            a.id.ok_or_else(|| missing(ErrorCode::Id))?,
            &a.at.ok_or_else(|| missing(ErrorCode::At))?,
        )?,
        _ => {
            return Err(Error::invalid(
                ErrorCode::What,
                "Use service interruption start … o service interruption end --id N --at ….",
                "Use service interruption start … or service interruption end --id N --at ….",
            ));
        }
    };
    Ok(Output {
        text: tr!(
            lang,
            format!(
                "Interrupción {} en {}: desde {}{}.",
                i.id,
                i.sectors.join(", "),
                i.start,
                i.end
                    .as_deref()
                    .map(|e| format!(" hasta {e}"))
                    .unwrap_or_else(|| ", en curso".into())
            ),
            format!(
                "Interruption {} in {}: from {}{}.",
                i.id,
                i.sectors.join(", "),
                i.start,
                i.end
                    .as_deref()
                    .map(|e| format!(" to {e}"))
                    .unwrap_or_else(|| ", in progress".into())
            )
        ),
        json: json!(i),
        failed: false,
    })
}

pub fn continuity(ctx: &Context, period: Period) -> Result<Output, Error> {
    let lang = ctx.lang;
    let c = ctx.open()?.continuity(period)?;
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let mut text = tr!(
        lang,
        format!(
            "Continuidad de {}: {} horas/día · agua no facturada: {} % ({} m³ producidos, {} m³ facturados)",
            lang.period(period),
            dash(&c.continuity),
            dash(&c.non_revenue_water),
            c.produced_m3,
            c.consumed_m3
        ),
        format!(
            "Continuity of {}: {} hours/day · non-revenue water: {} % ({} m³ produced, {} m³ billed)",
            lang.period(period),
            dash(&c.continuity),
            dash(&c.non_revenue_water),
            c.produced_m3,
            c.consumed_m3
        )
    );
    for s in &c.sectors {
        text.push_str(&tr!(
            lang,
            format!(
                "\n  {}: {} de {} h/día ({} h interrumpidas, {} conexiones)",
                s.sector, s.continuity, s.hours_per_day, s.interrupted_hours, s.connections
            ),
            format!(
                "\n  {}: {} of {} h/day ({} h interrupted, {} connections)",
                s.sector, s.continuity, s.hours_per_day, s.interrupted_hours, s.connections
            )
        ));
    }
    Ok(Output {
        text,
        json: json!(c),
        failed: false,
    })
}
