"""The one guard where values meet text: what a device CLI line or a client file can hold.

Every renderer calls it: the registry's string types (at load), the Jinja environment of the
device templates (its `finalize` hook, on each interpolated value) and the inventory builder
(on every host variable that Ansible's client templates and tasks read). A value that would
add a line, hide a control character or hold a character the platform's CLI cannot take is
refused where it meets the text, whichever field it came from.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from provisioner.errors import ProvisionerError
from provisioner.platforms import PLATFORMS

# Cc: C0/C1 controls (newline, tab, escape, NEL), Zl/Zp: U+2028/U+2029, Cf: bidi overrides, zero-width.
_REFUSED_CATEGORIES = {"Cc": "a control character", "Zl": "a line separator", "Zp": "a paragraph separator", "Cf": "a format character"}


class UnsafeTextError(ProvisionerError):
    """A value cannot be written into a device config or client file as it is."""

    def __init__(self, problem: str, value: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.value = value


def _named(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def text_problem(value: str) -> str | None:
    """Why `value` cannot be one line of a config or client file, or None when it can."""
    for char in value:
        kind = _REFUSED_CATEGORIES.get(unicodedata.category(char))
        if kind is not None:
            what = "a line break" if char in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029" else kind
            return f"holds {what} ({_named(char)})"
    return None


def device_text_problem(value: str, *, platform: str | None) -> str | None:
    """text_problem, plus the characters the platform's CLI cannot take (platforms.py)."""
    problem = text_problem(value)
    spec = PLATFORMS.get(platform or "")
    if problem is not None or spec is None:
        return problem
    if spec.cli_ascii_only and not value.isascii():
        return f"holds non-ASCII characters, which {spec.name} cannot take (write ae/oe/ue/ss for umlauts)"
    bad = sorted({c for c in value if c in spec.cli_refused})
    if bad:
        return f"holds {', '.join(repr(c) for c in bad)}, which {spec.name} cannot take in a config line"
    return None


def check_text(value: str, *, platform: str | None = None) -> str:
    """`value`, or UnsafeTextError saying why it cannot be written."""
    problem = device_text_problem(value, platform=platform)
    if problem is not None:
        raise UnsafeTextError(problem, value)
    return value


def finalize_for(platform_of: Callable[[Any], str | None]) -> Callable[[Any, Any], Any]:
    """A Jinja `finalize` (use with jinja2.pass_context): every `{{ }}` value passes check_text.

    `platform_of(context)` picks the platform whose CLI limits apply (None: line checks only).
    None renders as '' (as Ansible does).
    """

    def finalize(context: Any, value: Any) -> Any:
        if value is None:
            return ""
        text = value if isinstance(value, str) else str(value)
        check_text(text, platform=platform_of(context))
        return value

    return finalize


def find_value(variables: Mapping[str, Any], value: str) -> str | None:
    """The path of the first variable ('device_ports[3].description') that holds or contains `value`."""
    for path, text in walk_strings(variables):
        if text == value or value in text:
            return path
    return None


def walk_strings(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in nested dicts and lists (keys included), with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, Mapping):
        for key, item in data.items():
            sub = f"{path}.{key}" if path else str(key)
            if isinstance(key, str):
                yield sub, key
            yield from walk_strings(item, sub)
    elif isinstance(data, (list, tuple)):
        for index, item in enumerate(data):
            yield from walk_strings(item, f"{path}[{index}]")


def unsafe_strings(data: Mapping[str, Any]) -> list[str]:
    """'path: problem' for every string in `data` that fails text_problem."""
    out = []
    for path, text in walk_strings(data):
        problem = text_problem(text)
        if problem is not None:
            out.append(f"{path} {problem}")
    return out
