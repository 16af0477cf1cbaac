"""Dateline: an annotated corpus of English news and a benchmark for entities, events, quotes and figures."""

__version__ = "0.1.0"
