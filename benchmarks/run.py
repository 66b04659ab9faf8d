"""Benchmarks: local throughput, peak memory and Google API calls, each as a ratio to a baseline.

    python benchmarks/run.py [--schools 70] [--quick] [--repeat 3] [--no-drive] [--no-memory]
    make bench

The machine is shared and noisy, so every figure is a ratio against a baseline measured in the
same process (or, for memory, by the same child-process procedure) in the same run, and every
time is the best of ``--repeat`` runs, the measurements of one repetition interleaved so that a
burst of load elsewhere hits all of them alike.

1. Local throughput: audit of the synthetic district (``synth.py``) from local xlsx, versus
   (a) only reading the same files with python-calamine (the fastest raw read; pandas'
   ``engine="calamine"`` is timed too, the faster of the two is the baseline) and (b) reading
   them with pandas + openpyxl.
2. Peak memory (max RSS) as the number of schools grows, each count audited in a fresh process.
3. Google API calls against the fake Google server (``tests/fakegoogle``): a cold and a warm run
   of ``--source drive``, versus a naive gspread reader (``open_by_key`` + ``get_all_records()``
   per tab); then a cold run under a 60 reads/min quota on simulated time, versus the floor
   (Sheets reads ÷ 60 per minute).

Prints a table and writes ``benchmarks/results/<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import gc
import io
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for p in (str(HERE), str(REPO)):
    if p not in sys.path:
        sys.path.insert(0, p)

import synth  # noqa: E402  (benchmarks/ on sys.path)

RESULTS = HERE / "results"
AS_OF = synth.AS_OF
DRIVE_FILES_URL = "https://www.googleapis.com/drive/v3/files"
SHEETS_OPS = ("sheets.spreadsheets.get", "sheets.values.batchGet", "sheets.values.get")
DOWNLOAD_OPS = ("drive.files.export", "drive.files.get_media", *SHEETS_OPS)
DRIVE_CALLS_PER_MINUTE = 1_000
"""Drive calls per minute per user the fake allows: far below Google's published 325,000 quota
units per minute per user (developers.google.com/workspace/drive/api/guides/limits), so the
result holds even if one call cost hundreds of units."""
TARGETS = {
    "audit_vs_raw_read": 2.0,
    "pandas_openpyxl_vs_audit": 5.0,
    "memory_growth": 1.1,
    "sheets_reads_per_sheet": 2.0,
    "list_calls_per_20_folders": 1.0,
    "warm_sheets_reads": 0,
    "quota_time_vs_floor": 1.1,
    "export_time_vs_floor": 0.1,
    "warm_downloads": 0,
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- timing


@dataclass
class Timing:
    name: str
    runs: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    """CPU seconds of this process per run (user + system, ``time.process_time``): on a shared
    machine wall time grows with everybody's load, CPU time much less. Worker processes of a
    ``--jobs`` run are not in it (see ``bench_local``)."""

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def best_cpu(self) -> float:
        return min(self.cpu)

    def as_dict(self) -> dict[str, Any]:
        return {
            "best_s": round(self.best, 4),
            "runs_s": [round(r, 4) for r in self.runs],
            "best_cpu_s": round(self.best_cpu, 4),
            "cpu_s": [round(r, 4) for r in self.cpu],
        }


def interleaved(funcs: dict[str, Callable[[], object]], repeat: int) -> dict[str, Timing]:
    """Best of ``repeat``: each repetition runs every function once, in the same order."""
    timings = {name: Timing(name) for name in funcs}
    for rep in range(repeat):
        for name, fn in funcs.items():
            gc.collect()
            c0 = time.process_time()
            t0 = time.perf_counter()
            fn()
            timings[name].runs.append(time.perf_counter() - t0)
            timings[name].cpu.append(time.process_time() - c0)
            log(f"  [{rep + 1}/{repeat}] {name}: {timings[name].runs[-1]:.2f}s (CPU {timings[name].cpu[-1]:.2f}s)")
    return timings


# ----------------------------------------------------------------------------- local


def read_calamine(files: list[Path]) -> int:
    """Raw read, exactly what the product's reader asks of calamine: every tab as Python rows."""
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in files:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            cells += sum(len(row) for row in grid)
    return cells


def read_pandas(files: list[Path], engine: str) -> int:
    import pandas as pd

    rows = 0
    for path in files:
        frames = pd.read_excel(path, sheet_name=None, header=None, engine=engine)  # type: ignore[call-overload]
        rows += sum(len(f) for f in frames.values())
    return rows


@dataclass
class TimedSource:
    """Wraps a Source to split audit time into collect (read + parse) and the rest (evaluate)."""

    inner: Any
    collect_s: float = 0.0

    def describe(self, school: Any) -> str:
        return str(self.inner.describe(school))

    def prepare(self, schools: Any) -> None:
        self.inner.prepare(schools)

    def collect(self, school: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return self.inner.collect(school)
        finally:
            self.collect_s += time.perf_counter() - t0


def audit_local(roster_file: Path, source: Any | None = None, jobs: int = 1) -> tuple[Any, float]:
    """The district audit from local xlsx. ``jobs=1``: in this process, split into collect and
    evaluate; more: the product's worker processes (no split: the work is in the workers)."""
    from elschool_audit.audit import audit_district
    from elschool_audit.roster import load_roster
    from elschool_audit.rubric.loader import load_rubric
    from elschool_audit.sources.local import LocalSource

    loaded = load_rubric(None)
    roster = load_roster(roster_file)
    if jobs > 1:
        return audit_district(loaded, roster, source or LocalSource(roster_file.parent), AS_OF, jobs=jobs), 0.0
    timed = TimedSource(source or LocalSource(roster_file.parent))
    result = audit_district(loaded, roster, timed, AS_OF, jobs=1)
    return result, timed.collect_s


def bench_local(roster_file: Path, repeat: int, jobs: int) -> dict[str, Any]:
    files = synth.school_files(roster_file)
    size = sum(p.stat().st_size for p in files)
    log(f"local: {len(files)} files, {size / 1e6:.1f} MB; warming the page cache")
    cells = read_calamine(files)
    collect_runs: list[float] = []
    outcome: dict[str, Any] = {}

    def audit() -> None:
        result, collect_s = audit_local(roster_file)
        collect_runs.append(collect_s)
        outcome["schools"] = len(result.schools)
        outcome["errors"] = sum(1 for s in result.schools if s.error is not None)

    funcs: dict[str, Callable[[], object]] = {
        "raw read (calamine)": lambda: read_calamine(files),
        "raw read (pandas+calamine)": lambda: read_pandas(files, "calamine"),
        "audit (local xlsx)": audit,
    }
    parallel = f"audit (local xlsx, --jobs {jobs})"
    if jobs > 1:
        funcs[parallel] = lambda: audit_local(roster_file, jobs=jobs)
    funcs["read (pandas+openpyxl)"] = lambda: read_pandas(files, "openpyxl")
    t = interleaved(funcs, repeat)
    raw = min(t["raw read (calamine)"].best, t["raw read (pandas+calamine)"].best)
    raw_cpu = min(t["raw read (calamine)"].best_cpu, t["raw read (pandas+calamine)"].best_cpu)
    best_audit = t["audit (local xlsx)"].best
    best_index = t["audit (local xlsx)"].runs.index(best_audit)
    collect = collect_runs[best_index]
    fastest = min(best_audit, t[parallel].best) if jobs > 1 else best_audit
    return {
        "jobs": jobs,
        "fastest_raw_read_cpu_s": round(raw_cpu, 4),
        "files": len(files),
        "bytes": size,
        "cells": cells,
        "schools": outcome.get("schools"),
        "school_errors": outcome.get("errors"),
        "timings": {name: tm.as_dict() for name, tm in t.items()},
        "fastest_raw_read_s": round(raw, 4),
        "audit_collect_s": round(collect, 4),
        "audit_evaluate_s": round(best_audit - collect, 4),
        "ratios": {
            "audit_vs_raw_read": round(fastest / raw, 2),
            "audit_1_job_vs_raw_read": round(best_audit / raw, 2),
            "audit_jobs_vs_raw_read": round(t[parallel].best / raw, 2) if jobs > 1 else None,
            "parallel_efficiency": round(best_audit / (jobs * t[parallel].best), 2) if jobs > 1 else None,
            "audit_cpu_vs_raw_read_cpu": round(t["audit (local xlsx)"].best_cpu / raw_cpu, 2),
            "collect_vs_raw_read": round(collect / raw, 2),
            "pandas_openpyxl_vs_audit": round(t["read (pandas+openpyxl)"].best / fastest, 2),
            "pandas_openpyxl_vs_raw_read": round(t["read (pandas+openpyxl)"].best / raw, 2),
        },
    }


# ----------------------------------------------------------------------------- memory


def peak_rss_kb() -> int:
    """This process's peak resident set (KB).

    Linux: ``VmHWM`` of /proc/self/status, which belongs to the process's own address space. Not
    ``ru_maxrss``: Linux carries it over ``fork`` + ``exec``, so a child started by a big parent
    would report the parent's peak.
    """
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _descendants() -> set[int]:
    """Every process below this one (the worker pool's forkserver and its workers), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {os.getpid()}
    while frontier:
        frontier = {pid for pid, ppid in parents.items() if ppid in frontier and pid not in found}
        found |= frontier
    return found


def _hwm_kb(pid: int) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


class ChildPeaks:
    """Peak RSS of the processes below this one that are alive together, sampled every
    ``interval`` seconds: at each sample, the sum of the live descendants' ``VmHWM``; the figure is
    the largest such sum. Worker pools are renewed during a run, so processes that never coexist
    are not added up. ``VmHWM`` only grows, so a sample counts each live process at its peak so
    far (an upper bound of what they held at that moment); what a worker adds in its last
    interval before exiting is missed. Pages shared by the forkserver and its workers (copied on
    write) are counted once per process: an upper bound of what the run held."""

    def __init__(self, interval: float = 0.05) -> None:
        import threading

        self.interval = interval
        self.peak_kb = 0
        self.processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        live = [kb for kb in map(_hwm_kb, _descendants()) if kb is not None]
        self.peak_kb = max(self.peak_kb, sum(live))
        self.processes = max(self.processes, len(live))

    def __enter__(self) -> ChildPeaks:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def memory_child(n: int, jobs: int) -> None:
    """Runs in a fresh process: peak RSS of auditing the first ``n`` schools (as JSON on stdout),
    this process's own and, with worker processes, the sum of every process's peak."""
    from elschool_audit.rubric.loader import load_rubric

    load_rubric(None)
    import pandas  # noqa: F401
    from python_calamine import CalamineWorkbook  # noqa: F401

    base_kb = peak_rss_kb()
    t0 = time.perf_counter()
    with ChildPeaks() as children:
        result, _ = audit_local(synth.roster_path(n), jobs=jobs)
    elapsed = time.perf_counter() - t0
    peak_kb = peak_rss_kb()
    children_kb = children.peak_kb
    out = {
        "schools": len(result.schools),
        "jobs": jobs,
        "processes": 1 + children.processes,
        "base_mb": round(base_kb / 1024, 1),
        "parent_peak_mb": round(peak_kb / 1024, 1),
        "peak_mb": round((peak_kb + children_kb) / 1024, 1),
        "audit_s": round(elapsed, 2),
    }
    print(json.dumps(out))


def bench_memory(counts: list[int], repeat: int, jobs: int) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for n in counts:
        synth.ensure_district(n)
        best: dict[str, Any] | None = None
        for _ in range(max(1, min(repeat, 2))):  # RSS is not noisy like time: two runs suffice
            proc = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--memory-child", str(n), "--jobs", str(jobs)],
                capture_output=True,
                text=True,
                check=True,
            )
            got = json.loads(proc.stdout.strip().splitlines()[-1])
            if best is None or got["peak_mb"] < best["peak_mb"]:
                best = got
        assert best is not None
        log(
            f"memory: {n} schools → peak {best['peak_mb']} MB over {best['processes']} process(es) "
            f"(this process {best['parent_peak_mb']} MB, after imports {best['base_mb']} MB)"
        )
        rows.append(best)
    first = rows[0]
    for row in rows:
        row["peak_vs_smallest"] = round(row["peak_mb"] / first["peak_mb"], 2)
        row["parent_peak_vs_smallest"] = round(row["parent_peak_mb"] / first["parent_peak_mb"], 2)
        growth = row["peak_mb"] - row["base_mb"]
        row["audit_mb"] = round(growth, 1)
    return {
        "jobs": jobs,
        "series": rows,
        "ratios": {"memory_growth": rows[-1]["peak_vs_smallest"]},
    }


# ----------------------------------------------------------------------------- Google


@contextlib.contextmanager
def fake_google() -> Iterator[Any]:
    from tests.fakegoogle.server import FakeGoogle

    for name in ("no_proxy", "NO_PROXY"):
        current = os.environ.get(name, "")
        os.environ[name] = f"{current},127.0.0.1,localhost" if current else "127.0.0.1,localhost"
    with FakeGoogle() as fake:
        yield fake
    if fake.server_errors:
        raise RuntimeError("fake Google crashed:\n" + "\n".join(fake.server_errors))


def _tabs_of(path: Path) -> dict[str, list[list[Any]]]:
    """A workbook's tabs as rows, read with calamine (fast) for the fake's native Sheets."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


@dataclass
class DriveDistrict:
    root: str
    folders: dict[str, str]
    sheets: int
    tabs: int
    roster_file: Path


def populate(fake: Any, n: int, tmp: Path) -> DriveDistrict:
    """The first ``n`` synthetic schools as folders of native Google Sheets under one root."""
    import yaml

    roster_file = synth.ensure_district(n)
    data = yaml.safe_load(roster_file.read_text(encoding="utf-8"))
    root = fake.add_folder("Hồ sơ trường học điện tử — Long Biên")
    folders: dict[str, str] = {}
    sheets = tabs = 0
    for school in data["schools"]:
        folder = fake.add_folder(school["name"], root)
        folders[school["id"]] = folder
        for path in sorted((roster_file.parent / school["folder"]).glob("*.xlsx")):
            grid = _tabs_of(path)
            sheet = fake.add_google_sheet(path.stem, folder, grid)
            # its export is the workbook it was made from (same tabs and values): openpyxl
            # rebuilding 770 of them took longer than the benchmark itself
            fake.set_export(sheet, path.read_bytes())
            sheets += 1
            tabs += len(grid)
    drive_roster = {
        "district": data["district"],
        "drive_root": root,
        "schools": [{k: v for k, v in s.items() if k != "folder"} for s in data["schools"]],
    }
    out = tmp / "roster-drive.yaml"
    out.write_text(yaml.safe_dump(drive_roster, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return DriveDistrict(root, folders, sheets, tabs, out)


def drive_audit(
    fake: Any,
    district: DriveDistrict,
    sa_file: Path,
    cache_dir: Path,
    caller: Any | None = None,
    *,
    export: bool = True,
    workers: int = 4,
) -> dict[str, Any]:
    from elschool_audit.audit import audit_district
    from elschool_audit.roster import load_roster
    from elschool_audit.rubric.loader import load_rubric
    from elschool_audit.sources.cache import DriveCache
    from elschool_audit.sources.drive import DriveSource
    from elschool_audit.sources.google_auth import GoogleSettings
    from elschool_audit.sources.google_http import GoogleCaller

    settings = GoogleSettings(
        service_account_file=sa_file, endpoint=fake.base_url, export_sheets=export, workers=workers
    )
    roster = load_roster(district.roster_file)
    caller = caller or GoogleCaller(sheets_reads_per_minute=1_000_000)
    source = DriveSource(settings, roster=roster, cache=DriveCache(cache_dir), caller=caller)
    fake.reset_counts()
    sim0 = fake.clock.now()
    t0 = time.perf_counter()
    result = audit_district(load_rubric(None), roster, source, AS_OF)
    wall = time.perf_counter() - t0
    calls = dict(fake.calls)
    calls.pop("token", None)
    return {
        "calls": calls,
        "sheets_reads": sum(calls.get(op, 0) for op in SHEETS_OPS),
        "drive_list": calls.get("drive.files.list", 0),
        "drive_calls": sum(v for k, v in calls.items() if k.startswith("drive.")),
        "downloads": sum(calls.get(op, 0) for op in DOWNLOAD_OPS),
        "paths": dict(source.reader.paths),
        "wall_s": round(wall, 2),
        "simulated_s": round(fake.clock.now() - sim0, 1),
        "quota_429": fake.quota_rejections,
        "client_retries": caller.stats.retries,
        "client_backoff_s": round(caller.stats.backoff_seconds, 1),
        "client_waited_s": round(caller.sheets_limiter.waited, 1),
        "school_errors": sum(1 for s in result.schools if s.error is not None),
        "scores": [s.score for s in result.schools],
    }


def naive_gspread(fake: Any, district: DriveDistrict, sa_file: Path) -> dict[str, Any]:
    """What a user writes with gspread: list each folder, open_by_key, get_all_records() per tab."""
    import gspread
    from google.oauth2 import service_account
    from tests.fakegoogle.server import gspread_http_client_for

    creds = service_account.Credentials.from_service_account_file(  # type: ignore[no-untyped-call]
        str(sa_file),
        scopes=[
            "https://www.googleapis.com/auth/drive.readonly",
            "https://www.googleapis.com/auth/spreadsheets.readonly",
        ],
    )
    client = gspread.Client(auth=creds, http_client=gspread_http_client_for(fake.base_url))
    fake.reset_counts()
    t0 = time.perf_counter()
    records = 0
    for folder in district.folders.values():
        # gspread's list_spreadsheet_files(folder_id=...) builds `parents in "<id>"`, which Drive
        # rejects (400); the one files.list per folder a user then writes costs the same.
        params: dict[str, str | int | bool | float | list[str] | None] = {
            "q": f"'{folder}' in parents and trashed = false",
            "pageSize": 1000,
            "fields": "files(id,name)",
        }
        listing = client.http_client.request("get", DRIVE_FILES_URL, params=params).json()
        for meta in listing.get("files", []):
            sh = client.open_by_key(meta["id"])
            for ws in sh.worksheets():
                # expected_headers=[]: title rows above the header repeat "" and would raise
                records += len(ws.get_all_records(expected_headers=[]))
    wall = time.perf_counter() - t0
    calls = dict(fake.calls)
    calls.pop("token", None)
    return {
        "calls": calls,
        "sheets_reads": sum(calls.get(op, 0) for op in SHEETS_OPS),
        "drive_list": calls.get("drive.files.list", 0),
        "drive_calls": sum(v for k, v in calls.items() if k.startswith("drive.")),
        "records": records,
        "wall_s": round(wall, 2),
    }


def bench_drive(n: int, reads_per_minute: list[int], export_only: bool = False) -> dict[str, Any]:
    from elschool_audit.sources.google_http import GoogleCaller

    out: dict[str, Any] = {"schools": n}
    with fake_google() as fake, tempfile.TemporaryDirectory(prefix="elschool-bench-") as tmpname:
        tmp = Path(tmpname)
        t0 = time.perf_counter()
        district = populate(fake, n, tmp)
        sa_file = fake.create_service_account().write(tmp / "service-account.json")
        log(
            f"drive: {n} folders, {district.sheets} Google Sheets, {district.tabs} tabs "
            f"({time.perf_counter() - t0:.0f}s to build)"
        )
        out.update(folders=len(district.folders), google_sheets=district.sheets, tabs=district.tabs)

        if export_only:
            return _export_only(out, fake, district, sa_file, tmp, n)
        cold = drive_audit(fake, district, sa_file, tmp / "cache", export=False)
        log(f"drive: cold, Sheets API only {cold['calls']} in {cold['wall_s']}s")
        warm = drive_audit(fake, district, sa_file, tmp / "cache", export=False)
        log(f"drive: warm {warm['calls']} in {warm['wall_s']}s")

        # The default path, under both quotas on the fake's clock: Sheets 60 reads/min/user and
        # Drive calls/min/user; every sleep the product asks for advances the clock instead.
        export, export_warm = _export_runs(fake, district, sa_file, tmp, n)
        out.update(export=export, export_warm=export_warm)
        naive = naive_gspread(fake, district, sa_file)
        log(f"drive: naive gspread {naive['calls']} in {naive['wall_s']}s")
        out.update(cold=cold, warm=warm, naive_gspread=naive)

        quota: list[dict[str, Any]] = []
        for rpm in reads_per_minute:
            # Simulated time: the fake's quota clock runs at real speed, and every sleep the
            # product asks for (rate limiter, back-off) advances it instead of blocking.
            fake.enforce_quota(60)
            caller = GoogleCaller(sheets_reads_per_minute=rpm, clock=fake.clock.now, sleep=fake.clock.advance)
            run = drive_audit(fake, district, sa_file, tmp / f"cache-quota-{rpm}", caller=caller, export=False)
            fake.disable_quota()
            floor = float(cold["sheets_reads"])  # reads ÷ 60 per minute, in seconds
            run.update(client_reads_per_minute=rpm, floor_s=round(floor, 1))
            run["time_vs_floor"] = round(run["simulated_s"] / floor, 3) if floor else None
            log(
                f"drive: quota 60/min, client limit {rpm}/min: {run['simulated_s']}s simulated vs floor "
                f"{floor:.0f}s, 429s: {run['quota_429']}"
            )
            quota.append(run)
        out["quota"] = quota

    sheets = out["google_sheets"]
    folders = out["folders"]
    naive_floor = naive["sheets_reads"] / 60 * 60
    primary = next((q for q in quota if q["client_reads_per_minute"] == 60), quota[0] if quota else None)
    out["naive_floor_s"] = round(naive_floor, 1)
    out["ratios"] = {
        "sheets_reads_per_sheet": round(cold["sheets_reads"] / sheets, 2),
        "naive_sheets_reads_per_sheet": round(naive["sheets_reads"] / sheets, 2),
        "naive_vs_cold_sheets_reads": round(naive["sheets_reads"] / max(1, cold["sheets_reads"]), 2),
        "list_calls_per_20_folders": round(cold["drive_list"] / folders * 20, 2),
        "naive_list_calls_per_20_folders": round(naive["drive_list"] / folders * 20, 2),
        "warm_sheets_reads": warm["sheets_reads"],
        "quota_time_vs_floor": primary["time_vs_floor"] if primary else None,
        "export_time_vs_floor": round(export["simulated_s"] / max(1.0, float(cold["sheets_reads"])), 3),
        "export_time_vs_local_audit": round(export["simulated_s"] / max(0.01, min(export["local_audit_s"])), 2),
        "export_warm_time_vs_floor": round(export_warm["simulated_s"] / max(1.0, float(cold["sheets_reads"])), 3),
        "export_unhandled_quota_errors": export["school_errors"],
        "warm_downloads": export_warm["downloads"],
        "naive_floor_vs_cold_floor": round(naive_floor / primary["floor_s"], 2) if primary else None,
    }
    return out


def _export_runs(
    fake: Any, district: DriveDistrict, sa_file: Path, tmp: Path, n: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The default path, under both quotas on the fake's clock: Sheets 60 reads/min/user and Drive
    calls/min/user; every sleep the product asks for advances the clock instead. Best of two cold
    runs (fresh caches), each followed by the local audit of the same schools' .xlsx with the same
    worker processes (the product's default ``jobs``; the Drive run fetches in this process and
    scores in the workers): on a shared machine the ratio of the two is the figure that travels."""
    from elschool_audit.audit import default_jobs
    from elschool_audit.sources.google_http import GoogleCaller

    fake.prebuild_exports()  # Google's work, not the auditor's (populate set them all already)
    fake.enforce_quota(60, drive_per_minute=DRIVE_CALLS_PER_MINUTE)
    exports: list[dict[str, Any]] = []
    local_s: list[float] = []
    local_roster = synth.ensure_district(n, log=False)
    for _ in range(2):
        caller = GoogleCaller(clock=fake.clock.now, sleep=fake.clock.advance)
        exports.append(drive_audit(fake, district, sa_file, tmp / f"cache-export-{len(exports)}", caller=caller))
        t0 = time.perf_counter()
        audit_local(local_roster, jobs=default_jobs())  # the product's default jobs, as the Drive run
        local_s.append(time.perf_counter() - t0)
        log(f"drive: export cold {exports[-1]['simulated_s']}s simulated; local audit {local_s[-1]:.1f}s")
    export = min(exports, key=lambda e: float(e["simulated_s"]))
    export["runs_simulated_s"] = [e["simulated_s"] for e in exports]
    export["local_audit_s"] = [round(x, 2) for x in local_s]
    caller = GoogleCaller(clock=fake.clock.now, sleep=fake.clock.advance)
    export_warm = drive_audit(fake, district, sa_file, tmp / "cache-export-0", caller=caller)
    fake.disable_quota()
    log(f"drive: export cold {export['calls']} in {export['simulated_s']}s simulated, 429/403: {export['quota_429']}")
    log(f"drive: export warm {export_warm['calls']}")
    return export, export_warm


def _export_only(
    out: dict[str, Any], fake: Any, district: DriveDistrict, sa_file: Path, tmp: Path, n: int
) -> dict[str, Any]:
    """``--export-only``: the default path alone, for a large district on a machine with little time.
    The floor is the Sheets-API path's reads (2 per Google Sheet, measured by the full run) ÷ 60/min."""
    export, export_warm = _export_runs(fake, district, sa_file, tmp, n)
    floor = 2.0 * float(district.sheets)
    out.update(export=export, export_warm=export_warm, floor_s=floor)
    out["ratios"] = {
        "export_time_vs_floor": round(export["simulated_s"] / floor, 3),
        "export_time_vs_local_audit": round(export["simulated_s"] / max(0.01, min(export["local_audit_s"])), 2),
        "export_unhandled_quota_errors": export["school_errors"],
        "warm_downloads": export_warm["downloads"],
    }
    return out


# ----------------------------------------------------------------------------- profile


def profile(n: int, top: int = 20) -> list[dict[str, Any]]:
    """cProfile of auditing the first ``n`` schools: the top functions by own time."""
    roster_file = synth.ensure_district(n)
    audit_local(roster_file)  # warm caches (rubric, catalogue, page cache)
    prof = cProfile.Profile()
    prof.enable()
    audit_local(roster_file)
    prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO())
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "function": f"{Path(file).name}:{line}({func})",
                "calls": nc,
                "own_s": round(tt, 3),
                "cumulative_s": round(ct, 3),
                "own_share": round(tt / total, 3) if total else None,
            }
        )
    rows.sort(key=lambda r: r["own_s"], reverse=True)
    return rows[:top]


# ----------------------------------------------------------------------------- report


def verdict(name: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    target = TARGETS[name]
    ok = value >= target if name == "pandas_openpyxl_vs_audit" else value <= target
    return "met" if ok else "NOT met"


def table(results: dict[str, Any]) -> str:
    lines = ["", f"{'figure':<58} {'value':>12} {'target':>10}  verdict", "-" * 92]

    def row(label: str, value: Any, target: str = "", ok: str = "") -> None:
        lines.append(f"{label:<58} {value!s:>12} {target:>10}  {ok}")

    local = results.get("local")
    if local and "ratios" in local:
        r = local["ratios"]
        row("local: files / MB", f"{local['files']} / {local['bytes'] / 1e6:.0f}")
        for name, tm in local["timings"].items():
            row(f"  {name}, best of {len(tm['runs_s'])} (s)", f"{tm['best_s']:.2f}")
        row(
            "  audit: collect (read+parse) / evaluate (s)",
            f"{local['audit_collect_s']:.1f} / {local['audit_evaluate_s']:.1f}",
        )
        row(
            f"audit ÷ fastest raw read (wall; best of 1 and {local.get('jobs', 1)} jobs)",
            r["audit_vs_raw_read"],
            "≤ 2",
            verdict("audit_vs_raw_read", r["audit_vs_raw_read"]),
        )
        row("  1 job (one process) ÷ fastest raw read (wall)", r.get("audit_1_job_vs_raw_read"))
        if r.get("audit_jobs_vs_raw_read") is not None:
            row(f"  {local['jobs']} jobs ÷ fastest raw read (wall)", r["audit_jobs_vs_raw_read"])
            row(
                f"  parallel efficiency: 1 job ÷ ({local['jobs']} × {local['jobs']} jobs)", r.get("parallel_efficiency")
            )
        row("  1 job ÷ fastest raw read, CPU time of this process", r.get("audit_cpu_vs_raw_read_cpu"))
        row("  collect (read+parse) ÷ fastest raw read", r["collect_vs_raw_read"])
        row(
            "pandas+openpyxl read ÷ audit",
            r["pandas_openpyxl_vs_audit"],
            "≥ 5",
            verdict("pandas_openpyxl_vs_audit", r["pandas_openpyxl_vs_audit"]),
        )
    mem = results.get("memory")
    if mem and "series" in mem:
        for s in mem["series"]:
            row(
                f"peak RSS, {s['schools']} schools, {s.get('processes', 1)} proc. (MB; ×smallest)",
                f"{s['peak_mb']:.0f} ({s['peak_vs_smallest']}×)",
            )
        g = mem["ratios"]["memory_growth"]
        row("peak RSS largest ÷ smallest district", g, "≤ 1.1", verdict("memory_growth", g))
    drive = results.get("drive")
    if drive and "ratios" in drive:
        r = drive["ratios"]
        row("drive: folders / Google Sheets / tabs", f"{drive['folders']}/{drive['google_sheets']}/{drive['tabs']}")
        if "cold" in drive:  # not with --export-only
            row(
                "  cold: Sheets reads / Drive list calls",
                f"{drive['cold']['sheets_reads']} / {drive['cold']['drive_list']}",
            )
            row(
                "  naive gspread: Sheets reads / list calls",
                f"{drive['naive_gspread']['sheets_reads']} / {drive['naive_gspread']['drive_list']}",
            )
            row(
                "cold Sheets reads per Google Sheet",
                r["sheets_reads_per_sheet"],
                "≤ 2",
                verdict("sheets_reads_per_sheet", r["sheets_reads_per_sheet"]),
            )
            row("  naive gspread reads per Google Sheet", r["naive_sheets_reads_per_sheet"])
            row(
                "cold list calls per 20 school folders",
                r["list_calls_per_20_folders"],
                "≤ 1",
                verdict("list_calls_per_20_folders", r["list_calls_per_20_folders"]),
            )
            row("warm Sheets reads", r["warm_sheets_reads"], "0", verdict("warm_sheets_reads", r["warm_sheets_reads"]))
            for q in drive["quota"]:
                row(
                    f"quota 60/min, client limit {q['client_reads_per_minute']}/min: sim. time ÷ floor",
                    q["time_vs_floor"],
                    "≤ 1.1",
                    verdict("quota_time_vs_floor", q["time_vs_floor"]),
                )
                row(
                    "  simulated s / floor s / 429s / errors",
                    f"{q['simulated_s']:.0f}/{q['floor_s']:.0f}/{q['quota_429']}/{q['school_errors']}",
                )
            row("naive gspread quota floor ÷ product floor", r["naive_floor_vs_cold_floor"])
        e = drive["export"]
        row(
            "export path, both quotas: sim. time ÷ Sheets-API floor",
            r["export_time_vs_floor"],
            "≤ 0.1",
            verdict("export_time_vs_floor", r["export_time_vs_floor"]),
        )
        row(
            "  simulated s / 429+403 answered / school errors",
            f"{e['simulated_s']:.0f}/{e['quota_429']}/{e['school_errors']}",
        )
        row("  cold export ÷ local audit of the same schools (same run)", r["export_time_vs_local_audit"])
        row("  warm (cache) sim. time ÷ Sheets-API floor", r.get("export_warm_time_vs_floor", "—"))
        row("  paths taken (cold)", ", ".join(f"{k} {v}" for k, v in e["paths"].items() if v))
        row("warm downloads (export path)", r["warm_downloads"], "0", verdict("warm_downloads", r["warm_downloads"]))
        row("  warm list calls", drive["export_warm"]["drive_list"])
    for name in ("local", "memory", "drive", "profile"):
        if results.get(name, {}).get("status") == "failed":
            row(f"{name}: FAILED", "", "", results[name]["error"][:60])
    return "\n".join(lines)


def snapshot_rubric(directory: Path) -> dict[str, Any]:
    """Freeze the rubric for the whole run (children inherit it through the environment).

    The rubric is edited while benchmarks run on a shared checkout: a half-edited file must not
    break a 20-minute run halfway. The working-tree rubric is used if it loads, else git HEAD's.
    """
    from elschool_audit.errors import RubricError
    from elschool_audit.rubric.loader import RUBRIC_ENV, default_rubric_path, load_rubric

    source = default_rubric_path()
    snap = directory / source.name
    snap.write_bytes(source.read_bytes())
    origin = str(source)
    try:
        loaded = load_rubric(snap)
    except RubricError as exc:
        rel = source.resolve().relative_to(REPO).as_posix()
        log(f"rubric: the working-tree rubric does not load ({exc}); using git HEAD's")
        snap.write_bytes(
            subprocess.run(["git", "show", f"HEAD:{rel}"], cwd=REPO, capture_output=True, check=True).stdout
        )
        origin = f"git HEAD:{rel}"
        loaded = load_rubric(snap)
    os.environ[RUBRIC_ENV] = str(snap)
    return {"origin": origin, "id": loaded.rubric.id, "hash": loaded.hash}


def section(results: dict[str, Any], name: str, fn: Callable[[], dict[str, Any]]) -> None:
    """Run one benchmark section; a failure is recorded and the others still run."""
    try:
        results[name] = fn()
    except Exception as exc:  # a broken section must not lose the others' figures
        import traceback

        log(f"{name}: FAILED\n{traceback.format_exc()}")
        results[name] = {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmarks against same-run baselines.")
    parser.add_argument("--schools", type=int, default=None, help="district size for throughput (default 70)")
    parser.add_argument("--quick", action="store_true", help="a few schools: under ~2 minutes")
    parser.add_argument("--repeat", type=int, default=3, help="timings are the best of this many runs")
    parser.add_argument("--memory", default=None, help="school counts for peak memory (default 10,35,70,140)")
    parser.add_argument("--drive-schools", type=int, default=None, help="schools served by the fake Google")
    parser.add_argument("--no-local", action="store_true")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--no-drive", action="store_true")
    parser.add_argument(
        "--export-only", action="store_true", help="Drive section: only the default export path (cold ×2, warm)"
    )
    parser.add_argument("--profile", type=int, default=None, help="cProfile the audit of this many schools")
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="worker processes for the parallel audit (default: the product's default)",
    )
    parser.add_argument("--memory-child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()

    from elschool_audit.audit import default_jobs

    jobs = args.jobs or default_jobs()
    if args.memory_child is not None:
        memory_child(args.memory_child, jobs)
        return

    n = args.schools or (3 if args.quick else 70)
    counts = [int(x) for x in (args.memory or ("3,6,12" if args.quick else "10,35,70,140")).split(",")]
    drive_n = args.drive_schools or (3 if args.quick else 20)
    profile_n = args.profile if args.profile is not None else (0 if args.quick else 3)

    started = time.perf_counter()
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "host": {"python": platform.python_version(), "cpus": os.cpu_count(), "machine": platform.machine()},
        "synth_version": synth.VERSION,
        "args": {
            "schools": n,
            "memory": counts,
            "drive_schools": drive_n,
            "repeat": args.repeat,
            "quick": args.quick,
            "jobs": jobs,
        },
        "targets": TARGETS,
    }
    snapshot_dir = Path(tempfile.mkdtemp(prefix="elschool-bench-rubric-"))
    results["rubric"] = snapshot_rubric(snapshot_dir)
    need = max([n] + ([] if args.no_memory else counts) + ([] if args.no_drive else [drive_n]))
    synth.ensure_district(need)
    roster_file = synth.ensure_district(n)
    if not args.no_local:
        section(results, "local", lambda: bench_local(roster_file, args.repeat, jobs))
    if not args.no_memory:
        section(results, "memory", lambda: bench_memory(counts, args.repeat, jobs))
    if not args.no_drive:
        section(results, "drive", lambda: bench_drive(drive_n, [60, 50], export_only=args.export_only))
    if profile_n:
        section(results, "profile", lambda: {"schools": profile_n, "top": profile(profile_n)})
    results["elapsed_s"] = round(time.perf_counter() - started, 1)

    print(table(results))
    if "top" in results.get("profile", {}):
        print(f"\ncProfile, audit of {profile_n} schools, top functions by own time:")
        for r in results["profile"]["top"][:12]:
            print(f"  {r['own_s']:7.3f}s {r['own_share'] * 100:5.1f}%  {r['calls']:>9}  {r['function']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"{stamp}{'-quick' if args.quick else ''}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    print(f"\n{results['elapsed_s']:.0f}s; results → {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
