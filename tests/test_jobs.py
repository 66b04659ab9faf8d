"""District runs in worker processes (``--jobs``): the same results as in-process, in roster
order; a worker that dies is that school's error and the others are still audited."""

from __future__ import annotations

import collections
import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest

from elschool_audit import audit
from elschool_audit.audit import EXIT_INCOMPLETE, audit_district, default_jobs, exit_code
from elschool_audit.errors import ConfigError
from elschool_audit.results import SchoolResult
from elschool_audit.roster import School, load_roster
from elschool_audit.rubric.loader import load_rubric
from elschool_audit.sources.local import LocalSource
from elschool_audit.workbook import Workbook
from tests.conftest import SAMPLES
from tests.fakegoogle import FakeGoogle
from tests.fakegoogle.district import mirror_district, source_for

AS_OF = dt.date(2017, 1, 31)
SMALL = ("Nhat ky bao tri.xlsx", "Tu kiem tra.xlsx")
"""Two small workbooks per school: worker start-up, not reading, is what this test pays for."""


class DyingSource(LocalSource):
    """The local source, except that reading one school kills the process reading it."""

    def __init__(self, root: Path, dies: str) -> None:
        super().__init__(root)
        self.dies = dies

    def collect(self, school: School) -> Workbook:
        if school.id == self.dies:
            os._exit(3)  # what an out-of-memory kill or a reader crash looks like to the parent
        return super().collect(school)


@pytest.mark.parametrize(("per_worker", "dies"), [(1, 1), (8, 0)], ids=["pool-renewed", "pool-broken-early"])
def test_workers_give_the_in_process_results_in_order_and_a_dead_worker_is_one_school_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, per_worker: int, dies: int
) -> None:
    """Each worker replaced after every school; or a worker that dies at once, replaced when the
    third school is handed over, while the other worker goes on."""
    monkeypatch.setattr(audit, "SCHOOLS_PER_WORKER", per_worker)
    roster = load_roster(SAMPLES / "roster.yaml")
    picked = roster.schools[:3]
    for school in picked:
        folder = tmp_path / (school.folder or school.id)
        folder.mkdir()
        for name in SMALL:
            shutil.copy(SAMPLES / (school.folder or school.id) / name, folder / name)
    loaded = load_rubric(None)
    dying = picked[dies].id
    ticks: list[str] = []

    pooled = audit_district(
        loaded,
        roster,
        DyingSource(tmp_path, dying),
        AS_OF,
        schools=picked,
        jobs=2,
        progress=lambda s: ticks.append(s.id),
    )

    others = [school for school in picked if school.id != dying]
    alone = audit_district(loaded, roster, LocalSource(tmp_path), AS_OF, schools=others, jobs=1)
    assert [s.school_id for s in pooled.schools] == [s.id for s in picked]
    assert sorted(ticks) == sorted(s.id for s in picked)  # the lightest handed over last
    assert [s for s in pooled.schools if s.school_id != dying] == list(alone.schools)
    assert all(s.possible > 0 for s in alone.schools)
    dead = pooled.schools[dies]
    assert dead.error is not None and dead.error.key == "school_worker_died"
    assert dead.results == () and dead.source == str(tmp_path / (picked[dies].folder or dying))
    assert exit_code(pooled.schools) == EXIT_INCOMPLETE


class TimedSource(LocalSource):
    """An empty school that takes a set time to read (asleep, so the machine's load does not
    matter) and notes when its reading started and ended; weighed by that time, or not at all."""

    def __init__(self, root: Path, seconds: dict[str, float], log: Path, weighed: bool) -> None:
        super().__init__(root)
        self.seconds = seconds
        self.log = log
        self.weighed = weighed

    def weight(self, school: School) -> int | None:
        return int(self.seconds[school.id] * 1000) if self.weighed else None

    def collect(self, school: School) -> Workbook:
        started = time.monotonic()
        time.sleep(self.seconds[school.id])
        with self.log.open("a", encoding="utf-8") as out:
            out.write(f"{school.id} {started} {time.monotonic()}\n")
        return Workbook()


def _timed_run(tmp_path: Path, slow: int, weighed: bool) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Seven schools, one slow, two workers: when each school was read, and the order they were
    handed over in."""
    roster = load_roster(SAMPLES / "roster.yaml")
    schools = [roster.schools[i % len(roster.schools)].model_copy(update={"id": f"s{i}"}) for i in range(7)]
    seconds = {s.id: (2.5 if i == slow else 0.02) for i, s in enumerate(schools)}
    log = tmp_path / "times.txt"
    ticks: list[str] = []
    source = TimedSource(tmp_path, seconds, log, weighed)

    result = audit_district(
        load_rubric(None), roster, source, AS_OF, schools=schools, jobs=2, progress=lambda s: ticks.append(s.id)
    )

    assert [s.school_id for s in result.schools] == [s.id for s in schools]
    times = {school: (float(start), float(end)) for school, start, end in map(str.split, log.read_text().splitlines())}
    return times, ticks


def test_a_slow_school_does_not_keep_the_other_workers_waiting(tmp_path: Path) -> None:
    """The first school is slow; the other worker audits every other school meanwhile, instead
    of waiting for the slow one because results are given in roster order."""
    times, ticks = _timed_run(tmp_path, slow=0, weighed=False)
    assert ticks == [f"s{i}" for i in range(7)]
    assert all(end < times["s0"][1] for school, (_, end) in times.items() if school != "s0")


def test_the_lightest_schools_are_handed_over_last(tmp_path: Path) -> None:
    """The last school of the roster is the heaviest: it goes before the four lightest (twice
    the workers), so the run does not end with it running alone after the others."""
    times, ticks = _timed_run(tmp_path, slow=6, weighed=True)
    assert ticks == ["s4", "s5", "s6", "s3", "s2", "s1", "s0"]
    assert times["s6"][0] < max(start for school, (start, _) in times.items() if school != "s6")


def test_jobs_default_from_the_environment_and_refuses_nonsense() -> None:
    assert default_jobs({"ELSCHOOL_AUDIT_JOBS": "3"}) == 3
    assert 1 <= default_jobs({}) <= 8
    for bad in ("0", "-2", "many"):
        with pytest.raises(ConfigError):
            default_jobs({"ELSCHOOL_AUDIT_JOBS": bad})


@pytest.mark.parametrize("export", [True, False], ids=["xlsx-export", "sheets-api"])
def test_a_drive_district_in_workers_is_fetched_here_once_and_scored_as_in_process(
    fake_google: FakeGoogle, service_account_file: Path, tmp_path: Path, export: bool
) -> None:
    """Workers read and score what this process fetched: the same results, the same Google calls
    (each file fetched once, none by a worker), and a school whose folder is missing is still its
    own error."""
    small = tmp_path / "district"
    small.mkdir()
    shutil.copy(SAMPLES / "roster.yaml", small / "roster.yaml")
    for school in load_roster(SAMPLES / "roster.yaml").schools:
        (small / school.id).mkdir()
        for name in SMALL:
            shutil.copy(SAMPLES / (school.folder or school.id) / name, small / school.id / name)
    mirrored = mirror_district(fake_google, small)
    missing = mirrored.roster.schools[0].model_copy(
        update={"id": "th-khong-co", "name": "Trường không có thư mục", "drive_folder": "1NoSuchFolderAnywhere"}
    )
    picked = [*mirrored.roster.schools[:3], missing]
    loaded = load_rubric(None)

    def run(jobs: int) -> tuple[list[SchoolResult], collections.Counter[str]]:
        fake_google.reset_counts()
        source = source_for(fake_google, service_account_file, mirrored.roster, use_cache=False, export=export)
        try:
            result = audit_district(loaded, mirrored.roster, source, AS_OF, schools=picked, jobs=jobs)
        finally:
            source.close()
        return list(result.schools), collections.Counter(fake_google.calls)

    alone, calls_alone = run(1)
    pooled, calls_pooled = run(2)
    assert pooled == alone and [s.school_id for s in pooled] == [s.id for s in picked]
    assert all(s.error is None and s.possible > 0 for s in pooled[:3])
    assert pooled[3].error is not None and pooled[3].error.key == "school_unreadable"
    assert calls_pooled == calls_alone and calls_alone["drive.files.export" if export else "sheets.values.batchGet"] > 0
