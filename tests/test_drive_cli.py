"""`--source drive`, `auth check` and `cache clear` as a district IT officer runs them.

The real console entry point runs in-process on real files in tmp_path; every Google call goes
over real HTTP to the loopback fake, with the cache and config dirs in tmp_path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliResult
from tests.fakegoogle import FakeGoogle, ServiceAccount
from tests.fakegoogle.district import isolate_env, mirror_district, sheets_reads, write_roster


@pytest.fixture
def samples(district: Path) -> Path:
    """A private copy of the sample district: the bundled one may be regenerated while tests run."""
    return district


MONTH = "2017-01"
RunCli = Callable[..., CliResult]


@pytest.fixture
def cache_dir(
    monkeypatch: pytest.MonkeyPatch, fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path
) -> Path:
    return isolate_env(monkeypatch, fake_google, service_account_file, tmp_path)


def _comparable(node: Any) -> Any:
    """A report without what legitimately differs between sources: where it came from and links.

    Native Google Sheets have no ``.xlsx`` in their name, so file names are compared without it.
    """
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("source", "link", "trend"):  # trend: both runs are recorded in the same history
                continue
            if key == "file" and isinstance(value, str):
                value = re.sub(r"\.xlsx$", "", value)
            out[key] = _comparable(value)
        return out
    if isinstance(node, list):
        return [_comparable(v) for v in node]
    return node


def _report(run_cli: RunCli, out: Path, *args: str) -> tuple[CliResult, dict[str, Any]]:
    result = run_cli("audit", "district", "--month", MONTH, "-o", str(out), *args)
    return result, json.loads(out.read_text(encoding="utf-8"))


def test_district_from_drive_scores_exactly_like_the_local_folder(
    run_cli: RunCli, fake_google: FakeGoogle, cache_dir: Path, tmp_path: Path, samples: Path
) -> None:
    district = mirror_district(fake_google, samples)
    local_run, local = _report(run_cli, tmp_path / "local.json", "--source", str(samples))
    fake_google.reset_counts()
    drive_run, drive = _report(
        run_cli, tmp_path / "drive.json", "--source", "drive", "--roster", str(district.roster_path)
    )
    assert drive_run.code == local_run.code, drive_run.err
    assert _comparable(drive) == _comparable(local)
    assert all(s["error"] is None for s in drive["schools"])
    assert drive["schools"][0]["school"]["source"].startswith("https://drive.google.com/drive/folders/")
    links = [f["link"] for s in drive["schools"] for r in s["rules"] for f in r["findings"] if f["link"]]
    assert links and all(link.startswith("https://") for link in links)
    # a data problem in a tab points at its Drive file too; the local report's have no link
    problems = [p for s in drive["schools"] for p in s["problems"] if p["tab"]]
    assert problems and all(p["link"].startswith("https://") for p in problems)
    assert all("link" not in p for s in local["schools"] for p in s["problems"])

    cold = dict(fake_google.calls)
    # Six school folders on one level: one files.list for the district (≤ 1 per 20 folders per
    # level), and the six folder checks in one batch request.
    assert cold["drive.files.list"] == 1
    assert cold["drive.batch"] == 1 and cold["drive.files.get"] == 6
    # Native Sheets are exported as .xlsx through Drive: no Sheets API read at all.
    assert sheets_reads(fake_google) == 0
    assert cold["drive.files.export"] == sum(district.sheets.values())
    assert cold["drive.files.get_media"] == sum(district.uploads.values())

    fake_google.reset_counts()
    warm_run, warm = _report(
        run_cli, tmp_path / "warm.json", "--source", "drive", "--roster", str(district.roster_path)
    )
    assert warm_run.code == drive_run.code
    assert _comparable(warm) == _comparable(drive)
    warm_calls = {op: n for op, n in fake_google.calls.items() if op != "token"}
    assert warm_calls == {"drive.batch": 1, "drive.files.get": 6, "drive.files.list": 1}  # listing only

    fake_google.reset_counts()
    run_cli(
        "audit", "district", "--month", MONTH, "--source", "drive", "--roster", str(district.roster_path),
        "--format", "json", "--no-cache",
    )  # fmt: skip
    assert fake_google.calls["drive.files.export"] == sum(district.sheets.values())
    assert fake_google.write_attempts == []


def test_unreadable_schools_are_errors_with_the_reason_others_are_audited_exit_2(
    run_cli: RunCli,
    fake_google: FakeGoogle,
    cache_dir: Path,
    tmp_path: Path,
    no_backoff: list[float],
    service_account: ServiceAccount,
    samples: Path,
) -> None:
    district = mirror_district(fake_google, samples)
    fake_google.unshare(district.folders["mn-hoa-sua"])  # the school never shared its folder
    fake_google.inject(district.folders["thcs-ai-mo"], 403, times=None, reason="forbidden")
    result, report = _report(run_cli, tmp_path / "r.json", "--source", "drive", "--roster", str(district.roster_path))
    assert result.code == 2
    by_id = {s["school"]["id"]: s for s in report["schools"]}
    assert "chưa chia sẻ cho " + service_account.email in by_id["mn-hoa-sua"]["error"]
    assert "không có quyền" in by_id["thcs-ai-mo"]["error"] and "HTTP 403" in by_id["thcs-ai-mo"]["error"]
    audited = [sid for sid, s in by_id.items() if s["error"] is None]
    assert audited == ["mn-phuc-dong", "th-do-thi-viet-hung", "th-ai-mo-a", "thcs-do-thi-viet-hung"]
    assert all(by_id[sid]["score"] is not None for sid in audited)
    assert no_backoff == []  # 403 forbidden / 404 are never retried
    assert fake_google.write_attempts == []


def test_drive_source_needs_a_roster(run_cli: RunCli, cache_dir: Path) -> None:
    result = run_cli("audit", "district", "--source", "drive", "--month", MONTH)
    assert result.code == 2
    assert "--roster" in result.err


def test_missing_credentials_stop_the_run_with_a_hint(
    run_cli: RunCli,
    fake_google: FakeGoogle,
    cache_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    samples: Path,
) -> None:
    district = mirror_district(fake_google, samples)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS")
    result = run_cli("audit", "district", "--source", "drive", "--roster", str(district.roster_path), "--month", MONTH)
    assert result.code == 2
    assert "GOOGLE_APPLICATION_CREDENTIALS" in result.err
    assert "Traceback" not in result.err


def test_auth_check_names_the_account_and_each_folder(
    run_cli: RunCli,
    fake_google: FakeGoogle,
    cache_dir: Path,
    tmp_path: Path,
    service_account: ServiceAccount,
    samples: Path,
) -> None:
    district = mirror_district(fake_google, samples)
    result = run_cli("auth", "check", "--roster", str(district.roster_path))
    assert result.code == 0, result.out + result.err
    assert service_account.email in result.out
    assert result.out.count("✓") == 6
    assert "6/6" in result.out
    assert sheets_reads(fake_google) == 0 and fake_google.calls["drive.files.get_media"] == 0

    fake_google.unshare(district.folders["th-ai-mo-a"])
    result = run_cli("auth", "check", "--roster", str(district.roster_path))
    assert result.code == 2
    assert "✗ th-ai-mo-a" in result.out and "chưa chia sẻ cho" in result.out
    assert "5/6" in result.out
    assert fake_google.write_attempts == []


def test_auth_check_with_a_district_root_reports_unmatched_folders_and_schools(
    run_cli: RunCli, fake_google: FakeGoogle, cache_dir: Path, tmp_path: Path, samples: Path
) -> None:
    root = fake_google.add_folder("Long Biên")
    for name in ("Trường Mầm non Phúc Đồng", "MAM NON HOA SUA", "Tiểu học Đô thị Việt Hưng", "th-ai-mo-a"):
        fake_google.add_folder(name, root)
    fake_google.add_folder("THCS Ai Mo", root)
    fake_google.add_folder("Ảnh hoạt động", root)
    roster = write_roster(
        tmp_path / "roster.yaml", drive_root=f"https://drive.google.com/drive/folders/{root}", samples=samples
    )
    result = run_cli("auth", "check", "--roster", str(roster))
    assert result.code == 2
    assert "Long Biên" in result.out
    assert result.out.count("✓") == 5
    assert "✗ thcs-do-thi-viet-hung" in result.out
    assert "Ảnh hoạt động" in result.out  # a folder matching no school
    assert "5/6" in result.out


def test_cache_clear_empties_the_cache_dir(
    run_cli: RunCli, fake_google: FakeGoogle, cache_dir: Path, tmp_path: Path, samples: Path
) -> None:
    district = mirror_district(fake_google, samples)
    run_cli("audit", "school", "mn-phuc-dong", "--source", "drive", "--roster", str(district.roster_path),
            "--month", MONTH, "--format", "json")  # fmt: skip
    cached = [p for p in cache_dir.rglob("*") if p.is_file()]
    assert len(cached) == district.sheets["mn-phuc-dong"] + district.uploads["mn-phuc-dong"]
    result = run_cli("cache", "clear")
    assert result.code == 0
    assert f"{len(cached)} tệp" in result.out
    assert not [p for p in cache_dir.rglob("*") if p.is_file()]
    assert run_cli("cache", "path").out.strip() == str(cache_dir)


def test_auth_check_and_cache_clear_speak_one_language(
    run_cli: RunCli, fake_google: FakeGoogle, cache_dir: Path, service_account: ServiceAccount, samples: Path
) -> None:
    """Issue 12: the lines these commands print come from the catalogue, in the language asked for."""
    district = mirror_district(fake_google, samples)
    vi = run_cli("auth", "check", "--roster", str(district.roster_path))
    en = run_cli("auth", "check", "--roster", str(district.roster_path), "--lang", "en")
    assert vi.code == 0 and en.code == 0, vi.err + en.err
    assert f"Tài khoản: {service_account.email}" in vi.out and "6/6 thư mục đọc được" in vi.out
    assert f"Account: {service_account.email}" in en.out and "6/6 folders readable" in en.out
    assert "Account" not in vi.out and "thư mục" not in en.out
    cleared_vi = run_cli("cache", "clear").out
    cleared_en = run_cli("cache", "clear", "--lang", "en").out
    assert cleared_vi.startswith("Đã xoá 0 tệp (0 KB)") and "removed" not in cleared_vi
    assert cleared_en.startswith("Removed 0 files (0 KB)") and "tệp" not in cleared_en
