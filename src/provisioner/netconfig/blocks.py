"""A running or intended config as top-level blocks; a banner is one block, whatever its lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

# What devices print around the config itself (never config, never owned, never reported).
NOT_CONFIG = re.compile(r"^(?:!|end$|Building configuration|Current configuration|version |Running configuration:|;)")
_BANNER = re.compile(r"^banner \S+ (?P<delim>\^C|\S)")


@dataclass(frozen=True, slots=True)
class Block:
    """A top-level line and the lines that belong to it (indented children, or a banner's text)."""

    header: str
    body: tuple[str, ...] = ()
    unit: bool = False  # multi-line construct (banner): kept or dropped whole, never line by line

    @property
    def lines(self) -> list[str]:
        return [self.header, *self.body]

    def children(self) -> list[tuple[str, tuple[str, ...]]]:
        """Direct children (stripped) with their own indented lines (grandchildren, raw)."""
        out: list[tuple[str, list[str]]] = []
        for line in self.body:
            if out and _indent(line) > _indent(self.body[0]):
                out[-1][1].append(line)
            else:
                out.append((line.strip(), []))
        return [(child, tuple(rest)) for child, rest in out]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def split_blocks(text: str) -> list[Block]:
    """Top-level blocks in order; header lines (`Building configuration`, `!`, `end`) dropped."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")]
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip() or (not line[:1].isspace() and NOT_CONFIG.match(line)):
            continue
        if line[:1].isspace():
            if blocks and not blocks[-1].unit:
                last = blocks[-1]
                blocks[-1] = Block(last.header, (*last.body, line))
            continue
        banner = _BANNER.match(line)
        if banner is not None:
            end = _banner_end(lines, index - 1, banner.group("delim"), banner.end())
            blocks.append(Block(line, tuple(lines[index:end]), unit=True))
            index = end
            continue
        blocks.append(Block(line))
    return blocks


def _banner_end(lines: list[str], start: int, delim: str, after: int) -> int:
    """Index just past the banner's last line (the one holding the closing delimiter)."""
    if delim in lines[start][after:]:
        return start + 1
    for index in range(start + 1, len(lines)):
        if delim in lines[index]:
            return index + 1
    return len(lines)


def join_blocks(blocks: list[Block]) -> str:
    """Blocks back to config text."""
    return "\n".join(line for block in blocks for line in block.lines)
