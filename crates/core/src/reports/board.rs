//! The Community Board's own records: its members and their terms, and its meetings and the
//! community's assemblies with attendance by gender, agreements and requests to the
//! municipality to sanction the operator. Append-only and sealed in the hash chain; recorded
//! by the Board (or the operator's administrator, who keeps the file).

use crate::Ledger;
use crate::access::{Actor, Permission};
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::ledger::chain::{Appender, RecordKind};
use crate::period::{Period, parse_date};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A board member's post.
pub const POSTS: &[&str] = &["president", "secretary", "member"];

/// A Board post in words (`president` → «Presidente(a)»).
pub fn post_word(post: &str, lang: Lang) -> &'static str {
    match post {
        "president" => lang.pick("presidente(a)", "president"),
        "secretary" => lang.pick("secretario(a)", "secretary"),
        _ => lang.pick("vocal", "member"),
    }
}

/// A meeting's kind in words.
pub fn meeting_word(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "assembly" => lang.pick("asamblea comunal", "community assembly"),
        _ => lang.pick("sesión de la Junta", "board meeting"),
    }
}

/// A member of the Community Board.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Member {
    /// Its id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// `F` or `M`.
    pub gender: String,
    /// Their post (`president`, `secretary`, `member`…).
    pub post: String,
    /// From when (ISO).
    pub from_on: String,
    /// Until when (`None`: in office).
    pub to_on: Option<String>,
}

impl Member {
    /// In office at the end of `day`.
    pub fn in_office(&self, day: NaiveDate) -> bool {
        let d = day.to_string();
        self.from_on <= d && self.to_on.as_ref().is_none_or(|t| *t >= d)
    }
}

/// A member to add, as typed.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct NewMember {
    /// Their name.
    pub name: String,
    /// Their gender (`F`, `M`).
    pub gender: String,
    /// Their post.
    pub post: String,
    /// From when, as typed.
    pub from_on: String,
    /// Until when, as typed (empty: in office).
    pub to_on: String,
}

/// A meeting or assembly of the Board, as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Meeting {
    /// Its id.
    pub id: i64,
    /// When it was held (ISO).
    pub held_on: String,
    /// `board` or `assembly`.
    pub kind: String,
    /// Women present.
    pub women: u64,
    /// Men present.
    pub men: u64,
    /// What was agreed.
    pub agreements: String,
    /// What it asks the municipality to sanction, if anything.
    pub sanction_request: String,
    /// Who recorded it.
    pub recorded_by: String,
}

impl Meeting {
    /// "46 mujeres, 1 hombre": who attended, each count with the word that agrees with it.
    pub fn attendance(&self, lang: Lang) -> String {
        format!(
            "{}, {}",
            lang.counted(self.women, ("mujer", "mujeres"), ("woman", "women")),
            lang.counted(self.men, ("hombre", "hombres"), ("man", "men"))
        )
    }
}

/// A meeting to record, as typed.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct NewMeeting {
    /// When it was held, as typed.
    pub held_on: String,
    /// `meeting` or `assembly` (or their Spanish words).
    pub kind: String,
    /// Women present, as typed.
    pub women: String,
    /// Men present, as typed.
    pub men: String,
    /// What was agreed.
    pub agreements: String,
    /// What it asks the municipality to sanction, if anything.
    pub sanction_request: String,
}

fn gender(s: &str) -> Option<&'static str> {
    match s.trim().to_uppercase().as_str() {
        "F" | "MUJER" | "WOMAN" | "FEMENINO" => Some("F"),
        "M" | "HOMBRE" | "MAN" | "VARON" | "VARÓN" | "MASCULINO" => Some("M"),
        _ => None,
    }
}

fn post(s: &str) -> Option<&'static str> {
    match crate::text::normalize_key(s).as_str() {
        "" | "member" | "vocal" | "miembro" => Some("member"),
        "president" | "presidente" | "presidenta" => Some("president"),
        "secretary" | "secretario" | "secretaria" => Some("secretary"),
        _ => None,
    }
}

fn meeting_kind(s: &str) -> Option<&'static str> {
    match crate::text::normalize_key(s).as_str() {
        "board" | "sesion" | "junta" | "reunion" => Some("board"),
        "assembly" | "asamblea" => Some("assembly"),
        _ => None,
    }
}

fn date(field: crate::error::ErrorCode, s: &str, what: (&str, &str)) -> Result<NaiveDate> {
    parse_date(s).ok_or_else(|| {
        Error::invalid(
            field,
            format!("{}: «{}» no es una fecha (dd/mm/aaaa).", what.0, s.trim()),
            format!("{}: «{}» is not a date (dd/mm/yyyy or yyyy-mm-dd).", what.1, s.trim()),
        )
    })
}

fn count(field: crate::error::ErrorCode, s: &str, what: (&str, &str)) -> Result<u64> {
    let t = s.trim();
    let t = if t.is_empty() { "0" } else { t };
    crate::import::parse_count(t, 100_000).map_err(|why| {
        Error::invalid(
            field,
            format!("{}: «{t}» {}.", what.0, why.es),
            format!("{}: «{t}» {}.", what.1, why.en),
        )
    })
}

fn text(field: crate::error::ErrorCode, s: &str, max: usize, what: (&str, &str)) -> Result<String> {
    let t = s.trim();
    if t.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("{}: el texto pasa de {max} caracteres.", what.0),
            format!("{}: the text is longer than {max} characters.", what.1),
        ));
    }
    Ok(t.to_string())
}

const MEMBER_SQL: &str = "SELECT id, name, gender, post, from_on, to_on FROM ncb_members";
const MEETING_SQL: &str =
    "SELECT id, held_on, kind, women, men, agreements, sanction_request, recorded_by FROM ncb_meetings";

fn read_member(r: &rusqlite::Row<'_>) -> rusqlite::Result<Member> {
    Ok(Member {
        id: r.get(0)?,
        name: r.get(1)?,
        gender: r.get(2)?,
        post: r.get(3)?,
        from_on: r.get(4)?,
        to_on: r.get(5)?,
    })
}

fn read_meeting(r: &rusqlite::Row<'_>) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: r.get(0)?,
        held_on: r.get(1)?,
        kind: r.get(2)?,
        women: r.get(3)?,
        men: r.get(4)?,
        agreements: r.get(5)?,
        sanction_request: r.get(6)?,
        recorded_by: r.get(7)?,
    })
}

pub(crate) fn members(conn: &Connection) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare_cached(&format!("{MEMBER_SQL} ORDER BY from_on, id"))?;
    let rows = stmt.query_map([], read_member)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn meetings_of(conn: &Connection, period: Period) -> Result<Vec<Meeting>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{MEETING_SQL} WHERE held_on BETWEEN ?1 AND ?2 ORDER BY held_on, id"
    ))?;
    let rows = stmt.query_map(
        (period.first_day().to_string(), period.last_day().to_string()),
        read_meeting,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn canonical_member(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT '#' || id, json_array(id, name, gender, post, from_on, to_on, recorded_by)
           FROM ncb_members WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

fn canonical_meeting(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT '#' || id,
                json_array(id, held_on, kind, women, men, agreements, sanction_request, recorded_by)
           FROM ncb_meetings WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

pub(crate) const MEMBER_RECORD: RecordKind = RecordKind {
    name: "ncb_member",
    content: canonical_member,
    table: "ncb_members",
};
pub(crate) const MEETING_RECORD: RecordKind = RecordKind {
    name: "ncb_meeting",
    content: canonical_meeting,
    table: "ncb_meetings",
};

/// The header of `ncb_meetings.csv` in the bundle.
pub const MEETINGS_CSV_HEADER: &[&str] = &[
    "held_on",
    "kind",
    "women",
    "men",
    "agreements",
    "sanction_request",
    "recorded_by",
];

impl Ledger {
    /// The Board's members, every term ever recorded, oldest first.
    pub fn ncb_members(&self) -> Result<Vec<Member>> {
        members(self.conn())
    }

    /// The meetings and assemblies held in `period`.
    pub fn ncb_meetings(&self, period: Period) -> Result<Vec<Meeting>> {
        meetings_of(self.conn(), period)
    }

    /// Adds a member's term (the Board or the administrator).
    pub fn add_ncb_member(&mut self, actor: &Actor, m: &NewMember) -> Result<Member> {
        actor.require(Permission::RecordBoard)?;
        let name = text(ErrorCode::Name, &m.name, 120, ("El nombre", "The name"))?;
        if name.is_empty() {
            return Err(Error::invalid(
                ErrorCode::Name,
                "Indique el nombre del miembro de la Junta.",
                "Give the board member's name.",
            ));
        }
        let gender = gender(&m.gender).ok_or_else(|| {
            Error::invalid(
                ErrorCode::Gender,
                format!("«{}»: indique F (mujer) o M (hombre).", m.gender.trim()),
                format!("«{}»: give F (woman) or M (man).", m.gender.trim()),
            )
        })?;
        let post = post(&m.post).ok_or_else(|| {
            Error::invalid(
                ErrorCode::Post,
                format!("«{}»: el cargo es presidente, secretario o vocal.", m.post.trim()),
                format!("«{}»: the post is president, secretary or member.", m.post.trim()),
            )
        })?;
        let from = date(ErrorCode::From, &m.from_on, ("Desde", "From"))?;
        let to = match m.to_on.trim() {
            "" => None,
            t => Some(date(ErrorCode::To, t, ("Hasta", "To"))?),
        };
        if let Some(to) = to.filter(|t| *t < from) {
            return Err(Error::invalid(
                ErrorCode::To,
                format!(
                    "El cargo termina ({}) antes de empezar ({}).",
                    Lang::Es.date(to),
                    Lang::Es.date(from)
                ),
                format!(
                    "The term ends ({}) before it begins ({}).",
                    Lang::En.date(to),
                    Lang::En.date(from)
                ),
            ));
        }
        let id = self.write(actor, "ncb.member", |tx, _| {
            tx.execute(
                "INSERT INTO ncb_members (name, gender, post, from_on, to_on, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                (&name, gender, post, from.to_string(), to.map(|t| t.to_string()), &actor.name),
            )?;
            let id = tx.last_insert_rowid();
            let content = canonical_member(tx, id)?.map(|c| c.1).unwrap_or_default();
            Appender::start(tx)?.push(tx, MEMBER_RECORD.name, id, &content)?;
            Ok((id, format!("member={id} post={post}")))
        })?;
        let mut stmt = self.conn().prepare_cached(&format!("{MEMBER_SQL} WHERE id = ?1"))?;
        Ok(stmt.query_row([id], read_member)?)
    }

    /// Records a board meeting or a community assembly (the Board or the administrator). Not
    /// in the future; at least one person attended.
    pub fn record_ncb_meeting(&mut self, actor: &Actor, m: &NewMeeting) -> Result<Meeting> {
        actor.require(Permission::RecordBoard)?;
        let held = date(ErrorCode::Date, &m.held_on, ("La fecha", "The date"))?;
        let today = self.clock().today();
        if held > today {
            return Err(Error::invalid(
                ErrorCode::Date,
                format!("La sesión del {} todavía no ocurrió.", Lang::Es.date(held)),
                format!("The meeting of {} has not happened yet.", Lang::En.date(held)),
            ));
        }
        let kind = meeting_kind(&m.kind).ok_or_else(|| {
            Error::invalid(
                ErrorCode::Kind,
                format!(
                    "«{}»: indique sesión de la Junta (board) o asamblea (assembly).",
                    m.kind.trim()
                ),
                format!("«{}»: give board or assembly.", m.kind.trim()),
            )
        })?;
        let women = count(ErrorCode::Women, &m.women, ("Mujeres", "Women"))?;
        let men = count(ErrorCode::Men, &m.men, ("Hombres", "Men"))?;
        if women + men == 0 {
            return Err(Error::invalid(
                ErrorCode::Women,
                "Indique cuántas mujeres y cuántos hombres asistieron.",
                "Give how many women and how many men attended.",
            ));
        }
        let agreements = text(
            ErrorCode::Agreements,
            &m.agreements,
            4000,
            ("Los acuerdos", "The agreements"),
        )?;
        let sanction = text(
            ErrorCode::SanctionRequest,
            &m.sanction_request,
            4000,
            ("El pedido de sanción", "The sanction request"),
        )?;
        let id = self.write(actor, "ncb.meeting", |tx, _| {
            tx.execute(
                "INSERT INTO ncb_meetings (held_on, kind, women, men, agreements, sanction_request, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                (held.to_string(), kind, women, men, &agreements, &sanction, &actor.name),
            )?;
            let id = tx.last_insert_rowid();
            let content = canonical_meeting(tx, id)?.map(|c| c.1).unwrap_or_default();
            Appender::start(tx)?.push(tx, MEETING_RECORD.name, id, &content)?;
            Ok((id, format!("meeting={id} kind={kind} women={women} men={men}")))
        })?;
        let mut stmt = self.conn().prepare_cached(&format!("{MEETING_SQL} WHERE id = ?1"))?;
        Ok(stmt.query_row([id], read_meeting)?)
    }

    /// Rows of `ncb_meetings.csv` for `period`.
    pub(crate) fn meeting_rows(&self, period: Period) -> Result<Vec<Vec<String>>> {
        Ok(self
            .ncb_meetings(period)?
            .into_iter()
            .map(|m| {
                vec![
                    m.held_on,
                    m.kind,
                    m.women.to_string(),
                    m.men.to_string(),
                    m.agreements,
                    m.sanction_request,
                    m.recorded_by,
                ]
            })
            .collect())
    }
}
