"""The controller's removal guard: counted device-wide on the first read, before the first push.

A controller run is several transactions (WLANs, one per site, cleanups); the engine would see
each alone. This guard wraps the connection: the first running config read is checked against
the whole run (what every transaction of it would remove, netconfig.removals), and the read is
handed on to the engine so it costs no second read.
"""

from __future__ import annotations

from collections.abc import Callable

from provisioner.netconfig.models import DeviceTarget
from provisioner.netconfig.removals import RemovalPolicy, check_removals, owned_objects
from provisioner.netconfig.session import Session

Connect = Callable[[DeviceTarget, float], Session]
Key = tuple[str, str]


class _PreRead:
    """A session whose next running_config() is the text already read."""

    def __init__(self, inner: Session, text: str) -> None:
        self._inner = inner
        self._text: str | None = text

    def running_config(self) -> str:
        text, self._text = self._text, None
        return text if text is not None else self._inner.running_config()

    def push(self, lines: list[str], revert_minutes: int = 0) -> str:
        self._text = None
        return self._inner.push(lines, revert_minutes) if revert_minutes else self._inner.push(lines)

    def save(self) -> str:
        return self._inner.save()

    def command(self, line: str) -> str:
        return self._inner.command(line)

    def commands(self, lines: list[str]) -> str:
        self._text = None
        return self._inner.commands(lines)

    def close(self) -> None:
        self._inner.close()


def guarded_connect(
    connect: Connect, *, parts: Callable[[str], dict[Key, list[str]]], converged: Callable[[Key], bool], intended: str, allow: bool
) -> Connect:
    """`connect`, checking on the first connection what the run would remove (RemovalRefused, nothing pushed)."""
    wanted = {h for lines in parts(intended).values() for h in owned_objects("\n".join(lines))}
    state = {"checked": allow}

    def _connect(target: DeviceTarget, timeout: float) -> Session:
        session = connect(target, timeout)
        if state["checked"]:
            return session
        try:
            running = session.running_config()
            by_key = {key: owned_objects("\n".join(lines)) for key, lines in parts(running).items()}
            owned = [h for heads in by_key.values() for h in heads]
            removed = [h for key, heads in by_key.items() if converged(key) for h in heads if h not in wanted]
            check_removals(owned=owned, removed=removed, policy=RemovalPolicy())
        except BaseException:
            session.close()
            raise
        state["checked"] = True
        return _PreRead(session, running)

    return _connect
