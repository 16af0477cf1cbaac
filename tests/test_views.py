from __future__ import annotations

from hypothesis import given, strategies as st

from dateline.anchor import AnchorError, locate
from dateline.corpus import bio_tags, entities_view, events_view, quotes_view, tokenize

import pytest


def test_locate_marks_inside_context():
    text = "Lavrov said. Then Lavrov left."
    assert locate(text, "Then [[Lavrov]]") == {"start": 18, "end": 24, "text": "Lavrov"}


@pytest.mark.parametrize("anchor, words", [
    ("Lavrov", "more than once"), ("Kerry", "does not occur"), ("[[Lavrov]] [[said]]", "one [[...]] pair"),
    ("Then [[]]Lavrov", "empty span"),
])
def test_locate_rejects_bad_anchors(anchor, words):
    with pytest.raises(AnchorError, match=words.replace("[", r"\[").replace("]", r"\]")):
        locate("Lavrov said. Then Lavrov left.", anchor)


def test_tokenize_keeps_numbers_and_hyphenated_words():
    text = "a column of 8,000 evacuees in al-Maadi."
    assert [text[s:e] for s, e in tokenize(text)] == ["a", "column", "of", "8,000", "evacuees", "in", "al-Maadi", "."]


def test_bio_tags_from_name_mentions(small_record):
    view = entities_view(small_record)
    pairs = [(t, g) for t, g in zip(view["tokens"], view["ner_tags"]) if g != "O"]
    assert ("Syrian", "B-ORG") in pairs and ("Observatory", "I-ORG") in pairs
    assert ("Jan", "B-PER") in pairs and ("Egeland", "I-PER") in pairs
    assert ("army", "O") not in pairs  # nominal mentions are not in the CoNLL view
    assert ("He", "B-PER") not in pairs


def test_nested_names_keep_the_outermost():
    record = {"text": "United Nations Security Council met", "entities": [
        {"type": "ORG", "mentions": [{"start": 0, "end": 31, "kind": "name"}]},
        {"type": "ORG", "mentions": [{"start": 0, "end": 14, "kind": "name"}]}]}
    assert bio_tags(record, tokenize(record["text"])) == ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O"]


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8), st.sampled_from(["PER", "ORG", "GPE"])), max_size=8))
def test_bio_sequences_are_well_formed(spans):
    text = " ".join(f"w{i}" for i in range(50))
    tokens = tokenize(text)
    entities = [{"type": t, "mentions": [{"start": tokens[i][0], "end": tokens[min(i + n, 49)][1], "kind": "name"}]}
                for i, n, t in spans]
    tags = bio_tags({"text": text, "entities": entities}, tokens)
    for prev, cur in zip(["O"] + tags, tags):
        if cur.startswith("I-"):
            assert prev != "O" and prev[2:] == cur[2:]


def test_events_and_quotes_views_resolve_links(small_record):
    ev = events_view(small_record)["events"]
    die = next(v for v in ev if v["type"] == "life.die")
    assert die["arguments"][0]["text"] == "at least 18" and die["arguments"][0]["entity"] is None
    attack = next(v for v in ev if v["type"] == "conflict.attack")
    assert {a["role"]: a["text"] for a in attack["arguments"]} == {"attacker": "army", "target": "Aleppo", "time": "Thursday"}
    quotes = quotes_view(small_record)["quotes"]
    he = next(q for q in quotes if q["speaker"] and q["speaker"]["text"] == "He")
    egeland = next(q for q in quotes if q["speaker"] and q["speaker"]["text"] == "Jan Egeland")
    assert he["speaker"]["entity"] == egeland["speaker"]["entity"]


def test_marks_next_to_the_texts_own_brackets_are_the_nearest_ones():
    text = "He said they [the soldiers] left. The soldiers left."
    assert locate(text, "[[[the soldiers]]] left")["text"] == "the soldiers"
    assert locate(text, "[[the soldiers]]] left")["text"] == "the soldiers"


def test_a_span_that_begins_with_a_bracket_is_written_as_offsets():
    from dateline.anchor import anchor_for

    text = "He said “[the soldiers] left” and went. The soldiers left."
    start = text.index("[")
    for end in (start + len("[the soldiers]"), start + len("[the soldiers] left")):
        anchor = anchor_for(text, start, end)
        assert anchor == {"start": start, "end": end}
        assert locate(text, anchor)["text"] == text[start:end]
    inner = text.index("the soldiers")
    assert locate(text, anchor_for(text, inner, inner + 12)) == {"start": inner, "end": inner + 12,
                                                                  "text": "the soldiers"}


@pytest.mark.parametrize("anchor", [{"start": 5}, {"start": 3, "end": 2}, {"start": 0, "end": 999},
                                    {"start": 0.0, "end": 4}, {"start": 0, "end": 4, "where": 1}])
def test_bad_offsets_are_refused(anchor):
    with pytest.raises(AnchorError, match="anchor"):
        locate("Lavrov said.", anchor)


@given(st.text(alphabet="ab [].", min_size=1, max_size=30), st.data())
def test_every_span_anchors_back_to_itself(text, data):
    from dateline.anchor import anchor_for

    if "[[" in text or "]]" in text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert locate(text, anchor_for(text, start, end)) == {"start": start, "end": end, "text": text[start:end]}
