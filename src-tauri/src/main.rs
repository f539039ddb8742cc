//! Caudal's desktop shell: opens the ledger, keeps who is signed in, and translates each
//! window command into one call of caudal-core. It holds no rule: no money is computed, no SQL
//! written, no permission decided here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
#![deny(missing_docs)]

mod commands;
mod failures;
mod ipc;
mod state;

use tauri::Manager;

fn main() {
    let started = std::time::Instant::now();
    let demo = std::env::args().any(|a| a == "--demo");
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(move |app| {
            let data_dir = match std::env::var_os("CAUDAL_DATA_DIR").filter(|v| !v.is_empty()) {
                Some(dir) => std::path::PathBuf::from(dir),
                // A development build keeps its own folder, so it never touches a real ledger.
                None if cfg!(debug_assertions) => app
                    .path()
                    .app_data_dir()?
                    .with_file_name(format!("{}.dev", app.config().identifier)),
                None => app.path().app_data_dir()?,
            };
            // Documents go where people look for them (Documents/Caudal), except when the data
            // folder was named explicitly (tests, a USB install): then beside it.
            let documents_dir = match (std::env::var_os("CAUDAL_DATA_DIR"), app.path().document_dir()) {
                (None, Ok(docs)) => docs.join("Caudal"),
                _ => data_dir.join("documentos"),
            };
            app.manage(state::AppState::new(data_dir, documents_dir, demo, started));
            commands::start_background_round(app.handle().clone());
            Ok(())
        })
        .on_window_event(|window, event| {
            // A verified copy of the ledger every time the window closes.
            if let tauri::WindowEvent::CloseRequested { .. } = event {
                commands::on_close(window.app_handle());
            }
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Caudal no pudo iniciar / could not start: {e}");
            std::process::exit(1);
        });
}
