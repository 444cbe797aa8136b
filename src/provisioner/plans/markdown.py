"""The plan as a merge-request comment: per site and device the commands (already masked), counts,
unmanaged lines and the refusals of the lockout and removal guards."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import Any

from provisioner.plans.model import PlanDevice, devices_of

FENCE, SAFE_FENCE = "```", "`\u200b``"  # a device line must not end the code block
_ICON = {"planned": "", "refused": "REFUSED", "failed": "FAILED", "unreachable": "UNREACHABLE"}


def plan_markdown(document: dict[str, Any]) -> str:
    """The whole comment."""
    devices = devices_of(document)
    return "\n".join([*_header(document, devices), *(line for site in _sites(devices) for line in site), ""])


def _header(document: dict[str, Any], devices: list[PlanDevice]) -> list[str]:
    source = document.get("source") or {}
    changing = [d for d in devices if d.commands]
    problems = [d for d in devices if d.status != "planned"]
    commit = str(source.get("commit") or "(no git)")[:12] + (" (dirty)" if source.get("dirty") else "")
    lines = [
        f"## provisioner plan {document.get('id', '')}".rstrip(),
        "",
        f"**{sum(len(d.commands) for d in devices)} command(s) on {len(changing)} of {len(devices)} device(s)**"
        + (f", **{len(problems)} refused or failed**" if problems else ""),
        "",
        f"- planned by `{document.get('planner', '')}` at {document.get('created_at', '')}",
        f"- commit `{commit}`, registry `{str(source.get('registry_digest') or '')[:16]}`",
        f"- approve: `provisioner approve {document.get('id', 'PLAN_ID')}`, then `provisioner apply {document.get('id', 'PLAN_ID')}`",
    ]
    return lines


def _sites(devices: list[PlanDevice]) -> Iterable[list[str]]:
    for site, members in groupby(devices, key=lambda d: d.site):
        group = list(members)
        count = sum(len(d.commands) for d in group)
        yield ["", f"### {site or '(central)'}: {count} command(s)", "", *(line for d in group for line in _device(d))]


def _device(device: PlanDevice) -> list[str]:
    state = _ICON[device.status]
    title = f"- **{device.host}**: " + (f"{state}" if state else f"{len(device.commands)} command(s)")
    title += f", {len(device.unmanaged)} unmanaged line(s) left alone" if device.unmanaged else ""
    lines = [title]
    if device.message:
        lines += _block(device.message.splitlines())
    if device.commands:
        lines += _block(device.commands)
    if device.notes:
        lines += [f"  - note: {_inline(n)}" for n in device.notes]
    if device.unmanaged:
        lines += ["  <details><summary>unmanaged lines</summary>", "", *_block(device.unmanaged), "  </details>"]
    return lines


def _block(lines: Iterable[str]) -> list[str]:
    return ["", "  ```", *("  " + line.replace(FENCE, SAFE_FENCE) for line in lines), "  ```", ""]


def _inline(text: str) -> str:
    return text.replace("\n", " ").replace("`", "'")
