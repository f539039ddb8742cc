//! How a link is written and hashed: a record's fields as one unambiguous content, the link
//! formats (fields joined by `|` before ledger version 10, a JSON array since) and the hash
//! that covers the previous link, the kind and the content.

use super::*;

/// The version of the query that sealed `content` (untagged contents are version 1).
pub(super) fn version_of(content: &str) -> usize {
    content
        .strip_prefix('v')
        .and_then(|rest| rest.split_once(':'))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or(1)
}

/// How a link's content is written. Links made before ledger version 10 joined some kinds'
/// fields with `|`, which names and addresses may contain (two different records could seal
/// the same text); every link since writes its fields as a JSON array and says so in its hash.
pub const FORMAT: i64 = 2;

/// The kinds whose links before [`FORMAT`] 2 joined their fields with `|`.
pub(super) const PIPE_JOINED: &[&str] = &[
    "bill",
    "payment",
    "note",
    "service_event",
    "fund_spending",
    "operator_entry",
    "month_close",
];

/// A record's fields as its content: a JSON array of strings, unambiguous whatever they hold.
/// Written straight into one string (a billing run seals thousands of records).
pub struct Fields(String);

impl Default for Fields {
    fn default() -> Fields {
        Fields::new()
    }
}

impl Fields {
    /// An empty list of fields.
    pub fn new() -> Fields {
        let mut s = String::with_capacity(256);
        s.push('[');
        Fields(s)
    }

    /// Adds one field, written as text.
    pub fn push(&mut self, value: impl std::fmt::Display) -> &mut Fields {
        use std::fmt::Write;
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.0.push('"');
        // Writing to a String cannot fail.
        let _ = write!(Escaped(&mut self.0), "{value}");
        self.0.push('"');
        self
    }

    /// The content: the fields as a JSON array of strings.
    pub fn done(mut self) -> String {
        self.0.push(']');
        self.0
    }
}

/// Writes text as the inside of a JSON string.
pub(super) struct Escaped<'a>(&'a mut String);

impl std::fmt::Write for Escaped<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        for c in s.chars() {
            match c {
                '"' => self.0.push_str("\\\""),
                '\\' => self.0.push_str("\\\\"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(self.0, "\\u{:04x}", c as u32);
                }
                c => self.0.push(c),
            }
        }
        Ok(())
    }
}

/// [`Fields`] of a list of strings.
pub fn fields(parts: &[String]) -> String {
    let mut f = Fields::new();
    for p in parts {
        f.push(p);
    }
    f.done()
}

/// The content a link of `format` sealed for a record whose content is `content` now.
pub(super) fn as_sealed(kind: &str, format: i64, content: String) -> String {
    if format >= FORMAT || !PIPE_JOINED.contains(&kind) {
        return content;
    }
    match serde_json::from_str::<Vec<String>>(&content) {
        Ok(parts) => parts.join("|"),
        Err(_) => content,
    }
}

/// A link's hash in its format: format 2 names itself in what it covers, so a link cannot be
/// passed off as one of the older format.
pub(super) fn link_hash_as(format: i64, prev: &str, kind: &str, content: &str) -> String {
    if format < FORMAT {
        return link_hash(prev, kind, content);
    }
    // What link_hash covers, with the format after the kind: prev \n kind \n format=2 \n content.
    let mut h = Sha256::new();
    for part in [
        prev.as_bytes(),
        b"\n",
        kind.as_bytes(),
        b"\nformat=",
        format.to_string().as_bytes(),
        b"\n",
    ] {
        h.update(part);
    }
    h.update(content.as_bytes());
    hex(&h.finalize())
}

/// The hash of a link of today's format, after `prev`, of `kind` with `content`.
pub fn link_hash(prev: &str, kind: &str, content: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(kind.as_bytes());
    h.update(b"\n");
    h.update(content.as_bytes());
    hex(&h.finalize())
}

pub(super) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}
