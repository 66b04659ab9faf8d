"""One credential's connection to Drive and Sheets: services, the rate-limited caller, paged lists."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from elschool_audit.errors import Location, SourceError
from elschool_audit.sources.drive.model import LIST_FIELDS
from elschool_audit.sources.google_auth import CredentialsError, GoogleSettings, describe_identity, load_credentials
from elschool_audit.sources.google_http import GoogleCaller


class Call:
    """Adapts a function to the ``execute(num_retries=…)`` shape :class:`GoogleCaller` runs."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._fn = fn

    def execute(self, num_retries: int = 0) -> Any:
        return self._fn()


class DriveClient:
    """Builds the Google services lazily, one pair per thread: httplib2 is not thread-safe, so a
    worker pool shares the caller (limits, budget, counts) but never an HTTP object."""

    def __init__(self, settings: GoogleSettings, caller: GoogleCaller, credentials: Any = None) -> None:
        self.settings = settings
        self.caller = caller
        self._credentials = credentials
        self._local = threading.local()
        self._lock = threading.Lock()

    @property
    def credentials(self) -> Any:
        with self._lock:
            if self._credentials is None:
                self._credentials = load_credentials(self.settings)
            return self._credentials

    def http(self) -> Any:
        """A fresh authorised HTTP object (for this thread only)."""
        import google_auth_httplib2
        import httplib2

        raw = httplib2.Http(timeout=self.settings.timeout)
        return google_auth_httplib2.AuthorizedHttp(self.credentials, http=raw)

    def _build(self) -> None:
        """Build both services once per thread: ``build`` costs ~20 ms and a run reads hundreds of files."""
        from googleapiclient.discovery import build

        base = self.settings.endpoint
        self._local.drive = build(
            "drive",
            "v3",
            http=self.http(),
            static_discovery=True,
            cache_discovery=False,
            client_options={"api_endpoint": base + "/drive/v3/"} if base else None,
        )
        # Sheets' method paths already start with "v4/": its endpoint is the bare base.
        self._local.sheets = build(
            "sheets",
            "v4",
            http=self.http(),
            static_discovery=True,
            cache_discovery=False,
            client_options={"api_endpoint": base + "/"} if base else None,
        )

    @property
    def drive(self) -> Any:
        if getattr(self._local, "drive", None) is None:
            self._build()
        return self._local.drive

    @property
    def sheets(self) -> Any:
        if getattr(self._local, "sheets", None) is None:
            self._build()
        return self._local.sheets

    def execute(self, request: Any, operation: str, where: Location) -> Any:
        from google.auth.exceptions import RefreshError, TransportError

        try:
            return self.caller.execute(request, operation, where)
        except RefreshError as exc:
            raise CredentialsError(
                "google_refused_credentials",
                Location(file=str(self.settings.service_account_file or self.settings.token_file or "")),
                reason=str(exc),
            ) from exc
        except TransportError as exc:
            raise SourceError("google_no_token", where, reason=str(exc)) from exc

    def whoami(self) -> str:
        """The account Drive sees (a delegated user, the service account, or the person)."""
        about = self.execute(
            self.drive.about().get(fields="user(emailAddress,displayName)"),
            "drive.about.get",
            Location(),
        )
        user = about.get("user", {})
        return str(user.get("emailAddress") or user.get("displayName") or describe_identity(self.credentials))

    def list_all(
        self, q: str, drive_id: str | None, where: Location, fields: str = LIST_FIELDS
    ) -> list[dict[str, Any]]:
        """Every page of a ``files.list`` query; Drive's refusals propagate as ``HttpError``."""
        kwargs: dict[str, Any] = {
            "q": q,
            "pageSize": 1000,
            "fields": fields,
            "supportsAllDrives": True,
            "includeItemsFromAllDrives": True,
        }
        if drive_id:
            kwargs.update(corpora="drive", driveId=drive_id)
        items: list[dict[str, Any]] = []
        token: str | None = None
        while True:
            if token:
                kwargs["pageToken"] = token
            page = self.execute(self.drive.files().list(**kwargs), "drive.files.list", where)
            items.extend(page.get("files", []))
            token = page.get("nextPageToken")
            if not token:
                return items
