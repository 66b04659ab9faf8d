"""The message catalogue is whole: every key in both languages, with the same placeholders, and
every key the code asks for exists (a missing key would show its internal name to a user)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from elschool_audit import i18n

SRC = Path(__file__).resolve().parents[1] / "src" / "elschool_audit"
TABLES = {"MESSAGES": i18n.MESSAGES, "LABELS": i18n.LABELS}


def _fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_entry_has_both_languages_with_the_same_placeholders(table: str) -> None:
    bad = []
    for key, pair in TABLES[table].items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        vi, en = pair
        if not vi.strip() or not en.strip():
            bad.append(f"{key}: empty text")
        elif _fields(vi) != _fields(en):
            bad.append(f"{key}: vi {sorted(_fields(vi))} ≠ en {sorted(_fields(en))}")
    assert not bad, "\n".join(bad)


_MSG_KEY = re.compile(r"""\b(?:Msg|Error|too_large)\(\s*["']([a-z0-9_]+)["']""")
_PROBLEM_KEY = re.compile(r"""\bProblem\(\s*["'](?:error|warning|note|info)["']\s*,\s*["']([a-z0-9_]+)["']""")


def _keys_used_in_code() -> dict[str, str]:
    used: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for rx in (_MSG_KEY, _PROBLEM_KEY):
            for m in rx.finditer(text):
                used.setdefault(m.group(1), f"{path.relative_to(SRC)}:{text.count(chr(10), 0, m.start()) + 1}")
    return used


def test_every_message_key_the_code_uses_is_in_the_catalogue() -> None:
    used = _keys_used_in_code()
    assert len(used) > 50, "the scan found too few keys: the pattern no longer matches the code"
    missing = {k: where for k, where in used.items() if k not in i18n.MESSAGES}
    assert not missing, missing


_LABEL_KEY = re.compile(r"""\b(?:label|say|both_languages)\(\s*["']([a-z0-9_]+)["']\s*[,)]""")


def test_every_label_key_the_code_names_is_in_the_catalogue() -> None:
    """``label("desc_presence", …)`` (and ``Words.say``) with a missing key would show the key."""
    used: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for m in _LABEL_KEY.finditer(text):
            used.setdefault(m.group(1), f"{path.relative_to(SRC)}:{text.count(chr(10), 0, m.start()) + 1}")
    assert len(used) > 100, "the scan found too few keys: the pattern no longer matches the code"
    missing = {k: where for k, where in used.items() if k not in i18n.LABELS}
    assert not missing, missing


def test_an_unknown_key_renders_as_itself_rather_than_crashing() -> None:
    from elschool_audit.results import Msg

    assert i18n.render(Msg("no_such_key_xyz"), "en") == "no_such_key_xyz"


def test_every_check_type_has_words_for_rubric_show() -> None:
    from elschool_audit.rubric.checks.interface import REGISTRY

    assert set(REGISTRY) and all(f"check_type_{name}" in i18n.LABELS for name in REGISTRY)


def test_every_origin_of_an_assumed_value_has_words() -> None:
    from elschool_audit.sheets.context import ORIGINS

    assert ORIGINS and all(f"origin_{name}" in i18n.LABELS for name in ORIGINS)


# --- no user text outside the catalogue (issue 12) ---------------------------------------------

_VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE)

DATA_FILES = {
    "i18n.py": "the catalogue itself",
    "sheets/legacy.py": "TCVN3/VNI decoding tables: Vietnamese letters are the data being converted",
    "text.py": "folding rules ('đ' → 'd'): how text is compared, never shown",
}
"""Files whose Vietnamese literals are all data."""

DATA_LITERALS: dict[str, set[str]] = {
    # spellings the tool reads back (its own CSV heads, so it never audits its own report)
    "marker.py": {"Mã trường", "Trường", "Tiêu chí"},
    # the default district name, a proper name written into reports as given
    "roster.py": {"Phòng GD&ĐT"},
    # a school-name prefix stripped for narrow columns ('Trường THCS Ái Mộ' → 'THCS Ái Mộ')
    "reports/cells.py": {"trường ", "Trường "},
    "reports/formats/terminal.py": {"trường ", "Trường "},
    # the hidden sheet the drop-downs refer to, and the yes/no spellings the parser reads
    "sheets/templates.py": {"Danh mục", '"có,không"'},
    # patterns matching how schools name rooms, classes, districts and date ranges
    "sheets/context.py": {
        r"(?:phòng|phong|p\.)\s*[^,;:()\-–]+$",
        r"^(?:lớp\s+)?(\d{1,2}\s*[A-Za-z]{1,2}\d{0,2})$",
        r"\b(gd|gdđt|gd&đt|giáo dục|quận|huyện|thị xã|thành phố|tỉnh)\b",
        r"(?:năm|nam)\s+(20\d\d)\b|\b(20\d\d)\b",
        r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(20\d\d|\d\d)\D+?(?:đến|den|-|–)\D*?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(20\d\d|\d\d)",
        "Lớp ",
    },
    # documentation of the JSON report's fields, for programmers (docs/report-schema.json)
    "reports/shapes.py": {
        "Đạt chuẩn: score ≥ pass_mark and every must-pass component (scoring.components) passed; bonus never counts."
    },
    # a portal's tables as the sheets name them, and the cell values written into them
    "sources/portal.py": {
        "Tin bài (cổng TTĐT)",
        "Kho học liệu (cổng TTĐT)",
        "Văn bản (cổng TTĐT)",
        r"(?:lớp|khối|lop|khoi)\s*(\d{1,2})",
        r"(?:số|so)?\s*:?\s*(\d+\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ][A-ZĐa-z0-9]*(?:\s*-\s*[A-ZĐ0-9]+)*)",
        "Có",
        "Không",
        "Có chú thích",
    },
}
"""Single literals that are data (spellings read or written as cell values), not messages."""


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            for statement in node.body:
                if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):  # incl. attributes
                    out.add(id(statement.value))
    return out


def vietnamese_literals(source: str) -> list[tuple[int, str]]:
    """String literals (f-string parts included) holding a Vietnamese letter, docstrings aside:
    docstrings are for programmers and quote the school's words as examples."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and _VIETNAMESE.search(node.value)
    ]


def test_the_scan_sees_vietnamese_in_literals_and_f_strings_but_not_in_docstrings() -> None:
    found = vietnamese_literals('"""Trường."""\nx = "Đạt"\ny = f"{x} không đạt"\nz = "Pass"\n')
    assert [text for _, text in found] == ["Đạt", " không đạt"]


def test_no_vietnamese_text_outside_the_catalogue() -> None:
    """User text lives in i18n.py; a Vietnamese literal elsewhere is a message that bypasses it
    (and so shows Vietnamese under --lang en), unless it is data listed above with its reason."""
    bad: dict[str, list[str]] = {}
    stale = {name: set(texts) for name, texts in DATA_LITERALS.items()}
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name in DATA_FILES:
            continue
        literals = vietnamese_literals(path.read_text(encoding="utf-8"))
        stale.get(name, set()).difference_update(text for _, text in literals)
        found = [(line, text) for line, text in literals if text not in DATA_LITERALS.get(name, set())]
        if found:
            bad[name] = [f"{line}: {text!r}" for line, text in found]
    assert not bad, f"Vietnamese text outside i18n.py (use a catalogue key): {bad}"
    stale = {name: texts for name, texts in stale.items() if texts}
    assert not stale, f"allowed data literals no longer in the code (drop them from DATA_LITERALS): {stale}"


# --- no English-only sentence outside the catalogue either ------------------------------------

_ENGLISH = re.compile(r"[A-Za-z]{2,}[ ,:;'()]+[a-z]{2,}")
"""Two words of English: a sentence, not a format ("%s: %s"), a key or a path."""

_SHOWN_BY = {"echo", "secho", "print", "info", "warning", "error", "critical", "exception", "field_error"}
"""Calls whose text a person reads: output, logs (debug aside: developers'), a rubric field's error."""

INTERNAL_ERRORS: dict[str, str] = {
    "engine.py::month_end": "a user's --month is refused before, in the catalogue's words (month_bad)",
    "reports/formats/interface.py::_unique": "two format modules declaring one name: a programming error",
    "reports/formats/interface.py::discover": "a format module without FORMAT: a programming error",
    "reports/schema.py::_type": "a record type without a schema: a programming error",
    "rubric/checks/interface.py::register": "a check type registered twice: a programming error",
    "sheets/kinds.py::_make_column": "kinds.yaml ships with the package: its mistakes are the developers'",
    "sheets/kinds.py::catalogue": "kinds.yaml ships with the package: its mistakes are the developers'",
    "sources/google_http.py::__init__": "its env var is refused before, in the catalogue's words (_positive_int)",
}
"""Functions whose English errors only a developer sees (each says why), as ``file::function``."""


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def english_sentences(source: str) -> list[tuple[str, int, str]]:
    """(function, line, text) of English sentences a person would read raw: an exception built from
    plain text (pydantic shows a validator's ``ValueError`` to whoever edits the YAML; an
    ``AuditError`` given text instead of a key shows it in both languages), output, logs and
    ``field_error``. Catalogue keys, formats and ``Invalid("key", …)`` pass."""
    tree = ast.parse(source)
    out = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for call in ast.walk(fn):
            if not isinstance(call, ast.Call) or not call.args:
                continue
            name = _callee(call)
            args = call.args[1:2] if name == "field_error" else call.args[:1]
            if not (name in _SHOWN_BY or name.endswith("Error")) or not args:
                continue
            text = _literal_text(args[0])
            if text and text not in i18n.MESSAGES and _ENGLISH.search(text):
                out.append((fn.name, call.lineno, text))
    return out


def test_the_english_scan_sees_raw_sentences_but_not_keys_or_formats() -> None:
    code = (
        "def f(x):\n"
        "    raise ValueError(f\"'sheet' needs 'column', got {x}\")\n"
        "def g(x):\n"
        "    raise SourceError('drive_http_error', status=1)\n"
        "    log.info('%s: %s', x, x)\n"
        "    raise Invalid('check_sheet_needs_column')\n"
        "    log.info('%s: Drive refused the export', x)\n"
    )
    assert [(fn, text) for fn, _, text in english_sentences(code)] == [
        ("f", "'sheet' needs 'column', got "),
        ("g", "%s: Drive refused the export"),
    ]


def test_no_english_sentence_reaches_a_user_outside_the_catalogue() -> None:
    """A validator's ``raise ValueError("'sheet' needs 'column'")`` showed English in a Vietnamese
    error; user words go through the catalogue (``Invalid``, ``label``), in both languages."""
    bad: list[str] = []
    seen: set[str] = set()
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name in DATA_FILES:
            continue
        for fn, line, text in english_sentences(path.read_text(encoding="utf-8")):
            if f"{name}::{fn}" in INTERNAL_ERRORS:
                seen.add(f"{name}::{fn}")
            else:
                bad.append(f"{name}:{line} ({fn}): {text!r}")
    assert not bad, "English text a user reads, outside i18n.py (use a catalogue key):\n" + "\n".join(bad)
    assert seen == set(INTERNAL_ERRORS), f"no longer in the code: {set(INTERNAL_ERRORS) - seen}"
