"""`elschool-audit audit school|district`."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from elschool_audit.cli.options import HistoryOpt, Lang, LangOpt, LevelChoice, RubricOpt, h
from elschool_audit.errors import AuditError, ConfigError, Location
from elschool_audit.reports.render import FORMATS, FormatChoice

# Only what the options need is imported here: `--help` must not pay for pandas, pydantic or
# openpyxl (issue 17). Each command imports the library it calls when it runs.
if TYPE_CHECKING:
    from elschool_audit.i18n import Lang as LangCode
    from elschool_audit.reports.render import Scope
    from elschool_audit.reports.shapes import Report
    from elschool_audit.roster import Roster
    from elschool_audit.rubric.loader import LoadedRubric
    from elschool_audit.rubric.model import Waiver
    from elschool_audit.sources.interface import Source

log = logging.getLogger("elschool_audit.cli")

app = typer.Typer(
    rich_markup_mode=None,
    help=h("audit"),
    no_args_is_help=True,
)


class ProfileOpt(StrEnum):
    full = "full"
    partial = "partial"


SourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source",
        envvar="ELSCHOOL_AUDIT_SOURCE",
        help=h("opt_source"),
    ),
]
RosterOpt = Annotated[Path | None, typer.Option("--roster", help=h("opt_roster"))]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help=h("opt_as_of")),
]
MonthOpt = Annotated[str | None, typer.Option("--month", help=h("opt_month"))]
WaiversOpt = Annotated[Path | None, typer.Option("--waivers", help=h("opt_waivers"))]
FormatOpt = Annotated[
    FormatChoice | None,
    typer.Option(
        "--format",
        envvar="ELSCHOOL_AUDIT_FORMAT",
        help=h("opt_format", formats=", ".join(FORMATS)),
    ),
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help=h("opt_output"))]
PlanOpt = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        exists=True,
        dir_okay=False,
        help=h("opt_plan"),
    ),
]
ProfileArg = Annotated[
    ProfileOpt | None,
    typer.Option("--profile", help=h("opt_profile")),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help=h("opt_quiet"))]
LogFileOpt = Annotated[Path | None, typer.Option("--log-file", help=h("opt_log_file"))]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help=h("opt_no_cache"))]
PortalOpt = Annotated[
    bool,
    typer.Option(
        "--portal",
        help=h("opt_portal"),
    ),
]
SharingOpt = Annotated[
    bool,
    typer.Option(
        "--sharing",
        help=h("opt_sharing"),
    ),
]
FailUnderOpt = Annotated[
    float | None,
    typer.Option(
        "--fail-under",
        min=0,
        max=100,
        help=h("opt_fail_under"),
    ),
]


def _exit(results: Any, fail_under: float | None, lang: LangCode) -> int:
    """The exit code; with --fail-under, name the schools that made it 1."""
    from rich.console import Console

    from elschool_audit.audit import exit_code, under
    from elschool_audit.i18n import render as render_msg
    from elschool_audit.results import Msg

    code = exit_code(results, fail_under)
    if fail_under is not None:
        for r in under(results, fail_under):
            Console(stderr=True, highlight=False, markup=False).print(
                render_msg(
                    Msg(
                        "fail_under_school",
                        {"school": r.school_id, "score": f"{(r.score or 0) * 100:.1f}", "min": f"{fail_under:g}"},
                    ),
                    lang,
                ),
                style="red",
            )
    return code


def _waivers(path: Path | None, loaded: LoadedRubric, roster: Roster | None) -> list[Waiver]:
    """Waivers checked against the rubric and, for roster schools, the roster's school ids."""
    from elschool_audit.rubric.loader import load_waivers

    if path is None:
        return []
    ids = {s.id for s in roster.schools} if roster is not None else None
    return list(load_waivers(path, loaded.rubric, ids).waivers)


def _roster(
    source: str | None, roster: Path | None, no_cache: bool = False, portal: bool = False, sharing: bool = False
) -> tuple[Roster, Source]:
    from elschool_audit.roster import load_roster
    from elschool_audit.sources.select import open_source

    if source not in (None, "drive") and Path(source).is_file():
        raise ConfigError("source_is_a_file", source=source)
    src, roster_path = open_source(source, roster, use_cache=not no_cache, portal=portal, sharing=sharing)
    return load_roster(roster_path), src


def _warn_if_inside(output: Path | None, src: Any, schools: list[Any], lang: LangCode) -> None:
    """A report saved in a school's own folder is skipped on the next run, but say so now."""
    from rich.console import Console

    from elschool_audit.i18n import render as render_msg
    from elschool_audit.results import Msg
    from elschool_audit.sources.local import LocalSource

    if output is None or not isinstance(src, LocalSource):
        return
    out = output.resolve()
    for school in schools:
        folder = src.folder(school).resolve()
        if out.is_relative_to(folder):
            Console(stderr=True, highlight=False, markup=False).print(
                render_msg(Msg("output_in_school_folder", {"folder": str(folder)}), lang), style="yellow"
            )
            return


def _check_history(history: Path | None) -> None:
    """A history path that cannot be a SQLite file fails now, not after the whole audit."""
    from elschool_audit.history import default_history_path

    path = history or default_history_path()
    if path.is_dir():
        raise ConfigError("history_is_a_folder", path=str(path))
    if path.is_file() and path.stat().st_size:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise ConfigError("history_not_sqlite", path=str(path))


def _log_outcomes(results: Any, lang: LangCode) -> None:
    """Under cron the log is all there is: every school that could not be (fully) audited, and why,
    and every waiver that expired or ends soon."""
    from elschool_audit.i18n import render as render_msg
    from elschool_audit.reports.records import waiver_notices

    for r in results:
        if r.error is not None:
            log.error("%s: %s", r.school_id, render_msg(r.error, lang))
            continue
        for n in waiver_notices(r, lang):
            log.warning("%s: %s", r.school_id, n["text"])
        for p in r.problems:
            if p.message.key == "file_unreadable":
                log.error("%s: %s: %s", r.school_id, p.location.file, render_msg(p.message, lang))
        for x in r.results:
            if x.status == "error":
                why = render_msg(x.measured, lang) if x.measured else ""
                log.warning("%s: %s %s", r.school_id, x.rule_id, why)


def _check_output(fmt: str | None, output: Path | None) -> None:
    """Options that can only fail at the end are checked before any school is read."""
    from elschool_audit.reports.render import get_format, infer_format

    chosen = infer_format(fmt, output)
    if output is None and get_format(chosen).binary:
        raise ConfigError("format_needs_output", format=chosen)
    if output is not None and output.is_dir():
        raise ConfigError("output_is_a_folder")


def _emit(report: Report, scope: Scope, fmt: str | None, output: Path | None, lang: LangCode) -> None:
    """Print the report, or write it atomically to ``--output`` in the chosen or inferred format."""
    from rich.console import Console

    from elschool_audit.cli import status_line
    from elschool_audit.output import write_atomic
    from elschool_audit.reports.formats import terminal
    from elschool_audit.reports.render import get_format, infer_format, render

    chosen = infer_format(fmt, output)
    console = Console(highlight=False, markup=False)  # school text is shown, never interpreted
    if output is None:
        if chosen == "table":
            console.print(terminal.view(report, lang))
            return
        data = b"" if get_format(chosen).binary else render(report, scope, chosen, lang)
        if isinstance(data, bytes):
            raise ConfigError("format_needs_output", format=chosen)
        console.file.write(data)
        return
    write_atomic(output, render(report, scope, chosen, lang))
    status_line(f"→ {output}", stderr=True, style="dim")


class HistoryFailed(AuditError):
    """The report is written; recording the run in the history failed (locked, corrupt, read-only)."""


def _history_error(exc: BaseException, path: Path | None) -> AuditError:
    from elschool_audit.history import default_history_path

    reason = exc.message if isinstance(exc, AuditError) else str(exc)
    return HistoryFailed(
        "history_failed_after_report",
        Location(file=str(path or default_history_path())),
        reason=reason,
    )


@contextmanager
def _history_step(path: Path | None) -> Iterator[None]:
    """A history failure after the report is safe: its own error (exit 2), never a lost report."""
    import sqlite3

    try:
        yield
    except (AuditError, sqlite3.Error, OSError) as exc:
        raise _history_error(exc, path) from exc


@app.command("school", help=h("audit_school"))
def school_cmd(
    school: Annotated[
        str,
        typer.Argument(help=h("arg_school")),
    ],
    source: SourceOpt = None,
    roster: RosterOpt = None,
    as_of: AsOfOpt = None,
    month: MonthOpt = None,
    profile: Annotated[
        ProfileOpt | None,
        typer.Option("--profile", help=h("opt_profile_school")),
    ] = None,
    rubric: RubricOpt = None,
    waivers: WaiversOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = Lang.vi,
    fail_under: FailUnderOpt = None,
    level: Annotated[LevelChoice | None, typer.Option("--level", help=h("opt_level"))] = None,
    name: Annotated[str | None, typer.Option("--name", help=h("opt_name"))] = None,
    pilot: Annotated[
        bool | None,
        typer.Option("--pilot/--no-pilot", help=h("opt_pilot")),
    ] = None,
    clc: Annotated[bool | None, typer.Option("--clc/--no-clc", help=h("opt_clc"))] = None,
    school_id: Annotated[str | None, typer.Option("--id", help=h("opt_id"))] = None,
    email: Annotated[str | None, typer.Option("--email", help=h("opt_email"))] = None,
    no_cache: NoCacheOpt = False,
    portal: PortalOpt = False,
    sharing: SharingOpt = False,
    record: Annotated[bool, typer.Option("--record/--no-record", help=h("opt_record"))] = False,
    history: HistoryOpt = None,
    plan: PlanOpt = None,
    quiet: QuietOpt = False,
    log_file: LogFileOpt = None,
) -> None:
    """Audit one school: from the roster by id, or a folder of spreadsheets (self-check)."""
    from rich.console import Console

    from elschool_audit.audit import audit_school
    from elschool_audit.auditdate import resolve_as_of
    from elschool_audit.cli.runtime import setup_logging
    from elschool_audit.history import HistoryStore
    from elschool_audit.reports import records
    from elschool_audit.reports.cells import percent
    from elschool_audit.reports.formats.plan import apply_plan, read_plan
    from elschool_audit.rubric.loader import load_rubric
    from elschool_audit.selfcheck import check_school_folder, self_check_school
    from elschool_audit.sources.local import LocalSource

    setup_logging(log_file)
    _check_output(fmt, output)
    if record:
        _check_history(history)
    folder_check = Path(school).is_dir() and source is None and roster is None
    given = {"--level": level, "--name": name, "--pilot": pilot, "--clc": clc, "--id": school_id, "--email": email}
    if not folder_check and any(v is not None for v in given.values()):
        names = ", ".join(k for k, v in given.items() if v is not None)
        raise ConfigError("selfcheck_options_only", names=names)
    loaded = load_rubric(rubric)
    date = resolve_as_of(loaded.rubric, as_of, month)
    folder = Path(school)
    src: Any
    if folder_check:
        check_school_folder(folder, LocalSource.spreadsheets(folder))
        target = self_check_school(folder, level=level, name=name, pilot=pilot, clc=clc, id=school_id, email=email)
        src = LocalSource(folder.parent, school_dir=folder)
        waiver_list = _waivers(waivers, loaded, None)  # a self-check has no roster to check ids against
    else:
        ros, src = _roster(source, roster, no_cache, portal, sharing)
        target = ros.find(school)
        waiver_list = _waivers(waivers, loaded, ros)
    result = audit_school(
        loaded,
        target,
        src,
        date,
        profile=profile.value if profile else None,
        waivers=waiver_list,
    )
    lang_v: LangCode = lang.value
    _log_outcomes([result], lang_v)
    report = records.school_report(result, loaded.rubric, lang_v)
    if plan is not None:
        apply_plan(report, read_plan(plan))
    # the report first (history cannot lose it); --quiet only quiets the terminal, never --output
    if quiet:
        line = f"{report['as_of']}: {result.school_id} {percent(report['score'])} {report['verdict']}"
        Console(highlight=False, markup=False).print(line, soft_wrap=True)
    if output is not None or not quiet:
        _warn_if_inside(output, src, [target], lang_v)
        _emit(report, "school", fmt, output, lang_v)
    if record:
        with _history_step(history), HistoryStore.open(history) as store:
            store.record(
                [result],
                as_of=date,
                month=month,
                rubric_id=loaded.rubric.id,
                rubric_hash=loaded.hash,
                source=str(source or roster or school),
                scope="school",
            )
    raise typer.Exit(_exit([result], fail_under, lang_v))


@app.command("district", help=h("audit_district"))
def district_cmd(
    source: SourceOpt = None,
    roster: RosterOpt = None,
    as_of: AsOfOpt = None,
    month: MonthOpt = None,
    rubric: RubricOpt = None,
    waivers: WaiversOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = Lang.vi,
    fail_under: FailUnderOpt = None,
    profile: ProfileArg = None,
    plan: PlanOpt = None,
    only: Annotated[list[str] | None, typer.Option("--school", help=h("opt_only"))] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help=h("opt_jobs"))] = None,
    no_cache: NoCacheOpt = False,
    portal: PortalOpt = False,
    sharing: SharingOpt = False,
    record: Annotated[bool, typer.Option("--record/--no-record", help=h("opt_record"))] = True,
    history: HistoryOpt = None,
    email: Annotated[bool, typer.Option("--email", help=h("opt_send_email"))] = False,
    email_to: Annotated[list[str] | None, typer.Option("--email-to", help=h("opt_email_to"))] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=h("opt_dry_run"))] = False,
    outbox: Annotated[Path | None, typer.Option("--outbox", help=h("opt_outbox"))] = None,
    force: Annotated[bool, typer.Option("--force", help=h("opt_force_email"))] = False,
    quiet: QuietOpt = False,
    log_file: LogFileOpt = None,
) -> None:
    """Audit every school of the roster; one unreadable school never stops the others."""
    import sqlite3
    from contextlib import nullcontext

    from rich.console import Console

    from elschool_audit.audit import audit_district
    from elschool_audit.auditdate import resolve_as_of
    from elschool_audit.cli.runtime import changes_for_email, one_line_summary, school_progress, setup_logging
    from elschool_audit.history import HistoryStore, default_history_path
    from elschool_audit.i18n import label
    from elschool_audit.locking import run_lock
    from elschool_audit.notify.monthly import send_monthly_email
    from elschool_audit.reports import records
    from elschool_audit.reports.formats.plan import apply_plan, read_plan
    from elschool_audit.rubric.loader import load_rubric

    setup_logging(log_file)
    _check_output(fmt, output)
    if record or email:
        _check_history(history)
    loaded = load_rubric(rubric)
    date = resolve_as_of(loaded.rubric, as_of, month)
    ros, src = _roster(source, roster, no_cache, portal, sharing)
    waiver_list = _waivers(waivers, loaded, ros)
    schools = [ros.find(s) for s in only] if only else ros.schools
    lang_v: LangCode = lang.value
    month_key = month or date.strftime("%Y-%m")
    history_path = history or default_history_path()
    guard = run_lock(history_path.with_name(history_path.name + ".lock")) if (record or email) else nullcontext()
    with guard:
        with school_progress(len(schools), quiet) as tick:
            result = audit_district(
                loaded, ros, src, date, schools=schools, waivers=waiver_list, progress=tick,
                profile=profile.value if profile else None, jobs=jobs,
            )  # fmt: skip
        _log_outcomes(result.schools, lang_v)
        report = records.district_report(result, loaded.rubric, lang_v)
        log.info("%s", one_line_summary(report, lang_v))
        if plan is not None:
            apply_plan(report, read_plan(plan))
        run_id = None
        history_failed: AuditError | None = None
        if record:
            try:
                with HistoryStore.open(history_path) as store:
                    run_id = store.record(
                        result.schools,
                        as_of=date,
                        month=month_key if month else None,
                        rubric_id=loaded.rubric.id,
                        rubric_hash=loaded.hash,
                        source=str(source or roster),
                        scope="school" if only else "district",  # a partial run is no district run
                    )
                    log.info("%s", label("log_run_recorded", lang_v, run=run_id, path=history_path))
                    report["trend"] = store.trend()
            except (AuditError, sqlite3.Error, OSError) as exc:
                history_failed = _history_error(exc, history_path)
        # The report is written before the e-mails and whatever happens to the history;
        # --quiet only quiets the terminal, never --output.
        if quiet:
            Console(highlight=False, markup=False).print(one_line_summary(report, lang_v), soft_wrap=True)
        if output is not None or not quiet:
            _warn_if_inside(output, src, schools, lang_v)
            _emit(report, "district", fmt, output, lang_v)
        if history_failed is not None:
            raise history_failed
        if email:
            with HistoryStore.open(history_path) as store:
                changes = changes_for_email(store, run_id)
                sent = send_monthly_email(
                    store, result, loaded, ros, report, changes, month_key, lang_v, run_id,
                    list(email_to or []), dry_run, outbox, force,
                )  # fmt: skip
    code = _exit(result.schools, fail_under, lang_v)
    if email and (sent.failed or sent.unsendable):
        code = 2
    raise typer.Exit(code)
