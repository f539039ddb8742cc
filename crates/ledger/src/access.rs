//! Who may do what. The core refuses an action the actor's role does not allow, whatever the
//! caller: the desktop shell and the command line only say who is acting.

use crate::error::{Error, Result, Text};
use serde::{Deserialize, Serialize};

/// A user's role: what they may do follows from it ([`Permission`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum Role {
    /// Operator manager: users, settings, tariffs, and every clerk's task.
    Admin,
    /// Customers, billing, payments, first-instance complaints, bundles.
    Clerk,
    /// Readings, quality samples, interruptions, meter changes.
    Technician,
    /// Neighborhood Community Board: reads everything, decides second-instance complaints.
    Ncb,
    /// Caudal itself, for the tasks it runs on its own (the day's backup, the complaint
    /// deadlines that pass): named as such in the audit log, with only those permissions.
    /// Nobody signs in as it and no user can have it.
    System,
}

impl Role {
    /// The role as stored and typed (`admin`, `clerk`, `technician`, `ncb`).
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Clerk => "clerk",
            Role::Technician => "technician",
            Role::Ncb => "ncb",
            Role::System => "system",
        }
    }

    /// The role in words, as the window names it ("Auxiliar comercial").
    pub fn word(self, lang: crate::Lang) -> &'static str {
        match self {
            Role::Admin => lang.pick("Administrador", "Administrator"),
            Role::Clerk => lang.pick("Auxiliar comercial", "Clerk"),
            Role::Technician => lang.pick("Técnico", "Technician"),
            Role::Ncb => lang.pick("Junta Vecinal", "Community Board"),
            Role::System => lang.pick("Tarea automática", "Automatic task"),
        }
    }

    /// The role of a typed word, in English or Spanish (`cajero`, `técnico`, `junta`).
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "admin" | "administrador" => Some(Role::Admin),
            "clerk" | "cajero" | "operador" | "auxiliar" => Some(Role::Clerk),
            "technician" | "tecnico" | "técnico" => Some(Role::Technician),
            "ncb" | "jvc" | "junta" => Some(Role::Ncb),
            _ => None,
        }
    }
}

/// Actions that need a permission. Reading is open to every signed-in role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub enum Permission {
    /// Changing the operator's settings.
    ManageSettings,
    /// Importing a tariff.
    ManageTariffs,
    /// Creating and changing customers, and their service (cut, reconnect, suspend, close).
    ManageCustomers,
    /// Entering meter readings.
    EnterReadings,
    /// Recording a meter replacement.
    ReplaceMeters,
    /// Issuing a month's bills, and credit or debit notes.
    IssueBills,
    /// Confirming an atypical reading so its bill is issued.
    ConfirmReadings,
    /// Taking payments, importing a bank's, reversing one.
    RecordPayments,
    /// Recording the community fund's spending and the operator's entries.
    ManageFund,
    /// Creating a month's bundle and sending it to the municipality.
    SendBundles,
    /// Closing a month (administrators; creating a month's bundle also closes it).
    CloseMonths,
    /// Making a backup of the ledger.
    MakeBackups,
    /// Replacing the ledger with a backup (administrators).
    RestoreBackups,
    /// Filing a complaint (a technician: operational ones only).
    FileComplaints,
    /// Filing a billing or commercial complaint (not a technician, who files operational
    /// ones: no water, low pressure, leaks, quality).
    FileCommercialComplaints,
    /// Deciding the first instance and reconsideration, recording notifications, withdrawals.
    DecideComplaints,
    /// Deciding an appeal in the second instance: the Community Board only.
    DecideAppeals,
    /// Quality samples, incidents, interruptions and production: the technician's field work.
    RecordFieldWork,
    /// The Community Board's members and meetings: the Board, or the administrator who keeps
    /// the file for it.
    RecordBoard,
    /// Applying the complaint deadlines that passed (positive silence, finality).
    ApplyDeadlines,
}

impl Permission {
    /// Every permission, for the list of what a role may do.
    pub const ALL: [Permission; 20] = [
        Permission::ManageSettings,
        Permission::ManageTariffs,
        Permission::ManageCustomers,
        Permission::EnterReadings,
        Permission::ReplaceMeters,
        Permission::IssueBills,
        Permission::ConfirmReadings,
        Permission::RecordPayments,
        Permission::ManageFund,
        Permission::SendBundles,
        Permission::CloseMonths,
        Permission::MakeBackups,
        Permission::RestoreBackups,
        Permission::FileComplaints,
        Permission::FileCommercialComplaints,
        Permission::DecideComplaints,
        Permission::DecideAppeals,
        Permission::RecordFieldWork,
        Permission::RecordBoard,
        Permission::ApplyDeadlines,
    ];

    fn allowed(self, role: Role) -> bool {
        use Permission::*;
        match role {
            // The second instance is the Board's alone: not even the operator's manager.
            Role::Admin => self != DecideAppeals,
            Role::Clerk => {
                matches!(
                    self,
                    ManageCustomers
                        | EnterReadings
                        | IssueBills
                        | ConfirmReadings
                        | RecordPayments
                        | SendBundles
                        | MakeBackups
                        | FileComplaints
                        | FileCommercialComplaints
                        | DecideComplaints
                        | ApplyDeadlines
                )
            }
            Role::Technician => matches!(self, EnterReadings | ReplaceMeters | FileComplaints | RecordFieldWork),
            Role::Ncb => matches!(self, DecideAppeals | RecordBoard),
            Role::System => matches!(self, MakeBackups | ApplyDeadlines),
        }
    }

    fn describe(self) -> Text {
        let (es, en) = match self {
            Permission::ManageSettings => ("cambiar los ajustes", "change settings"),
            Permission::ManageTariffs => ("registrar tarifas", "register tariffs"),
            Permission::ManageCustomers => ("modificar clientes", "change customers"),
            Permission::EnterReadings => ("registrar lecturas", "enter readings"),
            Permission::ReplaceMeters => ("registrar cambios de medidor", "record meter replacements"),
            Permission::IssueBills => ("emitir recibos", "issue bills"),
            Permission::ConfirmReadings => ("confirmar lecturas atípicas", "confirm atypical readings"),
            Permission::RecordPayments => ("registrar pagos", "record payments"),
            Permission::ManageFund => ("registrar movimientos del fondo", "record fund movements"),
            Permission::CloseMonths => ("cerrar meses", "close months"),
            Permission::MakeBackups => ("hacer copias de seguridad", "make backups"),
            Permission::RestoreBackups => ("restaurar una copia de seguridad", "restore a backup"),
            Permission::FileComplaints => ("registrar reclamos", "file complaints"),
            Permission::FileCommercialComplaints => (
                "registrar reclamos de facturación o comerciales (un técnico registra los operacionales: sin agua, baja presión, fugas, calidad)",
                "file billing or commercial complaints (a technician files operational ones: no water, low pressure, leaks, quality)",
            ),
            Permission::DecideComplaints => (
                "resolver reclamos en primera instancia",
                "decide complaints in the first instance",
            ),
            Permission::RecordFieldWork => (
                "registrar muestras de calidad, interrupciones y producción",
                "record quality samples, interruptions and production",
            ),
            Permission::RecordBoard => (
                "registrar los miembros y las sesiones de la Junta Vecinal",
                "record the Community Board's members and meetings",
            ),
            Permission::ApplyDeadlines => (
                "aplicar los plazos vencidos de los reclamos",
                "apply the complaint deadlines that passed",
            ),
            Permission::DecideAppeals => (
                "resolver apelaciones (solo la Junta Vecinal)",
                "decide appeals (the Community Board only)",
            ),
            Permission::SendBundles => (
                "crear y enviar paquetes a la municipalidad",
                "create and send municipality bundles",
            ),
        };
        Text::new(es, en)
    }
}

/// The person acting: a signed-in user in the desktop app, the operating-system user (or
/// `--user`) on the command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts-rs", derive(ts_rs::TS))]
pub struct Actor {
    /// Their user name (or the operating-system user on the command line).
    pub name: String,
    /// What they may do.
    pub role: Role,
}

impl Actor {
    /// An actor named `name` with `role`.
    pub fn new(name: impl Into<String>, role: Role) -> Actor {
        Actor {
            name: name.into(),
            role,
        }
    }

    /// Caudal acting on its own (the window's background tasks).
    pub fn system() -> Actor {
        Actor::new("caudal (tarea automática)", Role::System)
    }

    /// What this actor may do: the window offers only these actions (the core still checks
    /// each one).
    pub fn permissions(&self) -> Vec<Permission> {
        Permission::ALL.into_iter().filter(|p| p.allowed(self.role)).collect()
    }

    /// Refuses, in a sentence that names the role and the action, what the role does not allow.
    pub fn require(&self, permission: Permission) -> Result<()> {
        if permission.allowed(self.role) {
            return Ok(());
        }
        let what = permission.describe();
        Err(Error::Forbidden(Text::new(
            format!(
                "El rol {} no permite {}; pida a quien corresponda que lo haga.",
                role_es(self.role),
                what.es
            ),
            format!(
                "The {} role does not allow you to {}; ask someone whose role does.",
                role_en(self.role),
                what.en
            ),
        )))
    }
}

fn role_es(role: Role) -> &'static str {
    match role {
        Role::Admin => "administrador",
        Role::Clerk => "auxiliar comercial",
        Role::Technician => "técnico",
        Role::Ncb => "de la Junta Vecinal",
        Role::System => "de tarea automática",
    }
}

fn role_en(role: Role) -> &'static str {
    match role {
        Role::Admin => "administrator",
        Role::Clerk => "clerk",
        Role::Technician => "technician",
        Role::Ncb => "Community Board",
        Role::System => "automatic task",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_permission_is_listed_once() {
        // A new permission fails to compile here until it is added to ALL.
        let index = |p: Permission| match p {
            Permission::ManageSettings => 0,
            Permission::ManageTariffs => 1,
            Permission::ManageCustomers => 2,
            Permission::EnterReadings => 3,
            Permission::ReplaceMeters => 4,
            Permission::IssueBills => 5,
            Permission::ConfirmReadings => 6,
            Permission::RecordPayments => 7,
            Permission::ManageFund => 8,
            Permission::SendBundles => 9,
            Permission::CloseMonths => 10,
            Permission::MakeBackups => 11,
            Permission::RestoreBackups => 12,
            Permission::FileComplaints => 13,
            Permission::FileCommercialComplaints => 14,
            Permission::DecideComplaints => 15,
            Permission::DecideAppeals => 16,
            Permission::RecordFieldWork => 17,
            Permission::RecordBoard => 18,
            Permission::ApplyDeadlines => 19,
        };
        let listed: Vec<usize> = Permission::ALL.into_iter().map(index).collect();
        assert_eq!(listed, (0..20).collect::<Vec<_>>());
        let clerk = Actor::new("ana", Role::Clerk).permissions();
        assert!(clerk.contains(&Permission::RecordPayments) && !clerk.contains(&Permission::ManageFund));
    }

    /// Caudal's own background tasks act as themselves, with only what those tasks need.
    #[test]
    fn the_system_makes_backups_and_applies_deadlines_and_nothing_else() {
        let system = Actor::system();
        assert_eq!(
            system.permissions(),
            vec![Permission::MakeBackups, Permission::ApplyDeadlines]
        );
        let e = system.require(Permission::DecideComplaints).unwrap_err();
        assert!(
            e.message(crate::Lang::En).contains("automatic task"),
            "{}",
            e.message(crate::Lang::En)
        );
        assert_eq!(Role::parse("system"), None, "nobody signs in as the system");
    }

    #[test]
    fn a_technician_cannot_issue_and_the_board_changes_nothing() {
        let tech = Actor::new("rosa", Role::Technician);
        assert!(tech.require(Permission::EnterReadings).is_ok());
        let err = tech.require(Permission::IssueBills).unwrap_err();
        assert_eq!(err.code(), "forbidden");
        assert!(err.message(crate::Lang::Es).contains("emitir recibos"));
        let ncb = Actor::new("junta", Role::Ncb);
        assert!(ncb.require(Permission::ManageCustomers).is_err());
        assert!(Actor::new("ana", Role::Clerk).require(Permission::IssueBills).is_ok());
        // The fund's spending and the operator's own entries are the administrator's.
        assert!(Actor::new("ana", Role::Clerk).require(Permission::ManageFund).is_err());
        assert!(Actor::new("admin", Role::Admin).require(Permission::ManageFund).is_ok());
    }
}
