//! Whether an output may be written where the user named it: never over the ledger, a backup
//! or a file Caudal did not write (every export's header is known here, so this sits above the
//! domains that own them).

use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::files::writable;
use std::path::{Path, PathBuf};

/// Whether a command may write its output at `path`: never over the ledger (`ledger`), its
/// journal files or an SQLite database of any kind (a backup, another town's ledger), whatever
/// is asked; over another existing file only when it is one Caudal wrote (a PDF it produced, a
/// CSV with one of its headers) or when `force` says so; and only into a folder that can be
/// written. A folder is not an output file: the command names the files it writes in it.
pub fn may_write(path: &Path, ledger: Option<&Path>, force: bool) -> Result<()> {
    let same = |a: &Path, b: &Path| match (canonical(a), canonical(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    };
    let refuse = |es: String, en: String| Err(Error::invalid(ErrorCode::Out, es, en));
    let shown = path.display();
    if let Some(db) = ledger {
        let mut guarded = vec![db.to_path_buf()];
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            guarded.push(PathBuf::from(p));
        }
        if guarded.iter().any(|g| same(path, g)) {
            return refuse(
                format!(
                    "{shown} es el libro (o uno de sus archivos): no se escribe encima. Indique otro nombre; no se hizo nada."
                ),
                format!(
                    "{shown} is the ledger (or one of its files): it is never written over. Name another file; nothing was done."
                ),
            );
        }
    }
    let folder = match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => path.to_path_buf(),
        _ => match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        },
    };
    // Asked before the command does anything: a receipt that cannot be written must not
    // leave a payment recorded behind it, to be paid again.
    if !writable(&folder) {
        return refuse(
            format!(
                "No se puede escribir {shown}: la carpeta {} no existe o no admite escritura. Indique otra; no se hizo nada.",
                folder.display()
            ),
            format!(
                "{shown} cannot be written: the folder {} does not exist or cannot be written to. Name another; nothing was done.",
                folder.display()
            ),
        );
    }
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    if meta.is_dir() {
        return Ok(());
    }
    let head = read_head(path);
    if head.starts_with(b"SQLite format 3\0") {
        return refuse(
            format!(
                "{shown} es una base de datos (un libro o una copia de seguridad): no se escribe encima. Indique otro nombre; no se hizo nada."
            ),
            format!(
                "{shown} is a database (a ledger or a backup): it is never written over. Name another file; nothing was done."
            ),
        );
    }
    if force || written_by_caudal(path, &head) {
        return Ok(());
    }
    refuse(
        format!(
            "{shown} ya existe y no lo escribió Caudal: no se reemplaza. Indique otro nombre, o agregue --force para reemplazarlo; no se hizo nada."
        ),
        format!(
            "{shown} already exists and was not written by Caudal: it is not replaced. Name another file, or add --force to replace it; nothing was done."
        ),
    )
}

fn canonical(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = std::fs::canonicalize(p) {
        return Some(c);
    }
    // A file not there yet: its folder, canonical, and its name.
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(p.file_name()?))
}

fn read_head(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut head = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(4096).read_to_end(&mut head);
    }
    head
}

/// A file Caudal wrote: a PDF whose producer is Caudal, or a CSV whose first line is one of
/// the headers Caudal writes (an export, or a rejects file ending in its reason column).
fn written_by_caudal(path: &Path, head: &[u8]) -> bool {
    if head.starts_with(b"%PDF") {
        // The producer is written as text, as hex or as UTF-16 hex, whichever printpdf chose;
        // compared in upper case.
        const MARKS: [&[u8]; 3] = [b"CAUDAL", b"43617564616C", b"00430061007500640061006C"];
        return std::fs::read(path).is_ok_and(|bytes| {
            bytes.windows(9).enumerate().any(|(i, w)| {
                w == b"/Producer" && {
                    let after = bytes[i + 9..bytes.len().min(i + 9 + 64)].to_ascii_uppercase();
                    MARKS.iter().any(|m| after.windows(m.len()).any(|x| x == *m))
                }
            })
        });
    }
    let text = String::from_utf8_lossy(head);
    let first = text.trim_start_matches('\u{feff}').lines().next().unwrap_or("").trim();
    let fields: Vec<&str> = first.split([',', ';']).collect();
    let ours = [
        crate::billing::BILLS_CSV_HEADER,
        crate::accounts::ACCOUNTS_CSV_HEADER,
        crate::quality::QUALITY_CSV_HEADER,
        crate::continuity::INTERRUPTIONS_CSV_HEADER,
        crate::complaints::COMPLAINTS_CSV_HEADER,
        crate::reports::indicators::INDICATORS_CSV_HEADER,
        crate::reports::board::MEETINGS_CSV_HEADER,
    ];
    ours.contains(&fields.as_slice()) || matches!(fields.last(), Some(&"reason") | Some(&"motivo"))
}
