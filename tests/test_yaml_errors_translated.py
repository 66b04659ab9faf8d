"""Issue 17: a mistake in a YAML file users edit (rubric, roster, waivers, mapping, portal profile,
truong.yaml) is one sentence in the chosen language naming the file, line and field — never
pydantic's own English ("Input should be …")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from elschool_audit.errors import ConfigError
from elschool_audit.rubric.loader import default_rubric_path
from elschool_audit.sources.portal_profile import load_profile

PYDANTIC = ("Input should", "Field required", "Extra inputs", "String should", "Value error", "validation error")
MONTH = ("--month", "2017-01")


def _clean(text: str) -> None:
    for phrase in PYDANTIC:
        assert phrase not in text, text


def _break_roster(district: Path) -> Path:
    roster = district / "roster.yaml"
    text = roster.read_text(encoding="utf-8")
    roster.write_text(text.replace("level: MN", "level: MG", 1), encoding="utf-8")
    return roster


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_a_roster_mistake_is_a_vietnamese_sentence_with_file_line_and_field(run_cli, district: Path) -> None:
    roster = _break_roster(district)
    r = run_cli("audit", "district", "--source", str(district), *MONTH, "--no-record")
    assert r.code == 2
    line = _line_of(roster, "level: MG")
    assert (
        f"Lỗi: {roster}:{line}, trường «schools.0.level»: cần một trong: 'MN', 'TH' hoặc 'THCS' (đang là «MG»)" in r.err
    )
    _clean(r.err)


@pytest.mark.parametrize("how", ["option", "env"])
def test_the_same_mistake_in_english_under_lang_en(run_cli, district: Path, how: str, monkeypatch) -> None:
    roster = _break_roster(district)
    args = ["audit", "district", "--source", str(district), *MONTH, "--no-record"]
    if how == "option":
        args += ["--lang", "en"]
    else:
        monkeypatch.setenv("ELSCHOOL_AUDIT_LANG", "en")
    r = run_cli(*args)
    line = _line_of(roster, "level: MG")
    assert r.code == 2
    assert (
        f"Error: {roster}:{line}, field 'schools.0.level': must be one of: 'MN', 'TH' or 'THCS' (found “MG”)" in r.err
    )
    assert "dòng" not in r.err
    _clean(r.err)


def test_a_rubric_typo_names_the_unknown_field(run_cli, tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    text = default_rubric_path().read_text(encoding="utf-8")
    rubric.write_text(text.replace("\npass_mark:", "\npass_marks:", 1), encoding="utf-8")
    r = run_cli("rubric", "check", str(rubric))
    assert r.code == 2
    assert f":{_line_of(rubric, 'pass_marks: 0')}, trường «pass_marks»: không phải mục được biết (gõ sai tên?)" in r.err
    _clean(r.err)


def test_a_waiver_mistake_quotes_what_was_found(run_cli, district: Path, tmp_path: Path) -> None:
    waivers = tmp_path / "mien-tru.yaml"
    waivers.write_text(
        "waivers:\n  - {school: thcs-ai-mo, rule: PORTAL-INTRO, reason: 'Đang sửa', expires: 31/13/2017}\n",
        encoding="utf-8",
    )
    r = run_cli("audit", "district", "--source", str(district), *MONTH, "--no-record", "--waivers", str(waivers))
    assert r.code == 2
    expected = "trường «waivers.0.expires»: cần một ngày, dạng YYYY-MM-DD hoặc DD/MM/YYYY (đang là «31/13/2017»)"
    assert f"{waivers}:2, {expected}" in r.err
    _clean(r.err)


def test_a_mapping_and_a_truong_yaml_mistake_are_translated(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "truong"
    shutil.copytree(Path(__file__).resolve().parents[1] / "sample_sheets" / "mn-hoa-sua", folder)
    (folder / "elschool-mapping.yaml").write_text("version: 1\ntabs: khong phai danh sach\n", encoding="utf-8")
    r = run_cli("sheets", "lint", str(folder), "--lang", "en")
    assert r.code == 2
    assert "elschool-mapping.yaml:2, field 'tabs': must be a list" in r.err
    _clean(r.err)

    (folder / "elschool-mapping.yaml").unlink()
    (folder / "truong.yaml").write_text("id: mn-hoa-sua\nname: Hoa Sữa\nlevel: mam non\n", encoding="utf-8")
    r = run_cli("audit", "school", str(folder), *MONTH)
    assert r.code == 2
    assert "truong.yaml:3, trường «level»: cần một trong" in r.err
    _clean(r.err)


def test_a_portal_profile_mistake_is_translated(tmp_path: Path) -> None:
    profile = tmp_path / "cong.yaml"
    profile.write_text("name: cong\ndiscover_feeds: co le\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_profile(str(profile))
    err = caught.value
    assert err.text("vi") == f"{profile}:2, trường «discover_feeds»: cần true hoặc false (đang là «co le»)"
    assert err.text("en") == f"{profile}:2, field 'discover_feeds': must be true or false (found “co le”)"


def test_our_own_validators_speak_the_chosen_language(run_cli, district: Path, tmp_path: Path) -> None:
    """A rubric check's own rule ("'sheet' needs 'column'") and a roster's duplicate id were English
    inside a Vietnamese error."""
    rubric = tmp_path / "rubric.yaml"
    text = default_rubric_path().read_text(encoding="utf-8")
    rubric.write_text(text.replace("school_field: email", "sheet: staff", 1), encoding="utf-8")
    roster = district / "roster.yaml"
    roster.write_text(roster.read_text("utf-8").replace("id: th-ai-mo-a", "id: mn-phuc-dong", 1), "utf-8")
    audit = ("audit", "district", "--source", str(district), *MONTH, "--no-record")
    for lang, rubric_says, roster_says in (
        ("vi", "không hợp lệ: 'sheet' cần 'column'", "không hợp lệ: mã trường 'mn-phuc-dong' bị trùng"),
        ("en", "is not valid: 'sheet' needs 'column'", "is not valid: duplicate school id 'mn-phuc-dong'"),
    ):
        checked = run_cli("--lang", lang, "rubric", "check", str(rubric))
        assert checked.code == 2 and rubric_says in checked.err, checked.err
        audited = run_cli("--lang", lang, *audit)
        assert audited.code == 2 and roster_says in audited.err, audited.err
        _clean(checked.err + audited.err)
