"""Intended vs running with hier_config: the lines to send, and what the device will look like.

hier_config is imported inside the functions so that importing the engine stays cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from provisioner.netconfig.models import NetconfigError

if TYPE_CHECKING:
    from hier_config import HConfig, MatchRule


@dataclass(frozen=True, slots=True)
class Remediation:
    """The commands that take running to intended, in push order, and the predicted result."""

    commands: list[str]
    future: str | None


# What devices print around the config itself (hier_config ignores these lines as well).
_NOT_CONFIG = re.compile(r"^(?:!|end$|Building configuration|Current configuration|version |Running configuration:|;)")


def _config_lines(text: str) -> list[str]:
    return [ln.rstrip() for ln in text.splitlines() if ln.strip() and not _NOT_CONFIG.match(ln)]


def remediation(*, platform: str, running: str, intended: str, predict: bool = False) -> Remediation:
    """Compute the remediation from running to intended; with predict, also the future config.

    Fast path: when running already is the intended text line for line (the no-op of a rollout),
    there is nothing to send and hier_config is not needed.
    """
    if not predict and _config_lines(running) == _config_lines(intended):
        return Remediation(commands=[], future=None)
    run_hc = _parse(platform, running)
    want_hc = _parse(platform, intended)
    remedy = run_hc.config_to_get_to(want_hc).set_order_weight()
    commands = _commands(platform, remedy)
    future = "\n".join(run_hc.future(remedy).dump_simple()) if predict else None
    return Remediation(commands=commands, future=future)


def normalized(*, platform: str, text: str) -> str:
    """The config as hier_config sees it (for before/after diffs that line up)."""
    return "\n".join(_parse(platform, text).dump_simple())


# Lines a device replaces in place: send the new value, never `no <old>` first (one prefix per
# level; "re:" marks a regex whose groups are the identity, e.g. one key per user name).
_REPLACE_IN_PLACE: dict[str, tuple[tuple[str, ...], ...]] = {
    "CISCO_IOS": (
        ("hostname ",),
        ("ip domain name ",),
        ("spanning-tree mode ",),
        (r"re:^username (\S+) ",),
        (r"re:^snmp-server group (\S+) v3 ",),
        ("ip default-gateway ",),
        ("snmp-server location ",),
        ("snmp-server contact ",),
        ("interface ", "switchport access vlan "),
        ("interface ", "switchport trunk native vlan "),
        ("interface ", "switchport trunk allowed vlan "),
        ("line ", "login"),
        ("line ", "transport input "),
        # C9800 wireless objects (the IOS-XE driver is shared with the switches).
        ("ap ", "policy-tag "),
        ("ap ", "site-tag "),
        ("ap ", "rf-tag "),
        ("wireless profile policy ", "vlan "),
        ("wireless profile policy ", "description "),
        ("wireless profile flex ", "description "),
        ("wireless profile flex ", "native-vlan-id "),
        ("wireless tag ", "description "),
        ("wireless tag site ", "flex-profile "),
        ("wireless tag policy ", r"re:^wlan (\S+) policy "),
        ("wlan ", "security dot1x authentication-list "),
        ("wlan ", "security web-auth parameter-map "),
    ),
    "HP_PROCURVE": (
        ("hostname ",),
        ("ip default-gateway ",),
        ("snmp-server location ",),
        ("snmp-server contact ",),
        ("vlan ", "name "),
        ("vlan ", "ip address "),
        (r"re:^ntp server (\S+)",),
        ("timesync ",),
    ),
}
_DRIVERS: dict[str, object] = {}


def _driver(platform: str) -> object:
    """The hier_config driver for platform, with our replace-in-place rules added (cached)."""
    if platform not in _DRIVERS:
        from hier_config import MatchRule, Platform, get_hconfig_driver
        from hier_config.models import IdempotentCommandsRule, OrderingRule

        driver = get_hconfig_driver(Platform[platform])
        for prefixes in _REPLACE_IN_PLACE.get(platform, ()):
            rule = IdempotentCommandsRule(match_rules=tuple(_match_rule(p) for p in prefixes))
            driver.rules.idempotent_commands.append(rule)
        # VTP mode before any VLAN (in server/client mode VLAN lines go to vlan.dat), then VLANs.
        driver.rules.ordering.append(OrderingRule(match_rules=(MatchRule(startswith="vtp mode "),), weight=-30))
        # VLANs first: ports can only join VLANs that exist.
        driver.rules.ordering.append(OrderingRule(match_rules=(MatchRule(startswith="vlan "),), weight=-20))
        # Purged VLANs last: after every port has left them.
        driver.rules.ordering.append(OrderingRule(match_rules=(MatchRule(startswith="no vlan "),), weight=800))
        # C9800: delete APs (weight 500) before the tags they use, tags before profiles and WLANs.
        driver.rules.ordering.append(OrderingRule(match_rules=(MatchRule(startswith="no wireless tag "),), weight=600))
        driver.rules.ordering.append(OrderingRule(match_rules=(MatchRule(startswith=("no wireless profile ", "no wlan ")),), weight=700))
        _DRIVERS[platform] = driver
    return _DRIVERS[platform]


def _match_rule(prefix: str) -> MatchRule:
    from hier_config import MatchRule

    if prefix.startswith("re:"):
        return MatchRule(re_search=prefix.removeprefix("re:"))
    return MatchRule(startswith=prefix)


def _parse(platform: str, text: str) -> HConfig:
    from hier_config import get_hconfig

    try:
        return get_hconfig(_driver(platform), text)  # type: ignore[arg-type]
    except KeyError as exc:
        known = "CISCO_IOS, HP_PROCURVE"
        raise NetconfigError(f"device_hier_platform '{platform}' is not supported (expected one of {known})") from exc
    except ValueError as exc:
        raise NetconfigError(f"could not parse the {platform} config: {exc}") from exc


# ArubaOS-Switch prints a set password as a bare `password manager|operator` line (without
# include-credentials); the intended config holds the write-only `... plaintext` form instead, so the
# bare line is never something to remove.
_PROCURVE_PASSWORD_ECHO = re.compile(r"^no password (manager|operator)$")


def _commands(platform: str, remedy: HConfig) -> list[str]:
    lines = list(remedy.dump_simple())
    if platform == "HP_PROCURVE":
        lines = [line for line in _procurve_port_moves(lines) if not _PROCURVE_PASSWORD_ECHO.match(line)]
    return lines


def _procurve_port_moves(lines: list[str]) -> list[str]:
    """Drop `no untagged vlan X` where the same port gets `untagged vlan Y`: the move does it."""
    out: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line[:1].isspace():
            block.append(line)
            continue
        out.extend(_clean_block(block))
        block = [line] if line else []
    return out


def _clean_block(block: list[str]) -> list[str]:
    if not block or not block[0].startswith("interface "):
        return block
    body = [b.strip() for b in block[1:]]
    moves = any(b.startswith("untagged vlan ") for b in body)
    kept = [block[0], *(b for b in block[1:] if not (moves and b.strip().startswith("no untagged vlan ")))]
    return kept if len(kept) > 1 else []
