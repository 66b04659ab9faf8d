"""One synthetic Long Biên district generator, at two volumes, for the samples and the benchmark.

* ``sample`` (:mod:`synthdistrict.sample`): six hand-made schools, semester I of 2016-17, with the
  defects and data problems planted on purpose; written to ``sample_sheets/`` (``make samples``).
* ``year`` (:mod:`synthdistrict.year`): *N* schools for the whole school year at real-school volumes;
  written to ``benchmarks/data/`` for ``benchmarks/run.py`` (``benchmarks/synth.py``).

Both write the same sheet kinds (:mod:`synthdistrict.kinds`: file names, tab names, headers, title
rows) through the same writer (:mod:`synthdistrict.workbook`) over the same kind of school calendar
(:mod:`synthdistrict.schoolyear`), and both are seeded: the same seed and volume always write the
same cell values. The row builders stay per volume because each volume's data is pinned: the sample
district by its planted defects (tests/test_sample_district.py), the benchmark district by
``year.VERSION`` (results are only comparable on identical data).

    python scripts/make_sample_sheets.py [--seed 2016] [--out sample_sheets]          # sample
    python benchmarks/synth.py [--schools 70] [--seed synth-v2] [--out benchmarks/data]  # year
"""
