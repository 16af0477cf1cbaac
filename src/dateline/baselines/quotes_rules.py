"""Quotes baseline: quotation marks, cue verbs and "according to", with speakers linked through the parse.

Direct quotes
    Text between quotation marks, straight (") or curly (“ ” and, for headlines, ‘ ’); an
    apostrophe inside a word never closes a quote. The content excludes the marks and a
    trailing comma, full stop or question mark. A paragraph that ends without a closing
    mark continues in the next paragraph when that one opens with a mark: one quote, one
    content piece per paragraph. A quote broken by its attribution (``"A," X said, "B."``)
    is one quote with two pieces.
Attribution
    The cue verb next to the quote, after it (``", Lavrov said"``, ``", said Jan Egeland"``)
    or before it (``X said: "``); its subject, found by spaCy's dependency parse, is the
    speaker. A quote paragraph without attribution takes the previous quote's speaker and
    cue null.
Indirect quotes
    A cue verb (say, tell, add, claim, report, warn, deny, insist, suggest, predict,
    admit...) with a clausal complement: the content is the complement without "that";
    "report" and "confirm" also take a noun phrase object ("reported 12 deaths").
    "according to X" makes the rest of the sentence an indirect quote of X.
Mixed quotes
    A quoted fragment inside a reported clause (``said the plan was "too little, too late"``)
    makes that clause one ``mixed`` quote, marks included; a fragment with no cue verb
    (scare quotes) is not a quote.
Speakers
    The subject of the cue (or the object of "according to") becomes a mention: a spaCy
    name (PERSON/ORG/GPE/NORP mapped as in ``spacy_ner``), a nominal phrase ("a senior
    State Department official": PER, "the army": ORG) or a pronoun. A pronoun speaker ("he
    said") is a ``pronoun`` mention clustered with the nearest preceding name that agrees
    (he/she: a person; it: an organisation or country; they/we: an organisation or group).
    Names with the same text, and a person's surname after the full name, are clustered.
"""

from __future__ import annotations

import re
from typing import Any

from dateline.systems import Ids, span, spacy_pipeline, trim

NAME = "quotes_rules"
LAYERS = ("quotes",)

from dateline.baselines import _nlp

CUE_LEMMAS = {
    "say", "tell", "add", "claim", "report", "announce", "insist", "warn", "deny", "suggest", "predict", "admit",
    "state", "confirm", "explain", "argue", "note", "acknowledge", "stress", "write", "reply", "respond", "allege",
    "assert", "declare", "maintain", "reiterate", "caution", "concede", "recall", "describe", "complain",
    "estimate", "comment", "observe", "conclude", "emphasise", "emphasize", "indicate", "accuse", "urge",
}
NP_CUES = {"report", "confirm"}  # cues whose noun-phrase object is reported content
# verbs that frame a quoted fragment as someone's words ("called the result "a mandate"")
FRAGMENT_CUES = CUE_LEMMAS | {"call", "dismiss", "brand", "label", "term", "pledge", "promise", "vow", "hail",
                              "criticise", "criticize", "condemn", "reject", "welcome", "agree", "commit"}
OPEN_MARKS = {'"': '"', "“": "”", "‘": "’", "«": "»"}
TRIM = " \t\n\r,.;:?!—–-"
PRONOUN_AGREE = {
    "he": ("PER",), "him": ("PER",), "his": ("PER",), "she": ("PER",), "her": ("PER",),
    "it": ("ORG", "GPE"), "its": ("ORG", "GPE"),
    "they": ("ORG", "PER", "NORP", "GPE"), "we": ("ORG", "PER", "GPE"), "i": ("PER",),
}


# --- quotation marks ---------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"\n", text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _is_open(text: str, i: int, ch: str) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch == "‘":
        return not prev.isalnum() and not nxt.isspace()
    if ch == '"':
        return not prev.isalnum() and prev not in ".,;:!?" and not nxt.isspace()
    return True


def _is_close(text: str, i: int, ch: str, opener: str) -> bool:
    if ch != OPEN_MARKS[opener]:
        return False
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch == "’" and nxt.isalpha():
        return False  # "It’s": an apostrophe
    return True


def quote_segments(text: str) -> list[dict[str, Any]]:
    """Quoted segments: content start/end (marks excluded), mark offsets, and whether the
    segment is left open at the end of its paragraph (so it continues)."""
    segs = []
    for p_start, p_end in _paragraphs(text):
        opener, open_at = None, -1
        i = p_start
        while i < p_end:
            ch = text[i]
            if opener is None:
                if ch in OPEN_MARKS and _is_open(text, i, ch):
                    opener, open_at = ch, i
            elif _is_close(text, i, ch, opener):
                segs.append({"open": open_at, "close": i, "start": open_at + 1, "end": i, "para": (p_start, p_end),
                             "open_ended": False})
                opener = None
            i += 1
        if opener is not None and open_at < p_end - 1:
            segs.append({"open": open_at, "close": None, "start": open_at + 1, "end": p_end, "para": (p_start, p_end),
                         "open_ended": True})
    return segs


def _clip(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """[start, end) cut to the paragraph that holds offset ``at``."""
    p_start = text.rfind("\n", 0, at) + 1
    p_end = text.find("\n", at)
    p_end = len(text) if p_end < 0 else p_end
    return max(start, p_start), min(end, p_end)


def _content(text: str, start: int, end: int) -> tuple[int, int]:
    return trim(text, start, end, TRIM + "\"“”‘’")


# --- speakers ---------------------------------------------------------------------------------------------


class Speakers:
    """Mentions of speakers, added to an :class:`_nlp.Entities` layer."""

    def __init__(self, text: str, doc):
        self.text, self.doc = text, doc
        self.ents = _nlp.names_to_entities(text, doc, cluster=True)

    def _name_mention(self, tok) -> str | None:
        for start, end, mid, etype in self.ents.mentions():
            if start <= tok.idx < end and etype in _nlp.SPEAKER_TYPES:
                return mid
        return None

    def mention_for(self, tok) -> str | None:
        """The mention of the speaker whose head is ``tok`` (adding it if needed), or None."""
        if tok is None:
            return None
        mid = self._name_mention(tok)
        if mid:
            return mid
        for child in tok.subtree:  # "A UNHCR spokesperson in Kinshasa, Aurélie Makiese,": the appositive name
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                mid = self._name_mention(child)
                if mid and self.ents.type_of(mid) == "PER":
                    return mid
        low = tok.lower_
        if tok.pos_ == "PRON" and low in PRONOUN_AGREE:
            return self._pronoun(tok, PRONOUN_AGREE[low])
        if tok.pos_ == "PROPN":  # a name spaCy's NER missed: the proper-noun compound, a person
            left = tok
            while left.i > 0 and left.doc[left.i - 1].pos_ == "PROPN" and left.doc[left.i - 1].dep_ == "compound":
                left = left.doc[left.i - 1]
            start, end = trim(self.text, left.idx, tok.idx + len(tok.text))
            existing = self.ents.mention_at(start, end)
            if existing:
                return existing if self.ents.type_of(existing) in _nlp.SPEAKER_TYPES else None
            mid = self.ents.add(start, end, "PER", "name")
            return mid
        if tok.pos_ == "NOUN":
            etype = _nlp.nominal_type(tok.lemma_) or "PER"
            start, end = _nlp.nominal_extent(tok)
            start, end = trim(self.text, start, end)
            if end <= start:
                return None
            existing = self.ents.mention_at(start, end)
            if existing:
                return existing if self.ents.type_of(existing) in _nlp.SPEAKER_TYPES else None
            return self.ents.add(start, end, etype, "nominal" if tok.pos_ == "NOUN" else "name")
        return None

    def _pronoun(self, tok, types: tuple[str, ...]) -> str:
        existing = self.ents.mention_at(tok.idx, tok.idx + len(tok.text))
        if existing:
            return existing
        antecedent = None
        for start, end, mid, etype in self.ents.mentions(types):
            if end <= tok.idx and self._is_name(mid):
                antecedent = mid
        if antecedent is not None:
            return self.ents.add(tok.idx, tok.idx + len(tok.text), types[0], "pronoun",
                                 entity=self.ents.entity_of(antecedent))
        return self.ents.add(tok.idx, tok.idx + len(tok.text), types[0], "pronoun")

    def _is_name(self, mid: str) -> bool:
        ent = self.ents.entity_of(mid)
        return any(m["id"] == mid and m["kind"] == "name" for m in ent["mentions"])


def _subject(verb):
    """The speaker token of a cue verb: its subject, the agent of a passive, or the subject of
    the verb it modifies ("..., warning that": the subject of the main verb)."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in ("who", "which", "that"):
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    if verb.dep_ in ("advcl", "xcomp", "conj", "relcl") and verb.head is not verb:
        if verb.dep_ == "relcl":
            return verb.head
        return _subject(verb.head)
    return None


# --- extraction ---------------------------------------------------------------------------------------------


def _is_cue(tok) -> bool:
    return tok.lemma_.lower() in CUE_LEMMAS and tok.pos_ in ("VERB", "AUX")


def _sentence_of(doc, char: int):
    for sent in doc.sents:
        if sent.start_char <= char < sent.end_char:
            return sent
    return None


def _attribution_after(doc, text: str, end: int, limit: int):
    """A cue verb right after a closing mark (before the paragraph ends)."""
    toks = [t for t in doc if end <= t.idx < limit]
    for k, tok in enumerate(toks[:12]):
        if tok.text in ("“", '"', "‘") and k > 0:
            break
        if _is_cue(tok):
            between = text[end:tok.idx]
            if "." in between.replace("...", "") and k > 0:
                break
            return tok
        if tok.text in (".", "!", "?") and k > 0:
            break
    return None


def _attribution_before(doc, text: str, start: int, para_start: int):
    """A cue verb ending the text before an opening mark, ``X said: "`` or ``X said, "``."""
    before = text[para_start:start].rstrip()
    if not before or before[-1] not in ":,":
        return None
    toks = [t for t in doc if para_start <= t.idx < start]
    for tok in reversed(toks[-10:]):
        if _is_cue(tok):
            return tok
        if tok.text in (".", "!", "?", "”", '"'):
            break
    return None


def _framing_verb(doc, seg):
    """The verb whose words a quoted fragment reports: walking up the parse from the fragment."""
    tok = next((t for t in doc if t.idx >= seg["start"]), None)
    steps = 0
    while tok is not None and steps < 8:
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in FRAGMENT_CUES and tok.idx < seg["open"]:
            return tok
        if tok.head is tok:
            return None
        tok, steps = tok.head, steps + 1
    return None


def extract(text: str, doc) -> dict[str, Any]:
    speakers = Speakers(text, doc)
    quotes: list[dict[str, Any]] = []
    used_content: set[tuple[tuple[int, int], ...]] = set()
    segs = quote_segments(text)
    consumed: set[int] = set()

    def add(kind: str, pieces: list[tuple[int, int]], cue: tuple[int, int] | None, speaker: str | None) -> None:
        pieces = [p for p in pieces if p[1] > p[0]]
        if not pieces:
            return
        pieces.sort()
        for a, b in zip(pieces, pieces[1:]):
            if b[0] < a[1]:
                return
        key = tuple(pieces)
        if key in used_content:
            return
        used_content.add(key)
        quotes.append({"kind": kind, "content": [span(text, s, e) for s, e in pieces],
                       "cue": span(text, *cue) if cue else None, "speaker": speaker})

    # 1. Mixed quotes and indirect quotes from cue verbs.
    def inside_segment(s: int, e: int) -> bool:
        return any(seg["open"] <= s and e <= (seg["close"] + 1 if seg["close"] is not None else seg["end"])
                   for seg in segs)

    def is_direct_position(seg) -> bool:
        p_start = seg["para"][0]
        sent = _sentence_of(doc, seg["start"])
        lead = text[max(p_start, sent.start_char if sent is not None else p_start):seg["open"]].strip()
        return lead == "" or lead.endswith(":") or (lead.endswith(",") and _attribution_before(doc, text, seg["open"],
                                                                                             p_start) is not None)

    for tok in doc:
        if not _is_cue(tok):
            continue
        comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        if comp is None and tok.lemma_.lower() in NP_CUES:
            comp = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if comp is None and tok.lemma_.lower() == "describe":
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"), None)
            if obj is not None and prep is not None:
                s, e = obj.left_edge.idx, prep.right_edge.idx + len(prep.right_edge.text)
                s, e = _content(text, s, e + (1 if text[e:e + 1] in "”\"" else 0))
                if any(s <= seg["open"] and seg["end"] <= e + 1 for seg in segs):
                    e2 = e
                    for seg in segs:
                        if s <= seg["open"] and seg["close"] is not None and seg["close"] >= e - 1:
                            e2 = seg["close"] + 1
                            consumed.add(id(seg))
                    add("mixed", [(s, e2)], (tok.idx, tok.idx + len(tok.text)), speakers.mention_for(_subject(tok)))
            continue
        if comp is None:
            continue
        left = comp.left_edge
        while left.i < comp.i and (left.dep_ in ("mark",) or left.text in (",", "—", "-", ":")):
            left = left.doc[left.i + 1]
        s, e = left.idx, comp.right_edge.idx + len(comp.right_edge.text)
        s, e = _clip(text, s, e, comp.idx)
        s, e = _content(text, s, e)
        if e <= s:
            continue
        if inside_segment(s, e) or inside_segment(tok.idx, tok.idx + 1):
            continue  # the complement is (inside) a direct quote, or the cue is inside a quote
        inner = [seg for seg in segs if s <= seg["start"] and seg["end"] <= e + 1 and seg["close"] is not None]
        kind = "indirect"
        if inner:
            if any(is_direct_position(seg) for seg in inner):
                continue
            kind = "mixed"
            last = max(inner, key=lambda seg: seg["close"])
            e = max(e, last["close"] + 1)
            for seg in inner:
                consumed.add(id(seg))
        add(kind, [(s, e)], (tok.idx, tok.idx + len(tok.text)), speakers.mention_for(_subject(tok)))

    # 2. "according to X"
    for tok in doc:
        if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        sent = tok.sent
        phrase_end = (pobj.right_edge.idx + len(pobj.right_edge.text)) if pobj is not None else to.idx + 2
        paren = re.match(r"\s*\([^()\n]{1,40}\)", text[phrase_end:])
        if paren:
            phrase_end += paren.end()
        if inside_segment(tok.idx, tok.idx + 1):
            continue
        before = _clip(text, sent.start_char, tok.idx, tok.idx)
        after = _clip(text, phrase_end, sent.end_char, tok.idx)
        piece = before if len(text[before[0]:before[1]].strip(TRIM)) >= len(text[after[0]:after[1]].strip(TRIM)) else after
        s, e = _content(text, *piece)
        if e - s < 8:
            continue
        speaker_tok = pobj
        if pobj is not None and pobj.lemma_.lower() in ("figure", "data", "statement", "report", "estimate", "count",
                                                        "copy", "document", "result", "survey", "study", "tally"):
            speaker_tok = None  # "according to figures released by ...": a document
        add("indirect", [(s, e)], (tok.idx, to.idx + len(to.text)), speakers.mention_for(speaker_tok))

    # 3. Quoted fragments inside a sentence, framed by a verb: mixed quotes.
    for seg in segs:
        if id(seg) in consumed or seg["close"] is None or is_direct_position(seg):
            continue
        consumed.add(id(seg))  # a fragment is never a direct quote; without a framing verb it is no quote
        verb = _framing_verb(doc, seg)
        if verb is None:
            continue
        first = next((t for t in doc[verb.i + 1:] if t.dep_ not in ("mark", "punct") and t.lower_ != "that"), None)
        if first is None or first.idx > seg["open"]:
            continue
        s_, _ = _content(text, first.idx, seg["close"] + 1)
        e_ = seg["close"] + 1  # a mixed quote keeps the marks of its fragment
        add("mixed", [(s_, e_)], (verb.idx, verb.idx + len(verb.text)), speakers.mention_for(_subject(verb)))

    # 4. Direct quotes from the remaining quotation marks.
    last_speaker: str | None = None
    ordered = [seg for seg in sorted(segs, key=lambda seg: seg["start"]) if id(seg) not in consumed]
    i = 0
    while i < len(ordered):
        seg = ordered[i]
        group = [seg]
        cue_tok = _attribution_before(doc, text, seg["open"], seg["para"][0])
        j = i
        while True:
            cur = ordered[j]
            nxt = ordered[j + 1] if j + 1 < len(ordered) else None
            if cur["close"] is None:
                # an open paragraph continues in the next one when that one opens with a mark
                if nxt is not None and text[cur["end"]:nxt["open"]].strip() == "":
                    group.append(nxt)
                    j += 1
                    continue
                break
            if cue_tok is None:
                found = _attribution_after(doc, text, cur["close"] + 1, cur["para"][1])
                if found is not None:
                    cue_tok = found
            # after the attribution, the next quoted sentence of the same paragraph goes on
            if (cue_tok is not None and nxt is not None and nxt["para"] == cur["para"]
                    and len(text[cur["close"] + 1:nxt["open"]]) < 120 and is_direct_position(nxt)
                    and _attribution_after(doc, text, cur["close"] + 1, nxt["open"]) in (None, cue_tok)):
                group.append(nxt)
                j += 1
                continue
            break
        pieces = [_content(text, g["start"], g["end"]) for g in group]
        if cue_tok is not None:
            speaker = speakers.mention_for(_subject(cue_tok))
            cue = (cue_tok.idx, cue_tok.idx + len(cue_tok.text))
        else:
            speaker, cue = last_speaker, None
        if speaker is not None:
            last_speaker = speaker
        if cue is not None or sum(e - s for s, e in pieces) >= 12:
            add("direct", pieces, cue, speaker)
        i = j + 1

    quotes.sort(key=lambda q: (q["content"][0]["start"], q["content"][0]["end"]))
    ids = speakers.ents.ids
    out = []
    for q in quotes:
        out.append({"id": ids.next("Q"), **q})
    return {"entities": speakers.ents.layer(), "quotes": out}


def setup() -> None:
    spacy_pipeline()


def predict(texts: list[str]) -> list[dict]:
    return [extract(text, doc) for text, doc in zip(texts, _nlp.parse(texts))]
