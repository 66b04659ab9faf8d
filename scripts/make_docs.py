"""Regenerate the generated parts of docs/: the sheet-kind reference and the rubric's rule table.

    python scripts/make_docs.py          # rewrite docs/sheets.md and the table in docs/rubric.md
    python scripts/make_docs.py --check  # exit 1 if they are out of date (the test suite runs this)

docs/rubric.md is hand-written except between the GENERATED markers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from elschool_audit.rubric.catalog import rubric_record
from elschool_audit.rubric.loader import bundle_rubric, default_bundle, load_rubric
from elschool_audit.sheets.kinds import catalogue

ROOT = Path(__file__).resolve().parent.parent
BEGIN = "<!-- GENERATED: rubric table (scripts/make_docs.py) -->"
END = "<!-- END GENERATED -->"
TYPE_VI = {
    "text": "chữ",
    "date": "ngày",
    "month": "tháng",
    "bool": "có/không",
    "int": "số nguyên",
    "number": "số",
    "percent": "tỉ lệ %",
    "enum": "danh mục (đóng)",
    "open_enum": "danh mục (mở)",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


HAND_WRITTEN = "<!-- Hand-written from here on: scripts/make_docs.py keeps everything below this line. -->"


def sheets_md(current: str = "") -> str:
    """The generated part of docs/sheets.md, then its hand-written tail (``HAND_WRITTEN`` on)."""
    tail = current[current.index(HAND_WRITTEN) :] if HAND_WRITTEN in current else HAND_WRITTEN + "\n"
    return _sheets_generated() + "\n" + tail.rstrip("\n")


def _sheets_generated() -> str:
    cat = catalogue()
    out = [
        "# Sheet kinds (loại bảng tính)",
        "",
        "Generated from `src/elschool_audit/sheets/kinds.yaml` by `scripts/make_docs.py`; do not edit by hand.",
        "",
        "A tab is recognised by its header row (found among the first 15 rows); its file and tab names",
        "only break near-ties. Headers match with or without diacritics, in any case, ignoring punctuation,",
        "parenthesised notes (“Ngày (dd/mm/yyyy)”) and notes after a line break; one-letter slips are",
        "tolerated for longer headers. A kind wins only on a column no other kind has and by a clear",
        "margin; otherwise the tab is reported as ambiguous (see “Sổ sách sẵn có của trường” below).",
        "★ marks a required column: without it the tab's rows cannot be used and the rules that read it",
        "report an error. Value types:",
        "",
        "- **ngày / date**: real dates, Excel/Sheets serials, `dd/mm/yyyy`, `dd-mm-yyyy`, `d/m/yy`,",
        "  `HH:MM:SS dd/mm/yyyy` (always day first);",
        "- **có/không / bool**: có, không, x, ✓, yes/no, 1/0, đạt/không đạt; an empty cell is “no”;",
        "- **số / number**: decimal comma or dot, thousands separators; **tỉ lệ % / percent**: 90%, 0.9 or 90;",
        "- **danh mục / enum**: any accepted spelling below; unknown values are errors (closed) or kept",
        "  and listed as notes (open).",
        "",
        "Blank templates: `elschool-audit sheets template --level MN|TH|THCS -o DIR` (refuses to overwrite",
        "existing files without `--force`; also writes `truong.yaml`, the school's identity for self-checks).",
        "",
        "`posts` is also accepted as a month × category table of counts (`Tháng | Chuyên môn | Đoàn",
        "thể | …`, one row per month, cells = number of posts, a `Tổng` row is dropped): each cell",
        "becomes that many posts with only `month` and `category` filled (evidence: the month's row",
        "and the category's column). The per-month NEWS-* rules read `month` (a post list's `month`",
        "is the month of its `Ngày đăng`), so they judge either layout; the rules that need each",
        "post's own date or detail (weekly schedule, the 15/9 deadline, timetable, picture width)",
        "report a missing column instead of guessing. Counts must be whole numbers from 0 to 1000.",
        "Give a post list or a counts table, not both: both would be counted.",
        "",
    ]
    for kind in cat.kinds.values():
        out += [f"## `{kind.name}` — {kind.vi} ({kind.en})", ""]
        if kind.wide:
            out += [
                f"Also accepted in the wide layout: one row per `{kind.wide.key}`, one column per "
                f"{kind.wide.item_column} (`{kind.wide.item_enum}` values), cells marked x/có.",
                "",
            ]
        out += ["| column | header (template) | type | also accepted |", "|---|---|---|---|"]
        for col in kind.columns.values():
            star = " ★" if col.required else ""
            typ = TYPE_VI[col.type] + (f" `{col.enum}`" if col.enum else "")
            out.append(f"| `{col.name}` | {_cell(col.vi)}{star} | {typ} | {_cell(', '.join(col.aliases))} |")
        out.append("")
    out += [
        "## Other books (sổ không chấm)",
        "",
        "Recognised only so that a tab of one is never read as a kind it resembles; such a tab is",
        "reported as a note (“not read”) and left out.",
        "",
    ]
    for kind in cat.others.values():
        headers = ", ".join(c.vi + (" ★" if c.required else "") for c in kind.columns.values())
        out += [f"- `{kind.name}` — {kind.vi} ({kind.en}): {_cell(headers)}"]
    out += ["", "## Enumerations (danh mục)", ""]
    for enum in cat.enums.values():
        out += [f"### `{enum.name}`", "", "| code | spellings (the first is printed on templates) |", "|---|---|"]
        for code, spellings in enum.values.items():
            out.append(f"| `{code}` | {_cell(', '.join(spellings))} |")
        out.append("")
    return "\n".join(out)


def rubric_table() -> str:
    record = rubric_record(load_rubric(bundle_rubric(default_bundle())), "vi")
    out = [
        BEGIN,
        "",
        f"Rubric `{record['id']}` — {len(record['rules'])} rules, {record['points_total']:g} points, "
        f"pass mark {record['pass_mark'] * 100:g}%.",
        "",
        "| rule | clause | title | levels | model | points | check |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in record["rules"]:
        model = ", ".join(r["profiles"])
        if r["partial_levels"] is not None and "partial" in r["profiles"]:
            model += f" (partial: {', '.join(r['partial_levels'])})"
        flags = [f for f, on in (("pilot only", r["pilot_only"]), ("CLC only", r["clc_only"])) if on]
        if flags:
            model += "; " + ", ".join(flags)
        points = f"+{r['points']:g} bonus" if r["bonus"] else ("info" if r["informational"] else f"{r['points']:g}")
        out.append(
            f"| `{r['id']}` | {_cell(r['clause'])} | {_cell(r['title']['vi'])} | {' '.join(r['levels'])} | "
            f"{model} | {points} | {r['check_type']} |"
        )
    if record["not_evidenced"]:
        out += [
            "",
            "Not evidenced by records (listed, not scored):",
            "",
            "| requirement | clause | why |",
            "|---|---|---|",
        ]
        for n in record["not_evidenced"]:
            out.append(f"| `{n['id']}` | {_cell(n['clause'])} | {_cell(n['reason']['vi'])} |")
    out += ["", END]
    return "\n".join(out)


def rubric_md(current: str) -> str:
    if BEGIN not in current or END not in current:
        raise SystemExit(f"docs/rubric.md lacks the markers {BEGIN!r} … {END!r}")
    head, rest = current.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return head + rubric_table() + tail


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the docs are out of date")
    args = parser.parse_args()
    targets = {
        ROOT / "docs" / "sheets.md": sheets_md(_read(ROOT / "docs" / "sheets.md")) + "\n",
        ROOT / "docs" / "rubric.md": rubric_md((ROOT / "docs" / "rubric.md").read_text(encoding="utf-8")),
    }
    stale = [p for p, text in targets.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if args.check:
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)} (run python scripts/make_docs.py)", file=sys.stderr)
        return 1 if stale else 0
    for p in stale:
        p.write_text(targets[p], encoding="utf-8")
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
