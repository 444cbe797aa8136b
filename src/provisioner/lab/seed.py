"""Seeded devices: a real `show running-config` kept line for line, with the modelled part live.

A seeded device keeps its seed as a tree of raw lines (children by indentation; a multi-line
banner is one node). Every seed line the platform grammar models is also applied to the device's
config model; every other line is kept verbatim where it stood. What the device prints is the seed
tree patched with the changes of the model's own rendering since the seed was taken (an
:class:`Overlay`): unchanged lines print exactly as seeded, removed modelled lines disappear, new
ones are inserted after their nearest neighbour. `no <kept line>` removes a kept line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADER = re.compile(
    r"^(Building configuration\.\.\.|Current configuration : \d+ bytes|Using \d+ out of \d+ bytes|(Running|Startup) configuration:)\s*$"
)
_BANNER = re.compile(r"^banner\s+\S+\s+(\^C|\S)")


@dataclass
class Node:
    """One config line (or a whole banner) and the lines indented under it."""

    text: str
    children: list[Node] = field(default_factory=list)
    modelled: bool = False  # a seed line the grammar applied to the model: the model's render is its truth

    @property
    def key(self) -> str:
        return self.text.strip()

    @property
    def separator(self) -> bool:
        return self.key in ("", "!")

    def clone(self) -> Node:
        return Node(self.text, [child.clone() for child in self.children], self.modelled)


def split_header(text: str) -> tuple[list[str], str]:
    """(header lines, body) of a printed config: the `Building configuration...` lines and blanks after them."""
    lines = text.split("\n")
    header: list[str] = []
    while lines and (_HEADER.match(lines[0]) or (header and not lines[0].strip())):
        header.append(lines.pop(0))
    return header, "\n".join(lines)


def strip_header(text: str) -> str:
    """The body of a seed: `Building configuration...`-style header lines (and blanks after them) removed."""
    kept: list[str] = []
    after_header = False
    for index, line in enumerate(text.replace("\r\n", "\n").split("\n")):
        if index < 8 and _HEADER.match(line):
            after_header = True
            continue
        if after_header and not line.strip():
            continue
        after_header = False
        kept.append(line)
    return "\n".join(kept)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _banner_end(lines: list[str], start: int) -> int:
    """Index of the last line of a multi-line banner starting at lines[start]."""
    first = lines[start]
    match = _BANNER.match(first.strip())
    if match is None:
        if first.strip().startswith("banner ") and first.count('"') % 2 == 1:
            return next((i for i in range(start + 1, len(lines)) if '"' in lines[i]), len(lines) - 1)
        return start
    delimiter = match.group(1)
    rest = first.strip()[match.end() :]
    if delimiter in rest:
        return start
    return next((i for i in range(start + 1, len(lines)) if delimiter in lines[i]), len(lines) - 1)


def parse_tree(text: str) -> list[Node]:
    """Lines -> tree: a line indented deeper than the one before it is that line's child."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    roots: list[Node] = []
    stack: list[tuple[int, Node]] = []
    index = 0
    while index < len(lines):
        end = _banner_end(lines, index)
        node = Node("\n".join(lines[index : end + 1]))
        depth = _indent(lines[index]) if lines[index].strip() else 0
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(node)
        stack.append((depth, node))
        index = end + 1
    return roots


def render_tree(nodes: list[Node]) -> list[str]:
    lines: list[str] = []
    for node in nodes:
        lines.append(node.text)
        lines.extend(render_tree(node.children))
    return lines


def _find(nodes: list[Node], key: str) -> int | None:
    return next((i for i, node in enumerate(nodes) if node.key == key), None)


def _kind(key: str) -> str:
    """What a line is about: `interface GigabitEthernet`, `ntp server`, `hostname`, `description`."""
    words = key.split("\n")[0].split()
    if words[:1] == ["interface"] and len(words) > 1:
        return "interface " + re.sub(r"[\d/.:]+$", "", words[1])
    return " ".join(words[:2]) if words[:1] in (["ip"], ["no"], ["ntp"], ["snmp-server"], ["switchport"]) else " ".join(words[:1])


def _after(seed: list[Node], found: int) -> int:
    """The index after seed[found], past the separator that closes a block."""
    while seed[found].children and found + 1 < len(seed) and seed[found + 1].separator:
        found += 1
    return found + 1


def _insert_at(seed: list[Node], new: list[Node], position: int, *, top: bool, vacated: dict[str, int]) -> int:
    """Where to insert new[position]: where a line of its kind was removed, after the last line of its kind,
    else after its nearest neighbour that the seed has."""
    kind = _kind(new[position].key)
    if kind in vacated:
        return vacated.pop(kind)
    same = [i for i, node in enumerate(seed) if not node.separator and _kind(node.key) == kind]
    if same:
        return _after(seed, same[-1])
    for before in reversed(new[:position]):
        found = None if before.separator else _find(seed, before.key)
        if found is not None:
            return _after(seed, found)
    for after in new[position + 1 :]:
        found = None if after.separator else _find(seed, after.key)
        if found is not None:
            return found
    if top and seed and seed[-1].key == "end":
        return len(seed) - 1
    return len(seed)


def _add(seed: list[Node], new: list[Node], position: int, *, top: bool, vacated: dict[str, int]) -> None:
    node = new[position].clone()
    where = _insert_at(seed, new, position, top=top, vacated=vacated)
    if top and node.children and where < len(seed) and seed[where].key == "!":
        where += 1
    separated = top and node.children and where > 0 and seed[where - 1].key == "!"
    seed[where:where] = [node, Node("!")] if separated else [node]
    for kind, index in vacated.items():
        if index >= where:
            vacated[kind] = index + (2 if separated else 1)


def patch(seed: list[Node], old: list[Node], new: list[Node], *, top: bool = True) -> None:
    """Apply the difference between two renders of the model (old -> new) to the seed tree."""
    old_by_key = {n.key: n for n in old if not n.separator}
    new_by_key = {n.key: n for n in new if not n.separator}
    vacated: dict[str, int] = {}
    gone = [n.key for n in old if n.key in old_by_key.keys() - new_by_key.keys()]
    if gone or new_by_key.keys() - old_by_key.keys():
        gone += [n.key for n in seed if n.modelled and n.key not in new_by_key]  # seeded in a form the model does not print
    for key in gone:
        found = _find(seed, key)
        if found is not None:
            del seed[found]
            vacated = {k: (i - 1 if i > found else i) for k, i in vacated.items()}
            vacated.setdefault(_kind(key), found)
    for position, node in enumerate(new):
        if node.separator:
            continue
        before = old_by_key.get(node.key)
        if before is None:
            _add(seed, new, position, top=top, vacated=vacated)
            continue
        found = _find(seed, node.key)
        if found is not None:
            patch(seed[found].children, before.children, node.children, top=False)
        elif render_tree(before.children) != render_tree(node.children):
            _add(seed, new, position, top=top, vacated=vacated)


@dataclass
class Overlay:
    """The printed config of a seeded device: the seed tree, and the model render it was last synced to."""

    tree: list[Node]
    base: list[Node]

    @classmethod
    def create(cls, *, seed_body: str, model_body: str) -> Overlay:
        return cls(parse_tree(seed_body), parse_tree(model_body))

    def copy(self) -> Overlay:
        return Overlay([n.clone() for n in self.tree], [n.clone() for n in self.base])

    def sync(self, model_body: str) -> None:
        new = parse_tree(model_body)
        if render_tree(new) != render_tree(self.base):
            patch(self.tree, self.base, new)
            self.base = new

    def text(self) -> str:
        return "\n".join(render_tree(self.tree)) + "\n"

    def block(self, *, mode: tuple[str, ...]) -> list[Node] | None:
        """The children of the block a sub-mode edits (config mode: the top level)."""
        if len(mode) < 2:
            return self.tree
        node = block_node(self.tree, mode=mode)
        return node.children if node is not None else None

    def kept_lines(self, *, mode: tuple[str, ...]) -> list[Node]:
        """The lines of a block that the model does not render (kept verbatim from the seed)."""
        nodes = self.block(mode=mode)
        if nodes is None:
            return []
        modelled = _modelled_keys(self.base, mode=mode)
        return [n for n in nodes if not n.separator and n.key not in modelled]

    def remove(self, *, mode: tuple[str, ...], node: Node) -> None:
        nodes = self.block(mode=mode)
        if nodes is not None and node in nodes:
            nodes.remove(node)

    def materialize(self, *, mode: tuple[str, ...], line: str) -> None:
        """Print what a typed line touched even where the seed did not show it (a default the model has).

        Entering a block the seed lacks (`interface Vlan1` on a capture without it) prints the block as
        the model has it; a top-level line equal to a model line missing from the seed prints that line.
        """
        key = " ".join(line.split())
        if len(mode) < 2:
            _ensure(self.tree, self.base, key, top=True)
            return
        wanted = block_node(self.base, mode=mode)
        if wanted is None:
            return
        if block_node(self.tree, mode=mode) is None:
            _add(self.tree, self.base, self.base.index(wanted), top=True, vacated={})
        present = block_node(self.tree, mode=mode)
        if present is not None:
            _ensure(present.children, wanted.children, key, top=False)


def _ensure(seed: list[Node], model: list[Node], key: str, *, top: bool) -> None:
    """Insert the model's line `key` into the seed tree where it is missing."""
    position = _find(model, key)
    if position is not None and _find(seed, key) is None:
        _add(seed, model, position, top=top, vacated={})


def block_node(nodes: list[Node], *, mode: tuple[str, ...]) -> Node | None:
    """The top-level block a sub-mode (`("if", "GigabitEthernet1/0/1")`, `("kept", header)`) edits."""
    if mode[0] == "kept":
        found = _find(nodes, mode[1])
        return nodes[found] if found is not None else None
    keyword = _MODE_KEYWORDS.get(mode[0], "")
    argument = " ".join(mode[1:2])
    for node in nodes:
        words = node.key.split()
        if words and words[0] == keyword and (node.key.endswith(" " + argument) or f" {argument} " in node.key):
            return node
    return None

def _modelled_keys(base: list[Node], *, mode: tuple[str, ...]) -> set[str]:
    if len(mode) < 2:
        return {n.key for n in base}
    probe = Overlay(base, [])
    children = probe.block(mode=mode)
    return {n.key for n in children} if children is not None else set()


_MODE_KEYWORDS = {
    "if": "interface",
    "eth": "interface",
    "vlan": "vlan",
    "line": "line",
    "wlan": "wlan",
    "wpolicy": "wireless",
    "ap": "ap",
}


def match_kept(*, kept: list[Node], line: str) -> tuple[str, Node] | None:
    """('same', node) for a line equal to a kept one, ('no', node) for `no <kept line or its prefix>`."""
    text = " ".join(line.split())
    for node in kept:
        if " ".join(node.key.split("\n")[0].split()) == text:
            return "same", node
    if not text.startswith("no "):
        return None
    target = text[3:]
    for node in kept:
        flat = " ".join(node.key.split("\n")[0].split())
        if flat == target or flat.startswith(target + " "):
            return "no", node
    return None
