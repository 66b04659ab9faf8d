"""Run audits: one school, or every school of a roster, isolating each school's failures.

A school whose folder cannot be read becomes a result with ``error`` set; the others are still
audited. The exit code the CLI derives from these results says what happened.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from elschool_audit.engine import evaluate
from elschool_audit.errors import ConfigError, SourceError
from elschool_audit.i18n import Lang, current_language, each_language, set_language
from elschool_audit.results import DistrictResult, Msg, SchoolResult
from elschool_audit.roster import Profile, Roster, School
from elschool_audit.rubric.loader import LoadedRubric
from elschool_audit.rubric.model import Waiver
from elschool_audit.sources.interface import Source, Staged

EXIT_OK = 0
EXIT_BELOW_STANDARD = 1
EXIT_INCOMPLETE = 2

ENV_JOBS = "ELSCHOOL_AUDIT_JOBS"
SCHOOLS_PER_WORKER = 8
"""Each worker process is replaced by a fresh one after this many schools: what a process keeps
between schools (text caches, a heap fragmented by the largest tables) then stops growing with
the district. Not ``max_tasks_per_child``: on Python 3.11-3.13 it can leave queued tasks with no
worker (CPython gh-115634)."""
MAX_DEFAULT_JOBS = 8
"""Default worker processes at most: each holds one school's tables (up to ~100 MB for a large
school), so a 64-core server does not start 64 of them unasked."""


def audit_school(
    loaded: LoadedRubric,
    school: School,
    source: Source,
    as_of: dt.date,
    *,
    profile: Profile | None = None,
    waivers: Iterable[Waiver] = (),
) -> SchoolResult:
    return audit_staged(
        loaded, school, source.describe(school), lambda: source.collect(school), as_of, profile=profile, waivers=waivers
    )


def audit_staged(
    loaded: LoadedRubric,
    school: School,
    where: str,
    collect: Staged,
    as_of: dt.date,
    *,
    profile: Profile | None = None,
    waivers: Iterable[Waiver] = (),
) -> SchoolResult:
    """One school from a callable that builds its workbook (in this process or a worker's)."""
    try:
        workbook = collect()
    except SourceError as exc:
        return unreadable(
            loaded, school, as_of, where, Msg("school_unreadable", each_language("reason", exc.text)), profile
        )
    return evaluate(
        loaded.rubric,
        school,
        workbook,
        as_of,
        profile=profile,
        waivers=waivers,
        rubric_hash=loaded.hash,
        source=where,
    )


def unreadable(
    loaded: LoadedRubric, school: School, as_of: dt.date, where: str, error: Msg, profile: Profile | None
) -> SchoolResult:
    """A school that could not be audited at all: no score, the reason located at the school."""
    return SchoolResult(
        school_id=school.id,
        school_name=school.name,
        level=school.level,
        profile=profile or school.profile,
        pilot=school.pilot,
        clc=school.clc,
        as_of=as_of,
        rubric_id=loaded.rubric.id,
        rubric_hash=loaded.hash,
        results=(),
        sections=(),
        earned=0.0,
        possible=0.0,
        bonus=0.0,
        pass_mark=loaded.rubric.pass_mark,
        source=where,
        error=error,
    )


def audit_district(
    loaded: LoadedRubric,
    roster: Roster,
    source: Source,
    as_of: dt.date,
    *,
    schools: Iterable[School] | None = None,
    waivers: Iterable[Waiver] = (),
    progress: Callable[[School], None] | None = None,
    profile: Profile | None = None,
    jobs: int | None = None,
) -> DistrictResult:
    """Audit schools in roster order, each school's tables dropped once it is scored (memory
    stays that of the largest school, per process).

    The source's ``prepare(schools)`` is handed the whole list first, so a remote source (Drive)
    can list every school's folder in a few shared calls instead of one per school.

    ``jobs`` (default: ``ELSCHOOL_AUDIT_JOBS``, else the usable cores, at most 8) worker processes
    read and score schools side by side when the source can ``stage`` them: the local source hands
    each worker the folder, the Drive source fetches each school here (one quota, one process
    talking to Google) while the workers read and score the schools fetched before it. The
    result is the same as with ``jobs=1``, which audits in this process.
    """
    waivers = list(waivers)
    todo = list(schools if schools is not None else roster.schools)
    source.prepare(todo)
    workers = min(jobs if jobs is not None else default_jobs(), len(todo))
    job = _Job(loaded, as_of, waivers, profile)
    if workers > 1:
        results = list(_audit_in_pool(job, source, todo, workers, progress))
    else:
        results = []
        for school in todo:
            if progress is not None:
                progress(school)
            results.append(audit_school(loaded, school, source, as_of, waivers=waivers, profile=profile))
    return DistrictResult(roster.district, as_of, loaded.rubric.id, loaded.hash, tuple(results))


def default_jobs(env: dict[str, str] | None = None) -> int:
    """Worker processes for a district run: ``ELSCHOOL_AUDIT_JOBS`` if set, else the cores this
    process may use (at most ``MAX_DEFAULT_JOBS``)."""
    raw = (os.environ if env is None else env).get(ENV_JOBS, "").strip()
    if raw:
        if not raw.isdigit() or int(raw) < 1:
            raise ConfigError("env_positive_int", name=ENV_JOBS, value=repr(raw))
        return int(raw)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_JOBS))


@dataclass(frozen=True)
class _Job:
    """What every worker needs, sent once when it starts (not with each school)."""

    loaded: LoadedRubric
    as_of: dt.date
    waivers: list[Waiver]
    profile: Profile | None

    def audit(self, school: School, where: str, staged: Staged) -> SchoolResult:
        return audit_staged(self.loaded, school, where, staged, self.as_of, waivers=self.waivers, profile=self.profile)

    def unreadable(self, school: School, where: str, error: Msg) -> SchoolResult:
        return unreadable(self.loaded, school, self.as_of, where, error, self.profile)


_WORKER: list[tuple[_Job, Lang]] = []


def _start_worker(job: _Job, lang: Lang) -> None:
    """A worker ignores Ctrl-C (the parent stops it) and renders errors in the run's language."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    set_language(lang)
    _WORKER[:] = [(job, lang)]


def _audit_one(school: School, where: str, staged: Staged) -> SchoolResult:
    return _WORKER[0][0].audit(school, where, staged)


def _pool(job: _Job, workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        workers,
        mp_context=_context(),
        initializer=_start_worker,
        initargs=(job, current_language()),
    )


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one: a clean process that imports the package once and forks each
    worker from it (fork from this process could copy a lock held by one of its threads); spawn
    elsewhere."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["elschool_audit.audit", "elschool_audit.sources.local"])
    return context


@dataclass
class _Pending:
    """A school handed to the pool, or already decided here (its folder could not be fetched)."""

    school: School
    where: str
    staged: Staged | None = None
    future: Future[SchoolResult] | None = None
    result: SchoolResult | None = None

    def settled(self) -> bool:
        """Scored, or decided here."""
        return self.future is None or self.future.done()

    def release(self) -> None:
        """A school scored lets go of its fetched files: only a worker's death needs them again,
        and scored schools may wait a while behind a slow one before their turn in the report."""
        future = self.future
        if future is not None and future.done() and not future.cancelled() and future.exception() is None:
            self.staged = None


class _Slot:
    """One worker process of its own, replaced after ``SCHOOLS_PER_WORKER`` schools or when it
    died. A process per slot, not one shared pool: a worker is renewed the moment it is idle,
    without waiting for the others (no barrier), and an old worker has exited before its
    successor starts (memory stays that of ``workers`` processes)."""

    def __init__(self, job: _Job) -> None:
        self.job = job
        self.pool: ProcessPoolExecutor | None = None
        self.given = 0
        self.item: _Pending | None = None

    @property
    def current(self) -> Future[SchoolResult] | None:
        return self.item.future if self.item is not None else None

    def free(self) -> bool:
        return self.current is None or self.current.done()

    def submit(self, item: _Pending) -> None:
        assert item.staged is not None and self.free()
        if self.pool is None or self.given >= SCHOOLS_PER_WORKER or self._broken():
            self._renew()
        if self.item is not None:
            self.item.release()
        assert self.pool is not None
        item.future = self.pool.submit(_audit_one, item.school, item.where, item.staged)
        self.item = item
        self.given += 1

    def _broken(self) -> bool:
        return self.current is not None and isinstance(self.current.exception(), BrokenProcessPool)

    def _renew(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)  # idle: returns once the process has exited
        self.pool = _pool(self.job, 1)
        self.given = 0

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)

    def stop(self) -> None:
        if self.pool is not None:
            _stop(self.pool)


class _Workers:
    """``workers`` slots; a school goes to whichever is free first."""

    def __init__(self, job: _Job, workers: int) -> None:
        self.slots = [_Slot(job) for _ in range(workers)]

    def submit(self, item: _Pending) -> None:
        """Hands the school to a free worker, first waiting for one to finish if all are busy."""
        busy = [slot.current for slot in self.slots if not slot.free() and slot.current is not None]
        if len(busy) == len(self.slots):
            wait(busy, return_when=FIRST_COMPLETED)
        next(slot for slot in self.slots if slot.free()).submit(item)

    def close(self) -> None:
        for slot in self.slots:
            slot.close()

    def stop(self) -> None:
        for slot in self.slots:
            slot.stop()


def _audit_in_pool(
    job: _Job, source: Source, todo: list[School], workers: int, progress: Callable[[School], None] | None
) -> Iterator[SchoolResult]:
    """Each school's result in roster order. The first school handed over tells whether the
    source can be staged; if not, every school is audited here. At most ``workers`` schools are
    in the workers at a time, so memory holds a few schools' files, not the district's; a school
    waits for a free worker, not for the schools before it to finish."""
    order = _handing_order(source, todo, workers)
    first = _stage(job, source, todo[order[0]], progress)
    if first.result is None and first.staged is None:
        yield from _audit_here(job, source, todo, order[0], progress)
        return
    team = _Workers(job, workers)
    placed: dict[int, _Pending] = {}
    turn = 0
    try:
        for handed, index in enumerate(order):
            item = first if handed == 0 else _stage(job, source, todo[index], progress)
            if item.staged is not None:
                team.submit(item)
            placed[index] = item
            while turn in placed and placed[turn].settled():
                yield _finish(job, placed.pop(turn))
                turn += 1
        for index in range(turn, len(todo)):
            yield _finish(job, placed.pop(index))
    except BaseException:
        team.stop()
        raise
    team.close()


def _handing_order(source: Source, todo: list[School], workers: int) -> list[int]:
    """Roster positions in the order schools are handed to the workers: roster order, except that
    the ``2 × workers`` lightest schools go last, heaviest of them first, when the source can
    weigh its schools. The run then ends on small schools, so the workers finish close together
    instead of one large school running alone while the others idle. Not heaviest first for the
    whole district: each worker would read its 8 schools (``SCHOOLS_PER_WORKER``) all large,
    and a worker's memory grows with the large schools it has read. A school the source cannot
    weigh (a folder that cannot be listed) counts as the lightest; a source that weighs none
    keeps roster order."""
    weights = [source.weight(school) for school in todo]
    if all(weight is None for weight in weights):
        return list(range(len(todo)))
    lightest = sorted(range(len(todo)), key=lambda index: weights[index] or 0)[: 2 * workers]
    held = set(lightest)
    return [index for index in range(len(todo)) if index not in held] + lightest[::-1]


def _audit_here(
    job: _Job, source: Source, todo: list[School], ticked: int, progress: Callable[[School], None] | None
) -> Iterator[SchoolResult]:
    """Every school in this process, in roster order (the source cannot be staged)."""
    for index, school in enumerate(todo):
        if progress is not None and index != ticked:
            progress(school)
        yield audit_school(job.loaded, school, source, job.as_of, waivers=job.waivers, profile=job.profile)


def _stage(job: _Job, source: Source, school: School, progress: Callable[[School], None] | None) -> _Pending:
    if progress is not None:
        progress(school)
    where = source.describe(school)
    try:
        return _Pending(school, where, staged=source.stage(school))
    except SourceError as exc:
        error = Msg("school_unreadable", each_language("reason", exc.text))
        return _Pending(school, where, result=job.unreadable(school, where, error))


def _finish(job: _Job, item: _Pending) -> SchoolResult:
    """The school's result; a worker that died (killed, out of memory, a reader crash) loses the
    school it held: it is audited again alone, and one that kills its worker again is that
    school's error; the other schools are audited."""
    if item.result is not None:
        return item.result
    assert item.future is not None
    try:
        return item.future.result()
    except BrokenProcessPool:
        assert item.staged is not None
        return _audit_alone(job, item.school, item.where, item.staged)


def _audit_alone(job: _Job, school: School, where: str, staged: Staged) -> SchoolResult:
    pool = _pool(job, 1)
    try:
        return pool.submit(_audit_one, school, where, staged).result()
    except BrokenProcessPool:
        return job.unreadable(school, where, Msg("school_worker_died", {}))
    except BaseException:
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Ctrl-C or an error in the parent: drop the queued schools and end the workers now rather
    than after their current school."""
    processes: dict[Any, Any] = dict(getattr(pool, "_processes", None) or {})
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes.values():
        process.terminate()
    for process in processes.values():
        process.join(5)


def under(results: Iterable[SchoolResult], fail_under: float) -> list[SchoolResult]:
    """Schools scoring under ``fail_under`` percent (an unscored school counts as under it)."""
    return [r for r in results if r.error is None and (r.score or 0.0) * 100 + 1e-9 < fail_under]


def exit_code(results: Iterable[SchoolResult], fail_under: float | None = None) -> int:
    """0: every school meets the standard; 1: some do not; 2: some could not be (fully) audited — a
    school unreadable, a file unreadable, or a rule that could not be checked (a missing sheet or
    column): a verdict built on missing evidence must not look like an ordinary pass or fail.

    With ``fail_under`` the district's own threshold replaces the rubric's pass mark for the exit
    code, looser or stricter: exit 1 exactly when some school scores under it."""
    results = list(results)
    incomplete = any(
        r.error is not None
        or any(p.message.key == "file_unreadable" for p in r.problems)
        or any(x.status == "error" for x in r.results)  # a rule that could not be checked
        for r in results
    )
    if incomplete:
        return EXIT_INCOMPLETE
    if fail_under is not None:
        return EXIT_BELOW_STANDARD if under(results, fail_under) else EXIT_OK
    return EXIT_OK if all(r.meets_standard for r in results) else EXIT_BELOW_STANDARD
