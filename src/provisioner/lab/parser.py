"""A small keyword-tree parser shared by every simulated platform.

A command rule is a pattern such as ``"switchport access vlan <id:vlan>"``. Keywords match any
unambiguous prefix (``sw acc vl 10``), arguments are checked by type, and a failure names the
token where the line stopped making sense, as a real CLI does with its ``^`` marker.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

FailureKind = Literal["invalid", "incomplete", "ambiguous"]


@dataclass(frozen=True)
class Token:
    """One word of a command line, with where it starts in the raw line."""

    text: str
    start: int
    quoted: bool = False


@dataclass(frozen=True)
class Keyword:
    word: str


@dataclass(frozen=True)
class Arg:
    name: str
    kind: str


@dataclass(frozen=True)
class Rest:
    """The rest of the raw line, spaces kept (a description, a banner)."""

    name: str


Element = Keyword | Arg | Rest


@dataclass(frozen=True)
class Rule:
    """A command pattern and the name of the action it triggers."""

    pattern: tuple[Element, ...]
    action: str
    fixed: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Parsed:
    rule: Rule
    args: dict[str, object]
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class Failure:
    kind: FailureKind
    index: int
    tokens: tuple[Token, ...]

    @property
    def column(self) -> int:
        if self.index < len(self.tokens):
            return self.tokens[self.index].start
        return self.tokens[-1].start + len(self.tokens[-1].text) if self.tokens else 0

    @property
    def word(self) -> str:
        return self.tokens[self.index].text if self.index < len(self.tokens) else ""


class CommandFailure(Exception):
    """Raised by an action when an argument is well-formed but not acceptable here."""

    def __init__(self, index: int, kind: FailureKind = "invalid") -> None:
        super().__init__(f"{kind} at token {index}")
        self.index = index
        self.kind: FailureKind = kind


def tokenize(line: str, *, quotes: bool) -> tuple[Token, ...]:
    """Split a line into words; with quotes, "a b" is one word."""
    pattern = r'"([^"]*)"?|(\S+)' if quotes else r"(\S+)"
    tokens: list[Token] = []
    for match in re.finditer(pattern, line):
        if quotes and match.group(1) is not None:
            tokens.append(Token(match.group(1), match.start(), quoted=True))
        else:
            tokens.append(Token(match.group(match.lastindex or 0), match.start()))
    return tuple(tokens)


def rule(text: str, action: str, **fixed: object) -> Rule:
    """Build a rule from ``"word word <name:kind> <rest:line>"``."""
    elements: list[Element] = []
    for word in text.split():
        if word.startswith("<"):
            name, kind = word[1:-1].split(":")
            elements.append(Rest(name) if kind == "line" else Arg(name, kind))
        else:
            elements.append(Keyword(word.lower()))
    return Rule(tuple(elements), action, dict(fixed))


def _is_int(text: str, low: int, high: int) -> int | None:
    if not text.isdigit():
        return None
    value = int(text)
    return value if low <= value <= high else None


def _ip(text: str) -> str | None:
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError:
        return None


def _mask(text: str) -> str | None:
    if _ip(text) is None:
        return None
    try:
        ipaddress.IPv4Network(f"0.0.0.0/{text}")
    except ValueError:
        return None
    return text


def _prefix(text: str) -> str | None:
    try:
        iface = ipaddress.IPv4Interface(text)
    except ValueError:
        return None
    return str(iface) if "/" in text else None


def _vlan_list(text: str) -> list[int] | None:
    if not re.fullmatch(r"\d+(-\d+)?(,\d+(-\d+)?)*", text):
        return None
    values: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        first, last = int(low), int(high or low)
        if not 1 <= first <= last <= 4094:
            return None
        values.extend(range(first, last + 1))
    return sorted(set(values))


CHECKERS: dict[str, Callable[[str], object | None]] = {
    "word": lambda t: t,
    "vlan": lambda t: _is_int(t, 1, 4094),
    "priv": lambda t: _is_int(t, 0, 15),
    "int": lambda t: _is_int(t, 0, 2**31),
    "ip": _ip,
    "mask": _mask,
    "prefix": _prefix,
    "vlans": _vlan_list,
}


def _keyword_hits(word: str, keywords: set[str]) -> list[str]:
    lowered = word.lower()
    if lowered in keywords:
        return [lowered]
    return sorted(k for k in keywords if k.startswith(lowered))


def _step(alive: list[Parsed], index: int, token: Token) -> tuple[list[Parsed], bool]:
    """Advance every still-matching rule by one token; say whether the keyword was ambiguous."""
    keywords = {el.word for p in alive if index < len(p.rule.pattern) for el in [p.rule.pattern[index]] if isinstance(el, Keyword)}
    hits = _keyword_hits(token.text, keywords) if not token.quoted else []
    survivors: list[Parsed] = []
    for parsed in alive:
        survivors.extend(_advance(parsed, index, token, hits))
    return survivors, len(hits) > 1


def _advance(parsed: Parsed, index: int, token: Token, hits: list[str]) -> list[Parsed]:
    pattern = parsed.rule.pattern
    if index >= len(pattern):
        return [parsed] if pattern and isinstance(pattern[-1], Rest) else []
    element = pattern[index]
    if isinstance(element, Keyword):
        return [parsed] if hits == [element.word] else []
    if isinstance(element, Rest):
        return [Parsed(parsed.rule, {**parsed.args, element.name: token.start}, parsed.tokens)]
    value = CHECKERS[element.kind](token.text)
    if value is None:
        return []
    return [Parsed(parsed.rule, {**parsed.args, element.name: value}, parsed.tokens)]


def _complete(parsed: Parsed, count: int) -> bool:
    pattern = parsed.rule.pattern
    return len(pattern) == count or (len(pattern) < count and isinstance(pattern[-1], Rest))


def parse(rules: Sequence[Rule], tokens: tuple[Token, ...]) -> Parsed | Failure:
    """Match tokens against rules: the first complete rule wins, else the failure point."""
    alive = [Parsed(r, dict(r.fixed), tokens) for r in rules]
    for index, token in enumerate(tokens):
        survivors, ambiguous = _step(alive, index, token)
        if not survivors:
            return Failure("ambiguous" if ambiguous else "invalid", index, tokens)
        alive = survivors
    for parsed in alive:
        if _complete(parsed, len(tokens)):
            return parsed
    return Failure("incomplete", len(tokens), tokens)


def raw_rest(line: str, start: object) -> str:
    """The raw text of a Rest argument: from its start offset to the end, trailing spaces cut."""
    return line[int(str(start)) :].rstrip()


def compress_numbers(numbers: Sequence[int]) -> str:
    """[10, 40, 99, 100] -> '10,40,99-100'."""
    parts: list[str] = []
    ordered = sorted(set(numbers))
    index = 0
    while index < len(ordered):
        end = index
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        first, last = ordered[index], ordered[end]
        parts.append(str(first) if first == last else f"{first}-{last}")
        index = end + 1
    return ",".join(parts)


def expand_ports(text: str, *, order: Sequence[str]) -> list[str] | None:
    """'1-3,26' -> ['1','2','3','26'] using the device's port order; None when a port is unknown."""
    known = {name.lower(): name for name in order}
    result: list[str] = []
    for part in text.split(","):
        low, dash, high = part.partition("-")
        if low.lower() not in known or (dash and high.lower() not in known):
            return None
        first = order.index(known[low.lower()])
        last = order.index(known[high.lower()]) if dash else first
        if last < first:
            return None
        result.extend(order[first : last + 1])
    return list(dict.fromkeys(result))
