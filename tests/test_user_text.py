"""Issue 17: no regular expression and no internal code ever reaches a user.

Every report format in the registry, in both languages, for the sample district (the district
report and each school's), and `sheets lint` of every sample school are scanned for regex syntax
(``\\s``, ``(?i)``, ``.*``, ``[a-z]``…) and for sheet-kind or value codes (``«posts»``,
``bai_giang``). JSON's machine fields (``code``, ``check``, ``status``…) are for programs and are
not scanned; school data (cell values, file and tab names) is the school's own text.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from elschool_audit.audit import audit_district
from elschool_audit.i18n import LANGS, Lang
from elschool_audit.lint import lint_school
from elschool_audit.reports import records
from elschool_audit.reports.render import REGISTRY, render
from elschool_audit.results import DistrictResult
from elschool_audit.roster import load_roster
from elschool_audit.rubric.loader import LoadedRubric, load_rubric
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.sources.local import LocalSource

SAMPLES = Path(__file__).resolve().parents[1] / "sample_sheets"
AS_OF = dt.date(2017, 1, 31)

REGEX = re.compile(r"\\[sdwbSDWB]|\(\?[imsxu:]|\.\*|\.\+|\[\^|\[[a-z0-9]-[a-z0-9]\]|\{\d+,\d*\}")
"""Sequences that only a regular expression contains (a backslash class, an inline flag, ``.*``…)."""

MACHINE_FIELDS = {"schema", "kind", "lang", "code", "check", "status", "level", "profile", "id", "hash", "source"}
SCHOOL_DATA = {"file", "tab", "column", "value", "link", "name", "as_of", "district"}


def _codes() -> re.Pattern[str]:
    """A kind code in quotes («posts», “devices”), or any snake_case kind or value code as a word."""
    cat = catalogue()
    quoted = "|".join(re.escape(k) for k in cat.kinds)
    snake = {k for k in cat.kinds if "_" in k} | {v for e in cat.enums.values() for v in e.values if "_" in v}
    bare = "|".join(re.escape(c) for c in sorted(snake, key=len, reverse=True))
    return re.compile(rf"[«“\"‘]({quoted})[»”\"’]|(?<![\w/.-])({bare})(?![\w/.-])")


CODES = _codes()


def offences(text: str) -> list[str]:
    return [m.group(0) for m in REGEX.finditer(text)] + [m.group(0) for m in CODES.finditer(text)]


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self._skip += tag in ("style", "svg", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "svg", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _json_texts(node: Any, key: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in MACHINE_FIELDS and k not in SCHOOL_DATA:
                yield from _json_texts(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _json_texts(v, key)
    elif isinstance(node, str):
        yield node


def user_text(fmt: str, data: str | bytes) -> str:
    """What a person reads in a rendered report, without the school's own cell values where the
    format keeps them apart (JSON)."""
    if fmt == "json":
        assert isinstance(data, str)
        return "\n".join(_json_texts(json.loads(data)))
    if fmt == "xlsx":
        assert isinstance(data, bytes)
        wb = load_workbook(io.BytesIO(data))
        return "\n".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    assert isinstance(data, str)
    if fmt == "html":
        p = _Text()
        p.feed(data)
        return "".join(p.parts)
    return data


@pytest.fixture(scope="module")
def loaded() -> LoadedRubric:
    return load_rubric(None)


@pytest.fixture(scope="module")
def district(loaded: LoadedRubric) -> DistrictResult:
    roster = load_roster(SAMPLES)
    return audit_district(loaded, roster, LocalSource(SAMPLES), AS_OF)


def test_the_scanner_catches_what_issue_17_saw() -> None:
    assert offences("Định dạng khớp mẫu html\\s*5")
    assert offences("Trang «posts» thiếu cột «Ngày đăng»")
    assert offences("Loại là bai_giang")
    assert offences("(mẫu (?i)^\\s*bài)")
    assert not offences("Trang «Thống kê tin bài» thiếu cột «Ngày đăng»; 3/4 (75%); cần ≥ 80%")
    assert not offences("hosothaimo@gmail.com, Portal posts, usage log (*.xlsx)")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", [f.name for f in REGISTRY])
def test_no_regex_or_code_in_any_report(district: DistrictResult, loaded: LoadedRubric, fmt: str, lang: Lang) -> None:
    found: dict[str, list[str]] = {}
    report = records.district_report(district, loaded.rubric, lang)
    bad = offences(user_text(fmt, render(report, "district", fmt, lang)))
    if bad:
        found["district"] = bad
    for school in district.schools:
        report = records.school_report(school, loaded.rubric, lang)
        bad = offences(user_text(fmt, render(report, "school", fmt, lang)))
        if bad:
            found[school.school_id] = bad
    assert not found, found


@pytest.mark.parametrize("lang", LANGS)
def test_no_regex_or_code_in_lint(lang: Lang) -> None:
    roster = load_roster(SAMPLES)
    source = LocalSource(SAMPLES)
    found = []
    for school in roster.schools:
        report = lint_school(source, school, ["posts", "devices", "usage_log", "resources", "training"])
        for item in report.items:
            found += offences(item.message(lang)) + offences(item.hint(lang))
    assert not found, found
