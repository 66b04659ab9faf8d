"""Issue 17: one option vocabulary, validated before any school is read; env defaults; cron logs
that say what failed; history that keeps single-school runs apart from district runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

MONTH = ("--month", "2017-01")


def test_every_audit_command_takes_the_shared_options(run_cli) -> None:
    for cmd in (("audit", "school"), ("audit", "district")):
        r = run_cli(*cmd, "--help")
        for opt in ("--output", "-o", "--quiet", "--log-file", "--profile", "--lang", "--plan", "--fail-under"):
            assert opt in r.out, (cmd, opt)


def test_bad_options_fail_before_any_school_is_read(run_cli, district: Path, tmp_path: Path) -> None:
    shutil.rmtree(district / "th-ai-mo-a")  # would be a located school error if schools were read
    base = ("audit", "district", "--source", str(district), *MONTH)
    xlsx = run_cli(*base, "--format", "xlsx")
    assert xlsx.code == 2 and "--output" in xlsx.err
    bad_history = tmp_path / "h.sqlite"
    bad_history.write_text("not a database", encoding="utf-8")
    h = run_cli(*base, "--history", str(bad_history))
    assert h.code == 2 and "SQLite" in h.err
    as_file = run_cli("audit", "district", "--source", str(district / "roster.yaml"), *MONTH)
    assert as_file.code == 2 and "--roster" in as_file.err
    level = run_cli("audit", "school", "thcs-ai-mo", "--source", str(district), *MONTH, "--level", "TH")
    assert level.code == 2 and "--level" in level.err
    for r in (xlsx, h, as_file, level):
        assert r.out == ""


def test_environment_defaults_for_language_source_and_format(
    run_cli, district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ELSCHOOL_AUDIT_SOURCE", str(district))
    monkeypatch.setenv("ELSCHOOL_AUDIT_LANG", "en")
    monkeypatch.setenv("ELSCHOOL_AUDIT_FORMAT", "json")
    r = run_cli("audit", "school", "thcs-ai-mo", *MONTH)
    report = json.loads(r.out)
    assert report["school"]["id"] == "thcs-ai-mo"
    assert report["verdict"] in ("Meets the standard", "Below the standard")


def test_profile_on_district_applies_to_every_school(run_cli, district: Path) -> None:
    base = ("audit", "district", "--source", str(district), *MONTH, "--no-record", "--format", "json")
    full = json.loads(run_cli(*base, "--profile", "full").out)
    assert {s["school"]["profile"] for s in full["schools"]} == {"full"}


def test_school_quiet_and_log_file(run_cli, district: Path, tmp_path: Path) -> None:
    log = tmp_path / "audit.log"
    r = run_cli("audit", "school", "thcs-ai-mo", "--source", str(district), *MONTH, "-q", "--log-file", str(log))
    assert len(r.out.strip().splitlines()) == 1 and "thcs-ai-mo" in r.out
    assert log.is_file()


def test_cron_log_names_every_school_error_and_agrees_with_the_summary(run_cli, district: Path, tmp_path: Path) -> None:
    for school in ("th-ai-mo-a", "mn-hoa-sua"):
        shutil.rmtree(district / school)
    log = tmp_path / "audit.log"
    r = run_cli("audit", "district", "--source", str(district), *MONTH, "--no-record", "-q", "--log-file", str(log))
    text = log.read_text(encoding="utf-8")
    assert "th-ai-mo-a" in text and "mn-hoa-sua" in text
    assert "không tìm thấy thư mục" in text
    summary = r.out.strip().split(": ", 1)[1]
    assert summary in text  # the same words in the log as on stdout
    assert "2 không kiểm tra được" in summary


def test_dry_run_mails_are_logged(run_cli, district: Path, tmp_path: Path) -> None:
    log = tmp_path / "audit.log"
    outbox = tmp_path / "outbox"
    run_cli(
        "audit", "district", "--source", str(district), *MONTH, "--email", "--dry-run", "--outbox", str(outbox),
        "-q", "--log-file", str(log),
    )  # fmt: skip
    text = log.read_text(encoding="utf-8")
    written = sorted(outbox.glob("*.eml"))
    assert written
    for path in written:
        assert path.name in text


def test_single_school_runs_never_masquerade_as_district_runs(run_cli, district: Path) -> None:
    run_cli("audit", "district", "--source", str(district), "--month", "2016-12", "-q")
    run_cli("audit", "district", "--source", str(district), "--month", "2017-01", "-q")
    run_cli("audit", "school", "thcs-ai-mo", "--source", str(district), "--month", "2017-01", "--record")
    hist = json.loads(run_cli("history", "--format", "json").out)
    assert [r["scope"] for r in hist] == ["district", "district", "school"]
    diff = json.loads(run_cli("diff", "--format", "json").out)
    assert not diff["removed"]  # five schools are not "gone"
    assert diff["before"]["as_of"] < diff["after"]["as_of"]


def test_re_running_an_older_month_compares_only_with_earlier_months(run_cli, district: Path) -> None:
    for month in ("2016-11", "2017-01", "2016-12"):
        run_cli("audit", "district", "--source", str(district), "--month", month, "-q")
    diff = json.loads(run_cli("diff", "--format", "json").out)
    assert diff["after"]["month"] == "2016-12" and diff["before"]["month"] == "2016-11"


def test_completion_is_offered(run_cli) -> None:
    r = run_cli("--help")
    assert "--install-completion" in r.out
