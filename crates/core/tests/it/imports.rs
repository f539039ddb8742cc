//! The import contract of docs/formats.md with the nastiest files a clerk's spreadsheet makes:
//! Windows-1252, `;`, Spanish headers in any case, empty rows, duplicated accounts, huge
//! numbers, an XLSX; all or nothing; `--skip-invalid`; idempotence; conflicts.

use super::common::*;
use caudal_core::Lang;
use caudal_core::import::{ImportOptions, write_rejects};
use std::io::Write;

/// A clerk's export from Excel on a Spanish Windows: `;`, Windows-1252, accented headers.
fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

const SPANISH: &str = "Cuenta;Nombre;DNI;Dirección;Sector;Ruta;Orden;Categoría;Medidor;Serie_Medidor;Dígitos;Lectura_Inicial;Desagüe;Subsidio;Estado;Sexo\r\n";

#[test]
fn windows_1252_semicolons_spanish_headers_and_one_bad_row() {
    let mut t = Town::new();
    let bad = format!(
        "{SPANISH}01-0001;Peña Ñahui, María;12345678;Jr. Unión 123;Centro;R01;1;Doméstico;sí;M-1;5;120;sí;no;activo;F\r\n\
         ;;;;;;;;;;;;;;;\r\n\
         01-0002;José Núñez;1234;Av. Grau 5;Centro;R01;2;domestico;si;;5;0;no;no;activo;M\r\n\
         01-0003;Comisaría;;Jr. Lima s/n;Alto;R02;1;estatal;no;;;;si;no;baja;\r\n"
    );
    let path = t.file("clientes.csv", &windows_1252(&bad));
    let err = t
        .ledger
        .import_customers(&clerk(), &path, ImportOptions::default(), false)
        .unwrap_err();
    let msg = err.message(Lang::Es);
    // Line 4 (the header is line 1, the empty row line 3): the DNI and the missing serial.
    assert!(msg.contains("fila 4, columna DNI («1234»)"), "{msg}");
    assert!(msg.contains("fila 4, columna Serie_Medidor"), "{msg}");
    assert!(msg.contains("fila 5, columna Categoría («estatal»)"), "{msg}");
    assert_eq!(t.ledger.customer_counts().unwrap(), (0, 0), "nothing written");
    let en = err.message(Lang::En);
    assert!(
        en.contains("row 4, column DNI («1234»): must be a DNI (8 digits) or a RUC (11 digits)"),
        "{en}"
    );

    // The fixed file imports, names and accents intact.
    let fixed = bad
        .replace(";1234;", ";12345679;")
        .replace(";si;;5;0;", ";si;M-2;5;0;")
        .replace(";estatal;", ";comercial;");
    let path = t.file("clientes.csv", &windows_1252(&fixed));
    let (summary, _) = t
        .ledger
        .import_customers(&clerk(), &path, ImportOptions::default(), false)
        .unwrap();
    assert_eq!((summary.rows, summary.added, summary.empty_rows), (3, 3, 1));
    let c = t.ledger.customer("01-0001").unwrap().unwrap();
    assert_eq!(c.name, "Peña Ñahui, María");
    assert_eq!(c.address, "Jr. Unión 123");
    assert_eq!(c.category, "domestico");
    assert_eq!(c.meter.unwrap().initial_reading, 120);
    assert_eq!(
        t.ledger.customer("01-0003").unwrap().unwrap().status,
        caudal_core::customers::Status::Closed
    );

    // Importing the same file again changes nothing.
    let (again, _) = t
        .ledger
        .import_customers(&clerk(), &path, ImportOptions::default(), false)
        .unwrap();
    assert_eq!((again.added, again.unchanged, again.replaced), (0, 3, 0));
}

#[test]
fn skip_invalid_writes_the_good_rows_and_a_rejects_file() {
    let mut t = Town::new();
    let csv = format!(
        "{HEADER}01-0001,Ana,Jr. A 1,Centro,domestico,si,M-1,5,0,si,no\n\
         01-0002,Beto,Jr. B 2,Centro,industrial,si,M-2,5,0,si,no\n\
         01-0003,Ciro,Jr. C 3,Centro,domestico,tal vez,,,,si,no\n"
    );
    let path = t.file("c.csv", csv.as_bytes());
    let opts = ImportOptions {
        skip_invalid: true,
        replace: false,
    };
    let (summary, table) = t.ledger.import_customers(&clerk(), &path, opts, false).unwrap();
    assert_eq!((summary.added, summary.invalid.len()), (1, 2));
    let rejects = t.dir.path().join("rejects.csv");
    write_rejects(&rejects, &table, &summary.invalid, Lang::Es).unwrap();
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(text.starts_with("account,name,address,sector,category,metered,meter_serial,meter_digits,initial_reading,sewer,subsidized,line,reason"));
    assert!(
        text.contains("01-0002") && text.contains("no es una categoría de la tarifa"),
        "{text}"
    );
    assert!(
        text.contains("01-0003") && text.contains("metered: no es un sí/no"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 3);
}

#[test]
fn conflicts_duplicates_and_replace() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    let changed = format!("{HEADER}01-0001,Rosa Quispe,Jr. Grau 999,Centro,domestico,si,M-1,5,0,si,no\n");
    let path = t.file("c.csv", changed.as_bytes());
    let err = t
        .ledger
        .import_customers(&clerk(), &path, ImportOptions::default(), false)
        .unwrap_err();
    assert!(
        err.message(Lang::En)
            .contains("already stored with other values (address); to correct them, import with the option «Replace»"),
        "{}",
        err.message(Lang::En)
    );
    let replace = ImportOptions {
        skip_invalid: false,
        replace: true,
    };
    let (s, _) = t.ledger.import_customers(&clerk(), &path, replace, false).unwrap();
    assert_eq!(s.replaced, 1);
    assert_eq!(t.ledger.customer("01-0001").unwrap().unwrap().address, "Jr. Grau 999");
    // Once a bill uses it, a file still corrects its address (the bill keeps its own copy,
    // the chain every version), but not what is billed: that is changed on its page.
    t.issue("2026-01");
    let again = changed.replace("Jr. Grau 999", "Jr. Grau 1");
    let path = t.file("c.csv", again.as_bytes());
    let (s, _) = t.ledger.import_customers(&clerk(), &path, replace, false).unwrap();
    assert_eq!(s.replaced, 1);
    assert_eq!(t.ledger.customer("01-0001").unwrap().unwrap().address, "Jr. Grau 1");
    let billed = t.ledger.bills("2026-01".parse().unwrap(), Some("01-0001")).unwrap();
    assert_eq!(billed[0].address, "Jr. Grau 999", "the issued bill keeps what it said");
    let social = again.replace("domestico", "social");
    let path = t.file("c.csv", social.as_bytes());
    let err = t.ledger.import_customers(&clerk(), &path, replace, false).unwrap_err();
    assert!(
        err.message(Lang::Es)
            .contains("la cuenta tiene recibos emitidos: category cambia lo que se factura"),
        "{}",
        err.message(Lang::Es)
    );
    assert!(t.ledger.verify().unwrap().ok());
    // The same account twice in one file with other values is an invalid row.
    let dup = format!(
        "{HEADER}05-1,Ana,Jr. A,C,domestico,no,,,,no,no\n05-1,Ana,Jr. B,C,domestico,no,,,,no,no\n05-2,Eva,Jr. E,C,social,no,,,,no,no\n05-2,Eva,Jr. E,C,social,no,,,,no,no\n"
    );
    let path = t.file("d.csv", dup.as_bytes());
    let err = t
        .ledger
        .import_customers(&clerk(), &path, ImportOptions::default(), false)
        .unwrap_err();
    let msg = err.message(Lang::En);
    assert!(
        msg.contains("row 3, column account («05-1»): the account already appears on row 2"),
        "{msg}"
    );
    assert!(!msg.contains("row 5"), "an identical repeat is not an error: {msg}");
}

#[test]
fn hostile_values_get_a_reason_not_a_panic() {
    let mut t = Town::new();
    let long = "x".repeat(500);
    let csv = format!(
        "{HEADER}01-1,Ana,Jr. A,C,domestico,si,M-1,5,99999999999999999999999999,si,no\n\
         01-2,Ana,Jr. A,C,domestico,si,M-1,13,5,si,no\n\
         01-3,{long},Jr. A,C,domestico,no,,,,si,no\n\
         01-4,Ana,Jr. A,C,domestico,si,M-1,5,-7,si,no\n\
         01-5,Ana\u{0007},Jr. A,C,domestico,no,,,,si,no\n\
         01-6,Ana,Jr. A,C,domestico,si,M-1,4,10000,si,no,extra\n"
    );
    let path = t.file("c.csv", csv.as_bytes());
    let Err(caudal_core::Error::Rows { rows }) =
        t.ledger
            .import_customers(&clerk(), &path, ImportOptions::default(), false)
    else {
        panic!("expected invalid rows");
    };
    let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
    for line in 2..=7 {
        assert!(lines.contains(&line), "row {line} refused: {rows:?}");
    }
    assert!(
        rows.iter()
            .any(|r| r.line == 7 && r.reason.en.contains("has 12 values"))
    );
}

#[test]
fn a_file_that_is_not_a_table_is_named_plainly() {
    let mut t = Town::new();
    let path = t.file("vacio.csv", b"");
    let err = t
        .ledger
        .import_customers(&clerk(), &path, ImportOptions::default(), false)
        .unwrap_err();
    assert_eq!(err.code(), "empty_file");
    let path = t.file("otro.csv", b"foo;bar\n1;2\n");
    let err = t
        .ledger
        .import_customers(&clerk(), &path, ImportOptions::default(), false)
        .unwrap_err();
    assert!(
        err.message(Lang::Es).contains("Faltan columnas obligatorias"),
        "{}",
        err.message(Lang::Es)
    );
    let path = t.file("binario.xlsx", b"PK\x03\x04 not really a workbook");
    let err = t
        .ledger
        .import_customers(&clerk(), &path, ImportOptions::default(), false)
        .unwrap_err();
    assert_eq!(err.code(), "xlsx");
    let missing = t.dir.path().join("no-existe.csv");
    assert_eq!(
        t.ledger
            .import_customers(&clerk(), &missing, ImportOptions::default(), false)
            .unwrap_err()
            .code(),
        "file"
    );
}

/// Writes a minimal XLSX (first sheet, inline strings and numbers) as a spreadsheet would.
fn xlsx(rows: &[Vec<&str>]) -> Vec<u8> {
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (i, row) in rows.iter().enumerate() {
        sheet.push_str(&format!("<row r=\"{}\">", i + 1));
        for (j, v) in row.iter().enumerate() {
            let cell = format!("{}{}", (b'A' + j as u8) as char, i + 1);
            if !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()) {
                sheet.push_str(&format!("<c r=\"{cell}\"><v>{v}</v></c>"));
            } else {
                sheet.push_str(&format!("<c r=\"{cell}\" t=\"inlineStr\"><is><t>{v}</t></is></c>"));
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let files = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Clientes" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        for (name, body) in files {
            zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn customers_from_xlsx() {
    let mut t = Town::new();
    let book = xlsx(&[
        vec![
            "CUENTA",
            "NOMBRE",
            "DIRECCION",
            "SECTOR",
            "CATEGORIA",
            "MEDIDOR",
            "SERIE_MEDIDOR",
            "LECTURA_INICIAL",
            "DESAGUE",
        ],
        vec![
            "07-0001",
            "Teodoro Ayala",
            "Jr. Cahuide 12",
            "Las Lomas",
            "domestico",
            "x",
            "MED-77",
            "250",
            "si",
        ],
        vec!["", "", "", "", "", "", "", "", ""],
        vec![
            "07-0002",
            "Bodega Ccori",
            "Av. Grau 3",
            "Centro",
            "comercial",
            "",
            "",
            "",
            "no",
        ],
    ]);
    let path = t.file("clientes.xlsx", &book);
    let (s, _) = t
        .ledger
        .import_customers(&clerk(), &path, ImportOptions::default(), false)
        .unwrap();
    assert_eq!(s.added, 2);
    let c = t.ledger.customer("07-0001").unwrap().unwrap();
    assert_eq!((c.meter.unwrap().initial_reading, c.sewer), (250, true));
    assert!(t.ledger.customer("07-0002").unwrap().unwrap().meter.is_none());
}

#[test]
fn readings_rows_that_cannot_be_true_are_refused() {
    let mut t = Town::new();
    t.customers(&format!(
        "{HEADER}01-0001,Ana,Jr. A,C,domestico,si,M-1,5,1250,si,no\n02-0001,Beto,Jr. B,C,domestico,no,,,,si,no\n"
    ));
    let csv = "cuenta;periodo;lectura;fecha;estado\n\
               01-0001;2026-01;1240;31/01/2026;ok\n\
               02-0001;2026-01;10;31/01/2026;ok\n\
               09-9999;2026-01;10;31/01/2026;ok\n\
               01-0001;2026-02;123456;28/02/2026;ok\n\
               01-0001;2026-03;;31/03/2026;ok\n\
               01-0001;2026-04;1300;31/04/2026;ok\n\
               01-0001;2026-05;1300;31/05/2026;quién sabe\n";
    let err = t.try_readings(csv).unwrap_err();
    let msg = err.message(Lang::En);
    for expected in [
        "row 2, column lectura («1240»): 1240 is lower than the previous reading 1250",
        "row 3, column cuenta («02-0001»): the connection has no meter",
        "row 4, column cuenta («09-9999»): is not a registered account",
        "row 5, column lectura («123456»): has more digits than meter M-1",
        "row 6, column lectura: is required when the status is ok",
        "row 7, column fecha («31/04/2026»): is not a date",
        "row 8, column estado («quién sabe»)",
    ] {
        assert!(msg.contains(expected), "missing «{expected}» in:\n{msg}");
    }
    // A second, different reading for the same account and period.
    t.readings(&readings_csv(&[("01-0001", "2026-01", Some(1260))]));
    let err = t
        .try_readings(&readings_csv(&[("01-0001", "2026-01", Some(1270))]))
        .unwrap_err();
    assert!(
        err.message(Lang::En)
            .contains("another reading is stored for 2026-01 (1260)")
    );
    // The same reading again is a duplicate, not an error.
    let s = t.readings(&readings_csv(&[("01-0001", "2026-01", Some(1260))]));
    assert_eq!((s.added, s.unchanged), (0, 1));
    // Decimal comma in a `;` file is still not a whole m³.
    let err = t
        .try_readings("cuenta;periodo;lectura;fecha\n01-0001;2026-02;1270,5;28/02/2026\n")
        .unwrap_err();
    let msg = err.message(Lang::Es);
    assert!(
        msg.contains("debe ser un número entero, sin decimales (1270.5)"),
        "{msg}"
    );
}

#[test]
fn a_file_of_several_months_uses_its_own_earlier_months() {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 100));
    // Rows out of order: March before January; checked in period order.
    let s = t.readings(&readings_csv(&[
        ("01-0001", "2026-03", Some(130)),
        ("01-0001", "2026-01", Some(110)),
        ("01-0001", "2026-02", Some(120)),
    ]));
    assert_eq!(s.added, 3);
    let err = t
        .try_readings(&readings_csv(&[
            ("01-0001", "2026-04", Some(150)),
            ("01-0001", "2026-05", Some(140)),
        ]))
        .unwrap_err();
    assert!(
        err.message(Lang::En)
            .contains("140 is lower than the previous reading 150")
    );
}

#[test]
fn a_workbook_a_utf16_file_or_a_binary_named_csv_is_named_for_what_it_is() {
    let header = "account,period,reading\n01-0001,2026-01,30\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(header.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16_bare: Vec<u8> = header.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let cases: [(&str, Vec<u8>, &str); 6] = [
        (
            "libro.csv",
            b"PK\x03\x04\x14\x00\x06\x00rest of a zip".to_vec(),
            "libro de Excel (XLSX)",
        ),
        (
            "viejo.csv",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec(),
            "Excel antiguo (XLS)",
        ),
        ("unicode.csv", utf16, "UTF-16"),
        ("unicode2.csv", utf16_bare, "UTF-16"),
        ("recibo.csv", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec(), "es un PDF"),
        (
            "foto.csv",
            b"\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR".to_vec(),
            "no es texto",
        ),
    ];
    let mut t = billed_town_for_imports();
    for (name, bytes, says) in cases {
        let path = t.file(name, &bytes);
        let err = t
            .ledger
            .import_readings(&clerk(), &path, caudal_core::import::ImportOptions::default(), false)
            .unwrap_err();
        let message = err.message(caudal_core::Lang::Es);
        assert!(message.contains(says), "{name}: {message}");
        assert!(!message.contains("Faltan columnas"), "{name}: {message}");
        assert!(
            message.contains("nada se importó") || message.contains("Nada se importó"),
            "{name}: {message}"
        );
    }
}

fn billed_town_for_imports() -> Town {
    let mut t = Town::new();
    t.customers(&one_customer("01-0001", 5, 0));
    t
}

/// One meter serial was accepted on three connections. A meter serves one connection: a
/// serial repeated in a file or already in service elsewhere is refused, naming both.
#[test]
fn one_meter_serves_one_connection() {
    let mut t = Town::new();
    let csv = format!(
        "{HEADER}01-0001,Rosa Quispe,Jr. Grau 1,Centro,domestico,si,M-1,5,0,si,no\n\
         01-0002,Juan Ccori,Jr. Grau 2,Centro,domestico,si,m-1 ,5,0,si,no\n"
    );
    let f = t.file("clientes.csv", csv.as_bytes());
    let err = t
        .ledger
        .import_customers(&clerk(), &f, Default::default(), false)
        .unwrap_err();
    let msg = err.message(caudal_core::Lang::Es);
    assert!(
        msg.contains("fila 3") && msg.contains("ya está en la fila 2 (cuenta 01-0001)"),
        "{msg}"
    );
    t.customers(&format!(
        "{HEADER}01-0001,Rosa Quispe,Jr. Grau 1,Centro,domestico,si,M-1,5,0,si,no\n"
    ));
    let f = t.file(
        "clientes2.csv",
        format!("{HEADER}01-0003,Ana Sol,Jr. Sol 3,Alto,domestico,si,M-1,5,0,si,no\n").as_bytes(),
    );
    let msg = t
        .ledger
        .import_customers(&clerk(), &f, Default::default(), false)
        .unwrap_err()
        .message(caudal_core::Lang::Es);
    assert!(msg.contains("ya está instalado en la cuenta 01-0001"), "{msg}");
    // Importing the same connection again is not a conflict with itself.
    t.customers(&format!(
        "{HEADER}01-0001,Rosa Quispe,Jr. Grau 1,Centro,domestico,si,M-1,5,0,si,no\n"
    ));
}

/// A customers row missing its last cell (`desague`) became "no sewer", and sewer was never
/// billed. A row whose count of cells differs from the header's is refused, naming it.
#[test]
fn a_row_short_of_a_cell_is_refused() {
    let mut t = Town::new();
    let csv = format!(
        "{HEADER}01-0001,Rosa Quispe,Jr. Grau 1,Centro,domestico,si,M-1,5,0,si,no\n\
         01-0002,Juan Ccori,Jr. Grau 2,Centro,domestico,si,M-2,5,0,si\n"
    );
    let f = t.file("clientes.csv", csv.as_bytes());
    let msg = t
        .ledger
        .import_customers(&clerk(), &f, Default::default(), false)
        .unwrap_err()
        .message(caudal_core::Lang::Es);
    assert!(
        msg.contains("fila 3") && msg.contains("tiene 10 valores y la primera fila 11 columnas"),
        "{msg}"
    );
    assert!(t.ledger.customer("01-0001").unwrap().is_none(), "nothing written");
}

/// A clerk's Excel wrote the file as Windows-1252 with `;` and CRLF: the rejected rows come
/// back the same way, so that the same spreadsheet shows «Núñez», not «NÃºÃ±ez», in columns.
#[test]
fn the_rejects_file_is_written_in_the_inputs_own_convention() {
    let mut t = Town::new();
    let file = format!(
        "{SPANISH}01-0001;Peña Ñahui, María;12345678;Jr. Unión 123;Centro;R01;1;Doméstico;sí;M-1;5;120;sí;no;activo;F\r\n\
         01-0002;José Núñez;1234;Av. Grau 5;Centro;R01;2;minería;si;;5;0;no;no;activo;M\r\n"
    );
    let path = t.file("clientes.csv", &windows_1252(&file));
    let opts = ImportOptions {
        skip_invalid: true,
        replace: false,
    };
    let (summary, table) = t.ledger.import_customers(&clerk(), &path, opts, false).unwrap();
    assert_eq!(summary.added, 1);
    assert!(!summary.invalid.is_empty() && summary.invalid.iter().all(|e| e.line == 3));
    let rejects = t.dir.path().join("rechazadas.csv");
    write_rejects(&rejects, &table, &summary.invalid, Lang::Es).unwrap();
    let bytes = std::fs::read(&rejects).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "Windows-1252, as the input");
    let (text, _, bad) = encoding_rs::WINDOWS_1252.decode(&bytes);
    assert!(!bad);
    let mut lines = text.split("\r\n");
    assert!(
        lines.next().unwrap().starts_with("Cuenta;Nombre;DNI;Dirección;"),
        "{text}"
    );
    assert!(lines.next().unwrap().starts_with("01-0002;José Núñez;1234;"), "{text}");

    // UTF-8 with its mark and `,` stays so.
    let utf8 = format!("\u{feff}{HEADER}01-0009,Iñigo,Jr. A 1,Centro,minería,si,M-9,5,0,si,no\n");
    let path = t.file("c8.csv", utf8.as_bytes());
    let (summary, table) = t.ledger.import_customers(&clerk(), &path, opts, false).unwrap();
    write_rejects(&rejects, &table, &summary.invalid, Lang::Es).unwrap();
    let bytes = std::fs::read(&rejects).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFaccount,name,"));
    assert!(String::from_utf8_lossy(&bytes).contains("01-0009,Iñigo,"));
}
