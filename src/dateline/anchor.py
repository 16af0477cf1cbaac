"""Anchored drafts: write annotations by quoting the text, get records with offsets.

An annotator writes each span as a short quotation of the document with the span
inside double brackets, e.g. ``"Foreign Minister [[Sergei Lavrov]] earlier"``.
The quotation without the brackets must occur exactly once in the text; a
quotation with no brackets is the span itself. This keeps hand annotation free
of offset arithmetic; the validator then checks the record as usual.

Next to the text's own square brackets ("they [the soldiers] left") the marks
are the brackets nearest the span: ``"[[[the soldiers]]] left"`` marks "the
soldiers". A span that itself begins with "[" or ends with "]" cannot be
quoted that way; it is given as offsets, ``{"start": 10, "end": 24}``, which
is also what :func:`anchor_for` writes for it.
"""

from __future__ import annotations

from typing import Any

OPEN, CLOSE = "[[", "]]"


class AnchorError(ValueError):
    pass


def locate(text: str, anchor: str | dict[str, Any]) -> dict[str, Any]:
    """The span an anchor marks, as ``{"start", "end", "text"}``."""
    if isinstance(anchor, dict):
        return offsets_span(text, anchor)
    if anchor.count(OPEN) > 1 or anchor.count(CLOSE) > 1 or (OPEN in anchor) != (CLOSE in anchor):
        raise AnchorError(f"anchor {anchor!r} must hold one [[...]] pair or none")
    if OPEN in anchor:
        opens = anchor.index(OPEN)
        while anchor.startswith("[", opens + len(OPEN)):  # "[[[": the text's "[" comes first
            opens += 1
        closes = anchor.find(CLOSE, opens + len(OPEN))  # "]]]": the text's "]" comes last
        if closes < 0:
            raise AnchorError(f"anchor {anchor!r} must hold one [[...]] pair or none")
        before, inner = anchor[:opens], anchor[opens + len(OPEN):closes]
        context = before + inner + anchor[closes + len(CLOSE):]
    else:
        before, inner, context = "", anchor, anchor
    first = text.find(context)
    if first < 0:
        raise AnchorError(f"anchor {anchor!r}: {context!r} does not occur in the text")
    if text.find(context, first + 1) >= 0:
        raise AnchorError(f"anchor {anchor!r}: {context!r} occurs more than once; quote more context around it")
    if not inner:
        raise AnchorError(f"anchor {anchor!r} marks an empty span")
    start = first + len(before)
    return {"start": start, "end": start + len(inner), "text": inner}


def offsets_span(text: str, anchor: dict[str, Any]) -> dict[str, Any]:
    """A span given by its offsets, for spans no quotation can mark."""
    start, end = anchor.get("start"), anchor.get("end")
    if set(anchor) - {"start", "end", "text"} or not all(type(x) is int for x in (start, end)):
        raise AnchorError(f"anchor {anchor!r}: an anchor that is not a quotation must be "
                          '{"start": <int>, "end": <int>} (character offsets into the text)')
    if not 0 <= start < end <= len(text):
        raise AnchorError(f"anchor {anchor!r}: offsets must satisfy 0 <= start < end <= {len(text)}")
    return {"start": start, "end": end, "text": text[start:end]}


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


def anchor_for(text: str, start: int, end: int) -> str | dict[str, int]:
    """The shortest anchor for ``text[start:end]`` that occurs once: the span with context grown word by word.

    A span no quotation marks (one that begins with "[" or ends with "]", see the module's note) gets its
    offsets instead: every quotation is read back with :func:`locate` before it is returned."""
    inner = text[start:end]
    if OPEN in text or CLOSE in text:
        raise AnchorError("the text itself holds '[[' or ']]': it cannot be annotated with anchors")
    left, right = start, end
    while True:
        context = text[left:right]
        first = text.find(context)
        if text.find(context, first + 1) < 0 or (left == 0 and right == len(text)):  # overlapping repeats count
            anchor = f"{text[left:start]}{OPEN}{inner}{CLOSE}{text[end:right]}"
            try:
                back = locate(text, anchor)
            except AnchorError:
                back = {}
            return anchor if (back.get("start"), back.get("end")) == (start, end) else {"start": start, "end": end}
        # Grow by one word on each side (to the next space), so anchors stay readable.
        if left > 0:
            left = max(text.rfind(" ", 0, left - 1) + 1, 0) if left > 1 else 0
        if right < len(text):
            nxt = text.find(" ", right + 1)
            right = len(text) if nxt < 0 else nxt


def draft_from_record(record: dict[str, Any]) -> dict[str, Any]:
    """The anchored draft of a record: what :func:`anchor_record` turns back into the same annotations."""
    text = record["text"]

    def at(s: dict[str, Any]) -> str:
        return anchor_for(text, s["start"], s["end"])

    return {
        "entities": [{"id": e["id"], "type": e["type"], "wikidata": e["wikidata"],
                      "mentions": [{"id": m["id"], "at": at(m), "kind": m["kind"]} for m in e["mentions"]]}
                     for e in record["entities"]],
        "events": [{"id": v["id"], "type": v["type"], "trigger": at(v["trigger"]),
                    "arguments": [{"role": a["role"], "ref": a["ref"]} for a in v["arguments"]],
                    "factuality": v["attributes"]["factuality"]} for v in record["events"]],
        "quotes": [{"id": q["id"], "kind": q["kind"], "content": [at(c) for c in q["content"]],
                    "cue": at(q["cue"]) if q["cue"] else None, "speaker": q["speaker"]} for q in record["quotes"]],
        "figures": [{"id": f["id"], "at": at(f), "value": f["value"], "value_max": f["value_max"], "unit": f["unit"],
                     "approximation": f["approximation"], "counted": f["counted"], "entity": f["entity"],
                     "event": f["event"]} for f in record["figures"]],
    }
