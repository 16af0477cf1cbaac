"""Everything generated from the corpus, the schema and the CLI, produced by one function.

:func:`generated_texts` returns every generated text file with its content:
the Markdown pages with their generated blocks filled in (statistics, vocabulary
tables, the schema reference, the CLI reference, the chart gallery), the
statistics charts (SVG) and the downloadable copy of the JSON Schema for the
site. ``dateline build`` writes them; the test suite checks that what is
committed is what this module would write now, so generated files can never go
stale.

A generated block is a region of a Markdown file between
``<!-- BEGIN GENERATED name -->`` and ``<!-- END GENERATED name -->``; any page
under ``docs/`` (or the dataset card) may hold any of the blocks named in
:func:`generated_blocks`.
"""

from __future__ import annotations

import argparse
import html
import json
import re
from pathlib import Path
from typing import Any

from . import schema as sch
from .corpus import expected_data_files, family_problems, load_corpus, read_manifest, split_manifest
from .hub import fill_front_matter
from .io import write_atomic
from .realism import realism_markdown
from .stats import COLUMNS, families_markdown, markdown_tables, split_counts

CHARTS_DIR = Path("docs") / "assets" / "charts"
SCHEMA_COPY = Path("docs") / "assets" / "dateline.schema.json"
VOCABULARIES = ("entity_type", "mention_kind", "event_type", "role", "factuality", "quote_kind", "unit",
                "approximation", "topic", "style")

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


# --- schema reference ------------------------------------------------------------------


def _code(value: str) -> str:
    """Inline code that survives a Markdown table cell (a pipe would split the cell)."""
    if "|" in value or "`" in value:
        return "<code>" + html.escape(value).replace("|", "&#124;") + "</code>"
    return f"`{value}`"


def _def_link(name: str) -> str:
    return f"[{name}](#def-{name})"


def _type_of(prop: dict[str, Any]) -> str:
    """A short, readable type for one schema node, with links to the definitions it uses."""
    if "$ref" in prop:
        return _def_link(prop["$ref"].rsplit("/", 1)[-1])
    if "oneOf" in prop and not all("const" in c for c in prop["oneOf"]):
        return " or ".join(_type_of(c) for c in prop["oneOf"])
    if "const" in prop:
        return "constant"
    if "enum" in prop:
        return "one of " + ", ".join(_code(str(v)) for v in prop["enum"])
    types = prop.get("type")
    if types is None:
        return "any"
    types = [types] if isinstance(types, str) else types
    out = []
    for t in types:
        if t == "array":
            out.append("array of " + (_type_of(prop["items"]) if "items" in prop else "any"))
        else:
            out.append(t)
    return " or ".join(out)


def _constraints(prop: dict[str, Any]) -> str:
    parts = []
    if "pattern" in prop:
        parts.append("matches " + _code(prop["pattern"]))
    for key, word in (("minimum", "at least"), ("minLength", "length at least"), ("minItems", "items at least")):
        if key in prop:
            parts.append(f"{word} {prop[key]}")
    if "const" in prop:
        parts.append("always " + _code(str(prop["const"])))
    return "; ".join(parts) or "—"


def _description(prop: dict[str, Any]) -> str:
    """The node's description, else that of the definition it refers to."""
    if prop.get("description"):
        return prop["description"]
    if "$ref" in prop:
        target = sch.load_schema()["$defs"].get(prop["$ref"].rsplit("/", 1)[-1], {})
        if target.get("description"):
            return target["description"]
        if "oneOf" in target:
            return f"One of the {len(target['oneOf'])} values listed under {_type_of(prop)}."
    return "—"


def _field_rows(node: dict[str, Any], prefix: str = "") -> list[str]:
    rows = []
    required = set(node.get("required", ()))
    for name, prop in node.get("properties", {}).items():
        rows.append(f"| {_code(prefix + name)} | {_type_of(prop)} | {'yes' if name in required else 'no'} | "
                    f"{_constraints(prop)} | {_description(prop)} |")
        if prop.get("type") == "object" and "properties" in prop:
            rows += _field_rows(prop, f"{prefix}{name}.")
    return rows


def _object_section(title: str, anchor: str, node: dict[str, Any]) -> str:
    parts = [f"### {title} {{ #{anchor} }}"]
    if node.get("description"):
        parts.append(node["description"])
    table = ["| field | type | required | constraints | description |", "|---|---|---|---|---|",
             *_field_rows(node)]
    parts.append("\n".join(table))
    if node.get("additionalProperties") is False:
        parts.append("No other fields are allowed.")
    return "\n\n".join(parts)


def _vocabulary_section(name: str) -> str:
    items = sch.choices(name)
    parts = [f"### {name} {{ #def-{name} }}", f"{len(items)} values."]
    extra = sorted({k for c in items.values() for k in c if k.startswith("x-")})
    if name == "event_type":
        parts.append(vocabulary_table(name))
        return "\n\n".join(parts)
    head = ["value", "definition", *(k[2:] for k in extra)]
    rows = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for key, c in items.items():
        cells = [_code(key), c.get("description", "")]
        for k in extra:
            v = c.get(k)
            cells.append("—" if v in (None, [], "") else ", ".join(map(str, v)) if isinstance(v, list) else str(v))
        rows.append("| " + " | ".join(cells) + " |")
    parts.append("\n".join(rows))
    return "\n\n".join(parts)


def schema_reference() -> str:
    """The whole JSON Schema as Markdown: the record, every object it defines, every vocabulary."""
    schema = sch.load_schema()
    defs = schema["$defs"]
    objects = [k for k, v in defs.items() if v.get("type") == "object"]
    vocabularies = [k for k, v in defs.items() if "oneOf" in v and all("const" in c for c in v["oneOf"])]
    other = [k for k in defs if k not in objects and k not in vocabularies]
    parts = [
        f"Schema version **{schema['x-version']}** (`x-version`), JSON Schema dialect `{schema['$schema']}`. "
        f"[Download the schema](assets/dateline.schema.json).",
        "## Objects",
        _object_section("record", "def-record", {**schema, "description": schema.get("description", "")}),
        *(_object_section(k, f"def-{k}", defs[k]) for k in objects),
        "## Vocabularies",
        "Every closed list of values in the schema. A value outside its list is a validation error.",
        *(_vocabulary_section(k) for k in vocabularies),
    ]
    if other:
        parts += ["## Other definitions", *(f"### {k} {{ #def-{k} }}\n\n```json\n{json.dumps(defs[k], indent=2)}\n```"
                                            for k in other)]
    return "\n\n".join(parts)


# --- CLI reference -------------------------------------------------------------------


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[argparse.ArgumentParser, str]]:
    """The direct subcommands of a parser with their one-line help, in the order they were added."""
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            out += [(sub, helps.get(name, "")) for name, sub in action.choices.items()]
    return out


def _cli_parsers() -> list[tuple[argparse.ArgumentParser, str]]:
    """The ``dateline`` parser and every subcommand at any depth, depth first, each with its help."""
    from . import cli

    def walk(parser: argparse.ArgumentParser, help_: str) -> list[tuple[argparse.ArgumentParser, str]]:
        # A fixed width and no colour: the help must not depend on the terminal that runs the build.
        parser.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=100)  # type: ignore[assignment]
        if hasattr(parser, "color"):
            parser.color = False
        found = [(parser, help_)]
        for sub, sub_help in _subcommands(parser):
            found += walk(sub, sub_help)
        return found

    root = cli.build_parser()
    return walk(root, root.description or "")


def _text(value: str) -> str:
    """Help text as literal Markdown: no HTML tags from "<id>", no emphasis from "_" or "*", no cell breaks."""
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", html.escape(value, quote=False))


def _anchor(parser: argparse.ArgumentParser) -> str:
    return "-".join(parser.prog.split())


def _portable(value: str) -> str:
    """Defaults that are paths of this checkout, written relative to the repository root."""
    from .paths import CHECKOUT

    root = str(CHECKOUT)
    return value.replace(root + "/", "").replace(root, ".")


def _usage(parser: argparse.ArgumentParser) -> str:
    return _portable(parser.format_usage().strip())


def _argument_rows(parser: argparse.ArgumentParser) -> list[str]:
    rows = ["| argument | required | default | what it does |", "|---|---|---|---|"]
    for action in parser._actions:
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._SubParsersAction):
            continue
        if action.option_strings:
            name = ", ".join(action.option_strings)
            if action.nargs != 0:
                name += " " + (action.metavar or action.dest.upper())
        else:
            name = action.metavar or action.dest
        default = action.default
        no_default = default is None or default is False or default == argparse.SUPPRESS or action.nargs == 0
        shown = "—" if no_default else _code(_portable(str(default)))
        params = {**vars(action), "prog": parser.prog, "default": _portable(str(default))}
        text = action.help % params if action.help else "—"
        required = "yes" if action.required or (not action.option_strings and action.nargs not in ("?", "*")) else "no"
        rows.append(f"| {_code(name)} | {required} | {shown} | {_text(_portable(text))} |")
    return rows


def cli_reference() -> str:
    """The command line, from the argparse parser of :func:`dateline.cli.build_parser`."""
    (root, description), *commands = _cli_parsers()
    leaves = [(p, h) for p, h in commands if not _subcommands(p)]
    parts = [description.strip(),
             "```text\n" + _usage(root) + "\n```",
             "| command | what it does |\n|---|---|\n" + "\n".join(
                 f"| [`{p.prog}`](#{_anchor(p)}) | {_text(h) or '—'} |" for p, h in leaves),
             "\n".join(_argument_rows(root))]
    for parser, help_ in commands:
        parts += [f"## `{parser.prog}` {{ #{_anchor(parser)} }}",
                  _text((help_[:1].upper() + help_[1:]).rstrip(".") + ".") if help_ else "",
                  "```text\n" + _usage(parser) + "\n```"]
        subs = _subcommands(parser)
        if subs:
            parts.append("| command | what it does |\n|---|---|\n" + "\n".join(
                f"| [`{p.prog}`](#{_anchor(p)}) | {_text(h) or '—'} |" for p, h in subs))
        parts.append("\n".join(_argument_rows(parser)))
    return "\n\n".join(p for p in parts if p)


# --- statistics summary --------------------------------------------------------------


def summary_line(records: list[dict[str, Any]]) -> str:
    total = split_counts(records)["total"]
    return " · ".join(f"**{total[c]:,}** {c}" for c in COLUMNS)


# --- everything generated --------------------------------------------------------------


def generated_blocks(records: list[dict[str, Any]], charts: list | None = None) -> dict[str, str]:
    """The content of every named generated block."""
    from .charts import charts_markdown, render_charts

    charts = render_charts(records) if charts is None else charts
    return {
        **{n: vocabulary_table(n) for n in VOCABULARIES},
        "stats": markdown_tables(records),
        "families": families_markdown(records),
        "realism": realism_markdown(records),
        "summary": summary_line(records),
        "charts": charts_markdown(charts, CHARTS_DIR.relative_to("docs").as_posix()),
        "schema": schema_reference(),
        "cli": cli_reference(),
    }


def generated_texts(root: Path, records: list[dict[str, Any]]) -> dict[Path, str]:
    """Every generated text file under ``root`` with what it must contain.

    Markdown files (``corpus/README.md`` and ``docs/**/*.md``) with their
    generated blocks filled in (and the card's YAML front matter, see :mod:`dateline.hub`), the chart SVGs under ``docs/assets/charts/``
    and the site's copy of the JSON Schema.
    """
    from .agree import study, study_markdown
    from .charts import render_charts

    charts = render_charts(records)
    blocks = generated_blocks(records, charts)
    blocks["agreement"] = study_markdown(study(root / "corpus", records))
    out = {}
    card = root / "corpus" / "README.md"
    for path in [card, *sorted((root / "docs").rglob("*.md"))]:
        if path.is_file():
            old = path.read_text(encoding="utf-8")
            new = fill_blocks(old, blocks)
            out[path] = fill_front_matter(new, records) if path == card else new
    for chart in charts:
        out[root / CHARTS_DIR / chart.filename] = chart.svg
    out[root / SCHEMA_COPY] = sch.schema_path().read_text(encoding="utf-8")
    from .labelstudio import configs

    for name, xml in configs().items():
        out[root / "annotation" / name] = xml
    return out


def orphan_charts(root: Path, expected: dict[Path, str]) -> list[Path]:
    """Files in the charts folder that no chart produces any more."""
    folder = root / CHARTS_DIR
    return sorted(p for p in folder.glob("*") if p.is_file() and p not in expected) if folder.is_dir() else []


def check_splits(root: Path, records: list[dict[str, Any]]) -> None:
    published = read_manifest(root / "corpus")
    now = split_manifest(records)
    if published != now:
        raise SystemExit(
            "the splits in the records differ from the published corpus/splits.json; splits change only "
            "with a versioned release: update corpus/splits.json and the changelog on purpose")
    problems = family_problems(records)
    if problems:
        raise SystemExit("\n".join(problems))


def build(root: Path) -> list[Path]:
    """Regenerate every generated file under ``root``; returns the paths written."""
    from .corpus import parquet_bytes

    records = load_corpus(root / "corpus")
    check_splits(root, records)
    # Everything is computed before anything is written, so a failure leaves the old build whole.
    texts = generated_texts(root, records)
    tables = expected_data_files(records, root / "corpus")
    written = []
    for path, table in tables.items():
        write_atomic(path, parquet_bytes(table))
        written.append(path)
    for path, text in texts.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
            written.append(path)
    for path in orphan_charts(root, texts):
        path.unlink()  # the charts folder holds generated files only
    return written
