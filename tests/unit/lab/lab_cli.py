"""Helper: drive a simulated device's engine line by line, without SSH."""

from __future__ import annotations

from dataclasses import dataclass, field

from provisioner.lab.engine import Device, Reply, Session, handle_line, open_session, prompt


@dataclass
class Cli:
    device: Device
    session: Session = field(init=False)

    def __post_init__(self) -> None:
        self.session = open_session(device=self.device)

    @property
    def prompt(self) -> str:
        return prompt(device=self.device, session=self.session)

    def send(self, line: str) -> Reply:
        return handle_line(device=self.device, session=self.session, line=line)

    def run(self, *lines: str) -> str:
        """Send lines; return everything printed (not the prompts)."""
        return "".join(self.send(line).text for line in lines)

    def config(self, *lines: str) -> str:
        return self.run("configure terminal", *lines, "end")

    def running(self) -> str:
        return self.device.grammar.render(device=self.device, which="running")

    def startup(self) -> str:
        return self.device.grammar.render(device=self.device, which="startup")
