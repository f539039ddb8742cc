//! The report's page flow: its geometry and styles, a flow that breaks pages as text, figures
//! and tables need them, table columns, and the small words every section prints (money,
//! moments).

use super::*;

// The page's margins and the report's type, in millimetres and points.
pub(super) const M: f32 = 15.0;
pub(super) const RIGHT: f32 = WIDTH - M;
pub(super) const TOP: f32 = 22.0;
pub(super) const BOTTOM: f32 = HEIGHT - 16.0;
pub(super) const BODY: Style = Style::regular(9.0);
pub(super) const SMALL: Style = Style::regular(7.5);
pub(super) const NOTE: Style = Style::regular(7.0).grey(0.35);
pub(super) const STRONG: Style = Style::bold(9.0);
pub(super) const HEADING: Style = Style::bold(12.5);
pub(super) const SUBHEADING: Style = Style::bold(10.0);

/// A column of a table: where it starts, how wide, right-aligned or not.
#[derive(Clone, Copy)]
pub(super) struct Col {
    pub(super) x: f32,
    pub(super) w: f32,
    pub(super) right: bool,
}

pub(super) const fn col(x: f32, w: f32, right: bool) -> Col {
    Col { x, w, right }
}

/// Pages filled from top to bottom: a new page starts, with its running header, when what
/// comes next does not fit.
pub(super) struct Flow<'a> {
    pub(super) fonts: &'a Resources,
    pub(super) pages: Vec<Page<'a>>,
    pub(super) y: f32,
    pub(super) running: String,
}

impl<'a> Flow<'a> {
    pub(super) fn new(fonts: &'a Resources, running: String) -> Flow<'a> {
        Flow {
            fonts,
            pages: Vec::new(),
            y: TOP,
            running,
        }
    }

    pub(super) fn page(&mut self) -> &mut Page<'a> {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub(super) fn new_page(&mut self) {
        let mut p = Page::new(self.fonts, WIDTH, HEIGHT);
        p.text_fit(M, 11.0, RIGHT - M, NOTE, &self.running);
        p.rule(M, RIGHT, 13.0, 0.4, 0.6);
        self.pages.push(p);
        self.y = TOP;
    }

    /// Makes room for `h` mm, on a new page if need be.
    pub(super) fn need(&mut self, h: f32) {
        if self.pages.is_empty() || self.y + h > BOTTOM {
            self.new_page();
        }
    }

    pub(super) fn gap(&mut self, h: f32) {
        self.y += h;
    }

    /// A section title on a fresh line, kept with at least `keep` mm of what follows.
    pub(super) fn heading(&mut self, text: &str, keep: f32) {
        self.need(12.0 + keep);
        self.y += 4.0;
        let y = self.y;
        self.page().text(M, y, HEADING, text);
        self.page().rule(M, RIGHT, y + 2.0, 0.8, 0.2);
        self.y += 8.0;
    }

    pub(super) fn subheading(&mut self, text: &str) {
        self.need(14.0);
        self.y += 1.5;
        let y = self.y;
        self.page().text(M, y, SUBHEADING, text);
        self.y += 5.5;
    }

    /// A paragraph wrapped to the page's width (or `width` from `x`), split across pages.
    pub(super) fn para_at(&mut self, x: f32, width: f32, style: Style, text: &str) {
        let leading = style.size * 0.45;
        for line in wrap_lines(text, width, usize::MAX, style) {
            self.need(leading);
            let y = self.y;
            self.page().text(x, y, style, &line);
            self.y += leading;
        }
        self.y += 1.0;
    }

    pub(super) fn para(&mut self, style: Style, text: &str) {
        self.para_at(M, RIGHT - M, style, text);
    }

    /// A label and its figure on one line, the figure aligned right at `right`.
    pub(super) fn figure(&mut self, label: &str, value: &str) {
        self.need(5.0);
        let y = self.y;
        self.page().text_fit(M + 2.0, y, 120.0, BODY, label);
        self.page().text_right(M + 165.0, y, STRONG, value);
        self.y += 4.8;
    }

    /// A table: the header row in bold over a rule, each row on one line (cells shortened to
    /// fit), the header repeated on each new page.
    pub(super) fn table(&mut self, cols: &[Col], header: &[String], rows: &[Vec<String>]) {
        let draw_header = |f: &mut Flow<'a>| {
            let y = f.y;
            for (c, h) in cols.iter().zip(header) {
                cell(f.page(), *c, y, Style::bold(7.5), h);
            }
            f.page().rule(M, RIGHT, y + 1.5, 0.5, 0.4);
            f.y += 5.0;
        };
        self.need(10.0);
        draw_header(self);
        for row in rows {
            if self.y + 4.5 > BOTTOM {
                self.new_page();
                draw_header(self);
            }
            let y = self.y;
            for (c, v) in cols.iter().zip(row) {
                cell(self.page(), *c, y, SMALL, v);
            }
            self.y += 4.3;
        }
        self.y += 2.0;
    }

    /// Every page finished, each with its number of the total and the date printed.
    pub(super) fn finish(self, lang: Lang, printed: &str) -> Vec<printpdf::PdfPage> {
        let total = self.pages.len();
        self.pages
            .into_iter()
            .enumerate()
            .map(|(i, mut p)| {
                p.rule(M, RIGHT, HEIGHT - 11.0, 0.4, 0.6);
                let number = tr!(
                    lang,
                    format!("Página {} de {total}", i + 1),
                    format!("Page {} of {total}", i + 1)
                );
                p.text_center(WIDTH / 2.0, HEIGHT - 7.0, NOTE, &number);
                p.text_right(RIGHT, HEIGHT - 7.0, NOTE, printed);
                p.finish()
            })
            .collect()
    }
}

pub(super) fn cell(page: &mut Page<'_>, c: Col, y: f32, style: Style, text: &str) {
    let fitted = crate::documents::layout::fit(text, c.w, style);
    if c.right {
        page.text_right(c.x + c.w, y, style, &fitted);
    } else {
        page.text(c.x, y, style, &fitted);
    }
}

/// A stored local time `YYYY-MM-DD HH:MM` as people read it.
pub(super) fn moment(lang: Lang, stamp: &str) -> String {
    match stamp.split_once(' ') {
        Some((d, t)) => format!("{} {t}", lang.stored_date(d)),
        None => lang.stored_date(stamp),
    }
}

pub(super) fn soles(m: Money) -> String {
    m.to_string()
}
