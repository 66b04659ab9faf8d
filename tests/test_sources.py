"""The source registry and the source-generic roster fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pytest

from elschool_audit.audit import audit_district
from elschool_audit.errors import ConfigError
from elschool_audit.roster import Roster, School, load_roster
from elschool_audit.rubric.loader import load_rubric
from elschool_audit.sources.interface import Source, source_entry, source_names
from elschool_audit.sources.local import LocalSource
from elschool_audit.sources.select import open_source
from elschool_audit.workbook import Workbook

SAMPLES = Path(__file__).resolve().parents[1] / "sample_sheets"


def test_a_path_is_the_local_source_and_a_name_its_registered_source() -> None:
    assert "drive" in source_names()
    assert "local" not in source_names()
    assert source_entry("drive").name == "drive"
    assert source_entry(str(SAMPLES)).name == "local"
    assert source_entry(None).name == "local"


def test_open_source_local_finds_the_roster_in_the_folder() -> None:
    source, roster_path = open_source(str(SAMPLES), None)
    assert isinstance(source, LocalSource)
    assert roster_path == SAMPLES
    source, roster_path = open_source(None, SAMPLES / "roster.yaml")
    assert isinstance(source, LocalSource) and source.root == SAMPLES


def test_drive_without_a_roster_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="--roster"):
        open_source("drive", None)


def test_every_source_is_prepared_once_with_the_whole_run() -> None:
    """``prepare`` is part of the protocol: the audit calls it on any source, no ``getattr``."""

    class Counting(Source):
        def __init__(self) -> None:
            self.local = LocalSource(SAMPLES)
            self.prepared: list[list[str]] = []

        def describe(self, school: School) -> str:
            return self.local.describe(school)

        def collect(self, school: School) -> Workbook:
            return Workbook()

        def prepare(self, schools: Iterable[School]) -> None:
            self.prepared.append([s.id for s in schools])

    roster = load_roster(SAMPLES)
    source = Counting()
    audit_district(load_rubric(None), roster, source, dt.date(2016, 11, 30), schools=roster.schools[:2])
    assert source.prepared == [[s.id for s in roster.schools[:2]]]
    LocalSource(SAMPLES).prepare(roster.schools)


def test_roster_takes_a_portal_per_school_as_a_url_or_with_its_profile() -> None:
    roster = Roster.model_validate(
        {
            "drive_root": "abc",
            "schools": [
                {"id": "a", "name": "A", "level": "TH", "portal": "https://thaimoa.longbien.edu.vn"},
                {
                    "id": "b",
                    "name": "B",
                    "level": "MN",
                    "drive_folder": "xyz",
                    "portal": {"url": "http://mnb.example.vn/", "profile": "nukeviet"},
                },
            ],
        }
    )
    a, b = roster.schools
    assert a.portal is not None and a.portal.profile == "generic"
    assert b.portal is not None and b.portal.profile == "nukeviet" and b.drive_folder == "xyz"
    with pytest.raises(ValueError, match="url"):
        School.model_validate({"id": "c", "name": "C", "level": "TH", "portal": {"url": "ftp://x"}})


def test_portal_is_a_registered_source_and_portal_flag_cross_checks(tmp_path: Path) -> None:
    from elschool_audit.sources.crosscheck import CrossCheckedSource
    from elschool_audit.sources.portal import PortalSource

    roster = tmp_path / "roster.yaml"
    roster.write_text("schools:\n  - {id: a, name: A, level: TH, portal: 'http://127.0.0.1:9/'}\n", encoding="utf-8")
    source, found = open_source("portal", roster)
    assert isinstance(source, PortalSource) and found == roster
    source, _ = open_source(str(SAMPLES), None, portal=True)
    assert isinstance(source, CrossCheckedSource) and isinstance(source.sheets, LocalSource)
    with pytest.raises(ConfigError, match="--roster"):
        open_source("portal", None)
