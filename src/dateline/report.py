"""Score results as text: rich tables for the terminal, Markdown, or JSON.

Tables show scores in percent with one decimal; JSON keeps the exact fractions.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from typing import Any

Section = tuple[str, list[str], list[list[str]]]  # title, headers, rows


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}"


def _ci(ci: list[float] | None) -> str:
    return "—" if not ci else f"[{_pct(ci[0])}, {_pct(ci[1])}]"


def _prf_row(name: str, d: dict[str, Any], *counts: str) -> list[str]:
    return [name, _pct(d["precision"]), _pct(d["recall"]), _pct(d["f1"]), *(f"{d[c]:,}" for c in counts)]


def score_sections(result: dict[str, Any]) -> list[Section]:
    """The headline table, then one table per scored layer."""
    out: list[Section] = []
    rows = [[name.split(".")[0], ".".join(name.split(".")[1:]), _pct(h["value"]), _ci(h.get("ci"))]
            for name, h in result["headline"].items()]
    boot = result["bootstrap"]
    out.append((f"Dateline scores: {result['documents']:,} gold documents "
                f"(95% CI: {boot['resamples']:,} document resamples, seed {boot['seed']})",
                ["layer", "metric", "score %", "95% CI"], rows))
    if "entities" in result:
        ent = result["entities"]
        rows = []
        for scheme, d in ent["schemes"].items():
            micro, macro = d["micro"], d["macro"]
            rows.append([scheme, _pct(micro["precision"]), _pct(micro["recall"]), _pct(micro["f1"]),
                         _pct(macro["precision"]), _pct(macro["recall"]), _pct(macro["f1"]),
                         *(f"{micro[k]:,}" for k in ("correct", "incorrect", "partial", "missed", "spurious"))])
        out.append((f"Entity mentions (SemEval-2013 schemes; {ent['mentions']['gold']:,} gold, "
                     f"{ent['mentions']['predicted']:,} predicted)",
                     ["scheme", "P", "R", "F1", "macro P", "macro R", "macro F1", "correct", "incorrect", "partial",
                      "missed", "spurious"], rows))
        types = sorted({t for d in ent["schemes"].values() for t in d["per_type"]})
        per = {s: d["per_type"] for s, d in ent["schemes"].items()}
        rows = [[t, *(_pct(per[s][t]["f1"]) if t in per[s] else "—" for s in per),
                 f"{per['strict'].get(t, {}).get('possible', 0):,}"] for t in types]
        out.append(("Entity mentions: F1 per type", ["type", *ent["schemes"], "gold"], rows))
        coref = ent["coreference"]
        rows = [_prf_row(name.upper() if name == "muc" else {"b3": "B-cubed", "ceafe": "CEAF-e"}[name], coref[name])
                for name in ("muc", "b3", "ceafe")]
        rows.append(["CoNLL F1", "", "", _pct(coref["conll_f1"])])
        out.append(("Coreference (mentions matched by exact span)", ["metric", "P", "R", "F1"], rows))
    if "events" in result:
        ev = result["events"]
        rows = [_prf_row(name.replace("_", " "), ev[name], "tp")
                for name in ("trigger_identification", "trigger_classification", "argument_identification",
                             "argument_classification")]
        rows.append(["factuality accuracy", "", "", _pct(ev["factuality"]["accuracy"]),
                     f"{ev['factuality']['correct']:,} of {ev['factuality']['matched']:,}"])
        out.append((f"Events ({ev['events']['gold']:,} gold, {ev['events']['predicted']:,} predicted; "
                     f"arguments {ev['arguments']['gold']:,} gold, {ev['arguments']['predicted']:,} predicted)",
                     ["score", "P", "R", "F1 / acc.", "right"], rows))
    if "quotes" in result:
        q = result["quotes"]
        rows = [_prf_row(label, q[name], "tp") for name, label in
                (("content_exact", "content exact"), ("content_overlap", "content overlap"), ("cue", "cue"))]
        for name in ("kind", "speaker"):
            rows.append([f"{name} accuracy", "", "", _pct(q[name]["accuracy"]),
                         f"{q[name]['correct']:,} of {q[name]['matched']:,}"])
        out.append((f"Quotes ({q['quotes']['gold']:,} gold, {q['quotes']['predicted']:,} predicted)",
                    ["score", "P", "R", "F1 / acc.", "right"], rows))
    if "figures" in result:
        f = result["figures"]
        rows = [_prf_row("span", f["span"], "tp")]
        for name in ("value", "unit", "approximation"):
            rows.append([f"{name} accuracy", "", "", _pct(f[name]["accuracy"]),
                         f"{f[name]['correct']:,} of {f[name]['matched']:,}"])
        rows.append(["fully right (of gold)", "", "", _pct(f["fully_right"]["rate"]),
                     f"{f['fully_right']['correct']:,} of {f['fully_right']['gold']:,}"])
        out.append((f"Figures ({f['figures']['gold']:,} gold, {f['figures']['predicted']:,} predicted)",
                    ["score", "P", "R", "F1 / acc.", "right"], rows))
    return out


def compare_sections(result: dict[str, Any], names: tuple[str, str] = ("A", "B")) -> list[Section]:
    boot = result["bootstrap"]
    rows = []
    for name, r in result["comparison"].items():
        p = r.get("p_value")
        rows.append([name, _pct(r["a"]), _pct(r["b"]), f"{100 * r['difference']:+.1f}", _ci(r.get("ci")),
                     "—" if p is None else f"{p:.3f}"])
    title = (f"{names[0]} vs {names[1]}: {result['documents']:,} gold documents (paired bootstrap, "
             f"{boot['resamples']:,} document resamples, seed {boot['seed']})")
    return [(title, ["metric", f"{names[0]} %", f"{names[1]} %", "A - B", "95% CI of A - B", "p"], rows)]


def agree_sections(result: dict[str, Any], names: tuple[str, str] = ("A", "B")) -> list[Section]:
    """The agreement table, the item counts and every disagreement of ``dateline agree``."""
    from .agree import table_rows

    a, b = names
    rows = [[layer, what, "n/a" if v is None else f"{100 * v:.1f}"] for layer, what, v in table_rows(result)]
    sections: list[Section] = [(f"Agreement of {a} and {b} over {result['documents']} document(s), ×100", ["layer", "measure", "agreement"], rows)]
    sections.append(("Items (mentions for entities)", ["layer", a, b],
                     [[layer, str(c["a"]), str(c["b"])] for layer, c in result["items"].items()]))
    dis = result["disagreements"]
    tally = Counter((d["layer"], d["what"]) for d in dis)
    sections.append((f"Disagreements: {len(dis)}", ["layer", "what", "count"],
                     [[layer, what, str(n)] for (layer, what), n in sorted(tally.items())]))
    if dis:
        sections.append(("Every disagreement", ["document", "layer", "what", "span", "text", a, b],
                         [[d["doc"], d["layer"], d["what"], f"{d['start']}-{d['end']}", d["text"][:60],
                           d["a"] or "—", d["b"] or "—"] for d in dis]))
    return sections


def markdown(sections: list[Section]) -> str:
    parts = []
    for title, headers, rows in sections:
        lines = [f"**{title}**", "", "| " + " | ".join(headers) + " |",
                 "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|"]
        lines += ["| " + " | ".join(row + [""] * (len(headers) - len(row))) + " |" for row in rows]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def rich_tables(sections: list[Section]):
    from rich.table import Table

    tables = []
    for title, headers, rows in sections:
        t = Table(title=title, title_justify="left")
        for i, h in enumerate(headers):
            t.add_column(h, justify="left" if i == 0 or h in ("layer", "metric", "score") else "right")
        for row in rows:
            t.add_row(*(row + [""] * (len(headers) - len(row))))
        tables.append(t)
    return tables


def plain_tables(sections: list[Section], width: int = 120) -> str:
    """The rich tables as plain text (for a file)."""
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, force_terminal=False)
    for t in rich_tables(sections):
        console.print(t)
    return buf.getvalue()


def render(result: dict[str, Any], fmt: str, sections: list[Section]) -> str:
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return markdown(sections)
    return plain_tables(sections)
