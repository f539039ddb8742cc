//! The ledger's users from the command line: add, list, deactivate, change a password.

use crate::{Context, Output};
use caudal_core::error::ErrorCode;
use caudal_core::{Error, tr};
use clap::Subcommand;
use serde_json::json;

#[derive(Subcommand)]
pub enum UsersCmd {
    /// Agrega un usuario; la contraseña se lee de $CAUDAL_PASSWORD / adds a user; the password is read from $CAUDAL_PASSWORD
    Add {
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: caudal_core::Role,
        /// Nombre completo / full name
        #[arg(long, default_value = "")]
        full_name: String,
    },
    /// Lista los usuarios / lists the users
    List,
    /// Desactiva un usuario: ya no entra, lo que registró queda a su nombre / deactivates a user: they can no longer sign in, what they recorded stays theirs
    Deactivate { name: String },
    /// Cambia la contraseña; la nueva se lee de $CAUDAL_NEW_PASSWORD / changes a password; the new one is read from $CAUDAL_NEW_PASSWORD
    Password { name: String },
}

fn parse_role(s: &str) -> Result<caudal_core::Role, Error> {
    caudal_core::Role::parse(s).ok_or_else(|| {
        Error::invalid(
            ErrorCode::Role,
            format!(
                "«{}» no es un rol: admin | clerk | technician | ncb",
                caudal_core::text::shorten(s)
            ),
            format!(
                "«{}» is not a role: admin | clerk | technician | ncb",
                caudal_core::text::shorten(s)
            ),
        )
    })
}

pub fn users(ctx: &Context, cmd: UsersCmd) -> Result<Output, Error> {
    let lang = ctx.lang;
    match cmd {
        UsersCmd::Add { name, role, full_name } => {
            let password = std::env::var("CAUDAL_PASSWORD").map_err(|_| {
                Error::invalid(
                    ErrorCode::PasswordMissing,
                    "Indique la contraseña en la variable CAUDAL_PASSWORD.",
                    "Give the password in the CAUDAL_PASSWORD variable.",
                )
            })?;
            let mut ledger = ctx.open()?;
            let user = caudal_core::users::NewUser {
                name: name.clone(),
                full_name,
                role,
                password,
            };
            let actor = ctx.actor_in(&ledger)?;
            ledger.create_user(Some(&actor), &user)?;
            Ok(Output {
                text: tr!(lang, format!("Usuario {name} agregado."), format!("User {name} added.")),
                json: json!({ "user": name, "role": role }),
                failed: false,
            })
        }
        UsersCmd::Deactivate { name } => {
            let mut ledger = ctx.open()?;
            let actor = ctx.actor_in(&ledger)?;
            ledger.deactivate_user(&actor, &name)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("Usuario {name} desactivado: ya no puede entrar."),
                    format!("User {name} deactivated: they can no longer sign in.")
                ),
                json: json!({ "user": name, "active": false }),
                failed: false,
            })
        }
        UsersCmd::Password { name } => {
            let password = std::env::var("CAUDAL_NEW_PASSWORD").map_err(|_| {
                Error::invalid(
                    ErrorCode::PasswordMissing,
                    "Indique la nueva contraseña en la variable CAUDAL_NEW_PASSWORD.",
                    "Give the new password in the CAUDAL_NEW_PASSWORD variable.",
                )
            })?;
            let mut ledger = ctx.open()?;
            let actor = ctx.actor_in(&ledger)?;
            ledger.change_password(&actor, &name, &password)?;
            Ok(Output {
                text: tr!(
                    lang,
                    format!("Contraseña de {name} cambiada."),
                    format!("Password of {name} changed.")
                ),
                json: json!({ "user": name }),
                failed: false,
            })
        }
        UsersCmd::List => {
            let ledger = ctx.open()?;
            let users = ledger.users(&ctx.actor_in(&ledger)?)?;
            let text = users
                .iter()
                .map(|u| {
                    let state = if u.active {
                        ""
                    } else {
                        tr!(lang, "\t(desactivado)", "\t(deactivated)")
                    };
                    format!("{}\t{}\t{}{state}", u.name, u.role.word(lang), u.full_name)
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Output {
                text,
                json: json!(users),
                failed: false,
            })
        }
    }
}
