"""Validation of records: the JSON Schema first, then the rules JSON Schema cannot express.

Every problem names the document, a JSON path and what is wrong.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from jsonschema import Draft202012Validator

from . import schema as sch
from .errors import Errors
from .io import Loaded, Problem, read_records

PLACE_ROLES = {"place", "origin", "destination"}
PLACE_TYPES = ("GPE", "LOC", "FAC")
SPEAKER_TYPES = ("PER", "ORG", "GPE", "NORP")


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(sch.load_schema())


def json_path(parts: Any) -> str:
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def schema_message(err: Any) -> str:
    consts = [s.get("const") for s in err.validator_value] if err.validator == "oneOf" else []
    if consts and all(c is not None for c in consts):
        return Errors.E401.format(value=err.instance, allowed=", ".join(map(str, consts)))
    if err.validator == "enum":
        return Errors.E401.format(value=err.instance, allowed=", ".join(map(str, err.validator_value)))
    if err.validator == "oneOf" and err.context:
        # A nullable object (span or null): report the object's own problem.
        best = max(err.context, key=lambda e: len(e.absolute_path))
        return schema_message(best)
    return Errors.E402.format(message=err.message)


def schema_problems(record: dict[str, Any], where: str) -> list[Problem]:
    return [
        Problem(where, json_path(err.absolute_path), schema_message(err))
        for err in sorted(_validator().iter_errors(record), key=lambda e: list(map(str, e.absolute_path)))
    ]


def _spans(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for i, ent in enumerate(record["entities"]):
        for j, m in enumerate(ent["mentions"]):
            yield f"$.entities[{i}].mentions[{j}]", m
    for i, ev in enumerate(record["events"]):
        yield f"$.events[{i}].trigger", ev["trigger"]
    for i, q in enumerate(record["quotes"]):
        for j, c in enumerate(q["content"]):
            yield f"$.quotes[{i}].content[{j}]", c
        if q["cue"] is not None:
            yield f"$.quotes[{i}].cue", q["cue"]
    for i, f in enumerate(record["figures"]):
        yield f"$.figures[{i}]", f


def _span_problem(text: str, span: dict[str, Any]) -> str | None:
    start, end = span["start"], span["end"]
    if end > len(text):
        return Errors.E101.format(start=start, end=end, length=len(text))
    if start >= end:
        return Errors.E102.format(start=start, end=end)
    if text[start:end] != span["text"]:
        return Errors.E103.format(given=span["text"], actual=text[start:end], start=start, end=end)
    return None


def rule_problems(record: dict[str, Any], where: str) -> list[Problem]:
    """The rules JSON Schema cannot express; assumes the record passed the schema."""
    out: list[Problem] = []
    text = record["text"]

    def add(path: str, message: str) -> None:
        out.append(Problem(where, path, message))

    for path, span in _spans(record):
        msg = _span_problem(text, span)
        if msg:
            add(path, msg)

    # Ids: one namespace per document (prefixes keep layers apart).
    ids: dict[str, str] = {}
    mention_entity: dict[str, dict[str, Any]] = {}
    for i, ent in enumerate(record["entities"]):
        items = [(f"$.entities[{i}]", ent)] + [(f"$.entities[{i}].mentions[{j}]", m) for j, m in enumerate(ent["mentions"])]
        for path, item in items:
            if item["id"] in ids:
                add(path + ".id", Errors.E201.format(id=item["id"]))
            ids[item["id"]] = path
        for m in ent["mentions"]:
            mention_entity[m["id"]] = ent
    for layer in ("events", "quotes", "figures"):
        for i, item in enumerate(record[layer]):
            path = f"$.{layer}[{i}]"
            if item["id"] in ids:
                add(path + ".id", Errors.E201.format(id=item["id"]))
            ids[item["id"]] = path
    figure_ids = {f["id"] for f in record["figures"]}
    entity_ids = {e["id"] for e in record["entities"]}
    event_ids = {e["id"] for e in record["events"]}

    # Duplicates.
    def dupes(keys: list[tuple[str, Any]], what: str) -> None:
        first: dict[Any, str] = {}
        for path, key in keys:
            if key in first:
                add(path, Errors.E203.format(what=what, other=first[key]))
            else:
                first[key] = path

    dupes([(f"$.entities[{i}].mentions[{j}]", (m["start"], m["end"]))
           for i, e in enumerate(record["entities"]) for j, m in enumerate(e["mentions"])], "mention span")
    dupes([(f"$.events[{i}]", (e["type"], e["trigger"]["start"], e["trigger"]["end"]))
           for i, e in enumerate(record["events"])], "event type and trigger")
    dupes([(f"$.quotes[{i}]", tuple((c["start"], c["end"]) for c in q["content"]))
           for i, q in enumerate(record["quotes"])], "quote content")
    dupes([(f"$.figures[{i}]", (f["start"], f["end"])) for i, f in enumerate(record["figures"])], "figure span")

    # Events: roles and references.
    event_types = sch.choices("event_type")
    for i, ev in enumerate(record["events"]):
        allowed = event_types[ev["type"]]["x-roles"]
        seen: set[tuple[str, str]] = set()
        for j, arg in enumerate(ev["arguments"]):
            path = f"$.events[{i}].arguments[{j}]"
            role, ref = arg["role"], arg["ref"]
            if role not in allowed:
                add(path + ".role", Errors.E204.format(role=role, type=ev["type"], allowed=", ".join(allowed)))
            if (role, ref) in seen:
                add(path, Errors.E209.format(role=role, ref=ref))
            seen.add((role, ref))
            if ref.startswith("F"):
                if ref not in figure_ids:
                    add(path + ".ref", Errors.E202.format(ref=ref, layer="figure"))
                continue
            ent = mention_entity.get(ref)
            if ent is None:
                add(path + ".ref", Errors.E202.format(ref=ref, layer="mention"))
            elif role == "time" and ent["type"] != "TIME":
                add(path + ".ref", Errors.E205.format(role=role, wanted="TIME", ref=ref, found=ent["type"]))
            elif role in PLACE_ROLES and ent["type"] not in PLACE_TYPES:
                add(path + ".ref", Errors.E205.format(role=role, wanted="/".join(PLACE_TYPES), ref=ref, found=ent["type"]))

    # Quotes.
    for i, q in enumerate(record["quotes"]):
        path = f"$.quotes[{i}]"
        spans = [(c["start"], c["end"]) for c in q["content"]]
        if any(b[0] < a[1] for a, b in zip(spans, spans[1:])):
            add(path + ".content", Errors.E207)
        ref = q["speaker"]
        if ref is not None:
            ent = mention_entity.get(ref)
            if ent is None:
                add(path + ".speaker", Errors.E202.format(ref=ref, layer="mention"))
            elif ent["type"] not in SPEAKER_TYPES:
                add(path + ".speaker", Errors.E206.format(ref=ref, found=ent["type"], wanted="/".join(SPEAKER_TYPES)))

    # Figures.
    for i, f in enumerate(record["figures"]):
        path = f"$.figures[{i}]"
        is_range = f["approximation"] == "range"
        vmax = f["value_max"]
        if is_range != (vmax is not None) or (is_range and f["value"] is not None and vmax < f["value"]):
            add(path + ".value_max", Errors.E208)
        if f["entity"] is not None and f["entity"] not in entity_ids:
            add(path + ".entity", Errors.E202.format(ref=f["entity"], layer="entity"))
        if f["event"] is not None and f["event"] not in event_ids:
            add(path + ".event", Errors.E202.format(ref=f["event"], layer="event"))

    meta = record["metadata"]
    if meta["origin"] == "original" and (meta["licence"] != "CC-BY-4.0" or meta["source"] is not None):
        add("$.metadata", Errors.E301)
    if meta["origin"] == "seed" and not meta["source"]:
        add("$.metadata.source", Errors.E302)
    return out


def validate_record(record: dict[str, Any], where: str | None = None) -> list[Problem]:
    """All problems of one record; ``where`` defaults to its id."""
    if where is None:
        rid = record.get("id") if isinstance(record, dict) else None
        where = rid if isinstance(rid, str) else "<record without id>"
    problems = schema_problems(record, where)
    if problems:
        return problems
    return rule_problems(record, where)


def validate_path(path: Path | str) -> tuple[int, list[Problem]]:
    """Validate a record file or folder; returns (records read, problems)."""
    loaded, problems = check_path(path)
    return len(loaded), problems


def check_path(path: Path | str) -> tuple[list[Loaded], list[Problem]]:
    """Read and validate a record file or folder; returns what was read and every problem.

    A corpus folder (one with ``documents/``) means its documents: its other JSON files
    (``splits.json``) are not records.
    """
    path = Path(path)
    if path.is_dir() and (path / "documents").is_dir():
        path = path / "documents"
    loaded, problems = read_records(path)
    seen: dict[str, str] = {}
    for item in loaded:
        rid = item.record.get("id")
        where = f"{item.source} ({rid})" if isinstance(rid, str) else item.source
        problems.extend(validate_record(item.record, where))
        if isinstance(rid, str):
            if rid in seen:
                problems.append(Problem(where, "$.id", Errors.E007.format(doc_id=rid, other=seen[rid])))
            seen[rid] = item.source
            src = Path(item.source)
            if src.suffix == ".json" and src.parent.name == "documents" and src.stem != rid:
                problems.append(Problem(where, "$.id", Errors.E008.format(doc_id=rid, expected=f"{rid}.json")))
    return loaded, problems
