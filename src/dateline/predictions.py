"""Prediction files for scoring: records that may leave out layers, checked with the validator's own rules.

A prediction record needs ``id`` and ``text`` (the gold text, so that offsets agree);
``metadata`` is optional and not scored; each layer it has is a prediction of that layer
and must be valid, a layer it lacks is not predicted. Nothing here raises on bad input:
every problem is reported with its file, line, document and JSON path.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from . import schema as sch
from .errors import Errors
from .io import Problem, read_records
from .schema import LAYERS
from .validate import schema_message, json_path, rule_problems

# The rules check the metadata of gold records; predictions carry none worth checking.
_NEUTRAL_METADATA = {"origin": "original", "licence": "CC-BY-4.0", "source": None}
_ANNOTATION = re.compile(r"^\$\.(entities|events|quotes|figures)\[(\d+)\](?:\.(mentions|arguments)\[(\d+)\])?")
_MAX_ROUNDS = 100


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    """The record schema with only ``id`` and ``text`` required, and any metadata object allowed."""
    schema = copy.deepcopy(sch.load_schema())
    schema["required"] = ["id", "text"]
    schema["properties"]["metadata"] = {"type": "object"}
    return Draft202012Validator(schema)


def prediction_problems(record: Any, where: str) -> list[Problem]:
    """Every problem of one prediction record: the schema first, then the validator's rules."""
    errors = sorted(_validator().iter_errors(record), key=lambda e: list(map(str, e.absolute_path)))
    problems = [Problem(where, json_path(e.absolute_path), schema_message(e)) for e in errors]
    if problems:
        return problems
    full = {**record, "metadata": _NEUTRAL_METADATA, **{layer: record.get(layer, []) for layer in LAYERS}}
    return [p for p in rule_problems(full, where) if not p.path.startswith("$.metadata")]


def _targets(problems: list[Problem]) -> set[tuple[str, int, str | None, int | None]] | None:
    """The annotations the problems are in (layer, index, sub-list, sub-index); None if one is the record's own."""
    out = set()
    for p in problems:
        m = _ANNOTATION.match(p.path)
        if m is None:
            return None
        layer, i, sub, j = m.groups()
        out.add((layer, int(i), sub, int(j) if j is not None else None))
    return out


def _drop(record: dict[str, Any], targets: set) -> int:
    """Remove the target annotations (a whole item wins over its parts); returns how many."""
    whole = {(layer, i) for layer, i, sub, _ in targets if sub is None}
    parts = sorted(((layer, i, sub, j) for layer, i, sub, j in targets if sub is not None and (layer, i) not in whole),
                   key=lambda t: -t[3])
    for layer, i, sub, j in parts:
        del record[layer][i][sub][j]
    for layer, i in sorted(whole, key=lambda t: -t[1]):
        del record[layer][i]
    return len(whole) + len(parts)


def clean_prediction(record: dict[str, Any], where: str) -> tuple[dict[str, Any] | None, list[Problem], int]:
    """The record without its bad annotations (None when the record itself is bad), the problems,
    and how many annotations were dropped.

    Dropping an annotation can break others (an argument pointing at a dropped mention),
    so the record is checked again until it is clean; those problems are reported too.
    """
    record = copy.deepcopy(record)
    found: list[Problem] = []
    dropped = 0
    for _ in range(_MAX_ROUNDS):
        problems = prediction_problems(record, where)
        if not problems:
            return record, found, dropped
        found.extend(problems)
        targets = _targets(problems)
        if targets is None:
            return None, found, dropped
        dropped += _drop(record, targets)
    return None, found, dropped


@dataclass
class PredictionSet:
    """The usable prediction records of a file or folder, and what was wrong with the rest."""

    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_records: int = 0
    dropped_annotations: int = 0

    @property
    def layers(self) -> list[str]:
        """The layers that at least one record predicts."""
        return [layer for layer in LAYERS if any(layer in r for r in self.records)]

    def dataset(self):
        """A ``datasets.Dataset`` in the documents shape, with only the predicted layers as columns."""
        from .corpus import documents_dataset

        return documents_dataset(self.records, ["id", "text", *self.layers])


def load_predictions(path: Path | str, gold_texts: dict[str, str], split: str) -> PredictionSet:
    """Read and check predictions against the gold documents of a split (id -> text).

    A record is skipped when it cannot be read, repeats an id, names a document that is not
    in the split, has another text than the gold document, or has a problem outside its
    layers; an annotation with a problem is dropped. All of it is in ``problems``.
    """
    out = PredictionSet()
    loaded, problems = read_records(path)
    out.problems.extend(problems)
    out.skipped_records += len(problems)
    seen: dict[str, str] = {}
    for item in loaded:
        record = item.record
        rid = record.get("id")
        where = f"{item.source} ({rid})" if isinstance(rid, str) else item.source
        if isinstance(rid, str) and isinstance(record.get("text"), str):
            problem = None
            if rid in seen:
                problem = Problem(where, "$.id", Errors.E007.format(doc_id=rid, other=seen[rid]))
            elif rid not in gold_texts:
                problem = Problem(where, "$.id", Errors.E601.format(doc_id=rid, split=split))
            elif record["text"] != gold_texts[rid]:
                problem = Problem(where, "$.text", Errors.E602.format(doc_id=rid))
            seen.setdefault(rid, item.source)
            if problem:
                out.problems.append(problem)
                out.skipped_records += 1
                continue
        cleaned, problems, dropped = clean_prediction(record, where)
        out.problems.extend(problems)
        out.dropped_annotations += dropped
        if cleaned is None:
            out.skipped_records += 1
            continue
        out.records.append(cleaned)
    return out
