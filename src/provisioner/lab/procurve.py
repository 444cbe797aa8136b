"""Exec commands of a simulated HPE Aruba OS-Switch (ProCurve), and its grammar object."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from provisioner.lab import procurve_commands, procurve_context
from provisioner.lab.engine import Ctx, Device, Reply, Session
from provisioner.lab.parser import Failure, Parsed, Rule, rule
from provisioner.lab.procurve_config import PcConfig, adopt_ports, factory_config, product, render_config

Action = Callable[[Ctx, dict[str, Any]], Reply]

_ANYWHERE = [
    rule("show running-config", "show_running"),
    rule("show config", "show_startup"),
    rule("show version", "show_version"),
    rule("write memory", "save"),
    rule("no page", "noop"),
    rule("page", "noop"),
    rule("terminal width <n:int>", "noop"),
    rule("terminal length <n:int>", "noop"),
]

EXEC_RULES = [
    rule("enable", "noop"),
    rule("configure", "configure"),
    rule("configure terminal", "configure"),
    rule("reload", "reload"),
    rule("logout", "logout"),
    rule("exit", "logout"),
    *_ANYWHERE,
]

CONFIG_RULES = [*procurve_commands.CONFIG_RULES, *_ANYWHERE, rule("exit", "end"), rule("end", "end")]


def _noop(ctx: Ctx, args: dict[str, Any]) -> Reply:
    return Reply()


def _configure(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ctx.session.mode = ("config",)
    return Reply()


def _show_running(ctx: Ctx, args: dict[str, Any]) -> Reply:
    return Reply(ctx.device.show("running"))


def _show_startup(ctx: Ctx, args: dict[str, Any]) -> Reply:
    return Reply(ctx.device.show("startup"))


def _show_version(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _, release = product(ctx.device.spec.model)
    return Reply(
        f"Image stamp:    /ws/swbuildm/rel_ukiah_qaoff/code/build/bom(swbuildm_rel_ukiah_qaoff_rel_ukiah)\n"
        f"                {release}\nBoot Image:     Primary\n"
    )


def _save(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ctx.device.save()
    return Reply()


def _yes(line: str) -> bool:
    return line.strip().lower().startswith("y")


def _reload(ctx: Ctx, args: dict[str, Any]) -> Reply:
    def go(line: str) -> Reply:
        if not _yes(line):
            return Reply()
        ctx.device.reload()
        return Reply(close=True)

    def save_first(line: str) -> Reply:
        if _yes(line):
            ctx.device.save()
        ctx.session.pending = go
        return Reply(
            question="\nThis will reboot the device and running configuration changes that are not saved"
            " will be lost.\nDevice will be rebooted, do you want to continue [y/n]? "
        )

    if ctx.device.dirty:
        ctx.session.pending = save_first
        return Reply(question="Do you want to save current configuration [y/n/^c]? ")
    return save_first("n")


def _logout(ctx: Ctx, args: dict[str, Any]) -> Reply:
    def save_answer(line: str) -> Reply:
        if _yes(line):
            ctx.device.save()
        return Reply(close=True)

    def confirm(line: str) -> Reply:
        if not _yes(line):
            return Reply()
        if ctx.device.dirty:
            ctx.session.pending = save_answer
            return Reply(question="\nDo you want to save the current configuration [y/n/^C]? ")
        return Reply(close=True)

    ctx.session.pending = confirm
    return Reply(question="Do you want to log out [y/n]? ")


def _end(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ctx.session.mode = ("exec",)
    return Reply()


ACTIONS: dict[str, Action] = {
    "noop": _noop,
    "configure": _configure,
    "show_running": _show_running,
    "show_startup": _show_startup,
    "show_version": _show_version,
    "save": _save,
    "reload": _reload,
    "logout": _logout,
    "end": _end,
    **procurve_commands.ACTIONS,
    **procurve_context.CONTEXT_ACTIONS,
}

_RULES: dict[str, Sequence[Rule]] = {
    "exec": EXEC_RULES,
    "config": CONFIG_RULES,
    "vlan": procurve_context.VLAN_RULES,
    "eth": procurve_context.ETH_RULES,
}

_BANNER = """
HP {part} {model} Switch
Software revision {release}

(C) Copyright 2020 Hewlett Packard Enterprise Development LP

                       RESTRICTED RIGHTS LEGEND
 Confidential computer software. Valid license from Hewlett Packard Enterprise
 Development LP required for possession, use or copying. Consistent with FAR
 12.211 and 12.212, Commercial Computer Software, Computer Software
 Documentation, and Technical Data for Commercial Items are licensed to the
 U.S. Government under vendor's standard commercial license.

We'd like to keep you up to date about:
  * Software feature updates
  * New product announcements
  * Special events

Please register your products now at:  https://asp.arubanetworks.com


Press any key to continue
"""


class ProcurveGrammar:
    """HPE Aruba OS-Switch / ProCurve (2930F, 2530, 2540)."""

    platform = "aruba_osswitch"
    quotes = True

    def factory(self, *, model: str) -> PcConfig:
        return factory_config(model=model)

    def adopt_seed(self, *, config: Any, text: str) -> None:
        """A seed from other hardware names ports this model lacks (A1-A24, 1/1-1/52, Trk1): the device gets them."""
        adopt_ports(config, text)

    def load(self, *, data: dict[str, Any]) -> PcConfig:
        return PcConfig.model_validate(data)

    def greeting(self, *, device: Device) -> tuple[str, bool]:
        part, release = product(device.spec.model)
        return _BANNER.format(part=part, model=device.spec.model, release=release), True

    def prompt(self, *, device: Device, session: Session) -> str:
        name = device.running.hostname
        if session.kind == "exec":
            return f"{name}# "
        if session.kind == "config":
            return f"{name}(config)# "
        if session.kind == "vlan":
            return f"{name}(vlan-{session.mode[1]})# "
        return f"{name}(eth-{session.mode[2]})# "

    def rules(self, *, kind: str) -> Sequence[Rule]:
        return _RULES[kind]

    def fallbacks(self, *, kind: str) -> Sequence[str]:
        return ("config",) if kind in ("vlan", "eth") else ()

    def run(self, *, ctx: Ctx, parsed: Parsed) -> Reply:
        return ACTIONS[parsed.rule.action](ctx, parsed.args)

    def error(self, *, failure: Failure, line: str, prompt: str) -> str:
        if failure.kind == "incomplete":
            return f"Incomplete input: {failure.tokens[-1].text if failure.tokens else ''}\n"
        if failure.kind == "ambiguous":
            return f"Ambiguous input: {failure.word}\n"
        return f"Invalid input: {failure.word}\n"

    def render(self, *, device: Device, which: str) -> str:
        config = device.running if which == "running" else device.startup
        return render_config(config, title="Running" if which == "running" else "Startup")
