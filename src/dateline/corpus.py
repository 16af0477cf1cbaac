"""The corpus on disk and its views: one JSON file per document, and the
Hugging Face data files (one Parquet file per config and split) generated from them.
"""

from __future__ import annotations

import bisect
import io as _io
import json
import re
from pathlib import Path
from typing import Any, Callable, Iterable

from . import schema as sch
from .errors import Errors
from .io import Problem

SPLITS = ("train", "validation", "test")
CONFIGS = ("documents", "entities", "events", "quotes", "figures")
TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:-\w+)*|[^\w\s]")


class CorpusError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems[:20])))


def documents_dir(corpus: Path) -> Path:
    return Path(corpus) / "documents"


def load_corpus(corpus: Path) -> list[dict[str, Any]]:
    """All gold records, validated, sorted by id; raises :class:`CorpusError` on any problem."""
    from .validate import check_path

    loaded, problems = check_path(documents_dir(corpus))
    if problems:
        raise CorpusError(problems)
    return sorted((item.record for item in loaded), key=lambda r: r["id"])


# --- tokens and BIO tags -------------------------------------------------------------


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token offsets: numbers with separators, words with inner hyphens, single punctuation."""
    return [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def ner_labels() -> list[str]:
    return ["O"] + [f"{p}-{t}" for t in sch.entity_types() for p in ("B", "I")]


def bio_tags(record: dict[str, Any], tokens: list[tuple[int, int]]) -> list[str]:
    """BIO tags from name mentions; where names nest, the outermost wins (CoNLL has no nesting)."""
    names = sorted(
        ((m["start"], m["end"], e["type"]) for e in record["entities"] for m in e["mentions"] if m["kind"] == "name"),
        key=lambda s: (s[0], -s[1]),
    )
    tags = ["O"] * len(tokens)
    starts = [t[0] for t in tokens]
    taken_until = -1
    for start, end, etype in names:
        if start < taken_until:
            continue
        i = bisect.bisect_left(starts, start)
        first = True
        while i < len(tokens) and tokens[i][1] <= end:
            tags[i] = ("B-" if first else "I-") + etype
            first = False
            i += 1
        if not first:
            taken_until = end
    return tags


# --- views -------------------------------------------------------------------------


def _base(record: dict[str, Any]) -> dict[str, Any]:
    meta = record["metadata"]
    return {"id": record["id"], "text": record["text"], "topic": meta["topic"], "style": meta["style"]}


def _span(s: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if s is None else {"start": s["start"], "end": s["end"], "text": s["text"]}


def _mention_index(record: dict[str, Any]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    return {m["id"]: (m, e) for e in record["entities"] for m in e["mentions"]}


def documents_view(record: dict[str, Any]) -> dict[str, Any]:
    return {k: record[k] for k in ("id", "text", "metadata", "entities", "events", "quotes", "figures")}


def entities_view(record: dict[str, Any]) -> dict[str, Any]:
    tokens = tokenize(record["text"])
    mentions = sorted(
        ({"id": m["id"], "entity": e["id"], "type": e["type"], "kind": m["kind"], **_span(m)}  # type: ignore[arg-type]
         for e in record["entities"] for m in e["mentions"]),
        key=lambda m: (m["start"], m["end"]),
    )
    return {
        **_base(record),
        "tokens": [record["text"][s:e] for s, e in tokens],
        "token_offsets": [[s, e] for s, e in tokens],
        "ner_tags": bio_tags(record, tokens),
        "mentions": mentions,
        "entities": [{"id": e["id"], "type": e["type"], "wikidata": e["wikidata"],
                      "mentions": [m["id"] for m in e["mentions"]]} for e in record["entities"]],
    }


def _argument(arg: dict[str, Any], mentions: dict, figures: dict) -> dict[str, Any]:
    ref = arg["ref"]
    if ref in figures:
        f = figures[ref]
        return {"role": arg["role"], "ref": ref, "entity": None, **_span(f)}  # type: ignore[arg-type]
    m, e = mentions[ref]
    return {"role": arg["role"], "ref": ref, "entity": e["id"], **_span(m)}  # type: ignore[arg-type]


def events_view(record: dict[str, Any]) -> dict[str, Any]:
    mentions = _mention_index(record)
    figures = {f["id"]: f for f in record["figures"]}
    return {**_base(record), "events": [
        {"id": v["id"], "type": v["type"], "trigger": _span(v["trigger"]), "factuality": v["attributes"]["factuality"],
         "arguments": [_argument(a, mentions, figures) for a in v["arguments"]]}
        for v in record["events"]]}


def quotes_view(record: dict[str, Any]) -> dict[str, Any]:
    mentions = _mention_index(record)
    out = []
    for q in record["quotes"]:
        speaker = None
        if q["speaker"] is not None:
            m, e = mentions[q["speaker"]]
            speaker = {"mention": m["id"], "entity": e["id"], "type": e["type"], **_span(m)}  # type: ignore[arg-type]
        out.append({"id": q["id"], "kind": q["kind"], "content": [_span(c) for c in q["content"]],
                    "cue": _span(q["cue"]), "speaker": speaker})
    return {**_base(record), "quotes": out}


def figures_view(record: dict[str, Any]) -> dict[str, Any]:
    return {**_base(record), "figures": [dict(f) for f in record["figures"]]}


VIEWS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "documents": documents_view, "entities": entities_view, "events": events_view,
    "quotes": quotes_view, "figures": figures_view,
}


# --- features ----------------------------------------------------------------------


def features(config: str):
    """The declared ``datasets.Features`` of a config (never guessed from the rows)."""
    from datasets import ClassLabel, Features, List, Value

    s, i, f = Value("string"), Value("int32"), Value("float64")
    span = {"start": i, "end": i, "text": s}
    base = {"id": s, "text": s, "topic": s, "style": s}
    if config == "documents":
        meta = {k: s for k in sch.load_schema()["$defs"]["metadata"]["required"]}
        return Features({
            "id": s, "text": s, "metadata": meta,
            "entities": List({"id": s, "type": s, "wikidata": s, "mentions": List({"id": s, **span, "kind": s})}),
            "events": List({"id": s, "type": s, "trigger": span, "arguments": List({"role": s, "ref": s}),
                            "attributes": {"factuality": s}}),
            "quotes": List({"id": s, "kind": s, "content": List(span), "cue": span, "speaker": s}),
            "figures": List(_figure_features(s, i, f)),
        })
    if config == "entities":
        return Features({
            **base, "tokens": List(s), "token_offsets": List(List(i)),
            "ner_tags": List(ClassLabel(names=ner_labels())),
            "mentions": List({"id": s, "entity": s, "type": s, "kind": s, **span}),
            "entities": List({"id": s, "type": s, "wikidata": s, "mentions": List(s)}),
        })
    if config == "events":
        return Features({**base, "events": List({
            "id": s, "type": s, "trigger": span, "factuality": s,
            "arguments": List({"role": s, "ref": s, "entity": s, **span})})})
    if config == "quotes":
        return Features({**base, "quotes": List({
            "id": s, "kind": s, "content": List(span), "cue": span,
            "speaker": {"mention": s, "entity": s, "type": s, **span}})})
    if config == "figures":
        return Features({**base, "figures": List(_figure_features(s, i, f))})
    raise KeyError(config)


def documents_dataset(records: Iterable[dict[str, Any]], columns: Iterable[str] | None = None):
    """Records as a ``datasets.Dataset`` in the ``documents`` shape (all columns, or the given ones),
    as the scorer reads them; built column by column so that no records still gives typed columns."""
    from datasets import Dataset, Features

    full = features("documents")
    records = list(records)
    cols = list(columns) if columns is not None else list(full)
    return Dataset.from_dict({c: [r.get(c) for r in records] for c in cols},
                             features=Features({c: full[c] for c in cols}))


def _figure_features(s, i, f) -> dict[str, Any]:
    return {"id": s, "start": i, "end": i, "text": s, "value": f, "value_max": f, "unit": s,
            "approximation": s, "counted": s, "entity": s, "event": s}


# --- data files ----------------------------------------------------------------------


def data_file(corpus: Path, config: str, split: str) -> Path:
    return Path(corpus) / "data" / config / f"{split}.parquet"


def build_table(records: Iterable[dict[str, Any]], config: str):
    """The Arrow table of one config for the given records."""
    from datasets import Dataset

    rows = [VIEWS[config](r) for r in records]
    return Dataset.from_list(rows, features=features(config)).data.table


def parquet_bytes(table) -> bytes:
    import pyarrow.parquet as pq

    buf = _io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def expected_data_files(records: list[dict[str, Any]], corpus: Path) -> dict[Path, Any]:
    """Every data file the corpus should have, as Arrow tables keyed by path."""
    out = {}
    for config in CONFIGS:
        for split in SPLITS:
            part = [r for r in records if r["metadata"]["split"] == split]
            out[data_file(corpus, config, split)] = build_table(part, config)
    return out


def split_manifest(records: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {split: [r["id"] for r in records if r["metadata"]["split"] == split] for split in SPLITS}


def read_manifest(corpus: Path) -> dict[str, list[str]]:
    """The published splits in ``corpus/splits.json``: split name -> document ids."""
    raw = json.loads((Path(corpus) / "splits.json").read_text(encoding="utf-8"))
    return {split: raw.get(split, []) for split in SPLITS}


def corpus_version(corpus: Path) -> str:
    """The release of the corpus the splits belong to (``version`` in ``splits.json``; 0.1 had none).

    A folder of records without ``splits.json`` is no release: ``unreleased``."""
    path = Path(corpus) / "splits.json"
    if not path.is_file():
        return "unreleased"
    return str(json.loads(path.read_text(encoding="utf-8")).get("version", "0.1.0"))


def families(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Story families: story id -> its documents (in id order)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(records, key=lambda r: r["id"]):
        story = r["metadata"].get("story")
        if story is not None:
            out.setdefault(story, []).append(r)
    return dict(sorted(out.items()))


def family_problems(records: list[dict[str, Any]]) -> list[str]:
    """Story families whose documents are not all in one split (each would leak its story across splits)."""
    problems = []
    for story, docs in families(records).items():
        by_split: dict[str, list[str]] = {}
        for r in docs:
            by_split.setdefault(r["metadata"]["split"], []).append(r["id"])
        if len(by_split) > 1:
            where = "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(by_split.items()))
            problems.append(Errors.E303.format(story=story, where=where))
    return problems
