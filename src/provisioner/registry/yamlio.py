"""YAML reading that refuses duplicate keys and can say on which line a path sits."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import yaml

try:
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml missing
    _Base = yaml.SafeLoader


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping holds the same key twice; YAML would silently keep the last one."""


MAX_EXPANDED_NODES = 1_000_000
"""Anchors and aliases may repeat data, not multiply it: a 'billion laughs' file is refused before it is built."""


class AliasBombError(yaml.MarkedYAMLError):
    """The document expands, through aliases, to more nodes than any registry file has."""


def expanded_size(node: yaml.Node, memo: dict[int, int] | None = None) -> int:
    """How many nodes the document has once every alias is expanded (shared nodes counted once per use)."""
    memo = {} if memo is None else memo
    key = id(node)
    if key not in memo:
        memo[key] = 1  # a recursive alias counts once instead of looping
        if isinstance(node, yaml.SequenceNode):
            memo[key] = 1 + sum(expanded_size(child, memo) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            memo[key] = 1 + sum(expanded_size(k, memo) + expanded_size(v, memo) for k, v in node.value)
    return memo[key]


class _StrictLoader(_Base):  # type: ignore[valid-type,misc]
    def construct_document(self, node: yaml.Node) -> Any:
        size = expanded_size(node)
        if size > MAX_EXPANDED_NODES:
            raise AliasBombError(
                "while reading the document", node.start_mark, f"its aliases expand it to {size} nodes (limit {MAX_EXPANDED_NODES})", None
            )
        return super().construct_document(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[Hashable] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise DuplicateKeyError(
                    "while constructing a mapping", node.start_mark, f"found duplicate key '{key}'", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _StrictLoader.construct_mapping,
)


def load_yaml(text: str) -> Any:
    """Parse YAML text strictly (duplicate keys are errors)."""
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass


def line_of(text: str, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the node at `loc`, or of its deepest existing parent."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = None
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        node = _child(node, part)
    return node.start_mark.line + 1 if node is not None else line


def _child(node: yaml.Node, part: int | str) -> yaml.Node | None:
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        items: list[yaml.Node] = node.value
        return items[part] if part < len(items) else None
    if isinstance(node, yaml.MappingNode):
        pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
        return next((value for key, value in pairs if key.value == str(part)), None)
    return None


def dump_yaml(data: Any) -> str:
    """Write YAML for a human to edit: block style, keys in the given order."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=120)
