"""``dateline score`` and ``dateline compare`` through the command line: reports, formats,
atomic output, and every kind of bad prediction reported with file, line and field, never a traceback."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SMALL_DRAFT, SMALL_TEXT, small_metadata
from dateline.anchor import anchor_record
from dateline.corpus import build_table, parquet_bytes

README = """---
configs:
- config_name: documents
  data_files:
  - split: train
    path: data/documents/train.parquet
  - split: validation
    path: data/documents/validation.parquet
  - split: test
    path: data/documents/test.parquet
---
"""


def gold_record(rid: str) -> dict:
    return anchor_record(SMALL_TEXT, small_metadata("test"), rid, copy.deepcopy(SMALL_DRAFT))


GOLD = [gold_record("t-0001"), gold_record("t-0002")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    # every split needs a record: the datasets library reads them all
    for split, records in (("train", [gold_record("t-0101")]), ("validation", [gold_record("t-0201")]), ("test", GOLD)):
        path = root / "data" / "documents" / f"{split}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(parquet_bytes(build_table(records, "documents")))
    (root / "README.md").write_text(README, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    cache = tmp_path_factory.mktemp("hf")
    return {**os.environ, "HF_HOME": str(cache), "HF_DATASETS_CACHE": str(cache / "datasets"), "HF_HUB_OFFLINE": "1"}


def run(env, *args) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "dateline.cli", *map(str, args)], capture_output=True, text=True,
                            env=env)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


def score(env, corpus, preds, *more):
    return run(env, "score", "--predictions", preds, "--gold", corpus, "--n-boot", 20, *more)


def test_perfect_predictions_as_json(env, corpus, tmp_path):
    preds = write_jsonl(tmp_path / "preds.jsonl", GOLD)
    result = score(env, corpus, preds, "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["documents"] == 2 and out["missing_documents"] == []
    assert out["layers"] == ["entities", "events", "quotes", "figures"]
    assert all(h["value"] == 1.0 and h["ci"] == [1.0, 1.0] for h in out["headline"].values())
    assert out["input"]["problems"] == [] and out["gold"]["split"] == "test"


def test_table_and_markdown(env, corpus, tmp_path):
    preds = write_jsonl(tmp_path / "preds.jsonl", GOLD)
    table = score(env, corpus, preds)
    assert table.returncode == 0 and "strict.f1" in table.stdout and "100.0" in table.stdout
    md = score(env, corpus, preds, "--format", "markdown")
    assert md.returncode == 0 and "| layer | metric | score % | 95% CI |" in md.stdout


def test_a_folder_of_records_and_a_json_list(env, corpus, tmp_path):
    folder = tmp_path / "preds"
    folder.mkdir()
    for r in GOLD:
        (folder / f"{r['id']}.json").write_text(json.dumps(r), encoding="utf-8")
    assert score(env, corpus, folder, "--format", "json").returncode == 0
    listed = tmp_path / "preds.json"
    listed.write_text(json.dumps(GOLD), encoding="utf-8")
    out = json.loads(score(env, corpus, listed, "--format", "json").stdout)
    assert out["headline"]["entities.strict.f1"]["value"] == 1.0


def test_output_is_written_atomically_and_kept_on_failure(env, corpus, tmp_path):
    preds = write_jsonl(tmp_path / "preds.jsonl", GOLD)
    out = tmp_path / "report.json"
    result = score(env, corpus, preds, "--format", "json", "--output", out)
    assert result.returncode == 0 and result.stdout == ""
    good = out.read_text(encoding="utf-8")
    assert json.loads(good)["documents"] == 2
    bad = write_jsonl(tmp_path / "bad.jsonl", ["{oops"])
    assert score(env, corpus, bad, "--format", "json", "--output", out).returncode == 1
    assert out.read_text(encoding="utf-8") == good
    blocked = tmp_path / "a-folder"
    blocked.mkdir()
    result = score(env, corpus, preds, "--output", blocked)
    assert result.returncode == 1 and "cannot write the output" in result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _bad_mention_span(r):
    r["entities"][0]["mentions"][0].update(start=9990, end=9998)


def _unknown_type(r):
    r["entities"][0]["type"] = "PERSON"


def _duplicate_mention(r):
    m = r["entities"][1]["mentions"][0]
    r["entities"][1]["mentions"].append(dict(m, id="M77"))


def _other_text(r):
    r["text"] = r["text"].replace("Aleppo", "Alepo")


# name: (how the second record is broken, JSON path, words, records skipped, annotations dropped with --lenient)
BAD = {
    "unknown document id": (lambda r: r.update(id="t-9999"), "$.id", "is not in the gold test split", 1, 0),
    "invalid span": (_bad_mention_span, "$.entities[0].mentions[0]", "out of range", 0, 1),
    # the entity goes, and with it the event argument that points at one of its mentions
    "unknown type": (_unknown_type, "$.entities[0].type", "unknown value 'PERSON'", 0, 2),
    "duplicate annotation": (_duplicate_mention, "$.entities[1].mentions[1]", "duplicate annotation", 0, 1),
    "text differs from gold": (_other_text, "$.text", "the text differs from the gold document", 1, 0),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_predictions_are_reported_with_file_line_and_field(env, corpus, tmp_path, name):
    breaker, path, words, skipped, dropped = BAD[name]
    broken = copy.deepcopy(GOLD[1])
    breaker(broken)
    preds = write_jsonl(tmp_path / "preds.jsonl", [GOLD[0], broken])
    result = score(env, corpus, preds)
    assert result.returncode == 1
    assert f"{preds}:2 ({broken['id']}): {path}: " in result.stderr and words in result.stderr, result.stderr
    assert "--lenient" in result.stderr and result.stdout == ""

    result = score(env, corpus, preds, "--lenient", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert words in result.stderr and "lenient:" in result.stderr
    note = json.loads(result.stdout)["input"]
    assert (note["skipped_records"], note["dropped_annotations"]) == (skipped, dropped), note
    assert any(words in p for p in note["problems"])


def test_dropping_an_annotation_drops_what_points_at_it(env, corpus, tmp_path):
    broken = copy.deepcopy(GOLD[1])
    target = broken["events"][0]["arguments"][0]["ref"]  # a mention an event argument points at
    for e in broken["entities"]:
        for m in e["mentions"]:
            if m["id"] == target:
                m["end"] = 9999
    preds = write_jsonl(tmp_path / "preds.jsonl", [broken])
    result = score(env, corpus, preds, "--lenient", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert f"$.events[0].arguments[0].ref: reference {target!r} does not resolve" in result.stderr
    # the mention, then its entity (left without mentions) and the argument (left dangling)
    assert "should be non-empty" in result.stderr
    assert json.loads(result.stdout)["input"]["dropped_annotations"] == 3


def test_duplicate_records_and_malformed_lines(env, corpus, tmp_path):
    preds = write_jsonl(tmp_path / "preds.jsonl", [GOLD[0], "{oops", GOLD[0], GOLD[1]])
    result = score(env, corpus, preds)
    assert result.returncode == 1
    assert f"{preds}:2: $: malformed JSON at line 1" in result.stderr
    assert f"{preds}:3 (t-0001): $.id: document id 't-0001' also appears in {preds}:1" in result.stderr
    result = score(env, corpus, preds, "--lenient", "--format", "json")
    assert result.returncode == 0
    out = json.loads(result.stdout)
    assert out["input"]["skipped_records"] == 2 and out["headline"]["entities.strict.f1"]["value"] == 1.0


def test_lenient_with_every_record_bad(env, corpus, tmp_path):
    preds = write_jsonl(tmp_path / "preds.jsonl", ["{oops", dict(GOLD[0], id="t-9999")])
    result = score(env, corpus, preds, "--lenient", "--layers", "entities", "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["missing_documents"] == ["t-0001", "t-0002"] and out["input"]["skipped_records"] == 2
    assert out["headline"]["entities.strict.f1"]["value"] == 0.0


def test_empty_and_missing_prediction_files(env, corpus, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = score(env, corpus, empty)
    assert result.returncode == 1 and "file is empty" in result.stderr
    result = score(env, corpus, tmp_path / "nope.jsonl", "--lenient")
    assert result.returncode == 1 and "no such file or folder" in result.stderr and "nothing to score" in result.stderr


def test_missing_documents_and_layers(env, corpus, tmp_path):
    only = {k: v for k, v in GOLD[0].items() if k not in ("events", "quotes", "figures", "metadata")}
    preds = write_jsonl(tmp_path / "preds.jsonl", [only])
    result = score(env, corpus, preds, "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["layers"] == ["entities"] and out["missing_documents"] == ["t-0002"]
    assert "1 gold document(s) have no prediction" in result.stderr
    assert out["headline"]["entities.strict.f1"]["value"] == pytest.approx(2 / 3)  # P 1, R 1/2
    result = score(env, corpus, preds, "--format", "json", "--layers", "events")
    assert "layer(s) events requested but not predicted" in result.stderr
    assert json.loads(result.stdout)["headline"]["events.trigger_identification.f1"]["value"] == 0.0


def test_gold_problems(env, corpus, tmp_path):
    preds = write_jsonl(tmp_path / "preds.jsonl", GOLD)
    result = run(env, "score", "--predictions", preds, "--gold", tmp_path / "no-corpus")
    assert result.returncode == 1 and "no gold corpus folder here" in result.stderr
    empty = tmp_path / "empty-corpus"
    empty.mkdir()
    result = run(env, "score", "--predictions", preds, "--gold", empty)
    assert result.returncode == 1 and "cannot load the gold 'test' split" in result.stderr


def test_compare(env, corpus, tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", GOLD)
    worse = copy.deepcopy(GOLD)
    for r in worse:
        r["figures"] = r["figures"][:1]
    b = write_jsonl(tmp_path / "b.jsonl", worse)
    result = run(env, "compare", a, b, "--gold", corpus, "--n-boot", 50, "--format", "json")
    assert result.returncode == 0, result.stderr
    row = json.loads(result.stdout)["comparison"]["figures.span.f1"]
    assert row["a"] == 1.0 and row["difference"] == pytest.approx(1 - 2 / 3)
    assert 0 < row["p_value"] <= 1 and len(row["ci"]) == 2
    table = run(env, "compare", a, b, "--gold", corpus, "--n-boot", 50)
    assert table.returncode == 0 and "figures.span.f1" in table.stdout and "a.jsonl" in table.stdout


def test_error_codes_are_unique():
    # a repeated name in the Errors table would silently replace a message
    import ast

    import dateline.errors

    tree = ast.parse(Path(dateline.errors.__file__).read_text(encoding="utf-8"))
    names = [t.id for node in ast.walk(tree) if isinstance(node, ast.Assign) for t in node.targets
             if isinstance(t, ast.Name)]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
