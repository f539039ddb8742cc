//! Continuity of service by sector, interruptions, and non-revenue water.

use super::*;

pub(super) fn continuity(f: &mut Flow<'_>, r: &NcbReport, lang: Lang) {
    let c = &r.continuity;
    f.heading(
        lang.pick("5. Continuidad del servicio", "5. Continuity of supply"),
        30.0,
    );
    let hours = |v: &Option<String>| {
        v.as_ref().map_or_else(
            || "—".to_string(),
            |v| tr!(lang, format!("{v} h/día"), format!("{v} h/day")),
        )
    };
    f.figure(
        lang.pick(
            "Horas de agua al día (promedio por conexión)",
            "Hours of water a day (average per connection)",
        ),
        &hours(&c.continuity),
    );
    f.figure(
        lang.pick("Agua producida", "Water produced"),
        &format!("{} m³", lang.count(c.produced_m3)),
    );
    f.figure(
        lang.pick("Agua facturada", "Water billed"),
        &format!("{} m³", lang.count(c.consumed_m3)),
    );
    f.figure(
        lang.pick("Agua no facturada", "Non-revenue water"),
        &percent_or_dash(&c.non_revenue_water),
    );
    f.figure(
        lang.pick(
            "Horas cortadas que fueron programadas",
            "Interrupted hours that were planned",
        ),
        &percent_or_dash(&c.planned_share),
    );
    f.figure(
        lang.pick(
            "Cortes programados avisados con 48 h o más",
            "Planned cuts announced 48 h or more ahead",
        ),
        &percent_or_dash(&c.notice_given),
    );
    if !c.sectors.is_empty() {
        f.subheading(lang.pick("Horas al día por sector", "Hours a day by sector"));
        // One bar per sector: its hours a day against its normal supply.
        for s in &c.sectors {
            f.need(6.0);
            let y = f.y;
            let p = f.page();
            p.text_fit(M + 2.0, y, 45.0, SMALL, &s.sector);
            let normal: f32 = s.hours_per_day.parse().unwrap_or(0.0);
            let got: f32 = s.continuity.parse().unwrap_or(0.0);
            let scale = 100.0 / 24.0;
            p.boxed(M + 50.0, y - 2.8, normal * scale, 3.2, None);
            if got > 0.0 {
                p.boxed(M + 50.0, y - 2.8, got * scale, 3.2, Some(0.3));
            }
            p.text(
                M + 154.0,
                y,
                SMALL,
                &tr!(
                    lang,
                    format!("{} de {} h", s.continuity, s.hours_per_day),
                    format!("{} of {} h", s.continuity, s.hours_per_day)
                ),
            );
            f.y += 5.0;
        }
        f.para(
            NOTE,
            lang.pick(
                "La barra oscura son las horas que hubo agua; el recuadro, las horas normales del sector.",
                "The dark bar is the hours there was water; the outline, the sector's normal hours.",
            ),
        );
    }
    f.subheading(&tr!(
        lang,
        format!("Interrupciones: {}", lang.count(r.interruptions.len() as u64)),
        format!("Interruptions: {}", lang.count(r.interruptions.len() as u64))
    ));
    if !r.interruptions.is_empty() {
        let cols = [
            col(M, 32.0, false),
            col(M + 34.0, 32.0, false),
            col(M + 68.0, 44.0, false),
            col(M + 114.0, 22.0, false),
            col(M + 138.0, 14.0, true),
            col(M + 154.0, 26.0, false),
        ];
        let header = [
            lang.pick("Inicio", "Start"),
            lang.pick("Fin", "End"),
            lang.pick("Sectores", "Sectors"),
            lang.pick("Tipo", "Kind"),
            lang.pick("Aviso", "Notice"),
            lang.pick("Causa", "Cause"),
        ]
        .map(String::from);
        let rows: Vec<Vec<String>> = r
            .interruptions
            .iter()
            .map(|i| {
                vec![
                    moment(lang, &i.start),
                    i.end
                        .as_deref()
                        .map_or_else(|| lang.pick("en curso", "ongoing").to_string(), |e| moment(lang, e)),
                    i.sectors.join(", "),
                    if i.kind == "planned" {
                        lang.pick("programada", "planned").to_string()
                    } else {
                        lang.pick("imprevista", "unplanned").to_string()
                    },
                    format!("{} h", i.notice_hours),
                    i.cause.clone(),
                ]
            })
            .collect();
        f.table(&cols, &header, &rows);
    }
}
