"""dateline agree: symmetric agreement, Cohen's kappa, and the list of disagreements."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.agree import agreement, all_disagreements, cohen_kappa, disagreements
from dateline.cli import main
from dateline.io import dumps_record
from dateline.validate import validate_record


def _crafted_pair(small_record):
    """B differs from A in four attributes, one per layer (hand-computed numbers below)."""
    a = small_record
    b = copy.deepcopy(a)
    next(e for e in b["entities"] if e["id"] == "E1")["type"] = "PER"  # "army": ORG -> PER
    next(v for v in b["events"] if v["id"] == "V3")["attributes"]["factuality"] = "planned"
    next(q for q in b["quotes"] if q["id"] == "Q2")["kind"] = "mixed"
    next(f for f in b["figures"] if f["id"] == "F2")["approximation"] = "about"
    assert validate_record(b) == []
    return a, b


def test_a_record_agrees_with_itself_everywhere(small_record):
    result = agreement([small_record], [copy.deepcopy(small_record)])
    assert result["documents"] == 1
    assert result["metrics"], "no metrics computed"
    for name, value in result["metrics"].items():
        assert value == pytest.approx(1.0), name
    assert disagreements(small_record, copy.deepcopy(small_record)) == []


def test_crafted_pair_gives_the_hand_computed_numbers(small_record):
    a, b = _crafted_pair(small_record)
    m = agreement([a], [b])["metrics"]
    assert m["entities.strict.f1"] == pytest.approx(8 / 9)  # 9 mentions each, one with another type
    assert m["entities.exact.f1"] == pytest.approx(1.0)
    assert m["entities.coref.conll_f1"] == pytest.approx(1.0)
    assert m["events.trigger_classification.f1"] == pytest.approx(1.0)
    assert m["events.factuality.accuracy"] == pytest.approx(2 / 3)
    # factuality A: asserted claimed hypothetical, B: asserted claimed planned -> (2/3 - 2/9) / (1 - 2/9)
    assert m["kappa.factuality"] == pytest.approx(4 / 7)
    # quote kind A: indirect direct indirect, B: indirect mixed indirect -> (2/3 - 4/9) / (1 - 4/9)
    assert m["kappa.quote_kind"] == pytest.approx(2 / 5)
    assert m["kappa.unit"] == pytest.approx(1.0)
    # approximation A: at_least exact, B: at_least about -> (1/2 - 1/4) / (1 - 1/4)
    assert m["kappa.approximation"] == pytest.approx(1 / 3)
    assert m["figures.approximation.accuracy"] == pytest.approx(1 / 2)
    assert m["links.figure_event"] == pytest.approx(1.0) and m["links.figure_entity"] == pytest.approx(1.0)
    b["figures"][0]["event"] = None  # "at least 18" no longer linked to "killing"
    assert agreement([a], [b])["metrics"]["links.figure_event"] == pytest.approx(1 / 2)
    b["figures"][0]["event"] = "V2"
    found = {(d.layer, d.what, d.text, d.a, d.b) for d in disagreements(a, b)}
    assert found == {
        ("entities", "type", "army", "ORG", "PER"),
        ("events", "factuality", "ceasefire", "hypothetical", "planned"),
        ("quotes", "kind", "There has to be a pause", "direct", "mixed"),
        ("figures", "approximation", "five-day", "exact", "about"),
    }


def test_agreement_is_symmetric(small_record):
    a, b = _crafted_pair(small_record)
    del b["figures"][1]  # also a figure only in A
    ab, ba = agreement([a], [b])["metrics"], agreement([b], [a])["metrics"]
    assert ab == ba


def test_boundaries_items_on_one_side_and_clusters_are_listed(small_record):
    a = small_record
    b = copy.deepcopy(a)
    obs = next(m for e in b["entities"] for m in e["mentions"] if m["text"] == "Syrian Observatory for Human Rights")
    obs["start"] -= 4
    obs["text"] = b["text"][obs["start"]:obs["end"]]  # "the Syrian Observatory ..."
    b["figures"] = [f for f in b["figures"] if f["id"] != "F2"]
    egeland = next(e for e in b["entities"] if e["id"] == "E5")
    he = egeland["mentions"].pop()
    b["entities"].append({"id": "E9", "type": "PER", "wikidata": None, "mentions": [he]})
    assert validate_record(b) == []
    got = {(d.layer, d.what): d for d in disagreements(a, b)}
    assert got[("entities", "boundary")].text == "Syrian Observatory for Human Rights"
    assert got[("figures", "only_a")].text == "five-day" and got[("figures", "only_a")].b is None
    clusters = got[("coreference", "clusters")]
    assert clusters.a == "{'Jan Egeland', 'He'}" and clusters.b == "{'Jan Egeland'} | {'He'}"
    # The speaker of the "according to" quote is the mention whose boundary moved: listed too.
    assert set(got) == {("entities", "boundary"), ("figures", "only_a"), ("coreference", "clusters"), ("quotes", "speaker")}


def test_an_argument_through_another_mention_of_the_same_entity_is_no_disagreement(small_record):
    a = small_record
    b = copy.deepcopy(a)
    v1 = next(v for v in b["events"] if v["id"] == "V1")
    target = next(g for g in v1["arguments"] if g["role"] == "target")
    target["ref"] = "M2"  # another mention of Aleppo
    assert [d for d in disagreements(a, b) if d.layer == "arguments"] == []
    target["role"] = "place"
    [d] = [d for d in disagreements(a, b) if d.layer == "arguments"]
    assert (d.a, d.b) == ("target → 'Aleppo'", "place → 'Aleppo'")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd")), min_size=1, max_size=40))
def test_kappa_matches_scikit_learn(pairs):
    metrics = pytest.importorskip("sklearn.metrics")
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    ours = cohen_kappa(a, b)
    if len(set(a) | set(b)) == 1:
        assert ours == 1.0  # sklearn gives nan: both used one label and agree on every item
        return
    assert ours == pytest.approx(metrics.cohen_kappa_score(a, b))


def test_kappa_of_nothing_is_none_and_lengths_must_match():
    assert cohen_kappa([], []) is None
    with pytest.raises(ValueError):
        cohen_kappa(["a"], [])


def test_cli_agree_json_and_disagreements_file(tmp_path, small_record, capsys):
    a, b = _crafted_pair(small_record)
    pa, pb = tmp_path / "a.json", tmp_path / "b.json"
    pa.write_text(dumps_record(a), encoding="utf-8")
    pb.write_text(dumps_record(b), encoding="utf-8")
    out, dis = tmp_path / "agree.json", tmp_path / "dis.jsonl"
    assert main(["agree", str(pa), str(pb), "--format", "json", "--output", str(out), "--disagreements", str(dis)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["metrics"]["kappa.quote_kind"] == pytest.approx(0.4)
    lines = [json.loads(x) for x in dis.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 4 == len(result["disagreements"])
    assert {x["what"] for x in lines} == {"type", "factuality", "kind", "approximation"}
    assert main(["agree", str(pa), str(pb)]) == 0
    table = capsys.readouterr().out
    assert "factuality κ" in table and "57.1" in table


def test_cli_agree_refuses_other_texts_and_no_common_document(tmp_path, small_record, capsys):
    a = small_record
    b = copy.deepcopy(a)
    b["text"] = b["text"].replace("Thursday", "Thursday")  # same text: control
    c = copy.deepcopy(a)
    c["id"] = "t-0002"
    pa, pc = tmp_path / "a.json", tmp_path / "c.json"
    pa.write_text(dumps_record(a), encoding="utf-8")
    pc.write_text(dumps_record(c), encoding="utf-8")
    assert main(["agree", str(pa), str(pc)]) == 1
    assert "no document is in both" in capsys.readouterr().err
    d = copy.deepcopy(a)
    d["text"] = a["text"] + "More.\n"
    pd = tmp_path / "d.json"
    pd.write_text(dumps_record(d), encoding="utf-8")
    assert main(["agree", str(pa), str(pd)]) == 1
    assert "another text" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["agree", str(pa), str(bad)]) == 1
    assert "malformed JSON" in capsys.readouterr().err


def test_all_disagreements_covers_every_common_document(small_record):
    a, b = _crafted_pair(small_record)
    a2, b2 = copy.deepcopy(a), copy.deepcopy(b)
    a2["id"] = b2["id"] = "t-0002"
    assert len(all_disagreements([a, a2], [b2, b])) == 8


def _study_corpus(tmp_path, first, second, gold):
    from dateline.agree import STUDY_DIR

    root = tmp_path / "corpus" / STUDY_DIR
    for name, rec in (("first", first), ("second", second)):
        (root / name).mkdir(parents=True, exist_ok=True)
        (root / name / f"{rec['id']}.json").write_text(dumps_record(rec), encoding="utf-8")
    (root / "adjudication").mkdir(exist_ok=True)
    decisions = [{"decision": "first", "gap": False}, {"decision": "second", "gap": True},
                 {"decision": "other", "gap": False}, {"decision": "second", "gap": False},
                 {"decision": "other", "shared": True}]
    (root / "adjudication" / f"{gold['id']}.json").write_text(json.dumps(decisions), encoding="utf-8")
    return tmp_path / "corpus"


def test_the_agreement_table_is_made_from_the_committed_annotations(tmp_path, small_record):
    from dateline.agree import study, study_markdown

    a, b = _crafted_pair(small_record)
    corpus = _study_corpus(tmp_path, a, b, a)
    table = study_markdown(study(corpus, [a]))
    assert "Over **1 documents** annotated twice (1 train, 0 validation, 0 test)" in table
    assert "| events | factuality κ | 57.1 | 100.0 | 57.1 |" in table  # blind, first vs gold (= first), second vs gold
    assert "4 disagreements**: 1 for the first pass, 2 for the second, 1 for neither" in table
    assert "1 were cases the guidelines had not decided" in table
    assert "fixed 1 errors that both passes shared" in table
    # Change the second annotation on disk: the table changes with it, so a committed table would be stale.
    b["quotes"][1]["kind"] = "direct"
    (corpus / "annotations" / "second" / "t-0001.json").write_text(dumps_record(b), encoding="utf-8")
    again = study_markdown(study(corpus, [a]))
    assert again != table and "| quotes | kind κ | 100.0 | 100.0 | 100.0 |" in again
    assert study_markdown(study(tmp_path / "nowhere", [a])) == "No document has been annotated twice yet."


def test_an_invalid_study_annotation_stops_the_build(tmp_path, small_record):
    from dateline.agree import study
    from dateline.corpus import CorpusError

    a, b = _crafted_pair(small_record)
    b["entities"][0]["mentions"][0]["text"] = "navy"
    corpus = _study_corpus(tmp_path, a, b, a)
    with pytest.raises(CorpusError) as err:
        study(corpus, [a])
    assert "does not match" in str(err.value.problems[0])


@pytest.mark.parametrize("content, path", [("[{\"decision\": \"maybe\"}]", "$[0].decision"), ("{}", "$"), ("[", "$")])
def test_a_bad_adjudication_file_is_named(tmp_path, small_record, content, path):
    from dateline.agree import study
    from dateline.corpus import CorpusError

    a, b = _crafted_pair(small_record)
    corpus = _study_corpus(tmp_path, a, b, a)
    (corpus / "annotations" / "adjudication" / "t-0001.json").write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        study(corpus, [a])
    problem = err.value.problems[0]
    assert problem.where.endswith("t-0001.json") and problem.path == path
