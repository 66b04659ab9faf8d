"""Blank .xlsx templates, one per sheet kind a level needs, generated from the sheet kinds.

The templates are made from the same ``kinds.yaml`` the parser reads, so a school that fills one
in is recognised by construction (a round-trip test holds us to it). Drop-down lists come from a
hidden "Danh mục" sheet, because Excel caps an inline list at 255 characters; they only *warn* on
other values, since the parser accepts many spellings of each value.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from elschool_audit.i18n import Lang, label
from elschool_audit.output import safe_filename, write_atomic
from elschool_audit.sheets.kinds import Column, SheetKind, catalogue

HEADER_ROW = 4
"""Rows 1-3 hold the title, the school line and the instructions; the parser finds row 4 itself."""
LAST_ROW = 1000
LISTS_SHEET = "Danh mục"
"""A sheet name, not a message: the same in every language, since formulas refer to it."""


@dataclass(frozen=True)
class Template:
    kind: str
    filename: str
    data: bytes


def _sheet_title(text: str) -> str:
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in text)
    return cleaned[:31]


def _lang(lang: str) -> Lang:
    return "en" if lang == "en" else "vi"


def _comment(col: Column, lang: str) -> str:
    lines = [label(f"template_type_{col.type}", _lang(lang))]
    if col.required:
        lines.append(label("template_required", _lang(lang)))
    if col.aliases:
        lines.append(label("template_also_accepted", _lang(lang), aliases=", ".join(col.aliases[:6])))
    return "\n".join(lines)


def build_template(kind: SheetKind, school_line: str = "", lang: str = "vi") -> bytes:
    """One kind's template as .xlsx bytes."""
    cat = catalogue()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _sheet_title(kind.title(lang))
    columns = list(kind.columns.values())

    ws.cell(row=1, column=1, value=kind.title(lang).upper()).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=school_line or label("template_school_blank", _lang(lang)))
    instructions = label("template_instructions", _lang(lang))
    ws.cell(row=3, column=1, value=instructions).font = Font(italic=True, color="555555")

    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_col = 0
    thin = Side(style="thin", color="999999")
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=i, value=col.header(lang) + (" ★" if col.required else ""))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F6F8B" if col.required else "5B8FA3")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        cell.comment = Comment(_comment(col, lang), "elschool-audit", width=260, height=120)
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(12, min(40, len(col.header(lang)) + 6))
        data_range = f"{letter}{HEADER_ROW + 1}:{letter}{LAST_ROW}"
        if col.type == "date":
            for row in range(HEADER_ROW + 1, HEADER_ROW + 51):
                ws.cell(row=row, column=i).number_format = "dd/mm/yyyy"
        if col.type == "bool":
            # The yes/no spellings the parser reads, not a message: the same list in both languages.
            dv = DataValidation(type="list", formula1='"có,không"', allow_blank=True, errorStyle="warning")
            dv.add(data_range)
            ws.add_data_validation(dv)
        elif col.enum is not None:
            list_col += 1
            enum = cat.enums[col.enum]
            labels = [enum.label(code) for code in enum.values]
            # No header row: a row of column names here would make the parser take this for a data tab.
            for r, text in enumerate(labels, start=1):
                lists.cell(row=r, column=list_col, value=text)
            ref_letter = get_column_letter(list_col)
            formula = f"{quote_sheetname(LISTS_SHEET)}!${ref_letter}$1:${ref_letter}${len(labels)}"
            dv = DataValidation(type="list", formula1=formula, allow_blank=True, errorStyle="warning")
            dv.error = label("template_not_in_list", _lang(lang))
            dv.add(data_range)
            ws.add_data_validation(dv)
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    if list_col == 0:
        wb.remove(lists)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def build_templates(kinds: list[str], school_line: str = "", lang: str = "vi") -> list[Template]:
    cat = catalogue()
    out = []
    for n, name in enumerate(kinds, start=1):
        kind = cat.kinds[name]
        filename = safe_filename(f"{n:02d} {kind.title(lang)}") + ".xlsx"
        out.append(Template(name, filename, build_template(kind, school_line, lang)))
    return out


def write_templates(out_dir: Path, templates: list[Template], extra: dict[str, str] | None = None) -> list[Path]:
    """Write the templates (and ``extra`` small text files by name) into ``out_dir``.

    Callers check ``existing`` first: a filled-in template must never be replaced by a blank one.
    """
    paths = []
    for t in templates:
        path = out_dir / t.filename
        write_atomic(path, t.data)
        paths.append(path)
    for name, text in (extra or {}).items():
        write_atomic(out_dir / name, text)
        paths.append(out_dir / name)
    return paths


def existing(out_dir: Path, templates: list[Template], extra: dict[str, str] | None = None) -> list[Path]:
    """The files ``write_templates`` would overwrite."""
    names = [t.filename for t in templates] + list(extra or {})
    return [out_dir / n for n in names if (out_dir / n).exists()]
