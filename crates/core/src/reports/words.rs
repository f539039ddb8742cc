//! The report in sentences: the ledger's check, the tariff audit and the month's summary, in
//! each language.

use super::*;

/// How a check went over the ledger, in words: whole now, or whole at a sealed check and
/// quick since.
pub(super) fn checked_words(r: &crate::ledger::ChainReport) -> Text {
    let (es, en) = (crate::Lang::Es, crate::Lang::En);
    match &r.since {
        None => Text::new(
            format!(
                "Libro revisado por completo al preparar este informe: {}.",
                es.counted(r.links, ("registro", "registros"), ("record", "records"))
            ),
            format!(
                "Ledger checked in full when this report was made: {}.",
                en.counted(r.links, ("registro", "registros"), ("record", "records"))
            ),
        ),
        Some(b) => Text::new(
            format!(
                "Libro revisado por completo el {} ({}); lo registrado después ({}), al preparar este informe.",
                es.stamp(&b.checked_at),
                es.counted(b.through, ("registro", "registros"), ("record", "records")),
                es.counted(b.rechecked, ("registro", "registros"), ("record", "records"))
            ),
            format!(
                "Ledger checked in full on {} ({}); what was recorded since ({}), when this report was made.",
                en.stamp(&b.checked_at),
                en.counted(b.through, ("registro", "registros"), ("record", "records")),
                en.counted(b.rechecked, ("registro", "registros"), ("record", "records"))
            ),
        ),
    }
}

impl TariffAudit {
    /// The audit in one line: "1,180 recibos revisados: todos siguen la tarifa aprobada".
    pub fn sentence(&self, lang: crate::Lang) -> String {
        let checked = lang.counted(
            self.bills,
            ("recibo revisado", "recibos revisados"),
            ("bill checked", "bills checked"),
        );
        if self.bills == 0 {
            return lang
                .pick(
                    "No hay recibos de este periodo que revisar.",
                    "There are no bills of this period to check.",
                )
                .to_string();
        }
        if self.mismatched_bills == 0 {
            return match (lang, self.bills) {
                (crate::Lang::Es, 1) => format!("{checked}: sigue la tarifa aprobada."),
                (crate::Lang::Es, _) => format!("{checked}: todos siguen la tarifa aprobada."),
                (crate::Lang::En, 1) => format!("{checked}: it follows the approved tariff."),
                (crate::Lang::En, _) => format!("{checked}: all follow the approved tariff."),
            };
        }
        let mut numbers: Vec<&str> = self.mismatches.iter().map(|m| m.bill.as_str()).collect();
        numbers.dedup();
        let shown = numbers.iter().take(5).copied().collect::<Vec<_>>().join(", ");
        let more = numbers.len().saturating_sub(5);
        let rest = if more > 0 {
            crate::tr!(lang, format!(" y {more} más"), format!(" and {more} more"))
        } else {
            String::new()
        };
        crate::tr!(
            lang,
            format!(
                "{checked}: {} no {} la tarifa aprobada ({shown}{rest}).",
                lang.count(self.mismatched_bills),
                if self.mismatched_bills == 1 { "sigue" } else { "siguen" }
            ),
            format!(
                "{checked}: {} {} not follow the approved tariff ({shown}{rest}).",
                lang.count(self.mismatched_bills),
                if self.mismatched_bills == 1 { "does" } else { "do" }
            )
        )
    }
}

impl NcbReport {
    /// The month in plain words, for the cover and the Board's home: how many indicators meet
    /// their target and which do not, the audit, complaints, water, and whether the ledger is
    /// intact.
    pub fn summary(&self, lang: crate::Lang) -> String {
        use crate::tr;
        let month = self.this_month();
        let judged: Vec<&Indicator> = month.iter().filter(|i| i.meets_target.is_some()).collect();
        let missed: Vec<&str> = judged
            .iter()
            .filter(|i| i.meets_target == Some(false))
            .map(|i| i.label(lang))
            .collect();
        let met = judged.len() - missed.len();
        let mut parts = Vec::new();
        if !self.ledger_intact {
            parts.push(
                tr!(
                    lang,
                    "ATENCIÓN: la revisión del libro encontró registros alterados o faltantes; las cifras de este informe pueden no ser fieles.",
                    "WARNING: the ledger check found altered or missing records; the figures of this report may not be true."
                )
                .to_string(),
            );
        }
        let lower = |s: &str| {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_lowercase().chain(c).collect::<String>())
                .unwrap_or_default()
        };
        let missed_words = missed.iter().map(|m| lower(m)).collect::<Vec<_>>().join(", ");
        parts.push(match (judged.len(), missed.len()) {
            (0, _) => tr!(
                lang,
                "Ningún indicador tiene todavía datos y meta para juzgarlo.".to_string(),
                "No indicator has both data and a target to judge it yet.".to_string()
            ),
            (n, 0) => tr!(
                lang,
                format!("De {n} indicadores con meta y datos, todos cumplen la meta."),
                format!("Of {n} indicators with a target and data, all meet the target.")
            ),
            (n, k) => tr!(
                lang,
                format!("De {n} indicadores con meta y datos, {met} cumplen la meta y {k} no: {missed_words}."),
                format!(
                    "Of {n} indicators with a target and data, {met} meet the target and {k} do not: {missed_words}."
                )
            ),
        });
        parts.push(self.audit.sentence(lang));
        let c = &self.complaints;
        parts.push(tr!(
            lang,
            format!(
                "{} {}; de {} en primera instancia, {} a tiempo{}; {} a la Junta.",
                if c.filed == 1 { "Se presentó" } else { "Se presentaron" },
                lang.counted(c.filed, ("reclamo", "reclamos"), ("complaint", "complaints")),
                lang.counted(c.decided, ("resolución", "resoluciones"), ("decision", "decisions")),
                lang.count(c.decided_on_time),
                if c.by_silence > 0 {
                    format!(" y {} por silencio positivo", lang.count(c.by_silence))
                } else {
                    String::new()
                },
                lang.counted(c.appeals, ("apelación", "apelaciones"), ("appeal", "appeals")),
            ),
            format!(
                "{} filed; of {} in the first instance, {} on time{}; {} to the Board.",
                lang.counted(c.filed, ("complaint", "complaints"), ("complaint", "complaints")),
                lang.counted(c.decided, ("decision", "decisions"), ("decision", "decisions")),
                lang.count(c.decided_on_time),
                if c.by_silence > 0 {
                    format!(" and {} by positive silence", lang.count(c.by_silence))
                } else {
                    String::new()
                },
                lang.counted(c.appeals, ("appeal", "appeals"), ("appeal", "appeals")),
            )
        ));
        let q = &self.quality;
        parts.push(match q.chlorine_pass {
            Some(true) => tr!(
                lang,
                format!(
                    "El agua cumplió la regla del cloro residual en {}.",
                    lang.counted(q.samples, ("muestra", "muestras"), ("sample", "samples"))
                ),
                format!(
                    "The water met the residual chlorine rule over {}.",
                    lang.counted(q.samples, ("sample", "samples"), ("sample", "samples"))
                )
            ),
            Some(false) => {
                let share = q.chlorine_compliance.clone().unwrap_or_default();
                let (es, en) = if q.chlorine_below_low > 0 {
                    (
                        format!(
                            "{} por debajo del nivel bajo (la regla pide que ninguna lo esté)",
                            Lang::Es.counted(q.chlorine_below_low, ("muestra quedó", "muestras quedaron"), ("", ""))
                        ),
                        format!(
                            "{} under the low level (the rule asks that none is)",
                            Lang::En.counted(q.chlorine_below_low, ("", ""), ("sample was", "samples were"))
                        ),
                    )
                } else {
                    (
                        format!("solo el {share} % de las muestras llegó al mínimo (la regla pide el 90 %)"),
                        format!("only {share} % of samples reached the minimum (the rule asks for 90 %)"),
                    )
                };
                tr!(
                    lang,
                    format!(
                        "El agua NO cumplió la regla del cloro residual en la red: {es}; {share} % de las muestras llegó al mínimo."
                    ),
                    format!(
                        "The water did NOT meet the residual chlorine rule in the network: {en}; {share} % of samples reached the minimum."
                    )
                )
            }
            None => tr!(
                lang,
                "No se registraron muestras de cloro en la red este mes.".to_string(),
                "No network chlorine samples were recorded this month.".to_string()
            ),
        });
        if self.ledger_intact {
            parts.push(
                tr!(
                    lang,
                    "La revisión del libro no encontró alteraciones.",
                    "The ledger check found no alteration."
                )
                .to_string(),
            );
        }
        parts.join(" ")
    }
}
