"""Shared parts of the spaCy-based baselines (a helper file, not a system: its name starts with ``_``).

- :data:`LABEL_MAP`: spaCy's OntoNotes labels to Dateline entity types;
- :func:`name_spans`: the mapped named entities of a parsed text, trimmed to the guidelines'
  minimal spans (no leading "the", no possessive 's, no surrounding blanks or punctuation);
- :class:`Entities`: builds the ``entities`` layer of one document (ids, deduplicated spans,
  clusters), so that events and quotes can point at mentions.

Import it as ``from dateline.baselines import _nlp``.
"""

from __future__ import annotations

from typing import Any, Iterable

from dateline.systems import Ids, span, spacy_pipeline, trim
from dateline.validate import SPEAKER_TYPES  # noqa: F401  (quotes_rules reads it from here)

# spaCy (OntoNotes) label -> Dateline entity type; labels not listed are dropped
# (CARDINAL, ORDINAL, QUANTITY, MONEY, PERCENT: figures, not entities; EVENT, WORK_OF_ART,
# LAW, LANGUAGE, PRODUCT: no Dateline type in v1).
LABEL_MAP = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "FAC",
    "NORP": "NORP",
    "DATE": "TIME",
    "TIME": "TIME",
}

DETERMINERS = ("the ", "The ", "THE ")
POSSESSIVES = ("'s", "’s", "'", "’")


def parse(texts: list[str], disable: tuple[str, ...] = ()):
    """spaCy Docs of the texts (the shared, cached English small pipeline), without the
    components in ``disable`` (a baseline that needs no entities parses faster without "ner")."""
    nlp = spacy_pipeline()
    if disable:
        with nlp.select_pipes(disable=[p for p in disable if p in nlp.pipe_names]):
            return list(nlp.pipe(texts))
    return list(nlp.pipe(texts))


def clean_span(text: str, start: int, end: int, etype: str) -> tuple[int, int]:
    """Trim a name span to the guidelines' extent."""
    start, end = trim(text, start, end)
    if etype != "TIME":
        for det in DETERMINERS:
            if text.startswith(det, start) and end - start > len(det):
                start += len(det)
                break
    for pos in POSSESSIVES:
        if text.endswith(pos, start, end) and end - start > len(pos) + 1:
            end -= len(pos)
            break
    return trim(text, start, end)


def name_spans(doc) -> list[tuple[int, int, str]]:
    """(start, end, Dateline type) of every named entity spaCy finds and the map keeps."""
    out = []
    seen = set()
    for ent in doc.ents:
        etype = LABEL_MAP.get(ent.label_)
        if etype is None:
            continue
        start, end = clean_span(doc.text, ent.start_char, ent.end_char, etype)
        if end <= start or (start, end) in seen:
            continue
        seen.add((start, end))
        out.append((start, end, etype))
    return out


class Entities:
    """The ``entities`` layer of one document under construction."""

    def __init__(self, text: str, ids: Ids | None = None):
        self.text = text
        self.ids = ids or Ids()
        self.entities: list[dict[str, Any]] = []
        self._by_span: dict[tuple[int, int], tuple[str, dict[str, Any]]] = {}

    def mention_at(self, start: int, end: int) -> str | None:
        hit = self._by_span.get((start, end))
        return hit[0] if hit else None

    def entity_of(self, mention_id: str) -> dict[str, Any]:
        for e in self.entities:
            if any(m["id"] == mention_id for m in e["mentions"]):
                return e
        raise KeyError(mention_id)

    def type_of(self, mention_id: str) -> str:
        return self.entity_of(mention_id)["type"]

    def add(self, start: int, end: int, etype: str, kind: str = "name", entity: dict[str, Any] | None = None) -> str:
        """Add a mention (to ``entity``, or as a new one-mention entity); an existing span is reused."""
        if (start, end) in self._by_span:
            return self._by_span[(start, end)][0]
        mention = {"id": self.ids.next("M"), **span(self.text, start, end), "kind": kind}
        if entity is None:
            entity = {"id": self.ids.next("E"), "type": etype, "wikidata": None, "mentions": []}
            self.entities.append(entity)
        entity["mentions"].append(mention)
        self._by_span[(start, end)] = (mention["id"], entity)
        return mention["id"]

    def mentions(self, types: Iterable[str] | None = None) -> list[tuple[int, int, str, str]]:
        """(start, end, mention id, type) of every mention, in text order."""
        wanted = set(types) if types is not None else None
        out = [(m["start"], m["end"], m["id"], e["type"]) for e in self.entities for m in e["mentions"]
               if wanted is None or e["type"] in wanted]
        return sorted(out)

    def covering(self, start: int, end: int, types: Iterable[str] | None = None) -> str | None:
        """The mention whose span covers [start, end) (the shortest), or None."""
        best = None
        for s, e, mid, t in self.mentions(types):
            if s <= start and end <= e and (best is None or e - s < best[1] - best[0]):
                best = (s, e, mid)
        return best[2] if best else None

    def merge(self, keep: dict[str, Any], other: dict[str, Any]) -> None:
        if keep is other:
            return
        keep["mentions"].extend(other["mentions"])
        for m in other["mentions"]:
            self._by_span[(m["start"], m["end"])] = (m["id"], keep)
        self.entities.remove(other)

    def cluster_names(self) -> None:
        """Put name mentions of one entity together: the same text and type, or a PER surname
        ("Lavrov") after the full name ("Sergei Lavrov")."""
        by_key: dict[tuple[str, str], dict[str, Any]] = {}
        surnames: dict[str, dict[str, Any]] = {}
        for ent in sorted(list(self.entities), key=lambda e: min(m["start"] for m in e["mentions"])):
            if ent not in self.entities:
                continue
            names = [m for m in ent["mentions"] if m["kind"] == "name"]
            if not names:
                continue
            key = (ent["type"], names[0]["text"].lower())
            target = by_key.get(key)
            if target is None and ent["type"] == "PER" and len(names[0]["text"].split()) == 1:
                target = surnames.get(names[0]["text"].lower())
            if target is not None:
                self.merge(target, ent)
                continue
            by_key[key] = ent
            if ent["type"] == "PER":
                parts = names[0]["text"].split()
                if len(parts) > 1:
                    surnames.setdefault(parts[-1].lower(), ent)

    def layer(self) -> list[dict[str, Any]]:
        """The entities, each with its mentions in text order, entities in order of first mention."""
        for e in self.entities:
            e["mentions"].sort(key=lambda m: (m["start"], m["end"]))
        return sorted(self.entities, key=lambda e: (e["mentions"][0]["start"], e["mentions"][0]["end"]))


def names_to_entities(text: str, doc, cluster: bool = False, ids: Ids | None = None) -> Entities:
    """An :class:`Entities` holding spaCy's mapped names (one entity each unless ``cluster``)."""
    ents = Entities(text, ids)
    for start, end, etype in name_spans(doc):
        ents.add(start, end, etype, "name")
    if cluster:
        ents.cluster_names()
    return ents


# --- parse helpers --------------------------------------------------------------------------------

PRONOUNS = {
    "he": "PER", "him": "PER", "his": "PER", "she": "PER", "her": "PER", "hers": "PER",
    "i": "PER", "me": "PER", "my": "PER",
    "it": "ORG", "its": "ORG",
    "they": "PER", "them": "PER", "their": "PER", "we": "ORG", "our": "ORG", "us": "ORG",
}
ORG_NOUNS = {
    "army", "military", "police", "government", "ministry", "agency", "company", "group", "court", "council",
    "committee", "commission", "authority", "authorities", "administration", "office", "department", "force",
    "forces", "troops", "party", "union", "bank", "firm", "board", "organisation", "organization", "team",
    "club", "federation", "alliance", "coalition", "movement", "rebels", "militia", "parliament", "assembly",
    "regime", "rebel", "militant", "insurgent", "junta", "cabinet", "embassy", "service", "services", "prosecution", "prosecutors", "newspaper",
    "network", "charity", "foundation", "institute", "university", "hospital", "clinic", "statement",
}
PER_NOUNS = {
    "official", "officials", "minister", "spokesman", "spokeswoman", "spokesperson", "president", "leader",
    "envoy", "ambassador", "diplomat", "diplomats", "resident", "residents", "witness", "witnesses", "man",
    "woman", "men", "women", "mother", "father", "doctor", "doctors", "nurse", "director", "head", "chief",
    "commander", "analyst", "analysts", "expert", "experts", "researcher", "researchers", "scientist",
    "scientists", "economist", "economists", "source", "sources", "correspondent", "correspondents", "reporter",
    "reporters", "lawyer", "lawyers", "judge", "prosecutor", "governor", "mayor", "secretary", "coach",
    "manager", "captain", "player", "players", "activist", "activists", "worker", "workers", "farmer",
    "farmers", "villager", "villagers", "survivor", "survivors", "volunteer", "volunteers", "teacher",
    "student", "students", "voter", "voters", "candidate", "member", "members", "observer", "observers",
    "forecaster", "officer", "officers", "medic", "medics", "chairman", "chairwoman", "founder", "owner",
    "author", "people", "person", "family", "families", "engineer", "pilot", "fisherman", "fishermen",
    "organiser", "organizers", "organisers", "campaigner", "campaigners", "representative", "delegate",
}


def nominal_type(head_lemma: str) -> str | None:
    """PER, ORG or None for the head noun of a nominal phrase."""
    low = head_lemma.lower()
    if low in PER_NOUNS:
        return "PER"
    if low in ORG_NOUNS:
        return "ORG"
    return None


def nominal_extent(token) -> tuple[int, int]:
    """Character offsets of a nominal mention headed by ``token``: from its leftmost pre-modifier
    (determiner, adjectives, compounds, possessor) to the head, without post-modifiers."""
    left = token
    for child in token.lefts:
        if child.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "advmod", "quantmod"):
            left = min(left, child.left_edge, key=lambda t: t.i)
            break
    return left.idx, token.idx + len(token.text)
