"""The ``documents`` config read from Arrow into flat numpy arrays, one row per span or item.

Scoring never turns the 100,000 nested rows of a Dataset into Python objects: it reads the
Arrow columns, flattens each list level with its parent indices and keeps numbers only.
Strings (types, roles, units...) become integer codes of a vocabulary shared by gold and
predictions; ids become codes only to resolve references (arguments, speakers) to spans.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import schema as sch

# References that could not be resolved get these spans, never equal between the sides.
UNRESOLVED_GOLD, UNRESOLVED_PRED = -1, -2


class Vocab:
    """String <-> code for one vocabulary: the schema's values first, then any others seen, sorted."""

    def __init__(self, names: list[str]):
        self.names = list(names)
        self._index = {n: i for i, n in enumerate(self.names)}

    def encode(self, arr: pa.Array) -> np.ndarray:
        # Dictionary-encode first: the distinct values are few, so mapping them is cheap.
        enc = pc.dictionary_encode(pc.fill_null(arr.cast(pa.string()), ""))
        values = enc.dictionary.to_pylist()
        for v in sorted(set(values) - self._index.keys()):
            self._index[v] = len(self.names)
            self.names.append(v)
        table = np.array([self._index[v] for v in values], dtype=np.int64)
        return table[enc.indices.to_numpy(zero_copy_only=False)] if len(values) else np.zeros(len(arr), np.int64)


def vocabularies() -> dict[str, Vocab]:
    return {name: Vocab(list(sch.choices(name))) for name in
            ("entity_type", "event_type", "role", "factuality", "quote_kind", "unit", "approximation")}


def _ints(arr: pa.Array, null: int = -1) -> np.ndarray:
    if arr.null_count:
        arr = pc.fill_null(arr, null)
    return arr.to_numpy(zero_copy_only=False).astype(np.int64)


def _floats(arr: pa.Array) -> np.ndarray:
    return arr.cast(pa.float64()).to_numpy(zero_copy_only=False).astype(np.float64)


def _children(lists: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Parent index of every element of a list array (null lists have none), and the elements."""
    return pc.list_parent_indices(lists).to_numpy().astype(np.int64), pc.list_flatten(lists)


def _field(arr: pa.Array, name: str) -> pa.Array:
    return pc.struct_field(arr, name)


@dataclass
class Side:
    """One side (gold or predictions) of the aligned documents, flat."""

    n_docs: int
    # entities and their mentions (m_entity indexes the ent_* arrays)
    ent_doc: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ent_type: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    m_doc: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    m_start: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    m_end: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    m_type: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    m_entity: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    # events and their arguments (arg_event indexes the ev_* arrays; spans resolved from refs)
    ev_doc: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ev_type: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ev_start: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ev_end: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ev_fact: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    arg_event: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    arg_role: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    arg_start: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    arg_end: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    # quotes, their content pieces, cue and speaker (speaker: state 0 none, 1 resolved, 2 dangling)
    q_doc: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    q_kind: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    q_cue_start: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    q_cue_end: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    q_spk_state: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    q_spk_start: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    q_spk_end: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    q_spk_entity: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    piece_quote: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    piece_start: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    piece_end: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    # figures
    f_doc: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    f_start: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    f_end: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    f_value: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float64))
    f_value_max: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float64))
    f_unit: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    f_approx: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


def _read_batch(batch: pa.RecordBatch, row_doc: np.ndarray, vocab: dict[str, Vocab], want: set[str]) -> dict:
    """The flat arrays of one record batch; indices into other items are local to the batch."""
    present = set(batch.schema.names)
    out: dict = {}

    def column(name: str) -> pa.Array | None:
        return batch.column(name) if name in want and name in present else None

    if (ents := column("entities")) is not None:
        e_row, e_vals = _children(ents)
        out["ent_doc"] = row_doc[e_row]
        out["ent_type"] = vocab["entity_type"].encode(_field(e_vals, "type"))
        m_ent, m_vals = _children(_field(e_vals, "mentions"))
        out["m_entity"] = m_ent
        out["m_start"] = _ints(_field(m_vals, "start"))
        out["m_end"] = _ints(_field(m_vals, "end"))
        out["m_id"] = _field(m_vals, "id").cast(pa.string())
    if (figs := column("figures")) is not None:
        f_row, f_vals = _children(figs)
        out["f_doc"] = row_doc[f_row]
        out["f_start"] = _ints(_field(f_vals, "start"))
        out["f_end"] = _ints(_field(f_vals, "end"))
        out["f_value"] = _floats(_field(f_vals, "value"))
        out["f_value_max"] = _floats(_field(f_vals, "value_max"))
        out["f_unit"] = vocab["unit"].encode(_field(f_vals, "unit"))
        out["f_approx"] = vocab["approximation"].encode(_field(f_vals, "approximation"))
        out["f_id"] = _field(f_vals, "id").cast(pa.string())
    if (evs := column("events")) is not None:
        v_row, v_vals = _children(evs)
        out["ev_doc"] = row_doc[v_row]
        out["ev_type"] = vocab["event_type"].encode(_field(v_vals, "type"))
        trigger = _field(v_vals, "trigger")
        out["ev_start"] = _ints(_field(trigger, "start"))
        out["ev_end"] = _ints(_field(trigger, "end"))
        out["ev_fact"] = vocab["factuality"].encode(_field(_field(v_vals, "attributes"), "factuality"))
        a_ev, a_vals = _children(_field(v_vals, "arguments"))
        out["arg_event"] = a_ev
        out["arg_role"] = vocab["role"].encode(_field(a_vals, "role"))
        out["arg_ref"] = _field(a_vals, "ref").cast(pa.string())
    if (qs := column("quotes")) is not None:
        q_row, q_vals = _children(qs)
        out["q_doc"] = row_doc[q_row]
        out["q_kind"] = vocab["quote_kind"].encode(_field(q_vals, "kind"))
        cue = _field(q_vals, "cue")
        out["q_cue_start"] = _ints(_field(cue, "start"))
        out["q_cue_end"] = _ints(_field(cue, "end"))
        p_q, p_vals = _children(_field(q_vals, "content"))
        out["piece_quote"] = p_q
        out["piece_start"] = _ints(_field(p_vals, "start"))
        out["piece_end"] = _ints(_field(p_vals, "end"))
        out["q_speaker"] = _field(q_vals, "speaker").cast(pa.string())
    return out


# Arrays that index another item list, and the list they index (offset when batches are joined).
_LOCAL_INDEX = {"m_entity": "ent_doc", "arg_event": "ev_doc", "piece_quote": "q_doc"}


def read_side(table: pa.Table, row_doc: np.ndarray, n_docs: int, vocab: dict[str, Vocab], layers: set[str],
              unresolved: int) -> Side:
    """Flatten the given layers of ``table``; row i of the table is document ``row_doc[i]``.

    A layer that the table lacks is read as empty. Events and quotes also read the entities
    and figures they point at, whatever ``layers`` says. The table is read batch by batch,
    without copying its chunks together.
    """
    side = Side(n_docs=n_docs)
    want = set(layers)
    if want & {"events", "quotes"}:
        want.add("entities")
    if "events" in want:
        want.add("figures")
    parts: dict[str, list] = {}
    row = 0
    for batch in table.select([c for c in table.column_names if c in want]).to_batches():
        got = _read_batch(batch, row_doc[row:row + batch.num_rows], vocab, want)
        row += batch.num_rows
        for key, target in _LOCAL_INDEX.items():
            if key in got:
                got[key] = got[key] + sum(len(x) for x in parts.get(target, []))
        for key, value in got.items():
            parts.setdefault(key, []).append(value)
    ids = ("m_id", "f_id", "arg_ref", "q_speaker")
    strings = {k: pa.chunked_array(v, pa.string()) for k, v in parts.items() if k in ids}
    for key, values in parts.items():
        if key not in strings:
            setattr(side, key, np.concatenate(values))
    side.m_doc = side.ent_doc[side.m_entity]
    side.m_type = side.ent_type[side.m_entity]
    _resolve(side, strings, unresolved)
    return side


def _resolve(side: Side, ids: dict[str, pa.ChunkedArray], unresolved: int) -> None:
    """Turn argument refs and speakers into spans (and the speaker's entity), within each document."""
    from .metrics import combine_keys, lookup

    queries = [k for k in ("arg_ref", "q_speaker") if k in ids]
    if not queries:
        return
    empty = pa.chunked_array([], pa.string())
    order = ["m_id", "f_id", "arg_ref", "q_speaker"]
    arrays = [ids.get(k, empty) for k in order]
    codes = _ints(pc.dictionary_encode(pa.chunked_array([c for a in arrays for c in a.chunks], pa.string()))
                  .combine_chunks().indices) if sum(len(a) for a in arrays) else np.zeros(0, np.int64)
    n_m, n_f, n_a, n_s = (len(a) for a in arrays)
    docs = np.concatenate([side.m_doc, side.f_doc, side.ev_doc[side.arg_event], side.q_doc])
    keys = combine_keys(docs, codes)
    target = lookup(keys[: n_m + n_f], keys[n_m + n_f:])
    target[codes[n_m + n_f:] < 0] = -1  # null reference
    # index -1 picks the "unresolved" slot at the end
    starts = np.concatenate([side.m_start, side.f_start, [unresolved]])
    ends = np.concatenate([side.m_end, side.f_end, [unresolved]])
    a_t = target[:n_a]
    side.arg_start, side.arg_end = starts[a_t], ends[a_t]
    s_t = target[n_a:]
    is_mention = (s_t >= 0) & (s_t < n_m)
    null = codes[n_m + n_f + n_a:] < 0
    side.q_spk_state = np.where(null, 0, np.where(is_mention, 1, 2))
    side.q_spk_start = np.where(is_mention, starts[s_t], unresolved)
    side.q_spk_end = np.where(is_mention, ends[s_t], unresolved)
    side.q_spk_entity = side.m_entity[np.where(is_mention, s_t, 0)] if n_m else np.full(n_s, -1)
    side.q_spk_entity = np.where(is_mention, side.q_spk_entity, -1)
