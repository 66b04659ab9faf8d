"""Find and load rubric and waiver files; every failure names the file, line and field."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from elschool_audit.errors import Location, RubricError
from elschool_audit.rubric.model import Rubric, WaiverFile
from elschool_audit.yamlfile import load_model

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


def load_rubric(path: Path | None = None) -> LoadedRubric:
    path = path or default_rubric_path()
    rubric = load_model(path, Rubric, RubricError)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return LoadedRubric(rubric, path, digest)


def load_waivers(path: Path, rubric: Rubric) -> WaiverFile:
    """Waivers are validated against the rubric: a waiver for an unknown rule is an error, not a no-op."""
    waivers = load_model(path, WaiverFile, RubricError)
    for i, waiver in enumerate(waivers.waivers):
        if rubric.rule(waiver.rule) is None:
            raise RubricError(
                f"miễn trừ cho tiêu chí không có trong rubric / waiver for unknown rule {waiver.rule}",
                Location(file=str(path), field=f"waivers.{i}.rule"),
            )
    return waivers
