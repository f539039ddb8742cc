//! Filing a complaint: who may file what, the account and bill it is about, the amount it
//! freezes, its number and its first step, in one write.

use super::*;
use crate::error::ErrorCode;

pub(super) fn id_problem(id: &str) -> bool {
    !((id.len() == 8 || id.len() == 11) && id.chars().all(|c| c.is_ascii_digit()))
}

/// A complaint's form, checked and trimmed before anything is read from the ledger.
struct Checked {
    account: String,
    complainant: String,
    complainant_id: String,
    description: String,
    contact: String,
    relation: Relation,
    bill_number: Option<String>,
    amount: Option<Money>,
}

/// Who may file it and whether its fields are acceptable, as the form says them.
fn check_form(actor: &Actor, req: &NewComplaint) -> Result<Checked> {
    if req.kind != ComplaintKind::Operational {
        actor.require(Permission::FileCommercialComplaints)?;
    }
    let form = Checked {
        account: req.account.trim().to_string(),
        complainant: req.complainant.trim().to_string(),
        complainant_id: req.complainant_id.trim().to_string(),
        description: req.description.trim().to_string(),
        contact: req.contact.trim().to_string(),
        relation: req.relation.unwrap_or(Relation::Holder),
        bill_number: req
            .bill
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(str::to_ascii_uppercase),
        amount: req
            .amount
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| Money::typed(ErrorCode::Amount, a))
            .transpose()?,
    };
    if form.complainant.is_empty() {
        return Err(Error::invalid(
            ErrorCode::Complainant,
            "Indique el nombre de quien reclama.",
            "Give the complainant's name.",
        ));
    }
    if id_problem(&form.complainant_id) {
        let id = &form.complainant_id;
        return Err(Error::invalid(
            ErrorCode::ComplainantId,
            format!("«{id}» no es un DNI (8 cifras) ni un RUC (11 cifras)."),
            format!("«{id}» is neither a DNI (8 digits) nor a RUC (11 digits)."),
        ));
    }
    if req.channel == Channel::Phone && (form.relation != Relation::Holder || form.complainant_id.len() != 8) {
        return Err(Error::invalid(
            ErrorCode::Channel,
            "Por teléfono reclama solo el titular de la cuenta, con su DNI.",
            "By phone only the account holder complains, giving a DNI.",
        ));
    }
    if form.description.is_empty() {
        return Err(Error::invalid(
            ErrorCode::Description,
            "Describa el reclamo.",
            "Describe the complaint.",
        ));
    }
    if req.kind == ComplaintKind::Billing && form.bill_number.is_none() {
        return Err(Error::invalid(
            ErrorCode::Bill,
            "Un reclamo de facturación indica el recibo reclamado.",
            "A billing complaint names the bill complained about.",
        ));
    }
    if req.kind != ComplaintKind::Billing && (form.bill_number.is_some() || form.amount.is_some()) {
        return Err(Error::invalid(
            ErrorCode::Bill,
            "Solo un reclamo de facturación indica un recibo y un monto reclamado.",
            "Only a billing complaint names a bill and a disputed amount.",
        ));
    }
    Ok(form)
}

/// The bill a billing complaint is about, as the ledger holds it: of this account, filed
/// within its window, not already under complaint; and the amount it freezes.
fn disputed_bill(
    tx: &Connection,
    form: &Checked,
    number: &str,
    connection_id: i64,
    filed_on: NaiveDate,
) -> Result<(i64, Money)> {
    let account = &form.account;
    let bill = crate::notes::bill_by_number(tx, number)?;
    if bill.connection_id != connection_id {
        return Err(Error::invalid(
            ErrorCode::Bill,
            format!(
                "El recibo {number} es de la cuenta {}, no de la {account}.",
                bill.account
            ),
            format!("Bill {number} belongs to account {}, not {account}.", bill.account),
        ));
    }
    let issued = day(&bill.issued_on);
    if filed_on < issued {
        return Err(Error::invalid(
            ErrorCode::FiledOn,
            format!(
                "El reclamo no puede ser anterior a su recibo ({}).",
                Lang::Es.date(issued)
            ),
            format!(
                "The complaint cannot be dated before its bill ({}).",
                Lang::En.date(issued)
            ),
        ));
    }
    let rules = rules::load(tx)?;
    let last = day(&bill.due_on)
        .checked_add_days(Days::new(u64::from(rules.filing)))
        .unwrap_or(NaiveDate::MAX);
    if filed_on > last {
        return Err(Error::invalid(
            ErrorCode::FiledOn,
            format!(
                "El plazo para reclamar el recibo {number} venció el {} ({} días calendario desde su vencimiento, el {}).",
                Lang::Es.date(last),
                rules.filing,
                Lang::Es.date(day(&bill.due_on))
            ),
            format!(
                "The time to complain about bill {number} ended on {} ({} calendar days after its due date, {}).",
                Lang::En.date(last),
                rules.filing,
                Lang::En.date(day(&bill.due_on))
            ),
        ));
    }
    let disputed = form.amount.unwrap_or(bill.amount_due);
    if disputed <= Money::ZERO || disputed > bill.amount_due {
        return Err(Error::invalid(
            ErrorCode::Amount,
            format!(
                "El monto reclamado va de S/ 0.01 a lo que pide el recibo {number} ({}).",
                bill.amount_due
            ),
            format!(
                "The disputed amount goes from S/ 0.01 to what bill {number} asks ({}).",
                bill.amount_due
            ),
        ));
    }
    let open: Option<String> = tx
        .prepare_cached(&format!(
            "SELECT number FROM complaints c WHERE c.bill_id = ?1 AND {NOT_CLOSED}"
        ))?
        .query_row([bill.id], |r| r.get(0))
        .optional()?;
    if let Some(other) = open {
        return Err(Error::conflict(
            format!("El recibo {number} ya está en reclamo ({other}); agregue lo nuevo a ese reclamo."),
            format!("Bill {number} is already under complaint {other}; add what is new to that one."),
        ));
    }
    Ok((bill.id, disputed))
}

impl Ledger {
    /// Files a complaint: checks who may file it, its bill and filing window, numbers it in its
    /// year and gives the first-instance deadline; all inside one write.
    pub fn file_complaint(&mut self, actor: &Actor, req: &NewComplaint) -> Result<Filed> {
        actor.require(Permission::FileComplaints)?;
        let form = check_form(actor, req)?;
        let today = self.clock().today();
        let filed_on = req.filed_on.unwrap_or(today);
        self.write(actor, "complaints.file", |tx, _| {
            months::check_entry_date(tx, ErrorCode::FiledOn, filed_on, today, ("el reclamo", "the complaint"))?;
            let account = &form.account;
            let (connection_id, _) = accounts::connection_of(tx, account)?;
            let (bill_id, disputed) = match &form.bill_number {
                Some(number) => {
                    let (id, disputed) = disputed_bill(tx, &form, number, connection_id, filed_on)?;
                    (Some(id), disputed)
                }
                None => (None, Money::ZERO),
            };
            let year = filed_on.year();
            let seq: i64 = tx
                .prepare_cached("SELECT coalesce(max(seq), 0) + 1 FROM complaints WHERE year = ?1")?
                .query_row([year], |r| r.get(0))?;
            let number = format!("REC-{year}-{seq:05}");
            let rules = rules::load(tx)?;
            let due = calendar::Calendar::load(tx)?.working_days_after(filed_on, rules.decision);
            tx.execute(
                "INSERT INTO complaints (number, year, seq, connection_id, account, kind, channel, complainant, complainant_id,
                     relation, bill_id, disputed, description, contact, filed_on, decision_due, filed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                rusqlite::params![
                    number,
                    year,
                    seq,
                    connection_id,
                    account,
                    req.kind.code(),
                    req.channel.code(),
                    form.complainant,
                    form.complainant_id,
                    form.relation.code(),
                    bill_id,
                    disputed.cents(),
                    form.description,
                    form.contact,
                    filed_on.to_string(),
                    due.to_string(),
                    actor.name
                ],
            )?;
            let id = tx.last_insert_rowid();
            let content = canonical_complaint(tx, id)?.map(|c| c.1).unwrap_or_default();
            crate::ledger::chain::Appender::start(tx)?.push(tx, "complaint", id, &content)?;
            let complaint = by_number(tx, &number, today)?;
            let detail = format!("complaint={number} account={account} kind={} disputed={}", req.kind.code(), disputed.plain());
            Ok((
                Filed {
                    number: number.clone(),
                    decision_due: due.to_string(),
                    complaint,
                },
                detail,
            ))
        })
    }
}
