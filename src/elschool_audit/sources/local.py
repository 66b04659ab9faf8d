"""Schools' records in local folders: an exported Drive folder, or the bundled sample district."""

from __future__ import annotations

import datetime as dt
import functools
import os
import stat
from pathlib import Path

from elschool_audit.errors import Location, SourceError
from elschool_audit.marker import is_own_output
from elschool_audit.results import DataProblem, Msg
from elschool_audit.roster import School
from elschool_audit.sanitize import one_line
from elschool_audit.sheets.mapping import Mapping, find_mapping
from elschool_audit.sheets.propose import SeenTab
from elschool_audit.sources.base import WorkbookBuilder
from elschool_audit.sources.interface import Source, SourceRequest, Staged
from elschool_audit.sources.readers import SPREADSHEET_SUFFIXES, read_workbook
from elschool_audit.workbook import Workbook


class LocalSource(Source):
    """Reads ``<root>/<school.folder or school.id>/**`` (xlsx, xls, ods, csv); never writes.

    Unreadable is never empty: a school folder that cannot be listed is an error for the school,
    a sub-folder that cannot be listed an error for that sub-folder (both exit 2, never a quiet
    0%). FIFOs, devices and sockets are skipped with a note and never opened (a FIFO would block
    the run forever); symlinked folders are not followed (a loop would never end).
    """

    def __init__(self, root: Path, school_dir: Path | None = None) -> None:
        self.root = root
        self.school_dir = school_dir
        """When set, this folder is the one school's folder (self-check of an exported folder)."""
        self.mapping = find_mapping(root) if school_dir is None and root.is_dir() else Mapping()
        """The district's mapping file: read (and validated, failing fast) before any school."""

    def folder(self, school: School) -> Path:
        if self.school_dir is not None:
            return self.school_dir
        return self.root / (school.folder or school.id)

    def describe(self, school: School) -> str:
        return str(self.folder(school))

    @staticmethod
    def spreadsheets(folder: Path, problems: list[DataProblem] | None = None) -> list[Path]:
        """Every regular spreadsheet under ``folder`` (Office lock files and hidden files left out);
        unlistable sub-folders and special files become ``problems`` when a list is given."""
        found: list[DataProblem] = [] if problems is None else problems
        files: list[tuple[Path, os.stat_result]] = []
        try:
            _walk(folder, folder, found, files)
        except OSError as exc:
            raise SourceError(
                "folder_unlistable",
                Location(file=one_line(str(folder))),
                reason=str(exc.strerror or exc),
            ) from exc
        return sorted(path for path, _ in files)

    def stage(self, school: School) -> Staged:
        """Nothing to fetch: a worker process reads the folder itself with a copy of this source
        (paths and the mapping)."""
        return functools.partial(self.collect, school)

    def weight(self, school: School) -> int | None:
        """The bytes of the school's spreadsheets; ``None`` when its folder cannot be listed
        (``collect`` says why)."""
        files: list[tuple[Path, os.stat_result]] = []
        try:
            _walk(self.folder(school), self.folder(school), [], files)
        except OSError:
            return None
        return sum(info.st_size for _, info in files)

    def collect(self, school: School) -> Workbook:
        folder = self.folder(school)
        if not folder.is_dir():
            raise SourceError(
                "school_folder_missing",
                Location(file=one_line(str(folder))),
            )
        # a school's broken mapping makes that school unreadable: nothing is audited half-mapped
        builder = WorkbookBuilder(mapping=find_mapping(folder, SourceError).then(self.mapping))
        for path in self.spreadsheets(folder, builder.problems):
            name = one_line(path.relative_to(folder).as_posix())
            if is_own_output(path):
                # a report saved in the school's folder is the tool's output, not the school's records
                builder.problems.append(DataProblem("note", "own_output_skipped", {}, Location(file=name)))
                continue
            modified = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
            builder.add_file(name, read_workbook(path, name), modified=modified)
        return builder.build()


def open_source(request: SourceRequest) -> tuple[Source, Path]:
    """``--source PATH`` is the district folder; without it, the roster's folder is."""
    if request.location is None:
        assert request.roster_path is not None
        path = request.roster_path
        root = path if path.is_dir() else path.parent
    else:
        root = Path(request.location)
    return LocalSource(root), request.roster_path or root


def seen_tabs(path: Path) -> list[SeenTab]:
    """Every visible tab of a folder's spreadsheets (or of one file), named relative to the folder,
    as ``sheets map`` proposes a mapping from them."""
    folder = path if path.is_dir() else path.parent
    files = LocalSource.spreadsheets(folder) if path.is_dir() else [path]
    out: list[SeenTab] = []
    for file in files:
        name = file.relative_to(folder).as_posix()
        out.extend(SeenTab(name, raw.name, raw.grid) for raw in read_workbook(file, name) if not raw.hidden)
    return out


def _walk(top: Path, folder: Path, problems: list[DataProblem], files: list[tuple[Path, os.stat_result]]) -> None:
    """Spreadsheets under ``folder``; an unlistable ``top`` raises, an unlistable sub-folder is
    an error problem of its own and the walk goes on."""
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError as exc:
        if folder == top:
            raise
        reason = Msg("folder_unlistable", {"reason": str(exc.strerror or exc)})
        problems.append(_problem("error", "file_unreadable", folder, top, reason))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(top, path, problems, files)
                continue
            if path.suffix.lower() not in SPREADSHEET_SUFFIXES or entry.name.startswith(("~$", ".")):
                continue
            info = path.stat()
        except OSError as exc:
            reason = Msg("plain_text", {"text": str(exc.strerror or exc)})
            problems.append(_problem("error", "file_unreadable", path, top, reason))
            continue
        if stat.S_ISREG(info.st_mode):
            files.append((path, info))
        elif not stat.S_ISDIR(info.st_mode):
            problems.append(_problem("note", "file_skipped", path, top, None))


def _problem(severity: str, code: str, path: Path, top: Path, reason: Msg | None) -> DataProblem:
    where = Location(file=one_line(path.relative_to(top).as_posix() or "."))
    params = {"reason": reason} if reason else {}
    return DataProblem(severity, code, params, where)  # type: ignore[arg-type]
