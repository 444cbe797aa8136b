"""One controller run: which part of the config each site owns, one transaction per site, AP names.

A controller's config is cut into top-level blocks. A block belongs to
- `("wlan", <profile>)` for `wlan <profile> <id> <ssid>`, the org-wide WLANs;
- `("site", <id>)` for profiles and tags named by `names` (pp_/fp_/st_/pt_<site>), and for
  `ap <mac>` entries whose MAC the registry gives that site, or else whose tags name it;
- nobody, for everything else (global settings, default objects, hand-made objects),
  which provisioner neither compares nor removes.

A run touches only the sites in its scope. A full run (the controller itself is in the play)
also removes what belongs to sites that no longer exist on this controller, and WLANs that
org.yml no longer has.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from provisioner.netconfig.engine import Connect, apply_transactions
from provisioner.netconfig.models import ApplyOptions, ApplyResult, DeviceTarget, NetconfigError, Transaction
from provisioner.netconfig.session import Session, open_netmiko
from provisioner.wlan import names
from provisioner.wlan.removals import guarded_connect

Key = tuple[str, str]
WLANS_UPDATE = "wlans"
ORPHANS = "removed sites"
WLANS_CLEANUP = "removed wlans"

_WLAN = re.compile(r"^wlan (\S+) \d+ \S.*$")
_OBJECT = re.compile(r"^wireless (?:profile (?:policy|flex)|tag (?:policy|site)) (\S+)$")
_AP = re.compile(r"^ap ([0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})$")
_AP_TAG = re.compile(r"^\s+(?:site-tag|policy-tag) (\S+)$")
_SKIP = re.compile(r"^(?:!|end$|Building configuration|Current configuration)")
_SUMMARY_ROW = re.compile(r"^(?P<name>\S+)\s+\d+\s+\S+\s+(?P<mac>[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})\s")


@dataclass(frozen=True, slots=True)
class ControllerRun:
    """What one run does on one controller."""

    sites: Mapping[str, Mapping[str, str]]  # every site of this controller -> {AP MAC (aabb.ccdd.eeff): AP name}
    scope: Sequence[str]  # the sites to converge, in order
    full: bool  # also remove other sites' leftovers and WLANs org.yml no longer has


@dataclass(slots=True)
class ControllerOutcome:
    """Per-transaction results (labels: site ids, WLANS_UPDATE, ...) and the AP renames per site."""

    parts: dict[str, ApplyResult] = field(default_factory=dict)
    renames: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    not_joined: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    rename_error: str = ""

    @property
    def changed(self) -> bool:
        return any(r.changed for r in self.parts.values()) or any(self.renames.values())

    @property
    def failed(self) -> bool:
        return any(r.failed for r in self.parts.values()) or bool(self.rename_error)


class Partitioner:
    """Cuts a controller config into owned parts (the last few texts are cached)."""

    def __init__(self, sites: Mapping[str, Mapping[str, str]]) -> None:
        self._mac_owner = {mac: site for site, aps in sites.items() for mac in aps}
        self._cache: dict[str, dict[Key, list[str]]] = {}

    def parts(self, text: str) -> dict[Key, list[str]]:
        """owner -> its blocks' lines, in config order."""
        cached = self._cache.get(text)
        if cached is None:
            if len(self._cache) >= 4:
                self._cache.pop(next(iter(self._cache)))
            cached = self._cache[text] = self._split(text)
        return cached

    def _split(self, text: str) -> dict[Key, list[str]]:
        out: dict[Key, list[str]] = defaultdict(list)
        for block in _config_blocks(text):
            owner = self._owner(block)
            if owner is not None:
                out[owner].extend(block)
        return dict(out)

    def _owner(self, block: list[str]) -> Key | None:
        header = block[0]
        if match := _WLAN.match(header):
            return ("wlan", match.group(1)) if names.owns_wlan(match.group(1)) else None
        if match := _OBJECT.match(header):
            site = names.owner_of(match.group(1))
            return ("site", site) if site else None
        if match := _AP.match(header):
            site = self._mac_owner.get(match.group(1))
            if site is None:
                tags = (names.owner_of(m.group(1)) for m in map(_AP_TAG.match, block[1:]) if m)
                site = next((t for t in tags if t), None)
            return ("site", site) if site else None
        return None

    def view(self, select: Callable[[Key], bool]) -> Callable[[str], str]:
        """A transaction's view: the lines of the owners `select` accepts."""

        def _view(text: str) -> str:
            return "\n".join(line for key, lines in self.parts(text).items() if select(key) for line in lines)

        return _view


def transactions(run: ControllerRun, intended: str) -> list[Transaction]:
    """WLANs first (add and update only), then one per site in scope, then (full runs) the cleanups."""
    part = Partitioner(run.sites)
    wanted = part.parts(intended)
    unowned = len(_config_blocks(intended)) - sum(1 for lines in wanted.values() for line in lines if not line[:1].isspace())
    if unowned:
        raise NetconfigError(
            f"{unowned} block(s) of the intended config belong to no site or WLAN (object names must follow provisioner.wlan.names)"
        )
    wlans = {name for kind, name in wanted if kind == "wlan"}
    known = set(run.sites)

    def text(select: Callable[[Key], bool]) -> str:
        return part.view(select)(intended)

    update = part.view(lambda k: k[0] == "wlan" and k[1] in wlans)
    out = [Transaction(WLANS_UPDATE, text(lambda k: k[0] == "wlan"), update, shut_for_security)]
    for site in run.scope:
        out.append(Transaction(site, text(_owned_by(site)), part.view(_owned_by(site))))
    if run.full:
        out.append(Transaction(ORPHANS, "", part.view(lambda k: k[0] == "site" and k[1] not in known)))
        out.append(Transaction(WLANS_CLEANUP, text(lambda k: k[0] == "wlan"), part.view(lambda k: k[0] == "wlan")))
    return out


def _config_blocks(text: str) -> list[list[str]]:
    """Top-level blocks (header and children, trailing blanks cut) without the device's framing."""
    lines = [line.rstrip() for line in text.splitlines()]
    return [block for block in _blocks(lines) if not _SKIP.match(block[0])]


def shut_for_security(running: str, commands: list[str]) -> list[str]:
    """C9800: an enabled WLAN takes security changes only while shut.

    A command block for a WLAN that is enabled in `running` and changes a security line gets
    `shutdown` right after its header and `no shutdown` at its end. New WLANs are created shut
    and the template enables them last, so they need nothing.
    """
    enabled = {block[0] for block in _blocks(running.splitlines()) if _WLAN.match(block[0]) and " shutdown" not in block[1:]}
    out: list[str] = []
    for block in _blocks(commands):
        body = [line.strip() for line in block[1:]]
        touches = any(line.startswith(("security ", "no security ")) for line in body)
        if block[0] in enabled and touches and not {"shutdown", "no shutdown"} & set(body):
            indent = block[1][: len(block[1]) - len(block[1].lstrip())]
            block = [block[0], f"{indent}shutdown", *block[1:], f"{indent}no shutdown"]
        out.extend(block)
    return out


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    for line in lines:
        if line[:1].isspace() and blocks:
            blocks[-1].append(line)
        elif line.strip():
            blocks.append([line])
    return blocks


def _owned_by(site: str) -> Callable[[Key], bool]:
    return lambda key: key == ("site", site)


def apply_controller(
    *, target: DeviceTarget, intended: str, run: ControllerRun, options: ApplyOptions, connect: Connect = open_netmiko
) -> ControllerOutcome:
    """Converge the sites in scope on one controller over one SSH session; see the module docstring."""
    txs = transactions(run, intended)
    outcome = ControllerOutcome()
    wanted = {mac: (site, run.sites[site][mac]) for site in run.scope for mac in run.sites[site]}

    def finish(session: Session) -> None:
        _rename_aps(session, wanted, outcome, check=options.check)

    known = set(run.sites)

    def converged(key: Key) -> bool:
        return run.full if key[0] == "wlan" or key[1] not in known else key[1] in run.scope

    guarded = guarded_connect(
        connect, parts=Partitioner(run.sites).parts, converged=converged, intended=intended, allow=options.allow_removals
    )
    # The guard counted device-wide before the first push; the engine's per-transaction count would see each part alone.
    engine_options = replace(options, allow_removals=True)
    results = apply_transactions(target=target, transactions=txs, options=engine_options, connect=guarded, finish=finish)
    outcome.parts = {tx.label: result for tx, result in zip(txs, results, strict=True)}
    return outcome


def joined_aps(summary: str) -> dict[str, str]:
    """`show ap summary` -> {MAC: AP name}."""
    return {m.group("mac"): m.group("name") for m in map(_SUMMARY_ROW.match, summary.splitlines()) if m}


def _rename_aps(session: Session, wanted: Mapping[str, tuple[str, str]], outcome: ControllerOutcome, *, check: bool) -> None:
    """Give every joined AP of the scope its registry name (exec mode); in check mode only report.

    A name still held by an AP the registry no longer has (the broken one a new AP replaced)
    is freed first: that AP goes back to its factory name AP<MAC>.
    """
    if not wanted:
        return
    try:
        current = joined_aps(session.command("show ap summary"))
        holders = {name: mac for mac, name in current.items()}
        sent: list[str] = []
        for mac, (site, name) in wanted.items():
            if mac not in current:
                outcome.not_joined[site].append(name)
                continue
            if current[mac] == name:
                continue
            commands = [f"ap name {current[mac]} name {name}"]
            holder = holders.get(name)
            if holder is not None and holder not in wanted:
                commands.insert(0, f"ap name {name} name AP{holder.upper()}")
            outcome.renames[site].extend(commands)
            sent.extend(commands)
        if sent and not check:
            session.commands(sent)
    except NetconfigError as exc:
        outcome.rename_error = f"renaming APs failed: {exc}"
