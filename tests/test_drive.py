"""The Drive source over real HTTP: real google-auth / googleapiclient against the loopback fake.

What matters to a district: the same workbook as from a local folder, few calls (the Sheets quota
is 60 reads a minute), nothing re-read when nothing changed, faults retried a bounded number of
times, and a school that cannot be read reported with the reason while the others are audited.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pandas as pd
import pytest

from elschool_audit.errors import ConfigError, SourceError
from elschool_audit.i18n import render
from elschool_audit.roster import Roster, School
from elschool_audit.sources.cache import CacheKey, DriveCache
from elschool_audit.sources.drive import DriveSource, folder_id
from elschool_audit.sources.google_auth import CredentialsError, GoogleSettings, load_credentials
from elschool_audit.sources.google_http import GoogleCaller, QuotaExhaustedError, RetryPolicy, SlidingWindowLimiter
from elschool_audit.sources.local import LocalSource
from elschool_audit.workbook import SRC
from tests.fakegoogle import FakeGoogle, ServiceAccount
from tests.fakegoogle.district import mirror_district, sheets_reads, source_for


@pytest.fixture
def samples(district: Path) -> Path:
    """A private copy of the sample district: the bundled one may be regenerated while tests run."""
    return district


SCHOOL = School(id="th-ai-mo-a", name="Trường Tiểu học Ái Mộ A", level="TH")


def _roster(th_ai_mo_a: str) -> Roster:
    return Roster(schools=[SCHOOL.model_copy(update={"drive_folder": th_ai_mo_a})])


def _school(source: DriveSource) -> School:
    assert source.roster is not None
    return source.roster.schools[0]


def _frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.drop(columns=[SRC]), b.drop(columns=[SRC]))


# ---- the same workbook as the local source ----------------------------------------------------


def test_every_sample_school_reads_the_same_from_drive_as_from_disk(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, samples: Path
) -> None:
    district = mirror_district(fake_google, samples)
    drive = source_for(fake_google, service_account_file, district.roster, use_cache=False)
    local = LocalSource(samples)
    for school in district.roster.schools:
        got, want = drive.collect(school), local.collect(school)
        assert list(got.tables) == list(want.tables), school.id
        for kind, table in got.tables.items():
            _frames_equal(table.frame, want.tables[kind].frame)
        assert [(p.code, p.location.tab, p.location.row) for p in got.problems] == [
            (p.code, p.location.tab, p.location.row) for p in want.problems
        ]
        # Evidence points at the Drive file: its name and a link a person can open.
        for info in got.files:
            assert info.link is not None and info.link.startswith("https://")
            assert info.modified is not None and info.modified.tzinfo is not None
    assert fake_google.write_attempts == []


def test_native_sheet_serial_dates_and_ragged_rows_parse_like_xlsx(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path
) -> None:
    folder = fake_google.add_folder("Ái Mộ A")
    rows: list[list[object]] = [
        ["NHẬT KÝ BẢO TRÌ THIẾT BỊ"],
        [],
        ["Ngày", "Phòng", "Thiết bị", "Nội dung công việc", "Người thực hiện"],
        [dt.date(2016, 9, 12), "Phòng Tin học 1", "Máy tính", "Cài lại Windows", "Nguyễn Văn A"],
        [dt.datetime(2016, 10, 3, 14, 30), "Phòng Tin học 1", "Máy chiếu"],
        ["15/11/2016", "Phòng Tin học 1", "Loa", "Thay loa", "Nguyễn Văn A"],
    ]
    sheet = fake_google.add_google_sheet("Nhật ký bảo trì", folder, {"Bảo trì": rows})
    source = source_for(fake_google, service_account_file, _roster(th_ai_mo_a=folder), use_cache=False)
    workbook = source.collect(_school(source))
    frame = workbook.tables["maintenance_log"].frame
    assert list(frame["date"].dt.date) == [dt.date(2016, 9, 12), dt.date(2016, 10, 3), dt.date(2016, 11, 15)]
    assert list(frame["_row"]) == [4, 5, 6]
    (info,) = workbook.files
    assert info.name == "Nhật ký bảo trì"
    assert info.link is not None and sheet in info.link
    source_tab = workbook.tables["maintenance_log"].sources[0]
    assert (source_tab.file, source_tab.tab, source_tab.link) == ("Nhật ký bảo trì", "Bảo trì", info.link)


# ---- listing ------------------------------------------------------------------------------


def test_nested_folders_cost_one_list_per_level_and_trash_is_skipped(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, samples: Path
) -> None:
    top = fake_google.add_folder("th-ai-mo-a")
    subs = [fake_google.add_folder(f"Tháng {m}", top) for m in (9, 10, 11)]
    deep = fake_google.add_folder("Lưu trữ", subs[0])
    devices = (samples / "th-ai-mo-a" / "Danh muc thiet bi CNTT.xlsx").read_bytes()
    posts = (samples / "th-ai-mo-a" / "Thong ke tin bai.csv").read_bytes()
    fake_google.add_file("Danh muc thiet bi CNTT.xlsx", deep, devices)
    fake_google.add_file("Thong ke tin bai.csv", subs[2], posts)
    trashed = fake_google.add_file("Cu.xlsx", subs[1], devices)
    fake_google.trash(trashed)
    fake_google.add_file("ảnh.jpg", top, b"\xff\xd8", "image/jpeg")
    fake_google.add_file("~$Danh muc.xlsx", top, b"lock")
    source = source_for(fake_google, service_account_file, _roster(th_ai_mo_a=top), use_cache=False)

    workbook = source.collect(_school(source))

    assert [f.name for f in workbook.files] == [
        "Tháng 11/Thong ke tin bai.csv",
        "Tháng 9/Lưu trữ/Danh muc thiet bi CNTT.xlsx",
    ]
    assert "devices" in workbook.tables and "posts" in workbook.tables
    # 5 folders on 3 levels below the school folder: 3 list calls, never one per folder.
    assert fake_google.calls["drive.files.list"] == 3
    assert fake_google.calls["drive.files.get_media"] == 2
    q = [r.query["q"][0] for r in fake_google.requests if r.operation == "drive.files.list"]
    assert all("trashed = false" in x for x in q)
    assert " or " in q[1]


def test_shared_drive_folders_are_listed(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, samples: Path
) -> None:
    shared = fake_google.add_shared_drive("Hồ sơ các trường")
    folder = fake_google.add_folder("Ái Mộ A", shared)
    fake_google.add_google_sheet_from_xlsx(samples / "th-ai-mo-a" / "Danh muc thiet bi CNTT.xlsx", folder)
    source = source_for(fake_google, service_account_file, _roster(th_ai_mo_a=folder), use_cache=False)
    workbook = source.collect(_school(source))
    assert "devices" in workbook.tables
    (listing,) = [r for r in fake_google.requests if r.operation == "drive.files.list"]
    assert listing.query["corpora"] == ["drive"] and listing.query["driveId"] == [shared]


def test_folder_links_are_accepted_as_ids() -> None:
    fid = "1AbCdEfGhIjKlMnOpQrStUvWxYz012345"
    assert folder_id(f"https://drive.google.com/drive/folders/{fid}?usp=sharing") == fid
    assert folder_id(f"https://drive.google.com/drive/u/1/folders/{fid}") == fid
    assert folder_id(f"  {fid} ") == fid


# ---- call counts and the cache ------------------------------------------------------------


def test_call_counts_cold_then_zero_reads_warm(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, samples: Path
) -> None:
    district = mirror_district(fake_google, samples)
    schools = district.roster.schools
    cache = DriveCache(tmp_path / "cache")
    fake_google.reset_counts()
    cold = source_for(fake_google, service_account_file, district.roster, cache=cache, export=False)
    cold.prepare(schools)
    # Six school folders, one level: one files.list for all of them, and their six files.get
    # (is each folder there and shared?) in one batch request.
    assert fake_google.calls["drive.files.list"] == 1
    assert fake_google.calls["drive.batch"] == 1 and fake_google.calls["drive.files.get"] == len(schools)
    for school in schools:
        before_reads, before_media = sheets_reads(fake_google), fake_google.calls["drive.files.get_media"]
        cold.collect(school)
        s, u = district.sheets[school.id], district.uploads[school.id]
        assert sheets_reads(fake_google) - before_reads <= 2 * s
        assert fake_google.calls["drive.files.get_media"] - before_media == u
    assert fake_google.calls["drive.files.list"] == 1  # collecting lists nothing more
    assert sheets_reads(fake_google) == 2 * sum(district.sheets.values())
    assert fake_google.calls["drive.files.export"] == 0

    fake_google.reset_counts()
    warm = source_for(fake_google, service_account_file, district.roster, cache=cache, export=False)
    warm.prepare(schools)
    for school in schools:
        warm.collect(school)
    calls = {op: n for op, n in fake_google.calls.items() if op != "token"}
    assert calls == {"drive.batch": 1, "drive.files.get": len(schools), "drive.files.list": 1}  # listing only
    assert fake_google.write_attempts == []


def _many_schools(fake_google: FakeGoogle, samples: Path, n: int) -> tuple[Roster, dict[str, str], dict[str, str]]:
    """``n`` schools with their own folder id, each holding one post log in a sub-folder."""
    posts = (samples / "th-ai-mo-a" / "Thong ke tin bai.csv").read_bytes()
    schools, tops, subs = [], {}, {}
    for i in range(n):
        sid = f"th-{i:02d}"
        tops[sid] = fake_google.add_folder(f"Trường {i}")
        subs[sid] = fake_google.add_folder("Năm học 2016-2017", tops[sid])
        fake_google.add_file("Thong ke tin bai.csv", subs[sid], posts)
        schools.append(School(id=sid, name=f"Trường Tiểu học số {i}", level="TH", drive_folder=tops[sid]))
    return Roster(schools=schools), tops, subs


def test_a_district_is_listed_together_and_an_unshared_school_is_only_its_own_error(
    fake_google: FakeGoogle, service_account_file: Path, service_account: ServiceAccount, samples: Path
) -> None:
    from elschool_audit.audit import audit_district
    from elschool_audit.rubric.loader import load_rubric

    roster, tops, _ = _many_schools(fake_google, samples, 45)
    fake_google.unshare(tops["th-07"])
    fake_google.reset_counts()
    source = source_for(fake_google, service_account_file, roster, use_cache=False)

    result = audit_district(load_rubric(None), roster, source, dt.date(2017, 1, 31))

    by_id = {r.school_id: r for r in result.schools}
    assert by_id["th-07"].error is not None
    # the reason is kept in both languages: a report renders it in its own (issue 12)
    assert "not shared with " + service_account.email in render(by_id["th-07"].error, "en")
    assert "chưa chia sẻ cho " + service_account.email in render(by_id["th-07"].error, "vi")
    assert [sid for sid, r in by_id.items() if r.error is not None] == ["th-07"]
    assert all(r.score is not None for sid, r in by_id.items() if sid != "th-07")
    # 44 readable folders on two levels: ⌈44/40⌉ = 2 files.list per level (≤ 1 per 20 folders
    # per level), and the 45 folder checks in one batch request.
    assert fake_google.calls["drive.files.list"] == 4 <= 2 * 44 / 20
    widest = max(
        r.query["q"][0].count(" in parents") for r in fake_google.requests if r.operation == "drive.files.list"
    )
    assert widest == 40  # over 2 KB of URL: googleapiclient sends it as a POST overriding to GET
    assert fake_google.calls["drive.batch"] == 1
    assert fake_google.calls["drive.files.get_media"] == 44
    assert fake_google.write_attempts == []


def test_a_listing_refused_for_one_folder_is_split_until_only_that_school_fails(
    fake_google: FakeGoogle, service_account_file: Path, no_backoff: list[float], samples: Path
) -> None:
    import re

    roster, _, subs = _many_schools(fake_google, samples, 12)
    fake_google.inject(r"/drive/v3/files\?.*" + re.escape(subs["th-05"]), 403, times=None, reason="forbidden")
    source = source_for(fake_google, service_account_file, roster, use_cache=False)
    source.prepare(roster.schools)
    for school in roster.schools:
        if school.id == "th-05":
            with pytest.raises(SourceError) as info:
                source.collect(school)
            assert "no permission" in info.value.text("en") and "không có quyền" in info.value.text("vi")
            assert (
                info.value.location.file is not None and roster.find("th-05").drive_folder in info.value.location.file
            )
        else:
            assert "posts" in source.collect(school).tables
    # Level 1's query is refused, then halved: 12 → 6 → 3 → 2 → 1 (plus the halves that pass).
    assert fake_google.calls["drive.files.list"] <= 2 + 2 * 4
    assert no_backoff == []


def test_a_changed_file_is_read_again_and_only_that_one(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, samples: Path
) -> None:
    district = mirror_district(fake_google, samples)
    cache = DriveCache(tmp_path / "cache")
    native, upload = district.roster.find("mn-phuc-dong"), district.roster.find("mn-hoa-sua")
    source_for(fake_google, service_account_file, district.roster, cache=cache, export=False).collect(native)
    source_for(fake_google, service_account_file, district.roster, cache=cache, export=False).collect(upload)
    sheet_id = next(
        f.id for f in fake_google.files.values() if f.parents == [district.folders[native.id]] and f.is_sheet
    )
    upload_id = next(
        f.id
        for f in fake_google.files.values()
        if f.parents == [district.folders[upload.id]] and f.name.endswith(".xlsx")
    )
    fake_google.touch(sheet_id, tabs={"Sheet1": [["x"]]})
    fake_google.touch(upload_id, data=(samples / "mn-phuc-dong" / "Phan mem.xlsx").read_bytes())
    fake_google.reset_counts()
    source = source_for(fake_google, service_account_file, district.roster, cache=cache, export=False)
    source.collect(native)
    source.collect(upload)
    assert sheets_reads(fake_google) == 2
    assert fake_google.calls["drive.files.get_media"] == 1


def test_corrupt_or_foreign_cache_entries_are_misses(tmp_path: Path) -> None:
    cache = DriveCache(tmp_path)
    key = CacheKey("1abc", "7", "0" * 32)
    cache.put_bytes(key, b"data")  # md5 does not match the key: never served
    assert cache.get_bytes(key) is None
    good = CacheKey("1abc", "8", "8d777f385d3dfec8815d20f7496026dc")
    cache.put_bytes(good, b"data")
    assert cache.get_bytes(good) == b"data"
    assert len(list(cache.dir.iterdir())) == 1  # the older version was dropped
    sheet = CacheKey("1sheet", "3")
    cache.put_json(sheet, [{"title": "A", "values": [[1]]}])
    assert cache.get_json(sheet) == [{"title": "A", "values": [[1]]}]
    path = next(p for p in cache.dir.iterdir() if p.suffix == ".json")
    path.write_text('{"file_id": "1sheet", "payl', encoding="utf-8")  # a torn write
    assert cache.get_json(sheet) is None
    path.write_text(json.dumps({"file_id": "other", "payload": []}), encoding="utf-8")
    assert cache.get_json(sheet) is None
    assert not [p for p in cache.dir.iterdir() if p.name.startswith(".tmp")]
    assert not path.exists()  # an untrustworthy entry is deleted, not kept as a miss forever
    assert cache.clear()[0] == 1  # the .bin
    assert not cache.dir.exists()


def test_a_corrupt_cached_sheet_is_read_again(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, samples: Path
) -> None:
    folder = fake_google.add_folder("Ái Mộ A")
    fake_google.add_google_sheet_from_xlsx(samples / "th-ai-mo-a" / "Danh muc thiet bi CNTT.xlsx", folder)
    cache = DriveCache(tmp_path / "cache")
    first = source_for(fake_google, service_account_file, _roster(th_ai_mo_a=folder), cache=cache, export=False)
    first.collect(_school(first))
    for entry in cache.dir.iterdir():
        entry.write_bytes(b"\x00garbage")
    fake_google.reset_counts()
    second = source_for(fake_google, service_account_file, _roster(th_ai_mo_a=folder), cache=cache, export=False)
    workbook = second.collect(_school(second))
    assert "devices" in workbook.tables
    assert sheets_reads(fake_google) == 2


# ---- faults -------------------------------------------------------------------------------


def test_429_500_and_drive_rate_limits_are_retried_then_succeed(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, no_backoff: list[float], samples: Path
) -> None:
    district = mirror_district(fake_google, samples)
    fake_google.inject("sheets.values.batchGet", 429, times=2)
    fake_google.inject("sheets.spreadsheets.get", 500, times=1)
    fake_google.inject("drive.files.get_media", 503, times=1)
    fake_google.inject("drive.files.list", 403, times=1, reason="userRateLimitExceeded")
    source = source_for(fake_google, service_account_file, district.roster, use_cache=False, export=False, workers=1)
    source.caller._rng = random.Random(1)
    for school in ("mn-phuc-dong", "mn-hoa-sua"):
        workbook = source.collect(district.roster.find(school))
        assert "devices" in workbook.tables
        assert not [p for p in workbook.problems if p.code == "file_unreadable"]
    assert len(no_backoff) == 5 == source.caller.stats.retries
    assert all(0 <= s <= 32 for s in no_backoff)


def test_a_timeout_is_retried(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, no_backoff: list[float], samples: Path
) -> None:
    folder = fake_google.add_folder("Ái Mộ A")
    fake_google.add_google_sheet_from_xlsx(samples / "th-ai-mo-a" / "Phan mem.xlsx", folder)
    fake_google.inject("sheets.values.batchGet", None, delay=1.5, times=1)
    settings = GoogleSettings(
        service_account_file=service_account_file, endpoint=fake_google.base_url, timeout=0.5, export_sheets=False
    )
    source = DriveSource(settings, roster=_roster(th_ai_mo_a=folder), use_cache=False)
    workbook = source.collect(_school(source))
    assert workbook.tables
    assert fake_google.calls["sheets.values.batchGet"] == 2
    assert len(no_backoff) == 1


def test_a_429_storm_ends_in_bounded_time_with_a_clear_message(
    fake_google: FakeGoogle,
    service_account_file: Path,
    tmp_path: Path,
    no_backoff: list[float],
    samples: Path,
    english: None,
) -> None:
    district = mirror_district(fake_google, samples)
    fake_google.inject("sheets.spreadsheets.get", 429, times=None)
    caller = GoogleCaller(policy=RetryPolicy(max_attempts=4, total_backoff_budget=20.0))
    source = source_for(
        fake_google, service_account_file, district.roster, use_cache=False, caller=caller, export=False, workers=1
    )
    with pytest.raises(QuotaExhaustedError, match="quota exceeded after 4 attempts") as info:
        source.collect(district.roster.find("mn-phuc-dong"))
    assert "Quota exceeded for quota metric" in info.value.message  # Google's own words, kept
    assert "hạn mức" in info.value.text("vi")
    assert fake_google.calls["sheets.spreadsheets.get"] == 4
    # The whole run shares one back-off budget: later schools stop waiting once it is spent.
    for school in ("th-do-thi-viet-hung", "thcs-ai-mo"):
        with pytest.raises(QuotaExhaustedError):
            source.collect(district.roster.find(school))
    assert sum(no_backoff) <= 20.0
    # 4 attempts for the first school, then at most one try per file in flight: the download
    # worker may have started the next file of a school before that school's abort is seen.
    assert fake_google.calls["sheets.spreadsheets.get"] <= 12 + 3


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (("drive.files.get", 404), "does not exist or is not shared"),
        (("drive.files.get", 403, "forbidden"), "no permission to read the Drive folder (HTTP 403)"),
        (("drive.files.list", 403, "forbidden"), "no permission to read the Drive folder (HTTP 403)"),
    ],
)
def test_folder_refused_or_missing_is_a_source_error_without_retry(
    fake_google: FakeGoogle,
    service_account_file: Path,
    tmp_path: Path,
    no_backoff: list[float],
    fault: tuple[object, ...],
    expected: str,
) -> None:
    folder = fake_google.add_folder("Ái Mộ A")
    op, status, *reason = fault
    fake_google.inject(str(op), int(str(status)), times=None, reason=str(reason[0]) if reason else None)
    source = source_for(fake_google, service_account_file, _roster(th_ai_mo_a=folder), use_cache=False)
    with pytest.raises(SourceError) as info:
        source.collect(_school(source))
    assert expected in info.value.text("en")
    assert "không" in info.value.message and " / " not in info.value.message  # Vietnamese first, and only
    assert info.value.location.file is not None and folder in info.value.location.file
    assert no_backoff == []
    assert fake_google.calls[str(op)] == 1


def test_an_unshared_folder_says_whom_to_share_with(
    fake_google: FakeGoogle, service_account_file: Path, service_account: ServiceAccount
) -> None:
    folder = fake_google.add_folder("Ái Mộ A")
    fake_google.unshare(folder)
    source = source_for(fake_google, service_account_file, _roster(th_ai_mo_a=folder), use_cache=False)
    with pytest.raises(SourceError) as info:
        source.collect(_school(source))
    assert f"not shared with {service_account.email}" in info.value.text("en")
    assert f"chưa chia sẻ cho {service_account.email}" in info.value.message


def test_one_refused_file_is_that_files_problem_not_the_schools(
    fake_google: FakeGoogle, service_account_file: Path, no_backoff: list[float], samples: Path
) -> None:
    folder = fake_google.add_folder("Ái Mộ A")
    fake_google.add_google_sheet_from_xlsx(samples / "th-ai-mo-a" / "Danh muc thiet bi CNTT.xlsx", folder)
    refused = fake_google.add_google_sheet_from_xlsx(samples / "th-ai-mo-a" / "Phan mem.xlsx", folder)
    fake_google.inject(f"/v4/spreadsheets/{refused}\\?", 403, times=None)
    source = source_for(
        fake_google, service_account_file, _roster(th_ai_mo_a=folder), use_cache=False, export=False, workers=1
    )
    workbook = source.collect(_school(source))
    assert "devices" in workbook.tables
    (problem,) = [p for p in workbook.problems if p.code == "file_unreadable"]
    assert problem.location.file == "Phan mem" and "HTTP 403" in render(problem.message, "en")
    assert no_backoff == []


# ---- the district root: folders matched to schools by name ----------------------------------


def test_drive_root_subfolders_match_schools_by_folded_name(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, samples: Path, english: None
) -> None:
    root = fake_google.add_folder("Long Biên")
    names = {
        "mn-phuc-dong": "TRƯỜNG MẦM NON PHÚC ĐỒNG",
        "mn-hoa-sua": "mam non hoa sua",
        "th-do-thi-viet-hung": "Tiểu học Đô thị Việt Hưng",
        "thcs-ai-mo": "thcs-ai-mo",
    }
    ids = {sid: fake_google.add_folder(name, root) for sid, name in names.items()}
    fake_google.add_folder("Tiểu học Ái Mộ A", root)
    fake_google.add_folder("Tiểu học Ái Mộ A (cũ)", root)
    fake_google.add_folder("Tieu hoc Ai Mo A", root)  # a duplicate of the one above once folded
    fake_google.add_folder("Mẫu biểu chung", root)
    fake_google.add_file("Hướng dẫn.xlsx", root, b"PK")
    from elschool_audit.roster import load_roster

    roster = load_roster(samples / "roster.yaml").model_copy(update={"drive_root": root})
    source = source_for(fake_google, service_account_file, roster, use_cache=False)
    match = source.match_root()
    assert {sid: f.id for sid, f in match.matched.items()} == ids
    assert sorted(f.name for f in match.ambiguous["th-ai-mo-a"]) == ["Tieu hoc Ai Mo A", "Tiểu học Ái Mộ A"]
    assert match.unmatched_schools == ["thcs-do-thi-viet-hung"]
    assert sorted(f.name for f in match.unmatched_folders) == ["Mẫu biểu chung", "Tiểu học Ái Mộ A (cũ)"]
    assert fake_google.calls["drive.files.list"] == 1
    with pytest.raises(SourceError, match="several folders match"):
        source.collect(roster.find("th-ai-mo-a"))
    with pytest.raises(SourceError, match="no sub-folder of the district root matches"):
        source.collect(roster.find("thcs-do-thi-viet-hung"))
    assert source.describe(roster.find("mn-hoa-sua")).endswith(ids["mn-hoa-sua"])
    assert fake_google.calls["drive.files.list"] == 1  # matched once per run


# ---- credentials, scopes, endpoint --------------------------------------------------------


def test_only_read_only_scopes_are_requested_and_delegation_passes_the_subject(
    fake_google: FakeGoogle, service_account_file: Path
) -> None:
    folder = fake_google.add_folder("Ái Mộ A")
    settings = GoogleSettings(
        service_account_file=service_account_file, subject="it@longbien.edu.vn", endpoint=fake_google.base_url
    )
    source = DriveSource(settings, roster=_roster(th_ai_mo_a=folder), use_cache=False)
    assert source.whoami() == "it@longbien.edu.vn"
    (grant,) = fake_google.token_grants
    assert grant.scopes == {
        "https://www.googleapis.com/auth/drive.readonly",
        "https://www.googleapis.com/auth/spreadsheets.readonly",
    }
    assert fake_google.subjects == ["it@longbien.edu.vn"]


def test_endpoint_override_and_paths_from_the_environment(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, samples: Path
) -> None:
    monkeypatch.setenv("ELSCHOOL_AUDIT_GOOGLE_ENDPOINT", fake_google.base_url + "/")
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(service_account_file))
    monkeypatch.setenv("ELSCHOOL_AUDIT_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("ELSCHOOL_AUDIT_SHEETS_READS_PER_MINUTE", "30")
    monkeypatch.setenv("ELSCHOOL_AUDIT_SHEETS_VIA", "sheets-api")  # the fallback path: Drive and Sheets both used
    folder = fake_google.add_folder("Ái Mộ A")
    fake_google.add_google_sheet_from_xlsx(samples / "th-ai-mo-a" / "Phan mem.xlsx", folder)
    source = DriveSource(roster=_roster(th_ai_mo_a=folder))
    assert source.settings.endpoint == fake_google.base_url
    assert source.caller.sheets_limiter.limit == 30
    source.collect(_school(source))
    paths = {r.path.split("/")[1] for r in fake_google.requests}
    assert paths == {"token", "drive", "v4"}
    assert list((tmp_path / "c").rglob("*.json"))


def test_credential_problems_stop_the_run_with_a_config_error(tmp_path: Path, english: None) -> None:
    with pytest.raises(CredentialsError, match="cannot read the service-account key"):
        load_credentials(GoogleSettings(service_account_file=tmp_path / "missing.json"))
    oauth = tmp_path / "client.json"
    oauth.write_text(json.dumps({"installed": {"client_id": "x"}}), encoding="utf-8")
    with pytest.raises(CredentialsError, match="OAuth client file"):
        load_credentials(GoogleSettings(service_account_file=oauth))
    with pytest.raises(CredentialsError, match="no Google credentials"):
        load_credentials(GoogleSettings(token_file=tmp_path / "none.json"))
    assert issubclass(CredentialsError, ConfigError) and not issubclass(CredentialsError, SourceError)
    with pytest.raises(ConfigError, match="positive"):
        GoogleSettings.from_env({"ELSCHOOL_AUDIT_SHEETS_READS_PER_MINUTE": "0"})


def test_a_revoked_service_account_is_a_credentials_error(
    fake_google: FakeGoogle, tmp_path: Path, english: None
) -> None:
    revoked = fake_google.create_service_account("revoked@elschool-test.iam.gserviceaccount.com")
    sa_file = revoked.write(tmp_path / "sa.json")
    del fake_google.service_accounts[revoked.email]  # the key was deleted in the Cloud console
    folder = fake_google.add_folder("Ái Mộ A")
    source = source_for(fake_google, sa_file, _roster(th_ai_mo_a=folder), use_cache=False)
    with pytest.raises(CredentialsError, match="refused the credentials"):
        source.collect(_school(source))


def test_oauth_token_is_cached_under_the_config_dir(tmp_path: Path) -> None:
    from google.oauth2.credentials import Credentials

    from elschool_audit.sources.google_auth import READONLY_SCOPES, save_token

    token = tmp_path / "config" / "google-token.json"
    creds = Credentials(  # type: ignore[no-untyped-call]
        "ya29.token",
        refresh_token="1//refresh",
        client_id="id",
        client_secret="secret",
        token_uri="http://127.0.0.1:9/token",
        scopes=list(READONLY_SCOPES),
        expiry=dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=1),
    )
    save_token(token, creds.to_json())  # type: ignore[no-untyped-call]
    assert token.stat().st_mode & 0o777 == 0o600
    loaded = load_credentials(GoogleSettings(token_file=token))
    assert loaded.token == "ya29.token"


# ---- the client-side rate limit -----------------------------------------------------------


def test_the_limiter_counts_a_read_from_when_it_completed() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    limiter = SlidingWindowLimiter(2, 60.0, clock=lambda: now[0], sleep=sleep)
    ends = []
    for _ in range(4):
        with limiter.slot():
            start = now[0]
            now[0] += 5.0  # the request takes 5 s; Google counts it somewhere in between
        ends.append((start, now[0]))
    # The third read starts a window after the first one *ended*, not after it started.
    assert ends[2][0] == ends[0][1] + 60.0
    assert ends[3][0] == ends[1][1] + 60.0


def test_sliding_window_limiter_never_exceeds_the_limit() -> None:
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    limiter = SlidingWindowLimiter(50, 60.0, clock=lambda: now[0], sleep=sleep)
    stamps = []
    for _ in range(120):
        limiter.acquire()
        stamps.append(now[0])
        now[0] += 0.1
    for i, t in enumerate(stamps):
        assert sum(1 for s in stamps[i:] if s < t + 60.0) <= 50
    assert stamps[-1] >= 120.0  # 120 reads at 50/min need more than two minutes


def test_the_client_limit_keeps_a_run_under_googles_quota(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, samples: Path
) -> None:
    district = mirror_district(fake_google, samples)
    fake_google.enforce_quota(reads_per_minute=12, clock_scale=1.0)
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds
        fake_google.clock.advance(seconds)

    caller = GoogleCaller(sheets_reads_per_minute=10, sleep=sleep, clock=lambda: now[0])
    source = source_for(
        fake_google, service_account_file, district.roster, use_cache=False, caller=caller, export=False, workers=1
    )
    for school in ("mn-phuc-dong", "th-do-thi-viet-hung"):
        source.collect(district.roster.find(school))
    assert fake_google.quota_rejections == 0
    assert caller.stats.retries == 0
    assert caller.sheets_limiter.waited > 0


def test_a_client_limit_equal_to_googles_gets_no_429_when_requests_are_slow(
    fake_google: FakeGoogle, service_account_file: Path, samples: Path
) -> None:
    """Google counts a read when it arrives; the first reads here take 0.3 s to get there, the
    later ones none. A limiter counting from the start would let a read in 60 s after the first
    one *left*, 0.3 s too early for Google's window."""
    district = mirror_district(fake_google, samples)
    fake_google.enforce_quota(reads_per_minute=4, clock_scale=1.0)
    fake_google.inject(r"^/v4/spreadsheets/", None, delay=0.3, times=4)
    caller = GoogleCaller(sheets_reads_per_minute=4, sleep=fake_google.clock.advance, clock=fake_google.clock.now)
    source = source_for(
        fake_google, service_account_file, district.roster, use_cache=False, caller=caller, export=False, workers=1
    )
    source.collect(district.roster.find("mn-phuc-dong"))
    assert sheets_reads(fake_google) > 4
    assert fake_google.quota_rejections == 0
    assert caller.stats.retries == 0
