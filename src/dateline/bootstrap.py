"""Document-level bootstrap: confidence intervals and paired significance tests.

A resample draws n documents with replacement. Every score is a function of per-document
count sums, so a resample is a weight vector (how often each document was drawn) and its
sums are one matrix product: ``weights @ counts``. Counts are computed once.
"""

from __future__ import annotations

from typing import Callable, Iterator, Mapping

import numpy as np

Sums = Mapping[str, np.ndarray]
LEVEL = 0.95


def resample_weights(n_docs: int, n_boot: int, seed: int, chunk: int = 100) -> Iterator[np.ndarray]:
    """Blocks of rows of the (n_boot x n_docs) matrix of draw counts; the same for the same seed."""
    rng = np.random.default_rng(seed)
    for lo in range(0, n_boot, chunk):
        b = min(chunk, n_boot - lo)
        draws = rng.integers(0, n_docs, size=(b, n_docs), dtype=np.int32 if n_docs < 2**31 else np.int64)
        yield np.stack([np.bincount(row, minlength=n_docs) for row in draws]).astype(np.float64)


def resampled_sums(counts: Mapping[str, np.ndarray], n_docs: int, n_boot: int, seed: int) -> dict[str, np.ndarray]:
    """The sums of every count over each resample: name -> (n_boot,) or (n_boot, k)."""
    names = list(counts)
    blocks = [counts[k].reshape(n_docs, -1) for k in names]
    widths = [b.shape[1] for b in blocks]
    matrix = np.hstack(blocks) if blocks else np.zeros((n_docs, 0))
    parts = [w @ matrix for w in resample_weights(n_docs, n_boot, seed)] if n_docs else []
    total = np.vstack(parts) if parts else np.zeros((n_boot, matrix.shape[1]))
    out, at = {}, 0
    for name, width in zip(names, widths):
        col = total[:, at:at + width]
        out[name] = col[:, 0] if counts[name].ndim == 1 else col
        at += width
    return out


class _Recorder(dict):
    """Sums that remember which counts a metric reads (so only those are resampled)."""

    def __init__(self, sums: Sums):
        super().__init__(sums)
        self.used: set[str] = set()

    def __getitem__(self, key: str) -> np.ndarray:
        self.used.add(key)
        return super().__getitem__(key)


def used_counts(metrics: Mapping[str, Callable[[Sums], np.ndarray]], sums: Sums) -> set[str]:
    rec = _Recorder(sums)
    for fn in metrics.values():
        fn(rec)
    return rec.used


def interval(samples: np.ndarray, level: float = LEVEL) -> list[float]:
    """Percentile interval of the bootstrap distribution."""
    lo, hi = np.percentile(samples, [50 * (1 - level), 50 * (1 + level)])
    return [float(lo), float(hi)]


def paired_p_value(diff_samples: np.ndarray, observed: float) -> float:
    """Two-sided p-value of "no difference" from paired bootstrap differences.

    The bootstrap distribution of the difference is shifted to mean zero under the null
    (Efron & Tibshirani 1993, sec. 16.4; Berg-Kirkpatrick et al. 2012):
    p = (1 + #{|d* - d| >= |d|}) / (1 + B).
    """
    extreme = np.abs(diff_samples - observed) >= abs(observed) - 1e-12
    return float((1 + extreme.sum()) / (1 + len(diff_samples)))
