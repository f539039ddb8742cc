//! Every code an error carries, as one enum: the window and scripts match these words (never a
//! message), the generated bindings list them, and a new one is added here or it does not
//! compile. An invalid value's code is most often the name of the field or option it was
//! typed in, so that a form can show the message beside it.

use serde::Serialize;

/// What went wrong, as a stable word (`snake_case` in JSON and on the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum ErrorCode {
    /// A value typed in the `account` field or option that is not acceptable.
    Account,
    /// A value typed in the `address` field or option that is not acceptable.
    Address,
    /// A value typed in the `agreements` field or option that is not acceptable.
    Agreements,
    /// A value typed in the `amount` field or option that is not acceptable.
    Amount,
    /// An amount too large to be real.
    AmountOutOfRange,
    /// A value typed in the `at` field or option that is not acceptable.
    At,
    /// A value typed in the `backup` field or option that is not acceptable.
    Backup,
    /// A benchmark cannot run as asked.
    Bench,
    /// A benchmark's folder is not acceptable.
    BenchDir,
    /// A value typed in the `bill` field or option that is not acceptable.
    Bill,
    /// A long job was cancelled; nothing of it was written.
    Cancelled,
    /// A value typed in the `category` field or option that is not acceptable.
    Category,
    /// The CAUDAL_NOW moment given is not a date and time.
    CaudalNow,
    /// A value typed in the `cause` field or option that is not acceptable.
    Cause,
    /// A value typed in the `channel` field or option that is not acceptable.
    Channel,
    /// A value typed in the `chlorine` field or option that is not acceptable.
    Chlorine,
    /// A value typed in the `complainant` field or option that is not acceptable.
    Complainant,
    /// A value typed in the `complainant_id` field or option that is not acceptable.
    ComplainantId,
    /// A payment would leave a credit: the clerk is asked to confirm it.
    ConfirmCredit,
    /// The action contradicts what the ledger holds.
    Conflict,
    /// A value typed in the `corrected_m3` field or option that is not acceptable.
    CorrectedM3,
    /// A value typed in the `correction` field or option that is not acceptable.
    Correction,
    /// A CSV file cannot be read as CSV (an unclosed quote, a broken row).
    CsvSyntax,
    /// SQLite refused for another reason.
    Database,
    /// A value typed in the `date` field or option that is not acceptable.
    Date,
    /// A value typed in the `day` field or option that is not acceptable.
    Day,
    /// The demo town asked for is too small or too large.
    DemoSize,
    /// A value typed in the `description` field or option that is not acceptable.
    Description,
    /// The disk failed to read or write the ledger.
    DiskError,
    /// The ledger's disk is full; nothing was written.
    DiskFull,
    /// A value typed in the `document` field or option that is not acceptable.
    Document,
    /// A file to import names a column twice.
    DuplicateColumn,
    /// A file to import holds no rows.
    EmptyFile,
    /// A file's text encoding cannot be read.
    Encoding,
    /// A value typed in the `energy` field or option that is not acceptable.
    Energy,
    /// A value typed in the `entry_on` field or option that is not acceptable.
    EntryOn,
    /// A value typed in the `environment` field or option that is not acceptable.
    Environment,
    /// A value typed in the `event_on` field or option that is not acceptable.
    EventOn,
    /// A file could not be read or written.
    File,
    /// A value typed in the `filed_on` field or option that is not acceptable.
    FiledOn,
    /// The first user of a ledger must be an administrator.
    FirstUserAdmin,
    /// A value typed in the `fixed` field or option that is not acceptable.
    Fixed,
    /// The actor's role does not allow the action.
    Forbidden,
    /// A value typed in the `format` field or option that is not acceptable.
    Format,
    /// A value typed in the `from` field or option that is not acceptable.
    From,
    /// A value typed in the `fund_field` field or option that is not acceptable.
    FundField,
    /// A value typed in the `gender` field or option that is not acceptable.
    Gender,
    /// A value typed in the `hygiene` field or option that is not acceptable.
    Hygiene,
    /// A value typed in the `id` field or option that is not acceptable.
    Id,
    /// Something that cannot happen did.
    Internal,
    /// A form has fields that are not acceptable; nothing was written.
    InvalidFields,
    /// An import found invalid rows; nothing was written.
    InvalidRows,
    /// A value typed in the `issue_date` field or option that is not acceptable.
    IssueDate,
    /// A value typed in the `issued_on` field or option that is not acceptable.
    IssuedOn,
    /// A value typed in the `kind` field or option that is not acceptable.
    Kind,
    /// A value typed in the `lang` field or option that is not acceptable.
    Lang,
    /// The ledger file cannot be used as asked (missing, already there, newer, not a ledger).
    Ledger,
    /// Another program held the ledger longer than the wait.
    LedgerBusy,
    /// A value typed in the `logo` field or option that is not acceptable.
    Logo,
    /// A value typed in the `low` field or option that is not acceptable.
    Low,
    /// A value typed in the `maintenance` field or option that is not acceptable.
    Maintenance,
    /// A value typed in the `max` field or option that is not acceptable.
    Max,
    /// A value typed in the `men` field or option that is not acceptable.
    Men,
    /// A value typed in the `meter_date` field or option that is not acceptable.
    MeterDate,
    /// A value typed in the `meter_digits` field or option that is not acceptable.
    MeterDigits,
    /// A value typed in the `meter_final` field or option that is not acceptable.
    MeterFinal,
    /// A value typed in the `meter_initial` field or option that is not acceptable.
    MeterInitial,
    /// A value typed in the `meter_serial` field or option that is not acceptable.
    MeterSerial,
    /// A value typed in the `min` field or option that is not acceptable.
    Min,
    /// A file to import lacks a required column.
    MissingColumn,
    /// A month that must be closed is not.
    MonthOpen,
    /// A value typed in the `name` field or option that is not acceptable.
    Name,
    /// No ledger was named on the command line.
    NoDb,
    /// No ledger is open in the window.
    NoLedger,
    /// The signing key's passphrase was not given.
    NoPassphrase,
    /// There is no signing key yet.
    NoSigningKey,
    /// A file to import is not a CSV or spreadsheet.
    NotCsv,
    /// A restore of a damaged ledger was asked for one that is not damaged.
    NotDamaged,
    /// A folder to open is not Caudal's documents folder.
    NotDocumentsFolder,
    /// A named thing (account, bill, period) does not exist.
    NotFound,
    /// The file is not a tariff document.
    NotTariff,
    /// A value typed in the `note` field or option that is not acceptable.
    Note,
    /// A credit note would take back more than its bill charged.
    NoteExceeds,
    /// A value typed in the `note_kind` field or option that is not acceptable.
    NoteKind,
    /// A note's lines are not acceptable.
    NoteLines,
    /// A value typed in the `other_cost` field or option that is not acceptable.
    OtherCost,
    /// A backup of another ledger, not restored unless confirmed.
    OtherLedger,
    /// A value typed in the `out` field or option that is not acceptable.
    Out,
    /// A value typed in the `outcome` field or option that is not acceptable.
    Outcome,
    /// A value typed in the `paid_on` field or option that is not acceptable.
    PaidOn,
    /// A value typed in the `parameter` field or option that is not acceptable.
    Parameter,
    /// The passphrase and its repetition differ.
    PassphraseMismatch,
    /// The passphrase is too short.
    PassphraseTooShort,
    /// A value typed in the `password` field or option that is not acceptable.
    Password,
    /// A value typed in the `password_hash` field or option that is not acceptable.
    PasswordHash,
    /// No password was given.
    PasswordMissing,
    /// The password is too short.
    PasswordShort,
    /// A value typed in the `period` field or option that is not acceptable.
    Period,
    /// A period is billed before it has ended.
    PeriodNotEnded,
    /// A value typed in the `phone` field or option that is not acceptable.
    Phone,
    /// A value typed in the `point` field or option that is not acceptable.
    Point,
    /// A value typed in the `post` field or option that is not acceptable.
    Post,
    /// A value typed in the `public_key` field or option that is not acceptable.
    PublicKey,
    /// A value typed in the `purpose` field or option that is not acceptable.
    Purpose,
    /// The ledger's folder or file cannot be written.
    ReadOnly,
    /// A value typed in the `reader` field or option that is not acceptable.
    Reader,
    /// A value typed in the `reason` field or option that is not acceptable.
    Reason,
    /// A value typed in the `relation` field or option that is not acceptable.
    Relation,
    /// Payments cannot be replaced by a file.
    ReplacePayments,
    /// A restore would lose numbers already issued.
    RestoreLoses,
    /// A value typed in the `reversed_on` field or option that is not acceptable.
    ReversedOn,
    /// A value typed in the `role` field or option that is not acceptable.
    Role,
    /// A value typed in the `route` field or option that is not acceptable.
    Route,
    /// A value typed in the `salaries` field or option that is not acceptable.
    Salaries,
    /// A value typed in the `sample` field or option that is not acceptable.
    Sample,
    /// A value typed in the `sanction_request` field or option that is not acceptable.
    SanctionRequest,
    /// A value typed in the `sector` field or option that is not acceptable.
    Sector,
    /// A value typed in the `series` field or option that is not acceptable.
    Series,
    /// A value typed in the `service_action` field or option that is not acceptable.
    ServiceAction,
    /// No setting has that name.
    SettingUnknown,
    /// A setting's value is not acceptable.
    SettingValue,
    /// A new ledger's names are not acceptable.
    SetupNames,
    /// A value typed in the `sewer` field or option that is not acceptable.
    Sewer,
    /// Nobody is signed in (the session ended or was locked).
    SignedOut,
    /// Where to write the rows an import skipped is not acceptable.
    SkipInvalid,
    /// A value typed in the `spent_on` field or option that is not acceptable.
    SpentOn,
    /// A value typed in the `step` field or option that is not acceptable.
    Step,
    /// A value typed in the `subsidy` field or option that is not acceptable.
    Subsidy,
    /// A delivery target's credentials are not acceptable.
    TargetAuth,
    /// A delivery target's address is not acceptable.
    TargetLocation,
    /// A tariff's start is not acceptable.
    TariffEffectiveFrom,
    /// The tariff document breaks a rule of the tariff.
    TariffInvalid,
    /// The tariff document is not valid TOML.
    TariffSyntax,
    /// A value typed in the `text` field or option that is not acceptable.
    Text,
    /// A value typed in the `to` field or option that is not acceptable.
    To,
    /// A value typed in the `transition_subsidy` field or option that is not acceptable.
    TransitionSubsidy,
    /// A failure that is not one of Caudal's errors (the window's own).
    Unexpected,
    /// A value typed in the `user` field or option that is not acceptable.
    User,
    /// A value typed in the `user_name` field or option that is not acceptable.
    UserName,
    /// A value typed in the `water` field or option that is not acceptable.
    Water,
    /// A value typed in the `what` field or option that is not acceptable.
    What,
    /// A value typed in the `women` field or option that is not acceptable.
    Women,
    /// The signing key's passphrase is wrong.
    WrongPassphrase,
    /// A spreadsheet cannot be read.
    Xlsx,
}

impl ErrorCode {
    /// The code as a word: what JSON, the command line and the window read.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Account => "account",
            ErrorCode::Address => "address",
            ErrorCode::Agreements => "agreements",
            ErrorCode::Amount => "amount",
            ErrorCode::AmountOutOfRange => "amount_out_of_range",
            ErrorCode::At => "at",
            ErrorCode::Backup => "backup",
            ErrorCode::Bench => "bench",
            ErrorCode::BenchDir => "bench_dir",
            ErrorCode::Bill => "bill",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::Category => "category",
            ErrorCode::CaudalNow => "caudal_now",
            ErrorCode::Cause => "cause",
            ErrorCode::Channel => "channel",
            ErrorCode::Chlorine => "chlorine",
            ErrorCode::Complainant => "complainant",
            ErrorCode::ComplainantId => "complainant_id",
            ErrorCode::ConfirmCredit => "confirm_credit",
            ErrorCode::Conflict => "conflict",
            ErrorCode::CorrectedM3 => "corrected_m3",
            ErrorCode::Correction => "correction",
            ErrorCode::CsvSyntax => "csv_syntax",
            ErrorCode::Database => "database",
            ErrorCode::Date => "date",
            ErrorCode::Day => "day",
            ErrorCode::DemoSize => "demo_size",
            ErrorCode::Description => "description",
            ErrorCode::DiskError => "disk_error",
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::Document => "document",
            ErrorCode::DuplicateColumn => "duplicate_column",
            ErrorCode::EmptyFile => "empty_file",
            ErrorCode::Encoding => "encoding",
            ErrorCode::Energy => "energy",
            ErrorCode::EntryOn => "entry_on",
            ErrorCode::Environment => "environment",
            ErrorCode::EventOn => "event_on",
            ErrorCode::File => "file",
            ErrorCode::FiledOn => "filed_on",
            ErrorCode::FirstUserAdmin => "first_user_admin",
            ErrorCode::Fixed => "fixed",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Format => "format",
            ErrorCode::From => "from",
            ErrorCode::FundField => "fund_field",
            ErrorCode::Gender => "gender",
            ErrorCode::Hygiene => "hygiene",
            ErrorCode::Id => "id",
            ErrorCode::Internal => "internal",
            ErrorCode::InvalidFields => "invalid_fields",
            ErrorCode::InvalidRows => "invalid_rows",
            ErrorCode::IssueDate => "issue_date",
            ErrorCode::IssuedOn => "issued_on",
            ErrorCode::Kind => "kind",
            ErrorCode::Lang => "lang",
            ErrorCode::Ledger => "ledger",
            ErrorCode::LedgerBusy => "ledger_busy",
            ErrorCode::Logo => "logo",
            ErrorCode::Low => "low",
            ErrorCode::Maintenance => "maintenance",
            ErrorCode::Max => "max",
            ErrorCode::Men => "men",
            ErrorCode::MeterDate => "meter_date",
            ErrorCode::MeterDigits => "meter_digits",
            ErrorCode::MeterFinal => "meter_final",
            ErrorCode::MeterInitial => "meter_initial",
            ErrorCode::MeterSerial => "meter_serial",
            ErrorCode::Min => "min",
            ErrorCode::MissingColumn => "missing_column",
            ErrorCode::MonthOpen => "month_open",
            ErrorCode::Name => "name",
            ErrorCode::NoDb => "no_db",
            ErrorCode::NoLedger => "no_ledger",
            ErrorCode::NoPassphrase => "no_passphrase",
            ErrorCode::NoSigningKey => "no_signing_key",
            ErrorCode::NotCsv => "not_csv",
            ErrorCode::NotDamaged => "not_damaged",
            ErrorCode::NotDocumentsFolder => "not_documents_folder",
            ErrorCode::NotFound => "not_found",
            ErrorCode::NotTariff => "not_tariff",
            ErrorCode::Note => "note",
            ErrorCode::NoteExceeds => "note_exceeds",
            ErrorCode::NoteKind => "note_kind",
            ErrorCode::NoteLines => "note_lines",
            ErrorCode::OtherCost => "other_cost",
            ErrorCode::OtherLedger => "other_ledger",
            ErrorCode::Out => "out",
            ErrorCode::Outcome => "outcome",
            ErrorCode::PaidOn => "paid_on",
            ErrorCode::Parameter => "parameter",
            ErrorCode::PassphraseMismatch => "passphrase_mismatch",
            ErrorCode::PassphraseTooShort => "passphrase_too_short",
            ErrorCode::Password => "password",
            ErrorCode::PasswordHash => "password_hash",
            ErrorCode::PasswordMissing => "password_missing",
            ErrorCode::PasswordShort => "password_short",
            ErrorCode::Period => "period",
            ErrorCode::PeriodNotEnded => "period_not_ended",
            ErrorCode::Phone => "phone",
            ErrorCode::Point => "point",
            ErrorCode::Post => "post",
            ErrorCode::PublicKey => "public_key",
            ErrorCode::Purpose => "purpose",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::Reader => "reader",
            ErrorCode::Reason => "reason",
            ErrorCode::Relation => "relation",
            ErrorCode::ReplacePayments => "replace_payments",
            ErrorCode::RestoreLoses => "restore_loses",
            ErrorCode::ReversedOn => "reversed_on",
            ErrorCode::Role => "role",
            ErrorCode::Route => "route",
            ErrorCode::Salaries => "salaries",
            ErrorCode::Sample => "sample",
            ErrorCode::SanctionRequest => "sanction_request",
            ErrorCode::Sector => "sector",
            ErrorCode::Series => "series",
            ErrorCode::ServiceAction => "service_action",
            ErrorCode::SettingUnknown => "setting_unknown",
            ErrorCode::SettingValue => "setting_value",
            ErrorCode::SetupNames => "setup_names",
            ErrorCode::Sewer => "sewer",
            ErrorCode::SignedOut => "signed_out",
            ErrorCode::SkipInvalid => "skip_invalid",
            ErrorCode::SpentOn => "spent_on",
            ErrorCode::Step => "step",
            ErrorCode::Subsidy => "subsidy",
            ErrorCode::TargetAuth => "target_auth",
            ErrorCode::TargetLocation => "target_location",
            ErrorCode::TariffEffectiveFrom => "tariff_effective_from",
            ErrorCode::TariffInvalid => "tariff_invalid",
            ErrorCode::TariffSyntax => "tariff_syntax",
            ErrorCode::Text => "text",
            ErrorCode::To => "to",
            ErrorCode::TransitionSubsidy => "transition_subsidy",
            ErrorCode::Unexpected => "unexpected",
            ErrorCode::User => "user",
            ErrorCode::UserName => "user_name",
            ErrorCode::Water => "water",
            ErrorCode::What => "what",
            ErrorCode::Women => "women",
            ErrorCode::WrongPassphrase => "wrong_passphrase",
            ErrorCode::Xlsx => "xlsx",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Tests and scripts compare a code with its word.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}
