"""The production line's record tools: dateline new (empty valid records) and dateline draft (record -> anchored draft)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.anchor import anchor_for, anchor_record, draft_from_record
from dateline.cli import main
from dateline.corpus import load_corpus
from dateline.new import new_record, next_id
from dateline.schema import canary
from dateline.validate import validate_record

from conftest import CORPUS, SMALL_TEXT

META = {"date": "2026-03-01", "publisher": "Harbour Tribune", "topic": "conflict", "style": "wire", "split": "train"}


def test_new_record_is_valid_empty_and_carries_canary_and_licence():
    record, problems = new_record("dl-0999", SMALL_TEXT, META)
    assert problems == []
    assert validate_record(record) == []
    assert record["text"] == SMALL_TEXT
    assert record["metadata"]["canary"] == canary()
    assert record["metadata"]["licence"] == "CC-BY-4.0" and record["metadata"]["origin"] == "original"
    assert record["metadata"]["title"] == "Army shells Aleppo"  # the first line
    assert all(record[layer] == [] for layer in ("entities", "events", "quotes", "figures"))


def test_new_record_names_what_is_missing_or_unknown():
    meta = {k: v for k, v in META.items() if k != "topic"} | {"colour": "red"}
    record, problems = new_record("dl-0999", SMALL_TEXT, meta)
    assert record == {}
    paths = {p.path for p in problems}
    assert paths == {"$.metadata.topic", "$.metadata.colour"}
    _, problems = new_record("dl-0999", "  \n", META)
    assert any(p.path == "$.text" for p in problems)
    _, problems = new_record("dl-0999", SMALL_TEXT, META | {"style": "sonnet"})
    assert problems and problems[0].path.startswith("$.metadata.style")


def test_next_id_counts_in_the_documents_folder(tmp_path):
    assert next_id(tmp_path) == "dl-0000"
    (tmp_path / "dl-0007.json").write_text("{}")
    (tmp_path / "notes.json").write_text("{}")
    assert next_id(tmp_path) == "dl-0008"


def test_cli_new_writes_a_valid_record_and_never_overwrites(tmp_path, capsys):
    text, meta = tmp_path / "doc.txt", tmp_path / "meta.json"
    text.write_text(SMALL_TEXT, encoding="utf-8")
    meta.write_text(json.dumps({k: v for k, v in META.items() if k != "split"}), encoding="utf-8")
    docs = tmp_path / "documents"
    docs.mkdir()
    args = ["new", "--text", str(text), "--metadata", str(meta), "--split", "test", "--documents", str(docs)]
    assert main(args) == 0
    written = docs / "dl-0000.json"
    record = json.loads(written.read_text(encoding="utf-8"))
    assert record["metadata"]["split"] == "test" and validate_record(record) == []
    assert main(args + ["--id", "dl-0000"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(args) == 0 and (docs / "dl-0001.json").is_file()  # the next free id
    assert main(["validate", str(docs)]) == 0


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe bad", "not valid UTF-8"),
])
def test_cli_new_bad_text(tmp_path, capsys, content, message):
    text = tmp_path / "doc.txt"
    text.write_bytes(content)
    out = tmp_path / "out.json"
    assert main(["new", "--text", str(text), "--date", "2026-01-01", "--publisher", "X", "--topic", "health",
                 "--style", "brief", "--split", "train", "--out", str(out)]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_cli_new_bad_metadata_and_missing_fields(tmp_path, capsys):
    text, meta = tmp_path / "doc.txt", tmp_path / "meta.json"
    text.write_text(SMALL_TEXT, encoding="utf-8")
    meta.write_text("[1, 2", encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["new", "--text", str(text), "--metadata", str(meta), "--out", str(out)]) == 1
    assert "malformed JSON" in capsys.readouterr().err
    meta.write_text("{}", encoding="utf-8")
    assert main(["new", "--text", str(text), "--metadata", str(meta), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "'date' is missing" in err and "'publisher' is missing" in err
    assert not out.exists()


def test_draft_of_every_corpus_record_anchors_back_to_it():
    for record in load_corpus(CORPUS):
        back = anchor_record(record["text"], record["metadata"], record["id"], draft_from_record(record))
        assert back == record, record["id"]


def test_anchor_for_grows_context_until_unique():
    text = "the army and the army and the navy"
    # "the army and the" occurs twice, overlapping (at 0 and at 13): one word more is needed
    assert anchor_for(text, 4, 8) == "the [[army]] and the army"
    assert anchor_for(text, 30, 34) == "[[navy]]"


def test_cli_draft_roundtrip(tmp_path, small_record):
    from dateline.io import dumps_record

    rec = tmp_path / "r.json"
    rec.write_text(dumps_record(small_record), encoding="utf-8")
    draft = tmp_path / "d.json"
    assert main(["draft", str(rec), "--out", str(draft)]) == 0
    text, meta = tmp_path / "t.txt", tmp_path / "m.json"
    text.write_text(small_record["text"], encoding="utf-8", newline="")
    meta.write_text(json.dumps(small_record["metadata"]), encoding="utf-8")
    out = tmp_path / "back.json"
    assert main(["anchor", "--text", str(text), "--metadata", str(meta), "--draft", str(draft),
                 "--id", small_record["id"], "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == small_record
