"""Pure helpers the device templates use, and their Jinja filter wrappers.

`jinja_filters()` is what both plugins/filter/netconfig.py (Ansible's template engine) and
provisioner.netconfig.template (the net_config action's own renderer) register.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from provisioner.netconfig.ciscohash import new_salt, type9
from provisioner.netconfig.md5crypt import derive_salt, md5_crypt
from provisioner.platforms import compress_ports


def ios_secret5(*, password: str, device: str, user: str) -> str:
    """`$1$<salt>$<hash>` with a salt derived from device and user, so renders are stable."""
    return md5_crypt(password=password, salt=derive_salt(device=device, user=user))


def ios_secret9(*, password: str, device: str, user: str) -> str:
    """`$9$<salt>$<scrypt>` (IOS type 9) with a salt derived from device and user, so renders are stable."""
    return type9(password=password, salt=new_salt(seed=f"{device}:{user}"))


def number_ranges(*, numbers: Iterable[int]) -> str:
    """[10, 40, 99, 100] -> '10,40,99-100' (how IOS prints allowed VLAN lists)."""
    ordered = sorted({int(n) for n in numbers})
    parts: list[str] = []
    start = 0
    for index, value in enumerate(ordered):
        if index + 1 < len(ordered) and ordered[index + 1] == value + 1:
            continue
        first = ordered[start]
        parts.append(str(first) if first == value else f"{first}-{value}")
        start = index + 1
    return ",".join(parts)


def port_ranges(*, ports: Iterable[str], order: Sequence[str]) -> str:
    """['1','2','3','26'] -> '1-3,26': ProCurve port lists, runs within one prefix, device order."""
    return compress_ports(ports, order=order)


def cisco_mac(mac: str) -> str:
    """aa:bb:cc:dd:ee:ff -> aabb.ccdd.eeff (how IOS-XE writes MACs)."""
    digits = mac.replace(":", "").lower()
    return f"{digits[0:4]}.{digits[4:8]}.{digits[8:12]}"


# The Ansible collection that offers these filters (plugins/filter/netconfig.py); templates call them by FQCN.
COLLECTION = "schulit.provisioner"


def jinja_filters() -> dict[str, Callable[..., str]]:
    """The template filters, taking whatever Jinja hands them (tagged or lazy strings, ints)."""
    return {
        "ios_secret5": lambda password, device, user: ios_secret5(password=str(password), device=str(device), user=str(user)),
        "ios_secret9": lambda password, device, user: ios_secret9(password=str(password), device=str(device), user=str(user)),
        "vlan_ranges": lambda numbers: number_ranges(numbers=[int(n) for n in numbers]),
        "port_ranges": lambda ports, order: port_ranges(ports=[str(p) for p in ports], order=[str(o) for o in order]),
        "cisco_mac": lambda mac: cisco_mac(str(mac)),
    }
