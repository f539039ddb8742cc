// Generated from src-tauri/src/commands/mod.rs by `cargo test -p caudal-desktop bindings`.
// Do not edit: change the Rust types and run the test with UPDATE_BINDINGS=1.

export type AccountArgs = { account: string, };

export type AgeBuckets = { d0_30: Money, d31_60: Money, d61_90: Money, over_90: Money, };

export type AppStatus = { 
/**
 * A ledger is open.
 */
open: boolean, 
/**
 * A real operator's ledger exists in the data folder (first start offers to create one
 * otherwise).
 */
ledger_exists: boolean, ledger_path: string | null, operator: string, town: string, is_demo: boolean, 
/**
 * The demo's people and their password, shown on its sign-in screen.
 */
demo_users: Array<UserInfo>, demo_password: string | null, user: SessionUser | null, lang: Lang, 
/**
 * The operator's current month and date.
 */
current_period: Period, today: string, 
/**
 * The ledger failed its check at start: it is not opened, and the newest good backup is
 * offered.
 */
damaged: Damage | null, };

export type AppliedLine = { bill: string, period: string, amount: Money, };

export type ArrearsArgs = { 
/**
 * Only connections with two or more overdue bills.
 */
disconnection: boolean, };

export type ArrearsRow = { account: string, holder: string, address: string, 
/**
 * Charges (bills, debit notes, service charges) with an overdue part.
 */
overdue_bills: number, buckets: AgeBuckets, total: Money, };

export type ArrearsView = { date: string, totals: AgeBuckets, connections: number, 
/**
 * The largest debts first; the whole list is on the command line.
 */
rows: Array<ArrearsRow>, };

export type Attempt = { bundle: string, target: string, delivered: boolean, error: Text | null, };

export type Atypical = { consumption_m3: number, 
/**
 * Average of the measured months compared against, exact.
 */
average_m3: string, months: number, };

export type BackgroundProblem = { task: Task, 
/**
 * When it first failed, dd/mm/aaaa HH:MM local time.
 */
since: string, 
/**
 * Failed attempts in a row.
 */
times: number, 
/**
 * Why the last attempt failed, in the session's language.
 */
message: string, };

export type BackupRecord = { taken_at: string, kind: string, path: string, bytes: number, sha256: string, chain_head: string, 
/**
 * Records sealed in the chain when it was taken.
 */
links: number, 
/**
 * Whether the file is still where it was written.
 */
present: boolean, };

export type Basis = "measured" | "estimated" | "assigned";

export type Bill = { 
/**
 * The gapless sequence number of the bill in its series.
 */
id: number, number: string, connection_id: number, account: string, holder: string, address: string, period: string, issued_on: string, due_on: string, tariff_id: number, category: string, basis: Basis, meter_serial: string | null, prev_reading: number | null, curr_reading: number | null, consumption_m3: number, billed_m3: number, water: Money, sewer: Money, fixed: Money, subsidy: Money, subtotal: Money, tax: Money, month_total: Money, rounding_prev: Money, rounding_curr: Money, amount_due: Money, previous_balance: Money, total_to_pay: Money, fund_share: Money, issued_by: string, };

export type BillStanding = { bill_id: number, paid: Paid, 
/**
 * What is still owed of it (0 when paid).
 */
unpaid: Money, 
/**
 * "Pagado", "Pagado en parte: faltan S/ 12.30", "Pendiente".
 */
words: Text, };

export type BillsArgs = { period: Period, query: string, limit: number, };

export type BillsPdfArgs = { period: Period, 
/**
 * One account's bill, or all of the period's.
 */
account: string | null, };

export type Blocks = Array<[number, string]>;

export type BoardHome = { report: NcbReport, 
/**
 * The month in plain words, as the report's cover says it.
 */
summary: string, audit_sentence: string, 
/**
 * Appeals waiting for the Board's decision.
 */
appeals_waiting: number, 
/**
 * Every member ever recorded (the report lists those in office).
 */
all_members: Array<Member>, 
/**
 * Today in the operator's time, the meeting form's default.
 */
today: string, };

export type Bundle = { name: string, period: string, revision: number, ledger_head: string, zip_sha256: string, zip_bytes: number, created_on: string, created_by: string, state: BundleState, deliveries: Array<DeliveryRow>, };

export type BundleCreateArgs = { period: Period, passphrase: string, };

export type BundleCreated = { bundle: Bundle, 
/**
 * The month's data had not changed since this bundle was made: it is returned as it was,
 * not made again.
 */
unchanged: boolean, };

export type BundleNameArgs = { name: string, };

export type BundleState = "created" | "pending" | "delivered";

export type CalendarChangeArgs = { day: string, 
/**
 * True to make it a holiday, false a working day.
 */
holiday: boolean, name: string, };

export type CalendarDay = { day: string, name_es: string, name_en: string, 
/**
 * `national` (the table of every year), `added` (by the operator), `removed` (a holiday
 * of the table that the operator made a working day).
 */
source: string, };

export type CalendarView = { year: number, days: Array<CalendarDay>, rules: Array<Rule>, };

export type CashClose = { day: string, by_clerk: Array<ClerkTotal>, 
/**
 * The day's cash receipts as runs of consecutive numbers: "R001-00000160 – R001-00000162",
 * "R001-00000170". A bare first-to-last range would claim the numbers other channels
 * and other days took in between.
 */
runs: Array<string>, receipts: number, 
/**
 * Reversals recorded that day, already subtracted from the totals.
 */
reversals: number, total: Money, };

export type Category = { label: string, method: Method, minimum_m3: number, unmetered_m3: number, water: Blocks, sewer: Sewer, };

export type CategoryChoice = { code: string, 
/**
 * The tariff's label ("Doméstico").
 */
label: string, 
/**
 * Priced by the tariff in force today (the customer form offers only these).
 */
in_force: boolean, };

export type CategoryWords = { code: string, label: string, 
/**
 * "por bloques" / "by blocks".
 */
method: Text, water: Text, sewer: Text, 
/**
 * "mínimo 8 m³ · sin medidor se asignan 20 m³".
 */
volumes: Text, };

export type Channel = "counter" | "phone" | "written";

export type Charges = { 
/**
 * Volume before the minimum.
 */
consumption_m3: number, 
/**
 * Volume priced: max(consumption, minimum).
 */
billed_m3: number, water: Money, sewer: Money, fixed: Money, 
/**
 * Zero or negative: the discount paid by the fund.
 */
subsidy: Money, subtotal: Money, tax: Money, month_total: Money, 
/**
 * The carry from the previous bill ("redondeo mes anterior").
 */
rounding_prev: Money, 
/**
 * This bill's pay rounding ("redondeo mes actual"); the next bill carries its negation.
 */
rounding_curr: Money, 
/**
 * What this month asks to pay, after pay rounding.
 */
amount_due: Money, 
/**
 * Informational: the part of the bill that goes to the community fund.
 */
fund_share: Money, };

export type ChartArgs = { point: string, period: Period, };

export type CheckArgs = { period: Period, draft: ReadingDraft, };

export type ClerkTotal = { clerk: string, receipts: number, total: Money, };

export type Complaint = { id: number, number: string, account: string, holder: string, kind: ComplaintKind, channel: Channel, complainant: string, complainant_id: string, relation: Relation, bill: string | null, bill_period: string | null, disputed: Money, description: string, contact: string, filed_on: string, decision_due: string, filed_by: string, steps: Array<Step>, state: ComplaintState, progress: Progress, 
/**
 * Whether the deadline of the operator's or the Board's next move has passed.
 */
overdue: boolean, };

export type ComplaintDetail = { complaint: Complaint, bill: Bill | null, notes: Array<Note>, };

export type ComplaintFigures = { period: string, filed: number, filed_billing: number, filed_commercial: number, filed_operational: number, 
/**
 * First-instance decisions of the month, positive silence included.
 */
decided: number, 
/**
 * Of those, decided by the operator on or before the deadline.
 */
decided_on_time: number, by_silence: number, founded: number, partly: number, unfounded: number, appeals: number, 
/**
 * The Board's second-instance decisions of the month, by outcome.
 */
ncb_decided: number, ncb_founded: number, ncb_partly: number, ncb_unfounded: number, 
/**
 * Credit notes that decisions of the month issued, with tax.
 */
credited: Money, };

export type ComplaintKind = "billing" | "commercial" | "operational";

export type ComplaintPrinted = { complaint: Complaint, pdf: PdfFile | null, };

export type ComplaintState = "open" | "decided" | "in_reconsideration" | "appealed" | "final" | "withdrawn";

export type ComplaintWarnings = { due_soon: Array<Complaint>, by_silence: Array<Complaint>, };

export type ConfirmArgs = { account: string, period: Period, };

export type Continuity = { period: string, 
/**
 * Hours a day, one decimal; `None` without sectors or active connections.
 */
continuity: string | null, non_revenue_water: string | null, produced_m3: number, consumed_m3: number, planned_share: string | null, notice_given: string | null, sectors: Array<SectorFigures>, };

export type CreateLedgerArgs = { operator: string, town: string, ruc: string, series: string, admin_name: string, admin_full_name: string, password: string, };

export type Customer = { account: string, name: string, document: string | null, address: string, sector: string, route: string | null, route_seq: number | null, category: string, sewer: boolean, subsidized: boolean, status: Status, gender: string | null, phone: string | null, connected_on: string | null, 
/**
 * The meter in place; `None` for an unmetered connection.
 */
meter: Meter | null, };

export type CustomerDetail = { customer: Customer, bills: Array<Bill>, readings: Array<ReadingRow>, 
/**
 * What may be done to its service from its status (cut, reconnect, suspend, close), for
 * whoever may change customers.
 */
actions: Array<ServiceAction>, };

export type CustomerDraft = { account: string, name: string, document: string, address: string, sector: string, route: string, route_seq: string, category: string, metered: string, meter_serial: string, meter_digits: string, initial_reading: string, sewer: string, subsidized: string, status: string, gender: string, phone: string, connected_on: string, };

export type CustomerRow = { account: string, name: string, address: string, sector: string, route: string | null, category: string, status: Status, metered: boolean, };

export type CustomerSaveArgs = { draft: CustomerDraft, create: boolean, };

export type Damage = { reason: Text, 
/**
 * The newest automatic backup that verifies, if any.
 */
backup: string | null, 
/**
 * When it was taken (`YYYY-MM-DD HH:MM`, local time): what came after it would be lost.
 */
backup_taken: string | null, };

export type DecideArgs = { number: string, outcome: Outcome, 
/**
 * `none`, `volume` or `lines`.
 */
by: string, m3: string, water: string, sewer: string, fixed: string, reason: string, };

export type DeliveryRow = { target: string, delivered: boolean, attempts: number, 
/**
 * Why the last attempt failed, in both languages.
 */
last_error: Text | null, last_attempt_at: string | null, next_attempt_at: string | null, delivered_at: string | null, };

export type ErrorCode = "account" | "address" | "agreements" | "amount" | "amount_out_of_range" | "at" | "backup" | "bench" | "bench_dir" | "bill" | "cancelled" | "category" | "caudal_now" | "cause" | "channel" | "chlorine" | "complainant" | "complainant_id" | "confirm_credit" | "conflict" | "corrected_m3" | "correction" | "csv_syntax" | "database" | "date" | "day" | "demo_size" | "description" | "disk_error" | "disk_full" | "document" | "duplicate_column" | "empty_file" | "encoding" | "energy" | "entry_on" | "environment" | "event_on" | "file" | "filed_on" | "first_user_admin" | "fixed" | "forbidden" | "format" | "from" | "fund_field" | "gender" | "hygiene" | "id" | "internal" | "invalid_fields" | "invalid_rows" | "issue_date" | "issued_on" | "kind" | "lang" | "ledger" | "ledger_busy" | "logo" | "low" | "maintenance" | "max" | "men" | "meter_date" | "meter_digits" | "meter_final" | "meter_initial" | "meter_serial" | "min" | "missing_column" | "month_open" | "name" | "no_db" | "no_ledger" | "no_passphrase" | "no_signing_key" | "not_csv" | "not_damaged" | "not_documents_folder" | "not_found" | "not_tariff" | "note" | "note_exceeds" | "note_kind" | "note_lines" | "other_cost" | "other_ledger" | "out" | "outcome" | "paid_on" | "parameter" | "passphrase_mismatch" | "passphrase_too_short" | "password" | "password_hash" | "password_missing" | "password_short" | "period" | "period_not_ended" | "phone" | "point" | "post" | "public_key" | "purpose" | "read_only" | "reader" | "reason" | "relation" | "replace_payments" | "restore_loses" | "reversed_on" | "role" | "route" | "salaries" | "sample" | "sanction_request" | "sector" | "series" | "service_action" | "setting_unknown" | "setting_value" | "setup_names" | "sewer" | "signed_out" | "skip_invalid" | "spent_on" | "step" | "subsidy" | "target_auth" | "target_location" | "tariff_effective_from" | "tariff_invalid" | "tariff_syntax" | "text" | "to" | "transition_subsidy" | "unexpected" | "user" | "user_name" | "water" | "what" | "women" | "wrong_passphrase" | "xlsx";

export type FieldError = { column: string, value: string, reason: Text, };

export type FieldHome = { summary: QualitySummary, plan: Array<PlanRow>, incidents: Array<Incident>, in_progress: Array<Interruption>, continuity: Continuity, points: Array<Point>, 
/**
 * The operator's local time now (`YYYY-MM-DD HH:MM`), the forms' default: the ledger's
 * clock, not the computer's time zone.
 */
now: string, };

export type FieldImportArgs = { 
/**
 * `samples`, `points`, `plan`, `sectors`, `interruptions` or `production`.
 */
what: string, file: ImportArgs, };

export type FolderArgs = { 
/**
 * A document the window was told it saved.
 */
path: string, };

export type Fund = { percent: string, 
/**
 * Purpose code → share; shares sum to exactly 1.
 */
purposes: Record<string, string>, };

export type FundBalance = { as_of: string, purposes: Array<PurposeBalance>, total: Money, };

export type FundMonth = { period: string, purposes: Array<PurposeMonth>, spent: Array<FundSpending>, contributions: Money, 
/**
 * Subsidies and spending together: what left the fund.
 */
outflows: Money, closing: Money, };

export type FundSpending = { purpose: string, spent_on: string, amount: Money, description: string, document: string, approved_by: string, };

export type HeldReading = { account: string, holder: string, period: Period, volume: Volume, atypical: Atypical, };

export type ImportArgs = { path: string, 
/**
 * Check only: the preview of errors; nothing is written.
 */
dry_run: boolean, 
/**
 * Write the valid rows and put the others in this file (`--skip-invalid`).
 */
rejects: string | null, replace: boolean, };

export type ImportSummary = { rows: number, added: number, replaced: number, 
/**
 * Rows identical to what is stored (or repeated in the file): nothing to do.
 */
unchanged: number, empty_rows: number, invalid: Array<RowError>, 
/**
 * Rows stored, but worth a look (a meter that rolled over past its last digit).
 */
warnings: Array<RowError>, 
/**
 * Columns of the file that Caudal does not read.
 */
ignored_columns: Array<string>, 
/**
 * What the new rows add up to, for imports of money (a bank's collections): the figure
 * the clerk checks against the bank's statement.
 */
added_total: Money | null, };

export type Incident = { id: number, sample: Sample, opened_on: string, failed: Array<string>, actions: Array<IncidentAction>, closed_on: string | null, };

export type IncidentAction = { 
/**
 * `action`, `resample` or `close`.
 */
kind: string, on_date: string, text: string, 
/**
 * A resample: its code and verdict.
 */
sample: string | null, verdict: string | null, recorded_by: string, };

export type IncidentArgs = { id: number, 
/**
 * `action`, `resample` or `close`.
 */
kind: string, text: string, sample: string | null, };

export type Indicator = { period: string, code: string, label_es: string, label_en: string, 
/**
 * Rounded as the unit says; `None` when the denominator is 0 or nothing was recorded.
 */
value: string | null, unit: string, numerator: string | null, denominator: string | null, target: string | null, meets_target: boolean | null, 
/**
 * `more` (the target is a floor) or `less` (a ceiling).
 */
better: string, };

export type Interruption = { id: number, sectors: Array<string>, start: string, end: string | null, 
/**
 * `planned` or `unplanned`.
 */
kind: string, cause: string, notice_hours: number, };

export type InterruptionArgs = { 
/**
 * Start: the sectors, kind, cause and notice; end: the id.
 */
id: number | null, sectors: Array<string>, 
/**
 * `YYYY-MM-DD HH:MM`, local time.
 */
at: string, kind: string, cause: string, notice_hours: number, };

export type IpcError = { 
/**
 * What went wrong, one of the core's codes: the window branches on it, never on the message.
 */
code: ErrorCode, message: string, 
/**
 * Invalid rows of an import, each with line, column, value and reason.
 */
rows: Array<RowError>, 
/**
 * Invalid fields of a form.
 */
fields: Array<FieldError>, };

export type IssueArgs = { period: Period, };

export type IssueOutcome = { period: Period, issued: number, first_number: string | null, last_number: string | null, issued_on: string, due_on: string, held: number, unbillable: number, already_billed: number, totals: Totals, 
/**
 * The preview's warning, said again when the run is issued.
 */
warning: Text | null, };

export type IssueProgress = { done: number, total: number, };

export type IssuedTotals = { bills: number, subtotal: Money, month_total: Money, amount_due: Money, fund_share: Money, };

export type Lang = "es" | "en";

export type LangArgs = { lang: Lang, };

export type Limit = { parameter: string, unit: string, min: string | null, 
/**
 * Under `min` but at least this: "low", not failing.
 */
low: string | null, max: string | null, 
/**
 * The point kinds `min` applies to (empty: every kind).
 */
min_kinds: Array<string>, 
/**
 * The regulation each default comes from.
 */
regulation: string, };

export type LimitArgs = { parameter: string, 
/**
 * Each as typed; empty for none.
 */
min: string, low: string, max: string, };

export type ListArgs = { 
/**
 * `open` (not final), `overdue`, `due_soon` (within 5 working days), `appealed` or `by_silence`.
 */
filter: string, };

export type ListedBill = { bill: Bill, standing: BillStanding, 
/**
 * The credit and debit notes on it, oldest first.
 */
notes: Array<Note>, };

export type Meeting = { id: number, held_on: string, 
/**
 * `board` or `assembly`.
 */
kind: string, women: number, men: number, agreements: string, sanction_request: string, recorded_by: string, };

export type Member = { id: number, name: string, 
/**
 * `F` or `M`.
 */
gender: string, post: string, from_on: string, to_on: string | null, };

export type Meter = { serial: string, digits: number, initial_reading: number, };

export type Method = "block" | "range";

export type Mismatch = { bill: string, account: string, 
/**
 * `tariff`, `category`, `billed_m3`, `water`, `sewer`, `fixed`, `subsidy`, `subtotal`,
 * `tax`, `month_total`, `rounding_prev`, `amount_due` or `fund_share`.
 */
line: string, 
/**
 * The line in words.
 */
label: Text, 
/**
 * Whether `billed` and `recomputed` are amounts in soles (else a tariff, a category or m³).
 */
money: boolean, billed: string, recomputed: string, };

export type Money = string;

export type MoneyMonth = { issued: IssuedTotals, payments: Money, reversals: Money, collected: Money, 
/**
 * Overdue at the month's end, by age.
 */
arrears: AgeBuckets, arrears_total: Money, accounts_in_arrears: number, cuts: number, reconnections: number, };

export type MonthInterruptions = { interruptions: Array<Interruption>, continuity: Continuity, sectors: Array<string>, };

export type MonthPoint = { period: Period, bills: number, billed_m3: number, amount_due: Money, };

export type MonthState = { period: Period, bills: number, 
/**
 * The billing run of this period has been issued.
 */
billed: boolean, closed: boolean, 
/**
 * Whether it can be closed now (it has ended and is not closed).
 */
closable: boolean, };

export type MonthStatus = { period: Period, active: number, readings_expected: number, readings_entered: number, held: number, billed: number, 
/**
 * Connections the run would bill now.
 */
to_bill: number, amount_billed: Money, 
/**
 * Why the run cannot be previewed (no tariff in force, a future period).
 */
blocked: Text | null, history: Array<MonthPoint>, };

export type NameArgs = { name: string, };

export type NcbReport = { period: string, operator: string, town: string, 
/**
 * Local date of printing, `YYYY-MM-DD`.
 */
printed_on: string, 
/**
 * Whether `ledger verify` finds the ledger intact; when not, what it found first.
 */
ledger_intact: boolean, ledger_problem: Text | null, 
/**
 * How the ledger was checked for this report, in words.
 */
ledger_checked: Text, members: Array<Member>, 
/**
 * `MONTHS` months of every indicator, oldest first, each month in the order of
 * [`INDICATORS`].
 */
indicators: Array<Indicator>, audit: TariffAudit, complaints: ComplaintFigures, 
/**
 * Complaints not final at the month's end, with their next deadline.
 */
open_complaints: Array<Complaint>, quality: QualitySummary, plan: Array<PlanRow>, 
/**
 * Incidents opened in the month or still open at its end.
 */
incidents: Array<Incident>, continuity: Continuity, interruptions: Array<Interruption>, money: MoneyMonth, fund: FundMonth | null, operator_month: OperatorMonth, meetings: Array<Meeting>, };

export type NewComplaint = { account: string, kind: ComplaintKind, channel: Channel, complainant: string, 
/**
 * DNI (8 digits) or RUC (11 digits).
 */
complainant_id: string, 
/**
 * Default: the holder.
 */
relation: Relation | null, 
/**
 * Billing complaints: the bill's number.
 */
bill: string | null, 
/**
 * Billing complaints: the amount disputed as typed (`12.50`, `12,50`; default: the bill's
 * amount due; never more).
 */
amount: string | null, description: string, contact: string, 
/**
 * Default today.
 */
filed_on: string | null, };

export type NewMeeting = { held_on: string, kind: string, women: string, men: string, agreements: string, sanction_request: string, };

export type NewMember = { name: string, gender: string, post: string, from_on: string, to_on: string, };

export type NewSample = { sample: string, point: string, 
/**
 * `YYYY-MM-DD HH:MM` (or `DD/MM/YYYY HH:MM`), local time.
 */
taken_at: string, taken_by: string, 
/**
 * `operator`, `health` or `lab`.
 */
by: string, 
/**
 * Parameter → value as typed (`0.8`, `<1.8`, `ND`); absent or empty: not measured.
 */
values: Array<[string, string]>, };

export type NewUser = { name: string, full_name: string, role: Role, password: string, };

export type NoArgs = Record<symbol, never>;

export type Note = { id: number, number: string, kind: NoteKind, bill: string, account: string, issued_on: string, reason: string, water: Money, sewer: Money, fixed: Money, 
/**
 * The subsidy taken back (credit) or added (debit), as a magnitude.
 */
subsidy: Money, tax: Money, 
/**
 * Signed: negative for a credit note.
 */
total: Money, 
/**
 * Signed change to the bill's fund share.
 */
fund_share: Money, issued_by: string, };

export type NoteArgs = { bill: string, kind: NoteKind, reason: string, water: string, sewer: string, fixed: string, };

export type NoteKind = "credit" | "debit";

export type NumberArgs = { number: string, };

export type OperatorMonth = { period: string, transition_subsidy: Money, 
/**
 * Costs by kind (`energy`, `chlorine`, `salaries`, `maintenance`, `other_cost`).
 */
costs: Array<[string, Money]>, total_costs: Money, };

export type OperatorSettings = { operator: string, town: string, ruc: string, address: string, operator_code: string, town_code: string, reconnection_charge: string, 
/**
 * `a6` or `roll80`.
 */
receipt_format: string, delivery_timeout_seconds: string, 
/**
 * The logo's PNG in base64 (for a preview), if one was set.
 */
logo_png_base64: string | null, 
/**
 * A second folder for the automatic backups (empty: only the data folder).
 */
backup_folder: string, 
/**
 * The town's people, for the coverage indicators (empty until given).
 */
population: string, persons_per_connection: string, };

export type OutboxView = { bundles: Array<Bundle>, targets: Array<Target>, public_key: PublicInfo | null, };

export type Outcome = "founded" | "partly" | "unfounded";

export type Paid = "paid" | "partly_paid" | "owed";

export type PaperArgs = { number: string, 
/**
 * The decision letter rather than the constancia.
 */
decision: boolean, };

export type PassphraseArgs = { passphrase: string, };

export type PasswordArgs = { name: string, password: string, };

export type PathArgs = { path: string, };

export type PayArgs = { account: string, 
/**
 * As typed: `45.50`, `45,50`, `1,234.50` (the core reads it, or says why not).
 */
amount: string, 
/**
 * The clerk confirmed a payment larger than what is owed (it leaves a credit).
 */
confirm_credit: boolean, };

export type Payment = { id: number, number: string, account: string, paid_on: string, amount: Money, channel: string, reference: string | null, reverses: number | null, reason: string | null, recorded_by: string, recorded_at: string, };

export type PaymentTaken = { receipt: Receipt, pdf: PdfFile | null, 
/**
 * Why the receipt could not be printed; the payment is recorded all the same.
 */
pdf_error: string | null, };

export type PdfFile = { path: string, pages: number, 
/**
 * False when no viewer could be started; the window then shows the path.
 */
opened: boolean, };

export type Period = string;

export type PeriodArgs = { period: Period, };

export type Permission = "manage_settings" | "manage_tariffs" | "manage_customers" | "enter_readings" | "replace_meters" | "issue_bills" | "confirm_readings" | "record_payments" | "manage_fund" | "send_bundles" | "close_months" | "make_backups" | "restore_backups" | "file_complaints" | "file_commercial_complaints" | "decide_complaints" | "decide_appeals" | "record_field_work" | "record_board" | "apply_deadlines";

export type PlanRow = { point: string, name: string, parameter: string, planned: number, taken: number, };

export type Point = { point: string, name: string, kind: string, sector: string, };

export type PreviewArgs = { 
/**
 * The backup file chosen.
 */
path: string, };

export type PreviewView = { period: Period, tariff_name: string, tariff_effective_from: Period, totals: Totals, by_category: { [key in string]: Totals }, by_basis: { [key in string]: Totals }, held: Array<HeldReading>, unbillable: Array<Unbillable>, already_billed: number, not_active: number, not_connected: number, metered: number, estimated: number, 
/**
 * Said before issuing (most metered connections without a reading); the window asks to
 * confirm.
 */
warning: Text | null, line_count: number, first_lines: Array<RunLine>, };

export type Progress = { decided_on: string | null, outcome: Outcome | null, by_silence: boolean, notified_on: string | null, reconsideration_on: string | null, reconsideration_due: string | null, reconsideration_outcome: Outcome | null, appeal_on: string | null, ncb_due: string | null, ncb_decided_on: string | null, ncb_outcome: Outcome | null, 
/**
 * The credit notes of its decisions, with tax, as a positive amount.
 */
credited: Money, final_on: string | null, 
/**
 * The next deadline: of the operator or the Board to act (decide, notify), or of the
 * complainant to reconsider or appeal.
 */
next_due: string | null, 
/**
 * Whose move it is: `decide`, `notify`, `decide_reconsideration`, `ncb_decide`,
 * `complainant` (the window to reconsider or appeal), or none when closed.
 */
waiting_for: string | null, };

export type PublicInfo = { 
/**
 * The `.pub` file's text (two lines), as `minisign -p` reads it.
 */
public_box: string, 
/**
 * minisign's key id: 16 hex digits, printed by `minisign -V` and in the `.pub` comment.
 */
fingerprint: string, 
/**
 * The key itself in base64 (the second line of the `.pub` file), for `minisign -P`.
 */
base64: string, };

export type PurposeBalance = { purpose: string, contributions: Money, subsidies: Money, spending: Money, balance: Money, };

export type PurposeMonth = { purpose: string, opening: Money, 
/**
 * Credited from bills paid in the month.
 */
contributions: Money, 
/**
 * Subsidy lines of bills issued in the month (net of notes).
 */
subsidies: Money, spending: Money, closing: Money, };

export type QualitySummary = { period: string, samples: number, chlorine_compliance: string | null, chlorine_pass: boolean | null, bacteriological_compliance: string | null, physchem_compliance: string | null, sampling_plan: string | null, open_incidents: number, };

export type ReadingCheck = { 
/**
 * Refusals: the value cannot be stored.
 */
errors: Array<Text>, 
/**
 * Stored, but worth a second look (rollover, atypical).
 */
warnings: Array<Text>, consumption_m3: number | null, };

export type ReadingDraft = { account: string, period: string, reading: string, read_on: string, reader: string, status: string, note: string, };

export type ReadingRow = { period: Period, reading: number | null, status: ReadingStatus, read_on: string, reader: string | null, note: string | null, meter_serial: string, };

export type ReadingStatus = "ok" | "no_access" | "meter_broken";

export type ReadingsSaveArgs = { drafts: Array<ReadingDraft>, };

export type Receipt = { payment: Payment, holder: string, applied: Array<AppliedLine>, 
/**
 * Owed after this payment; negative is a credit for the next bills. On a copy, what is
 * owed on the day the copy is printed.
 */
balance_after: Money, 
/**
 * A copy printed later: the day it was printed ("2026-12-02"), which its balance is of.
 */
copy_on: string | null, };

export type ReceiptArgs = { number: string, };

export type Relation = "holder" | "representative" | "user";

export type RestoreArgs = { 
/**
 * The backup file chosen.
 */
path: string, 
/**
 * The person confirmed a copy of another ledger.
 */
other_ledger: boolean, };

export type RestoreDamagedArgs = { 
/**
 * The backup to restore: the one offered, or one the user chose from the backups folder.
 */
path: string, 
/**
 * An administrator of that copy, who signs in against it.
 */
user: string, password: string, };

export type RestoreOutcome = { 
/**
 * Where the ledger that was replaced now is.
 */
replaced_kept_at: string | null, chain_head: string, links: number, 
/**
 * What the copy lacked of the replaced ledger.
 */
preview: RestorePreview, };

export type RestorePreview = { copy_operator: string, copy_town: string, 
/**
 * Whether the copy is a copy of the ledger in use: the same `ledger_id`, or for ledgers
 * created before ids the same first entry of the audit log (`None`: the ledger in use
 * cannot be read, as when it is damaged). Names and codes can be changed in the
 * settings, and two ledgers can share them, so they do not tell.
 */
same_ledger: boolean | null, series: Array<SeriesAtRestore>, 
/**
 * What would be lost, one sentence per series that loses numbers.
 */
losses: Array<Text>, };

export type ReverseArgs = { number: string, reason: string, 
/**
 * The reversal's date; today when not given.
 */
date: string | null, 
/**
 * Why it goes ahead although it overdraws a purpose of the fund.
 */
fund_reason: string | null, };

export type Role = "admin" | "clerk" | "technician" | "ncb" | "system";

export type RouteSheetsArgs = { period: Period, route: string | null, };

export type RowError = { line: number, column: string, value: string, reason: Text, };

export type Rule = { rule: string, days: number, 
/**
 * `calendar` or `working`.
 */
unit: string, label_es: string, label_en: string, };

export type RuleArgs = { rule: string, days: string, year: number, };

export type RunLine = { connection_id: number, account: string, holder: string, address: string, category: string, volume: Volume, charges: Charges, previous_balance: Money, total_to_pay: Money, 
/**
 * The service it is priced for, kept with the bill for the tariff audit.
 */
sewer: boolean, subsidized: boolean, };

export type Sample = { id: number, sample: string, point: string, point_name: string, kind: string, sector: string, taken_at: string, taken_by: string, by: string, 
/**
 * Parameter → value, for the parameters measured.
 */
values: Array<[string, string]>, verdict: string, failed: Array<string>, 
/**
 * Parameters under their minimum but not failing, as judged when recorded; `None` for a
 * sample recorded before ledger version 11, which did not keep them.
 */
low: Array<string> | null, };

export type SampleCheck = { verdict: Verdict | null, 
/**
 * Parameter → why its value does not read.
 */
problems: Array<[string, Text]>, };

export type SampleCheckArgs = { point: string, values: Array<[string, string]>, };

export type SampleRecorded = { sample: Sample, incident: number | null, };

export type SearchArgs = { query: string, limit: number, };

export type SectorFigures = { sector: string, hours_per_day: string, interrupted_hours: string, continuity: string, connections: number, };

export type SeriesAtRestore = { 
/**
 * `bill`, `receipt` or `note`.
 */
kind: string, 
/**
 * The last number issued in the ledger in use (`None`: none, or it cannot be read).
 */
in_use: string | null, 
/**
 * The last number issued in the copy.
 */
in_copy: string | null, 
/**
 * How many numbers the ledger in use issued that the copy lacks: after the restore they
 * would be issued again, to other customers.
 */
lost: number, };

export type ServiceAction = "cut" | "reconnect" | "suspend" | "close";

export type ServiceArgs = { account: string, action: ServiceAction, reason: string, };

export type ServiceEvent = { id: number, account: string, kind: string, event_on: string, reason: string, charge: Money, };

export type SessionUser = { name: string, role: Role, 
/**
 * What the core lets this user do: the window offers only these actions.
 */
can: Array<Permission>, };

export type SettingArgs = { key: string, 
/**
 * For `logo`, the path of a PNG file (empty removes the logo).
 */
value: string, };

export type Sewer = { "Blocks": Blocks } | { "PercentOfWater": string };

export type SheetRow = { account: string, name: string, address: string, route: string | null, route_seq: number | null, meter_serial: string, 
/**
 * The reading the new one is compared with.
 */
previous: number, 
/**
 * Average monthly m³ of the measured months, one decimal ("12.3").
 */
average_m3: string | null, reading: number | null, status: ReadingStatus | null, 
/**
 * What the stored reading means (its m³ and its warnings), so the grid shows the same
 * after saving as while typing.
 */
stored: ReadingCheck | null, };

export type SignInArgs = { name: string, password: string, };

export type SpendArgs = { purpose: string, spent_on: string, amount: string, description: string, document: string, approved_by: string, };

export type Statement = { account: string, holder: string, as_of: string, lines: Array<StatementLine>, balance: Money, overdue: Money, 
/**
 * Unpaid amounts frozen by open complaints ("en reclamo"): not overdue.
 */
disputed: Money, };

export type StatementLine = { date: string, 
/**
 * `bill`, `debit_note`, `reconnect`, `credit_note`, `payment` or `reversal`.
 */
kind: string, 
/**
 * The record's number (a bill, a note, a payment receipt).
 */
reference: string, 
/**
 * What the line is, in words: "Recibo de noviembre 2026", "Pago en efectivo",
 * "Pago en banco (operación 0042)", "Anulación del pago R001-00000007".
 */
what: Text, 
/**
 * A payment that stands (not reversed): the window offers to reverse it.
 */
reversible: boolean, charge: Money, 
/**
 * Credits: a payment or a credit note; a reversal is negative.
 */
payment: Money, 
/**
 * Running balance after the line; negative is a credit.
 */
balance: Money, };

export type Status = "active" | "suspended" | "cut" | "closed";

export type Step = { 
/**
 * `decision`, `notification`, `reconsideration`, `reconsideration_decision`, `appeal`,
 * `ncb_decision`, `final` or `withdrawal`.
 */
step: string, on_date: string, outcome: Outcome | null, by_silence: boolean, reason: string, 
/**
 * The deadline this step began.
 */
due_on: string | null, 
/**
 * The last day to appeal, when this step opened the window.
 */
appeal_due: string | null, 
/**
 * The credit note of a decision.
 */
note: string | null, credited: Money, recorded_by: string, };

export type StepArgs = { number: string, 
/**
 * `notify`, `reconsider`, `appeal` or `withdraw`.
 */
step: string, reason: string, on: string | null, };

export type StoredTariff = { id: number, tariff: Tariff, document: string, imported_at: string, imported_by: string, 
/**
 * The tariff in words, as the screen shows it.
 */
words: TariffWords, };

export type Subsidy = { percent: string, max_m3: number, };

export type Target = { id: number, kind: string, location: string, auth: string, username: string | null, };

export type TargetDraft = { 
/**
 * A folder path, or an `http://` / `https://` URL that accepts PUT.
 */
location: string, username: string | null, password: string | null, token: string | null, };

export type TargetIdArgs = { id: number, };

export type TargetSetting = { code: string, label_es: string, label_en: string, unit: string, 
/**
 * `more` (the target is a floor) or `less` (a ceiling).
 */
better: string, default_target: string | null, 
/**
 * In force: the setting, else the default; `None` when there is none.
 */
target: string | null, };

export type Tariff = { name: string, effective_from: Period, approval: string, currency: string, fixed_charge: string, tax_rate: string, pay_rounding: string, due_days: number, estimate_months: number, fund: Fund | null, subsidy: Subsidy | null, categories: { [key in string]: Category }, };

export type TariffAudit = { period: string, 
/**
 * Bills of the period checked.
 */
bills: number, 
/**
 * Bills with at least one line that differs.
 */
mismatched_bills: number, mismatches: Array<Mismatch>, 
/**
 * Bills issued before the ledger kept each bill's service terms: checked against the
 * connection's sewer and subsidy as they are today.
 */
without_terms: number, };

export type TariffGap = { category: string, connections: number, 
/**
 * The warning, in both languages.
 */
message: Text, };

export type TariffWords = { 
/**
 * "Vigente desde noviembre de 2026".
 */
in_force: Text, 
/**
 * "Cargo fijo S/ 5.04 · IGV 18 % · redondeo del total a S/ 0.10 · vence a los 15 días".
 */
charges: Text, 
/**
 * "Fondo comunal: 5 % del agua, el alcantarillado y el cargo fijo (subsidios 50 %, …)".
 */
fund: Text | null, 
/**
 * "Subsidio: 50 % del agua hasta 10 m³, para las conexiones subsidiadas".
 */
subsidy: Text | null, categories: Array<CategoryWords>, };

export type Task = "open" | "daily_backup" | "delivery" | "complaints";

export type Text = { es: string, en: string, };

export type Totals = { bills: number, billed_m3: number, month_total: Money, amount_due: Money, fund_share: Money, subsidy: Money, };

export type Unbillable = { account: string, reason: Text, };

export type UserInfo = { name: string, full_name: string, role: Role, active: boolean, };

export type Verdict = { verdict: string, failed: Array<string>, 
/**
 * Parameters under their minimum but not failing.
 */
low: Array<string>, };

export type Volume = { basis: Basis, consumption_m3: number, meter_serial: string | null, prev_reading: number | null, curr_reading: number | null, };

export type YearArgs = { year: number, };

export type Commands = {
  app_status: { args: NoArgs; result: AppStatus };
  background_problems: { args: NoArgs; result: Array<BackgroundProblem> };
  restore_damaged: { args: RestoreDamagedArgs; result: AppStatus };
  create_ledger: { args: CreateLedgerArgs; result: AppStatus };
  open_demo: { args: NoArgs; result: AppStatus };
  sign_in: { args: SignInArgs; result: AppStatus };
  sign_out: { args: NoArgs; result: AppStatus };
  set_lang: { args: LangArgs; result: AppStatus };
  users_list: { args: NoArgs; result: Array<UserInfo> };
  user_add: { args: NewUser; result: Array<UserInfo> };
  user_deactivate: { args: NameArgs; result: Array<UserInfo> };
  user_password: { args: PasswordArgs; result: Array<UserInfo> };
  customers_search: { args: SearchArgs; result: Array<CustomerRow> };
  customer_detail: { args: AccountArgs; result: CustomerDetail };
  customer_save: { args: CustomerSaveArgs; result: Customer };
  customers_import: { args: ImportArgs; result: ImportSummary };
  service_change: { args: ServiceArgs; result: ServiceEvent };
  categories: { args: NoArgs; result: Array<CategoryChoice> };
  tariffs_list: { args: NoArgs; result: Array<StoredTariff> };
  tariff_import: { args: PathArgs; result: Array<TariffGap> };
  reading_sheet: { args: PeriodArgs; result: Array<SheetRow> };
  reading_check: { args: CheckArgs; result: ReadingCheck };
  readings_save: { args: ReadingsSaveArgs; result: ImportSummary };
  readings_import: { args: ImportArgs; result: ImportSummary };
  month_status: { args: PeriodArgs; result: MonthStatus };
  billing_preview: { args: PeriodArgs; result: PreviewView };
  billing_confirm: { args: ConfirmArgs; result: PreviewView };
  billing_issue: { args: IssueArgs; result: IssueOutcome };
  billing_cancel: { args: NoArgs; result: boolean };
  bills_search: { args: BillsArgs; result: Array<ListedBill> };
  note_issue: { args: NoteArgs; result: Note };
  months_view: { args: PeriodArgs; result: Array<MonthState> };
  month_close: { args: PeriodArgs; result: Array<MonthState> };
  payment_record: { args: PayArgs; result: PaymentTaken };
  payment_reverse: { args: ReverseArgs; result: Payment };
  statement: { args: AccountArgs; result: Statement };
  receipt_copy: { args: ReceiptArgs; result: PdfFile };
  cash_close: { args: NoArgs; result: CashClose };
  arrears: { args: ArrearsArgs; result: ArrearsView };
  fund_balance: { args: NoArgs; result: FundBalance };
  fund_spend: { args: SpendArgs; result: number };
  bills_pdf: { args: BillsPdfArgs; result: PdfFile };
  route_sheets_pdf: { args: RouteSheetsArgs; result: PdfFile };
  print_cancel: { args: NoArgs; result: boolean };
  open_folder: { args: FolderArgs; result: boolean };
  outbox_view: { args: NoArgs; result: OutboxView };
  key_generate: { args: PassphraseArgs; result: PublicInfo };
  key_save: { args: NoArgs; result: string };
  bundle_create: { args: BundleCreateArgs; result: BundleCreated };
  bundle_save: { args: BundleNameArgs; result: Array<string> };
  bundle_resend: { args: BundleNameArgs; result: boolean };
  target_add: { args: TargetDraft; result: Target };
  target_remove: { args: TargetIdArgs; result: boolean };
  outbox_deliver: { args: NoArgs; result: Array<Attempt> };
  settings_view: { args: NoArgs; result: OperatorSettings };
  backups_view: { args: NoArgs; result: Array<BackupRecord> };
  backup_now: { args: NoArgs; result: Array<BackupRecord> };
  backup_restore_preview: { args: PreviewArgs; result: RestorePreview };
  backup_restore: { args: RestoreArgs; result: RestoreOutcome };
  setting_set: { args: SettingArgs; result: OperatorSettings };
  complaints_list: { args: ListArgs; result: Array<Complaint> };
  complaint_detail: { args: NumberArgs; result: ComplaintDetail };
  complaints_of_account: { args: AccountArgs; result: Array<Complaint> };
  complaint_file: { args: NewComplaint; result: ComplaintPrinted };
  complaint_decide: { args: DecideArgs; result: Complaint };
  complaint_ncb_decide: { args: DecideArgs; result: Complaint };
  complaint_step: { args: StepArgs; result: ComplaintPrinted };
  complaint_pdf: { args: PaperArgs; result: PdfFile };
  calendar_view_year: { args: YearArgs; result: CalendarView };
  calendar_change: { args: CalendarChangeArgs; result: CalendarView };
  complaint_rule_set: { args: RuleArgs; result: CalendarView };
  complaint_warnings: { args: NoArgs; result: ComplaintWarnings };
  field_home: { args: PeriodArgs; result: FieldHome };
  sample_check: { args: SampleCheckArgs; result: SampleCheck };
  sample_record: { args: NewSample; result: SampleRecorded };
  field_import: { args: FieldImportArgs; result: ImportSummary };
  incident_step: { args: IncidentArgs; result: Incident };
  interruption_record: { args: InterruptionArgs; result: Interruption };
  interruptions_month: { args: PeriodArgs; result: MonthInterruptions };
  chlorine_chart: { args: ChartArgs; result: Array<[string, string]> };
  quality_limits: { args: NoArgs; result: Array<Limit> };
  quality_limit_set: { args: LimitArgs; result: Array<Limit> };
  board_home: { args: PeriodArgs; result: BoardHome };
  board_report_pdf: { args: PeriodArgs; result: PdfFile };
  ncb_meeting_record: { args: NewMeeting; result: Meeting };
  ncb_member_add: { args: NewMember; result: Member };
  indicator_targets: { args: NoArgs; result: Array<TargetSetting> };
};
