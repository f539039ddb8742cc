//! The bag itself (RFC 8493) and its deterministic zip: the tag files, the manifests, the inner
//! signature, entries in sorted order with fixed timestamps and permissions, deflated. The
//! same inputs always give the same bytes.

use super::payload::PayloadFile;
use super::signing::UnlockedKey;
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// The bag's declaration (`bagit.txt`).
pub const BAGIT_TXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
/// The signature's file name: the signed tag manifest.
pub const TAG_SIGNATURE: &str = "tagmanifest-sha256.txt.minisig";
/// Every file a bag has besides its payload.
pub const TAG_FILES: &[&str] = &[
    "bag-info.txt",
    "bagit.txt",
    "manifest-sha256.txt",
    "tagmanifest-sha256.txt",
    TAG_SIGNATURE,
];

/// What bag-info.txt says beyond what the payload itself determines.
pub struct BagInfo<'a> {
    /// The bag's identifier (the bundle's name).
    pub id: &'a str,
    /// The operator.
    pub organization: &'a str,
    /// What the bag holds, in a sentence.
    pub description: &'a str,
    /// The day it was bagged.
    pub bagging_date: &'a str,
    /// The month it reports.
    pub period: &'a str,
    /// The head of the ledger's chain when it was made.
    pub ledger_head: &'a str,
    /// The previous bundle's ID and the sha256 of its zip, if there is one.
    pub previous: Option<(&'a str, &'a str)>,
}

/// The SHA-256 of `bytes`, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// `bytes` in lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The text of manifest-sha256.txt: one `<sha256>  data/<file>` line per payload file, LF.
pub fn manifest(payload: &[PayloadFile]) -> String {
    payload
        .iter()
        .map(|f| format!("{}  {}\n", sha256_hex(&f.bytes), f.path))
        .collect()
}

/// `<total octets>.<file count>` of the payload.
pub fn payload_oxum(payload: &[PayloadFile]) -> String {
    let octets: usize = payload.iter().map(|f| f.bytes.len()).sum();
    format!("{octets}.{}", payload.len())
}

/// A tag value on one line: bag-info.txt has no room for line breaks.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `bag-info.txt` of a bundle with `payload`.
pub fn bag_info(info: &BagInfo<'_>, payload: &[PayloadFile]) -> String {
    let previous = match info.previous {
        Some((id, sha)) => format!("{id} sha256:{sha}"),
        None => "none".into(),
    };
    format!(
        "Source-Organization: {}\nExternal-Identifier: {}\nExternal-Description: {}\nBagging-Date: {}\n\
         Payload-Oxum: {}\nBag-Software-Agent: caudal {}\nCaudal-Period: {}\nCaudal-Ledger-Head: {}\n\
         Caudal-Previous-Bundle: {}\n",
        one_line(info.organization),
        info.id,
        one_line(info.description),
        info.bagging_date,
        payload_oxum(payload),
        env!("CARGO_PKG_VERSION"),
        info.period,
        info.ledger_head,
        previous
    )
}

/// Builds the zip of the bag: `<ID>/` + tag files, the inner signature and `data/`.
pub fn build_zip(info: &BagInfo<'_>, payload: &[PayloadFile], key: &UnlockedKey) -> Result<Vec<u8>> {
    let bag_info = bag_info(info, payload);
    let manifest = manifest(payload);
    let tagmanifest: String = [
        ("bag-info.txt", bag_info.as_bytes()),
        ("bagit.txt", BAGIT_TXT.as_bytes()),
        ("manifest-sha256.txt", manifest.as_bytes()),
    ]
    .iter()
    .map(|(name, bytes)| format!("{}  {name}\n", sha256_hex(bytes)))
    .collect();
    let tag_signature = key.sign(
        tagmanifest.as_bytes(),
        &format!("bundle:{}\tfile:tagmanifest-sha256.txt", info.id),
    )?;
    let mut entries: Vec<(String, &[u8])> = vec![
        ("bag-info.txt".into(), bag_info.as_bytes()),
        ("bagit.txt".into(), BAGIT_TXT.as_bytes()),
        ("manifest-sha256.txt".into(), manifest.as_bytes()),
        ("tagmanifest-sha256.txt".into(), tagmanifest.as_bytes()),
        (TAG_SIGNATURE.into(), tag_signature.as_bytes()),
    ];
    entries.extend(payload.iter().map(|f| (f.path.clone(), f.bytes.as_slice())));
    entries.sort_by(|a, b| a.0.cmp(&b.0));

    let fixed_time = DateTime::from_date_and_time(1980, 1, 1, 0, 0, 0).map_err(zip_error)?;
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(fixed_time)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(format!("{}/{name}", info.id), options)
            .map_err(zip_error)?;
        zip.write_all(bytes).map_err(|e| zip_error(e.to_string()))?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}

/// Every entry of a zip, by name, as bytes; an unreadable zip says why.
pub fn read_zip(bytes: &[u8]) -> std::result::Result<Vec<(String, Vec<u8>)>, String> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| e.to_string())?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().map_err(|e| e.to_string())?.into_owned();
        let mut content = Vec::new();
        file.read_to_end(&mut content).map_err(|e| format!("{name}: {e}"))?;
        out.push((name, content));
    }
    Ok(out)
}

fn zip_error(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("zip: {e}"))
}
