"""Seller regexes on RE2: time linear in the text, whatever the pattern.

Python's ``re`` backtracks: ``(a+)+$`` against 28 ``a`` and a ``!`` took 21 s while holding
the interpreter lock, freezing the webhook with it, and each extra letter doubles that.
RE2 (``google-re2``) has no backtracking, so no pattern can do this; the price is a few
features it does not have, which a rule is refused for, with the reason, by ``responder
check`` and the hot reload:

* backreferences (``\\1``, ``(?P=name)``) and conditionals (``(?(1)…)``);
* lookahead and lookbehind (``(?=…)``, ``(?!…)``, ``(?<=…)``, ``(?<!…)``);
* ``\\b`` and ``\\B``: RE2's are ASCII-only and would silently never match Persian words;
* atomic groups and possessive quantifiers (Python 3.11 syntax RE2 lacks).

The pattern is read with Python's own parser first, so a syntax error gets ``re``'s
familiar message and position.  ``\\w`` and ``\\W`` keep Python's meaning (letters of every
script, not only ASCII).
"""

from __future__ import annotations

import re
from typing import Any

import re2

try:  # Python 3.11+: the parser behind re.compile
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_WORD = r"\pL\pN\pM_"  # Python's Unicode \w: letters, digits, combining marks, underscore

_REFUSED: dict[Any, str] = {
    sre_constants.GROUPREF: "backreferences (\\1, (?P=name))",
    sre_constants.GROUPREF_EXISTS: "conditional groups ((?(1)...))",
    sre_constants.ASSERT: "lookahead/lookbehind ((?=...), (?<=...))",
    sre_constants.ASSERT_NOT: "negative lookahead/lookbehind ((?!...), (?<!...))",
}
for _name, _what in (("ATOMIC_GROUP", "atomic groups ((?>...))"), ("POSSESSIVE_REPEAT", "possessive quantifiers (a*+)")):
    if hasattr(sre_constants, _name):
        _REFUSED[getattr(sre_constants, _name)] = _what
_BOUNDARIES = {sre_constants.AT_BOUNDARY, sre_constants.AT_NON_BOUNDARY}


class RegexRefused(ValueError):
    """A pattern that is invalid, or uses a feature the linear-time engine does not have."""


def compile_pattern(pattern: str) -> Any:
    """An RE2 pattern (case-insensitive) with ``search``, ``groupindex`` and match ``groupdict``."""
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RegexRefused(f"is invalid: {exc.msg} (at position {exc.pos})") from None
    lacking = _lacking(parsed)
    if lacking:
        raise RegexRefused(f"uses {lacking}, which the safe regex engine (RE2) does not support; "
                           f"write it without, or use keywords with match: word")  # fmt: skip
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    options.max_mem = 8 << 20  # a pattern needing more than 8 MB of automaton is refused
    try:
        return re2.compile(_python_classes(pattern), options)
    except re2.error as exc:  # RE2 says it in bytes: b'invalid repetition size: {1000}'
        reason = exc.args[0] if exc.args else exc
        reason = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        if "repetition size" in reason:
            reason += " (RE2 allows at most 1000 repeats, nested {n} multiplied: repeat less)"
        elif "pattern too large" in reason:
            reason += " (the pattern needs more than 8 MB: repeat less)"
        raise RegexRefused(f"is not supported by the safe regex engine (RE2): {reason}") from None


def _lacking(parsed: Any) -> str | None:
    """The first feature RE2 lacks in a parsed pattern, named for the seller."""
    stack = [parsed]
    while stack:
        items = stack.pop()
        for op, arg in items:
            if op in _REFUSED:
                return _REFUSED[op]
            if op is sre_constants.AT and arg in _BOUNDARIES:
                return "\\b or \\B (word boundaries are ASCII-only in RE2)"
            for part in arg if isinstance(arg, (list, tuple)) else ():
                if isinstance(part, sre_parse.SubPattern):
                    stack.append(part)
                elif isinstance(part, (list, tuple)):
                    stack.extend(p for p in part if isinstance(p, sre_parse.SubPattern))
    return None


def _python_classes(pattern: str) -> str:
    """Rewrite ``\\w``/``\\W`` to RE2's Unicode classes (RE2's own are ASCII-only)."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            if escaped == "w":
                out.append(_WORD if in_class else f"[{_WORD}]")
            elif escaped == "W":
                if in_class:
                    raise RegexRefused("uses \\W inside [...], which the safe regex engine cannot express; use [^...]")
                out.append(f"[^{_WORD}]")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":  # a leading ] is a literal
                out.append("]")
                i += 1
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        i += 1
    return "".join(out)
