//! Files Caudal writes for people (exports, documents, bundles, keys): whole or not at all.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A temporary name beside `path` for one write alone: two writers of one file (the background
/// sender and "deliver now", two windows printing the same bill) never write into each other's
/// copy. Opened with `create_new`, so a name still in use is never reused.
pub(crate) fn temp_beside(dir: &Path, path: &Path) -> PathBuf {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let n = WRITES.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

/// Writes a whole file or nothing: a temporary file beside it, synced, then renamed.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = temp_beside(dir, path);
    let result = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// Writes a CSV (a header and rows, `,`-separated, quoted where needed) whole or not at all.
pub(crate) fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut buf = Vec::new();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        let err = |e: csv::Error| Error::io(path, std::io::Error::other(e.to_string()));
        w.write_record(header).map_err(err)?;
        for r in rows {
            w.write_record(r).map_err(err)?;
        }
        w.flush().map_err(|e| Error::io(path, e))?;
    }
    write_atomically(path, &buf)
}
