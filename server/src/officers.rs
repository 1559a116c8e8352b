//! Officer accounts, which only an administrator creates (from the command line): each is bound to one
//! agency and sees only that agency's work.

use anyhow::bail;
use motcua_api::account::{AccountKind, Me};
use motcua_api::text::nfc;

use crate::auth::password::{self, normalize_identifier};
use crate::clock::now;
use crate::store::accounts::{CreateAccountError, NewAccount};
use crate::store::Store;

/// Disables the account of any kind (it can no longer sign in) and ends its sessions.
pub async fn disable(store: &Store, identifier: &str) -> anyhow::Result<()> {
    let identifier = normalize_identifier(identifier);
    if !store.disable_account(&identifier, now()).await? {
        bail!("there is no account {identifier}");
    }
    Ok(())
}

/// Creates the officer (or, with `reset`, gives an existing one a new password and puts them at
/// `agency`) and returns the new password, generated here so no password is ever written into code or data files.
pub async fn create(
    store: &Store,
    username: &str,
    full_name: &str,
    agency: &str,
    email: &str,
    phone: &str,
    reset: bool,
) -> anyhow::Result<String> {
    let username = normalize_identifier(username);
    if username.is_empty() || full_name.trim().is_empty() {
        bail!("an officer needs a user name and a full name");
    }
    // An officer works at one office: a commune's own, never the agency standing for all of them.
    let catalogue = store.load_catalogue().await?;
    if !catalogue.offices().iter().any(|o| o.id == agency) {
        match catalogue.agencies.iter().find(|a| a.id == agency) {
            Some(a) if a.per_commune.is_some() => bail!(
                "{agency:?} stands for every commune's office: name one, such as {:?}",
                a.commune_offices(&catalogue.places)
                    .first()
                    .map(|o| o.id.clone())
                    .unwrap_or_default()
            ),
            _ => bail!("there is no agency {agency:?} in the catalogue"),
        }
    }
    let password = password::generate()?;
    let password_hash = password::hash_blocking(password.clone()).await?;
    let me = Me {
        id: 0,
        kind: AccountKind::Officer,
        identifier: username.clone(),
        full_name: nfc(full_name.trim()),
        date_of_birth: None,
        company_name: None,
        legal_representative: None,
        phone: phone.trim().to_string(),
        email: email.trim().to_string(),
        address: String::new(),
        agency: Some(agency.to_string()),
        verified: false,
    };
    match store
        .create_account(
            &NewAccount {
                password_hash: password_hash.clone(),
                me,
            },
            now(),
        )
        .await
    {
        Ok(_) => Ok(password),
        Err(CreateAccountError::Taken) if reset => {
            let existing = store
                .account_by_identifier(&username)
                .await?
                .ok_or_else(|| anyhow::anyhow!("account vanished"))?;
            if existing.me.kind != AccountKind::Officer {
                bail!("{username} is not an officer account");
            }
            store.set_password_hash(existing.id, &password_hash).await?;
            store.move_officer(existing.id, agency).await?;
            // A reset is for a password that leaked or a person who left: whoever holds a session
            // of the account is signed out.
            store.delete_sessions(existing.id).await?;
            Ok(password)
        }
        Err(CreateAccountError::Taken) => bail!("an account {username} exists (use --reset)"),
        Err(CreateAccountError::Other(e)) => Err(e),
    }
}
