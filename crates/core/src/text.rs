//! Small text rules shared by imports and codes: folding accents and normalising the header
//! names clerks type in spreadsheets ("Dirección", "N° Cuenta", "DIGITOS").

/// Folds one Spanish letter to its unaccented form (á → a, ñ → n).
pub fn fold_accents(c: char) -> char {
    match c {
        'á' | 'à' | 'ä' | 'â' => 'a',
        'Á' | 'À' | 'Ä' | 'Â' => 'A',
        'é' | 'è' | 'ë' | 'ê' => 'e',
        'É' | 'È' | 'Ë' | 'Ê' => 'E',
        'í' | 'ì' | 'ï' | 'î' => 'i',
        'Í' | 'Ì' | 'Ï' | 'Î' => 'I',
        'ó' | 'ò' | 'ö' | 'ô' => 'o',
        'Ó' | 'Ò' | 'Ö' | 'Ô' => 'O',
        'ú' | 'ù' | 'ü' | 'û' => 'u',
        'Ú' | 'Ù' | 'Ü' | 'Û' => 'U',
        'ñ' => 'n',
        'Ñ' => 'N',
        other => other,
    }
}

/// A header or keyword in comparable form: trimmed, lowercase, accents folded, spaces and
/// dashes as `_`.
pub fn normalize_key(s: &str) -> String {
    s.trim()
        .chars()
        .map(fold_accents)
        .map(|c| {
            if c == ' ' || c == '-' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// A value echoed in a message, cut to a readable length: a pasted page of text is named by
/// its start, not printed whole.
pub fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn headers_compare_without_case_or_accents() {
        assert_eq!(super::normalize_key(" Dirección "), "direccion");
        assert_eq!(super::normalize_key("Serie-Medidor"), "serie_medidor");
        assert_eq!(super::normalize_key("DÍGITOS"), "digitos");
    }
}
