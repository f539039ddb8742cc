//! People who use the ledger: a name, a role, and a password kept only as an Argon2id hash.
//! Signing in turns a name and password into the [`Actor`] every write is attributed to.

use crate::Ledger;
use crate::access::{Actor, Permission, Role};
use crate::error::ErrorCode;
use crate::error::{Error, Result, Text};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

/// A user to create, as the form or the command gives it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct NewUser {
    /// The name they sign in with.
    pub name: String,
    /// Their full name.
    pub full_name: String,
    /// What they may do.
    pub role: Role,
    /// Their password, as typed (stored only as its Argon2 hash).
    pub password: String,
}

/// A user as the list of users shows them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct UserInfo {
    /// The name they sign in with.
    pub name: String,
    /// Their full name.
    pub full_name: String,
    /// What they may do.
    pub role: Role,
    /// Whether they may still sign in.
    pub active: bool,
}

const MIN_PASSWORD: usize = 8;

/// A hash made like every user's, checked against when the name is unknown or inactive.
fn unknown_user_hash() -> Option<&'static str> {
    static HASH: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        Argon2::default()
            .hash_password(b"no user has this password")
            .ok()
            .map(|h| h.to_string())
    })
    .as_deref()
}

/// A password's Argon2id hash, refused when it is too short.
/// A user name as stored (lower case), or why it cannot be one.
pub fn user_name(typed: &str) -> Result<String> {
    let name = typed.trim().to_lowercase();
    if name.is_empty() || name.len() > 32 || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_') {
        return Err(Error::invalid(
            ErrorCode::UserName,
            format!(
                "«{}» no sirve de usuario: use de 1 a 32 letras o cifras sin espacios (por ejemplo ana.quispe); el nombre completo va aparte.",
                typed.trim()
            ),
            format!(
                "«{}» cannot be a user name: use 1 to 32 letters or digits without spaces (for example ana.quispe); the full name goes apart.",
                typed.trim()
            ),
        ));
    }
    Ok(name)
}

/// Why a password cannot be used, checked before anything is written.
pub fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(Error::invalid(
            ErrorCode::PasswordShort,
            format!("La contraseña debe tener al menos {MIN_PASSWORD} caracteres."),
            format!("The password must have at least {MIN_PASSWORD} characters."),
        ));
    }
    Ok(())
}

fn password_hash(password: &str) -> Result<String> {
    check_password(password)?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| {
            Error::invalid(
                ErrorCode::PasswordHash,
                format!("No se pudo proteger la contraseña: {e}"),
                format!("Could not protect the password: {e}"),
            )
        })?
        .to_string())
}

fn wrong() -> Error {
    Error::Forbidden(Text::new(
        "Usuario o contraseña incorrectos.",
        "Wrong user name or password.",
    ))
}

impl Ledger {
    /// Whether anyone can sign in yet (a new ledger asks for its first administrator).
    pub fn has_users(&self) -> Result<bool> {
        Ok(self
            .conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM users)", [], |r| r.get(0))?)
    }

    /// Every user of the ledger, for whoever manages them (administrators); anyone else is
    /// told it is not theirs to see.
    pub fn users(&self, actor: &Actor) -> Result<Vec<UserInfo>> {
        actor.require(Permission::ManageSettings)?;
        all_users(self.conn())
    }

    /// The users a demo town signs in with, shown on its sign-in screen with their shared
    /// password; a real ledger shows none.
    pub fn demo_users(&self) -> Result<Vec<UserInfo>> {
        if !self.settings().is_demo()? {
            return Ok(Vec::new());
        }
        all_users(self.conn())
    }

    /// The name of the ledger's user called `name` (letter case aside), if there is one: how
    /// the command line tells a desktop user's name from the system's.
    pub fn user_named(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT name FROM users WHERE name = ?1 COLLATE NOCASE",
                [name.trim()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Adds a user. Only an administrator may, except for the very first user of a ledger,
    /// who must be an administrator.
    pub fn create_user(&mut self, actor: Option<&Actor>, user: &NewUser) -> Result<()> {
        // Who may add this user depends on whether the ledger has any: decided inside the
        // write, so that two first starts at once cannot both add an administrator unasked.
        if user.role == Role::System {
            return Err(Error::invalid(
                ErrorCode::Role,
                "Ningún usuario puede tener el rol de tarea automática: es el de Caudal mismo.",
                "No user may have the automatic task role: it is Caudal's own.",
            ));
        }
        let may_add = |first: bool| -> Result<()> {
            match (first, actor) {
                (true, _) if user.role != Role::Admin => Err(Error::invalid(
                    ErrorCode::FirstUserAdmin,
                    "El primer usuario del libro debe ser administrador.",
                    "The ledger's first user must be an administrator.",
                )),
                (true, _) => Ok(()),
                (false, Some(a)) => a.require(Permission::ManageSettings),
                (false, None) => Err(wrong()),
            }
        };
        may_add(!self.has_users()?)?;
        let name = user_name(&user.name)?;
        let hash = password_hash(&user.password)?;
        let by = actor.map_or_else(|| name.clone(), |a| a.name.clone());
        let full_name = user.full_name.trim().to_string();
        let role = user.role;
        self.write(&Actor::new(by, role), "users.create", |tx, clock| {
            let first = !tx.query_row("SELECT EXISTS (SELECT 1 FROM users)", [], |r| r.get::<_, bool>(0))?;
            may_add(first)?;
            let exists: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM users WHERE name = ?1)", [&name], |r| {
                r.get(0)
            })?;
            if exists {
                return Err(Error::conflict(
                    format!("Ya existe el usuario «{name}»."),
                    format!("User «{name}» already exists."),
                ));
            }
            tx.execute(
                "INSERT INTO users (name, full_name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                (&name, &full_name, role.code(), &hash, clock.now_stamp()),
            )?;
            Ok(((), format!("user={name} role={}", role.code())))
        })
    }

    /// Deactivates a user (the administrator): they can no longer sign in, and what they
    /// recorded stays under their name. The last active administrator stays, so the ledger
    /// always has someone who can manage it.
    pub fn deactivate_user(&mut self, actor: &Actor, name: &str) -> Result<()> {
        actor.require(Permission::ManageSettings)?;
        let name = name.trim().to_lowercase();
        self.write(actor, "users.deactivate", |tx, _| {
            let role: Option<(String, bool)> = tx
                .query_row("SELECT role, active FROM users WHERE name = ?1", [&name], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            let Some((role, active)) = role else {
                return Err(Error::not_found(
                    format!("No hay un usuario «{name}»."),
                    format!("There is no user «{name}»."),
                ));
            };
            if !active {
                return Err(Error::conflict(
                    format!("El usuario «{name}» ya está desactivado."),
                    format!("User «{name}» is already deactivated."),
                ));
            }
            let admins: i64 = tx.query_row(
                "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1",
                [],
                |r| r.get(0),
            )?;
            if role == "admin" && admins <= 1 {
                return Err(Error::conflict(
                    format!("«{name}» es el único administrador activo: agregue otro antes de desactivarlo."),
                    format!("«{name}» is the only active administrator: add another before deactivating them."),
                ));
            }
            tx.execute("UPDATE users SET active = 0 WHERE name = ?1", [&name])?;
            Ok(((), format!("user={name}")))
        })
    }

    /// Changes a user's password: the administrator for anyone, any user for themselves.
    pub fn change_password(&mut self, actor: &Actor, name: &str, password: &str) -> Result<()> {
        let name = name.trim().to_lowercase();
        if actor.name != name {
            actor.require(Permission::ManageSettings)?;
        }
        let hash = password_hash(password)?;
        self.write(actor, "users.password", |tx, _| {
            let changed = tx.execute("UPDATE users SET password_hash = ?1 WHERE name = ?2", (&hash, &name))?;
            if changed == 0 {
                return Err(Error::not_found(
                    format!("No hay un usuario «{name}»."),
                    format!("There is no user «{name}»."),
                ));
            }
            Ok(((), format!("user={name}")))
        })
    }

    /// Checks a name and password; the same answer for an unknown name and a wrong password.
    pub fn sign_in(&self, name: &str, password: &str) -> Result<Actor> {
        let name = name.trim().to_lowercase();
        let row: Option<(String, Option<String>, bool)> = self
            .conn()
            .query_row(
                "SELECT role, password_hash, active FROM users WHERE name = ?1",
                [&name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((role, Some(hash), true)) = row else {
            // The same work as for a known name, so the time taken does not tell which names
            // exist.
            if let Some(dummy) = unknown_user_hash() {
                let _ = Argon2::default().verify_password(password.as_bytes(), dummy);
            }
            return Err(wrong());
        };
        Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .map_err(|_| wrong())?;
        Ok(Actor::new(name, Role::parse(&role).ok_or_else(wrong)?))
    }
}

fn all_users(conn: &rusqlite::Connection) -> Result<Vec<UserInfo>> {
    let mut stmt = conn.prepare("SELECT name, full_name, role, active FROM users ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get(3)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (name, full_name, role, active): (String, String, String, bool) = row?;
        // A role the program does not know is a damaged ledger, never read as another role.
        let role = Role::parse(&role).ok_or_else(|| {
            Error::Ledger(Text::new(
                format!(
                    "El usuario «{name}» tiene un rol desconocido («{role}»): el libro fue modificado fuera de Caudal."
                ),
                format!("User «{name}» has an unknown role («{role}»): the ledger was changed outside Caudal."),
            ))
        })?;
        out.push(UserInfo {
            name,
            full_name,
            role,
            active,
        });
    }
    Ok(out)
}
