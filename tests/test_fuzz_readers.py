"""Fuzz the readers and the parser with mutated sample workbooks (issue 15).

Each round takes a sample file and damages it — random bytes flipped, cut or repeated, or, inside
an xlsx, its XML changed where it matters (cell values made huge, negative, non-numeric or full
of control characters; cell references, the declared dimension and merges pushed to the edge of
the sheet) — and reads it the way an audit does (``WorkbookBuilder.add_file``). The only
acceptable outcomes are tabs or located problems, each round within a time bound, and the
process within a memory bound.

Runs for ``FUZZ_SECONDS`` (40 in CI; e.g. ``FUZZ_SECONDS=600 FUZZ_SEED=$RANDOM`` for a long
search) from the seed ``FUZZ_SEED`` (fixed by default; printed on failure so it can be replayed).
"""

from __future__ import annotations

import io
import os
import random
import re
import resource
import time
import zipfile
from pathlib import Path

import pytest

from elschool_audit.sources.base import WorkbookBuilder
from elschool_audit.sources.readers import read_workbook_bytes

SAMPLES = Path(__file__).resolve().parents[1] / "sample_sheets"
SECONDS = float(os.environ.get("FUZZ_SECONDS", "40"))
ROUND_SECONDS = 20.0
MEMORY_MB = 1500

_VALUES = [
    b"-1.1e11", b"1e308", b"-1e308", b"NaN", b"99999999999999999999", b"9" * 5000, b"-0", b"",
    b"\x1b[2J", b"&#x1b;]8;;http://x&#x7;", b"2958466", b"-693594", b"4.9e-324", b"abc",
]  # fmt: skip
_REFS = [b"XFD1048576", b"A1048576", b"XFD1", b"ZZZZ1", b"A0", b"A99999999999"]


def _samples() -> list[Path]:
    files = sorted(p for p in SAMPLES.rglob("*") if p.suffix.lower() in (".xlsx", ".csv"))
    return files[:: max(1, len(files) // 12)]


def _mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.random()
        if not buf:
            break
        i = rng.randrange(len(buf))
        if op < 0.5:
            buf[i] = rng.randrange(256)
        elif op < 0.7:
            del buf[i : i + rng.randint(1, 64)]
        elif op < 0.85:
            buf[i:i] = buf[i : i + rng.randint(1, 256)] * rng.randint(1, 8)
        else:
            del buf[i:]
    return bytes(buf)


def _mutate_xml(xml: bytes, rng: random.Random) -> bytes:
    """Structured damage where readers are fragile: values, references, dimension, merges."""
    choice = rng.random()
    if choice < 0.4:
        return re.sub(
            rb"<v>[^<]*</v>",
            lambda m: b"<v>" + rng.choice(_VALUES) + b"</v>" if rng.random() < 0.3 else m.group(0),
            xml,
        )
    if choice < 0.6:
        return re.sub(
            rb'r="[A-Z]+[0-9]+"',
            lambda m: b'r="' + rng.choice(_REFS) + b'"' if rng.random() < 0.05 else m.group(0),
            xml,
        )
    if choice < 0.75:
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:' + rng.choice(_REFS) + b'"', xml)
    if choice < 0.85:
        merge = b'<mergeCells count="1"><mergeCell ref="A2:' + rng.choice(_REFS) + b'"/></mergeCells>'
        return xml.replace(b"</sheetData>", b"</sheetData>" + merge, 1)
    return _mutate_bytes(xml, rng)


def _mutate_xlsx(data: bytes, rng: random.Random) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename.endswith(".xml") and rng.random() < 0.5:
                part = _mutate_xml(part, rng)
            dst.writestr(info.filename, part)
    return out.getvalue()


def _mutate(path: Path, data: bytes, rng: random.Random) -> bytes:
    if path.suffix.lower() == ".xlsx" and rng.random() < 0.7:
        return _mutate_xlsx(data, rng)
    return _mutate_bytes(data, rng)


def test_mutated_workbooks_give_tabs_or_located_problems() -> None:
    seed = int(os.environ.get("FUZZ_SEED", "20261130"))  # fixed in CI; any other for a new search
    rng = random.Random(seed)
    files = [(p, p.read_bytes()) for p in _samples()]
    assert files
    deadline = time.monotonic() + SECONDS
    rounds = 0
    while time.monotonic() < deadline:
        path, original = rng.choice(files)
        data = _mutate(path, original, rng)
        builder = WorkbookBuilder()
        started = time.monotonic()
        try:
            builder.add_file(path.name, read_workbook_bytes(data, path.name))
        except Exception as exc:  # anything but a located problem is a bug
            pytest.fail(f"FUZZ_SEED={seed} round {rounds} ({path.name}): {type(exc).__name__}: {exc}")
        took = time.monotonic() - started
        assert took < ROUND_SECONDS, f"FUZZ_SEED={seed} round {rounds} ({path.name}) took {took:.1f}s"
        assert all(p.location.file == path.name for p in builder.problems if p.code == "file_unreadable")
        rounds += 1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mb < MEMORY_MB, f"FUZZ_SEED={seed}: peak {peak_mb:.0f} MB"
    assert rounds > 0
