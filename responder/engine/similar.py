"""Example-based routing: character n-gram TF-IDF with cosine similarity, in pure Python.

A rule may list ``examples:`` (buyer questions).  A message that no keyword caught is
compared with every example; the rule of the nearest example answers when the cosine
similarity reaches the rule set's ``example_threshold``, else the fallback does.

Why character n-grams: buyers' spelling varies (suffixes, typos, glued words) far more
than their vocabulary, and n-grams of the folded text see «قیمتشو» and «قیمتش» as close.
Why pure Python: a rule set holds tens to a few hundred examples; an inverted index from
n-gram to examples touches only the examples that share an n-gram with the message, which
costs tens of microseconds, less than building a scikit-learn sparse vector would (see
bench/README.md for the measurement).  No model, nothing downloaded.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from responder.text import fold

GRAM_SIZES = (3, 4)
# An n-gram found in more than this share of the examples (and more than MIN_COMMON of
# them) says little and costs the most to look up: it is left out, as scikit-learn's max_df.
MAX_SHARE = 0.1
MIN_COMMON = 10


def grams(folded: str) -> Counter[str]:
    """Character 3- and 4-grams of a folded text, words padded with a space each side."""
    padded = f" {folded} "
    return Counter(padded[i : i + n] for n in GRAM_SIZES for i in range(len(padded) - n + 1))


@dataclass(frozen=True)
class Neighbour:
    score: float
    rule: int  # index of the rule in the matcher's rule list
    example: str


class ExampleIndex:
    """Examples of every rule, as unit TF-IDF vectors in an inverted index."""

    def __init__(self, examples: list[tuple[int, str]], threshold: float) -> None:
        self.threshold = threshold
        self.examples = [(rule, text) for rule, text in examples if fold(text)]
        counts = [grams(fold(text)) for _rule, text in self.examples]
        documents = Counter(gram for count in counts for gram in count)
        total = len(counts)
        common = max(MIN_COMMON, MAX_SHARE * total)
        self.idf = {gram: math.log((1 + total) / (1 + df)) + 1.0 for gram, df in documents.items() if df <= common}
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for doc, count in enumerate(counts):
            vector = self._weigh(count)
            for gram, weight in vector.items():
                self.postings.setdefault(gram, []).append((doc, weight))

    def __bool__(self) -> bool:
        return bool(self.examples)

    def _weigh(self, count: Counter[str]) -> dict[str, float]:
        vector = {g: (1.0 + math.log(c)) * self.idf[g] for g, c in count.items() if g in self.idf}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        return {g: w / norm for g, w in vector.items()}

    def scores(self, folded: str) -> dict[int, float]:
        """Cosine similarity of the message with every example sharing an n-gram with it."""
        query = self._weigh(grams(folded))
        totals: dict[int, float] = {}
        get = totals.get
        for gram, weight in query.items():
            for doc, other in self.postings.get(gram, ()):
                totals[doc] = get(doc, 0.0) + weight * other
        return totals

    def nearest(self, folded: str, k: int = 3, skip: int | None = None) -> list[Neighbour]:
        """The ``k`` closest examples, best first (``skip``: leave this example out)."""
        ranked = sorted(((s, d) for d, s in self.scores(folded).items() if d != skip), reverse=True)[:k]
        return [Neighbour(round(score, 3), self.examples[doc][0], self.examples[doc][1]) for score, doc in ranked]

    def route(self, folded: str, skip: int | None = None) -> list[tuple[int, float]]:
        """Rules whose nearest example reaches the threshold, best first, with that score."""
        best: dict[int, float] = {}
        for doc, score in self.scores(folded).items():
            rule = self.examples[doc][0]
            if score >= self.threshold and doc != skip and score > best.get(rule, 0.0):
                best[rule] = score
        return sorted(best.items(), key=lambda item: -item[1])
