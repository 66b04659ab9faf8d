"""CSV findings and the shared formula-injection guard; output file names safe on Windows."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

import pytest

from elschool_audit.errors import ReportError
from elschool_audit.output import safe_filename, write_atomic
from elschool_audit.reports.cells import cell_value, neutralise
from elschool_audit.reports.formats import csv as csv_report
from tests.report_fixtures import DRIVE_LINK, EVIL_CMD, EVIL_FORMULA, district_report, school_report


def _parse(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "no BOM: Excel would open the Vietnamese text as the local code page"
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'=1"),  # a carriage return is a control character: removed, then the formula guarded
        ("Hoạt động tốt", "Hoạt động tốt"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(raw: str, safe: str) -> None:
    assert neutralise(raw) == safe


def test_cell_value_leaves_numbers_and_none_alone() -> None:
    assert cell_value(-3) == -3
    assert cell_value(0.5) == 0.5
    assert cell_value(None) is None


def test_csv_has_one_row_per_finding_with_vietnamese_headers() -> None:
    rows = _parse(csv_report.dumps(school_report("vi"), "vi"))
    assert list(rows[0]) == [
        "Mã trường",
        "Trường",
        "Tiêu chí",
        "Mục",
        "Tên tiêu chí",
        "Trạng thái",
        "Điểm số",
        "Nội dung",
        "Tệp",
        "Trang",
        "Dòng",
        "Cột",
        "Giá trị",
        "Liên kết",
    ]
    # two findings of INF-COMPUTERS + one of PORTAL-MAIL; passing rules have none
    assert [r["Tiêu chí"] for r in rows] == ["INF-COMPUTERS", "INF-COMPUTERS", "PORTAL-MAIL"]
    assert rows[0]["Trạng thái"] == "Không đạt"
    assert rows[0]["Điểm số"] == "0/3"
    assert rows[0]["Dòng"] == "7"
    assert rows[0]["Liên kết"] == DRIVE_LINK


def test_csv_neutralises_formulas_from_the_input_data() -> None:
    rows = _parse(csv_report.dumps(school_report("vi"), "vi"))
    assert rows[0]["Giá trị"] == "'" + EVIL_FORMULA
    assert rows[1]["Trang"] == "'" + EVIL_CMD
    assert rows[1]["Giá trị"] == "'@SUM(A1)"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_csv_english_headers_and_unaudited_school() -> None:
    rows = _parse(csv_report.dumps(district_report("en"), "en"))
    assert list(rows[0])[:3] == ["School ID", "School", "Rule"]
    unaudited = [r for r in rows if r["School ID"] == "mn-khong-doc"]
    assert len(unaudited) == 1
    assert unaudited[0]["Status"] == "Could not be audited"
    assert {r["School ID"] for r in rows} == {"th-thu-nghiem", "mn-khong-doc"}  # the passing school has no findings


def test_csv_bytes_are_utf8_with_bom(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    write_atomic(out, csv_report.dumps(school_report("vi"), "vi"))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Không đạt".encode() in data


@pytest.mark.parametrize(
    "name",
    [
        "Trường THCS Ái Mộ",
        "CON",
        "aux.txt",
        "lpt1",
        'A<b>:c"d/e\\f|g?h*i',
        "Trường TH.",
        "  ...  ",
        "tab\there",
        "x" * 300,
    ],
)
def test_output_names_are_safe_on_windows(name: str) -> None:
    safe = safe_filename(name)
    assert safe
    assert len(safe) <= 80
    assert not any(c in safe for c in '<>:"/\\|?*') and all(ord(c) >= 32 for c in safe)
    assert not safe.endswith((" ", "."))
    stem = safe.split(".")[0].upper()
    assert stem not in {
        "CON",
        "PRN",
        "AUX",
        "NUL",
        *(f"COM{i}" for i in range(1, 10)),
        *(f"LPT{i}" for i in range(1, 10)),
    }


def test_vietnamese_names_survive() -> None:
    assert safe_filename("Trường THCS Ái Mộ") == "Trường THCS Ái Mộ"


def test_write_atomic_replaces_and_leaves_no_temp_files(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "r.md"
    write_atomic(out, "one")
    write_atomic(out, "two")
    assert out.read_text(encoding="utf-8") == "two"
    assert [p.name for p in out.parent.iterdir()] == ["r.md"]


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="permissions are not enforced here")
def test_write_atomic_unwritable_folder_is_a_report_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ReportError):
            write_atomic(folder / "r.csv", "x")
    finally:
        folder.chmod(stat.S_IRWXU)
