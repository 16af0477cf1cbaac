"""Speed of the Dateline scorer on 100,000 synthetic documents (not a test).

Generates seeded synthetic gold and predictions in all four layers (columnar, straight
into Arrow), then prints:

- span throughput of the four SemEval-2013 entity schemes (overall and per type) for
  Dateline and for nervaluate 1.2.1 side by side, nervaluate run on a subsample and
  extrapolated (it is pure Python and would take many minutes on the full set), with a
  check that both give the same counts on that subsample;
- the total time of ``dateline.score.score`` on all four layers with 1,000 bootstrap
  resamples, and the time of each layer without the bootstrap.

Run: ``.venv/bin/python benchmarks/score_speed.py [--docs 100000] [--nervaluate-docs 2000]``.
Span texts in the synthetic records are a placeholder: the scorer reads offsets only.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dateline import schema as sch

SLOT = 30  # mention slots: one possible mention per 30 characters, so gold mentions never collide


def _ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(numbers), pa.string()), "")


def _nest(parent: np.ndarray, n_parents: int, values: pa.Array) -> pa.Array:
    """A list array whose i-th list holds the values with parent i (parent must be sorted)."""
    counts = np.bincount(parent, minlength=n_parents)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def _struct(**cols) -> pa.StructArray:
    names = list(cols)
    arrays = [c if isinstance(c, (pa.Array, pa.ChunkedArray)) else pa.array(c) for c in cols.values()]
    return pa.StructArray.from_arrays(arrays, names=names)


def _placeholder(n: int) -> pa.Array:
    return pa.repeat(pa.scalar("x"), n)


def _span(start, end) -> pa.StructArray:
    return _struct(start=pa.array(start, pa.int32()), end=pa.array(end, pa.int32()), text=_placeholder(len(start)))


def _order(*cols) -> np.ndarray:
    return np.lexsort(tuple(reversed(cols)))


def _rank_in_doc(doc: np.ndarray) -> np.ndarray:
    """1, 2, 3... within each document (in the given order): ids are numbered per document, as in the corpus."""
    o = np.argsort(doc, kind="stable")
    counts = np.bincount(doc)
    rank = np.empty(len(doc), dtype=np.int64)
    rank[o] = np.arange(len(doc)) - np.repeat(np.cumsum(counts) - counts, counts)
    return rank + 1


def _in_doc(doc: np.ndarray, mid: np.ndarray, table_doc: np.ndarray, table_mid: np.ndarray) -> np.ndarray:
    """Whether mention number ``mid`` exists in document ``doc`` of the table."""
    width = int(max(mid.max(initial=0), table_mid.max(initial=0))) + 2
    return np.isin(doc * width + mid, table_doc * width + table_mid)


class Synth:
    """Seeded synthetic gold and predictions, flat numpy first, then Arrow tables."""

    def __init__(self, n_docs: int, seed: int = 0):
        self.rng = np.random.default_rng(seed)
        self.n = n_docs
        self.length = self.rng.integers(1500, 4500, n_docs)
        self.etypes = sch.entity_types()
        self.vtypes = sch.event_types()
        self.roles = [sch.roles_for(t) for t in self.vtypes]
        self.facts = list(sch.choices("factuality"))
        self.kinds = list(sch.choices("quote_kind"))
        self.units = sch.units()
        self.approx = list(sch.choices("approximation"))

    # --- entities ---------------------------------------------------------------------
    def mentions(self):
        rng, n = self.rng, self.n
        slots = self.length // SLOT
        doc = np.repeat(np.arange(n), slots)
        slot = np.arange(slots.sum()) - np.repeat(np.cumsum(slots) - slots, slots)
        keep = rng.random(len(doc)) < 0.4
        doc, slot = doc[keep], slot[keep]
        start = slot * SLOT + rng.integers(0, 10, len(doc))
        end = start + rng.integers(2, 18, len(doc))
        # nested names: "[[Syria]'s army]"
        nest = rng.random(len(doc)) < 0.1
        inner_end = start[nest] + np.maximum(1, (end[nest] - start[nest]) // 2)
        doc = np.concatenate([doc, doc[nest]])
        start = np.concatenate([start, start[nest]])
        end = np.concatenate([end, inner_end])
        # entities: about two mentions each
        per_doc = np.bincount(doc, minlength=n)
        n_ent = np.maximum(1, per_doc // 2)
        label = (rng.random(len(doc)) * n_ent[doc]).astype(np.int64)
        key = doc * (int(n_ent.max()) + 1) + label
        uniq, entity = np.unique(key, return_inverse=True)
        ent_doc = uniq // (int(n_ent.max()) + 1)
        ent_type = rng.choice(len(self.etypes), len(uniq), p=[.3, .25, .2, .08, .05, .07, .05])
        o = _order(entity, start)
        return dict(doc=doc[o], start=start[o], end=end[o], entity=entity[o], mid=_rank_in_doc(doc[o]),
                    ent_doc=ent_doc, ent_type=ent_type)

    def predict_mentions(self, g):
        rng = self.rng
        m = len(g["doc"])
        r = rng.random(m)
        keep = r < 0.88
        start, end = g["start"].copy(), g["end"].copy()
        shift = (r >= 0.80) & keep
        grow = rng.random(m) < 0.5
        end = np.where(shift & grow, end + 1, end)
        start = np.where(shift & ~grow & (end - start > 1), start + 1, start)
        entity = g["entity"].copy()
        # coreference errors: a tenth of the mentions go to another entity of the document
        n_ent_doc = np.bincount(g["ent_doc"], minlength=self.n)
        first_ent = np.cumsum(n_ent_doc) - n_ent_doc
        move = rng.random(m) < 0.1
        entity[move] = first_ent[g["doc"][move]] + (rng.random(move.sum()) * n_ent_doc[g["doc"][move]]).astype(np.int64)
        doc, start, end, entity, mid = g["doc"][keep], start[keep], end[keep], entity[keep], g["mid"][keep]
        # spurious mentions, each its own entity
        n_sp = int(0.08 * m)
        sp_doc = rng.integers(0, self.n, n_sp)
        sp_start = (rng.random(n_sp) * (self.length[sp_doc] - 20)).astype(np.int64)
        sp_end = sp_start + rng.integers(2, 12, n_sp)
        n_gent = len(g["ent_doc"])
        ent_doc = np.concatenate([g["ent_doc"], sp_doc])
        ent_type = g["ent_type"].copy()
        flip = rng.random(len(ent_type)) < 0.07
        ent_type[flip] = rng.integers(0, len(self.etypes), flip.sum())
        ent_type = np.concatenate([ent_type, rng.integers(0, len(self.etypes), n_sp)])
        doc = np.concatenate([doc, sp_doc])
        start = np.concatenate([start, sp_start])
        end = np.concatenate([end, sp_end])
        entity = np.concatenate([entity, n_gent + np.arange(n_sp)])
        mid = np.concatenate([mid, 1000 + _rank_in_doc(sp_doc)])
        # one mention per span, as the validator requires
        _, first = np.unique(np.stack([doc, start, end]), axis=1, return_index=True)
        first = np.sort(first)
        doc, start, end, entity, mid = doc[first], start[first], end[first], entity[first], mid[first]
        used, entity = np.unique(entity, return_inverse=True)
        ent_doc, ent_type = ent_doc[used], ent_type[used]
        # entities must be grouped by document in the nested layout
        eo = np.argsort(ent_doc, kind="stable")
        rank = np.empty_like(eo)
        rank[eo] = np.arange(len(eo))
        entity = rank[entity]
        ent_doc, ent_type = ent_doc[eo], ent_type[eo]
        o = _order(entity, start)
        return dict(doc=doc[o], start=start[o], end=end[o], entity=entity[o], mid=mid[o], ent_doc=ent_doc,
                    ent_type=ent_type)

    def entities_column(self, m) -> pa.Array:
        mentions = _struct(id=_ids("M", m["mid"]), start=pa.array(m["start"], pa.int32()),
                           end=pa.array(m["end"], pa.int32()), text=_placeholder(len(m["doc"])),
                           kind=pa.repeat(pa.scalar("name"), len(m["doc"])))
        n_ent = len(m["ent_doc"])
        ents = _struct(id=_ids("E", _rank_in_doc(m["ent_doc"])), type=pa.array(np.array(self.etypes)[m["ent_type"]]),
                       wikidata=pa.nulls(n_ent, pa.string()), mentions=_nest(m["entity"], n_ent, mentions))
        return _nest(m["ent_doc"], self.n, ents)

    # --- figures ----------------------------------------------------------------------
    def figures(self):
        rng, n = self.rng, self.n
        per = rng.poisson(6, n)
        doc = np.repeat(np.arange(n), per)
        # figures sit in the last part of each mention slot, after any mention
        slot = (rng.random(len(doc)) * (self.length[doc] // SLOT)).astype(np.int64)
        start = slot * SLOT + 28
        end = start + 1 + rng.integers(0, 2, len(doc))
        _, first = np.unique(np.stack([doc, start]), axis=1, return_index=True)
        first = np.sort(first)
        doc, start, end = doc[first], start[first], end[first]
        k = len(doc)
        approx = rng.integers(0, len(self.approx), k)
        value = np.round(rng.lognormal(3, 2, k), 2)
        value_max = np.where(np.array(self.approx)[approx] == "range", value * 2, np.nan)
        return dict(doc=doc, start=start, end=end, value=value, value_max=value_max,
                    unit=rng.integers(0, len(self.units), k), approx=approx, fid=_rank_in_doc(doc))

    def predict_figures(self, g):
        rng = self.rng
        keep = rng.random(len(g["doc"])) < 0.9
        out = {k: v[keep].copy() for k, v in g.items()}
        k = len(out["doc"])
        out["value"] = np.where(rng.random(k) < 0.05, out["value"] + 1, out["value"])
        out["unit"] = np.where(rng.random(k) < 0.05, rng.integers(0, len(self.units), k), out["unit"])
        out["approx"] = np.where(rng.random(k) < 0.05, rng.integers(0, len(self.approx), k), out["approx"])
        return out

    def figures_column(self, f) -> pa.Array:
        k = len(f["doc"])
        figs = _struct(id=_ids("F", f["fid"]), start=pa.array(f["start"], pa.int32()),
                       end=pa.array(f["end"], pa.int32()), text=_placeholder(k),
                       value=pa.array(f["value"], from_pandas=True),
                       value_max=pa.array(f["value_max"], from_pandas=True),
                       unit=pa.array(np.array(self.units)[f["unit"]]),
                       approximation=pa.array(np.array(self.approx)[f["approx"]]), counted=pa.nulls(k, pa.string()),
                       entity=pa.nulls(k, pa.string()), event=pa.nulls(k, pa.string()))
        return _nest(f["doc"], self.n, figs)

    # --- events -----------------------------------------------------------------------
    def events(self, m, f):
        rng, n = self.rng, self.n
        per = rng.poisson(10, n)
        doc = np.repeat(np.arange(n), per)
        start = (rng.random(len(doc)) * (self.length[doc] - 12)).astype(np.int64)
        end = start + rng.integers(3, 10, len(doc))
        vtype = rng.integers(0, len(self.vtypes), len(doc))
        _, first = np.unique(np.stack([doc, vtype, start, end]), axis=1, return_index=True)
        first = np.sort(first)
        doc, start, end, vtype = doc[first], start[first], end[first], vtype[first]
        fact = rng.choice(len(self.facts), len(doc), p=[.6, .1, .1, .05, .15])
        # arguments: mentions of the same document, a few figures
        n_args = rng.poisson(2, len(doc))
        a_ev = np.repeat(np.arange(len(doc)), n_args)
        a_doc = doc[a_ev]
        m_count = np.bincount(m["doc"], minlength=n)
        m_first = np.cumsum(m_count) - m_count
        pick = m_first[a_doc] + (rng.random(len(a_ev)) * m_count[a_doc]).astype(np.int64)
        ok = m_count[a_doc] > 0
        ref_num = np.where(ok, m["mid"][np.minimum(pick, len(m["mid"]) - 1)], -1)
        n_roles = np.array([len(r) for r in self.roles])
        role_idx = (rng.random(len(a_ev)) * n_roles[vtype[a_ev]]).astype(np.int64)
        table = np.array([r + [""] * (max(n_roles) - len(r)) for r in self.roles], dtype=object)
        roles = table[vtype[a_ev], role_idx]
        # dedupe (event, role, ref)
        _, first = np.unique(np.stack([a_ev, role_idx, ref_num]), axis=1, return_index=True)
        first = np.sort(first)
        first = first[ok[first]]
        return dict(doc=doc, start=start, end=end, vtype=vtype, fact=fact, vid=_rank_in_doc(doc),
                    a_ev=a_ev[first], a_role=roles[first], a_ref=ref_num[first])

    def predict_events(self, g, pm):
        rng = self.rng
        k = len(g["doc"])
        keep = rng.random(k) < 0.85
        vtype = np.where(rng.random(k) < 0.1, rng.integers(0, len(self.vtypes), k), g["vtype"])
        fact = np.where(rng.random(k) < 0.15, rng.integers(0, len(self.facts), k), g["fact"])
        new_index = np.cumsum(keep) - 1
        # an argument survives if its event does and the prediction kept the mention it points at
        a_keep = (keep[g["a_ev"]] & (rng.random(len(g["a_ev"])) < 0.85)
                  & _in_doc(g["doc"][g["a_ev"]], g["a_ref"], pm["doc"], pm["mid"]))
        role = g["a_role"].copy()
        swap = rng.random(len(role)) < 0.1
        role[swap] = np.roll(role, 1)[swap]  # another role, not always allowed for the type
        out = dict(doc=g["doc"][keep], start=g["start"][keep], end=g["end"][keep], vtype=vtype[keep],
                   fact=fact[keep], vid=g["vid"][keep], a_ev=new_index[g["a_ev"][a_keep]],
                   a_role=role[a_keep], a_ref=g["a_ref"][a_keep])
        # duplicates of (type, trigger) after type changes are dropped, with their arguments
        _, first = np.unique(np.stack([out["doc"], out["vtype"], out["start"], out["end"]]), axis=1, return_index=True)
        alive = np.zeros(len(out["doc"]), bool)
        alive[first] = True
        remap = np.cumsum(alive) - 1
        a_alive = alive[out["a_ev"]]
        for key in ("doc", "start", "end", "vtype", "fact", "vid"):
            out[key] = out[key][alive]
        out["a_role"], out["a_ref"] = out["a_role"][a_alive], out["a_ref"][a_alive]
        out["a_ev"] = remap[out["a_ev"][a_alive]]
        return out

    def events_column(self, v) -> pa.Array:
        k = len(v["doc"])
        args = _struct(role=pa.array(v["a_role"].astype(str)), ref=_ids("M", v["a_ref"]))
        evs = _struct(id=_ids("V", v["vid"]), type=pa.array(np.array(self.vtypes)[v["vtype"]]),
                      trigger=_span(v["start"], v["end"]), arguments=_nest(v["a_ev"], k, args),
                      attributes=_struct(factuality=pa.array(np.array(self.facts)[v["fact"]])))
        return _nest(v["doc"], self.n, evs)

    # --- quotes -----------------------------------------------------------------------
    def quotes(self, m):
        rng, n = self.rng, self.n
        per = rng.poisson(3, n)
        doc = np.repeat(np.arange(n), per)
        k = len(doc)
        start = (rng.random(k) * (self.length[doc] - 500)).astype(np.int64)
        two = rng.random(k) < 0.25
        len1 = rng.integers(30, 200, k)
        gap = rng.integers(10, 30, k)
        len2 = rng.integers(20, 150, k)
        _, first = np.unique(np.stack([doc, start]), axis=1, return_index=True)
        keep = np.zeros(k, bool)
        keep[first] = True
        doc, start, two, len1, gap, len2 = (a[keep] for a in (doc, start, two, len1, gap, len2))
        k = len(doc)
        m_count = np.bincount(m["doc"], minlength=n)
        m_first = np.cumsum(m_count) - m_count
        has = m_count[doc] > 0
        spk = np.where(has & (rng.random(k) < 0.9),
                       m_first[doc] + (rng.random(k) * m_count[doc]).astype(np.int64), -1)
        cue_start = start + len1 + 2
        return dict(doc=doc, start=start, len1=len1, two=two, gap=gap, len2=len2, kind=rng.integers(0, 3, k),
                    cue_start=cue_start, cue_end=cue_start + 4, has_cue=rng.random(k) < 0.9, spk=spk,
                    qid=_rank_in_doc(doc))

    def predict_quotes(self, g, gm, pm):
        rng = self.rng
        k = len(g["doc"])
        keep = rng.random(k) < 0.85
        out = {key: v.copy() for key, v in g.items()}
        shift = rng.random(k) < 0.15
        out["start"] = np.where(shift, np.maximum(0, out["start"] + rng.integers(-5, 6, k)), out["start"])
        out["kind"] = np.where(rng.random(k) < 0.1, rng.integers(0, 3, k), out["kind"])
        # the speaker: the same mention, or another of the same entity, or a wrong one
        spk_mid = np.where(out["spk"] >= 0, gm["mid"][np.maximum(out["spk"], 0)], -1)
        ok = _in_doc(out["doc"], spk_mid, pm["doc"], pm["mid"])
        out["spk_mid"] = np.where(ok, spk_mid, -1)
        out = {key: v[keep] for key, v in out.items()}
        return out

    def quotes_column(self, q, gm=None) -> pa.Array:
        k = len(q["doc"])
        starts = np.concatenate([q["start"], (q["start"] + q["len1"] + q["gap"])[q["two"]]])
        ends = np.concatenate([q["start"] + q["len1"], (q["start"] + q["len1"] + q["gap"] + q["len2"])[q["two"]]])
        parent = np.concatenate([np.arange(k), np.arange(k)[q["two"]]])
        o = _order(parent, starts)
        pieces = _nest(parent[o], k, _span(starts[o], ends[o]))
        cue = _span(q["cue_start"], q["cue_end"])
        cue = pa.StructArray.from_arrays([cue.field(i) for i in range(3)], names=["start", "end", "text"],
                                         mask=pa.array(~q["has_cue"]))
        if "spk_mid" in q:
            spk_mid = q["spk_mid"]
        else:
            spk_mid = np.where(q["spk"] >= 0, gm["mid"][np.maximum(q["spk"], 0)], -1)
        speaker = pc.if_else(pa.array(spk_mid >= 0), _ids("M", np.maximum(spk_mid, 0)), pa.nulls(k, pa.string()))
        quotes = _struct(id=_ids("Q", q["qid"]), kind=pa.array(np.array(self.kinds)[q["kind"]]), content=pieces,
                         cue=cue, speaker=speaker)
        return _nest(q["doc"], self.n, quotes)

    # --- tables -----------------------------------------------------------------------
    def tables(self) -> tuple[pa.Table, pa.Table]:
        gm = self.mentions()
        pm = self.predict_mentions(gm)
        gf = self.figures()
        pf = self.predict_figures(gf)
        gv = self.events(gm, gf)
        pv = self.predict_events(gv, pm)
        gq = self.quotes(gm)
        pq = self.predict_quotes(gq, gm, pm)
        base = "".join(self.rng.choice(list("abcdefghij klmnopqrst uvwxyz"), int(self.length.max())))
        text = pa.array([base[:n] for n in self.length])
        ids = _ids("syn-", np.arange(self.n))
        gold = pa.table({"id": ids, "text": text, "entities": self.entities_column(gm),
                         "events": self.events_column(gv), "quotes": self.quotes_column(gq, gm),
                         "figures": self.figures_column(gf)})
        pred = pa.table({"id": ids, "text": text, "entities": self.entities_column(pm),
                         "events": self.events_column(pv), "quotes": self.quotes_column(pq),
                         "figures": self.figures_column(pf)})
        return gold, pred


def nervaluate_lists(table: pa.Table, docs: np.ndarray) -> list[list[dict]]:
    """The entity mentions of some documents as nervaluate dicts: canonical order, inclusive ends.

    The canonical order is Dateline's: (start, end, type), types in the schema's order.
    """
    rank = {t: i for i, t in enumerate(sch.entity_types())}
    out = []
    for row in table.select(["entities"]).take(pa.array(docs)).to_pylist():
        spans = sorted((m["start"], m["end"], rank[e["type"]], e["type"])
                       for e in row["entities"] for m in e["mentions"])
        out.append([{"label": t, "start": s, "end": e - 1} for s, e, _, t in spans])
    return out


def _best(times: list[float]) -> str:
    return f"best of {len(times)}: {min(times):.2f} s (all: {', '.join(f'{t:.2f}' for t in times)})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--nervaluate-docs", type=int, default=2_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n-boot", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3, help="time each measurement this many times, keep the best")
    args = ap.parse_args()

    from datasets import Dataset
    from nervaluate import Evaluator

    from dateline.columns import read_side, vocabularies
    from dateline.counts import entity_scheme_counts
    from dateline.score import score

    t0 = time.perf_counter()
    gold_t, pred_t = Synth(args.docs, args.seed).tables()
    gold, pred = Dataset(gold_t), Dataset(pred_t)
    n = gold_t.num_rows
    print(f"generated {n:,} documents (gold and predictions, four layers) in {time.perf_counter() - t0:.1f} s; "
          f"cores available: {len(os.sched_getaffinity(0))}")

    # Entity schemes, ours: flat arrays in, counts out; the Arrow read is timed on its own.
    vocab = vocabularies()
    reads, runs = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        g = read_side(gold_t, np.arange(n), n, vocab, {"entities"}, -1)
        p = read_side(pred_t, np.arange(n), n, vocab, {"entities"}, -2)
        reads.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        ours = entity_scheme_counts(g, p, len(vocab["entity_type"].names))
        runs.append(time.perf_counter() - t0)
    spans = len(g.m_start) + len(p.m_start)
    print(f"  gold: {len(g.m_start):,} mentions, predictions: {len(p.m_start):,} mentions")

    # nervaluate on a subsample: the same job (all four schemes, overall and per type).
    sub = np.sort(np.random.default_rng(1).choice(n, min(args.nervaluate_docs, n), replace=False))
    true_l, pred_l = nervaluate_lists(gold_t, sub), nervaluate_lists(pred_t, sub)
    sub_spans = sum(map(len, true_l)) + sum(map(len, pred_l))
    nerv = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        ref = Evaluator(true_l, pred_l, tags=vocab["entity_type"].names, loader="dict").evaluate()
        nerv.append(time.perf_counter() - t0)
    names = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
    cats = ("correct", "incorrect", "partial", "missed", "spurious")
    same = all([int(ours[f"ent.{s}.{c}"][sub].sum()) for c in cats] == [getattr(ref["overall"][r], c) for c in cats]
               for s, r in names.items())

    ours_rate, with_read = spans / min(runs), spans / (min(runs) + min(reads))
    nerv_rate = sub_spans / min(nerv)
    print()
    print("entity mentions, the four SemEval-2013 schemes (overall and per type); spans = gold + predicted mentions")
    print(f"  dateline   : {spans:>10,} spans, {_best(runs)} = {ours_rate:>10,.0f} spans/s")
    print(f"               + reading the entity columns from Arrow, {_best(reads)}: {with_read:,.0f} spans/s")
    print(f"  nervaluate : {sub_spans:>10,} spans, {_best(nerv)} = {nerv_rate:>10,.0f} spans/s")
    print(f"               (a subsample of {len(sub):,} documents, extrapolated: {spans / nerv_rate:,.0f} s "
          f"for all {n:,})")
    print(f"  ratio      : {ours_rate / nerv_rate:.1f}x  ({with_read / nerv_rate:.1f}x counting the Arrow read)")
    print(f"  same counts as nervaluate on the subsample: {'yes' if same else 'NO'}")

    print()
    totals = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        result = score(gold, pred, n_boot=args.n_boot, seed=0)
        totals.append(time.perf_counter() - t0)
    print(f"score(): all four layers of {n:,} documents, with {args.n_boot} bootstrap resamples: {_best(totals)}")
    for layer in ("entities", "events", "quotes", "figures"):
        t0 = time.perf_counter()
        score(gold, pred, layers=[layer], n_boot=0)
        print(f"  {layer:<9} alone, no bootstrap: {time.perf_counter() - t0:6.2f} s")
    print()
    for name, h in result["headline"].items():
        ci = h.get("ci", [float("nan")] * 2)
        print(f"  {name:<40} {h['value']:.4f}  [{ci[0]:.4f}, {ci[1]:.4f}]")


if __name__ == "__main__":
    main()
