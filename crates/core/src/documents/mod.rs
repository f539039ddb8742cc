//! Printed documents as PDF, built with printpdf and DejaVu Sans (embedded, subset): the bill
//! (A5, one per page), the payment receipt (A6 or an 80 mm roll) and the technicians' route
//! sheets. Each document module describes its page with the small [`layout`] layer.
//!
//! The desktop app has no print API: it writes the PDF and opens it in the system's viewer.

pub mod bill;
pub mod complaint;
pub mod layout;
pub mod logo;
pub mod ncb_report;
pub mod receipt;
pub mod route_sheet;
mod stream;

use crate::Ledger;
use crate::Money;
use crate::error::ErrorCode;
use crate::error::{Error, Result, Text};
use crate::i18n::Lang;
use crate::period::Period;
use printpdf::{PdfDocument, PdfSaveOptions};
use std::collections::HashMap;
use std::path::Path;

/// Bills laid out per chunk of the streamed PDF: enough to amortise each chunk's fonts, few
/// enough that a chunk's layout stays a few tens of MB.
const BILLS_PER_CHUNK: usize = 400;
/// Threads laying out chunks of bills while the calling thread writes them.
const LAYOUT_THREADS: usize = 2;

/// A run of bills and each one's consumption history.
type Chunk<'b> = (&'b [crate::billing::Bill], &'b [Vec<(String, u64)>], &'b [Money]);

/// The setting that holds the logo's PNG (base64); `caudal setting logo FILE.png` fills it.
pub const LOGO_SETTING: &str = "logo_png";

/// The settings documents own: the receipt's paper, and the operator's logo (a PNG file,
/// checked and kept in the ledger; empty removes it and documents show Caudal's mark).
pub(crate) const SETTINGS: &[crate::ledger::SettingRule] = &[
    crate::ledger::SettingRule {
        key: "receipt_format",
        store_as: "receipt_format",
        check: |v| {
            if ["a6", "roll80"].contains(&v) {
                Ok(v.to_string())
            } else {
                Err(crate::Error::invalid(
                    ErrorCode::SettingValue,
                    "El formato del comprobante es a6 (hoja A6) o roll80 (rollo de 80 mm).",
                    "The receipt format is a6 (A6 sheet) or roll80 (80 mm roll).",
                ))
            }
        },
    },
    crate::ledger::SettingRule {
        key: "logo",
        store_as: LOGO_SETTING,
        check: logo_setting,
    },
];

fn logo_setting(path: &str) -> crate::Result<String> {
    use ct_codecs::Encoder;
    if path.is_empty() {
        return Ok(String::new());
    }
    let bytes = std::fs::read(path).map_err(|e| crate::Error::io(path, e))?;
    logo::decode(&bytes)?;
    ct_codecs::Base64::encode_to_string(&bytes).map_err(|e| crate::Error::Internal(e.to_string()))
}

/// What a written report holds, for the one who asked for it.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct ReportWritten {
    /// How many pages.
    pub pages: usize,
    /// Rows written to indicators.csv, when it was asked for.
    pub csv_rows: Option<u64>,
    /// The month in words.
    pub summary: String,
    /// Whether the ledger verified whole.
    pub ledger_intact: bool,
    /// How many bills the tariff audit recomputed.
    pub audited_bills: u64,
    /// How many of them differ from what was issued.
    pub mismatched_bills: u64,
}

/// Who the documents come from, as the settings say.
pub struct Letterhead {
    /// The operator's name.
    pub operator: String,
    /// Its RUC.
    pub ruc: String,
    /// Its address.
    pub address: String,
    /// The town served.
    pub town: String,
    /// Its logo, if one was given.
    pub logo: Option<logo::Logo>,
}

impl Ledger {
    /// The letterhead, from the settings.
    pub fn letterhead(&self) -> Result<Letterhead> {
        let s = self.settings();
        Ok(Letterhead {
            operator: s.operator()?,
            ruc: s.get("ruc")?.unwrap_or_default(),
            address: s.get("address")?.unwrap_or_default(),
            town: s.town()?,
            logo: match s.get(LOGO_SETTING)? {
                Some(b64) if !b64.is_empty() => {
                    use ct_codecs::Decoder;
                    let bytes = ct_codecs::Base64::decode_to_vec(&b64, None)
                        .map_err(|e| Error::Internal(format!("stored logo: {e}")))?;
                    Some(logo::decode(&bytes)?)
                }
                _ => None,
            },
        })
    }

    /// Writes the bills of `period` (or one account's) as one PDF, one bill per page, and
    /// returns how many. `progress(done, total)` is called as pages are made; returning false
    /// cancels, and then no file is written.
    pub fn bills_pdf(
        &self,
        period: Period,
        account: Option<&str>,
        lang: Lang,
        out: &Path,
        mut progress: impl FnMut(usize, usize) -> bool,
    ) -> Result<usize> {
        let bills = self.bills(period, account)?;
        if bills.is_empty() {
            return Err(Error::not_found(
                match account {
                    Some(a) => format!("La cuenta {a} no tiene recibo emitido en {period}."),
                    None => format!("No hay recibos emitidos en {period}."),
                },
                match account {
                    Some(a) => format!("Account {a} has no bill issued for {period}."),
                    None => format!("No bills were issued for {period}."),
                },
            ));
        }
        let letterhead = self.letterhead()?;
        let tariffs: HashMap<i64, crate::tariffs::Tariff> =
            self.tariffs()?.into_iter().map(|t| (t.id, t.tariff)).collect();
        // Each account's last twelve months, read before the work is split across threads
        // (the ledger connection stays on this one).
        let mut stmt = self.conn().prepare_cached(
            "SELECT period, consumption_m3 FROM bills WHERE connection_id = ?1 AND period <= ?2
             ORDER BY period DESC LIMIT 12",
        )?;
        let mut histories = Vec::with_capacity(bills.len());
        let disputing = crate::accounts::with_disputes(self.conn())?;
        let mut disputed = Vec::with_capacity(bills.len());
        for b in &bills {
            disputed.push(match disputing.contains(&b.connection_id) {
                true => crate::accounts::disputed_before(
                    self.conn(),
                    b.connection_id,
                    b.id,
                    crate::period::parse_date(&b.issued_on).unwrap_or_default(),
                )?,
                false => Money::ZERO,
            });
            let mut months: Vec<(String, u64)> = stmt
                .query_map((b.connection_id, &b.period), |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            months.reverse();
            histories.push(months);
        }
        let title = format!("{} {period}", lang.pick("Recibos", "Bills"));
        let mut stream = stream::PdfStream::create(out)?;
        let total = bills.len();
        // Laying out pages (and printpdf's encoding of them) is most of the work, so two
        // threads each lay out every other chunk while this one writes them in order. Each
        // channel holds nothing (rendezvous): at most three chunks are in memory.
        let (letterhead, tariffs, title_ref) = (&letterhead, &tariffs, &title);
        let chunks: Vec<Chunk<'_>> = bills
            .chunks(BILLS_PER_CHUNK)
            .zip(histories.chunks(BILLS_PER_CHUNK))
            .zip(disputed.chunks(BILLS_PER_CHUNK))
            .map(|((b, h), d)| (b, h, d))
            .collect();
        let lay_out = |(chunk, months, disputed): Chunk<'_>| {
            let mut doc = PdfDocument::new(title_ref);
            let fonts = layout::Resources::register(&mut doc, letterhead.logo.as_ref());
            let mut pages = Vec::with_capacity(chunk.len());
            for ((b, history), disputed) in chunk.iter().zip(months).zip(disputed) {
                let ctx = bill::BillContext {
                    lang,
                    letterhead,
                    tariff: tariffs.get(&b.tariff_id),
                    history,
                    disputed: *disputed,
                };
                let mut page = layout::Page::new(&fonts, bill::WIDTH, bill::HEIGHT);
                bill::page(&mut page, b, &ctx);
                pages.push(page.finish());
            }
            doc.with_pages(pages);
            (stream::lay_out(&doc), chunk.len())
        };
        std::thread::scope(|scope| -> Result<()> {
            let mut receivers = Vec::new();
            for worker in 0..LAYOUT_THREADS {
                let (tx, rx) = std::sync::mpsc::sync_channel(0);
                receivers.push(rx);
                let mine: Vec<_> = chunks.iter().copied().skip(worker).step_by(LAYOUT_THREADS).collect();
                scope.spawn(move || {
                    for c in mine {
                        // The writer stopped (an error or a cancel): stop too.
                        if tx.send(lay_out(c)).is_err() {
                            break;
                        }
                    }
                });
            }
            let mut done = 0;
            for i in 0..chunks.len() {
                let Ok((chunk, n)) = receivers[i % LAYOUT_THREADS].recv() else {
                    return Err(Error::Internal("a page layout thread stopped".into()));
                };
                stream.append(chunk)?;
                done += n;
                // Returning drops the receivers, which stops the layout threads; dropping the
                // stream removes its temporary file: no half PDF is left.
                if !progress(done, total) {
                    return Err(Error::Cancelled);
                }
            }
            Ok(())
        })?;
        stream.finish(&title)?;
        Ok(total)
    }

    /// Writes a payment's receipt on the paper the settings name (A6 unless `roll80`).
    pub fn receipt_pdf(&self, receipt: &crate::payments::Receipt, lang: Lang, out: &Path) -> Result<()> {
        let paper = receipt::Paper::parse(&self.settings().get("receipt_format")?.unwrap_or_default());
        let letterhead = self.letterhead()?;
        let mut doc = PdfDocument::new(&format!(
            "{} {}",
            lang.pick("Comprobante de pago", "Payment receipt"),
            receipt.payment.number
        ));
        let fonts = layout::Resources::register(&mut doc, letterhead.logo.as_ref());
        let mut page = layout::Page::new(&fonts, paper.width(), paper.height(receipt.applied.len()));
        receipt::page(&mut page, paper, receipt, &letterhead, lang);
        doc.with_pages(vec![page.finish()]);
        save(&mut doc, out)
    }

    /// Writes a complaint's constancia (at filing) or the letter notifying its latest decision.
    pub fn complaint_pdf(&self, number: &str, paper: complaint::Paper, lang: Lang, out: &Path) -> Result<()> {
        let c = self.complaint(number)?;
        if paper == complaint::Paper::Decision && c.progress.decided_on.is_none() {
            return Err(Error::conflict(
                format!("El reclamo {} aún no tiene resolución.", c.number),
                format!("Complaint {} has no decision yet.", c.number),
            ));
        }
        let letterhead = self.letterhead()?;
        let title = match paper {
            complaint::Paper::Constancia => lang.pick("Constancia de reclamo", "Complaint receipt"),
            complaint::Paper::Decision => lang.pick("Notificación de resolución", "Notice of decision"),
        };
        let mut doc = PdfDocument::new(&format!("{title} {}", c.number));
        let fonts = layout::Resources::register(&mut doc, letterhead.logo.as_ref());
        let mut page = layout::Page::new(&fonts, complaint::WIDTH, complaint::HEIGHT);
        let rules = crate::complaints::rules::load(self.conn())?;
        let windows = complaint::Windows {
            reconsideration: rules.reconsideration,
            appeal: rules.appeal,
        };
        complaint::page(&mut page, paper, &c, windows, &letterhead, lang);
        doc.with_pages(vec![page.finish()]);
        save(&mut doc, out)
    }

    /// Writes the Community Board's report of `period` (A4), and says what it holds.
    pub fn ncb_report_pdf(&self, period: Period, lang: Lang, out: &Path) -> Result<ReportWritten> {
        self.ncb_report_files(period, lang, out, None)
    }

    /// The report as PDF and, with `csv`, its indicators.csv, from one reading of the month.
    pub fn ncb_report_files(
        &self,
        period: Period,
        lang: Lang,
        out: &Path,
        csv: Option<&Path>,
    ) -> Result<ReportWritten> {
        let report = self.ncb_report(period)?;
        let letterhead = self.letterhead()?;
        let title = format!(
            "{} — {}",
            lang.pick("Informe de la Junta Vecinal Comunal", "Community Board report"),
            lang.period(period)
        );
        let mut doc = PdfDocument::new(&title);
        let fonts = layout::Resources::register(&mut doc, letterhead.logo.as_ref());
        let pages = ncb_report::pages(&fonts, &report, &letterhead, lang);
        let count = pages.len();
        doc.with_pages(pages);
        save(&mut doc, out)?;
        // The CSV after the PDF: a report that could not be printed leaves no indicators file
        // behind as if it had been.
        if let Some(csv) = csv {
            let rows: Vec<Vec<String>> = report.indicators.iter().map(|i| i.csv_record()).collect();
            // The PDF is already there: the refusal says so, so nobody prints it again thinking
            // nothing was written.
            crate::files::write_csv(csv, crate::reports::INDICATORS_CSV_HEADER, &rows).map_err(|e| {
                Error::Ledger(Text::new(
                    format!(
                        "El informe se escribió en {} ({count} páginas), pero no el CSV de indicadores: {}",
                        out.display(),
                        e.message(Lang::Es)
                    ),
                    format!(
                        "The report was written to {} ({count} pages), but not the indicators CSV: {}",
                        out.display(),
                        e.message(Lang::En)
                    ),
                ))
            })?;
        }
        Ok(ReportWritten {
            csv_rows: csv.map(|_| report.indicators.len() as u64),
            pages: count,
            summary: report.summary(lang),
            ledger_intact: report.ledger_intact,
            audited_bills: report.audit.bills,
            mismatched_bills: report.audit.mismatched_bills,
        })
    }

    /// Writes the route sheets of `period` (every route, or one): a summary page, then each
    /// route's connections in order. Returns the number of pages.
    pub fn route_sheets_pdf(&self, period: Period, route: Option<&str>, lang: Lang, out: &Path) -> Result<usize> {
        let rows = self.reading_sheet(period)?;
        let mut routes: Vec<(String, Vec<crate::readings::SheetRow>)> = Vec::new();
        for r in rows {
            let name = route_sheet::route_name(lang, r.route.as_deref());
            if route.is_some_and(|wanted| r.route.as_deref() != Some(wanted.trim())) {
                continue;
            }
            match routes.last_mut() {
                Some((n, list)) if *n == name => list.push(r),
                _ => routes.push((name, vec![r])),
            }
        }
        if routes.is_empty() {
            return Err(Error::not_found(
                match route {
                    Some(r) => format!("La ruta {r} no tiene conexiones con medidor activas."),
                    None => "No hay conexiones con medidor activas que leer.".to_string(),
                },
                match route {
                    Some(r) => format!("Route {r} has no active metered connections."),
                    None => "There are no active metered connections to read.".to_string(),
                },
            ));
        }
        let letterhead = self.letterhead()?;
        let period_s = period.to_string();
        let mut doc = PdfDocument::new(&format!("{} {period}", lang.pick("Hojas de ruta", "Route sheets")));
        let fonts = layout::Resources::register(&mut doc, letterhead.logo.as_ref());
        let mut pages = Vec::new();
        let mut first = layout::Page::new(&fonts, route_sheet::WIDTH, route_sheet::HEIGHT);
        let counts: Vec<(String, usize)> = routes.iter().map(|(n, l)| (n.clone(), l.len())).collect();
        route_sheet::summary(&mut first, &letterhead, lang, &period_s, &counts);
        pages.push(first.finish());
        for (name, list) in &routes {
            let chunks: Vec<_> = list.chunks(route_sheet::ROWS_PER_PAGE).collect();
            for (i, chunk) in chunks.iter().enumerate() {
                let mut page = layout::Page::new(&fonts, route_sheet::WIDTH, route_sheet::HEIGHT);
                route_sheet::route_page(
                    &mut page,
                    &letterhead,
                    lang,
                    &period_s,
                    name,
                    (i + 1, chunks.len()),
                    chunk,
                );
                pages.push(page.finish());
            }
        }
        let n = pages.len();
        doc.with_pages(pages);
        save(&mut doc, out)?;
        Ok(n)
    }
}

/// Serialises with fonts subset and streams compressed, and writes the file whole or not at all.
/// Writes a document whole, naming Caudal as its producer (which is how a later command knows
/// the file is one it may write again: `outputs::may_write`).
fn save(doc: &mut PdfDocument, out: &Path) -> Result<()> {
    let mut warnings = Vec::new();
    doc.metadata.info.producer = format!("Caudal {}", env!("CARGO_PKG_VERSION"));
    let bytes = doc.save(&PdfSaveOptions::default(), &mut warnings);
    crate::files::write_atomically(out, &bytes)
}
