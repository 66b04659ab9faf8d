"""The corpus of real book layouts (tests/realworld): each is read as its kind, recognised as a
book no rule reads, or reported ambiguous / unrecognised with its closest kind — never as a wrong
kind; and what the parser assumed from names is right and said."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from elschool_audit.i18n import shown_column
from elschool_audit.sheets.parser import ParsedTab, UnrecognisedTab, parse_tab
from elschool_audit.sources.readers import read_workbook
from tests.realworld.layouts import (
    ASSET_BOOK,
    CMS_POSTS,
    LAYOUTS,
    LESSON_REGISTER_IT_ROOM,
    LOAN_MASTER_DETAIL,
    MAINTENANCE_MASTER_DETAIL,
    SMAS_DEVICES,
    Layout,
    write_xlsx,
)


def read(layout: Layout, tmp_path: Path) -> dict[str, ParsedTab | UnrecognisedTab]:
    path = write_xlsx(layout, tmp_path)
    return {raw.name: parse_tab(raw.grid, layout.file, raw.name) for raw in read_workbook(path, layout.file)}


def test_the_corpus_spans_at_least_twelve_layouts_and_six_kinds() -> None:
    kinds = {k for layout in LAYOUTS for what, k in layout.expect.values() if what == "kind"}
    assert len(LAYOUTS) >= 12 and len(kinds) >= 6
    manifest = (Path(__file__).parent / "realworld" / "MANIFEST.md").read_text("utf-8")
    for layout in LAYOUTS:
        assert f"`{layout.name}`" in manifest, layout.name


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_each_layout_is_read_as_its_kind_or_said_not_to_be_one(layout: Layout, tmp_path: Path) -> None:
    results = read(layout, tmp_path)
    for tab, (what, expected) in layout.expect.items():
        result = results[tab]
        if what == "kind":
            assert isinstance(result, ParsedTab), (tab, result)
            assert result.kind == expected and len(result.frame) > 0
            assert not [p for p in result.problems if p.severity == "error"], result.problems
        elif what == "other":
            assert isinstance(result, UnrecognisedTab) and result.known_as == expected, (tab, result)
        elif what == "ambiguous":
            assert isinstance(result, UnrecognisedTab) and set(result.ambiguous) == set(expected), (tab, result)
        else:
            assert isinstance(result, UnrecognisedTab) and result.best_guess == expected, (tab, result)
            assert result.missing


def test_room_from_the_title_type_from_the_name_and_a_header_note_dropped(tmp_path: Path) -> None:
    tab = read(SMAS_DEVICES, tmp_path)["Sheet1"]
    assert isinstance(tab, ParsedTab) and tab.source.header_row == 5
    assert tab.frame["code"].tolist() == ["00010001", "00010002", "00010003"]
    assert tab.frame["room"].unique().tolist() == ["PHÒNG TIN HỌC 1"]
    assert tab.frame["room_type"].unique().tolist() == ["tin_hoc"]
    assert tab.frame["type"].tolist() == ["computer", "projector", "tv"]
    notes = {p.params["name"]: p for p in tab.problems if p.code == "value_assumed"}
    assert set(notes) == {"room", "type"} and all(p.severity == "note" for p in notes.values())
    assert notes["room"].params["origin_vi"] == "lấy từ dòng tiêu đề" and notes["room"].location.row == 5
    assert tab.source.assumed == {"room": "title", "type": "device_name"}
    assert "giả định" in (shown_column(tab.source.location(column="room"), "vi") or "")


def test_asset_book_three_row_header_numbers_row_and_room_from_the_tab(tmp_path: Path) -> None:
    tab = read(ASSET_BOOK, tmp_path)["P.Tin học 2"]
    assert isinstance(tab, ParsedTab) and tab.source.header_row == 2
    assert tab.frame["_row"].tolist() == [5, 6]  # the (1)…(8) row is not a record
    assert tab.frame["room"].unique().tolist() == ["P.Tin học 2"] and tab.source.assumed["room"] == "tab"
    assert tab.frame["type"].tolist() == ["computer", "document_camera"]
    assert tab.frame["status"].tolist() == ["working", "repairing"]


def test_lesson_register_days_filled_down_year_from_the_week_and_it_use_implied(tmp_path: Path) -> None:
    tab = read(LESSON_REGISTER_IT_ROOM, tmp_path)["Tuần 3"]
    assert isinstance(tab, ParsedTab)
    dates = [d.date() for d in pd.to_datetime(tab.frame["date"])]
    assert dates == [dt.date(2016, 9, 19), dt.date(2016, 9, 19), dt.date(2016, 9, 20)]
    assert tab.frame["used_it"].tolist() == [True, True, True]
    assert tab.frame["room_type"].unique().tolist() == ["tin_hoc"]
    codes = {p.code for p in tab.problems}
    assert {"value_assumed", "year_assumed"} <= codes


def test_master_row_fields_are_carried_into_their_detail_rows(tmp_path: Path) -> None:
    tab = read(MAINTENANCE_MASTER_DETAIL, tmp_path)["Sheet1"]
    assert isinstance(tab, ParsedTab)
    assert [d.date() for d in pd.to_datetime(tab.frame["date"])] == [dt.date(2016, 9, 12)] * 2
    assert tab.frame["by"].tolist() == ["Công ty ABC"] * 2
    assert tab.frame["_row"].tolist() == [4, 5]
    loans = read(LOAN_MASTER_DETAIL, tmp_path)["Sheet1"]
    assert isinstance(loans, UnrecognisedTab) and loans.known_as == "device_loans"


def test_post_list_category_from_the_tab_and_portal_timestamps(tmp_path: Path) -> None:
    tabs = read(CMS_POSTS, tmp_path)
    notices, expert = tabs["Thông báo"], tabs["Chuyên môn"]
    assert isinstance(notices, ParsedTab) and isinstance(expert, ParsedTab)
    assert notices.frame["category"].unique().tolist() == ["thong_bao"]
    assert expert.frame["category"].unique().tolist() == ["chuyen_mon"]
    published = [d.date() for d in pd.to_datetime(notices.frame["published"])]
    assert published == [dt.date(2016, 9, 5), dt.date(2016, 8, 30)]
    assert pd.Timestamp(expert.frame["published"].iloc[0]).date() == dt.date(2016, 9, 20)
