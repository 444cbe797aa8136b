"""Exec-mode commands of a simulated IOS switch, and the grammar object the engine uses."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from provisioner.lab import ios_archive, ios_commands, ios_submodes
from provisioner.lab.engine import Ctx, Device, Reply, Session
from provisioner.lab.ios_commands import resolve_interface
from provisioner.lab.ios_config import IosConfig, factory_config, interface_block, render_config
from provisioner.lab.ios_show import show_vlan_brief
from provisioner.lab.parser import CommandFailure, Failure, Parsed, Rule, parse, raw_rest, rule, tokenize

Action = Callable[[Ctx, dict[str, Any]], Reply]

_COMMON = [
    rule("terminal length <n:int>", "noop"),
    rule("terminal width <n:int>", "noop"),
    rule("terminal no monitor", "noop"),
    rule("show version", "show_version"),
    rule("exit", "logout"),
    rule("logout", "logout"),
    rule("quit", "logout"),
]

USER_RULES = [rule("enable", "enable"), *_COMMON]

EXEC_RULES = [
    rule("enable", "noop"),
    rule("disable", "disable"),
    rule("configure terminal", "configure"),
    rule("configure", "configure_ask"),
    rule("show running-config", "show_running"),
    rule("show running-config interface <a:word>", "show_running_if"),
    rule("show running-config interface <a:word> <b:word>", "show_running_if"),
    rule("show startup-config", "show_startup"),
    rule("show vlan brief", "show_vlan_brief"),
    rule("write memory", "save"),
    rule("write", "save"),
    rule("copy running-config startup-config", "copy_save"),
    rule("reload", "reload"),
    *_COMMON,
]


def _noop(ctx: Ctx, args: dict[str, Any]) -> Reply:
    return Reply()


def _enable(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ctx.session.mode = ("exec",)
    return Reply()


def _disable(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ctx.session.mode = ("user",)
    return Reply()


def _logout(ctx: Ctx, args: dict[str, Any]) -> Reply:
    return Reply(close=True)


def _configure(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ctx.session.mode = ("config",)
    return Reply("Enter configuration commands, one per line.  End with CNTL/Z.\n")


def _configure_ask(ctx: Ctx, args: dict[str, Any]) -> Reply:
    def answer(line: str) -> Reply:
        if line.strip() and not "terminal".startswith(line.strip().lower()):
            return Reply('?Must be "terminal", "memory" or "network"\n')
        return _configure(ctx, args)

    ctx.session.pending = answer
    return Reply(question="Configuring from terminal, memory, or network [terminal]? ")


def _show_running(ctx: Ctx, args: dict[str, Any]) -> Reply:
    return Reply(ctx.device.show("running"))


def _show_vlan_brief(ctx: Ctx, args: dict[str, Any]) -> Reply:
    return Reply(show_vlan_brief(ctx.device.running))


def _show_running_if(ctx: Ctx, args: dict[str, Any]) -> Reply:
    """`show running-config interface X`: the header, `!`, the interface block and `end`."""
    config: IosConfig = ctx.device.running
    name = resolve_interface(config, f"{args['a']} {args.get('b', '')}".strip())
    if name is None or (name.startswith("Vlan") and int(name[4:]) not in config.svis):
        raise CommandFailure(3 if "b" not in args else 4)
    body = "!\n" + "\n".join(interface_block(config, name)) + "\nend\n"
    return Reply(f"Building configuration...\n\nCurrent configuration : {len(body.encode())} bytes\n{body}\n")


def _show_startup(ctx: Ctx, args: dict[str, Any]) -> Reply:
    return Reply(ctx.device.show("startup"))


def render_startup(config: IosConfig) -> str:
    """``show startup-config``: the saved config after a ``Using N out of M bytes`` line."""
    text = render_config(config, header=False)
    return f"Using {len(text.encode())} out of 33554432 bytes\n{text}"


def _show_version(ctx: Ctx, args: dict[str, Any]) -> Reply:
    config: IosConfig = ctx.device.running
    return Reply(
        "Cisco IOS XE Software, Version 17.09.04a\n"
        "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.9.4a, RELEASE SOFTWARE\n"
        f"{config.hostname} uptime is 1 day, 2 hours, 3 minutes\n"
        f"cisco {ctx.device.spec.model} (X86) processor with 1331521K/6147K bytes of memory.\n"
        f"Model Number                       : {ctx.device.spec.model}\n"
    )


def _save(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ctx.device.save()
    return Reply("Building configuration...\n[OK]\n")


def _copy_save(ctx: Ctx, args: dict[str, Any]) -> Reply:
    def answer(line: str) -> Reply:
        if line.strip() not in ("", "startup-config"):
            return Reply("%Error opening " + line.strip() + " (No such file or directory)\n")
        return _save(ctx, args)

    ctx.session.pending = answer
    return Reply(question="Destination filename [startup-config]? ")


def _reload(ctx: Ctx, args: dict[str, Any]) -> Reply:
    def confirm(line: str) -> Reply:
        if line.strip().lower() not in ("", "y", "yes", "confirm"):
            return Reply()
        ctx.device.reload()
        return Reply(close=True)

    def save_first(line: str) -> Reply:
        answer = line.strip().lower()
        if answer not in ("yes", "no", "y", "n"):
            return Reply("% Please answer 'yes' or 'no'.\n")
        if answer.startswith("y"):
            ctx.device.save()
        ctx.session.pending = confirm
        return Reply(question="Proceed with reload? [confirm]")

    if ctx.device.dirty:
        ctx.session.pending = save_first
        return Reply(question="\nSystem configuration has been modified. Save? [yes/no]: ")
    ctx.session.pending = confirm
    return Reply(question="Proceed with reload? [confirm]")


def _do(ctx: Ctx, args: dict[str, Any]) -> Reply:
    text = raw_rest(ctx.line, args["rest"])
    parsed = parse(EXEC_RULES, tokenize(text, quotes=False))
    if isinstance(parsed, Failure):
        raise CommandFailure(len(ctx.tokens) - len(parsed.tokens) + parsed.index, parsed.kind)
    if parsed.rule.action in ("configure", "disable", "logout"):
        return Reply()
    return ACTIONS[parsed.rule.action](Ctx(ctx.device, ctx.session, text, parsed.tokens), parsed.args)


ACTIONS: dict[str, Action] = {
    "noop": _noop,
    "enable": _enable,
    "disable": _disable,
    "logout": _logout,
    "configure": _configure,
    "configure_ask": _configure_ask,
    "show_running": _show_running,
    "show_startup": _show_startup,
    "show_vlan_brief": _show_vlan_brief,
    "show_running_if": _show_running_if,
    "show_version": _show_version,
    "save": _save,
    "copy_save": _copy_save,
    "reload": _reload,
    "do": _do,
    **ios_commands.ACTIONS,
    **ios_submodes.SUBMODE_ACTIONS,
    **ios_archive.ACTIONS,
}

_RULES: dict[str, Sequence[Rule]] = {
    "user": USER_RULES,
    "exec": [*EXEC_RULES, *ios_archive.EXEC_RULES],
    "config": [*ios_commands.CONFIG_RULES, *ios_archive.CONFIG_RULES, rule("do <rest:line>", "do")],
    "archive": [*ios_archive.ARCHIVE_RULES, rule("exit", "exit_sub"), rule("end", "end"), rule("do <rest:line>", "do")],
    "if": [*ios_submodes.IF_RULES, rule("do <rest:line>", "do")],
    "ifrange": [*ios_submodes.IF_RULES, rule("do <rest:line>", "do")],
    "vlan": [*ios_submodes.VLAN_RULES, rule("do <rest:line>", "do")],
    "line": [*ios_submodes.LINE_RULES, rule("do <rest:line>", "do")],
}

_MODE_NAMES = {
    "config": "config",
    "if": "config-if",
    "ifrange": "config-if-range",
    "vlan": "config-vlan",
    "line": "config-line",
    "archive": "config-archive",
}


def run_on_range(ctx: Ctx, action: Action, args: dict[str, Any]) -> Reply:
    """`interface range`: the line runs on each interface in turn; a mode change (exit, end) ends the range."""
    mode = ctx.session.mode
    texts: list[str] = []
    for name in mode[1].split(","):
        ctx.session.mode = ("if", name)
        try:
            reply = action(ctx, args)
        except CommandFailure:
            ctx.session.mode = mode
            raise
        texts.append(reply.text)
        if ctx.session.mode != ("if", name):
            return Reply("".join(texts))
    ctx.session.mode = mode
    return Reply("".join(dict.fromkeys(texts)))


class IosGrammar:
    """Cisco IOS / IOS-XE (Catalyst 9300 and friends)."""

    platform = "cisco_ios"
    quotes = False
    mode_names: dict[str, str] = _MODE_NAMES

    def factory(self, *, model: str) -> IosConfig:
        return factory_config(model=model)

    def adopt_seed(self, *, config: Any, text: str) -> None:
        """Interfaces a seed names that the model lacks stay kept verbatim (not modelled)."""

    def load(self, *, data: dict[str, Any]) -> IosConfig:
        return IosConfig.model_validate(data)

    def greeting(self, *, device: Device) -> tuple[str, bool]:
        return "\n", False

    def prompt(self, *, device: Device, session: Session) -> str:
        name = device.running.hostname
        if session.kind == "user":
            return f"{name}>"
        if session.kind == "exec":
            return f"{name}#"
        return f"{name[:20]}({self.mode_names[session.kind]})#"

    def rules(self, *, kind: str) -> Sequence[Rule]:
        return _RULES[kind]

    def fallbacks(self, *, kind: str) -> Sequence[str]:
        return ("config",) if kind in ("if", "ifrange", "vlan", "line", "archive") else ()

    def run(self, *, ctx: Ctx, parsed: Parsed) -> Reply:
        if ctx.session.kind == "ifrange":
            return run_on_range(ctx, ACTIONS[parsed.rule.action], parsed.args)
        return ACTIONS[parsed.rule.action](ctx, parsed.args)

    def error(self, *, failure: Failure, line: str, prompt: str) -> str:
        if failure.kind == "incomplete":
            return "% Incomplete command.\n\n"
        if failure.kind == "ambiguous":
            return f'% Ambiguous command:  "{line.strip()}"\n'
        marker = " " * (len(prompt) + failure.column) + "^"
        return f"{marker}\n% Invalid input detected at '^' marker.\n\n"

    def render(self, *, device: Device, which: str) -> str:
        if which == "running":
            return render_config(device.running, header=True)
        return render_startup(device.startup)
