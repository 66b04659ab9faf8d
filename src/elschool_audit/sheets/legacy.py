"""Pre-Unicode Vietnamese encodings that old school workbooks still carry.

Before Unicode, Vietnamese was typed in ordinary 8-bit fonts whose Latin-1 glyph slots were
redrawn as Vietnamese letters. A spreadsheet stores the Latin-1 characters, so a cell that
*shows* "Trường" in the font ``.VnTime`` really contains ``"Tr\\xadêng"``. Two such encodings
are still common:

* **TCVN3** (ABC; fonts ``.VnTime``, ``.VnArial``, …): one character per precomposed lowercase
  letter, plus the seven uppercase base letters Ă Â Đ Ê Ô Ơ Ư. There are no uppercase letters
  with a tone: headings use a companion font with an ``H`` suffix (``.VnTimeH``) whose glyphs
  are all uppercase, typed with the lowercase codes. Hence ``to_unicode(..., uppercase=True)``.
* **VNI-Windows** (fonts ``VNI-Times``, ``VNI-Helve``, …): a base letter followed by one mark
  character (``"a" + "ù"`` = "á", ``"a" + "á"`` = "ấ"); ơ/ư/đ and the i/ỵ forms are single
  characters. Decoding is longest-match, so ``"ôù"`` is "ớ" and not "ơ" + "ù".

The tables below were written from the standards and cross-checked against published
converters; the tests round-trip every Vietnamese letter through both encodings.

Detection (:func:`detect_legacy`) never looks at a single cell: a short cell such as ``"Có"``
is valid both as Unicode and as TCVN3 ("Cú"). It pools a column and asks whether the words
that *are not* valid Vietnamese as Unicode *become* valid Vietnamese once converted, while
cells holding genuine Unicode Vietnamese letters (ạ, ư, đ, …, which no legacy font can
produce) are left alone. Legacy conversion must run before :func:`elschool_audit.text.clean`,
which would drop TCVN3's "ư" (a soft hyphen).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

__all__ = [
    "Encoding",
    "decode_column",
    "detect_legacy",
    "font_encoding",
    "font_is_uppercase",
    "from_unicode",
    "has_unicode_letters",
    "is_vietnamese_syllable",
    "legacy_score",
    "to_unicode",
]

Encoding = Literal["tcvn3", "vni"]
ENCODINGS: Final[tuple[Encoding, ...]] = ("tcvn3", "vni")

# --------------------------------------------------------------------------------------------
# tables

_VOWELS: Final = "aăâeêioôơuưy"
# Combining tone marks in the order the tables below list them: none, grave (huyền), hook above
# (hỏi), tilde (ngã), acute (sắc), dot below (nặng) — the order of the TCVN3 code points.
_TONES: Final = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def _letter(vowel: str, tone: str) -> str:
    return unicodedata.normalize("NFC", vowel + tone)


# TCVN3: per lowercase vowel, the code for [no tone, grave, hook, tilde, acute, dot below].
_TCVN3_VOWELS: Final = {
    "a": "aµ¶·¸¹",
    "ă": "¨»¼½¾Æ",
    "â": "©ÇÈÉÊË",
    "e": "eÌÎÏÐÑ",
    "ê": "ªÒÓÔÕÖ",
    "i": "i×ØÜÝÞ",
    "o": "oßáâãä",
    "ô": "«åæçèé",
    "ơ": "¬êëìíî",
    "u": "uïñòóô",
    "ư": "\u00adõö÷øù",
    "y": "yúûüýþ",
}
_TCVN3_OTHER: Final = {
    "đ": "®",
    "Ă": "¡",
    "Â": "¢",
    "Ê": "£",
    "Ô": "¤",
    "Ơ": "¥",
    "Ư": "¦",
    "Đ": "§",
}

# VNI: the mark characters that follow a base letter, as (lowercase, uppercase) tuples in
# _TONES order. Circumflex and breve combine with the tone into one mark (index 0 is the
# toneless "â"/"ă" form); the i forms are whole letters, not marks.
_VNI_TONE_MARKS: Final = (("", "ø", "û", "õ", "ù", "ï"), ("", "Ø", "Û", "Õ", "Ù", "Ï"))
_VNI_CIRCUMFLEX: Final = ("âàåãáä", "ÂÀÅÃÁÄ")
_VNI_BREVE: Final = ("êèúüéë", "ÊÈÚÜÉË")
_VNI_I: Final = ("iìæóíò", "IÌÆÓÍÒ")
_VNI_HORN_BASE: Final = {"ơ": ("ô", "Ô"), "ư": ("ö", "Ö")}
_VNI_Y_DOT: Final = ("î", "Î")
_VNI_D: Final = ("ñ", "Ñ")


def _build_tcvn3() -> dict[str, str]:
    table: dict[str, str] = {}
    for vowel, codes in _TCVN3_VOWELS.items():
        for tone, code in zip(_TONES, codes, strict=True):
            table[_letter(vowel, tone)] = code
    table.update(_TCVN3_OTHER)
    return table


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}
    for case in (0, 1):
        upper = bool(case)

        def cased(s: str, up: bool = upper) -> str:
            return s.upper() if up else s

        for vowel in _VOWELS:
            for t, tone in enumerate(_TONES):
                letter = cased(_letter(vowel, tone))
                if vowel in "aeouy":
                    code = _VNI_Y_DOT[case] if vowel == "y" and t == 5 else cased(vowel) + _VNI_TONE_MARKS[case][t]
                elif vowel in "âêô":
                    code = cased(unicodedata.normalize("NFD", vowel)[0]) + _VNI_CIRCUMFLEX[case][t]
                elif vowel == "ă":
                    code = cased("a") + _VNI_BREVE[case][t]
                elif vowel == "i":
                    code = _VNI_I[case][t]
                else:  # ơ ư
                    code = _VNI_HORN_BASE[vowel][case] + _VNI_TONE_MARKS[case][t]
                table[letter] = code
        table[cased("đ")] = _VNI_D[case]
    return table


#: Unicode letter → legacy character sequence.
_ENCODE: Final[dict[Encoding, dict[str, str]]] = {"tcvn3": _build_tcvn3(), "vni": _build_vni()}


def _build_decoder(encoding: Encoding) -> dict[str, str]:
    decode = {code: letter for letter, code in _ENCODE[encoding].items() if code != letter}
    if encoding == "vni":
        # Case conversions in Excel (PROPER, UPPER on a part) can leave a base letter and its
        # mark in different cases: the base letter decides the case of the result.
        for code, letter in list(decode.items()):
            if len(code) == 2:
                base, mark = code[0], code[1]
                other = mark.lower() if mark.isupper() else mark.upper()
                decode.setdefault(base + other, letter)
    return decode


_DECODE: Final[dict[Encoding, dict[str, str]]] = {e: _build_decoder(e) for e in ENCODINGS}
_TCVN3_TRANSLATE: Final = str.maketrans(_DECODE["tcvn3"])
_VNI_RE: Final = re.compile("|".join(re.escape(k) for k in sorted(_DECODE["vni"], key=len, reverse=True)))
#: Non-ASCII characters that carry a letter (or part of one) in each encoding.
_CODE_CHARS: Final[dict[Encoding, frozenset[str]]] = {
    e: frozenset(ch for code in _DECODE[e] for ch in code if ord(ch) > 0x7F) for e in ENCODINGS
}

#: Every precomposed Vietnamese letter outside ASCII, both cases (the 134).
_ALL_LETTERS: Final = frozenset(
    ch for ch in [_letter(v, t) for v in _VOWELS for t in _TONES] + ["đ"] for ch in (ch, ch.upper()) if not ch.isascii()
)
# Vietnamese letters no legacy font can produce (everything above Latin-1) and the combining
# marks of decomposed (NFD) text: either one in a cell proves the cell is real Unicode.
_GENUINE: Final = frozenset(ch for ch in _ALL_LETTERS if ord(ch) > 0xFF) | frozenset(
    "\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323"
)

# --------------------------------------------------------------------------------------------
# conversion


def to_unicode(s: str, encoding: Encoding, *, uppercase: bool = False) -> str:
    """Convert text typed in a legacy font to Unicode (NFC).

    Characters outside the encoding's table (ASCII, digits, punctuation) pass through. With
    ``uppercase=True`` the result is upper-cased, for text in a TCVN3 ``…H`` font (see
    :func:`font_is_uppercase`), where lowercase codes are drawn as capitals.
    """
    if encoding == "tcvn3":
        out = s.translate(_TCVN3_TRANSLATE)
    elif encoding == "vni":
        decode = _DECODE["vni"]
        out = _VNI_RE.sub(lambda m: decode[m.group(0)], s)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    return out.upper() if uppercase else out


def from_unicode(s: str, encoding: Encoding) -> str:
    """Encode Unicode Vietnamese text in a legacy font encoding (for fixtures and tests).

    Strict so that ``to_unicode(from_unicode(s, e), e) == NFC(s)`` always holds: raises
    ``ValueError`` for a character the encoding cannot represent — in TCVN3 an uppercase letter
    with a tone, even À (write it lowercase and decode with ``uppercase=True``), and in either
    encoding a non-Vietnamese character that would read back as a Vietnamese letter (``ñ`` in
    VNI means "đ").
    """
    table = _ENCODE[encoding]
    codes = _CODE_CHARS[encoding]
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", s):
        code = table.get(ch)
        if code is not None:
            out.append(code)
        elif ch in codes or ch in _ALL_LETTERS or ch in _GENUINE:
            raise ValueError(f"{ch!r} cannot be written in {encoding}")
        else:
            out.append(ch)
    return "".join(out)


def font_encoding(font_name: str | None) -> Encoding | None:
    """The legacy encoding a font implies: ``.Vn…`` fonts are TCVN3, ``VNI…`` fonts are VNI.

    Case-insensitive; any other font (Times New Roman, Arial, …) gives ``None``: its text is
    taken to be Unicode.
    """
    if not font_name:
        return None
    name = font_name.strip().casefold()
    if name.startswith(".vn"):
        return "tcvn3"
    if name.startswith("vni"):
        return "vni"
    return None


def font_is_uppercase(font_name: str | None) -> bool:
    """True for the TCVN3 capitals fonts (``.VnTimeH``, ``.VnArialH``, …: a capital ``H`` suffix).

    Their text is typed with lowercase codes and must be decoded with ``uppercase=True``.
    """
    return font_encoding(font_name) == "tcvn3" and (font_name or "").strip().endswith("H")


# --------------------------------------------------------------------------------------------
# Vietnamese syllable structure, used to judge whether a reading "looks Vietnamese"

_INITIALS: Final = sorted(
    {"", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
     "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"},
    key=len,
    reverse=True,
)  # fmt: skip
_FINALS: Final = ("ch", "ng", "nh", "c", "m", "n", "p", "t", "")
_STOP_FINALS: Final = frozenset({"c", "ch", "p", "t"})
_OPEN_ONLY: Final = frozenset(
    {"ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui", "ưi",
     "ưu", "ưa", "ua", "uơ", "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "ươi",
     "ươu", "uya", "uyu"}
)  # fmt: skip
_NEEDS_FINAL: Final = frozenset({"ă", "â", "iê", "yê", "uô", "ươ", "oă", "uâ", "uyê", "oo"})
_NUCLEI: Final = frozenset(_VOWELS) | _OPEN_ONLY | _NEEDS_FINAL | frozenset({"oa", "oe", "uê", "uy"})
_LETTERS: Final = frozenset("abcdeghiklmnopqrstuvxyăâđêôơư")
_TONE_NAMES: Final = {
    "\u0300": "grave",
    "\u0301": "acute",
    "\u0303": "tilde",
    "\u0309": "hook",
    "\u0323": "dot",
}


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` is spelled like one Vietnamese syllable (any case, NFC or NFD).

    Structural, not a dictionary: initial consonant, vowel nucleus, final consonant, at most
    one tone, stop finals (c, ch, p, t) only with the acute or dot-below tone, open nuclei
    (ai, ưa, iêu, …) without a final. Accepts both tone placements (hoà/hòa). Used only to
    compare how Vietnamese two readings of the same bytes look.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tone: str | None = None
    kept: list[str] = []
    for ch in decomposed:
        name = _TONE_NAMES.get(ch)
        if name is None:
            kept.append(ch)
            continue
        if tone is not None or not kept or kept[-1] not in "aeiouy\u0302\u0306\u031b":
            return False
        tone = name
    base = unicodedata.normalize("NFC", "".join(kept))
    if not base or not set(base) <= _LETTERS:
        return False
    return any(base.startswith(initial) and _rhyme_ok(base[len(initial) :], tone) for initial in _INITIALS)


def _rhyme_ok(rhyme: str, tone: str | None) -> bool:
    for final in _FINALS:
        if not rhyme.endswith(final):
            continue
        nucleus = rhyme[: len(rhyme) - len(final)] if final else rhyme
        if nucleus not in _NUCLEI:
            continue
        if final and nucleus in _OPEN_ONLY:
            continue
        if not final and nucleus in _NEEDS_FINAL:
            continue
        if final in _STOP_FINALS and tone not in ("acute", "dot"):
            continue
        return True
    return False


# --------------------------------------------------------------------------------------------
# detection

_WORD_RE: Final[dict[Encoding, re.Pattern[str]]] = {
    e: re.compile(r"(?:[^\W\d_]|[\u0300-\u036f" + "".join(re.escape(c) for c in sorted(_CODE_CHARS[e])) + r"])+")
    for e in ENCODINGS
}
_MAX_POOL_CHARS: Final = 200_000


def _has_genuine(text: str) -> bool:
    return not _GENUINE.isdisjoint(text)


def has_unicode_letters(text: str) -> bool:
    """True when ``text`` holds a Vietnamese letter (or combining mark) no legacy font can produce.

    Such a cell is Unicode whatever font it is shown in, so it must never be converted.
    """
    return _has_genuine(text)


@dataclass(slots=True)
class _Tally:
    """Word counts behind one encoding's score."""

    words: int = 0  # non-ASCII words in cells without genuine Unicode letters
    pro: int = 0  # invalid as Unicode, valid once converted
    contra: int = 0  # valid as Unicode, invalid once converted
    code_chars: int = 0  # legacy code characters in those cells
    distinct_pro: int = 0

    @property
    def score(self) -> float:
        if not self.words:
            return 0.0
        return max(0.0, (self.pro - self.contra) / self.words)


@lru_cache(maxsize=65536)
def _word_verdict(word: str, encoding: Encoding) -> int:
    """+1 when only the legacy reading of ``word`` is Vietnamese, -1 when only the Unicode one
    is, 0 when both or neither are (no evidence either way)."""
    as_unicode = is_vietnamese_syllable(word)
    converted = is_vietnamese_syllable(to_unicode(word, encoding))
    if converted and not as_unicode:
        # A lone symbol ("£" reads as TCVN3 "Ê") is too weak to count: prices, footnotes.
        return 1 if len(word) > 1 else 0
    if as_unicode and not converted:
        return -1
    return 0


def _tally(texts: Iterable[str], encoding: Encoding) -> _Tally:
    tally = _Tally()
    codes = _CODE_CHARS[encoding]
    word_re = _WORD_RE[encoding]
    pro_words: set[str] = set()
    budget = _MAX_POOL_CHARS
    for text in texts:
        if budget <= 0:
            break
        if not text or text.isascii() or _has_genuine(text):
            continue
        budget -= len(text)
        tally.code_chars += sum(1 for ch in text if ch in codes)
        for word in word_re.findall(text):
            if word.isascii():
                continue
            tally.words += 1
            verdict = _word_verdict(word, encoding)
            if verdict > 0:
                tally.pro += 1
                pro_words.add(word)
            elif verdict < 0:
                tally.contra += 1
    tally.distinct_pro = len(pro_words)
    return tally


def legacy_score(texts: Iterable[str]) -> dict[str, float]:
    """How strongly a column's pooled text looks like each legacy encoding, in [0, 1].

    The score of an encoding is the share of non-ASCII words (in cells without genuine Unicode
    Vietnamese letters) that are not Vietnamese as Unicode but are once converted, minus the
    share for which conversion breaks a word that was already Vietnamese. Unicode Vietnamese,
    ASCII, English and numbers score 0. Keys: ``"tcvn3"``, ``"vni"``.
    """
    pool = list(texts)
    return {e: _tally(pool, e).score for e in ENCODINGS}


def detect_legacy(texts: Iterable[str], min_chars: int = 20, threshold: float = 0.3) -> Encoding | None:
    """Decide whether a column's text is TCVN3 or VNI typed in a legacy font, else ``None``.

    Pooled over the whole column, because single cells are ambiguous. An encoding is chosen
    when its cells hold at least ``min_chars`` of its code characters, at least three different
    words read as Vietnamese only once converted, and its :func:`legacy_score` reaches
    ``threshold`` and beats the other encoding's. Use it when no font tells the encoding.
    """
    pool = list(texts)
    best: Encoding | None = None
    best_score = 0.0
    runner_up = 0.0
    for encoding in ENCODINGS:
        tally = _tally(pool, encoding)
        qualifies = tally.code_chars >= min_chars and tally.distinct_pro >= 3 and tally.score >= threshold
        score = tally.score if qualifies else 0.0
        if score > best_score:
            best, best_score, runner_up = encoding, score, best_score
        else:
            runner_up = max(runner_up, score)
    if best is None or best_score <= runner_up:
        return None
    return best


def decode_column(
    texts: Sequence[str], encoding: Encoding | None = None, *, uppercase: bool = False
) -> tuple[list[str], Encoding | None]:
    """Convert a column's legacy-encoded cells to Unicode, leaving Unicode cells untouched.

    ``encoding`` comes from the cell font when known (:func:`font_encoding`); otherwise it is
    detected with :func:`detect_legacy`, and when nothing is detected the texts are returned
    unchanged with ``None``. Per cell: a cell holding genuine Unicode Vietnamese letters is kept;
    a cell whose words are all Vietnamese as they stand is kept if conversion would break one,
    and also — because "Có" is both Unicode "Có" and TCVN3 "Cú" — whenever the column mixes in
    genuine Unicode cells (someone added rows in a Unicode font); every other cell is converted.
    """
    if encoding is None:
        encoding = detect_legacy(texts)
        if encoding is None:
            return list(texts), None
    codes = _CODE_CHARS[encoding]
    word_re = _WORD_RE[encoding]
    mixed = any(_has_genuine(t) for t in texts)
    out: list[str] = []
    for text in texts:
        if not text or _has_genuine(text) or codes.isdisjoint(text):
            out.append(text)
            continue
        plain = to_unicode(text, encoding)
        words = [w for w in word_re.findall(text) if not codes.isdisjoint(w)]
        if all(is_vietnamese_syllable(w) for w in words):
            new_words = word_re.findall(plain)
            breaks = not all(is_vietnamese_syllable(w) for w in new_words if not w.isascii())
            if mixed or breaks:
                out.append(text)
                continue
        out.append(plain.upper() if uppercase else plain)
    return out, encoding
