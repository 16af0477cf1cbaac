from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dateline.io import read_records
from dateline.validate import validate_path, validate_record

from conftest import CORPUS


def messages(record):
    return [(p.path, p.message) for p in validate_record(record)]


def test_small_record_is_valid(small_record):
    assert validate_record(small_record) == []


def test_every_gold_record_validates():
    n, problems = validate_path(CORPUS / "documents")
    assert n >= 21
    assert problems == []


def _mention(rec, mid):
    return next(m for e in rec["entities"] for m in e["mentions"] if m["id"] == mid)


def mention_path(mid):
    def path(rec):
        return next(f"$.entities[{i}].mentions[{j}]" for i, e in enumerate(rec["entities"])
                    for j, m in enumerate(e["mentions"]) if m["id"] == mid)
    return path


# Each case breaks the small record in one way and names the path and words the message must carry.
def _set(path_fn, value):
    def apply(rec):
        path_fn(rec, value)
    return apply


CASES = {
    "missing field": (lambda r: r["metadata"].pop("title"), "$.metadata", "'title' is a required property"),
    "wrong type": (lambda r: r["figures"][0].__setitem__("value", "18"), "$.figures[0].value", "is not of type"),
    "unknown entity type": (lambda r: r["entities"][0].__setitem__("type", "PERSON"), "$.entities[0].type",
                            "unknown value 'PERSON'"),
    "unknown unit": (lambda r: r["figures"][0].__setitem__("unit", "persons"), "$.figures[0].unit", "unknown value"),
    "unknown event type": (lambda r: r["events"][0].__setitem__("type", "conflict.war"), "$.events[0].type",
                           "unknown value 'conflict.war'"),
    "offset out of range": (lambda r: _mention(r, "M5").update(start=9990, end=9998), mention_path("M5"), "out of range"),
    "reversed span": (lambda r: r["events"][0]["trigger"].update(end=r["events"][0]["trigger"]["start"]),
                      "$.events[0].trigger", "start"),
    "span text mismatch": (lambda r: _mention(r, "M1").update(text="navy"), mention_path("M1"),
                           "does not match the document text"),
    "duplicate id": (lambda r: r["events"][1].__setitem__("id", "V1"), "$.events[1].id", "used more than once"),
    "dangling argument": (lambda r: r["events"][0]["arguments"][0].__setitem__("ref", "M99"),
                          "$.events[0].arguments[0].ref", "does not resolve"),
    "dangling speaker": (lambda r: r["quotes"][1].__setitem__("speaker", "M42"), "$.quotes[1].speaker", "does not resolve"),
    "dangling figure event": (lambda r: r["figures"][0].__setitem__("event", "V9"), "$.figures[0].event", "does not resolve"),
    "dangling figure entity": (lambda r: r["figures"][0].__setitem__("entity", "E9"), "$.figures[0].entity",
                               "does not resolve"),
    "argument to a mention id of the wrong layer": (
        lambda r: r["events"][0]["arguments"][0].__setitem__("ref", "E1"), "$.events[0].arguments[0].ref", "does not match"),
    "role not allowed for type": (lambda r: r["events"][0]["arguments"][0].__setitem__("role", "voter"),
                                  "$.events[0].arguments[0].role", "not allowed for event type"),
    "time role on a non-TIME mention": (lambda r: r["events"][0]["arguments"][2].__setitem__("ref", "M2"),
                                        "$.events[0].arguments[2].ref", "must point at a TIME mention"),
    "duplicate argument": (lambda r: r["events"][0]["arguments"].append(dict(r["events"][0]["arguments"][0])),
                           "$.events[0].arguments[3]", "given twice"),
    "duplicate mention span": (lambda r: r["entities"][0]["mentions"].append(dict(_mention(r, "M3"), id="M77")),
                               mention_path("M77"), "duplicate annotation"),
    "duplicate figure": (lambda r: r["figures"].append(dict(r["figures"][0], id="F9")), "$.figures[2]",
                         "duplicate annotation"),
    "duplicate event": (lambda r: r["events"].append(dict(r["events"][0], id="V9")), "$.events[3]", "duplicate annotation"),
    "range without value_max": (lambda r: r["figures"][0].__setitem__("approximation", "range"),
                                "$.figures[0].value_max", "value_max"),
    "value_max without range": (lambda r: r["figures"][0].__setitem__("value_max", 20), "$.figures[0].value_max",
                                "value_max"),
    "quote pieces out of order": (lambda r: r["quotes"][1]["content"].insert(0, dict(r["quotes"][2]["content"][0])),
                                  "$.quotes[1].content", "text order"),
    "speaker is a place": (lambda r: r["quotes"][1].__setitem__("speaker", "M5"), "$.quotes[1].speaker", "TIME"),
    "original with another licence": (lambda r: r["metadata"].__setitem__("licence", "MIT"), "$.metadata", "CC-BY-4.0"),
    "wrong canary": (lambda r: r["metadata"].__setitem__("canary", "x"), "$.metadata.canary", ""),
    "bad wikidata id": (lambda r: r["entities"][1].__setitem__("wikidata", "41183"), "$.entities[1].wikidata",
                        "does not match"),
    "extra field": (lambda r: r.__setitem__("comment", "x"), "$", "Additional properties"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_record_is_rejected_with_its_message(small_record, name):
    breaker, path, words = CASES[name]
    breaker(small_record)
    path = path(small_record) if callable(path) else path
    found = messages(small_record)
    assert any(p == path and words in m for p, m in found), found


# --- files -----------------------------------------------------------------------------


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "dateline.cli", *args], capture_output=True, text=True)


@pytest.mark.parametrize("content, words", [
    (b"", "file is empty"),
    (b"   \n", "file is empty"),
    (b'{"id": "x", ', "malformed JSON at line 1"),
    (b"\xff\xfe{}", "not valid UTF-8"),
    (b"[1, 2]", "expected a JSON object"),
    (b"[]", "empty list"),
    (b'{"id": 3}', "is not of type 'string'"),
])
def test_cli_reports_bad_files_without_traceback(tmp_path, content, words):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run_cli("validate", str(bad))
    assert result.returncode == 1
    assert words in result.stderr
    assert str(bad) in result.stderr
    assert "Traceback" not in result.stderr


def test_jsonl_problems_name_the_line(tmp_path, small_record):
    good = json.dumps(small_record)
    broken = dict(small_record, id="t-0002")
    broken["figures"] = [dict(broken["figures"][0], unit="persons")]
    path = tmp_path / "preds.jsonl"
    path.write_text(good + "\n" + "{oops\n" + json.dumps(broken) + "\n" + good + "\n", encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert f"{path}:2: $: malformed JSON" in result.stderr
    assert f"{path}:3 (t-0002): $.figures[0].unit: unknown value 'persons'" in result.stderr
    assert "also appears in" in result.stderr  # line 4 repeats the id of line 1


@pytest.mark.parametrize("folder", [CORPUS / "documents", CORPUS])
def test_cli_validates_the_corpus(folder):
    # The corpus root holds splits.json too; validating the root means validating its documents.
    result = run_cli("validate", str(folder))
    assert result.returncode == 0, result.stderr
    n = int(result.stdout.split(" record(s) valid")[0].split()[-1])
    assert n == len(list((CORPUS / "documents").glob("*.json")))


def test_missing_path_is_reported(tmp_path):
    result = run_cli("validate", str(tmp_path / "nope"))
    assert result.returncode == 1 and "no such file or folder" in result.stderr


def test_read_records_reads_lists(tmp_path, small_record):
    path = tmp_path / "two.json"
    path.write_text(json.dumps([small_record, small_record]), encoding="utf-8")
    loaded, problems = read_records(path)
    assert len(loaded) == 2 and problems == []
    assert loaded[1].source.endswith("two.json[1]")
