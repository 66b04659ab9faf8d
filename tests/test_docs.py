"""The documentation that is generated from data stays true to the data."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_generated_docs_are_up_to_date() -> None:
    r = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_docs.py"), "--check"], capture_output=True, text=True, check=False
    )
    assert r.returncode == 0, r.stderr


def test_readme_names_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
