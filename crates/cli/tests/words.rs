//! Words a clerk can act on: every command below is run in Spanish, with the hostile arguments
//! and files a clerk really types or picks, and what it answers (help, refusals, reports) must
//! hold no English sentence and no raw code where a word belongs.

#![allow(clippy::unwrap_used)]

mod common;

use common::{caudal, caudal_command, demo, last_month};
use std::path::Path;

/// Words English has and Spanish does not; a line of Spanish output holding one (outside a
/// «quoted value», a path, an option or a command the clerk types) has English in it.
const ENGLISH: &[&str] = &[
    "the",
    "is",
    "are",
    "was",
    "were",
    "not",
    "and",
    "of",
    "to",
    "for",
    "with",
    "from",
    "this",
    "that",
    "failed",
    "invalid",
    "found",
    "expected",
    "cannot",
    "could",
    "value",
    "argument",
    "usage",
    "missing",
    "required",
    "unexpected",
    "database",
    "signature",
    "verification",
    "archive",
    "large",
    "fit",
    "target",
    "type",
    "malformed",
    "disk",
    "image",
    "environment",
    "hygiene",
    "subsidy",
    "reconnect",
    "constraint",
    "trigger",
    "unique",
    "please",
    "should",
    "must",
    "which",
    "your",
    "you",
    "been",
    "into",
    "only",
    "any",
    "after",
    "before",
    "because",
    "options",
    "commands",
    "print",
    "help",
    "default",
    "possible",
    "values",
    "tip",
    "similar",
    "exists",
    "information",
    "try",
    "more",
    "on",
    "in",
    "by",
    "it",
    "or",
    "clerk",
    "technician",
    "none",
    "some",
    "rows",
    "payment",
    "amount",
];

/// The lines of `text` that hold an English word, with the word.
fn english_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        // What the clerk typed comes back between « »; it is theirs, not Caudal's words.
        let mut kept = String::new();
        let mut depth = 0u32;
        for c in line.chars() {
            match c {
                '«' => depth += 1,
                '»' => depth = depth.saturating_sub(1),
                _ if depth == 0 => kept.push(c),
                _ => {}
            }
        }
        let mut after_caudal = false;
        for token in kept.split_whitespace() {
            // A command the clerk is told to type («caudal ledger verify») is written as typed.
            if token.trim_matches('`') == "caudal" {
                after_caudal = true;
                continue;
            }
            let bare = token.trim_matches(|c: char| !c.is_alphanumeric());
            if after_caudal && bare.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                continue;
            }
            after_caudal = false;
            let is_name = token.contains('/')
                || token.contains('\\')
                || token.starts_with('-')
                || token.starts_with('<')
                || token.starts_with('$')
                || token.contains('_')
                || token.contains('@')
                || bare.contains('.');
            if is_name {
                continue;
            }
            let word = bare.to_lowercase();
            if ENGLISH.contains(&word.as_str()) {
                found.push(format!("«{word}» in: {line}"));
                break;
            }
        }
    }
    found
}

#[test]
fn the_detector_finds_english_and_leaves_spanish_alone() {
    assert!(!english_in("error: unexpected argument '--acount' found").is_empty());
    assert!(!english_in("database disk image is malformed").is_empty());
    assert!(!english_in("Fondo: 0.05 (environment 0.25, hygiene 0.25)").is_empty());
    assert!(english_in("«--acount» no es una opción de este comando. ¿Quiso decir --account?").is_empty());
    assert!(english_in("Ejecute `caudal ledger verify` y revise la copia.").is_empty());
    assert!(english_in("No se pudo usar el archivo /tmp/the file.csv: no existe").is_empty());
}

/// Runs `caudal ARGS` on `db` in Spanish; its whole answer, out and err, for a person.
fn answer(db: &Path, args: &[&str]) -> String {
    let out = caudal(db, args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("Error interno"), "a panic for {args:?}: {text}");
    text
}

#[test]
fn spanish_output_holds_no_english_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 30, 3);
    let d = |name: &str| dir.path().join(name);
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let period = last_month().to_string();

    // Files a clerk picks by mistake, or as Excel and Notepad write them.
    std::fs::write(d("recibo.pdf"), b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n").unwrap();
    std::fs::write(d("tarifa.toml"), b"name = \"Tarifa de prueba \xF1\"\n[fixed\n").unwrap();
    std::fs::write(d("clientes.xlsx"), b"esto no es un libro de Excel").unwrap();
    std::fs::write(d("comillas.csv"), "cuenta,nombre\n01-1,\"Ana\n01-2,Luis\n").unwrap();
    std::fs::write(
        d("lecturas.csv"),
        "cuenta;periodo;lectura;fecha\n01-00001;2026-11;99999999999999999999999;30/11/2026\n",
    )
    .unwrap();
    std::fs::write(d("danado.db"), vec![0x53u8; 8192]).unwrap();
    std::fs::write(d("logo.png"), b"GIF89a not a png").unwrap();
    std::fs::create_dir(d("carpeta")).unwrap();

    let folder = s(&d("carpeta"));
    let runs: Vec<Vec<String>> = [
        // The command line's own words: help and argument errors.
        vec!["--help"],
        vec!["fund", "spend", "--help"],
        vec!["payments", "record", "--help"],
        vec!["payments", "record", "--acount", "1"],
        vec!["statement"],
        vec!["fund"],
        vec!["fund", "list"],
        vec!["--lang", "fr", "statement", "--account", "1"],
        vec!["arrears", "--date", "2026-13-01"],
        vec!["billing", "run", "--period", "2026/11"],
        vec!["users", "add", "--name", "x", "--role", "jefe"],
        // Reports and lists.
        vec!["tariff", "show"],
        vec!["users", "list"],
        vec!["backup"],
        vec!["backup", "list"],
        vec!["fund", "balance"],
        vec!["cash-close"],
        vec!["statement", "--account", "01-00001"],
        vec!["billing", "run", "--period", &period],
        // Refusals.
        vec![
            "fund",
            "spend",
            "--purpose",
            "viajes",
            "--amount",
            "1",
            "--description",
            "x",
            "--document",
            "d",
            "--approved-by",
            "y",
        ],
        vec!["payments", "record", "--account", "01-00001", "--amount", "45.505"],
        vec![
            "payments",
            "record",
            "--account",
            "01-00001",
            "--amount",
            "99999999999999",
        ],
        vec!["tariff", "import", &s(&d("recibo.pdf"))],
        vec!["tariff", "import", &s(&d("tarifa.toml"))],
        vec!["customers", "import", &s(&d("clientes.xlsx"))],
        vec!["customers", "import", &s(&d("comillas.csv"))],
        vec!["readings", "import", &s(&d("lecturas.csv"))],
        vec!["setting", "logo", &s(&d("logo.png"))],
        vec!["service", "reconnect", "--account", "01-00001", "--reason", "pagó"],
    ]
    .iter()
    .map(|a| a.iter().map(|x| x.to_string()).collect())
    .collect();
    let mut found = Vec::new();
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        for line in english_in(&answer(&db, &args)) {
            found.push(format!("caudal {}: {line}", args.join(" ")));
        }
    }
    // A folder as the ledger, and a damaged ledger.
    for (ledger, args) in [
        (folder.as_str(), vec!["statement", "--account", "01-00001"]),
        (folder.as_str(), vec!["init", "--operator", "x", "--town", "y"]),
        (&s(&d("danado.db")), vec!["ledger", "verify"]),
    ] {
        for line in english_in(&answer(Path::new(ledger), &args)) {
            found.push(format!("caudal --db {ledger} {}: {line}", args.join(" ")));
        }
    }
    assert!(found.is_empty(), "English in Spanish output:\n{}", found.join("\n"));
}

/// The exit of a mistyped command is 2 and its words Spanish even before a ledger is named.
#[test]
fn an_argument_error_is_a_spanish_sentence_with_the_usage() {
    let out = caudal_command()
        .args(["payments", "record", "--acount", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("«--acount» no es una opción de este comando. ¿Quiso decir --account?"),
        "{err}"
    );
    assert!(
        err.contains("Uso: caudal payments record --account <CUENTA> --amount <IMPORTE>"),
        "{err}"
    );
    let en = caudal_command()
        .args(["--lang", "en", "payments", "record", "--acount", "1"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&en.stderr).starts_with("«--acount» is not an option of this command."),
        "{}",
        String::from_utf8_lossy(&en.stderr)
    );
}

/// `--dry-run` writes nothing, the rejected rows neither; and a row with two problems is one
/// invalid row.
#[test]
fn a_check_writes_no_rejects_file_and_counts_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 10, 2);
    let input = dir.path().join("pagos.csv");
    std::fs::write(
        &input,
        "cuenta;importe;fecha;referencia\r\n99-99999;abc;32/13/2026;X-1\r\n",
    )
    .unwrap();
    let rejects = dir.path().join("rechazadas.csv");
    let out = caudal(
        &db,
        &[
            "payments",
            "import",
            input.to_str().unwrap(),
            "--skip-invalid",
            rejects.to_str().unwrap(),
            "--dry-run",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!rejects.exists(), "a check wrote {}: {text}", rejects.display());
    assert!(text.contains("se escribirían en"), "{text}");
    assert!(text.contains("1 no válida"), "{text}");
    let refused = caudal(&db, &["payments", "import", input.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.starts_with("1 fila no válida; no se escribió nada:"), "{err}");
}

/// The contradictory answers the issue saw, each now saying what is so.
#[test]
fn each_answer_says_what_is_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 10, 2);
    let text = |out: std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    // A folder as the ledger was "no hay libro" to read and "ya existe un libro" to create.
    let folder = dir.path().join("carpeta");
    std::fs::create_dir(&folder).unwrap();
    for args in [
        &["statement", "--account", "01-00001"][..],
        &["init", "--operator", "x", "--town", "y"],
    ] {
        let said = text(caudal(&folder, args));
        assert!(said.contains("es una carpeta; el libro es un archivo"), "{said}");
    }
    // A PDF chosen as the tariff was "incompleto o dañado".
    let pdf = dir.path().join("tarifa.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n").unwrap();
    let said = text(caudal(&db, &["tariff", "import", pdf.to_str().unwrap()]));
    assert!(said.contains("es un PDF, no un documento de tarifa"), "{said}");
    // A billed month's preview said "Nada está numerado aún" over 0 bills.
    let said = text(caudal(&db, &["billing", "run", "--period", &last_month().to_string()]));
    assert!(said.contains("ya está facturado: 10 recibos emitidos"), "{said}");
    // The fund's purposes in Spanish were refused.
    let said = text(caudal(
        &db,
        &[
            "fund",
            "spend",
            "--purpose",
            "higiene",
            "--amount",
            "0.10",
            "--description",
            "jabón",
            "--document",
            "B001-1",
            "--approved-by",
            "Junta",
        ],
    ));
    assert!(said.contains("Gasto del fondo registrado"), "{said}");
    let said = text(caudal(&db, &["fund", "balance"]));
    assert!(
        said.contains("medio ambiente") && !said.contains("environment"),
        "{said}"
    );
    // A 10,000-character value pasted as an account or a file name was echoed whole.
    let pasted = "x".repeat(10_000);
    for args in [
        &["statement", "--account", pasted.as_str()][..],
        &["bills", "export", "--period", "2026-01", "--out", pasted.as_str()],
    ] {
        let said = text(caudal(&db, args));
        assert!(said.len() < 400 && said.contains('…'), "{said}");
    }
    // An option given twice was "no va junto con" itself.
    let said = text(caudal(&db, &["statement", "--account", "1", "--account", "2"]));
    assert!(said.contains("--account <CUENTA> se indicó dos veces"), "{said}");
    // An unclosed quote was "caracteres de control", or a count of cells rows later.
    let quotes = dir.path().join("comillas.csv");
    std::fs::write(&quotes, "cuenta,nombre\n01-1,\"Ana\n01-2,Luis\n").unwrap();
    let said = text(caudal(&db, &["customers", "import", quotes.to_str().unwrap()]));
    assert!(
        said.contains("La fila 2 abre unas comillas que no se cierran"),
        "{said}"
    );
    // A damaged ledger was "database disk image is malformed".
    assert!(caudal(&db, &["backup"]).status.success());
    let mut bytes = std::fs::read(&db).unwrap();
    for b in bytes.iter_mut().skip(4096).take(8192) {
        *b = 0x5A;
    }
    std::fs::write(&db, bytes).unwrap();
    let out = caudal(&db, &["ledger", "verify"]);
    assert!(!out.status.success());
    let said = text(out);
    assert!(
        said.contains("El libro está dañado") && said.contains("La última copia verificada es"),
        "{said}"
    );
}
