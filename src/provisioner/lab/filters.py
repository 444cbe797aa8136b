"""Output filters after a pipe: ``show running-config | include hostname``."""

from __future__ import annotations

import re

from provisioner.lab.parser import rule

PIPE_RULES = [
    rule("include <re:line>", "include"),
    rule("exclude <re:line>", "exclude"),
    rule("begin <re:line>", "begin"),
    rule("section <re:line>", "section"),
]


def split_pipe(line: str) -> tuple[str, str | None]:
    """('show run', 'include x') for a show command with a pipe, else (line, None)."""
    head, bar, tail = line.partition("|")
    words = head.split()
    if not bar or not words or not "show".startswith(words[0].lower()) or len(words[0]) < 2:
        return line, None
    return head.rstrip(), tail


def _sections(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    for line in lines:
        if line[:1] in (" ", "\t") and blocks:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def apply_filter(text: str, *, how: str, expression: str) -> str:
    """Filter output lines by a regular expression, as IOS and ProCurve do."""
    pattern = re.compile(expression)
    lines = text.splitlines()
    if how == "include":
        kept = [line for line in lines if pattern.search(line)]
    elif how == "exclude":
        kept = [line for line in lines if not pattern.search(line)]
    elif how == "begin":
        first = next((i for i, line in enumerate(lines) if pattern.search(line)), len(lines))
        kept = lines[first:]
    else:
        kept = [line for block in _sections(lines) if any(pattern.search(x) for x in block) for line in block]
    return "".join(f"{line}\n" for line in kept)
