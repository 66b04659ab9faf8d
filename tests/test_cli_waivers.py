"""Issue 17: waiver files say where they are wrong, and every report format shows the waivers that
expired or are about to (docs/rubric.md promises it)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from elschool_audit.reports.render import FORMATS, render

MONTH = ("--month", "2017-01")  # audit date 31/01/2017

WAIVERS = """\
waivers:
  - {school: thcs-ai-mo, rule: INF-COMPUTERS-WORKING, reason: 'Phòng Tin 1 đang sửa chữa', expires: 31/12/2016}
  - {school: thcs-ai-mo, rule: ROOM-USAGE-LOG, reason: 'Sổ đang chuyển sang mẫu mới', expires: 15/02/2017}
  - {school: thcs-ai-mo, rule: PORTAL-INTRO, reason: 'Còn lâu mới hết hạn', expires: 31/05/2017}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mien-tru.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "field", "wrong"),
    [
        ("  - {school: thcs-ai-mo-x, rule: PORTAL-INTRO, reason: 'Phòng Tin 1'}", "school", "thcs-ai-mo-x"),
        ("  - {school: thcs-ai-mo, rule: NO-SUCH-RULE, reason: 'Phòng Tin 1'}", "rule", "NO-SUCH-RULE"),
    ],
)
def test_an_unknown_school_or_rule_in_a_waiver_is_an_error_at_its_line(
    run_cli, district: Path, tmp_path: Path, line: str, field: str, wrong: str
) -> None:
    good = "  - {school: mn-hoa-sua, rule: PORTAL-INTRO, reason: 'Đang cấp tài khoản'}\n"
    path = _write(tmp_path, f"waivers:\n{good}{line}\n")
    r = run_cli("audit", "district", "--source", str(district), *MONTH, "--waivers", str(path), "--no-record")
    assert r.code == 2, r.err
    assert f"{path}:3" in r.err and f"waivers.1.{field}" in r.err and wrong in r.err
    if field == "school":
        assert "thcs-ai-mo" in r.err.replace(wrong, "")  # did you mean …


def test_waivers_expired_or_ending_soon_are_shown_in_every_format(run_cli, district: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, WAIVERS)
    out = tmp_path / "report.json"
    r = run_cli(
        "audit", "school", "thcs-ai-mo", "--source", str(district), *MONTH, "--waivers", str(path), "-o", str(out),
    )  # fmt: skip
    assert r.code in (0, 1), r.err
    report = json.loads(out.read_text(encoding="utf-8"))
    notices = {n["rule"]: n for n in report["scoring"]["waiver_notices"]}
    assert notices["INF-COMPUTERS-WORKING"]["kind"] == "expired"
    assert notices["ROOM-USAGE-LOG"]["kind"] == "expiring" and "15 ngày" in notices["ROOM-USAGE-LOG"]["text"]
    assert "PORTAL-INTRO" not in notices  # four months away: no warning yet
    # and the cron log says so too
    assert "INF-COMPUTERS-WORKING" in r.err and "ROOM-USAGE-LOG" in r.err

    for fmt in FORMATS:
        data = render(report, "school", fmt, "vi")  # what -o writes for that format
        if isinstance(data, bytes):
            book = load_workbook(io.BytesIO(data), read_only=True)
            data = "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row)
        for rule in ("INF-COMPUTERS-WORKING", "ROOM-USAGE-LOG"):
            assert notices[rule]["text"] in data, (fmt, rule)


def test_a_waiver_without_an_end_date_says_so(run_cli, district: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, "waivers:\n  - {school: thcs-ai-mo, rule: PORTAL-INTRO, reason: 'Đang cấp tài khoản'}\n")
    r = run_cli(
        "audit", "school", "thcs-ai-mo", "--source", str(district), *MONTH, "--waivers", str(path), "--format", "json",
    )  # fmt: skip
    rule = next(x for x in json.loads(r.out)["rules"] if x["id"] == "PORTAL-INTRO")
    assert rule["status"] == "waived" and "(không thời hạn)" in rule["note"] and "(đến )" not in rule["note"]
