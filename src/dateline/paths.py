"""Where the checkout's folders are.

The library runs from a source checkout (``src/dateline`` two levels below the
repository root) or, installed, from the current folder.
"""

from __future__ import annotations

from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]


def checkout_dir(name: str) -> Path:
    """``name`` in the source checkout if it is there, else ``name`` in the current folder."""
    here = CHECKOUT / name
    return here if here.is_dir() else Path(name)
