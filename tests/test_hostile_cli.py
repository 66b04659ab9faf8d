"""The report is always written, exit codes mean what they say, unreadable is never empty (issue 15).

Through the real console-script entry point on a copy of the sample district.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from elschool_audit.sources.cache import CacheKey, DriveCache
from tests.hostile import ESCAPES, control_chars

Run = Callable[..., Any]
TWO = ["--school", "mn-hoa-sua", "--school", "mn-phuc-dong"]


def _district(run_cli: Run, district: Path, *args: str) -> Any:
    return run_cli("audit", "district", "--source", str(district), "--month", "2017-01", *TWO, *args)


# ---- the report is always written ----------------------------------------------------------


def test_a_broken_history_still_writes_the_report_then_fails_on_its_own(
    run_cli: Run, district: Path, tmp_path: Path
) -> None:
    history = tmp_path / "history.sqlite"
    history.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))  # a partly corrupt database
    report = tmp_path / "report.json"
    r = _district(run_cli, district, "--history", str(history), "-o", str(report))
    assert r.code == 2, r.err
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["total"] == 2
    assert "history" in r.err


def test_a_history_that_cannot_be_a_database_is_refused_before_any_school_is_read(
    run_cli: Run, district: Path, tmp_path: Path
) -> None:
    """A folder given as --history is a bad option (issue 17): refused at once, not after the audit."""
    history = tmp_path / "history.sqlite"
    history.mkdir()
    report = tmp_path / "report.json"
    r = _district(run_cli, district, "--history", str(history), "-o", str(report))
    assert r.code == 2, r.err
    assert not report.exists()
    assert "history" in r.err


def test_quiet_never_suppresses_output(run_cli: Run, district: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    r = _district(run_cli, district, "--no-record", "-q", "-o", str(report))
    assert r.code == 1
    assert report.read_text(encoding="utf-8").startswith("<!")
    assert len(r.out.strip().splitlines()) == 1


def test_output_refuses_a_symlink_and_keeps_its_target(run_cli: Run, district: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "report.json"
    link.symlink_to(target)
    r = _district(run_cli, district, "--no-record", "-o", str(link))
    assert r.code == 2
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me"
    assert "không phải tệp thông thường" in r.err


def test_output_refuses_a_device(run_cli: Run, district: Path) -> None:
    r = _district(run_cli, district, "--no-record", "-o", os.devnull, "--format", "json")
    assert r.code == 2
    assert Path(os.devnull).exists() and stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_rewriting_a_private_report_keeps_it_private(run_cli: Run, district: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("{}", encoding="utf-8")
    report.chmod(0o600)
    r = _district(run_cli, district, "--no-record", "-o", str(report))
    assert r.code == 1
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["total"] == 2


@pytest.mark.parametrize("debug", [False, True])
def test_exit_codes_are_the_same_with_debug(run_cli: Run, tmp_path: Path, debug: bool) -> None:
    flags = ["--debug"] if debug else []
    r = run_cli(*flags, "audit", "district", "--source", str(tmp_path / "[bold]nowhere"), "--month", "2017-01")
    assert r.code == 2
    assert "[bold]nowhere" in r.err  # a path is shown, never read as markup
    assert ("Traceback" in r.err) is debug


def test_an_internal_error_message_never_carries_escapes_or_markup(
    run_cli: Run, district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import elschool_audit.audit as audit_lib  # the command imports it when it runs

    def boom(*args: object, **kw: object) -> None:
        raise RuntimeError(f"[bold red]boom{ESCAPES}")

    monkeypatch.setattr(audit_lib, "audit_district", boom)
    r = _district(run_cli, district, "--no-record")
    assert r.code == 3
    assert "[bold red]boom" in r.err
    assert "\x1b" not in r.err and "\x07" not in r.err


# ---- terminal output ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_school_text_never_reaches_the_terminal_as_escapes(run_cli: Run, tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "[bold]truong"
    shutil.copytree(Path(__file__).resolve().parents[1] / "sample_sheets" / "mn-hoa-sua", folder)
    control_chars(folder)
    r = run_cli("audit", "school", str(folder), "--level", "MN", "--month", "2017-01", "--format", fmt)
    assert r.code in (1, 2), r.err
    assert not {ch for ch in ESCAPES if not ch.isprintable()} & set(r.out + r.err)


def test_log_lines_never_carry_escapes_from_school_data(
    run_cli: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under cron the log goes to stderr and the cron mail. Library loggers quote school data as
    they find it (a Drive file's name, an SMTP server's reply): an escape sequence in it, or a
    newline that would forge a log line, reaches neither the terminal nor the log file."""
    import logging

    from elschool_audit.cli.runtime import setup_logging

    log_file = tmp_path / "audit.log"
    hostile = f"Sổ {ESCAPES}\nINFO gia mao"
    setup_logging(log_file)
    try:
        logging.getLogger("elschool_audit.sources.drive.reading").warning("đọc %s", hostile)
        try:
            raise ValueError(hostile)
        except ValueError:
            logging.getLogger("elschool_audit.notify.email").exception("gửi lỗi")
    finally:
        for handler in logging.getLogger("elschool_audit").handlers:
            handler.close()
    err, logged = capsys.readouterr().err, log_file.read_text(encoding="utf-8")
    for text in (err, logged):
        assert "đọc Sổ" in text and "gia mao" in text
        assert not {ch for ch in ESCAPES if not ch.isprintable()} & set(text)
        assert not any(line.startswith("INFO gia mao") for line in text.splitlines())


def test_a_school_folder_named_with_escapes_is_logged_as_one_printable_line(run_cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / f"truong{ESCAPES.replace('/', '')}\nINFO gia mao"
    shutil.copytree(Path(__file__).resolve().parents[1] / "sample_sheets" / "mn-hoa-sua", folder)
    (folder / f"hong{ESCAPES.replace('/', '')}\nINFO gia mao.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    log_file = tmp_path / "audit.log"
    r = run_cli(
        "audit", "school", str(folder), "--level", "MN", "--month", "2017-01", "-q", "--log-file", str(log_file)
    )
    logged = log_file.read_text(encoding="utf-8")
    assert "hong" in r.err and "hong" in logged  # the unreadable file is logged …
    for text in (r.err, logged):  # … as one printable line
        assert not {ch for ch in ESCAPES if not ch.isprintable()} & set(text)
        assert not any(line.startswith("INFO gia mao") for line in text.splitlines())


# ---- unreadable is not empty -----------------------------------------------------------------


def _deny(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Listing ``denied`` fails as it does without the read permission (tests may run as root,
    for whom chmod denies nothing)."""
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unlistable_school_folder_is_an_error_not_zero(
    run_cli: Run, district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _deny(monkeypatch, district / "mn-hoa-sua")
    report = tmp_path / "r.json"
    r = _district(run_cli, district, "--no-record", "-o", str(report))
    assert r.code == 2
    schools = {s["school"]["id"]: s for s in json.loads(report.read_text(encoding="utf-8"))["schools"]}
    assert schools["mn-hoa-sua"]["error"] and schools["mn-hoa-sua"]["score"] is None
    assert schools["mn-phuc-dong"]["score"] is not None


def test_an_unlistable_sub_folder_is_a_located_error(
    run_cli: Run, district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = district / "mn-hoa-sua" / "Lưu trữ"
    sub.mkdir()
    _deny(monkeypatch, sub)
    report = tmp_path / "r.json"
    r = _district(run_cli, district, "--no-record", "-o", str(report))
    assert r.code == 2
    school = next(
        s for s in json.loads(report.read_text(encoding="utf-8"))["schools"] if s["school"]["id"] == "mn-hoa-sua"
    )
    assert [p["file"] for p in school["problems"] if p["code"] == "file_unreadable"] == ["Lưu trữ"]


def test_special_files_are_skipped_with_a_note_and_never_opened(run_cli: Run, district: Path, tmp_path: Path) -> None:
    os.mkfifo(district / "mn-hoa-sua" / "Treo.xlsx")
    report = tmp_path / "r.json"
    started = time.monotonic()
    r = _district(run_cli, district, "--no-record", "-o", str(report))
    assert time.monotonic() - started < 120
    assert r.code == 1, r.err
    school = next(
        s for s in json.loads(report.read_text(encoding="utf-8"))["schools"] if s["school"]["id"] == "mn-hoa-sua"
    )
    assert [(p["code"], p["severity"], p["file"]) for p in school["problems"]] == [
        ("file_skipped", "note", "Treo.xlsx")
    ]


# ---- rosters, rubrics and waivers written by hand ----------------------------------------------

ALIAS_BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)),
    ]
)


@pytest.mark.parametrize(
    "text",
    [
        ALIAS_BOMB + "\ndistrict: x\nschools: [\n",  # and a syntax error to locate
        "district: x\nschools: " + "[" * 5000 + "]" * 5000 + "\n",
        "district: x\nschools: []\n? [a, b]\n: 1\n",
        "district: x\nschools:\n  " + ALIAS_BOMB.replace("\n", "\n  ") + "\n",
    ],
    ids=["alias-bomb-and-syntax-error", "deep-nesting", "unhashable-key", "alias-bomb-in-a-list"],
)
def test_hostile_yaml_is_a_located_error_in_bounded_time(run_cli: Run, tmp_path: Path, text: str) -> None:
    roster = tmp_path / "roster.yaml"
    roster.write_text(text, encoding="utf-8")
    started = time.monotonic()
    r = run_cli(
        "audit", "district", "--roster", str(roster), "--source", str(tmp_path), "--no-record", "--month", "2017-01"
    )
    assert time.monotonic() - started < 10
    assert r.code == 2, r.err
    assert "roster.yaml" in r.err


# ---- the Drive cache -------------------------------------------------------------------------


def test_an_edited_cache_entry_is_discarded_and_read_again(tmp_path: Path) -> None:
    cache = DriveCache(tmp_path)
    key = CacheKey("1sheet", "3")
    cache.put_json(key, [{"title": "A", "hidden": False, "values": [["79.35"]]}])
    path = next(cache.dir.iterdir())
    path.write_bytes(path.read_bytes().replace(b"79.35", b"82.61"))  # valid JSON, edited by hand
    assert cache.get_json(key) is None
    assert not path.exists()


def test_a_cache_entry_of_the_wrong_shape_is_a_miss(tmp_path: Path) -> None:
    cache = DriveCache(tmp_path)
    key = CacheKey("1sheet", "3")
    cache.put_json(key, {"not": "a list of tabs"})  # a checksum that matches, a shape that does not
    assert cache.get_json(key) is None


def test_a_fifo_in_the_cache_is_never_opened_for_long(tmp_path: Path) -> None:
    cache = DriveCache(tmp_path)
    key = CacheKey("1abc", "8", "8d777f385d3dfec8815d20f7496026dc")
    cache.dir.mkdir(parents=True)
    os.mkfifo(cache.dir / (key.stem() + ".bin"))
    started = time.monotonic()
    assert cache.get_bytes(key) is None
    assert time.monotonic() - started < 5
    cache.put_bytes(key, b"data")
    assert cache.get_bytes(key) == b"data"
