"""Charts for the HTML report, drawn with matplotlib and returned as inline SVG text.

The report must open offline, years later, from an e-mail attachment: so no images on a server,
no web fonts, no scripts. Text is drawn as outlines (``svg.fonttype = path``), which keeps
Vietnamese diacritics right without any font on the reader's machine; ``text.parse_math`` is off
so a school name containing ``$`` is drawn as typed. The SVG is cleaned of everything an HTML page
does not need (XML prolog, DOCTYPE, metadata, comments, namespace URLs).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle, Wedge

from elschool_audit.reports.cells import Band, band

COLOURS: dict[Band, str] = {"good": "#2e7d32", "warn": "#f0a30a", "bad": "#c62828", "none": "#bdbdbd"}
INK = "#263238"
MUTED = "#78909c"

_RC: Any = {  # typed loosely: matplotlib types rc keys as a Literal of every setting
    "svg.fonttype": "path",
    "svg.hashsalt": "elschool-audit",
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.edgecolor": "#cfd8dc",
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

_PROLOG = re.compile(r"^.*?(?=<svg)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_XMLNS = re.compile(r'\s+xmlns(:\w+)?="[^"]*"')
_SIZE = re.compile(r'<svg([^>]*?)\s+width="[^"]*"\s+height="[^"]*"')


@contextmanager
def _style() -> Iterator[None]:
    with matplotlib.rc_context(_RC):
        yield


def _svg(fig: Figure, label: str) -> str:
    """The figure as an inline ``<svg>`` element that scales with the page."""
    FigureCanvasAgg(fig)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    text = buf.getvalue()
    text = _PROLOG.sub("", text, count=1)
    text = _METADATA.sub("", text)
    text = _COMMENT.sub("", text)
    text = _XMLNS.sub("", text)
    text = _SIZE.sub(r"<svg\1", text, count=1)
    safe_label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("<svg", f'<svg role="img" aria-label="{safe_label}" class="chart"', 1).strip()


def gauge(score: float | None, pass_mark: float, text: str, label: str) -> str:
    """A half-ring from 0 to 100% with the pass mark as a tick: the one number a principal looks at."""
    with _style():
        fig = Figure(figsize=(3.2, 1.9))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(-1.1, 1.1)
        ax.set_ylim(-0.28, 1.08)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.add_patch(Wedge((0, 0), 1.0, 0, 180, width=0.28, facecolor="#eceff1"))
        if score is not None:
            ax.add_patch(
                Wedge((0, 0), 1.0, 180 - 180 * score, 180, width=0.28, facecolor=COLOURS[band(score, pass_mark)])
            )
        angle = math.pi * (1 - pass_mark)
        ax.plot(
            [0.66 * math.cos(angle), 1.06 * math.cos(angle)],
            [0.66 * math.sin(angle), 1.06 * math.sin(angle)],
            color=INK,
            linewidth=2,
        )
        ax.text(0, 0.12, text, ha="center", va="center", fontsize=22, fontweight="bold", color=INK)
        ax.text(-0.86, -0.16, "0", ha="center", va="center", fontsize=8, color=MUTED)
        ax.text(0.86, -0.16, "100", ha="center", va="center", fontsize=8, color=MUTED)
        return _svg(fig, label)


def hbars(
    names: Sequence[str],
    scores: Sequence[float | None],
    pass_mark: float,
    label: str,
    missing: str = "—",
) -> str:
    """Horizontal bars 0-100% coloured by band, with the pass mark as a dashed line.

    Used for a school's sections and for the district ranking: the same picture at two scales.
    """
    with _style():
        height = 0.34 * len(names) + 0.6
        fig = Figure(figsize=(9.5, height))
        ax = fig.add_subplot()
        ys = list(range(len(names)))[::-1]
        values = [0.0 if s is None else s * 100 for s in scores]
        colours = [COLOURS[band(s, pass_mark)] for s in scores]
        ax.barh(ys, values, color=colours, height=0.62)
        for y, s in zip(ys, scores, strict=True):
            # inside the bar (white) when there is room, so the pass-mark line never crosses a label
            shown = missing if s is None else f"{s * 100:.1f}%"
            inside = s is not None and s >= 0.18
            ax.text(
                s * 100 - 1.2 if inside and s is not None else (s or 0) * 100 + 1.2,
                y,
                shown,
                va="center",
                ha="right" if inside else "left",
                fontsize=9,
                fontweight="bold" if inside else "normal",
                color="white" if inside and band(s, pass_mark) != "warn" else INK,
                zorder=4,
            )
        ax.axvline(pass_mark * 100, color=INK, linestyle="--", linewidth=1, zorder=0.5)
        ax.set_yticks(ys, [_clip(n, 42) for n in names])
        ax.set_xlim(0, 112)
        ax.set_xticks([0, 20, 40, 60, 80, 100], ["0", "20", "40", "60", "80", "100%"])
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(-0.6, len(names) - 0.4)
        fig.tight_layout(pad=0.4)
        return _svg(fig, label)


def by_level(groups: Sequence[tuple[str, Sequence[float]]], pass_mark: float, label: str, mean_label: str) -> str:
    """Per level: every school as a dot, the level's average as a bar, so spread is visible too."""
    with _style():
        fig = Figure(figsize=(9.5, 2.6))
        ax = fig.add_subplot()
        xs = list(range(len(groups)))
        means = [sum(v) / len(v) if v else None for _, v in groups]
        ax.bar(
            xs,
            [0 if m is None else m * 100 for m in means],
            width=0.55,
            color=[COLOURS[band(m, pass_mark)] for m in means],
            alpha=0.35,
            label=mean_label,
        )
        for x, (_, values), m in zip(xs, groups, means, strict=True):
            n = len(values)
            offsets = [(i - (n - 1) / 2) * 0.08 for i in range(n)]
            ax.scatter(
                [x + o for o in offsets],
                [v * 100 for v in values],
                color=[COLOURS[band(v, pass_mark)] for v in values],
                edgecolor="white",
                zorder=3,
                s=46,
            )
            if m is not None:
                ax.text(x - 0.26, m * 100 + 1.5, f"{m * 100:.1f}%", va="bottom", fontsize=9, color=INK)
        ax.axhline(pass_mark * 100, color=INK, linestyle="--", linewidth=1)
        ax.set_xticks(xs, [name for name, _ in groups])
        ax.set_ylim(0, 112)
        ax.set_yticks([0, 20, 40, 60, 80, 100], ["0", "20", "40", "60", "80", "100%"])
        ax.set_xlim(-0.6, len(groups) - 0.2)
        fig.tight_layout(pad=0.4)
        return _svg(fig, label)


def trend(
    periods: Sequence[str],
    mean: Sequence[float | None],
    share_meeting: Sequence[float | None],
    pass_mark: float,
    label: str,
    mean_label: str,
    meets_label: str,
) -> str:
    """Month by month: the district's mean score and the share of schools meeting the standard."""
    with _style():
        fig = Figure(figsize=(9.5, 2.6))
        ax = fig.add_subplot()
        xs = list(range(len(periods)))

        def pct(values: Sequence[float | None]) -> list[float]:
            return [math.nan if v is None else v * 100 for v in values]

        ax.plot(xs, pct(mean), marker="o", color=COLOURS["good"], linewidth=2, label=mean_label)
        ax.plot(xs, pct(share_meeting), marker="s", color=MUTED, linewidth=1.5, linestyle=":", label=meets_label)
        for x, v in zip(xs, mean, strict=True):
            if v is not None:
                ax.text(x, v * 100 + 3, f"{v * 100:.1f}%", ha="center", va="bottom", fontsize=8, color=INK)
        ax.axhline(pass_mark * 100, color=INK, linestyle="--", linewidth=1)
        ax.set_xticks(xs, list(periods))
        ax.set_ylim(0, 112)
        ax.set_yticks([0, 20, 40, 60, 80, 100], ["0", "20", "40", "60", "80", "100%"])
        ax.set_xlim(-0.5, len(periods) - 0.5)
        ax.legend(loc="lower left", frameon=False, fontsize=8, ncols=2)
        fig.tight_layout(pad=0.4)
        return _svg(fig, label)


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    pass_mark: float,
    label: str,
) -> str:
    """Schools × sections, each cell coloured by band and labelled with its score."""
    with _style():
        width = max(6.0, 1.05 * len(columns) + 2.6)
        fig = Figure(figsize=(width, 0.36 * len(rows) + 1.2))
        ax = fig.add_subplot()
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                b = band(v, pass_mark)
                ax.add_patch(Rectangle((j, i), 0.96, 0.92, facecolor=COLOURS[b], alpha=1.0 if b != "none" else 0.5))
                text = "—" if v is None else f"{v * 100:.0f}%"
                colour = "white" if b in ("good", "bad") else INK
                ax.text(j + 0.48, i + 0.46, text, ha="center", va="center", fontsize=10, color=colour)
        ax.set_xlim(0, len(columns))
        ax.set_ylim(len(rows), 0)
        ax.set_xticks([j + 0.48 for j in range(len(columns))], [_wrap(c, 15) for c in columns], fontsize=8.5)
        ax.xaxis.tick_top()
        ax.set_yticks([i + 0.46 for i in range(len(rows))], [_clip(r, 36) for r in rows])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        fig.tight_layout(pad=0.4)
        return _svg(fig, label)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _wrap(text: str, n: int) -> str:
    """Section titles on two or three short lines, so the heat-map columns stay narrow."""
    words, lines, line = text.split(), list[str](), ""
    for w in words:
        if line and len(line) + 1 + len(w) > n:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    if len(lines) > 4:
        lines = [*lines[:3], _clip(" ".join(lines[3:]), n)]
    return "\n".join(lines)
