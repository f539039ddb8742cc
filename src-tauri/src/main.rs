//! Caudal's desktop shell: opens the ledger, keeps who is signed in, and translates each
//! window command into one call of caudal-core. It holds no rule: no money is computed, no SQL
//! written, no permission decided here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod ipc;
mod state;

use tauri::Manager;

fn main() {
    let demo = std::env::args().any(|a| a == "--demo");
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(move |app| {
            let data_dir = match std::env::var_os("CAUDAL_DATA_DIR").filter(|v| !v.is_empty()) {
                Some(dir) => std::path::PathBuf::from(dir),
                None => app.path().app_data_dir()?,
            };
            app.manage(state::AppState::new(data_dir, demo));
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Caudal no pudo iniciar / could not start: {e}");
            std::process::exit(1);
        });
}
