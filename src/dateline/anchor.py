"""Anchored drafts: write annotations by quoting the text, get records with offsets.

An annotator writes each span as a short quotation of the document with the span
inside double brackets, e.g. ``"Foreign Minister [[Sergei Lavrov]] earlier"``.
The quotation without the brackets must occur exactly once in the text; a
quotation with no brackets is the span itself. This keeps hand annotation free
of offset arithmetic; the validator then checks the record as usual.
"""

from __future__ import annotations

from typing import Any

OPEN, CLOSE = "[[", "]]"


class AnchorError(ValueError):
    pass


def locate(text: str, anchor: str) -> dict[str, Any]:
    """The span an anchor marks, as ``{"start", "end", "text"}``."""
    if anchor.count(OPEN) > 1 or anchor.count(CLOSE) > 1 or (OPEN in anchor) != (CLOSE in anchor):
        raise AnchorError(f"anchor {anchor!r} must hold one [[...]] pair or none")
    if OPEN in anchor:
        before, rest = anchor.split(OPEN, 1)
        inner, _after = rest.split(CLOSE, 1)
    else:
        before, inner = "", anchor
    context = anchor.replace(OPEN, "").replace(CLOSE, "")
    first = text.find(context)
    if first < 0:
        raise AnchorError(f"anchor {anchor!r}: {context!r} does not occur in the text")
    if text.find(context, first + 1) >= 0:
        raise AnchorError(f"anchor {anchor!r}: {context!r} occurs more than once; quote more context around it")
    if not inner:
        raise AnchorError(f"anchor {anchor!r} marks an empty span")
    start = first + len(before)
    return {"start": start, "end": start + len(inner), "text": inner}


def anchor_record(text: str, metadata: dict[str, Any], doc_id: str, draft: dict[str, Any]) -> dict[str, Any]:
    """Build a record from a text, its metadata and an anchored draft of its four layers."""
    errors: list[str] = []

    def span(anchor: str, where: str) -> dict[str, Any]:
        try:
            return locate(text, anchor)
        except AnchorError as err:
            errors.append(f"{where}: {err}")
            return {"start": 0, "end": 0, "text": ""}

    entities = []
    for e in draft.get("entities", []):
        mentions = []
        for m in e["mentions"]:
            s = span(m["at"], f"mention {m.get('id')}")
            mentions.append({"id": m["id"], **s, "kind": m["kind"]})
        mentions.sort(key=lambda m: (m["start"], m["end"]))
        entities.append({"id": e["id"], "type": e["type"], "wikidata": e.get("wikidata"), "mentions": mentions})
    events = []
    for v in draft.get("events", []):
        events.append({
            "id": v["id"], "type": v["type"], "trigger": span(v["trigger"], f"event {v.get('id')}"),
            "arguments": [{"role": a["role"], "ref": a["ref"]} for a in v.get("arguments", [])],
            "attributes": {"factuality": v["factuality"]},
        })
    quotes = []
    for q in draft.get("quotes", []):
        content = [span(c, f"quote {q.get('id')} content") for c in q["content"]]
        content.sort(key=lambda c: c["start"])
        cue = span(q["cue"], f"quote {q.get('id')} cue") if q.get("cue") else None
        quotes.append({"id": q["id"], "kind": q["kind"], "content": content, "cue": cue, "speaker": q.get("speaker")})
    figures = []
    for f in draft.get("figures", []):
        s = span(f["at"], f"figure {f.get('id')}")
        figures.append({
            "id": f["id"], **s, "value": f["value"], "value_max": f.get("value_max"), "unit": f["unit"],
            "approximation": f["approximation"], "counted": f.get("counted"),
            "entity": f.get("entity"), "event": f.get("event"),
        })
    if errors:
        raise AnchorError("\n".join(errors))
    entities.sort(key=lambda e: e["mentions"][0]["start"] if e["mentions"] else 0)
    events.sort(key=lambda v: v["trigger"]["start"])
    quotes.sort(key=lambda q: q["content"][0]["start"] if q["content"] else 0)
    figures.sort(key=lambda f: f["start"])
    return {"id": doc_id, "text": text, "metadata": metadata,
            "entities": entities, "events": events, "quotes": quotes, "figures": figures}
