"""`pip install .` (not editable) outside the checkout, then the demo audit.

An editable install finds everything in the checkout; a wheel has only what the package ships. The
bundled rubric once lived in ./rubrics and an installed wheel had no default rubric at all. Here
the sources are copied to a temporary folder, built into a wheel, installed into a fresh venv and
run from a folder that is not the checkout.

The dependencies are the test venv's own (a ``.pth`` line), so the test stays fast and offline;
``ELSCHOOL_AUDIT_FULL_INSTALL=1`` installs them too, through pip, as a user would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.conftest import REPO

FULL = bool(os.environ.get("ELSCHOOL_AUDIT_FULL_INSTALL"))


def _env(**extra: str) -> dict[str, str]:
    """The environment of a process a user starts: none of pytest's or this project's variables."""
    drop = ("ELSCHOOL_AUDIT_", "PYTHON", "PYTEST_", "_PIP_")
    return {**{k: v for k, v in os.environ.items() if not k.startswith(drop)}, **extra}


def _run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    env = env if env is not None else _env()
    r = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, f"{args}\n{r.stdout}\n{r.stderr}"
    return r.stdout


def _wheel(tmp_path: Path) -> Path:
    """Built from a copy holding only what a source distribution has (pyproject, README, src)."""
    src = tmp_path / "src-copy"
    shutil.copytree(REPO / "src", src / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    out = tmp_path / "dist"
    # Offline and without build isolation: setuptools comes from the dev extras, nothing is fetched.
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-build-isolation", "--no-index", "--no-deps", "-w", out, src)
    [wheel] = out.glob("elschool_audit-*.whl")
    return wheel


def _venv(tmp_path: Path, wheel: Path) -> Path:
    venv = tmp_path / "venv"
    if FULL:
        _run(sys.executable, "-m", "venv", venv)
        _run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel)
        return venv
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    site = Path(_run(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip())
    # Dependencies from the test venv: a plain path line, so its editable-install hook is not run.
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    pip = (sys.executable, "-m", "pip", "--python", venv / "bin" / "python")
    _run(*pip, "install", "-q", "--no-index", "--no-deps", wheel)
    return venv


def test_a_wheel_installed_outside_the_checkout_runs_the_demo_audit(tmp_path: Path) -> None:
    venv = _venv(tmp_path, _wheel(tmp_path))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _env(HOME=str(tmp_path / "home"))
    where = _run(venv / "bin" / "python", "-c", "import elschool_audit; print(elschool_audit.__file__)", cwd=elsewhere)
    assert Path(where.strip()).is_relative_to(venv), where  # the wheel's copy, not the checkout's
    demo = ["audit", "district", "--source", str(REPO / "sample_sheets"), "--month", "2017-01", "--no-record"]
    r = subprocess.run(
        [str(venv / "bin" / "elschool-audit"), *demo],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert r.returncode == 1, r.stderr  # 1: some sample schools are below the standard, as planted
    assert "Traceback" not in r.stderr
    shown = _run(venv / "bin" / "elschool-audit", "rubric", "show", "--format", "json", cwd=elsewhere, env=env)
    assert '"longbien-e-school-2016-17"' in shown and str(venv) in shown  # the rubric inside the install
