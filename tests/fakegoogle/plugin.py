"""pytest plugin: a socket guard that keeps the suite offline, and fixtures for the fake Google.

Enable with ``pytest_plugins = ["tests.fakegoogle.plugin"]`` in ``tests/conftest.py``.

Socket guard — why: a test that silently reaches the real Google (a forgotten endpoint override,
a library doing a background lookup) would be slow, flaky, and could touch real school data.
From ``pytest_configure`` on, ``socket.socket.connect``/``connect_ex`` refuse any address outside
127.0.0.0/8 and ::1, and ``getaddrinfo``/``gethostbyname`` refuse every name but ``localhost``
(no DNS at all).  The refusal raises :class:`SocketBlockedError` — deliberately *not* an
``OSError``, so library code that treats network errors as "offline, carry on" cannot swallow
it — and is also recorded, so the test fails at teardown even if something caught it anyway.
A test that means to trigger the guard wraps the call in ``socket_guard.expected()``; a test
that truly needs the network is marked ``@pytest.mark.allow_network``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakegoogle.server import FakeGoogle, GoogleClients, ServiceAccount, google_clients

_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "localhost6"})


class SocketBlockedError(RuntimeError):
    """A test tried to reach a non-loopback address or resolve a non-local host name."""


def _is_local_name(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host in _LOCAL_NAMES or host.endswith(".localhost")


def _is_loopback_host(host: str) -> bool:
    """True for loopback IP literals and local names (no resolution is attempted)."""
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return _is_local_name(host)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


class SocketGuard:
    """Patches the socket module so only loopback traffic is possible; records violations."""

    def __init__(self) -> None:
        self.enabled = True
        self.violations: list[str] = []
        self._lock = threading.Lock()
        self._originals: dict[tuple[Any, str], Any] = {}

    # ---- policy ------------------------------------------------------------------------------

    def _block(self, what: str) -> SocketBlockedError:
        message = (
            f"socket guard: {what} — tests must stay on 127.0.0.1 (point the Google clients at "
            "the fake_google fixture's base_url; see tests/fakegoogle)"
        )
        with self._lock:
            self.violations.append(message)
        return SocketBlockedError(message)

    def _check_address(self, family: int, address: Any, verb: str) -> None:
        if not self.enabled:
            return
        if family == getattr(socket, "AF_UNIX", object()) or isinstance(address, str | bytes):
            return  # Unix domain sockets are local by definition
        if isinstance(address, tuple) and address:
            host = address[0]
            if isinstance(host, bytes):
                host = host.decode("ascii", "replace")
            if isinstance(host, str) and _is_loopback_host(host):
                return
        raise self._block(f"{verb} to {address!r} refused")

    def _check_name(self, host: Any, verb: str) -> None:
        if not self.enabled or host is None:
            return
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        host = str(host)
        if host == "" or _is_local_name(host) or _is_ip_literal(host):
            return  # IP literals need no DNS; connect() then judges the address
        raise self._block(f"{verb}({host!r}) refused (no DNS in tests)")

    # ---- installation ------------------------------------------------------------------------

    def _patch(self, owner: Any, name: str, replacement: Any) -> None:
        self._originals[(owner, name)] = getattr(owner, name)
        setattr(owner, name, replacement)

    def install(self) -> None:
        """Patch the socket module (idempotent)."""
        if self._originals:
            return
        guard = self
        real_connect = socket.socket.connect
        real_connect_ex = socket.socket.connect_ex
        real_getaddrinfo = socket.getaddrinfo
        real_gethostbyname = socket.gethostbyname
        real_gethostbyname_ex = socket.gethostbyname_ex

        def connect(self: socket.socket, address: Any) -> None:
            guard._check_address(self.family, address, "connect")
            return real_connect(self, address)

        def connect_ex(self: socket.socket, address: Any) -> int:
            guard._check_address(self.family, address, "connect_ex")
            return real_connect_ex(self, address)

        def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            guard._check_name(host, "getaddrinfo")
            return real_getaddrinfo(host, *args, **kwargs)

        def gethostbyname(host: str) -> str:
            guard._check_name(host, "gethostbyname")
            return real_gethostbyname(host)

        def gethostbyname_ex(host: str) -> Any:
            guard._check_name(host, "gethostbyname_ex")
            return real_gethostbyname_ex(host)

        self._patch(socket.socket, "connect", connect)
        self._patch(socket.socket, "connect_ex", connect_ex)
        self._patch(socket, "getaddrinfo", getaddrinfo)
        self._patch(socket, "gethostbyname", gethostbyname)
        self._patch(socket, "gethostbyname_ex", gethostbyname_ex)

    def uninstall(self) -> None:
        for (owner, name), original in self._originals.items():
            setattr(owner, name, original)
        self._originals.clear()

    @contextlib.contextmanager
    def expected(self) -> Iterator[list[str]]:
        """Mark violations inside the block as intended; yields the list they are moved to."""
        with self._lock:
            start = len(self.violations)
        caught: list[str] = []
        try:
            yield caught
        finally:
            with self._lock:
                caught.extend(self.violations[start:])
                del self.violations[start:]


_GUARD = SocketGuard()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "allow_network: let this test open non-loopback sockets (socket guard off)")
    _GUARD.install()


def pytest_unconfigure(config: pytest.Config) -> None:
    _GUARD.uninstall()


@pytest.fixture(autouse=True)
def _socket_guard_check(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test if it (or any thread it started) tried to leave 127.0.0.1."""
    allow = request.node.get_closest_marker("allow_network") is not None
    _GUARD.enabled = not allow
    start = len(_GUARD.violations)
    try:
        yield
    finally:
        _GUARD.enabled = True
    new = _GUARD.violations[start:]
    del _GUARD.violations[start:]
    if new:
        pytest.fail("network access outside loopback:\n" + "\n".join(new), pytrace=False)


@pytest.fixture
def socket_guard() -> SocketGuard:
    """The installed guard, for tests that check it (use ``socket_guard.expected()``)."""
    return _GUARD


# ---- the fake Google ------------------------------------------------------------------------


def _bypass_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """httplib2 and requests honour *_proxy variables: make sure loopback never goes through
    a proxy (a CI box with HTTPS_PROXY set would otherwise send our requests there)."""
    for name in ("no_proxy", "NO_PROXY"):
        current = os.environ.get(name, "")
        extra = "127.0.0.1,localhost,::1"
        monkeypatch.setenv(name, f"{current},{extra}" if current else extra)


@pytest.fixture
def fake_google(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    """A started :class:`FakeGoogle` (empty drive), stopped after the test.

    Fails the test if the fake itself crashed while serving (its bugs must not masquerade as
    the product's)."""
    from tests.fakegoogle.district import close_opened

    _bypass_proxies(monkeypatch)
    with FakeGoogle() as srv:
        try:
            yield srv
        finally:
            close_opened()
    if srv.server_errors:
        pytest.fail("fake-google crashed:\n" + "\n".join(srv.server_errors), pytrace=False)


@pytest.fixture
def service_account(fake_google: FakeGoogle) -> ServiceAccount:
    """A service account registered with the fake (RSA key, token_uri = fake base + /token)."""
    return fake_google.create_service_account()


@pytest.fixture
def service_account_file(tmp_path: Path, service_account: ServiceAccount) -> Path:
    """The service account's JSON key file, as the product will be given it."""
    return service_account.write(tmp_path / "service-account.json")


@pytest.fixture
def google(fake_google: FakeGoogle, service_account_file: Path) -> GoogleClients:
    """Real googleapiclient Drive/Sheets services and a gspread client wired to the fake."""
    return google_clients(fake_google.base_url, service_account_file)


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Make retry back-off instant; returns the list of sleeps that were requested.

    googleapiclient's ``HttpRequest`` captures ``time.sleep`` when the request is built and
    google-auth's token retry calls ``time.sleep`` too, so patching ``time.sleep`` covers both
    (the fake's own ``delay`` faults use ``threading.Event.wait`` and are unaffected).
    """
    sleeps: list[float] = []
    real_sleep: Callable[[float], None] = time.sleep

    def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        real_sleep(0)

    monkeypatch.setattr(time, "sleep", fake_sleep)
    return sleeps
