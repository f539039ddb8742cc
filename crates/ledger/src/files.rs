//! Files written whole or not at all, and whether a folder takes a new file: what the ledger's
//! backups and every domain's exports, documents and bundles share.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A temporary name beside `path` for one write alone: two writers of one file (the background
/// sender and "deliver now", two windows printing the same bill) never write into each other's
/// copy. Opened with `create_new`, so a name still in use is never reused.
pub fn temp_beside(dir: &Path, path: &Path) -> PathBuf {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let n = WRITES.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

/// Writes a whole file or nothing: a temporary file beside it, synced, then renamed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
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

/// Whether a file can be created in `dir` (a probe, removed at once: permissions alone do not
/// tell a read-only mount).
pub fn writable(dir: &Path) -> bool {
    let probe = temp_beside(dir, Path::new("probe"));
    match std::fs::OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => std::fs::remove_file(&probe).is_ok(),
        Err(_) => false,
    }
}
