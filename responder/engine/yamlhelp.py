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
* :func:`unclosed_quotes` finds a value whose opening quote is never closed on its line: YAML
  then reads the lines below as part of that text and stops far from the slip, so the
  quote, not where YAML stopped, is what to name;
* :func:`fix_for` adds the fix to YAML's messages that a seller meets most.
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


def unclosed_quotes(text: str) -> list[tuple[int, str]]:
    """``(line, message)`` for each value that opens a quote and does not close it on its line."""
    out: list[tuple[int, str]] = []
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
        found = _QUOTED_VALUE.match(body)
        if not found:
            continue
        quote, rest = found.groups()
        closed = rest.replace('\\\\', "").replace('\\"', "").count('"') if quote == '"' else rest.replace("''", "").count("'")
        if closed == 0:
            out.append((number, f"opens a quote ({quote}) that is never closed on this line, so YAML reads the lines "
                                f"below as part of this text. Fix: end the value with {quote}"))  # fmt: skip
    return out


_FIXES = {
    "mapping values are not allowed here": "a ':' followed by a space inside a value starts a new key for YAML. "
    "Fix: put the whole value in double quotes, e.g. reply: \"قیمت: ۴۵ میلیون\"",
}


def fix_for(message: str) -> str:
    """YAML's own words, with the fix in plain words where one is known."""
    for problem, fix in _FIXES.items():
        if problem in message:
            return f"{message}; {fix}"
    return message


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
