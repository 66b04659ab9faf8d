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
from concurrent.futures import Future, ProcessPoolExecutor
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
from elschool_audit.sources.interface import Source

EXIT_OK = 0
EXIT_BELOW_STANDARD = 1
EXIT_INCOMPLETE = 2

ENV_JOBS = "ELSCHOOL_AUDIT_JOBS"
SCHOOLS_PER_WORKER = 8
"""Workers are replaced (a fresh pool) after about this many schools each: what a process keeps
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
    where = source.describe(school)
    try:
        workbook = source.collect(school)
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
    read and score schools side by side when the source allows it (``parallel = True``: the
    local folder source; a Drive run keeps its download pool and audits in this process). The
    result is the same as with ``jobs=1``, which audits in this process.
    """
    waivers = list(waivers)
    todo = list(schools if schools is not None else roster.schools)
    source.prepare(todo)
    workers = min(jobs if jobs is not None else default_jobs(), len(todo))
    if workers > 1 and getattr(type(source), "parallel", False):
        results = list(_audit_in_pool(_Job(loaded, source, as_of, waivers, profile), todo, workers, progress))
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
    source: Source
    as_of: dt.date
    waivers: list[Waiver]
    profile: Profile | None


_WORKER: list[tuple[_Job, Lang]] = []


def _start_worker(job: _Job, lang: Lang) -> None:
    """A worker ignores Ctrl-C (the parent stops it) and renders errors in the run's language."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    set_language(lang)
    _WORKER[:] = [(job, lang)]


def _audit_one(school: School) -> SchoolResult:
    job, _ = _WORKER[0]
    return audit_school(job.loaded, school, job.source, job.as_of, waivers=job.waivers, profile=job.profile)


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


def _audit_in_pool(
    job: _Job, todo: list[School], workers: int, progress: Callable[[School], None] | None
) -> Iterator[SchoolResult]:
    """Each school's result in roster order, a fresh pool every ``SCHOOLS_PER_WORKER`` schools per
    worker. A worker that dies (killed, out of memory, a reader crash) loses the schools it held:
    each is audited again alone, and one that kills its worker again is that school's error; the
    other schools are audited."""
    batch = workers * SCHOOLS_PER_WORKER
    for first in range(0, len(todo), batch):
        yield from _audit_batch(job, todo[first : first + batch], workers, progress)


def _audit_batch(
    job: _Job, todo: list[School], workers: int, progress: Callable[[School], None] | None
) -> Iterator[SchoolResult]:
    pool = _pool(job, min(workers, len(todo)))
    try:
        futures: list[Future[SchoolResult]] = [pool.submit(_audit_one, school) for school in todo]
        for school, future in zip(todo, futures, strict=True):
            if progress is not None:
                progress(school)
            try:
                yield future.result()
            except BrokenProcessPool:
                yield _audit_alone(job, school)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _audit_alone(job: _Job, school: School) -> SchoolResult:
    pool = _pool(job, 1)
    try:
        return pool.submit(_audit_one, school).result()
    except BrokenProcessPool:
        where = job.source.describe(school)
        return unreadable(job.loaded, school, job.as_of, where, Msg("school_worker_died", {}), job.profile)
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
