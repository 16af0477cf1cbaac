"""Story families: the `story` field, the rule that a family stays in one split, and the card's table."""

from __future__ import annotations

import copy
import json

import pytest

from dateline.build import check_splits
from dateline.cli import main
from dateline.corpus import corpus_version, family_problems, load_corpus, read_manifest
from dateline.new import new_record
from dateline.stats import families, families_markdown
from dateline.validate import validate_record

from conftest import CORPUS, SMALL_TEXT

META = {"date": "2026-03-01", "publisher": "Harbour Tribune", "topic": "conflict", "style": "wire", "split": "train"}


def _family(records, story, *ids):
    """The corpus with one family only: ``ids`` tell ``story``, every other document is in none."""
    out = copy.deepcopy(records)
    for r in out:
        r["metadata"]["story"] = story if r["id"] in ids else None
    return out


def test_story_defaults_to_null_and_is_checked_by_the_schema():
    record, problems = new_record("dl-0999", SMALL_TEXT, META)
    assert problems == [] and record["metadata"]["story"] is None
    record, problems = new_record("dl-0999", SMALL_TEXT, META | {"story": "st-0042"})
    assert problems == [] and record["metadata"]["story"] == "st-0042"
    _, problems = new_record("dl-0999", SMALL_TEXT, META | {"story": "harbour strike"})
    assert [p.path for p in problems] == ["$.metadata.story"]
    del record["metadata"]["story"]
    assert any("story" in p.message for p in validate_record(record))


def test_cli_new_takes_story(tmp_path):
    text = tmp_path / "doc.txt"
    text.write_text(SMALL_TEXT, encoding="utf-8")
    out = tmp_path / "dl-0500.json"
    args = ["new", "--text", str(text), "--id", "dl-0500", "--out", str(out), "--story", "st-0007",
            *[a for k, v in META.items() for a in (f"--{k}", v)]]
    assert main(args) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["metadata"]["story"] == "st-0007"


def test_a_family_in_two_splits_is_named_with_its_documents():
    records = load_corpus(CORPUS)
    by_split = {}
    for r in records:
        by_split.setdefault(r["metadata"]["split"], r["id"])
    one_split = _family(records, "st-0001", *[r["id"] for r in records if r["metadata"]["split"] == "train"][:2])
    assert family_problems(one_split) == []
    spanning = _family(records, "st-0001", by_split["train"], by_split["test"])
    (problem,) = family_problems(spanning)
    assert "st-0001" in problem and by_split["train"] in problem and by_split["test"] in problem
    with pytest.raises(SystemExit, match="st-0001"):
        check_splits(CORPUS.parent, spanning)


def test_the_corpus_families_never_span_splits():
    assert family_problems(load_corpus(CORPUS)) == []


def test_families_table_lists_each_family_once_with_its_styles():
    records = load_corpus(CORPUS)
    train = [r for r in records if r["metadata"]["split"] == "train"][:3]
    fam = _family(records, "st-0003", *[r["id"] for r in train])
    assert list(families(fam)) == ["st-0003"]
    table = families_markdown(fam)
    assert "**1** story families, **3** documents; train: 1 families, 3 documents." in table
    row = next(line for line in table.splitlines() if line.startswith("| st-0003 "))
    assert all(r["id"] in row and r["metadata"]["style"] in row for r in train)
    assert families_markdown([r for r in records if r["metadata"]["story"] is None]) == "No story families yet."


def test_corpus_version_is_read_from_splits_json(tmp_path):
    manifest = json.loads((CORPUS / "splits.json").read_text(encoding="utf-8"))
    assert corpus_version(CORPUS) == manifest.get("version", "0.1.0")
    (tmp_path / "splits.json").write_text(json.dumps({"train": ["a"], "validation": [], "test": []}))
    assert corpus_version(tmp_path / "nowhere") == "unreleased"
    assert corpus_version(tmp_path) == "0.1.0"
    assert read_manifest(tmp_path) == {"train": ["a"], "validation": [], "test": []}
