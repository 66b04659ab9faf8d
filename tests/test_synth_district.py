"""The benchmark district's data is pinned by its VERSION: results are only comparable on the same data.

benchmarks/synth.py (the ``year`` volume of scripts/synthdistrict/) must write the same cell values
for the same VERSION and seed. These fingerprints were taken when the generator was merged with the
sample one and checked cell by cell against the previous generator (issue 12); a change that moves
them must bump ``VERSION`` (and then the fingerprints).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from synthdistrict import year  # noqa: E402  (scripts/ on sys.path)

PINNED = {
    "v2": {
        "mn-001": "a788901d23847b8c8bd102fc03d7e3151013ba90d301ce2a76f2d0af7b7ff4eb",
        "th-001": "bcfd6b7ef084584719e3a09f5f92db3f7637f42c38588e2eb424ffeb6e5fe819",
        "thcs-001": "6898dae8af68f79d87e65ac22d1e3ca02bf9fe460a58f944ca1edeb992ba9add",
    }
}


def fingerprint(school: Any, tmp_path: Path) -> str:
    """A digest of every file, tab, header, title line and row the school's files would hold."""
    digest = hashlib.sha256()

    def sink(path: Path, tabs: Sequence[Any]) -> None:
        digest.update(repr(path.name).encode())
        for name, header, rows, titles in tabs:
            digest.update(repr((name, header, titles, [list(r) for r in rows])).encode())

    year.write_school(school, tmp_path, year.SEED, sink=sink)
    return digest.hexdigest()


@pytest.mark.parametrize("index", [0, 1, 2])
def test_benchmark_schools_keep_their_data_for_a_version(index: int, tmp_path: Path) -> None:
    school = year.schools(index + 1)[index]
    assert fingerprint(school, tmp_path) == PINNED[year.VERSION][school.id], "data changed: bump VERSION"
