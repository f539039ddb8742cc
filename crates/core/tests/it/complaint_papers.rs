//! The complaint's papers: the constancia and the decision letter are real PDFs, and they
//! state the deadlines in force.

use super::common::*;
use super::complaints::{billed_town, billing, day, decision};
use caudal_core::complaints::{Correction, Outcome};

#[test]
fn the_constancia_and_the_decision_letter_are_real_pdfs() {
    let mut t = billed_town(SEDAPAL);
    let bill = t.bill("2026-03", "01-0001");
    let c = t
        .ledger
        .file_complaint(&clerk(), &billing("01-0001", &bill.number, None, "2026-04-10"))
        .unwrap();
    t.ledger
        .decide_complaint(
            &clerk(),
            &decision(&c.number, Outcome::Unfounded, Correction::None, "2026-04-20"),
        )
        .unwrap();
    t.ledger
        .notify_complaint(&clerk(), &c.number, Some(day("2026-04-21")))
        .unwrap();
    use caudal_core::documents::complaint::Paper;
    for (paper, name, words) in [
        (
            Paper::Constancia,
            "constancia.pdf",
            vec!["CONSTANCIA DE RECLAMO", "REC-2026-00001", "Junta Vecinal"],
        ),
        (
            Paper::Decision,
            "resolucion.pdf",
            vec!["INFUNDADO", "apelar", "REC-2026-00001"],
        ),
    ] {
        let out = t.dir.path().join(name);
        t.ledger
            .complaint_pdf(&c.number, paper, caudal_core::Lang::Es, &out)
            .unwrap();
        let check = std::process::Command::new("qpdf")
            .arg("--check")
            .arg(&out)
            .output()
            .expect("qpdf (scripts/setup)");
        assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
        let text = std::process::Command::new("pdftotext")
            .arg(&out)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8(text.stdout).unwrap();
        for w in words {
            assert!(text.contains(w), "{name}: {w} in {text}");
        }
        let date = caudal_core::Lang::Es.date(day(&c.decision_due));
        if paper == Paper::Constancia {
            assert!(text.contains(&date), "the deadline {date}");
        }
    }
}

/// The constancia said «15 días hábiles» to reconsider or appeal although the operator had set
/// 12 and 13: the papers state the deadlines in force.
#[test]
fn the_papers_state_the_deadlines_in_force() {
    let mut t = billed_town(SEDAPAL);
    t.ledger.set_complaint_rule(&admin(), "reconsideration", "12").unwrap();
    t.ledger.set_complaint_rule(&admin(), "appeal", "13").unwrap();
    let bill = t.bill("2026-03", "01-0001");
    let c = t
        .ledger
        .file_complaint(&clerk(), &billing("01-0001", &bill.number, None, "2026-04-10"))
        .unwrap();
    t.ledger
        .decide_complaint(
            &clerk(),
            &decision(&c.number, Outcome::Unfounded, Correction::None, "2026-04-20"),
        )
        .unwrap();
    use caudal_core::documents::complaint::Paper;
    for paper in [Paper::Constancia, Paper::Decision] {
        let out = t.dir.path().join("paper.pdf");
        t.ledger
            .complaint_pdf(&c.number, paper, caudal_core::Lang::Es, &out)
            .unwrap();
        let text = std::process::Command::new("pdftotext")
            .arg("-raw")
            .arg(&out)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8(text.stdout)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(!text.contains("15 días"), "{paper:?}: {text}");
        assert!(
            text.contains("dentro de los 12 días hábiles") && text.contains("dentro de los 13 días hábiles"),
            "{paper:?}: {text}"
        );
    }
}
