"""Regenerate docs/report-schema.json from the report's record types (elschool_audit/reports/shapes.py).

python scripts/make_report_schema.py          # rewrite docs/report-schema.json
python scripts/make_report_schema.py --check  # exit 1 if it is out of date (a test checks this too)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from elschool_audit.reports.schema import dumps

TARGET = Path(__file__).resolve().parent.parent / "docs" / "report-schema.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only check that the file is up to date")
    args = parser.parse_args()
    text = dumps()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date: run python scripts/make_report_schema.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
