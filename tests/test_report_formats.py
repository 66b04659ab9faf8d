"""Issue 12: a report format is one module in ``reports/formats``. The registry, ``--format``'s
choices and help, and ``-o``'s extensions come from the modules found there; finding them must not
import the heavy libraries a format only needs when it writes (openpyxl, matplotlib, jinja2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from elschool_audit.reports.formats.interface import ReportFormat, discover
from elschool_audit.reports.render import FORMATS, REGISTRY

TSV = '''
"""A format written for the test: nothing outside this file names it."""

from elschool_audit.i18n import Lang
from elschool_audit.reports.formats.interface import ReportFormat
from elschool_audit.reports.shapes import SchoolReport

FORMAT = ReportFormat(name="tsv", extensions=(".tsv",), order=55)


def dumps(report: SchoolReport, lang: Lang) -> str:
    return f"{report['kind']}\\t{report['school']['id']}\\t{report['verdict']}\\n"
'''

_RUN = """
import json, sys
import elschool_audit.reports.formats as formats
formats.__path__.append(sys.argv[1])
from elschool_audit.cli import main
codes = []
for args in json.loads(sys.argv[2]):
    sys.argv = ["elschool-audit", *args]
    try:
        main()
    except SystemExit as exc:
        codes.append(exc.code)
    print("\\n--END--", flush=True)
sys.stderr.write("CODES " + json.dumps(codes))
"""


def test_the_formats_are_found_in_a_stable_order() -> None:
    assert FORMATS == ("table", "json", "xlsx", "html", "csv", "md", "plan")
    modules = {f.name: f.module.removeprefix("elschool_audit.reports.formats.") for f in REGISTRY}
    assert modules == {n: n for n in FORMATS} | {"table": "terminal", "md": "markdown"}


def test_finding_the_formats_imports_no_heavy_library() -> None:
    probe = (
        "import sys; import elschool_audit.reports.render as r; assert len(r.REGISTRY) >= 7; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'openpyxl', 'matplotlib', 'jinja2', 'pandas', 'pydantic', 'yaml', 'rich'}))"
    )
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"


def test_a_new_format_is_one_module(tmp_path: Path, district: Path) -> None:
    """A module dropped on the package's path is a ``--format`` choice, an ``-o`` extension and in
    the help, with no other file touched."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "tsv.py").write_text(TSV, encoding="utf-8")
    out = tmp_path / "x.tsv"
    school = ["audit", "school", "thcs-ai-mo", "--source", str(district), "--month", "2017-01"]
    runs = [[*school, "--format", "tsv"], [*school, "-o", str(out)], ["audit", "school", "--help"]]
    env = {**os.environ, "COLUMNS": "200", "ELSCHOOL_AUDIT_HISTORY": str(tmp_path / "h.sqlite")}
    r = subprocess.run(
        [sys.executable, "-c", _RUN, str(plugins), json.dumps(runs)], capture_output=True, text=True, env=env
    )
    codes = json.loads(r.stderr.rpartition("CODES ")[2])
    printed, _, help_text, _ = r.stdout.split("\n--END--\n")
    assert codes[:2] in ([0, 0], [1, 1]) and codes[2] == 0, r.stderr
    assert printed.strip().startswith("school\tthcs-ai-mo\t")
    assert out.read_text(encoding="utf-8") == printed.strip() + "\n"
    assert "tsv" in help_text and "csv, tsv, md" in " ".join(help_text.split())


def _package(root: Path, modules: dict[str, str]) -> tuple[str, list[str]]:
    pkg = root / "fmts_under_test"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    for name, body in modules.items():
        (pkg / f"{name}.py").write_text(textwrap.dedent(body), encoding="utf-8")
    return pkg.name, [str(pkg)]


def _format(name: str, ext: str, order: int) -> str:
    return f"""
    from elschool_audit.reports.formats.interface import ReportFormat
    FORMAT = ReportFormat(name={name!r}, extensions=({ext!r},), order={order})
    def dumps(report, lang):
        return ""
    """


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m.startswith("fmts_under_test")]:
        monkeypatch.delitem(sys.modules, name)
    return tmp_path


def test_discovery_orders_by_order_then_name_and_skips_private_modules(fresh: Path) -> None:
    found = discover(
        *_package(
            fresh,
            {"b": _format("b", ".b", 20), "a": _format("a", ".a", 20), "z": _format("z", ".z", 1), "_x": "X = 1"},
        )
    )
    assert [f.name for f in found] == ["z", "a", "b"]
    assert found[0] == ReportFormat("z", (".z",), order=1, module="fmts_under_test.z")


@pytest.mark.parametrize(
    ("modules", "error"),
    [
        ({"a": "X = 1"}, TypeError),
        ({"a": _format("a", ".a", 1), "b": _format("a", ".b", 2)}, ValueError),
        ({"a": _format("a", ".a", 1), "b": _format("b", ".a", 2)}, ValueError),
    ],
    ids=["no FORMAT", "name twice", "extension twice"],
)
def test_a_broken_format_module_fails_at_start_up(fresh: Path, modules: dict[str, str], error: type[Exception]) -> None:
    with pytest.raises(error, match=r"FORMAT|twice|two report formats"):
        discover(*_package(fresh, modules))
