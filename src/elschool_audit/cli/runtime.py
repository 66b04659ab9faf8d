"""What makes a command pleasant at a terminal and quiet under cron: logging, progress, summary."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from elschool_audit.history import DiffRecord, HistoryStore
from elschool_audit.i18n import Lang
from elschool_audit.reports.records import summary_line
from elschool_audit.roster import School
from elschool_audit.sanitize import one_line, printable

if TYPE_CHECKING:
    from elschool_audit.reports.shapes import DistrictReport

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class SafeFormatter(logging.Formatter):
    """Log lines carry school data (names, file and tab names, reasons quoting cells): an escape
    sequence in them would reach the terminal or the cron mail, and a newline would forge a log
    line. Each record is one printable line; a traceback keeps its lines, printable and indented,
    so that none of them can pass for a record of its own."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return one_line(super().formatMessage(record))

    def formatException(self, ei: Any) -> str:
        return _indented(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return _indented(super().formatStack(stack_info))


def _indented(text: str) -> str:
    return "\n".join(f"  {line}" for line in printable(text).splitlines())


def setup_logging(log_file: Path | None) -> None:
    """Logs go to stderr (INFO when not on a terminal, i.e. under cron; WARNING otherwise) and,
    with ``--log-file``, to that file at INFO."""
    root = logging.getLogger("elschool_audit")
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.WARNING if sys.stderr.isatty() else logging.INFO)
    stderr.setFormatter(SafeFormatter(LOG_FORMAT))
    root.addHandler(stderr)
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_file, encoding="utf-8")
        handler.setLevel(logging.INFO)
        handler.setFormatter(SafeFormatter(LOG_FORMAT))
        root.addHandler(handler)
    root.propagate = False


@contextmanager
def school_progress(total: int, quiet: bool) -> Iterator[Callable[[School], None]]:
    """A progress bar over schools on a terminal; nothing at all under cron or with --quiet."""
    console = Console(stderr=True)
    if quiet or not console.is_terminal or total < 2:
        yield lambda school: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total)
        seen = 0

        def tick(school: School) -> None:
            nonlocal seen
            if seen:
                progress.advance(task)
            seen += 1
            progress.update(task, description=school.name)

        yield tick


def one_line_summary(report: DistrictReport, lang: Lang) -> str:
    return f"{report['as_of']}: {summary_line(report, lang)}"


def changes_for_email(store: HistoryStore, run_id: int | None) -> DiffRecord | None:
    """Changes since the month before this run's month, for the district e-mail (None when this
    run is not recorded or no earlier month is)."""
    if run_id is None:
        return None
    before = store.earlier_run(run_id)
    return None if before is None else store.diff(before, run_id).record()
