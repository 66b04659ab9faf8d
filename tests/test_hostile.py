"""One bad file never takes the district down (issue 15).

Every hostile case of ``tests/hostile.py`` is planted in a school of its own (a copy of a sample
school plus the hostile file) and the whole district is audited in one child process, with its
time and peak memory measured: the run must end with exit 2 (a file could not be read), write
the report, locate each refused file, score every bomb school exactly as its twin without the
bomb, and leave the clean school's result unchanged.
"""

from __future__ import annotations

import io
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from tests.hostile import CASES, ESCAPES

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_sheets"
TWIN = "mn-hoa-sua"
CLEAN = "mn-phuc-dong"
LIMIT_ENV = {"ELSCHOOL_AUDIT_MAX_PART_MB": "16"}
"""The part limit lowered so the generated 120 MB parts stay quick to write; the default (100 MB)
is the same code path, and this also shows the limits can be changed from the environment."""


def _school(sid: str, folder: str) -> dict[str, Any]:
    return {"id": sid, "name": f"Trường Mầm non {sid}", "level": "MN", "pilot": False, "folder": folder}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("hostile")
    district = root / "district"
    district.mkdir()
    schools = [_school(CLEAN, CLEAN), _school(TWIN, TWIN)]
    shutil.copytree(SAMPLES / CLEAN, district / CLEAN)
    shutil.copytree(SAMPLES / TWIN, district / TWIN)
    files = {}
    for case in CASES:
        folder = district / case.name
        shutil.copytree(SAMPLES / TWIN, folder)
        files[case.name] = case.write(folder)
        schools.append(_school(case.name, case.name))
    roster = {"district": "Quận thử [bold]", "schools": schools}
    (district / "roster.yaml").write_text(yaml.safe_dump(roster, allow_unicode=True), encoding="utf-8")
    report = root / "report.json"
    env = {**os.environ, **LIMIT_ENV, "ELSCHOOL_AUDIT_HISTORY": str(root / "h.sqlite")}
    args = ["audit", "district", "--source", str(district), "--month", "2017-01", "--no-record", "-o", str(report)]
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "elschool_audit", *args], env=env, capture_output=True, text=True, timeout=600
    )
    seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else None
    return {"proc": proc, "seconds": seconds, "peak_mb": peak_mb, "report": data, "files": files}


def _by_id(run: dict[str, Any]) -> dict[str, Any]:
    assert run["report"] is not None, run["proc"].stderr[-3000:]
    return {s["school"]["id"]: s for s in run["report"]["schools"]}


def _statuses(rec: dict[str, Any]) -> dict[str, tuple[str, float]]:
    return {r["id"]: (r["status"], r["points_earned"]) for r in rec["rules"]}


def test_the_district_run_ends_with_exit_2_and_writes_the_report(hostile_run: dict[str, Any]) -> None:
    proc = hostile_run["proc"]
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert hostile_run["report"] is not None
    assert hostile_run["seconds"] < 300
    assert hostile_run["peak_mb"] < 1500, hostile_run["peak_mb"]
    assert "\x1b" not in proc.stdout + proc.stderr


def test_the_clean_school_scores_as_in_a_run_of_its_own(hostile_run: dict[str, Any], tmp_path: Path) -> None:
    alone = tmp_path / "alone.json"
    subprocess.run(
        [sys.executable, "-m", "elschool_audit", "audit", "school", str(SAMPLES / CLEAN), "--level", "MN",
         "--month", "2017-01", "-o", str(alone)],
        capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    expected = json.loads(alone.read_text(encoding="utf-8"))
    got = _by_id(hostile_run)[CLEAN]
    assert got["score"] == expected["score"]
    assert _statuses(got) == _statuses(expected)


@pytest.mark.parametrize("case", [c for c in CASES if c.bomb], ids=lambda c: c.name)
def test_a_refused_file_is_one_located_problem_and_the_rest_of_the_school_is_audited(
    hostile_run: dict[str, Any], case: Any
) -> None:
    schools = _by_id(hostile_run)
    rec = schools[case.name]
    assert rec["error"] is None
    refused = [p for p in rec["problems"] if p["code"] == "file_unreadable"]
    assert [p["file"] for p in refused] == [hostile_run["files"][case.name]], rec["problems"]
    assert _statuses(rec) == _statuses(schools[TWIN])
    assert rec["score"] == schools[TWIN]["score"]


@pytest.mark.parametrize("case", [c for c in CASES if not c.bomb], ids=lambda c: c.name)
def test_hostile_values_are_values_or_located_problems(hostile_run: dict[str, Any], case: Any) -> None:
    rec = _by_id(hostile_run)[case.name]
    assert rec["error"] is None and rec["score"] is not None
    assert not [p for p in rec["problems"] if p["code"] == "file_unreadable"], rec["problems"]
    text = json.dumps(rec, ensure_ascii=False)
    assert not any(ch in text for ch in "\x1b\x07\x08\x0b\x7f\x9b\r"), text


def test_every_report_format_renders_the_hostile_district(hostile_run: dict[str, Any], tmp_path: Path) -> None:
    from elschool_audit.reports.render import render

    report = hostile_run["report"]
    assert report is not None
    for fmt in ("csv", "html", "md", "table", "json"):
        text = render(report, "district", fmt, "vi")
        assert isinstance(text, str) and "\x1b" not in text and "\x07" not in text, fmt
    book = openpyxl.load_workbook(io.BytesIO(render(report, "district", "xlsx", "vi")))  # type: ignore[arg-type]
    cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert cells and not any("\x1b" in c or "\x07" in c for c in cells)
    controls = {ch for ch in ESCAPES if not ch.isprintable()}
    assert not controls & set(json.dumps(report, ensure_ascii=False))
