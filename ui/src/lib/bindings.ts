// Generated from src-tauri/src/commands/mod.rs by `cargo test -p caudal-desktop bindings`.
// Do not edit: change the Rust types and run the test with UPDATE_BINDINGS=1.

export type AccountArgs = { account: string, };

export type AgeBuckets = { 
/**
 * Owed 0 to 30 days past its due date.
 */
d0_30: Money, 
/**
 * Owed 31 to 60 days past its due date.
 */
d31_60: Money, 
/**
 * Owed 61 to 90 days past its due date.
 */
d61_90: Money, 
/**
 * Owed more than 90 days past its due date.
 */
over_90: Money, };

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

export type AppliedLine = { 
/**
 * The bill paid.
 */
bill: string, 
/**
 * That bill's period.
 */
period: string, 
/**
 * How much of the payment went to it.
 */
amount: Money, };

export type ArrearsArgs = { 
/**
 * Only connections with two or more overdue bills.
 */
disconnection: boolean, };

export type ArrearsRow = { 
/**
 * The account code.
 */
account: string, 
/**
 * The holder's name.
 */
holder: string, 
/**
 * The service address.
 */
address: string, 
/**
 * Charges (bills, debit notes, service charges) with an overdue part.
 */
overdue_bills: number, 
/**
 * What is overdue, by age.
 */
buckets: AgeBuckets, 
/**
 * Everything overdue.
 */
total: Money, };

export type ArrearsView = { date: string, totals: AgeBuckets, connections: number, 
/**
 * The largest debts first; the whole list is on the command line.
 */
rows: Array<ArrearsRow>, };

export type Attempt = { 
/**
 * The bundle.
 */
bundle: string, 
/**
 * The target, as its location.
 */
target: string, 
/**
 * Whether it arrived.
 */
delivered: boolean, 
/**
 * Why it did not.
 */
error: Text | null, };

export type Atypical = { 
/**
 * The month's volume.
 */
consumption_m3: number, 
/**
 * Average of the measured months compared against, exact.
 */
average_m3: string, 
/**
 * How many measured months the average covers.
 */
months: number, };

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

export type BackupRecord = { 
/**
 * When it was taken (local time).
 */
taken_at: string, 
/**
 * Why it was made ([`BackupKind`]'s code).
 */
kind: string, 
/**
 * Where the copy is.
 */
path: string, 
/**
 * Its size.
 */
bytes: number, 
/**
 * The copy's SHA-256, to check it later.
 */
sha256: string, 
/**
 * The head of the hash chain the copy holds.
 */
chain_head: string, 
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
id: number, 
/**
 * The bill's number (series and sequence).
 */
number: string, 
/**
 * The connection's id.
 */
connection_id: number, 
/**
 * The account code.
 */
account: string, 
/**
 * The holder's name, as the bill was issued.
 */
holder: string, 
/**
 * The service address, as the bill was issued.
 */
address: string, 
/**
 * The period billed (`YYYY-MM`).
 */
period: string, 
/**
 * The issue date (ISO).
 */
issued_on: string, 
/**
 * The due date (ISO).
 */
due_on: string, 
/**
 * The tariff that priced it.
 */
tariff_id: number, 
/**
 * The category code.
 */
category: string, 
/**
 * How the volume was found.
 */
basis: Basis, 
/**
 * The meter read, if any.
 */
meter_serial: string | null, 
/**
 * The reading before.
 */
prev_reading: number | null, 
/**
 * The reading of the period.
 */
curr_reading: number | null, 
/**
 * The month's consumption (measured, estimated or assigned).
 */
consumption_m3: number, 
/**
 * The volume charged (the consumption, or the settlement of earlier estimates).
 */
billed_m3: number, 
/**
 * Water.
 */
water: Money, 
/**
 * Sewer.
 */
sewer: Money, 
/**
 * The fixed charge.
 */
fixed: Money, 
/**
 * The subsidy granted (a magnitude, taken off the charges).
 */
subsidy: Money, 
/**
 * Water, sewer and fixed charge.
 */
subtotal: Money, 
/**
 * IGV on the subtotal.
 */
tax: Money, 
/**
 * The month's charges with tax.
 */
month_total: Money, 
/**
 * The pay rounding the previous bill left, added back.
 */
rounding_prev: Money, 
/**
 * This bill's pay rounding (to the step people pay in), carried to the next.
 */
rounding_curr: Money, 
/**
 * What the bill asks to be paid for the month.
 */
amount_due: Money, 
/**
 * What the account owed before this bill.
 */
previous_balance: Money, 
/**
 * The previous balance and the month together.
 */
total_to_pay: Money, 
/**
 * The community fund's share of the month.
 */
fund_share: Money, 
/**
 * Who issued it.
 */
issued_by: string, };

export type BillStanding = { 
/**
 * The bill.
 */
bill_id: number, 
/**
 * How much of it is paid.
 */
paid: Paid, 
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

export type Bundle = { 
/**
 * The bundle's file name.
 */
name: string, 
/**
 * The month it reports.
 */
period: string, 
/**
 * Its revision (0 the first; a later one replaces it).
 */
revision: number, 
/**
 * The head of the ledger's chain it was made at.
 */
ledger_head: string, 
/**
 * The zip's SHA-256.
 */
zip_sha256: string, 
/**
 * The zip's size.
 */
zip_bytes: number, 
/**
 * When it was made.
 */
created_on: string, 
/**
 * Who made it.
 */
created_by: string, 
/**
 * Where its delivery stands.
 */
state: BundleState, 
/**
 * Its delivery to each target.
 */
deliveries: Array<DeliveryRow>, };

export type BundleCreateArgs = { period: Period, passphrase: string, };

export type BundleCreated = { 
/**
 * The bundle made (or the one already made from the same data).
 */
bundle: Bundle, 
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

export type CalendarDay = { 
/**
 * The day (ISO).
 */
day: string, 
/**
 * Its name in Spanish.
 */
name_es: string, 
/**
 * Its name in English.
 */
name_en: string, 
/**
 * `national` (the table of every year), `added` (by the operator), `removed` (a holiday
 * of the table that the operator made a working day).
 */
source: string, };

export type CalendarView = { year: number, days: Array<CalendarDay>, rules: Array<Rule>, };

export type CashClose = { 
/**
 * The day (ISO).
 */
day: string, 
/**
 * Each clerk's receipts and total.
 */
by_clerk: Array<ClerkTotal>, 
/**
 * The day's cash receipts as runs of consecutive numbers: "R001-00000160 – R001-00000162",
 * "R001-00000170". A bare first-to-last range would claim the numbers other channels
 * and other days took in between.
 */
runs: Array<string>, 
/**
 * How many receipts, all clerks.
 */
receipts: number, 
/**
 * Reversals recorded that day, already subtracted from the totals.
 */
reversals: number, 
/**
 * How much, all clerks.
 */
total: Money, };

export type Category = { 
/**
 * Its name, as bills print it.
 */
label: string, 
/**
 * How its blocks price a volume.
 */
method: Method, 
/**
 * The least volume billed a month.
 */
minimum_m3: number, 
/**
 * The volume assigned to an unmetered connection.
 */
unmetered_m3: number, 
/**
 * Water's blocks.
 */
water: Blocks, 
/**
 * How sewer is priced.
 */
sewer: Sewer, };

export type CategoryChoice = { 
/**
 * The category's code.
 */
code: string, 
/**
 * The tariff's label ("Doméstico").
 */
label: string, 
/**
 * Priced by the tariff in force today (the customer form offers only these).
 */
in_force: boolean, };

export type CategoryWords = { 
/**
 * Its code.
 */
code: string, 
/**
 * Its name.
 */
label: string, 
/**
 * "por bloques" / "by blocks".
 */
method: Text, 
/**
 * Water's prices in words.
 */
water: Text, 
/**
 * Sewer's prices in words.
 */
sewer: Text, 
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
billed_m3: number, 
/**
 * Water.
 */
water: Money, 
/**
 * Sewer.
 */
sewer: Money, 
/**
 * The fixed charge.
 */
fixed: Money, 
/**
 * Zero or negative: the discount paid by the fund.
 */
subsidy: Money, 
/**
 * Water, sewer and fixed charge.
 */
subtotal: Money, 
/**
 * IGV on the subtotal.
 */
tax: Money, 
/**
 * The month's charges with tax.
 */
month_total: Money, 
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

export type ClerkTotal = { 
/**
 * The clerk.
 */
clerk: string, 
/**
 * How many receipts.
 */
receipts: number, 
/**
 * How much.
 */
total: Money, };

export type Complaint = { 
/**
 * Its id.
 */
id: number, 
/**
 * Its number (`REC-YYYY-NNNNN`).
 */
number: string, 
/**
 * The account.
 */
account: string, 
/**
 * The holder's name.
 */
holder: string, 
/**
 * What it is about.
 */
kind: ComplaintKind, 
/**
 * How it was made.
 */
channel: Channel, 
/**
 * Who complains.
 */
complainant: string, 
/**
 * Their DNI or RUC.
 */
complainant_id: string, 
/**
 * Who they are to the account.
 */
relation: Relation, 
/**
 * The bill complained about, if any.
 */
bill: string | null, 
/**
 * That bill's period.
 */
bill_period: string | null, 
/**
 * The amount disputed (frozen while the complaint is not final).
 */
disputed: Money, 
/**
 * What they say.
 */
description: string, 
/**
 * How to reach them.
 */
contact: string, 
/**
 * When it was filed (ISO).
 */
filed_on: string, 
/**
 * When the first decision is due (working days from filing).
 */
decision_due: string, 
/**
 * Who filed it.
 */
filed_by: string, 
/**
 * Every step after filing, oldest first.
 */
steps: Array<Step>, 
/**
 * Where it stands, read from its steps.
 */
state: ComplaintState, 
/**
 * Its dates and decisions, read from its steps.
 */
progress: Progress, 
/**
 * Whether the deadline of the operator's or the Board's next move has passed.
 */
overdue: boolean, };

export type ComplaintDetail = { complaint: Complaint, bill: Bill | null, notes: Array<Note>, };

export type ComplaintFigures = { 
/**
 * The month.
 */
period: string, 
/**
 * Complaints filed.
 */
filed: number, 
/**
 * Of them, billing complaints.
 */
filed_billing: number, 
/**
 * Of them, commercial ones.
 */
filed_commercial: number, 
/**
 * Of them, operational ones.
 */
filed_operational: number, 
/**
 * First-instance decisions of the month, positive silence included.
 */
decided: number, 
/**
 * Of those, decided by the operator on or before the deadline.
 */
decided_on_time: number, 
/**
 * Decided by positive silence.
 */
by_silence: number, 
/**
 * Decided founded.
 */
founded: number, 
/**
 * Decided partly founded.
 */
partly: number, 
/**
 * Decided unfounded.
 */
unfounded: number, 
/**
 * Appealed to the Community Board.
 */
appeals: number, 
/**
 * The Board's second-instance decisions of the month, by outcome.
 */
ncb_decided: number, 
/**
 * Founded by the Board.
 */
ncb_founded: number, 
/**
 * Partly founded by the Board.
 */
ncb_partly: number, 
/**
 * Unfounded by the Board.
 */
ncb_unfounded: number, 
/**
 * Credit notes that decisions of the month issued, with tax.
 */
credited: Money, };

export type ComplaintKind = "billing" | "commercial" | "operational";

export type ComplaintPrinted = { complaint: Complaint, pdf: PdfFile | null, };

export type ComplaintState = "open" | "decided" | "in_reconsideration" | "appealed" | "final" | "withdrawn";

export type ComplaintWarnings = { due_soon: Array<Complaint>, by_silence: Array<Complaint>, };

export type ConfirmArgs = { account: string, period: Period, };

export type Continuity = { 
/**
 * The month.
 */
period: string, 
/**
 * Hours a day, one decimal; `None` without sectors or active connections.
 */
continuity: string | null, 
/**
 * Water produced and not billed, as a share (percent, as text).
 */
non_revenue_water: string | null, 
/**
 * Water produced.
 */
produced_m3: number, 
/**
 * Water billed.
 */
consumed_m3: number, 
/**
 * The share of interruption hours that were planned.
 */
planned_share: string | null, 
/**
 * The share of planned interruptions announced 24 hours before.
 */
notice_given: string | null, 
/**
 * Each sector's figures.
 */
sectors: Array<SectorFigures>, };

export type CreateLedgerArgs = { operator: string, town: string, ruc: string, series: string, admin_name: string, admin_full_name: string, password: string, };

export type Customer = { 
/**
 * The account code.
 */
account: string, 
/**
 * The holder's name.
 */
name: string, 
/**
 * The holder's DNI or RUC.
 */
document: string | null, 
/**
 * The service address.
 */
address: string, 
/**
 * The sector.
 */
sector: string, 
/**
 * The reading route.
 */
route: string | null, 
/**
 * Its place on the route.
 */
route_seq: number | null, 
/**
 * The category code (by the tariff).
 */
category: string, 
/**
 * Whether it has sewer service.
 */
sewer: boolean, 
/**
 * Whether it is subsidized.
 */
subsidized: boolean, 
/**
 * Its status.
 */
status: Status, 
/**
 * The holder's gender (`F`, `M`), for the Board's figures.
 */
gender: string | null, 
/**
 * A phone number.
 */
phone: string | null, 
/**
 * When it was connected (nothing is billed before).
 */
connected_on: string | null, 
/**
 * The meter in place; `None` for an unmetered connection.
 */
meter: Meter | null, };

export type CustomerDetail = { 
/**
 * The customer and their connection.
 */
customer: Customer, 
/**
 * Their bills, newest last.
 */
bills: Array<Bill>, 
/**
 * Their readings, newest last.
 */
readings: Array<ReadingRow>, 
/**
 * What may be done to its service from its status (cut, reconnect, suspend, close), for
 * whoever may change customers.
 */
actions: Array<ServiceAction>, };

export type CustomerDraft = { 
/**
 * The account code.
 */
account: string, 
/**
 * The holder's name.
 */
name: string, 
/**
 * The holder's DNI or RUC.
 */
document: string, 
/**
 * The service address.
 */
address: string, 
/**
 * The sector.
 */
sector: string, 
/**
 * The reading route.
 */
route: string, 
/**
 * Its place on the route.
 */
route_seq: string, 
/**
 * The category, as a code or the tariff's word.
 */
category: string, 
/**
 * Whether it has a meter (`sí`/`no`).
 */
metered: string, 
/**
 * The meter's serial number.
 */
meter_serial: string, 
/**
 * The meter's number of digits.
 */
meter_digits: string, 
/**
 * The meter's reading when installed.
 */
initial_reading: string, 
/**
 * Whether it has sewer service.
 */
sewer: string, 
/**
 * Whether it is subsidized.
 */
subsidized: string, 
/**
 * The status of a new connection (an existing one's changes only by service events).
 */
status: string, 
/**
 * The holder's gender.
 */
gender: string, 
/**
 * A phone number.
 */
phone: string, 
/**
 * When it was connected.
 */
connected_on: string, };

export type CustomerRow = { 
/**
 * The account code.
 */
account: string, 
/**
 * The holder's name.
 */
name: string, 
/**
 * The service address.
 */
address: string, 
/**
 * The sector.
 */
sector: string, 
/**
 * The reading route.
 */
route: string | null, 
/**
 * The category code.
 */
category: string, 
/**
 * Its status.
 */
status: Status, 
/**
 * Whether it has a meter.
 */
metered: boolean, };

export type CustomerSaveArgs = { draft: CustomerDraft, create: boolean, };

export type Damage = { 
/**
 * Why the file is damaged, as SQLite's check says it.
 */
reason: Text, 
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

export type DeliveryRow = { 
/**
 * The target, as its location.
 */
target: string, 
/**
 * Whether it arrived.
 */
delivered: boolean, 
/**
 * How many times it was tried.
 */
attempts: number, 
/**
 * Why the last attempt failed, in both languages.
 */
last_error: Text | null, 
/**
 * When it was last tried.
 */
last_attempt_at: string | null, 
/**
 * When it will be tried again.
 */
next_attempt_at: string | null, 
/**
 * When it arrived.
 */
delivered_at: string | null, };

export type ErrorCode = "account" | "address" | "agreements" | "amount" | "amount_out_of_range" | "at" | "backup" | "bench" | "bench_dir" | "bill" | "cancelled" | "category" | "caudal_now" | "cause" | "channel" | "chlorine" | "complainant" | "complainant_id" | "confirm_credit" | "conflict" | "corrected_m3" | "correction" | "csv_syntax" | "database" | "date" | "day" | "demo_size" | "description" | "disk_error" | "disk_full" | "document" | "duplicate_column" | "empty_file" | "encoding" | "energy" | "entry_on" | "environment" | "event_on" | "file" | "filed_on" | "first_user_admin" | "fixed" | "forbidden" | "format" | "from" | "fund_field" | "gender" | "hygiene" | "id" | "internal" | "invalid_fields" | "invalid_rows" | "issue_date" | "issued_on" | "kind" | "lang" | "ledger" | "ledger_busy" | "logo" | "low" | "maintenance" | "max" | "men" | "meter_date" | "meter_digits" | "meter_final" | "meter_initial" | "meter_serial" | "min" | "missing_column" | "month_open" | "name" | "no_db" | "no_ledger" | "no_passphrase" | "no_signing_key" | "not_csv" | "not_damaged" | "not_documents_folder" | "not_found" | "not_tariff" | "note" | "note_exceeds" | "note_kind" | "note_lines" | "other_cost" | "other_ledger" | "out" | "outcome" | "paid_on" | "parameter" | "passphrase_mismatch" | "passphrase_too_short" | "password" | "password_hash" | "password_missing" | "password_short" | "period" | "period_not_ended" | "phone" | "point" | "post" | "public_key" | "purpose" | "read_only" | "reader" | "reason" | "relation" | "replace_payments" | "restore_loses" | "reversed_on" | "role" | "route" | "salaries" | "sample" | "sanction_request" | "sector" | "series" | "service_action" | "setting_unknown" | "setting_value" | "setup_names" | "sewer" | "signed_out" | "skip_invalid" | "spent_on" | "step" | "subsidy" | "target_auth" | "target_location" | "tariff_effective_from" | "tariff_invalid" | "tariff_syntax" | "text" | "to" | "transition_subsidy" | "unexpected" | "user" | "user_name" | "water" | "what" | "women" | "wrong_passphrase" | "xlsx";

export type FieldError = { 
/**
 * The field, named as its import column.
 */
column: string, 
/**
 * What was typed in it.
 */
value: string, 
/**
 * Why it was refused.
 */
reason: Text, };

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

export type Fund = { 
/**
 * The share of the month's charges, as a fraction.
 */
percent: string, 
/**
 * Purpose code → share; shares sum to exactly 1.
 */
purposes: Record<string, string>, };

export type FundBalance = { 
/**
 * The day (ISO).
 */
as_of: string, 
/**
 * Each purpose.
 */
purposes: Array<PurposeBalance>, 
/**
 * What remains, every purpose together.
 */
total: Money, };

export type FundMonth = { 
/**
 * The month.
 */
period: string, 
/**
 * Each purpose's month.
 */
purposes: Array<PurposeMonth>, 
/**
 * Each spending of the month.
 */
spent: Array<FundSpending>, 
/**
 * The shares credited as bills were paid.
 */
contributions: Money, 
/**
 * Subsidies and spending together: what left the fund.
 */
outflows: Money, 
/**
 * The balance at the end of the month.
 */
closing: Money, };

export type FundSpending = { 
/**
 * The purpose it is spent on.
 */
purpose: string, 
/**
 * When.
 */
spent_on: string, 
/**
 * How much.
 */
amount: Money, 
/**
 * What for.
 */
description: string, 
/**
 * The supporting document (invoice, receipt).
 */
document: string, 
/**
 * Who approved it.
 */
approved_by: string, };

export type HeldReading = { 
/**
 * The account code.
 */
account: string, 
/**
 * The holder's name.
 */
holder: string, 
/**
 * The month.
 */
period: Period, 
/**
 * The volume the reading gives.
 */
volume: Volume, 
/**
 * Why it is atypical (the average it was compared with).
 */
atypical: Atypical, };

export type ImportArgs = { path: string, 
/**
 * Check only: the preview of errors; nothing is written.
 */
dry_run: boolean, 
/**
 * Write the valid rows and put the others in this file (`--skip-invalid`).
 */
rejects: string | null, replace: boolean, };

export type ImportSummary = { 
/**
 * Rows read (not counting empty ones).
 */
rows: number, 
/**
 * Rows added.
 */
added: number, 
/**
 * Rows that replaced what was stored.
 */
replaced: number, 
/**
 * Rows identical to what is stored (or repeated in the file): nothing to do.
 */
unchanged: number, 
/**
 * Empty rows, skipped.
 */
empty_rows: number, 
/**
 * Rows refused, each with its reason.
 */
invalid: Array<RowError>, 
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

export type Incident = { 
/**
 * Its id.
 */
id: number, 
/**
 * The sample that opened it.
 */
sample: Sample, 
/**
 * When it was opened.
 */
opened_on: string, 
/**
 * The parameters that failed.
 */
failed: Array<string>, 
/**
 * What was done, oldest first.
 */
actions: Array<IncidentAction>, 
/**
 * When it was closed (a passing resample).
 */
closed_on: string | null, };

export type IncidentAction = { 
/**
 * `action`, `resample` or `close`.
 */
kind: string, 
/**
 * When.
 */
on_date: string, 
/**
 * What was done.
 */
text: string, 
/**
 * A resample: its code and verdict.
 */
sample: string | null, 
/**
 * A resample's verdict.
 */
verdict: string | null, 
/**
 * Who recorded it.
 */
recorded_by: string, };

export type IncidentArgs = { id: number, 
/**
 * `action`, `resample` or `close`.
 */
kind: string, text: string, sample: string | null, };

export type Indicator = { 
/**
 * The month.
 */
period: string, 
/**
 * The indicator's code.
 */
code: string, 
/**
 * Its name in Spanish.
 */
label_es: string, 
/**
 * Its name in English.
 */
label_en: string, 
/**
 * Rounded as the unit says; `None` when the denominator is 0 or nothing was recorded.
 */
value: string | null, 
/**
 * Its unit.
 */
unit: string, 
/**
 * What it is computed from, above the line.
 */
numerator: string | null, 
/**
 * What it is computed from, below the line.
 */
denominator: string | null, 
/**
 * Its target.
 */
target: string | null, 
/**
 * Whether the value meets the target.
 */
meets_target: boolean | null, 
/**
 * `more` (the target is a floor) or `less` (a ceiling).
 */
better: string, };

export type Interruption = { 
/**
 * Its id.
 */
id: number, 
/**
 * The sectors without water.
 */
sectors: Array<string>, 
/**
 * When it started (local time).
 */
start: string, 
/**
 * When it ended (`None`: it goes on).
 */
end: string | null, 
/**
 * `planned` or `unplanned`.
 */
kind: string, 
/**
 * Why.
 */
cause: string, 
/**
 * How many hours before it the users were told (0: unplanned).
 */
notice_hours: number, };

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

export type IssueOutcome = { 
/**
 * The period.
 */
period: Period, 
/**
 * How many bills were issued.
 */
issued: number, 
/**
 * The first bill's number.
 */
first_number: string | null, 
/**
 * The last bill's number.
 */
last_number: string | null, 
/**
 * The issue date.
 */
issued_on: string, 
/**
 * The due date.
 */
due_on: string, 
/**
 * Readings held as atypical (not billed yet).
 */
held: number, 
/**
 * Connections that could not be billed.
 */
unbillable: number, 
/**
 * Connections billed for this period before.
 */
already_billed: number, 
/**
 * The bills' figures summed.
 */
totals: Totals, 
/**
 * The preview's warning, said again when the run is issued.
 */
warning: Text | null, };

export type IssueProgress = { done: number, total: number, };

export type IssuedTotals = { 
/**
 * How many bills.
 */
bills: number, 
/**
 * Their water, sewer and fixed charges.
 */
subtotal: Money, 
/**
 * Their charges with tax.
 */
month_total: Money, 
/**
 * What they ask to be paid.
 */
amount_due: Money, 
/**
 * The community fund's share of them.
 */
fund_share: Money, };

export type Lang = "es" | "en";

export type LangArgs = { lang: Lang, };

export type Limit = { 
/**
 * The parameter.
 */
parameter: string, 
/**
 * Its unit.
 */
unit: string, 
/**
 * Its minimum, if it has one.
 */
min: string | null, 
/**
 * Under `min` but at least this: "low", not failing.
 */
low: string | null, 
/**
 * Its maximum, if it has one.
 */
max: string | null, 
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

export type Meeting = { 
/**
 * Its id.
 */
id: number, 
/**
 * When it was held (ISO).
 */
held_on: string, 
/**
 * `board` or `assembly`.
 */
kind: string, 
/**
 * Women present.
 */
women: number, 
/**
 * Men present.
 */
men: number, 
/**
 * What was agreed.
 */
agreements: string, 
/**
 * What it asks the municipality to sanction, if anything.
 */
sanction_request: string, 
/**
 * Who recorded it.
 */
recorded_by: string, };

export type Member = { 
/**
 * Its id.
 */
id: number, 
/**
 * Their name.
 */
name: string, 
/**
 * `F` or `M`.
 */
gender: string, 
/**
 * Their post (`president`, `secretary`, `member`…).
 */
post: string, 
/**
 * From when (ISO).
 */
from_on: string, 
/**
 * Until when (`None`: in office).
 */
to_on: string | null, };

export type Meter = { 
/**
 * Its serial number.
 */
serial: string, 
/**
 * How many digits its dial has (it rolls over after).
 */
digits: number, 
/**
 * Its reading when it was installed.
 */
initial_reading: number, };

export type Method = "block" | "range";

export type Mismatch = { 
/**
 * The bill's number.
 */
bill: string, 
/**
 * The account.
 */
account: string, 
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
money: boolean, 
/**
 * What the bill says.
 */
billed: string, 
/**
 * What the audit computes.
 */
recomputed: string, };

export type Money = string;

export type MoneyMonth = { 
/**
 * The month's bills summed.
 */
issued: IssuedTotals, 
/**
 * Payments received.
 */
payments: Money, 
/**
 * Payments reversed.
 */
reversals: Money, 
/**
 * Payments net of reversals.
 */
collected: Money, 
/**
 * Overdue at the month's end, by age.
 */
arrears: AgeBuckets, 
/**
 * Everything overdue at the month's end.
 */
arrears_total: Money, 
/**
 * Accounts with something overdue.
 */
accounts_in_arrears: number, 
/**
 * Connections cut in the month.
 */
cuts: number, 
/**
 * Connections reconnected in the month.
 */
reconnections: number, };

export type MonthInterruptions = { interruptions: Array<Interruption>, continuity: Continuity, sectors: Array<string>, };

export type MonthPoint = { 
/**
 * The month.
 */
period: Period, 
/**
 * How many bills.
 */
bills: number, 
/**
 * The volume billed.
 */
billed_m3: number, 
/**
 * What the bills ask to be paid.
 */
amount_due: Money, };

export type MonthState = { 
/**
 * The month.
 */
period: Period, 
/**
 * How many bills it has.
 */
bills: number, 
/**
 * The billing run of this period has been issued.
 */
billed: boolean, 
/**
 * Whether it is closed (nothing more may be dated in it).
 */
closed: boolean, 
/**
 * Whether it can be closed now (it has ended and is not closed).
 */
closable: boolean, };

export type MonthStatus = { 
/**
 * The month.
 */
period: Period, 
/**
 * Active connections.
 */
active: number, 
/**
 * Readings expected (metered active connections).
 */
readings_expected: number, 
/**
 * Readings entered.
 */
readings_entered: number, 
/**
 * Bills held on an atypical reading.
 */
held: number, 
/**
 * Bills issued.
 */
billed: number, 
/**
 * Connections the run would bill now.
 */
to_bill: number, 
/**
 * What the month's bills charge.
 */
amount_billed: Money, 
/**
 * Why the run cannot be previewed (no tariff in force, a future period).
 */
blocked: Text | null, 
/**
 * The months before, oldest first.
 */
history: Array<MonthPoint>, };

export type NameArgs = { name: string, };

export type NcbReport = { 
/**
 * The month.
 */
period: string, 
/**
 * The operator.
 */
operator: string, 
/**
 * The town.
 */
town: string, 
/**
 * Local date of printing, `YYYY-MM-DD`.
 */
printed_on: string, 
/**
 * Whether `ledger verify` finds the ledger intact; when not, what it found first.
 */
ledger_intact: boolean, 
/**
 * What the ledger's check found wrong, if anything.
 */
ledger_problem: Text | null, 
/**
 * How the ledger was checked for this report, in words.
 */
ledger_checked: Text, 
/**
 * The Board's members in office.
 */
members: Array<Member>, 
/**
 * `MONTHS` months of every indicator, oldest first, each month in the order of
 * [`INDICATORS`].
 */
indicators: Array<Indicator>, 
/**
 * The tariff audit of the month's bills.
 */
audit: TariffAudit, 
/**
 * The month's complaints.
 */
complaints: ComplaintFigures, 
/**
 * Complaints not final at the month's end, with their next deadline.
 */
open_complaints: Array<Complaint>, 
/**
 * The month's water quality.
 */
quality: QualitySummary, 
/**
 * The month's sampling plan.
 */
plan: Array<PlanRow>, 
/**
 * Incidents opened in the month or still open at its end.
 */
incidents: Array<Incident>, 
/**
 * The month's continuity of supply and non-revenue water.
 */
continuity: Continuity, 
/**
 * The month's interruptions.
 */
interruptions: Array<Interruption>, 
/**
 * The month's money.
 */
money: MoneyMonth, 
/**
 * The community fund's month, if the tariff has a fund.
 */
fund: FundMonth | null, 
/**
 * The operator's own accounts of the month.
 */
operator_month: OperatorMonth, 
/**
 * The Board's meetings of the month.
 */
meetings: Array<Meeting>, };

export type NewComplaint = { 
/**
 * The account complained about.
 */
account: string, 
/**
 * What it is about.
 */
kind: ComplaintKind, 
/**
 * How it was made.
 */
channel: Channel, 
/**
 * Who complains.
 */
complainant: string, 
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
amount: string | null, 
/**
 * What they say.
 */
description: string, 
/**
 * How to reach them.
 */
contact: string, 
/**
 * Default today.
 */
filed_on: string | null, };

export type NewMeeting = { 
/**
 * When it was held, as typed.
 */
held_on: string, 
/**
 * `meeting` or `assembly` (or their Spanish words).
 */
kind: string, 
/**
 * Women present, as typed.
 */
women: string, 
/**
 * Men present, as typed.
 */
men: string, 
/**
 * What was agreed.
 */
agreements: string, 
/**
 * What it asks the municipality to sanction, if anything.
 */
sanction_request: string, };

export type NewMember = { 
/**
 * Their name.
 */
name: string, 
/**
 * Their gender (`F`, `M`).
 */
gender: string, 
/**
 * Their post.
 */
post: string, 
/**
 * From when, as typed.
 */
from_on: string, 
/**
 * Until when, as typed (empty: in office).
 */
to_on: string, };

export type NewSample = { 
/**
 * The sample's code.
 */
sample: string, 
/**
 * The point's code.
 */
point: string, 
/**
 * `YYYY-MM-DD HH:MM` (or `DD/MM/YYYY HH:MM`), local time.
 */
taken_at: string, 
/**
 * Who took it.
 */
taken_by: string, 
/**
 * `operator`, `health` or `lab`.
 */
by: string, 
/**
 * Parameter → value as typed (`0.8`, `<1.8`, `ND`); absent or empty: not measured.
 */
values: Array<[string, string]>, };

export type NewUser = { 
/**
 * The name they sign in with.
 */
name: string, 
/**
 * Their full name.
 */
full_name: string, 
/**
 * What they may do.
 */
role: Role, 
/**
 * Their password, as typed (stored only as its Argon2 hash).
 */
password: string, };

export type NoArgs = Record<symbol, never>;

export type Note = { 
/**
 * Its id.
 */
id: number, 
/**
 * Its number.
 */
number: string, 
/**
 * Credit or debit.
 */
kind: NoteKind, 
/**
 * The bill it corrects.
 */
bill: string, 
/**
 * The account.
 */
account: string, 
/**
 * The issue date (ISO).
 */
issued_on: string, 
/**
 * Why.
 */
reason: string, 
/**
 * The water line's correction.
 */
water: Money, 
/**
 * The sewer line's correction.
 */
sewer: Money, 
/**
 * The fixed charge's correction.
 */
fixed: Money, 
/**
 * The subsidy taken back (credit) or added (debit), as a magnitude.
 */
subsidy: Money, 
/**
 * The IGV on the correction.
 */
tax: Money, 
/**
 * Signed: negative for a credit note.
 */
total: Money, 
/**
 * Signed change to the bill's fund share.
 */
fund_share: Money, 
/**
 * Who issued it.
 */
issued_by: string, };

export type NoteArgs = { bill: string, kind: NoteKind, reason: string, water: string, sewer: string, fixed: string, };

export type NoteKind = "credit" | "debit";

export type NumberArgs = { number: string, };

export type OperatorMonth = { 
/**
 * The month.
 */
period: string, 
/**
 * The transition subsidy the operator received.
 */
transition_subsidy: Money, 
/**
 * Costs by kind (`energy`, `chlorine`, `salaries`, `maintenance`, `other_cost`).
 */
costs: Array<[string, Money]>, 
/**
 * Its costs, all kinds together.
 */
total_costs: Money, };

export type OperatorSettings = { 
/**
 * The operator's name.
 */
operator: string, 
/**
 * The town served.
 */
town: string, 
/**
 * The operator's RUC.
 */
ruc: string, 
/**
 * The operator's address.
 */
address: string, 
/**
 * The operator's code for the municipality.
 */
operator_code: string, 
/**
 * The town's code (its ubigeo).
 */
town_code: string, 
/**
 * What a reconnection after a cut costs, in soles.
 */
reconnection_charge: string, 
/**
 * `a6` or `roll80`.
 */
receipt_format: string, 
/**
 * How long a delivery waits for the municipality's server, in seconds.
 */
delivery_timeout_seconds: string, 
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
population: string, 
/**
 * People per connection, for the population served.
 */
persons_per_connection: string, };

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

export type Payment = { 
/**
 * Its id.
 */
id: number, 
/**
 * Its receipt number.
 */
number: string, 
/**
 * The account.
 */
account: string, 
/**
 * When it was paid (ISO).
 */
paid_on: string, 
/**
 * How much (negative: a reversal).
 */
amount: Money, 
/**
 * `cash` or `bank`.
 */
channel: string, 
/**
 * The bank's reference, for a collection.
 */
reference: string | null, 
/**
 * The payment it reverses.
 */
reverses: number | null, 
/**
 * Why it was reversed.
 */
reason: string | null, 
/**
 * Who recorded it.
 */
recorded_by: string, 
/**
 * When it was recorded (local time).
 */
recorded_at: string, };

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

export type PlanRow = { 
/**
 * The point's code.
 */
point: string, 
/**
 * Its name.
 */
name: string, 
/**
 * The parameter.
 */
parameter: string, 
/**
 * Samples planned in the month.
 */
planned: number, 
/**
 * Samples taken.
 */
taken: number, };

export type Point = { 
/**
 * The point's code.
 */
point: string, 
/**
 * Its name.
 */
name: string, 
/**
 * Its kind (source, reservoir, network).
 */
kind: string, 
/**
 * Its sector.
 */
sector: string, };

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

export type Progress = { 
/**
 * The first decision's date.
 */
decided_on: string | null, 
/**
 * The first decision.
 */
outcome: Outcome | null, 
/**
 * Whether it came by positive silence.
 */
by_silence: boolean, 
/**
 * When the decision was notified.
 */
notified_on: string | null, 
/**
 * When reconsideration was asked.
 */
reconsideration_on: string | null, 
/**
 * When reconsideration must be decided.
 */
reconsideration_due: string | null, 
/**
 * The reconsideration's decision.
 */
reconsideration_outcome: Outcome | null, 
/**
 * When it was appealed.
 */
appeal_on: string | null, 
/**
 * When the Board must decide.
 */
ncb_due: string | null, 
/**
 * When the Board decided.
 */
ncb_decided_on: string | null, 
/**
 * The Board's decision.
 */
ncb_outcome: Outcome | null, 
/**
 * The credit notes of its decisions, with tax, as a positive amount.
 */
credited: Money, 
/**
 * When it became final.
 */
final_on: string | null, 
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

export type PurposeBalance = { 
/**
 * The purpose.
 */
purpose: string, 
/**
 * The shares credited as bills were paid.
 */
contributions: Money, 
/**
 * The subsidies debited at issue.
 */
subsidies: Money, 
/**
 * What was spent from it.
 */
spending: Money, 
/**
 * What remains.
 */
balance: Money, };

export type PurposeMonth = { 
/**
 * The purpose.
 */
purpose: string, 
/**
 * Its balance at the start of the month.
 */
opening: Money, 
/**
 * Credited from bills paid in the month.
 */
contributions: Money, 
/**
 * Subsidy lines of bills issued in the month (net of notes).
 */
subsidies: Money, 
/**
 * What was spent from it.
 */
spending: Money, 
/**
 * Its balance at the end of the month.
 */
closing: Money, };

export type QualitySummary = { 
/**
 * The month.
 */
period: string, 
/**
 * Samples taken.
 */
samples: number, 
/**
 * The share of free-chlorine samples at or above the minimum (percent, as text).
 */
chlorine_compliance: string | null, 
/**
 * Whether that share meets the standard.
 */
chlorine_pass: boolean | null, 
/**
 * The share of bacteriological samples that pass.
 */
bacteriological_compliance: string | null, 
/**
 * The share of physical-chemical samples that pass.
 */
physchem_compliance: string | null, 
/**
 * The share of the month's sampling plan carried out.
 */
sampling_plan: string | null, 
/**
 * Incidents not closed.
 */
open_incidents: number, };

export type ReadingCheck = { 
/**
 * Refusals: the value cannot be stored.
 */
errors: Array<Text>, 
/**
 * Stored, but worth a second look (rollover, atypical).
 */
warnings: Array<Text>, 
/**
 * The volume the reading gives, when it can be stored.
 */
consumption_m3: number | null, };

export type ReadingDraft = { 
/**
 * The account.
 */
account: string, 
/**
 * The period (`YYYY-MM`).
 */
period: string, 
/**
 * The reading.
 */
reading: string, 
/**
 * When it was read.
 */
read_on: string, 
/**
 * Who read it.
 */
reader: string, 
/**
 * `ok`, `no_access` or `meter_broken` (or their Spanish words).
 */
status: string, 
/**
 * A remark.
 */
note: string, };

export type ReadingRow = { 
/**
 * The period.
 */
period: Period, 
/**
 * The reading.
 */
reading: number | null, 
/**
 * How the reading went.
 */
status: ReadingStatus, 
/**
 * When it was read (ISO).
 */
read_on: string, 
/**
 * Who read it.
 */
reader: string | null, 
/**
 * A remark.
 */
note: string | null, 
/**
 * The meter read.
 */
meter_serial: string, };

export type ReadingStatus = "ok" | "no_access" | "meter_broken";

export type ReadingsSaveArgs = { drafts: Array<ReadingDraft>, };

export type Receipt = { 
/**
 * The payment.
 */
payment: Payment, 
/**
 * The holder's name.
 */
holder: string, 
/**
 * The charges it paid, oldest first.
 */
applied: Array<AppliedLine>, 
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
replaced_kept_at: string | null, 
/**
 * The head of the chain after the restore (the copy's).
 */
chain_head: string, 
/**
 * How many links the restored chain has.
 */
links: number, 
/**
 * What the copy lacked of the replaced ledger.
 */
preview: RestorePreview, };

export type RestorePreview = { 
/**
 * The operator named in the copy.
 */
copy_operator: string, 
/**
 * The town named in the copy.
 */
copy_town: string, 
/**
 * Whether the copy is a copy of the ledger in use: the same `ledger_id`, or for ledgers
 * created before ids the same first entry of the audit log (`None`: the ledger in use
 * cannot be read, as when it is damaged). Names and codes can be changed in the
 * settings, and two ledgers can share them, so they do not tell.
 */
same_ledger: boolean | null, 
/**
 * Each numbering series as the ledger in use and the copy leave it.
 */
series: Array<SeriesAtRestore>, 
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

export type RowError = { 
/**
 * The line in the file (the header is line 1).
 */
line: number, 
/**
 * The column, by the file's own header.
 */
column: string, 
/**
 * What the cell held.
 */
value: string, 
/**
 * Why it was refused.
 */
reason: Text, };

export type Rule = { 
/**
 * The rule's key (`decision`, `appeal`…).
 */
rule: string, 
/**
 * Its number of days.
 */
days: number, 
/**
 * `calendar` or `working`.
 */
unit: string, 
/**
 * What it is, in Spanish.
 */
label_es: string, 
/**
 * What it is, in English.
 */
label_en: string, };

export type RuleArgs = { rule: string, days: string, year: number, };

export type RunLine = { 
/**
 * The connection's id.
 */
connection_id: number, 
/**
 * The account code.
 */
account: string, 
/**
 * The holder's name.
 */
holder: string, 
/**
 * The service address.
 */
address: string, 
/**
 * The category code.
 */
category: string, 
/**
 * The volume billed and how it was found.
 */
volume: Volume, 
/**
 * The month's charges.
 */
charges: Charges, 
/**
 * What the account owed before this bill.
 */
previous_balance: Money, 
/**
 * What the bill asks to be paid.
 */
total_to_pay: Money, 
/**
 * The service it is priced for, kept with the bill for the tariff audit.
 */
sewer: boolean, 
/**
 * Whether the connection is subsidized.
 */
subsidized: boolean, };

export type Sample = { 
/**
 * Its id.
 */
id: number, 
/**
 * The sample's code.
 */
sample: string, 
/**
 * The point's code.
 */
point: string, 
/**
 * The point's name.
 */
point_name: string, 
/**
 * The point's kind.
 */
kind: string, 
/**
 * The point's sector.
 */
sector: string, 
/**
 * When it was taken (local time).
 */
taken_at: string, 
/**
 * Who took it.
 */
taken_by: string, 
/**
 * `operator`, `health` or `lab`.
 */
by: string, 
/**
 * Parameter → value, for the parameters measured.
 */
values: Array<[string, string]>, 
/**
 * `pass`, `low` or `fail`.
 */
verdict: string, 
/**
 * The parameters that fail.
 */
failed: Array<string>, 
/**
 * Parameters under their minimum but not failing, as judged when recorded; `None` for a
 * sample recorded before ledger version 11, which did not keep them.
 */
low: Array<string> | null, };

export type SampleCheck = { 
/**
 * The verdict, when every value reads.
 */
verdict: Verdict | null, 
/**
 * Parameter → why its value does not read.
 */
problems: Array<[string, Text]>, };

export type SampleCheckArgs = { point: string, values: Array<[string, string]>, };

export type SampleRecorded = { sample: Sample, incident: number | null, };

export type SearchArgs = { query: string, limit: number, };

export type SectorFigures = { 
/**
 * The sector.
 */
sector: string, 
/**
 * Its hours of supply a day.
 */
hours_per_day: string, 
/**
 * The hours of supply lost to interruptions in the month.
 */
interrupted_hours: string, 
/**
 * The share of the supply hours given (percent, as text).
 */
continuity: string, 
/**
 * Its connections.
 */
connections: number, };

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

export type ServiceEvent = { 
/**
 * Its id.
 */
id: number, 
/**
 * The account.
 */
account: string, 
/**
 * The action (`cut`, `reconnect`, `suspend`, `close`).
 */
kind: string, 
/**
 * When (ISO).
 */
event_on: string, 
/**
 * Why.
 */
reason: string, 
/**
 * What it charges (the reconnection after a cut).
 */
charge: Money, };

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

export type SheetRow = { 
/**
 * The account.
 */
account: string, 
/**
 * The holder's name.
 */
name: string, 
/**
 * The service address.
 */
address: string, 
/**
 * The reading route.
 */
route: string | null, 
/**
 * Its place on the route.
 */
route_seq: number | null, 
/**
 * The meter's serial number.
 */
meter_serial: string, 
/**
 * The reading the new one is compared with.
 */
previous: number, 
/**
 * Average monthly m³ of the measured months, one decimal ("12.3").
 */
average_m3: string | null, 
/**
 * The period's reading, if entered.
 */
reading: number | null, 
/**
 * How the reading went, if entered.
 */
status: ReadingStatus | null, 
/**
 * What the stored reading means (its m³ and its warnings), so the grid shows the same
 * after saving as while typing.
 */
stored: ReadingCheck | null, };

export type SignInArgs = { name: string, password: string, };

export type SpendArgs = { purpose: string, spent_on: string, amount: string, description: string, document: string, approved_by: string, };

export type Statement = { 
/**
 * The account code.
 */
account: string, 
/**
 * The holder's name.
 */
holder: string, 
/**
 * The day it is read at (ISO).
 */
as_of: string, 
/**
 * Every entry, oldest first.
 */
lines: Array<StatementLine>, 
/**
 * What the account owes (negative: a credit).
 */
balance: Money, 
/**
 * What is past its due date and not disputed.
 */
overdue: Money, 
/**
 * Unpaid amounts frozen by open complaints ("en reclamo"): not overdue.
 */
disputed: Money, };

export type StatementLine = { 
/**
 * The entry's date (ISO).
 */
date: string, 
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
reversible: boolean, 
/**
 * What it charges (zero for a credit).
 */
charge: Money, 
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
step: string, 
/**
 * The step's date (ISO).
 */
on_date: string, 
/**
 * Its decision, if it is one.
 */
outcome: Outcome | null, 
/**
 * Whether that decision came by positive silence.
 */
by_silence: boolean, 
/**
 * Its reason.
 */
reason: string, 
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
note: string | null, 
/**
 * What its credit note credited.
 */
credited: Money, 
/**
 * Who recorded it.
 */
recorded_by: string, };

export type StepArgs = { number: string, 
/**
 * `notify`, `reconsider`, `appeal` or `withdraw`.
 */
step: string, reason: string, on: string | null, };

export type StoredTariff = { 
/**
 * Its id.
 */
id: number, 
/**
 * The tariff.
 */
tariff: Tariff, 
/**
 * The document as imported (TOML).
 */
document: string, 
/**
 * When it was imported.
 */
imported_at: string, 
/**
 * Who imported it.
 */
imported_by: string, 
/**
 * The tariff in words, as the screen shows it.
 */
words: TariffWords, };

export type Subsidy = { 
/**
 * The share of the water and sewer charges taken off, as a fraction.
 */
percent: string, 
/**
 * Up to how many m³ a month.
 */
max_m3: number, };

export type Target = { 
/**
 * The target's id.
 */
id: number, 
/**
 * `folder` or `https`.
 */
kind: string, 
/**
 * The folder or the address.
 */
location: string, 
/**
 * How it is reached (`none`, `basic`, `bearer`).
 */
auth: string, 
/**
 * The user name, for basic authentication.
 */
username: string | null, };

export type TargetDraft = { 
/**
 * A folder path, or an `http://` / `https://` URL that accepts PUT.
 */
location: string, 
/**
 * The user name, for a target with basic authentication.
 */
username: string | null, 
/**
 * The password, for a target with basic authentication (kept sealed).
 */
password: string | null, 
/**
 * The token, for a target with a bearer token (kept sealed).
 */
token: string | null, };

export type TargetIdArgs = { id: number, };

export type TargetSetting = { 
/**
 * The indicator's code.
 */
code: string, 
/**
 * Its name in Spanish.
 */
label_es: string, 
/**
 * Its name in English.
 */
label_en: string, 
/**
 * Its unit.
 */
unit: string, 
/**
 * `more` (the target is a floor) or `less` (a ceiling).
 */
better: string, 
/**
 * The target when none is set.
 */
default_target: string | null, 
/**
 * In force: the setting, else the default; `None` when there is none.
 */
target: string | null, };

export type Tariff = { 
/**
 * Its name.
 */
name: string, 
/**
 * The first period it prices.
 */
effective_from: Period, 
/**
 * The resolution that approved it.
 */
approval: string, 
/**
 * Its currency (`PEN`).
 */
currency: string, 
/**
 * The fixed charge a month, before tax.
 */
fixed_charge: string, 
/**
 * IGV, as a fraction (0.18).
 */
tax_rate: string, 
/**
 * The step amounts due are rounded to (0.10).
 */
pay_rounding: string, 
/**
 * Days from issue to the due date.
 */
due_days: number, 
/**
 * How many measured months an estimate averages.
 */
estimate_months: number, 
/**
 * The community fund's share, if it has one.
 */
fund: Fund | null, 
/**
 * The subsidy, if it has one.
 */
subsidy: Subsidy | null, 
/**
 * Its categories by code.
 */
categories: { [key in string]: Category }, };

export type TariffAudit = { 
/**
 * The period audited.
 */
period: string, 
/**
 * Bills of the period checked.
 */
bills: number, 
/**
 * Bills with at least one line that differs.
 */
mismatched_bills: number, 
/**
 * Every line that differs, bill by bill.
 */
mismatches: Array<Mismatch>, 
/**
 * Bills issued before the ledger kept each bill's service terms: checked against the
 * connection's sewer and subsidy as they are today.
 */
without_terms: number, };

export type TariffGap = { 
/**
 * The category's code.
 */
category: string, 
/**
 * How many connections have it.
 */
connections: number, 
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
subsidy: Text | null, 
/**
 * Each category in words.
 */
categories: Array<CategoryWords>, };

export type Task = "open" | "daily_backup" | "delivery" | "complaints";

export type Text = { 
/**
 * In Spanish (es-PE), the first language.
 */
es: string, 
/**
 * In English.
 */
en: string, };

export type Totals = { 
/**
 * How many bills.
 */
bills: number, 
/**
 * The volume billed.
 */
billed_m3: number, 
/**
 * The month's charges with tax.
 */
month_total: Money, 
/**
 * What the bills ask to be paid.
 */
amount_due: Money, 
/**
 * The community fund's share.
 */
fund_share: Money, 
/**
 * The subsidies granted.
 */
subsidy: Money, };

export type Unbillable = { 
/**
 * The account code.
 */
account: string, 
/**
 * Why it cannot be billed.
 */
reason: Text, };

export type UserInfo = { 
/**
 * The name they sign in with.
 */
name: string, 
/**
 * Their full name.
 */
full_name: string, 
/**
 * What they may do.
 */
role: Role, 
/**
 * Whether they may still sign in.
 */
active: boolean, };

export type Verdict = { 
/**
 * `pass`, `low` or `fail`.
 */
verdict: string, 
/**
 * The parameters that fail.
 */
failed: Array<string>, 
/**
 * Parameters under their minimum but not failing.
 */
low: Array<string>, };

export type Volume = { 
/**
 * How it was found.
 */
basis: Basis, 
/**
 * The volume.
 */
consumption_m3: number, 
/**
 * The meter read, if any.
 */
meter_serial: string | null, 
/**
 * The reading before.
 */
prev_reading: number | null, 
/**
 * The reading of the month.
 */
curr_reading: number | null, };

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
