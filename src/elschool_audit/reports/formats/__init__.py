"""The report formats: one module each, found by ``interface.discover``.

Adding a format is one module here: a ``FORMAT = ReportFormat(...)`` and a ``dumps(report, lang)``
(see ``interface.py``). The CLI's ``--format`` choices, its help text and the extensions ``-o``
understands all come from the modules found, so nothing else changes. Every module here is imported
whenever the CLI starts, ``--help`` included: what is slow to import (openpyxl, matplotlib, jinja2,
rich, and ``reports.records``, which brings pydantic and pandas) is imported inside the function
that uses it; tests/test_report_formats.py checks that.
"""
