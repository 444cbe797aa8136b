"""Who may log in to a lab device, and which interface and route carry the administrator's session.

Logins follow the device's running config, checked the way the device checks them: on IOS and the
C9800 a `username` line with `password 0|7` or `secret 5|8|9` (see `netconfig.ciscohash`), on
ArubaOS-Switch the manager (or operator) user name and password. A device whose config has no local
account yet is a factory-default device: it accepts the lab's own login from its spec, which stands
in for the console or day-0 bootstrap a real switch is first reached through.

The management path is the interface block holding the management address (the registry's, or on a
seeded device the first VLAN interface with an address) and the default route or gateway. When a
change removes, shuts or readdresses that interface or removes that route, the device cuts every
session and refuses logins until `reload`, as a real switch does for an administrator who cut the
branch they were sitting on.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Any

from provisioner.lab.seed import Node, parse_tree
from provisioner.netconfig.ciscohash import verify

_IOS_USER = re.compile(r"^username (\S+)(?: privilege \d+)?(?: view \S+)?(?: algorithm-type \S+)? (password|secret) (?:([0-9]) )?(\S+)")
_ADDRESS = re.compile(r"^\s*ip address (\S+)(?: (\S+))?")
_ROUTE = re.compile(r"^(ip default-gateway \S+|ip route (vrf \S+ )?0\.0\.0\.0 0\.0\.0\.0 .+)$")


def ios_accounts(text: str) -> dict[str, tuple[str, str]]:
    """username -> (storage type, stored value) from the `username` lines of a printed IOS config."""
    accounts: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        match = _IOS_USER.match(line)
        if match:
            name, how, kind, stored = match.groups()
            accounts[name] = (kind or ("0" if how == "password" else "5"), stored)
    return accounts


def ios_login_ok(*, text: str, username: str, password: str) -> bool | None:
    """True/False for an IOS-style config with local users; None when it has none (factory login)."""
    accounts = ios_accounts(text)
    if not accounts:
        return None
    found = accounts.get(username)
    return found is not None and verify(kind=found[0], stored=found[1], password=password)


def procurve_login_ok(*, config: Any, username: str, password: str) -> bool | None:
    """The manager account of an ArubaOS-Switch config (user name and SHA-1 digest), None without one."""
    managers: dict[str, str] = getattr(config, "managers", {})
    if not managers:
        return None
    digest = hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest()
    return any(user == username and hmac.compare_digest(stored, digest) for user, stored in managers.items())


@dataclass(frozen=True)
class MgmtPath:
    """The block that carries the management session, its address, and the route back to the control node."""

    block: str | None = None
    address: str | None = None
    route: str | None = None

    @property
    def established(self) -> bool:
        return self.block is not None


def _addressed_blocks(tree: list[Node]) -> list[tuple[str, str, bool]]:
    """(header, address, shut down) of every top-level block with an `ip address` line."""
    found: list[tuple[str, str, bool]] = []
    for node in tree:
        for child in node.children:
            match = _ADDRESS.match(child.text)
            if match and match.group(1) != "address":
                shut = any(c.key == "shutdown" for c in node.children)
                found.append((node.key, match.group(1), shut))
                break
    return found


def _routes(tree: list[Node]) -> list[str]:
    return [node.key for node in tree if _ROUTE.match(node.key)]


def _is_vlan_block(header: str) -> bool:
    return header.lower().startswith(("interface vlan", "vlan "))


def establish(*, text: str, current: MgmtPath, address: str | None, seeded: bool) -> MgmtPath:
    """Fill in what is not known yet: the management block and the route.

    The block holds the management address (an address, or `dhcp-bootp` for a device reached over its DHCP address);
    a seeded device without it uses its first VLAN interface with an address; a device with neither has none.
    """
    tree = parse_tree(text)
    path = current
    if not path.established:
        blocks = _addressed_blocks(tree)
        chosen = [b for b in blocks if b[1] == address]
        if not chosen and seeded:
            chosen = [b for b in blocks if _is_vlan_block(b[0])]
        if chosen and not chosen[0][2]:
            path = MgmtPath(block=chosen[0][0], address=chosen[0][1], route=path.route)
    if path.established and path.route is None:
        routes = _routes(tree)
        if routes:
            path = MgmtPath(block=path.block, address=path.address, route=routes[0])
    return path


def broken(*, text: str, path: MgmtPath) -> str | None:
    """Why the management path no longer works in this config, or None while it does."""
    if not path.established:
        return None
    tree = parse_tree(text)
    blocks = {header: (address, shut) for header, address, shut in _addressed_blocks(tree)}
    state = blocks.get(str(path.block))
    if state is None:
        return f"{path.block} no longer holds {path.address}"
    if state[0] != path.address:
        return f"{path.block} was readdressed from {path.address} to {state[0]}"
    if state[1]:
        return f"{path.block} was shut down"
    if path.route is not None and path.route not in _routes(tree):
        return f"the route '{path.route}' was removed"
    return None
