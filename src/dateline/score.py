"""Scoring predictions against the gold documents: ``score`` and ``compare``.

Both take ``datasets.Dataset`` objects in the shape of the ``documents`` config
(:func:`dateline.corpus.features`). Predictions are aligned to gold by document id; a gold
document without a prediction counts as predicting nothing. The metrics are defined in
``docs/metrics.md``; the per-document counts behind them live in :mod:`dateline.counts`,
the bootstrap in :mod:`dateline.bootstrap`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence, Union

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import bootstrap as bs
from .columns import UNRESOLVED_GOLD, UNRESOLVED_PRED, read_side, vocabularies
from .counts import CATEGORIES, LAYER_COUNTS, SCHEMES, Counts
from .metrics import f1, prf, safe_ratio
from .schema import LAYERS

if TYPE_CHECKING:
    from datasets import Dataset

Sums = Mapping[str, np.ndarray]
Metric = Callable[[Sums], np.ndarray]
Documents = Union["Dataset", pa.Table]  # the documents config shape; an Arrow table of it works too


# --- metrics as functions of count sums (scalars, or one value per bootstrap resample) ---


def scheme_prf(s: Sums, scheme: str, by_type: bool = False):
    """nervaluate's precision, recall and F1 for a scheme (partial matches count half)."""
    sfx = ".by_type" if by_type else ""
    c, i, part, miss, spur = (s[f"ent.{scheme}.{k}{sfx}"] for k in CATEGORIES)
    actual, possible = c + i + part + spur, c + i + part + miss
    tp = c + 0.5 * part if scheme in ("partial", "type") else c
    return prf(tp, possible, actual)


def scheme_macro(s: Sums, scheme: str):
    """Mean of the per-type scores over the types that occur in gold or predictions."""
    p, r, f = scheme_prf(s, scheme, by_type=True)
    c, i, part, miss, spur = (s[f"ent.{scheme}.{k}.by_type"] for k in CATEGORIES)
    used = (c + i + part + miss + spur) > 0
    n = used.sum(axis=-1)

    def mean(x):
        return np.where(n > 0, np.where(used, x, 0).sum(axis=-1) / np.maximum(n, 1), 1.0)

    return mean(p), mean(r), mean(f)


def coref_prf(s: Sums, name: str):
    if name == "ceafe":
        p = safe_ratio(s["ceafe.num"], s["ceafe.p_den"], s["ceafe.r_den"])
        r = safe_ratio(s["ceafe.num"], s["ceafe.r_den"], s["ceafe.p_den"])
    else:
        p = safe_ratio(s[f"{name}.p_num"], s[f"{name}.p_den"], s[f"{name}.r_den"])
        r = safe_ratio(s[f"{name}.r_num"], s[f"{name}.r_den"], s[f"{name}.p_den"])
    return p, r, f1(p, r)


def conll_f1(s: Sums):
    return (coref_prf(s, "muc")[2] + coref_prf(s, "b3")[2] + coref_prf(s, "ceafe")[2]) / 3


def accuracy(correct, matched, n_gold, n_pred):
    """Share of matched items that are right; with nothing matched, 1.0 only if both sides are empty."""
    correct, matched = np.asarray(correct, np.float64), np.asarray(matched, np.float64)
    empty = (np.asarray(n_gold) == 0) & (np.asarray(n_pred) == 0)
    return np.where(matched > 0, correct / np.maximum(matched, 1), np.where(empty, 1.0, 0.0))


EVENT_SCORES = {  # name: (tp count, gold count, predicted count)
    "trigger_identification": ("ev.trig_id.tp", "ev.gold", "ev.pred"),
    "trigger_classification": ("ev.trig_cls.tp", "ev.gold", "ev.pred"),
    "argument_identification": ("arg_id.tp", "arg.gold", "arg.pred"),
    "argument_classification": ("arg_cls.tp", "arg.gold", "arg.pred"),
}
QUOTE_SCORES = {
    "content_exact": ("q.exact.tp", "q.gold", "q.pred"),
    "content_overlap": ("q.overlap.tp", "q.gold", "q.pred"),
    "cue": ("q.cue.tp", "q.cue.gold", "q.cue.pred"),
}


def _prf_of(s: Sums, names: tuple[str, str, str]):
    tp, gold, pred = (s[k] for k in names)
    return prf(tp, gold, pred)


def headline_metrics(layers: Sequence[str]) -> dict[str, Metric]:
    """The numbers that get a confidence interval (and a test in ``compare``), by layer."""
    out: dict[str, Metric] = {}
    if "entities" in layers:
        for scheme in SCHEMES:
            out[f"entities.{scheme}.f1"] = lambda s, sc=scheme: scheme_prf(s, sc)[2]
        out["entities.strict.macro_f1"] = lambda s: scheme_macro(s, "strict")[2]
        for name in ("muc", "b3", "ceafe"):
            out[f"entities.coref.{name}.f1"] = lambda s, n=name: coref_prf(s, n)[2]
        out["entities.coref.conll_f1"] = conll_f1
    if "events" in layers:
        for name, keys in EVENT_SCORES.items():
            out[f"events.{name}.f1"] = lambda s, k=keys: _prf_of(s, k)[2]
        out["events.factuality.accuracy"] = lambda s: accuracy(s["ev.fact.correct"], s["ev.trig_cls.tp"],
                                                               s["ev.gold"], s["ev.pred"])
    if "quotes" in layers:
        for name in ("content_exact", "content_overlap"):
            out[f"quotes.{name}.f1"] = lambda s, k=QUOTE_SCORES[name]: _prf_of(s, k)[2]
        for name in ("kind", "speaker"):
            out[f"quotes.{name}.accuracy"] = lambda s, n=name: accuracy(s[f"q.{n}.correct"], s["q.overlap.tp"],
                                                                        s["q.gold"], s["q.pred"])
        out["quotes.cue.f1"] = lambda s: _prf_of(s, QUOTE_SCORES["cue"])[2]
    if "figures" in layers:
        out["figures.span.f1"] = lambda s: prf(s["fig.tp"], s["fig.gold"], s["fig.pred"])[2]
        for name, key in (("value", "fig.value"), ("unit", "fig.unit"), ("approximation", "fig.approx")):
            out[f"figures.{name}.accuracy"] = lambda s, k=key: accuracy(s[k], s["fig.tp"], s["fig.gold"], s["fig.pred"])
        out["figures.fully_right.rate"] = lambda s: safe_ratio(s["fig.full"], s["fig.gold"], s["fig.pred"])
    return out


# --- detailed results (point estimates) ---------------------------------------------


def _f(x) -> float:
    return float(np.asarray(x))


def _i(x) -> int:
    return int(round(float(np.asarray(x))))


def _prf_dict(p, r, f, **counts) -> dict[str, Any]:
    return {"precision": _f(p), "recall": _f(r), "f1": _f(f), **{k: _i(v) for k, v in counts.items()}}


def entity_details(s: Sums, type_names: list[str]) -> dict[str, Any]:
    schemes = {}
    for scheme in SCHEMES:
        cats = {k: s[f"ent.{scheme}.{k}"] for k in CATEGORIES}
        micro = _prf_dict(*scheme_prf(s, scheme), **cats,
                          possible=cats["correct"] + cats["incorrect"] + cats["partial"] + cats["missed"],
                          actual=cats["correct"] + cats["incorrect"] + cats["partial"] + cats["spurious"])
        p, r, f = scheme_prf(s, scheme, by_type=True)
        tcats = {k: s[f"ent.{scheme}.{k}.by_type"] for k in CATEGORIES}
        per_type = {}
        for t, name in enumerate(type_names):
            c = {k: v[t] for k, v in tcats.items()}
            if sum(float(v) for v in c.values()) > 0:
                both = c["correct"] + c["incorrect"] + c["partial"]
                per_type[name] = _prf_dict(p[t], r[t], f[t], **c, possible=both + c["missed"],
                                           actual=both + c["spurious"])
        schemes[scheme] = {"micro": micro, "macro": _prf_dict(*scheme_macro(s, scheme)), "per_type": per_type}
    coref = {name: _prf_dict(*coref_prf(s, name)) for name in ("muc", "b3", "ceafe")}
    coref["conll_f1"] = _f(conll_f1(s))
    return {"mentions": {"gold": _i(s["b3.r_den"]), "predicted": _i(s["b3.p_den"])},
            "schemes": schemes, "coreference": coref}


def event_details(s: Sums) -> dict[str, Any]:
    out: dict[str, Any] = {"events": {"gold": _i(s["ev.gold"]), "predicted": _i(s["ev.pred"])},
                           "arguments": {"gold": _i(s["arg.gold"]), "predicted": _i(s["arg.pred"])}}
    for name, keys in EVENT_SCORES.items():
        out[name] = _prf_dict(*_prf_of(s, keys), tp=s[keys[0]])
    fact = accuracy(s["ev.fact.correct"], s["ev.trig_cls.tp"], s["ev.gold"], s["ev.pred"])
    out["factuality"] = {"accuracy": _f(fact), "correct": _i(s["ev.fact.correct"]), "matched": _i(s["ev.trig_cls.tp"])}
    return out


def quote_details(s: Sums) -> dict[str, Any]:
    out: dict[str, Any] = {"quotes": {"gold": _i(s["q.gold"]), "predicted": _i(s["q.pred"])}}
    for name, keys in QUOTE_SCORES.items():
        out[name] = _prf_dict(*_prf_of(s, keys), tp=s[keys[0]])
    for name in ("kind", "speaker"):
        out[name] = {"accuracy": _f(accuracy(s[f"q.{name}.correct"], s["q.overlap.tp"], s["q.gold"], s["q.pred"])),
                     "correct": _i(s[f"q.{name}.correct"]), "matched": _i(s["q.overlap.tp"])}
    return out


def figure_details(s: Sums) -> dict[str, Any]:
    out: dict[str, Any] = {"figures": {"gold": _i(s["fig.gold"]), "predicted": _i(s["fig.pred"])},
                           "span": _prf_dict(*prf(s["fig.tp"], s["fig.gold"], s["fig.pred"]), tp=s["fig.tp"])}
    for name, key in (("value", "fig.value"), ("unit", "fig.unit"), ("approximation", "fig.approx")):
        out[name] = {"accuracy": _f(accuracy(s[key], s["fig.tp"], s["fig.gold"], s["fig.pred"])),
                     "correct": _i(s[key]), "matched": _i(s["fig.tp"])}
    out["fully_right"] = {"rate": _f(safe_ratio(s["fig.full"], s["fig.gold"], s["fig.pred"])),
                          "correct": _i(s["fig.full"]), "gold": _i(s["fig.gold"])}
    return out


# --- alignment and counting ----------------------------------------------------------


def _arrow(ds: Documents) -> pa.Table:
    """The Arrow table of a Dataset (honouring any row selection), or a table as is."""
    if isinstance(ds, pa.Table):
        return ds
    return ds.with_format("arrow")[:]


def predicted_layers(ds: Documents) -> list[str]:
    """Layers a predictions Dataset predicts: the column exists and is not null in all rows."""
    table = _arrow(ds)
    return [layer for layer in LAYERS
            if layer in table.column_names and table.column(layer).null_count < table.num_rows]


class _Aligned:
    """Gold and predictions flattened on the gold documents' indices."""

    def __init__(self, gold: pa.Table, pred: pa.Table, layers: Sequence[str], vocab):
        gold_ids = gold.column("id").combine_chunks()
        if pc.count_distinct(gold_ids).as_py() != len(gold_ids):
            raise ValueError("gold document ids are not unique")
        pred_ids = pred.column("id").combine_chunks()
        if pc.count_distinct(pred_ids).as_py() != len(pred_ids):
            counts = pc.value_counts(pred_ids)
            dupes = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1)).to_pylist()
            raise ValueError(f"prediction document ids are not unique: {dupes[:10]}")
        row_doc = pc.index_in(pred_ids, value_set=gold_ids).to_numpy(zero_copy_only=False)
        known = ~np.isnan(row_doc.astype(np.float64)) if row_doc.dtype.kind == "f" else np.ones(len(row_doc), bool)
        self.unknown = pc.filter(pred_ids, pa.array(~known)).to_pylist()
        if not known.all():
            pred = pred.filter(pa.array(known))
            row_doc = row_doc[known]
        row_doc = row_doc.astype(np.int64)
        if "text" in pred.column_names and len(row_doc):
            gold_text = gold.column("text")
            if len(row_doc) != gold.num_rows or np.any(row_doc != np.arange(len(row_doc))):
                gold_text = gold_text.take(pa.array(row_doc))  # predictions in another order than gold
            same = pc.fill_null(pc.equal(gold_text, pred.column("text")), False)
            if not pc.all(same).as_py():
                bad = pc.filter(pred.column("id"), pc.invert(same)).to_pylist()
                raise ValueError(f"prediction text differs from the gold text in documents {bad[:10]}")
        n = gold.num_rows
        covered = np.zeros(n, bool)
        covered[row_doc] = True
        self.missing = [gold_ids[i].as_py() for i in np.nonzero(~covered)[0]]
        self.n_docs = n
        self.gold = read_side(gold, np.arange(n), n, vocab, set(layers), UNRESOLVED_GOLD)
        self.pred = read_side(pred, row_doc, n, vocab, set(layers), UNRESOLVED_PRED)
        self._check_spans(self.pred)

    @staticmethod
    def _check_spans(side) -> None:
        for name, s, e in (("mention", side.m_start, side.m_end), ("trigger", side.ev_start, side.ev_end),
                           ("figure", side.f_start, side.f_end), ("content piece", side.piece_start, side.piece_end)):
            if len(s) and (np.any(s < 0) or np.any(e <= s)):
                raise ValueError(f"a predicted {name} span is empty or reversed (end <= start)")


def _layers(layers: Sequence[str] | None, preds: Sequence[Any]) -> list[str]:
    if layers is None:
        found = [set(predicted_layers(p)) for p in preds]
        return [layer for layer in LAYERS if all(layer in f for f in found)]
    unknown = [layer for layer in layers if layer not in LAYERS]
    if unknown:
        raise ValueError(f"unknown layer(s) {unknown}; layers are {', '.join(LAYERS)}")
    return [layer for layer in LAYERS if layer in layers]


def _count(gold: pa.Table, pred: pa.Table, layers: list[str]) -> tuple[Counts, _Aligned, list[str]]:
    vocab = vocabularies()
    aligned = _Aligned(gold, pred, layers, vocab)
    counts: Counts = {}
    n_types = len(vocab["entity_type"].names)
    for layer in layers:
        counts.update(LAYER_COUNTS[layer](aligned.gold, aligned.pred, n_types))
    return counts, aligned, vocab["entity_type"].names


def _details(sums: Sums, layers: list[str], type_names: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "entities" in layers:
        out["entities"] = entity_details(sums, type_names)
    if "events" in layers:
        out["events"] = event_details(sums)
    if "quotes" in layers:
        out["quotes"] = quote_details(sums)
    if "figures" in layers:
        out["figures"] = figure_details(sums)
    return out


def _bootstrapped(metrics: dict[str, Metric], counts: Counts, n_docs: int, n_boot: int,
                  seed: int) -> dict[str, np.ndarray]:
    """Each metric on each resample; only the counts the metrics read are resampled."""
    sums = {k: v.sum(axis=0) for k, v in counts.items()}
    used = bs.used_counts(metrics, sums)
    samples = bs.resampled_sums({k: counts[k] for k in counts if k in used}, n_docs, n_boot, seed)
    return {name: np.broadcast_to(fn(samples), (n_boot,)) for name, fn in metrics.items()}


def score(gold: Documents, predictions: Documents, layers: Sequence[str] | None = None, n_boot: int = 1000,
          seed: int = 0) -> dict[str, Any]:
    """Score ``predictions`` against ``gold`` (both in the ``documents`` shape).

    ``layers=None`` scores the layers the predictions have; naming a layer they lack scores
    it as predicting nothing. Headline numbers get percentile 95% intervals from
    ``n_boot`` document resamples (``n_boot=0``: none). Returns a JSON-ready dict.
    """
    gold_t, pred_t = _arrow(gold), _arrow(predictions)
    layers = _layers(layers, [pred_t])
    counts, aligned, type_names = _count(gold_t, pred_t, layers)
    sums = {k: v.sum(axis=0) for k, v in counts.items()}
    metrics = headline_metrics(layers)
    headline: dict[str, Any] = {name: {"value": _f(fn(sums))} for name, fn in metrics.items()}
    if n_boot > 0 and aligned.n_docs > 0:
        for name, samples in _bootstrapped(metrics, counts, aligned.n_docs, n_boot, seed).items():
            headline[name]["ci"] = bs.interval(samples)
    return {
        "documents": aligned.n_docs,
        "layers": layers,
        "not_predicted": [layer for layer in layers if layer not in predicted_layers(pred_t)],
        "missing_documents": aligned.missing,
        "unknown_documents": aligned.unknown,
        "bootstrap": {"resamples": n_boot, "seed": seed, "level": bs.LEVEL, "unit": "document"},
        "headline": headline,
        **_details(sums, layers, type_names),
    }


def compare(a: Documents, b: Documents, gold: Documents, layers: Sequence[str] | None = None, n_boot: int = 1000,
            seed: int = 0) -> dict[str, Any]:
    """Paired bootstrap comparison of two systems on the same gold documents.

    Both systems are scored on the same document resamples; for each headline number the
    result gives both values, the difference a - b, its 95% interval and a two-sided
    p-value for "no difference" (see :func:`dateline.bootstrap.paired_p_value`).
    """
    gold_t, a_t, b_t = _arrow(gold), _arrow(a), _arrow(b)
    layers = _layers(layers, [a_t, b_t])
    counts_a, aligned_a, _ = _count(gold_t, a_t, layers)
    counts_b, aligned_b, _ = _count(gold_t, b_t, layers)
    metrics = headline_metrics(layers)
    sums_a = {k: v.sum(axis=0) for k, v in counts_a.items()}
    sums_b = {k: v.sum(axis=0) for k, v in counts_b.items()}
    n = aligned_a.n_docs
    joint = {**{f"a:{k}": v for k, v in counts_a.items()}, **{f"b:{k}": v for k, v in counts_b.items()}}
    diff_metrics = {name: (lambda s, fn=fn: fn(_Prefixed(s, "a:")) - fn(_Prefixed(s, "b:")))
                    for name, fn in metrics.items()}
    samples = _bootstrapped(diff_metrics, joint, n, n_boot, seed) if n_boot > 0 and n > 0 else {}
    rows = {}
    for name, fn in metrics.items():
        va, vb = _f(fn(sums_a)), _f(fn(sums_b))
        row: dict[str, Any] = {"a": va, "b": vb, "difference": va - vb}
        if name in samples:
            row["ci"] = bs.interval(samples[name])
            row["p_value"] = bs.paired_p_value(samples[name], va - vb)
        rows[name] = row
    return {
        "documents": n,
        "layers": layers,
        "missing_documents": {"a": aligned_a.missing, "b": aligned_b.missing},
        "unknown_documents": {"a": aligned_a.unknown, "b": aligned_b.unknown},
        "bootstrap": {"resamples": n_boot, "seed": seed, "level": bs.LEVEL, "unit": "document", "test": "paired"},
        "comparison": rows,
    }


class _Prefixed(Mapping):
    """A view of the sums of one system inside the joint sums of ``compare``."""

    def __init__(self, sums: Mapping[str, np.ndarray], prefix: str):
        self._sums, self._prefix = sums, prefix

    def __getitem__(self, key: str) -> np.ndarray:
        return self._sums[self._prefix + key]

    def __iter__(self):
        return (k[len(self._prefix):] for k in self._sums if k.startswith(self._prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)
