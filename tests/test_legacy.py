"""Tests for elschool_audit.sheets.legacy: TCVN3 and VNI tables, detection, column decoding."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elschool_audit.sheets.legacy import (
    ENCODINGS,
    Encoding,
    decode_column,
    detect_legacy,
    font_encoding,
    font_is_uppercase,
    from_unicode,
    is_vietnamese_syllable,
    legacy_score,
    to_unicode,
)

TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
LOWER = [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in TONES] + ["đ"]
UPPER = [ch.upper() for ch in LOWER]
# The 134 precomposed letters that are not plain ASCII.
VIETNAMESE_LETTERS = [ch for ch in LOWER + UPPER if not ch.isascii()]
TCVN3_UPPER_CODES = {"Ă", "Â", "Đ", "Ê", "Ô", "Ơ", "Ư"}

# Real, common syllables; each must be accepted by the syllable checker.
_SYLLABLE_TEXT = """
trường học sinh giáo viên phòng máy tính thiết bị đồ dùng dạy lớp năm tháng ngày kiểm tra sử
dụng cài đặt phần mềm điện tử bảng tương tác mạng khoẻ khỏe quỹ thuở nguyễn trần lê phạm hoàng
huỳnh võ đặng bùi đỗ hồ ngô dương lý việt nam hà nội long biên quận huyện xã phường ấp ổn định
chưa đạt không có rồi được người những của và các để với trong này đã cho từ khi đến nhiều cũng
sẽ hiệu trưởng tổ chuyên môn toán văn tiếng anh địa lí hoá hóa vật thể dục âm nhạc mĩ thuật tin
công nghệ giữa cuối kì khuya xoay ngoặt khuỷu ươm yêu ẩm ừ ở quyết khuyên nghiêng giặt gìn giữ
xoong oai muốn gửi cứu chịu kêu mèo ngoằn quân quà quạt quốc gia giấy tuần thuyền luyện khuyết
hoạch uống ướt ích ếch ốc đức giang thượng thanh gia lâm bồ đề sài đồng phúc lợi ngọc thụy
"""
SYLLABLES = _SYLLABLE_TEXT.split()
NON_ASCII_SYLLABLES = [s for s in SYLLABLES if not s.isascii()]


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


@st.composite
def sentences(draw: st.DrawFn, alphabet: list[str] = SYLLABLES, tcvn3_safe: bool = False) -> str:
    """A Vietnamese-looking sentence: syllables, some capitalised, with punctuation."""
    words = draw(st.lists(st.sampled_from(alphabet), min_size=1, max_size=12))
    out = []
    for word in words:
        style = draw(st.sampled_from(["lower", "lower", "title", "upper"]))
        cased = {"lower": word, "title": _title(word), "upper": word.upper()}[style]
        if tcvn3_safe and any(ch.isupper() and ch not in TCVN3_UPPER_CODES for ch in cased):
            # TCVN3 has no capitals with a tone: keep only the ASCII capitals it can write
            cased = "".join(
                ch if not ch.isupper() or ch.isascii() or ch in TCVN3_UPPER_CODES else ch.lower() for ch in cased
            )
        out.append(cased)
    sep = draw(st.sampled_from([" ", " ", ", ", " - ", ". "]))
    return sep.join(out)


# ------------------------------------------------------------------------------------ tables


def test_letter_inventory() -> None:
    assert len(LOWER) == 73
    assert len(VIETNAMESE_LETTERS) == 134


@pytest.mark.parametrize("letter", VIETNAMESE_LETTERS)
def test_vni_round_trips_every_letter(letter: str) -> None:
    encoded = from_unicode(letter, "vni")
    assert encoded != letter or letter in "íìÍÌ"  # VNI keeps í/ì as they are
    assert all(ord(ch) <= 0xFF for ch in encoded)
    assert to_unicode(encoded, "vni") == letter


@pytest.mark.parametrize("letter", [ch for ch in VIETNAMESE_LETTERS if ch.islower()])
def test_tcvn3_round_trips_every_lowercase_letter(letter: str) -> None:
    encoded = from_unicode(letter, "tcvn3")
    assert len(encoded) == 1
    assert ord(encoded) <= 0xFF
    assert to_unicode(encoded, "tcvn3") == letter


@pytest.mark.parametrize("letter", [ch for ch in VIETNAMESE_LETTERS if ch.isupper()])
def test_tcvn3_round_trips_every_uppercase_letter(letter: str) -> None:
    if letter in TCVN3_UPPER_CODES:
        encoded = from_unicode(letter, "tcvn3")
        assert len(encoded) == 1
        assert to_unicode(encoded, "tcvn3") == letter
    else:
        # No code in the .VnTime fonts: capitals are typed in lowercase codes in a .VnTimeH font.
        with pytest.raises(ValueError, match="cannot be written in tcvn3"):
            from_unicode(letter, "tcvn3")
    encoded_h = from_unicode(letter.lower(), "tcvn3")
    assert to_unicode(encoded_h, "tcvn3", uppercase=True) == letter


def test_tables_are_injective() -> None:
    for encoding in ENCODINGS:
        codes = [from_unicode(ch, encoding) for ch in LOWER + sorted(TCVN3_UPPER_CODES)]
        assert len(set(codes)) == len(codes), encoding
    vni = [from_unicode(ch, "vni") for ch in VIETNAMESE_LETTERS]
    assert len(set(vni)) == len(vni)


@pytest.mark.parametrize(
    ("legacy", "encoding", "expected"),
    [
        ("Tr\u00adêng THCS §øc Giang", "tcvn3", "Trường THCS Đức Giang"),
        ("Phßng m¸y tÝnh", "tcvn3", "Phòng máy tính"),
        ("ViÖt Nam", "tcvn3", "Việt Nam"),
        ("hép møt tÕt", "tcvn3", "hộp mứt tết"),
        ("B¶o Th¾ng", "tcvn3", "Bảo Thắng"),
        ("NguyÔn V¨n An", "tcvn3", "Nguyễn Văn An"),
        ("Xin chaøo caùc baïn", "vni", "Xin chào các bạn"),
        ("Tröôøng THCS Ñöùc Giang", "vni", "Trường THCS Đức Giang"),
        ("Vieät Nam", "vni", "Việt Nam"),
        ("ngöôøi", "vni", "người"),
        ("TRÖÔØNG", "vni", "TRƯỜNG"),
        ("Ñaøo", "vni", "Đào"),
        ("thieát bò", "vni", "thiết bị"),
        ("khuyûu", "vni", "khuỷu"),
        ("Aùnh", "vni", "Ánh"),  # mixed case left by Excel's PROPER(): the base letter decides
        ("2016 - 12,5%", "tcvn3", "2016 - 12,5%"),
        ("2016 - 12,5%", "vni", "2016 - 12,5%"),
    ],
)
def test_known_conversions(legacy: str, encoding: Encoding, expected: str) -> None:
    assert to_unicode(legacy, encoding) == expected


def test_uppercase_font() -> None:
    assert to_unicode("tr\u00adêng thcs ®øc giang", "tcvn3", uppercase=True) == ("TRƯỜNG THCS ĐỨC GIANG")


@given(sentences())
def test_vni_round_trips_sentences(sentence: str) -> None:
    encoded = from_unicode(sentence, "vni")
    assert to_unicode(encoded, "vni") == sentence
    assert to_unicode(from_unicode(unicodedata.normalize("NFD", sentence), "vni"), "vni") == (sentence)


@given(sentences(tcvn3_safe=True))
def test_tcvn3_round_trips_sentences(sentence: str) -> None:
    encoded = from_unicode(sentence, "tcvn3")
    assert to_unicode(encoded, "tcvn3") == sentence
    upper = to_unicode(from_unicode(sentence.lower(), "tcvn3"), "tcvn3", uppercase=True)
    assert upper == sentence.upper()


@pytest.mark.parametrize(("text", "encoding"), [("España", "vni"), ("Müller", "tcvn3")])
def test_from_unicode_refuses_characters_that_would_read_back_differently(text: str, encoding: Encoding) -> None:
    with pytest.raises(ValueError):
        from_unicode(text, encoding)


# ------------------------------------------------------------------------------------ fonts


@pytest.mark.parametrize(
    ("font", "encoding", "upper"),
    [
        (".VnTime", "tcvn3", False),
        (".VnTimeH", "tcvn3", True),
        (".VnArial", "tcvn3", False),
        (".VnArial NarrowH", "tcvn3", True),
        (".vntime", "tcvn3", False),
        ("VNI-Times", "vni", False),
        ("VNI-Helve", "vni", False),
        ("vni-times", "vni", False),
        ("VNI Times", "vni", False),
        ("Times New Roman", None, False),
        ("Arial", None, False),
        ("", None, False),
        (None, None, False),
    ],
)
def test_fonts(font: str | None, encoding: Encoding | None, upper: bool) -> None:
    assert font_encoding(font) == encoding
    assert font_is_uppercase(font) is upper


# ------------------------------------------------------------------------------------ syllables


@pytest.mark.parametrize("word", SYLLABLES)
def test_real_syllables_are_accepted(word: str) -> None:
    assert is_vietnamese_syllable(word)
    assert is_vietnamese_syllable(word.upper())
    assert is_vietnamese_syllable(unicodedata.normalize("NFD", word))


@pytest.mark.parametrize(
    "word",
    ["häc", "tr\u00adêng", "®îc", "ViÖt", "caùc", "chaøo", "café", "naïve", "ngh", "tt", "hoàt",
     "mèc", "áá", "xyz", "qa", "ẵ", "â", "Microsoft"],
)  # fmt: skip
def test_non_syllables_are_rejected(word: str) -> None:
    assert not is_vietnamese_syllable(word)


# ------------------------------------------------------------------------------------ detection


def column(encoding: Encoding, texts: list[str]) -> list[str]:
    return [from_unicode(t, encoding) for t in texts]


REAL_COLUMN = [
    "Trường THCS Đức Giang",
    "Phòng máy tính số 1",
    "Bảng tương tác thông minh",
    "Máy chiếu đa năng",
    "Nguyễn Văn Hùng",
    "Trần Thị Hương",
    "Đã cài đặt phần mềm",
    "Chưa sửa chữa được",
    "Loa và tai nghe",
    "Ghi chú: hỏng màn hình",
]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_detects_realistic_columns(encoding: Encoding) -> None:
    cells = column(encoding, [t.lower() if encoding == "tcvn3" else t for t in REAL_COLUMN])
    assert detect_legacy(cells) == encoding
    scores = legacy_score(cells)
    other = "vni" if encoding == "tcvn3" else "tcvn3"
    assert scores[encoding] > 0.5
    assert scores[encoding] > scores[other]


@given(
    st.sampled_from(ENCODINGS),
    st.lists(st.sampled_from(NON_ASCII_SYLLABLES), min_size=24, max_size=60, unique=True),
    st.integers(min_value=2, max_value=6),
)
def test_detects_converted_sentences(encoding: Encoding, words: list[str], per_cell: int) -> None:
    texts = [" ".join(words[i : i + per_cell]) for i in range(0, len(words), per_cell)]
    assert detect_legacy(column(encoding, texts)) == encoding


def test_too_little_text_is_not_decided() -> None:
    assert detect_legacy([from_unicode("học", "tcvn3")]) is None
    assert detect_legacy(column("vni", ["Việt Nam", "người"])) is None


@given(st.lists(sentences(), min_size=1, max_size=40))
def test_unicode_vietnamese_is_never_legacy(texts: list[str]) -> None:
    assert detect_legacy(texts) is None
    assert detect_legacy([unicodedata.normalize("NFD", t) for t in texts]) is None
    assert detect_legacy(texts, min_chars=1) is None
    assert decode_column(texts) == (texts, None)


@given(st.lists(sentences(alphabet=[s for s in SYLLABLES if all(ord(c) <= 0xFF for c in s)])))
def test_unicode_vietnamese_without_special_letters_is_never_legacy(texts: list[str]) -> None:
    # Only letters that also exist in Latin-1 (có, không, máy, tôi…): the hardest case.
    assert detect_legacy(texts, min_chars=1) is None
    assert legacy_score(texts) == {"tcvn3": 0.0, "vni": 0.0}


@given(st.lists(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E))))
def test_ascii_is_never_legacy(texts: list[str]) -> None:
    assert detect_legacy(texts, min_chars=0) is None
    assert legacy_score(texts) == {"tcvn3": 0.0, "vni": 0.0}


_ENGLISH_TEXT = (
    "The projector in room 12 was repaired; café menu, naïve résumé, Zoë's £5 fee © 2016 ® "
    "Microsoft Office™ 365 – déjà vu, façade, piñata, Ångström, Øresund, Müller, ½ day, 25°C, "
    "§ 3.1 ¶ 2, «quoted» ¿qué? ¡sí!"
)
ENGLISH = _ENGLISH_TEXT.split(", ")


@given(st.lists(st.sampled_from(ENGLISH), min_size=1, max_size=100))
def test_english_with_latin1_symbols_is_never_legacy(texts: list[str]) -> None:
    assert detect_legacy(texts) is None


@given(
    st.lists(
        st.one_of(
            st.integers().map(str),
            st.floats(allow_nan=False).map(str),
            st.sampled_from(["1.234,5", "12,5%", "£12", "€ 3", "½", "¼", "25°", "05/09/2016"]),
        ),
        max_size=200,
    )
)
def test_numbers_are_never_legacy(texts: list[str]) -> None:
    assert detect_legacy(texts, min_chars=1) is None


# ------------------------------------------------------------------------------------ columns


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_decode_column_pure_legacy(encoding: Encoding) -> None:
    originals = [t.lower() if encoding == "tcvn3" else t for t in REAL_COLUMN] + ["có", "1", ""]
    cells = column(encoding, originals)
    decoded, found = decode_column(cells)
    assert found == encoding
    assert decoded == originals  # including the ambiguous "có" (TCVN3 "cã", VNI "coù")


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_decode_column_mixed_keeps_unicode_cells(encoding: Encoding) -> None:
    legacy_rows = [t.lower() if encoding == "tcvn3" else t for t in REAL_COLUMN]
    unicode_rows = ["Phòng máy", "Có", "Không", "Trường Tiểu học", "Tôi là Hà", "Mèo"]
    cells = column(encoding, legacy_rows) + unicode_rows
    decoded, found = decode_column(cells)
    assert found == encoding
    assert decoded[: len(legacy_rows)] == legacy_rows
    assert decoded[len(legacy_rows) :] == unicode_rows


def test_decode_column_with_known_font_and_uppercase() -> None:
    cells = [from_unicode("trường thcs đức giang", "tcvn3"), "2016"]
    decoded, found = decode_column(cells, "tcvn3", uppercase=True)
    assert found == "tcvn3"
    assert decoded == ["TRƯỜNG THCS ĐỨC GIANG", "2016"]


@given(st.lists(sentences(), min_size=1, max_size=20), st.sampled_from(ENCODINGS))
def test_decode_column_never_touches_genuine_unicode_cells(texts: list[str], encoding: Encoding) -> None:
    decoded, _ = decode_column(texts, encoding)
    for before, after in zip(texts, decoded, strict=True):
        if any(ord(ch) > 0xFF for ch in before):
            assert after == before
