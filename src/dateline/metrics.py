"""Vectorised building blocks of the scorer: keys, exact pairing, greedy span matching, one-to-one assignment.

Everything works on flat numpy arrays (one row per span or item, with the index of its
document), never on per-document Python objects: that is what makes 100,000 documents
score in seconds. The only Python loops left run over tiny, rare pieces (the rounds of
the greedy matcher inside clusters of overlapping spans, and assignments inside
components where several items compete on both sides).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Outcomes of a predicted span under a SemEval-2013 scheme (nervaluate's categories).
CORRECT, INCORRECT, PARTIAL, SPURIOUS = 0, 1, 2, 3
SCHEMES = ("strict", "exact", "partial", "type")
_KEY_LIMIT = 1 << 62


def ragged_arange(lengths: np.ndarray) -> np.ndarray:
    """``concatenate([arange(n) for n in lengths])`` without the loop."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=np.int64) - np.repeat(starts, lengths)


def combine_keys(*cols: np.ndarray) -> np.ndarray:
    """One int64 per row that is equal exactly when all columns are equal (not dense).

    Columns are packed in mixed radix, the first most significant, so sorting by the key
    sorts by the columns, and ``combine_keys(key, col)`` refines ``key``. When the product
    would overflow, the key so far is replaced by its dense rank first (which keeps the
    order). Call it on gold and predictions concatenated, so that both share one key space.
    """
    n = len(cols[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    key = None
    top = 0  # the largest key so far
    for col in cols:
        col = np.asarray(col)
        low = int(col.min())
        radix = int(col.max()) - low + 1
        if key is None:
            key = col.astype(np.int64)  # a fresh array, safe to update in place
            if low:
                key -= low
            top = radix - 1
            continue
        if top >= _KEY_LIMIT // radix:
            key = np.unique(key, return_inverse=True)[1].astype(np.int64).reshape(-1)
            top = int(key.max())
        key *= radix
        key += col
        if low:
            key -= low
        top = top * radix + radix - 1
    return key


def _rank_in_equal_runs(key: np.ndarray) -> tuple[np.ndarray, bool]:
    """For each row, how many earlier rows (in input order) have the same key; and whether any do."""
    n = len(key)
    order = np.argsort(key, kind="stable")
    sk = key[order]
    new = np.ones(n, dtype=bool)
    new[1:] = sk[1:] != sk[:-1]
    if new.all():
        return np.zeros(n, dtype=np.int64), False
    idx = np.arange(n, dtype=np.int64)
    run_start = np.maximum.accumulate(np.where(new, idx, 0))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = idx - run_start
    return rank, True


def pair_exact(gold_key: np.ndarray, pred_key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pair gold and predicted rows with equal keys, one to one (multiset intersection).

    Returns ``(gold_index, pred_index)``. When a key repeats on one side, its k-th gold row
    (in input order) pairs with its k-th predicted row; callers sort rows canonically first.
    """
    g_rank, g_dup = _rank_in_equal_runs(gold_key)
    p_rank, p_dup = _rank_in_equal_runs(pred_key)
    if g_dup or p_dup:
        both = combine_keys(np.concatenate([gold_key, pred_key]), np.concatenate([g_rank, p_rank]))
        gold_key, pred_key = both[: len(gold_key)], both[len(gold_key):]
    order = np.argsort(gold_key, kind="stable")
    sorted_gold = gold_key[order]
    pos = np.searchsorted(sorted_gold, pred_key)
    ok = pos < len(sorted_gold)
    ok[ok] = sorted_gold[pos[ok]] == pred_key[ok]
    pred_index = np.nonzero(ok)[0]
    return order[pos[ok]], pred_index


def multiset_matches(levels: list[np.ndarray], n_gold: int, doc: np.ndarray, n_docs: int) -> list[np.ndarray]:
    """Per document, how many gold rows have an equal predicted row (one to one), at each key level.

    ``levels`` are keys of the gold rows followed by the predicted rows; each level refines
    the one before (``combine_keys(previous, column)``), so one sort by the last level puts
    every level's equal keys next to each other. The first level must include the document.
    A key shared by g gold and p predicted rows matches min(g, p) times.
    """
    order = np.argsort(levels[-1], kind="stable")
    g_cum = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum(order < n_gold, out=g_cum[1:])
    doc_sorted = doc[order]
    out = []
    for key in levels:
        ks = key[order]
        new = np.ones(len(ks), dtype=bool)
        new[1:] = ks[1:] != ks[:-1]
        bounds = np.append(np.nonzero(new)[0], len(ks))
        g = g_cum[bounds[1:]] - g_cum[bounds[:-1]]
        p = np.diff(bounds) - g
        out.append(np.bincount(doc_sorted[bounds[:-1]], weights=np.minimum(g, p), minlength=n_docs))
    return out


def lookup(table_key: np.ndarray, query_key: np.ndarray) -> np.ndarray:
    """Index of each query in ``table_key`` (keys unique), or -1."""
    order = np.argsort(table_key, kind="stable")
    sorted_keys = table_key[order]
    pos = np.searchsorted(sorted_keys, query_key)
    ok = pos < len(sorted_keys)
    ok[ok] = sorted_keys[pos[ok]] == query_key[ok]
    out = np.full(len(query_key), -1, dtype=np.int64)
    out[ok] = order[pos[ok]]
    return out


def clusters_of_sorted(group: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Cluster ids of intervals already sorted by (group, start): see :func:`interval_clusters`."""
    n = len(start)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    width = int(end.max()) + 1
    ks = group.astype(np.int64) * width
    ke = ks + end
    ks += start
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.greater_equal(ks[1:], np.maximum.accumulate(ke)[:-1], out=new[1:])
    cid = np.cumsum(new)
    cid -= 1
    return cid


def interval_clusters(group: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Cluster id of each interval: intervals of one group that overlap, directly or through a chain.

    Any two intervals that overlap share a cluster, so every matching decision that needs
    an overlap can be taken inside one cluster. Ids increase with (group, start).
    """
    if len(start) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(combine_keys(group, start), kind="stable")
    cid = np.empty(len(start), dtype=np.int64)
    cid[order] = clusters_of_sorted(group[order], start[order], end[order])
    return cid


# --- SemEval-2013 schemes, exactly as nervaluate 1.2.1 -----------------------------------


@dataclass
class Spans:
    """Labelled spans sorted by (group, start, end, label); a group is a document, or a document and type."""

    group: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray

    def __len__(self) -> int:
        return len(self.start)


def _sufficient(ps, pe, gs, ge) -> np.ndarray:
    # nervaluate keeps a pair when the overlap is at least 1% of the gold span (its default
    # min_overlap_percentage), computed with its float expression so that ties agree.
    overlap = np.minimum(pe, ge) - np.maximum(ps, gs)
    pct = np.where(overlap > 0, overlap / np.maximum(ge - gs, 1) * 100.0, 0.0)
    return (overlap > 0) & (pct >= 1.0)


def _edge_prio(scheme: str, same_bounds, same_label, dist) -> tuple[np.ndarray, np.ndarray]:
    """Priority of a candidate gold for a predicted span (lower wins; then the earlier gold)."""
    if scheme == "strict":
        first = ~(same_bounds & same_label)
    elif scheme in ("exact", "partial"):
        first = ~same_bounds
    else:  # type: the same label at the closest boundaries, else the first other label
        first = ~same_label
    second = np.where(same_label, dist, 0) if scheme == "type" else np.zeros(len(first), dtype=np.int64)
    return first.astype(np.int8), second


def _miss_kind(scheme: str) -> int:
    return PARTIAL if scheme == "partial" else INCORRECT


@dataclass
class Matching:
    """What :func:`greedy_schemes` decided, and the clusters it decided them in.

    ``outcome[scheme]``: CORRECT, INCORRECT, PARTIAL or SPURIOUS per predicted span;
    ``matched[scheme]``: per gold span. ``*_kind``: 0 when the span's cluster has spans of
    one side only, 1 when it is one gold and one predicted span (``*_partner`` is then the
    other one), 2 otherwise.
    """

    outcome: dict[str, np.ndarray]
    matched: dict[str, np.ndarray]
    gold_kind: np.ndarray
    pred_kind: np.ndarray
    pred_partner: np.ndarray


def greedy_schemes(gold: Spans, pred: Spans, schemes=SCHEMES, clusters: tuple | None = None) -> Matching:
    """nervaluate's matching for each scheme, vectorised; spans sorted by (group, start, end, label).

    nervaluate walks the predicted spans in order and gives each the first still-unmatched
    gold span it can take (an exact match before an overlap), so the result depends on order
    and on earlier claims. The walk only ever looks at spans that overlap, so it runs per
    cluster of overlapping spans: clusters of one gold and one predicted span (nearly all)
    are decided with array operations at once; the others are walked in rounds, round k
    taking the k-th predicted span of every such cluster together. ``clusters``: the
    cluster ids of the gold and of the predicted spans, when the caller has them.
    """
    ng, npred = len(gold), len(pred)
    m = Matching({s: np.full(npred, SPURIOUS, dtype=np.int8) for s in schemes},
                 {s: np.zeros(ng, dtype=bool) for s in schemes},
                 np.zeros(ng, dtype=np.int8), np.zeros(npred, dtype=np.int8), np.full(npred, -1, dtype=np.int64))
    if ng == 0 or npred == 0:
        return m
    if clusters is None:
        cid = interval_clusters(np.concatenate([gold.group, pred.group]), np.concatenate([gold.start, pred.start]),
                                np.concatenate([gold.end, pred.end]))
        clusters = cid[:ng], cid[ng:]
    gc, pc = clusters
    ncl = int(max(gc.max(), pc.max())) + 1
    gcount = np.bincount(gc, minlength=ncl)
    pcount = np.bincount(pc, minlength=ncl)
    gfirst = np.cumsum(gcount) - gcount  # spans are sorted, so a cluster's spans are contiguous
    kind = np.where((gcount == 0) | (pcount == 0), 0, np.where((gcount == 1) & (pcount == 1), 1, 2)).astype(np.int8)
    m.gold_kind, m.pred_kind = kind[gc], kind[pc]

    def attrs(pi, gi):
        same_bounds = (pred.start[pi] == gold.start[gi]) & (pred.end[pi] == gold.end[gi])
        same_label = pred.label[pi] == gold.label[gi]
        dist = np.abs(pred.start[pi] - gold.start[gi]) + np.abs(pred.end[pi] - gold.end[gi])
        suff = _sufficient(pred.start[pi], pred.end[pi], gold.start[gi], gold.end[gi])
        return suff, same_bounds, same_label, dist

    # One gold and one predicted span: the pair is decided by its own attributes.
    pi = np.nonzero(m.pred_kind == 1)[0]
    gi = gfirst[pc[pi]]
    m.pred_partner[pi] = gi
    suff, same_bounds, same_label, dist = attrs(pi, gi)
    for scheme in schemes:
        first, _ = _edge_prio(scheme, same_bounds, same_label, dist)
        m.outcome[scheme][pi[suff]] = np.where(first[suff] == 0, CORRECT, _miss_kind(scheme))
        m.matched[scheme][gi[suff]] = True

    # Several spans on one side: candidate edges are all pairs inside the cluster.
    pi = np.nonzero(m.pred_kind == 2)[0]
    if len(pi) == 0:
        return m
    pfirst = np.cumsum(pcount) - pcount
    ncand = gcount[pc[pi]]
    ep = np.repeat(pi, ncand)
    eg = np.repeat(gfirst[pc[pi]], ncand) + ragged_arange(ncand)
    suff, same_bounds, same_label, dist = attrs(ep, eg)
    ep, eg, same_bounds, same_label, dist = ep[suff], eg[suff], same_bounds[suff], same_label[suff], dist[suff]
    rank = ep - pfirst[pc[ep]]
    order = np.argsort(rank, kind="stable")  # edges stay sorted by (pred, gold) inside a round
    ep, eg, same_bounds, same_label, dist, rank = (a[order] for a in (ep, eg, same_bounds, same_label, dist, rank))
    bounds = np.searchsorted(rank, np.arange(int(rank.max(initial=-1)) + 2))
    for scheme in schemes:
        outcome, matched = m.outcome[scheme], m.matched[scheme]
        first, second = _edge_prio(scheme, same_bounds, same_label, dist)
        for k in range(len(bounds) - 1):
            lo, hi = bounds[k], bounds[k + 1]
            alive = ~matched[eg[lo:hi]]
            if not alive.any():
                continue
            rp, rg, rf, rs = ep[lo:hi][alive], eg[lo:hi][alive], first[lo:hi][alive], second[lo:hi][alive]
            o = np.lexsort((rg, rs, rf, rp))
            rp, rg, rf = rp[o], rg[o], rf[o]
            take = np.ones(len(rp), dtype=bool)
            take[1:] = rp[1:] != rp[:-1]
            outcome[rp[take]] = np.where(rf[take] == 0, CORRECT, _miss_kind(scheme))
            matched[rg[take]] = True
    return m


# --- one-to-one assignment -------------------------------------------------------------


_PERMUTE_UP_TO = 5  # components up to 5 x 5 try every permutation at once, as arrays


def _local_rank(nodes: np.ndarray, comp_of_node: np.ndarray, size: int) -> np.ndarray:
    """For each node (by id), its rank among the nodes of its component (ids ascending)."""
    uniq = np.unique(nodes)
    comp = comp_of_node[uniq]
    order = np.lexsort((uniq, comp))
    uniq, comp = uniq[order], comp[order]
    new = np.ones(len(uniq), dtype=bool)
    new[1:] = comp[1:] != comp[:-1]
    idx = np.arange(len(uniq))
    rank = np.full(size, -1, dtype=np.int64)
    rank[uniq] = idx - np.maximum.accumulate(np.where(new, idx, 0))
    return rank


def assign(n_left: int, n_right: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Choose edges forming a one-to-one matching of maximum total weight (weights > 0).

    The problem splits into connected components of the edge graph. A component with a
    single node on one side takes its heaviest edge; components up to 5 x 5 try all
    permutations at once (as arrays, grouped by size); bigger ones, rare, go to the
    Hungarian algorithm (``scipy.optimize.linear_sum_assignment``). Ties go to the first
    edge, or the first permutation of nodes in id order. Returns a boolean mask over the edges.
    """
    from itertools import permutations

    from scipy.optimize import linear_sum_assignment
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    m = len(left)
    chosen = np.zeros(m, dtype=bool)
    if m == 0:
        return chosen
    # An edge whose two nodes have no other edge is a component of its own: take it.
    lone = (np.bincount(left, minlength=n_left)[left] == 1) & (np.bincount(right, minlength=n_right)[right] == 1)
    chosen[lone] = True
    edge = np.nonzero(~lone)[0]
    if len(edge) == 0:
        return chosen
    graph = coo_matrix((np.ones(len(edge)), (left[edge], n_left + right[edge])), shape=(n_left + n_right,) * 2)
    _, label = connected_components(graph, directed=False)
    comp = np.full(m, -1, dtype=np.int64)
    comp[edge] = label[left[edge]]
    ncomp = int(label.max()) + 1
    nl = np.bincount(label[:n_left], minlength=ncomp)  # nodes without edges are components of their own
    nr = np.bincount(label[n_left:], minlength=ncomp)
    single = np.zeros(m, dtype=bool)
    single[edge] = (nl[comp[edge]] == 1) | (nr[comp[edge]] == 1)
    if single.any():
        es = np.nonzero(single)[0]
        o = np.lexsort((es, -weight[es], comp[es]))
        es = es[o]
        head = np.ones(len(es), dtype=bool)
        head[1:] = comp[es][1:] != comp[es][:-1]
        chosen[es[head]] = True
    rest = edge[~single[edge]]
    if len(rest) == 0:
        return chosen
    size = np.maximum(nl, nr)
    rank_l = _local_rank(left[rest], label[:n_left], n_left)
    rank_r = _local_rank(right[rest], label[n_left:], n_right)
    for k in range(2, _PERMUTE_UP_TO + 1):
        es = rest[size[comp[rest]] == k]
        if len(es) == 0:
            continue
        comps, slot = np.unique(comp[es], return_inverse=True)
        w = np.zeros((len(comps), k, k))
        index = np.full((len(comps), k, k), -1, dtype=np.int64)
        w[slot, rank_l[left[es]], rank_r[right[es]]] = weight[es]
        index[slot, rank_l[left[es]], rank_r[right[es]]] = es
        perms = np.array(list(permutations(range(k))))
        rows = np.arange(k)
        best = perms[np.argmax(w[:, rows, perms].sum(axis=-1), axis=1)]
        picked = index[np.arange(len(comps))[:, None], rows, best]
        chosen[picked[picked >= 0]] = True
    big = rest[size[comp[rest]] > _PERMUTE_UP_TO]
    if len(big):
        big = big[np.argsort(comp[big], kind="stable")]
        for block in np.split(big, np.nonzero(np.diff(comp[big]))[0] + 1):
            mat = np.zeros((int(rank_l[left[block]].max()) + 1, int(rank_r[right[block]].max()) + 1))
            index = np.full(mat.shape, -1, dtype=np.int64)
            mat[rank_l[left[block]], rank_r[right[block]]] = weight[block]
            index[rank_l[left[block]], rank_r[right[block]]] = block
            r, c = linear_sum_assignment(mat, maximize=True)
            picked = index[r, c]
            chosen[picked[picked >= 0]] = True
    return chosen


# --- ratios with the empty-side conventions -----------------------------------------------


def safe_ratio(num, den, other_den) -> np.ndarray:
    """num / den; where den is 0: 1.0 if the other side is empty too, else 0.0."""
    num, den, other_den = (np.asarray(x, dtype=np.float64) for x in (num, den, other_den))
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(den > 0, num / np.where(den > 0, den, 1), np.where(other_den > 0, 0.0, 1.0))
    return value


def f1(p, r) -> np.ndarray:
    p, r = np.asarray(p, dtype=np.float64), np.asarray(r, dtype=np.float64)
    s = p + r
    return np.where(s > 0, 2 * p * r / np.where(s > 0, s, 1), 0.0)


def prf(tp, n_gold, n_pred) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall, F1; all 1.0 when both sides are empty, all 0.0 when only one is."""
    p = safe_ratio(tp, n_pred, n_gold)
    r = safe_ratio(tp, n_gold, n_pred)
    return p, r, f1(p, r)
