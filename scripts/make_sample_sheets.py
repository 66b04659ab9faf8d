"""Write sample_sheets/: the ``sample`` volume of the synthetic district (scripts/synthdistrict/).

    python scripts/make_sample_sheets.py [--seed 2016] [--out sample_sheets]

tests/test_sample_district.py loads this file for DEFECTS, DATA_PROBLEMS and write_readme.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from synthdistrict.cli import main  # noqa: E402  (scripts/ on sys.path)
from synthdistrict.sample import DATA_PROBLEMS, DEFECTS, build, write_readme  # noqa: E402

__all__ = ["DATA_PROBLEMS", "DEFECTS", "build", "write_readme"]

if __name__ == "__main__":
    main(["sample", *sys.argv[1:]])
