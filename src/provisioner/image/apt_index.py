"""Does a package exist? Checked against the mirror's Packages index, fetched once a day and cached."""

from __future__ import annotations

import hashlib
import json
import lzma
import platform
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from provisioner.image.errors import ImageError

COMPONENTS = ("main", "contrib", "non-free-firmware")
MAX_AGE_SECONDS = 24 * 3600
_ARCHES = {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "armhf", "i686": "i386"}
_PACKAGE = re.compile(rb"^Package: (\S+)$", re.M)


@dataclass(frozen=True)
class IndexSource:
    """Which index: mirror URL, suite, architecture and components."""

    mirror: str
    suite: str
    arch: str
    components: tuple[str, ...] = COMPONENTS

    def urls(self) -> list[str]:
        base = self.mirror.rstrip("/")
        return [f"{base}/dists/{self.suite}/{c}/binary-{self.arch}/Packages.xz" for c in self.components]

    def cache_name(self) -> str:
        key = hashlib.sha256(f"{self.mirror}|{self.suite}|{self.arch}|{','.join(self.components)}".encode()).hexdigest()[:12]
        return f"{self.suite}-{self.arch}-{key}.json"


def host_arch() -> str:
    """The Debian architecture name of this machine."""
    machine = platform.machine()
    return _ARCHES.get(machine, machine)


def parse_packages(*, data: bytes) -> set[str]:
    """The package names in an (uncompressed) Packages file."""
    return {m.decode() for m in _PACKAGE.findall(data)}


def missing(*, wanted: Iterable[str], known: set[str]) -> list[str]:
    """The wanted names that are not in the index (an `:arch` qualifier is ignored), in order."""
    return [name for name in wanted if name.split(":", 1)[0] not in known]


def package_names(*, source: IndexSource, cache_dir: Path, max_age: float = MAX_AGE_SECONDS) -> set[str]:
    """Every package name of the source, from the cache if it is fresh, else from the mirror."""
    cache = cache_dir / source.cache_name()
    cached = _read_cache(cache, max_age)
    if cached is not None:
        return cached
    names: set[str] = set()
    for url in source.urls():
        names |= parse_packages(data=lzma.decompress(_fetch(url)))
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_text(json.dumps({"fetched": time.time(), "urls": source.urls(), "names": sorted(names)}), encoding="utf-8")
    tmp.replace(cache)
    return names


def _read_cache(cache: Path, max_age: float) -> set[str] | None:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if time.time() - float(data.get("fetched", 0)) > max_age:
        return None
    return set(data["names"])


def _fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - the mirror is http(s) by design
            body: bytes = response.read()
            return body
    except (urllib.error.URLError, OSError) as exc:
        raise ImageError([f"cannot fetch the package index {url}: {exc} (fix: check the mirror (--mirror) and the network)"]) from exc
