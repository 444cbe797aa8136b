"""Replace every secret with `********` before text leaves the engine.

Two layers: exact values (passwords handed in, values found in secret-bearing lines)
and patterns for secret-bearing syntax on both platforms, so a secret we were never
told about (a hash on the device, a key typed by hand) is masked as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MASK = "********"
_MIN_SECRET_LEN = 4

# Each pattern's group "s" is the secret; the rest of the match stays readable.
_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(?:secret|password)\s+\d{1,2}\s+(?P<s>\S+)",
        r"\b(?:secret|password)\s+(?!\d{1,2}\s|manager\b|operator\b|port-access\b)(?P<s>[^\s\"]+)",
        r"\b(?:auth|priv)\s+(?:md5|sha\S*|aes\s*\d*|des\S*|3des)\s+(?P<s>\"[^\"]*\"|\S+)",
        r"\bset-key\s+ascii\s+\d\s+(?P<s>[^\n]+)",  # a PSK may hold spaces: to the end of the line
        r"\b(?:sha1|sha256|md5|plaintext|encrypted-key|(?<!-)key)\s+(?P<s>\"[^\"]*\"|\S+)",
        r"\bcommunity\s+(?P<s>\"[^\"]*\"|\S+)",
        r"\$\d\$(?P<s>[./0-9A-Za-z]{1,16}\$[./0-9A-Za-z]{1,86})",
    )
)


@dataclass(frozen=True, slots=True)
class Masker:
    """Masks known secret values and secret-bearing syntax in any text."""

    values: tuple[str, ...] = ()

    def with_values(self, values: Iterable[str]) -> Masker:
        """A masker that also hides these exact values (short or empty ones are ignored)."""
        found = {v for v in values if v and len(v) >= _MIN_SECRET_LEN}
        merged = sorted(found | set(self.values), key=len, reverse=True)
        return Masker(values=tuple(merged))

    def mask(self, text: str) -> str:
        """Return text with every known value and every secret-bearing field masked."""
        for value in self.values:
            text = text.replace(value, MASK)
        for pattern in _PATTERNS:
            text = pattern.sub(_mask_group, text)
        return text

    def mask_lines(self, lines: Iterable[str]) -> list[str]:
        """Mask each line."""
        return [self.mask(line) for line in lines]


def _mask_group(match: re.Match[str]) -> str:
    start, end = match.span("s")
    if match.group("s") == MASK or match.group("s") == f'"{MASK}"':
        return match.group(0)
    offset = match.start()
    masked = f'"{MASK}"' if match.group("s").startswith('"') else MASK
    return match.group(0)[: start - offset] + masked + match.group(0)[end - offset :]


def secret_values(lines: Iterable[str]) -> list[str]:
    """The raw secret fields found by the patterns (quotes stripped), to mask them anywhere."""
    found: list[str] = []
    for line in lines:
        for pattern in _PATTERNS:
            found.extend(m.group("s").strip('"') for m in pattern.finditer(line))
    return found
