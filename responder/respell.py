"""Misspelt Persian words read as the word the buyer meant: «غیمت» → «قیمت», «حنوز» → «هنوز», «عکصای» → «عکسای».

Phone typing spells Persian by ear: letters that sound alike stand for each other (ت ط, س ص ث, ز ذ ض ظ, ه ح, ق غ,
ا ع), an «ع» is dropped («ماوضه»), a final «ه» becomes «ح» («بیمح») or its keyboard neighbour «ع» («میشع»), the
silent «و» of «خوا» is left out («خابگاه»). Such a word is in no dictionary, so no keyword and no rule reads it.
:class:`Respeller` reads it by its *sound*: each word of a Persian word list, and the buyer's word, with every letter
of a class written as one letter and a letter said twice counted once; a word the list does not hold is read as the
list's word of the same sound.

Precision first:

* A word the list holds is never changed: «حال» (state) stays «حال», not «هال» (a hall), «ارز» (currency) stays
  «ارز», not «عرض» (width). Only a word that is no Persian word is read.
* The sound must name one word: the most frequent word of that sound must be at least :data:`DOMINANCE` times as
  frequent as the next, or the word stays as typed (a misspelt «عرظ» could be «عرض» or «ارز»: both are common).
* A word of fewer than :data:`SHORTEST` letters stays as typed (two letters name too many words), and so does a word
  with a digit or a Latin letter, and a known word of three letters or more with a suffix («حیاطش», «هزینش»).
* Otherwise the likeliest reading wins, each as likely as its word's frequency, times :data:`SLIP` for each letter
  typed wrong or space left out: as typed, a known two-letter word with a suffix («خطم», «هسن»: not «ختم», «حسن»;
  but «صلام» is «سلام») or two known words typed together («دوقسط»: not «دوغست»); or the word meant, whole or as a
  misspelt stem with its suffix («قیمطش», «ظمانتش»). No «ع» is read as a suffix's «ا» («ودیع» is «ودیعه» cut
  short, a prefix keyword).

The word list: the Persian frequency list of the ``wordfreq`` package (its «small» list: about 31,000 words with
their frequency in subtitles, Wikipedia, web text and social media; colloquial forms such as «چنده», «میخوام»,
«موجوده» among them), read once per process, on first use. This module is pure otherwise: :mod:`responder.text`
builds the one :class:`Respeller` with its own character folding and runs it on the rules' reading, keywords and
messages alike (so a keyword written misspelt meets the word spelt right), not on the gate's features (the text as
typed, as the gate was fitted); bench/README.md, «fresh11».
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import msgpack

from rapidfuzz.distance import Levenshtein

from responder.kept import kept_reading

# Letters that sound alike, each written as the one most words use (the others are the by-ear misspellings).
SOUNDS = (("ط", "ت"), ("ص", "س"), ("ث", "س"), ("ذ", "ز"), ("ض", "ز"), ("ظ", "ز"), ("ح", "ه"), ("غ", "ق"), ("ع", "ا"))
DOMINANCE = 10.0  # the meant word is at least this many times as frequent as any other word of its sound
SHORTEST = 3  # shorter words stay as typed
SLIP = 0.01  # how likely one letter typed wrong, or a space left out, is
# Suffixes split off a word the list lacks whole, as the sound spells them (possessive, copula, plural, object, «-i»)
SUFFIXES = frozenset(
    "هامون هاتون هاشون هاش هات هام های ها شون تون مون شونو تونو مونو اش ات ام ای شو تو مو رو ارو ست ش ت م ی ه و ا س ن ین ید یم ند".split()
)
PERSIAN_WORD = re.compile("[\u0621-\u064a\u067e-\u06d3]+")
_RUN = re.compile(r"(.)\1+")


def sound(word: str) -> str:
    """``word`` as it sounds: each class of alike letters written as one, a letter said twice once («معاوضه» → «ماوزه»)."""
    for letter, heard in SOUNDS:
        if letter in word:
            word = word.replace(letter, heard)
    return _RUN.sub(r"\1", word)


class Respeller:
    """Words the word list does not hold, read as its word of the same sound (see the module docstring).

    ``fold``: the character folding of the caller (Arabic letters, ZWNJ, case, emphasis), applied to the word list's
    words so they meet the caller's words; ``words``: the word list as word → frequency, read on first use.
    """

    def __init__(self, fold: Callable[[str], str], words: Callable[[], dict[str, float]]) -> None:
        self._fold = fold
        self._source = words
        self._known: dict[str, float] | None = None
        self._by_sound: dict[str, str] = {}  # a sound → its word, where the two differ («ماوزه» → «معاوضه»)
        self._unclear: set[str] = set()  # sounds of two words, neither DOMINANCE times the other («ارز»: «عرض», «ارز»)
        self._cache: dict[str, str] = {}

    def _load(self) -> dict[str, float]:
        source = self._source()
        words = list(source)  # folded and heard in one pass each: tens of ms for the list, not a fold per word
        folded = _RUN.sub(r"\1", self._fold("\n".join(words))).split("\n")
        known: dict[str, float] = {}
        for word, read in zip(words, folded):
            if read in known:
                known[read] += source[word]  # «می‌شود» and «میشود» are one word here
            elif PERSIAN_WORD.fullmatch(read):
                known[read] = source[word]
        ranked = sorted(known, key=known.__getitem__, reverse=True)
        best: dict[str, str] = {}
        runner_up: dict[str, float] = {}
        for word, key in zip(ranked, sound("\n".join(ranked)).split("\n")):
            if key not in best:
                best[key] = word
            elif key not in runner_up:
                runner_up[key] = known[word]
        clear = {key: word for key, word in best.items() if known[word] >= DOMINANCE * runner_up.get(key, 0.0)}
        self._by_sound = {key: word for key, word in clear.items() if key != word}  # a word its own sound: found in known
        self._unclear = best.keys() - clear.keys()
        self._known = known
        return known

    def _of_sound(self, heard: str) -> str | None:
        """The one word of the list that sounds ``heard``, or None (none, or two and neither stands out)."""
        found = self._by_sound.get(heard)
        if found is None and heard in (self._known or {}) and heard not in self._unclear:
            return heard
        return found

    def words(self, words: Iterable[str]) -> list[str]:
        """Each of ``words`` (folded), respelled where it is misspelt."""
        return [self.word(word) for word in words]

    def word(self, word: str) -> str:
        """``word`` (folded) as the word list spells it, or as it is (see the module docstring)."""
        return kept_reading(self._cache, word, self._read)

    def _read(self, word: str) -> str:
        if len(word) < SHORTEST or not PERSIAN_WORD.fullmatch(word):
            return word
        known = self._known if self._known is not None else self._load()
        typed = _RUN.sub(r"\1", word)
        if typed in known:
            return word
        # a stem and a suffix, longest stem first; no «ع» read as a suffix's «ا» («ودیع» is «ودیعه» cut short)
        splits = [(typed[:i], typed[i:]) for i in range(len(typed) - 1, 1, -1) if sound(typed[i:]) in SUFFIXES and "ع" not in typed[i:]]
        as_typed = 0.0  # how likely the word is as typed: a short known word with a suffix, two known words together
        for stem, tail in splits:
            if tail == sound(tail):
                for base in (stem, stem + "ه"):  # a known word, or one whose final «ه» a suffix drops («هزینش»)
                    if base in known:
                        if len(stem) >= SHORTEST:
                            return word  # «حیاطش», «قیمتاشو»: a known word with its suffix
                        as_typed = max(as_typed, known[base])  # «خطم», «هسن»: likelier than «ختم», «حسن»; «صلام» is «سلام»
        for i in range(2, len(typed) - 1):
            if typed[:i] in known and typed[i:] in known:  # «دوقسط»: «دو» + «قسط», likelier than «دوغست»
                as_typed = max(as_typed, known[typed[:i]] * known[typed[i:]] * SLIP)
        meant = self._meant(typed, splits)
        return meant[1] if meant is not None and meant[0] > as_typed else word

    def _meant(self, typed: str, splits: list[tuple[str, str]]) -> tuple[float, str] | None:
        """The word meant by ``typed`` (not a word of the list), and how likely it is (its frequency, :data:`SLIP` for
        each letter typed wrong), or None: the likeliest of the word of its sound, a final «ع» read as «ه» and «خا» read as
        «خوا»; else a known stem with a misspelt suffix; else a misspelt stem with its suffix as written."""
        known = self._known or {}
        whole: list[tuple[float, str]] = []
        meant = self._of_sound(sound(typed))
        if meant is not None:  # «غیمت», «حنوز», «ماوضه»
            whole.append((known[meant] * SLIP ** Levenshtein.distance(typed, meant), meant))
        if typed.endswith("ع") and typed[:-1] + "ه" in known:  # «دارع», «میشع»: a final «ه» typed as its keyboard neighbour
            whole.append((known[typed[:-1] + "ه"] * SLIP, typed[:-1] + "ه"))  # («میشع» is «میشه», not «میشا»)
        if "خا" in typed and (spoken := typed.replace("خا", "خوا")) in known:  # «خابگاه», «میخاین»: the silent «و» of «خوا» left out
            whole.append((known[spoken] * SLIP, spoken))
        if whole:
            return max(whole)
        for stem, tail in splits:
            if len(stem) >= SHORTEST and tail != sound(tail) and stem in known:  # «خالیح»: «خالی» + «ه» («هیاط» is no «هی» + «ات»)
                return known[stem] * SLIP, stem + sound(tail)
        for stem, tail in splits:
            meant = self._of_sound(sound(stem)) if len(stem) >= SHORTEST and tail == sound(tail) else None
            if meant is not None:  # «قیمطش», «ظمانتش»: a misspelt stem, its suffix as written
                return known[meant] * SLIP ** Levenshtein.distance(stem, meant), meant + tail
        return None


def frequencies() -> dict[str, float]:
    """The ``wordfreq`` package's «small» Persian word list, word → frequency, read from its data file («cBpack»:
    a header, then one list of words per centibel of frequency, the most frequent first), as its
    ``get_frequency_dict("fa", "small")`` reads it, without importing the package (its own imports cost half a second of
    every process's start)."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the wordfreq package is not installed: pip install -r requirements.txt")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "small_fa.msgpack.gz"
    header, *buckets = msgpack.unpackb(gzip.decompress(path.read_bytes()), raw=False)
    if header != {"format": "cB", "version": 1}:
        raise ValueError(f"{path}: not a cBpack word list of version 1")
    return {word: 10 ** (-index / 100) for index, bucket in enumerate(buckets) for word in bucket}
