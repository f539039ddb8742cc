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

/// `s` with its first letter in capitals: "noviembre de 2026" → "Noviembre de 2026".
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
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

/// A stored code and its words: what a clerk types or reads in either language is the word,
/// what the ledger keeps is the code.
#[derive(Debug, Clone, Copy)]
pub struct Word {
    pub code: &'static str,
    pub es: &'static str,
    pub en: &'static str,
}

impl Word {
    /// The word in `lang`.
    pub fn get(&self, lang: crate::Lang) -> &'static str {
        lang.pick(self.es, self.en)
    }
}

/// The code of what was typed: the code itself or its word in either language, without regard
/// to case, accents, spaces or dashes ("Medio ambiente", "higiene", "transition-subsidy").
pub fn code_of(words: &[Word], typed: &str) -> Option<&'static str> {
    let typed = normalize_key(typed);
    words
        .iter()
        .find(|w| [w.code, w.es, w.en].iter().any(|k| normalize_key(k) == typed))
        .map(|w| w.code)
}

/// The words of `words` in `lang`, as a list to offer: "energía, cloro, sueldos".
pub fn list_of(words: &[Word], lang: crate::Lang) -> String {
    words.iter().map(|w| w.get(lang)).collect::<Vec<_>>().join(", ")
}
