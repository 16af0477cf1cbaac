"""The ``dateline`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__


def _print_problems(problems, limit: int = 200) -> None:
    for p in problems[:limit]:
        print(p, file=sys.stderr)
    if len(problems) > limit:
        print(f"... and {len(problems) - limit} more problems", file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate_path

    path = Path(args.path) if args.path else default_corpus() / "documents"
    n, problems = validate_path(path)
    _print_problems(problems)
    if problems:
        print(f"{len(problems)} problem(s) in {path} ({n} record(s) read)", file=sys.stderr)
        return 1
    print(f"{n} record(s) valid in {path}")
    return 0


def cmd_anchor(args: argparse.Namespace) -> int:
    from .anchor import AnchorError, anchor_record
    from .io import dumps_record, write_atomic
    from .validate import validate_record

    text = Path(args.text).read_text(encoding="utf-8")
    metadata = json.loads(Path(args.metadata).read_text(encoding="utf-8"))
    draft = json.loads(Path(args.draft).read_text(encoding="utf-8"))
    try:
        record = anchor_record(text, metadata, args.id, draft)
    except AnchorError as err:
        print(f"{args.draft}: {err}", file=sys.stderr)
        return 1
    problems = validate_record(record, args.draft)
    if problems:
        _print_problems(problems)
        return 1
    write_atomic(Path(args.out), dumps_record(record))
    print(f"wrote {args.out}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from .corpus import CorpusError, load_corpus
    from .stats import COLUMNS, split_counts, type_counts

    try:
        records = load_corpus(Path(args.corpus))
    except CorpusError as err:
        _print_problems(err.problems)
        print("the corpus does not validate: run 'dateline validate' and fix it first", file=sys.stderr)
        return 1
    console = Console(width=None if sys.stdout.isatty() else 120)
    table = Table(title=f"Dateline corpus: {args.corpus}")
    table.add_column("split")
    for c in COLUMNS:
        table.add_column(c, justify="right")
    for split, counts in split_counts(records).items():
        table.add_row(split, *(f"{counts[c]:,}" for c in COLUMNS))
    console.print(table)
    if args.by_type:
        for layer, per_split in type_counts(records).items():
            t = Table(title=layer)
            t.add_column(layer)
            for split in per_split:
                t.add_column(split, justify="right")
            for key in sorted(set().union(*per_split.values())):
                t.add_row(key, *(str(per_split[s][key]) for s in per_split))
            console.print(t)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build
    from .corpus import CorpusError

    try:
        written = build(Path(args.root))
    except CorpusError as err:
        _print_problems(err.problems)
        print("nothing was written: the corpus does not validate", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


def default_corpus() -> Path:
    """The corpus of the source checkout, or of the current folder."""
    here = Path(__file__).resolve().parents[2] / "corpus"
    return here if here.is_dir() else Path("corpus")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dateline", description=__doc__)
    parser.add_argument("--version", action="version", version=f"dateline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="validate a record file, a folder, or the corpus")
    p.add_argument("path", nargs="?", help="a .json/.jsonl file or a folder (default: the corpus)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", help="print per-split and per-layer counts of the corpus")
    p.add_argument("--corpus", default=str(default_corpus()), help="the corpus folder (default: %(default)s)")
    p.add_argument("--by-type", action="store_true", help="also print counts per type for every layer")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("build", help="regenerate the data files, the dataset card statistics and the docs tables")
    p.add_argument("--root", default=str(default_corpus().parent), help="the repository root (default: %(default)s)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("anchor", help="turn an anchored draft ([[span]] quotations) into a validated record")
    p.add_argument("--text", required=True)
    p.add_argument("--metadata", required=True)
    p.add_argument("--draft", required=True)
    p.add_argument("--id", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_anchor)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
