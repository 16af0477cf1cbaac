"""The dataset card's metadata for the Hugging Face Hub, and the folder to upload as a Hub dataset.

The card (``corpus/README.md``) starts with YAML front matter that the Hub reads: licence, creators,
size, tasks, the configs with their data files, and ``dataset_info`` (features and split sizes).
:func:`card_metadata` computes all of it from the records and the schema, and ``dateline build``
writes it, so the numbers never drift from the corpus. :func:`export_hub` writes the card and the
Parquet files of every config into a folder, nothing else: ``huggingface-cli upload`` it as is.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from .corpus import CONFIGS, SPLITS, build_table, data_file, features

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)

# What the Hub cannot compute: how the texts and the annotations were made, and under which terms.
CARD_FIELDS: dict[str, Any] = {
    "pretty_name": "Dateline",
    "language": ["en"],
    # Two sets of terms: CC BY 4.0 for the originals and every annotation, the publisher's copyright
    # for the seed text (research use). The Hub has one id for "more than one licence": other.
    "license": "other",
    "license_name": "dateline-data",
    "license_link": "LICENSE",
    "annotations_creators": ["machine-generated"],
    "language_creators": ["machine-generated", "found"],
    "multilinguality": ["monolingual"],
    "source_datasets": ["original"],
    "task_categories": ["token-classification"],
    "task_ids": ["named-entity-recognition"],
    "tags": ["news", "information-extraction", "named-entity-recognition", "coreference-resolution",
             "event-extraction", "event-argument-extraction", "factuality", "quotation-attribution",
             "numeral-understanding"],
}


def size_category(n: int) -> str:
    """The Hub's size bucket for ``n`` examples (documents)."""
    bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")]
    for bound, name in bounds:
        if n < bound:
            return name
    return "1M<n<10M"


def configs_metadata() -> list[dict[str, Any]]:
    """The ``configs`` list: each config's data files per split (``documents`` is the default)."""
    out = []
    for config in CONFIGS:
        entry: dict[str, Any] = {"config_name": config}
        if config == "documents":
            entry["default"] = True
        entry["data_files"] = [{"split": s, "path": f"data/{config}/{s}.parquet"} for s in SPLITS]
        out.append(entry)
    return out


def dataset_info(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``dataset_info`` as the Hub writes it: per config its features and the rows and bytes per split."""
    import datasets

    infos = {}
    for config in CONFIGS:
        splits = datasets.SplitDict()
        for split in SPLITS:
            table = build_table([r for r in records if r["metadata"]["split"] == split], config)
            splits.add(datasets.SplitInfo(name=split, num_bytes=table.nbytes, num_examples=table.num_rows))
        infos[config] = datasets.DatasetInfo(features=features(config), splits=splits,
                                             dataset_size=sum(s.num_bytes for s in splits.values()))
    from datasets.info import DatasetInfosDict

    card = DatasetInfosDict(infos)
    from huggingface_hub import DatasetCardData

    data = DatasetCardData()
    card.to_dataset_card_data(data)
    return data.to_dict()["dataset_info"]


def card_metadata(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The card's whole YAML front matter, as a dict in the order it is written."""
    return {**CARD_FIELDS, "size_categories": [size_category(len(records))], "configs": configs_metadata(),
            "dataset_info": dataset_info(records)}


def front_matter(records: list[dict[str, Any]]) -> str:
    import yaml

    body = yaml.safe_dump(card_metadata(records), sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{body}---\n"


def fill_front_matter(card: str, records: list[dict[str, Any]]) -> str:
    """The card with its front matter replaced by the generated one (added if it has none)."""
    return front_matter(records) + FRONT_MATTER.sub("", card, count=1)


class ExportError(Exception):
    """A Hub export that cannot be written (the target is not an empty folder, a file is missing)."""


def export_hub(corpus: Path, out: Path) -> list[Path]:
    """Write the card and the Parquet files of ``corpus`` into ``out`` (which must not exist or be empty).

    The folder is assembled beside ``out`` and moved into place, so a failed export leaves nothing."""
    corpus, out = Path(corpus), Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out}: exists and is not an empty folder; choose a new folder")
    files = [Path("README.md")] + [data_file(Path("."), c, s) for c in CONFIGS for s in SPLITS]
    missing = [f.as_posix() for f in files if not (corpus / f).is_file()]
    if missing:
        raise ExportError(f"{corpus}: missing {', '.join(missing)}: run 'dateline build' in the clone first")
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for f in files:
            (stage / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(corpus / f, stage / f)
        if out.exists():
            out.rmdir()
        stage.rename(out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return [out / f for f in files]
