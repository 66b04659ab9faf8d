"""The CLI writes every format from the sample district; format chosen from the output extension."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from openpyxl import load_workbook

from elschool_audit.errors import ReportError
from elschool_audit.reports.render import EXTENSIONS, FORMATS, REGISTRY, infer_format, render
from tests.report_fixtures import district_report, school_report
from tests.test_reports_html import Page, assert_standalone

SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "report-schema.json"


@pytest.fixture(autouse=True)
def _private_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """District runs are recorded in a history store: keep the tests' runs out of the user's."""
    monkeypatch.setenv("ELSCHOOL_AUDIT_HISTORY", str(tmp_path / "history.sqlite"))


def _check_json(path: Path) -> None:
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["kind"] == "district"
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(report)


def _check_xlsx(path: Path) -> None:
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["Tổng hợp", "Phát hiện", "Tiêu chí"]
    assert wb["Tổng hợp"].max_row >= 2


def _check_html(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    assert_standalone(raw, Page(raw))
    assert "http" not in raw  # the sample district is local: no links at all, not even in the SVG


def _check_csv(path: Path) -> None:
    assert path.read_bytes().startswith(b"\xef\xbb\xbfM\xc3\xa3 tr\xc6\xb0\xe1\xbb\x9dng")  # BOM + "Mã trường"


def _check_md(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith("# ")


CHECKS: dict[str, Callable[[Path], None]] = {
    "json": _check_json,
    "xlsx": _check_xlsx,
    "html": _check_html,
    "csv": _check_csv,
    "md": _check_md,
}


@pytest.mark.parametrize("ext", list(CHECKS))
def test_district_report_in_every_format(run_cli: Callable[..., Any], district: Path, tmp_path: Path, ext: str) -> None:
    out = tmp_path / "out" / f"x.{ext}"
    result = run_cli("audit", "district", "--source", str(district), "--month", "2017-01", "-o", str(out))
    assert result.code in (0, 1), result.err
    assert out.is_file()
    CHECKS[ext](out)
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temp file left behind


def test_school_report_html_in_english(run_cli: Callable[..., Any], district: Path, tmp_path: Path) -> None:
    out = tmp_path / "school.html"
    result = run_cli(
        "audit", "school", "th-do-thi-viet-hung", "--source", str(district), "--month", "2017-01", "--lang", "en",
        "-o", str(out),
    )  # fmt: skip
    assert result.code in (0, 1), result.err
    raw = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in raw
    assert "Rules not met" in raw
    assert_standalone(raw, Page(raw))


@pytest.mark.parametrize(
    ("fmt", "output", "expected"),
    [
        (None, "r.XLSX", "xlsx"),
        (None, "r.htm", "html"),
        (None, "r.md", "md"),
        (None, "r.csv", "csv"),
        (None, "r.json", "json"),
        ("md", "r.txt", "md"),
        (None, None, "table"),
    ],
)
def test_infer_format(fmt: str | None, output: str | None, expected: str) -> None:
    assert infer_format(fmt, Path(output) if output else None) == expected


def test_unknown_extension_is_a_report_error() -> None:
    with pytest.raises(ReportError, match="--format"):
        infer_format(None, Path("r.pdf"))


@pytest.mark.parametrize("spec", REGISTRY, ids=[f.name for f in REGISTRY])
def test_every_registered_format_renders_both_scopes(spec: Any) -> None:
    """The registry is the only list of formats: each entry's module renders school and district reports."""
    for scope, build in (("school", school_report), ("district", district_report)):
        data = render(build(), scope, spec.name, "en")  # type: ignore[arg-type]
        assert isinstance(data, bytes) is spec.binary and len(data) > 100
    for ext in spec.extensions:
        assert infer_format(None, Path(f"r{ext}")) == spec.name
    assert set(EXTENSIONS.values()) <= set(FORMATS)


def test_render_types_and_scope_check() -> None:
    assert isinstance(render(school_report(), "school", "xlsx", "vi"), bytes)
    for fmt in ("json", "html", "csv", "md", "table"):
        assert isinstance(render(district_report(), "district", fmt, "vi"), str)  # type: ignore[arg-type]
    with pytest.raises(ReportError):
        render(school_report(), "district", "md", "vi")


@pytest.mark.parametrize("fmt", ["json", "xlsx", "html", "csv", "md", "table"])
def test_an_unaudited_school_renders_in_every_format(fmt: str) -> None:
    from elschool_audit.reports import records
    from tests.report_fixtures import tiny_rubric, unreadable_school

    report = records.school_report(unreadable_school(), tiny_rubric(), "vi")
    out = render(report, "school", fmt, "vi")  # type: ignore[arg-type]
    if isinstance(out, str):
        assert "Không đọc được hồ sơ của trường" in out
