"""Tests for elschool_audit.text: cleaning, folding and header matching."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elschool_audit.text import OncePerText, clean, fold, header_key, near_match


class TestClean:
    def test_nfd_equals_nfc(self) -> None:
        nfc = "Trường Tiểu học Đức Giang — Phòng Tin học"
        nfd = unicodedata.normalize("NFD", nfc)
        assert nfd != nfc
        assert clean(nfd) == clean(nfc) == nfc

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("Phòng\u00a0máy", "Phòng máy"),  # NBSP
            ("Phòng\u202fmáy", "Phòng máy"),  # narrow NBSP
            ("Phòng\u2009\u3000máy", "Phòng máy"),  # thin + ideographic space
            ("Phòng\u200bmáy", "Phòngmáy"),  # zero-width space is invisible: dropped
            ("\ufeffSTT", "STT"),  # BOM at the start of a CSV cell
            ("thiết\u200d bị\u200c", "thiết bị"),
            ("Tin\u00adhọc", "Tinhọc"),  # soft hyphen
            ("  Tên\n thiết\r\n\tbị  ", "Tên thiết bị"),
            ("a\u2028b\u2029c", "a b c"),
            ("", ""),
            (" \u00a0\u200b ", ""),
        ],
    )
    def test_spaces_and_invisibles(self, raw: str, expected: str) -> None:
        assert clean(raw) == expected

    def test_zero_width_between_letter_and_mark_still_composes(self) -> None:
        assert clean("e\u200b\u0301") == "é"

    @given(st.text())
    def test_idempotent_and_normalised(self, s: str) -> None:
        once = clean(s)
        assert clean(once) == once
        assert unicodedata.is_normalized("NFC", once)
        assert once == once.strip()
        assert "  " not in once


class TestFold:
    @pytest.mark.parametrize(
        "variant",
        ["Phòng Tin học", "phong tin hoc", "PHÒNG TIN HỌC", "Phòng  Tin\u00a0học", "phòng tin học"],
    )
    def test_equivalent_spellings(self, variant: str) -> None:
        assert fold(variant) == "phong tin hoc"

    def test_nfd_input(self) -> None:
        assert fold(unicodedata.normalize("NFD", "Phòng Tin học")) == "phong tin hoc"

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("Đạt", "dat"),
            ("ĐÃ CÀI ĐẶT", "da cai dat"),
            ("đường", "duong"),
            ("Ðức", "duc"),  # the look-alike eth that some converters produce
            ("Ắ Ằ Ẳ Ẵ Ặ ắ ằ ẳ ẵ ặ", "a a a a a a a a a a"),
            ("Ơ Ư ơ ư Ớ ự", "o u o u o u"),
            ("Nguyễn Thị Hương", "nguyen thi huong"),
        ],
    )
    def test_diacritics_and_d(self, raw: str, expected: str) -> None:
        assert fold(raw) == expected

    @given(st.text())
    def test_no_combining_marks_left(self, s: str) -> None:
        folded = fold(s)
        assert not any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", folded))
        assert "đ" not in folded


class TestHeaderKey:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("Ngày (dd/mm/yyyy)", "ngay"),
            ("NGÀY\n(dd/mm/yyyy)", "ngay"),
            ("Ngày [ghi rõ]", "ngay"),
            ("Tên thiết bị:", "ten thiet bi"),
            ("Tên\nthiết bị", "ten thiet bi"),
            ("Số lượng (chiếc)", "so luong"),
            ("Tỷ lệ (%)", "ty le"),
            ("STT", "stt"),
            ("1. Tên lớp", "1 ten lop"),
            ("Mã_thiết_bị", "ma thiet bi"),
            ("Ghi chú*", "ghi chu"),
            ("Ngày (dd/mm", "ngay"),  # hint cut short by the column width
            ("(Ghi chú)", "ghi chu"),  # only a hint: keep its words
            ("#", ""),
        ],
    )
    def test_keys(self, raw: str, expected: str) -> None:
        assert header_key(raw) == expected


class TestNearMatch:
    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("Tên thiết bị", "ten thiet bi"),
            ("Tên thiết bị", "Tên thiết bj"),  # i/y slip, one substitution
            ("Tên thiết bị", "Tên thiêt bi (ghi rõ)"),
            ("Số lượng", "So luogn"),  # adjacent swap
            ("Số lượng", "Số lượngg"),  # one insertion
            ("Số lượng", "Sốlượng"),  # one deletion
            ("Tỷ lệ", "Tỉ lệ"),  # official i/y spelling variants, short keys too
            ("Lý do", "Lí do"),
            ("Kỹ năng số", "Kĩ năng số"),
            ("Ngày", "NGÀY (dd/mm/yyyy)"),
        ],
    )
    def test_positive(self, a: str, b: str) -> None:
        assert near_match(a, b)
        assert near_match(b, a)

    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("Lớp", "Lop 1"),
            ("Lớp", "Lô"),  # short keys need equality
            ("Tên", "Tiền"),
            ("Số lượng", "Số lượt"),  # two edits
            ("Ngày mượn", "Ngày trả"),
            ("Máy", "Mai"),  # "ay" is a rhyme, not a final y after a consonant
            ("Tên thiết bị", "Tên thiết bị hỏng"),
        ],
    )
    def test_negative(self, a: str, b: str) -> None:
        assert not near_match(a, b)
        assert not near_match(b, a)

    # No "y" (the i/y rule looks at neighbours) and no spaces (header_key collapses them).
    @given(st.text(alphabet="abcdeghiklmnopqrstuvx", min_size=7, max_size=20), st.data())
    def test_one_edit_always_matches_when_long(self, key: str, data: st.DataObject) -> None:
        assert header_key(key) == key
        i = data.draw(st.integers(0, len(key) - 1))
        op = data.draw(st.sampled_from(["sub", "del", "ins", "swap"]))
        if op == "sub":
            edited = key[:i] + "z" + key[i + 1 :]
        elif op == "del":
            edited = key[:i] + key[i + 1 :]
        elif op == "ins":
            edited = key[:i] + "z" + key[i:]
        else:
            edited = key[:i] + key[i + 1 : i + 2] + key[i : i + 1] + key[i + 2 :]
        assert near_match(key, edited)


def test_once_per_text_computes_each_text_once_and_never_stores_other_values() -> None:
    calls: list[str] = []

    def shout(s: str) -> str:
        calls.append(s)
        return s.upper()

    memo: OncePerText[str, object] = OncePerText(shout, lambda v: ("other", v), limit=2)
    assert [memo[v] for v in ("a", "a", "b")] == ["A", "A", "B"]
    assert calls == ["a", "b"]
    # 1 == True: an answer stored for 1 must not be given for True
    assert memo[1] == ("other", 1) and memo[True] == ("other", True) and 1 not in memo
    memo["c"]  # over the limit: the cache starts again
    assert list(memo) == ["c"]
