"""The record of past runs, in SQLite: scores over time and what changed since last month.

One run is written in one transaction, so a run interrupted half-way (a crash, a kill, a full
disk) leaves the history exactly as it was. The schema version lives in ``PRAGMA user_version``
and ``MIGRATIONS`` brings any older database forward, one step at a time.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

import platformdirs

from elschool_audit import __version__
from elschool_audit.errors import ConfigError, Location
from elschool_audit.results import STATUSES, SchoolResult

HISTORY_ENV = "ELSCHOOL_AUDIT_HISTORY"

_STATUS_LIST = ", ".join(f"'{s}'" for s in STATUSES)

MIGRATIONS: list[str] = [
    # 1: runs, per-school and per-rule results
    f"""
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        as_of TEXT NOT NULL,
        month TEXT,
        rubric_id TEXT NOT NULL,
        rubric_hash TEXT NOT NULL,
        source TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('school', 'district')),
        tool_version TEXT NOT NULL
    );
    CREATE TABLE school_results (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        school_id TEXT NOT NULL,
        school_name TEXT NOT NULL,
        level TEXT NOT NULL,
        profile TEXT NOT NULL,
        score REAL,
        earned REAL NOT NULL,
        possible REAL NOT NULL,
        bonus REAL NOT NULL,
        meets_standard INTEGER NOT NULL,
        error TEXT,
        PRIMARY KEY (run_id, school_id)
    );
    CREATE TABLE rule_results (
        run_id INTEGER NOT NULL,
        school_id TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ({_STATUS_LIST})),
        points_earned REAL NOT NULL,
        points_possible REAL NOT NULL,
        findings_total INTEGER NOT NULL,
        PRIMARY KEY (run_id, school_id, rule_id),
        FOREIGN KEY (run_id, school_id) REFERENCES school_results(run_id, school_id) ON DELETE CASCADE
    );
    CREATE INDEX runs_by_month ON runs(month, id);
    """,
    # 2: which monthly e-mails went out, so a month is never e-mailed twice by accident
    """
    CREATE TABLE emails (
        month TEXT NOT NULL,
        recipient TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('school', 'district')),
        run_id INTEGER REFERENCES runs(id),
        sent_at TEXT NOT NULL,
        PRIMARY KEY (month, recipient, kind)
    );
    """,
]


def default_history_path() -> Path:
    env = os.environ.get(HISTORY_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("elschool-audit")) / "history.sqlite"


@dataclass(frozen=True)
class RunInfo:
    id: int
    started_at: str
    as_of: str
    month: str | None
    rubric_id: str
    rubric_hash: str
    source: str
    scope: str
    schools: int
    meets: int
    mean_score: float | None


class TrendPoint(TypedDict):
    """One month of the district in a report's trend chart. The JSON report declares this shape as
    ``reports.shapes.TrendPoint``; history may not import reports (sibling layers), so it is
    written out here and mypy checks the two agree where the CLI puts the trend into the report."""

    run: int
    period: str
    as_of: str
    mean_score: float | None
    meets_standard: int
    schools: int
    scores: dict[str, float | None]


class RunRef(TypedDict):
    id: int
    as_of: str
    month: str | None
    rubric_hash: str


class SchoolChangeRecord(TypedDict):
    id: str
    name: str
    score_before: float | None
    score_after: float | None
    delta: float | None
    meets_before: bool | None
    meets_after: bool | None
    newly_failing: list[str]
    fixed: list[str]
    newly_error: list[str]


class DiffRecord(TypedDict):
    """``history diff --format json``, and the changes the district's monthly e-mail opens with."""

    before: RunRef
    after: RunRef
    rubric_changed: bool
    added: list[str]
    removed: list[str]
    schools: list[SchoolChangeRecord]


@dataclass(frozen=True)
class SchoolChange:
    school_id: str
    school_name: str
    score_before: float | None
    score_after: float | None
    meets_before: bool | None
    meets_after: bool | None
    newly_failing: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()
    newly_error: tuple[str, ...] = ()

    @property
    def delta(self) -> float | None:
        if self.score_before is None or self.score_after is None:
            return None
        return self.score_after - self.score_before

    @property
    def changed(self) -> bool:
        return bool(
            self.newly_failing
            or self.fixed
            or self.newly_error
            or self.meets_before != self.meets_after
            or (self.delta is not None and abs(self.delta) > 1e-9)
            or (self.score_before is None) != (self.score_after is None)
        )


@dataclass(frozen=True)
class RunDiff:
    before: RunInfo
    after: RunInfo
    schools: list[SchoolChange] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    """Schools in the later run only."""
    removed: list[str] = field(default_factory=list)

    @property
    def changes(self) -> list[SchoolChange]:
        return [s for s in self.schools if s.changed]

    def record(self) -> DiffRecord:
        def run(r: RunInfo) -> RunRef:
            return {"id": r.id, "as_of": r.as_of, "month": r.month, "rubric_hash": r.rubric_hash}

        return {
            "before": run(self.before),
            "after": run(self.after),
            "rubric_changed": self.before.rubric_hash != self.after.rubric_hash,
            "added": self.added,
            "removed": self.removed,
            "schools": [
                {
                    "id": s.school_id,
                    "name": s.school_name,
                    "score_before": s.score_before,
                    "score_after": s.score_after,
                    "delta": s.delta,
                    "meets_before": s.meets_before,
                    "meets_after": s.meets_after,
                    "newly_failing": list(s.newly_failing),
                    "fixed": list(s.fixed),
                    "newly_error": list(s.newly_error),
                }
                for s in self.changes
            ],
        }


class HistoryStore:
    """A SQLite file of runs. Open with ``HistoryStore.open(path)``; use as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path | None = None) -> HistoryStore:
        path = path or default_history_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            store = cls(conn, path)
            store._migrate()
        except sqlite3.DatabaseError as exc:
            raise ConfigError(
                "history_unopenable",
                Location(file=str(path)),
                reason=str(exc),
            ) from exc
        except OSError as exc:
            raise ConfigError(
                "history_folder_uncreatable",
                Location(file=str(path)),
                reason=str(exc.strerror or exc),
            ) from exc
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.version
        if current > len(MIGRATIONS):
            raise ConfigError(
                "history_newer",
                Location(file=str(self.path)),
                schema=current,
            )
        for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
            with self._transaction():
                for statement in script.split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # ------------------------------------------------------------------ writing

    def record(
        self,
        results: Iterable[SchoolResult],
        *,
        as_of: dt.date,
        month: str | None,
        rubric_id: str,
        rubric_hash: str,
        source: str,
        scope: str,
        started_at: dt.datetime | None = None,
    ) -> int:
        """Store one run atomically and return its id."""
        started = (started_at or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        with self._transaction():
            cur = self.conn.execute(
                "INSERT INTO runs (started_at, as_of, month, rubric_id, rubric_hash, source, scope, tool_version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (started, as_of.isoformat(), month, rubric_id, rubric_hash, source, scope, __version__),
            )
            run_id = int(cur.lastrowid or 0)
            for r in results:
                self.conn.execute(
                    "INSERT INTO school_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        run_id,
                        r.school_id,
                        r.school_name,
                        r.level,
                        r.profile,
                        r.score,
                        r.earned,
                        r.possible,
                        r.bonus,
                        int(r.meets_standard),
                        r.error.key if r.error is not None else None,
                    ),
                )
                self.conn.executemany(
                    "INSERT INTO rule_results VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (run_id, r.school_id, x.rule_id, x.status, x.points_earned, x.points_possible, x.findings_total)
                        for x in r.results
                    ],
                )
        return run_id

    def emailed(self, month: str, recipient: str, kind: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM emails WHERE month = ? AND recipient = ? AND kind = ?", (month, recipient.lower(), kind)
        ).fetchone()
        return row is not None

    def mark_emailed(self, month: str, recipient: str, kind: str, run_id: int | None) -> None:
        with self._transaction():
            self.conn.execute(
                "INSERT OR REPLACE INTO emails VALUES (?, ?, ?, ?, ?)",
                (month, recipient.lower(), kind, run_id, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
            )

    # ------------------------------------------------------------------ reading

    _RUN_SELECT = """
        SELECT r.*, COUNT(s.school_id) AS schools, COALESCE(SUM(s.meets_standard), 0) AS meets,
               AVG(s.score) AS mean_score
        FROM runs r LEFT JOIN school_results s ON s.run_id = r.id
    """

    @staticmethod
    def _run(row: sqlite3.Row) -> RunInfo:
        return RunInfo(
            id=row["id"],
            started_at=row["started_at"],
            as_of=row["as_of"],
            month=row["month"],
            rubric_id=row["rubric_id"],
            rubric_hash=row["rubric_hash"],
            source=row["source"],
            scope=row["scope"],
            schools=row["schools"],
            meets=row["meets"],
            mean_score=row["mean_score"],
        )

    def runs(self, last: int | None = None, school: str | None = None) -> list[RunInfo]:
        """Runs, oldest first (the last ``last`` of them), optionally only those that audited ``school``."""
        where, params = "", []
        if school is not None:
            where = "WHERE r.id IN (SELECT run_id FROM school_results WHERE school_id = ?)"
            params.append(school)
        rows = self.conn.execute(f"{self._RUN_SELECT} {where} GROUP BY r.id ORDER BY r.id DESC", params).fetchall()
        runs = [self._run(row) for row in rows]
        if last is not None:
            runs = runs[:last]
        return list(reversed(runs))

    def run(self, run_id: int) -> RunInfo:
        row = self.conn.execute(f"{self._RUN_SELECT} WHERE r.id = ? GROUP BY r.id", (run_id,)).fetchone()
        if row is None:
            raise ConfigError("history_no_run", Location(file=str(self.path)), run=run_id)
        return self._run(row)

    def school_scores(self, run_id: int) -> dict[str, sqlite3.Row]:
        rows = self.conn.execute("SELECT * FROM school_results WHERE run_id = ?", (run_id,)).fetchall()
        return {row["school_id"]: row for row in rows}

    def school_history(self, school: str, last: int | None = None) -> list[tuple[RunInfo, sqlite3.Row]]:
        out = []
        for run in self.runs(last=last, school=school):
            row = self.school_scores(run.id).get(school)
            if row is not None:
                out.append((run, row))
        return out

    def rule_statuses(self, run_id: int) -> dict[tuple[str, str], str]:
        rows = self.conn.execute("SELECT school_id, rule_id, status FROM rule_results WHERE run_id = ?", (run_id,))
        return {(row["school_id"], row["rule_id"]): row["status"] for row in rows}

    def trend(self, last: int = 12) -> list[TrendPoint]:
        """District runs over time for the report's trend chart: one point per month (the latest run
        of each month, or of each as-of date when runs carry no month), oldest first."""
        by_period: dict[str, RunInfo] = {}
        for run in self.runs():
            if run.scope != "district":
                continue
            by_period[run.month or run.as_of] = run  # runs are oldest first: the latest wins
        points: list[TrendPoint] = []
        for period, run in sorted(by_period.items())[-last:]:
            scores = {
                sid: None if row["score"] is None else round(row["score"], 4)
                for sid, row in self.school_scores(run.id).items()
            }
            points.append(
                {
                    "run": run.id,
                    "period": period,
                    "as_of": run.as_of,
                    "mean_score": None if run.mean_score is None else round(run.mean_score, 4),
                    "meets_standard": run.meets,
                    "schools": run.schools,
                    "scores": scores,
                }
            )
        return points

    def default_pair(self) -> tuple[int, int]:
        """The latest district run and the one to compare it with: the latest district run of an
        earlier month (or, failing that, an earlier run of the same month — never a later month).
        Single-school runs (``audit school --record``, ``--school``) are never one side of a
        district comparison: they would make every other school look gone."""
        runs = [r for r in self.runs() if r.scope == "district"]
        before = self.earlier_run(runs[-1].id, same_month=True) if runs else None
        if before is None:
            raise ConfigError(
                "history_two_runs_needed",
                Location(file=str(self.path)),
            )
        return before, runs[-1].id

    def earlier_run(self, run_id: int, same_month: bool = False) -> int | None:
        """The latest district run of a month before ``run_id``'s month, so re-running an old month
        compares it with the month before it, never with the months after it; with ``same_month``,
        an earlier run of the same month will do when there is no earlier month."""
        after = self.run(run_id)
        month = after.month or after.as_of[:7]
        district = [r for r in self.runs() if r.scope == "district" and r.id != run_id]
        earlier = [r for r in district if (r.month or r.as_of[:7]) < month]
        if not earlier and same_month:
            earlier = [r for r in district if r.id < run_id and (r.month or r.as_of[:7]) == month]
        return earlier[-1].id if earlier else None

    def diff(self, before_id: int, after_id: int) -> RunDiff:
        before, after = self.run(before_id), self.run(after_id)
        a_scores, b_scores = self.school_scores(before_id), self.school_scores(after_id)
        a_rules, b_rules = self.rule_statuses(before_id), self.rule_statuses(after_id)
        changes = []
        for school_id in [s for s in b_scores if s in a_scores]:
            a, b = a_scores[school_id], b_scores[school_id]
            rules = sorted({rule for (sid, rule) in b_rules if sid == school_id})
            newly_failing, fixed, newly_error = [], [], []
            for rule in rules:
                was, now = a_rules.get((school_id, rule)), b_rules[(school_id, rule)]
                if now == "fail" and was != "fail":
                    newly_failing.append(rule)
                elif was in ("fail", "error") and now == "pass":
                    fixed.append(rule)
                elif now == "error" and was != "error":
                    newly_error.append(rule)
            changes.append(
                SchoolChange(
                    school_id=school_id,
                    school_name=b["school_name"],
                    score_before=a["score"],
                    score_after=b["score"],
                    meets_before=bool(a["meets_standard"]),
                    meets_after=bool(b["meets_standard"]),
                    newly_failing=tuple(newly_failing),
                    fixed=tuple(fixed),
                    newly_error=tuple(newly_error),
                )
            )
        return RunDiff(
            before=before,
            after=after,
            schools=changes,
            added=sorted(set(b_scores) - set(a_scores)),
            removed=sorted(set(a_scores) - set(b_scores)),
        )
