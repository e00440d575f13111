"""Plain-words help for a rule file YAML cannot read: indentation, and every syntax error.

PyYAML stops at the first error and says it in parser terms («mapping values are not
allowed here», «found character '\\t' that cannot start any token»).  A seller needs the
line, what is wrong in their words, and the fix; and every broken line in one run, not
one per edit.  So, for a file that failed to parse:

* :func:`indentation_problems` reads the lines the way YAML would (block scalars and
  bracketed lists skipped) and names each tab, and each line that is deeper than a line
  which opens nothing or that lines up with no key above it;
* :func:`syntax_errors` blanks each line YAML stopped at and parses again, up to a few
  times, so later errors are reported too; it returns the text with those lines blanked
  so the rest of the file can still be checked;
* :func:`slips` finds a slip on one line that YAML reports far below it or in parser words:
  a value whose opening quote is never closed (YAML reads the lines below as its text), text
  after a closing quote, a key written ``price:45000000``, ``price = 45000000``, or with no ':'
  at all (``vars``, ``price 45000000``: YAML says «mapping values are not allowed here»); the slip,
  not where YAML stopped, is what to name;
* :func:`fix_for` puts the plain words and the fix first, YAML's own words after.
"""

from __future__ import annotations

import re

from .yamlfile import YamlSyntaxError, load

MAX_ROUNDS = 20
_BLOCK_SCALAR = re.compile(r"(?:^|[:\-]\s)\s*(?:[&!]\S+\s+)*[|>][+-]?\d*\s*(?:#.*)?$")


def indentation_problems(text: str) -> list[tuple[int, str]]:
    """``(line, message)`` for each tab and misaligned line of a rule file."""
    out: list[tuple[int, str]] = []
    levels = [0]
    opens = False  # the previous line ends with ':' (a block starts below it)
    block_from: int | None = None  # inside a | or > text: lines deeper than this belong to it
    depth = 0  # open [ and { of a list written across lines
    previous = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        body = raw.lstrip(" \t")
        if not body or body.startswith("#"):
            continue
        lead = raw[: len(raw) - len(body)]
        indent = len(lead.expandtabs(2))
        if block_from is not None:
            if indent > block_from:
                continue
            block_from = None
        if depth > 0:
            depth += _brackets(body)
            continue
        if "\t" in lead:
            out.append((number, "starts with a Tab; YAML counts only spaces, so the Tab makes this line unreadable. "
                                "Fix: delete the Tab and type spaces instead (2 spaces per level, lined up with the lines around it)"))  # fmt: skip
        elif indent > levels[-1] and not opens:
            out.append((number, f"is indented by {indent} spaces, deeper than line {previous} above it, which does not end "
                                f"with ':' and so cannot hold it. Fix: start it with {levels[-1]} spaces, like the line above"))  # fmt: skip
        elif indent < levels[-1]:
            valid = " or ".join(str(level) for level in sorted(set(levels)))
            while len(levels) > 1 and levels[-1] > indent:
                levels.pop()
            if levels[-1] != indent:
                out.append((number, f"is indented by {indent} spaces, which lines up with no line above it "
                                    f"(they start at {valid} spaces). Fix: use the same number of spaces as the key "
                                    f"it belongs with; count the spaces, an odd number is the usual slip"))  # fmt: skip
        if indent > levels[-1]:
            levels.append(indent)
        content = body
        while content.startswith("- ") or content == "-":  # a list item: its keys start after the dash
            inner = content[1:]
            column = indent + 1 + (len(inner) - len(inner.lstrip(" ")))
            content = inner.lstrip(" ")
            if content and not content.startswith("#"):
                levels.append(column)
                indent = column
        stripped = _without_comment(content)
        opens = stripped.endswith(":") or content in ("", "-") or body.rstrip() == "-"
        if _BLOCK_SCALAR.search(stripped):
            block_from = indent
            opens = False
        depth = max(_brackets(stripped), 0)
        previous = number
    return out


_QUOTED_VALUE = re.compile(r"^(?:-\s+)*(?:[^\s#'\"][^:#]*:\s+)?(?:-\s+)*([\"'])(.*)$")
_GLUED_KEY = re.compile(r"^((?:-\s+)*)([^\W\d][\w\-]*)(?::(?=[^\s/\\])|\s*=\s*)(.*)$")  # price:45 or price = 45


_BARE_KEY = re.compile(r"^([^\W\d][\w\-]*)(?:\s+([^\s#].*))?$")  # vars, or price 45000000: a key with no ':'
_ASCII_KEY = re.compile(r"^[A-Za-z_][\w\-]*$", re.ASCII)
_KEY_LINE = re.compile(r"^(?:-\s+)*[^\s#'\"\-\[{][^:#]*:(?:\s|$)")  # key: or - key:


def _value_lines(text: str) -> list[tuple[int, int, str]]:
    """``(line, indent, body)`` of each line that is not a comment, blank, or inside a ``|``/``>`` text."""
    out: list[tuple[int, int, str]] = []
    block_from: int | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        body = raw.lstrip(" ")
        indent = len(raw) - len(body)
        if block_from is not None and (not body or indent > block_from):
            continue
        block_from = None
        if not body or body.startswith("#"):
            continue
        if _BLOCK_SCALAR.search(_without_comment(body)):
            block_from = indent
            continue
        out.append((number, indent, body))
    return out


def _key_column(indent: int, body: str) -> int:
    """Where a line's key starts (after any ``- ``)."""
    content = body
    while content.startswith("- "):
        content = content[1:].lstrip(" ")
    return indent + len(body) - len(content)


_UNQUOTABLE = tuple("\"'[{|>&*!%@`")  # a value YAML reads as something else than text if put in quotes, or one with quotes in it


def as_setting(value: str) -> str:
    """A var's value written as the settings file ships its answers, between double quotes
    (``price: "45000000"``, the form the README asks for): a seller fills in between the quotes,
    and quoted text stays text («no» is not false, «#» does not start a comment, «045000000» is
    not an octal number). A list, a quoted value, or one with quotes or ``\\`` in it is left as written."""
    value = value.strip()
    if not value or value.startswith(_UNQUOTABLE) or '"' in value or "\\" in value:
        return value
    return f'"{value}"'


def _key_of(body: str) -> str:
    content = body
    while content.startswith("- "):
        content = content[1:].lstrip(" ")
    return _without_comment(content).split(":", 1)[0].strip()


def _is_var(lines: list[tuple[int, int, str]], at: int) -> bool:
    """Whether ``lines[at]`` sits directly under ``vars:`` or under a post of ``posts:`` (its
    value is an answer for the replies, written the settings file's way: :func:`as_setting`)."""
    column = _key_column(lines[at][1], lines[at][2])
    keys: list[str] = []  # the enclosing keys, innermost first
    for _number, indent, body in reversed(lines[:at]):
        key_column = _key_column(indent, body)
        if key_column < column and _KEY_LINE.match(body):
            keys.append(_key_of(body))
            column = key_column
    return keys == ["vars"] or (len(keys) == 2 and keys[1] == "posts")


def _missing_colon(lines: list[tuple[int, int, str]], at: int) -> str:
    """The fix if ``lines[at]`` is a key written with no ':' at all (``vars`` or ``price 45000000``), else ''.

    It is one when the line below is deeper and holds keys or list items (``vars`` opened a block),
    or, for an English key, when a key line above or below it starts at the same column (a sibling key).
    A list item, a quoted or bracketed value, and a text line deeper than its key are not.
    """
    _number, indent, body = lines[at]
    found = _BARE_KEY.match(_without_comment(body))
    if not found:
        return ""
    key, value = found.groups()
    below = lines[at + 1] if at + 1 < len(lines) else None
    opens = below is not None and below[1] > indent and (_KEY_LINE.match(below[2]) or below[2].startswith("- "))
    above = next((line for line in reversed(lines[:at]) if _key_column(line[1], line[2]) <= indent), None)
    sibling = any(
        line is not None and _key_column(line[1], line[2]) == indent and _KEY_LINE.match(line[2]) for line in (above, below)
    )
    if not opens and not (sibling and _ASCII_KEY.match(key)):
        return ""
    shown = as_setting(value) if value and _is_var(lines, at) else (value or "").strip()
    fixed = f"{key}: {shown}" if value else f"{key}:"
    return f"has no ':' after {key}, so YAML does not read it as a key. Fix: put ':' after the key, like this: {fixed}"


def slips(text: str) -> list[tuple[int, str]]:
    """``(line, message)`` for each slip on one line that YAML reports elsewhere or in parser words.

    A value whose opening quote is never closed (YAML reads the lines below as its text),
    text after a closing quote (``"45000000""``), and a key written ``price:45000000``,
    ``price = 45000000`` or with no ':' at all (YAML sees no key, and reports the lines below it).
    """
    out: list[tuple[int, str]] = []
    lines = _value_lines(text)
    depth = 0  # open [ and { of a list written across lines: its lines are values, not keys
    opened: tuple[int, int, str] | None = None  # the line that opened that list: (line, indent, body)
    for at, (number, indent, body) in enumerate(lines):
        if opened is not None and indent <= opened[1] and _KEY_LINE.match(body):
            out.append(_unclosed(opened))  # a key back at the opener's level: the list never closed
            opened, depth = None, 0
        in_list, depth = depth > 0, max(depth + _brackets(_without_comment(body)), 0)
        if not in_list and depth > 0:
            opened = (number, indent, body)
        elif depth == 0:
            opened = None
        if not in_list and _GLUED_DASH.match(body) and _beside_items(lines, at, indent):
            item = _without_comment(body)[1:].strip()
            out.append((number, f"is a list item with no space after its dash, so YAML reads it as text, not as an item. "
                                f"Fix: put a space after the dash: - {item}"))  # fmt: skip
            continue
        found = None if in_list else _QUOTED_VALUE.match(body)  # «'…']» closing a list written across lines is no slip
        if found:
            quote, rest = found.groups()
            inside = rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
            if quote not in inside:
                out.append((number, f"opens a quote ({quote}) that is never closed on this line, so YAML reads the lines "
                                    f"below as part of this text. Fix: end the value with {quote}"))  # fmt: skip
                continue
            after = _without_comment(inside[inside.index(quote) + 1 :]).strip()
            if after and after.strip(quote):
                out.append((number, f"has text after the closing quote ({after}); YAML allows only a comment there. "
                                    f"Fix: put the whole value inside the quotes"))  # fmt: skip
            elif after:
                kept = _without_comment(body)[: -len(after)].rstrip()
                out.append((number, f"has an extra {after} after the closing quote. Fix: delete it: {kept}"))
            continue
        found = _GLUED_KEY.match(_without_comment(body))
        if found and not re.search(r":(?:\s|$)", body):
            dash, key, value = found.groups()
            value = value.strip()
            fixed = as_setting(value) if _is_var(lines, at) else value
            if body[len(dash) + len(key) :].lstrip().startswith("="):
                out.append((number, f"writes {key} = {value}, but YAML reads a key only before ':'. "
                                    f"Fix: use ':' and a space, not '=', like this: {dash}{key}: {fixed}"))  # fmt: skip
            else:
                out.append((number, f"writes {key}:{value} with no space after ':', so YAML sees no key and value. "
                                    f"Fix: put a space after ':', like this: {dash}{key}: {fixed}"))  # fmt: skip
            continue
        fix = "" if in_list else _missing_colon(lines, at)
        if fix:
            out.append((number, fix))
    if opened is not None:
        out.append(_unclosed(opened))  # the file ends inside the list
    return out


_GLUED_DASH = re.compile(r"^-[^\s\-\d]")  # «-ضمانت»: an item with no space after its dash (not «---» or «-5»)


def _beside_items(lines: list[tuple[int, int, str]], at: int, indent: int) -> bool:
    """The line before or after, at the same indent, is a list item («- گارانتی»): this one was meant as one too."""
    return any(0 <= near < len(lines) and lines[near][1] == indent and lines[near][2].startswith("- ") for near in (at - 1, at + 1))


def _unclosed(opened: tuple[int, int, str]) -> tuple[int, str]:
    """The slip of a list opened with [ (or a mapping with {) that no line closes."""
    number, _indent, body = opened
    text = _without_comment(body)
    close = "]" if text.rfind("[") > text.rfind("{") else "}"
    what = "a list with [" if close == "]" else "a mapping with {"
    return number, (f"opens {what} that is never closed, so YAML reads the lines below as part of it. "
                    f"Fix: end it with {close} on this line, like this: {text}{close}")  # fmt: skip


def unclosed_quotes(text: str) -> list[tuple[int, str]]:
    """``(line, message)`` for each value that opens a quote and does not close it on its line."""
    return [(line, why) for line, why in slips(text) if why.startswith("opens a quote")]


def with_blocks(text: str, lines: set[int]) -> set[int]:
    """``lines`` and, below each, the deeper lines it holds (``vars`` with no ':' cannot hold its block)."""
    out = set(lines)
    rows = text.splitlines()
    for line in lines:
        indent = len(rows[line - 1]) - len(rows[line - 1].lstrip(" "))
        for number in range(line + 1, len(rows) + 1):
            body = rows[number - 1].lstrip(" ")
            if body and not body.startswith("#") and len(rows[number - 1]) - len(body) <= indent:
                break
            out.add(number)
    return out


def key_lines(text: str, key: str) -> list[int]:
    """The lines where ``key`` is written as a key, slipped or not: ``price: 1``, ``price:1``,
    ``price = 1``, ``price 1``, after a Tab or a ``- `` (where a var YAML could not read was)."""
    written = re.compile(rf"^[ \t]*(?:-[ \t]+)?([\"']?){re.escape(key)}\1[ \t]*(?:[:=]|[ \t]\S|$)")
    return [number for number, line in enumerate(text.splitlines(), start=1) if written.match(line)]


def blank(text: str, lines: set[int]) -> str:
    """``text`` with the given 1-based lines emptied (so the rest can be read)."""
    return "\n".join("" if number in lines else line for number, line in enumerate(text.splitlines(), start=1))


_QUOTE_IT = "Fix: put the whole value in double quotes, e.g. reply: \"{example}\""
# PyYAML's parser words, and what they mean in a rule file ({0}: the message's first quoted part)
_FIXES = (
    ("mapping values are not allowed here", "a ':' followed by a space inside a value starts a new key for YAML. "
     + _QUOTE_IT.format(example="قیمت: ۴۵ میلیون")),
    ("that cannot start any token", "YAML does not let a value start with {0}. " + _QUOTE_IT.format(example="{0}...")),
    ("found undefined alias", "a value that starts with * is read by YAML as a reference to another value. "
     + _QUOTE_IT.format(example="*{0}")),
    ("mapping keys are not allowed here", "a value that starts with '? ' is read by YAML as a key. "
     + _QUOTE_IT.format(example="? ...")),
    ("found unknown escape character", "inside double quotes a backslash starts a special sign, and \\{0} is not one. "
     "Fix: write the backslash twice (\\\\), or put the value in single quotes (')"),
    ("a key must be plain text", "a value that starts with { is read by YAML as a mapping (and {{ … }} as one inside "
     "another). " + _QUOTE_IT.format(example="{{ price }} تومان")),
    ("but found ']'", "this ] closes a list that was never opened. Fix: delete it, or open the list with ["),
    ("but found '}'", "this } closes a mapping that was never opened. Fix: delete it, or open it with {"),
    ("expected ',' or ']'", "a list in [ ] needs a comma (,) between its items and a ] at its end. "
     "Fix: write it like this: keywords: [قیمت, چند]"),
    ("expected ',' or '}'", "a mapping in { } needs a comma (,) between its keys and a } at its end. "
     "Fix: write it like this: when: {role: buyer}"),
)


def fix_for(message: str, plain: str = "") -> str:
    """The plain words and the fix first (``plain``, or a known fix for YAML's message), YAML's own words after."""
    what = message.removeprefix("YAML syntax: ")
    if not plain:
        quoted = re.search(r"'([^']*)'", what)
        found = next((fix for problem, fix in _FIXES if problem in what), "")
        plain = found.replace("{0}", quoted.group(1) if quoted else "this sign")
    return f"YAML syntax: {plain} (YAML: {what})" if plain else message


def _brackets(text: str) -> int:
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "", text)
    return text.count("[") + text.count("{") - text.count("]") - text.count("}")


def _without_comment(text: str) -> str:
    return re.sub(r"\s+#.*$", "", text).rstrip()


def syntax_errors(text: str, first: YamlSyntaxError) -> tuple[list[YamlSyntaxError], str | None]:
    """Every syntax error found by blanking the lines YAML stopped at; and the blanked text if it then parses."""
    errors = [first]
    lines = text.splitlines()
    for _ in range(MAX_ROUNDS):
        line = errors[-1].line
        if not 1 <= line <= len(lines) or not lines[line - 1].strip():
            return errors, None
        lines[line - 1] = ""
        try:
            load("\n".join(lines))
        except YamlSyntaxError as exc:
            if exc.line == line:
                return errors, None
            errors.append(exc)
            continue
        return errors, "\n".join(lines)
    return errors, None
