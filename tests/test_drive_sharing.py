"""``--sharing``: which school files anyone with the link, a whole domain or an outside account can
open, against the fake Google serving link-shared, discoverable, domain-shared and user-shared files
— as a Viewer sees it (visibility query terms only, and says what it cannot see) and as a sharer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import yaml

from elschool_audit.results import DataProblem
from elschool_audit.roster import load_roster
from tests.conftest import CliResult
from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.district import isolate_env, source_for, write_roster

SCHOOL = "th-ai-mo-a"
DOMAIN = "pgdlongbien.edu.vn"


def _school_in_drive(fake: FakeGoogle, district: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """One school folder: the staff directory link-shared, a sub-folder shared with the district's
    domain, a student list discoverable on the web, the inventory shared with another domain and an
    outside account; the other books private."""
    folder = fake.mirror_directory(district / SCHOOL, None, convert_xlsx=True)
    ids = {f.name: f.id for f in fake.files.values() if folder in f.parents}
    sub = fake.add_folder("Lop 5A", folder)
    ids["Danh sach hoc sinh lop 5A.pdf"] = fake.add_file(
        "Danh sach hoc sinh lop 5A.pdf", sub, b"%PDF-1.4", "application/pdf"
    )
    ids["Lop 5A"] = sub
    fake.share(ids["Danh ba CBGV"], "anyone")
    fake.share(sub, "domain", domain=DOMAIN)
    fake.share(ids["Danh sach hoc sinh lop 5A.pdf"], "anyone", discoverable=True)
    fake.share(ids["Danh muc thiet bi CNTT"], "domain", domain="gmail-clone.example")
    fake.share(ids["Danh muc thiet bi CNTT"], "user", email="ban.phu.huynh@gmail.com", role="writer")
    raw = yaml.safe_load(write_roster(tmp_path / "roster.yaml", folders={SCHOOL: folder}, samples=district).read_text())
    raw["domain"] = DOMAIN
    raw["schools"] = [s for s in raw["schools"] if s["id"] == SCHOOL]
    roster_path = tmp_path / "roster.yaml"
    roster_path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return roster_path, ids


def _shared(problems: list[DataProblem]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for p in problems:
        if p.code == "drive_shared":
            out.setdefault(p.params["file"], []).append((p.severity, p.params["how_en"]))
    return out


def test_a_viewer_sees_link_and_domain_sharing_and_says_what_it_cannot_see(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, district: Path
) -> None:
    roster_path, ids = _school_in_drive(fake_google, district, tmp_path)
    roster = load_roster(roster_path)
    drive = source_for(fake_google, service_account_file, roster, use_cache=False, sharing=True)
    drive.prepare(roster.schools)
    problems = drive.collect(roster.schools[0]).problems
    shared = _shared(problems)
    assert shared == {
        "Danh ba CBGV": [("warning", "anyone with the link can open it")],  # phones and e-mails
        "Lop 5A": [("note", "a whole domain can open it with the link")],  # which domain: hidden
        "Lop 5A/Danh sach hoc sinh lop 5A.pdf": [("warning", "anyone on the Internet can find and open it")],
        "Danh muc thiet bi CNTT": [("note", "a whole domain can open it with the link")],
    }
    link = next(p for p in problems if p.params.get("file") == "Danh ba CBGV").params["link"]
    assert link.startswith("https://docs.google.com/spreadsheets/d/" + ids["Danh ba CBGV"])
    limited = [p for p in problems if p.code == "drive_sharing_limited"]
    assert len(limited) == 1 and limited[0].params["count"] == limited[0].params["total"] == 13
    # the outside account's share is invisible to a viewer: never reported as "not shared"
    assert not any("gmail.com" in str(p.params) for p in problems)
    # one visibility query per term for the school's two folders, on top of the listing
    assert fake_google.calls["drive.files.list"] == 2 + 4
    assert fake_google.write_attempts == []


def test_a_sharer_also_sees_which_domain_and_outside_accounts(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, district: Path
) -> None:
    roster_path, _ = _school_in_drive(fake_google, district, tmp_path)
    fake_google.can_share = True
    roster = load_roster(roster_path)
    drive = source_for(fake_google, service_account_file, roster, use_cache=False, sharing=True)
    drive.prepare(roster.schools)
    problems = drive.collect(roster.schools[0]).problems
    shared = _shared(problems)
    assert "Lop 5A" not in shared  # the district's own domain is where the books belong
    assert shared["Danh muc thiet bi CNTT"] == [
        ("note", "shared with the whole domain gmail-clone.example"),
        ("note", "shared with an account outside the district: ban.phu.huynh@gmail.com"),
    ]
    assert shared["Danh ba CBGV"] == [("warning", "anyone with the link can open it")]
    limited = next(p for p in problems if p.code == "drive_sharing_limited")
    assert limited.params["count"] == 0


def test_without_sharing_no_visibility_query_and_no_sharing_problem(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, district: Path
) -> None:
    roster_path, _ = _school_in_drive(fake_google, district, tmp_path)
    roster = load_roster(roster_path)
    drive = source_for(fake_google, service_account_file, roster, use_cache=False)
    drive.prepare(roster.schools)
    problems = drive.collect(roster.schools[0]).problems
    assert not [p for p in problems if p.code.startswith("drive_shar")]
    assert fake_google.calls["drive.files.list"] == 2


def test_audit_district_sharing_reports_the_files_in_every_format(
    run_cli: Callable[..., CliResult],
    fake_google: FakeGoogle,
    service_account_file: Path,
    tmp_path: Path,
    district: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    roster_path, ids = _school_in_drive(fake_google, district, tmp_path)
    isolate_env(monkeypatch, fake_google, service_account_file, tmp_path)
    base = ["audit", "district", "--source", "drive", "--roster", str(roster_path), "--month", "2017-01"]
    for fmt in ("md", "json", "html", "xlsx", "txt"):
        out = tmp_path / f"report.{fmt}"
        result = run_cli(*base, "--sharing", "--no-record", "--lang", "en", "-o", str(out))
        assert result.code in (0, 1), result.err
        if fmt == "xlsx":
            book = openpyxl.load_workbook(out)
            text = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row)
        else:
            text = " ".join(out.read_text(encoding="utf-8").split())  # the table wraps long lines
        assert "anyone with the link can open it" in text, fmt
        assert "Not seeing a share does not mean the file is not shared" in text, fmt
        if fmt in ("json", "html"):
            assert ids["Danh ba CBGV"] in text, fmt  # the file's link
        if fmt == "json":
            schema = json.loads((Path(__file__).parent.parent / "docs" / "report-schema.json").read_text("utf-8"))
            report = json.loads(out.read_text(encoding="utf-8"))
            jsonschema.Draft202012Validator(schema).validate(report)
            assert report["sharing"][0]["severity"] == "warning"  # personal data first
    refused = run_cli("audit", "district", "--source", str(district), "--sharing", "--month", "2017-01")
    assert refused.code == 2 and "--sharing" in refused.err
