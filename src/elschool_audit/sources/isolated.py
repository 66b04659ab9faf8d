"""Read the formats nobody inspects first in a child process, bounded in memory and time.

An xlsx is inspected before a reader sees it (``limits.inspect_zip_workbook``). A legacy ``.xls``
(OLE2) and an ``.ods`` are not: their reader is native code, and a hostile or merely broken file
can make it abort, exhaust memory or spin, which in-process would end the whole district run with
no report. So they are read by ``python -m elschool_audit.sources.isolated`` under
``RLIMIT_AS``/``RLIMIT_CPU`` and a wall-clock timeout; a crash, a kill or a timeout is one located
problem for that file. The cost is one interpreter start per such file (measured in
docs/performance.md); xlsx and csv, nearly all real files, are read in-process as before.
"""

from __future__ import annotations

import pickle
import signal
import subprocess
import sys
from functools import partial
from typing import Any

from elschool_audit.errors import Location, SourceError
from elschool_audit.i18n import each_language, label
from elschool_audit.limits import MB, limits

ISOLATED_SUFFIXES = (".xls", ".ods")


def read_isolated(data: bytes, name: str) -> list[tuple[Any, Any]]:
    """``readers._read_calamine(data, name)`` as a list, computed in a bounded child process."""
    lim = limits()
    where = Location(file=name)
    bounds = {"mb": f"{lim.reader_mb:,}", "seconds": lim.read_seconds}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "elschool_audit.sources.isolated", str(lim.reader_mb), str(lim.read_seconds)],
            input=pickle.dumps((data, name)),
            capture_output=True,
            timeout=lim.read_seconds + 5,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SourceError("reader_timeout", where, **bounds) from exc
    except OSError as exc:
        raise SourceError("reader_not_started", where, reason=exc.strerror or str(exc)) from exc
    if proc.returncode == 0:
        kind, payload = pickle.loads(proc.stdout)  # our own child's answer, never the school's bytes
        if kind == "ok":
            return list(payload)
        msg, location = payload
        raise SourceError(msg, location)
    code = proc.returncode
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        raise SourceError("reader_timeout", where, **bounds)
    if code == _OUT_OF_MEMORY:
        raise SourceError("reader_out_of_memory", where, **bounds)
    how = (
        each_language("how", partial(label, "exit_signal", n=-code))
        if code < 0
        else each_language("how", partial(label, "exit_code", n=code))
    )
    raise SourceError("reader_crashed", where, **bounds, **how)


_OUT_OF_MEMORY = 75


def _child(mb: int, seconds: int) -> None:
    """Read one file from stdin; answer ("ok", tabs) or ("error", message) on stdout."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (mb * MB, mb * MB))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    from elschool_audit.sources.readers import _read_calamine

    data, name = pickle.loads(sys.stdin.buffer.read())
    try:
        answer: tuple[str, Any] = ("ok", list(_read_calamine(data, name)))
    except SourceError as exc:
        answer = ("error", (exc.msg, exc.location))
    except MemoryError:
        sys.exit(_OUT_OF_MEMORY)
    sys.stdout.buffer.write(pickle.dumps(answer))


if __name__ == "__main__":
    _child(int(sys.argv[1]), int(sys.argv[2]))
