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

from elschool_audit.sheets.context import ORIGINS
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


def _tab_entry(seen: SeenTab) -> list[str]:
    cat = catalogue()
    found = detect(seen.grid, seen.file, seen.tab)
    head = [f"  - file: {_q(seen.file)}", f"    tab: {_q(seen.tab)}"]
    match = found.match
    if match is not None and match.kind.name in cat.others:
        return [*head, f"    kind: {IGNORE}  # đoán: đây là «{match.kind.vi}», sổ không có tiêu chí nào chấm"]
    if match is not None:
        read = ", ".join(f"«{text}» → {name}" for name, text in match.headers.items())
        lines = [*head, f"    kind: {match.kind.name}  # đoán: «{match.kind.vi}» theo tiêu đề cột ({read})"]
        fixed = {n: a for n, a in match.assumed.items() if a.origin not in ("master", "device_name")}
        if fixed:
            lines.append("    fixed:")
            for name, assumed in fixed.items():
                origin = ORIGINS[assumed.origin][0]
                where = f" «{assumed.text}»" if assumed.text else ""
                lines.append(f"      {name}: {_q(assumed.value)}  # đoán: {origin}{where}")
        calendar_year = match.years.start is not None and (match.years.start.month, match.years.start.day) == (1, 1)
        if match.years.start is not None and match.years.origin != "mapping" and not calendar_year:
            year = match.years.start.year if match.years.start.month >= 8 else match.years.start.year - 1
            origin = ORIGINS[match.years.origin][0]
            lines.append(f"    year: {year}  # đoán: năm học {year}-{year + 1}, {origin} «{match.years.text}»")
        return lines
    if found.ambiguous:
        kinds = " hoặc ".join(f"{k} («{cat.kind(k).vi}»)" for k in found.ambiguous)
        return [*head, f"    kind: {found.ambiguous[0]}  # CẦN XEM: có thể là {kinds}; giữ một, hoặc ghi {IGNORE}"]
    if found.closest is not None:
        kind = cat.kinds[found.closest]
        lines = [*head, f"    kind: {kind.name}  # CẦN XEM: gần nhất là «{kind.vi}»; nếu không phải, ghi {IGNORE}"]
        lines.append("    fixed:  # điền giá trị chung cho cả trang, hoặc thêm cột vào trang và xoá dòng")
        for name in found.missing:
            col = kind.columns[name]
            lines.append(f"      # {name}: …  # còn thiếu «{col.vi}» ({col.type})")
        return lines
    return [*head, f"    kind: {IGNORE}  # không nhận ra trang này; nếu là hồ sơ, ghi loại của nó"]


def propose_mapping(tabs: Iterable[SeenTab], where: str, today: dt.date | None = None) -> str:
    """The text of a proposed mapping file for these tabs, every guess commented."""
    day = (today or dt.date.today()).isoformat()
    lines = [
        f"# Ánh xạ sổ sách của trường ({MAPPING_FILE}) — elschool-audit sheets map đề xuất ngày {day}",
        f"# cho {where}. Xem từng dòng «đoán» / «CẦN XEM», sửa nếu sai, rồi chạy:",
        "#   elschool-audit sheets lint <thư mục>",
        "# Tài liệu: docs/sheets.md, mục «Sổ sách sẵn có của trường».",
        "version: 1",
        "headers: {}  # tiêu đề cột của trường → cột, dùng cho mọi trang (ví dụ «Tên TB»: name)",
        "tabs:",
    ]
    entries = [_tab_entry(t) for t in tabs]
    if not entries:
        lines[-1] = "tabs: []"
    for entry in entries:
        lines.extend(entry)
    return "\n".join(lines) + "\n"
