"""Shared test fixtures."""

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest_plugins = ["tests.fakegoogle.plugin"]

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_sheets"


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
