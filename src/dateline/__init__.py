"""Dateline: an annotated corpus of English news and a benchmark for entities, events, quotes and figures.

``dateline.corpus_path()`` is the corpus folder in use (a clone's, else the copy this package
carries); ``datasets.load_dataset(str(dateline.corpus_path()), "entities", split="test")`` loads a config.
"""

__version__ = "0.1.0"

from .paths import corpus_path  # noqa: E402  (after __version__, which paths' callers read)

__all__ = ["__version__", "corpus_path"]
