//! A small page-description layer over printpdf, so that a document reads as what is on the
//! page (a line of text, an amount aligned right, a table row, a rule, a box, a bar chart)
//! rather than as coordinates and PDF operators.
//!
//! Positions are millimetres from the page's top-left corner, the way a person measures a
//! printed form; the layer turns them into PDF points from the bottom-left. Text widths come
//! from the embedded font's own glyph advances, so right alignment and shortening are exact.

// Geometry in millimetres and points: floats here never hold money.
#![allow(clippy::float_arithmetic)]

use printpdf::{
    Color, FontId, Greyscale, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, Point, Pt, RawImage, RawImageData, RawImageFormat, Rect, TextItem, WindingOrder, XObjectId,
    XObjectTransform,
};
use std::sync::LazyLock;

const REGULAR_TTF: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");
const PT_PER_MM: f32 = 72.0 / 25.4;

/// A parsed face and its advance widths (font units) for the characters our documents use.
pub struct Face {
    parsed: ParsedFont,
    units_per_em: f32,
    /// Advances for code points below 0x2200 (Latin, punctuation, ³, №…), looked up once.
    widths: Vec<u16>,
    fallback: u16,
}

impl Face {
    fn load(bytes: &[u8]) -> Face {
        let mut warnings = Vec::new();
        // The fonts are compiled in and known good; failing to parse them is a build defect.
        #[allow(clippy::expect_used)]
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings).expect("embedded DejaVu Sans parses");
        let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
        let advance = |c: u32| parsed.lookup_glyph_index(c).map(|g| parsed.get_horizontal_advance(g));
        let fallback = advance(u32::from('?')).unwrap_or(600);
        let widths = (0..0x2200u32).map(|c| advance(c).unwrap_or(fallback)).collect();
        Face {
            parsed,
            units_per_em,
            widths,
            fallback,
        }
    }

    /// Width of `text` at `size` points, in millimetres.
    pub fn width_mm(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                let cp = c as usize;
                u32::from(if cp < self.widths.len() {
                    self.widths[cp]
                } else {
                    self.parsed
                        .lookup_glyph_index(c as u32)
                        .map_or(self.fallback, |g| self.parsed.get_horizontal_advance(g))
                })
            })
            .sum();
        units as f32 / self.units_per_em * size / PT_PER_MM
    }
}

static REGULAR: LazyLock<Face> = LazyLock::new(|| Face::load(REGULAR_TTF));
static BOLD: LazyLock<Face> = LazyLock::new(|| Face::load(BOLD_TTF));

/// What the pages of one document share: the two faces, and the operator's logo if any.
#[derive(Clone)]
pub struct Resources {
    regular: FontId,
    bold: FontId,
    logo: (XObjectId, f32, f32),
}

impl Resources {
    /// Registers DejaVu Sans (regular and bold; printpdf embeds them subset) and the logo:
    /// the operator's, else the default mark.
    pub fn register(doc: &mut PdfDocument, logo: Option<&super::logo::Logo>) -> Resources {
        let l = logo.unwrap_or(&super::logo::DEFAULT);
        let image = RawImage {
            pixels: RawImageData::U8(l.rgb.clone()),
            width: l.width as usize,
            height: l.height as usize,
            data_format: RawImageFormat::RGB8,
            tag: Vec::new(),
        };
        let logo = (doc.add_image(&image), l.width as f32, l.height as f32);
        Resources {
            regular: doc.add_font(&REGULAR.parsed),
            bold: doc.add_font(&BOLD.parsed),
            logo,
        }
    }
}

/// How a piece of text looks.
#[derive(Clone, Copy)]
pub struct Style {
    /// Its size in points.
    pub size: f32,
    /// Whether it is bold.
    pub bold: bool,
    /// 0 = black, 1 = white.
    pub grey: f32,
}

impl Style {
    /// Regular text of `size` points.
    pub const fn regular(size: f32) -> Style {
        Style {
            size,
            bold: false,
            grey: 0.0,
        }
    }

    /// Bold text of `size` points.
    pub const fn bold(size: f32) -> Style {
        Style {
            size,
            bold: true,
            grey: 0.0,
        }
    }

    /// The same style in `grey` (0 black, 1 white).
    pub const fn grey(self, grey: f32) -> Style {
        Style { grey, ..self }
    }

    fn face(self) -> &'static Face {
        if self.bold { &BOLD } else { &REGULAR }
    }

    /// The width of `text` in mm, from the font's glyph advances.
    pub fn width(self, text: &str) -> f32 {
        self.face().width_mm(text, self.size)
    }
}

/// One page being described. `y` is the text baseline, from the top, in mm.
pub struct Page<'a> {
    fonts: &'a Resources,
    /// Its width in mm.
    pub width: f32,
    /// Its height in mm.
    pub height: f32,
    ops: Vec<Op>,
    /// The graphics state last set, so that a page does not repeat it before every word:
    /// font and size, fill grey, stroke grey and width. A third of a bill's bytes otherwise.
    font: Option<(bool, u32)>,
    fill: Option<u32>,
    stroke: Option<(u32, u32)>,
}

impl<'a> Page<'a> {
    /// A page of `width_mm` × `height_mm` in `fonts`.
    pub fn new(fonts: &'a Resources, width_mm: f32, height_mm: f32) -> Page<'a> {
        Page {
            fonts,
            width: width_mm,
            height: height_mm,
            ops: Vec::with_capacity(256),
            font: None,
            fill: None,
            stroke: None,
        }
    }

    fn set_fill(&mut self, level: f32) {
        let key = level.to_bits();
        if self.fill != Some(key) {
            self.fill = Some(key);
            self.ops.push(Op::SetFillColor { col: grey(level) });
        }
    }

    fn set_stroke(&mut self, level: f32, thickness_pt: f32) {
        let key = (level.to_bits(), thickness_pt.to_bits());
        if self.stroke != Some(key) {
            self.stroke = Some(key);
            self.ops.extend([
                Op::SetOutlineColor { col: grey(level) },
                Op::SetOutlineThickness { pt: Pt(thickness_pt) },
            ]);
        }
    }

    /// The page as printpdf takes it.
    pub fn finish(self) -> printpdf::PdfPage {
        printpdf::PdfPage::new(Mm(self.width), Mm(self.height), self.ops)
    }

    /// Millimetres from the top-left to points from the bottom-left, to 1/100 pt (far finer
    /// than any printer; longer numbers only make every page bigger).
    fn point(&self, x: f32, y: f32) -> Point {
        let round = |v: f32| (v * 100.0).round() / 100.0;
        Point {
            x: Pt(round(x * PT_PER_MM)),
            y: Pt(round((self.height - y) * PT_PER_MM)),
        }
    }

    /// Text starting at `x`.
    pub fn text(&mut self, x: f32, y: f32, style: Style, text: &str) {
        if text.is_empty() {
            return;
        }
        let pos = self.point(x, y);
        self.set_fill(style.grey);
        self.ops.push(Op::StartTextSection);
        // Font and size are graphics state: they hold across text sections until changed.
        let key = (style.bold, style.size.to_bits());
        if self.font != Some(key) {
            self.font = Some(key);
            let font = if style.bold {
                self.fonts.bold.clone()
            } else {
                self.fonts.regular.clone()
            };
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(style.size),
            });
        }
        self.ops.extend([
            Op::SetTextCursor { pos },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    /// Text ending at `right` (amounts in a column).
    pub fn text_right(&mut self, right: f32, y: f32, style: Style, text: &str) {
        let w = style.width(text);
        self.text(right - w, y, style, text);
    }

    /// Text centred on `center`.
    pub fn text_center(&mut self, center: f32, y: f32, style: Style, text: &str) {
        let w = style.width(text);
        self.text(center - w / 2.0, y, style, text);
    }

    /// Text that must stay within `width`: shortened with "…" when it does not fit.
    pub fn text_fit(&mut self, x: f32, y: f32, width: f32, style: Style, text: &str) {
        let fitted = fit(text, width, style);
        self.text(x, y, style, &fitted);
    }

    /// Text wrapped at word boundaries into at most `max_lines` lines of `width`, `leading` mm
    /// apart; the last line is shortened with "…" if the text does not fit. Returns the
    /// number of lines used.
    // Where (x, y), the box (width, leading, lines), how (style) and what: all belong to the call.
    #[allow(clippy::too_many_arguments)]
    pub fn wrap(
        &mut self,
        x: f32,
        y: f32,
        width: f32,
        leading: f32,
        max_lines: usize,
        style: Style,
        text: &str,
    ) -> usize {
        let lines = wrap_lines(text, width, max_lines, style);
        for (i, line) in lines.iter().enumerate() {
            self.text(x, y + leading * i as f32, style, line);
        }
        lines.len()
    }

    /// A horizontal rule from `x1` to `x2`.
    pub fn rule(&mut self, x1: f32, x2: f32, y: f32, thickness_pt: f32, grey_level: f32) {
        let (a, b) = (self.point(x1, y), self.point(x2, y));
        self.set_stroke(grey_level, thickness_pt);
        self.ops.extend([Op::DrawLine {
            line: Line {
                points: vec![LinePoint { p: a, bezier: false }, LinePoint { p: b, bezier: false }],
                is_closed: false,
            },
        }]);
    }

    /// A dashed rule: where the stub is torn off.
    pub fn cut_line(&mut self, x1: f32, x2: f32, y: f32) {
        let dash = 1.5 * PT_PER_MM;
        self.ops.push(Op::SetLineDashPattern {
            dash: LineDashPattern::new(0.0, &[dash, dash]),
        });
        self.rule(x1, x2, y, 0.5, 0.4);
        self.ops.push(Op::SetLineDashPattern {
            dash: LineDashPattern::solid(),
        });
    }

    /// A rectangle outline (`fill` = None) or a filled one (a grey level).
    pub fn boxed(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<f32>) {
        let bottom_left = self.point(x, y + h);
        let rect = Rect {
            x: bottom_left.x,
            y: bottom_left.y,
            width: Pt(w * PT_PER_MM),
            height: Pt(h * PT_PER_MM),
            mode: Some(if fill.is_some() {
                PaintMode::Fill
            } else {
                PaintMode::Stroke
            }),
            winding_order: Some(WindingOrder::NonZero),
        };
        match fill {
            Some(level) => self.set_fill(level),
            None => self.set_stroke(0.35, 0.6),
        }
        self.ops.push(Op::DrawRectangle { rectangle: rect });
    }

    /// A bar chart in the box (x, y, w, h): one bar per value, its label under it and its
    /// value over it; the last bar (this month) darker.
    pub fn bar_chart(&mut self, x: f32, y: f32, w: f32, h: f32, bars: &[(String, u64)]) {
        if bars.is_empty() {
            return;
        }
        let label = Style::regular(5.0);
        let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f32;
        let slot = w / bars.len() as f32;
        let chart_h = h - 6.0;
        let base = y + h - 3.0;
        self.rule(x, x + w, base, 0.4, 0.3);
        for (i, (name, value)) in bars.iter().enumerate() {
            let bar_h = (*value as f32 / max) * (chart_h - 3.0);
            let bx = x + slot * i as f32 + slot * 0.18;
            let last = i + 1 == bars.len();
            if bar_h > 0.0 {
                self.boxed(
                    bx,
                    base - bar_h,
                    slot * 0.64,
                    bar_h,
                    Some(if last { 0.2 } else { 0.65 }),
                );
            }
            let center = x + slot * (i as f32 + 0.5);
            self.text_center(center, base - bar_h - 0.8, label, &value.to_string());
            self.text_center(center, base + 2.4, label, name);
        }
    }
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

/// `text` shortened with "…" to fit `width` (unchanged if it fits).
pub fn fit(text: &str, width: f32, style: Style) -> String {
    if style.width(text) <= width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if style.width(&candidate) <= width {
            return candidate;
        }
    }
    String::new()
}

/// Greedy word wrap into at most `max_lines` lines; a word longer than a line is cut.
pub fn wrap_lines(text: &str, width: f32, max_lines: usize, style: Style) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut i = 0;
    while i < words.len() {
        let candidate = if current.is_empty() {
            words[i].to_string()
        } else {
            format!("{current} {}", words[i])
        };
        if style.width(&candidate) <= width {
            current = candidate;
            i += 1;
            continue;
        }
        if current.is_empty() {
            // One word wider than the line: it gets the line, shortened.
            lines.push(fit(words[i], width, style));
            i += 1;
        } else {
            lines.push(std::mem::take(&mut current));
        }
        if lines.len() == max_lines {
            break;
        }
    }
    if !current.is_empty() && lines.len() < max_lines {
        lines.push(current);
    }
    if i < words.len() || lines.len() > max_lines {
        // Not everything fitted: say so on the last line.
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let rest: Vec<&str> = std::iter::once(last.as_str())
                .chain(words[i..].iter().copied())
                .collect();
            *last = fit(&rest.join(" "), width, style);
            if !last.ends_with('…') {
                *last = fit(&format!("{last} …"), width, style);
            }
        }
    }
    lines
}

/// The operator's mark in a `size` square: the logo (the operator's, or Caudal's default
/// mark), fitted and centred.
pub fn mark(page: &mut Page<'_>, x: f32, y: f32, size: f32) {
    let (id, w, h) = page.fonts.logo.clone();
    // The image's natural size at `dpi` is pixels × 25.4 / dpi mm: choose the dpi that fits.
    let scale_mm = size / w.max(h);
    let (wm, hm) = (w * scale_mm, h * scale_mm);
    let bottom_left = page.point(x + (size - wm) / 2.0, y + (size + hm) / 2.0);
    page.ops.push(Op::UseXobject {
        id,
        transform: XObjectTransform {
            translate_x: Some(bottom_left.x),
            translate_y: Some(bottom_left.y),
            dpi: Some(25.4 / scale_mm),
            ..Default::default()
        },
    });
}
