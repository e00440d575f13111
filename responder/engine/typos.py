"""The typo tier's index: which keywords a slip of the thumb away are in a message.

Comparing every word with every typo-enabled keyword costs time in proportion to the
number of keywords.  Instead, every keyword is stored under each string it becomes with up
to its budget of letters deleted (the symmetric-delete idea behind SymSpell): two words
within *k* edits (substitution, insertion, deletion, or a swap of neighbours, as in OSA
distance) always share a string reached by at most *k* deletions from each.  A message's
words are expanded the same way, one set intersection finds the few keywords that may be
close, and only those are measured with the exact OSA distance.  The cost then depends on
the message, not on how many keywords the seller wrote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import OSA

MIN_PROBE = 3  # a 4-letter keyword tolerates one edit, so a 3-letter word may be it
LONGEST = 32  # longer "words" are codes and links, not slips of the thumb: matched as written
BATCH = 64  # words expanded at a time, so a long message never builds one huge set


def typo_budget(length: int) -> int:
    """Edits allowed for a keyword of this many letters: none <4, one for 4–7, two for 8–32."""
    return 0 if length < 4 or length > LONGEST else 1 if length < 8 else 2


SWAP_ONLY = 4  # keywords this short forgive only two swapped neighbours (قمیت), no other slip


def slip_allowed(keyword: str, probe: str) -> bool:
    """Whether a probe within the budget counts: for a 4-letter keyword only a swap of letters.

    One changed, added or dropped letter turns most 4-letter words into other real words
    (قطعی → قطعه "a part", قیمت → قیمه "a stew"), and dev2 showed such a typo hit answering
    the wrong question; a swap keeps every letter and rarely makes another word.
    """
    return len(keyword) > SWAP_ONLY or sorted(probe) == sorted(keyword)


def _deletions(words: Iterable[str]) -> set[str]:
    """Every string one letter shorter than one of ``words``."""
    return {word[:i] + word[i + 1 :] for word in words for i in range(len(word))}


class TypoIndex:
    """Keywords (folded, one word, ``prefix`` or ``word`` mode) found within their budget.

    A ``word`` keyword is compared with whole words.  A ``prefix`` keyword may carry a
    Persian suffix (قمیتش), so it is also compared with the word's first ``n`` letters for
    ``n`` from its length to its length plus its budget; a missing letter is forgiven
    only in a whole word (قیت), or a word would match by its first three letters alone
    (قیمت would catch قمتی).
    """

    def __init__(self, keywords: dict[tuple[str, str], list[tuple[int, int]]]) -> None:
        self._keywords = list(keywords)  # (keyword, mode)
        self._payloads = list(keywords.values())
        by_deletion: dict[str, list[int]] = defaultdict(list)
        prefix_lengths: set[int] = set()
        self._two_edits = False
        self._longest_probe = 0
        for position, (keyword, mode) in enumerate(self._keywords):
            budget = typo_budget(len(keyword))
            forms = {keyword}
            layer = forms
            for _ in range(budget):
                layer = _deletions(layer)
                forms |= layer
            for form in forms:
                by_deletion[form].append(position)
            if mode == "prefix":
                prefix_lengths.update(range(len(keyword), len(keyword) + budget + 1))
            self._two_edits |= budget == 2
            self._longest_probe = max(self._longest_probe, len(keyword) + budget)
        self._by_deletion = dict(by_deletion)
        self._prefix_lengths = sorted(prefix_lengths)

    def __bool__(self) -> bool:
        return bool(self._keywords)

    def find(self, words: list[str]) -> list[list[tuple[int, int]]]:
        """The payloads of the keywords within their typo budget of some word."""
        near: set[int] = set()
        for start in range(0, len(words), BATCH):
            shared = self._by_deletion.keys() & self.forms_of(words[start : start + BATCH])
            near.update(position for form in shared for position in self._by_deletion[form])
        return [self._payloads[position] for position in sorted(near) if self._close(position, words)]

    def forms_of(self, words: list[str]) -> set[str]:
        """The strings the words' probes make with the deletions a keyword could need."""
        probes: set[str] = set()
        for word in words:
            if len(word) >= MIN_PROBE:
                if len(word) <= self._longest_probe:  # else no keyword is within reach
                    probes.add(word)
                probes.update(word[:n] for n in self._prefix_lengths if n < len(word))
        once = _deletions(probes)
        forms = probes | once
        if self._two_edits:
            # Two deletions from the message side are needed only when it is at least as
            # long as the keyword (an extra letter and a slip, or two slips): 8+ letters.
            forms |= _deletions(form for form in once if len(form) >= 7)
        return forms

    def _close(self, position: int, words: list[str]) -> bool:
        keyword, mode = self._keywords[position]
        length = len(keyword)
        budget = typo_budget(length)
        for word in words:
            if len(word) < length - budget:
                continue
            if OSA.distance(word, keyword, score_cutoff=budget) <= budget and slip_allowed(keyword, word):
                return True
            if mode == "prefix" and any(
                OSA.distance(word[:n], keyword, score_cutoff=budget) <= budget and slip_allowed(keyword, word[:n])
                for n in range(length, min(len(word), length + budget + 1))
            ):
                return True
        return False
