"""Find and load rubric and waiver files; every failure names the file, line and field."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from elschool_audit.errors import Location, RubricError
from elschool_audit.rubric.model import Rubric, WaiverFile
from elschool_audit.yamlfile import load_model, load_yaml, node_line

DEFAULT_RUBRIC = "longbien-2016-17.yaml"
RUBRIC_ENV = "ELSCHOOL_AUDIT_RUBRIC"


@dataclass(frozen=True)
class LoadedRubric:
    rubric: Rubric
    path: Path
    hash: str
    """First 12 hex digits of the file's SHA-256: which exact rubric a recorded run used."""


def rubric_dirs() -> list[Path]:
    """Where built-in rubrics are looked for: ./rubrics, then the checkout the package runs from."""
    here = Path(__file__).resolve()
    candidates = [Path.cwd() / "rubrics", here.parents[3] / "rubrics"]
    return [p for p in dict.fromkeys(candidates) if p.is_dir()]


def default_rubric_path() -> Path:
    env = os.environ.get(RUBRIC_ENV)
    if env:
        return Path(env)
    for folder in rubric_dirs():
        if (folder / DEFAULT_RUBRIC).is_file():
            return folder / DEFAULT_RUBRIC
    raise RubricError(
        f"không tìm thấy rubric mặc định {DEFAULT_RUBRIC}; dùng --rubric FILE hoặc đặt {RUBRIC_ENV} / "
        f"default rubric not found: pass --rubric FILE or set {RUBRIC_ENV}"
    )


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
    return RubricError(exc.message, replace(loc, field=field)) if field else exc


def load_rubric(path: Path | None = None) -> LoadedRubric:
    path = path or default_rubric_path()
    try:
        rubric = load_model(path, Rubric, RubricError)
    except RubricError as exc:
        located = _locate(exc, path)
        if located is exc:
            raise
        raise located from exc
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return LoadedRubric(rubric, path, digest)


def load_waivers(path: Path, rubric: Rubric) -> WaiverFile:
    """Waivers are validated against the rubric: a waiver for an unknown rule is an error, not a no-op."""
    try:
        waivers = load_model(path, WaiverFile, RubricError)
    except RubricError as exc:
        located = _locate(exc, path)
        if located is exc:
            raise
        raise located from exc
    root = None
    for i, waiver in enumerate(waivers.waivers):
        if rubric.rule(waiver.rule) is None:
            if root is None:
                root = load_yaml(path, RubricError)[1]
            raise RubricError(
                f"miễn trừ cho tiêu chí không có trong rubric / waiver for unknown rule {waiver.rule}",
                Location(file=str(path), line=node_line(root, ["waivers", i, "rule"]), field=f"waivers.{i}.rule"),
            )
    return waivers
