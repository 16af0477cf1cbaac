from __future__ import annotations

import copy
from pathlib import Path

import pytest

from dateline.anchor import anchor_record
from dateline.schema import canary

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

SMALL_TEXT = (
    "Army shells Aleppo\n\n"
    "ALEPPO, Syria - The army shelled Aleppo on Thursday, killing at least 18 civilians, "
    "according to the Syrian Observatory for Human Rights.\n\n"
    "\"There has to be a pause,\" said Jan Egeland. He said a five-day ceasefire was needed.\n"
)

SMALL_DRAFT = {
    "entities": [
        {"id": "E1", "type": "ORG", "mentions": [{"id": "M1", "at": "The [[army]] shelled", "kind": "nominal"}]},
        {"id": "E2", "type": "GPE", "wikidata": "Q41183", "mentions": [
            {"id": "M2", "at": "shells [[Aleppo]]", "kind": "name"},
            {"id": "M3", "at": "shelled [[Aleppo]] on", "kind": "name"},
            {"id": "M4", "at": "[[ALEPPO]], Syria", "kind": "name"}]},
        {"id": "E3", "type": "TIME", "mentions": [{"id": "M5", "at": "Thursday", "kind": "name"}]},
        {"id": "E4", "type": "ORG", "mentions": [{"id": "M6", "at": "the [[Syrian Observatory for Human Rights]]", "kind": "name"}]},
        {"id": "E5", "type": "PER", "mentions": [
            {"id": "M7", "at": "said [[Jan Egeland]]", "kind": "name"},
            {"id": "M8", "at": "[[He]] said", "kind": "pronoun"}]},
        {"id": "E6", "type": "GPE", "wikidata": "Q858", "mentions": [{"id": "M9", "at": "ALEPPO, [[Syria]]", "kind": "name"}]},
    ],
    "events": [
        {"id": "V1", "type": "conflict.attack", "trigger": "The army [[shelled]]", "factuality": "asserted",
         "arguments": [{"role": "attacker", "ref": "M1"}, {"role": "target", "ref": "M3"}, {"role": "time", "ref": "M5"}]},
        {"id": "V2", "type": "life.die", "trigger": "killing", "factuality": "claimed",
         "arguments": [{"role": "victim", "ref": "F1"}]},
        {"id": "V3", "type": "conflict.ceasefire", "trigger": "five-day [[ceasefire]]", "factuality": "hypothetical",
         "arguments": []},
    ],
    "quotes": [
        {"id": "Q1", "kind": "indirect", "content": ["[[The army shelled Aleppo on Thursday, killing at least 18 civilians]]"],
         "cue": "according to", "speaker": "M6"},
        {"id": "Q2", "kind": "direct", "content": ["\"[[There has to be a pause]],\""], "cue": "pause,\" [[said]]", "speaker": "M7"},
        {"id": "Q3", "kind": "indirect", "content": ["said [[a five-day ceasefire was needed]]"], "cue": "He [[said]]", "speaker": "M8"},
    ],
    "figures": [
        {"id": "F1", "at": "at least 18", "value": 18, "unit": "people", "approximation": "at_least",
         "counted": "civilians killed", "event": "V2"},
        {"id": "F2", "at": "five-day", "value": 5, "unit": "day", "approximation": "exact", "counted": "ceasefire",
         "event": "V3"},
    ],
}


def small_metadata(split: str = "train") -> dict:
    return {
        "title": "Army shells Aleppo", "date": "2024-01-02", "dateline": "ALEPPO, Syria", "byline": None,
        "agency": None, "publisher": "Dateline tests", "origin": "original", "licence": "CC-BY-4.0",
        "copyright": "Dateline contributors", "source": None, "topic": "conflict", "style": "wire", "story": None,
        "split": split, "canary": canary(),
    }


@pytest.fixture
def small_record() -> dict:
    """A small valid record that exercises every layer; tests break copies of it."""
    return anchor_record(SMALL_TEXT, small_metadata(), "t-0001", copy.deepcopy(SMALL_DRAFT))
