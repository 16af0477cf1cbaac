"""Figures comparison: ``quantulum3``, a general-purpose quantity extractor, with its units mapped to ours.

quantulum3 (0.10.0) finds numbers with units and disambiguates units with a scikit-learn
classifier shipped as a pickle (``clf.joblib``). That pickle was built with scikit-learn
1.8.0 and **does not load with scikit-learn 1.9** (unpickling fails with
``ModuleNotFoundError: No module named '_loss'``: 1.8.0 recorded the Cython loss class
under a bare module name that 1.9 no longer provides). What we do, in this order:

1. the project pins ``scikit-learn==1.8.0``, the version the pickle was built with: the
   classifier loads as published;
2. under another scikit-learn, if loading fails in that way, we alias ``_loss`` to
   ``sklearn._loss._loss`` before quantulum3 loads the pickle (the class is the same);
   quantulum3 then warns that the versions differ;
3. if it still cannot be loaded, quantulum3 runs without the classifier (its heuristic
   disambiguation).

:func:`stats` says which of these happened; ``dateline bench`` prints it with the results.

Mapping: quantulum3's units become Dateline units where one fits (``dimensionless`` ->
``count``, "dozen" -> count x 12, per cent -> ``percent``, currencies -> ISO codes, metric
units and durations as named, "decade" -> 10 years); a quantity whose unit has no
Dateline counterpart (feet, miles, pounds of mass, ampere-turns...) is dropped and
counted. quantulum3 reports a range as its midpoint with an uncertainty; we turn it back
into a ``range`` (low = value - uncertainty, high = value + uncertainty). It does not tell
people from things, the counted noun or approximation cues: unit ``people`` is never
predicted, ``counted`` is null and approximation is ``exact`` except for ranges.
"""

from __future__ import annotations

import logging
import sys
import warnings
from typing import Any

NAME = "figures_quantulum"
LAYERS = ("figures",)

_STATS: dict[str, Any] = {"classifier": "not loaded yet", "dropped_unit": 0, "dropped_duplicate": 0, "kept": 0}

UNIT_NAMES = {
    "dimensionless": ("count", 1), "dozen": ("count", 12), "per cent": ("percent", 1), "percentage": ("percent", 1),
    "percentage point": ("percentage_point", 1), "basis point": ("basis_point", 1),
    "second": ("second", 1), "minute": ("minute", 1), "hour": ("hour", 1), "day": ("day", 1), "week": ("week", 1),
    "month": ("month", 1), "year": ("year", 1), "decade": ("year", 10), "fortnight": ("week", 2),
    "millimetre": ("millimetre", 1), "centimetre": ("centimetre", 1), "metre": ("metre", 1),
    "kilometre": ("kilometre", 1), "nautical mile": ("nautical_mile", 1), "square kilometre": ("square_kilometre", 1),
    "hectare": ("hectare", 1), "gram": ("gram", 1), "kilogram": ("kilogram", 1), "tonne": ("tonne", 1),
    "litre": ("litre", 1), "barrel": ("barrel", 1), "degree Celsius": ("celsius", 1),
    "degree fahrenheit": ("fahrenheit", 1), "degree Fahrenheit": ("fahrenheit", 1),
    "kilometre per hour": ("kilometre_per_hour", 1), "millimetre per year": ("millimetre_per_year", 1),
    "dollar": ("USD", 1), "United States dollar": ("USD", 1), "euro": ("EUR", 1), "pound sterling": ("GBP", 1),
    "yen": ("JPY", 1), "Japanese yen": ("JPY", 1), "renminbi": ("CNY", 1), "yuan": ("CNY", 1), "cent": ("USD", 0.01),
}


def _prepare_classifier() -> str:
    """Make quantulum3's pickled classifier loadable if it can be; returns what happened."""
    try:
        import joblib
        import sklearn
        from quantulum3 import language
    except ImportError as err:
        return f"not loaded: {err} (heuristic disambiguation)"
    path = language.topdir("en_US").joinpath("clf.joblib")
    try:
        with open(path, "rb") as fh:
            obj = joblib.load(fh)
    except ModuleNotFoundError as err:
        if err.name != "_loss":
            return f"not loaded: {err} (heuristic disambiguation)"
        import sklearn._loss._loss as cy_loss

        sys.modules.setdefault("_loss", cy_loss)
        try:
            with open(path, "rb") as fh:
                obj = joblib.load(fh)
        except Exception as err2:  # noqa: BLE001
            _disable_classifier()
            return f"not loaded: {err2!r} (heuristic disambiguation)"
        return (f"loaded through the _loss alias: built with scikit-learn {obj.get('scikit-learn_version')}, "
                f"running {sklearn.__version__}")
    except Exception as err:  # noqa: BLE001
        _disable_classifier()
        return f"not loaded: {err!r} (heuristic disambiguation)"
    built = obj.get("scikit-learn_version")
    how = "as built" if built == sklearn.__version__ else f"built with {built}, running {sklearn.__version__}"
    return f"loaded ({how})"


def _disable_classifier() -> None:
    from quantulum3 import classifier

    classifier.USE_CLF = False


def setup() -> None:
    if _STATS["classifier"] == "not loaded yet":
        _STATS["classifier"] = _prepare_classifier()
        logging.getLogger("quantulum3").setLevel(logging.ERROR)
        from quantulum3 import parser

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parser.parse("It cost 5 pounds.")  # loads units, entities and the classifier once


def stats() -> dict[str, Any]:
    return dict(_STATS)


def _unit(q) -> tuple[str, float] | None:
    code = getattr(q.unit, "currency_code", None)
    if code:
        from dateline.schema import units

        return (code, 1) if code in units() else None
    return UNIT_NAMES.get(q.unit.name)


def _value(x: float) -> float | int:
    x = round(float(x), 6)
    return int(x) if x == int(x) else x


def predict_one(text: str) -> list[dict[str, Any]]:
    from quantulum3 import parser

    from dateline.systems import Ids, trim

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantities = parser.parse(text)
    ids = Ids()
    out: list[dict[str, Any]] = []
    taken: set[tuple[int, int]] = set()
    for q in quantities:
        mapped = _unit(q)
        if mapped is None:
            _STATS["dropped_unit"] += 1
            continue
        unit, mult = mapped
        start, end = trim(text, q.span[0], q.span[1], " \t\n\r.,;:!?\"'“”‘’()[]-")
        if end <= start or (start, end) in taken or q.value is None:
            _STATS["dropped_duplicate"] += 1
            continue
        value, value_max, approx = q.value * mult, None, "exact"
        if q.uncertainty:
            value, value_max, approx = (q.value - q.uncertainty) * mult, (q.value + q.uncertainty) * mult, "range"
        taken.add((start, end))
        out.append({"id": ids.next("F"), "start": start, "end": end, "text": text[start:end],
                    "value": _value(value), "value_max": _value(value_max) if value_max is not None else None,
                    "unit": unit, "approximation": approx, "counted": None, "entity": None, "event": None})
        _STATS["kept"] += 1
    return out


def predict(texts: list[str]) -> list[dict]:
    setup()
    return [{"figures": predict_one(text)} for text in texts]
