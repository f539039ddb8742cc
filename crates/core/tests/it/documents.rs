//! Printed documents read back with poppler's tools, as a viewer would: the text a bill shows
//! (snapshot), every amount exactly as the ledger has it, fonts embedded and subset, the
//! English bill, and a long name and address that stay inside the page.

use super::common::{Town, admin, p, readings_csv};
use caudal_core::{Lang, Money};
use std::path::Path;
use std::process::Command;

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{tool} is not installed (scripts/setup installs poppler-utils): {e}"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn pdffonts(pdf: &Path) -> String {
    let out = Command::new("pdffonts").arg(pdf).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8(out.stdout).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// A town of three customers — one with a very long name and address — billed for March
/// after a February reading, with a RUC and an office address in the settings.
fn town() -> Town {
    let mut t = Town::new();
    t.ledger.set_setting(&admin(), "ruc", "20123456789").unwrap();
    t.ledger
        .set_setting(&admin(), "address", "Av. Grau 456, Villa Prueba")
        .unwrap();
    t.customers(
        "account,name,address,sector,route,route_seq,category,metered,meter_serial,initial_reading,sewer\n\
         01-0001,Rosa Quispe Mamani,Jr. Grau 123,Centro,R1,1,domestico,si,M-1,100,si\n\
         01-0002,Asociación de Productores Agropecuarios y Artesanos Señor de los Milagros de Ñuñoa,Prolongación Avenida Mariscal Andrés Avelino Cáceres Dorregaray cuadra 14 lote 27 manzana Ñ,Centro,R1,2,comercial,si,M-2,50,si\n\
         01-0003,Juan Pérez,Jr. Ayacucho 9,Alto,R2,1,domestico,si,M-3,0,no\n",
    );
    t.readings(&readings_csv(&[
        ("01-0001", "2026-02", Some(110)),
        ("01-0002", "2026-02", Some(90)),
        ("01-0003", "2026-02", Some(7)),
    ]));
    t.issue("2026-02");
    t.readings(&readings_csv(&[
        ("01-0001", "2026-03", Some(135)),
        ("01-0002", "2026-03", Some(140)),
        ("01-0003", "2026-03", Some(19)),
    ]));
    t.issue("2026-03");
    t
}

#[test]
fn a_bill_shows_every_amount_exactly_as_the_ledger_has_it() {
    let t = town();
    let pdf = t.dir.path().join("bills.pdf");
    let n = t
        .ledger
        .bills_pdf(p("2026-03"), None, Lang::Es, &pdf, |_, _| true)
        .unwrap();
    assert_eq!(n, 3);
    assert_eq!(pages(&pdf), 3, "one page per bill");
    let text = poppler("pdftotext", &["-layout", "-f", "1", "-l", "1"], &pdf);
    let bill = t.bill("2026-03", "01-0001");
    for needle in [
        bill.number.as_str(),
        "01-0001",
        "Rosa Quispe Mamani",
        "TOTAL A PAGAR",
        "N° ",
        "m³",
        "18/04/2026",
    ] {
        assert!(text.contains(needle), "«{needle}» missing from:\n{text}");
    }
    for (_, _, amount) in bill.lines() {
        assert!(text.contains(&amount.to_string()), "{amount} missing from:\n{text}");
    }
    for m in [
        bill.subtotal,
        bill.month_total,
        bill.amount_due,
        bill.previous_balance,
        bill.total_to_pay,
    ] {
        assert!(text.contains(&m.to_string()), "{m} missing");
    }
    // The total appears on the bill and on the stub.
    assert_eq!(text.matches(&bill.total_to_pay.to_string()).count(), 2, "{text}");
    assert!(
        bill.previous_balance > Money::ZERO,
        "February is unpaid, so March carries it"
    );

    // The whole first page, as a snapshot: a change in what a household reads is deliberate.
    let snapshot = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bill-es.txt");
    let normalized: String = text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snapshot, &normalized).unwrap();
    }
    let expected = std::fs::read_to_string(&snapshot).unwrap();
    assert_eq!(
        normalized, expected,
        "the bill's text changed; UPDATE_SNAPSHOTS=1 to accept it"
    );

    let fonts = pdffonts(&pdf);
    for face in ["DejaVuSans ", "DejaVuSans-Bold"] {
        let line = fonts
            .lines()
            .find(|l| l.contains(face))
            .unwrap_or_else(|| panic!("{face} missing:\n{fonts}"));
        // Subset fonts carry a six-letter tag: ABCDEF+DejaVuSans; "emb sub" columns say yes yes.
        assert!(line.split('+').next().unwrap().len() == 6, "{line}");
        assert!(line.contains("yes yes yes"), "embedded, subset, unicode: {line}");
    }
}

#[test]
fn the_same_bill_in_english() {
    let t = town();
    let pdf = t.dir.path().join("bill-en.pdf");
    t.ledger
        .bills_pdf(p("2026-03"), Some("01-0003"), Lang::En, &pdf, |_, _| true)
        .unwrap();
    assert_eq!(pages(&pdf), 1);
    let text = poppler("pdftotext", &["-layout"], &pdf);
    let bill = t.bill("2026-03", "01-0003");
    for needle in [
        "WATER BILL",
        "TOTAL TO PAY",
        "Account holder",
        "Complaints",
        "Neighborhood Community Board",
        "2026-04-18",
    ] {
        assert!(text.contains(needle), "«{needle}» missing from:\n{text}");
    }
    assert!(text.contains(&bill.total_to_pay.to_string()));
    assert!(!text.contains("Titular"), "no Spanish label left in the English bill");
}

#[test]
fn a_long_name_and_address_stay_inside_their_boxes() {
    let t = town();
    let pdf = t.dir.path().join("long.pdf");
    t.ledger
        .bills_pdf(p("2026-03"), Some("01-0002"), Lang::Es, &pdf, |_, _| true)
        .unwrap();
    // Every word's box, as poppler lays it out, lies inside the page's margins.
    let html = poppler("pdftotext", &["-bbox"], &pdf);
    let width_pt = 148.0 / 25.4 * 72.0;
    let mut words = 0;
    for line in html.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let attr = |name: &str| -> f64 {
            let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            line[start..].split('"').next().unwrap().parse().unwrap()
        };
        words += 1;
        assert!(
            attr("xMin") >= 0.0 && attr("xMax") <= width_pt,
            "outside the page: {line}"
        );
    }
    assert!(words > 100);
    let text = poppler("pdftotext", &["-layout"], &pdf);
    assert!(text.contains("Asociación de Productores"), "the name starts as written");
    assert!(
        text.contains('…'),
        "what does not fit is shortened with an ellipsis, never drawn outside"
    );
}

#[test]
fn route_sheets_and_a_receipt() {
    let mut t = town();
    let pdf = t.dir.path().join("routes.pdf");
    let n = t.ledger.route_sheets_pdf(p("2026-04"), None, Lang::Es, &pdf).unwrap();
    assert_eq!(n, 3, "a summary page, then one page for each of two routes");
    let text = poppler("pdftotext", &["-layout"], &pdf);
    for needle in ["HOJAS DE RUTA", "RUTA R1", "RUTA R2", "01-0002", "M-2", "Lectura nueva"] {
        assert!(text.contains(needle), "«{needle}» missing:\n{text}");
    }
    // The previous reading printed is the March one.
    assert!(text.contains("135") && text.contains("140"));

    let receipt = t
        .ledger
        .record_payment(
            &admin(),
            "01-0001",
            Money::from_cents(5000),
            chrono::NaiveDate::from_ymd_opt(2026, 4, 10).unwrap(),
        )
        .unwrap();
    let pdf = t.dir.path().join("receipt.pdf");
    t.ledger.receipt_pdf(&receipt, Lang::Es, &pdf).unwrap();
    let text = poppler("pdftotext", &["-layout"], &pdf);
    for needle in [
        receipt.payment.number.as_str(),
        "01-0001",
        "10/04/2026",
        "S/ 50.00",
        "COMPROBANTE DE PAGO",
    ] {
        assert!(text.contains(needle), "«{needle}» missing:\n{text}");
    }
    for a in &receipt.applied {
        assert!(text.contains(&a.bill) && text.contains(&a.amount.to_string()), "{a:?}");
    }
    assert!(text.contains(&receipt.balance_after.to_string()));
    t.ledger.set_setting(&admin(), "receipt_format", "roll80").unwrap();
    t.ledger.receipt_pdf(&receipt, Lang::En, &pdf).unwrap();
    let info = String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    assert!(info.contains("Page size:       226.772 x"), "80 mm wide: {info}");
}

#[test]
fn cancelling_writes_nothing() {
    let t = town();
    let pdf = t.dir.path().join("cancelled.pdf");
    let e = t
        .ledger
        .bills_pdf(p("2026-03"), None, Lang::Es, &pdf, |_, _| false)
        .unwrap_err();
    assert_eq!(e.code(), "cancelled");
    assert!(!pdf.exists());
    let e = t
        .ledger
        .bills_pdf(p("2027-01"), None, Lang::Es, &pdf, |_, _| true)
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
}

#[test]
fn the_operators_logo_is_printed_and_a_bad_one_refused() {
    let mut t = town();
    let png_path = t.dir.path().join("logo.png");
    {
        let file = std::fs::File::create(&png_path).unwrap();
        let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), 60, 30);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let pixels: Vec<u8> = (0..60 * 30)
            .flat_map(|i| [0u8, 90, (i % 255) as u8, if i % 3 == 0 { 0 } else { 255 }])
            .collect();
        writer.write_image_data(&pixels).unwrap();
    }
    t.ledger
        .set_setting(&admin(), "logo", png_path.to_str().unwrap())
        .unwrap();
    let pdf = t.dir.path().join("logo.pdf");
    t.ledger
        .bills_pdf(p("2026-03"), Some("01-0001"), Lang::Es, &pdf, |_, _| true)
        .unwrap();
    let out = Command::new("pdfimages").arg("-list").arg(&pdf).output().unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    let image = list
        .lines()
        .nth(2)
        .unwrap_or_else(|| panic!("no image in the bill:\n{list}"));
    let cols: Vec<&str> = image.split_whitespace().collect();
    assert_eq!((cols[3], cols[4], cols[5]), ("60", "30", "rgb"), "{image}");

    let not_png = t.file("logo.txt", b"not an image");
    let e = t
        .ledger
        .set_setting(&admin(), "logo", not_png.to_str().unwrap())
        .unwrap_err();
    assert_eq!(e.code(), "logo");
    assert!(e.message(Lang::En).contains("not a readable PNG"));
    // The stored logo is untouched by the refusal; an empty value brings back the default mark.
    t.ledger
        .bills_pdf(p("2026-03"), Some("01-0001"), Lang::Es, &pdf, |_, _| true)
        .unwrap();
    t.ledger.set_setting(&admin(), "logo", "").unwrap();
    t.ledger
        .bills_pdf(p("2026-03"), Some("01-0001"), Lang::Es, &pdf, |_, _| true)
        .unwrap();
    let out = Command::new("pdfimages").arg("-list").arg(&pdf).output().unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    let cols: Vec<&str> = list.lines().nth(2).unwrap().split_whitespace().collect();
    assert_eq!((cols[3], cols[4]), ("128", "128"), "the default mark is back: {list}");
}

/// Every bill prints its tariff line whole, to the IGV at its end: the longest category's line
/// (commercial, two rate schedules) was cut at "Cargo fijo S…".
#[test]
fn every_bill_prints_its_tariff_line_whole() {
    let t = town();
    let pdf = t.dir.path().join("bills.pdf");
    t.ledger
        .bills_pdf(p("2026-03"), None, Lang::Es, &pdf, |_, _| true)
        .unwrap();
    for page in 1..=pages(&pdf) {
        let n = page.to_string();
        let text = poppler("pdftotext", &["-f", &n, "-l", &n], &pdf);
        let tariff: String = text
            .split("Tarifa ")
            .nth(1)
            .unwrap_or_else(|| panic!("page {page} has no tariff line:\n{text}"))
            .split("\n\n")
            .next()
            .unwrap()
            .replace('\n', " ");
        assert!(
            tariff.contains("Cargo fijo S/ 4.886. IGV 18 %."),
            "page {page}: «{tariff}»"
        );
        assert!(!tariff.contains('…'), "page {page}: «{tariff}»");
    }
}
