//! The command line's own words: its help and its argument errors in the language chosen with
//! `--lang`, never clap's English. Every description is written once as «español / English»
//! beside its option (or, for an option many commands share, in [`SHARED`]) and split here.

use caudal_core::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The language asked for on the command line, read before parsing so that a parsing error is
/// already in it: `--lang en` or `--lang=en`; Spanish otherwise.
pub fn lang_of(args: &[std::ffi::OsString]) -> Lang {
    let mut lang = Lang::Es;
    for (i, arg) in args.iter().enumerate() {
        let value = match arg.to_str() {
            Some("--lang") => args.get(i + 1).and_then(|v| v.to_str()),
            Some(a) => a.strip_prefix("--lang="),
            None => None,
        };
        if let Some(l) = value.and_then(|v| v.parse().ok()) {
            lang = l;
        }
    }
    lang
}

/// The half of «español / English» for `lang`, its first letter in capitals.
pub fn half(text: &str, lang: Lang) -> Option<String> {
    let (es, en) = text.split_once(" / ")?;
    let chosen = lang.pick(es, en).trim();
    if chosen.split_whitespace().nth(1) == Some("|") {
        // A list of the values to type, written as they are typed.
        return Some(chosen.to_string());
    }
    (!chosen.is_empty()).then(|| caudal_core::text::capitalized(chosen))
}

/// Descriptions of the options that many commands share, by option name.
const SHARED: &[(&str, &str)] = &[
    (
        "account",
        "Código de la cuenta (conexión) / the account's (connection's) code",
    ),
    ("period", "Mes, como AAAA-MM / month, as YYYY-MM"),
    (
        "date",
        "Fecha, como AAAA-MM-DD (por defecto hoy) / date, as YYYY-MM-DD (default today)",
    ),
    ("from", "Desde esta fecha, AAAA-MM-DD / from this date, YYYY-MM-DD"),
    ("to", "Hasta esta fecha, AAAA-MM-DD / up to this date, YYYY-MM-DD"),
    ("out", "Archivo que se escribe / the file written"),
    (
        "csv",
        "También escribe las cifras en este CSV / also writes the figures to this CSV",
    ),
    ("file", "Archivo que se lee / the file read"),
    ("reason", "Motivo, en palabras / the reason, in words"),
    ("dry_run", "Revisa sin escribir nada / checks without writing anything"),
    (
        "skip_invalid",
        "Importa las filas válidas y escribe las demás en este archivo / imports the valid rows and writes the others to this file",
    ),
    (
        "replace",
        "Reemplaza lo ya registrado que no tenga historia / replaces what is already recorded and has no history",
    ),
    (
        "operator",
        "Nombre del operador del servicio / the service operator's name",
    ),
    ("town", "Nombre del pueblo / the town's name"),
    (
        "series",
        "Serie de los comprobantes (por ejemplo S001) / the documents' series (for example S001)",
    ),
    ("amount", "Importe en soles, como 1250.00 / amount in soles, as 1250.00"),
    ("name", "Nombre / name"),
    ("password", "Contraseña / password"),
    (
        "role",
        "Rol: admin | clerk | technician | ncb / role: admin | clerk | technician | ncb",
    ),
    (
        "bill",
        "Número del recibo, como S001-00000042 / the bill's number, as S001-00000042",
    ),
    ("sector", "Código del sector / the sector's code"),
    ("source", "Fuente de agua / the water source"),
    ("meter", "Número de serie del medidor / the meter's serial number"),
    ("id", "Número de registro / the record's number"),
    ("number", "Número del reclamo / the complaint's number"),
    ("status", "Estado / status"),
    ("connections", "Conexiones del pueblo / the town's connections"),
    ("months", "Meses de historia / months of history"),
    (
        "dir",
        "Carpeta de trabajo (por defecto, una temporal) / work folder (default: a temporary one)",
    ),
    (
        "method",
        "Medio de pago: efectivo | transferencia | deposito | yape | plin / payment method: cash | transfer | deposit | yape | plin",
    ),
    (
        "reference",
        "Referencia del banco o del medio de pago / the bank's or the payment method's reference",
    ),
    (
        "confirm",
        "Confirma lo que el aviso anterior pidió confirmar / confirms what the previous warning asked to confirm",
    ),
];

/// `cmd` with every description, heading and usage line in `lang`, and a `--help` and
/// `--version` described in it too.
pub fn localized(cmd: Command, lang: Lang, top: bool) -> Command {
    let say = |es: &'static str, en: &'static str| lang.pick(es, en);
    let mut cmd = cmd
        .disable_help_flag(true)
        .help_template(match lang {
            Lang::Es => "{about-with-newline}\nUso: {usage}\n\n{all-args}{after-help}",
            Lang::En => "{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}",
        })
        .subcommand_help_heading(say("Comandos", "Commands"))
        .subcommand_value_name(say("COMANDO", "COMMAND"));
    if let Some(about) = cmd.get_about().and_then(|a| half(&a.to_string(), lang)) {
        cmd = cmd.about(about);
    }
    cmd = cmd.mut_args(|arg| {
        // The options every command takes come after the command's own.
        let arg = if top && arg.is_global_set() {
            arg.display_order(100)
        } else {
            arg
        };
        localized_arg(arg, lang)
    });
    cmd = cmd.arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(say("Muestra esta ayuda", "Shows this help"))
            .help_heading(say("Opciones", "Options")),
    );
    if top {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(say("Muestra la versión", "Shows the version"))
                .help_heading(say("Opciones", "Options")),
        );
    }
    cmd.mut_subcommands(|sub| localized(sub, lang, false))
}

fn localized_arg(arg: Arg, lang: Lang) -> Arg {
    // An output that is a folder is said as one.
    let folder = arg
        .get_value_names()
        .is_some_and(|names| names.iter().any(|n| n.as_str() == "DIR"));
    let text = arg.get_help().map(|h| h.to_string()).or_else(|| {
        if folder && arg.get_id().as_str() == "out" {
            return Some("Carpeta donde se escribe / the folder written to".to_string());
        }
        SHARED
            .iter()
            .find(|(id, _)| *id == arg.get_id().as_str())
            .map(|(_, text)| text.to_string())
    });
    let heading = if arg.is_positional() {
        lang.pick("Argumentos", "Arguments")
    } else {
        lang.pick("Opciones", "Options")
    };
    let mut arg = arg.help_heading(heading);
    if lang == Lang::Es {
        let names: Vec<String> = match arg.get_value_names() {
            Some(names) => names.iter().map(|n| n.to_string()).collect(),
            None => vec![arg.get_id().as_str().to_uppercase()],
        };
        let spanish: Vec<String> = names.iter().map(|n| value_name_es(n)).collect();
        if arg.get_action().takes_values() {
            arg = arg.value_names(spanish);
        }
    }
    // The default said in the sentence's language, not clap's "[default: …]".
    let default: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .filter(|v| !v.is_empty() && v != "false")
        .collect();
    let help = text.as_deref().and_then(|t| half(t, lang)).map(|h| {
        if default.is_empty() || h.contains(lang.pick("por defecto", "default")) {
            h
        } else {
            format!("{h} ({} {})", lang.pick("por defecto", "default:"), default.join(", "))
        }
    });
    let arg = if arg.get_action().takes_values() {
        arg.hide_default_value(true)
    } else {
        arg
    };
    match help {
        Some(help) => arg.help(help),
        None => arg,
    }
}

/// A value's placeholder in Spanish: `<ARCHIVO>` for `<FILE>`.
fn value_name_es(name: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("FILE", "ARCHIVO"),
        ("DIR", "CARPETA"),
        ("NAME", "NOMBRE"),
        ("ACCOUNT", "CUENTA"),
        ("AMOUNT", "IMPORTE"),
        ("PERIOD", "PERIODO"),
        ("DATE", "FECHA"),
        ("REASON", "MOTIVO"),
        ("PARAMETER", "PARÁMETRO"),
        ("NUMBER", "NÚMERO"),
        ("KIND", "TIPO"),
        ("DESCRIPTION", "DESCRIPCIÓN"),
        ("LANG", "IDIOMA"),
        ("USER", "USUARIO"),
        ("ROLE", "ROL"),
        ("PASSWORD", "CONTRASEÑA"),
        ("SERIES", "SERIE"),
        ("SECTOR", "SECTOR"),
        ("CONNECTIONS", "CONEXIONES"),
        ("MONTHS", "MESES"),
        ("WHAT", "QUÉ"),
        ("ACTION", "ACCIÓN"),
        ("TEXT", "TEXTO"),
        ("KEY", "AJUSTE"),
        ("VALUE", "VALOR"),
        ("YEAR", "AÑO"),
        ("PURPOSE", "FIN"),
        ("DOCUMENT", "DOCUMENTO"),
        ("APPROVED_BY", "APROBADO_POR"),
        ("BILL", "RECIBO"),
        ("RECEIPT", "COMPROBANTE"),
        ("OPERATOR", "OPERADOR"),
        ("TOWN", "PUEBLO"),
        ("METHOD", "MEDIO"),
        ("REFERENCE", "REFERENCIA"),
        ("SERIAL", "SERIE"),
        ("INITIAL", "LECTURA"),
        ("FINAL", "LECTURA"),
        ("DIGITS", "DÍGITOS"),
        ("WATER", "IMPORTE"),
        ("SEWER", "IMPORTE"),
        ("FIXED", "IMPORTE"),
        ("SAMPLE", "MUESTRA"),
        ("POINT", "PUNTO"),
        ("AT", "MOMENTO"),
        ("TAKEN_BY", "QUIÉN"),
        ("BY", "QUIÉN"),
        ("CHANNEL", "CANAL"),
        ("RELATION", "RELACIÓN"),
        ("CONTACT", "CONTACTO"),
        ("OUTCOME", "RESULTADO"),
        ("STATUS", "ESTADO"),
        ("ROUTE", "RUTA"),
        ("ID", "NÚMERO"),
        ("GENDER", "SEXO"),
        ("POST", "CARGO"),
        ("WOMEN", "MUJERES"),
        ("MEN", "HOMBRES"),
        ("AGREEMENTS", "ACUERDOS"),
        ("SANCTION_REQUEST", "PEDIDO"),
        ("LOCATION", "DESTINO"),
        ("CAUSE", "CAUSA"),
        ("NOTICE_HOURS", "HORAS"),
        ("LOGIN", "USUARIO"),
        ("FULL_NAME", "NOMBRE"),
        ("FROM", "DESDE"),
        ("TO", "HASTA"),
        ("OUT", "ARCHIVO"),
        ("CSV", "ARCHIVO.csv"),
        ("SKIP_INVALID", "ARCHIVO"),
        ("FUND_REASON", "MOTIVO"),
        ("FREE_CHLORINE", "VALOR"),
        ("TURBIDITY", "VALOR"),
        ("PH", "VALOR"),
        ("COLOUR", "VALOR"),
        ("CONDUCTIVITY", "VALOR"),
        ("TOTAL_COLIFORMS", "VALOR"),
        ("THERMOTOLERANT_COLIFORMS", "VALOR"),
        ("E_COLI", "VALOR"),
        ("MIN", "VALOR"),
        ("LOW", "VALOR"),
        ("MAX", "VALOR"),
        ("SET", "PARÁMETRO"),
        ("PER_MONTH", "CANTIDAD"),
        ("CHROMIUM_BILLS", "CANTIDAD"),
        ("CORRECTED_M3", "M3"),
        ("PUBKEY", "ARCHIVO.pub"),
        ("FINAL_READING", "LECTURA"),
    ];
    let (stem, ext) = match name.split_once('.') {
        Some((stem, ext)) => (stem, Some(ext)),
        None => (name, None),
    };
    let stem = NAMES.iter().find(|(en, _)| *en == stem).map_or(stem, |(_, es)| es);
    match ext {
        Some(ext) => format!("{stem}.{ext}"),
        None => stem.to_string(),
    }
}

/// The help clap rendered, with the words it writes itself ("[OPTIONS]") in `lang`.
pub fn rendered(e: &clap::Error, lang: Lang) -> String {
    let text = e.render().to_string();
    match lang {
        Lang::Es => text.replace("[OPTIONS]", "[OPCIONES]"),
        Lang::En => text,
    }
}

/// A parsing error as a sentence in `lang`, with the usage line and where to read more.
pub fn explain(e: &clap::Error, lang: Lang) -> String {
    let get = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let valid = get(ContextKind::ValidValue);
    let mut text = match e.kind() {
        ErrorKind::UnknownArgument => lang
            .pick(
                "«{a}» no es una opción de este comando.",
                "«{a}» is not an option of this command.",
            )
            .replace("{a}", &arg),
        ErrorKind::InvalidSubcommand => lang
            .pick("«{a}» no es un comando.", "«{a}» is not a command.")
            .replace("{a}", &get(ContextKind::InvalidSubcommand)),
        ErrorKind::InvalidValue if value.is_empty() => lang
            .pick("Falta el valor de {a}.", "{a} needs a value.")
            .replace("{a}", &arg),
        ErrorKind::InvalidValue => {
            let mut t = lang
                .pick("«{v}» no es un valor de {a}.", "«{v}» is not a value of {a}.")
                .replace("{v}", &caudal_core::text::shorten(&value))
                .replace("{a}", &arg);
            if !valid.is_empty() {
                t.push_str(&lang.pick(" Valores: {w}.", " Values: {w}.").replace("{w}", &valid));
            }
            t
        }
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e)
                .map(|s| match s.downcast_ref::<caudal_core::Error>() {
                    Some(err) => err.message(lang),
                    None => s.to_string(),
                })
                .unwrap_or_default();
            format!("{arg}: {reason}")
        }
        ErrorKind::MissingRequiredArgument => lang
            .pick("Falta {a}.", "{a} is missing.")
            .replace("{a}", &arg.replace(", ", lang.pick(" y ", " and "))),
        ErrorKind::MissingSubcommand => lang.pick("Falta el comando.", "The command is missing.").to_string(),
        // Clap's own rendering is this command's help, already in `lang`.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return rendered(e, lang),
        // clap calls an option given twice a conflict with itself.
        ErrorKind::ArgumentConflict if get(ContextKind::PriorArg) == arg => lang
            .pick(
                "{a} se indicó dos veces: indíquelo una sola vez.",
                "{a} was given twice: give it once.",
            )
            .replace("{a}", &arg),
        ErrorKind::ArgumentConflict => lang
            .pick("{a} no va junto con {p}.", "{a} cannot be used with {p}.")
            .replace("{a}", &arg)
            .replace("{p}", &get(ContextKind::PriorArg)),
        ErrorKind::NoEquals => lang.pick("Escriba {a}=VALOR.", "Write {a}=VALUE.").replace("{a}", &arg),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => lang
            .pick(
                "{a} no lleva ese número de valores.",
                "{a} does not take that many values.",
            )
            .replace("{a}", &arg),
        ErrorKind::InvalidUtf8 => lang
            .pick(
                "Un argumento no es texto UTF-8 válido.",
                "An argument is not valid UTF-8 text.",
            )
            .to_string(),
        _ => lang
            .pick("Los argumentos no se entienden.", "The arguments are not understood.")
            .to_string(),
    };
    let suggested = get(ContextKind::SuggestedArg) + &get(ContextKind::SuggestedSubcommand);
    if !suggested.is_empty() {
        text.push_str(
            &lang
                .pick(" ¿Quiso decir {s}?", " Did you mean {s}?")
                .replace("{s}", &suggested),
        );
    }
    let usage = get(ContextKind::Usage);
    let usage = usage
        .trim()
        .trim_start_matches("Usage:")
        .trim_start_matches("Uso:")
        .trim();
    let usage = match lang {
        Lang::Es => usage.replace("[OPTIONS]", "[OPCIONES]"),
        Lang::En => usage.to_string(),
    };
    if !usage.is_empty() {
        text.push_str(&format!("\n\n{} {usage}", lang.pick("Uso:", "Usage:")));
    }
    text.push_str(lang.pick(
        "\n\nPara más información, añada --help.",
        "\n\nFor more information, add --help.",
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command and every option, walked: the names of those without a description in
    /// both languages.
    fn undescribed(cmd: &Command, path: &str, missing: &mut Vec<String>) {
        let path = format!("{path} {}", cmd.get_name());
        if cmd.get_about().and_then(|a| half(&a.to_string(), Lang::En)).is_none() {
            missing.push(path.clone());
        }
        for arg in cmd.get_arguments() {
            let text = arg.get_help().map(|h| h.to_string()).or_else(|| {
                SHARED
                    .iter()
                    .find(|(id, _)| *id == arg.get_id().as_str())
                    .map(|(_, t)| t.to_string())
            });
            if text.as_deref().and_then(|t| half(t, Lang::En)).is_none() {
                missing.push(format!("{path} --{}", arg.get_id()));
            }
        }
        for sub in cmd.get_subcommands() {
            undescribed(sub, &path, missing);
        }
    }

    fn english_placeholders(cmd: &Command, out: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            if !arg.get_action().takes_values() {
                continue;
            }
            let names: Vec<String> = match arg.get_value_names() {
                Some(names) => names.iter().map(|n| n.to_string()).collect(),
                None => vec![arg.get_id().as_str().to_uppercase()],
            };
            for n in names {
                let kept = ["M3", "SECTOR", "TEXTO", "VALOR", "KIND"];
                if value_name_es(&n) == n && !kept.contains(&n.as_str()) {
                    out.push(format!("{} <{n}>", cmd.get_name()));
                }
            }
        }
        for sub in cmd.get_subcommands() {
            english_placeholders(sub, out);
        }
    }

    #[test]
    fn every_placeholder_has_a_spanish_name() {
        let mut out = Vec::new();
        english_placeholders(&crate::Cli::command(), &mut out);
        out.sort();
        out.dedup();
        assert!(out.is_empty(), "{}", out.join("\n"));
    }

    #[test]
    fn the_command_line_in_each_language_is_well_formed() {
        for lang in [Lang::Es, Lang::En] {
            localized(crate::Cli::command(), lang, true).debug_assert();
        }
    }

    #[test]
    fn every_command_and_option_is_described_in_both_languages() {
        let mut missing = Vec::new();
        undescribed(&crate::Cli::command(), "", &mut missing);
        assert!(
            missing.is_empty(),
            "without «español / English»:\n{}",
            missing.join("\n")
        );
    }
}
