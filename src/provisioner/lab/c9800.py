"""A simulated Catalyst 9800 WLAN controller: the IOS-XE exec and global modes plus the wireless model.

Exec (enable, terminal, write, copy, reload, configure), the global commands, the interface, VLAN
and line sub-modes and the error texts all come from the IOS grammar; this module adds the
wireless commands and modes and swaps in the C9800 config model and renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from provisioner.lab import ios_commands, ios_exec, ios_submodes
from provisioner.lab.c9800_config import C9800Config, factory_config, render_config
from provisioner.lab.c9800_modes import FLEX_RULES, FLEX_VLAN_RULES, MODE_ACTIONS, MODE_NAMES, MODE_RULES
from provisioner.lab.c9800_show import SHOW_ACTIONS, SHOW_RULES
from provisioner.lab.c9800_wireless import WIRELESS_ACTIONS, WIRELESS_RULES
from provisioner.lab.engine import Ctx, Device, Reply
from provisioner.lab.parser import CommandFailure, Failure, Parsed, Rule, parse, raw_rest, rule, tokenize

Action = Callable[[Ctx, dict[str, Any]], Reply]
_SWITCH_ONLY = {"stp_mode", "stp_extend"}

EXEC_RULES = [*SHOW_RULES, *ios_exec.EXEC_RULES]
_DO = rule("do <rest:line>", "do")
_CONFIG_RULES = [*WIRELESS_RULES, *(r for r in ios_commands.CONFIG_RULES if r.action not in _SWITCH_ONLY), _DO]
_FLEX_VLAN_ACTIONS = {r.action for r in FLEX_VLAN_RULES}


def _show_running(ctx: Ctx, args: dict[str, Any]) -> Reply:
    return Reply(ctx.device.show("running"))


def render_startup(config: C9800Config) -> str:
    """``show startup-config``: the saved config after a ``Using N out of M bytes`` line."""
    text = render_config(config, header=False)
    return f"Using {len(text.encode())} out of 33554432 bytes\n{text}"


def _show_startup(ctx: Ctx, args: dict[str, Any]) -> Reply:
    return Reply(ctx.device.show("startup"))


def _show_version(ctx: Ctx, args: dict[str, Any]) -> Reply:
    config: C9800Config = ctx.device.running
    return Reply(
        "Cisco IOS XE Software, Version 17.09.04a\n"
        "Cisco IOS Software [Cupertino], C9800 Software (C9800_IOSXE-K9), Version 17.9.4a, RELEASE SOFTWARE (fc1)\n"
        f"{config.hostname} uptime is 1 day, 2 hours, 3 minutes\n"
        f"cisco {ctx.device.spec.model} (VXE) processor with 3945640K/3075K bytes of memory.\n"
        f"Model Number                       : {ctx.device.spec.model}\n"
    )


def _do(ctx: Ctx, args: dict[str, Any]) -> Reply:
    text = raw_rest(ctx.line, args["rest"])
    parsed = parse(EXEC_RULES, tokenize(text, quotes=False))
    if isinstance(parsed, Failure):
        raise CommandFailure(len(ctx.tokens) - len(parsed.tokens) + parsed.index, parsed.kind)
    if parsed.rule.action in ("configure", "configure_ask", "disable", "logout"):
        return Reply()
    return ACTIONS[parsed.rule.action](Ctx(ctx.device, ctx.session, text, parsed.tokens), parsed.args)


ACTIONS: dict[str, Action] = {
    **ios_exec.ACTIONS,
    **WIRELESS_ACTIONS,
    **MODE_ACTIONS,
    **SHOW_ACTIONS,
    "show_running": _show_running,
    "show_startup": _show_startup,
    "show_version": _show_version,
    "do": _do,
}

_RULES: dict[str, Sequence[Rule]] = {
    "user": ios_exec.USER_RULES,
    "exec": EXEC_RULES,
    "config": _CONFIG_RULES,
    "if": [*ios_submodes.IF_RULES, _DO],
    "vlan": [*ios_submodes.VLAN_RULES, _DO],
    "line": [*ios_submodes.LINE_RULES, _DO],
    **{kind: [*rules, _DO] for kind, rules in MODE_RULES.items()},
    "wflexvlan": [*FLEX_VLAN_RULES, *FLEX_RULES, _DO],
}

_MODE_NAMES = {"config": "config", "if": "config-if", "vlan": "config-vlan", "line": "config-line", **MODE_NAMES}


class C9800Grammar(ios_exec.IosGrammar):
    """Cisco Catalyst 9800 WLAN controller (IOS-XE 17.x): the IOS exec side, plus the wireless config model."""

    platform = "cisco_c9800"
    mode_names = _MODE_NAMES

    def factory(self, *, model: str) -> C9800Config:
        return factory_config(model=model)

    def load(self, *, data: dict[str, Any]) -> C9800Config:
        return C9800Config.model_validate(data)

    def rules(self, *, kind: str) -> Sequence[Rule]:
        return _RULES[kind]

    def fallbacks(self, *, kind: str) -> Sequence[str]:
        return ("config",) if kind not in ("user", "exec", "config") else ()

    def run(self, *, ctx: Ctx, parsed: Parsed) -> Reply:
        action = parsed.rule.action
        mode = ctx.session.mode
        if mode[0] == "wflexvlan" and action not in _FLEX_VLAN_ACTIONS and action != "do":
            ctx.session.mode = ("wflex", mode[1])
        try:
            return ACTIONS[action](ctx, parsed.args)
        except CommandFailure:
            ctx.session.mode = mode
            raise

    def render(self, *, device: Device, which: str) -> str:
        if which == "running":
            return render_config(device.running, header=True)
        return render_startup(device.startup)
