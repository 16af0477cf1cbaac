"""The dataset card as the Hugging Face Hub reads it, and ``dateline export hub``.

Checked offline, with what ``huggingface_hub`` and ``datasets`` ship: the card parses as a
``DatasetCard``; creators, multilinguality, size category and language come from the value lists
``datasets`` carries (``datasets/utils/resources``); ``configs`` and ``dataset_info`` parse with the
classes the Hub's loader uses and agree with the Parquet files; the card has every section of
``huggingface_hub``'s dataset card template that the template does not mark optional.

Not checkable without the network: the Hub's lists of task categories, task ids and licence ids
(``DatasetCard.validate`` posts the card to the Hub), so those three are only checked for shape.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CARD = ROOT / "corpus" / "README.md"


def _card():
    from huggingface_hub import DatasetCard

    return DatasetCard(CARD.read_text(encoding="utf-8"))


def _resource(name: str):
    return json.loads(resources.files("datasets.utils.resources").joinpath(name).read_text(encoding="utf-8"))


def test_card_metadata_uses_the_hub_vocabularies():
    data = _card().data.to_dict()
    creators = _resource("creators.json")
    for field in ("pretty_name", "language", "license", "annotations_creators", "language_creators",
                  "multilinguality", "size_categories", "source_datasets", "task_categories", "task_ids",
                  "configs", "dataset_info"):
        assert data.get(field), f"the card's YAML lacks {field}"
    assert set(data["annotations_creators"]) <= set(creators["annotations"])
    assert set(data["language_creators"]) <= set(creators["language"])
    assert set(data["multilinguality"]) <= set(_resource("multilingualities.json"))
    assert set(data["size_categories"]) <= set(_resource("size_categories.json"))
    assert set(data["language"]) <= set(_resource("languages.json"))
    assert set(data["source_datasets"]) <= {"original", "extended"}
    for field in ("task_categories", "task_ids", "tags"):
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", v) for v in data[field]), field
    # Two sets of terms (CC BY 4.0 and the seed's publisher copyright): the Hub's "other", named and linked.
    assert data["license"] == "other" and data["license_name"] and (ROOT / data["license_link"]).is_file()


def test_card_size_category_counts_the_documents():
    from dateline.hub import size_category

    n = len(list((ROOT / "corpus" / "documents").glob("*.json")))
    assert _card().data.to_dict()["size_categories"] == [size_category(n)]
    assert [size_category(k) for k in (0, 999, 1000, 99_999, 100_000)] == [
        "n<1K", "n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M"]


def test_card_configs_and_dataset_info_match_the_data_files():
    import pyarrow.parquet as pq
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs

    card = _card()
    configs = MetadataConfigs.from_dataset_card_data(card.data)
    infos = DatasetInfosDict.from_dataset_card_data(card.data)
    assert set(configs) == set(infos) == {"documents", "entities", "events", "quotes", "figures"}
    assert configs.get_default_config_name() == "documents"
    for name, config in configs.items():
        files = {f["split"]: f["path"] for f in config["data_files"]}
        assert set(files) == {"train", "validation", "test"}
        for split, path in files.items():
            table = pq.read_table(ROOT / "corpus" / path)
            info = infos[name]
            assert info.splits[split].num_examples == table.num_rows, (name, split)
            assert info.features.arrow_schema.names == table.schema.names, name


def test_card_has_the_template_sections():
    template = resources.files("huggingface_hub").joinpath("templates/datasetcard_template.md").read_text(
        encoding="utf-8")
    required = [m.group(1).strip() for m in re.finditer(r"^#{2,4} (.+)$", template, re.M)
                if "[optional]" not in m.group(1)]
    assert len(required) > 8, "the template's headings could not be read"
    headings = {m.group(1).strip() for m in re.finditer(r"^#{1,4} (.+)$", _card().text, re.M)}
    missing = [h for h in required if h not in headings]
    assert not missing, f"the card lacks the sections {missing}"


def test_card_data_fields_table_names_the_real_columns():
    """The Data Fields table is written by hand: every column it names exists, and none is left out."""
    from dateline.corpus import CONFIGS, features

    text = _card().text
    section = text.split("### Data Fields", 1)[1].split("\n### ", 1)[0]
    for config in CONFIGS:
        row = next(line for line in section.splitlines() if line.startswith(f"| `{config}` |"))
        listed = re.findall(r"`(\w+)`(?: \([^)]*\))?", row.split("|")[2])
        top = [c for c in listed if c in features(config)]
        assert top == list(features(config)), (config, listed)


def test_export_hub_writes_the_card_and_the_parquet_files_only(tmp_path):
    import datasets

    out = tmp_path / "hub"
    got = subprocess.run([sys.executable, "-m", "dateline.cli", "export", "hub", str(out)], capture_output=True,
                         text=True, cwd=ROOT)
    assert got.returncode == 0, got.stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    expected = ["README.md"] + sorted(p.relative_to(ROOT / "corpus").as_posix()
                                      for p in (ROOT / "corpus" / "data").rglob("*.parquet"))
    assert files == sorted(expected)
    assert (out / "README.md").read_bytes() == CARD.read_bytes()
    ds = datasets.load_dataset(str(out), "entities", split="test")
    assert len(ds) == len(json.loads((ROOT / "corpus" / "splits.json").read_text(encoding="utf-8"))["test"])
    assert [p.name for p in tmp_path.iterdir()] == ["hub"], "the export left its staging folder behind"


@pytest.mark.parametrize("make", ["file", "full"])
def test_export_hub_refuses_a_used_target(tmp_path, make):
    out = tmp_path / "hub"
    if make == "file":
        out.write_text("x", encoding="utf-8")
    else:
        out.mkdir()
        (out / "keep.txt").write_text("x", encoding="utf-8")
    got = subprocess.run([sys.executable, "-m", "dateline.cli", "export", "hub", str(out)], capture_output=True,
                         text=True, cwd=ROOT)
    assert got.returncode == 1
    assert "not an empty folder" in got.stderr and "Traceback" not in got.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == (["hub"] if make == "file" else ["hub", "keep.txt"])
