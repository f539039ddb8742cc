//! The passwords and tokens of delivery targets, never kept in the ledger as typed. Each is
//! sealed (ChaCha20-Poly1305) with a key kept outside the ledger, in a file beside it that only
//! its owner may read. A backup, a copy of the ledger on a USB stick or a bundle never carries
//! that file, so none of them reveals a municipal server's password; whoever holds both the
//! ledger and the key file on this laptop can still read it, which is what lets the background
//! sender work without asking.

use crate::error::{Error, Result, Text};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use ct_codecs::{Base64, Decoder, Encoder};
use std::path::{Path, PathBuf};

/// What a sealed secret starts with (a secret stored before sealing has no prefix).
const PREFIX: &str = "sealed1:";

/// The key file of the ledger at `ledger`.
pub(crate) fn key_path(ledger: &Path) -> PathBuf {
    let name = ledger
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    ledger.with_file_name(format!("{name}-secrets.key"))
}

/// The key of the ledger at `ledger` (`None`: a ledger in memory, whose key lives as long as
/// the process), made on first use.
fn key(ledger: Option<&Path>) -> Result<Key> {
    let Some(ledger) = ledger else {
        static MEMORY: std::sync::OnceLock<Key> = std::sync::OnceLock::new();
        return Ok(*MEMORY.get_or_init(|| ChaCha20Poly1305::generate_key(&mut OsRng)));
    };
    let path = key_path(ledger);
    match std::fs::read(&path) {
        Ok(bytes) if bytes.len() == 32 => Ok(*Key::from_slice(&bytes)),
        Ok(_) => Err(Error::Ledger(Text::new(
            format!(
                "El archivo de claves {} está dañado; vuelva a agregar los destinos con su contraseña.",
                path.display()
            ),
            format!(
                "The key file {} is damaged; add the targets again with their passwords.",
                path.display()
            ),
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = ChaCha20Poly1305::generate_key(&mut OsRng);
            write_private(&path, key.as_slice())?;
            Ok(key)
        }
        Err(e) => Err(Error::io(&path, e)),
    }
}

/// Writes the key readable by its owner only, whole or not at all.
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path).map_err(|e| Error::io(path, e))?;
    f.write_all(bytes).and_then(|()| f.sync_all()).map_err(|e| {
        let _ = std::fs::remove_file(path);
        Error::io(path, e)
    })
}

/// A secret as the ledger keeps it.
pub(crate) fn seal(ledger: Option<&Path>, secret: &str) -> Result<String> {
    let cipher = ChaCha20Poly1305::new(&key(ledger)?);
    let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
    let sealed = cipher
        .encrypt(&nonce, secret.as_bytes())
        .map_err(|_| Error::Internal("sealing a secret failed".into()))?;
    let mut bytes = nonce.to_vec();
    bytes.extend_from_slice(&sealed);
    let text = Base64::encode_to_string(&bytes).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(format!("{PREFIX}{text}"))
}

/// Whether a kept secret is sealed already.
pub(crate) fn is_sealed(kept: &str) -> bool {
    kept.starts_with(PREFIX)
}

/// The secret a kept one seals; one kept before sealing is read as it was.
pub(crate) fn open(ledger: Option<&Path>, kept: &str) -> std::result::Result<String, Text> {
    let Some(text) = kept.strip_prefix(PREFIX) else {
        return Ok(kept.to_string());
    };
    let elsewhere = || {
        Text::new(
            "la contraseña de este destino se guardó con la clave de otra computadora o de un archivo de claves perdido: quite el destino y agréguelo de nuevo con su contraseña",
            "this target's password was kept with the key of another computer or of a lost key file: remove the target and add it again with its password",
        )
    };
    let bytes = Base64::decode_to_vec(text, None).map_err(|_| elsewhere())?;
    if bytes.len() < 12 {
        return Err(elsewhere());
    }
    let key = key(ledger).map_err(|e| Text::new(e.message(crate::Lang::Es), e.message(crate::Lang::En)))?;
    let (nonce, sealed) = bytes.split_at(12);
    let plain = ChaCha20Poly1305::new(&key)
        .decrypt(Nonce::from_slice(nonce), sealed)
        .map_err(|_| elsewhere())?;
    String::from_utf8(plain).map_err(|_| elsewhere())
}
