"""Charts of the corpus statistics, drawn with matplotlib as byte-stable SVG.

Every chart is computed from the records (through :mod:`dateline.stats`), never
typed by hand. ``dateline build`` writes them to ``docs/assets/charts/`` and the
test suite checks that the committed files are what this module draws now, so
the output must not depend on the time, the machine or the matplotlib run:
the SVG hash salt is fixed, the date is left out, the creator carries no
version, and text stays text (``svg.fonttype: none``) instead of glyph outlines.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .corpus import SPLITS
from .stats import split_counts, type_counts

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
SPLIT_COLOURS = {"train": "#0072B2", "validation": "#E69F00", "test": "#009E73"}
ANNOTATION_COLUMNS = ("entities", "mentions", "events", "arguments", "quotes", "figures")

RC = {
    "svg.hashsalt": "dateline",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "path.simplify": False,
}


@dataclass(frozen=True)
class Chart:
    """One generated chart: its file stem, its title (also the image's alt text) and its SVG."""

    name: str
    title: str
    svg: str

    @property
    def filename(self) -> str:
        return f"{self.name}.svg"


def _slug(text: str) -> str:
    return "-".join(text.lower().split())


def _matplotlib():
    try:
        import matplotlib
    except ImportError as err:  # the docs extra brings it
        raise SystemExit("drawing the statistics charts needs matplotlib: install the docs extra "
                         "(.venv/bin/pip install -e '.[docs]')") from err
    return matplotlib


def svg_text(fig: Any, title: str, creator: str = "dateline build") -> str:
    """A figure as byte-stable SVG text (no date; the hash salt comes from :data:`RC`)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Title": title, "Date": None, "Creator": creator})
    # Path data ends its lines with a space; trailing blanks mean nothing in SVG and upset diff tools.
    return re.sub(r"[ \t]+\n", "\n", buf.getvalue().decode("utf-8")).rstrip("\n") + "\n"


def _stacked_bars(title: str, rows: list[tuple[str, dict[str, int]]], xlabel: str) -> str:
    """Horizontal bars, one per row, stacked by split, with the total at the end of each bar."""
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(7.0, 1.1 + 0.24 * len(rows)), layout="constrained")
        ax = fig.add_subplot()
        labels = [label for label, _ in rows]
        y = list(range(len(rows)))
        left = [0] * len(rows)
        for split in SPLITS:
            widths = [per_split.get(split, 0) for _, per_split in rows]
            ax.barh(y, widths, left=left, color=SPLIT_COLOURS[split], label=split, height=0.7)
            left = [a + b for a, b in zip(left, widths)]
        top = max(left, default=0) or 1
        for yi, total in zip(y, left):
            ax.text(total + top * 0.01, yi, f"{total:,}", va="center", ha="left", fontsize=8)
        ax.set_yticks(y, labels)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(0, top * 1.12)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        ax.legend(ncols=len(SPLITS), loc="lower right", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
        return svg_text(fig, title)


def _rows(per_split: dict[str, Counter]) -> list[tuple[str, dict[str, int]]]:
    """One row per type, the most frequent first (ties by name)."""
    keys = set().union(*per_split.values())
    totals = {k: sum(per_split[s][k] for s in SPLITS) for k in keys}
    return [(k, {s: per_split[s][k] for s in SPLITS}) for k in sorted(keys, key=lambda k: (-totals[k], k))]


def render_charts(records: list[dict[str, Any]]) -> list[Chart]:
    """Every chart of the statistics page, in page order."""
    counts = split_counts(records)
    charts = []

    title = "Documents and tokens per split"
    charts.append(Chart("split-sizes", title, _split_sizes(title, counts)))

    title = "Annotations per layer and split"
    rows = [(c, {s: counts[s][c] for s in SPLITS}) for c in ANNOTATION_COLUMNS]
    charts.append(Chart("annotations-per-split", title, _stacked_bars(title, rows, "annotations")))

    for layer, per_split in type_counts(records).items():
        title = layer[0].upper() + layer[1:]
        unit = "documents" if layer in ("topics", "styles") else "annotations"
        charts.append(Chart(_slug(layer), title, _stacked_bars(title, _rows(per_split), unit)))
    return charts


def _split_sizes(title: str, counts: dict[str, Counter]) -> str:
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(7.0, 2.0), layout="constrained")
        fig.suptitle(title, x=0.01, ha="left", fontsize=10, fontweight="bold")
        axes = fig.subplots(1, 2)
        for ax, column in zip(axes, ("documents", "tokens")):
            values = [counts[s][column] for s in SPLITS]
            y = list(range(len(SPLITS)))
            ax.barh(y, values, color=[SPLIT_COLOURS[s] for s in SPLITS], height=0.7)
            top = max(values, default=0) or 1
            for yi, v in zip(y, values):
                ax.text(v + top * 0.02, yi, f"{v:,}", va="center", ha="left", fontsize=8)
            ax.set_yticks(y, list(SPLITS))
            ax.set_ylim(len(SPLITS) - 0.5, -0.5)
            ax.set_xlim(0, top * 1.25)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
            ax.set_xlabel(column)
        return svg_text(fig, title)


def charts_markdown(charts: list[Chart], folder: str = "assets/charts") -> str:
    """The Markdown that shows the charts, for a page in the ``docs/`` root folder."""
    return "\n\n".join(f"![{c.title}]({folder}/{c.filename}){{ .dateline-chart }}" for c in charts)
