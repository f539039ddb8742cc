//! One delivery: a bundle copied to a folder or sent over HTTPS, checked on arrival, and a
//! failure kept as a sentence the clerk can read.

use super::*;

/// A failed attempt's reason as the ledger keeps it: both languages, as JSON.
pub(super) fn kept_error(e: &Text) -> String {
    serde_json::to_string(e).unwrap_or_else(|_| e.en.clone())
}

/// A kept reason read back; one written before reasons were kept in both languages is shown
/// as it was.
pub(super) fn stored_error(kept: &str) -> Text {
    serde_json::from_str(kept).unwrap_or_else(|_| Text::new(kept, kept))
}

/// What went wrong with a request, in words a clerk can act on (the library's own words are
/// English and technical).
pub(super) fn link_error(name: &str, e: &ureq::Error) -> Text {
    use ureq::Error as E;
    let (es, en) = match e {
        E::Timeout(_) => (
            "la conexión se quedó sin respuesta; se reintentará",
            "the connection stopped answering; it will be retried",
        ),
        E::HostNotFound => (
            "no se encontró el servidor (¿sin internet, o la dirección está mal escrita?)",
            "the server was not found (no internet, or a mistyped address?)",
        ),
        E::ConnectionFailed => (
            "el servidor no aceptó la conexión",
            "the server did not accept the connection",
        ),
        E::Tls(_) | E::Rustls(_) => (
            "la conexión segura falló (el certificado del servidor no es válido)",
            "the secure connection failed (the server's certificate is not valid)",
        ),
        E::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => (
            "el servidor no aceptó la conexión",
            "the server did not accept the connection",
        ),
        E::Io(_) => (
            "la conexión se cortó durante el envío",
            "the connection broke off during the upload",
        ),
        _ => ("el envío falló", "the upload failed"),
    };
    Text::new(format!("{name}: {es}"), format!("{name}: {en}"))
}

/// One attempt to put both files at a target. The error is a sentence for the outbox screen.
pub(super) fn send(
    d: &Due,
    secret: Option<&str>,
    zip: &[u8],
    minisig: &[u8],
    timeout: std::time::Duration,
) -> std::result::Result<(), Text> {
    let files = [
        (format!("{}.zip", d.bundle), zip),
        (format!("{}.zip.minisig", d.bundle), minisig),
    ];
    match d.kind.as_str() {
        "folder" => {
            let dir = Path::new(&d.location);
            if !dir.is_dir() {
                return Err(Text::new(
                    format!(
                        "la carpeta {} no está disponible (¿memoria USB sin conectar?)",
                        d.location
                    ),
                    format!("the folder {} is not available (USB stick not plugged in?)", d.location),
                ));
            }
            for (name, bytes) in &files {
                copy_and_check(&dir.join(name), bytes)?;
            }
            Ok(())
        }
        _ => {
            // Connecting has its deadline; after it, only a link silent for as long fails the
            // attempt, however long the whole upload takes.
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .timeout_resolve(Some(timeout))
                .timeout_connect(Some(timeout))
                .timeout_per_read(Some(timeout))
                .timeout_per_write(Some(timeout))
                .http_status_as_error(false)
                .max_redirects(0)
                .build()
                .into();
            for (name, bytes) in &files {
                let url = format!("{}/{name}", d.location.trim_end_matches('/'));
                let mut req = agent.put(&url).header("Content-Type", "application/octet-stream");
                match (d.auth.as_str(), secret) {
                    ("basic", Some(p)) => {
                        let pair = format!("{}:{p}", d.username.as_deref().unwrap_or(""));
                        let encoded = super::super::signing::b64(pair.as_bytes())
                            .map_err(|e| Text::new(e.message(crate::Lang::Es), e.message(crate::Lang::En)))?;
                        req = req.header("Authorization", format!("Basic {encoded}"));
                    }
                    ("token", Some(t)) => req = req.header("Authorization", format!("Bearer {t}")),
                    _ => {}
                }
                let response = req.send(*bytes).map_err(|e| link_error(name, &e))?;
                let status = response.status().as_u16();
                if !(200..300).contains(&status) {
                    let (es, en) = match status {
                        401 | 403 => (
                            "el servidor no aceptó el usuario o la clave",
                            "the server refused the user or password",
                        ),
                        404 => (
                            "la dirección no existe en el servidor",
                            "the address does not exist on the server",
                        ),
                        _ => ("el servidor no lo aceptó", "the server did not accept it"),
                    };
                    return Err(Text::new(
                        format!("{name}: {es} (HTTP {status})"),
                        format!("{name}: {en} (HTTP {status})"),
                    ));
                }
            }
            Ok(())
        }
    }
}

/// Writes a copy beside its final name, syncs, renames, then reads it back and compares hashes.
pub(super) fn copy_and_check(path: &Path, bytes: &[u8]) -> std::result::Result<(), Text> {
    let io = |e: Error| Text::new(e.message(crate::Lang::Es), e.message(crate::Lang::En));
    crate::files::write_atomically(path, bytes).map_err(io)?;
    let back = std::fs::read(path).map_err(|e| io(Error::io(path, e)))?;
    if sha256_hex(&back) != sha256_hex(bytes) {
        return Err(Text::new(
            format!("{}: la copia releída no es igual al paquete", path.display()),
            format!("{}: the copy read back differs from the bundle", path.display()),
        ));
    }
    Ok(())
}
