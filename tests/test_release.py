"""Release hygiene: versions that agree, ``dateline --version``, and a benchmark that leaves the tree clean."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

import dateline
from dateline.corpus import corpus_version
from dateline.schema import schema_version

from conftest import ROOT

# The extras `make test` adds on top of what `make bench` installs.
NOT_FOR_BENCH = ("pytest", "hypothesis", "nervaluate", "mkdocs", "material", "mkdocstrings", "playwright",
                 "label_studio_sdk")


def test_the_package_version_is_one_number_everywhere():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert project["version"] == dateline.__version__ == citation["version"]


def test_citation_file_has_what_github_and_zenodo_read():
    # Checked against CFF 1.2.0's required keys; the full CFF schema is not checked offline.
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "version", "date-released", "license"):
        assert citation.get(key), key
    assert set(citation["license"]) == {"Apache-2.0", "CC-BY-4.0"}


def test_licence_files_name_every_part():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    for part in ("Apache-2.0", "CC-BY-4.0", "dl-0000"):
        assert part in text, part


def test_version_names_package_schema_and_corpus_release():
    out = subprocess.run([sys.executable, "-m", "dateline.cli", "--version"], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.startswith(f"dateline {dateline.__version__} ")
    assert f"schema {schema_version()}" in out
    assert f"corpus {corpus_version(ROOT / 'corpus')} at " in out


def without_test_extras(folder: Path) -> dict[str, str]:
    """An environment in which the packages only `make test` installs cannot be imported."""
    (folder / "sitecustomize.py").write_text(
        "import sys\n"
        f"BLOCKED = {NOT_FOR_BENCH!r}\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in BLOCKED:\n"
        "            raise ImportError(f'{name} is not installed by make bench')\n"
        "sys.meta_path.insert(0, Block())\n", encoding="utf-8")
    return {**os.environ, "PYTHONPATH": str(folder)}


def test_make_bench_leaves_the_tree_clean(tmp_path):
    """What `make bench` publishes (`dateline bench --publish docs`) is byte for byte what is committed.

    It runs with only what `make bench` installs: a bench that imported a test-only package would fail."""
    docs = tmp_path / "docs"
    done = subprocess.run([sys.executable, "-m", "dateline.cli", "bench", "--out", str(tmp_path / "out"),
                           "--publish", str(docs), "--no-progress"], capture_output=True, text=True, cwd=ROOT,
                          env=without_test_extras(tmp_path))
    assert done.returncode == 0, done.stderr
    published = sorted(p.relative_to(docs) for p in docs.rglob("*") if p.is_file())
    assert published, "nothing published"
    stale = [str(p) for p in published if (docs / p).read_bytes() != (ROOT / "docs" / p).read_bytes()]
    assert not stale, f"the committed leaderboard is not what make bench publishes: {stale}; run make bench and commit"
    committed = sorted(p.relative_to(ROOT / "docs") for p in (ROOT / "docs" / "assets" / "leaderboard").iterdir())
    assert set(committed) <= set(published), "a committed leaderboard file that bench no longer writes"
