//! Writing to the fund: a spending by purpose (never overdrawing one) and the operator's
//! entries (the transition subsidy and its costs), each sealed.

use super::*;
use crate::error::ErrorCode;

impl Ledger {
    /// Records spending from the fund. Refused when it would leave its purpose overdrawn on
    /// its date or on any later day (checked inside the write, so two clerks spending the last
    /// of a purpose at once cannot both succeed).
    pub fn spend_fund(&mut self, actor: &Actor, s: &FundSpending) -> Result<i64> {
        actor.require(Permission::ManageFund)?;
        let today = self.clock().today();
        accounts::check_amount(ErrorCode::Amount, s.amount)?;
        for (field, value) in [
            ("description", &s.description),
            ("document", &s.document),
            ("approved_by", &s.approved_by),
        ] {
            if value.trim().is_empty() {
                let (es, en) = match field {
                    "description" => ("la descripción", "the description"),
                    "document" => ("el documento de sustento", "the supporting document"),
                    _ => ("quién lo aprobó", "who approved it"),
                };
                return Err(Error::invalid(
                    ErrorCode::FundField,
                    format!(
                        "Falta {es}: todo gasto del fondo lleva descripción, documento de sustento y quién lo aprobó."
                    ),
                    format!(
                        "{} is missing: every fund expense has a description, a supporting document and who approved it.",
                        capitalized(en)
                    ),
                ));
            }
        }
        self.write(actor, "fund.spend", |tx, _| {
            months::check_entry_date(tx, ErrorCode::SpentOn, s.spent_on, today, ("el gasto", "the spending"))?;
            let before = purpose_balances_from(tx, s.spent_on, today)?;
            let known: Vec<String> = before
                .first()
                .map(|f| f.purposes.iter().map(|p| p.purpose.clone()).collect())
                .unwrap_or_default();
            let Some(purpose) = purpose_code(&s.purpose, &known) else {
                let words = |lang| {
                    known
                        .iter()
                        .map(|k| purpose_word(k, lang))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                return Err(Error::invalid(
                    ErrorCode::Purpose,
                    format!(
                        "«{}» no es un fin del fondo ({}).",
                        shorten(&s.purpose),
                        words(Lang::Es)
                    ),
                    format!(
                        "«{}» is not a purpose of the fund ({}).",
                        shorten(&s.purpose),
                        words(Lang::En)
                    ),
                ));
            };
            let s = &FundSpending { purpose, ..s.clone() };
            for f in &before {
                let holds = f
                    .purposes
                    .iter()
                    .find(|p| p.purpose == s.purpose)
                    .map_or(Money::ZERO, |p| p.balance);
                if s.amount > holds {
                    let day = parse_date(&f.as_of).unwrap_or(s.spent_on);
                    return Err(Error::conflict(
                        format!(
                            "El fin «{}» tiene {} al {}; no alcanza para gastar {}.",
                            s.purpose,
                            holds,
                            Lang::Es.date(day),
                            s.amount
                        ),
                        format!(
                            "Purpose «{}» holds {} on {}; that does not cover spending {}.",
                            s.purpose,
                            holds,
                            Lang::En.date(day),
                            s.amount
                        ),
                    ));
                }
            }
            tx.execute(
                "INSERT INTO fund_spending (purpose, spent_on, amount, description, document, approved_by, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                (
                    &s.purpose,
                    s.spent_on.to_string(),
                    s.amount.cents(),
                    s.description.trim(),
                    s.document.trim(),
                    s.approved_by.trim(),
                    &actor.name,
                ),
            )?;
            let id = tx.last_insert_rowid();
            let mut chain = Appender::start(tx)?;
            let content = canonical_row(tx, FUND_SQL, id)?.map(|c| c.1).unwrap_or_default();
            chain.push(tx, "fund_spending", id, &content)?;
            Ok((
                id,
                format!(
                    "purpose={} amount={} document={}",
                    s.purpose,
                    s.amount.plain(),
                    s.document
                ),
            ))
        })
    }

    /// Records a transition subsidy received or an operating cost.
    pub fn record_operator_entry(&mut self, actor: &Actor, e: &OperatorEntry) -> Result<i64> {
        actor.require(Permission::ManageFund)?;
        let Some(kind) = code_of(OPERATOR_KINDS, &e.kind) else {
            return Err(Error::invalid(
                ErrorCode::Kind,
                format!(
                    "«{}» no es un tipo de movimiento ({}).",
                    shorten(&e.kind),
                    list_of(OPERATOR_KINDS, Lang::Es)
                ),
                format!(
                    "«{}» is not an entry kind ({}).",
                    shorten(&e.kind),
                    list_of(OPERATOR_KINDS, Lang::En)
                ),
            ));
        };
        let e = &OperatorEntry {
            kind: kind.to_string(),
            ..e.clone()
        };
        accounts::check_amount(ErrorCode::Amount, e.amount)?;
        let today = self.clock().today();
        self.write(actor, "operator.entry", |tx, _| {
            months::check_entry_date(tx, ErrorCode::EntryOn, e.entry_on, today, ("el movimiento", "the entry"))?;
            tx.execute(
                "INSERT INTO operator_entries (kind, entry_on, amount, description, document, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                (&e.kind, e.entry_on.to_string(), e.amount.cents(), e.description.trim(), e.document.trim(), &actor.name),
            )?;
            let id = tx.last_insert_rowid();
            let mut chain = Appender::start(tx)?;
            let content = canonical_row(tx, OPERATOR_SQL, id)?.map(|c| c.1).unwrap_or_default();
            chain.push(tx, "operator_entry", id, &content)?;
            Ok((id, format!("kind={} amount={}", e.kind, e.amount.plain())))
        })
    }
}
