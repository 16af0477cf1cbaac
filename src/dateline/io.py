"""Reading and writing record files: one JSON record, a JSON list, JSON Lines, or a folder of them.

Reading never raises on bad input: it returns the records it could read and a
:class:`Problem` for each file or line it could not.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .errors import Errors


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is and what it is."""

    where: str  # file, file:line, or document id
    path: str  # JSON path inside the record ("$" for the whole record)
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.path}: {self.message}"


@dataclass
class Loaded:
    record: dict[str, Any]
    source: str  # file or file:line


def _decode(path: Path, raw: bytes) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        return None, Problem(str(path), "$", Errors.E002.format(pos=err.start, reason=err.reason))


def _json_problem(where: str, err: json.JSONDecodeError) -> Problem:
    return Problem(where, "$", Errors.E003.format(line=err.lineno, col=err.colno, msg=err.msg))


def read_file(path: Path) -> tuple[list[Loaded], list[Problem]]:
    path = Path(path)
    raw = path.read_bytes()
    text, problem = _decode(path, raw)
    if problem:
        return [], [problem]
    assert text is not None
    if not text.strip():
        return [], [Problem(str(path), "$", Errors.E001)]
    loaded: list[Loaded] = []
    problems: list[Problem] = []
    if path.suffix == ".jsonl":
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                problems.append(_json_problem(where, err))
                continue
            if isinstance(obj, dict):
                loaded.append(Loaded(obj, where))
            else:
                problems.append(Problem(where, "$", Errors.E004.format(found=type(obj).__name__)))
        return loaded, problems
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        return [], [_json_problem(str(path), err)]
    if obj == []:
        return [], [Problem(str(path), "$", Errors.E009)]
    items: Iterable[Any] = obj if isinstance(obj, list) else [obj]
    for i, item in enumerate(items):
        where = str(path) if not isinstance(obj, list) else f"{path}[{i}]"
        if isinstance(item, dict):
            loaded.append(Loaded(item, where))
        else:
            problems.append(Problem(where, "$", Errors.E004.format(found=type(item).__name__)))
    return loaded, problems


def record_files(path: Path) -> list[Path]:
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in (".json", ".jsonl") and p.is_file())
    return [path]


def read_records(path: Path | str) -> tuple[list[Loaded], list[Problem]]:
    """Read every record under ``path`` (a file or a folder)."""
    path = Path(path)
    if not path.exists():
        return [], [Problem(str(path), "$", Errors.E005)]
    files = record_files(path)
    if not files:
        return [], [Problem(str(path), "$", Errors.E006)]
    loaded: list[Loaded] = []
    problems: list[Problem] = []
    for f in files:
        got, bad = read_file(f)
        loaded.extend(got)
        problems.extend(bad)
    return loaded, problems


def dumps_record(record: dict[str, Any]) -> str:
    """The canonical text of a record file: stable key order as given, 2-space indent, UTF-8."""
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write via a temporary file and rename, so a failure never leaves a partial file over a good one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a data file should read like any other
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
