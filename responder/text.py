"""Persian-aware text normalization: one canonical form for rule keywords and buyer text.

Buyers type on phones with Arabic or Persian keyboards, Persian or Latin digits, with or
without ZWNJ, with diacritics, stretched letters and emoji. Matching compares *folded*
text: both sides go through :func:`fold`, so a seller writes a keyword once, any way,
and every variant of it matches.

Choices (documented in the README, "How matching reads text"):

* Unicode NFKC first: folds Arabic presentation forms, full-width Latin and NBSP.
* Arabic ي ى ئ → ی, ك → ک, ة ۀ → ه, أ إ ٱ آ → ا, ؤ → و.  Hamza and madda carry no
  meaning a buyer relies on in a chat question, and phone keyboards disagree on them.
  Kurdish ڵ → ل, ھ → ه, ۆ ڤ → و, ێ → ی, ڕ → ر, and ە → ه at a word's end but dropped inside it (a vowel Persian
  does not write: «دەستت خۆش» → «دستت خوش», «مۆبایلە» → «موبایله»): a Kurdish keyboard's words read as Persian.
* Diacritics (U+064B–U+065F, U+0670) and tatweel (ـ) are dropped.
* Persian ۰-۹ and Arabic-Indic ٠-٩ digits become 0-9.
* ZWNJ and its look-alikes (ZWJ, ZWSP, soft hyphen, word joiner, BOM) are dropped, and
  the detached verb prefixes «می»/«نمی» and plural/comparative suffixes («ها», «های»,
  «تر», «ترین» …) are glued to their word, so «می‌کنی», «میکنی» and «می کنی» are one word.
* A letter repeated for emphasis (``سلاااام``) counts once; runs of one letter collapse.
  This is applied to keywords too, so a keyword with a real double letter still matches.
* Latin is casefolded.  Everything that is not a letter or digit (punctuation such as
  ؟ ، ؛ « », emoji, symbols) separates words and is never glued to one.
* A misspelt Persian word (no word of a Persian word list) is read as the word of the same
  sound it stands for: «غیمت» → «قیمت», «حنوز» → «هنوز» (:mod:`responder.respell`), in the rules'
  reading (``finglish=True``, :func:`fold_marked`), not in the gate's (the words as typed).

:func:`canonical` is the lighter form (characters canonical, words intact) used for regex
triggers, so sellers' patterns see ordinary text with Latin digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import chain
from typing import TypeVar

from responder.finglish import Transliterator
from responder.respell import PERSIAN_WORD, Respeller, frequencies

_CHAR_MAP = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "ۂ": "ه",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "آ": "ا",
        "ؤ": "و",
        # Kurdish (Sorani) letters, read as the Persian letter they sound as: «سڵاو», «زۆر سپاس», «دەستت خۆش» (fresh9)
        "ڵ": "ل",
        "ھ": "ه",
        "ۆ": "و",
        "ێ": "ی",
        "ڕ": "ر",
        "ڤ": "و",
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        # Invisible joiners and breakers: ZWNJ, ZWJ, ZWSP, soft hyphen, word joiner, BOM.
        "\u200c": "",
        "\u200d": "",
        "\u200b": "",
        "\u00ad": "",
        "\u2060": "",
        "\ufeff": "",
        "\u0640": "",  # tatweel
        "\u0670": "",  # superscript alef
        **{chr(c): "" for c in range(0x064B, 0x0660)},  # harakat, shadda, sukun …
    }
)

# str.translate looks every character up in a dict (slow for non-Latin text); a message
# holds few distinct characters to change, so finding them and replacing each is faster.
_REPLACEMENTS = {chr(code): value for code, value in _CHAR_MAP.items()}
# canonical's one pass for both: a character to replace, or a Latin word (a character whose casefold
# holds a-z starts one: A-Z, a-z and the few others NFKC leaves: «ß», «İ» …).  A Persian-only
# message then costs no Latin scan of its own; a Latin word comes back whole, not letter by letter.
_LATIN_CASEFOLDS = "ßİǰẖẗẘẙẞ"
_MAPPABLE_OR_LATIN = re.compile("[" + "".join(re.escape(ch) for ch in _REPLACEMENTS) + "A-Za-z" + _LATIN_CASEFOLDS + "][A-Za-z]*")

# Words written detached from their neighbour that belong to it: a standalone «می»/«نمی»
# is glued to the next word; a standalone plural/comparative suffix to the previous word
# (not to a number: «۲ تر» stays two words).
_PREFIXES = frozenset({"می", "نمی"})
_SUFFIXES = frozenset({"ها", "های", "هایی", "هام", "هات", "هاش", "هامون", "هاتون", "هاشون", "تر", "ترین"})
_AFFIXES = _PREFIXES | _SUFFIXES

_WORD = re.compile(r"[^\W_]+")
_JOINS = re.compile(r"[a-z]['’-][a-z]")  # Latin words joined by a hyphen or an apostrophe: Finglish reads them as one (finglish.py)


def _compounds_read(latin: str) -> str:
    """Casefolded Latin text with its hyphen- and apostrophe-joined words read together («ghabel-e», «sabeghe-am», «ba'd»),
    before any split into words."""
    return _FINGLISH.compounds(latin) if _JOINS.search(latin) else latin
_RUN = re.compile(r"(.)\1+", re.S)  # backreferences are slow in `re`: letters are checked in Python


def _one_letter(run: re.Match[str]) -> str:
    return run.group(1) if run.group(1).isalpha() else run.group(0)


def _glue(words: list[str]) -> list[str]:
    joined: list[str] = []
    glue_next = False
    for word in words:
        if (glue_next or (word in _SUFFIXES and not joined[-1].isdigit() and joined[-1] not in (CLAUSE, ASKED))) if joined else False:
            joined[-1] += word
        else:
            joined.append(word)
        glue_next = word in _PREFIXES
    return joined


def canonical(text: str) -> str:
    """Canonical characters, case and word shapes untouched (regex patterns and their input)."""
    return _canonical(text)[0]


def _canonical(text: str) -> tuple[str, bool]:
    """:func:`canonical`, and whether the text holds a Latin word, found in the same pass
    (bench/README: «Finglish, round 2»): a Persian-only message pays no Latin scan of its own."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _mapped(text)


_KURDISH_E = "\u06d5"  # «ە»: see the module docstring
_KURDISH_E_END = re.compile(_KURDISH_E + r"(?![^\W\d_])")


def _mapped(text: str) -> tuple[str, bool]:
    """:func:`_canonical` of an NFKC-normalized text (characters replaced), and whether it holds a Latin word."""
    latin = False
    if _KURDISH_E in text:
        text = _KURDISH_E_END.sub("ه", text).replace(_KURDISH_E, "")
    for item in set(_MAPPABLE_OR_LATIN.findall(text)):
        replacement = _REPLACEMENTS.get(item)
        if replacement is not None:
            text = text.replace(item, replacement)
        else:  # a Latin word, or a character to replace just before one («يabc»)
            latin = True
            replacement = _REPLACEMENTS.get(item[0])
            if replacement is not None:
                text = text.replace(item[0], replacement)
    return text, latin


def clean(text: str) -> str:
    """:func:`canonical`, casefolded."""
    return canonical(text).casefold()


def fold(text: str, finglish: bool = True) -> str:
    """The matching form: folded words joined by single spaces.

    ``finglish``: the rules' reading: Latin words the Finglish lexicon knows are read as Persian
    (:mod:`responder.finglish`) and misspelt Persian words as the words meant (:mod:`responder.respell`);
    False: the words as typed (the gate's features).

    This runs once per message and once per keyword and dominates the cost of matching,
    so each step is a C-level pass, and the rare ones run only when a cheap test says so.
    Every step but the gluing of detached affixes keeps to one whitespace-separated token
    (none maps or casefolds to a space, and a space splits words), and buyers reuse few
    words, so each token's folded words are kept (:func:`_folded_token`): a message of
    known tokens costs a split, a dict lookup per token and a join (bench/README «Speed, ninth session»).
    """
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    tokens = text.split()
    if len(tokens) > _TOKENS_READ:  # a long text (a pasted ad, a hostile body): one pass, nothing kept
        return _joined(_token_words(text, finglish))
    try:  # every token known: all in C
        return "".join(map(_TOKENS[finglish].__getitem__, tokens))[1:]
    except KeyError:  # a token not seen yet: fold and keep it
        parts = [_folded_token(token, finglish) for token in tokens]
    except TypeError:  # a None: a detached affix
        parts = [None]
    if None in parts:  # glued across tokens, then runs collapsed, as one text
        words = _WORDS[finglish]
        return _joined([word for token in tokens for word in (words.get(token) or _token_words(token, finglish))])
    return "".join(parts)[1:]  # type: ignore[arg-type]


# fold's per-token results, [finglish]: a token → each of its folded words after a space, runs
# collapsed ("" for none: punctuation, emoji), or None when one of its words is a detached affix;
# and the token's words before gluing and collapsing (for a message with a detached affix).
# Bounded: emptied when full (a worker's memory stays flat); long tokens are folded each time.
_TOKENS: tuple[dict[str, str | None], dict[str, str | None]] = ({}, {})
_WORDS: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]] = ({}, {})
_TOKENS_KEPT = 20_000  # entries per store; full: ~7 MB per finglish setting (fold), ~5 MB (fold_marked)
_V = TypeVar("_V")
_TOKEN_MAX = 40
_TOKENS_READ = 48  # a text of more tokens is folded in one pass: its new tokens would cost more one by one


def _unglued(words: list[str]) -> list[str]:
    """A greeting typed without its space split off («سلامقیمت مبل؟», «سلامپرستار میخوام»): the rules and the gate
    read the word after it (recall6). Not «سلامت», «سلامتی», «سلامتیتون» (health), nor a short ending («سلامو», «سلامه»)."""
    out: list[str] = []
    for word in words:
        rest = word[4:]
        if word.startswith("سلام") and len(rest) >= 3 and not rest.startswith("تی") and (rest[0] != "ت" or len(rest) >= 6):
            out += ["سلام", rest]
        else:
            out.append(word)
    return out


def _token_words(token: str, finglish: bool) -> Sequence[str]:
    """The casefolded words of one token of an NFKC text (or of a whole text), Finglish read as Persian; not glued, runs kept."""
    token, latin = _mapped(token)
    token = token.casefold()
    if latin and finglish:
        token = _compounds_read(token)
    found = [token] if token.isalnum() else _WORD.findall(token)  # isalnum: every character in `\w` but «_»
    if finglish:  # misspelt Persian words read as the words meant (respell.py)
        found = _RESPELLER.words(found)
    if latin and finglish:  # Finglish: read as the Persian words it spells (a Persian-only token skips this)
        found = _FINGLISH.words_of(found)
    if "سلام" in token:
        found = _unglued(found)
    return found


def _folded_token(token: str, finglish: bool) -> str | None:
    """A token's entry in :data:`_TOKENS`, computed and kept on first sight."""
    known = _TOKENS[finglish]
    try:  # one lookup: another thread may empty the store between two
        return known[token]
    except KeyError:
        pass
    found = _token_words(token, finglish)
    if not found:
        folded = ""
    elif not _AFFIXES.isdisjoint(found):
        folded = None
    else:
        folded = " " + " ".join(found)
        if _RUN.search(folded):
            folded = _RUN.sub(_one_letter, folded)
    _keep(known, token, folded)
    _keep(_WORDS[finglish], token, tuple(found))
    return folded


def _keep(kept: dict[str, _V], token: str, value: _V) -> None:
    """Keep a short token's value; a full store is emptied first (bounded memory)."""
    if len(token) <= _TOKEN_MAX:
        if len(kept) >= _TOKENS_KEPT:
            kept.clear()
        kept[token] = value


def _joined(words: list[str]) -> str:
    """Words glued (detached affixes), joined by spaces, emphasis runs collapsed."""
    if not _AFFIXES.isdisjoint(words):
        words = _glue(words)
    folded = " ".join(words)
    if _RUN.search(folded):
        folded = _RUN.sub(_one_letter, folded)
    return folded


# Punctuation that ends a clause («قیمت؟ موجوده؟»): a CLAUSE mark in fold_marked, or ASKED
# after a question mark.  The engine reads this form only for the few messages that need it.
CLAUSE = "|"
ASKED = "?"
# «۴.۵» is a number, not two clauses; a «+» standing alone between words joins two asks as a comma does («sample kar + hazine?»,
# «abaad + aks plz», «price + abaad?»: recall10), not one glued to a word or a figure («A+», «پلیس+۱۰», «+۱۰»)
_WORD_OR_MARK = re.compile(r"[^\W_]+|[؟?]+|[!،,;؛:\n]+|\.+(?!\d)|^\+$")
_MARK_OF = {"؟": ASKED, "?": ASKED}


def fold_marked(text: str) -> str:
    """:func:`fold`, with a ``|`` word where punctuation ended a clause (``?`` after a question).

    Negation and «فقط» apply to a clause, and a multi-question message is answered in the
    buyer's order; :func:`unmarked` gives back the plain fold.
    """
    words: list[str] = []
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    spaced = text.split(" ")  # not split(): «\n» is a mark; no word or mark holds a space
    if len(spaced) > _TOKENS_READ:
        spaced = [text]  # one pass (longer than _TOKEN_MAX: not kept)
    try:  # every part seen before: looked up and chained in C
        tokens = list(chain.from_iterable(map(_MARKED.__getitem__, spaced)))
    except KeyError:  # a part not seen yet: read and keep it
        tokens = [item for part in spaced for item in _marked_part(part)]
    for token in tokens:
        if token[0].isalnum():
            words.append(token)
            continue
        mark = _MARK_OF.get(token[0], CLAUSE)
        if words and words[-1] in (CLAUSE, ASKED):
            words[-1] = ASKED if ASKED in (mark, words[-1]) else CLAUSE
        elif words:
            words.append(mark)
    if words and words[-1] == CLAUSE:
        words.pop()
    return _joined(words)


_MARKED: dict[str, tuple[str, ...]] = {}  # fold_marked's words and marks of each space-separated part, as _TOKENS


def _marked_part(part: str) -> tuple[str, ...]:
    """The words and punctuation marks of one space-separated part of an NFKC text (or of a whole text), Finglish read."""
    kept = _MARKED.get(part)
    if kept is not None:
        return kept
    mapped, latin = _mapped(part)
    mapped = mapped.casefold()
    if latin:
        mapped = _compounds_read(mapped)
    found = _RESPELLER.words(_WORD_OR_MARK.findall(mapped))
    if latin:
        found = _FINGLISH.words_of(found)
    if "سلام" in part:
        found = _unglued(found)
    kept = tuple(found)
    _keep(_MARKED, part, kept)
    return kept


def unmarked(marked: str) -> str:
    """The plain :func:`fold` form of a :func:`fold_marked` text."""
    return " ".join(w for w in marked.split(" ") if w not in (CLAUSE, ASKED))


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return fold(text).split()


def padded(text: str) -> str:
    """:func:`fold` with a space at each end, so word boundaries are plain spaces."""
    return f" {fold(text)} "


# Misspelt Persian words → the words meant (responder/respell.py); the word list's words folded as characters are.
_RESPELLER = Respeller(lambda word: _canonical(word)[0].casefold(), frequencies)
# Finglish words → Persian (responder/finglish.py); its Persian is folded here, once.
_FINGLISH = Transliterator(fold)


def read_finglish(cleaned: str) -> str:
    """``cleaned`` (:func:`clean` output) with each word the Finglish lexicon knows in Persian; numbers and punctuation kept («1.2 milyard, ok?»)."""
    return _WORD.sub(lambda word: _FINGLISH.word(word.group()), cleaned)


def respelled(text: str) -> str:
    """``text`` with each misspelt Persian word written as the word meant (responder/respell.py: «۵۰۰ کمطر بدی؟» →
    «۵۰۰ کمتر بدی؟»), its characters made canonical; every other word as typed, and ``text`` itself when no word is
    misspelt (most messages: a split and a lookup per part). What the rules' regex triggers, their ``unless`` and the
    offer finder read, as :func:`fold` gives the keywords the words meant."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    parts = text.split(" ")
    try:  # every part seen before: looked up in C
        read = list(map(_RESPELLED.__getitem__, parts))
    except KeyError:
        read = [_respelled_part(part) for part in parts]
    if read == parts:
        return text
    return " ".join(read)


_RESPELLED: dict[str, str] = {}  # respelled's reading of each space-separated part, as _TOKENS


def _respelled_part(part: str) -> str:
    """One space-separated part of an NFKC text as :func:`respelled` reads it, kept."""
    mapped = _mapped(part)[0]
    read = PERSIAN_WORD.sub(lambda word: _RESPELLER.word(word.group()), mapped)
    kept = part if read == mapped else read
    _keep(_RESPELLED, part, kept)
    return kept


def vetoed_forms(text: str) -> tuple[str, ...]:
    """What a rule's ``unless`` reads: :func:`canonical` ``text``, and for a text with a Latin word its Finglish reading
    too (casefolded, hyphen- and apostrophe-joined words read together, each word the lexicon knows in Persian), so
    «kar peyda kardam, mrsi» meets the vetoes «کار پیدا کردم، مرسی» meets. A veto only removes an answer; a Persian-only
    text (the same pass finds no Latin word) reads its one form, as before (finglish3). Last, the (last) form with its
    misspelt words as meant (:func:`respelled`), when that differs: «منصرف شدم مرصی» meets the vetoes «… مرسی» meets,
    and «ساغ اول، …» still meets those written with the word as typed (fresh11)."""
    cleaned, latin = _canonical(text)
    forms = [cleaned]
    if latin:
        read = read_finglish(_compounds_read(cleaned.casefold()))
        if read != cleaned:
            forms.append(read)
    meant = respelled(forms[-1])
    if meant is not forms[-1]:
        forms.append(meant)
    return tuple(forms)


_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


# Voice typing writes punctuation as words («سلام نقطه مبل هنوز هست علامت سوال», «… هنوز هست ویرگول قیمت نهاییش
# چنده», «عکس بیشتر بفرستید علامت تعجب»): the buyer said the mark. «علامت سوال / سؤال», «علامت تعجب» and «ویرگول» are
# read as «؟», «!» and «،» wherever they stand; «نقطه» (also a word: «کدوم نقطه شهر», «نقطه سوخته») only at the message's
# end, or right after an opening greeting («سلام نقطه …»), or before «سر خط» or «در ضمن» (fresh5).
_DICTATED_MARK = re.compile(r"\s*(?<!\S)(?:علامت[\s\u200c]*(?:سوال|سؤال|سوآل|تعجب)|ویرگول)(?!\S)")
_DICTATED_STOP = re.compile(
    r"(?:\s+نقطه(?:\s+سر\s*خط)?\s*$|(?<=^سلام)\s+نقطه(?!\S)|(?<=^سلام علیکم)\s+نقطه(?!\S)|(?<=^درود)\s+نقطه(?!\S)"
    r"|\s+نقطه(?:\s+سر\s*خط)?(?=\s+(?:در\s+ضمن|سر\s*خط)(?!\S)))"
)
_DICTATED_SIGN = {"سوال": "؟", "سؤال": "؟", "سوآل": "؟", "تعجب": "!"}


def _dictated_mark(found: re.Match[str]) -> str:
    word = found.group().split()[-1]
    return "،" if word == "ویرگول" else _DICTATED_SIGN.get(word.removeprefix("علامت").lstrip("\u200c"), "؟")


def dictated(text: str) -> str:
    """``text`` with punctuation a voice-typing buyer spoke as words written as marks («… هنوز هست علامت سوال» →
    «… هنوز هست؟»); the text itself when it holds none (most messages: one substring test each)."""
    if "علامت" not in text and "ویرگول" not in text and "نقطه" not in text:
        return text
    return _DICTATED_STOP.sub(".", _DICTATED_MARK.sub(_dictated_mark, text))


def asks(text: str) -> bool:
    """Whether ``text`` holds a question mark, Persian «؟» or Latin «?»: the buyer marked something as asked."""
    return "؟" in text or "?" in text


def persian_digits(value: object) -> str:
    """Render Latin digits as Persian digits (the ``fa`` template filter)."""
    return str(value).translate(_FA_DIGITS)
