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
class WriteOnlyLine:
    """A hidden line of the intended config and the anchor it is pushed with."""

    text: str
    anchor: re.Pattern[str]
    before_anchor: bool


def split_write_only(*, platform: str, lines: list[str]) -> tuple[list[str], list[WriteOnlyLine]]:
    """Split intended lines into (visible, write-only); write-only lines must be top level."""
    visible: list[str] = []
    hidden: list[WriteOnlyLine] = []
    for line in lines:
        found = _match(platform, line)
        if found is None:
            visible.append(line)
        else:
            hidden.append(found)
    return visible, hidden


def strip_write_only(*, platform: str, text: str) -> str:
    """The text without write-only lines (a device may start showing them; never diff them)."""
    return "\n".join(ln for ln in text.splitlines() if _match(platform, ln) is None)


def _match(platform: str, line: str) -> WriteOnlyLine | None:
    if line[:1].isspace():
        return None
    for rule in _RULES.get(platform, ()):
        anchor = rule.anchor_for(line)
        if anchor is not None:
            return WriteOnlyLine(text=line, anchor=anchor, before_anchor=rule.before_anchor)
    return None


def merge_write_only(*, commands: list[str], hidden: list[WriteOnlyLine], rotate: bool) -> list[str]:
    """Insert each hidden line next to its anchor if the anchor is pushed; all of them if rotate."""
    out = list(commands)
    for item in hidden:
        index = _anchor_index(out, item.anchor)
        if index is None:
            if rotate:
                out.append(item.text)
            continue
        out.insert(index if item.before_anchor else index + 1, item.text)
    return out


def _anchor_index(commands: list[str], anchor: re.Pattern[str]) -> int | None:
    for index, command in enumerate(commands):
        if not command[:1].isspace() and anchor.match(command):
            return index
    return None
