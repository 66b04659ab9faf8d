"""The report-format plug-in point: what a format module declares, and how the modules are found.

A format module defines ``FORMAT = ReportFormat(...)`` and ``dumps(report, lang) -> str | bytes``.
``discover`` imports every module of the ``formats`` package (except this one and names starting
with ``_``) and returns their formats in ``order``, so the list is the same on every machine.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass

SUPPORT = frozenset({"interface"})
"""Modules of the package that are not formats."""


@dataclass(frozen=True)
class ReportFormat:
    name: str
    """What ``--format`` takes."""
    extensions: tuple[str, ...]
    """Output file extensions that imply this format (lower case, with the dot)."""
    binary: bool = False
    """Bytes, not text: needs ``--output``."""
    order: int = 100
    """Where the format comes in ``--format``'s choices and help (then by name)."""
    module: str = ""
    """The module that declared it; filled in by ``discover``."""


def discover(package: str, path: Iterable[str]) -> tuple[ReportFormat, ...]:
    """The formats declared by the modules on ``path`` (the package's ``__path__``), in order.

    A module without ``FORMAT`` and ``dumps``, or a name or extension claimed twice, is a
    programming error: it fails at start-up rather than when a user asks for that format.
    """
    found: list[ReportFormat] = []
    for info in pkgutil.iter_modules(list(path)):
        if info.name in SUPPORT or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        fmt = getattr(module, "FORMAT", None)
        if not isinstance(fmt, ReportFormat) or not callable(getattr(module, "dumps", None)):
            raise TypeError(f"{module.__name__} defines no FORMAT = ReportFormat(...) and dumps(report, lang)")
        found.append(dataclasses.replace(fmt, module=module.__name__))
    found.sort(key=lambda f: (f.order, f.name))
    _unique([f.name for f in found], "format name")
    _unique([ext for f in found for ext in f.extensions], "extension")
    return tuple(found)


def _unique(values: list[str], what: str) -> None:
    twice = sorted({v for v in values if values.count(v) > 1})
    if twice:
        raise ValueError(f"{what} declared by two report formats: {', '.join(twice)}")
