"""YAML reading that remembers line numbers, so every problem can say ``file:line``.

Two departures from PyYAML's defaults, both for sellers writing Persian and English:
only ``true``/``false`` are booleans (YAML 1.1 would read the keyword ``no`` or ``on`` as
a boolean and silently change the rule), and a key written twice in one mapping is
reported instead of the first one being dropped without a word.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class LineDict(dict):
    """A mapping that knows the line of itself and of each key."""

    line: int = 0
    lines: dict[Any, int]
    text_lines: dict[Any, int]
    duplicates: list[tuple[Any, int]]

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)

    def text_line_of(self, key: Any) -> int:
        """Line of the value's first text line (after ``|``/``>``: the next line)."""
        return getattr(self, "text_lines", {}).get(key, self.line_of(key))


class LineList(list):
    """A sequence that knows the line of itself and of each item."""

    line: int = 0
    lines: list[int]
    text_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line

    def text_line_of(self, index: int) -> int:
        """Line of the item's first text line (after ``- |``: the next line)."""
        text_lines = getattr(self, "text_lines", [])
        return text_lines[index] if index < len(text_lines) else self.line_of(index)


class _Loader(yaml.SafeLoader):
    """Remembers each alias (``*name``) it composes, to weigh what they expand to (:func:`_weigh`)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_uses: list[tuple[int, str, yaml.Node]] = []  # (1-based line, anchor, the node it stands for)

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        event = self.peek_event() if self.check_event(yaml.AliasEvent) else None
        node = super().compose_node(parent, index)
        if event is not None:
            self.alias_uses.append((event.start_mark.line + 1, event.anchor, node))
        return node


# Replace YAML 1.1's yes/no/on/off booleans with YAML 1.2's true/false only.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.lines = {}
    mapping.text_lines = {}
    mapping.duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text, not a list or mapping", key_node.start_mark
            )
        line = key_node.start_mark.line + 1
        if key in mapping:
            mapping.duplicates.append((key, line))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = line
        mapping.text_lines[key] = _text_line(value_node)
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.lines = [child.start_mark.line + 1 for child in node.value]
    items.text_lines = [_text_line(child) for child in node.value]
    return items


def _text_line(node: yaml.Node) -> int:
    """1-based line where a node's text starts: a block scalar (``|``, ``>``) starts below its indicator."""
    block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    return node.start_mark.line + 1 + (1 if block else 0)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class YamlRefused(YamlSyntaxError):
    """Valid YAML that no rule file needs and that would take the process down: aliases that
    expand a few lines into millions of values (a «YAML bomb»), or lists nested hundreds deep.
    The whole file is refused, in one problem at its line."""


MAX_VALUES = 250_000  # values a file may hold once its aliases are expanded: more than MAX_FILE_BYTES can write out
MAX_DEPTH = 50  # lists and mappings inside each other: a rule file needs 5 or 6


def load(text: str) -> Any:
    """Parse one YAML document; raises :class:`YamlSyntaxError` with a 1-based line
    (:class:`YamlRefused` for a bomb or a nesting too deep to read)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _weigh(node, loader.alias_uses)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(line, f"YAML syntax: {what}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, f"YAML syntax: {exc}") from None
    except RecursionError:  # PyYAML composes nested values recursively: ~300 levels exhaust Python's stack
        raise _too_deep(_deepest_line(text)) from None
    finally:
        loader.dispose()


def _too_deep(line: int) -> YamlRefused:
    return YamlRefused(line, f"YAML: lists or mappings here are nested more than {MAX_DEPTH} deep, which no rule file needs "
                             f"(a rule is 5 or 6): the file is not read. Fix: check the brackets [ ] and {{ }} on this line")  # fmt: skip


def _deepest_line(text: str) -> int:
    """The line where the nesting first passes :data:`MAX_DEPTH` (the scanner is not recursive)."""
    depth = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken,
                                  yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken)):  # fmt: skip
                depth += 1
                if depth > MAX_DEPTH:
                    return token.start_mark.line + 1
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _weigh(root: yaml.Node, aliases: list[tuple[int, str, yaml.Node]]) -> None:
    """Refuse a document whose aliases expand past :data:`MAX_VALUES` values, that contains
    itself, or that nests past :data:`MAX_DEPTH`; without expanding anything (each node is
    weighed once, iteratively: the weight of a node an alias repeats is counted per use)."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            children = _children(node)
            size[key] = min(1 + sum(size[id(c)] for c in children), MAX_VALUES + 1)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            if depth[key] > MAX_DEPTH:
                raise _too_deep(node.start_mark.line + 1)
            continue
        if key in size:
            continue
        if key in open_:  # an alias inside the value it names: it would never end
            line = next((line for line, _, target in aliases if target is node), node.start_mark.line + 1)
            raise YamlRefused(line, "YAML: an alias (*name) here is used inside the very value it names, so that value "
                                    "would contain itself without end: the file is not read. Fix: write the value out")  # fmt: skip
        open_.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)
    if size[id(root)] > MAX_VALUES:
        line, anchor, target = max(aliases, key=lambda use: size[id(use[2])]) if aliases else (1, "", root)
        alone = size[id(target)]
        raise YamlRefused(line, f"YAML: the aliases (*name) of this file stand for more than {MAX_VALUES:,} values once "
                                f"written out (a «YAML bomb»; *{anchor} on this line alone stands for "
                                f"{'more than ' if alone > MAX_VALUES else ''}{min(alone, MAX_VALUES):,}): the file is not "
                                f"read. Fix: write the values out, or use fewer aliases")  # fmt: skip
