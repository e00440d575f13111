"""The agreement gate: a small intent classifier that must agree before a starter-intent rule answers.

Keyword rules were tuned to ~100 % on the dev sets and still answered 12 % of blind buyer
messages wrongly, mostly a keyword used in another sense («تلفنی مشاوره», «رزومه فرستادم»).
A classifier trained on the labeled corpus reads the whole message; a rule whose ``intent:``
it knows answers only if the classifier gives that intent at least ``threshold``.

Model: TF-IDF over character n-grams (2–5, inside words) and word 1–2-grams of the engine's
folded text, one logistic regression per intent (multi-label; ``none`` = no intent).
scikit-learn fits it (liblinear, fixed seed: deterministic); the fitted weights are then
copied into plain dicts, so scoring a message is pure Python (tens of µs, no NumPy call
per message) and needs scikit-learn only at fit time.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from responder.text import fold

CHAR_NGRAMS = (2, 5)
WEAK_THRESHOLD = 0.5  # an `alone` (weak) part («بیام», «کمتر») must reach at least this too (holdout2: 2 fewer wrong)
MIN_WORDS = 3  # a message of one or two words («price?», «Hi») has no other sense to veto: not gated
CACHE_WORDS = 50_000  # words whose columns are kept (a few MB); cleared when full
DEFAULT_THRESHOLD = 0.25  # chosen on holdout2 (bench/README.md, "Agreement gate"): 3 × wrong + missed lowest


def features(text: str) -> list[str]:
    """The n-grams of ``text``'s fold: character 2–5-grams inside each padded word, word 1–2-grams."""
    words = fold(text).split()
    out = [gram for word in words for gram in word_features(word)]
    out += [f"w:{a} {b}" for a, b in zip(words, words[1:])]
    return out


def word_features(word: str) -> list[str]:
    """One folded word's own n-grams: its character 2–5-grams (padded with spaces) and itself."""
    padded = f" {word} "
    size = len(padded)
    low, high = CHAR_NGRAMS
    out = [padded[i : i + n] for n in range(low, min(high, size) + 1) for i in range(size - n + 1)]
    out.append("w:" + word)
    return out


@dataclass
class IntentGate:
    """Fitted weights: per feature its column and IDF; per intent a weight row and a bias."""

    vocabulary: dict[str, int] = field(default_factory=dict)
    idf: list[float] = field(default_factory=list)
    weights: dict[str, dict[int, float]] = field(default_factory=dict)  # intent → column → weight (non-zero only)
    bias: dict[str, float] = field(default_factory=dict)
    threshold: float = DEFAULT_THRESHOLD
    _columns: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)  # word → its columns

    @property
    def intents(self) -> frozenset[str]:
        return frozenset(self.weights)

    @classmethod
    def fit(
        cls, cases: Iterable[tuple[str, Sequence[str]]], threshold: float = DEFAULT_THRESHOLD, c: float = 10.0, balanced: bool = False,
    ) -> IntentGate:
        """Fit on ``(text, intents)`` pairs (no intents = ``none``); deterministic."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        import numpy

        pairs = [(text, tuple(label for label in labels if label != "none")) for text, labels in cases]
        vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, dtype=numpy.float64)
        matrix = vectorizer.fit_transform([text for text, _labels in pairs])
        gate = cls(
            vocabulary={k: int(v) for k, v in vectorizer.vocabulary_.items()}, idf=[float(x) for x in vectorizer.idf_],
            threshold=threshold,
        )  # fmt: skip
        for intent in sorted({label for _text, labels in pairs for label in labels}):
            target = [intent in labels for _text, labels in pairs]
            if all(target):
                continue  # liblinear needs both classes; an intent on every line says nothing
            model = LogisticRegression(C=c, solver="liblinear", random_state=0, class_weight="balanced" if balanced else None).fit(matrix, target)
            row = model.coef_[0]
            gate.weights[intent] = {int(i): float(row[i]) for i in row.nonzero()[0]}
            gate.bias[intent] = float(model.intercept_[0])
        return gate

    def vector(self, text: str) -> dict[int, float]:
        """The message's unit TF-IDF vector (sublinear tf), as sklearn computes it.

        A word's columns are cached (buyers reuse few words): scoring costs dict lookups, not
        n-gram slicing. Same counts as :func:`features`.
        """
        vocabulary, idf, cache = self.vocabulary, self.idf, self._columns
        counts: dict[int, int] = {}
        words = fold(text).split()
        for word in words:
            cols = cache.get(word)
            if cols is None:
                if len(cache) >= CACHE_WORDS:
                    cache.clear()
                cols = cache[word] = tuple(c for f in word_features(word) if (c := vocabulary.get(f)) is not None)
            for col in cols:
                counts[col] = counts.get(col, 0) + 1
        for a, b in zip(words, words[1:]):
            col = vocabulary.get(f"w:{a} {b}")
            if col is not None:
                counts[col] = counts.get(col, 0) + 1
        row = {col: (1.0 + math.log(n) if n > 1 else 1.0) * idf[col] for col, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
        return {col: v / norm for col, v in row.items()}

    def probability(self, intent: str, vector: dict[int, float]) -> float:
        """P(intent | message); 1.0 for an intent the model does not know (it is not gated)."""
        weights = self.weights.get(intent)
        if weights is None:
            return 1.0
        z = self.bias[intent] + sum(v * weights.get(col, 0.0) for col, v in vector.items())
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def probabilities(self, text: str) -> dict[str, float]:
        vector = self.vector(text)
        return {intent: self.probability(intent, vector) for intent in sorted(self.weights)}


_SHIPPED: IntentGate | None = None
_SHIPPED_LOCK = threading.Lock()


def shipped_gate() -> IntentGate:
    """The gate fitted on the shipped corpus (:mod:`responder.corpus`), once per process (~1–2 s).

    The worker, ``responder try``, ``check`` and ``eval`` all build their engine through
    :class:`responder.engine.Engine`, so all of them use this same model.
    """
    global _SHIPPED
    with _SHIPPED_LOCK:
        if _SHIPPED is None:
            from responder.corpus import files, read_corpus

            cases = [(case.text, case.labels) for path in files() for case in read_corpus(path)]
            _SHIPPED = IntentGate.fit(cases)
        return _SHIPPED
