"""The real running configs of tests/fixtures/real, prepared for the lab: an account added, spread over demo hosts."""

from __future__ import annotations

import hashlib
from pathlib import Path

from provisioner.netconfig.ciscohash import new_salt, type9
from tests.conftest import FIXTURES

REAL = FIXTURES / "real"


def with_account(text: str, platform: str, *, user: str, password: str) -> str:
    """The seed plus a login as a hashed line after `hostname`, replacing a seed line for the same account
    (ArubaOS-Switch has one manager account: ours replaces the seed's)."""
    lines = text.split("\n")
    if platform == "aruba_osswitch":
        digest = hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest()
        lines = [line for line in lines if not line.startswith("password manager")]
        account = f'password manager user-name "{user}" sha1 "{digest}"'
    else:
        lines = [line for line in lines if not line.startswith(f"username {user} ")]
        account = f"username {user} privilege 15 secret 9 {type9(password=password, salt=new_salt(seed=user))}"
    anchor = next(i for i, line in enumerate(lines) if line.startswith("hostname"))
    return "\n".join([*lines[: anchor + 1], account, *lines[anchor + 1 :]])


def batches(hosts: dict[str, list[str]]) -> list[dict[str, tuple[str, Path]]]:
    """[{host: (platform, corpus file)}]: every corpus file of each platform on one of its hosts, as few lab starts as can be."""
    files = {platform: sorted((REAL / platform).glob("*.cfg")) for platform in hosts}
    count = max(-(-len(found) // len(hosts[platform])) for platform, found in files.items())
    result: list[dict[str, tuple[str, Path]]] = [{} for _ in range(count)]
    for platform, found in files.items():
        for index, path in enumerate(found):
            names = hosts[platform]
            result[index // len(names)][names[index % len(names)]] = (platform, path)
    return result
