"""Label Studio: the labeling config, records -> tasks, and a Label Studio export -> records.

One combined config (``annotation/dateline.xml``) carries all four layers, because the
layers link to each other (arguments, speakers and figure links point at mentions), and
a person annotating a document wants to draw those links in one place. Every list in the
config (types, roles, units...) comes from the schema, so the config cannot drift from it.

How a record maps onto Label Studio regions (``docs/annotation.md`` has the annotator's view):

- a **mention** is a span labelled with its entity type (control ``entity``), with the
  per-region attributes ``mention_kind`` (required), ``entity_id`` and ``wikidata``
  (given on the entity's first mention);
- **coreference** is a relation labelled ``coref`` between two mentions of one entity; an
  entity is a connected group of mentions (the export chains each mention to the previous one);
- an **event trigger** is a span labelled with the event type (control ``event``), with
  ``factuality`` (required); each **argument** is a relation between the trigger and a
  mention or figure, labelled with the role;
- a **quote** is one or more spans labelled ``quote`` (control ``quote``), with
  ``quote_kind``; pieces of one quote are linked by ``continues``; the **cue** is a span
  labelled ``cue`` linked to the quote by a ``cue`` relation; the **speaker** is a
  ``speaker`` relation from the quote to a mention;
- a **figure** is a span labelled ``figure`` (control ``figure``) with ``value``,
  ``value_max``, ``unit`` (required), ``approximation`` (required) and ``counted``; its
  ``entity`` and ``event`` are relations labelled ``entity`` (to any mention of the
  entity) and ``event`` (to the trigger).

The direction of a relation is never needed: the kinds of the two regions say which end
is which (a role links a trigger and an argument, ``continues`` pieces are ordered by
their offsets). Region ids are the record ids (``M3``, ``V1``, ``F2``, ``Q4``; further
quote pieces ``Q4.2``, cues ``Q4.cue``), so a record comes back with the ids it had;
regions drawn in Label Studio get the next free number of their layer.

Offsets: Label Studio's ``Text`` tag stores ``start``/``end`` in Unicode code points
(its editor converts from the browser's UTF-16 units; the server test saves a task with
emoji and CRLF in the real editor to check), which is also what Python's ``str`` indexes
and what the schema uses: no conversion is needed, and ``\\r\\n`` counts as two.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from . import schema as sch
from .errors import Errors
from .io import Problem

TEXT = "text"  # the object tag's name and the task data key of the document text
CONFIG_FILE = "dateline.xml"

# Span label controls and the region kinds they make.
ENTITY, EVENT, QUOTE, FIGURE = "entity", "event", "quote", "figure"
CONTENT_LABEL, CUE_LABEL, FIGURE_LABEL = "quote", "cue", "figure"
MENTION, TRIGGER, CONTENT, CUE, FIG = "mention", "trigger", "quote content", "cue", "figure"

# Relation labels that are not event roles.
COREF, CONTINUES, SPEAKER, CUE_REL, FIG_ENTITY, FIG_EVENT = "coref", "continues", "speaker", "cue", "entity", "event"
LINKS = (COREF, CONTINUES, SPEAKER, CUE_REL, FIG_ENTITY, FIG_EVENT)

ID_RE = {MENTION: re.compile(r"^M[0-9]+$"), TRIGGER: re.compile(r"^V[0-9]+$"), FIG: re.compile(r"^F[0-9]+$"),
         CONTENT: re.compile(r"^Q[0-9]+$")}
ENTITY_ID_RE = re.compile(r"^E[0-9]+$")
WIKIDATA_RE = re.compile(r"^(?:https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/)?(Q[1-9][0-9]*)$")

ENTITY_COLOURS = {"PER": "#e76f51", "ORG": "#2a9d8f", "GPE": "#e9c46a", "LOC": "#a3b18a", "FAC": "#b5838d",
                  "NORP": "#8d99ae", "TIME": "#c77dff"}
EVENT_COLOUR, CONTENT_COLOUR, CUE_COLOUR, FIGURE_COLOUR = "#f4a261", "#8ecae6", "#219ebc", "#90be6d"


@dataclass(frozen=True)
class Attribute:
    """A per-region control: which region kind it applies to, its tag, and its allowed values."""

    name: str
    applies_to: str
    tag: str  # Choices, TextArea or Number
    title: str
    options: tuple[str, ...] = ()
    required: bool = False

    @property
    def result_type(self) -> str:
        return self.tag.lower()


@dataclass(frozen=True)
class Spec:
    """Everything the config holds, from the schema; the import checks results against it."""

    span_labels: dict[str, tuple[str, ...]]  # control name -> label values
    attributes: dict[str, Attribute]
    relation_labels: tuple[str, ...]
    roles: tuple[str, ...]


def region_kind(control: str, label: str) -> str:
    if control == ENTITY:
        return MENTION
    if control == EVENT:
        return TRIGGER
    if control == QUOTE:
        return CONTENT if label == CONTENT_LABEL else CUE
    return FIG


def spec() -> Spec:
    roles = tuple(sch.roles())
    clash = set(roles) & set(LINKS)
    if clash:  # a role named like a link would make relations ambiguous
        raise ValueError(f"event roles {sorted(clash)} clash with the relation labels {LINKS}")
    attributes = [
        Attribute("mention_kind", MENTION, "Choices", "Mention kind", tuple(sch.choices("mention_kind")), True),
        Attribute("entity_id", MENTION, "TextArea", "Entity id (E…; empty for a new entity)"),
        Attribute("wikidata", MENTION, "TextArea", "Wikidata id of the entity (Q…; real-world entities only)"),
        Attribute("factuality", TRIGGER, "Choices", "Factuality", tuple(sch.choices("factuality")), True),
        Attribute("quote_kind", CONTENT, "Choices", "Quote kind", tuple(sch.choices("quote_kind")), True),
        Attribute("value", FIG, "Number", "Value (low end of a range; empty when the text gives no number)"),
        Attribute("value_max", FIG, "Number", "Value max (high end of a range only)"),
        Attribute("unit", FIG, "Choices", "Unit", tuple(sch.units()), True),
        Attribute("approximation", FIG, "Choices", "Approximation", tuple(sch.choices("approximation")), True),
        Attribute("counted", FIG, "TextArea", "Counted: what is counted or measured"),
    ]
    return Spec(
        span_labels={ENTITY: tuple(sch.entity_types()), EVENT: tuple(sch.event_types()),
                     QUOTE: (CONTENT_LABEL, CUE_LABEL), FIGURE: (FIGURE_LABEL,)},
        attributes={a.name: a for a in attributes},
        relation_labels=LINKS + roles,
        roles=roles,
    )


# --- the labeling config ---------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, tag, {k: v for k, v in attrs.items()})


def labeling_config() -> str:
    """The combined labeling config, generated from the schema's vocabularies."""
    s = spec()
    hints = {
        ENTITY: {k: c.get("description", "") for k, c in sch.choices("entity_type").items()},
        EVENT: {k: c.get("description", "") for k, c in sch.choices("event_type").items()},
        QUOTE: {CONTENT_LABEL: "A content piece of a quote (marks excluded). Link pieces of one quote with "
                               "'continues', the cue with 'cue', the speaker mention with 'speaker'.",
                CUE_LABEL: "The attribution cue (\"said\", \"according to\")."},
        FIGURE: {FIGURE_LABEL: "A quantity: approximation cue, number and unit words; not the counted noun."},
    }
    root = ET.Element("View")
    root.append(ET.Comment(" Generated from schema/dateline.schema.json by 'dateline labelstudio config'. "
                           "Do not edit: regenerate. Guide: docs/annotation.md "))
    _sub(root, "Style").text = ".htx-text { white-space: pre-wrap; line-height: 1.9; }"
    titles = {ENTITY: "Entity mentions (label = entity type)", EVENT: "Event triggers (label = event type)",
              QUOTE: "Quotes: content pieces and cues", FIGURE: "Figures"}
    for control, labels in s.span_labels.items():
        _sub(root, "Header", value=titles[control], size="6")
        el = _sub(root, "Labels", name=control, toName=TEXT, showInline="true")
        for label in labels:
            colour = {ENTITY: ENTITY_COLOURS.get(label, "#cccccc"), EVENT: EVENT_COLOUR,
                      QUOTE: CONTENT_COLOUR if label == CONTENT_LABEL else CUE_COLOUR, FIGURE: FIGURE_COLOUR}[control]
            _sub(el, "Label", value=label, background=colour, hint=hints[control].get(label, ""))
    _sub(root, "Text", name=TEXT, value=f"${TEXT}")
    rel = _sub(root, "Relations")
    for label in s.relation_labels:
        _sub(rel, "Relation", value=label)
    kind_controls = {MENTION: (ENTITY, None), TRIGGER: (EVENT, None), CONTENT: (QUOTE, CONTENT_LABEL), FIG: (FIGURE, None)}
    descriptions = {"mention_kind": sch.choices("mention_kind"), "factuality": sch.choices("factuality"),
                    "quote_kind": sch.choices("quote_kind"), "unit": sch.choices("unit"),
                    "approximation": sch.choices("approximation")}
    for kind, (control, label) in kind_controls.items():
        when = {"visibleWhen": "region-selected", "whenTagName": control}
        if label:
            when["whenLabelValue"] = label
        view = _sub(root, "View", **when)
        for a in s.attributes.values():
            if a.applies_to != kind:
                continue
            _sub(view, "Header", value=a.title, size="6")
            common = {"name": a.name, "toName": TEXT, "perRegion": "true"}
            if a.tag == "Choices":
                extra = ({"choice": "single", "layout": "select"} if len(a.options) > 12
                         else {"choice": "single-radio", "showInline": "true"})
                el = _sub(view, "Choices", **common, **extra, **when,
                          **({"required": "true"} if a.required else {}))
                for option in a.options:
                    _sub(el, "Choice", value=option, hint=descriptions[a.name][option].get("description", ""))
            elif a.tag == "TextArea":
                _sub(view, "TextArea", **common, maxSubmissions="1", editable="true", rows="1")
            else:
                _sub(view, "Number", **common)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode") + "\n"


def configs() -> dict[str, str]:
    """The generated config files of ``annotation/``: file name -> XML."""
    return {CONFIG_FILE: labeling_config()}


def write_configs(folder: Path) -> list[Path]:
    """Write the configs that changed; returns their paths."""
    from .io import write_atomic

    written = []
    for name, xml in configs().items():
        path = Path(folder) / name
        if not path.is_file() or path.read_text(encoding="utf-8") != xml:
            write_atomic(path, xml)
            written.append(path)
    return written


# --- records -> tasks -------------------------------------------------------------------


def _span_value(span: dict[str, Any]) -> dict[str, Any]:
    return {"start": span["start"], "end": span["end"], "text": span["text"]}


def record_to_result(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The record's four layers as Label Studio result items (regions, attributes, relations)."""
    items: list[dict[str, Any]] = []

    def region(rid: str, control: str, label: str, span: dict[str, Any]) -> None:
        items.append({"id": rid, "from_name": control, "to_name": TEXT, "type": "labels",
                      "value": {**_span_value(span), "labels": [label]}})

    def attribute(rid: str, name: str, span: dict[str, Any], value: Any) -> None:
        a = spec().attributes[name]
        v: dict[str, Any] = {"start": span["start"], "end": span["end"]}
        if a.tag == "Choices":
            v.update(text=span["text"], choices=[value])
        elif a.tag == "Number":
            v.update(text=span["text"], number=value)
        else:  # a TextArea's own text takes the place of the span text
            v["text"] = [value]
        items.append({"id": rid, "from_name": name, "to_name": TEXT, "type": a.result_type, "value": v})

    relations: list[tuple[str, str, list[str]]] = []
    first_mention = {}
    for ent in record["entities"]:
        first_mention[ent["id"]] = ent["mentions"][0]["id"]
        for i, m in enumerate(ent["mentions"]):
            region(m["id"], ENTITY, ent["type"], m)
            attribute(m["id"], "mention_kind", m, m["kind"])
            if i == 0:
                attribute(m["id"], "entity_id", m, ent["id"])
                if ent["wikidata"] is not None:
                    attribute(m["id"], "wikidata", m, ent["wikidata"])
            else:
                relations.append((m["id"], ent["mentions"][i - 1]["id"], [COREF]))
    for ev in record["events"]:
        region(ev["id"], EVENT, ev["type"], ev["trigger"])
        attribute(ev["id"], "factuality", ev["trigger"], ev["attributes"]["factuality"])
        by_ref: dict[str, list[str]] = {}
        for arg in ev["arguments"]:  # one relation per pair of regions (Label Studio keeps one)
            by_ref.setdefault(arg["ref"], []).append(arg["role"])
        relations.extend((ev["id"], ref, roles) for ref, roles in by_ref.items())
    for q in record["quotes"]:
        ids = [q["id"]] + [f"{q['id']}.{k}" for k in range(2, len(q["content"]) + 1)]
        for k, (rid, piece) in enumerate(zip(ids, q["content"])):
            region(rid, QUOTE, CONTENT_LABEL, piece)
            attribute(rid, "quote_kind", piece, q["kind"])
            if k:
                relations.append((rid, ids[k - 1], [CONTINUES]))
        if q["cue"] is not None:
            region(f"{q['id']}.cue", QUOTE, CUE_LABEL, q["cue"])
            relations.append((q["id"], f"{q['id']}.cue", [CUE_REL]))
        if q["speaker"] is not None:
            relations.append((q["id"], q["speaker"], [SPEAKER]))
    for f in record["figures"]:
        region(f["id"], FIGURE, FIGURE_LABEL, f)
        for name in ("value", "value_max", "unit", "approximation", "counted"):
            if f[name] is not None:
                attribute(f["id"], name, f, f[name])
        if f["entity"] is not None:
            relations.append((f["id"], first_mention.get(f["entity"], f["entity"]), [FIG_ENTITY]))
        if f["event"] is not None:
            relations.append((f["id"], f["event"], [FIG_EVENT]))
    items.extend({"from_id": a, "to_id": b, "type": "relation", "direction": "right", "labels": labels}
                 for a, b, labels in relations)
    return items


def record_to_task(record: dict[str, Any], predictions: Iterable[tuple[str, dict[str, Any]]] = ()) -> dict[str, Any]:
    """A Label Studio task: the text and metadata in ``data``, and one prediction per (model_version, record)."""
    task: dict[str, Any] = {"data": {TEXT: record["text"], "doc_id": record["id"], "metadata": record["metadata"],
                                     "schema_version": sch.schema_version()}}
    preds = [{"model_version": version, "result": record_to_result(pred)} for version, pred in predictions]
    if preds:
        task["predictions"] = preds
    return task


# --- Label Studio results -> records ----------------------------------------------------


@dataclass
class Region:
    rid: str
    kind: str
    label: str
    start: int
    end: int
    text: str
    order: int
    attrs: dict[str, Any] = field(default_factory=dict)


class _Union:
    def __init__(self, keys: Iterable[str]):
        self.parent = {k: k for k in keys}

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra

    def groups(self, order: list[str]) -> list[list[str]]:
        out: dict[str, list[str]] = {}
        for k in order:
            out.setdefault(self.find(k), []).append(k)
        return list(out.values())


def _utf16_hint(text: str, start: int, end: int, given: str) -> str:
    units = text.encode("utf-16-le")
    if 0 <= start < end <= len(units) // 2 and units[2 * start:2 * end].decode("utf-16-le", "replace") == given:
        return " (these offsets read as UTF-16 code units; this Label Studio export counts code points differently)"
    return ""


def _fresh(prefix: str, taken: set[str]) -> Iterable[str]:
    n = max((int(t[len(prefix):]) for t in taken if t.startswith(prefix) and t[len(prefix):].isdigit()), default=0)
    while True:
        n += 1
        yield f"{prefix}{n}"


def result_to_record(data: dict[str, Any], result: Any, where: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Rebuild a record from a task's ``data`` and one annotation's (or prediction's) ``result``.

    Returns the record (None when the result has errors) and every problem found, each naming
    ``where`` (the task) and the result item. The record is validated with :mod:`dateline.validate`.
    """
    from .validate import validate_record

    s = spec()
    problems: list[Problem] = []

    def bad(path: str, message: str) -> None:
        problems.append(Problem(where, path, message))

    for key in (TEXT, "doc_id", "metadata"):
        if key not in data:
            bad("data", Errors.E502.format(key=key))
    if problems:
        return None, problems
    text = data[TEXT]
    if not isinstance(text, str) or not text:
        bad(f"data.{TEXT}", Errors.E517.format(what=f"data.{TEXT}", expected="the document text", found=text))
        return None, problems
    if not isinstance(result, list):
        bad("result", Errors.E521)
        return None, problems

    # 1. Regions: one span item per id, attribute items with the same id.
    spans: dict[str, tuple[dict[str, Any], int]] = {}
    attr_items: list[tuple[str, dict[str, Any]]] = []
    relations: list[dict[str, Any]] = []
    for n, item in enumerate(result):
        if not isinstance(item, dict):
            bad(f"result[{n}]", Errors.E521)
            continue
        if item.get("type") == "relation":
            relations.append(item)
            continue
        rid = item.get("id")
        path = f"result {rid}" if rid is not None else f"result[{n}]"
        missing = [k for k in ("id", "from_name", "value") if k not in item]
        if missing or not isinstance(item.get("value"), dict):
            bad(path, Errors.E522.format(field=(missing or ["value"])[0]))
            continue
        if not isinstance(rid, str):
            bad(path, Errors.E517.format(what="the region id", expected="a string", found=rid))
            continue
        name = item["from_name"]
        if not isinstance(name, str):
            bad(path, Errors.E505.format(name=name))
        elif name in s.span_labels:
            if rid in spans:
                bad(path, Errors.E510.format(n="more than one", labels="labels from several span items"))
                continue
            spans[rid] = (item, n)
        elif name in s.attributes:
            attr_items.append((rid, item))
        else:
            bad(path, Errors.E505.format(name=name))

    regions: dict[str, Region] = {}
    for rid, (item, n) in spans.items():
        path = f"result {rid}"
        v = item["value"]
        labels = v.get("labels")
        control = item["from_name"]
        if not isinstance(labels, list) or len(labels) != 1:
            bad(path, Errors.E510.format(n=len(labels) if isinstance(labels, list) else "no",
                                         labels=", ".join(map(str, labels)) if isinstance(labels, list) else labels))
            continue
        label = labels[0]
        if label not in s.span_labels[control]:
            bad(path, Errors.E504.format(what=f"label of {control}", label=label,
                                         allowed=", ".join(s.span_labels[control])))
            continue
        start, end = v.get("start"), v.get("end")
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
            bad(path, Errors.E517.format(what="start and end", expected="integer offsets", found=(start, end)))
            continue
        if start < 0 or end > len(text):
            bad(path, Errors.E101.format(start=start, end=end, length=len(text)))
            continue
        if start >= end:
            bad(path, Errors.E102.format(start=start, end=end))
            continue
        given = v.get("text", text[start:end])
        if given != text[start:end]:
            bad(path, Errors.E507.format(given=given, actual=text[start:end], start=start, end=end,
                                         hint=_utf16_hint(text, start, end, given) if isinstance(given, str) else ""))
            continue
        regions[rid] = Region(rid, region_kind(control, label), label, start, end, text[start:end], n)

    for rid, item in attr_items:
        path = f"result {rid}"
        a = s.attributes[item["from_name"]]
        region = regions.get(rid)
        if region is None:
            if rid not in spans:
                bad(path, Errors.E512.format(attribute=a.name))
            continue
        if a.applies_to != region.kind:
            bad(path, Errors.E511.format(attribute=a.name, kind=region.kind))
            continue
        v = item["value"]
        if ("start" in v and v["start"] != region.start) or ("end" in v and v["end"] != region.end):
            bad(path, Errors.E523.format(attribute=a.name))
            continue
        if a.name in region.attrs:
            bad(path, Errors.E520.format(attribute=a.name))
            continue
        value = _attribute_value(a, v, path, bad)
        if value is not _INVALID:
            region.attrs[a.name] = value

    for r in regions.values():
        for a in s.attributes.values():
            if a.required and a.applies_to == r.kind and a.name not in r.attrs and a.name != "quote_kind":
                bad(f"result {r.rid}", Errors.E509.format(kind=r.kind, attribute=a.name))

    # 2. Relations: check the ends and the labels, then sort them by what they mean.
    coref: list[tuple[str, str]] = []
    continues: list[tuple[str, str]] = []
    links: dict[str, list[tuple[str, str]]] = {SPEAKER: [], CUE_REL: [], FIG_ENTITY: [], FIG_EVENT: []}
    arguments: dict[str, list[tuple[str, str]]] = {}
    expected = {COREF: ({MENTION}, {MENTION}), CONTINUES: ({CONTENT}, {CONTENT}), SPEAKER: ({CONTENT}, {MENTION}),
                CUE_REL: ({CONTENT}, {CUE}), FIG_ENTITY: ({FIG}, {MENTION}), FIG_EVENT: ({FIG}, {TRIGGER})}
    implied = {frozenset({MENTION}): COREF, frozenset({CONTENT}): CONTINUES, frozenset({CONTENT, MENTION}): SPEAKER,
               frozenset({CONTENT, CUE}): CUE_REL, frozenset({FIG, MENTION}): FIG_ENTITY}
    for rel in relations:
        a_id, b_id = rel.get("from_id"), rel.get("to_id")
        path = f"relation {a_id} -> {b_id}"
        missing = [x for x in (a_id, b_id) if not isinstance(x, str) or x not in regions]
        if missing:
            if not any(isinstance(x, str) and x in spans for x in missing):  # a region with errors is reported
                bad(path, Errors.E508.format(missing=", ".join(map(str, missing))))
            continue
        a, b = regions[a_id], regions[b_id]
        labels = rel.get("labels") or []
        if not isinstance(labels, list):
            labels = [labels]
        if not labels:
            label = implied.get(frozenset({a.kind, b.kind}))
            if label is None:
                bad(path, Errors.E524.format(a=a.kind, b=b.kind))
                continue
            labels = [label]
        for label in labels:
            if label not in s.relation_labels:
                bad(path, Errors.E504.format(what="relation label", label=label, allowed=", ".join(s.relation_labels)))
                continue
            if label in s.roles:
                if TRIGGER in (a.kind, b.kind) and {a.kind, b.kind} - {TRIGGER} <= {MENTION, FIG} and a.kind != b.kind:
                    trig, arg = (a, b) if a.kind == TRIGGER else (b, a)
                    arguments.setdefault(trig.rid, []).append((label, arg.rid))
                else:
                    bad(path, Errors.E513.format(label=label, a=a.kind, b=b.kind, expected="an event trigger and a "
                                                 "mention or figure"))
                continue
            first, second = expected[label]
            if a.kind in first and b.kind in second:
                pair = (a.rid, b.rid)
            elif b.kind in first and a.kind in second:
                pair = (b.rid, a.rid)
            else:
                bad(path, Errors.E513.format(label=label, a=a.kind, b=b.kind,
                                             expected=f"a {'/'.join(first)} and a {'/'.join(second)}"))
                continue
            if label == COREF:
                coref.append(pair)
            elif label == CONTINUES:
                continues.append(pair)
            else:
                links[label].append(pair)

    def by_kind(kind: str) -> list[Region]:
        return sorted((r for r in regions.values() if r.kind == kind), key=lambda r: r.order)

    # 3. Entities: connected mentions.
    mentions = by_kind(MENTION)
    uf = _Union(r.rid for r in mentions)
    for x, y in coref:
        uf.join(x, y)
    clusters = uf.groups([r.rid for r in mentions])
    entity_ids: list[str | None] = []
    wikidata: list[str | None] = []
    types: list[str] = []
    id_owner: dict[str, str] = {}
    for members in clusters:
        rs = [regions[m] for m in members]
        kinds = sorted({r.label for r in rs})
        if len(kinds) > 1:
            bad(f"result {members[0]}", Errors.E514.format(types=", ".join(kinds), mentions=", ".join(members)))
        types.append(rs[0].label)
        for attr, out in (("entity_id", entity_ids), ("wikidata", wikidata)):
            given = {r.attrs[attr]: r.rid for r in rs if r.attrs.get(attr) is not None}
            if len(given) > 1:
                bad(f"result {members[0]}", Errors.E515.format(
                    what=attr, values=", ".join(f"{v} on {rid}" for v, rid in given.items())))
            out.append(next(iter(given), None))
        eid = entity_ids[-1]
        if eid is not None:
            if eid in id_owner:
                bad(f"result {members[0]}", Errors.E516.format(id=eid, a=id_owner[eid], b=members[0]))
                entity_ids[-1] = None
            else:
                id_owner[eid] = members[0]

    # 4. Quotes: connected content pieces, in text order.
    contents = by_kind(CONTENT)
    uq = _Union(r.rid for r in contents)
    for x, y in continues:
        uq.join(x, y)
    quote_groups = uq.groups([r.rid for r in contents])
    piece_quote = {rid: i for i, group in enumerate(quote_groups) for rid in group}

    def one_per_quote(label: str) -> list[str | None]:
        got: list[dict[str, None]] = [{} for _ in quote_groups]
        for piece, target in links[label]:
            got[piece_quote[piece]][target] = None
        out = []
        for group, targets in zip(quote_groups, got):
            if len(targets) > 1:
                bad(f"result {group[0]}", Errors.E519.format(what=label, targets=", ".join(targets)))
            out.append(next(iter(targets), None))
        return out

    cues, speakers = one_per_quote(CUE_REL), one_per_quote(SPEAKER)
    kinds_of_quotes: list[str | None] = []
    for group in quote_groups:
        given = {regions[rid].attrs["quote_kind"]: rid for rid in group if "quote_kind" in regions[rid].attrs}
        if not given:
            bad(f"result {group[0]}", Errors.E509.format(kind=CONTENT, attribute="quote_kind"))
        elif len(given) > 1:
            bad(f"result {group[0]}", Errors.E515.format(what="quote_kind", values=", ".join(
                f"{v} on {rid}" for v, rid in given.items())))
        kinds_of_quotes.append(next(iter(given), None))

    # 5. Figure links.
    def one_per_figure(label: str) -> dict[str, str]:
        got: dict[str, dict[str, None]] = {}
        for fig, target in links[label]:
            got.setdefault(fig, {})[target] = None
        out = {}
        for fig, targets in got.items():
            if len(targets) > 1:
                bad(f"result {fig}", Errors.E518.format(what=label, targets=", ".join(targets)))
            out[fig] = next(iter(targets))
        return out

    fig_entity, fig_event = one_per_figure(FIG_ENTITY), one_per_figure(FIG_EVENT)

    if problems:
        return None, problems

    # 6. Ids: keep the region ids (and entity ids) that fit; number the rest after the highest.
    def assign(rids: list[str], kind: str, prefix: str) -> dict[str, str]:
        kept = {rid: rid for rid in rids if ID_RE[kind].match(rid)}
        fresh = _fresh(prefix, set(kept.values()))
        return {rid: kept.get(rid) or next(fresh) for rid in rids}

    mention_id = assign([r.rid for r in mentions], MENTION, "M")
    event_id = assign([r.rid for r in by_kind(TRIGGER)], TRIGGER, "V")
    figure_id = assign([r.rid for r in by_kind(FIG)], FIG, "F")
    fresh_e = _fresh("E", {e for e in entity_ids if e})
    final_entity_ids = [e or next(fresh_e) for e in entity_ids]
    mention_entity = {m: final_entity_ids[i] for i, members in enumerate(clusters) for m in members}
    quote_taken: set[str] = set()
    quote_ids: list[str | None] = []
    for group in quote_groups:
        qid = next((rid for rid in group if ID_RE[CONTENT].match(rid) and rid not in quote_taken), None)
        if qid:
            quote_taken.add(qid)
        quote_ids.append(qid)
    fresh_q = _fresh("Q", quote_taken)
    quote_ids = [q or next(fresh_q) for q in quote_ids]

    def span(rid: str) -> dict[str, Any]:
        r = regions[rid]
        return {"start": r.start, "end": r.end, "text": r.text}

    def ref(rid: str) -> str:
        return mention_id.get(rid) or figure_id[rid]

    record = {
        "id": data["doc_id"],
        "text": text,
        "metadata": data["metadata"],
        "entities": [
            {"id": final_entity_ids[i], "type": types[i], "wikidata": wikidata[i],
             "mentions": [{"id": mention_id[m], **span(m), "kind": regions[m].attrs["mention_kind"]} for m in members]}
            for i, members in enumerate(clusters)],
        "events": [
            {"id": event_id[r.rid], "type": r.label, "trigger": span(r.rid),
             "arguments": [{"role": role, "ref": ref(arg)} for role, arg in arguments.get(r.rid, [])],
             "attributes": {"factuality": r.attrs["factuality"]}}
            for r in by_kind(TRIGGER)],
        "quotes": [
            {"id": quote_ids[i], "kind": kinds_of_quotes[i],
             "content": [span(rid) for rid in sorted(group, key=lambda rid: (regions[rid].start, regions[rid].end))],
             "cue": span(cues[i]) if cues[i] else None,
             "speaker": mention_id[speakers[i]] if speakers[i] else None}
            for i, group in enumerate(quote_groups)],
        "figures": [
            {"id": figure_id[r.rid], **span(r.rid), "value": r.attrs.get("value"),
             "value_max": r.attrs.get("value_max"), "unit": r.attrs["unit"],
             "approximation": r.attrs["approximation"], "counted": r.attrs.get("counted"),
             "entity": mention_entity[fig_entity[r.rid]] if r.rid in fig_entity else None,
             "event": event_id[fig_event[r.rid]] if r.rid in fig_event else None}
            for r in by_kind(FIG)],
    }
    problems = validate_record(record, where)
    return (None if problems else record), problems


_INVALID = object()


def _attribute_value(a: Attribute, v: dict[str, Any], path: str, bad) -> Any:
    if a.tag == "Choices":
        got = v.get("choices")
        if not isinstance(got, list) or len(got) != 1:
            bad(path, Errors.E517.format(what=a.name, expected="exactly one choice", found=got))
            return _INVALID
        if got[0] not in a.options:
            bad(path, Errors.E504.format(what=a.name, label=got[0], allowed=", ".join(a.options)))
            return _INVALID
        return got[0]
    if a.tag == "Number":
        got = v.get("number")
        if got is None:
            return None
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            bad(path, Errors.E517.format(what=a.name, expected="a number", found=got))
            return _INVALID
        return got
    got = v.get("text")
    if isinstance(got, str):
        got = [got]
    if not isinstance(got, list) or len(got) > 1 or not all(isinstance(t, str) for t in got):
        bad(path, Errors.E517.format(what=a.name, expected="one line of text", found=got))
        return _INVALID
    if not got:
        return None
    value = got[0]
    if a.name == "entity_id":
        value = value.strip()
        if not value:
            return None
        if not ENTITY_ID_RE.match(value):
            bad(path, Errors.E517.format(what=a.name, expected="an entity id like E12", found=value))
            return _INVALID
    elif a.name == "wikidata":
        value = value.strip()
        if not value:
            return None
        m = WIKIDATA_RE.match(value)
        if not m:
            bad(path, Errors.E517.format(what=a.name, expected="a Wikidata id like Q42", found=value))
            return _INVALID
        value = m.group(1)
    return value


# --- exports ----------------------------------------------------------------------------


def _when(annotation: dict[str, Any]) -> tuple[str, int]:
    return (str(annotation.get("updated_at") or annotation.get("created_at") or ""),
            annotation.get("id") if isinstance(annotation.get("id"), int) else 0)


def pick_annotation(task: dict[str, Any]) -> dict[str, Any] | None:
    """The annotation to import: the ground truth if one is marked, else the latest; cancelled ones never."""
    anns = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if not anns:
        return None
    truth = [a for a in anns if a.get("ground_truth")]
    return max(truth or anns, key=_when)


@dataclass
class Imported:
    records: list[dict[str, Any]]
    problems: list[Problem]
    bad_tasks: int
    tasks: int


def parse_export(raw: bytes, source: str) -> tuple[list[dict[str, Any]] | None, list[Problem]]:
    """The tasks of a Label Studio JSON export, or a problem saying why the file is not one."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, [Problem(source, "$", Errors.E002.format(pos=err.start, reason=err.reason))]
    if not text.strip():
        return None, [Problem(source, "$", Errors.E525)]
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        return None, [Problem(source, "$", Errors.E003.format(line=err.lineno, col=err.colno, msg=err.msg))]
    if isinstance(obj, dict) and "data" in obj:
        obj = [obj]
    if not isinstance(obj, list) or not all(isinstance(t, dict) and isinstance(t.get("data"), dict) for t in obj):
        found = type(obj).__name__ if not isinstance(obj, list) else "a list whose items are not tasks with 'data'"
        return None, [Problem(source, "$", Errors.E501.format(found=found))]
    return obj, []


def import_export(tasks: list[dict[str, Any]], source: str) -> Imported:
    """Records from the tasks of an export, one per task, and every problem (per task)."""
    records, problems, bad = [], [], 0
    seen: dict[str, str] = {}
    for i, task in enumerate(tasks):
        where = f"{source}: task {task.get('id', f'#{i}')}"
        ann = pick_annotation(task)
        if ann is None:
            problems.append(Problem(where, "annotations", Errors.E503))
            bad += 1
            continue
        where += f" annotation {ann.get('id', '?')}"
        record, found = result_to_record(task["data"], ann.get("result"), where)
        if record is not None and record["id"] in seen:
            found = [Problem(where, "data.doc_id", Errors.E007.format(doc_id=record["id"], other=seen[record["id"]]))]
            record = None
        if record is None:
            bad += 1
            problems.extend(found)
            continue
        seen[record["id"]] = where
        records.append(record)
    return Imported(records, problems, bad, len(tasks))


def records_to_tasks(records: list[dict[str, Any]],
                     predictions: list[tuple[str, dict[str, dict[str, Any]]]] | None = None) -> list[dict[str, Any]]:
    """Tasks for ``records``; ``predictions`` is a list of (model_version, records by id), default the records' own."""
    if predictions is None:
        predictions = [("gold", {r["id"]: r for r in records})]
    return [record_to_task(r, [(version, by_id[r["id"]]) for version, by_id in predictions if r["id"] in by_id])
            for r in records]
