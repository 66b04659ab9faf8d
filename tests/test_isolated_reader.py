"""Issue 15: formats read without inspection (.ods, legacy .xls) are read in a bounded child
process, so a reader that aborts the process or exhausts memory costs one located problem for
that file, never the district run.

The bomb is generated here: a 1.4 KB .ods whose repeated cells ask the reader for 90 million
cells; in-process, python-calamine aborts the interpreter (exit 134) when memory runs out."""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from elschool_audit.errors import SourceError
from elschool_audit.limits import limits
from elschool_audit.sources.isolated import read_isolated
from elschool_audit.sources.readers import _read_calamine, read_workbook_bytes

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods(rows: int, cols: int) -> bytes:
    """An .ods with a header row and ``rows`` × ``cols`` repeated cells holding "x"."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Thiet bi">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Mã thiết bị</text:p>'
        "</table:table-cell></table:table-row>"
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{cols}" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", MANIFEST)
    return buf.getvalue()


MANIFEST = (
    '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)
BOMB_ROWS, BOMB_COLS = 9000, 10_000


@pytest.fixture
def small_reader(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A 400 MB reader: the bomb fails in a second instead of after filling 2 GB."""
    monkeypatch.setenv("ELSCHOOL_AUDIT_MAX_READER_MB", "400")
    limits.cache_clear()
    yield
    monkeypatch.delenv("ELSCHOOL_AUDIT_MAX_READER_MB")
    limits.cache_clear()


def test_an_ods_is_read_the_same_in_the_child(tmp_path: Path) -> None:
    data = ods(3, 4)
    assert read_isolated(data, "nho.ods") == list(_read_calamine(data, "nho.ods"))
    (tab,) = read_workbook_bytes(data, "nho.ods")
    assert tab.name == "Thiet bi" and tab.grid[0][0] == "Mã thiết bị" and tab.grid[3] == ["x"] * 4


def test_a_reader_abort_is_a_located_problem(small_reader: None) -> None:
    data = ods(BOMB_ROWS, BOMB_COLS)
    assert len(data) < 2000
    start = time.monotonic()
    with pytest.raises(SourceError) as caught:
        list(read_workbook_bytes(data, "Thiet bi.ods"))
    assert time.monotonic() - start < 30
    err = caught.value
    assert err.location.file == "Thiet bi.ods"
    assert "ELSCHOOL_AUDIT_MAX_READER_MB" in err.message  # the child's end, not an in-process error


def test_a_legacy_xls_that_is_not_one_is_refused_by_the_child() -> None:
    with pytest.raises(SourceError) as caught:
        list(read_workbook_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64, "hong.xls"))
    assert caught.value.location.file == "hong.xls"


def test_the_district_survives_a_reader_bomb(run_cli, district: Path, tmp_path: Path, small_reader: None) -> None:
    (district / "mn-hoa-sua" / "Thiet bi.ods").write_bytes(ods(BOMB_ROWS, BOMB_COLS))
    report = tmp_path / "report.json"
    r = run_cli(
        "audit", "district", "--source", str(district), "--month", "2017-01", "--no-record",
        "--school", "mn-hoa-sua", "--school", "mn-phuc-dong", "-o", str(report),
    )  # fmt: skip
    assert r.code in (1, 2), r.err
    schools = {s["school"]["id"]: s for s in json.loads(report.read_text(encoding="utf-8"))["schools"]}
    assert all(s["score"] is not None for s in schools.values())  # both audited
    problems = [p for p in schools["mn-hoa-sua"]["problems"] if p["file"] and "Thiet bi.ods" in p["file"]]
    assert problems and problems[0]["severity"] == "error"
    assert "Thiet bi.ods" in r.err  # and the cron log names it


def test_a_reader_that_spins_past_its_time_is_stopped_and_located(monkeypatch: pytest.MonkeyPatch) -> None:
    # 12 million repeated cells: ~2.7 s of CPU and 1.5 GB to parse, inside the memory bound, so only
    # the one-second CPU bound can stop it
    monkeypatch.setenv("ELSCHOOL_AUDIT_MAX_READ_SECONDS", "1")
    limits.cache_clear()
    try:
        with pytest.raises(SourceError) as caught:
            list(read_workbook_bytes(ods(6000, 2000), "Nhat ky.ods"))
    finally:
        monkeypatch.delenv("ELSCHOOL_AUDIT_MAX_READ_SECONDS")
        limits.cache_clear()
    err = caught.value
    assert err.msg.key == "reader_timeout"
    assert err.location.file == "Nhat ky.ods"
    assert "ELSCHOOL_AUDIT_MAX_READ_SECONDS" in err.message and "1" in err.message
