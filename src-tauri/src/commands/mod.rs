//! The window's command surface, declared once: the macro below registers every command with
//! Tauri and, for the test suite, writes the TypeScript map of names, argument and result types
//! (`ui/src/lib/bindings.ts`), which CI checks for drift.

mod background;
mod backups;
mod billing;
mod board;
mod bundles;
mod complaints;
mod customers;
mod documents;
mod field;
mod fund;
mod payments;
mod readings;
mod session;
mod settings;
mod tariffs;
mod users;

pub use background::start_background_round;
pub use backups::on_close;
use serde::Deserialize;

/// The arguments of a command that takes none.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct NoArgs {}

macro_rules! surface {
    ($($module:ident :: $name:ident ( $args:ty ) -> $ret:ty;)*) => {
        pub fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($module::$name),*]
        }

        /// The TypeScript of the whole surface: every type it uses, and the command map.
        #[cfg(test)]
        pub fn typescript() -> String {
            let cfg = ts_rs::Config::new().with_large_int("number");
            let mut types = bindings::Types::new(&cfg);
            let mut map = String::new();
            $(
                types.add::<$args>();
                types.add::<$ret>();
                map.push_str(&format!(
                    "  {}: {{ args: {}; result: {} }};\n",
                    stringify!($name),
                    <$args as ts_rs::TS>::name(&cfg),
                    <$ret as ts_rs::TS>::name(&cfg)
                ));
            )*
            types.add::<crate::ipc::IpcError>();
            types.add::<billing::IssueProgress>();
            format!(
                "// Generated from src-tauri/src/commands/mod.rs by `cargo test -p caudal-desktop bindings`.\n\
                 // Do not edit: change the Rust types and run the test with UPDATE_BINDINGS=1.\n\n{}\n\
                 export type Commands = {{\n{map}}};\n",
                types.finish()
            )
        }
    };
}

surface! {
    session::app_status(NoArgs) -> session::AppStatus;
    background::background_problems(NoArgs) -> Vec<background::BackgroundProblem>;
    session::restore_damaged(session::RestoreDamagedArgs) -> session::AppStatus;
    session::create_ledger(session::CreateLedgerArgs) -> session::AppStatus;
    session::open_demo(NoArgs) -> session::AppStatus;
    session::sign_in(session::SignInArgs) -> session::AppStatus;
    session::sign_out(NoArgs) -> session::AppStatus;
    session::set_lang(session::LangArgs) -> session::AppStatus;
    users::users_list(NoArgs) -> Vec<caudal_core::users::UserInfo>;
    users::user_add(caudal_core::users::NewUser) -> Vec<caudal_core::users::UserInfo>;
    users::user_deactivate(users::NameArgs) -> Vec<caudal_core::users::UserInfo>;
    users::user_password(users::PasswordArgs) -> Vec<caudal_core::users::UserInfo>;
    customers::customers_search(customers::SearchArgs) -> Vec<caudal_core::customers::CustomerRow>;
    customers::customer_detail(customers::AccountArgs) -> caudal_core::customer_page::CustomerDetail;
    customers::customer_save(customers::CustomerSaveArgs) -> caudal_core::customers::Customer;
    customers::customers_import(customers::ImportArgs) -> caudal_core::import::ImportSummary;
    customers::service_change(customers::ServiceArgs) -> caudal_core::service::ServiceEvent;
    customers::categories(NoArgs) -> Vec<caudal_core::tariffs::CategoryChoice>;
    tariffs::tariffs_list(NoArgs) -> Vec<caudal_core::tariffs::StoredTariff>;
    tariffs::tariff_import(tariffs::PathArgs) -> Vec<caudal_core::tariffs::TariffGap>;
    readings::reading_sheet(billing::PeriodArgs) -> Vec<caudal_core::readings::SheetRow>;
    readings::reading_check(readings::CheckArgs) -> caudal_core::readings::ReadingCheck;
    readings::readings_save(readings::ReadingsSaveArgs) -> caudal_core::import::ImportSummary;
    readings::readings_import(customers::ImportArgs) -> caudal_core::import::ImportSummary;
    billing::month_status(billing::PeriodArgs) -> caudal_core::billing::MonthStatus;
    billing::billing_preview(billing::PeriodArgs) -> billing::PreviewView;
    billing::billing_confirm(billing::ConfirmArgs) -> billing::PreviewView;
    billing::billing_issue(billing::IssueArgs) -> caudal_core::billing::IssueOutcome;
    billing::billing_cancel(NoArgs) -> bool;
    billing::bills_search(billing::BillsArgs) -> Vec<billing::ListedBill>;
    billing::note_issue(billing::NoteArgs) -> caudal_core::notes::Note;
    billing::months_view(billing::PeriodArgs) -> Vec<caudal_core::accounts::MonthState>;
    billing::month_close(billing::PeriodArgs) -> Vec<caudal_core::accounts::MonthState>;
    payments::payment_record(payments::PayArgs) -> payments::PaymentTaken;
    payments::payment_reverse(payments::ReverseArgs) -> caudal_core::payments::Payment;
    payments::statement(customers::AccountArgs) -> caudal_core::accounts::Statement;
    payments::receipt_copy(payments::ReceiptArgs) -> documents::PdfFile;
    payments::cash_close(NoArgs) -> caudal_core::payments::CashClose;
    payments::arrears(payments::ArrearsArgs) -> payments::ArrearsView;
    payments::fund_balance(NoArgs) -> caudal_core::fund::FundBalance;
    fund::fund_spend(fund::SpendArgs) -> i64;
    documents::bills_pdf(documents::BillsPdfArgs) -> documents::PdfFile;
    documents::route_sheets_pdf(documents::RouteSheetsArgs) -> documents::PdfFile;
    documents::print_cancel(NoArgs) -> bool;
    documents::open_folder(documents::FolderArgs) -> bool;
    bundles::outbox_view(NoArgs) -> bundles::OutboxView;
    bundles::key_generate(bundles::PassphraseArgs) -> caudal_core::bundle::PublicInfo;
    bundles::key_save(NoArgs) -> String;
    bundles::bundle_create(bundles::BundleCreateArgs) -> caudal_core::bundle::BundleCreated;
    bundles::bundle_save(bundles::BundleNameArgs) -> Vec<String>;
    bundles::bundle_resend(bundles::BundleNameArgs) -> bool;
    bundles::target_add(caudal_core::bundle::TargetDraft) -> caudal_core::bundle::Target;
    bundles::target_remove(bundles::TargetIdArgs) -> bool;
    bundles::outbox_deliver(NoArgs) -> Vec<caudal_core::bundle::outbox::Attempt>;
    settings::settings_view(NoArgs) -> caudal_core::operator_settings::OperatorSettings;
    backups::backups_view(NoArgs) -> Vec<caudal_core::ledger::backup::BackupRecord>;
    backups::backup_now(NoArgs) -> Vec<caudal_core::ledger::backup::BackupRecord>;
    backups::backup_restore_preview(backups::PreviewArgs) -> caudal_core::ledger::backup::RestorePreview;
    backups::backup_restore(backups::RestoreArgs) -> caudal_core::ledger::backup::RestoreOutcome;
    settings::setting_set(settings::SettingArgs) -> caudal_core::operator_settings::OperatorSettings;
    complaints::complaints_list(complaints::ListArgs) -> Vec<caudal_core::complaints::Complaint>;
    complaints::complaint_detail(complaints::NumberArgs) -> complaints::ComplaintDetail;
    complaints::complaints_of_account(customers::AccountArgs) -> Vec<caudal_core::complaints::Complaint>;
    complaints::complaint_file(caudal_core::complaints::NewComplaint) -> complaints::ComplaintPrinted;
    complaints::complaint_decide(complaints::DecideArgs) -> caudal_core::complaints::Complaint;
    complaints::complaint_ncb_decide(complaints::DecideArgs) -> caudal_core::complaints::Complaint;
    complaints::complaint_step(complaints::StepArgs) -> complaints::ComplaintPrinted;
    complaints::complaint_pdf(complaints::PaperArgs) -> documents::PdfFile;
    complaints::calendar_view_year(complaints::YearArgs) -> complaints::CalendarView;
    complaints::calendar_change(complaints::CalendarChangeArgs) -> complaints::CalendarView;
    complaints::complaint_rule_set(complaints::RuleArgs) -> complaints::CalendarView;
    complaints::complaint_warnings(NoArgs) -> complaints::ComplaintWarnings;
    field::field_home(billing::PeriodArgs) -> field::FieldHome;
    field::sample_check(field::SampleCheckArgs) -> caudal_core::quality::SampleCheck;
    field::sample_record(caudal_core::quality::NewSample) -> field::SampleRecorded;
    field::field_import(field::FieldImportArgs) -> caudal_core::import::ImportSummary;
    field::incident_step(field::IncidentArgs) -> caudal_core::quality::Incident;
    field::interruption_record(field::InterruptionArgs) -> caudal_core::continuity::Interruption;
    field::interruptions_month(billing::PeriodArgs) -> field::MonthInterruptions;
    field::chlorine_chart(field::ChartArgs) -> Vec<(String, String)>;
    field::quality_limits(NoArgs) -> Vec<caudal_core::quality::Limit>;
    field::quality_limit_set(field::LimitArgs) -> Vec<caudal_core::quality::Limit>;
    board::board_home(billing::PeriodArgs) -> board::BoardHome;
    board::board_report_pdf(billing::PeriodArgs) -> documents::PdfFile;
    board::ncb_meeting_record(caudal_core::reports::NewMeeting) -> caudal_core::reports::Meeting;
    board::ncb_member_add(caudal_core::reports::NewMember) -> caudal_core::reports::Member;
    board::indicator_targets(NoArgs) -> Vec<caudal_core::reports::TargetSetting>;
}

#[cfg(test)]
mod bindings {
    //! Collects the TypeScript declarations of every type a command uses, recursively.

    use std::collections::BTreeMap;
    use ts_rs::{Config, TS, TypeVisitor};

    pub struct Types<'a> {
        cfg: &'a Config,
        decls: BTreeMap<String, String>,
    }

    impl<'a> Types<'a> {
        pub fn new(cfg: &'a Config) -> Types<'a> {
            Types {
                cfg,
                decls: BTreeMap::new(),
            }
        }

        pub fn add<T: TS + 'static + ?Sized>(&mut self) {
            self.visit::<T>();
        }

        pub fn finish(self) -> String {
            self.decls
                .into_values()
                .map(|d| format!("export {d}\n"))
                .collect::<Vec<_>>()
                .join("\n")
        }
    }

    impl TypeVisitor for Types<'_> {
        fn visit<T: TS + 'static + ?Sized>(&mut self) {
            if T::output_path().is_some() {
                let name = T::ident(self.cfg);
                let decl = T::decl(self.cfg);
                match self.decls.get(&name) {
                    Some(seen) if *seen == decl => return,
                    Some(_) => panic!("two types of the command surface are both named {name}: rename one"),
                    None => {
                        self.decls.insert(name, decl);
                    }
                }
            }
            T::visit_dependencies(self);
            T::visit_generics(self);
        }
    }

    #[test]
    fn bindings_are_up_to_date() {
        let generated = super::typescript();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings.ts");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).expect("write bindings");
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/lib/bindings.ts is out of date with the Rust command surface: run \
             `UPDATE_BINDINGS=1 cargo test -p caudal-desktop bindings` and commit the result"
        );
    }
}
