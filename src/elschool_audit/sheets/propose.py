"""`sheets map`: a proposed mapping file, written from what the tool sees in a school's books.

Every guess carries a comment saying what it rests on, so the IT lead reviews guesses rather than
writing YAML from nothing; what the tool could not decide (an ambiguous tab, a kind that still
needs a column) is written as a line to complete, never as a silent choice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from elschool_audit.i18n import Lang, label
from elschool_audit.sheets.context import Years, origin_words
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.sheets.mapping import IGNORE, MAPPING_FILE
from elschool_audit.sheets.parser import Grid, detect


@dataclass(frozen=True)
class SeenTab:
    file: str
    tab: str
    grid: Grid


def _q(value: object) -> str:
    """A YAML scalar: JSON's double-quoted strings and literals are valid YAML."""
    return json.dumps(value, ensure_ascii=False)


def _tab_entry(seen: SeenTab, lang: Lang) -> list[str]:
    cat = catalogue()
    found = detect(seen.grid, seen.file, seen.tab)
    head = [f"  - file: {_q(seen.file)}", f"    tab: {_q(seen.tab)}"]
    match = found.match
    if match is not None and match.kind.name in cat.others:
        return [*head, f"    kind: {IGNORE}  # {label('map_guess_other', lang, kind=match.kind.title(lang))}"]
    if match is not None:
        read = ", ".join(f"«{text}» → {name}" for name, text in match.headers.items())
        guess = label("map_guess_kind", lang, kind=match.kind.title(lang), read=read)
        lines = [*head, f"    kind: {match.kind.name}  # {guess}"]
        fixed = {n: a for n, a in match.assumed.items() if a.origin not in ("master", "device_name")}
        if fixed:
            lines.append("    fixed:")
            for name, assumed in fixed.items():
                where = f" «{assumed.text}»" if assumed.text else ""
                guess = label("map_guess_fixed", lang, origin=origin_words(assumed.origin, lang), where=where)
                lines.append(f"      {name}: {_q(assumed.value)}  # {guess}")
        lines.extend(_year_line(match.years, lang))
        return lines
    if found.ambiguous:
        kinds = f" {label('or', lang)} ".join(f"{k} («{cat.kind(k).title(lang)}»)" for k in found.ambiguous)
        check = label("map_check_ambiguous", lang, kinds=kinds, ignore=IGNORE)
        return [*head, f"    kind: {found.ambiguous[0]}  # {check}"]
    if found.closest is not None:
        kind = cat.kinds[found.closest]
        check = label("map_check_closest", lang, kind=kind.title(lang), ignore=IGNORE)
        lines = [*head, f"    kind: {kind.name}  # {check}"]
        lines.append(f"    fixed:  # {label('map_fixed_hint', lang)}")
        for name in found.missing:
            col = kind.columns[name]
            lines.append(f"      # {name}: …  # {label('map_missing', lang, header=col.header(lang), type=col.type)}")
        return lines
    return [*head, f"    kind: {IGNORE}  # {label('map_unrecognised', lang)}"]


def _year_line(years: Years, lang: Lang) -> list[str]:
    """The school year a dd/mm book's title names, when it is not a calendar year's."""
    start = years.start
    if start is None or years.origin == "mapping" or (start.month, start.day) == (1, 1):
        return []
    year = start.year if start.month >= 8 else start.year - 1
    origin = origin_words(years.origin, lang)
    guess = label("map_guess_year", lang, year=year, next=year + 1, origin=origin, text=years.text)
    return [f"    year: {year}  # {guess}"]


def propose_mapping(tabs: Iterable[SeenTab], where: str, today: dt.date | None = None, lang: Lang = "vi") -> str:
    """The text of a proposed mapping file for these tabs, every guess commented in ``lang`` (the
    run's language: the IT lead who reads and edits it)."""
    day = (today or dt.date.today()).isoformat()
    lines = [
        f"# {label('map_title', lang, file=MAPPING_FILE, day=day)}",
        f"# {label('map_review', lang, where=where)}",
        f"#   {label('map_lint_command', lang)}",
        f"# {label('map_docs', lang)}",
        "version: 1",
        f"headers: {{}}  # {label('map_headers', lang)}",
        "tabs:",
    ]
    entries = [_tab_entry(t, lang) for t in tabs]
    if not entries:
        lines[-1] = "tabs: []"
    for entry in entries:
        lines.extend(entry)
    return "\n".join(lines) + "\n"
