"""Where the corpus, the schema and the Label Studio configs are: a clone's, or the installed package's.

Three places, in this order:

1. a Dateline clone that holds the current folder (so a command run inside a clone uses that
   clone's corpus, whatever ``dateline`` is installed);
2. the source checkout the library itself runs from (``src/dateline`` two levels below the
   repository root, as in an editable install);
3. the copies the wheel carries in ``dateline/data/`` (``corpus/``, ``schema/``, ``annotation/``).

The schema is the library's own (2, else 3): code and schema are one release. Nothing here writes.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parents[1]
PACKAGED = PACKAGE / "data"
SCHEMA_FILE = Path("schema") / "dateline.schema.json"


def is_clone(root: Path) -> bool:
    """Whether ``root`` is the top of a Dateline repository (its pyproject, corpus and schema)."""
    project = root / "pyproject.toml"
    if not (project.is_file() and (root / "corpus" / "splits.json").is_file() and (root / SCHEMA_FILE).is_file()):
        return False
    try:
        return 'name = "dateline"' in project.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def clone_around(start: Path | None = None) -> Path | None:
    """The Dateline clone that holds ``start`` (default: the current folder), or None."""
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the current folder was removed
        return None
    for folder in (here, *here.parents):
        if is_clone(folder):
            return folder
    return None


def source_checkout() -> Path | None:
    """The repository the library runs from, if it runs from one (an editable install)."""
    return CHECKOUT if is_clone(CHECKOUT) else None


def working_clone() -> Path | None:
    """The clone a command works on: the one around the current folder, else the library's own."""
    return clone_around() or source_checkout()


def data_root() -> Path:
    """The folder whose ``corpus/`` and ``annotation/`` commands read by default."""
    return working_clone() or PACKAGED


def corpus_path() -> Path:
    """The corpus folder that commands use by default; ``datasets.load_dataset(corpus_path(), "entities")``
    loads it (the folder holds the dataset card and the Parquet files of every config)."""
    return data_root() / "corpus"


def schema_path() -> Path:
    """The record schema of this library: the source checkout's, else the packaged copy."""
    checkout = source_checkout()
    return (checkout if checkout else PACKAGED) / SCHEMA_FILE


def is_packaged(path: Path) -> bool:
    """Whether ``path`` lies inside the installed package's data (never to be written to)."""
    try:
        Path(path).resolve().relative_to(PACKAGED)
    except (ValueError, OSError):
        return False
    return True


def writable_dir(name: str) -> Path:
    """Where a command writes ``name`` (``corpus/documents``, ``annotation``) by default: the working
    clone's, else ``name`` under the current folder, never the installed package."""
    clone = working_clone()
    return clone / name if clone else Path(name)


def describe_corpus(path: Path) -> str:
    """One line that says which corpus a command used: its release and where it lies."""
    from .corpus import corpus_version

    path = Path(path)
    try:
        version = corpus_version(path)
    except Exception:  # noqa: BLE001 - a folder that is not a corpus still gets named
        version = None
    release = f"corpus {version}" if version else "corpus"
    if is_packaged(path):
        from . import __version__

        return f"{release} (packaged with dateline {__version__}) at {path}"
    clone = clone_around(path)
    where = f"clone {clone}" if clone else str(path)
    return f"{release} from {where}" if clone and clone / "corpus" == path.resolve() else f"{release} at {where}"
