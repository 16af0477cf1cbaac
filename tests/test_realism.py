"""The realism profile of the card: our statistics against the project's check tool, and the bands."""

from __future__ import annotations

import importlib.util

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.corpus import load_corpus
from dateline.realism import BANDS, corpus_profile, document_profile, realism_markdown

from conftest import CORPUS, ROOT

TOOL = ROOT.parent / "shared" / "tools" / "realism_profile.py"


@pytest.fixture(scope="module")
def reference():
    if not TOOL.is_file():
        pytest.skip(f"the check tool is not beside the checkout ({TOOL})")
    spec = importlib.util.spec_from_file_location("realism_profile", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_document_statistics_equal_the_check_tool_on_every_document(reference):
    for record in load_corpus(CORPUS):
        ours, theirs = document_profile(record["text"]), reference.profile(record["text"])
        assert ours == pytest.approx(theirs), record["id"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ9 .,!?'’-\"“”‘\n", max_size=120))
def test_document_statistics_equal_the_check_tool_on_any_text(reference, text):
    assert document_profile(text) == pytest.approx(reference.profile(text))


def test_bands_are_the_check_tools_bands(reference):
    assert {k: (*b.corpus, *b.document) for k, b in BANDS.items()} == reference.BANDS


def test_pooled_value_is_word_weighted_and_the_seed_is_left_out():
    records = load_corpus(CORPUS)
    prof = corpus_profile(records)
    originals = [r for r in records if r["metadata"]["origin"] == "original"]
    assert prof.documents == len(originals) == len(records) - 1
    per = [document_profile(r["text"]) for r in originals]
    words = sum(p["words"] for p in per)
    assert prof.words == words
    key = "mean_sentence_words"
    assert prof.pooled[key] == pytest.approx(sum(p[key] * p["words"] for p in per) / words)


def test_counted_example():
    text = 'Headline here\n\nThe Port of Mombasa said 12 boats left. “Two came back,” she said.'
    p = document_profile(text)
    assert p["words"] == 15
    assert p["numbers_per_100_words"] == pytest.approx(100 * 2 / 15)  # "12", "Two"
    assert p["pct_words_inside_quotes"] == pytest.approx(100 * 3 / 15)  # Two came back
    assert p["capitalised_non_initial_per_100_words"] == pytest.approx(100 * 2 / 15)  # Port, Mombasa (sentence-initial words do not count)
    assert p["pct_paragraphs_with_a_digit"] == pytest.approx(50.0)


def test_markdown_marks_a_value_outside_its_band():
    records = load_corpus(CORPUS)
    table = realism_markdown(records)
    prof = corpus_profile(records)
    for key, band in BANDS.items():
        row = next(line for line in table.splitlines() if line.startswith(f"| {band.label} |"))
        assert f"{prof.pooled[key]:.2f}" in row
        assert ("(above)" in row or "(below)" in row) != band.holds(prof.pooled[key])
