"""Corpus statistics: counts per split, per layer and per type."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .corpus import SPLITS, families, tokenize

COLUMNS = ("documents", "tokens", "entities", "mentions", "events", "arguments", "quotes", "figures")


def record_counts(record: dict[str, Any]) -> Counter:
    return Counter({
        "documents": 1,
        "tokens": len(tokenize(record["text"])),
        "entities": len(record["entities"]),
        "mentions": sum(len(e["mentions"]) for e in record["entities"]),
        "events": len(record["events"]),
        "arguments": sum(len(v["arguments"]) for v in record["events"]),
        "quotes": len(record["quotes"]),
        "figures": len(record["figures"]),
    })


def split_counts(records: list[dict[str, Any]]) -> dict[str, Counter]:
    out = {split: Counter() for split in SPLITS}
    for r in records:
        out[r["metadata"]["split"]] += record_counts(r)
    out["total"] = sum(out.values(), Counter())
    return out


def type_counts(records: list[dict[str, Any]]) -> dict[str, dict[str, Counter]]:
    """For each layer, a Counter of types (entity types, event types, quote kinds, figure units) per split."""
    layers: dict[str, dict[str, Counter]] = {k: {s: Counter() for s in SPLITS} for k in
                                               ("entity types", "mention kinds", "event types", "factuality",
                                                "quote kinds", "figure units", "approximation", "topics", "styles")}
    for r in records:
        s = r["metadata"]["split"]
        layers["entity types"][s].update(e["type"] for e in r["entities"])
        layers["mention kinds"][s].update(m["kind"] for e in r["entities"] for m in e["mentions"])
        layers["event types"][s].update(v["type"] for v in r["events"])
        layers["factuality"][s].update(v["attributes"]["factuality"] for v in r["events"])
        layers["quote kinds"][s].update(q["kind"] for q in r["quotes"])
        layers["figure units"][s].update(f["unit"] for f in r["figures"])
        layers["approximation"][s].update(f["approximation"] for f in r["figures"])
        layers["topics"][s][r["metadata"]["topic"]] += 1
        layers["styles"][s][r["metadata"]["style"]] += 1
    return layers


def markdown_tables(records: list[dict[str, Any]]) -> str:
    """The statistics as Markdown: the per-split table, then one table per layer and type."""
    counts = split_counts(records)
    rows = ["| split | " + " | ".join(COLUMNS) + " |", "|---|" + "---:|" * len(COLUMNS)]
    for split, c in counts.items():
        rows.append(f"| {split} | " + " | ".join(f"{c[k]:,}" for k in COLUMNS) + " |")
    parts = ["\n".join(rows)]
    for layer, per_split in type_counts(records).items():
        keys = sorted(set().union(*per_split.values()))
        t = [f"**{layer}**", "", f"| {layer[:-1] if layer.endswith('s') else layer} | " + " | ".join(SPLITS) + " | total |",
             "|---|" + "---:|" * (len(SPLITS) + 1)]
        for k in keys:
            vals = [per_split[s][k] for s in SPLITS]
            t.append(f"| {k} | " + " | ".join(map(str, vals)) + f" | {sum(vals)} |")
        parts.append("\n".join(t))
    return "\n\n".join(parts)


def families_markdown(records: list[dict[str, Any]]) -> str:
    """The story families as Markdown: one line of totals, then one row per family."""
    fams = families(records)
    if not fams:
        return "No story families yet."
    per_split, docs_per_split = Counter(), Counter()
    for docs in fams.values():
        per_split[docs[0]["metadata"]["split"]] += 1
        docs_per_split[docs[0]["metadata"]["split"]] += len(docs)
    n_docs = sum(docs_per_split.values())
    head = (f"**{len(fams)}** story families, **{n_docs}** documents; "
            + "; ".join(f"{s}: {per_split[s]} families, {docs_per_split[s]} documents" for s in SPLITS if per_split[s])
            + ".")
    rows = ["| story | split | topic | documents | styles |", "|---|---|---|---|---|"]
    for story, docs in fams.items():
        m = docs[0]["metadata"]
        rows.append(f"| {story} | {m['split']} | {m['topic']} | {', '.join(d['id'] for d in docs)} | "
                    f"{', '.join(d['metadata']['style'] for d in docs)} |")
    return head + "\n\n" + "\n".join(rows)
