//! Checking a bundle the way the municipality would (docs/bundle.md): both signatures, every
//! manifest entry, Payload-Oxum, missing and extra files, and that the names agree (a bundle
//! renamed to another month is caught). Every problem found is listed, not only the first.

use super::bag::{self, BAGIT_TXT, TAG_FILES, TAG_SIGNATURE};
use super::signing;
use crate::error::{Error, Result, Text};
use std::collections::BTreeMap;
use std::path::Path;

/// What `bundle verify` found.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct VerifyReport {
    /// The bag's identifier.
    pub id: String,
    /// The month it reports.
    pub period: Option<String>,
    /// The head of the operator's chain it was made at.
    pub ledger_head: Option<String>,
    /// The bundle it revises, if any.
    pub previous: Option<String>,
    /// How many payload files it holds.
    pub payload_files: u32,
    /// Each problem found.
    pub problems: Vec<Text>,
}

impl VerifyReport {
    /// Whether nothing was found wrong.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks `<ID>.zip` with the `<ID>.zip.minisig` beside it against the public key file.
pub fn verify_files(zip_path: &Path, pubkey_path: &Path) -> Result<VerifyReport> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| Error::io(p, e));
    let zip = read(zip_path)?;
    let public = String::from_utf8_lossy(&read(pubkey_path)?).into_owned();
    let mut sig_path = zip_path.as_os_str().to_owned();
    sig_path.push(".minisig");
    let minisig = match std::fs::read(&sig_path) {
        Ok(b) => Some(String::from_utf8_lossy(&b).into_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(sig_path, e)),
    };
    let name = zip_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = name.strip_suffix(".zip").unwrap_or(&name).to_string();
    verify(&id, &zip, minisig.as_deref(), &public)
}

/// Checks a bundle held in memory; `id` is what its file name says it is.
pub fn verify(id: &str, zip: &[u8], minisig: Option<&str>, public: &str) -> Result<VerifyReport> {
    let public = signing::parse_public(public)?;
    let mut report = VerifyReport {
        id: id.to_string(),
        period: None,
        ledger_head: None,
        previous: None,
        payload_files: 0,
        problems: Vec::new(),
    };
    let mut problem = |es: String, en: String| report.problems.push(Text::new(es, en));
    // The bundle's own name, when its signature names another than the file's.
    let mut signed_as: Option<String> = None;

    // The detached signature of the zip, and what its trusted comment binds.
    let zip_sha = bag::sha256_hex(zip);
    match minisig {
        None => problem(
            format!("Falta la firma {id}.zip.minisig junto al paquete."),
            format!("The signature {id}.zip.minisig is missing beside the bundle."),
        ),
        Some(sig) => match signing::verify(&public, zip, sig) {
            Err(e) => problem(
                format!(
                    "La firma del zip no es válida con esta clave pública ({e}): el archivo fue modificado o firmado por otra clave."
                ),
                format!(
                    "The zip's signature is not valid for this public key ({e}): the file was changed or signed by another key."
                ),
            ),
            Ok(comment) => {
                let expected = format!("bundle:{id}\tsha256:{zip_sha}");
                if comment != expected {
                    let signed_id = comment
                        .strip_prefix("bundle:")
                        .and_then(|c| c.split('\t').next())
                        .unwrap_or("");
                    if signed_id != id {
                        signed_as = Some(signed_id.to_string());
                    } else {
                        problem(
                            format!("El comentario firmado no corresponde al zip: «{comment}»."),
                            format!("The signed comment does not match the zip: «{comment}»."),
                        );
                    }
                }
            }
        },
    }

    let entries = match bag::read_zip(zip) {
        Ok(e) => e,
        Err(e) => {
            report.problems.push(Text::new(
                format!("El zip no se puede leer: {e}."),
                format!("The zip cannot be read: {e}."),
            ));
            return Ok(report);
        }
    };
    // A bundle renamed after it was made (saved as "paquete.zip"): its signature and its folder
    // still carry its name. One sentence says so, and its contents are checked under that name,
    // rather than a line for every file "outside the folder".
    let folder = common_folder(&entries);
    let own = signed_as.clone().or_else(|| folder.clone().filter(|f| f != id));
    let id = match &own {
        Some(own) if folder.as_deref() == Some(own.as_str()) || signed_as.is_some() => {
            problem(
                format!(
                    "El archivo se llama «{id}.zip», pero es el paquete «{own}»: fue renombrado. Devuélvale su nombre ({own}.zip, y a su firma {own}.zip.minisig) antes de enviarlo o archivarlo."
                ),
                format!(
                    "The file is named «{id}.zip», but it is the bundle «{own}»: it was renamed. Give it back its name ({own}.zip, and its signature {own}.zip.minisig) before sending or filing it."
                ),
            );
            own.as_str()
        }
        _ => id,
    };
    let root = format!("{id}/");
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (name, bytes) in entries {
        match name.strip_prefix(&root) {
            Some(rel) => {
                files.insert(rel.to_string(), bytes);
            }
            None => problem(
                format!("Archivo fuera de la carpeta {id}/: {name}."),
                format!("File outside the folder {id}/: {name}."),
            ),
        }
    }
    for tag in TAG_FILES {
        if !files.contains_key(*tag) {
            problem(
                format!("Falta el archivo {id}/{tag}."),
                format!("The file {id}/{tag} is missing."),
            );
        }
    }
    if let Some(b) = files.get("bagit.txt")
        && b.as_slice() != BAGIT_TXT.as_bytes()
    {
        problem(
            "bagit.txt no declara BagIt 1.0 en UTF-8.".into(),
            "bagit.txt does not declare BagIt 1.0 in UTF-8.".into(),
        );
    }

    // Payload: every manifest line matches a file, every file is in the manifest.
    let mut listed: BTreeMap<String, String> = BTreeMap::new();
    if let Some(m) = files.get("manifest-sha256.txt") {
        for (n, line) in String::from_utf8_lossy(m).lines().enumerate() {
            match line.split_once("  ") {
                Some((hash, path)) if path.starts_with("data/") => {
                    listed.insert(path.to_string(), hash.to_ascii_lowercase());
                }
                _ => problem(
                    format!(
                        "manifest-sha256.txt, línea {}: no es «<sha256>  data/<archivo>».",
                        n + 1
                    ),
                    format!("manifest-sha256.txt, line {}: not «<sha256>  data/<file>».", n + 1),
                ),
            }
        }
    }
    let mut octets = 0usize;
    let mut count = 0u32;
    for (path, bytes) in &files {
        if path.starts_with("data/") {
            octets += bytes.len();
            count += 1;
            match listed.get(path) {
                None => problem(
                    format!("Archivo de más en el paquete: {path} (no figura en el manifiesto)."),
                    format!("Extra file in the bundle: {path} (not in the manifest)."),
                ),
                Some(hash) if *hash != bag::sha256_hex(bytes) => problem(
                    format!("{path} fue modificado: su sha256 no es el del manifiesto."),
                    format!("{path} was changed: its sha256 is not the manifest's."),
                ),
                Some(_) => {}
            }
        } else if !TAG_FILES.contains(&path.as_str()) {
            problem(
                format!("Archivo de más en el paquete: {path}."),
                format!("Extra file in the bundle: {path}."),
            );
        }
    }
    for path in listed.keys() {
        if !files.contains_key(path) {
            problem(
                format!("Falta {path}, que figura en el manifiesto."),
                format!("{path} is missing, though the manifest lists it."),
            );
        }
    }
    report.payload_files = count;

    // bag-info.txt: the identifier, the period and Payload-Oxum must agree with what is here.
    if let Some(info) = files.get("bag-info.txt") {
        let info = String::from_utf8_lossy(info);
        let field = |key: &str| {
            info.lines().find_map(|l| {
                l.strip_prefix(key)
                    .and_then(|r| r.strip_prefix(':'))
                    .map(|v| v.trim().to_string())
            })
        };
        if field("External-Identifier").as_deref() != Some(id) {
            problem(
                format!(
                    "bag-info.txt dice External-Identifier «{}», no «{id}».",
                    field("External-Identifier").unwrap_or_default()
                ),
                format!(
                    "bag-info.txt says External-Identifier «{}», not «{id}».",
                    field("External-Identifier").unwrap_or_default()
                ),
            );
        }
        let oxum = format!("{octets}.{count}");
        if field("Payload-Oxum").as_deref() != Some(oxum.as_str()) {
            problem(
                format!(
                    "Payload-Oxum dice «{}», pero el contenido es {oxum}.",
                    field("Payload-Oxum").unwrap_or_default()
                ),
                format!(
                    "Payload-Oxum says «{}», but the payload is {oxum}.",
                    field("Payload-Oxum").unwrap_or_default()
                ),
            );
        }
        let period = field("Caudal-Period");
        if let Some(p) = &period
            && !id_names_period(id, p)
        {
            problem(
                format!("El paquete «{id}» dice ser del periodo {p}: el nombre no corresponde al mes."),
                format!("Bundle «{id}» says it is for period {p}: the name does not match the month."),
            );
        }
        report.period = period;
        report.ledger_head = field("Caudal-Ledger-Head");
        report.previous = field("Caudal-Previous-Bundle");
    }

    // The tag manifest, and its own signature (which survives re-zipping).
    if let Some(tm) = files.get("tagmanifest-sha256.txt") {
        let text = String::from_utf8_lossy(tm).into_owned();
        let mut seen = Vec::new();
        for line in text.lines() {
            let Some((hash, name)) = line.split_once("  ") else {
                problem(
                    format!("tagmanifest-sha256.txt tiene una línea ilegible: «{line}»."),
                    format!("tagmanifest-sha256.txt has an unreadable line: «{line}»."),
                );
                continue;
            };
            seen.push(name.to_string());
            match files.get(name) {
                None => {}
                Some(bytes) if bag::sha256_hex(bytes) != hash.to_ascii_lowercase() => problem(
                    format!("{name} fue modificado: su sha256 no es el del manifiesto de etiquetas."),
                    format!("{name} was changed: its sha256 is not the tag manifest's."),
                ),
                Some(_) => {}
            }
        }
        for name in ["bag-info.txt", "bagit.txt", "manifest-sha256.txt"] {
            if !seen.iter().any(|s| s == name) {
                problem(
                    format!("tagmanifest-sha256.txt no cubre {name}."),
                    format!("tagmanifest-sha256.txt does not cover {name}."),
                );
            }
        }
        if let Some(sig) = files.get(TAG_SIGNATURE) {
            match signing::verify(&public, tm, &String::from_utf8_lossy(sig)) {
                Err(e) => problem(
                    format!("La firma del manifiesto de etiquetas no es válida ({e})."),
                    format!("The tag manifest's signature is not valid ({e})."),
                ),
                Ok(comment) if comment != format!("bundle:{id}\tfile:tagmanifest-sha256.txt") => problem(
                    format!("La firma del manifiesto de etiquetas es de otro paquete: «{comment}»."),
                    format!("The tag manifest's signature belongs to another bundle: «{comment}»."),
                ),
                Ok(_) => {}
            }
        }
    }
    Ok(report)
}

/// Whether an ID `<op>-<town>-YYYY-MM[-n]` names `period`.
/// The one folder every entry of the zip sits in, if there is one.
fn common_folder(entries: &[(String, Vec<u8>)]) -> Option<String> {
    let first = entries.first()?.0.split('/').next()?.to_string();
    entries
        .iter()
        .all(|(name, _)| name.split('/').next() == Some(first.as_str()) && name.contains('/'))
        .then_some(first)
}

fn id_names_period(id: &str, period: &str) -> bool {
    id.ends_with(&format!("-{period}"))
        || id
            .rsplit_once('-')
            .is_some_and(|(head, n)| n.chars().all(|c| c.is_ascii_digit()) && head.ends_with(&format!("-{period}")))
}
