"""New documents: a text and its metadata become an empty, valid record.

This is the first step of the production line (docs/annotation.md): the record
gets its id, its complete metadata (the canary and, for an original document,
its licence) and four empty layers, so that annotators start from a record the
validator already accepts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import schema as sch
from .errors import Errors
from .io import Problem
from .validate import validate_record

ID = re.compile(r"^dl-(\d{4,})$")

# What an original document's metadata says unless it is given.
ORIGINAL_DEFAULTS: dict[str, Any] = {
    "dateline": None,
    "byline": None,
    "agency": None,
    "origin": "original",
    "licence": "CC-BY-4.0",
    "copyright": "Dateline contributors",
    "source": None,
}


def metadata_fields() -> list[str]:
    """The metadata fields of a record, in schema order."""
    return list(sch.load_schema()["$defs"]["metadata"]["properties"])


def next_id(documents: Path) -> str:
    """The id after the highest ``dl-NNNN`` in a documents folder (``dl-0000`` for an empty one)."""
    numbers = [int(m.group(1)) for p in Path(documents).glob("dl-*.json") if (m := ID.match(p.stem))]
    return f"dl-{max(numbers, default=-1) + 1:04d}"


def new_record(doc_id: str, text: str, metadata: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """An empty record for ``text``; the problems say what is missing or wrong (none: it is valid).

    The title defaults to the text's first non-empty line; the canary is always the schema's.
    """
    where = doc_id or "<new record>"
    problems: list[Problem] = []
    unknown = sorted(set(metadata) - set(metadata_fields()))
    for key in unknown:
        problems.append(Problem(where, f"$.metadata.{key}", Errors.E701.format(key=key, allowed=", ".join(metadata_fields()))))
    if not text.strip():
        problems.append(Problem(where, "$.text", Errors.E702))
    meta = dict(metadata)
    meta.setdefault("story", None)  # most documents belong to no story family
    if meta.get("origin", "original") == "original":
        for key, value in ORIGINAL_DEFAULTS.items():
            meta.setdefault(key, value)
    if "title" not in meta and text.strip():
        meta["title"] = next(line.strip() for line in text.splitlines() if line.strip())
    meta["canary"] = sch.canary()
    missing = [k for k in metadata_fields() if k not in meta]
    for key in missing:
        problems.append(Problem(where, f"$.metadata.{key}", Errors.E703.format(key=key)))
    if problems:
        return {}, problems
    record = {"id": doc_id, "text": text, "metadata": {k: meta[k] for k in metadata_fields()},
              "entities": [], "events": [], "quotes": [], "figures": []}
    return record, validate_record(record, where)
