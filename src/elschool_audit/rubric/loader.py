"""Find and load rubric and waiver files; every failure names the file, line and field."""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel

from elschool_audit.errors import Location, RubricError
from elschool_audit.i18n import each_language, label
from elschool_audit.rubric.model import RoomTable, Rubric, WaiverFile
from elschool_audit.yamlfile import load_model, load_yaml, node_line

M = TypeVar("M", bound=BaseModel)

RUBRIC_ENV = "ELSCHOOL_AUDIT_RUBRIC"
RUBRIC_FILE = "rubric.yaml"
ROOMS_FILE = "rooms.yaml"
"""A bundle is a folder holding ``rubric.yaml`` and, optionally, Appendix 1 as ``rooms.yaml``."""


@dataclass(frozen=True)
class LoadedRubric:
    rubric: Rubric
    path: Path
    hash: str
    """First 12 hex digits of the SHA-256 of the rubric file (and its bundle's tables): which exact
    rubric a recorded run used."""


def bundles_root() -> Path:
    """The bundles shipped inside the package, one folder per guideline year.

    Found through importlib.resources, so an installed wheel has them wherever it is run from.
    """
    root = resources.files("elschool_audit") / "bundles"
    if not isinstance(root, Path):  # a zipped install: the loader reads real files, with line numbers
        raise RubricError("bundles_not_on_disk")
    return root


def bundle_names() -> list[str]:
    """Shipped bundles, oldest guideline year first (their names end with the school year)."""
    return sorted(p.name for p in bundles_root().iterdir() if (p / RUBRIC_FILE).is_file())


def bundle_rubric(name: str) -> Path:
    path = bundles_root() / name / RUBRIC_FILE
    if not path.is_file():
        known = ", ".join(bundle_names())
        raise RubricError("bundle_unknown", name=name, known=known)
    return path


def default_bundle() -> str:
    """The newest shipped guideline year: dropping in next year's bundle makes it the default."""
    names = bundle_names()
    if not names:
        raise RubricError("no_default_rubric", env=RUBRIC_ENV)
    return names[-1]


def default_rubric_path() -> Path:
    """The rubric an audit uses unless told otherwise: $ELSCHOOL_AUDIT_RUBRIC, else the newest bundle."""
    env = os.environ.get(RUBRIC_ENV)
    return Path(env) if env else bundle_rubric(default_bundle())


def _key_paths(node: yaml.Node | None, path: tuple[str | int, ...] = ()) -> Iterator[tuple[int, str]]:
    """(1-based line, dotted field path) of every mapping key under ``node``."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            sub = (*path, str(getattr(key_node, "value", "?")))
            yield key_node.start_mark.line + 1, ".".join(str(p) for p in sub)
            yield from _key_paths(value_node, sub)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _key_paths(item, (*path, i))


def _field_at(path: Path, line: int) -> str | None:
    """The field a YAML syntax error is at (or follows): the key on that line, else the last key before it.

    Composing builds the node tree without constructing values, so it survives duplicate keys; when
    the document does not compose (bad indentation), the lines above the error are used.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for text in ("\n".join(lines), "\n".join(lines[: line - 1])):
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            continue
        keys = [(ln, field) for ln, field in _key_paths(root) if ln <= line]
        if keys:
            on_line = [field for ln, field in keys if ln == line]
            return on_line[0] if on_line else max(keys, key=lambda k: k[0])[1]
    return None


def _locate(exc: RubricError, path: Path) -> RubricError:
    """Add the field path to an error that has a line but no field (a YAML syntax error)."""
    loc = exc.location
    if loc.line is None or loc.field is not None:
        return exc
    field = _field_at(path, loc.line)
    return RubricError(exc.msg, replace(loc, field=field)) if field else exc


def _load_located(path: Path, model: type[M]) -> M:
    try:
        return load_model(path, model, RubricError)
    except RubricError as exc:
        located = _locate(exc, path)
        if located is exc:
            raise
        raise located from exc


def load_rubric(path: Path | None = None) -> LoadedRubric:
    """Load a rubric file, or a bundle folder (its ``rubric.yaml`` with the tables beside it)."""
    path = path or default_rubric_path()
    if path.is_dir():
        path = path / RUBRIC_FILE
    rubric = _load_located(path, Rubric)
    digest = hashlib.sha256(path.read_bytes())
    rooms = path.with_name(ROOMS_FILE)
    if path.name == RUBRIC_FILE and rooms.is_file():
        table = _load_located(rooms, RoomTable)
        if rubric.room_types:
            raise RubricError(
                "room_types_twice",
                Location(file=str(path), field="room_types"),
                file=ROOMS_FILE,
            )
        rubric = rubric.model_copy(update={"room_types": table.room_types})
        digest.update(rooms.read_bytes())
    return LoadedRubric(rubric, path, digest.hexdigest()[:12])


def load_waivers(path: Path, rubric: Rubric, school_ids: Collection[str] | None = None) -> WaiverFile:
    """Waivers are validated against the rubric and, when the schools are known (a roster), against
    them: a waiver for an unknown rule or school is an error naming its line, never a silent no-op."""
    waivers = _load_located(path, WaiverFile)
    for i, waiver in enumerate(waivers.waivers):
        if rubric.rule(waiver.rule) is None:
            raise RubricError("waiver_unknown_rule", _waiver_field(path, i, "rule"), rule=waiver.rule)
        if school_ids is not None and waiver.school not in school_ids:
            close = difflib.get_close_matches(waiver.school, list(school_ids), n=1, cutoff=0.6)
            hints = each_language("hint", partial(label, "did_you_mean", name=close[0])) if close else {}
            raise RubricError(
                "waiver_unknown_school",
                _waiver_field(path, i, "school"),
                **{"school": waiver.school, "hint_vi": "", "hint_en": "", **hints},
            )
    return waivers


def _waiver_field(path: Path, index: int, field: str) -> Location:
    root = load_yaml(path, RubricError)[1]
    line = node_line(root, ["waivers", index, field])
    return Location(file=str(path), line=line, field=f"waivers.{index}.{field}")
