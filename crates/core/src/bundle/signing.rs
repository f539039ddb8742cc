//! The operator's signing key and minisign signatures (docs/bundle.md "Signatures").
//!
//! Keys are created and stored in minisign's own formats (the secret key encrypted with the
//! passphrase by the minisign crate's scrypt parameters), so that the municipality verifies
//! with the stock `minisign` tool. The secret key box is kept in the ledger's settings, so a
//! backup of the ledger carries it and it never sits unencrypted on disk.
//!
//! Signing is done here rather than by `minisign::sign`, which mixes random noise into each
//! signature: plain Ed25519 (RFC 8032) is deterministic, so the same bundle signed twice gives
//! the same bytes, which is what makes a bundle reproducible. The format is minisign's
//! prehashed one (`ED`: BLAKE2b-512 of the data, then Ed25519), and [`verify`] uses the
//! minisign crate itself, so what we write is checked by an independent implementation.

use crate::error::ErrorCode;
use crate::error::{Error, Result};
use blake2::{Blake2b512, Digest};
use ct_codecs::{Base64, Encoder};
use ed25519_dalek::{Signer, SigningKey};
use minisign::{KeyPair, PublicKey, PublicKeyBox, SecretKeyBox, SignatureBox};
use std::io::Cursor;

/// A passphrase shorter than this is refused: the key signs what the municipality trusts.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// A newly generated key pair, in minisign's text formats.
pub struct NewKey {
    /// `untrusted comment: …` + the encrypted secret key, as minisign writes a `.key` file.
    pub secret_box: String,
    /// What may be published: the public key and its id.
    pub public: PublicInfo,
}

/// What the municipality registers: the public key file and its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct PublicInfo {
    /// The `.pub` file's text (two lines), as `minisign -p` reads it.
    pub public_box: String,
    /// minisign's key id: 16 hex digits, printed by `minisign -V` and in the `.pub` comment.
    pub fingerprint: String,
    /// The key itself in base64 (the second line of the `.pub` file), for `minisign -P`.
    pub base64: String,
}

/// An unlocked secret key, ready to sign.
pub struct UnlockedKey {
    key: SigningKey,
    keynum: [u8; 8],
}

/// A new signing key pair, its secret key sealed with `passphrase`.
pub fn generate(passphrase: &str) -> Result<NewKey> {
    check_passphrase(passphrase)?;
    let pair = KeyPair::generate_encrypted_keypair(Some(passphrase.to_string())).map_err(internal)?;
    let secret_box = pair
        .sk
        .to_box(Some("caudal: clave de firma del operador / operator signing key"))
        .map_err(internal)?
        .into_string();
    let public_box = pair.pk.to_box().map_err(internal)?.into_string();
    Ok(NewKey {
        secret_box,
        public: public_info(&public_box)?,
    })
}

fn check_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::invalid(
            ErrorCode::PassphraseTooShort,
            format!("La frase de paso debe tener al menos {MIN_PASSPHRASE_CHARS} caracteres."),
            format!("The passphrase must have at least {MIN_PASSPHRASE_CHARS} characters."),
        ));
    }
    Ok(())
}

/// Reads a `.pub` file's text (or just its base64 line).
pub fn public_info(text: &str) -> Result<PublicInfo> {
    let pk = parse_public(text)?;
    let public_box = pk.to_box().map_err(internal)?.into_string();
    Ok(PublicInfo {
        fingerprint: key_id(pk.keynum()),
        base64: pk.to_base64(),
        public_box,
    })
}

pub(crate) fn parse_public(text: &str) -> Result<PublicKey> {
    let bad = || {
        Error::invalid(
            ErrorCode::PublicKey,
            "El archivo no contiene una clave pública de minisign.",
            "The file does not hold a minisign public key.",
        )
    };
    let trimmed = text.trim();
    let result = if trimmed.lines().count() >= 2 {
        PublicKeyBox::from_string(trimmed).and_then(PublicKeyBox::into_public_key)
    } else {
        PublicKey::from_base64(trimmed)
    };
    result.map_err(|_| bad())
}

/// Decrypts the stored secret key with the passphrase.
pub fn unlock(secret_box: &str, passphrase: &str) -> Result<UnlockedKey> {
    let sk = SecretKeyBox::from_string(secret_box)
        .and_then(|b| b.into_secret_key(Some(passphrase.to_string())))
        .map_err(|_| {
            Error::invalid(
                ErrorCode::WrongPassphrase,
                "La frase de paso no abre la clave de firma. Revísela (mayúsculas, acentos) e inténtelo otra vez.",
                "The passphrase does not open the signing key. Check it (capitals, accents) and try again.",
            )
        })?;
    // minisign's secret key layout: sig_alg(2) kdf_alg(2) chk_alg(2) salt(32) ops(8) mem(8)
    // keynum(8) sk(64: seed ‖ public key) chk(32).
    let bytes = sk.to_bytes();
    let (keynum, secret) = (&bytes[54..62], &bytes[62..126]);
    let seed: [u8; 32] = secret[..32].try_into().map_err(|_| internal("secret key length"))?;
    let key = SigningKey::from_bytes(&seed);
    if key.verifying_key().as_bytes() != &secret[32..64] {
        return Err(internal("secret key does not match its public half"));
    }
    Ok(UnlockedKey {
        key,
        keynum: keynum.try_into().map_err(|_| internal("key id length"))?,
    })
}

impl UnlockedKey {
    /// A prehashed minisign signature of `data` with `trusted_comment`, as a `.minisig` text.
    pub fn sign(&self, data: &[u8], trusted_comment: &str) -> Result<String> {
        let prehash = Blake2b512::digest(data);
        let sig = self.key.sign(&prehash).to_bytes();
        let mut body = Vec::with_capacity(74);
        body.extend_from_slice(b"ED");
        body.extend_from_slice(&self.keynum);
        body.extend_from_slice(&sig);
        let mut global = Vec::with_capacity(64 + trusted_comment.len());
        global.extend_from_slice(&sig);
        global.extend_from_slice(trusted_comment.as_bytes());
        let global_sig = self.key.sign(&global).to_bytes();
        Ok(format!(
            "untrusted comment: signature from caudal secret key {}\n{}\ntrusted comment: {trusted_comment}\n{}\n",
            key_id(&self.keynum),
            b64(&body)?,
            b64(&global_sig)?
        ))
    }
}

/// Checks a `.minisig` text over `data` with the minisign crate; returns its trusted comment.
pub fn verify(public: &PublicKey, data: &[u8], minisig: &str) -> std::result::Result<String, String> {
    let sig = SignatureBox::from_string(minisig).map_err(|e| format!("unreadable signature: {e}"))?;
    if !sig.is_prehashed() {
        return Err("the signature is not prehashed (ED)".into());
    }
    minisign::verify(public, &sig, Cursor::new(data), true, false, false).map_err(|e| e.to_string())?;
    sig.trusted_comment().map_err(|e| e.to_string())
}

/// minisign prints key ids as the 8 key-id bytes read little-endian, in upper-case hex.
fn key_id(keynum: &[u8]) -> String {
    keynum.iter().rev().map(|b| format!("{b:02X}")).collect()
}

pub(crate) fn b64(bytes: &[u8]) -> Result<String> {
    Base64::encode_to_string(bytes).map_err(|e| internal(e.to_string()))
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("signing: {e}"))
}
