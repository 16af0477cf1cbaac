"""Agreement between two annotations of the same documents, and every disagreement between them.

:func:`agreement` scores annotation B against A and A against B with the
scorer and averages the two, so every number is symmetric; it adds Cohen's
kappa for the categorical attributes of items both annotators marked with the
same span (factuality, quote kind, unit, approximation). :func:`disagreements`
walks the two records of one document layer by layer and lists each place where
they differ, with both readings, for an adjudicator to decide.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from typing import Any, Hashable, Iterable, Sequence

from .schema import LAYERS

# The rows of the agreement table: (layer, what, key in the result's "metrics").
TABLE: tuple[tuple[str, str, str], ...] = (
    ("entities", "mentions, strict F1", "entities.strict.f1"),
    ("entities", "mention boundaries F1", "entities.exact.f1"),
    ("entities", "coreference CoNLL F1", "entities.coref.conll_f1"),
    ("events", "trigger classification F1", "events.trigger_classification.f1"),
    ("events", "argument classification F1", "events.argument_classification.f1"),
    ("events", "factuality accuracy", "events.factuality.accuracy"),
    ("events", "factuality κ", "kappa.factuality"),
    ("quotes", "content exact F1", "quotes.content_exact.f1"),
    ("quotes", "cue F1", "quotes.cue.f1"),
    ("quotes", "kind κ", "kappa.quote_kind"),
    ("quotes", "speaker accuracy", "quotes.speaker.accuracy"),
    ("figures", "span F1", "figures.span.f1"),
    ("figures", "value accuracy", "figures.value.accuracy"),
    ("figures", "unit κ", "kappa.unit"),
    ("figures", "approximation κ", "kappa.approximation"),
    ("figures", "event link agreement", "links.figure_event"),
    ("figures", "entity link agreement", "links.figure_entity"),
)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two label sequences; None for no items.

    When both annotators use one and the same label throughout, chance agreement
    is 1 and the formula is 0/0: we return 1.0, since they agree on every item
    (scikit-learn returns nan there).
    """
    if len(a) != len(b):
        raise ValueError(f"kappa needs two sequences of one length, got {len(a)} and {len(b)}")
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if expected == 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


# --- items matched by span -----------------------------------------------------------


def _span(s: dict[str, Any]) -> tuple[int, int]:
    return s["start"], s["end"]


def _pairs(a: dict[Any, list], b: dict[Any, list]) -> list[tuple[Any, Any]]:
    """Items of A and B under the same key, paired in order."""
    return [(x, y) for key in a.keys() & b.keys() for x, y in zip(a[key], b[key])]


def _by(items: Iterable[dict[str, Any]], key) -> dict[Any, list]:
    out: dict[Any, list] = defaultdict(list)
    for item in items:
        out[key(item)].append(item)
    return out


def _quote_key(q: dict[str, Any]) -> tuple:
    return tuple(_span(c) for c in q["content"])


def matched_labels(a_records: Sequence[dict], b_records: Sequence[dict]) -> dict[str, tuple[list, list]]:
    """For each kappa attribute, the two label lists over the items both marked with the same span."""
    out: dict[str, tuple[list, list]] = {name: ([], []) for name in ("factuality", "quote_kind", "unit", "approximation")}
    for ra, rb in zip(a_records, b_records):
        layers = (
            ("factuality", "events", lambda v: _span(v["trigger"]), lambda v: v["attributes"]["factuality"]),
            ("quote_kind", "quotes", _quote_key, lambda q: q["kind"]),
            ("unit", "figures", _span, lambda f: f["unit"]),
            ("approximation", "figures", _span, lambda f: f["approximation"]),
        )
        for name, layer, key, label in layers:
            for x, y in _pairs(_by(ra[layer], key), _by(rb[layer], key)):
                out[name][0].append(label(x))
                out[name][1].append(label(y))
    return out


# --- the agreement numbers -------------------------------------------------------------


def _symmetric_headline(a: Sequence[dict], b: Sequence[dict]) -> dict[str, float]:
    """Every headline number of the scorer, the mean of B scored against A and A against B."""
    from .corpus import documents_dataset
    from .score import score

    da, db = documents_dataset(a), documents_dataset(b)
    ab = score(da, db, layers=list(LAYERS), n_boot=0)["headline"]
    ba = score(db, da, layers=list(LAYERS), n_boot=0)["headline"]
    return {name: (ab[name]["value"] + ba[name]["value"]) / 2 for name in ab}


def align(a_records: Sequence[dict], b_records: Sequence[dict]) -> tuple[list[dict], list[dict], list[str], list[str]]:
    """The records of the documents in both, in A's order, and the ids only in A and only in B."""
    b_by_id = {r["id"]: r for r in b_records}
    a_ids = {r["id"] for r in a_records}
    both_a = [r for r in a_records if r["id"] in b_by_id]
    both_b = [b_by_id[r["id"]] for r in both_a]
    only_a = [r["id"] for r in a_records if r["id"] not in b_by_id]
    only_b = [r["id"] for r in b_records if r["id"] not in a_ids]
    return both_a, both_b, only_a, only_b


def agreement(a_records: Sequence[dict], b_records: Sequence[dict]) -> dict[str, Any]:
    """Per-layer agreement of two annotations of the same documents (same ids, same texts).

    ``metrics`` holds every headline number of the scorer, each the mean of B scored
    against A and A scored against B, and ``kappa.<attribute>`` with
    ``kappa_items`` saying over how many matched items each kappa was taken.
    """
    a, b, only_a, only_b = align(a_records, b_records)
    metrics = _symmetric_headline(a, b)
    labels = matched_labels(a, b)
    for name, (la, lb) in labels.items():
        metrics[f"kappa.{name}"] = cohen_kappa(la, lb)
    metrics.update(link_agreement(a, b))
    counts = {layer: {"a": sum(_n_items(r, layer) for r in a), "b": sum(_n_items(r, layer) for r in b)}
              for layer in LAYERS}
    return {
        "documents": len(a),
        "only_in_a": only_a,
        "only_in_b": only_b,
        "items": counts,
        "kappa_items": {name: len(la) for name, (la, _) in labels.items()},
        "metrics": metrics,
    }


def link_agreement(a_records: Sequence[dict], b_records: Sequence[dict]) -> dict[str, float | None]:
    """Over figures both marked with the same span, the share whose event link (the same trigger
    span, or both none) and whose entity link (entities sharing a mention span, or both none) agree."""
    same_event = same_entity = n = 0
    for ra, rb in zip(a_records, b_records):
        A, B = _Doc(ra), _Doc(rb)
        for x, y in _pairs(_by(ra["figures"], _span), _by(rb["figures"], _span)):
            n += 1
            ev_a, ev_b = A.events.get(x["event"]), B.events.get(y["event"])
            same_event += (ev_a and _span(ev_a["trigger"])) == (ev_b and _span(ev_b["trigger"]))
            ea, eb = A.entity_spans(x["entity"]), B.entity_spans(y["entity"])
            same_entity += bool(ea & eb) or not (ea or eb)
    return {"links.figure_event": same_event / n if n else None,
            "links.figure_entity": same_entity / n if n else None}


def _n_items(record: dict, layer: str) -> int:
    if layer == "entities":
        return sum(len(e["mentions"]) for e in record["entities"])
    return len(record[layer])


def table_rows(result: dict[str, Any]) -> list[tuple[str, str, float | None]]:
    """The agreement table's rows: (layer, what, value)."""
    return [(layer, what, result["metrics"].get(key)) for layer, what, key in TABLE]


# --- disagreements -----------------------------------------------------------------------


@dataclass(frozen=True)
class Disagreement:
    """One place where the two annotations differ; ``a`` and ``b`` are the two readings (None: absent)."""

    doc: str
    layer: str  # entities, coreference, events, arguments, quotes, figures
    what: str  # only_a, only_b, boundary, type, mention_kind, factuality, role, kind, cue, speaker, value, ...
    start: int
    end: int
    text: str
    a: str | None
    b: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return (f"{self.doc} {self.layer} {self.what} [{self.start},{self.end}) {self.text!r}: "
                f"A {self.a if self.a is not None else '—'} | B {self.b if self.b is not None else '—'}")


class _Doc:
    """One annotation of one document, indexed for comparison."""

    def __init__(self, record: dict[str, Any]):
        self.r = record
        self.mentions = {m["id"]: (m, e) for e in record["entities"] for m in e["mentions"]}
        self.figures = {f["id"]: f for f in record["figures"]}
        self.events = {v["id"]: v for v in record["events"]}
        self.entities = {e["id"]: e for e in record["entities"]}

    def ref_span(self, ref: str | None) -> tuple[int, int] | None:
        if ref in self.mentions:
            return _span(self.mentions[ref][0])
        if ref in self.figures:
            return _span(self.figures[ref])
        return None

    def ref_text(self, ref: str | None) -> str | None:
        if ref is None:
            return None
        if ref in self.mentions:
            return repr(self.mentions[ref][0]["text"])
        if ref in self.figures:
            return repr(self.figures[ref]["text"])
        return ref

    def entity_spans(self, entity_id: str | None) -> frozenset:
        e = self.entities.get(entity_id)
        return frozenset(_span(m) for m in e["mentions"]) if e else frozenset()

    def entity_label(self, entity_id: str | None) -> str | None:
        e = self.entities.get(entity_id)
        if e is None:
            return None
        names = [m["text"] for m in e["mentions"] if m["kind"] == "name"] or [e["mentions"][0]["text"]]
        return f"{e['type']} {names[0]!r}"

    def speaker_spans(self, mention_id: str | None) -> frozenset:
        if mention_id not in self.mentions:
            return frozenset()
        return self.entity_spans(self.mentions[mention_id][1]["id"])


def _overlaps(x: tuple[int, int], y: tuple[int, int]) -> bool:
    return x[0] < y[1] and y[0] < x[1]


def _unmatched(doc: str, layer: str, a_items: list, b_items: list, span, text, reading) -> list[Disagreement]:
    """Items in only one annotation; an A item and a B item that overlap are one boundary disagreement."""
    out = []
    used: set[int] = set()
    for x in a_items:
        sx = span(x)
        partner = next((i for i, y in enumerate(b_items) if i not in used and _overlaps(sx, span(y))), None)
        if partner is None:
            out.append(Disagreement(doc, layer, "only_a", *sx, text(x), reading(x), None))
        else:
            used.add(partner)
            y = b_items[partner]
            out.append(Disagreement(doc, layer, "boundary", min(sx[0], span(y)[0]), max(sx[1], span(y)[1]),
                                    text(x), f"{text(x)!r} {reading(x)}", f"{text(y)!r} {reading(y)}"))
    for i, y in enumerate(b_items):
        if i not in used:
            out.append(Disagreement(doc, layer, "only_b", *span(y), text(y), None, reading(y)))
    return out


def _compare_keyed(doc, layer, a_items, b_items, key, span, text, reading):
    """Pairs under the same key, and the disagreements of the items left over."""
    ka, kb = _by(a_items, key), _by(b_items, key)
    pairs = _pairs(ka, kb)
    paired_a = {id(x) for x, _ in pairs}
    paired_b = {id(y) for _, y in pairs}
    rest = _unmatched(doc, layer, [x for x in a_items if id(x) not in paired_a],
                      [y for y in b_items if id(y) not in paired_b], span, text, reading)
    return sorted(pairs, key=lambda p: span(p[0])), rest


def _entity_disagreements(doc: str, A: _Doc, B: _Doc) -> list[Disagreement]:
    ma = [m for m, _ in A.mentions.values()]
    mb = [m for m, _ in B.mentions.values()]
    # Ids are unique only within one annotation: look entities up through the mention objects.
    ent_a = {id(m): e for m, e in A.mentions.values()}
    ent_b = {id(m): e for m, e in B.mentions.values()}
    ent = {**ent_a, **ent_b}
    pairs, out = _compare_keyed(doc, "entities", ma, mb, _span, _span, lambda m: m["text"],
                                lambda m: f"{ent[id(m)]['type']} {m['kind']}")
    for x, y in pairs:
        ea, eb = ent_a[id(x)], ent_b[id(y)]
        if ea["type"] != eb["type"]:
            out.append(Disagreement(doc, "entities", "type", *_span(x), x["text"], ea["type"], eb["type"]))
        if x["kind"] != y["kind"]:
            out.append(Disagreement(doc, "entities", "mention_kind", *_span(x), x["text"], x["kind"], y["kind"]))
    out += _coreference(doc, pairs, ent_a, ent_b)
    return out


def _coreference(doc: str, pairs: list, ent_a: dict, ent_b: dict) -> list[Disagreement]:
    """Components of mentions linked by either annotation whose clusterings differ."""
    parent = list(range(len(pairs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for side in (ent_a, ent_b):
        first: dict[int, int] = {}
        for i, (x, y) in enumerate(pairs):
            e = id(side[id(x if side is ent_a else y)])
            if e in first:
                parent[find(i)] = find(first[e])
            else:
                first[e] = i
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(len(pairs)):
        components[find(i)].append(i)
    out = []
    for members in components.values():
        if len(members) < 2:
            continue
        groups_a = _grouping(members, pairs, lambda i: id(ent_a[id(pairs[i][0])]))
        groups_b = _grouping(members, pairs, lambda i: id(ent_b[id(pairs[i][1])]))
        if groups_a != groups_b:
            x = pairs[members[0]][0]
            out.append(Disagreement(doc, "coreference", "clusters", *_span(x), x["text"],
                                    _show_groups(groups_a, pairs), _show_groups(groups_b, pairs)))
    return out


def _grouping(members: list[int], pairs: list, key) -> frozenset:
    groups: dict[int, list[int]] = defaultdict(list)
    for i in members:
        groups[key(i)].append(i)
    return frozenset(frozenset(g) for g in groups.values())


def _show_groups(groups: frozenset, pairs: list) -> str:
    shown = sorted((sorted(g) for g in groups), key=lambda g: g[0])
    return " | ".join("{" + ", ".join(repr(pairs[i][0]["text"]) for i in g) + "}" for g in shown)


def _event_disagreements(doc: str, A: _Doc, B: _Doc) -> list[Disagreement]:
    def trig(v):
        return _span(v["trigger"])

    pairs, out = _compare_keyed(doc, "events", A.r["events"], B.r["events"], trig, trig,
                                lambda v: v["trigger"]["text"],
                                lambda v: f"{v['type']} {v['attributes']['factuality']}")
    for x, y in pairs:
        t = x["trigger"]["text"]
        if x["type"] != y["type"]:
            out.append(Disagreement(doc, "events", "type", *trig(x), t, x["type"], y["type"]))
        fa, fb = x["attributes"]["factuality"], y["attributes"]["factuality"]
        if fa != fb:
            out.append(Disagreement(doc, "events", "factuality", *trig(x), t, fa, fb))
        out += _argument_disagreements(doc, A, B, x, y)
    return out


def _filler(D: _Doc, ref: str) -> frozenset:
    """What an argument points at, comparable across annotations: every span of its entity, or the figure's span."""
    if ref in D.mentions:
        return D.entity_spans(D.mentions[ref][1]["id"])
    return frozenset([D.ref_span(ref)])


def _argument_disagreements(doc: str, A: _Doc, B: _Doc, x: dict, y: dict) -> list[Disagreement]:
    """Arguments of one event in both annotations; a filler counts as the same when its entity is
    (any mention of it will do, as in scoring)."""
    t, where = x["trigger"]["text"], _span(x["trigger"])
    rest_b = list(y["arguments"])
    rest_a = []
    for g in x["arguments"]:
        fa = _filler(A, g["ref"])
        hit = next((h for h in rest_b if h["role"] == g["role"] and fa & _filler(B, h["ref"])), None)
        if hit is None:
            rest_a.append(g)
        else:
            rest_b.remove(hit)
    out = []
    for g in rest_a:
        fa = _filler(A, g["ref"])
        other = next((h for h in rest_b if fa & _filler(B, h["ref"])), None)
        if other is not None:
            rest_b.remove(other)
        out.append(Disagreement(doc, "arguments", "role", *where, t, f"{g['role']} → {A.ref_text(g['ref'])}",
                                f"{other['role']} → {B.ref_text(other['ref'])}" if other else None))
    for h in rest_b:
        out.append(Disagreement(doc, "arguments", "role", *where, t, None, f"{h['role']} → {B.ref_text(h['ref'])}"))
    return out


def _quote_disagreements(doc: str, A: _Doc, B: _Doc) -> list[Disagreement]:
    def hull(q):
        return q["content"][0]["start"], q["content"][-1]["end"]

    def text(q):
        return " … ".join(c["text"] for c in q["content"])

    pairs, out = _compare_keyed(doc, "quotes", A.r["quotes"], B.r["quotes"], _quote_key, hull, text,
                                lambda q: f"{q['kind']}, {len(q['content'])} piece(s)")
    for x, y in pairs:
        h, t = hull(x), text(x)[:80]
        if x["kind"] != y["kind"]:
            out.append(Disagreement(doc, "quotes", "kind", *h, t, x["kind"], y["kind"]))
        ca = _span(x["cue"]) if x["cue"] else None
        cb = _span(y["cue"]) if y["cue"] else None
        if ca != cb:
            out.append(Disagreement(doc, "quotes", "cue", *h, t, repr(x["cue"]["text"]) if ca else None,
                                    repr(y["cue"]["text"]) if cb else None))
        sa, sb = A.speaker_spans(x["speaker"]), B.speaker_spans(y["speaker"])
        if not (sa & sb) and (sa or sb):
            out.append(Disagreement(doc, "quotes", "speaker", *h, t, _speaker(A, x["speaker"]), _speaker(B, y["speaker"])))
    return out


def _speaker(D: _Doc, mention_id: str | None) -> str | None:
    if mention_id not in D.mentions:
        return None
    m, e = D.mentions[mention_id]
    return f"{m['text']!r} ({D.entity_label(e['id'])})"


def _figure_disagreements(doc: str, A: _Doc, B: _Doc) -> list[Disagreement]:
    def reading(f):
        value = f["value"] if f["value_max"] is None else f"{f['value']}–{f['value_max']}"
        return f"{value} {f['unit']} {f['approximation']}"

    pairs, out = _compare_keyed(doc, "figures", A.r["figures"], B.r["figures"], _span, _span,
                                lambda f: f["text"], reading)
    for x, y in pairs:
        for field in ("value", "value_max", "unit", "approximation"):
            if x[field] != y[field] and not _same_number(x[field], y[field]):
                out.append(Disagreement(doc, "figures", field, *_span(x), x["text"], _str(x[field]), _str(y[field])))
        if not (A.entity_spans(x["entity"]) & B.entity_spans(y["entity"])) and (x["entity"] or y["entity"]):
            out.append(Disagreement(doc, "figures", "entity", *_span(x), x["text"],
                                    A.entity_label(x["entity"]), B.entity_label(y["entity"])))
        ev_a = A.events.get(x["event"])
        ev_b = B.events.get(y["event"])
        if (ev_a and _span(ev_a["trigger"])) != (ev_b and _span(ev_b["trigger"])):
            out.append(Disagreement(doc, "figures", "event", *_span(x), x["text"],
                                    f"{ev_a['type']} {ev_a['trigger']['text']!r}" if ev_a else None,
                                    f"{ev_b['type']} {ev_b['trigger']['text']!r}" if ev_b else None))
    return out


def _same_number(x: Any, y: Any) -> bool:
    return isinstance(x, (int, float)) and isinstance(y, (int, float)) and abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1)


def _str(x: Any) -> str | None:
    return None if x is None else str(x)


def disagreements(a: dict[str, Any], b: dict[str, Any]) -> list[Disagreement]:
    """Every disagreement between two annotations of one document, in text order within each layer."""
    A, B = _Doc(a), _Doc(b)
    doc = a["id"]
    out = []
    for part in (_entity_disagreements, _event_disagreements, _quote_disagreements, _figure_disagreements):
        out += sorted(part(doc, A, B), key=lambda d: (d.start, d.end, d.what))
    return out


def all_disagreements(a_records: Sequence[dict], b_records: Sequence[dict]) -> list[Disagreement]:
    a, b, _, _ = align(a_records, b_records)
    return [d for ra, rb in zip(a, b) for d in disagreements(ra, rb)]


# --- the agreement study of the corpus (generated into the card and the site) ---------------

STUDY_DIR = "annotations"  # under corpus/: first/, second/ (records) and adjudication/ (decisions)


def _records_in(folder) -> list[dict]:
    from .corpus import CorpusError
    from .validate import check_path

    if not folder.is_dir():
        return []
    loaded, problems = check_path(folder)
    if problems:
        raise CorpusError(problems)
    return [item.record for item in loaded]


DECISIONS = ("first", "second", "other")


def _decisions(path) -> list[dict]:
    """One adjudication file: a JSON list of decisions, each with ``decision`` one of :data:`DECISIONS`."""
    import json

    from .corpus import CorpusError
    from .errors import Errors
    from .io import Problem

    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CorpusError([Problem(str(path), "$", Errors.E804.format(reason=err))]) from None
    if not isinstance(items, list):
        raise CorpusError([Problem(str(path), "$", Errors.E804.format(reason="not a JSON list"))])
    for i, d in enumerate(items):
        if not isinstance(d, dict) or d.get("decision") not in DECISIONS:
            raise CorpusError([Problem(str(path), f"$[{i}].decision", Errors.E805.format(allowed=", ".join(DECISIONS)))])
    return items


def study(corpus, gold: Sequence[dict]) -> dict[str, Any]:
    """Agreement of the double-annotated documents of a corpus, before and after adjudication.

    Reads ``corpus/annotations/first`` and ``second`` (records), ``adjudication/<id>.json``
    (the decisions) and compares both passes with each other and with the gold.
    """
    import json
    from pathlib import Path

    root = Path(corpus) / STUDY_DIR
    first, second, _, _ = align(_records_in(root / "first"), _records_in(root / "second"))
    gold_by_id = {r["id"]: r for r in gold}
    first = [r for r in first if r["id"] in gold_by_id]
    second = [r for r in second if r["id"] in gold_by_id]
    adjudicated = [gold_by_id[r["id"]] for r in first]
    decisions: Counter = Counter()
    gaps = 0
    for path in sorted((root / "adjudication").glob("*.json")):
        for d in _decisions(path):
            decisions["shared" if d.get("shared") else d["decision"]] += 1
            gaps += bool(d.get("gap"))
    out: dict[str, Any] = {
        "documents": [r["id"] for r in first],
        "splits": dict(Counter(r["metadata"]["split"] for r in adjudicated)),
        "decisions": dict(decisions),
        "gaps": gaps,
    }
    if first:
        out["first_vs_second"] = agreement(first, second)
        out["first_vs_gold"] = agreement(first, adjudicated)
        out["second_vs_gold"] = agreement(second, adjudicated)
    return out


def study_markdown(result: dict[str, Any]) -> str:
    """The agreement table of the card and the site."""
    n = len(result["documents"])
    if not n:
        return "No document has been annotated twice yet."
    splits = ", ".join(f"{result['splits'].get(s, 0)} {s}" for s in ("train", "validation", "test"))
    rows = ["| layer | measure | first vs second (blind) | first vs gold | second vs gold |", "|---|---|---:|---:|---:|"]
    cols = [result[k] for k in ("first_vs_second", "first_vs_gold", "second_vs_gold")]
    for (layer, what, _), *vals in zip(table_rows(cols[0]), *(table_rows(c) for c in cols)):
        rows.append(f"| {layer} | {what} | " + " | ".join("n/a" if v is None else f"{100 * v:.1f}" for _, _, v in vals) + " |")
    d = result["decisions"]
    total = sum(v for k, v in d.items() if k != "shared")
    lines = [f"Over **{n} documents** annotated twice ({splits}), ×100; κ is Cohen's kappa over the items both "
             "passes marked with the same span. F1 and accuracy are symmetric: each is the mean of either pass "
             "scored against the other.", "", *rows]
    if total:
        lines += ["", f"Adjudication decided **{total} disagreements**: {d.get('first', 0)} for the first pass, "
                      f"{d.get('second', 0)} for the second, {d.get('other', 0)} for neither (a third reading); "
                      f"{result['gaps']} were cases the guidelines had not decided, now settled in them. "
                      f"It also fixed {d.get('shared', 0)} errors that both passes shared."]
    return "\n".join(lines)
