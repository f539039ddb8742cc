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

/// `text` with every run of characters without a space longer than any real name, code or
/// path (200) cut to its start and its end around "…": a message stays readable whatever was
/// typed into it.
pub fn shorten_runs(text: &str) -> String {
    const LONGEST: usize = 200;
    if text.len() <= LONGEST {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len().min(4 * LONGEST));
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let n = run.chars().count();
        if n > LONGEST {
            out.extend(run.chars().take(80));
            out.push('…');
            out.extend(run.chars().skip(n - 40));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut run, &mut out);
            out.push(c);
        } else {
            run.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pasted_run_is_cut_and_a_real_path_kept() {
        let path = "/home/operador/Documentos/Caudal/recibos/recibos-2026-11-ruta-R01-sector-Centro.pdf";
        let said = format!("No se pudo usar el archivo {path}: no existe");
        assert_eq!(super::shorten_runs(&said), said);
        let pasted = format!("No existe la cuenta {}.", "x".repeat(10_000));
        let cut = super::shorten_runs(&pasted);
        assert_eq!(cut.chars().count(), "No existe la cuenta ".len() + 80 + 1 + 40);
        assert!(cut.starts_with("No existe la cuenta xxx") && cut.ends_with("x."));
    }

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
    /// The code as stored.
    pub code: &'static str,
    /// The word in Spanish.
    pub es: &'static str,
    /// The word in English.
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
