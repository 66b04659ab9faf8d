"""Issue 12: each command speaks the language asked for, and only that one.

`history`, `diff`, `rubric show | explain | check` and `sheets lint | template` used to build their
own bilingual tables or print "vi / en" pairs; their words now come from the catalogue. Each test
runs the real console entry point in Vietnamese and in English and checks both the words expected
and the absence of the other language's. (`auth check` and `cache clear` need the fake Google:
their two-language tests are in test_drive_cli.py.)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from elschool_audit.audit import audit_school
from elschool_audit.history import HistoryStore
from elschool_audit.roster import load_roster
from elschool_audit.rubric.loader import load_rubric
from elschool_audit.sources.local import LocalSource
from tests.conftest import CliResult

SAMPLES = Path(__file__).resolve().parents[1] / "sample_sheets"
RunCli = Callable[..., CliResult]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A history of two runs of one sample school: between them one rule got fixed, one newly
    failed, one newly could not be checked, a school joined and the rubric changed."""
    loaded = load_rubric(None)
    school = next(s for s in load_roster(SAMPLES).schools if s.id == "th-ai-mo-a")
    first = audit_school(loaded, school, LocalSource(SAMPLES), dt.date(2017, 1, 31))
    passing = [r for r in first.results if r.status == "pass"]
    failing = [r for r in first.results if r.status == "fail"]
    assert len(passing) >= 2 and failing
    flipped = {
        passing[0].rule_id: dataclasses.replace(passing[0], status="fail"),
        passing[1].rule_id: dataclasses.replace(passing[1], status="error"),
        failing[0].rule_id: dataclasses.replace(failing[0], status="pass"),
    }
    second = dataclasses.replace(first, results=tuple(flipped.get(r.rule_id, r) for r in first.results))
    newcomer = dataclasses.replace(first, school_id="th-moi", school_name="Trường Tiểu học Mới")
    path = tmp_path_factory.mktemp("history") / "h.sqlite"
    with HistoryStore.open(path) as store:
        common = {"month": "2017-01", "rubric_id": loaded.rubric.id, "source": "test", "scope": "district"}
        store.record([first], as_of=dt.date(2017, 1, 31), rubric_hash="aaaa", **common)  # type: ignore[arg-type]
        store.record([second, newcomer], as_of=dt.date(2017, 2, 28), rubric_hash="bbbb", **common)  # type: ignore[arg-type]
    return path


def test_history_in_both_languages(run_cli: RunCli, two_runs: Path) -> None:
    vi = run_cli("history", "--history", str(two_runs)).out
    en = run_cli("history", "--history", str(two_runs), "--lang", "en").out
    for word in ("Lần", "Tính đến", "Đạt chuẩn", "Điểm TB", "Toàn đơn vị"):
        assert word in vi
    for word in ("Run", "Started", "As of", "Schools", "Mean", "District"):
        assert word in en
    assert "Tính đến" not in en and "Điểm TB" not in en and "Mean" not in vi
    school_vi = run_cli("history", "--school", "th-ai-mo-a", "--history", str(two_runs)).out
    school_en = run_cli("history", "--school", "th-ai-mo-a", "--history", str(two_runs), "--lang", "en").out
    assert "Kết quả" in school_vi and ("Chưa đạt" in school_vi or "Đạt chuẩn" in school_vi)
    assert "Result" in school_en and ("Below" in school_en or "Meets" in school_en)
    assert "Kết quả" not in school_en and "Result" not in school_vi


def test_no_history_yet_in_both_languages(run_cli: RunCli, tmp_path: Path) -> None:
    assert "Chưa có lần chạy nào được ghi." in run_cli("history", "--history", str(tmp_path / "h.sqlite")).out
    en = run_cli("history", "--history", str(tmp_path / "h.sqlite"), "--lang", "en").out
    assert "No runs recorded yet." in en


def test_diff_in_both_languages(run_cli: RunCli, two_runs: Path) -> None:
    vi = run_cli("diff", "1", "2", "--history", str(two_runs)).out
    en = run_cli("diff", "1", "2", "--history", str(two_runs), "--lang", "en").out
    assert "So sánh lần 1 (2017-01-31) → 2 (2017-02-28)" in vi
    assert "Comparing run 1 (2017-01-31) → 2 (2017-02-28)" in en
    assert "Lưu ý: rubric khác nhau giữa hai lần chạy" in vi
    assert "Note: the rubric differs between the runs" in en
    assert "Mới không đạt" in vi and "Đã khắc phục" in vi and "(lỗi)" in vi
    assert "Newly failing" in en and "Fixed" in en and "(error)" in en
    assert "Trường mới: th-moi" in vi and "New schools: th-moi" in en
    assert "(error)" not in vi and "(lỗi)" not in en and "So sánh" not in en


def test_rubric_show_and_check_in_both_languages(run_cli: RunCli) -> None:
    vi = run_cli("rubric", "show").out
    en = run_cli("rubric", "show", "--lang", "en").out
    assert "TP = toàn phần, MP = một phần (A.5)" in vi and "Ngưỡng đạt chuẩn" in vi
    assert "of applicable points" in en and "toàn phần" not in en and "Ngưỡng" not in en
    assert "Không kiểm chứng được bằng hồ sơ:" in vi and "Not evidenced by records:" in en
    rubric = next((Path(__file__).resolve().parents[1] / "src").rglob("rubric.yaml"))
    check_vi = run_cli("rubric", "check", str(rubric))
    check_en = run_cli("rubric", "check", str(rubric), "--lang", "en")
    assert check_vi.code == 0 and check_en.code == 0, check_vi.err + check_en.err
    assert "tiêu chí," in check_vi.out and "yêu cầu không kiểm chứng được" in check_vi.out
    assert "rules," in check_en.out and "not evidenced" in check_en.out and "tiêu chí" not in check_en.out


def test_rubric_explain_in_both_languages(run_cli: RunCli) -> None:
    vi = run_cli("rubric", "explain", "INF-COMPUTERS-WORKING").out
    en = run_cli("rubric", "explain", "INF-COMPUTERS-WORKING", "--lang", "en").out
    assert "Mục:" in vi and "Áp dụng cho cấp:" in vi and "Kiểm tra:" in vi
    assert "Clause:" in en and "Levels:" in en and "Checks:" in en
    assert "Kiểm tra" not in en and "Checks" not in vi


def test_rubric_explain_of_an_unknown_rule_speaks_one_language(run_cli: RunCli) -> None:
    vi = run_cli("rubric", "explain", "INF-COMPUTERS-WORKNG")
    en = run_cli("rubric", "explain", "INF-COMPUTERS-WORKNG", "--lang", "en")
    assert vi.code == 2 and en.code == 2
    assert "Bộ tiêu chí không có tiêu chí INF-COMPUTERS-WORKNG; có phải" in vi.err and "did you mean" not in vi.err
    assert "No rule INF-COMPUTERS-WORKNG in the rubric; did you mean" in en.err and "có phải" not in en.err
    far = run_cli("rubric", "explain", "ZZZZ", "--lang", "en")
    assert "see the list: elschool-audit rubric show" in far.err


def test_sheets_lint_in_both_languages(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "truong"
    folder.mkdir()
    (folder / "thiet-bi.csv").write_text(
        "Mã thiết bị,Loại thiết bị,Phòng,Tình trạng\nPC-1,Máy tính,Phòng Tin học 1,xyz abc\n", encoding="utf-8"
    )
    vi = run_cli("sheets", "lint", str(folder))
    en = run_cli("sheets", "lint", str(folder), "--lang", "en")
    assert vi.code == 1 and en.code == 1
    assert "1 tệp; đã nhận:" in vi.out and "Cách sửa" in vi.out and "dòng 2" in vi.out and "1 vấn đề" in vi.out
    assert "1 files; recognised:" in en.out and "How to fix" in en.out and "row 2" in en.out
    assert "Sửa ô này thành" in vi.out and "Change this cell to" in en.out
    assert "Cách sửa" not in en.out and "How to fix" not in vi.out


def test_sheets_template_in_both_languages(run_cli: RunCli, tmp_path: Path) -> None:
    for lang, line, required in (("vi", "Trường: Ái Mộ", "Bắt buộc"), ("en", "School: Ái Mộ", "Required")):
        out = tmp_path / lang
        result = run_cli("sheets", "template", "--level", "MN", "-o", str(out), "--name", "Ái Mộ", "--lang", lang)
        assert result.code == 0, result.err
        book = load_workbook(next(out.glob("*.xlsx")))
        ws = book.worksheets[0]
        assert ws["A2"].value == line
        comments = [c.comment.text for c in ws[4] if c.comment is not None]
        assert any(required in text for text in comments)
        other = "Required" if lang == "vi" else "Bắt buộc"
        assert not any(other in text for text in comments)


@pytest.mark.parametrize(
    ("yaml_text", "vi", "en"),
    [
        (
            "tabs:\n  - tab: 'TB*'\n    kind: thiet_bi\n",
            "không có loại 'thiet_bi' (một trong:",
            "unknown kind 'thiet_bi' (one of:",
        ),
        ("version: 2\n", "chỉ hỗ trợ version: 1", "only version 1 is supported"),
        ("tabs:\n  - kind: devices\n    year: 1990\n", "năm 1990 không hợp lệ", "year 1990 is not plausible"),
        (
            "tabs:\n  - kind: devices\n    fixed: {nope: 1}\n",
            "«devices» không có cột 'nope'",
            "kind devices has no column 'nope'",
        ),
    ],
)
def test_a_mapping_files_own_checks_speak_one_language(yaml_text: str, vi: str, en: str) -> None:
    from elschool_audit.errors import ConfigError
    from elschool_audit.sheets.mapping import parse_mapping

    with pytest.raises(ConfigError) as info:
        parse_mapping(yaml_text, "elschool-audit.yaml")
    assert vi in info.value.text("vi") and en not in info.value.text("vi")
    assert en in info.value.text("en") and vi not in info.value.text("en")
    assert " / " not in info.value.text("vi")


def test_a_portal_profiles_bad_selector_speaks_one_language(tmp_path: Path) -> None:
    from elschool_audit.errors import ConfigError
    from elschool_audit.sources.portal_profile import load_profile

    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\nmenu: 'a[[['\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_profile(str(path))
    assert "'a[[[' không phải một bộ chọn CSS" in info.value.text("vi") and "not a CSS" not in info.value.text("vi")
    assert "not a CSS selector: 'a[[['" in info.value.text("en")


def test_why_a_school_could_not_be_read_follows_the_reports_language_not_the_runs(tmp_path: Path) -> None:
    """The reason is made while the run speaks Vietnamese; an English report still says it in English."""
    from elschool_audit.i18n import current_language, render
    from elschool_audit.roster import School

    assert current_language() == "vi"
    school = School(id="th-x", name="Trường X", level="TH")
    result = audit_school(load_rubric(None), school, LocalSource(tmp_path), dt.date(2017, 1, 31))
    assert result.error is not None
    vi, en = render(result.error, "vi"), render(result.error, "en")
    assert vi != en and "th-x" in en
    assert not any(ch in en for ch in "ưđơ"), en


def test_a_roster_validators_words_speak_one_language(tmp_path: Path) -> None:
    from elschool_audit.errors import ConfigError

    path = tmp_path / "roster.yaml"
    path.write_text("schools:\n- id: thcs-x\n  name: THCS X\n  level: THCS\n  clc: true\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_roster(path)
    assert "chỉ áp dụng cho trường tiểu học (TH)" in info.value.text("vi") and "applies" not in info.value.text("vi")
    assert "applies to primary (TH) schools only" in info.value.text("en")


def test_why_a_school_gets_no_mail_speaks_one_language() -> None:
    from elschool_audit.notify.monthly import monthly_messages

    reports = [({"school": {"id": "x"}, "error": "…"}, "x@example.org"), ({"school": {"id": "y"}}, None)]
    for lang, words in (("vi", ["không kiểm tra được", "chưa có e-mail trong roster"]),
                        ("en", ["could not be audited", "no e-mail in the roster"])):  # fmt: skip
        outgoing, unsendable = monthly_messages("a@example.org", reports, {}, [], None, "2017-01", lang)  # type: ignore[arg-type]
        assert outgoing == [] and unsendable == [("x", words[0]), ("y", words[1])]


def test_lang_before_the_command_is_not_undone_by_the_commands_default(run_cli: RunCli) -> None:
    school = str(SAMPLES / "th-ai-mo-a")
    en = run_cli("--lang", "en", "audit", "school", school, "--level", "TH", "--month", "2017-01", "--format", "md")
    assert "As of 31/01/2017" in en.out and "Tính đến ngày" not in en.out
    err = run_cli("--lang", "en", "rubric", "explain", "KHONG-CO")
    assert err.code == 2 and err.err.startswith("Error:") and "Lỗi" not in err.err
    vi = run_cli("--lang", "en", "rubric", "explain", "KHONG-CO", "--lang", "vi")  # the nearer one wins
    assert vi.err.startswith("Lỗi:")
    assert run_cli("rubric", "explain", "KHONG-CO").err.startswith("Lỗi:")  # Vietnamese by default


def test_status_lines_keep_a_long_bracketed_path_whole(run_cli: RunCli, tmp_path: Path) -> None:
    """A cron log is read line by line: a path is neither wrapped at 80 columns nor taken as markup."""
    bundle = next((Path(__file__).resolve().parents[1] / "src").rglob("rubric.yaml")).parent
    folder = tmp_path / ("[2017] " + "thư mục rất dài " * 6) / bundle.name
    shutil.copytree(bundle, folder)
    for lang in ("vi", "en"):
        result = run_cli("rubric", "check", str(folder / "rubric.yaml"), "--lang", lang)
        assert result.code == 0, result.err
        lines = result.out.splitlines()
        assert len(lines) == 1 and str(folder / "rubric.yaml") in lines[0], result.out
