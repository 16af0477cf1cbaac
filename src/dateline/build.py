"""Everything generated from the corpus and the schema, produced by one function.

``dateline build`` writes it; the test suite checks that what is committed is
what this module would write now, so generated files can never go stale.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import schema as sch
from .corpus import expected_data_files, load_corpus, read_manifest, split_manifest
from .io import write_atomic
from .stats import markdown_tables

BLOCK = re.compile(r"(<!-- BEGIN GENERATED (\S+) -->\n).*?(<!-- END GENERATED \2 -->)", re.S)


def vocabulary_table(name: str) -> str:
    items = sch.choices(name)
    if name == "event_type":
        rows = ["| type | definition | roles | ACE 2005 | PLOVER |", "|---|---|---|---|---|"]
        for k, c in items.items():
            rows.append(f"| `{k}` | {c['description']} | {', '.join(c['x-roles'])} | "
                        f"{c.get('x-ace2005') or '—'} | {c.get('x-plover') or '—'} |")
        return "\n".join(rows)
    rows = ["| value | definition |", "|---|---|"]
    rows += [f"| `{k}` | {c.get('description', '')} |" for k, c in items.items()]
    return "\n".join(rows)


def fill_blocks(text: str, blocks: dict[str, str]) -> str:
    def repl(m: re.Match) -> str:
        name = m.group(2)
        if name not in blocks:
            return m.group(0)
        return f"{m.group(1)}{blocks[name]}\n{m.group(3)}"

    return BLOCK.sub(repl, text)


def generated_texts(root: Path, records: list[dict[str, Any]]) -> dict[Path, str]:
    """Markdown files with their generated blocks filled in."""
    vocab = {n: vocabulary_table(n) for n in
             ("entity_type", "mention_kind", "event_type", "role", "factuality", "quote_kind", "unit", "approximation",
              "topic", "style")}
    blocks = {**vocab, "stats": markdown_tables(records)}
    out = {}
    for path in [root / "corpus" / "README.md", *sorted((root / "docs").rglob("*.md"))]:
        if path.is_file():
            old = path.read_text(encoding="utf-8")
            new = fill_blocks(old, blocks)
            out[path] = new
    return out


def check_splits(root: Path, records: list[dict[str, Any]]) -> None:
    published = read_manifest(root / "corpus")
    now = split_manifest(records)
    if published != now:
        raise SystemExit(
            "the splits in the records differ from the published corpus/splits.json; splits change only "
            "with a versioned release: update corpus/splits.json and the changelog on purpose")


def build(root: Path) -> list[Path]:
    """Regenerate every generated file under ``root``; returns the paths written."""
    from .corpus import parquet_bytes

    records = load_corpus(root / "corpus")
    check_splits(root, records)
    written = []
    for path, table in expected_data_files(records, root / "corpus").items():
        write_atomic(path, parquet_bytes(table))
        written.append(path)
    for path, text in generated_texts(root, records).items():
        if path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
            written.append(path)
    return written
