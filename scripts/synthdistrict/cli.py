"""The generator's command line, shared by scripts/make_sample_sheets.py and benchmarks/synth.py."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from synthdistrict import sample, year


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic Long Biên district.")
    volumes = parser.add_subparsers(dest="volume", required=True)
    s = volumes.add_parser("sample", help="the six schools of sample_sheets/, with their planted defects")
    s.add_argument("--seed", default=sample.SEED)
    s.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[2] / "sample_sheets")
    y = volumes.add_parser("year", help="N schools, a whole school year at real-school volumes (benchmarks)")
    y.add_argument("--schools", type=int, default=70)
    y.add_argument("--seed", default=year.SEED)
    y.add_argument("--out", type=Path, default=year.DATA)
    args = parser.parse_args(argv)
    if args.volume == "sample":
        sample.build(args.out, args.seed)
        print(f"wrote {args.out}")
    else:
        print(year.ensure_district(args.schools, args.out, seed=args.seed))
