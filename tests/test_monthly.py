"""The monthly cron run: history, diff, e-mail to a real SMTP server on loopback, lock, quiet output."""

from __future__ import annotations

import io
import json
import sqlite3
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from elschool_audit.history import MIGRATIONS, HistoryStore
from elschool_audit.locking import run_lock
from elschool_audit.notify.email import build_message, header_safe
from tests.smtpserver import SmtpServer

DISTRICT_TO = "congnghe@pgdlongbien.edu.vn"


def _roster(district: Path) -> dict:
    return yaml.safe_load((district / "roster.yaml").read_text(encoding="utf-8"))


def _run(run_cli, district: Path, history: Path, *extra: str):
    return run_cli(
        "audit", "district", "--source", str(district), "--month", "2017-01", "--history", str(history), *extra
    )


def _html(msg: EmailMessage) -> str:
    part = msg.get_body(("html",))
    assert part is not None
    return str(part.get_content())


def test_each_school_and_the_district_get_their_mail(run_cli, district: Path, tmp_path: Path, smtp_server: SmtpServer):
    r = _run(run_cli, district, tmp_path / "h.sqlite", "--email", "--email-to", DISTRICT_TO, "-q")
    assert r.code in (0, 1), r.err
    schools = _roster(district)["schools"]
    assert len(smtp_server.handler.messages) == len(schools) + 1
    for school in schools:
        (msg,) = smtp_server.handler.to(school["email"])
        assert "tháng 01/2017" in msg["Subject"] and school["name"] in msg["Subject"]
        assert school["name"] in _html(msg)
        (xlsx,) = [a for a in msg.iter_attachments() if a.get_filename().endswith(".xlsx")]
        book = openpyxl.load_workbook(io.BytesIO(xlsx.get_content()))
        assert len(book.sheetnames) >= 2
        assert msg.get_body(("plain",)) is not None
    (summary,) = smtp_server.handler.to(DISTRICT_TO)
    assert "Tổng hợp" in summary["Subject"]
    names = sorted(a.get_filename() for a in summary.iter_attachments())
    assert names == ["district-2017-01-findings.csv", "district-2017-01.html", "district-2017-01.xlsx"]
    assert "Thay đổi so với tháng trước" in _html(summary)
    # the one-line summary for cron
    assert r.out.count("\n") == 1 and "trường đã kiểm tra" in r.out


def test_a_month_is_not_mailed_twice_without_force(run_cli, district: Path, tmp_path: Path, smtp_server: SmtpServer):
    history = tmp_path / "h.sqlite"
    _run(run_cli, district, history, "--email", "--email-to", DISTRICT_TO, "-q")
    first = len(smtp_server.handler.messages)
    _run(run_cli, district, history, "--email", "--email-to", DISTRICT_TO, "-q")
    assert len(smtp_server.handler.messages) == first
    _run(run_cli, district, history, "--email", "--email-to", DISTRICT_TO, "-q", "--force")
    assert len(smtp_server.handler.messages) == 2 * first


def test_a_refused_school_is_retried_reported_and_the_others_still_sent(
    run_cli, district: Path, tmp_path: Path, smtp_server: SmtpServer
):
    schools = _roster(district)["schools"]
    flaky, gone = schools[0]["email"], schools[1]["email"]
    smtp_server.handler.refuse[flaky.lower()] = "451 4.3.0 Mailbox busy, try later"
    smtp_server.handler.refuse[gone.lower()] = "550 5.1.1 No such user"
    r = _run(run_cli, district, tmp_path / "h.sqlite", "--email", "-q")
    assert r.code == 2
    assert smtp_server.handler.rcpt_attempts[flaky.lower()] == 3  # bounded retries on a temporary refusal
    assert smtp_server.handler.rcpt_attempts[gone.lower()] == 1  # no retry on a permanent one
    assert len(smtp_server.handler.messages) == len(schools) - 2
    assert schools[0]["id"] in r.err and schools[1]["id"] in r.err
    # the refused schools were not marked as sent: a rerun tries them again
    smtp_server.handler.refuse.clear()
    again = _run(run_cli, district, tmp_path / "h.sqlite", "--email", "-q")
    assert again.code in (0, 1)
    assert len(smtp_server.handler.messages) == len(schools)


def test_dry_run_writes_eml_files_and_sends_nothing(run_cli, district: Path, tmp_path: Path, smtp_server: SmtpServer):
    outbox = tmp_path / "outbox"
    r = _run(run_cli, district, tmp_path / "h.sqlite", "--email", "--email-to", DISTRICT_TO, "--dry-run",
             "--outbox", str(outbox), "-q")  # fmt: skip
    assert r.code in (0, 1)
    assert smtp_server.handler.messages == []
    files = sorted(p.name for p in outbox.glob("*.eml"))
    assert "district-district.eml" in files and len(files) == len(_roster(district)["schools"]) + 1


def test_school_text_cannot_inject_headers(run_cli, district: Path, tmp_path: Path, smtp_server: SmtpServer) -> None:
    roster = _roster(district)
    roster["schools"][0]["name"] = "Trường Mầm non Phúc Đồng\r\nBcc: spy@example.com"
    (district / "roster.yaml").write_text(yaml.safe_dump(roster, allow_unicode=True), encoding="utf-8")
    _run(run_cli, district, tmp_path / "h.sqlite", "--email", "-q")
    for received in smtp_server.handler.messages:
        assert "spy@example.com" not in received.rcpt_tos
        assert received.message["Bcc"] is None
    msg = build_message("a@b.vn", ["c@d.vn"], "Tiêu đề\r\nBcc: x@y.z", "<p>x</p>", "x")
    assert msg["Bcc"] is None and "\n" not in msg["Subject"]
    assert header_safe("a\r\nb\x00c") == "a b c"


def test_history_and_diff_name_exactly_the_change(run_cli, district: Path, tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    first = _run(run_cli, district, history, "--format", "json")
    report = json.loads(first.out)
    # find a failing rule whose evidence is a device status cell, and repair those cells
    target = next(
        (school, rule)
        for school in report["schools"]
        for rule in school["rules"]
        if rule["status"] == "fail"
        and rule["findings"]
        and all(f.get("column", "") and "Tình trạng" in f["column"] and f.get("row") for f in rule["findings"])
    )
    school, rule = target
    finding = rule["findings"][0]
    path = district / school["school"]["id"] / finding["file"]
    book = openpyxl.load_workbook(path)
    sheet = book[finding["tab"]]
    letter = finding["column"].split(" ")[0]
    for f in rule["findings"]:
        sheet[f"{letter}{f['row']}"] = "Hoạt động tốt"
    book.save(path)
    _run(run_cli, district, history, "-q")

    listing = json.loads(run_cli("history", "--history", str(history), "--format", "json").out)
    assert [run["id"] for run in listing] == [1, 2]
    diff = json.loads(run_cli("diff", "--history", str(history), "--format", "json").out)
    assert [s["id"] for s in diff["schools"]] == [school["school"]["id"]]
    changed = diff["schools"][0]
    assert rule["id"] in changed["fixed"]
    assert changed["newly_failing"] == [] and changed["delta"] > 0
    table = run_cli("diff", "1", "2", "--history", str(history))
    assert rule["id"] in table.out
    per_school = run_cli("history", "--school", school["school"]["id"], "--history", str(history))
    assert "▲" in per_school.out


def test_an_error_while_recording_leaves_history_intact(run_cli, district: Path, tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    _run(run_cli, district, history, "-q")
    with HistoryStore.open(history) as store:
        before = store.conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
        rows_before = store.conn.execute("SELECT COUNT(*) FROM rule_results").fetchone()[0]
        from dataclasses import replace

        from elschool_audit.audit import audit_district
        from elschool_audit.roster import load_roster
        from elschool_audit.rubric.loader import load_rubric
        from elschool_audit.sources.local import LocalSource

        loaded = load_rubric(None)
        result = audit_district(
            loaded, load_roster(district), LocalSource(district), __import__("datetime").date(2017, 1, 31)
        )
        bad = list(result.schools)
        broken_rule = replace(bad[2].results[0], status="exploded")  # violates the CHECK constraint mid-run
        bad[2] = replace(bad[2], results=(broken_rule, *bad[2].results[1:]))
        with pytest.raises(sqlite3.IntegrityError):
            store.record(bad, as_of=result.as_of, month="2017-01", rubric_id="x", rubric_hash="y", source="s",
                         scope="district")  # fmt: skip
        assert store.conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == before
        assert store.conn.execute("SELECT COUNT(*) FROM rule_results").fetchone()[0] == rows_before
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # and the store is still usable afterwards
        store.record(result.schools, as_of=result.as_of, month="2017-01", rubric_id="x", rubric_hash="y",
                     source="s", scope="district")  # fmt: skip
        assert store.conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == before + 1


def test_an_old_database_is_migrated_and_a_newer_one_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute(
        "INSERT INTO runs (started_at, as_of, month, rubric_id, rubric_hash, source, scope, tool_version)"
        " VALUES ('2016-12-01T00:00:00', '2016-11-30', '2016-11', 'r', 'h', 's', 'district', '0.0.1')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with HistoryStore.open(path) as store:
        assert store.version == len(MIGRATIONS)
        assert [r.month for r in store.runs()] == ["2016-11"]
        assert not store.emailed("2016-11", "x@y.vn", "school")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    from elschool_audit.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        HistoryStore.open(path)
    assert "newer than this version" in err.value.text("en") and "mới hơn" in err.value.text("vi")


def test_two_runs_never_overlap(run_cli, district: Path, tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    with run_lock(history.with_name(history.name + ".lock")):
        r = _run(run_cli, district, history)
    assert r.code == 2
    assert "một lần chạy khác đang diễn ra" in r.err


def test_output_has_no_colour_codes_when_not_a_terminal(run_cli, district: Path, tmp_path: Path) -> None:
    r = _run(run_cli, district, tmp_path / "h.sqlite")
    assert "\x1b[" not in r.out and "\x1b[" not in r.err


def test_diff_needs_two_runs(run_cli, tmp_path: Path) -> None:
    r = run_cli("diff", "--history", str(tmp_path / "empty.sqlite"))
    assert r.code == 2 and "hai lần chạy" in r.err
    r = run_cli("diff", "--history", str(tmp_path / "empty.sqlite"), "--lang", "en")
    assert r.code == 2 and "two recorded district runs" in r.err


WORDS = ["Trường", "Tiểu", "học", "Đô", "thị", "Việt", "Hưng", "điện", "tử", "—", "01/2017", "(51.1%)", "ĐẠT"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_vietnamese_subjects_keep_their_spaces(words: list[str]) -> None:
    subject = " ".join(words)
    raw = build_message("a@b.vn", ["c@d.vn"], subject, "<p>x</p>", "x").as_bytes(policy=policy.SMTP)
    assert all(len(line) <= 78 for line in raw.split(b"\r\n\r\n")[0].split(b"\r\n"))
    assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject
    assert str(make_header(decode_header(message_from_bytes(raw, policy=policy.compat32)["Subject"]))) == subject


def test_audit_school_records_only_when_asked(run_cli, district: Path, tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    base = ["audit", "school", "thcs-ai-mo", "--source", str(district), "--month", "2017-01", "--history", str(history)]
    run_cli(*base)
    assert (
        not history.exists() or json.loads(run_cli("history", "--history", str(history), "--format", "json").out) == []
    )
    run_cli(*base, "--record")
    runs = json.loads(run_cli("history", "--history", str(history), "--format", "json").out)
    assert len(runs) == 1 and runs[0]["schools"] == 1 and runs[0]["month"] == "2017-01"


def test_recorded_runs_give_the_district_report_a_trend(run_cli, district: Path, tmp_path: Path) -> None:
    import jsonschema

    from tests.conftest import REPO

    history = tmp_path / "h.sqlite"
    for month in ("2016-11", "2016-12"):
        run_cli("audit", "district", "--source", str(district), "--month", month, "--history", str(history), "-q")
    r = run_cli("audit", "district", "--source", str(district), "--month", "2017-01", "--history", str(history),
                "--format", "json")  # fmt: skip
    report = json.loads(r.out)
    assert [p["period"] for p in report["trend"]] == ["2016-11", "2016-12", "2017-01"]
    schema = json.loads((REPO / "docs" / "report-schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    page = tmp_path / "d.html"
    run_cli("audit", "district", "--source", str(district), "--month", "2017-01", "--history", str(history),
            "-o", str(page))  # fmt: skip
    html = page.read_text(encoding="utf-8")
    assert "Diễn biến qua các tháng" in html and html.count("<svg") == 4
    # without history there is no trend (and no empty chart)
    r = run_cli("audit", "district", "--source", str(district), "--month", "2017-01", "--no-record", "--format", "json")
    assert "trend" not in json.loads(r.out)
