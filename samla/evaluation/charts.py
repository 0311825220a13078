"""Charts of the reflection-form results, drawn with matplotlib's object API on the Agg/SVG canvases:
no pyplot, no change to global rcParams, so charts can be drawn in parallel requests.

Like Figures 7–11 of the evaluator's report: mean per item and wave as bars with standard-deviation
whiskers and the number of answers. Every chart is shown on a page with a text alternative and a table of
the same numbers; colour is never the only cue (each wave has its own hatching and the legend names it,
and every bar is labelled with its mean and n).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

FORMATS = ("png", "svg")
CONTENT_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
# Designsystemet-like blues and a warm contrast; every colour also gets a hatching.
WAVE_COLOURS = ("#1e6fb8", "#7fb2e0", "#0a3a66", "#e0a030", "#5a8f3a", "#9b59b6")
WAVE_HATCHES = ("", "///", "...", "xxx", "\\\\\\", "ooo")
SCALE_COLOURS = ("#c0392b", "#e59866", "#d5d8dc", "#7fb2e0", "#1e6fb8")
SCALE_HATCHES = ("xxx", "///", "", "...", "")


@dataclass(frozen=True)
class Bar:
    """One bar: an item's mean in one wave, its sample SD (None when n < 2) and n. ``hidden`` bars are drawn
    as a note instead (suppressed group)."""

    wave: str
    mean: float | None
    sd: float | None
    n: int
    hidden: bool = False


@dataclass(frozen=True)
class Labels:
    """The words a chart needs, translated by the caller."""

    scale: str  # "1 = to a small degree, 5 = to a large degree"
    hidden: str  # "hidden (fewer than 3)"
    no_answers: str  # "no answers"
    percent: str  # "Share of answers (%)"
    number: Callable[[float], str]  # 2.5 → "2,5" in bokmål


def _save(figure: Figure, fmt: str, title: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}")
    buffer = io.BytesIO()
    if fmt == "png":
        FigureCanvasAgg(figure).print_png(buffer, metadata={"Title": title, "Software": None})
        return buffer.getvalue()
    # matplotlib writes the title as the SVG's first <title> element: the image's accessible name.
    FigureCanvasSVG(figure).print_svg(buffer, metadata={"Title": title, "Date": None})
    return buffer.getvalue()


def _bar_label(bar: Bar, labels: Labels) -> str:
    if bar.hidden:
        return labels.hidden
    if bar.mean is None:
        return labels.no_answers
    return f"{labels.number(bar.mean)} (n = {bar.n})"


def grouped_chart(*, title: str, series: Sequence[tuple[str, Sequence[Bar]]], waves: Sequence[str],
                  labels: Labels, fmt: str) -> bytes:
    """Horizontal bars, one group per item and one bar per wave, SD whiskers, each bar labelled with its mean
    and n (Figures 7–11). ``series`` is ``[(item label, bars), ...]``; ``waves`` fixes the colours."""
    rows = max(1, sum(len(bars) for _, bars in series))
    figure = Figure(figsize=(8.5, 1.2 + 0.38 * rows + 0.25 * len(series)), layout="constrained")
    axes = figure.add_subplot()
    colour = {w: WAVE_COLOURS[i % len(WAVE_COLOURS)] for i, w in enumerate(waves)}
    hatch = {w: WAVE_HATCHES[i % len(WAVE_HATCHES)] for i, w in enumerate(waves)}
    ticks, tick_labels, y, seen = [], [], 0.0, set()
    for item_label, bars in series:
        start = y
        for bar in bars:
            label = bar.wave if bar.wave not in seen else None
            seen.add(bar.wave)
            if bar.hidden or bar.mean is None:
                axes.barh(y, 0, height=0.8, color=colour.get(bar.wave), label=label)
            else:
                axes.barh(y, bar.mean, height=0.8, color=colour.get(bar.wave), hatch=hatch.get(bar.wave),
                          edgecolor="#1a1a1a", linewidth=0.5, label=label,
                          xerr=bar.sd if bar.sd else None, error_kw={"ecolor": "#1a1a1a", "capsize": 4, "lw": 1})
            end = 0 if bar.hidden or bar.mean is None else min(5.0, bar.mean + (bar.sd or 0))
            axes.text(end + 0.08, y, f"{bar.wave}: {_bar_label(bar, labels)}", va="center", fontsize=8)
            y += 1
        ticks.append((start + y - 1) / 2)
        tick_labels.append(_wrap(item_label, 38))
        y += 0.6
    axes.set_yticks(ticks, tick_labels, fontsize=8.5)
    axes.invert_yaxis()
    axes.set_xlim(0, 6.6)
    axes.set_xticks([1, 2, 3, 4, 5])
    axes.set_xlabel(labels.scale)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", color="#d5d8dc", linewidth=0.6)
    axes.set_axisbelow(True)
    if seen:
        axes.legend(loc="lower right", fontsize=8, frameon=False)
    axes.set_title(_wrap(title, 90), fontsize=10, loc="left")
    return _save(figure, fmt, title)


def item_chart(*, title: str, bars: Sequence[Bar], labels: Labels, fmt: str) -> bytes:
    """One item across waves: a vertical bar per wave with SD whiskers, the mean above and n below."""
    figure = Figure(figsize=(max(4.0, 1.3 * len(bars) + 2), 3.6), layout="constrained")
    axes = figure.add_subplot()
    xs = list(range(len(bars)))
    for x, bar in zip(xs, bars, strict=True):
        shown = not bar.hidden and bar.mean is not None
        if shown:
            axes.bar(x, bar.mean, width=0.6, color=WAVE_COLOURS[x % len(WAVE_COLOURS)],
                     hatch=WAVE_HATCHES[x % len(WAVE_HATCHES)], edgecolor="#1a1a1a", linewidth=0.5,
                     yerr=bar.sd if bar.sd else None, error_kw={"ecolor": "#1a1a1a", "capsize": 5, "lw": 1})
        top = min(5.0, bar.mean + (bar.sd or 0)) if shown else 0
        axes.text(x, top + 0.1, labels.number(bar.mean) if shown else _bar_label(bar, labels), ha="center",
                  fontsize=9, fontweight="bold" if shown else "normal")
    axes.set_xticks(xs, [f"{bar.wave}\nn = {bar.n}" for bar in bars])
    axes.set_ylim(0, 5.6)
    axes.set_yticks([1, 2, 3, 4, 5])
    axes.set_ylabel(_wrap(labels.scale, 30), fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#d5d8dc", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.set_title(_wrap(title, 60), fontsize=10, loc="left")
    return _save(figure, fmt, title)


def distribution_chart(*, title: str, rows: Sequence[tuple[str, dict[int, int] | None]], labels: Labels,
                       fmt: str) -> bytes:
    """Stacked horizontal bars: the share of answers 1–5 per wave (``None`` for a hidden distribution)."""
    figure = Figure(figsize=(8.0, 1.4 + 0.45 * max(1, len(rows))), layout="constrained")
    axes = figure.add_subplot()
    for y, (_wave, distribution) in enumerate(rows):
        total = sum(distribution.values()) if distribution else 0
        if not total:
            axes.text(1, y, labels.hidden if distribution is None else labels.no_answers, va="center", fontsize=8)
            continue
        left = 0.0
        for value in (1, 2, 3, 4, 5):
            share = 100 * distribution.get(value, 0) / total
            axes.barh(y, share, left=left, height=0.7, color=SCALE_COLOURS[value - 1], hatch=SCALE_HATCHES[value - 1],
                      edgecolor="#1a1a1a", linewidth=0.5, label=str(value) if y == 0 else None)
            if share >= 7:
                axes.text(left + share / 2, y, f"{value}: {distribution[value]}", ha="center", va="center",
                          fontsize=7.5, bbox={"boxstyle": "round,pad=0.15", "facecolor": "#ffffff",
                                                  "edgecolor": "none"})
            left += share
    axes.set_yticks(range(len(rows)), [wave for wave, _ in rows])
    axes.set_ylim(len(rows) - 0.5, -0.5)
    axes.set_xlim(0, 100)
    axes.set_xlabel(labels.percent)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(title=labels.scale, loc="upper center", bbox_to_anchor=(0.5, -0.35), ncols=5, fontsize=7.5,
                title_fontsize=7.5, frameon=False)
    axes.set_title(_wrap(title, 90), fontsize=10, loc="left")
    return _save(figure, fmt, title)


def _wrap(text: str, width: int) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "\n".join(lines[:4]) + ("…" if len(lines) > 4 else "")
