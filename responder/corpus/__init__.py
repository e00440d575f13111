"""The labeled buyer-message corpus, shipped with the package: the agreement gate trains on it.

``<split>/<category>.tsv``, UTF-8, header ``text<TAB>labels`` (format, label contract and the
history of each split: tests/data/README.md).  The splits here are all read, tuned on or
trained on: ``eval`` and ``dev2`` (dev sets), ``author`` (the rule author's regression lines),
``holdout2`` (validation for the gate's threshold, then trained on), ``holdout3``,
``holdout4``, ``holdout5``, ``holdout6``, ``holdout7``, ``holdout8``, ``holdout9`` and ``holdout10`` (each measured blind, then trained on), ``train7``,
``train8``, ``train9``, ``train10``, ``train11`` and ``train12`` (training data written blind to the rules).  A blind holdout is kept out of this folder (tests/data/), so the
shipped model never sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
SPLITS = ("eval", "dev2", "author", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "train7", "holdout7", "train8", "holdout8", "train9", "holdout9", "train10", "holdout10", "train11", "train12", "holdout11", "train13", "train14", "holdout12", "train15", "train16", "train17", "holdout13", "train18", "train19", "train23", "train24", "train25", "train20", "train21", "train22", "holdout14", "train28", "train29", "train26", "train27", "holdout15", "train30", "train31", "holdout16", "train33", "train32", "holdout17", "train34", "train35", "holdout18", "train36", "train37", "holdout19", "train38", "train39", "train41", "train40", "holdout20")
NONE = "none"


class CorpusError(ValueError):
    """A corpus file that cannot be read as ``text<TAB>labels`` lines."""


@dataclass(frozen=True)
class Case:
    text: str
    labels: tuple[str, ...]  # empty = none
    line: int


def read_corpus(path: Path) -> list[Case]:
    """Cases of a ``text<TAB>labels`` file; raises :class:`CorpusError` naming the bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read: {exc}") from None
    if not lines or lines[0].strip().split("\t") != ["text", "labels"]:
        raise CorpusError(f"{path}:1: the first line must be the header text<TAB>labels")
    cases = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        text, tab, labels = line.rpartition("\t")
        if not tab or not text.strip() or not labels.strip():
            raise CorpusError(f"{path}:{number}: expected text<TAB>labels, got {line!r}")
        names = tuple(dict.fromkeys(x.strip() for x in labels.replace("،", ",").split(",") if x.strip()))
        cases.append(Case(text, () if names == (NONE,) else names, number))
    return cases


def files(splits: tuple[str, ...] = SPLITS) -> list[Path]:
    """The corpus files of ``splits``, in a fixed order (the gate's fit is deterministic)."""
    return [path for split in splits for path in sorted((HERE / split).glob("*.tsv"))]
