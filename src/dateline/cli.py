"""The dateline command line: validate, score and compare, bench, Label Studio conversion, corpus build and export."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__
from .schema import LAYERS


def _print_problems(problems, limit: int = 200) -> None:
    for p in problems[:limit]:
        print(p, file=sys.stderr)
    if len(problems) > limit:
        print(f"... and {len(problems) - limit} more problems", file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate_path

    path = Path(args.path) if args.path else default_corpus() / "documents"
    if not args.path:
        _say_corpus(path.parent)
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

    try:
        text = Path(args.text).read_text(encoding="utf-8")
        metadata = json.loads(Path(args.metadata).read_text(encoding="utf-8"))
        draft = json.loads(Path(args.draft).read_text(encoding="utf-8"))
        record = anchor_record(text, metadata, args.id, draft)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AnchorError) as err:
        print(f"dateline anchor: {err}", file=sys.stderr)
        return 1
    except (KeyError, TypeError, AttributeError) as err:
        print(f"{args.draft}: malformed draft ({err!r}): see 'Annotating without Label Studio' in docs/annotation.md",
              file=sys.stderr)
        return 1
    problems = validate_record(record, args.draft)
    if problems:
        _print_problems(problems)
        return 1
    write_atomic(Path(args.out), dumps_record(record))
    print(f"wrote {args.out}")
    return 0


# The metadata fields `dateline new` takes as options (the rest come from --metadata or the defaults).
NEW_METADATA_OPTIONS = ("title", "date", "dateline", "byline", "agency", "publisher", "topic", "style", "story", "split")


def cmd_new(args: argparse.Namespace) -> int:
    from .errors import Errors
    from .io import dumps_record, write_atomic
    from .new import new_record, next_id

    documents = Path(args.documents)
    try:
        text = Path(args.text).read_text(encoding="utf-8")
        metadata = json.loads(Path(args.metadata).read_text(encoding="utf-8")) if args.metadata else {}
    except UnicodeDecodeError as err:
        print(f"{args.text}: {Errors.E002.format(pos=err.start, reason=err.reason)}", file=sys.stderr)
        return 1
    except json.JSONDecodeError as err:
        print(f"{args.metadata}: {Errors.E003.format(line=err.lineno, col=err.colno, msg=err.msg)}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"{err.filename}: {err.strerror}", file=sys.stderr)
        return 1
    if not isinstance(metadata, dict):
        print(f"{args.metadata}: {Errors.E004.format(found=type(metadata).__name__)}", file=sys.stderr)
        return 1
    for key in NEW_METADATA_OPTIONS:
        if getattr(args, key) is not None:
            metadata[key] = getattr(args, key)
    doc_id = args.id or next_id(documents)
    out = Path(args.out) if args.out else documents / f"{doc_id}.json"
    if out.exists() and not args.force:
        print(f"dateline new: {Errors.E704.format(path=out)}", file=sys.stderr)
        return 1
    record, problems = new_record(doc_id, text, metadata)
    if problems:
        _print_problems(problems)
        print(f"nothing was written: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    try:
        write_atomic(out, dumps_record(record))
    except OSError as err:
        print(f"{out}: {Errors.E610.format(reason=err.strerror or err)}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({doc_id}, {len(text)} characters, empty layers)")
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    from .anchor import AnchorError, draft_from_record
    from .io import write_atomic

    records = _read_valid(Path(args.record))
    if records is None:
        return 1
    if len(records) != 1:
        print(f"{args.record}: holds {len(records)} records; dateline draft takes one", file=sys.stderr)
        return 1
    try:
        draft = draft_from_record(records[0])
    except AnchorError as err:
        print(f"{args.record}: {err}", file=sys.stderr)
        return 1
    text = json.dumps(draft, ensure_ascii=False, indent=1) + "\n"
    if args.out:
        write_atomic(Path(args.out), text)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_agree(args: argparse.Namespace) -> int:
    from .agree import agreement, align, all_disagreements
    from .errors import Errors
    from .io import write_atomic
    from .report import agree_sections, render, rich_tables

    sides = []
    for path in (args.a, args.b):
        records = _read_valid(Path(path))
        if records is None:
            return 1
        sides.append(records)
    a, b, only_a, only_b = align(*sides)
    for ids, path in ((only_a, args.a), (only_b, args.b)):
        if ids:
            print(f"{path}: {Errors.E803.format(n=len(ids), side=path, ids=', '.join(ids[:10]))}", file=sys.stderr)
    if not a:
        print(f"{args.a}, {args.b}: {Errors.E802}", file=sys.stderr)
        return 1
    bad = [r["id"] for r, s in zip(a, b) if r["text"] != s["text"]]
    if bad:
        for doc_id in bad:
            print(f"{args.a}, {args.b}: {Errors.E801.format(doc_id=doc_id, a=args.a, b=args.b)}", file=sys.stderr)
        return 1
    result = agreement(a, b)
    result["a"], result["b"] = str(args.a), str(args.b)
    result["disagreements"] = [d.to_dict() for d in all_disagreements(a, b)]
    if args.disagreements:
        lines = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in result["disagreements"])
        try:
            write_atomic(Path(args.disagreements), lines)
        except OSError as err:
            print(f"{args.disagreements}: {Errors.E610.format(reason=err.strerror or err)}", file=sys.stderr)
            return 1
        print(f"wrote {args.disagreements} ({len(result['disagreements'])} disagreements)", file=sys.stderr)
    sections = agree_sections(result, (Path(args.a).name, Path(args.b).name))
    text = render(result, args.format, sections)
    return _emit(text, rich_tables(sections) if args.format == "table" else None, args.output)


def cmd_stats(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from .corpus import CorpusError, load_corpus
    from .stats import COLUMNS, split_counts, type_counts

    corpus = Path(args.corpus)
    if not (corpus / "documents").is_dir():
        print(f"{corpus}: no corpus here (no documents/ folder): pass --corpus, or run inside a Dateline clone",
              file=sys.stderr)
        return 1
    _say_corpus(corpus)
    try:
        records = load_corpus(corpus)
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


def _read_valid(path: Path):
    """Records under ``path`` if every one validates, else None (problems printed)."""
    from .validate import check_path

    loaded, problems = check_path(path)
    if problems:
        _print_problems(problems)
        print(f"{len(problems)} problem(s) in {path}: fix them first (dateline validate {path})", file=sys.stderr)
        return None
    return [item.record for item in loaded]


def cmd_labelstudio_config(args: argparse.Namespace) -> int:
    from .labelstudio import configs, write_configs

    out = Path(args.out)
    if args.check:
        stale = [name for name, xml in configs().items()
                 if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != xml]
        for name in stale:
            print(f"{out / name} is not what the schema generates: run 'dateline labelstudio config'", file=sys.stderr)
        return 1 if stale else 0
    written = write_configs(out)
    for path in written:
        print(f"wrote {path}")
    if not written:
        print(f"{out}: the configs are up to date")
    return 0


def cmd_labelstudio_tasks(args: argparse.Namespace) -> int:
    from .io import write_atomic
    from .labelstudio import records_to_tasks

    path = Path(args.path) if args.path else default_corpus() / "documents"
    if not args.path:
        _say_corpus(path.parent)
    records = _read_valid(path)
    if records is None:
        return 1
    predictions = None
    if args.no_predictions:
        predictions = []
    elif args.predictions:
        predictions = []
        for p in args.predictions:
            got = _read_valid(Path(p))
            if got is None:
                return 1
            predictions.append((Path(p).stem, {r["id"]: r for r in got}))
    tasks = records_to_tasks(records, predictions)
    try:
        write_atomic(Path(args.out), json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
    except OSError as err:
        print(f"{args.out}: cannot write the tasks: {err.strerror or err}", file=sys.stderr)
        return 1
    n_pred = sum(len(t.get("predictions", [])) for t in tasks)
    print(f"wrote {args.out}: {len(tasks)} task(s), {n_pred} prediction(s)")
    return 0


def cmd_labelstudio_import(args: argparse.Namespace) -> int:
    from .errors import Errors
    from .io import dumps_record, write_atomic
    from .labelstudio import import_export, parse_export

    source = Path(args.export)
    if source.is_dir():
        print(f"{source}: is a folder: pass the JSON export file that Label Studio wrote", file=sys.stderr)
        return 1
    if not source.is_file():
        print(f"{source}: $: {Errors.E005}", file=sys.stderr)
        return 1
    tasks, problems = parse_export(source.read_bytes(), str(source))
    if tasks is None:
        _print_problems(problems)
        return 1
    result = import_export(tasks, str(source))
    if result.problems:
        _print_problems(result.problems)
        print(f"{result.bad_tasks} of {result.tasks} task(s) have problems", file=sys.stderr)
        if not args.skip_invalid:
            print("nothing was written (pass --skip-invalid to write the good tasks)", file=sys.stderr)
            return 1
    if not result.records:
        print("no task could be imported: nothing was written", file=sys.stderr)
        return 1
    out = Path(args.out)
    try:
        if out.suffix == ".jsonl":
            write_atomic(out, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in result.records))
        elif out.suffix == ".json":
            write_atomic(out, json.dumps(result.records, ensure_ascii=False, indent=2) + "\n")
        elif out.exists() and not out.is_dir():
            print(f"{out}: exists and is not a folder: name a folder, a .json or a .jsonl file", file=sys.stderr)
            return 1
        else:
            for r in result.records:
                write_atomic(out / f"{r['id']}.json", dumps_record(r))
    except OSError as err:
        print(f"{out}: cannot write the records: {err.strerror or err}", file=sys.stderr)
        return 1
    skipped = f", skipped {result.bad_tasks}" if result.bad_tasks else ""
    print(f"wrote {len(result.records)} record(s) to {out}{skipped}")
    return 0


def _load_gold(corpus: Path, split: str):
    """The gold split as a ``datasets.Dataset`` (read from the local data files only), or None (reported)."""
    from .errors import Errors

    if not corpus.is_dir():
        print(f"{corpus}: {Errors.E605}", file=sys.stderr)
        return None
    _say_corpus(corpus)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the gold is local: never ask the Hub (set before the import)
    import datasets

    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()
    try:
        return datasets.load_dataset(str(corpus), "documents", split=split)
    except Exception as err:  # any loading failure becomes one message, not a traceback
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        print(f"{corpus}: {Errors.E606.format(split=split, reason=reason)}", file=sys.stderr)
        return None


def _scoring_predictions(path: Path, gold, split: str, lenient: bool):
    """Checked predictions, or None when they have problems and --lenient is off (all reported)."""
    from .errors import Errors
    from .predictions import load_predictions

    preds = load_predictions(path, dict(zip(gold["id"], gold["text"])), split)
    if preds.problems:
        _print_problems(preds.problems)
        if not lenient:
            print(f"{path}: {Errors.E603.format(n=len(preds.problems))}", file=sys.stderr)
            return None
        print(f"{path}: " + Errors.E604.format(records=len(preds.records), skipped=preds.skipped_records,
                                             dropped=preds.dropped_annotations), file=sys.stderr)
    return preds


def _emit(text: str, tables, output: str | None) -> int:
    """Write the report atomically to ``output``, or print it (rich tables on a terminal)."""
    from .errors import Errors
    from .io import write_atomic

    if output:
        try:
            write_atomic(Path(output), text)
        except OSError as err:
            print(f"{output}: {Errors.E610.format(reason=err.strerror or err)}", file=sys.stderr)
            return 1
        print(f"wrote {output}", file=sys.stderr)
    elif tables is not None:
        from rich.console import Console

        console = Console(width=None if sys.stdout.isatty() else 120)
        for t in tables:
            console.print(t)
    else:
        sys.stdout.write(text)
    return 0


def _input_note(preds, path: Path) -> dict:
    return {"path": str(path), "records": len(preds.records), "skipped_records": preds.skipped_records,
            "dropped_annotations": preds.dropped_annotations, "problems": [str(p) for p in preds.problems]}


def cmd_export_hub(args: argparse.Namespace) -> int:
    from .hub import ExportError, export_hub

    corpus = Path(args.corpus)
    _say_corpus(corpus)
    try:
        written = export_hub(corpus, Path(args.out))
    except ExportError as err:
        print(err, file=sys.stderr)
        return 1
    except OSError as err:
        print(f"{args.out}: cannot write the export: {err.strerror or err}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}: the dataset card and {len(written) - 1} Parquet files, ready to upload as a Hub "
          f"dataset repository")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from .errors import Errors
    from .report import render, rich_tables, score_sections
    from .score import score

    gold = _load_gold(Path(args.gold), args.split)
    if gold is None:
        return 1
    preds = _scoring_predictions(Path(args.predictions), gold, args.split, args.lenient)
    if preds is None:
        return 1
    layers = args.layers or preds.layers
    if not layers:
        print(f"{args.predictions}: {Errors.E607.format(layers=', '.join(LAYERS))}", file=sys.stderr)
        return 1
    missing_layers = [layer for layer in layers if layer not in preds.layers]
    if missing_layers:
        print(f"{args.predictions}: {Errors.E608.format(layers=', '.join(missing_layers))}", file=sys.stderr)
    result = score(gold, preds.dataset(), layers=layers, n_boot=args.n_boot, seed=args.seed)
    result["gold"] = {"corpus": str(args.gold), "split": args.split}
    result["input"] = _input_note(preds, Path(args.predictions))
    if result["missing_documents"]:
        ids = result["missing_documents"]
        more = ", ..." if len(ids) > 10 else ""
        print(f"{args.predictions}: {Errors.E609.format(n=len(ids), ids=', '.join(ids[:10]) + more)}", file=sys.stderr)
    sections = score_sections(result)
    text = render(result, args.format, sections)
    return _emit(text, rich_tables(sections) if args.format == "table" else None, args.output)


def cmd_compare(args: argparse.Namespace) -> int:
    from .errors import Errors
    from .report import compare_sections, render, rich_tables
    from .score import compare

    gold = _load_gold(Path(args.gold), args.split)
    if gold is None:
        return 1
    sets = []
    for path in (args.a, args.b):
        preds = _scoring_predictions(Path(path), gold, args.split, args.lenient)
        if preds is None:
            return 1
        sets.append(preds)
    layers = args.layers or [layer for layer in sets[0].layers if layer in sets[1].layers]
    if not layers:
        print(f"{args.a}, {args.b}: {Errors.E607.format(layers=', '.join(LAYERS))}", file=sys.stderr)
        return 1
    for path, preds in zip((args.a, args.b), sets):
        missing_layers = [layer for layer in layers if layer not in preds.layers]
        if missing_layers:
            print(f"{path}: {Errors.E608.format(layers=', '.join(missing_layers))}", file=sys.stderr)
    result = compare(sets[0].dataset(), sets[1].dataset(), gold, layers=layers, n_boot=args.n_boot, seed=args.seed)
    result["gold"] = {"corpus": str(args.gold), "split": args.split}
    result["input"] = {"a": _input_note(sets[0], Path(args.a)), "b": _input_note(sets[1], Path(args.b))}
    for side, path in (("a", args.a), ("b", args.b)):
        ids = result["missing_documents"][side]
        if ids:
            more = ", ..." if len(ids) > 10 else ""
            print(f"{path}: {Errors.E609.format(n=len(ids), ids=', '.join(ids[:10]) + more)}", file=sys.stderr)
    sections = compare_sections(result, (Path(args.a).name, Path(args.b).name))
    text = render(result, args.format, sections)
    return _emit(text, rich_tables(sections) if args.format == "table" else None, args.output)


def count(value: str) -> int:
    """An argparse type: a whole number, zero or more."""
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {n}")
    return n


def default_corpus() -> Path:
    """The corpus commands use by default: the clone's, else the installed package's (see :mod:`dateline.paths`)."""
    from .paths import corpus_path

    return corpus_path()


def _say_corpus(path: Path | str) -> None:
    """Name the corpus a command read, on stderr (stdout stays the command's output)."""
    from .paths import describe_corpus

    print(f"using {describe_corpus(Path(path))}", file=sys.stderr)


def version_line() -> str:
    """The package, the record schema and the corpus release a command here would use."""
    from .corpus import corpus_version
    from .schema import schema_version

    corpus = default_corpus()
    found = f"corpus {corpus_version(corpus)} at {corpus}" if corpus.is_dir() else "no corpus found"
    return f"dateline {__version__} (schema {schema_version()}, {found})"


class VersionAction(argparse.Action):
    """``--version``, read when asked (the corpus release is in its splits.json)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_line())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    from .paths import working_clone, writable_dir

    parser = argparse.ArgumentParser(prog="dateline", description=__doc__)
    parser.add_argument("--version", action=VersionAction, nargs=0,
                        help="show the versions of dateline, its schema and the corpus it finds, and exit")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="validate a record file, a folder, or the corpus")
    p.add_argument("path", nargs="?", help="a .json/.jsonl file or a folder (default: the corpus)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", help="print per-split and per-layer counts of the corpus")
    p.add_argument("--corpus", default=str(default_corpus()), help="the corpus folder (default: %(default)s)")
    p.add_argument("--by-type", action="store_true", help="also print counts per type for every layer")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("build", help="regenerate every generated file: data files, card statistics, docs tables and charts, "
                                           "Label Studio configs")
    p.add_argument("--root", default=str(working_clone() or "."), help="the repository root (default: %(default)s)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("anchor", help="turn an anchored draft ([[span]] quotations) into a validated record")
    p.add_argument("--text", required=True)
    p.add_argument("--metadata", required=True)
    p.add_argument("--draft", required=True)
    p.add_argument("--id", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_anchor)

    p = sub.add_parser("new", help="turn a text and its metadata into an empty, valid record (the first step of annotation)")
    p.add_argument("--text", required=True, help="the document text, UTF-8 (kept exactly as it is)")
    p.add_argument("--metadata", help="a JSON object with metadata fields; the options below override it")
    from .schema import choices

    closed = {"topic": list(choices("topic")), "style": list(choices("style")), "split": ["train", "validation", "test"]}
    for key in NEW_METADATA_OPTIONS:
        p.add_argument(f"--{key}", choices=closed.get(key), help=f"metadata {key}")
    p.add_argument("--id", help="the document id (default: the next free dl-NNNN in --documents)")
    p.add_argument("--documents", default=str(writable_dir("corpus/documents")),
                   help="the documents folder the id is counted in (default: %(default)s)")
    p.add_argument("--out", help="the record file to write (default: <documents>/<id>.json)")
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("draft", help="turn a record into an anchored draft (the inverse of dateline anchor), to edit by hand")
    p.add_argument("record", help="one record (.json)")
    p.add_argument("--out", help="the draft file to write (default: print it)")
    p.set_defaults(func=cmd_draft)

    p = sub.add_parser("agree", help="agreement between two annotations of the same documents, and every disagreement")
    p.add_argument("a", help="the first annotation: records (file or folder)")
    p.add_argument("b", help="the second annotation: records of the same documents")
    p.add_argument("--format", default="table", choices=("table", "json", "markdown"),
                   help="output format (default: %(default)s)")
    p.add_argument("--output", help="write the report to this file (atomically) instead of printing it")
    p.add_argument("--disagreements", metavar="FILE", help="also write every disagreement to FILE as JSON Lines")
    p.set_defaults(func=cmd_agree)
    ls = sub.add_parser("labelstudio", help="Label Studio: labeling configs, tasks, and importing exports")
    ls_sub = ls.add_subparsers(dest="labelstudio_command", required=True)
    p = ls_sub.add_parser("config", help="write the labeling configs generated from the schema to annotation/")
    p.add_argument("--out", default=str(writable_dir("annotation")), help="folder (default: %(default)s)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if a config is not what the schema gives")
    p.set_defaults(func=cmd_labelstudio_config)
    p = ls_sub.add_parser("tasks", help="records -> Label Studio tasks, with pre-annotations as predictions")
    p.add_argument("path", nargs="?", help="records to annotate: a .json/.jsonl file or a folder (default: the corpus)")
    p.add_argument("--predictions", action="append", metavar="P",
                   help="records (file or folder) to pre-annotate with, matched by document id; repeatable "
                        "(default: the records' own annotations, model_version 'gold')")
    p.add_argument("--no-predictions", action="store_true", help="tasks without pre-annotations")
    p.add_argument("--out", required=True, help="the tasks file to write (JSON)")
    p.set_defaults(func=cmd_labelstudio_tasks)
    p = ls_sub.add_parser("import", help="a Label Studio JSON export -> validated records")
    p.add_argument("export", help="the JSON export of the project")
    p.add_argument("--out", required=True, help="a folder (one <id>.json per record), a .jsonl or a .json file")
    p.add_argument("--skip-invalid", action="store_true", help="write the good tasks and report the others")
    p.set_defaults(func=cmd_labelstudio_import)
    ex = sub.add_parser("export", help="write the corpus in a form other tools take")
    ex_sub = ex.add_subparsers(dest="export_command", required=True)
    p = ex_sub.add_parser("hub", help="the dataset card and the Parquet files of every config, as a folder to "
                                      "upload as a Hugging Face Hub dataset repository")
    p.add_argument("out", help="the folder to write (must not exist, or be empty)")
    p.add_argument("--corpus", default=str(default_corpus()), help="the corpus folder (default: %(default)s)")
    p.set_defaults(func=cmd_export_hub)

    def scoring_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--gold", default=str(default_corpus()), help="the gold corpus folder (default: %(default)s)")
        p.add_argument("--split", default="test", choices=("train", "validation", "test"),
                       help="the gold split to score against (default: %(default)s)")
        p.add_argument("--layers", nargs="+", choices=LAYERS, metavar="LAYER",
                       help="layers to score: entities, events, quotes, figures (default: those predicted)")
        p.add_argument("--format", default="table", choices=("table", "json", "markdown"),
                       help="output format (default: %(default)s)")
        p.add_argument("--output", help="write the report to this file (atomically) instead of printing it")
        p.add_argument("--lenient", action="store_true",
                       help="skip bad prediction records and annotations (reported) instead of stopping")
        p.add_argument("--n-boot", type=count, default=1000,
                       help="bootstrap resamples of documents (default: %(default)s)")
        p.add_argument("--seed", type=int, default=0, help="seed of the resamples (default: %(default)s)")

    p = sub.add_parser("score", help="score predictions against the gold corpus, with bootstrap confidence intervals")
    p.add_argument("--predictions", required=True, metavar="P",
                   help="prediction records: a .jsonl or .json file or a folder; layers left out are not predicted")
    scoring_options(p)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("compare", help="compare two systems on the gold corpus (paired bootstrap test)")
    p.add_argument("a", help="predictions of system A (file or folder)")
    p.add_argument("b", help="predictions of system B (file or folder)")
    scoring_options(p)
    p.set_defaults(func=cmd_compare)

    from .bench import add_parser as add_bench_parser

    add_bench_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
