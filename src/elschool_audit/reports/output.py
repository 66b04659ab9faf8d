"""Writing report files safely: atomically (temp file + rename) and with portable names."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from elschool_audit.errors import Location, ReportError

_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``path`` so readers never see half a report, and a failed run leaves the old one."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            # mkstemp creates the file 0600; a report is an ordinary file, readable as the umask allows
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReportError(
            f"không ghi được báo cáo / cannot write the report: {exc.strerror}",
            Location(file=str(path)),
        ) from exc


def safe_filename(name: str, max_len: int = 80) -> str:
    """A file name derived from a school name that is valid on Windows and Linux."""
    text = unicodedata.normalize("NFC", name)
    text = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if not text:
        text = "_"
    if text.split(".")[0].upper() in _WINDOWS_RESERVED:
        text = "_" + text
    return text[:max_len].rstrip(" .") or "_"
