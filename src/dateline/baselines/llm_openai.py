"""Adapter for LLM extractors behind an OpenAI-compatible chat endpoint (``/chat/completions``).

Configuration, from the environment (nothing is called unless the first two are set):

- ``DATELINE_LLM_BASE_URL``: the API base, e.g. ``http://127.0.0.1:8000/v1``;
- ``DATELINE_LLM_MODEL``: the model name the endpoint expects;
- ``DATELINE_LLM_API_KEY``: sent as ``Authorization: Bearer ...`` when set;
- ``DATELINE_LLM_TIMEOUT``: seconds per request (default 120).

When it is not configured, :func:`available` says so (``dateline bench`` skips the system
with that message) and :func:`predict` raises :class:`LLMNotConfigured`.

One request per layer and document. The system prompt describes the layer and lists the
values the schema allows (entity types, event types with their roles, quote kinds,
units, approximations), read from ``schema/dateline.schema.json``; the model answers with
JSON that quotes the text instead of giving offsets. The quoted strings are aligned back
to character offsets: exact match first (inside the item's quoted context when it gives
one, else the first occurrence not taken yet), then a search that ignores case,
runs of white space and the style of quotation marks and dashes. What cannot be aligned,
or breaks the schema (unknown type, role not allowed, an argument that points at nothing),
is dropped and counted; an answer that is not JSON counts as malformed and gives nothing
for that layer. :func:`stats` returns the counters. Only the standard library is used.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from collections import Counter
from typing import Any

from dateline import schema as sch
from dateline.systems import Ids, span
from dateline.validate import PLACE_ROLES, PLACE_TYPES, SPEAKER_TYPES

NAME = "llm_openai"
LAYERS = ("entities", "events", "quotes", "figures")

ENV_URL, ENV_MODEL, ENV_KEY, ENV_TIMEOUT = ("DATELINE_LLM_BASE_URL", "DATELINE_LLM_MODEL", "DATELINE_LLM_API_KEY",
                                            "DATELINE_LLM_TIMEOUT")
_STATS: Counter = Counter()


class LLMNotConfigured(RuntimeError):
    pass


def available() -> tuple[bool, str]:
    missing = [v for v in (ENV_URL, ENV_MODEL) if not os.environ.get(v)]
    if missing:
        return False, (f"not configured: set {' and '.join(missing)} (and {ENV_KEY} if the endpoint needs a key) "
                       "to run an LLM behind an OpenAI-compatible endpoint")
    return True, ""


def stats() -> dict[str, int]:
    return dict(sorted(_STATS.items()))


def reset_stats() -> None:
    _STATS.clear()


# --- prompts ---------------------------------------------------------------------------------------------


def _table(name: str) -> str:
    return "\n".join(f"- {k}: {v.get('description', '')}" for k, v in sch.choices(name).items())


def _event_table() -> str:
    return "\n".join(f"- {k}: {v['description']} Roles: {', '.join(v['x-roles'])}."
                     for k, v in sch.choices("event_type").items())


COMMON = ("You annotate English news for the Dateline benchmark. Quote the text exactly: every string you return "
          "must be copied character for character from the document. Answer with one JSON object and nothing else.")


def prompts() -> dict[str, str]:
    """The system prompt of each layer (``LAYER: name`` on its first line)."""
    return {
        "entities": (
            f"LAYER: entities\n{COMMON}\n\nList the entities the text refers to, each with all its mentions "
            "(names, nominal phrases and pronouns that refer to it; names without titles, no possessive 's).\n"
            f"Entity types:\n{_table('entity_type')}\nMention kinds:\n{_table('mention_kind')}\n\n"
            'Answer: {"entities": [{"type": "PER", "mentions": [{"text": "Sergei Lavrov", "kind": "name", '
            '"context": "a few words of the text around the mention"}]}]}'),
        "events": (
            f"LAYER: events\n{COMMON}\n\nList the events of these types, each with its trigger (one word where "
            "one will do), its factuality and its arguments (participants in the same sentence, each a role "
            "allowed for the type and the exact text of an entity mention or a number).\n"
            f"Event types:\n{_event_table()}\nFactuality:\n{_table('factuality')}\n\n"
            'Answer: {"events": [{"type": "conflict.attack", "trigger": "shelled", "context": "words around '
            'the trigger", "factuality": "asserted", "arguments": [{"role": "attacker", "text": "the army"}]}]}'),
        "quotes": (
            f"LAYER: quotes\n{COMMON}\n\nList the quotes: speech or writing the text attributes to a source. "
            "Content without the quotation marks (for a mixed quote, the reported clause with the quoted "
            "fragment and its marks); one content string per piece when the attribution or a paragraph break "
            "splits the quote. The cue is the attribution word (\"said\", \"according to\") or null; the "
            "speaker is the exact text of the nearest mention of the source, or null.\n"
            f"Kinds:\n{_table('quote_kind')}\n\n"
            'Answer: {"quotes": [{"kind": "direct", "content": ["There has to be a pause"], "cue": "said", '
            '"speaker": "Jan Egeland"}]}'),
        "figures": (
            f"LAYER: figures\n{COMMON}\n\nList every quantity the text reports (counts, money, percentages, "
            "durations, ages, distances...), not dates, clock times, years or ordinals. The text includes an "
            "approximation cue next to the number and the unit words, not the counted noun (\"at least 18\" "
            "in \"at least 18 civilians\"). value is the normalised number (\"$4.2 million\": 4200000), "
            "value_max the high end of a range, else null.\n"
            f"Units:\n{', '.join(sch.units())}\nApproximation:\n{_table('approximation')}\n\n"
            'Answer: {"figures": [{"text": "at least 18", "context": "killing at least 18 civilians", '
            '"value": 18, "value_max": null, "unit": "people", "approximation": "at_least", '
            '"counted": "civilians killed"}]}'),
    }


# --- HTTP --------------------------------------------------------------------------------------------------


def chat(system: str, user: str) -> str:
    """One chat completion; returns the message content."""
    ok, why = available()
    if not ok:
        raise LLMNotConfigured(f"{NAME}: {why}")
    url = os.environ[ENV_URL].rstrip("/") + "/chat/completions"
    body = json.dumps({"model": os.environ[ENV_MODEL], "temperature": 0,
                       "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}]})
    headers = {"Content-Type": "application/json"}
    if os.environ.get(ENV_KEY):
        headers["Authorization"] = f"Bearer {os.environ[ENV_KEY]}"
    req = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers, method="POST")
    timeout = float(os.environ.get(ENV_TIMEOUT) or 120)
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - the URL is the user's endpoint
        data = json.loads(resp.read().decode("utf-8"))
    return data["choices"][0]["message"]["content"]


def parse_json(answer: str) -> dict[str, Any] | None:
    """The JSON object of an answer (code fences and prose around it allowed), or None."""
    s = answer.strip()
    fence = re.search(r"```(?:json)?\s*(.*?)```", s, re.S)
    if fence:
        s = fence.group(1).strip()
    for candidate in (s, s[s.find("{"):s.rfind("}") + 1] if "{" in s else ""):
        if not candidate:
            continue
        try:
            obj = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict):
            return obj
    return None


# --- alignment ---------------------------------------------------------------------------------------------

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
                         "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "–": "-", "—": "-", "‐": "-"})


def _normalise(s: str) -> tuple[str, list[int]]:
    """Case-folded text with quote marks and dashes unified and blank runs collapsed, and for each
    of its characters the offset of the original character it comes from."""
    out, index = [], []
    prev_space = False
    for i, ch in enumerate(s):
        ch = ch.translate(_QUOTES)
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
        for c in ch.casefold():
            out.append(c)
            index.append(i)
    return "".join(out), index


class Aligner:
    """Finds quoted strings in one text; remembers what it gave out so repeats go to later occurrences."""

    def __init__(self, text: str):
        self.text = text
        self.norm, self.index = _normalise(text)
        self.taken: set[tuple[int, int]] = set()

    def _occurrences(self, needle: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
        out = []
        i = self.text.find(needle, lo, hi)
        while i >= 0:
            out.append((i, i + len(needle), "exact"))
            i = self.text.find(needle, i + 1, hi)
        if out:
            return out
        n, _ = _normalise(needle.strip())
        if not n:
            return []
        nlo = next((k for k, j in enumerate(self.index) if j >= lo), len(self.index))
        nhi = next((k for k, j in enumerate(self.index) if j >= hi), len(self.index))
        k = self.norm.find(n, nlo, nhi)
        while k >= 0:
            start, end = self.index[k], self.index[k + len(n) - 1] + 1
            out.append((start, end, "normalised"))
            k = self.norm.find(n, k + 1, nhi)
        return out

    def _whole_words(self, start: int, end: int) -> bool:
        t = self.text
        return not (start > 0 and t[start - 1].isalnum() and t[start].isalnum()) and not (
            end < len(t) and t[end].isalnum() and t[end - 1].isalnum())

    def find(self, needle: Any, context: Any = None, near: int | None = None,
             reuse: bool = False) -> tuple[int, int] | None:
        """Offsets of ``needle`` (inside ``context`` when that is found), or None (counted)."""
        if not isinstance(needle, str) or not needle.strip():
            _STATS["dropped_unaligned"] += 1
            return None
        lo, hi = 0, len(self.text)
        if isinstance(context, str) and context.strip() and context != needle:
            ctx = self._occurrences(context, 0, len(self.text))
            if ctx:
                lo, hi = ctx[0][0], ctx[0][1]
        found = self._occurrences(needle, lo, hi) or (self._occurrences(needle, 0, len(self.text)) if lo or
                                                      hi < len(self.text) else [])
        if not found:
            _STATS["dropped_unaligned"] += 1
            return None
        whole = [f for f in found if self._whole_words(f[0], f[1])]
        found = whole or found  # "he" as a word before "he" inside "Then"
        free = [f for f in found if reuse or (f[0], f[1]) not in self.taken] or found
        if near is not None:
            free.sort(key=lambda f: abs(f[0] - near))
        start, end, how = free[0]
        self.taken.add((start, end))
        _STATS[f"aligned_{how}"] += 1
        return start, end


# --- layers -----------------------------------------------------------------------------------------------


def _items(obj: dict[str, Any] | None, key: str) -> list[dict[str, Any]]:
    items = obj.get(key) if isinstance(obj, dict) else None
    return [x for x in items if isinstance(x, dict)] if isinstance(items, list) else []


def build_entities(text: str, obj: dict[str, Any] | None, ids: Ids, al: Aligner) -> list[dict[str, Any]]:
    types, kinds = set(sch.entity_types()), set(sch.choices("mention_kind"))
    out, spans = [], set()
    for item in _items(obj, "entities"):
        if item.get("type") not in types:
            _STATS["dropped_invalid"] += 1
            continue
        mentions = []
        for m in item.get("mentions") or []:
            if not isinstance(m, dict):
                m = {"text": m}
            where = al.find(m.get("text"), m.get("context"))
            if where is None:
                continue
            if where in spans:
                _STATS["dropped_duplicate"] += 1
                continue
            kind = m.get("kind") if m.get("kind") in kinds else "name"
            spans.add(where)
            mentions.append({"id": ids.next("M"), **span(text, *where), "kind": kind})
        if mentions:
            mentions.sort(key=lambda m: m["start"])
            out.append({"id": ids.next("E"), "type": item["type"], "wikidata": None, "mentions": mentions})
    return out


def _mention_index(entities: list[dict[str, Any]]) -> list[tuple[int, int, str, str]]:
    return sorted((m["start"], m["end"], m["id"], e["type"]) for e in entities for m in e["mentions"])


def _ref_for(where: tuple[int, int], mentions, figures) -> tuple[str, str] | None:
    """(ref, type) of the mention or figure at ``where``: same span first, then the overlapping one."""
    for f in figures:
        if (f["start"], f["end"]) == where:
            return f["id"], "FIGURE"
    for s, e, mid, t in mentions:
        if (s, e) == where:
            return mid, t
    for s, e, mid, t in mentions:
        if s < where[1] and where[0] < e:
            return mid, t
    for f in figures:
        if f["start"] < where[1] and where[0] < f["end"]:
            return f["id"], "FIGURE"
    return None


def build_events(text: str, obj, ids: Ids, al: Aligner, entities, figures) -> list[dict[str, Any]]:
    etypes, facts = sch.choices("event_type"), set(sch.choices("factuality"))
    mentions = _mention_index(entities)
    out, seen = [], set()
    for item in _items(obj, "events"):
        etype = item.get("type")
        if etype not in etypes:
            _STATS["dropped_invalid"] += 1
            continue
        trig = item.get("trigger")
        if isinstance(trig, dict):
            trig, ctx = trig.get("text"), trig.get("context")
        else:
            ctx = item.get("context")
        where = al.find(trig, ctx, reuse=True)
        if where is None:
            continue
        if (etype, where) in seen:
            _STATS["dropped_duplicate"] += 1
            continue
        seen.add((etype, where))
        allowed = etypes[etype]["x-roles"]
        args, pairs = [], set()
        for a in item.get("arguments") or []:
            if not isinstance(a, dict) or a.get("role") not in allowed:
                _STATS["dropped_invalid"] += 1
                continue
            at = al.find(a.get("text"), a.get("context"), near=where[0], reuse=True)
            if at is None:
                continue
            ref = _ref_for(at, mentions, figures)
            role = a["role"]
            if ref is None or (role == "time" and ref[1] != "TIME") or (
                    role in PLACE_ROLES and ref[1] not in PLACE_TYPES):
                _STATS["dropped_unlinked"] += 1
                continue
            if (role, ref[0]) in pairs:
                continue
            pairs.add((role, ref[0]))
            args.append({"role": role, "ref": ref[0]})
        fact = item.get("factuality") if item.get("factuality") in facts else "asserted"
        out.append({"id": ids.next("V"), "type": etype, "trigger": span(text, *where), "arguments": args,
                    "attributes": {"factuality": fact}})
    return out


def build_quotes(text: str, obj, ids: Ids, al: Aligner, entities) -> list[dict[str, Any]]:
    kinds = set(sch.choices("quote_kind"))
    mentions = _mention_index(entities)
    out, seen = [], set()
    for item in _items(obj, "quotes"):
        content = item.get("content")
        content = [content] if isinstance(content, str) else content if isinstance(content, list) else []
        pieces, cursor = [], 0
        for piece in content:
            ctx = piece.get("context") if isinstance(piece, dict) else None
            piece = piece.get("text") if isinstance(piece, dict) else piece
            at = al.find(piece, ctx, near=cursor, reuse=True)
            if at is None:
                continue
            if pieces and at[0] < pieces[-1][1]:
                _STATS["dropped_invalid"] += 1
                continue
            pieces.append(at)
            cursor = at[1]
        if not pieces or tuple(pieces) in seen:
            continue
        seen.add(tuple(pieces))
        cue = al.find(item["cue"], near=pieces[0][0], reuse=True) if item.get("cue") else None
        anchor = cue[0] if cue else pieces[0][0]
        speaker = None
        if item.get("speaker"):
            at = al.find(item["speaker"], near=anchor, reuse=True)
            ref = _ref_for(at, mentions, []) if at else None
            if ref is not None and ref[1] in SPEAKER_TYPES:
                speaker = ref[0]
            elif at is not None:
                _STATS["dropped_unlinked"] += 1
        kind = item.get("kind") if item.get("kind") in kinds else "direct"
        out.append({"id": ids.next("Q"), "kind": kind, "content": [span(text, s, e) for s, e in pieces],
                    "cue": span(text, *cue) if cue else None, "speaker": speaker})
    return out


def _number(x: Any) -> float | int | None:
    if isinstance(x, bool) or x is None:
        return None
    if isinstance(x, (int, float)):
        return x
    try:
        v = float(str(x).replace(",", ""))
    except ValueError:
        return None
    return int(v) if v == int(v) else v


def build_figures(text: str, obj, ids: Ids, al: Aligner) -> list[dict[str, Any]]:
    units, approx = set(sch.units()), set(sch.choices("approximation"))
    out, spans = [], set()
    for item in _items(obj, "figures"):
        if item.get("unit") not in units or item.get("approximation", "exact") not in approx:
            _STATS["dropped_invalid"] += 1
            continue
        where = al.find(item.get("text"), item.get("context"))
        if where is None:
            continue
        if where in spans:
            _STATS["dropped_duplicate"] += 1
            continue
        value, vmax = _number(item.get("value")), _number(item.get("value_max"))
        a = item.get("approximation", "exact")
        if a == "range" and (vmax is None or value is None or vmax < value):
            a, vmax = ("exact", None) if vmax is None or value is None else (a, None)
            if a == "range":
                a = "exact"
        if a != "range":
            vmax = None
        spans.add(where)
        counted = item.get("counted") if isinstance(item.get("counted"), str) else None
        out.append({"id": ids.next("F"), **span(text, *where), "value": value, "value_max": vmax,
                    "unit": item["unit"], "approximation": a, "counted": counted, "entity": None, "event": None})
    return out


# --- the system ---------------------------------------------------------------------------------------------


def _ask(layer: str, text: str) -> dict[str, Any] | None:
    _STATS["requests"] += 1
    try:
        answer = chat(prompts()[layer], f"Document:\n\n{text}")
    except LLMNotConfigured:
        raise
    except (urllib.error.URLError, TimeoutError, OSError, KeyError, IndexError, ValueError) as err:
        _STATS["request_errors"] += 1
        _STATS[f"request_error:{type(err).__name__}"] += 1
        return None
    obj = parse_json(answer)
    if obj is None:
        _STATS["malformed_json"] += 1
    return obj


def predict_one(text: str, layers: tuple[str, ...] = LAYERS) -> dict[str, Any]:
    ids, al = Ids(), Aligner(text)
    out: dict[str, Any] = {"entities": [], "events": [], "quotes": [], "figures": []}
    if "entities" in layers or "events" in layers or "quotes" in layers:
        out["entities"] = build_entities(text, _ask("entities", text), ids, al)
    if "figures" in layers or "events" in layers:
        out["figures"] = build_figures(text, _ask("figures", text), ids, al)
    if "events" in layers:
        out["events"] = build_events(text, _ask("events", text), ids, al, out["entities"], out["figures"])
    if "quotes" in layers:
        out["quotes"] = build_quotes(text, _ask("quotes", text), ids, al, out["entities"])
    return out


def predict(texts: list[str]) -> list[dict]:
    ok, why = available()
    if not ok:
        raise LLMNotConfigured(f"{NAME}: {why}")
    return [predict_one(text) for text in texts]
