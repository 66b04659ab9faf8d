"""The benchmark district: the ``year`` volume of the synthetic district (scripts/synthdistrict/).

    python benchmarks/synth.py [--schools 70] [--seed synth-v2] [--out benchmarks/data]

benchmarks/run.py imports this module (``ensure_district``, ``roster_path``, ``school_files``,
``district_dir``, ``VERSION``, ``AS_OF``).
"""

from __future__ import annotations

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from synthdistrict.cli import main  # noqa: E402  (scripts/ on sys.path)
from synthdistrict.year import (  # noqa: E402
    AS_OF,
    DATA,
    SEED,
    VERSION,
    district_dir,
    ensure_district,
    roster_path,
    school_files,
    schools,
    write_school,
)

__all__ = [
    "AS_OF",
    "DATA",
    "SEED",
    "VERSION",
    "district_dir",
    "ensure_district",
    "roster_path",
    "school_files",
    "schools",
    "write_school",
]

if __name__ == "__main__":
    main(["year", *sys.argv[1:]])
