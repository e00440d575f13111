"""Masking personal data in chat text before it is kept or shown.

Divar's rules (kenar-docs ``docs/misc/policies.md``, «امنیت اطلاعات» and «ذخیره‌سازی
داده‌ها») ask apps to keep as little personal data as possible, and to treat phone numbers,
national ids and addresses with extra care.  Buyers put exactly these in chat («شماره‌م
۰۹۱۲ ۳۴۵ ۶۷۸۹»), so every text the reply log keeps (the buyer's message, our reply as
logged, error details) goes through :func:`mask` first.  The reply actually sent to Divar
is never masked: the buyer must get what the rule wrote.

What is masked, each replaced by a short Persian label:

* e-mail addresses → ``[ایمیل]``; ``@handles`` (Telegram, Instagram …) → ``[آیدی]``;
* every number of 10 digits or more, in any digit script, written in one piece or in
  groups split by spaces, dashes or dots (``0912-345-6789``, ``+98 912 345 67 89``,
  ``۶۰۳۷ ۹۹۱۲ ۳۴۵۶ ۷۸۹۰``, ``IR06 0170 …``).  Labelled by shape: Iranian mobiles and
  landlines with an area code → ``[تلفن]``, 16 digits → ``[کارت]``, ``IR`` + 24 digits
  or 24 digits → ``[شبا]``, 10 digits (national id, postal code) → ``[کد]``, anything
  else → ``[شماره]``.  No Iranian price is written as ten bare digits in chat; a false
  positive only hides a number in the log, never in a reply;
* 7 to 9 digits right after a word that announces a phone number (تلفن، تماس، شماره،
  tel, phone …): a landline without its area code → ``[تلفن]``.  Elsewhere 8 digits are
  usually a price (۴۵۰۰۰۰۰۰ تومان) and stay.

Pure: no I/O, no state; the same text always gives the same masked text, and masking a
masked text changes nothing.
"""

from __future__ import annotations

import re
import unicodedata

EMAIL = "[ایمیل]"
HANDLE = "[آیدی]"
PHONE = "[تلفن]"
CARD = "[کارت]"
IBAN = "[شبا]"
CODE = "[کد]"
NUMBER = "[شماره]"

# Anchored at the start of a run (the lookbehind), so a long run without "@" is read once.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z][\w.]{3,31}\b")
# A number: digit groups (any script: \d is Unicode) joined by at most three separators
# (spaces of any kind, ZWNJ, dash, dot), optionally after "+" or an IBAN's "IR".
_SEPARATOR = r"(?:[^\S\r\n]|[\u200c\-.])"
_NUMBER = re.compile(rf"(?:(?<![A-Za-z])(?P<iban>IR{_SEPARATOR}?))?(?P<plus>\+{_SEPARATOR}?)?\d+(?:{_SEPARATOR}{{1,3}}\d+)*", re.I)
_PHONE_WORD = re.compile(r"(?:تلفن|تماس|شماره|موبایل|همراه|tel|phone|call|mobile)\S*\W{0,12}$", re.I)
MIN_DIGITS = 10
MIN_ANNOUNCED_PHONE = 7
LOOK_BACK = 40  # characters before a number searched for the word announcing a phone


def mask(text: str) -> str:
    """``text`` with e-mails, handles and long numbers replaced by labels (see the module)."""
    if not text:
        return text
    text = _EMAIL.sub(EMAIL, text)
    text = _HANDLE.sub(HANDLE, text)
    return _NUMBER.sub(lambda found: _mask_number(found, text), text)


def _mask_number(found: re.Match[str], text: str) -> str:
    digits = "".join(str(unicodedata.decimal(ch)) for ch in found.group(0) if ch.isdecimal())
    label = _label(digits, iban=bool(found.group("iban")))
    if label:
        return label
    announced = _PHONE_WORD.search(text, max(0, found.start() - LOOK_BACK), found.start()) is not None
    if announced and MIN_ANNOUNCED_PHONE <= len(digits) < MIN_DIGITS:
        return PHONE
    return found.group(0)


def _label(digits: str, iban: bool) -> str | None:
    """The label for a number of these digits, or None if it is not masked by its shape."""
    count = len(digits)
    if count < MIN_DIGITS:
        return None
    if iban or count == 24:
        return IBAN
    if _is_phone(digits):
        return PHONE
    if count == 16:
        return CARD
    if count == 10:
        return CODE
    return NUMBER


def _is_phone(digits: str) -> bool:
    """Iranian numbers: 09…/9… mobiles, 0XX landlines, with 98 / 0098 in front or not."""
    for prefix in ("0098", "98", "0"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 10:
            return True
    return len(digits) == 10 and digits.startswith("9")
