"""`elschool-audit history` and `elschool-audit diff`: scores over time, and what changed."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from elschool_audit.cli.options import Fmt, FmtOpt, HistoryOpt, Lang, LangOpt, h

if TYPE_CHECKING:  # the history store (sqlite, platformdirs) is imported when a command runs
    from elschool_audit.history import RunDiff


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def history_cmd(
    school: Annotated[str | None, typer.Option("--school", help=h("opt_hist_school"))] = None,
    last: Annotated[int, typer.Option("--last", help=h("opt_hist_last"), min=1)] = 12,
    history: HistoryOpt = None,
    fmt: FmtOpt = Fmt.table,
    lang: LangOpt = Lang.vi,
) -> None:
    """Các lần chạy đã ghi và điểm / recorded runs and their scores, oldest first."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from elschool_audit.history import HistoryStore
    from elschool_audit.i18n import label

    vi = lang is Lang.vi
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
            for col in (("Lần", "Run"), ("Tính đến", "As of"), ("Điểm", "Score"), ("Kết quả", "Result")):
                table.add_column(col[0] if vi else col[1])
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
                    Text(("Đạt chuẩn" if vi else "Meets") if ok else ("Chưa đạt" if vi else "Below"),
                         style="green" if ok else "red"),
                )  # fmt: skip
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
            console.print("Chưa có lần chạy nào được ghi." if vi else "No runs recorded yet.")
            return
        table = Table(box=box.SIMPLE_HEAD)
        heads = [("Lần", "Run"), ("Lúc", "Started"), ("Tính đến", "As of"), ("Loại", "Kind"), ("Trường", "Schools"),
                 ("Đạt chuẩn", "Meet"), ("Điểm TB", "Mean"), ("Rubric", "Rubric")]  # fmt: skip
        for vi_h, en_h in heads:
            table.add_column(vi_h if vi else en_h)
        for r in runs:
            table.add_row(
                str(r.id), r.started_at.replace("T", " ")[:16], r.as_of, label(f"kind_{r.scope}", lang.value),
                str(r.schools), str(r.meets),
                _pct(r.mean_score), r.rubric_hash,
            )  # fmt: skip
        console.print(table)


def _print_diff(diff: RunDiff, vi: bool) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    a, b = diff.before, diff.after
    console.print(
        Text(
            f"{'So sánh lần' if vi else 'Comparing run'} {a.id} ({a.as_of}) → {b.id} ({b.as_of})",
            style="bold",
        )
    )
    if a.rubric_hash != b.rubric_hash:
        console.print(
            Text("Lưu ý: rubric khác nhau giữa hai lần chạy" if vi else "Note: the rubric differs between the runs",
                 style="yellow")
        )  # fmt: skip
    changes = diff.changes
    if not changes and not diff.added and not diff.removed:
        console.print("Không có thay đổi." if vi else "Nothing changed.")
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Trường" if vi else "School")
    table.add_column("Điểm" if vi else "Score", no_wrap=True, justify="right")
    table.add_column("Mới không đạt" if vi else "Newly failing", style="red")
    table.add_column("Đã khắc phục" if vi else "Fixed", style="green")
    for s in sorted(changes, key=lambda c: c.delta or 0.0):
        arrow = ""
        if s.delta is not None:
            arrow = " [green]▲[/green]" if s.delta > 1e-9 else (" [red]▼[/red]" if s.delta < -1e-9 else "")
        table.add_row(
            f"{s.school_name}\n[dim]{s.school_id}[/dim]",
            f"{_pct(s.score_before)} → {_pct(s.score_after)}{arrow}",
            "\n".join([*s.newly_failing, *(f"{r} (lỗi)" if vi else f"{r} (error)" for r in s.newly_error)]),
            "\n".join(s.fixed),
        )
    console.print(table)
    if diff.added:
        console.print(f"{'Trường mới' if vi else 'New schools'}: {', '.join(diff.added)}")
    if diff.removed:
        console.print(f"{'Không còn trong lần sau' if vi else 'Not in the later run'}: {', '.join(diff.removed)}")


def diff_cmd(
    run_a: Annotated[int | None, typer.Argument(help=h("arg_run_a"))] = None,
    run_b: Annotated[int | None, typer.Argument(help=h("arg_run_b"))] = None,
    history: HistoryOpt = None,
    fmt: FmtOpt = Fmt.table,
    lang: LangOpt = Lang.vi,
) -> None:
    """Thay đổi giữa hai lần chạy / what changed between two runs: scores, rules newly failing or fixed."""
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
    _print_diff(diff, lang is Lang.vi)
