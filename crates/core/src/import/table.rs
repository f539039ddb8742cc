//! Reading an input file into header + rows, whatever the spreadsheet program wrote: CSV with
//! `,` or `;`, UTF-8 (with or without BOM) or Windows-1252, or the first sheet of an XLSX.

use crate::error::ErrorCode;
use crate::error::{Error, Result, Text};
use crate::text::normalize_key;
use std::path::Path;

/// A column an import reads: its English name and its Spanish aliases.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The column's name in Caudal's files.
    pub name: &'static str,
    /// Other names people's files give it (Spanish, older exports).
    pub aliases: &'static [&'static str],
    /// Whether a file must have it.
    pub required: bool,
}

/// One row of a file.
#[derive(Debug, Clone)]
pub struct Row {
    /// The line in the file (the header is line 1), as a spreadsheet would show it.
    pub line: u64,
    /// Its cells, in the file's order.
    pub fields: Vec<String>,
}

impl Row {
    /// The trimmed value of a resolved column ("" when the column is absent or the row short).
    pub fn get(&self, col: Option<usize>) -> &str {
        col.and_then(|i| self.fields.get(i)).map(|s| s.trim()).unwrap_or("")
    }
}

/// A file read into rows, whatever its encoding, separator or format.
#[derive(Debug, Clone)]
pub struct Table {
    /// Its headers, as written.
    pub headers: Vec<String>,
    /// Its rows that are not empty.
    pub rows: Vec<Row>,
    /// How many empty rows it had.
    pub empty_rows: u64,
    /// How the file was written, so that what Caudal writes back for it (the rejected rows)
    /// opens in the same spreadsheet the same way.
    pub convention: Convention,
}

/// A CSV's separator, encoding and line ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Convention {
    /// The separator (`,` or `;`).
    pub separator: u8,
    /// The encoding.
    pub encoding: Encoding,
    /// Whether lines end with CR LF.
    pub crlf: bool,
}

/// A text encoding a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8.
    Utf8,
    /// UTF-8 with its byte-order mark, which Excel needs to read it as UTF-8.
    Utf8Bom,
    /// What Excel on a Spanish Windows writes for "CSV".
    Windows1252,
}

impl Default for Convention {
    /// What a spreadsheet opens correctly whatever its locale: UTF-8 with its mark, CRLF (the
    /// bundle's files are written so too), for a file that had no convention of its own (XLSX).
    fn default() -> Convention {
        Convention {
            separator: b',',
            encoding: Encoding::Utf8Bom,
            crlf: true,
        }
    }
}

impl Convention {
    fn of(bytes: &[u8], separator: u8) -> Convention {
        let encoding = if bytes.starts_with(b"\xEF\xBB\xBF") {
            Encoding::Utf8Bom
        } else if std::str::from_utf8(bytes).is_ok() {
            Encoding::Utf8
        } else {
            Encoding::Windows1252
        };
        Convention {
            separator,
            encoding,
            crlf: bytes.windows(2).any(|w| w == b"\r\n"),
        }
    }

    /// `text` as a file of this convention: its encoding (a character Windows-1252 lacks is
    /// written as `?`, which only Caudal's own words could hold) and its byte-order mark.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        match self.encoding {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            Encoding::Windows1252 => text
                .chars()
                .flat_map(|c| {
                    let mut buf = [0u8; 4];
                    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
                    if unmappable { vec![b'?'] } else { bytes.into_owned() }
                })
                .collect(),
        }
    }
}

impl Table {
    /// Reads a CSV file, or the first sheet of an XLSX when `allow_xlsx` and the name ends in
    /// `.xlsx`.
    pub fn read(path: &Path, allow_xlsx: bool) -> Result<Table> {
        let is_xlsx = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        if is_xlsx {
            if !allow_xlsx {
                return Err(Error::invalid(
                    ErrorCode::Format,
                    "Esta importación lee archivos CSV; guarde la hoja como CSV.",
                    "This import reads CSV files; save the sheet as CSV.",
                ));
            }
            return read_xlsx(path);
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Table::from_csv_bytes(&bytes)
    }

    /// Reads a CSV in whatever encoding and separator it was written with.
    pub fn from_csv_bytes(bytes: &[u8]) -> Result<Table> {
        if let Some(problem) = not_text(bytes) {
            return Err(problem);
        }
        let text = decode(bytes)?;
        let separator = detect_separator(&text);
        if let Some(line) = unclosed_quote(&text, separator) {
            return Err(Error::invalid(
                ErrorCode::CsvSyntax,
                format!(
                    "La fila {line} abre unas comillas que no se cierran hasta el final del archivo: ciérrelas o quítelas. No se importó nada."
                ),
                format!(
                    "Row {line} opens a quote that is not closed before the end of the file: close it or remove it. Nothing was imported."
                ),
            ));
        }
        let convention = Convention::of(bytes, separator);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut built = Builder::default();
        let mut lines = LineCounter::default();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e
                    .position()
                    .map_or(0, |p| LineCounter::default().line_at(&text, p.byte() as usize));
                Error::invalid(
                    ErrorCode::CsvSyntax,
                    format!("El archivo no es un CSV legible cerca de la fila {line} (¿unas comillas sin cerrar?)."),
                    format!("The file is not readable CSV near row {line} (an unclosed quote?)."),
                )
            })?;
            let line = record.position().map_or(0, |p| lines.line_at(&text, p.byte() as usize));
            let fields: Vec<String> = record.iter().map(str::to_string).collect();
            built.push(line, fields);
        }
        let mut table = built.finish()?;
        table.convention = convention;
        Ok(table)
    }

    /// Maps each wanted column to its position in the file. A missing required column or a
    /// column named twice fails the whole file; unknown columns are returned to be reported.
    pub fn resolve(&self, columns: &[Column]) -> Result<(Vec<Option<usize>>, Vec<String>)> {
        let keys: Vec<String> = self.headers.iter().map(|h| normalize_key(h)).collect();
        let mut found = vec![None; columns.len()];
        let mut used = vec![false; keys.len()];
        for (ci, col) in columns.iter().enumerate() {
            for (hi, key) in keys.iter().enumerate() {
                if key == col.name || col.aliases.contains(&key.as_str()) {
                    if let Some(prev) = found[ci] {
                        return Err(Error::invalid(
                            ErrorCode::DuplicateColumn,
                            format!(
                                "Las columnas «{}» y «{}» dicen lo mismo ({}); deje solo una.",
                                self.headers[prev], self.headers[hi], col.name
                            ),
                            format!(
                                "Columns «{}» and «{}» mean the same ({}); keep only one.",
                                self.headers[prev], self.headers[hi], col.name
                            ),
                        ));
                    }
                    found[ci] = Some(hi);
                    used[hi] = true;
                }
            }
        }
        let missing: Vec<String> = columns
            .iter()
            .zip(&found)
            .filter(|(c, f)| c.required && f.is_none())
            .map(|(c, _)| match c.aliases.first() {
                Some(alias) => format!("{} ({alias})", c.name),
                None => c.name.to_string(),
            })
            .collect();
        if !missing.is_empty() {
            return Err(Error::invalid(
                ErrorCode::MissingColumn,
                format!(
                    "Faltan columnas obligatorias en la primera fila: {}.",
                    missing.join(", ")
                ),
                format!(
                    "Required columns are missing from the first row: {}.",
                    missing.join(", ")
                ),
            ));
        }
        let ignored = self
            .headers
            .iter()
            .zip(&used)
            .filter(|(h, u)| !**u && !h.trim().is_empty())
            .map(|(h, _)| h.trim().to_string())
            .collect();
        Ok((found, ignored))
    }

    /// The name the file gives to wanted column `i` (as typed in its first row), or the
    /// column's own name when the file lacks it: what a row error names.
    pub fn label(&self, cols: &[Option<usize>], columns: &[Column], i: usize) -> String {
        cols[i]
            .map(|h| self.headers[h].trim().to_string())
            .unwrap_or_else(|| columns[i].name.to_string())
    }

    /// The decimal mark the numbers of column `col` show, read from all its values: what
    /// decides a value such as `1,250` that alone could be thousands or decimals. The file's
    /// field separator says nothing about it (docs/formats.md, "Numbers").
    pub fn mark(&self, col: Option<usize>) -> Option<crate::number::Mark> {
        crate::number::Mark::of_column(self.rows.iter().map(|r| r.get(col)))
    }

    /// A row whose count of cells differs from the header's: its values cannot be placed
    /// (one cell missing would move every later value a column, or read a required `desague`
    /// as empty). Trailing empty cells beyond the header are what spreadsheets write, not a
    /// difference.
    pub fn cell_count_problem(&self, row: &Row) -> Option<Text> {
        let extra = row.fields.iter().skip(self.headers.len()).any(|f| !f.trim().is_empty());
        let short = row.fields.len() < self.headers.len();
        (extra || short).then(|| {
            Text::new(
                format!(
                    "tiene {} valores y la primera fila {} columnas; revise que no falte ni sobre un separador",
                    row.fields.len(),
                    self.headers.len()
                ),
                format!(
                    "has {} values but the first row {} columns; check that no separator is missing or extra",
                    row.fields.len(),
                    self.headers.len()
                ),
            )
        })
    }
}

/// Collects rows as a file is read: the first row with anything in it is the header; later
/// rows with nothing in them are counted, not kept.
#[derive(Default)]
struct Builder {
    headers: Option<Vec<String>>,
    rows: Vec<Row>,
    empty_rows: u64,
}

impl Builder {
    fn push(&mut self, line: u64, fields: Vec<String>) {
        if fields.iter().all(|f| f.trim().is_empty()) {
            if self.headers.is_some() {
                self.empty_rows += 1;
            }
        } else if self.headers.is_none() {
            self.headers = Some(fields);
        } else {
            self.rows.push(Row { line, fields });
        }
    }

    fn finish(self) -> Result<Table> {
        let headers = self.headers.ok_or_else(empty_file)?;
        Ok(Table {
            headers,
            rows: self.rows,
            empty_rows: self.empty_rows,
            convention: Convention::default(),
        })
    }
}

fn empty_file() -> Error {
    Error::invalid(
        ErrorCode::EmptyFile,
        "El archivo está vacío: falta la fila de títulos de columna.",
        "The file is empty: the row of column names is missing.",
    )
}

/// What a file that is not CSV text is, named, rather than the columns it seems to lack: a
/// spreadsheet saved in its own format, a file in UTF-16, anything else that is not text.
fn not_text(bytes: &[u8]) -> Option<Error> {
    let head = &bytes[..bytes.len().min(4096)];
    let (es, en) = if head.starts_with(b"PK\x03\x04") {
        (
            "El archivo es un libro de Excel (XLSX) o un ZIP, no un CSV, aunque su nombre termine en .csv. Ábralo en la hoja de cálculo y guárdelo como «CSV UTF-8 (delimitado por comas)»; nada se importó.",
            "The file is an Excel workbook (XLSX) or a ZIP, not a CSV, although its name ends in .csv. Open it in the spreadsheet and save it as «CSV UTF-8 (comma delimited)»; nothing was imported.",
        )
    } else if head.starts_with(b"\xD0\xCF\x11\xE0") {
        (
            "El archivo es un libro de Excel antiguo (XLS), no un CSV. Ábralo en la hoja de cálculo y guárdelo como «CSV UTF-8 (delimitado por comas)»; nada se importó.",
            "The file is an old Excel workbook (XLS), not a CSV. Open it in the spreadsheet and save it as «CSV UTF-8 (comma delimited)»; nothing was imported.",
        )
    } else if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") || utf16_without_bom(head) {
        (
            "El archivo está en UTF-16 («Texto Unicode»), que esta importación no lee. Guárdelo como «CSV UTF-8 (delimitado por comas)»; nada se importó.",
            "The file is in UTF-16 («Unicode Text»), which this import does not read. Save it as «CSV UTF-8 (comma delimited)»; nothing was imported.",
        )
    } else if head.starts_with(b"%PDF") {
        (
            "El archivo es un PDF, no un CSV; elija el CSV que guardó la hoja de cálculo. Nada se importó.",
            "The file is a PDF, not a CSV; choose the CSV the spreadsheet saved. Nothing was imported.",
        )
    } else if head.contains(&0) {
        (
            "El archivo no es texto (tiene bytes nulos): no es un CSV. Elija el CSV que guardó la hoja de cálculo; nada se importó.",
            "The file is not text (it holds null bytes): it is not a CSV. Choose the CSV the spreadsheet saved; nothing was imported.",
        )
    } else {
        return None;
    };
    Some(Error::invalid(ErrorCode::NotCsv, es, en))
}

/// Text in UTF-16 without its mark: every other byte is a zero in a run of ASCII.
fn utf16_without_bom(head: &[u8]) -> bool {
    let pairs = head.len() / 2;
    pairs >= 4 && {
        let zeros_even = head.iter().step_by(2).filter(|b| **b == 0).count();
        let zeros_odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        zeros_even.max(zeros_odd) * 10 >= pairs * 9
    }
}

/// UTF-8 (BOM stripped) when the bytes are valid UTF-8; Windows-1252, which is what Excel on a
/// Spanish Windows writes for "CSV", when no accented letter of the file is written as UTF-8.
/// A file with both (one pasted line from another program) is refused, naming the first line
/// that is not UTF-8: decoding it whole either way would turn every «José» into «JosÃ©».
pub(crate) fn decode(bytes: &[u8]) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_bad = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok(s.to_string()),
        Err(e) => e.valid_up_to(),
    };
    if has_utf8_letters(bytes) {
        let line = bytes[..first_bad].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(Error::invalid(
            ErrorCode::Encoding,
            format!(
                "El archivo mezcla dos codificaciones: está en UTF-8, pero la fila {line} tiene letras en otra (Windows-1252). Corrija esa fila (o guarde el archivo de nuevo como «CSV UTF-8»); nada se importó."
            ),
            format!(
                "The file mixes two encodings: it is UTF-8, but row {line} has letters in another (Windows-1252). Fix that row (or save the file again as «CSV UTF-8»); nothing was imported."
            ),
        ));
    }
    Ok(encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned())
}

/// Whether the bytes hold an accented letter written as UTF-8 (a two-byte sequence of the
/// Latin-1 range, as «é» is C3 A9): evidence that the file was meant as UTF-8.
fn has_utf8_letters(bytes: &[u8]) -> bool {
    bytes
        .windows(2)
        .any(|w| matches!(w[0], 0xC2..=0xC3) && (0x80..=0xBF).contains(&w[1]))
}

/// The line a record starts on. The csv crate's own line count drifts on CRLF files and
/// skips blank lines, so count newlines up to the record's byte offset (stepping over the line
/// breaks it may point into), carrying the count from one record to the next.
#[derive(Default)]
struct LineCounter {
    byte: usize,
    line: u64,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, byte: usize) -> u64 {
        let bytes = text.as_bytes();
        let mut start = byte.min(bytes.len());
        while start < bytes.len() && (bytes[start] == b'\r' || bytes[start] == b'\n') {
            start += 1;
        }
        if start < self.byte {
            *self = LineCounter::default();
        }
        self.line += bytes[self.byte..start].iter().filter(|&&b| b == b'\n').count() as u64;
        self.byte = start;
        self.line + 1
    }
}

/// The line where a quoted cell opens and never closes, read as the CSV reader reads: a quote
/// opens a cell only at its start (`1/2"` inside a cell is a character), `""` inside a quoted
/// cell is one quote. Unclosed, the reader would swallow every later row into that cell, and
/// the clerk would be told of a count of cells or a control character instead.
fn unclosed_quote(text: &str, separator: u8) -> Option<u64> {
    enum At {
        CellStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let separator = char::from(separator);
    let (mut at, mut line, mut opened) = (At::CellStart, 1u64, 0u64);
    for c in text.chars() {
        at = match (at, c) {
            (At::Quoted, '"') => At::QuoteInQuoted,
            (At::Quoted, _) => At::Quoted,
            (At::CellStart, '"') => {
                opened = line;
                At::Quoted
            }
            (At::QuoteInQuoted, '"') => At::Quoted,
            (_, '\n') => At::CellStart,
            (_, c) if c == separator => At::CellStart,
            _ => At::Unquoted,
        };
        if c == '\n' {
            line += 1;
        }
    }
    matches!(at, At::Quoted).then_some(opened)
}

/// The separator is whichever of `;` and `,` appears more often outside quotes in the header.
fn detect_separator(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let (mut semis, mut commas, mut quoted) = (0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semis += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
}

fn read_xlsx(path: &Path) -> Result<Table> {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    // The reader's own words are English and about ZIP internals; the clerk needs what to do.
    let unreadable = || {
        Error::invalid(
            ErrorCode::Xlsx,
            format!(
                "{} no es un libro de Excel legible (está dañado o es otro tipo de archivo con nombre .xlsx). Ábralo en la hoja de cálculo y guárdelo de nuevo como .xlsx o como CSV; nada se importó.",
                path.display()
            ),
            format!(
                "{} is not a readable Excel workbook (it is damaged, or another kind of file named .xlsx). Open it in the spreadsheet and save it again as .xlsx or as CSV; nothing was imported.",
                path.display()
            ),
        )
    };
    let mut book: Xlsx<_> = open_workbook(path).map_err(|_: calamine::XlsxError| unreadable())?;
    let range = match book.worksheet_range_at(0) {
        Some(r) => r.map_err(|_| unreadable())?,
        None => return Err(empty_file()),
    };
    let first_row = range.start().map(|(r, _)| r as u64).unwrap_or(0);
    let mut built = Builder::default();
    for (i, cells) in range.rows().enumerate() {
        let line = first_row + i as u64 + 1;
        let fields: Vec<String> = cells
            .iter()
            .map(|c| match c {
                Data::Empty => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Int(n) => n.to_string(),
                // Spreadsheets store every number as binary floating point; whole numbers print
                // without ".0", others as their shortest round-trip text (never money here:
                // only customers import from XLSX).
                Data::Float(x) => {
                    let t = x.to_string();
                    t.strip_suffix(".0").map(str::to_string).unwrap_or(t)
                }
                Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
                Data::DateTime(dt) => dt.as_datetime().map(|d| d.date().to_string()).unwrap_or_default(),
                Data::Error(e) => format!("#{e:?}"),
            })
            .collect();
        built.push(line, fields);
    }
    built.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_with_semicolons() {
        let bytes = b"cuenta;nombre;direcci\xf3n\r\n01-0001;Mu\xf1oz;Jr. Uni\xf3n 3\r\n;;\r\n01-0002;\"Pe\xf1a; Ana\";Av. Lima\r\n";
        let t = Table::from_csv_bytes(bytes).unwrap();
        assert_eq!(t.headers, vec!["cuenta", "nombre", "dirección"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].fields[1], "Muñoz");
        assert_eq!(t.rows[1].fields[1], "Peña; Ana");
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(t.empty_rows, 1);
        let t = Table::from_csv_bytes(b"a,b\n1,2\n\n\n3,4\n").unwrap();
        assert_eq!(t.rows[1].line, 5);
    }

    #[test]
    fn utf8_bom_and_commas() {
        let t = Table::from_csv_bytes("\u{feff}Account,Name\n01-1,Ñuflo\n".as_bytes()).unwrap();
        assert_eq!(t.headers[0], "Account");
        assert_eq!(t.rows[0].fields[1], "Ñuflo");
    }

    /// One stray Windows-1252 byte in a UTF-8 file once had the whole file read as
    /// Windows-1252: every «José Ñaña» stored as «JosÃ© Ã‘aÃ±a».
    #[test]
    fn a_file_mixing_encodings_is_refused_naming_the_line() {
        let mut bytes = "cuenta,nombre\n01-1,José Ñaña\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"01-2,Mu\xf1oz\n");
        let err = Table::from_csv_bytes(&bytes).unwrap_err();
        assert_eq!(err.code(), "encoding");
        assert!(
            err.message(crate::Lang::Es).contains("la fila 3"),
            "{}",
            err.message(crate::Lang::Es)
        );
        // Wholly Windows-1252, or wholly UTF-8: read as written.
        let t = Table::from_csv_bytes(b"cuenta,nombre\n01-2,Mu\xf1oz \xd1a\xf1a\n").unwrap();
        assert_eq!(t.rows[0].fields[1], "Muñoz Ñaña");
        let t = Table::from_csv_bytes("cuenta,nombre\n01-1,José Ñaña\n".as_bytes()).unwrap();
        assert_eq!(t.rows[0].fields[1], "José Ñaña");
    }

    #[test]
    fn empty_files_and_broken_quotes_are_named() {
        assert_eq!(Table::from_csv_bytes(b"").unwrap_err().code(), "empty_file");
        assert_eq!(Table::from_csv_bytes(b"\n\n  \n").unwrap_err().code(), "empty_file");
        // An unclosed quote is named with its row, not as a count of cells further down.
        let e = Table::from_csv_bytes(b"cuenta,nombre\n01-1,Ana\n01-2,\"Rosa\n01-3,Luis\n").unwrap_err();
        assert_eq!(e.code(), "csv_syntax");
        assert!(e.to_string().contains("Row 3 opens a quote"), "{e}");
        // A quote inside a cell, a doubled quote and a quoted line break are CSV as written.
        let t = Table::from_csv_bytes(b"a,b\nTubo 1/2\",\"dice \"\"hola\"\"\"\nx,\"dos\nlineas\"\n").unwrap();
        assert_eq!(t.rows[0].fields, ["Tubo 1/2\"", "dice \"hola\""]);
        assert_eq!(t.rows[1].fields[1], "dos\nlineas");
    }
}
