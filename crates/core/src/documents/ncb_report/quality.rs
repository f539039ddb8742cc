//! Water quality: samples against their limits, incidents and their actions.

use super::*;

pub(super) fn percent_or_dash(v: &Option<String>) -> String {
    v.as_ref().map_or_else(|| "—".to_string(), |v| format!("{v} %"))
}

pub(super) fn quality(f: &mut Flow<'_>, r: &NcbReport, lang: Lang) {
    let q = &r.quality;
    f.heading(lang.pick("4. Calidad del agua", "4. Water quality"), 30.0);
    f.figure(lang.pick("Muestras tomadas", "Samples taken"), &lang.count(q.samples));
    f.figure(
        lang.pick(
            "Cloro residual: muestras de la red con 0.5 mg/L o más",
            "Residual chlorine: network samples at 0.5 mg/L or more",
        ),
        &percent_or_dash(&q.chlorine_compliance),
    );
    f.figure(
        lang.pick("Regla del cloro del mes", "The month's chlorine rule"),
        &match q.chlorine_pass {
            Some(true) => tr!(lang, "✓ cumple".to_string(), "✓ met".to_string()),
            Some(false) => tr!(lang, "✗ no cumple".to_string(), "✗ not met".to_string()),
            None => "—".to_string(),
        },
    );
    f.figure(
        lang.pick(
            "Calidad bacteriológica (sin coliformes)",
            "Bacteriological quality (no coliforms)",
        ),
        &percent_or_dash(&q.bacteriological_compliance),
    );
    f.figure(
        lang.pick("Turbiedad y pH dentro del límite", "Turbidity and pH within the limit"),
        &percent_or_dash(&q.physchem_compliance),
    );
    f.figure(
        lang.pick("Plan de muestreo cumplido", "Sampling plan done"),
        &percent_or_dash(&q.sampling_plan),
    );
    if !r.plan.is_empty() {
        f.subheading(lang.pick("Muestras por punto y parámetro", "Samples by point and parameter"));
        let cols = [
            col(M, 22.0, false),
            col(M + 24.0, 70.0, false),
            col(M + 96.0, 44.0, false),
            col(M + 142.0, 18.0, true),
            col(M + 162.0, 18.0, true),
        ];
        let header = [
            lang.pick("Punto", "Point"),
            lang.pick("Lugar", "Place"),
            lang.pick("Parámetro", "Parameter"),
            lang.pick("Tomadas", "Taken"),
            lang.pick("Plan", "Plan"),
        ]
        .map(String::from);
        let rows: Vec<Vec<String>> = r
            .plan
            .iter()
            .map(|p| {
                vec![
                    p.point.clone(),
                    p.name.clone(),
                    crate::quality::parameter_word(&p.parameter, lang).to_string(),
                    lang.count(p.taken),
                    lang.count(p.planned),
                ]
            })
            .collect();
        f.table(&cols, &header, &rows);
    }
    f.subheading(&tr!(
        lang,
        format!("Incidentes: {}", lang.count(r.incidents.len() as u64)),
        format!("Incidents: {}", lang.count(r.incidents.len() as u64))
    ));
    if r.incidents.is_empty() {
        f.para(
            BODY,
            lang.pick(
                "Ninguna muestra del mes falló un límite.",
                "No sample of the month failed a limit.",
            ),
        );
    }
    for i in &r.incidents {
        let failed = i
            .failed
            .iter()
            .map(|p| crate::quality::parameter_word(p, lang))
            .collect::<Vec<_>>()
            .join(", ");
        let state = match &i.closed_on {
            Some(d) => tr!(
                lang,
                format!("cerrado el {}", lang.stored_date(d)),
                format!("closed on {}", lang.stored_date(d))
            ),
            None => tr!(lang, "abierto".to_string(), "open".to_string()),
        };
        let line = tr!(
            lang,
            format!(
                "Muestra {} en {} ({}), {}: falló {failed}. {}; {state}.",
                i.sample.sample,
                i.sample.point,
                i.sample.point_name,
                moment(lang, &i.sample.taken_at),
                lang.counted(
                    i.actions.len() as u64,
                    ("acción registrada", "acciones registradas"),
                    ("", "")
                )
            ),
            format!(
                "Sample {} at {} ({}), {}: failed {failed}. {}; {state}.",
                i.sample.sample,
                i.sample.point,
                i.sample.point_name,
                moment(lang, &i.sample.taken_at),
                lang.counted(
                    i.actions.len() as u64,
                    ("", ""),
                    ("action recorded", "actions recorded")
                )
            )
        );
        f.para_at(M + 2.0, RIGHT - M - 2.0, SMALL, &line);
    }
}
