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
    pass


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


def load(text: str) -> Any:
    """Parse one YAML document; raises :class:`YamlSyntaxError` with a 1-based line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(line, f"YAML syntax: {what}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, f"YAML syntax: {exc}") from None
