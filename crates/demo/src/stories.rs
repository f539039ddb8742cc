//! What happens in a demo town besides the bills: complaints, the Community Board's year and
//! the technicians' field work, so every user of the demo has something to look at.

use crate::names::SECTORS;
use crate::{DemoTown, Rng, put};
use caudal_core::Ledger;
use caudal_core::error::Result;
use caudal_core::import::ImportOptions;
use caudal_core::period::Period;
use chrono::{Datelike, Duration};
use std::fmt::Write as _;

impl DemoTown {
    /// A few complaints, so that every user of the demo has one to look at: a billing complaint
    /// whose decision falls due within the week, one decided unfounded and appealed to the
    /// Board, and an operational one. None credits a bill.
    pub(crate) fn file_complaints(&mut self) -> Result<()> {
        use caudal_core::complaints::{Channel, ComplaintKind, Correction, DecisionRequest, NewComplaint, Outcome};
        let today = self.ledger.clock().today();
        let cal = self.ledger.calendar()?;
        // 26 working days ago: the 30-day deadline falls within the next week.
        let mut filed = today;
        for _ in 0..26 {
            filed = filed.pred_opt().unwrap_or(filed);
            while !cal.is_working(filed) {
                filed = filed.pred_opt().unwrap_or(filed);
            }
        }
        let new =
            |account: &str, holder: &str, kind: ComplaintKind, bill: Option<String>, text: &str, on| NewComplaint {
                account: account.into(),
                kind,
                channel: Channel::Counter,
                complainant: holder.into(),
                complainant_id: "41234567".into(),
                relation: None,
                bill,
                amount: None,
                description: text.into(),
                contact: String::new(),
                filed_on: Some(on),
            };
        // A bill of `period` that may still be complained about on `on`, of the `nth` account.
        let open_bill =
            |ledger: &Ledger, period: Period, on, nth: usize| -> Result<Option<caudal_core::billing::Bill>> {
                Ok(ledger
                    .bills(period, None)?
                    .into_iter()
                    .filter(|b| {
                        let (issued, due) = (
                            caudal_core::period::parse_date(&b.issued_on),
                            caudal_core::period::parse_date(&b.due_on),
                        );
                        issued.is_some_and(|i| i <= on) && due.is_some_and(|d| d + chrono::Duration::days(60) >= on)
                    })
                    .nth(nth))
            };
        let back = |p: Period, n: u32| (0..n).fold(p, |p, _| p.prev());
        if let Some(b) = open_bill(&self.ledger, back(self.last, 2), filed, 2)? {
            self.ledger.file_complaint(
                &self.actor,
                &new(
                    &b.account,
                    &b.holder,
                    ComplaintKind::Billing,
                    Some(b.number.clone()),
                    "El consumo del mes no corresponde: la casa estuvo cerrada",
                    filed,
                ),
            )?;
        }
        let prev = back(self.last, 1);
        let appealed_on = today - chrono::Duration::days(12);
        if let Some(b) = open_bill(&self.ledger, prev, appealed_on, 4)?.filter(|_| appealed_on > filed) {
            let c = self.ledger.file_complaint(
                &self.actor,
                &new(
                    &b.account,
                    &b.holder,
                    ComplaintKind::Billing,
                    Some(b.number.clone()),
                    "El medidor marca aunque no hay consumo",
                    appealed_on,
                ),
            )?;
            let decided = appealed_on + chrono::Duration::days(3);
            self.ledger.decide_complaint(
                &self.actor,
                &DecisionRequest {
                    number: c.number.clone(),
                    outcome: Outcome::Unfounded,
                    correction: Correction::None,
                    reason: "Inspección de campo: el medidor funciona y no hay fugas visibles".into(),
                    on: Some(decided),
                },
            )?;
            self.ledger
                .notify_complaint(&self.actor, &c.number, Some(decided + chrono::Duration::days(1)))?;
            self.ledger.appeal_complaint(
                &self.actor,
                &c.number,
                "No estoy de acuerdo con la inspección",
                Some(decided + chrono::Duration::days(4)),
            )?;
        }
        let conn = self.ledger.bills(self.last, None)?.into_iter().nth(7);
        if let Some(b) = conn {
            self.ledger.file_complaint(
                &self.actor,
                &new(
                    &b.account,
                    &b.holder,
                    ComplaintKind::Operational,
                    None,
                    "Baja presión por las mañanas",
                    today,
                ),
            )?;
        }
        Ok(())
    }
}

impl DemoTown {
    /// The Community Board: four members (two women, two men) elected when the demo begins,
    /// a meeting each of the last three months and an assembly last month, with agreements
    /// and one request to the municipality.
    pub(crate) fn board(&mut self) -> Result<()> {
        use caudal_core::reports::{NewMeeting, NewMember};
        let from = self.first.first_day().to_string();
        for (name, gender, post) in [
            ("Carmen Huamán Torres", "F", "president"),
            ("Julio Mamani Quispe", "M", "secretary"),
            ("Rosa Condori Ayala", "F", "member"),
            ("Pedro Quispe Llanos", "M", "member"),
        ] {
            self.ledger.add_ncb_member(
                &self.actor,
                &NewMember {
                    name: name.into(),
                    gender: gender.into(),
                    post: post.into(),
                    from_on: from.clone(),
                    to_on: String::new(),
                },
            )?;
        }
        let today = self.ledger.clock().today();
        let mut period = self.last.prev().prev();
        while period <= self.last {
            let day = (period.first_day() + Duration::days(9)).min(today);
            let last = period == self.last;
            self.ledger.record_ncb_meeting(
                &self.actor,
                &NewMeeting {
                    held_on: day.to_string(),
                    kind: "board".into(),
                    women: "2".into(),
                    men: if last { "1".into() } else { "2".into() },
                    agreements: format!(
                        "Revisar el informe de {} y visitar el reservorio.",
                        caudal_core::Lang::Es.period(period.prev())
                    ),
                    sanction_request: String::new(),
                },
            )?;
            if last {
                self.ledger.record_ncb_meeting(
                    &self.actor,
                    &NewMeeting {
                        held_on: (period.first_day() + Duration::days(20)).min(today).to_string(),
                        kind: "assembly".into(),
                        women: "46".into(),
                        men: "39".into(),
                        agreements: "La asamblea aprueba el informe de la Junta y pide al operador avisar los cortes programados con 48 horas.".into(),
                        sanction_request: "Pedir a la municipalidad que evalúe sancionar al operador por el corte de Las Lomas sin aviso.".into(),
                    },
                )?;
            }
            period = period.next();
        }
        Ok(())
    }

    /// The technician's last six months, through the same imports a technician uses: sampling
    /// points and plan, sectors, lab sheets (one sample this month fails and opens an incident),
    /// interruptions (one still in progress) and production.
    pub(crate) fn field_work(&mut self) -> Result<()> {
        let opts = ImportOptions::default();
        let mut points = String::from(
            "punto;nombre;tipo;sector\r\nCAP;Captación Pumahuasi;captacion;Centro\r\nRES;Reservorio principal;reservorio;Centro\r\n",
        );
        let mut plan = String::from("punto;parametro;por_mes\r\n");
        let mut sectors = String::from("sector;nombre;horas_dia\r\n");
        for (i, sector) in SECTORS.iter().enumerate() {
            let _ = write!(points, "G{};Grifo {sector};grifo;{sector}\r\n", i + 1);
            let _ = write!(plan, "G{};cloro_libre;4\r\nG{};coliformes_totales;1\r\n", i + 1, i + 1);
            let _ = write!(sectors, "{sector};{sector};{}\r\n", if i < 3 { "24" } else { "18" });
        }
        let points = put(&self.dir, "puntos.csv", &points)?;
        self.ledger.import_quality_points(&self.actor, &points, opts, false)?;
        let plan = put(&self.dir, "plan-muestreo.csv", &plan)?;
        self.ledger.import_quality_plan(&self.actor, &plan, opts, false)?;
        let sectors = put(&self.dir, "sectores.csv", &sectors)?;
        self.ledger.import_sectors(&self.actor, &sectors, opts, false)?;
        let today = self.ledger.clock().today();
        let this = Period::of(today);
        let mut rng = Rng::new(77);
        let mut period = (0..5).fold(this, |p, _| p.prev());
        while period <= this {
            // This month's samples are dated before today, so they are never in the future.
            let last_day = if period == this {
                today.day() - 1
            } else {
                period.last_day().day()
            };
            if last_day == 0 {
                break;
            }
            let mut sheet = String::from(
                "muestra;punto;fecha_hora;muestreado_por;entidad;cloro_libre;turbiedad;ph;coliformes_totales;coliformes_termotolerantes\r\n",
            );
            let mut prod = String::from("fuente;periodo;m3\r\n");
            let mut int = String::from("sector;inicio;fin;tipo;causa;horas_aviso\r\n");
            for (i, _) in SECTORS.iter().enumerate() {
                for n in 0..3u32 {
                    let day = (1 + n * 8 + rng.range(0, 4) as u32).min(last_day.max(1));
                    // Now and then a sample comes out low; last month's first at G2 fails.
                    let chlorine = if period == this.prev() && i == 1 && n == 0 {
                        15
                    } else {
                        rng.range(45, 110)
                    };
                    let _ = write!(
                        sheet,
                        "{period}-G{}-{n};G{};{day:02}/{:02}/{} 08:{:02};Rosa Ccori;operador;{},{:02};{},{};7,{};<1.8;ND\r\n",
                        i + 1,
                        i + 1,
                        period.month(),
                        period.year(),
                        rng.range(0, 59),
                        chlorine / 100,
                        chlorine % 100,
                        rng.range(0, 3),
                        rng.range(0, 9),
                        rng.range(1, 8)
                    );
                }
            }
            let sheet = put(&self.dir, &format!("laboratorio-{period}.csv"), &sheet)?;
            self.ledger.import_samples(&self.actor, &sheet, opts, false)?;
            if period < this {
                // What the sources delivered: what was billed plus 25 to 40 % lost on the way.
                let billed: u64 = self.ledger.bills(period, None)?.iter().map(|b| b.consumption_m3).sum();
                let produced = billed * (125 + rng.range(0, 15)) / 100;
                let _ = write!(
                    prod,
                    "Captación Pumahuasi;{period};{}\r\nPozo 2;{period};{}\r\n",
                    produced * 3 / 4,
                    produced - produced * 3 / 4
                );
                let p = put(&self.dir, &format!("produccion-{period}.csv"), &prod)?;
                self.ledger.import_production(&self.actor, &p, opts, false)?;
                for n in 0..3u64 {
                    let sector = SECTORS[rng.range(0, SECTORS.len() as u64 - 1) as usize];
                    let day = 3 + n * 9;
                    let (kind, cause, notice) = if n == 0 {
                        ("programada", "Limpieza del reservorio", 72)
                    } else {
                        ("imprevista", "Rotura de tubería", 0)
                    };
                    let _ = write!(
                        int,
                        "{sector};{}-{:02}-{day:02} 08:00;{}-{:02}-{day:02} {:02}:00;{kind};{cause};{notice}\r\n",
                        period.year(),
                        period.month(),
                        period.year(),
                        period.month(),
                        10 + rng.range(0, 6)
                    );
                }
                let p = put(&self.dir, &format!("interrupciones-{period}.csv"), &int)?;
                self.ledger.import_interruptions(&self.actor, &p, opts, false)?;
            }
            period = period.next();
        }
        // An interruption in progress since this morning (or the day before on the 1st).
        let start = format!("{} 06:00", today.pred_opt().unwrap_or(today));
        self.ledger.start_interruption(
            &self.actor,
            &[SECTORS[4].to_string()],
            &start,
            "unplanned",
            "Fuga en la línea de conducción",
            0,
        )?;
        Ok(())
    }
}
