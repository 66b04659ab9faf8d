"""The message catalogue is whole: every key in both languages, with the same placeholders, and
every key the code asks for exists (a missing key would show its internal name to a user)."""

from __future__ import annotations

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


def test_an_unknown_key_renders_as_itself_rather_than_crashing() -> None:
    from elschool_audit.results import Msg

    assert i18n.render(Msg("no_such_key_xyz"), "en") == "no_such_key_xyz"


def test_every_check_type_has_words_for_rubric_show() -> None:
    from elschool_audit.rubric.checks.interface import REGISTRY

    assert set(REGISTRY) and all(f"check_type_{name}" in i18n.LABELS for name in REGISTRY)
