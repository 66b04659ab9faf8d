"""The check vocabulary: each check type turns a school's tables into a status and located findings.

One module per check type family, each holding a ``Check`` subclass (``interface.py``) registered
under its YAML ``type`` names; the modules are found here, so adding a check type is one module plus
its YAML cases (``cases/<type>.yaml``, run by tests/test_check_cases.py). ``AnyCheck``, the
discriminated union a rubric rule's ``check`` is validated against, is built from the registry.

Checks work on whole columns (pandas masks and group-bys), not row by row, and build at most
``limit`` findings while counting them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING, Annotated, Union

from pydantic import Field

from elschool_audit.rubric.checks.evidence import row_finding, table_finding
from elschool_audit.rubric.checks.interface import (
    REGISTRY,
    Check,
    Context,
    NeedsInput,
    Outcome,
    Reads,
    run_check,
)

_SUPPORT = {"interface", "evidence", "parts"}
for _module in pkgutil.iter_modules(__path__):
    if _module.name not in _SUPPORT:
        importlib.import_module(f"{__name__}.{_module.name}")

CHECK_CLASSES: tuple[type[Check], ...] = tuple(dict.fromkeys(REGISTRY.values()))

if TYPE_CHECKING:
    AnyCheck = Check
else:
    AnyCheck = Annotated[Union[CHECK_CLASSES], Field(discriminator="type")]  # noqa: UP007

for _cls in CHECK_CLASSES:
    _cls.model_rebuild(_types_namespace={"AnyCheck": AnyCheck})

__all__ = [
    "CHECK_CLASSES",
    "REGISTRY",
    "AnyCheck",
    "Check",
    "Context",
    "NeedsInput",
    "Outcome",
    "Reads",
    "row_finding",
    "run_check",
    "table_finding",
]
