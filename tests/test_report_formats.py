"""Issue 12: a report format is one module in ``reports/formats``. The registry, ``--format``'s
choices and help, and ``-o``'s extensions come from the modules found there; finding them must not
import the heavy libraries a format only needs when it writes (openpyxl, matplotlib, jinja2)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
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


@pytest.fixture
def cli_with_tsv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Callable[..., tuple[int, str]]]:
    """The CLI imported afresh with a ``tsv.py`` dropped on the formats package's path, in this
    process (a subprocess would pay pandas' import again); everything is put back afterwards."""
    import elschool_audit
    import elschool_audit.cli
    import elschool_audit.reports.render
    from elschool_audit.reports import formats

    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "tsv.py").write_text(TSV, encoding="utf-8")
    monkeypatch.setattr(formats, "__path__", [*formats.__path__, str(plugins)])
    monkeypatch.setattr(elschool_audit, "cli", elschool_audit.cli)
    monkeypatch.setattr(elschool_audit.reports, "render", elschool_audit.reports.render)
    before = set(sys.modules)
    for name in [m for m in before if m.startswith("elschool_audit.cli") or m == "elschool_audit.reports.render"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setenv("ELSCHOOL_AUDIT_HISTORY", str(tmp_path / "h.sqlite"))
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str) -> tuple[int, str]:
        from elschool_audit.cli import main  # the fresh import: the registry is built again

        monkeypatch.setattr(sys, "argv", ["elschool-audit", *args])
        capsys.readouterr()
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        return code, capsys.readouterr().out

    yield run
    for name in [m for m in sys.modules if m not in before and m.startswith(("elschool_audit.cli", formats.__name__))]:
        del sys.modules[name]  # imported afresh for the first time: no earlier module to put back
    vars(formats).pop("tsv", None)


def test_a_new_format_is_one_module(cli_with_tsv: Callable[..., tuple[int, str]], tmp_path: Path) -> None:
    """A module dropped on the package's path is a ``--format`` choice, an ``-o`` extension and in
    the help, with no other file touched. The school is one unrecognised CSV: the audit is quick and
    its report (every rule in error) is a report all the same."""
    school_dir = tmp_path / "truong-nho"
    school_dir.mkdir()
    (school_dir / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    out = tmp_path / "x.tsv"
    school = ["audit", "school", str(school_dir), "--level", "TH", "--month", "2017-01"]
    code, printed = cli_with_tsv(*school, "--format", "tsv")
    assert code in (0, 1, 2) and printed.startswith("school\t"), printed
    assert cli_with_tsv(*school, "-o", str(out))[0] == code
    assert out.read_text(encoding="utf-8") == printed
    code, help_text = cli_with_tsv("audit", "school", "--help")
    assert code == 0 and "csv, tsv, md" in " ".join(help_text.split())


def test_the_new_format_is_gone_afterwards() -> None:
    """The fixture above leaves the registry as it found it (this test runs after it)."""
    from elschool_audit.reports.render import FORMATS as formats_now

    assert "tsv" not in formats_now and formats_now == FORMATS


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
