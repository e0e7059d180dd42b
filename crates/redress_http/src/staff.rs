//! Staff accounts: named people who sign in to the console with a password.
//!
//! A merchant's staff are its `owner`s, `clerk`s and `read_only` viewers; the platform's are
//! its `arbitrator`s and `operator`s. Passwords are kept only as argon2id hashes (PHC string
//! format, RustCrypto's `argon2` with its default parameters, which follow OWASP's
//! recommendation). Each person acts through an API key of their own, made with them: its id
//! is the person's id and its secret was never shown to anyone, so the person signs in only
//! with the password, and a console session is a session on that key. Removing the person
//! revokes the key, which signs every browser of theirs out at the next click. The platform's
//! staff act under their id (`Actor::Operator(stf_…)`), so the log names the person.
//!
//! API keys stay for integrations: `redress keys create` is unchanged.

use crate::auth::{Principal, SECRET_PREFIX, Scope, digest};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use redress_domain::{Actor, MerchantId, Role, StaffId, Timestamp};
use redress_store::StoreError;
use redress_store::api::ApiKeyRecord;
use redress_store::staff::{StaffRecord, StaffStore};
use std::collections::HashMap;
use std::fmt;

/// What a person's id (and their key's id) starts with.
pub const STAFF_ID_PREFIX: &str = "stf_";
/// Shortest password accepted (characters).
pub const PASSWORD_CHARS_MIN: usize = 10;
/// Longest password accepted (characters): hashing is slow on purpose; a bound keeps it so.
pub const PASSWORD_CHARS_MAX: usize = 200;
/// Longest name (characters).
const NAME_CHARS_MAX: usize = 60;

/// What a person may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StaffRole {
    /// Acts for the shop, and adds and removes its staff.
    Owner,
    /// Acts for the shop: works the queue.
    Clerk,
    /// Sees the shop's console; acts on nothing.
    ReadOnly,
    /// The platform's customer service: the dispute desk.
    Arbitrator,
    /// The platform's operations.
    Operator,
}

impl StaffRole {
    pub const ALL: [StaffRole; 5] = [
        StaffRole::Owner,
        StaffRole::Clerk,
        StaffRole::ReadOnly,
        StaffRole::Arbitrator,
        StaffRole::Operator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Owner => "owner",
            StaffRole::Clerk => "clerk",
            StaffRole::ReadOnly => "read_only",
            StaffRole::Arbitrator => "arbitrator",
            StaffRole::Operator => "operator",
        }
    }

    pub fn parse(raw: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|r| r.as_str() == raw)
    }

    /// The domain's role the person acts in.
    pub fn role(self) -> Role {
        match self {
            StaffRole::Owner | StaffRole::Clerk | StaffRole::ReadOnly => Role::Merchant,
            StaffRole::Arbitrator => Role::Arbitrator,
            StaffRole::Operator => Role::Operator,
        }
    }

    /// Whether the person may act (submit anything), not only look.
    pub fn acts(self) -> bool {
        self != StaffRole::ReadOnly
    }
}

/// A person, as the console and `redress staff list` show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffMember {
    pub staff_id: String,
    pub merchant: Option<MerchantId>,
    pub name: String,
    pub role: StaffRole,
    pub created_at: Timestamp,
}

impl StaffMember {
    /// The caller the person is, through their key.
    pub fn principal(&self) -> Principal {
        Principal {
            key_id: self.staff_id.clone(),
            scope: match (&self.merchant, self.role.role()) {
                (Some(m), _) => Scope::Merchant(m.clone()),
                (None, Role::Arbitrator) => Scope::Arbitrator,
                // Only arbitrators and operators are the platform's.
                (None, _) => Scope::Operator,
            },
        }
    }
}

impl fmt::Display for StaffMember {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whose = match &self.merchant {
            Some(m) => format!("merchant:{m}"),
            None => "platform".to_owned(),
        };
        write!(
            f,
            "{}\t{whose}\t{}\t{}\t{:?}",
            self.staff_id,
            self.role.as_str(),
            self.created_at,
            self.name
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error(
        "the name must be one line of 1 to {NAME_CHARS_MAX} characters, without control characters"
    )]
    Name,
    #[error("the password must have {PASSWORD_CHARS_MIN} to {PASSWORD_CHARS_MAX} characters")]
    Password,
    #[error("a {0} belongs to a merchant: give its merchant")]
    NeedsMerchant(&'static str),
    #[error("an {0} is the platform's: give no merchant")]
    PlatformOnly(&'static str),
    #[error("unknown role {0:?}; one of owner, clerk, read_only, arbitrator, operator")]
    Role(String),
    #[error("there is already someone called {0:?} there")]
    NameTaken(String),
    #[error("the operating system's random source failed: {0}")]
    Random(String),
    #[error("hashing the password failed: {0}")]
    Hash(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn random_bytes<const N: usize>() -> Result<[u8; N], StaffError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| StaffError::Random(e.to_string()))?;
    Ok(bytes)
}

/// A random password of 16 lowercase hex digits (64 bits), for demos and first sign-ins.
pub fn generate_password() -> Result<String, StaffError> {
    Ok(hex::encode(random_bytes::<8>()?))
}

/// The argon2id hash of `password`, PHC string format, with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, StaffError> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()?)
        .map_err(|e| StaffError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| StaffError::Hash(e.to_string()))
}

/// Whether `password` is the one `phc` was made from. A malformed hash matches nothing.
pub fn password_matches(phc: &str, password: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

fn check_name(name: &str) -> Result<&str, StaffError> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > NAME_CHARS_MAX
        || redress_domain::Text::line(name).is_err()
    {
        return Err(StaffError::Name);
    }
    Ok(name)
}

fn check_password(password: &str) -> Result<(), StaffError> {
    let chars = password.chars().count();
    if (PASSWORD_CHARS_MIN..=PASSWORD_CHARS_MAX).contains(&chars) {
        Ok(())
    } else {
        Err(StaffError::Password)
    }
}

/// Add a person, with the key they act through. The password is hashed here and never kept.
pub async fn add_staff<S: StaffStore>(
    store: &S,
    merchant: Option<&MerchantId>,
    name: &str,
    role: StaffRole,
    password: &str,
    now: Timestamp,
) -> Result<StaffMember, StaffError> {
    let name = check_name(name)?;
    check_password(password)?;
    let scope = match (role.role(), merchant) {
        (Role::Merchant, Some(m)) => Scope::Merchant(m.clone()),
        (Role::Merchant, None) => return Err(StaffError::NeedsMerchant(role.as_str())),
        (Role::Arbitrator, None) => Scope::Arbitrator,
        (Role::Operator, None) => Scope::Operator,
        (_, _) => return Err(StaffError::PlatformOnly(role.as_str())),
    };
    let staff_id = format!("{STAFF_ID_PREFIX}{}", hex::encode(random_bytes::<8>()?));
    // A secret nobody is ever shown: the key is reached only through a console session.
    let unused_secret = format!("{SECRET_PREFIX}{}", hex::encode(random_bytes::<32>()?));
    let created_us = now.as_microsecond();
    let key = ApiKeyRecord {
        key_id: staff_id.clone(),
        secret_sha256: digest(&unused_secret),
        role: scope.role().as_str().to_owned(),
        merchant_id: merchant.map(ToString::to_string),
        buyer_id: None,
        name: format!("staff: {name}"),
        created_us,
        revoked_us: None,
    };
    let record = StaffRecord {
        staff_id: staff_id.clone(),
        merchant_id: merchant.map(ToString::to_string),
        name: name.to_owned(),
        role: role.as_str().to_owned(),
        password_phc: hash_password(password)?,
        created_us,
        removed_us: None,
    };
    if !store.insert_staff(record, key).await? {
        return Err(StaffError::NameTaken(name.to_owned()));
    }
    Ok(StaffMember {
        staff_id,
        merchant: merchant.cloned(),
        name: name.to_owned(),
        role,
        created_at: now,
    })
}

/// A stored person, read back.
pub fn member_of(record: &StaffRecord) -> Result<StaffMember, StoreError> {
    let invalid = |why: String| StoreError::Invalid(format!("staff {}: {why}", record.staff_id));
    let merchant = record
        .merchant_id
        .as_deref()
        .map(MerchantId::parse_stored)
        .transpose()
        .map_err(|e| invalid(format!("merchant id {e}")))?;
    let role =
        StaffRole::parse(&record.role).ok_or_else(|| invalid(format!("role {:?}", record.role)))?;
    if merchant.is_some() != (role.role() == Role::Merchant) {
        return Err(invalid(format!(
            "a {} {} a merchant",
            role.as_str(),
            if merchant.is_some() { "has" } else { "lacks" }
        )));
    }
    Ok(StaffMember {
        staff_id: record.staff_id.clone(),
        merchant,
        name: record.name.clone(),
        role,
        created_at: Timestamp::from_microsecond(record.created_us)
            .map_err(|e| invalid(e.to_string()))?,
    })
}

/// The active staff of a merchant (`None`: the platform's), oldest first.
pub async fn list_staff<S: StaffStore>(
    store: &S,
    merchant: Option<&MerchantId>,
) -> Result<Vec<StaffMember>, StoreError> {
    store
        .staff_of(merchant.map(MerchantId::as_str))
        .await?
        .iter()
        .map(member_of)
        .collect()
}

/// The staff account an actor names, if any: a shop's person, or the platform's staff
/// acting under a staff account's id.
pub fn person_of(actor: &Actor) -> Option<&StaffId> {
    match actor {
        Actor::MerchantStaff(_, s) | Actor::Arbitrator(s) | Actor::Operator(s)
            if s.as_str().starts_with(STAFF_ID_PREFIX) =>
        {
            Some(s)
        }
        _ => None,
    }
}

/// The names of the people `actors` name, by staff id (removed people too: the history
/// keeps naming them).
pub async fn names_of<'a, S: StaffStore>(
    store: &S,
    actors: impl Iterator<Item = &'a Actor>,
) -> Result<HashMap<String, String>, StoreError> {
    let mut names = HashMap::new();
    for id in actors.filter_map(person_of) {
        if !names.contains_key(id.as_str())
            && let Some(person) = store.staff_by_id(id.as_str()).await?
        {
            names.insert(person.staff_id, person.name);
        }
    }
    Ok(names)
}

/// A hash of a password nobody has, checked when the name is unknown so that an unknown name
/// takes as long to refuse as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("not anybody's password").unwrap_or_default())
}

/// The person with this name and password, if there is one: `None` for an unknown name and
/// for a wrong password alike.
pub async fn check_sign_in<S: StaffStore>(
    store: &S,
    merchant: Option<&str>,
    name: &str,
    password: &str,
) -> Result<Option<StaffRecord>, StoreError> {
    let found = store.staff_by_name(merchant, name.trim()).await?;
    let phc = found
        .as_ref()
        .map_or_else(|| decoy_hash().to_owned(), |r| r.password_phc.clone());
    let password = password.to_owned();
    // Hashing takes tens of milliseconds of CPU: off the async workers.
    let matches = tokio::task::spawn_blocking(move || password_matches(&phc, &password))
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?;
    Ok(found.filter(|_| matches))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_matches_its_own_hash_only() {
        let phc = hash_password("correct horse battery").expect("hashes");
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(password_matches(&phc, "correct horse battery"));
        assert!(!password_matches(&phc, "correct horse batterY"));
        assert!(!password_matches("not a hash", "correct horse battery"));
        let again = hash_password("correct horse battery").expect("hashes");
        assert_ne!(phc, again, "each hash has its own salt");
    }

    #[test]
    fn roles_parse_from_their_names_and_say_who_acts() {
        for role in StaffRole::ALL {
            assert_eq!(StaffRole::parse(role.as_str()), Some(role));
        }
        assert_eq!(StaffRole::parse("admin"), None);
        assert!(!StaffRole::ReadOnly.acts());
        assert!(StaffRole::Clerk.acts());
        assert_eq!(StaffRole::Owner.role(), Role::Merchant);
    }

    #[test]
    fn names_and_passwords_are_checked() {
        assert!(matches!(check_name("  "), Err(StaffError::Name)));
        assert!(matches!(check_name("a\nb"), Err(StaffError::Name)));
        assert_eq!(check_name(" 王小明 ").expect("a name"), "王小明");
        assert!(matches!(check_password("short"), Err(StaffError::Password)));
        assert!(check_password("long enough now").is_ok());
    }
}
