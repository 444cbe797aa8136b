"""Which Debian mirror to use: --mirror, $PROVISIONER_DEBIAN_MIRROR, else the one this machine's apt uses."""

from __future__ import annotations

import os
import re
from pathlib import Path

DEFAULT_MIRROR = "http://deb.debian.org/debian"
_ONE_LINE = re.compile(r"^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)", re.M)


def sources_mirrors(*, text: str) -> list[tuple[str, str]]:
    """(uri, suite) pairs from a sources.list (one-line) or .sources (deb822) text."""
    pairs = [(m[0], m[1]) for m in _ONE_LINE.findall(text)]
    for stanza in re.split(r"\n\s*\n", text):
        fields = _deb822(stanza)
        if "deb" in fields.get("types", "").split():
            pairs += [(uri, suite) for uri in fields.get("uris", "").split() for suite in fields.get("suites", "").split()]
    return pairs


def _deb822(stanza: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in stanza.splitlines():
        if line.startswith("#") or ":" not in line or line[:1].isspace():
            continue
        key, value = line.split(":", 1)
        fields[key.strip().lower()] = value.strip()
    return fields


def debian_mirror(*, override: str | None = None, etc_apt: Path = Path("/etc/apt")) -> str:
    """The mirror for debootstrap and the package check."""
    if override:
        return override.rstrip("/")
    env = os.environ.get("PROVISIONER_DEBIAN_MIRROR")
    if env:
        return env.rstrip("/")
    parts = etc_apt / "sources.list.d"
    files = [etc_apt / "sources.list", *sorted(parts.glob("*.list")), *sorted(parts.glob("*.sources"))]
    for file in files:
        text = file.read_text(encoding="utf-8", errors="replace") if file.is_file() else ""
        for uri, suite in sources_mirrors(text=text):
            if uri.rstrip("/").endswith("/debian") and "-" not in suite:
                return uri.rstrip("/")
    return DEFAULT_MIRROR


def security_mirror(*, mirror: str) -> str:
    """The security archive next to a mirror (deb.debian.org/debian -> deb.debian.org/debian-security)."""
    env = os.environ.get("PROVISIONER_DEBIAN_SECURITY_MIRROR")
    if env:
        return env.rstrip("/")
    return mirror + "-security" if mirror.endswith("/debian") else "http://deb.debian.org/debian-security"
