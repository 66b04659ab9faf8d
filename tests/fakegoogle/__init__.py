"""A loopback fake of the Google OAuth2 token, Drive v3 and Sheets v4 endpoints.

The test suite drives the *real* client libraries (google-auth, google-api-python-client, gspread)
against this server over real HTTP on 127.0.0.1, so the product's Drive code is exercised end to
end — URL building, JWT signing, retries, error parsing — without touching the network.
See ``server.py`` for the model and ``plugin.py`` for the pytest fixtures and the socket guard.
"""

from tests.fakegoogle.server import (
    CSV_MIME,
    DRIVE_METADATA_READONLY,
    DRIVE_READONLY,
    FOLDER_MIME,
    OPERATIONS,
    READONLY_SCOPES,
    SHEET_MIME,
    SHEETS_READONLY,
    SHORTCUT_MIME,
    XLSX_MIME,
    Cell,
    CellInput,
    FakeGoogle,
    Fault,
    GoogleClients,
    RequestRecord,
    ScaledClock,
    ServiceAccount,
    TabSpec,
    TokenGrant,
    WriteAttempt,
    google_clients,
    gspread_http_client_for,
    to_serial,
)

__all__ = [
    "CSV_MIME",
    "DRIVE_METADATA_READONLY",
    "DRIVE_READONLY",
    "FOLDER_MIME",
    "OPERATIONS",
    "READONLY_SCOPES",
    "SHEETS_READONLY",
    "SHEET_MIME",
    "SHORTCUT_MIME",
    "XLSX_MIME",
    "Cell",
    "CellInput",
    "FakeGoogle",
    "Fault",
    "GoogleClients",
    "RequestRecord",
    "ScaledClock",
    "ServiceAccount",
    "TabSpec",
    "TokenGrant",
    "WriteAttempt",
    "google_clients",
    "gspread_http_client_for",
    "to_serial",
]
