"""Parity with nervaluate 1.2.1: our four SemEval-2013 schemes give its counts and its P/R/F1.

nervaluate takes INCLUSIVE end offsets and matches greedily in the order it is given, so it
gets the spans of each document sorted by (start, end, type), our canonical order (types in
the schema's order: PER, ORG, GPE are its first three), with end - 1. The one intended
difference: when a score has neither gold nor predicted spans, nervaluate says 0.0 and
Dateline 1.0 (docs/metrics.md, conventions).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from nervaluate import Evaluator

from dateline.columns import Side
from dateline.counts import entity_scheme_counts
from dateline.score import scheme_prf

TYPES = ["PER", "ORG", "GPE"]
NERVALUATE = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
CATEGORIES = ("correct", "incorrect", "partial", "missed", "spurious")

# Spans crowd a short stretch so that they overlap and nest; some are long enough (> 100
# characters) that a one-character overlap falls under nervaluate's 1% threshold.
span_st = st.tuples(st.integers(0, 40), st.one_of(st.integers(1, 12), st.sampled_from([101, 150, 250])),
                    st.integers(0, len(TYPES) - 1)).map(lambda t: (t[0], t[0] + t[1], t[2]))
doc_st = st.lists(span_st, max_size=10)


def side(docs: list[list[tuple[int, int, int]]]) -> Side:
    rows = np.array([(d, s, e, t) for d, spans in enumerate(docs) for s, e, t in spans], dtype=np.int64).reshape(-1, 4)
    out = Side(n_docs=len(docs))
    out.m_doc, out.m_start, out.m_end, out.m_type = rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3]
    return out


def nervaluate_input(docs):
    return [[{"label": TYPES[t], "start": s, "end": e - 1} for s, e, t in sorted(spans)] for spans in docs]


@st.composite
def gold_and_pred(draw):
    n = draw(st.integers(1, 4))
    gold = [draw(doc_st) for _ in range(n)]
    pred = []
    for spans in gold:
        # copies, copies with another type or shifted bounds, and free spans
        kept = [draw(st.sampled_from([(s, e, t), (s, e, (t + 1) % 3), (s, e + 1, t), (max(0, s - 1), e, t)]))
                for s, e, t in spans if draw(st.booleans())]
        pred.append(kept + draw(doc_st))
    return gold, pred


def check(gold, pred):
    ours = entity_scheme_counts(side(gold), side(pred), len(TYPES))
    theirs = Evaluator(nervaluate_input(gold), nervaluate_input(pred), tags=TYPES, loader="dict").evaluate()
    for scheme, name in NERVALUATE.items():
        ref = theirs["overall"][name]
        got = [int(ours[f"ent.{scheme}.{c}"].sum()) for c in CATEGORIES]
        assert got == [getattr(ref, c) for c in CATEGORIES], scheme
        sums = {k: v.sum(axis=0) for k, v in ours.items()}
        p, r, f = (float(x) for x in scheme_prf(sums, scheme))
        if ref.actual == 0 and ref.possible == 0:
            assert (p, r, f) == (1.0, 1.0, 1.0)  # our convention; nervaluate says 0.0
        else:
            assert (p, r, f) == (ref.precision, ref.recall, ref.f1), scheme
        p, r, f = scheme_prf(sums, scheme, by_type=True)
        for t, tag in enumerate(TYPES):
            got = [int(ours[f"ent.{scheme}.{c}.by_type"][:, t].sum()) for c in CATEGORIES]
            if tag not in theirs["entities"]:  # nervaluate lists only the types it saw
                assert got == [0] * 5
                continue
            ref = theirs["entities"][tag][name]
            assert got == [getattr(ref, c) for c in CATEGORIES], (scheme, tag)
            assert (float(p[t]), float(r[t]), float(f[t])) == (ref.precision, ref.recall, ref.f1), (scheme, tag)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gold_and_pred())
def test_counts_and_scores_equal_nervaluate(data):
    check(*data)


@pytest.mark.parametrize("gold, pred", [
    # the exact match comes after an overlapping span in canonical order: nervaluate's greedy claim
    ([[(0, 10, 0)]], [[(0, 5, 0), (0, 10, 0)]]),
    # nested gold names ("[[Syria]'s army]") and a prediction of each
    ([[(0, 5, 2), (0, 12, 1)]], [[(0, 5, 2), (0, 12, 1)]]),
    # one predicted span over two gold spans, of the same type and not
    ([[(0, 4, 0), (6, 10, 0), (12, 16, 1)]], [[(0, 16, 0)]]),
    # a one-character overlap with a 150-character gold span is under nervaluate's 1%
    ([[(0, 150, 0)]], [[(149, 152, 0)]]),
    # nothing at all
    ([[]], [[]]),
])
def test_known_cases_equal_nervaluate(gold, pred):
    check(gold, pred)
