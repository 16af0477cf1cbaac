"""How much the original documents read like real news: five surface statistics held against bands.

The bands were measured on real English news (open-wiki news articles and the
seed report) with the project's check tool ``shared/tools/realism_profile.py``;
this module computes the same statistics so that the dataset card can print
them, and the test suite checks it against that tool. A corpus value is the
word-weighted mean of the document values; a document is judged against the
wider document band.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable


@dataclass(frozen=True)
class Band:
    corpus: tuple[float, float]
    document: tuple[float, float]
    label: str

    def holds(self, value: float, document: bool = False) -> bool:
        low, high = self.document if document else self.corpus
        return low <= value <= high


BANDS: dict[str, Band] = {
    "numbers_per_100_words": Band((1.5, 4.0), (0.5, 6.5), "numbers per 100 words"),
    "capitalised_non_initial_per_100_words": Band((12.0, 18.0), (7.0, 24.0), "capitalised non-initial words per 100"),
    "pct_words_inside_quotes": Band((12.0, 25.0), (0.0, 45.0), "% of words inside quotation marks"),
    "mean_sentence_words": Band((18.5, 24.0), (14.0, 29.0), "mean words per sentence"),
    "pct_paragraphs_with_a_digit": Band((15.0, 50.0), (0.0, 75.0), "% of paragraphs with a digit"),
}

# A word starts and ends with a letter or digit and may hold apostrophes, dots, commas and hyphens.
_WORD = r"[A-Za-z0-9](?:[A-Za-z0-9'’.,-]*[A-Za-z0-9])?"
WORD = re.compile(_WORD)
QUOTE_OR_WORD = re.compile(r"[\"“”]|" + _WORD)
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion dozen dozens half quarter".split())
# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket) before a capital, digit or opening quote.
SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘A-Z0-9])")


def _is_number(word: str) -> bool:
    return word[0].isdigit() or word.lower().strip(".,") in NUMBER_WORDS


def _words_inside_quotes(text: str) -> int:
    inside, count = False, 0
    for token in QUOTE_OR_WORD.findall(text):
        if token == "“":
            inside = True
        elif token == "”":
            inside = False
        elif token == '"':
            inside = not inside
        elif inside:
            count += 1
    return count


def document_profile(text: str) -> dict[str, float]:
    """The five statistics of one text, and its word count (``words``)."""
    words = WORD.findall(text)
    n = max(len(words), 1)
    sentences = [s for line in text.split("\n") for s in SENTENCE_BREAK.split(line.strip()) if s.strip()]
    capitalised = sum(1 for s in sentences for w in WORD.findall(s)[1:] if w[0].isupper())
    paragraphs = [p for p in text.split("\n") if p.strip()]
    return {
        "words": len(words),
        "numbers_per_100_words": 100 * sum(map(_is_number, words)) / n,
        "capitalised_non_initial_per_100_words": 100 * capitalised / n,
        "pct_words_inside_quotes": 100 * _words_inside_quotes(text) / n,
        "mean_sentence_words": len(words) / max(len(sentences), 1),
        "pct_paragraphs_with_a_digit": 100 * sum(1 for p in paragraphs if re.search(r"\d", p)) / max(len(paragraphs), 1),
    }


@dataclass
class RealismProfile:
    documents: int
    words: int
    pooled: dict[str, float]
    outside: dict[str, list[str]]  # statistic -> ids of documents outside the document band

    def inside_corpus_bands(self) -> bool:
        return all(BANDS[k].holds(v) for k, v in self.pooled.items())


def corpus_profile(records: Iterable[dict[str, Any]]) -> RealismProfile:
    """The pooled profile of the original documents among ``records`` (the seed is real news, not measured)."""
    per = [(r["id"], document_profile(r["text"])) for r in records if r["metadata"]["origin"] == "original"]
    total = sum(p["words"] for _, p in per)
    pooled = {k: sum(p[k] * p["words"] for _, p in per) / max(total, 1) for k in BANDS}
    outside = {k: [i for i, p in per if not BANDS[k].holds(p[k], document=True)] for k in BANDS}
    return RealismProfile(len(per), total, pooled, outside)


def realism_markdown(records: list[dict[str, Any]]) -> str:
    prof = corpus_profile(records)
    rows = [f"Over the **{prof.documents} original documents** ({prof.words:,} words); the seed, a published "
            "report, is not counted. A corpus value is the word-weighted mean of the documents' values.", "",
            "| statistic | corpus | corpus band | documents outside the document band |", "|---|---:|---|---:|"]
    for key, band in BANDS.items():
        value = prof.pooled[key]
        flag = "" if band.holds(value) else (" (below)" if value < band.corpus[0] else " (above)")
        low, high = band.document
        share = 100 * len(prof.outside[key]) / max(prof.documents, 1)
        rows.append(f"| {band.label} | {value:.2f}{flag} | {band.corpus[0]:g}–{band.corpus[1]:g} | "
                    f"{len(prof.outside[key])} ({share:.0f} %; band {low:g}–{high:g}) |")
    return "\n".join(rows)
