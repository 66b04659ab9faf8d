"""Shared test fixtures."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from elschool_audit.roster import School
    from elschool_audit.workbook import Workbook

pytest_plugins = ["tests.fakegoogle.plugin", "tests.smtpserver"]

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_sheets"


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real user's history, cache or credentials."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("ELSCHOOL_AUDIT_HISTORY", str(home / "history.sqlite"))
    monkeypatch.setenv("ELSCHOOL_AUDIT_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("ELSCHOOL_AUDIT_CONFIG_DIR", str(home / "config"))
    # the suite runs on two xdist workers: a district run audits in-process unless a test asks
    monkeypatch.setenv("ELSCHOOL_AUDIT_JOBS", "1")
    for name in ("GOOGLE_APPLICATION_CREDENTIALS", "ELSCHOOL_AUDIT_SERVICE_ACCOUNT", "ELSCHOOL_AUDIT_GOOGLE_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _vietnamese_by_default() -> Iterator[None]:
    """Errors render in the language the CLI chose (a process-wide choice): each test starts in
    the default, Vietnamese, whatever the previous test's --lang was."""
    from elschool_audit.i18n import set_language

    set_language("vi")
    yield
    set_language("vi")


@pytest.fixture
def english() -> None:
    """Errors raised in this test render in English (as under --lang en)."""
    from elschool_audit.i18n import set_language

    set_language("en")


class SampleSource:
    """The sample district's local source, reading each school's folder once per test session
    (reading is the slow part); tests that change a school's tables change a copy."""

    def __init__(self) -> None:
        from elschool_audit.sources.local import LocalSource

        self.local = LocalSource(SAMPLES)
        self.cache: dict[str, Workbook] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.local, name)  # the rest of the Source interface, as the local source has it

    def describe(self, school: School) -> str:
        return self.local.describe(school)

    def collect(self, school: School) -> Workbook:
        if school.id not in self.cache:
            self.cache[school.id] = self.local.collect(school)
        return self.cache[school.id]


@pytest.fixture(scope="session")
def sample_source() -> SampleSource:
    return SampleSource()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run the real console-script entry point in-process; returns exit code, stdout, stderr."""
    from elschool_audit.cli import main, state

    def run(*args: str) -> CliResult:
        monkeypatch.setattr(sys, "argv", ["elschool-audit", *args])
        monkeypatch.setenv("COLUMNS", "120")
        state["debug"] = False
        capsys.readouterr()
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def district(tmp_path: Path) -> Path:
    """A writable copy of the bundled sample district."""
    target = tmp_path / "district"
    shutil.copytree(SAMPLES, target)
    return target
