"""Entities baseline trained on Dateline: a linear-chain CRF over BIO tags (``sklearn-crfsuite``).

Trained on the **train split only**: the tokens and BIO ``ner_tags`` of the ``entities``
config, computed from the train records with the same code that writes the published
Parquet files (:func:`dateline.corpus.entities_view`). Tags come from name mentions, so the
model finds names, as spaCy does; each predicted name is a one-mention entity of kind ``name``.

Train it (about ten seconds)::

    .venv/bin/python -m dateline.baselines.crf_ner train   # writes src/dateline/baselines/models/crf_ner.json

Features of a token: its lower-cased form, prefixes and suffixes, shape, case and digit
flags, and the same for the two tokens on each side. L-BFGS with elastic-net
regularisation (c1=0.1, c2=0.05, 150 iterations). Training is deterministic: the documents
are ordered by a seeded shuffle (seed 0) and L-BFGS has no other randomness, so two
trainings give the same weights and the same predictions.

The trained model is saved as JSON (labels, transition weights, state-feature weights and
where they came from); :func:`predict` decodes with its own Viterbi over those weights, so
using the model needs neither crfsuite nor a binary file. If the JSON file is missing, the
model is trained on first use.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

NAME = "crf_ner"
LAYERS = ("entities",)

MODEL_PATH = Path(__file__).resolve().parent / "models" / "crf_ner.json"
FORMAT = "dateline-crf-ner/1"
PARAMS = {"algorithm": "lbfgs", "c1": 0.1, "c2": 0.05, "max_iterations": 150, "all_possible_transitions": True}
SEED = 0


# --- features ------------------------------------------------------------------------------------


def _shape(word: str) -> str:
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _word_features(word: str, prefix: str) -> dict[str, Any]:
    return {
        f"{prefix}lower": word.lower(),
        f"{prefix}suf3": word[-3:].lower(),
        f"{prefix}shape": _shape(word),
        f"{prefix}title": str(word[:1].isupper()),
        f"{prefix}upper": str(word.isupper() and len(word) > 1),
    }


def token_features(tokens: list[str], i: int) -> dict[str, Any]:
    word = tokens[i]
    feats: dict[str, Any] = {"bias": 1.0, **_word_features(word, "")}
    feats["pre2"] = word[:2].lower()
    feats["suf2"] = word[-2:].lower()
    feats["digit"] = str(any(c.isdigit() for c in word))
    feats["len"] = str(min(len(word), 8))
    for off in (-2, -1, 1, 2):
        j = i + off
        if 0 <= j < len(tokens):
            feats.update(_word_features(tokens[j], f"{off:+d}:"))
        else:
            feats[f"{off:+d}:edge"] = "BOS" if j < 0 else "EOS"
    if i > 0:
        feats["-1:0:bigram"] = f"{tokens[i - 1].lower()}|{word.lower()}"
    return feats


def sentence_features(tokens: list[str]) -> list[dict[str, Any]]:
    return [token_features(tokens, i) for i in range(len(tokens))]


def _attributes(feats: dict[str, Any]) -> list[tuple[str, float]]:
    """The crfsuite attributes of a feature dict: "key:value" for strings, key for numbers."""
    return [(f"{k}:{v}", 1.0) if isinstance(v, str) else (k, float(v)) for k, v in feats.items()]


# --- training --------------------------------------------------------------------------------------


def training_data(corpus: Path | None = None, split: str = "train") -> tuple[list[str], list[list[str]], list[list[str]]]:
    """(document ids, token lists, BIO tag lists) of one split, from the gold records."""
    from dateline.cli import default_corpus
    from dateline.corpus import entities_view, load_corpus

    records = [r for r in load_corpus(Path(corpus) if corpus else default_corpus()) if r["metadata"]["split"] == split]
    views = [entities_view(r) for r in records]
    return [v["id"] for v in views], [v["tokens"] for v in views], [v["ner_tags"] for v in views]


def train(seed: int = SEED, corpus: Path | None = None) -> dict[str, Any]:
    """Train on the train split; returns the model as a JSON-ready dict."""
    import sklearn_crfsuite

    ids, tokens, tags = training_data(corpus)
    order = list(range(len(ids)))
    random.Random(seed).shuffle(order)
    X = [sentence_features(tokens[i]) for i in order]
    y = [tags[i] for i in order]
    crf = sklearn_crfsuite.CRF(**PARAMS)
    crf.fit(X, y)
    transitions = sorted([a, b, w] for (a, b), w in crf.transition_features_.items() if w != 0.0)
    states = sorted([attr, label, w] for (attr, label), w in crf.state_features_.items() if w != 0.0)
    return {
        "format": FORMAT,
        "seed": seed,
        "params": PARAMS,
        "trained_on": {"split": "train", "documents": sorted(ids), "tokens": sum(len(t) for t in tokens)},
        "labels": sorted(crf.classes_),
        "transitions": transitions,
        "state_features": states,
        "_crf": crf,
    }


def save(model: dict[str, Any], path: Path = MODEL_PATH) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {k: v for k, v in model.items() if not k.startswith("_")}
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return path


# --- decoding --------------------------------------------------------------------------------------


class Tagger:
    """Viterbi decoding with the weights of a saved model."""

    def __init__(self, model: dict[str, Any]):
        if model.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} model")
        self.labels: list[str] = list(model["labels"])
        index = {label: k for k, label in enumerate(self.labels)}
        n = len(self.labels)
        self.trans = [[0.0] * n for _ in range(n)]
        for a, b, w in model["transitions"]:
            if a in index and b in index:
                self.trans[index[a]][index[b]] = w
        self.state: dict[str, list[tuple[int, float]]] = {}
        for attr, label, w in model["state_features"]:
            self.state.setdefault(attr, []).append((index[label], w))

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        n = len(self.labels)
        emissions = []
        for feats in sentence_features(tokens):
            row = [0.0] * n
            for attr, value in _attributes(feats):
                for k, w in self.state.get(attr, ()):
                    row[k] += w * value
            emissions.append(row)
        score = list(emissions[0])
        back: list[list[int]] = []
        for row in emissions[1:]:
            new, ptr = [0.0] * n, [0] * n
            for b in range(n):
                best_a = max(range(n), key=lambda a: score[a] + self.trans[a][b])
                new[b] = score[best_a] + self.trans[best_a][b] + row[b]
                ptr[b] = best_a
            score = new
            back.append(ptr)
        k = max(range(n), key=lambda j: score[j])
        path = [k]
        for ptr in reversed(back):
            k = ptr[k]
            path.append(k)
        return [self.labels[j] for j in reversed(path)]


def spans_from_bio(offsets: list[tuple[int, int]], tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of each B/I run; an I- that does not continue its type starts a new span."""
    out: list[tuple[int, int, str]] = []
    cur: list[Any] | None = None
    for (s, e), tag in zip(offsets, tags):
        if tag == "O":
            cur = None
            continue
        prefix, etype = tag.split("-", 1)
        if prefix == "I" and cur is not None and cur[2] == etype:
            cur[1] = e
            continue
        cur = [s, e, etype]
        out.append(cur)  # type: ignore[arg-type]
    return [tuple(x) for x in out]  # type: ignore[misc]


@lru_cache(maxsize=1)
def _tagger() -> Tagger:
    if MODEL_PATH.is_file():
        model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    else:
        model = train()
        try:
            save(model)
        except OSError:
            pass
    return Tagger(model)


def setup() -> None:
    _tagger()


def predict(texts: list[str]) -> list[dict]:
    from dateline.corpus import tokenize
    from dateline.systems import Ids, span

    tagger = _tagger()
    out = []
    for text in texts:
        offsets = tokenize(text)
        tags = tagger.tag([text[s:e] for s, e in offsets])
        ids = Ids()
        entities = []
        for start, end, etype in spans_from_bio(offsets, tags):
            entities.append({"id": ids.next("E"), "type": etype, "wikidata": None,
                             "mentions": [{"id": ids.next("M"), **span(text, start, end), "kind": "name"}]})
        out.append({"entities": entities})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dateline.baselines.crf_ner", description="Train the CRF entity baseline on the train split.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("train", help="train on the train split and save the model as JSON")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--corpus", default=None, help="the corpus folder (default: the clone's corpus/, else the packaged one)")
    p.add_argument("--out", default=str(MODEL_PATH))
    args = parser.parse_args(argv)
    model = train(seed=args.seed, corpus=Path(args.corpus) if args.corpus else None)
    path = save(model, Path(args.out))
    size = path.stat().st_size
    print(f"wrote {path} ({size / 1024:.0f} KiB; {len(model['state_features'])} state features, "
          f"{model['trained_on']['tokens']} training tokens from {len(model['trained_on']['documents'])} documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
