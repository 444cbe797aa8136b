"""The platform-independent part of a simulated device: state, sessions and line handling.

A platform module (``ios``, ``procurve``) supplies a :class:`Grammar`: its config model, its
rules per mode, its prompts and error texts. This module feeds lines through it, applies faults,
logs every line and keeps running and startup configs.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel

from provisioner.lab.filters import PIPE_RULES, apply_filter, split_pipe
from provisioner.lab.models import Fault, LabDeviceSpec, LogEntry
from provisioner.lab.parser import CommandFailure, Failure, Parsed, Rule, parse, raw_rest, tokenize

LOG_LIMIT = 20_000
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

    @property
    def dirty(self) -> bool:
        return bool(self.running != self.startup)

    def save(self) -> None:
        self.startup = self.running.model_copy(deep=True)
        self.on_change()

    def reload(self) -> None:
        """Running config := startup config; every session is closed."""
        self.running = self.startup.model_copy(deep=True)
        self.on_change()
        for session in list(self.sessions.values()):
            if session.closer is not None:
                session.closer()

    def reset(self) -> None:
        """Back to the factory config, running and startup; the log is kept."""
        self.running = self.grammar.factory(model=self.spec.model)
        self.startup = self.running.model_copy(deep=True)
        self.on_change()

    def to_json(self) -> dict[str, Any]:
        return {
            "platform": self.spec.platform,
            "model": self.spec.model,
            "running": self.running.model_dump(mode="json"),
            "startup": self.startup.model_dump(mode="json"),
        }

    def load_json(self, data: dict[str, Any]) -> None:
        if data.get("platform") != self.spec.platform or data.get("model") != self.spec.model:
            return
        self.running = self.grammar.load(data=data["running"])
        self.startup = self.grammar.load(data=data["startup"])

    def record(self, *, session: Session, line: str) -> None:
        password = self.spec.password
        masked = len(password) >= 4 and password in line
        text = line.replace(password, "********") if masked or (password and line.strip() == password) else line
        self.log.append(LogEntry(time.time(), mode_name(session), text, session.id))
        if len(self.log) > LOG_LIMIT:
            del self.log[: len(self.log) - LOG_LIMIT]


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
    return device.grammar.prompt(device=device, session=session)


def handle_line(*, device: Device, session: Session, line: str) -> Reply:
    """Apply one received line: log it, apply faults, answer pending questions, run it."""
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
    return execute(device=device, session=session, line=line)


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
    best = max(failures, key=lambda f: f.index)
    return Reply(grammar.error(failure=best, line=line, prompt=shown_prompt))


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
    return reply
