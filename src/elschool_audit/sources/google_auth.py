"""Who the auditor is when it talks to Google, with read-only scopes only.

Two ways in, because districts differ: a *service account* (a robot account; the district shares
its root folder with the robot's e-mail, and an unattended monthly run needs no person), optionally
impersonating a Workspace user through domain-wide delegation; or the *installed-app OAuth flow*
for an IT officer at a terminal whose own account already sees the schools' folders, with the
token kept under the user config directory so the browser step happens once.

Scopes are read-only on purpose: the auditor must never be able to change a school's records,
even by a bug. Settings come from the environment (see :class:`GoogleSettings`), so CI and tests
never depend on a home directory.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from elschool_audit.atomic import write_atomic
from elschool_audit.errors import ConfigError, Location

APP_NAME = "elschool-audit"
DRIVE_READONLY = "https://www.googleapis.com/auth/drive.readonly"
SHEETS_READONLY = "https://www.googleapis.com/auth/spreadsheets.readonly"
READONLY_SCOPES: tuple[str, ...] = (DRIVE_READONLY, SHEETS_READONLY)

ENV_SERVICE_ACCOUNT = "ELSCHOOL_AUDIT_SERVICE_ACCOUNT"
ENV_GOOGLE_CREDENTIALS = "GOOGLE_APPLICATION_CREDENTIALS"
ENV_SUBJECT = "ELSCHOOL_AUDIT_GOOGLE_SUBJECT"
ENV_OAUTH_CLIENT = "ELSCHOOL_AUDIT_OAUTH_CLIENT"
ENV_CONFIG_DIR = "ELSCHOOL_AUDIT_CONFIG_DIR"
ENV_CACHE_DIR = "ELSCHOOL_AUDIT_CACHE_DIR"
ENV_ENDPOINT = "ELSCHOOL_AUDIT_GOOGLE_ENDPOINT"
ENV_READS_PER_MINUTE = "ELSCHOOL_AUDIT_SHEETS_READS_PER_MINUTE"
ENV_TIMEOUT = "ELSCHOOL_AUDIT_GOOGLE_TIMEOUT"
ENV_WORKERS = "ELSCHOOL_AUDIT_DRIVE_WORKERS"
ENV_SHEETS_VIA = "ELSCHOOL_AUDIT_SHEETS_VIA"

SERVICE_ACCOUNT_FILE = "service-account.json"
OAUTH_CLIENT_FILE = "oauth-client.json"
TOKEN_FILE = "google-token.json"


class CredentialsError(ConfigError):
    """The auditor cannot authenticate: every school would fail the same way, so the run stops."""


def config_dir() -> Path:
    override = os.environ.get(ENV_CONFIG_DIR)
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def cache_dir() -> Path:
    override = os.environ.get(ENV_CACHE_DIR)
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME))


@dataclass(frozen=True)
class GoogleSettings:
    """Everything about reaching Google, resolved from the environment and the config dir."""

    service_account_file: Path | None = None
    subject: str | None = None
    oauth_client_file: Path | None = None
    token_file: Path | None = None
    endpoint: str | None = None
    """Base URL replacing Google's (tests, proxies): Drive at ``<base>/drive/v3/``, Sheets at ``<base>/v4/``."""
    sheets_reads_per_minute: int = 50
    timeout: float = 60.0
    workers: int = 4
    """Files downloaded or exported at once; each worker has its own HTTP connection."""
    export_sheets: bool = True
    """Read native Sheets as an .xlsx export (Drive quota); False: through the Sheets API only."""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> GoogleSettings:
        env = dict(os.environ) if environ is None else environ
        conf = Path(env[ENV_CONFIG_DIR]) if env.get(ENV_CONFIG_DIR) else config_dir()
        sa_env = env.get(ENV_SERVICE_ACCOUNT) or env.get(ENV_GOOGLE_CREDENTIALS)
        sa: Path | None = Path(sa_env).expanduser() if sa_env else None
        if sa is None and (conf / SERVICE_ACCOUNT_FILE).is_file():
            sa = conf / SERVICE_ACCOUNT_FILE
        client_env = env.get(ENV_OAUTH_CLIENT)
        client: Path | None = Path(client_env).expanduser() if client_env else None
        if client is None and (conf / OAUTH_CLIENT_FILE).is_file():
            client = conf / OAUTH_CLIENT_FILE
        return cls(
            service_account_file=sa,
            subject=env.get(ENV_SUBJECT) or None,
            oauth_client_file=client,
            token_file=conf / TOKEN_FILE,
            endpoint=(env.get(ENV_ENDPOINT) or "").rstrip("/") or None,
            sheets_reads_per_minute=_positive_int(env, ENV_READS_PER_MINUTE, 50),
            timeout=float(_positive_int(env, ENV_TIMEOUT, 60)),
            workers=_positive_int(env, ENV_WORKERS, 4),
            export_sheets=_sheets_via(env),
        )


def _sheets_via(env: dict[str, str]) -> bool:
    raw = (env.get(ENV_SHEETS_VIA) or "export").strip().lower()
    if raw not in ("export", "sheets-api"):
        raise ConfigError("env_choice", name=ENV_SHEETS_VIA, choices="export, sheets-api", value=repr(raw))
    return raw == "export"


def _positive_int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError("env_positive_int", name=name, value=repr(raw))
    return value


def load_credentials(settings: GoogleSettings, *, interactive: bool = False) -> Any:
    """Read-only credentials: the service account if one is configured, else the cached OAuth token.

    ``interactive`` allows the browser flow when there is no usable token (``auth login``);
    a batch audit never opens a browser and says how to log in instead.
    """
    if settings.service_account_file is not None:
        return service_account_credentials(settings.service_account_file, settings.subject)
    if settings.token_file is not None and settings.token_file.is_file():
        creds = _cached_user_credentials(settings.token_file)
        if creds is not None:
            return creds
    if interactive and settings.oauth_client_file is not None:
        return oauth_login(settings)
    raise CredentialsError(
        "google_no_credentials", key_file=SERVICE_ACCOUNT_FILE, client_file=OAUTH_CLIENT_FILE, folder=str(config_dir())
    )


def service_account_credentials(path: Path, subject: str | None = None) -> Any:
    from google.oauth2 import service_account

    where = Location(file=str(path))
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CredentialsError(
            "google_key_unreadable",
            where,
            reason=str(exc.strerror or exc),
        ) from exc
    except ValueError as exc:
        raise CredentialsError("google_key_not_json", where) from exc
    if not isinstance(info, dict) or info.get("type") != "service_account":
        looks_oauth = isinstance(info, dict) and ("installed" in info or "web" in info)
        raise CredentialsError(
            "google_key_is_oauth_client" if looks_oauth else "google_key_not_service_account",
            where,
            env=ENV_OAUTH_CLIENT,
        )
    try:
        return service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
            info, scopes=list(READONLY_SCOPES), subject=subject
        )
    except (ValueError, KeyError) as exc:
        raise CredentialsError("google_key_invalid", where, reason=str(exc)) from exc


def _cached_user_credentials(token_file: Path) -> Any | None:
    """The cached OAuth token, refreshed if needed; None when it is unusable (log in again)."""
    from google.auth.exceptions import RefreshError
    from google.auth.transport.requests import Request
    from google.oauth2.credentials import Credentials

    try:
        info = json.loads(token_file.read_text(encoding="utf-8"))
        creds = Credentials.from_authorized_user_info(info, scopes=list(READONLY_SCOPES))  # type: ignore[no-untyped-call]
    except (OSError, ValueError):
        return None
    if not set(READONLY_SCOPES) <= set(creds.scopes or ()):
        return None
    if creds.valid:
        return creds
    if creds.expired and creds.refresh_token:
        try:
            creds.refresh(Request())
        except RefreshError:
            return None
        save_token(token_file, creds.to_json())
        return creds
    return None


def oauth_login(settings: GoogleSettings, *, open_browser: bool = True, prompt: str | None = None) -> Any:
    """Run the installed-app flow in a browser and cache the token; read-only scopes only."""
    from google_auth_oauthlib.flow import InstalledAppFlow

    if settings.oauth_client_file is None or settings.token_file is None:
        raise CredentialsError(
            "google_oauth_client_needed", env=ENV_OAUTH_CLIENT, file=OAUTH_CLIENT_FILE, folder=str(config_dir())
        )
    try:
        flow = InstalledAppFlow.from_client_secrets_file(str(settings.oauth_client_file), scopes=list(READONLY_SCOPES))
        creds = flow.run_local_server(
            port=0,
            open_browser=open_browser,
            authorization_prompt_message=prompt or "",
            timeout_seconds=300,
        )
    except (OSError, ValueError) as exc:
        raise CredentialsError(
            "google_sign_in_failed",
            Location(file=str(settings.oauth_client_file)),
            reason=str(exc),
        ) from exc
    save_token(settings.token_file, creds.to_json())
    return creds


def save_token(path: Path, text: str) -> None:
    """Write the token atomically and private to the user: it grants read access to school data."""
    write_atomic(path, text, mode=0o600)


def describe_identity(creds: Any) -> str:
    """The account as far as the credentials know it, before any call (service account e-mail)."""
    email = getattr(creds, "service_account_email", None)
    subject = getattr(creds, "_subject", None)
    if email and subject:
        return f"{subject} (via {email})"
    return str(email or "OAuth user")
