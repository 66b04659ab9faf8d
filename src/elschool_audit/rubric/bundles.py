"""Next year's bundle from this year's: `elschool-audit rubric new --from NAME --year 2017-18`.

Rule dates are mostly written relative to the school year already (``due``/``by`` as MM-DD, the
calendar's start and end), so they carry over. What names a year — the id, titles, the few
absolute dates of conditions and breaks, "tháng 11/2016" in explanations — is shifted by the
difference in years, in the text, so the district's comments survive. Tết moves with the lunar
calendar: its shifted dates are marked for the district to correct, as is the guideline's source.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from elschool_audit.errors import ConfigError, Location
from elschool_audit.i18n import both_languages
from elschool_audit.rubric.loader import RUBRIC_FILE, bundle_rubric, load_rubric

_YEAR_NAME = re.compile(r"^(\d{4})-(\d{2})$")
_NAME_YEAR = re.compile(r"(\d{4})-(\d{2})$")
_YEAR = re.compile(r"\b(20\d\d)(?:-(\d\d)\b(?!-\d))?")
"""A year, or a school-year label "2016-17" (not the "2016-11" of a date)."""
_BREAKS = re.compile(r"^(\s*)breaks:\s*$", re.MULTILINE)
_SOURCE = re.compile(r"^source:", re.MULTILINE)

BREAKS_NOTE = f"# {both_languages('to_edit')}: {both_languages('bundle_breaks_note')}\n"
SOURCE_NOTE = f"# {both_languages('to_edit')}: {both_languages('bundle_source_note')}\n"


def school_year(text: str) -> int:
    """'2017-18' → 2017 (the calendar year the school year starts in)."""
    m = _YEAR_NAME.match(text)
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise ConfigError("school_year_format", value=repr(text))
    return int(m.group(1))


def shift_years(text: str, years: int) -> str:
    """Every year a rubric names, moved by ``years``: "2016-17" labels, ISO and Vietnamese dates."""

    def shifted(m: re.Match[str]) -> str:
        first = int(m.group(1))
        if m.group(2) is not None and (first + 1) % 100 == int(m.group(2)):
            return f"{first + years}-{(first + years + 1) % 100:02d}"
        return str(first + years) + (f"-{m.group(2)}" if m.group(2) is not None else "")

    return _YEAR.sub(shifted, text)


def new_bundle(source: str, year: str, out: Path, *, force: bool = False) -> Path:
    """Write the bundle for ``year`` from the shipped bundle ``source`` into ``out``; returns its
    rubric file, validated. An existing ``out`` is refused unless ``force`` (a district's edits)."""
    start = school_year(year)
    m = _NAME_YEAR.search(source)
    if not m:
        raise ConfigError("bundle_name_no_year", name=repr(source))
    years = start - int(m.group(1))
    origin = bundle_rubric(source).parent
    if out.exists() and any(out.iterdir()) and not force:
        raise ConfigError(
            "folder_not_empty",
            Location(file=str(out)),
        )
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(origin.iterdir()):
        if path.is_file() and path.name != RUBRIC_FILE:
            shutil.copyfile(path, out / path.name)
    text = shift_years((origin / RUBRIC_FILE).read_text(encoding="utf-8"), years)
    text = _BREAKS.sub(lambda b: b.group(1) + BREAKS_NOTE.rstrip("\n") + "\n" + b.group(0), text, count=1)
    text = _SOURCE.sub(lambda s: SOURCE_NOTE + s.group(0), text, count=1)
    target = out / RUBRIC_FILE
    target.write_text(text, encoding="utf-8")
    load_rubric(target)  # what we wrote must be a sound rubric, or the district gets an error, not a surprise
    return target
