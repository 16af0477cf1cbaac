"""Label Studio: the generated config, lossless record <-> task conversion, and the import's checks."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from dateline import labelstudio as ls
from dateline import schema as sch
from dateline.corpus import load_corpus
from dateline.validate import PLACE_ROLES, PLACE_TYPES, SPEAKER_TYPES, validate_record

from conftest import CORPUS, ROOT, small_metadata


@pytest.fixture(scope="module")
def records():
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def interface():
    li = pytest.importorskip("label_studio_sdk.label_interface", reason="label-studio-sdk is a test dependency")
    return li.LabelInterface(ls.labeling_config())


def roundtrip(record):
    """record -> task -> JSON (as a server stores it) -> the prediction taken as the annotation -> record."""
    task = json.loads(json.dumps(ls.record_to_task(record, [("gold", record)]), ensure_ascii=False))
    return ls.result_to_record(task["data"], task["predictions"][0]["result"], f"task {record['id']}")


# --- the config -------------------------------------------------------------------------


def test_committed_configs_are_what_the_schema_generates():
    for name, xml in ls.configs().items():
        path = ROOT / "annotation" / name
        assert path.is_file() and path.read_text(encoding="utf-8") == xml, \
            f"{path} is stale: run `dateline labelstudio config` and commit"


def test_config_check_command_agrees():
    run = subprocess.run([sys.executable, "-m", "dateline.cli", "labelstudio", "config", "--check",
                          "--out", str(ROOT / "annotation")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_config_parses_and_validates_with_label_interface(interface):
    interface.validate()
    assert {c.name for c in interface.controls} >= {"entity", "event", "quote", "figure", "mention_kind",
                                                    "factuality", "quote_kind", "unit", "approximation"}


def test_config_carries_every_schema_vocabulary(interface):
    def labels(name):
        return list(interface.get_control(name).labels)

    assert labels("entity") == sch.entity_types()
    assert labels("event") == sch.event_types()
    assert labels("mention_kind") == list(sch.choices("mention_kind"))
    assert labels("factuality") == list(sch.choices("factuality"))
    assert labels("quote_kind") == list(sch.choices("quote_kind"))
    assert labels("unit") == sch.units()
    assert labels("approximation") == list(sch.choices("approximation"))
    relations = [el.get("value") for el in interface._tree.iter("Relation")]
    assert set(sch.roles()) <= set(relations)
    assert set(ls.LINKS) <= set(relations)
    for attr in ("entity_id", "wikidata", "counted"):
        assert interface.get_control(attr).tag == "TextArea"
    for attr in ("value", "value_max"):
        assert interface.get_control(attr).tag == "Number"


def test_per_region_attributes_show_only_for_their_regions():
    xml = ls.labeling_config()
    for name, control in (("mention_kind", "entity"), ("factuality", "event"), ("unit", "figure")):
        assert f'name="{name}" toName="text" perRegion="true"' in xml
        line = next(line for line in xml.splitlines() if f'name="{name}"' in line)
        assert f'whenTagName="{control}"' in line and 'required="true"' in line


# --- lossless -----------------------------------------------------------------------------


def test_every_corpus_document_round_trips(records):
    for record in records:
        back, problems = roundtrip(record)
        assert problems == []
        assert back == record


def test_predictions_pass_the_sdk_checks(records, interface):
    for record in records:
        errors = interface.validate_prediction({"result": ls.record_to_result(record)}, return_errors=True)
        assert errors == [], (record["id"], errors[:3])


def test_tasks_carry_text_and_metadata(records):
    tasks = ls.records_to_tasks(records[:2])
    assert tasks[0]["data"]["text"] == records[0]["text"]
    assert tasks[0]["data"]["metadata"] == records[0]["metadata"]
    assert tasks[0]["data"]["doc_id"] == records[0]["id"]
    assert [p["model_version"] for p in tasks[0]["predictions"]] == ["gold"]
    assert "predictions" not in ls.records_to_tasks(records[:1], [])[0]


def test_offsets_are_code_points_like_label_studio():
    # Label Studio's own test: in "🐱 Warning: This is a test text", "test" is at 21..25.
    text = "🐱 Warning: This is a test text"
    record = _record(text, entities=[{"id": "E1", "type": "ORG", "wikidata": None,
                                      "mentions": [{"id": "M1", "start": 21, "end": 25, "text": "test", "kind": "name"}]}])
    item = ls.record_to_result(record)[0]
    assert (item["value"]["start"], item["value"]["end"]) == (21, 25)
    assert roundtrip(record)[0] == record


def test_utf16_offsets_are_rejected_with_a_hint():
    text = "🐱 Warning: This is a test text"
    record = _record(text, entities=[{"id": "E1", "type": "ORG", "wikidata": None,
                                      "mentions": [{"id": "M1", "start": 21, "end": 25, "text": "test", "kind": "name"}]}])
    result = ls.record_to_result(record)
    for item in result:
        if "start" in item.get("value", {}):
            item["value"].update(start=22, end=26)
    back, problems = ls.result_to_record({"text": text, "doc_id": "t", "metadata": record["metadata"]}, result, "task 7")
    assert back is None
    assert any("UTF-16" in p.message and p.path == "result M1" and p.where == "task 7" for p in problems)


# --- generated records ----------------------------------------------------------------------

PIECES = ["Aleppo", "army", " ", " ", "\n\n", "\r\n", "said", "\"", "é", "Zürich", "—", "“", "”", "😀", "🇸🇾",
          "👩‍👩‍👧", "18", "4.2", "ß", "中文", "Ünal", ",", "."]


def _record(text, entities=(), events=(), quotes=(), figures=()):
    return {"id": "t-0001", "text": text, "metadata": small_metadata(), "entities": list(entities),
            "events": list(events), "quotes": list(quotes), "figures": list(figures)}


@st.composite
def records_strategy(draw):
    text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=3, max_size=40)))
    n = len(text)

    def span():
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, min(n, start + 12)))
        return {"start": start, "end": end, "text": text[start:end]}

    def numbers(prefix, k):
        nums = draw(st.lists(st.integers(1, 60), min_size=k, max_size=k, unique=True))
        return [f"{prefix}{x}" for x in nums]

    # Entities: distinct mention spans (overlapping and nested ones allowed), 1-3 mentions each.
    sizes = draw(st.lists(st.integers(1, 3), max_size=4))
    mention_ids = iter(numbers("M", sum(sizes)))
    used_spans = set()
    entities = []
    for eid, size in zip(numbers("E", len(sizes)), sizes):
        mentions = []
        for _ in range(size):
            s = span()
            if (s["start"], s["end"]) in used_spans:
                continue
            used_spans.add((s["start"], s["end"]))
            mentions.append({"id": next(mention_ids), **s, "kind": draw(st.sampled_from(list(sch.choices("mention_kind"))))})
        if mentions:
            entities.append({"id": eid, "type": draw(st.sampled_from(sch.entity_types())),
                             "wikidata": draw(st.one_of(st.none(), st.integers(1, 10**6).map(lambda q: f"Q{q}"))),
                             "mentions": mentions})
    mention_type = {m["id"]: e["type"] for e in entities for m in e["mentions"]}

    figure_ids = numbers("F", draw(st.integers(0, 3)))
    event_ids = numbers("V", draw(st.integers(0, 3)))
    events = []
    seen_triggers = set()
    for vid in event_ids:
        etype = draw(st.sampled_from(sch.event_types()))
        trigger = span()
        if (etype, trigger["start"], trigger["end"]) in seen_triggers:
            continue
        seen_triggers.add((etype, trigger["start"], trigger["end"]))
        args = []
        for role in draw(st.lists(st.sampled_from(sch.roles_for(etype)), max_size=3)):
            if role == "time":
                refs = [m for m, t in mention_type.items() if t == "TIME"]
            elif role in PLACE_ROLES:
                refs = [m for m, t in mention_type.items() if t in PLACE_TYPES]
            else:
                refs = list(mention_type) + figure_ids
            if refs:
                arg = {"role": role, "ref": draw(st.sampled_from(refs))}
                if arg not in args:
                    args.append(arg)
        # One region filling two roles comes back with its roles next to each other (documented).
        first_at = {}
        for i, a in enumerate(args):
            first_at.setdefault(a["ref"], i)
        args = sorted(args, key=lambda a: first_at[a["ref"]])
        events.append({"id": vid, "type": etype, "trigger": trigger, "arguments": args,
                       "attributes": {"factuality": draw(st.sampled_from(list(sch.choices("factuality"))))}})

    quotes = []
    seen_content = set()
    for qid in numbers("Q", draw(st.integers(0, 3))):
        cuts = sorted(draw(st.lists(st.integers(0, n), min_size=2, max_size=6, unique=True)))
        pieces = [{"start": a, "end": b, "text": text[a:b]} for a, b in zip(cuts[::2], cuts[1::2])]
        key = tuple((p["start"], p["end"]) for p in pieces)
        if not pieces or key in seen_content:
            continue
        seen_content.add(key)
        speakers = [m for m, t in mention_type.items() if t in SPEAKER_TYPES]
        quotes.append({"id": qid, "kind": draw(st.sampled_from(list(sch.choices("quote_kind")))), "content": pieces,
                       "cue": draw(st.one_of(st.none(), st.just(None).map(lambda _: span()))),
                       "speaker": draw(st.sampled_from(speakers)) if speakers and draw(st.booleans()) else None})

    figures = []
    seen_figures = set()
    kept_events = [e["id"] for e in events]
    for fid in figure_ids:
        s = span()
        if (s["start"], s["end"]) in seen_figures:
            continue
        seen_figures.add((s["start"], s["end"]))
        approx = draw(st.sampled_from(list(sch.choices("approximation"))))
        value = draw(st.one_of(st.none(), st.integers(0, 10**10), st.floats(0, 1e6, allow_nan=False).map(lambda x: round(x, 3))))
        vmax = None
        if approx == "range":
            vmax = (value or 0) + draw(st.integers(0, 100))
        figures.append({"id": fid, **s, "value": value, "value_max": vmax, "unit": draw(st.sampled_from(sch.units())),
                        "approximation": approx, "counted": draw(st.one_of(st.none(), st.text(max_size=20))),
                        "entity": draw(st.sampled_from([None] + [e["id"] for e in entities])),
                        "event": draw(st.sampled_from([None] + kept_events))})
    # Arguments may only point at figures that were kept.
    kept_figures = {f["id"] for f in figures}
    for ev in events:
        ev["arguments"] = [a for a in ev["arguments"] if not a["ref"].startswith("F") or a["ref"] in kept_figures]
    return _record(text, entities, events, quotes, figures)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records_strategy())
def test_generated_records_round_trip(record):
    assert validate_record(record) == [], "the generator made an invalid record"
    back, problems = roundtrip(record)
    assert problems == []
    assert back == record


def test_corners_by_hand(small_record):
    rec = copy.deepcopy(small_record)
    rec["text"] = rec["text"].replace("\n", "\r\n")  # CRLF, with every offset after it moved
    shift = {i: rec["text"][:i + rec["text"][:i].count("\r")].count("\r") for i in range(len(small_record["text"]) + 1)}

    def move(s):
        s["start"] += shift[s["start"]]
        s["end"] += shift[s["end"]]
        s["text"] = rec["text"][s["start"]:s["end"]]

    for e in rec["entities"]:
        for m in e["mentions"]:
            move(m)
    for v in rec["events"]:
        move(v["trigger"])
    for q in rec["quotes"]:
        for c in q["content"]:
            move(c)
        if q["cue"]:
            move(q["cue"])
    for f in rec["figures"]:
        move(f)
    # A quote across two paragraphs, an empty layer, and a mention nested in another.
    first, second = rec["text"].index("There has"), rec["text"].index("a five-day")
    rec["quotes"].append({"id": "Q9", "kind": "direct", "cue": None, "speaker": "M8", "content": [
        {"start": first, "end": first + 9, "text": rec["text"][first:first + 9]},
        {"start": second, "end": second + 10, "text": rec["text"][second:second + 10]}]})
    rec["events"] = []
    for f in rec["figures"]:
        f["event"] = None
    assert validate_record(rec) == []
    assert roundtrip(rec) == (rec, [])


# --- what an annotator can do in Label Studio ------------------------------------------------


def _data(record):
    return {"text": record["text"], "doc_id": record["id"], "metadata": record["metadata"]}


def test_relation_direction_and_shape_do_not_matter(small_record):
    result = ls.record_to_result(small_record)
    for item in result:
        if item.get("type") == "relation":
            item["from_id"], item["to_id"] = item["to_id"], item["from_id"]
            item["direction"] = "left"
    assert ls.result_to_record(_data(small_record), result, "t") == (small_record, [])
    # Coref drawn as a star to the last mention instead of a chain: same clusters.
    result = [i for i in ls.record_to_result(small_record) if "coref" not in (i.get("labels") or [])]
    for e in small_record["entities"]:
        ids = [m["id"] for m in e["mentions"]]
        result += [{"from_id": ids[-1], "to_id": x, "type": "relation", "direction": "bi", "labels": ["coref"]}
                   for x in ids[:-1]]
    assert ls.result_to_record(_data(small_record), result, "t") == (small_record, [])


def test_unlabelled_relations_are_read_where_the_regions_say_what_they_are(small_record):
    result = ls.record_to_result(small_record)
    for item in result:
        if item.get("type") == "relation" and item["labels"][0] in ("coref", "speaker", "cue", "entity"):
            item["labels"] = []
    assert ls.result_to_record(_data(small_record), result, "t") == (small_record, [])


def test_new_regions_get_the_next_free_ids(small_record):
    result = ls.record_to_result(small_record)
    result.append({"id": "aB3xYz09Qw", "from_name": "entity", "to_name": "text", "type": "labels",
                   "value": {"start": 0, "end": 4, "text": "Army", "labels": ["ORG"]}})
    result.append({"id": "aB3xYz09Qw", "from_name": "mention_kind", "to_name": "text", "type": "choices",
                   "value": {"start": 0, "end": 4, "text": "Army", "choices": ["nominal"]}})
    result.append({"from_id": "aB3xYz09Qw", "to_id": "M1", "type": "relation", "direction": "right", "labels": []})
    back, problems = ls.result_to_record(_data(small_record), result, "t")
    assert problems == []
    army = next(e for e in back["entities"] if e["id"] == "E1")
    assert [m["id"] for m in army["mentions"]] == ["M1", "M10"]
    # A new one-mention entity gets a new entity id.
    result[-1]["to_id"] = "M5"
    result[-1]["labels"] = ["victim"]
    back, problems = ls.result_to_record(_data(small_record), result, "t")
    assert problems and "relation label 'victim'" in problems[0].message
    result.pop()
    back, problems = ls.result_to_record(_data(small_record), result, "t")
    assert problems == [] and back["entities"][-1]["id"] == "E7" and back["entities"][-1]["mentions"][0]["id"] == "M10"


def _broken(small_record, change):
    result = ls.record_to_result(small_record)
    change(result)
    back, problems = ls.result_to_record(_data(small_record), result, "export.json: task 12 annotation 3")
    assert back is None
    return [(p.path, p.message) for p in problems]


def _item(result, rid, from_name):
    return next(i for i in result if i.get("id") == rid and i["from_name"] == from_name)


@pytest.mark.parametrize("change, path, words", [
    (lambda r: _item(r, "M1", "entity")["value"].update(labels=["PERSON"]), "result M1", "label of entity 'PERSON'"),
    (lambda r: _item(r, "V1", "event")["value"].update(labels=["conflict.war"]), "result V1", "not in the labeling config"),
    (lambda r: _item(r, "M1", "entity")["value"].update(text="navy"), "result M1", "does not match the task text"),
    (lambda r: _item(r, "M1", "entity")["value"].update(start=9990, end=9998), "result M1", "out of range"),
    (lambda r: r.append({"from_id": "V1", "to_id": "gone", "type": "relation", "direction": "right",
                         "labels": ["target"]}), "relation V1 -> gone", "not in the result: gone"),
    (lambda r: r.remove(_item(r, "M1", "mention_kind")), "result M1", "required attribute 'mention_kind'"),
    (lambda r: r.remove(_item(r, "V1", "factuality")), "result V1", "required attribute 'factuality'"),
    (lambda r: r.remove(_item(r, "F1", "unit")), "result F1", "required attribute 'unit'"),
    (lambda r: r.remove(_item(r, "Q1", "quote_kind")), "result Q1", "required attribute 'quote_kind'"),
    (lambda r: _item(r, "F1", "unit")["value"].update(choices=["persons"]), "result F1", "unit 'persons'"),
    (lambda r: r.append({**_item(r, "M1", "mention_kind"), "from_name": "factuality",
                         "value": {"choices": ["asserted"]}}), "result M1", "does not apply to a mention"),
    (lambda r: r.append({**_item(r, "M1", "mention_kind"), "from_name": "sentiment"}), "result M1",
     "control 'sentiment' is not in the labeling config"),
    (lambda r: _item(r, "M1", "entity")["value"].update(labels=["ORG", "PER"]), "result M1", "has 2 labels"),
    (lambda r: _item(r, "M2", "entity")["value"].update(labels=["LOC"]), "result M2", "different entity types"),
    (lambda r: r.append({"from_id": "M1", "to_id": "V1", "type": "relation", "direction": "right",
                         "labels": ["speaker"]}), "relation M1 -> V1", "cannot link a mention region and a trigger"),
    (lambda r: r.append({"id": "M1", "from_name": "wikidata", "to_name": "text", "type": "textarea",
                         "value": {"start": 20, "end": 24, "text": ["Q1"]}}), "result M1", "wikidata"),
    (lambda r: r.append({"id": "zz", "from_name": "wikidata", "to_name": "text", "type": "textarea",
                         "value": {"start": 20, "end": 24, "text": ["Q1"]}}), "result zz", "no label"),
    (lambda r: _item(r, "M1", "entity_id")["value"].update(text=["army"]), "result M1", "entity id like E12"),
])
def test_import_rejects_what_the_config_does_not_allow(small_record, change, path, words):
    found = _broken(small_record, change)
    assert any(p == path and words in m for p, m in found), found


def test_import_problems_name_the_task_and_result(small_record):
    result = ls.record_to_result(small_record)
    _item(result, "M1", "entity")["value"]["labels"] = ["PERSON"]
    _, problems = ls.result_to_record(_data(small_record), result, "export.json: task 12 annotation 3")
    assert str(problems[0]).startswith("export.json: task 12 annotation 3: result M1: ")


def test_pick_annotation():
    task = {"annotations": [
        {"id": 1, "updated_at": "2024-01-03", "result": []},
        {"id": 2, "updated_at": "2024-01-05", "result": [], "was_cancelled": True},
        {"id": 3, "updated_at": "2024-01-04", "result": []}]}
    assert ls.pick_annotation(task)["id"] == 3
    task["annotations"][0]["ground_truth"] = True
    assert ls.pick_annotation(task)["id"] == 1
    assert ls.pick_annotation({"annotations": [], "predictions": [4]}) is None


# --- the command line ----------------------------------------------------------------------


def dateline(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "dateline.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd)


def _export_from_tasks(tasks, path):
    """What Label Studio exports when every prediction was accepted as the annotation."""
    export = [{"id": i + 1, "data": t["data"], "predictions": [i + 1],
               "annotations": [{"id": 100 + i, "result": t["predictions"][0]["result"], "was_cancelled": False,
                                "ground_truth": False, "updated_at": "2024-01-01T00:00:00Z"}]}
              for i, t in enumerate(tasks)]
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return export


def test_cli_tasks_then_import_gives_back_the_corpus(tmp_path, records):
    tasks_file = tmp_path / "tasks.json"
    run = dateline("labelstudio", "tasks", CORPUS / "documents", "--out", tasks_file)
    assert run.returncode == 0, run.stderr
    tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
    assert len(tasks) == len(records)
    _export_from_tasks(tasks, tmp_path / "export.json")
    run = dateline("labelstudio", "import", tmp_path / "export.json", "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    for record in records:
        got = json.loads((tmp_path / "out" / f"{record['id']}.json").read_text(encoding="utf-8"))
        assert got == record
        assert (tmp_path / "out" / f"{record['id']}.json").read_text(encoding="utf-8") == \
            (CORPUS / "documents" / f"{record['id']}.json").read_text(encoding="utf-8")
    run = dateline("validate", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    run = dateline("labelstudio", "import", tmp_path / "export.json", "--out", tmp_path / "all.jsonl")
    assert run.returncode == 0
    assert len((tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()) == len(records)


def test_cli_tasks_with_other_predictions(tmp_path, small_record):
    (tmp_path / "doc.json").write_text(json.dumps(small_record), encoding="utf-8")
    baseline = copy.deepcopy(small_record)
    baseline["quotes"] = []
    (tmp_path / "baseline.jsonl").write_text(json.dumps(baseline) + "\n", encoding="utf-8")
    run = dateline("labelstudio", "tasks", tmp_path / "doc.json", "--predictions", tmp_path / "baseline.jsonl",
                   "--out", tmp_path / "tasks.json")
    assert run.returncode == 0, run.stderr
    [task] = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    assert [p["model_version"] for p in task["predictions"]] == ["baseline"]
    assert not any(i.get("from_name") == "quote" for i in task["predictions"][0]["result"])


def test_cli_tasks_refuses_invalid_records(tmp_path, small_record):
    small_record["entities"][0]["type"] = "PERSON"
    (tmp_path / "doc.json").write_text(json.dumps(small_record), encoding="utf-8")
    run = dateline("labelstudio", "tasks", tmp_path / "doc.json", "--out", tmp_path / "tasks.json")
    assert run.returncode == 1 and "unknown value 'PERSON'" in run.stderr
    assert not (tmp_path / "tasks.json").exists()


def test_cli_import_writes_nothing_on_errors_unless_skip_invalid(tmp_path, records):
    export = _export_from_tasks(ls.records_to_tasks(records[:3]), tmp_path / "export.json")
    _item(export[1]["annotations"][0]["result"], "M1", "entity")["value"]["labels"] = ["PERSON"]
    export[2]["annotations"] = []
    (tmp_path / "export.json").write_text(json.dumps(export), encoding="utf-8")
    run = dateline("labelstudio", "import", tmp_path / "export.json", "--out", tmp_path / "out")
    assert run.returncode == 1
    assert "task 2 annotation 101: result M1:" in run.stderr and "'PERSON'" in run.stderr
    assert "task 3: annotations: the task has no annotation" in run.stderr
    assert "nothing was written" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()
    run = dateline("labelstudio", "import", tmp_path / "export.json", "--out", tmp_path / "out", "--skip-invalid")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{records[0]['id']}.json"]
    assert "2 of 3 task(s) have problems" in run.stderr and "skipped 2" in run.stdout


@pytest.mark.parametrize("content, words", [
    (b"", "file is empty"),
    (b"[{\"data\": ", "malformed JSON at line 1"),
    (b"\xff\xfe[]", "not valid UTF-8"),
    (b"{\"text\": \"x\"}", "not a Label Studio JSON export"),
    (b"[1, 2]", "not a Label Studio JSON export"),
])
def test_cli_import_bad_files(tmp_path, content, words):
    (tmp_path / "export.json").write_bytes(content)
    run = dateline("labelstudio", "import", tmp_path / "export.json", "--out", tmp_path / "out")
    assert run.returncode == 1
    assert words in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


def test_cli_import_missing_file(tmp_path):
    run = dateline("labelstudio", "import", tmp_path / "nope.json", "--out", tmp_path / "out")
    assert run.returncode == 1 and "no such file" in run.stderr and "Traceback" not in run.stderr


JUNK = [None, 1, 1.5, "x", [], {}, [1], {"a": 1}, True, -1, "M1", "V1", "F1", ["PER", "ORG"], ["coref"], ["victim"],
        "quote", "cue", "entity", "event"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_damaged_result_gives_problems_not_exceptions(small_record, data):
    # A fresh copy per example: the damage below must not leak into the next example through shared objects.
    record = copy.deepcopy(small_record)
    result = ls.record_to_result(record)
    for _ in range(data.draw(st.integers(1, 4))):
        item = data.draw(st.sampled_from(result))
        target = item if not isinstance(item.get("value"), dict) or data.draw(st.booleans()) else item["value"]
        key = data.draw(st.sampled_from(sorted(target) + ["labels", "choices", "number", "text", "from_id", "id"]))
        if data.draw(st.integers(0, 9)) == 0:
            target.pop(key, None)
        else:
            target[key] = data.draw(st.sampled_from(JUNK))
    back, problems = ls.result_to_record(_data(record), result, "t")
    assert (back is None) == bool(problems)
