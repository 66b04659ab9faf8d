"""A school checking its own folder: who the school is (``truong.yaml``), and whether the folder
is one school's records at all.

Without its identity a folder audit cannot score the rules about the school itself (its e-mail
account, its pilot status), so a self-check would disagree with the district's audit of the same
files. ``sheets template`` writes ``truong.yaml`` next to the templates; options override it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from elschool_audit.errors import ConfigError, Location
from elschool_audit.i18n import LANGS, label
from elschool_audit.marker import is_own_output
from elschool_audit.roster import ROSTER_NAMES, Level, School
from elschool_audit.text import fold
from elschool_audit.yamlfile import load_model

IDENTITY_FILE = "truong.yaml"
IDENTITY_FIELDS = ("id", "name", "level", "email", "pilot", "clc")


def read_identity(folder: Path) -> School | None:
    path = folder / IDENTITY_FILE
    if not path.is_file():
        return None
    return load_model(path, School, ConfigError)


def identity_yaml(school: School) -> str:
    head = "".join(f"# {label('identity_file_head', lang)}\n" for lang in LANGS)  # read by both
    data = school.model_dump(include=set(IDENTITY_FIELDS))
    body = yaml.safe_dump({k: data[k] for k in IDENTITY_FIELDS}, allow_unicode=True, sort_keys=False)
    return head + body


def slug(name: str) -> str:
    """A roster-style id from a school's name ("Trường Tiểu học Ái Mộ A" → "truong-tieu-hoc-ai-mo-a")."""
    out = "".join(ch if ch.isalnum() else "-" for ch in fold(name))
    return "-".join(part for part in out.split("-") if part) or "truong"


def self_check_school(folder: Path, **options: Any) -> School:
    """The school a folder self-check audits: ``truong.yaml`` with the given options on top.

    Options left as ``None`` keep the file's value; without the file, ``--level`` is required.
    """
    known = read_identity(folder)
    data: dict[str, Any] = known.model_dump(include=set(IDENTITY_FIELDS)) if known else {}
    data.update({k: v for k, v in options.items() if v is not None})
    if "level" not in data:
        raise ConfigError("selfcheck_needs_level", Location(file=str(folder)), file=IDENTITY_FILE)
    data.setdefault("name", folder.resolve().name)
    data.setdefault("id", "self-check")
    return School.model_validate(data)


def check_school_folder(folder: Path, spreadsheets: list[Path]) -> None:
    """Refuse what is not one school's records: a district folder, or nothing to read at all."""
    roster = next((folder / n for n in ROSTER_NAMES if (folder / n).is_file()), None)
    schools = [d for d in sorted(folder.iterdir()) if d.is_dir() and (d / IDENTITY_FILE).is_file()]
    if roster is not None or len(schools) > 1:
        raise ConfigError("selfcheck_district_folder", Location(file=str(folder)), folder=str(folder))
    if not [p for p in spreadsheets if not is_own_output(p)]:
        raise ConfigError("selfcheck_nothing", Location(file=str(folder)), folder=str(folder))


def template_identity(
    level: Level, name: str, school_id: str | None, email: str | None, pilot: bool, clc: bool
) -> School:
    return School(
        id=school_id or (slug(name) if name else "self-check"),
        name=name or label("identity_unnamed_school", "vi"),  # a name as the roster writes it: Vietnamese
        level=level,
        email=email,
        pilot=pilot,
        clc=clc,
    )
