"""Persian-aware text normalization: one canonical form for rule keywords and buyer text.

Buyers type on phones with Arabic or Persian keyboards, Persian or Latin digits, with or
without ZWNJ, with diacritics, stretched letters and emoji. Matching compares *folded*
text: both sides go through :func:`fold`, so a seller writes a keyword once, any way,
and every variant of it matches.

Choices (documented in the README, "How matching reads text"):

* Unicode NFKC first: folds Arabic presentation forms, full-width Latin and NBSP.
* Arabic ي ى ئ → ی, ك → ک, ة ۀ → ه, أ إ ٱ آ → ا, ؤ → و.  Hamza and madda carry no
  meaning a buyer relies on in a chat question, and phone keyboards disagree on them.
* Diacritics (U+064B–U+065F, U+0670) and tatweel (ـ) are dropped.
* Persian ۰-۹ and Arabic-Indic ٠-٩ digits become 0-9.
* ZWNJ and its look-alikes (ZWJ, ZWSP, soft hyphen, word joiner, BOM) are dropped, and
  the detached verb prefixes «می»/«نمی» and plural/comparative suffixes («ها», «های»,
  «تر», «ترین» …) are glued to their word, so «می‌کنی», «میکنی» and «می کنی» are one word.
* A letter repeated for emphasis (``سلاااام``) counts once; runs of one letter collapse.
  This is applied to keywords too, so a keyword with a real double letter still matches.
* Latin is casefolded.  Everything that is not a letter or digit (punctuation such as
  ؟ ، ؛ « », emoji, symbols) separates words and is never glued to one.

:func:`canonical` is the lighter form (characters canonical, words intact) used for regex
triggers, so sellers' patterns see ordinary text with Latin digits.
"""

from __future__ import annotations

import re
import unicodedata

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

# Words written detached from their neighbour that belong to it.
_PREFIXES = frozenset({"می", "نمی"})
_SUFFIXES = frozenset({"ها", "های", "هایی", "هام", "هات", "هاش", "هامون", "هاتون", "هاشون", "تر", "ترین"})

_WORD = re.compile(r"[^\W_]+")
_REPEAT = re.compile(r"([^\W\d_])\1+")


def canonical(text: str) -> str:
    """Canonical characters, case and word shapes untouched (regex patterns and their input)."""
    return unicodedata.normalize("NFKC", text).translate(_CHAR_MAP)


def clean(text: str) -> str:
    """:func:`canonical`, casefolded."""
    return canonical(text).casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text``: canonical, joined prefixes/suffixes, repeats collapsed."""
    raw = [_REPEAT.sub(r"\1", w) for w in _WORD.findall(clean(text))]
    joined: list[str] = []
    glue_next = False
    for word in raw:
        if glue_next and joined:
            joined[-1] += word
        elif word in _SUFFIXES and joined and not joined[-1].isdigit():
            joined[-1] += word
        else:
            joined.append(word)
        glue_next = word in _PREFIXES
    return joined


def fold(text: str) -> str:
    """The matching form: folded words joined by single spaces."""
    return " ".join(words(text))


def padded(text: str) -> str:
    """:func:`fold` with a space at each end, so word boundaries are plain spaces."""
    return f" {fold(text)} "


_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def persian_digits(value: object) -> str:
    """Render Latin digits as Persian digits (the ``fa`` template filter)."""
    return str(value).translate(_FA_DIGITS)
