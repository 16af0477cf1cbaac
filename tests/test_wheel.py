"""Dateline without a clone: the wheel carries the corpus, schema, Label Studio configs and baselines.

The wheel is built from this checkout (hatchling, no build isolation, so nothing is fetched) and
installed with ``--no-index`` into a fresh virtual environment. Its dependencies are the test
environment's, seen through one ``.pth`` line: pip's cache holds downloads, not an index it can
install 1 GB of dependencies from offline. The checkout itself is not on that environment's path:
the first check is that ``dateline`` is imported from the fresh environment.

Every command runs from an empty temporary folder with ``HOME`` and ``HF_HOME`` inside it; the
test then checks that the installed package and the checkout are unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("hatchling", reason="the wheel test builds with hatchling: make test installs it (test extra)")


def _run(args, cwd, env, check=True):
    got = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if check and got.returncode:
        pytest.fail(f"{' '.join(map(str, args))} exited {got.returncode}:\n{got.stdout[-3000:]}\n{got.stderr[-3000:]}",
                    pytrace=False)
    return got


def _tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def _git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                          capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(python, dateline executable, package folder, environment) of a fresh venv with the wheel."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
          "-w", str(dist), str(ROOT)], cwd=base, env=os.environ.copy())
    wheels = list(dist.glob("dateline-*.whl"))
    assert len(wheels) == 1, wheels
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=base, env=os.environ.copy())
    python = venv / "bin" / "python"
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=base,
                     env=os.environ.copy()).stdout.strip())
    (site / "dateline-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
          str(wheels[0])], cwd=base, env=os.environ.copy())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "HF_", "VIRTUAL_ENV"))}
    env.update(HOME=str(base / "home"), HF_HOME=str(base / "hf"), HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1",
               PATH=f"{venv / 'bin'}:{env.get('PATH', '')}")
    return python, venv / "bin" / "dateline", site / "dateline", env, wheels[0]


def test_wheel_carries_data_and_baselines(installed):
    *_, wheel = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for member in ("dateline/data/schema/dateline.schema.json", "dateline/data/corpus/README.md",
                   "dateline/data/corpus/splits.json", "dateline/data/annotation/dateline.xml",
                   "dateline/baselines/__init__.py", "dateline/baselines/figures_rules.py",
                   "dateline/baselines/models/crf_ner.json"):
        assert member in names, f"the wheel lacks {member}"
    documents = sorted(p.name for p in (ROOT / "corpus" / "documents").glob("*.json"))
    packed = sorted(Path(n).name for n in names if n.startswith("dateline/data/corpus/documents/"))
    assert packed == documents
    for config in ("documents", "entities", "events", "quotes", "figures"):
        assert any(n.startswith(f"dateline/data/corpus/data/{config}/") and n.endswith(".parquet") for n in names)
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_installed_commands_work_from_any_folder(installed, tmp_path):
    python, dateline, package, env, _ = installed
    before_package, before_checkout = _tree_digest(package), _git_status()
    work = tmp_path / "work"
    work.mkdir()

    where = _run([python, "-c", "import dateline; print(dateline.__file__); print(dateline.corpus_path())"],
                 cwd=work, env=env).stdout.split()
    assert Path(where[0]).parent == package, "dateline was not imported from the fresh venv"
    assert Path(where[1]) == package / "data" / "corpus"

    n_docs = len(list((ROOT / "corpus" / "documents").glob("*.json")))
    got = _run([dateline, "validate"], cwd=work, env=env)
    assert f"{n_docs} record(s) valid" in got.stdout
    assert "packaged with dateline" in got.stderr

    got = _run([dateline, "stats"], cwd=work, env=env)
    splits = json.loads((ROOT / "corpus" / "splits.json").read_text(encoding="utf-8"))
    test_row = next(line for line in got.stdout.splitlines() if " test " in line)
    assert f" {len(splits['test'])} " in test_row

    got = _run([dateline, "bench", "--baselines", "figures_rules", "--n-boot", "50", "--no-progress"], cwd=work, env=env)
    board = json.loads((work / "bench-out" / "leaderboard.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in board["systems"]] == ["figures_rules"]
    scores = json.loads((work / "bench-out" / "figures_rules.scores.json").read_text(encoding="utf-8"))
    assert scores["headline"]["figures.span.f1"]["value"] > 0.5
    assert "packaged with dateline" in got.stdout

    _run([dateline, "score", "--predictions", "bench-out/figures_rules.jsonl", "--n-boot", "20", "--format", "json",
          "--output", "score.json"], cwd=work, env=env)
    score = json.loads((work / "score.json").read_text(encoding="utf-8"))
    assert score["layers"] == ["figures"] and score["documents"] == len(splits["test"])

    _run([dateline, "labelstudio", "tasks", "--out", "tasks.json"], cwd=work, env=env)
    assert len(json.loads((work / "tasks.json").read_text(encoding="utf-8"))) == n_docs

    got = _run([python, "-c", "import dateline, datasets; "
                "ds = datasets.load_dataset(str(dateline.corpus_path()), 'entities', split='test'); "
                "print(len(ds), ds.features['ner_tags'].feature.names[:3])"], cwd=work, env=env)
    assert got.stdout.split()[0] == str(len(splits["test"]))

    made = sorted(p.relative_to(work).as_posix() for p in work.iterdir())
    assert made == ["bench-out", "score.json", "tasks.json"]
    assert _tree_digest(package) == before_package, "a command wrote inside the installed package"
    assert _git_status() == before_checkout, "a command wrote inside the checkout"


def test_installed_commands_use_the_clone_they_run_in(installed):
    """Inside a clone, the installed dateline reads that clone's corpus, and says so."""
    _, dateline, _, env, _ = installed
    got = _run([dateline, "--version"], cwd=ROOT / "docs", env=env)
    assert f"at {ROOT / 'corpus'}" in got.stdout
    got = _run([dateline, "validate"], cwd=ROOT / "docs", env=env)
    assert f"from clone {ROOT}" in got.stderr
