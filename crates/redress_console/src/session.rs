//! Sign-in and the session. Signing in checks the typed API key exactly like the
//! `Authorization` header, then opens a server-side session ([`redress_http::sessions`]:
//! the cookie holds only a random session id, the store only its digest and the key's id;
//! every request looks the session and its key up again, so revoking the key signs the
//! browser out at its next click).
//!
//! Staff accounts ([`redress_http::staff`]) sign in with a merchant id (none for the platform's
//! staff), a name and a password instead; their session is a session on the key they act
//! through, so everything above holds for them too. A read-only person's session refuses
//! every form submission but signing out and the language switch.
//!
//! CSRF: the cookie is `SameSite=Strict`, so a browser never sends it with a request started
//! by another site; every state change is a POST; and [`super::guard`] refuses a POST whose
//! `Origin` names another host.

use super::i18n::Lang;
use super::{MessagePage, format, language, page};
use askama::Template;
use axum::Form;
use axum::extract::{FromRequestParts, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Redirect, Response};
use redress_http::AppState;
use redress_http::auth::{Principal, Scope, principal_of_secret};
use redress_http::error::ApiError;
pub(crate) use redress_http::sessions::{
    SESSION_COOKIE, cookie, end_session, open_session, principal_of_session,
};
use redress_http::staff::{STAFF_ID_PREFIX, StaffMember, StaffRole, check_sign_in, member_of};
use redress_store::api::ApiStore;
use redress_store::staff::StaffStore;
use serde::Deserialize;

/// The language chosen with the switch.
pub(crate) const LANG_COOKIE: &str = "redress_lang";

/// Whether the request reached us over https (directly or through a proxy that says so).
pub(crate) fn over_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

fn set_cookie(headers: &HeaderMap, name: &str, value: &str, max_age: Option<u32>) -> HeaderValue {
    let secure = if over_https(headers) { "; Secure" } else { "" };
    let age = max_age
        .map(|s| format!("; Max-Age={s}"))
        .unwrap_or_default();
    HeaderValue::from_str(&format!(
        "{name}={value}; HttpOnly; SameSite=Strict; Path=/{age}{secure}"
    ))
    .expect("cookie values are ASCII")
}

/// One entry of the navigation.
#[derive(Clone, Debug)]
pub(crate) struct NavEntry {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// The sandbox banner: the test clock, and the advance form for operators.
#[derive(Clone, Debug)]
pub(crate) struct SandboxBanner {
    pub now_local: String,
    pub can_advance: bool,
}

/// What the layout around every page needs: language, who is signed in, navigation, the
/// sandbox banner, and the engine's clock (for the live countdowns).
#[derive(Clone, Debug)]
pub(crate) struct Chrome {
    pub lang: Lang,
    /// The signed-in role, or `None` on the sign-in page.
    pub role: Option<&'static str>,
    /// Whom the key acts for: the merchant's or buyer's id, or the key id of platform staff.
    pub who: String,
    pub nav: Vec<NavEntry>,
    pub sandbox: Option<SandboxBanner>,
    /// The request's path and query, where the language switch comes back to.
    pub path: String,
    pub assets: String,
    /// The engine's clock, RFC 3339, for the countdowns' script.
    pub now: String,
    pub zone: String,
    /// The display names of the shops this page shows, by merchant id, read from the
    /// store's `merchants` projection ([`Chrome::name_shops`]).
    pub shops: std::collections::BTreeMap<String, String>,
    /// The signed-in merchant's shop (for its owner, clerks and integration alike), whose
    /// name the header shows.
    pub own_merchant: Option<String>,
}

impl Chrome {
    pub(crate) fn new(state: &AppState, parts: &Parts, principal: Option<&Principal>) -> Chrome {
        let lang = language(&parts.headers);
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".to_owned());
        let zone = state.engine.zone();
        let now = state.engine.clock().now();
        let role = principal.map(|p| p.scope.role().as_str());
        let sandbox = state.sandbox.as_ref().map(|_| SandboxBanner {
            now_local: format::local_time(now, &zone),
            can_advance: principal.is_some_and(|p| p.scope == Scope::Operator),
        });
        let who = match principal.map(|p| &p.scope) {
            Some(Scope::Merchant(m)) => m.to_string(),
            Some(Scope::Buyer(b)) => b.to_string(),
            Some(_) => principal.map(|p| p.key_id.clone()).unwrap_or_default(),
            None => String::new(),
        };
        let nav = nav_of(role, lang, parts.uri.path(), state.sandbox.is_some());
        Chrome {
            lang,
            role,
            who,
            nav,
            sandbox,
            path,
            assets: format!("/assets/console/{}", super::assets::version()),
            now: redress_http::dto::rfc3339(now),
            zone: zone.iana_name().unwrap_or("UTC").to_owned(),
            shops: std::collections::BTreeMap::new(),
            own_merchant: match principal.map(|p| &p.scope) {
                Some(Scope::Merchant(m)) => Some(m.to_string()),
                _ => None,
            },
        }
    }

    /// Read the display names of `merchants` (the shops the page is about to show) from the
    /// store. A name is only shown beside the id, so a failed read leaves the ids alone
    /// rather than failing the page; it is logged.
    pub(crate) async fn name_shops<'a>(
        &mut self,
        state: &AppState,
        merchants: impl IntoIterator<Item = &'a str>,
    ) {
        let mut wanted: Vec<String> = merchants
            .into_iter()
            .filter(|m| !self.shops.contains_key(*m))
            .map(str::to_owned)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return;
        }
        match state.engine.store().shop_names(&wanted).await {
            Ok(names) => self.shops.extend(names),
            Err(error) => tracing::warn!(%error, "reading shop names"),
        }
    }

    /// [`Chrome::name_shops`], for a page's struct literal.
    pub(crate) async fn with_shops<'a>(
        mut self,
        state: &AppState,
        merchants: impl IntoIterator<Item = &'a str>,
    ) -> Chrome {
        self.name_shops(state, merchants).await;
        self
    }

    /// The shop's display name, or nothing if it has none (shown beside its id).
    pub(crate) fn shop(&self, merchant: &str) -> &str {
        self.shops.get(merchant).map_or("", String::as_str)
    }

    /// The signed-in merchant's shop name, if it has one.
    pub(crate) fn own_shop(&self) -> &str {
        self.own_merchant.as_deref().map_or("", |m| self.shop(m))
    }

    /// The message `key` in the page's language.
    pub(crate) fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    /// The role's name in the page's language.
    pub(crate) fn role_label(&self) -> &'static str {
        match self.role {
            Some(role) => self.lang.t(&format!("role.{role}")),
            None => "",
        }
    }

    /// Where `/` sends this role.
    pub(crate) fn role_home(&self) -> &'static str {
        match self.role {
            Some("merchant") => "/merchant",
            Some("buyer") => "/buyer",
            Some("arbitrator") => "/arbitration",
            Some("operator") => "/operations",
            _ => "/sign-in",
        }
    }

    /// The language the switch offers.
    pub(crate) fn other_lang(&self) -> Lang {
        match self.lang {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// Each role's navigation. A page of an area appears under the area's entry.
fn nav_of(role: Option<&str>, lang: Lang, path: &str, sandbox: bool) -> Vec<NavEntry> {
    let entries: &[(&str, &str)] = match role {
        Some("merchant") => &[
            ("/merchant", "nav.queue"),
            ("/merchant/metrics", "nav.merchant_metrics"),
            ("/merchant/strategies", "nav.strategies"),
            ("/merchant/staff", "nav.staff"),
            ("/merchant/settings", "nav.merchant_settings"),
        ],
        Some("buyer") => &[("/buyer", "nav.buyer_orders")],
        Some("arbitrator") => &[("/arbitration", "nav.disputes")],
        Some("operator") if sandbox => &[
            ("/operations", "nav.operations"),
            ("/arbitration", "nav.disputes"),
            ("/sandbox", "nav.sandbox"),
        ],
        Some("operator") => &[
            ("/operations", "nav.operations"),
            ("/arbitration", "nav.disputes"),
        ],
        _ => &[],
    };
    // The longest matching prefix is the current entry.
    let current = entries
        .iter()
        .filter(|(href, _)| path == *href || path.starts_with(&format!("{href}/")))
        .map(|(href, _)| href.len())
        .max();
    entries
        .iter()
        .map(|(href, key)| NavEntry {
            href,
            label: lang.t(key),
            current: Some(href.len()) == current
                && (path == *href || path.starts_with(&format!("{href}/"))),
        })
        .collect()
}

/// The signed-in caller of a console page. Without a valid session the browser is sent to
/// the sign-in page; an integration key gets a page saying the console is not for it.
#[derive(Clone, Debug)]
pub(crate) struct Viewer {
    pub principal: Principal,
    pub chrome: Chrome,
    /// The person signed in, for a staff account's session; `None` for an API key's.
    pub staff: Option<StaffMember>,
}

impl Viewer {
    /// Whether the viewer may manage the shop's staff: its owners, and a merchant API key
    /// (which stands for the shop itself).
    pub(crate) fn manages_staff(&self) -> bool {
        matches!(self.principal.scope, Scope::Merchant(_))
            && self
                .staff
                .as_ref()
                .is_none_or(|person| person.role == StaffRole::Owner)
    }
}

/// The person a session's key stands for, if the key is a staff account's.
async fn staff_of_key(state: &AppState, key_id: &str) -> Result<Option<StaffMember>, ApiError> {
    if !key_id.starts_with(STAFF_ID_PREFIX) {
        return Ok(None);
    }
    let record = state.engine.store().staff_by_id(key_id).await?;
    Ok(record.as_ref().map(member_of).transpose()?)
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(id) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(Redirect::to("/sign-in").into_response());
        };
        let principal = match principal_of_session(state, &id).await {
            Ok(Some(principal)) => principal,
            Ok(None) => {
                // Ended, expired, unknown, or its key revoked: forget it and ask again.
                let mut response = Redirect::to("/sign-in").into_response();
                response.headers_mut().insert(
                    header::SET_COOKIE,
                    set_cookie(&parts.headers, SESSION_COOKIE, "", Some(0)),
                );
                return Err(response);
            }
            Err(error) => {
                let chrome = Chrome::new(state, parts, None);
                return Err(MessagePage::failure(chrome, &error));
            }
        };
        tracing::Span::current().record("key_id", principal.key_id.as_str());
        let mut chrome = Chrome::new(state, parts, Some(&principal));
        if principal.scope == Scope::Integration {
            return Err(integration_refused(chrome));
        }
        if let Some(own) = chrome.own_merchant.clone() {
            chrome.name_shops(state, [own.as_str()]).await;
        }
        let staff = match staff_of_key(state, &principal.key_id).await {
            Ok(staff) => staff,
            Err(error) => return Err(MessagePage::failure(chrome, &error)),
        };
        if let Some(person) = &staff {
            chrome.who = match &person.merchant {
                Some(m) => format!("{} · {m}", person.name),
                None => person.name.clone(),
            };
            // Read-only staff look; every form they could submit is an action.
            if !person.role.acts() && parts.method == axum::http::Method::POST {
                return Err(MessagePage::forbidden(chrome));
            }
        }
        Ok(Viewer {
            principal,
            chrome,
            staff,
        })
    }
}

fn integration_refused(chrome: Chrome) -> Response {
    let heading = chrome.t("sign_in.integration_heading").to_owned();
    let text = chrome.t("sign_in.integration_text").to_owned();
    page(
        StatusCode::FORBIDDEN,
        &MessagePage {
            chrome,
            heading,
            text,
        },
    )
}

#[derive(Template)]
#[template(path = "console/sign_in.html")]
pub(crate) struct SignInPage {
    pub chrome: Chrome,
    /// The message next to the key field after a failed attempt.
    pub error: Option<&'static str>,
    /// The message of the staff form after a failed attempt.
    pub staff_error: Option<&'static str>,
    /// The staff form's merchant and name, kept after a failed attempt (never the password).
    pub merchant: String,
    pub name: String,
}

/// `GET /sign-in`.
pub(crate) async fn sign_in_page(State(state): State<AppState>, parts: Parts) -> Response {
    let chrome = Chrome::new(&state, &parts, None);
    page(
        StatusCode::OK,
        &SignInPage {
            chrome,
            error: None,
            staff_error: None,
            merchant: String::new(),
            name: String::new(),
        },
    )
}

#[derive(Debug, Deserialize)]
pub(crate) struct SignInForm {
    key: String,
}

/// `POST /sign-in`: check the key like the API would, then keep it in the cookie.
pub(crate) async fn sign_in(
    State(state): State<AppState>,
    parts: Parts,
    Form(form): Form<SignInForm>,
) -> Response {
    let chrome = Chrome::new(&state, &parts, None);
    let secret = form.key.trim();
    let principal = match principal_of_secret(secret, &state).await {
        Ok(principal) => principal,
        Err(error) if error.status == StatusCode::UNAUTHORIZED => {
            let error = Some(if secret.is_empty() {
                chrome.t("sign_in.error_empty")
            } else {
                chrome.t("sign_in.error_unknown")
            });
            let refused = SignInPage {
                chrome,
                error,
                staff_error: None,
                merchant: String::new(),
                name: String::new(),
            };
            return page(StatusCode::UNAUTHORIZED, &refused);
        }
        Err(error) => return MessagePage::failure(chrome, &error),
    };
    if principal.scope == Scope::Integration {
        return integration_refused(chrome);
    }
    signed_in(&state, &parts, chrome, &principal).await
}

/// Open the session and send the browser home with its cookie.
async fn signed_in(
    state: &AppState,
    parts: &Parts,
    chrome: Chrome,
    principal: &Principal,
) -> Response {
    let id = match open_session(state, principal).await {
        Ok(id) => id,
        Err(error) => return MessagePage::failure(chrome, &error),
    };
    let mut response = Redirect::to("/").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(&parts.headers, SESSION_COOKIE, &id, None),
    );
    response
}

#[derive(Debug, Deserialize)]
pub(crate) struct StaffSignInForm {
    /// The shop's id; empty for the platform's staff.
    #[serde(default)]
    merchant: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

/// `POST /sign-in/staff`: a person's name and password. An unknown name and a wrong password
/// get the same answer, after the same work.
pub(crate) async fn staff_sign_in(
    State(state): State<AppState>,
    parts: Parts,
    Form(form): Form<StaffSignInForm>,
) -> Response {
    let chrome = Chrome::new(&state, &parts, None);
    let merchant = form.merchant.trim();
    let refuse = |chrome: Chrome, key: &str| {
        let staff_error = Some(chrome.t(key));
        let refused = SignInPage {
            chrome,
            error: None,
            staff_error,
            merchant: merchant.to_owned(),
            name: form.name.trim().to_owned(),
        };
        page(StatusCode::UNAUTHORIZED, &refused)
    };
    if form.name.trim().is_empty() || form.password.is_empty() {
        return refuse(chrome, "staff.sign_in_error_empty");
    }
    let store = state.engine.store();
    let merchant = (!merchant.is_empty()).then_some(merchant);
    let person = match check_sign_in(store, merchant, &form.name, &form.password).await {
        Ok(Some(person)) => person,
        Ok(None) => return refuse(chrome, "staff.sign_in_error_unknown"),
        Err(error) => return MessagePage::failure(chrome, &ApiError::from(error)),
    };
    let principal = match member_of(&person) {
        Ok(member) => member.principal(),
        Err(error) => return MessagePage::failure(chrome, &ApiError::from(error)),
    };
    // A revoked key ends the session at its first request, like any other.
    signed_in(&state, &parts, chrome, &principal).await
}

/// `POST /sign-out`: end the session on the server and forget its cookie.
pub(crate) async fn sign_out(State(state): State<AppState>, parts: Parts) -> Response {
    if let Some(id) = cookie(&parts.headers, SESSION_COOKIE)
        && let Err(error) = end_session(&state, &id).await
    {
        let chrome = Chrome::new(&state, &parts, None);
        return MessagePage::failure(chrome, &error);
    }
    let mut response = Redirect::to("/sign-in").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(&parts.headers, SESSION_COOKIE, "", Some(0)),
    );
    response
}

#[derive(Debug, Deserialize)]
pub(crate) struct LanguageForm {
    lang: String,
    /// The page to come back to; only a path on this site.
    back: Option<String>,
}

/// `POST /lang`: the language switch, remembered for a year.
pub(crate) async fn switch_language(parts: Parts, Form(form): Form<LanguageForm>) -> Response {
    let back = form
        .back
        .filter(|b| {
            // A path on this site, in visible ASCII (a header value cannot hold the rest).
            b.starts_with('/')
                && !b.starts_with("//")
                && !b.contains('\\')
                && b.len() <= 2000
                && b.bytes().all(|c| c.is_ascii_graphic())
        })
        .unwrap_or_else(|| "/".to_owned());
    let mut response = Redirect::to(&back).into_response();
    if let Some(lang) = Lang::from_code(&form.lang) {
        response.headers_mut().insert(
            header::SET_COOKIE,
            set_cookie(&parts.headers, LANG_COOKIE, lang.code(), Some(31_536_000)),
        );
    }
    response
}
