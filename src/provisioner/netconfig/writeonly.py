"""Write-only lines: accepted by the device, never shown in its running config.

They cannot be diffed or verified, so they are kept out of the remediation and pushed
only when their anchor (a visible line they belong to) is being created, or when the
caller asks to rotate secrets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WriteOnlyRule:
    """A hidden line (pattern) and the visible line it belongs to (anchor template)."""

    pattern: re.Pattern[str]
    anchor: str
    before_anchor: bool

    def anchor_for(self, line: str) -> re.Pattern[str] | None:
        match = self.pattern.match(line.strip())
        if match is None:
            return None
        escaped = {k: re.escape(v) for k, v in match.groupdict().items()}
        return re.compile(self.anchor.format(**escaped))


_RULES: dict[str, tuple[WriteOnlyRule, ...]] = {
    "CISCO_IOS": (
        WriteOnlyRule(
            pattern=re.compile(r"^snmp-server user (?P<user>\S+) (?P<group>\S+) v3\b"),
            anchor=r"^snmp-server group {group} v3\b",
            before_anchor=False,
        ),
    ),
    "HP_PROCURVE": (
        WriteOnlyRule(
            pattern=re.compile(r'^snmpv3 user "?(?P<user>[^"\s]+)"?'),
            anchor=r'^snmpv3 group \S+ user "?{user}"?',
            before_anchor=True,
        ),
        WriteOnlyRule(
            pattern=re.compile(r"^password (?P<role>manager|operator) user-name \"?(?P<user>[^\"\s]+)\"? plaintext "),
            # Nothing visible belongs to it: push it with the hostname, i.e. when a switch is
            # provisioned for the first time (or renamed), else only with rotate_secrets.
            anchor=r"^hostname ",
            before_anchor=False,
        ),
    ),
}


@dataclass(frozen=True, slots=True)
class ChildRule:
    """A hidden line inside a block (e.g. a WLAN's PSK); pushed with its block's header."""

    parent: re.Pattern[str]
    pattern: re.Pattern[str]


_CHILD_RULES: dict[str, tuple[ChildRule, ...]] = {
    "CISCO_IOS": (
        # C9800: the PSK is shown encrypted (`ascii 8 ...`), so it can never be diffed.
        ChildRule(parent=re.compile(r"^wlan \S+ \d+ \S.*$"), pattern=re.compile(r"^security wpa psk set-key ")),
    ),
}


@dataclass(frozen=True, slots=True)
class WriteOnlyLine:
    """A hidden line of the intended config and the anchor it is pushed with.

    A child line (`parent` set) goes right after its block header, or, when rotating
    secrets and the block is not pushed anyway, with a copy of that header.
    """

    text: str
    anchor: re.Pattern[str]
    before_anchor: bool
    parent: str | None = None


def split_write_only(*, platform: str, lines: list[str]) -> tuple[list[str], list[WriteOnlyLine]]:
    """Split intended lines into (visible, write-only): top-level rules and child rules."""
    visible: list[str] = []
    hidden: list[WriteOnlyLine] = []
    header = ""
    for line in lines:
        if not line[:1].isspace():
            header = line
        found = _match(platform, line) or _match_child(platform, header, line)
        if found is None:
            visible.append(line)
        else:
            hidden.append(found)
    return visible, hidden


def strip_write_only(*, platform: str, text: str) -> str:
    """The text without write-only lines (a device may start showing them; never diff them)."""
    kept: list[str] = []
    header = ""
    for line in text.splitlines():
        if not line[:1].isspace():
            header = line
        if _match(platform, line) is None and _match_child(platform, header, line) is None:
            kept.append(line)
    return "\n".join(kept)


def _match(platform: str, line: str) -> WriteOnlyLine | None:
    if line[:1].isspace():
        return None
    for rule in _RULES.get(platform, ()):
        anchor = rule.anchor_for(line)
        if anchor is not None:
            return WriteOnlyLine(text=line, anchor=anchor, before_anchor=rule.before_anchor)
    return None


def _match_child(platform: str, header: str, line: str) -> WriteOnlyLine | None:
    if not line[:1].isspace():
        return None
    for rule in _CHILD_RULES.get(platform, ()):
        if rule.pattern.match(line.strip()) and rule.parent.match(header):
            return WriteOnlyLine(text=line, anchor=re.compile(f"^{re.escape(header)}$"), before_anchor=False, parent=header)
    return None


def merge_write_only(*, commands: list[str], hidden: list[WriteOnlyLine], rotate: bool) -> list[str]:
    """Insert each hidden line next to its anchor if the anchor is pushed; all of them if rotate."""
    out = list(commands)
    for item in hidden:
        index = _anchor_index(out, item.anchor)
        if index is None:
            if rotate:
                out.extend([item.parent, item.text] if item.parent else [item.text])
            continue
        out.insert(index if item.before_anchor else index + 1, item.text)
    return out


def _anchor_index(commands: list[str], anchor: re.Pattern[str]) -> int | None:
    for index, command in enumerate(commands):
        if not command[:1].isspace() and anchor.match(command):
            return index
    return None
