//! The operator's logo on printed documents: a PNG chosen in the settings, kept in the ledger
//! (so a backup carries it and moving the file does not break printing), decoded once per
//! document to plain RGB over white. Without one, documents show Caudal's mark from `assets/`.

use crate::error::ErrorCode;
use crate::error::{Error, Result};
use std::io::Cursor;
use std::sync::LazyLock;

/// The default mark: the application's icon.
pub static DEFAULT: LazyLock<Logo> = LazyLock::new(|| {
    // Compiled in and known good; failing to decode it is a build defect.
    #[allow(clippy::expect_used)]
    decode(include_bytes!("../../../../assets/icons/128x128.png")).expect("the default mark decodes")
});

/// A logo larger than this is refused: it would only make every bill heavier.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// The largest side a logo keeps (a larger one is scaled down).
pub const MAX_PIXELS: u32 = 1500;

/// Decoded pixels, 8-bit RGB, row by row.
pub struct Logo {
    /// Its pixels, RGB.
    pub rgb: Vec<u8>,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

fn invalid(es: String, en: String) -> Error {
    Error::invalid(ErrorCode::Logo, es, en)
}

/// Decodes a PNG, flattening transparency onto white (paper).
pub fn decode(png_bytes: &[u8]) -> Result<Logo> {
    if png_bytes.len() > MAX_BYTES {
        return Err(invalid(
            format!(
                "El logo pesa más de {} MB; use una imagen más pequeña.",
                MAX_BYTES / 1_048_576
            ),
            format!(
                "The logo is larger than {} MB; use a smaller image.",
                MAX_BYTES / 1_048_576
            ),
        ));
    }
    let not_png = |e: png::DecodingError| {
        invalid(
            "El logo no es una imagen PNG legible: guárdelo como PNG con un programa de imágenes y elíjalo de nuevo."
                .to_string(),
            format!(
                "The logo is not a readable PNG image ({e}): save it as PNG with an image program and choose it again."
            ),
        )
    };
    let mut decoder = png::Decoder::new(Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(not_png)?;
    let (width, height) = (reader.info().width, reader.info().height);
    if width == 0 || height == 0 || width > MAX_PIXELS || height > MAX_PIXELS {
        return Err(invalid(
            format!("El logo mide {width}×{height} píxeles; use como máximo {MAX_PIXELS}×{MAX_PIXELS}."),
            format!("The logo is {width}×{height} pixels; use at most {MAX_PIXELS}×{MAX_PIXELS}."),
        ));
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| invalid("Logo demasiado grande.".into(), "Logo too large.".into()))?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(not_png)?;
    let pixels = &buf[..frame.buffer_size()];
    let over_white = |v: u8, a: u8| ((u16::from(v) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
    let rgb: Vec<u8> = match frame.color_type {
        png::ColorType::Rgb => pixels.to_vec(),
        png::ColorType::Rgba => pixels
            .chunks_exact(4)
            .flat_map(|p| [over_white(p[0], p[3]), over_white(p[1], p[3]), over_white(p[2], p[3])])
            .collect(),
        png::ColorType::Grayscale => pixels.iter().flat_map(|&g| [g, g, g]).collect(),
        png::ColorType::GrayscaleAlpha => pixels
            .chunks_exact(2)
            .flat_map(|p| {
                let g = over_white(p[0], p[1]);
                [g, g, g]
            })
            .collect(),
        // EXPAND turns palettes into RGB(A); nothing else reaches here.
        png::ColorType::Indexed => {
            return Err(invalid(
                "Logo con paleta no expandida.".into(),
                "Unexpanded palette logo.".into(),
            ));
        }
    };
    Ok(Logo { rgb, width, height })
}
