//! Where the ledger lives by default: the platform's data folder, the same one the desktop app
//! uses (Tauri's app data folder is `<data dir>/<identifier>`), so the command line and the
//! window work on one file. Portable: no Unix-only paths.

use std::path::PathBuf;

/// The released app's identifier; a development build passes its own so it never touches a
/// real ledger.
pub const APP_IDENTIFIER: &str = "pe.caudal.desktop";
/// The ledger's file name in its folder.
pub const LEDGER_FILE: &str = "caudal.db";

/// The platform data folder: `%APPDATA%` on Windows, `~/Library/Application Support` on macOS,
/// `$XDG_DATA_HOME` or `~/.local/share` elsewhere.
pub fn data_dir() -> Option<PathBuf> {
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if cfg!(windows) {
        env("APPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library").join("Application Support"))
    } else {
        env("XDG_DATA_HOME").or_else(|| env("HOME").map(|h| h.join(".local").join("share")))
    }
}

/// The ledger file of the app with `identifier`.
pub fn default_ledger(identifier: &str) -> Option<PathBuf> {
    data_dir().map(|d| d.join(identifier).join(LEDGER_FILE))
}
