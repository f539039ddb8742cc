//! Writing a PDF of thousands of pages without holding it all in memory: printpdf lays out a
//! chunk of pages at a time, and each chunk's objects are renumbered and written straight to
//! the file; only the page references stay in memory until the page tree and the cross-
//! reference table close the file. A town's 30,000 bills then need the memory of a few chunks.
//!
//! Each chunk embeds its own subset of the fonts (a few tens of kB): the price of never
//! holding the whole document.

use crate::error::{Error, Result};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{PdfDocument, PdfSaveOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const PAGES: u32 = 1;
const CATALOG: u32 = 2;
const INFO: u32 = 3;

/// A PDF being written chunk by chunk into a temporary file beside `path`; [`PdfStream::finish`]
/// completes it and renames it into place, so a failure or a cancel leaves no half file.
pub struct PdfStream {
    out: BufWriter<std::fs::File>,
    path: PathBuf,
    tmp: TempFile,
    written: u64,
    /// Byte offset of each object, by object number (0 unused).
    offsets: Vec<u64>,
    kids: Vec<ObjectId>,
    next_id: u32,
}

/// Turns a printpdf document into PDF objects (fonts subset, pages encoded); the costly half
/// of writing a chunk, safe to run on another thread.
pub fn lay_out(doc: &PdfDocument) -> lopdf::Document {
    let mut warnings = Vec::new();
    doc.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings)
}

impl PdfStream {
    pub fn create(path: &Path) -> Result<PdfStream> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = crate::files::temp_beside(dir, path);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| Error::io(&tmp, e))?;
        let tmp = TempFile(tmp);
        let mut s = PdfStream {
            out: BufWriter::with_capacity(1 << 16, file),
            path: path.to_path_buf(),
            tmp,
            written: 0,
            offsets: vec![0; INFO as usize + 1],
            kids: Vec::new(),
            next_id: INFO + 1,
        };
        // The binary comment tells transfer tools the file is not plain text.
        s.put(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")?;
        Ok(s)
    }

    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.written += bytes.len() as u64;
        self.out.write_all(bytes).map_err(|e| Error::io(&self.tmp.0, e))
    }

    /// Appends the pages of a chunk made by [`lay_out`].
    pub fn append(&mut self, mut lo: lopdf::Document) -> Result<()> {
        lo.renumber_objects_with(self.next_id);
        let root = reference(lo.trailer.get(b"Root").ok()).ok_or_else(|| internal("chunk without catalog"))?;
        let info = reference(lo.trailer.get(b"Info").ok());
        let pages = lo
            .get_dictionary(root)
            .ok()
            .and_then(|c| reference(c.get(b"Pages").ok()))
            .ok_or_else(|| internal("chunk without page tree"))?;
        let kids: Vec<ObjectId> = match lo.get_dictionary(pages).ok().and_then(|p| p.get(b"Kids").ok()) {
            Some(Object::Array(a)) => a.iter().filter_map(|k| reference(Some(k))).collect(),
            _ => return Err(internal("page tree without kids")),
        };
        let objects = std::mem::take(&mut lo.objects);
        for (id, mut object) in objects {
            if id == root || id == pages || Some(id) == info {
                continue;
            }
            if kids.contains(&id)
                && let Object::Dictionary(d) = &mut object
            {
                d.set("Parent", Object::Reference((PAGES, 0)));
            }
            self.object(id.0, &object)?;
        }
        self.next_id = self.next_id.max(lo.max_id + 1);
        self.kids.extend(kids);
        Ok(())
    }

    fn object(&mut self, id: u32, object: &Object) -> Result<()> {
        let index = id as usize;
        if self.offsets.len() <= index {
            self.offsets.resize(index + 1, 0);
        }
        self.offsets[index] = self.written;
        let mut buf = Vec::with_capacity(256);
        writeln!(buf, "{id} 0 obj").map_err(|e| internal(e.to_string()))?;
        serialize(&mut buf, object);
        buf.extend_from_slice(b"\nendobj\n");
        self.put(&buf)
    }

    /// Writes the page tree, catalog, document info, cross-reference table and trailer, then
    /// syncs and renames the file into place.
    pub fn finish(mut self, title: &str) -> Result<()> {
        let kids = Object::Array(self.kids.iter().map(|&k| Object::Reference(k)).collect());
        let mut pages = Dictionary::new();
        pages.set("Type", Object::Name(b"Pages".to_vec()));
        pages.set("Count", Object::Integer(self.kids.len() as i64));
        pages.set("Kids", kids);
        self.object(PAGES, &Object::Dictionary(pages))?;
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference((PAGES, 0)));
        self.object(CATALOG, &Object::Dictionary(catalog))?;
        let mut info = Dictionary::new();
        info.set("Title", Object::String(utf16(title), StringFormat::Hexadecimal));
        info.set(
            "Producer",
            Object::String(
                format!("Caudal {}", env!("CARGO_PKG_VERSION")).into_bytes(),
                StringFormat::Literal,
            ),
        );
        self.object(INFO, &Object::Dictionary(info))?;
        let xref = self.written;
        let n = self.offsets.len();
        let mut table = format!("xref\n0 {n}\n0000000000 65535 f \n");
        for &offset in &self.offsets[1..] {
            // Numbers printpdf skipped are listed free, so the table stays one section.
            if offset == 0 {
                table.push_str("0000000000 65535 f \n");
            } else {
                table.push_str(&format!("{offset:010} 00000 n \n"));
            }
        }
        table.push_str(&format!(
            "trailer\n<< /Size {n} /Root {CATALOG} 0 R /Info {INFO} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        ));
        self.put(table.as_bytes())?;
        let file = self
            .out
            .into_inner()
            .map_err(|e| Error::io(&self.tmp.0, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&self.tmp.0, e))?;
        std::fs::rename(&self.tmp.0, &self.path).map_err(|e| Error::io(&self.path, e))
    }
}

/// The temporary file, removed when the stream is dropped unfinished (an error or a cancel).
/// After a successful finish it has been renamed, and the removal finds nothing.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn reference(o: Option<&Object>) -> Option<ObjectId> {
    match o {
        Some(Object::Reference(id)) => Some(*id),
        _ => None,
    }
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("pdf: {e}"))
}

/// A text string as PDF wants it for metadata: UTF-16BE with its byte-order mark.
fn utf16(s: &str) -> Vec<u8> {
    let mut v = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        v.extend_from_slice(&unit.to_be_bytes());
    }
    v
}

/// PDF syntax for one object (ISO 32000-1 §7.3).
fn serialize(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(real(*r).as_bytes()),
        Object::Name(n) => name(out, n),
        Object::String(s, _) => {
            // Always hexadecimal: no escaping rules to get wrong.
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::Array(a) => {
            out.push(b'[');
            for (i, o) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                serialize(out, o);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d),
        Object::Stream(s) => {
            let mut dict = s.dict.clone();
            // Deflate at the fast level: a bill's page is short and repetitive, and the best
            // level spent a third of the time for a few percent of size.
            let compressed = (s.allows_compression && !dict.has(b"Filter")).then(|| {
                let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(3));
                z.write_all(&s.content).and_then(|()| z.finish()).ok()
            });
            let content = match compressed.flatten() {
                Some(c) => {
                    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                    c
                }
                None => s.content.clone(),
            };
            dict.set("Length", Object::Integer(content.len() as i64));
            dictionary(out, &dict);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => out.extend_from_slice(format!("{id} {generation} R").as_bytes()),
    }
}

fn dictionary(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in d.iter() {
        name(out, key);
        out.push(b' ');
        serialize(out, value);
        out.push(b' ');
    }
    out.extend_from_slice(b">>");
}

fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        let regular = b.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&b);
        if regular {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

/// A real number without exponent, trimmed: 12.5, 0.333333, -3.
fn real(r: f32) -> String {
    if !r.is_finite() {
        return "0".into();
    }
    let s = format!("{r:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" || s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}
