"""Per-document counts of every layer: the numbers all scores are ratios of.

Each function returns ``{name: array}`` with one row per gold document (a 1-D array, or
2-D with one column per type). Scores are functions of the column sums, so the bootstrap
only has to re-sum resampled rows (see :mod:`dateline.bootstrap`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .columns import Side
from .metrics import (CORRECT, INCORRECT, PARTIAL, SCHEMES, SPURIOUS, Spans, assign, clusters_of_sorted,
                      combine_keys, greedy_schemes, interval_clusters, multiset_matches, pair_exact, ragged_arange)

Counts = dict[str, np.ndarray]
CATEGORIES = ("correct", "incorrect", "partial", "missed", "spurious")


def _per_doc(doc: np.ndarray, n_docs: int, weights=None) -> np.ndarray:
    return np.bincount(doc, weights=weights, minlength=n_docs).astype(np.float64)


def _pair(gold_cols: list[np.ndarray], pred_cols: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Multiset pairing of gold and predicted rows whose columns are all equal."""
    n = len(gold_cols[0])
    key = combine_keys(*(np.concatenate([g, p]) for g, p in zip(gold_cols, pred_cols)))
    return pair_exact(key[:n], key[n:])


def _canonical(*cols: np.ndarray) -> np.ndarray:
    """The order that sorts rows by the given columns, first column most significant (stable)."""
    if len(cols[0]) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.argsort(combine_keys(*cols), kind="stable")


# --- entities ---------------------------------------------------------------------------


def _tally(group: np.ndarray, outcome: np.ndarray, n_groups: int) -> np.ndarray:
    """(n_groups, 4) counts of the outcomes CORRECT, INCORRECT, PARTIAL, SPURIOUS."""
    return np.bincount(group * 4 + outcome, minlength=n_groups * 4).reshape(n_groups, 4).astype(np.float64)


def _scheme_columns(prefix: str, suffix: str, pred_group, outcome, gold_group, matched, n_groups: int, shape) -> Counts:
    tally = _tally(pred_group, outcome, n_groups)
    missed = np.bincount(gold_group[~matched], minlength=n_groups).astype(np.float64)
    codes = (("correct", CORRECT), ("incorrect", INCORRECT), ("partial", PARTIAL), ("spurious", SPURIOUS))
    out = {f"{prefix}.{name}{suffix}": tally[:, code].reshape(shape) for name, code in codes}
    out[f"{prefix}.missed{suffix}"] = missed.reshape(shape)
    return out


@dataclass
class _SortedMentions:
    """Gold and predicted mentions merged and sorted by (document, start, end, type).

    One sort serves the schemes (the canonical order and the clusters of overlapping spans
    come from it) and coreference (equal spans are neighbours in it).
    """

    gold: Spans
    pred: Spans
    gold_cluster: np.ndarray
    pred_cluster: np.ndarray
    pairs: tuple[np.ndarray, np.ndarray]  # (gold, pred) Side indices of mentions with equal spans


def _sort_mentions(g: Side, p: Side) -> _SortedMentions:
    """Types sort by their code, that is in the schema's order (PER, ORG, GPE, ...)."""
    ng = len(g.m_doc)
    doc = np.concatenate([g.m_doc, p.m_doc])
    start = np.concatenate([g.m_start, p.m_start])
    end = np.concatenate([g.m_end, p.m_end])
    label = np.concatenate([g.m_type, p.m_type])
    order = np.argsort(combine_keys(doc, start, end, label), kind="stable")
    doc, start, end, label = doc[order], start[order], end[order], label[order]
    is_gold = order < ng
    cid = clusters_of_sorted(doc, start, end)
    # Runs of equal (document, start, end): the k-th gold and k-th predicted mention of a run pair up.
    same = np.zeros(len(order), dtype=bool)
    if len(order):
        same[1:] = (doc[1:] == doc[:-1]) & (start[1:] == start[:-1]) & (end[1:] == end[:-1])
    second = np.nonzero(same)[0]
    if not (same[second - 1].any() or np.any(is_gold[second] == is_gold[second - 1])):
        # No span repeats on one side (as in valid records): runs are single mentions or one pair.
        a, b = order[second - 1], order[second]
        pairs = (np.where(a < ng, a, b), np.where(a < ng, b, a) - ng)
    else:
        run = np.cumsum(~same) - 1
        first = np.nonzero(~same)[0]
        g_cum = np.cumsum(is_gold)
        p_cum = np.arange(1, len(order) + 1) - g_cum
        g_rank = g_cum - 1 - (g_cum - is_gold)[first][run]
        p_rank = p_cum - 1 - (p_cum - ~is_gold)[first][run]
        width = int(max(g_rank.max(initial=0), p_rank.max(initial=0))) + 1
        g_key = (run * width + g_rank)[is_gold]  # increasing, so no sort is needed to search it
        p_key = (run * width + p_rank)[~is_gold]
        pos = np.searchsorted(g_key, p_key)
        hit = pos < len(g_key)
        hit[hit] = g_key[pos[hit]] == p_key[hit]
        pairs = (order[is_gold][pos[hit]], order[~is_gold][hit] - ng)
    return _SortedMentions(
        Spans(doc[is_gold], start[is_gold], end[is_gold], label[is_gold]),
        Spans(doc[~is_gold], start[~is_gold], end[~is_gold], label[~is_gold]),
        cid[is_gold], cid[~is_gold], pairs)


def entity_scheme_counts(g: Side, p: Side, n_types: int, sm: _SortedMentions | None = None) -> Counts:
    """The four SemEval-2013 schemes over all mentions (span + entity type), overall and per type.

    Spans are fed in the canonical order (start, end, type) within each document, the order
    the nervaluate parity test uses; per type, each type's spans alone, as nervaluate does.
    Per type, only clusters that mix several spans need a second walk: a lone pair of one
    gold and one predicted span keeps its overall outcome if both have the same type, and
    is a miss plus a spurious span otherwise.
    """
    n = g.n_docs
    sm = sm or _sort_mentions(g, p)
    gold, pred = sm.gold, sm.pred
    match = greedy_schemes(gold, pred, clusters=(sm.gold_cluster, sm.pred_cluster))
    out: Counts = {}
    for scheme in SCHEMES:
        out.update(_scheme_columns(f"ent.{scheme}", "", pred.group, match.outcome[scheme], gold.group,
                                   match.matched[scheme], n, (n,)))

    # Per type: spans in mixed clusters are walked again, type by type.
    gx, px = np.nonzero(match.gold_kind == 2)[0], np.nonzero(match.pred_kind == 2)[0]
    g_grp, p_grp = gold.group * n_types + gold.label, pred.group * n_types + pred.label
    gxo = gx[np.argsort(combine_keys(g_grp[gx], gold.start[gx], gold.end[gx]), kind="stable")] if len(gx) else gx
    pxo = px[np.argsort(combine_keys(p_grp[px], pred.start[px], pred.end[px]), kind="stable")] if len(px) else px
    sub = greedy_schemes(Spans(g_grp[gxo], gold.start[gxo], gold.end[gxo], gold.label[gxo]),
                         Spans(p_grp[pxo], pred.start[pxo], pred.end[pxo], pred.label[pxo]))
    pairs = np.nonzero(match.pred_kind == 1)[0]
    partner = match.pred_partner[pairs]
    same = pred.label[pairs] == gold.label[partner]
    pairs, partner = pairs[same], partner[same]
    for scheme in SCHEMES:
        outcome = np.full(len(pred), SPURIOUS, dtype=np.int8)
        matched = np.zeros(len(gold), dtype=bool)
        outcome[pairs] = match.outcome[scheme][pairs]
        matched[partner] = match.matched[scheme][partner]
        outcome[pxo] = sub.outcome[scheme]
        matched[gxo] = sub.matched[scheme]
        out.update(_scheme_columns(f"ent.{scheme}", ".by_type", p_grp, outcome, g_grp, matched, n * n_types,
                                   (n, n_types)))
    return out


def coreference_counts(g: Side, p: Side, sm: _SortedMentions | None = None) -> Counts:
    """MUC, B-cubed and CEAF-e numerators and denominators per document.

    Mentions are matched by exact span; a key (gold) entity K and a response (predicted)
    entity R share n(K, R) matched mentions. Mentions of one side absent from the other
    simply share nothing (the CoNLL-2012 convention for predicted mentions).
    """
    n = g.n_docs
    n_gent, n_pent = len(g.ent_doc), len(p.ent_doc)
    size_k = np.bincount(g.m_entity, minlength=n_gent).astype(np.float64)
    size_r = np.bincount(p.m_entity, minlength=n_pent).astype(np.float64)
    gi, pj = (sm or _sort_mentions(g, p)).pairs
    pair_key = g.m_entity[gi].astype(np.int64) * max(n_pent, 1) + p.m_entity[pj]
    uk, n_kr = np.unique(pair_key, return_counts=True)
    k, r = uk // max(n_pent, 1), uk % max(n_pent, 1)
    n_kr = n_kr.astype(np.float64)
    doc = g.ent_doc[k]
    g_live, p_live = size_k > 0, size_r > 0  # an entity without mentions is no cluster

    out: Counts = {}
    # MUC (Vilain et al. 1995): links kept = |K| - |partition of K by the response|.
    part_k = np.bincount(k, minlength=n_gent) + size_k - np.bincount(k, weights=n_kr, minlength=n_gent)
    part_r = np.bincount(r, minlength=n_pent) + size_r - np.bincount(r, weights=n_kr, minlength=n_pent)
    out["muc.r_num"] = _per_doc(g.ent_doc, n, np.where(g_live, size_k - part_k, 0))
    out["muc.r_den"] = _per_doc(g.ent_doc, n, np.maximum(size_k - 1, 0))
    out["muc.p_num"] = _per_doc(p.ent_doc, n, np.where(p_live, size_r - part_r, 0))
    out["muc.p_den"] = _per_doc(p.ent_doc, n, np.maximum(size_r - 1, 0))
    # B-cubed (Bagga & Baldwin 1998), mention-weighted.
    out["b3.r_num"] = _per_doc(doc, n, n_kr ** 2 / size_k[k])
    out["b3.r_den"] = _per_doc(g.m_doc, n)
    out["b3.p_num"] = _per_doc(doc, n, n_kr ** 2 / size_r[r])
    out["b3.p_den"] = _per_doc(p.m_doc, n)
    # CEAF-e (Luo 2005): best one-to-one entity alignment under phi4 = 2|K∩R| / (|K| + |R|).
    phi = 2 * n_kr / (size_k[k] + size_r[r])
    chosen = assign(n_gent, n_pent, k, r, phi)
    out["ceafe.num"] = _per_doc(doc[chosen], n, phi[chosen])
    out["ceafe.r_den"] = _per_doc(g.ent_doc[g_live], n)
    out["ceafe.p_den"] = _per_doc(p.ent_doc[p_live], n)
    return out


def entity_counts(g: Side, p: Side, n_types: int) -> Counts:
    sm = _sort_mentions(g, p)
    return {**entity_scheme_counts(g, p, n_types, sm), **coreference_counts(g, p, sm)}


# --- events -----------------------------------------------------------------------------


def _levels(gold_cols: list[np.ndarray], pred_cols: list[np.ndarray], widths: list[int]) -> list[np.ndarray]:
    """Keys of gold then predicted rows: one level per group of ``widths`` columns, each refining the last."""
    cols = [np.concatenate([g, p]) for g, p in zip(gold_cols, pred_cols)]
    levels, at, key = [], 0, None
    for w in widths:
        key = combine_keys(*cols[at:at + w]) if key is None else combine_keys(key, *cols[at:at + w])
        levels.append(key)
        at += w
    return levels


def event_counts(g: Side, p: Side) -> Counts:
    """Trigger identification and classification, argument identification and classification, factuality."""
    n = g.n_docs
    out: Counts = {"ev.gold": _per_doc(g.ev_doc, n), "ev.pred": _per_doc(p.ev_doc, n)}
    # span; + type; + factuality (right on a trigger matched by span and type)
    levels = _levels([g.ev_doc, g.ev_start, g.ev_end, g.ev_type, g.ev_fact],
                     [p.ev_doc, p.ev_start, p.ev_end, p.ev_type, p.ev_fact], [3, 1, 1])
    doc = np.concatenate([g.ev_doc, p.ev_doc])
    matches = multiset_matches(levels, len(g.ev_doc), doc, n)
    out["ev.trig_id.tp"], out["ev.trig_cls.tp"], out["ev.fact.correct"] = matches

    # event type + trigger span + argument span; + role
    ga, pa_ = g.arg_event, p.arg_event
    arg_g = [g.ev_doc[ga], g.ev_type[ga], g.ev_start[ga], g.ev_end[ga], g.arg_start, g.arg_end, g.arg_role]
    arg_p = [p.ev_doc[pa_], p.ev_type[pa_], p.ev_start[pa_], p.ev_end[pa_], p.arg_start, p.arg_end, p.arg_role]
    out["arg.gold"] = _per_doc(arg_g[0], n)
    out["arg.pred"] = _per_doc(arg_p[0], n)
    levels = _levels(arg_g, arg_p, [6, 1])
    doc = np.concatenate([arg_g[0], arg_p[0]])
    out["arg_id.tp"], out["arg_cls.tp"] = multiset_matches(levels, len(ga), doc, n)
    return out


# --- quotes -----------------------------------------------------------------------------


def _quote_keys(sides: list[Side]) -> list[np.ndarray]:
    """A key per quote equal exactly when the documents and all content pieces are equal."""
    docs = np.concatenate([s.q_doc for s in sides])
    offsets = np.cumsum([0] + [len(s.q_doc) for s in sides])
    pq = np.concatenate([s.piece_quote + o for s, o in zip(sides, offsets)])
    ps = np.concatenate([s.piece_start for s in sides])
    pe = np.concatenate([s.piece_end for s in sides])
    order = _canonical(pq, ps, pe) if len(pq) else np.zeros(0, np.int64)
    pq, ps, pe = pq[order], ps[order], pe[order]
    count = np.bincount(pq, minlength=len(docs))
    rank = ragged_arange(count)
    key = combine_keys(docs, count)
    for j in range(int(count.max(initial=0))):
        at = rank == j
        sj = np.full(len(docs), -1, dtype=np.int64)
        ej = np.full(len(docs), -1, dtype=np.int64)
        sj[pq[at]] = ps[at]
        ej[pq[at]] = pe[at]
        key = combine_keys(key, sj, ej)
    return [key[offsets[i]:offsets[i + 1]] for i in range(len(sides))]


def _permute_quotes(side: Side, key: np.ndarray) -> tuple[Side, np.ndarray]:
    """The side with its quotes sorted by document, content, kind, cue and speaker span."""
    if len(key) == 0:
        return side, key
    order = _canonical(side.q_doc, key, side.q_kind, side.q_cue_start, side.q_cue_end, side.q_spk_state,
                       side.q_spk_start, side.q_spk_end)
    position = np.empty_like(order)
    position[order] = np.arange(len(order))
    names = ("q_doc", "q_kind", "q_cue_start", "q_cue_end", "q_spk_state", "q_spk_start", "q_spk_end", "q_spk_entity")
    fields = {name: getattr(side, name)[order] for name in names}
    return replace(side, piece_quote=position[side.piece_quote], **fields), key[order]


def _pieces_by_quote(side: Side) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pieces sorted by quote: (first piece of each quote, pieces per quote, starts, ends)."""
    order = _canonical(side.piece_quote, side.piece_start) if len(side.piece_quote) else np.zeros(0, np.int64)
    count = np.bincount(side.piece_quote, minlength=len(side.q_doc))
    first = np.cumsum(count) - count
    return first, count, side.piece_start[order], side.piece_end[order]


def _hulls(first, count, starts, ends) -> tuple[np.ndarray, np.ndarray]:
    """From the first piece start to the last piece end of each quote ([0, 0) for a quote without pieces)."""
    hs = np.zeros(len(first), dtype=np.int64)
    he = np.zeros(len(first), dtype=np.int64)
    has = count > 0
    if has.any():
        hs[has] = starts[first[has]]
        he[has] = np.maximum.reduceat(ends, first[has])
    return hs, he


def quote_counts(g: Side, p: Side) -> Counts:
    """Content exact and overlap F1, kind and speaker accuracy over overlap-matched quotes, cue F1."""
    n = g.n_docs
    ng, npq = len(g.q_doc), len(p.q_doc)
    out: Counts = {"q.gold": _per_doc(g.q_doc, n), "q.pred": _per_doc(p.q_doc, n)}
    gkey, pkey = _quote_keys([g, p])
    # Canonical order, so that ties in the overlap matching do not depend on the input order.
    g, gkey = _permute_quotes(g, gkey)
    p, pkey = _permute_quotes(p, pkey)
    out["q.exact.tp"], = multiset_matches([np.concatenate([gkey, pkey])], ng, np.concatenate([g.q_doc, p.q_doc]), n)

    # Overlap: candidate pairs are quotes whose hulls overlap; a pair is an edge when some
    # content pieces share characters. Edges are matched one to one, as many as possible,
    # then the most shared characters (weight = big constant + overlap).
    g_first, g_count, g_ps, g_pe = _pieces_by_quote(g)
    p_first, p_count, p_ps, p_pe = _pieces_by_quote(p)
    g_hs, g_he = _hulls(g_first, g_count, g_ps, g_pe)
    p_hs, p_he = _hulls(p_first, p_count, p_ps, p_pe)
    cid = interval_clusters(np.concatenate([g.q_doc, p.q_doc]), np.concatenate([g_hs, p_hs]),
                            np.concatenate([g_he, p_he]))
    eg, ep = _cross_pairs(cid[:ng], cid[ng:])
    gpc, ppc = g_count[eg], p_count[ep]
    per = gpc * ppc
    k = np.repeat(np.arange(len(eg)), per)
    within = ragged_arange(per)
    a = g_first[eg[k]] + within // np.maximum(ppc[k], 1)
    b = p_first[ep[k]] + within % np.maximum(ppc[k], 1)
    shared = np.clip(np.minimum(g_pe[a], p_pe[b]) - np.maximum(g_ps[a], p_ps[b]), 0, None) if len(k) else np.zeros(0)
    overlap = np.bincount(k, weights=shared, minlength=len(eg))
    edge = overlap > 0
    eg, ep, overlap = eg[edge], ep[edge], overlap[edge]
    chosen = assign(ng, npq, eg, ep, overlap + overlap.sum() + 1)
    mg, mp = eg[chosen], ep[chosen]
    out["q.overlap.tp"] = _per_doc(g.q_doc[mg], n)
    out["q.kind.correct"] = _per_doc(g.q_doc[mg][g.q_kind[mg] == p.q_kind[mp]], n)
    out["q.speaker.correct"] = _per_doc(g.q_doc[mg][_speaker_right(g, p, mg, mp)], n)

    g_cue, p_cue = g.q_cue_start >= 0, p.q_cue_start >= 0
    out["q.cue.gold"] = _per_doc(g.q_doc[g_cue], n)
    out["q.cue.pred"] = _per_doc(p.q_doc[p_cue], n)
    levels = _levels([g.q_doc[g_cue], g.q_cue_start[g_cue], g.q_cue_end[g_cue]],
                     [p.q_doc[p_cue], p.q_cue_start[p_cue], p.q_cue_end[p_cue]], [3])
    out["q.cue.tp"], = multiset_matches(levels, int(g_cue.sum()), np.concatenate([g.q_doc[g_cue], p.q_doc[p_cue]]), n)
    return out


def _cross_pairs(gc: np.ndarray, pc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (gold, pred) pair that shares a cluster id."""
    if len(gc) == 0 or len(pc) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    ncl = int(max(gc.max(), pc.max())) + 1
    go = np.argsort(gc, kind="stable")
    gcount = np.bincount(gc, minlength=ncl)
    gfirst = np.cumsum(gcount) - gcount
    reps = gcount[pc]
    ep = np.repeat(np.arange(len(pc)), reps)
    eg = go[np.repeat(gfirst[pc], reps) + ragged_arange(reps)]
    return eg, ep


def _speaker_right(g: Side, p: Side, mg: np.ndarray, mp: np.ndarray) -> np.ndarray:
    """The predicted speaker is right when its span is any mention span of the gold speaker's entity."""
    g_state, p_state = g.q_spk_state[mg], p.q_spk_state[mp]
    both_none = (g_state == 0) & (p_state == 0)
    query = [g.q_doc[mg], g.q_spk_entity[mg], p.q_spk_start[mp], p.q_spk_end[mp]]
    table = [g.m_doc, g.m_entity, g.m_start, g.m_end]
    key = combine_keys(*(np.concatenate([t, q]) for t, q in zip(table, query)))
    in_cluster = np.isin(key[len(g.m_doc):], key[: len(g.m_doc)])
    return both_none | ((g_state == 1) & (p_state == 1) & in_cluster)


# --- figures ----------------------------------------------------------------------------


def _same_number(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Equal within 1e-9 relative, or both null."""
    both_null = np.isnan(a) & np.isnan(b)
    with np.errstate(invalid="ignore"):
        close = np.abs(a - b) <= 1e-9 * np.maximum(np.abs(a), np.abs(b))
    return both_null | (close & ~np.isnan(a) & ~np.isnan(b))


def figure_counts(g: Side, p: Side) -> Counts:
    """Span F1 (exact) and, over matched spans, value, unit, approximation and all-right counts."""
    n = g.n_docs
    out: Counts = {"fig.gold": _per_doc(g.f_doc, n), "fig.pred": _per_doc(p.f_doc, n)}
    # Canonical order first, so that duplicate spans (never in valid records) pair the same way
    # whatever the input order.
    go = _canonical(g.f_doc, g.f_start, g.f_end, g.f_unit, g.f_approx)
    po = _canonical(p.f_doc, p.f_start, p.f_end, p.f_unit, p.f_approx)
    gi, pj = _pair([g.f_doc[go], g.f_start[go], g.f_end[go]], [p.f_doc[po], p.f_start[po], p.f_end[po]])
    gi, pj = go[gi], po[pj]
    doc = g.f_doc[gi]
    value = _same_number(g.f_value[gi], p.f_value[pj])
    value_max = _same_number(g.f_value_max[gi], p.f_value_max[pj])
    unit = g.f_unit[gi] == p.f_unit[pj]
    approx = g.f_approx[gi] == p.f_approx[pj]
    out["fig.tp"] = _per_doc(doc, n)
    out["fig.value"] = _per_doc(doc[value], n)
    out["fig.unit"] = _per_doc(doc[unit], n)
    out["fig.approx"] = _per_doc(doc[approx], n)
    out["fig.full"] = _per_doc(doc[value & value_max & unit & approx], n)
    return out


LAYER_COUNTS = {
    "entities": entity_counts,
    "events": lambda g, p, n_types: event_counts(g, p),
    "quotes": lambda g, p, n_types: quote_counts(g, p),
    "figures": lambda g, p, n_types: figure_counts(g, p),
}

__all__ = ["CATEGORIES", "LAYER_COUNTS", "SCHEMES", "Counts"]
