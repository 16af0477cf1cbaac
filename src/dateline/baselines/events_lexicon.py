"""Events baseline: a trigger lexicon, dependency-based arguments and cue-based factuality.

Triggers
    A lexicon of lemmas per event type, written from the type definitions in
    ``docs/guidelines/events.md`` ("strikes, shelling, raids, bombings, clashes,
    offensives" for ``conflict.attack``...), refined with the **train split**'s gold
    triggers when the corpus is there: a word that is a trigger of one type in at least
    half of its train occurrences is added with that type, and a lexicon word seen three
    or more times in train and never a trigger is dropped. A few fixed two-word triggers
    ("air strikes", "artillery fire") keep their modifier. Verbs, nouns and a few
    adjectives ("dead", "injured") trigger; some words get their type from context
    ("appeal" near a court is ``justice.appeal``, else a ``political.request``).
Arguments (spaCy's parse of the trigger's sentence)
    subject -> the type's agent-like role (attacker, agent, participant, requester...), or
    its patient-like role for intransitive and passive verbs ("civilians died": victim);
    object -> the patient-like role (target, victim, evacuee, person, defendant...);
    possessor and "by" phrase of a noun trigger -> agent-like role, its "on/against/of"
    object -> patient-like role; "in/at/near" + a GPE/LOC/FAC name -> place ("from" ->
    origin, "to" -> destination where the type has them); the nearest TIME mention in the
    sentence -> time. A participant counted by a number ("at least 18 civilians") is the
    figure found by ``figures_rules``. Roles are restricted to the type's allowed roles
    (:func:`dateline.schema.roles_for`).
Factuality (first that applies, as the guidelines' precedence)
    negation of the trigger or its verb ("not", "never", "no") -> negated; modal
    ("could", "might", "should", "would"), "if", or the object of a call/demand/fear ->
    hypothetical; "will", "plans to", "is to", "due to", "expected to" -> planned;
    inside quotation marks or the clause reported by a speech verb or "according to" ->
    claimed; else asserted.

The output holds the entity mentions and figures the arguments point at; only the events
layer is scored.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any

from dateline.schema import roles_for
from dateline.systems import Ids, span, spacy_pipeline
from dateline.validate import PLACE_ROLES, PLACE_TYPES

NAME = "events_lexicon"
LAYERS = ("events",)

from dateline.baselines import _nlp
from dateline.baselines import figures_rules as _figures

LEXICON: dict[str, list[str]] = {
    "conflict.attack": ["attack", "strike", "airstrike", "shell", "shelling", "raid", "bomb", "bombing",
                        "bombardment", "clash", "offensive", "fighting", "fight", "battle", "war", "conflict",
                        "assault", "ambush", "shoot", "shooting", "crossfire", "combat", "invasion", "invade",
                        "bombard", "fire", "gunfire", "hostility", "violence", "insurgency", "massacre", "siege"],
    "conflict.ceasefire": ["ceasefire", "truce", "halt", "pause", "armistice", "cease", "cease-fire"],
    "conflict.capture": ["capture", "retake", "overrun", "occupy", "seize control", "recapture", "conquer"],
    "conflict.withdrawal": ["withdraw", "withdrawal", "retreat", "pullout", "pull-out"],
    "life.die": ["kill", "die", "dead", "death", "drown", "killing", "fatality", "perish"],
    "life.injure": ["injure", "wound", "hurt", "injury", "injured", "wounded"],
    "movement.evacuation": ["evacuate", "evacuation"],
    "movement.displacement": ["flee", "displace", "displacement", "uproot", "exodus"],
    "humanitarian.aid": ["aid", "relief", "assistance", "airdrop", "airlift", "donate", "donation"],
    "humanitarian.rescue": ["rescue"],
    "political.meeting": ["talk", "meeting", "meet", "summit", "negotiation", "negotiate", "discussion",
                          "consultation", "conference"],
    "political.agreement": ["agree", "agreement", "deal", "accord", "communique", "treaty", "pact"],
    "political.request": ["call", "appeal", "demand", "urge", "request", "plea"],
    "political.vote": ["vote", "referendum"],
    "political.election": ["election", "elect", "run-off", "runoff", "re-elect"],
    "political.protest": ["protest", "demonstration", "march", "rally", "sit-in", "demonstrate"],
    "political.sanction": ["sanction", "embargo", "expel", "expulsion", "ban"],
    "personnel.start": ["appoint", "hire", "nominate", "appointment", "swear"],
    "personnel.end": ["resign", "sack", "dismiss", "layoff", "resignation", "retire", "fire"],
    "justice.arrest": ["arrest", "detain", "jail", "detention", "imprison", "custody"],
    "justice.charge": ["charge", "indict", "sue", "indictment", "prosecute", "lawsuit"],
    "justice.trial": ["trial", "hearing", "try"],
    "justice.verdict": ["convict", "acquit", "verdict", "conviction", "acquittal", "guilty", "ruling"],
    "justice.sentence": ["sentence", "fine"],
    "justice.appeal": [],  # from "appeal" in a court context
    "justice.seizure": ["seize", "confiscate", "seizure", "confiscation"],
    "economic.policy": ["budget", "tariff", "subsidy", "duty"],
    "economic.change": ["rise", "fall", "increase", "decrease", "drop", "climb", "slump", "surge", "decline",
                        "jump", "ease", "slow", "weaken", "strengthen", "grow", "growth", "shrink", "plunge",
                        "soar", "tumble"],
    "economic.transaction": ["buy", "sell", "sale", "purchase", "invest", "investment", "loan", "acquire",
                             "acquisition", "repurchase"],
    "disaster.natural": ["earthquake", "quake", "flood", "flooding", "landslide", "storm", "cyclone", "hurricane",
                         "typhoon", "drought", "heatwave", "wildfire", "tsunami", "aftershock", "tremor", "eruption",
                         "rains", "rainfall"],
    "disaster.accident": ["crash", "collapse", "explosion", "derail", "capsize", "blaze"],
    "health.outbreak": ["outbreak", "epidemic", "pandemic", "infection", "spread"],
    "health.treatment": ["treat", "treatment", "vaccinate", "vaccination", "surgery", "immunisation"],
    "science.research": ["study", "research", "survey", "discover", "discovery", "launch", "measurement"],
    "sports.match": ["match", "final", "race", "game", "tournament", "shoot-out", "shootout", "semi-final",
                     "semifinal", "win", "beat", "derby", "fixture"],
}
TWO_WORD = {"air strike", "air strikes", "artillery fire", "combat operations", "rocket fire", "drone strike",
            "drone strikes", "air raid", "air raids", "gun battle", "suicide bombing", "car bomb", "mortar fire"}
ADJ_TRIGGERS = {"dead", "injured", "wounded", "guilty", "displaced"}
COURT = re.compile(r"(?i)\b(court|verdict|ruling|sentence|conviction|judge|tribunal|appeals?)\b")

# Per type: (subject of a transitive or unmarked verb, subject of an intransitive verb, object / passive subject)
ROLE_MAP: dict[str, tuple[str | None, str | None, str | None]] = {
    "conflict.attack": ("attacker", "attacker", "target"),
    "conflict.ceasefire": ("participant", "participant", None),
    "conflict.capture": ("agent", "agent", "target"),
    "conflict.withdrawal": ("agent", "agent", None),
    "life.die": ("agent", "victim", "victim"),
    "life.injure": ("agent", "victim", "victim"),
    "movement.evacuation": ("agent", "evacuee", "evacuee"),
    "movement.displacement": ("displaced", "displaced", "displaced"),
    "humanitarian.aid": ("provider", "provider", "artifact"),
    "humanitarian.rescue": ("agent", "agent", "rescued"),
    "political.meeting": ("participant", "participant", "participant"),
    "political.agreement": ("participant", "participant", None),
    "political.request": ("requester", "requester", "addressee"),
    "political.vote": ("voter", "voter", None),
    "political.election": ("winner", "voter", "candidate"),
    "political.protest": ("protester", "protester", "target"),
    "political.sanction": ("agent", "agent", "target"),
    "personnel.start": ("employer", "person", "person"),
    "personnel.end": ("employer", "person", "person"),
    "justice.arrest": ("agent", "agent", "person"),
    "justice.charge": ("prosecutor", "prosecutor", "defendant"),
    "justice.trial": ("adjudicator", "defendant", "defendant"),
    "justice.verdict": ("adjudicator", "adjudicator", "defendant"),
    "justice.sentence": ("adjudicator", "adjudicator", "defendant"),
    "justice.appeal": ("appellant", "appellant", None),
    "justice.seizure": ("agent", "agent", "artifact"),
    "economic.policy": ("agent", "agent", None),
    "economic.change": ("item", "item", "value"),
    "economic.transaction": ("buyer", "buyer", "artifact"),
    "disaster.natural": (None, None, None),
    "disaster.accident": (None, None, "victim"),
    "health.outbreak": (None, None, "victim"),
    "health.treatment": ("agent", "agent", "patient"),
    "science.research": ("agent", "agent", None),
    "sports.match": ("participant", "participant", "participant"),
}
SPEECH = {"say", "tell", "claim", "report", "add", "state", "announce", "insist", "allege", "accuse", "warn",
          "confirm", "suggest", "believe", "estimate", "write", "explain", "argue", "note"}
HYPO_HEADS = {"call", "demand", "urge", "ask", "appeal", "want", "fear", "threaten", "seek", "propose", "risk",
              "request", "push", "press", "hope", "need", "avoid", "prevent", "allow", "try", "would"}
PLAN_HEADS = {"plan", "expect", "due", "aim", "intend", "schedule", "set", "prepare", "decide", "promise",
              "pledge", "agree", "mean", "vow", "hope", "go"}
MODALS = {"could", "might", "may", "should", "would", "must", "can"}
FUTURE = {"will", "shall", "'ll", "wo"}


# --- the lexicon ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    """lemma -> event type: the hand lexicon, refined with the train split when the corpus is there."""
    lex: dict[str, str] = {}
    for etype, words in LEXICON.items():
        for w in words:
            lex.setdefault(w, etype)
    mined = _mine_train()
    if mined is None:
        return lex
    trig, seen = mined
    for lemma, types in trig.items():
        etype, n = types.most_common(1)[0]
        if n / max(seen[lemma], n) >= 0.5:
            lex[lemma] = etype
    for lemma in list(lex):
        if seen.get(lemma, 0) >= 3 and lemma not in trig:
            del lex[lemma]
    return lex


def _mine_train() -> tuple[dict[str, Counter], Counter] | None:
    """(lemma -> Counter of gold trigger types, lemma -> occurrences) over the train split."""
    try:
        from dateline.cli import default_corpus
        from dateline.corpus import load_corpus

        records = [r for r in load_corpus(default_corpus()) if r["metadata"]["split"] == "train"]
    except Exception:  # noqa: BLE001 - no corpus here: the hand lexicon alone
        return None
    if not records:
        return None
    trig: dict[str, Counter] = defaultdict(Counter)
    seen: Counter = Counter()
    for record, doc in zip(records, _nlp.parse([r["text"] for r in records], disable=("ner",))):
        heads = {}
        for ev in record["events"]:
            s, e = ev["trigger"]["start"], ev["trigger"]["end"]
            toks = [t for t in doc if s <= t.idx < e]
            if toks:
                heads[toks[-1].i] = ev["type"]
        for tok in doc:
            if tok.pos_ in ("VERB", "NOUN", "ADJ"):
                lemma = tok.lemma_.lower()
                seen[lemma] += 1
                if tok.i in heads:
                    trig[lemma][heads[tok.i]] += 1
    return trig, seen


def trigger_type(tok, text: str) -> str | None:
    if tok.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ") or tok.is_stop and tok.lower_ not in ("call",):
        return None
    if tok.pos_ == "ADJ" and tok.lower_ not in ADJ_TRIGGERS:
        return None
    lemma = tok.lemma_.lower()
    lex = lexicon()
    etype = lex.get(lemma) or lex.get(tok.lower_)
    if etype is None:
        return None
    if lemma == "appeal" and COURT.search(tok.sent.text):
        return "justice.appeal"
    if lemma == "call" and not (tok.pos_ == "NOUN" or any(c.lower_ in ("for", "on") for c in tok.children)):
        return None
    if lemma == "fire" and tok.pos_ == "VERB" and etype == "personnel.end":
        return "conflict.attack" if any(c.dep_ == "dobj" and c.lemma_ in ("shell", "rocket", "mortar", "shot", "round")
                                        for c in tok.children) else "personnel.end"
    if lemma in ("charge", "fine", "duty") and re.search(r"(?i)\b(pre-tax|restructuring|revenue|excise)\b", tok.sent.text):
        return None
    return etype


def trigger_span(tok) -> tuple[int, int]:
    start, end = tok.idx, tok.idx + len(tok.text)
    if tok.i > 0:
        prev = tok.doc[tok.i - 1]
        if f"{prev.lower_} {tok.lower_}" in TWO_WORD:
            start = prev.idx
    return start, end


# --- arguments ------------------------------------------------------------------------------------------


class _Doc:
    def __init__(self, text: str, doc):
        self.text, self.doc = text, doc
        self.ents = _nlp.names_to_entities(text, doc, cluster=True)
        self.figures = _figures.predict_one(text, doc)
        self.ids = self.ents.ids

    def figure_at(self, tok) -> str | None:
        """The figure that counts the noun ``tok`` ("at least 18 [civilians]")."""
        for child in tok.children:
            if child.dep_ in ("nummod", "quantmod") or child.like_num:
                for f in self.figures:
                    if f["start"] <= child.idx < f["end"]:
                        return f["id"]
        return None

    def mention(self, tok, kinds: str = "any") -> str | None:
        if tok is None:
            return None
        fid = self.figure_at(tok)
        if fid:
            return fid
        mid = self.ents.covering(tok.idx, tok.idx + len(tok.text))
        if mid:
            return mid
        if tok.pos_ == "PRON" and tok.lower_ in _nlp.PRONOUNS:
            return self.ents.add(tok.idx, tok.idx + len(tok.text), _nlp.PRONOUNS[tok.lower_], "pronoun")
        if tok.pos_ in ("NOUN", "PROPN") and kinds == "any":
            etype = _nlp.nominal_type(tok.lemma_)
            if etype is None:
                return None
            start, end = _nlp.nominal_extent(tok)
            return self.ents.add(start, end, etype, "nominal")
        return None

    def place(self, tok) -> str | None:
        mid = self.ents.covering(tok.idx, tok.idx + len(tok.text), PLACE_TYPES)
        return mid

    def time_near(self, trigger) -> str | None:
        sent = trigger.sent
        best = None
        for start, end, mid, etype in self.ents.mentions(("TIME",)):
            if sent.start_char <= start and end <= sent.end_char:
                d = abs(start - trigger.idx)
                if best is None or d < best[0]:
                    best = (d, mid)
        return best[1] if best else None


def _verb_of(tok):
    """The verb a noun trigger is the object or subject of, if any."""
    if tok.pos_ != "VERB" and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
        return tok.head
    return None


def arguments(d: _Doc, tok, etype: str) -> list[dict[str, str]]:
    allowed = set(roles_for(etype))
    subj_role, intrans_role, obj_role = ROLE_MAP.get(etype, (None, None, None))
    out: list[tuple[str, str | None]] = []
    children = list(tok.children)
    if tok.pos_ in ("VERB", "AUX") or tok.pos_ == "ADJ":
        has_obj = any(c.dep_ == "dobj" for c in children)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
        for c in children:
            if c.dep_ == "nsubj":
                out.append((subj_role if has_obj else intrans_role, d.mention(c)))
            elif c.dep_ in ("dobj", "nsubjpass"):
                out.append((obj_role, d.mention(c)))
            elif c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        out.append((subj_role, d.mention(g)))
        if tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN"):
            out.append((obj_role if passive or tok.tag_ == "VBN" else subj_role, d.mention(tok.head)))
        if tok.dep_ == "xcomp" and not any(c.dep_.startswith("nsubj") for c in children):
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                out.append((subj_role if has_obj else intrans_role, d.mention(subj)))
    else:
        for c in children:
            if c.dep_ == "poss":
                out.append((subj_role, d.mention(c)))
            elif c.dep_ == "compound" and c.pos_ == "PROPN":
                out.append((subj_role, d.mention(c, kinds="names")))
            elif c.dep_ == "prep" and c.lower_ in ("by", "between", "with"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        out.append((subj_role, d.mention(g)))
            elif c.dep_ == "prep" and c.lower_ in ("on", "against", "of"):
                for g in c.children:
                    if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME"):
                        out.append((obj_role, d.mention(g)))
    # places: prepositions of the trigger, or of its verb for a noun trigger
    heads = [tok] + ([_verb_of(tok)] if _verb_of(tok) is not None else [])
    for h in heads:
        for c in h.children:
            if c.dep_ != "prep":
                continue
            role = {"in": "place", "at": "place", "near": "place", "across": "place", "inside": "place",
                    "outside": "place", "from": "origin", "to": "destination", "into": "destination",
                    "towards": "destination"}.get(c.lower_)
            if role is None:
                continue
            for g in c.children:
                if g.dep_ == "pobj":
                    mid = d.place(g)
                    if mid is not None:
                        out.append((role if role in allowed else "place", mid))
    tid = d.time_near(tok)
    if tid:
        out.append(("time", tid))
    args, seen = [], set()
    for role, ref in out:
        if role is None or ref is None or role not in allowed or (role, ref) in seen:
            continue
        if role in PLACE_ROLES and (ref.startswith("F") or d.ents.type_of(ref) not in PLACE_TYPES):
            continue
        if role == "time" and (ref.startswith("F") or d.ents.type_of(ref) != "TIME"):
            continue
        if role not in ("place", "origin", "destination", "time") and not ref.startswith("F") and d.ents.type_of(ref) == "TIME":
            continue
        seen.add((role, ref))
        args.append({"role": role, "ref": ref})
    return args


# --- factuality ------------------------------------------------------------------------------------------


def _in_quote_marks(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[line_start:pos]
    opens = before.count("“") + before.count('"') % 2 * 0
    closes = before.count("”")
    straight = before.count('"')
    return opens > closes or straight % 2 == 1


def factuality(tok, text: str) -> str:
    chain = [tok]
    t = tok
    while t.head is not t and len(chain) < 8:
        t = t.head
        chain.append(t)
    verb = tok if tok.pos_ in ("VERB", "AUX") else (_verb_of(tok) or tok)
    local = list(tok.children) + (list(verb.children) if verb is not tok else [])
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in local):
        return "negated"
    if any(a.lemma_.lower() == "deny" for a in chain[1:4]):
        return "negated"
    if any(c.lower_ in MODALS and c.dep_ == "aux" for c in local):
        return "hypothetical"
    for a in chain[1:5]:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in a.children) or any(
                c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children):
            return "hypothetical"
        if a.lemma_.lower() in HYPO_HEADS and a.pos_ in ("VERB", "NOUN"):
            return "hypothetical"
        if a.pos_ in ("VERB", "AUX") and any(c.lower_ in MODALS and c.dep_ == "aux" for c in a.children) and a is verb:
            return "hypothetical"
    if any(c.lower_ in FUTURE and c.dep_ == "aux" for c in local):
        return "planned"
    for a in chain[1:4]:
        if a.lemma_.lower() in PLAN_HEADS and any(c.dep_ == "aux" and c.lower_ == "to" for c in chain[0].children):
            return "planned"
        if a.lemma_.lower() in PLAN_HEADS and tok.dep_ == "xcomp":
            return "planned"
    if any(c.lower_ in ("planned", "proposed", "upcoming", "scheduled", "next") for c in tok.children):
        return "planned"
    if _in_quote_marks(text, tok.idx):
        return "claimed"
    for a in chain[1:]:
        if a.lemma_.lower() in SPEECH and a.pos_ == "VERB":
            return "claimed"
    if "according to" in tok.sent.text.lower():
        return "claimed"
    return "asserted"


# --- main ------------------------------------------------------------------------------------------------


def extract(text: str, doc) -> dict[str, Any]:
    d = _Doc(text, doc)
    events = []
    taken: set[tuple[str, int, int]] = set()
    for tok in doc:
        etype = trigger_type(tok, text)
        if etype is None:
            continue
        start, end = trigger_span(tok)
        if (etype, start, end) in taken:
            continue
        taken.add((etype, start, end))
        events.append({"id": d.ids.next("V"), "type": etype, "trigger": span(text, start, end),
                       "arguments": arguments(d, tok, etype),
                       "attributes": {"factuality": factuality(tok, text)}})
    used_figs = {a["ref"] for e in events for a in e["arguments"] if a["ref"].startswith("F")}
    figures = [f for f in d.figures if f["id"] in used_figs]
    return {"entities": d.ents.layer(), "events": events, "figures": figures}


def setup() -> None:
    spacy_pipeline()
    lexicon()


def predict(texts: list[str]) -> list[dict]:
    return [extract(text, doc) for text, doc in zip(texts, _nlp.parse(texts))]
