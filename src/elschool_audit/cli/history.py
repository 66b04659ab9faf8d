"""`elschool-audit history` and `elschool-audit diff`: scores over time, and what changed."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from elschool_audit.cli.options import Fmt, FmtOpt, HistoryOpt, Lang, LangOpt, h

if TYPE_CHECKING:  # the history store (sqlite, platformdirs) is imported when a command runs
    from elschool_audit.history import RunDiff
    from elschool_audit.i18n import Lang as LangCode


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def history_cmd(
    school: Annotated[str | None, typer.Option("--school", help=h("opt_hist_school"))] = None,
    last: Annotated[int, typer.Option("--last", help=h("opt_hist_last"), min=1)] = 12,
    history: HistoryOpt = None,
    fmt: FmtOpt = Fmt.table,
    lang: LangOpt = Lang.vi,
) -> None:
    """Recorded runs and their scores, oldest first (help text: ``i18n.HELP["history"]``)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from elschool_audit.history import HistoryStore
    from elschool_audit.i18n import label

    lg: LangCode = lang.value
    console = Console(highlight=False)
    with HistoryStore.open(history) as store:
        if school is not None:
            rows = store.school_history(school, last=last)
            if fmt is Fmt.json:
                data = [
                    {
                        "run": run.id,
                        "as_of": run.as_of,
                        "score": row["score"],
                        "meets_standard": bool(row["meets_standard"]),
                    }
                    for run, row in rows
                ]
                console.file.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
                return
            table = Table(title=school, box=box.SIMPLE_HEAD)
            for col in ("hist_run", "hist_as_of", "score", "result"):
                table.add_column(label(col, lg))
            previous = None
            for run, row in rows:
                score = row["score"]
                trend = ""
                if previous is not None and score is not None:
                    trend = " ▲" if score > previous + 1e-9 else (" ▼" if score < previous - 1e-9 else "")
                ok = bool(row["meets_standard"])
                table.add_row(
                    str(run.id),
                    run.as_of,
                    _pct(score) + trend,
                    Text(label("hist_meets" if ok else "hist_below", lg), style="green" if ok else "red"),
                )
                previous = score if score is not None else previous
            console.print(table)
            return
        runs = store.runs(last=last)
        if fmt is Fmt.json:
            keys: tuple[str, ...] = ("id", "started_at", "as_of", "month", "scope", "rubric_id", "rubric_hash")
            keys = (*keys, "schools", "meets", "mean_score")
            data = [{k: getattr(r, k) for k in keys} for r in runs]
            console.file.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            return
        if not runs:
            console.print(label("hist_none", lg))
            return
        table = Table(box=box.SIMPLE_HEAD)
        heads = ("hist_run", "hist_started", "hist_as_of", "hist_kind", "hist_schools", "hist_meet", "hist_mean")
        for head in (*heads, "hist_rubric"):
            table.add_column(label(head, lg))
        for r in runs:
            table.add_row(
                str(r.id), r.started_at.replace("T", " ")[:16], r.as_of, label(f"kind_{r.scope}", lg),
                str(r.schools), str(r.meets),
                _pct(r.mean_score), r.rubric_hash,
            )  # fmt: skip
        console.print(table)


def _print_diff(diff: RunDiff, lang: LangCode) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from elschool_audit.i18n import label

    console = Console(highlight=False)
    a, b = diff.before, diff.after
    console.print(Text(label("diff_comparing", lang, a=a.id, a_as_of=a.as_of, b=b.id, b_as_of=b.as_of), style="bold"))
    if a.rubric_hash != b.rubric_hash:
        console.print(Text(label("diff_rubric_differs", lang), style="yellow"))
    changes = diff.changes
    if not changes and not diff.added and not diff.removed:
        console.print(label("diff_nothing", lang))
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(label("school", lang))
    table.add_column(label("score", lang), no_wrap=True, justify="right")
    table.add_column(label("diff_newly_failing", lang), style="red")
    table.add_column(label("diff_fixed", lang), style="green")
    for s in sorted(changes, key=lambda c: c.delta or 0.0):
        arrow = ""
        if s.delta is not None:
            arrow = " [green]▲[/green]" if s.delta > 1e-9 else (" [red]▼[/red]" if s.delta < -1e-9 else "")
        table.add_row(
            f"{s.school_name}\n[dim]{s.school_id}[/dim]",
            f"{_pct(s.score_before)} → {_pct(s.score_after)}{arrow}",
            "\n".join([*s.newly_failing, *(label("diff_rule_error", lang, rule=r) for r in s.newly_error)]),
            "\n".join(s.fixed),
        )
    console.print(table)
    if diff.added:
        console.print(label("diff_added", lang, schools=", ".join(diff.added)))
    if diff.removed:
        console.print(label("diff_removed", lang, schools=", ".join(diff.removed)))


def diff_cmd(
    run_a: Annotated[int | None, typer.Argument(help=h("arg_run_a"))] = None,
    run_b: Annotated[int | None, typer.Argument(help=h("arg_run_b"))] = None,
    history: HistoryOpt = None,
    fmt: FmtOpt = Fmt.table,
    lang: LangOpt = Lang.vi,
) -> None:
    """What changed between two runs (help text: ``i18n.HELP["diff"]``)."""
    from rich.console import Console

    from elschool_audit.history import HistoryStore

    with HistoryStore.open(history) as store:
        if run_a is None or run_b is None:
            default_a, default_b = store.default_pair()
            run_a = run_a if run_a is not None else default_a
            run_b = run_b if run_b is not None else default_b
        diff = store.diff(run_a, run_b)
    if fmt is Fmt.json:
        Console().file.write(json.dumps(diff.record(), ensure_ascii=False, indent=2) + "\n")
        return
    _print_diff(diff, lang.value)
