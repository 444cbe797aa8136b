"""The platform-independent part of a simulated device: state, sessions and line handling.

A platform module (``ios``, ``procurve``) supplies a :class:`Grammar`: its config model, its
rules per mode, its prompts and error texts. This module feeds lines through it, applies faults,
logs every line and keeps running and startup configs.
"""

from __future__ import annotations

import itertools
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel

from provisioner.lab import access
from provisioner.lab.filters import PIPE_RULES, apply_filter, split_pipe
from provisioner.lab.models import Fault, LabDeviceSpec, LogEntry
from provisioner.lab.parser import CommandFailure, Failure, Parsed, Rule, parse, raw_rest, tokenize
from provisioner.lab.seed import Node, Overlay, match_kept, parse_tree, split_header, strip_header

LOG_LIMIT = 20_000
# Config lines that can touch the management path (others cannot, and skip the check).
_MGMT_WORDS = re.compile(r"^\s*no\s|interface|vlan|ip\s|shut|route|gateway|address|disable|default|username|password", re.IGNORECASE)
_session_ids = itertools.count(1)


@dataclass
class Reply:
    """What a device answers to one line.

    text: printed before the next prompt (empty, or ending in a newline).
    question: printed instead of the prompt; the next line answers it.
    close: the session ends after the text. drop: the connection is cut, nothing is printed.
    """

    text: str = ""
    question: str | None = None
    close: bool = False
    drop: bool = False


Answer = Callable[[str], Reply]


@dataclass
class Session:
    """One CLI session: its mode stack, pending question and counters."""

    mode: tuple[str, ...] = ("exec",)
    pending: Answer | None = None
    config_lines: int = 0
    closer: Callable[[], None] | None = None
    id: int = field(default_factory=lambda: next(_session_ids))

    @property
    def kind(self) -> str:
        return self.mode[0]

    @property
    def in_config(self) -> bool:
        return self.kind not in ("exec", "user")


@dataclass
class Ctx:
    """What an action sees: the device, the session and the raw line."""

    device: Device
    session: Session
    line: str
    tokens: Sequence[Any] = ()


class Grammar(Protocol):
    """What a platform module provides to the engine."""

    platform: str
    quotes: bool

    def factory(self, *, model: str) -> BaseModel: ...

    def load(self, *, data: dict[str, Any]) -> BaseModel: ...

    def adopt_seed(self, *, config: Any, text: str) -> None: ...

    def greeting(self, *, device: Device) -> tuple[str, bool]: ...

    def prompt(self, *, device: Device, session: Session) -> str: ...

    def rules(self, *, kind: str) -> Sequence[Rule]: ...

    def fallbacks(self, *, kind: str) -> Sequence[str]: ...

    def run(self, *, ctx: Ctx, parsed: Parsed) -> Reply: ...

    def error(self, *, failure: Failure, line: str, prompt: str) -> str: ...

    def render(self, *, device: Device, which: str) -> str: ...


class Device:
    """One simulated device: spec, configs, faults, log and open sessions."""

    def __init__(self, *, spec: LabDeviceSpec, grammar: Grammar) -> None:
        self.spec = spec
        self.grammar = grammar
        self.running: Any = grammar.factory(model=spec.model)
        self.startup: Any = self.running.model_copy(deep=True)
        self.fault = Fault()
        self.log: list[LogEntry] = []
        self.sessions: dict[int, Session] = {}
        self.on_change: Callable[[], None] = lambda: None
        self.persisting = False
        self.overlay: Overlay | None = None
        self.startup_overlay: Overlay | None = None
        self.mgmt = access.MgmtPath()
        self.locked: str | None = None
        self.revert: Revert | None = None
        if spec.seed is not None:
            self.seed(spec.seed)
        else:
            self.watch_mgmt()

    def start_revert(self, *, minutes: int) -> None:
        """Remember the config to roll back to unless `configure confirm` comes within the timer."""
        overlay = self.overlay.copy() if self.overlay is not None else None
        self.revert = Revert(time.monotonic() + minutes * minute_seconds(), self.running.model_copy(deep=True), overlay)

    def roll_back(self) -> None:
        """Back to the config from before the revert timer (the device's archive copy)."""
        if self.revert is None:
            return
        self.running, self.overlay = self.revert.running, self.revert.overlay
        self.revert = None
        self.log.append(LogEntry(time.time(), "exec", "%ARCHIVE_DIFF-5-ROLLBK_CNFMD_CHG_ROLLBACK_START: rolled back", 0))
        self.on_change()

    def tick(self) -> None:
        """Run the revert timer: an unconfirmed change rolls back when it expires."""
        if self.revert is not None and time.monotonic() >= self.revert.deadline:
            self.roll_back()

    @property
    def dirty(self) -> bool:
        return bool(self.running != self.startup)

    def save(self) -> None:
        self.startup = self.running.model_copy(deep=True)
        self.startup_overlay = self._synced().copy() if self.overlay is not None else None
        self.on_change()

    def reload(self) -> None:
        """Running config := startup config; every session is closed; logins work again."""
        self.running = self.startup.model_copy(deep=True)
        self.overlay = self.startup_overlay.copy() if self.startup_overlay is not None else None
        self.locked, self.mgmt = None, access.MgmtPath()
        self.watch_mgmt()
        self.on_change()
        self.cut_sessions()

    def cut_sessions(self) -> None:
        for session in list(self.sessions.values()):
            if session.closer is not None:
                session.closer()

    def reset(self) -> None:
        """Back to the factory config (a seeded device: to its seed), running and startup; the log is kept."""
        self.running = self.grammar.factory(model=self.spec.model)
        self.startup = self.running.model_copy(deep=True)
        self.overlay = self.startup_overlay = None
        self.locked, self.mgmt = None, access.MgmtPath()
        if self.spec.seed is not None:
            self.seed(self.spec.seed)
        self.on_change()

    def seed(self, text: str) -> None:
        """Start from a real running config: modelled lines go to the model, every line is printed as seeded."""
        body = strip_header(text)
        tree = parse_tree(body)
        self.grammar.adopt_seed(config=self.running, text=body)
        seed_config(device=self, tree=tree)
        self.startup = self.running.model_copy(deep=True)
        model_body = split_header(self.grammar.render(device=self, which="running"))[1]
        self.overlay = Overlay(tree, parse_tree(model_body))
        self.startup_overlay = self.overlay.copy()
        self.watch_mgmt()

    def _synced(self) -> Overlay:
        assert self.overlay is not None
        self.overlay.sync(split_header(self.grammar.render(device=self, which="running"))[1])
        return self.overlay

    def show(self, which: str) -> str:
        """What `show running-config` / `show startup-config` print: the model's render, or the seed patched by it."""
        self.tick()
        text = self.grammar.render(device=self, which=which)
        overlay = self.overlay if which == "running" else self.startup_overlay
        if overlay is None:
            return text
        header, body = split_header(text)
        overlay.sync(body)
        printed = overlay.text()
        size = len(printed.encode()) + printed.count("\n")
        head = [re.sub(r"\d+ (bytes|out of)", lambda m: f"{size} {m.group(1)}", line, count=1) for line in header]
        return "\n".join(head) + ("\n" if head else "") + printed

    def login_ok(self, *, username: str, password: str) -> bool:
        """Logins follow the running config; a device without local accounts takes the lab's own login."""
        if self.fault.auth_failure or self.locked is not None:
            return False
        if self.spec.platform == "aruba_osswitch":
            verdict = access.procurve_login_ok(config=self.running, username=username, password=password)
        else:
            verdict = access.ios_login_ok(text=self.show("running"), username=username, password=password)
        if verdict is None:
            return username == self.spec.username and password == self.spec.password
        return verdict

    def watch_mgmt(self) -> None:
        """Learn the management path, or cut every session when a change has broken it."""
        text = self.show("running")
        reason = access.broken(text=text, path=self.mgmt)
        if reason is not None:
            self.locked = reason
            self.cut_sessions()
            return
        self.mgmt = access.establish(text=text, current=self.mgmt, address=self.spec.mgmt_address, seeded=self.spec.seed is not None)

    def to_json(self) -> dict[str, Any]:
        return {
            "platform": self.spec.platform,
            "model": self.spec.model,
            "running": self.running.model_dump(mode="json"),
            "startup": self.startup.model_dump(mode="json"),
            "overlays": [_overlay_json(self.overlay), _overlay_json(self.startup_overlay)],
        }

    def load_json(self, data: dict[str, Any]) -> None:
        if data.get("platform") != self.spec.platform or data.get("model") != self.spec.model:
            return
        self.running = self.grammar.load(data=data["running"])
        self.startup = self.grammar.load(data=data["startup"])
        running, startup = data.get("overlays") or [None, None]
        self.overlay, self.startup_overlay = _overlay_load(running), _overlay_load(startup)

    def record(self, *, session: Session, line: str) -> None:
        password = self.spec.password
        masked = len(password) >= 4 and password in line
        text = line.replace(password, "********") if masked or (password and line.strip() == password) else line
        self.log.append(LogEntry(time.time(), mode_name(session), text, session.id))
        if len(self.log) > LOG_LIMIT:
            del self.log[: len(self.log) - LOG_LIMIT]


@dataclass
class Revert:
    """A pending revert timer: when it fires, and the config it restores."""

    deadline: float
    running: Any
    overlay: Overlay | None


def minute_seconds() -> float:
    """How long a revert-timer minute lasts in the lab ($PROVISIONER_LAB_MINUTE_SECONDS, default 60)."""
    try:
        return max(0.05, float(os.environ.get("PROVISIONER_LAB_MINUTE_SECONDS", "60")))
    except ValueError:
        return 60.0


def _overlay_json(overlay: Overlay | None) -> list[str] | None:
    return None if overlay is None else [overlay.text(), "\n".join(_render_base(overlay)) + "\n"]


def _render_base(overlay: Overlay) -> list[str]:
    return Overlay(overlay.base, []).text().splitlines()


def _overlay_load(data: object) -> Overlay | None:
    if not isinstance(data, list) or len(data) != 2:
        return None
    return Overlay.create(seed_body=str(data[0]), model_body=str(data[1]))


def mode_name(session: Session) -> str:
    """'exec', 'user', 'config', or 'config-<context>' (config-if, config-vlan, config-line, config-eth)."""
    if session.kind in ("exec", "user", "config"):
        return session.kind
    return f"config-{session.kind}"


def open_session(*, device: Device, closer: Callable[[], None] | None = None) -> Session:
    session = Session(closer=closer)
    device.sessions[session.id] = session
    return session


def close_session(*, device: Device, session: Session) -> None:
    device.sessions.pop(session.id, None)


def prompt(*, device: Device, session: Session) -> str:
    if session.kind != "kept":
        return device.grammar.prompt(device=device, session=session)
    outer = device.grammar.prompt(device=device, session=Session(mode=("config",)))
    return outer.replace("(config)", f"(config-{session.mode[1].split()[0]})")


def handle_line(*, device: Device, session: Session, line: str) -> Reply:
    """Apply one received line: log it, apply faults, answer pending questions, run it."""
    device.tick()
    device.record(session=session, line=line)
    if session.pending is not None:
        answer, session.pending = session.pending, None
        return answer(line)
    if not line.strip():
        return Reply()
    if session.in_config:
        session.config_lines += 1
        limit = device.fault.drop_after_lines
        if limit is not None and session.config_lines >= limit:
            return Reply(drop=True)
    if device.fault.reject_pattern and re.search(device.fault.reject_pattern, line):
        tokens = tokenize(line, quotes=device.grammar.quotes)
        failure = Failure("invalid", 0, tokens)
        return Reply(device.grammar.error(failure=failure, line=line, prompt=prompt(device=device, session=session)))
    in_config = session.in_config
    reply = execute(device=device, session=session, line=line)
    if in_config and _MGMT_WORDS.search(line):
        device.watch_mgmt()
        if device.locked is not None:
            return Reply(drop=True)
    return reply


def execute(*, device: Device, session: Session, line: str) -> Reply:
    """Run a line; a show command may end in ``| include|exclude|begin|section REGEX``."""
    command, pipe = split_pipe(line)
    if pipe is None:
        return run_line(device=device, session=session, line=line)
    tokens = tokenize(line, quotes=device.grammar.quotes)
    parsed = parse(PIPE_RULES, tokenize(pipe, quotes=False))
    if isinstance(parsed, Failure):
        index = len(tokenize(command, quotes=device.grammar.quotes)) + 1 + parsed.index
        failure = Failure(parsed.kind, min(index, len(tokens)), tokens)
        return Reply(device.grammar.error(failure=failure, line=line, prompt=prompt(device=device, session=session)))
    reply = run_line(device=device, session=session, line=command)
    expression = raw_rest(pipe, parsed.args["re"])
    try:
        reply.text = apply_filter(reply.text, how=parsed.rule.action, expression=expression)
    except re.error:
        reply.text = f"% Invalid regular expression: {expression}\n"
    return reply


def run_line(*, device: Device, session: Session, line: str) -> Reply:
    """Run a line in the session's mode, falling back to the parent modes like a real CLI."""
    grammar = device.grammar
    tokens = tokenize(line, quotes=grammar.quotes)
    shown_prompt = prompt(device=device, session=session)
    if session.kind == "kept":
        kept_reply = _kept_mode(device=device, session=session, line=line)
        if kept_reply is not None:
            return kept_reply
    failures: list[Failure] = []
    for kind in (session.kind, *grammar.fallbacks(kind=session.kind)):
        parsed = parse(grammar.rules(kind=kind), tokens)
        if isinstance(parsed, Failure):
            failures.append(parsed)
            continue
        reply = _run(device=device, session=session, line=line, parsed=parsed, kind=kind)
        if isinstance(reply, Reply):
            return reply
        failures.append(Failure(reply.kind, reply.index, tokens))
        break
    kept = _kept_line(device=device, session=session, line=line) if session.in_config else None
    if kept is not None:
        return kept
    best = max(failures, key=lambda f: f.index)
    return Reply(grammar.error(failure=best, line=line, prompt=shown_prompt))


def _kept_line(*, device: Device, session: Session, line: str) -> Reply | None:
    """A line naming a line kept verbatim from the seed: the same line is accepted, `no <line>` removes it."""
    if device.overlay is None:
        return None
    overlay = device._synced()
    for mode in (session.mode, ("config",)) if len(session.mode) > 1 else (("config",),):
        found = match_kept(kept=overlay.kept_lines(mode=mode), line=line)
        if found is None:
            continue
        how, node = found
        if how == "no":
            overlay.remove(mode=mode, node=node)
            device.on_change()
        elif mode == ("config",):
            session.mode = ("kept", node.key) if node.children else ("config",)
        return Reply()
    return None


def _kept_mode(*, device: Device, session: Session, line: str) -> Reply | None:
    """Inside a block kept from the seed: exit/end, its own lines and their `no`; anything else goes to config mode."""
    word = line.strip().lower()
    if word in ("exit", "end"):
        session.mode = ("config",) if word == "exit" else ("exec",)
        return Reply()
    reply = _kept_line(device=device, session=session, line=line)
    if reply is None:
        session.mode = ("config",)
    return reply


def seed_config(*, device: Device, tree: list[Node]) -> None:
    """Apply every seed line the grammar models to the device's config model (strict rules, no fallback);
    mark those lines as modelled."""
    session = Session(mode=("config",))
    for node in tree:
        if node.separator or node.key == "end":
            continue
        session.mode = ("config",)
        node.modelled = _seed_line(device=device, session=session, line=node.key)
        if node.modelled and session.mode != ("config",):
            for child in node.children:
                child.modelled = not child.separator and _seed_line(device=device, session=session, line=child.key)


def _seed_line(*, device: Device, session: Session, line: str) -> bool:
    """Run one seed line if the current mode's rules take it and it prints nothing; undo it otherwise."""
    tokens = tokenize(line, quotes=device.grammar.quotes)
    parsed = parse(device.grammar.rules(kind=session.kind), tokens)
    if isinstance(parsed, Failure) or "\n" in line:
        return False
    before, mode = device.running.model_copy(deep=True), session.mode
    try:
        reply = device.grammar.run(ctx=Ctx(device, session, line, parsed.tokens), parsed=parsed)
    except CommandFailure:
        reply = Reply(text="failed")
    if reply.text.strip() or reply.question is not None or reply.close or reply.drop:
        device.running, session.mode = before, mode
        return False
    return True


def _run(*, device: Device, session: Session, line: str, parsed: Parsed, kind: str) -> Reply | CommandFailure:
    previous = session.mode
    if kind != session.kind:
        session.mode = (kind,)
    before = device.running.model_dump() if device.persisting else None
    try:
        reply = device.grammar.run(ctx=Ctx(device, session, line, parsed.tokens), parsed=parsed)
    except CommandFailure as failure:
        session.mode = previous
        return failure
    if before is not None and device.running.model_dump() != before:
        device.on_change()
    if device.overlay is not None and session.in_config and not reply.text.strip():
        device._synced().materialize(mode=session.mode, line=line)
    return reply
