"""The corpus as shipped: data files current, splits as published, loadable offline, pilot as specified."""

from __future__ import annotations

import json
import os
from collections import Counter

import pyarrow.parquet as pq
import pytest

from dateline.build import generated_texts, orphan_charts
from dateline.corpus import CONFIGS, SPLITS, data_file, expected_data_files, features, load_corpus, read_manifest, split_manifest
from dateline.schema import canary

from conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def records():
    return load_corpus(CORPUS)


def test_data_files_match_the_source_documents(records):
    stale = []
    for path, table in expected_data_files(records, CORPUS).items():
        if not path.is_file() or not pq.read_table(path).equals(table):
            stale.append(str(path.relative_to(ROOT)))
        elif pq.read_schema(path).metadata != table.schema.metadata:
            stale.append(f"{path.relative_to(ROOT)} (features)")
    assert stale == [], "stale data files: run `make build` and commit: " + ", ".join(stale)


def test_generated_markdown_is_current(records):
    """Generated blocks, site pages (schema and CLI reference), charts and the site's schema copy."""
    expected = generated_texts(ROOT, records)
    stale = [str(p.relative_to(ROOT)) for p, text in expected.items()
             if not p.is_file() or p.read_text(encoding="utf-8") != text]
    stale += [f"{p.relative_to(ROOT)} (no chart makes it)" for p in orphan_charts(ROOT, expected)]
    assert stale == [], "stale generated files: run `make build` and commit: " + ", ".join(stale)


def test_splits_are_the_published_ones(records):
    assert split_manifest(records) == read_manifest(CORPUS)


def test_every_record_carries_the_canary_and_its_origin(records):
    assert all(r["metadata"]["canary"] == canary() for r in records)
    seed = [r for r in records if r["metadata"]["origin"] == "seed"]
    assert [r["id"] for r in seed] == ["dl-0000"]
    assert seed[0]["metadata"]["split"] == "test"
    assert "copyright stays with its publisher" in seed[0]["metadata"]["copyright"].lower()


def test_pilot_spread(records):
    originals = [r for r in records if r["metadata"]["origin"] == "original"]
    assert len(originals) >= 20
    assert len({r["metadata"]["topic"] for r in originals}) >= 8
    assert len({r["metadata"]["style"] for r in originals}) >= 5
    for r in originals:
        words = len(r["text"].split())
        assert 250 <= words <= 1000, (r["id"], words)  # writing rules v2
        for layer in ("entities", "events", "quotes", "figures"):
            assert r[layer], f"{r['id']} has no {layer}"


def test_seed_counts_are_what_the_gold_says(records):
    expected = json.loads((ROOT / "tests" / "data" / "seed_counts.json").read_text())
    seed = next(r for r in records if r["id"] == "dl-0000")
    got = {
        "entities": len(seed["entities"]),
        "mentions": sum(len(e["mentions"]) for e in seed["entities"]),
        "events": len(seed["events"]),
        "arguments": sum(len(v["arguments"]) for v in seed["events"]),
        "quotes": len(seed["quotes"]),
        "figures": len(seed["figures"]),
        "entity_types": dict(Counter(e["type"] for e in seed["entities"])),
        "quote_kinds": dict(Counter(q["kind"] for q in seed["quotes"])),
    }
    assert got == expected


@pytest.fixture(scope="module")
def hf_env(tmp_path_factory):
    cache = tmp_path_factory.mktemp("hf")
    old = dict(os.environ)
    os.environ.update(HF_HOME=str(cache), HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1")
    yield cache
    os.environ.clear()
    os.environ.update(old)


@pytest.mark.parametrize("config", CONFIGS)
def test_load_dataset_every_config_and_split_offline(records, hf_env, config):
    from datasets import load_dataset

    manifest = read_manifest(CORPUS)
    for split in SPLITS:
        ds = load_dataset(str(CORPUS), config, split=split, cache_dir=str(hf_env))
        assert ds.num_rows == len(manifest[split])
        assert sorted(ds["id"]) == sorted(manifest[split])
        assert ds.features == features(config)


def test_documents_config_round_trips_the_records(records, hf_env):
    from datasets import load_dataset

    ds = load_dataset(str(CORPUS), "documents", split="test", cache_dir=str(hf_env))
    by_id = {r["id"]: r for r in records}
    for row in ds:
        gold = by_id[row["id"]]
        # Parquet stores ints as floats only where the schema says number: compare values.
        assert row["text"] == gold["text"]
        assert row["metadata"] == gold["metadata"]
        assert json.loads(json.dumps(row["entities"])) == gold["entities"]
        assert row["quotes"] == gold["quotes"]
        assert [dict(f, value=f["value"]) for f in row["figures"]] == gold["figures"]


def test_entities_config_has_conll_style_tags(records, hf_env):
    from datasets import load_dataset

    ds = load_dataset(str(CORPUS), "entities", split="train", cache_dir=str(hf_env))
    names = ds.features["ner_tags"].feature.names
    assert names[0] == "O" and "B-PER" in names and "I-GPE" in names
    row = ds[0]
    assert len(row["tokens"]) == len(row["ner_tags"]) == len(row["token_offsets"])
    tags = [names[t] for t in row["ner_tags"]]
    assert any(t.startswith("B-") for t in tags)
    for (s, e), tok in zip(row["token_offsets"], row["tokens"]):
        assert row["text"][s:e] == tok


def test_gold_triggers_are_one_word(records):
    # guidelines v1.1, events: "Multi-word expressions" (the head of a compound, the verb of a phrasal verb)
    multi = [(r["id"], v["trigger"]["text"]) for r in records for v in r["events"]
             if any(c.isspace() for c in v["trigger"]["text"])]
    assert multi == []


def test_every_double_annotated_document_has_its_adjudication(records):
    study = CORPUS / "annotations"
    first = {p.stem for p in (study / "first").glob("*.json")}
    second = {p.stem for p in (study / "second").glob("*.json")}
    decided = {p.stem for p in (study / "adjudication").glob("*.json")}
    assert first == second == decided
    assert first <= {r["id"] for r in records}
