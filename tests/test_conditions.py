"""Row conditions: every operator on parsed columns, nesting, load-time validation, and properties."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elschool_audit.rubric.conditions import (
    OPERATORS,
    AllOf,
    AnyOf,
    MissingColumn,
    Not,
    mask,
    parse_condition,
    validate_condition,
)
from elschool_audit.rubric.conditions import (
    Test as Leaf,
)
from elschool_audit.sheets.kinds import catalogue
from tests.builders import device, workbook

DEVICES = (
    workbook(
        devices=[
            device("PC-1", "Máy tính", "Phòng Tin học", "Hoạt động tốt", antivirus="Có", area="Khu A", year=2012),
            device("PC-2", "Laptop", "Phòng Hiệu trưởng", "Hỏng", antivirus="không", area="Khu B", year=2015),
            device("MC-1", "Máy chiếu", "Lớp 4A", "Đang sửa", antivirus=None, area=None, year=None),
            device("CAM-1", "Camera", "Sân trường", "Thanh lý", antivirus="x", area="khu a", year=2016),
        ]
    )
    .tables["devices"]
    .frame
)
POSTS = (
    workbook(
        posts=[
            {"Ngày đăng": "05/09/2016", "Tiêu đề": "Khai giảng năm học", "Chuyên mục": "Hoạt động", "Số ảnh": 3},
            {"Ngày đăng": "15/09/2016", "Tiêu đề": "Ba công khai 2016", "Chuyên mục": "Ba công khai", "Số ảnh": 0},
            {"Ngày đăng": "01/10/2016", "Tiêu đề": "Chuyên đề Toán", "Chuyên mục": "Chuyên mục lạ", "Số ảnh": None},
            {"Ngày đăng": None, "Tiêu đề": "  ", "Chuyên mục": "Chuyên môn", "Số ảnh": 12},
        ]
    )
    .tables["posts"]
    .frame
)


def rows(raw: Any, frame: pd.DataFrame = DEVICES) -> list[int]:
    """0-based positions of the rows the condition selects."""
    selected = mask(parse_condition(raw), frame)
    assert selected.dtype == bool
    assert list(selected.index) == list(frame.index)
    return [i for i, ok in enumerate(selected) if ok]


# ---------------------------------------------------------------- operators


def test_equals_an_enum_code_matches_every_spelling() -> None:
    assert rows({"type": "computer"}) == [0, 1]
    assert rows({"type": {"equals": "computer"}}) == [0, 1]


def test_equals_on_text_ignores_case_and_diacritics() -> None:
    assert rows({"area": "KHU A"}) == [0, 3]
    assert rows({"room": "phong hieu truong"}) == [1]


def test_equals_on_a_bool_column() -> None:
    assert rows({"antivirus": True}) == [0, 3]
    assert rows({"antivirus": False}) == [1]


def test_not_equals_never_selects_a_blank_cell() -> None:
    assert rows({"antivirus": {"not_equals": True}}) == [1]
    assert rows({"area": {"not_equals": "khu a"}}) == [1]


def test_in_and_not_in() -> None:
    assert rows({"status": ["broken", "repairing"]}) == [1, 2]
    assert rows({"status": {"in": ["retired"]}}) == [3]
    assert rows({"status": {"not_in": ["retired"]}}) == [0, 1, 2]
    assert rows({"area": {"not_in": ["Khu A"]}}) == [1]  # blank area is in no list


def test_between_on_ints_and_dates() -> None:
    assert rows({"year": {"between": [2012, 2015]}}) == [0, 1]
    assert rows({"published": {"between": ["2016-09-01", "2016-09-30"]}}, POSTS) == [0, 1]
    assert rows({"published": {"between": [dt.date(2016, 9, 15), dt.date(2016, 12, 31)]}}, POSTS) == [1, 2]


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("gte", 2015, [1, 3]),
        ("gt", 2015, [3]),
        ("lte", 2015, [0, 1]),
        ("lt", 2015, [0]),
    ],
)
def test_comparisons_on_ints(op: str, value: int, expected: list[int]) -> None:
    assert rows({"year": {op: value}}) == expected


def test_comparisons_on_dates_from_yaml_dates_and_iso_strings() -> None:
    assert rows({"published": {"gte": dt.date(2016, 9, 15)}}, POSTS) == [1, 2]
    assert rows({"published": {"lt": "2016-09-15"}}, POSTS) == [0]


def test_matches_says_what_it_means_in_words_never_the_regex() -> None:
    """Issue 17: a school reads "Định dạng là HTML5", not "khớp mẫu html\\s*5"."""
    from elschool_audit.rubric.describe import describe

    kind = catalogue().kinds["devices"]
    named = parse_condition({"code": {"matches": {"regex": r"^pc-\d+", "means": {"vi": "mã máy", "en": "a PC code"}}}})
    assert rows({"code": {"matches": {"regex": "^pc-"}}}) == [0, 1]
    assert describe(named, kind, "en").endswith("is a PC code")
    assert describe(named, kind, "vi").endswith("là mã máy")
    bare = describe(parse_condition({"code": {"matches": r"^pc-\d+"}}), kind, "vi")
    assert "pc-" not in bare and "\\" not in bare
    with pytest.raises(ValueError, match="'means' for column 'code'"):
        parse_condition({"code": {"matches": {"regex": "x", "means": "words"}}})


def test_matches_is_a_case_insensitive_regex_search_on_the_text_as_typed() -> None:
    assert rows({"title": {"matches": r"^ba công khai"}}, POSTS) == [1]
    assert rows({"title": {"matches": r"\d{4}$"}}, POSTS) == [1]
    assert rows({"code": {"matches": "^pc-"}}) == [0, 1]


def test_contains_ignores_case_and_diacritics() -> None:
    assert rows({"title": {"contains": "CHUYEN DE"}}, POSTS) == [2]
    assert rows({"room": {"contains": "phòng"}}) == [0, 1]


def test_blank() -> None:
    assert rows({"area": {"blank": True}}) == [2]
    assert rows({"area": {"blank": False}}) == [0, 1, 3]
    assert rows({"title": {"blank": True}}, POSTS) == [3]  # whitespace only is blank
    assert rows({"pictures": {"blank": True}}, POSTS) == [2]
    assert rows({"antivirus": {"blank": True}}) == [2]


def test_open_enum_values_keep_what_the_school_typed() -> None:
    assert rows({"category": "chuyen_mon"}, POSTS) == [3]
    assert rows({"category": "Chuyên mục lạ"}, POSTS) == [2]


def test_every_operator_is_covered_here() -> None:
    exercised = {"equals", "not_equals", "in", "not_in", "between", "gte", "gt", "lte", "lt"}
    exercised |= {"matches", "contains", "blank"}
    assert exercised == set(OPERATORS)


# ---------------------------------------------------------------- combining


def test_several_keys_mean_all_of_them() -> None:
    cond = parse_condition({"type": "computer", "status": "working"})
    assert isinstance(cond, AllOf)
    assert rows({"type": "computer", "status": "working"}) == [0]


def test_all_any_not_nesting() -> None:
    cond = {
        "all": [
            {"status": {"not_in": ["retired"]}},
            {"any": [{"type": "projector"}, {"type": "computer", "room_type": ["hieu_truong", "ke_toan"]}]},
        ]
    }
    assert rows(cond) == [1, 2]
    assert rows({"not": cond}) == [0, 3]
    assert rows({"not": {"not": cond}}) == [1, 2]
    assert rows({"any": [{"area": "khu b"}, {"not": {"area": {"blank": False}}}]}) == [1, 2]


def test_not_selects_rows_with_missing_values() -> None:
    """``not`` is the complement: a blank cell fails ``equals`` so it passes ``not equals``."""
    assert rows({"not": {"antivirus": True}}) == [1, 2]


def test_no_condition_selects_every_row() -> None:
    assert mask(None, DEVICES).tolist() == [True] * 4


def test_a_column_the_frame_lacks_raises_missing_column() -> None:
    with pytest.raises(MissingColumn) as info:
        mask(parse_condition({"any": [{"type": "computer"}, {"photo": {"blank": True}}]}), DEVICES)
    assert info.value.column == "photo"


def test_parsed_tree_shape() -> None:
    cond = parse_condition({"not": {"any": [{"a": 1}, {"b": [1, 2]}]}})
    assert cond == Not(AnyOf((Leaf("a", "equals", 1), Leaf("b", "in", [1, 2]))))


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"status": {"is": "working"}}, "unknown operator 'is' for column 'status'"),
        ({"status": {"in": "working"}}, "'in' for column 'status' takes a list"),
        ({"status": {"not_in": "retired"}}, "'not_in' for column 'status' takes a list"),
        ({"year": {"between": [2012]}}, "'between' for column 'year' takes a list of two values"),
        ({"year": {"between": 2012}}, "'between' for column 'year' takes a list of two values"),
        ({"code": {"matches": "(unclosed"}}, "bad regular expression for column 'code'"),
        ({"area": {"blank": "yes"}}, "'blank' for column 'area' takes true or false"),
        ({"all": {"a": 1}}, "'all' takes a non-empty list"),
        ({"any": []}, "'any' takes a non-empty list"),
        ({}, "a condition must be a mapping"),
        ("status == working", "a condition must be a mapping"),
        ({"not": [{"a": 1}]}, "a condition must be a mapping"),
    ],
)
def test_parse_errors_say_what_is_wrong(raw: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_condition(raw)


def test_validation_refuses_an_unknown_column() -> None:
    kind = catalogue().kinds["devices"]
    with pytest.raises(ValueError, match="sheet 'devices' has no column 'colour'"):
        validate_condition(parse_condition({"all": [{"type": "computer"}, {"colour": "red"}]}), kind, catalogue())


def test_validation_refuses_a_value_that_is_no_enum_code() -> None:
    kind = catalogue().kinds["devices"]
    with pytest.raises(ValueError, match="column 'status' has no value 'Hỏng'"):
        validate_condition(parse_condition({"status": {"not_in": ["retired", "Hỏng"]}}), kind, catalogue())


def test_validation_accepts_known_codes_and_open_enum_text() -> None:
    cat = catalogue()
    validate_condition(parse_condition({"status": ["working", "broken"]}), cat.kinds["devices"], cat)
    validate_condition(parse_condition({"category": "Tin tự do"}), cat.kinds["posts"], cat)
    validate_condition(None, cat.kinds["posts"], cat)


# ---------------------------------------------------------------- properties

FRAME = pd.DataFrame(
    {
        "n": pd.Series([1, 2, None, 4, 5, 2], dtype="Int64"),
        "t": pd.Series(["Tốt", "tot", None, "Hỏng", "", "Đang sửa"], dtype=object),
        "b": pd.Series([True, False, None, True, None, False], dtype="boolean"),
    }
)
texts = st.sampled_from(["Tốt", "tot", "Hỏng", "hong", "Đang sửa", "x"])
ints = st.integers(min_value=0, max_value=6)


@st.composite
def leaf_conditions(draw: st.DrawFn) -> Leaf:
    column = draw(st.sampled_from(["n", "t", "b"]))
    if column == "b":
        op = draw(st.sampled_from(["equals", "not_equals", "blank"]))
        return Leaf("b", op, draw(st.booleans()))
    values = ints if column == "n" else texts
    op = draw(st.sampled_from(["equals", "not_equals", "in", "not_in", "between", "gte", "lt", "blank", "contains"]))
    if op == "blank":
        return Leaf(column, op, draw(st.booleans()))
    if op in ("in", "not_in"):
        return Leaf(column, op, draw(st.lists(values, min_size=1, max_size=3)))
    if op == "between":
        return Leaf(column, op, sorted(draw(st.lists(values, min_size=2, max_size=2))))
    if op == "contains":
        return Leaf("t", op, draw(texts))
    return Leaf(column, op, draw(values))


conditions = st.recursive(
    leaf_conditions(),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: AllOf(tuple(xs))),
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: AnyOf(tuple(xs))),
        inner.map(Not),
    ),
    max_leaves=6,
)


@settings(max_examples=60, deadline=None)
@given(conditions)
def test_not_is_the_complement(cond: Any) -> None:
    assert (mask(Not(cond), FRAME) == ~mask(cond, FRAME)).all()


@settings(max_examples=60, deadline=None)
@given(conditions, conditions)
def test_de_morgan(a: Any, b: Any) -> None:
    left = mask(Not(AllOf((a, b))), FRAME)
    right = mask(AnyOf((Not(a), Not(b))), FRAME)
    assert (left == right).all()


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.tuples(st.just("n"), ints), st.tuples(st.just("t"), texts)))
def test_in_a_single_value_is_equals(pair: tuple[str, Any]) -> None:
    column, value = pair
    assert (mask(Leaf(column, "in", [value]), FRAME) == mask(Leaf(column, "equals", value), FRAME)).all()
    assert (mask(Leaf(column, "not_in", [value]), FRAME) == mask(Leaf(column, "not_equals", value), FRAME)).all()


@settings(max_examples=60, deadline=None)
@given(conditions)
def test_missing_values_never_satisfy_a_test(cond: Any) -> None:
    """Row 2 is blank in every column: only ``blank: true`` (or a ``not``) can select it."""
    selected = bool(mask(cond, FRAME).iloc[2])
    if isinstance(cond, Leaf):
        assert selected == (cond.op == "blank" and cond.value is True)


@settings(max_examples=60, deadline=None)
@given(conditions)
def test_a_single_item_all_or_any_is_the_item(cond: Any) -> None:
    base = mask(cond, FRAME)
    assert (mask(AllOf((cond,)), FRAME) == base).all()
    assert (mask(AnyOf((cond,)), FRAME) == base).all()


def test_a_date_literal_that_is_no_date_is_refused_at_load_time() -> None:
    cat = catalogue()
    for good in ("11-30", "2016-11-30"):
        validate_condition(parse_condition({"date": {"lte": good}}), cat.kinds["sessions"], cat)
    with pytest.raises(ValueError, match="day of the school year"):
        validate_condition(parse_condition({"date": {"lte": "30/11"}}), cat.kinds["sessions"], cat)
    with pytest.raises(ValueError, match="day of the school year"):
        validate_condition(parse_condition({"date": {"between": ["11-01", "11-31"]}}), cat.kinds["sessions"], cat)


def test_a_day_of_the_school_year_is_resolved_by_the_audit() -> None:
    frame = pd.DataFrame({"date": pd.to_datetime(["2016-11-20", "2017-11-20"])})
    cond = parse_condition({"date": {"between": ["11-01", "11-30"]}})
    assert mask(cond, frame, lambda md: dt.date(2017, *map(int, md.split("-")))).tolist() == [False, True]
    assert mask(cond, frame, lambda md: dt.date(2016, *map(int, md.split("-")))).tolist() == [True, False]
