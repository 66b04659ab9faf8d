"""Issue 17: at 80 columns the tables keep what people type or compare whole — school and rule
ids (what `audit school` and `rubric explain` take) and the score/points columns — and the district
table explains its abbreviations."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from elschool_audit.cli import main, state

THREE = ("thcs-do-thi-viet-hung", "th-do-thi-viet-hung", "mn-phuc-dong")  # the longest ids


def _run80(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    monkeypatch.setattr(sys, "argv", ["elschool-audit", *args])
    monkeypatch.setenv("COLUMNS", "80")
    state["debug"] = False
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main()
    return capsys.readouterr().out


def test_the_district_table_at_80_columns(monkeypatch, capsys, district: Path) -> None:
    args = ["audit", "district", "--source", str(district), "--month", "2017-01", "--no-record"]
    for school in THREE:
        args += ["--school", school]
    out = _run80(monkeypatch, capsys, *args)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    words = set(out.split())
    for school in THREE:
        assert school in words, school  # whole, on its own line under the name
    rank_rows = [line for line in lines if re.match(r"^ +[1-3] ", line)]
    assert len(rank_rows) == 3 and all(re.search(r" \d{1,3}\.\d% ", row) for row in rank_rows)  # the score
    assert "Đ/K/L: số tiêu chí đạt / không đạt / lỗi" in out and "Vấn đề:" in out  # the legend


def test_the_district_legend_in_english(monkeypatch, capsys, district: Path) -> None:
    out = _run80(
        monkeypatch, capsys,
        "audit", "district", "--source", str(district), "--month", "2017-01", "--no-record",
        "--school", "mn-hoa-sua", "--lang", "en",
    )  # fmt: skip
    assert "P/F/E: rules passed / failed / in error" in " ".join(out.split())


def test_rubric_show_keeps_ids_and_points_at_80_columns(monkeypatch, capsys) -> None:
    out = _run80(monkeypatch, capsys, "rubric", "show")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Điểm" in lines[3]
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^ ([A-Z][A-Z0-9-]+) .*?(\+?\d+|—) *$", out, re.M)}
    assert rows["INF-COMPUTERS-WORKING"] == "3"
    assert "INF-OTHER-DEVICES-WORKING" in rows and len(rows) >= 50
