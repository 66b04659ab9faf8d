"""Issue 17: `--help` and `--version` answer at once. Each command imports its library when it
runs, so asking for help never pays for pandas, pydantic, openpyxl or the Google libraries.

Measured in fresh subprocesses, the way a user's shell starts the tool."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
from typing import get_args

import pytest

HEAVY = ("pandas", "numpy", "pydantic", "openpyxl", "googleapiclient", "google", "matplotlib", "python_calamine",
         "yaml", "jinja2", "httpx", "selectolax", "sqlite3", "markdown_it")  # fmt: skip

_PROBE = """
import json, sys
sys.argv = ["elschool-audit", *json.loads(sys.argv[1])]
try:
    from elschool_audit.cli import main
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))))
"""


def _loaded_after(*args: str) -> tuple[list[str], str]:
    """Top-level heavy packages imported by running the CLI with ``args``, and its stdout."""
    code = _PROBE.replace("HEAVY", repr(list(HEAVY)))
    env = {**os.environ, "COLUMNS": "80"}
    r = subprocess.run([sys.executable, "-c", code, json.dumps(list(args))], capture_output=True, text=True, env=env)
    marker = r.stderr.rpartition("MODULES ")[2]
    return json.loads(marker), r.stdout


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("audit", "--help"), ("audit", "district", "--help")])
def test_help_and_version_import_no_library(args: tuple[str, ...]) -> None:
    loaded, out = _loaded_after(*args)
    assert out.strip(), "the command printed nothing"
    assert loaded == [], f"{' '.join(args)} imported {loaded}"


def test_importing_the_cli_does_not_import_pandas() -> None:
    probe = (
        "import sys, elschool_audit.cli; print(sorted(m for m in ('pandas', 'numpy', 'openpyxl') if m in sys.modules))"
    )
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"


def _cpu_seconds(args: list[str]) -> float:
    """CPU time (user + system) of one run: unlike wall time it hardly moves when other jobs share
    the machine, so the bound can stay meaningful."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "elschool_audit", *args], capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@pytest.mark.parametrize("args", [["--help"], ["audit", "--help"]])
def test_help_is_fast(args: list[str]) -> None:
    # Target 0.3 s; the bound leaves room for a slow CI machine but not for pandas (about 2.5 s
    # of CPU when --help imported it).
    median = statistics.median(_cpu_seconds(args) for _ in range(3))
    assert median < 0.6, f"{' '.join(args)}: median {median:.2f} s of CPU"


def test_level_choices_match_the_roster() -> None:
    from elschool_audit.cli.options import LevelChoice
    from elschool_audit.roster import LEVELS

    assert get_args(LevelChoice) == LEVELS


def _help(*args: str, env: dict[str, str] | None = None) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "ELSCHOOL_AUDIT_LANG"}
    environ.update({"COLUMNS": "100", **(env or {})})
    r = subprocess.run([sys.executable, "-m", "elschool_audit", *args], capture_output=True, text=True, env=environ)
    return r.stdout


def test_help_speaks_vietnamese_by_default_and_english_when_asked() -> None:
    vi = _help("audit", "district", "--help")
    assert "Chấm mọi trường trong roster" in vi and "Ghi báo cáo vào tệp này." in vi
    assert "Audit every school" not in vi and "Write the report" not in vi
    en = _help("audit", "district", "--help", "--lang", "en")
    assert "Audit every school of the roster" in en and "Write the report to this file." in en
    assert "Chấm mọi trường" not in en and "Ghi báo cáo" not in en
    lint_vi, lint_en = _help("sheets", "lint", "--help"), _help("sheets", "lint", "--help", "--lang", "en")
    assert "Thư mục hồ sơ của trường, hoặc một tệp bảng tính." in lint_vi and "A school's folder" not in lint_vi
    assert "A school's folder, or one spreadsheet file." in lint_en and "Thư mục hồ sơ" not in lint_en
    root = _help("--help", env={"ELSCHOOL_AUDIT_LANG": "en"})
    assert "Audit one school or the whole district." in root and "Chấm điểm" not in root


def test_the_help_pages_own_words_follow_the_language_too() -> None:
    vi = _help("audit", "district", "--help")
    assert vi.startswith("Cách dùng: ") and "Tuỳ chọn" in vi and "Hiện hướng dẫn này rồi thoát." in vi
    assert "Usage:" not in vi and "Show this message" not in vi
    root_vi = _help("--help")
    assert "Lệnh" in root_vi and "Commands" not in root_vi
    assert "Cài tự động điền lệnh" in root_vi and "Install completion" not in root_vi  # typer's own flags
    en = _help("--lang", "en", "--help")  # --lang before the command is accepted too
    assert en.startswith("Usage: ") and "Commands" in en and "Show this message and exit." in en
    assert "Cách dùng" not in en
    assert "Install completion for the current shell." in en
