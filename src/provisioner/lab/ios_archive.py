"""IOS-XE configuration archive and the revert timer (`configure terminal revert timer N`).

`archive` with a `path` is the prerequisite, as on the device. A change made under a revert timer
rolls back to the config from before `configure terminal revert timer` unless `configure confirm`
comes first; the rollback needs no session (the lab process runs the timer). The lab can scale
time down: `PROVISIONER_LAB_MINUTE_SECONDS` (default 60) is how long a timer minute lasts.
The message texts for a missing archive are the lab's own (not checked against a device).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from provisioner.lab.engine import Ctx, Reply
from provisioner.lab.parser import rule

Action = Callable[[Ctx, dict[str, Any]], Reply]

EXEC_RULES = [
    rule("configure terminal revert timer <minutes:int>", "revert_timer"),
    rule("configure revert timer <minutes:int>", "revert_timer"),
    rule("configure confirm", "revert_confirm"),
    rule("configure revert now", "revert_now"),
]
CONFIG_RULES = [rule("archive", "archive"), rule("no archive", "no_archive")]
ARCHIVE_RULES = [
    rule("path <path:word>", "archive_line", key="path"),
    rule("maximum <n:int>", "archive_line", key="maximum"),
    rule("time-period <n:int>", "archive_line", key="time-period"),
    rule("write-memory", "archive_line", key="write-memory"),
    rule("no path", "archive_no", key="path"),
    rule("no path <x:line>", "archive_no", key="path"),
    rule("no maximum", "archive_no", key="maximum"),
    rule("no maximum <x:line>", "archive_no", key="maximum"),
    rule("no time-period", "archive_no", key="time-period"),
    rule("no time-period <x:line>", "archive_no", key="time-period"),
    rule("no write-memory", "archive_no", key="write-memory"),
]
_ORDER = ("path", "maximum", "write-memory", "time-period")


def _archive(ctx: Ctx) -> dict[str, str]:
    archive: dict[str, str] | None = ctx.device.running.archive
    if archive is None:
        ctx.device.running.archive = archive = {}
    return archive


def _enter(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _archive(ctx)
    ctx.session.mode = ("archive",)
    return Reply()


def _remove(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ctx.device.running.archive = None
    return Reply()


def _line(ctx: Ctx, args: dict[str, Any]) -> Reply:
    key = str(args["key"])
    value = args.get("path", args.get("n"))
    _archive(ctx)[key] = key if value is None else f"{key} {value}"
    return Reply()


def _no_line(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _archive(ctx).pop(str(args["key"]), None)
    return Reply()


def render_archive(archive: dict[str, str] | None) -> list[str]:
    """The `archive` block as IOS prints it (path first), or nothing."""
    if archive is None:
        return []
    return ["archive", *(f" {archive[key]}" for key in _ORDER if key in archive), "!"]


def _revert_timer(ctx: Ctx, args: dict[str, Any]) -> Reply:
    archive = ctx.device.running.archive or {}
    if "path" not in archive:
        return Reply("% Archive path is not configured: configure 'archive' and 'path' before a revert timer.\n")
    minutes = int(args["minutes"])
    if not 1 <= minutes <= 120:
        return Reply("% Invalid revert timer: 1 to 120 minutes.\n")
    if ctx.device.revert is None:
        ctx.device.start_revert(minutes=minutes)
    ctx.session.mode = ("config",)
    return Reply("Enter configuration commands, one per line.  End with CNTL/Z.\n")


def _confirm(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ctx.device.revert = None
    return Reply()


def _revert_now(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if ctx.device.revert is None:
        return Reply("% No rollback timer is running.\n")
    ctx.device.roll_back()
    return Reply("Rollback Done\n\n")


ACTIONS: dict[str, Action] = {
    "archive": _enter,
    "no_archive": _remove,
    "archive_line": _line,
    "archive_no": _no_line,
    "revert_timer": _revert_timer,
    "revert_confirm": _confirm,
    "revert_now": _revert_now,
}
