"""Validation issues: each names the file, the YAML path, what is wrong and how to fix it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from provisioner.errors import ProvisionerError

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One problem found in the registry."""

    file: str
    path: str
    message: str
    fix: str = ""
    severity: Severity = "error"
    line: int | None = None

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return f"{text} (fix: {self.fix})" if self.fix else text

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def errors_of(issues: Sequence[Issue]) -> list[Issue]:
    """Only the issues that make the registry invalid."""
    return [i for i in issues if i.severity == "error"]


class RegistryError(ProvisionerError):
    """The registry is invalid; carries every issue found."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        errors = errors_of(issues)
        lines = "\n".join(i.format() for i in errors)
        super().__init__(f"the registry has {len(errors)} error(s):\n{lines}")
        self.issues = list(issues)


def yaml_path(loc: Sequence[int | str]) -> str:
    """('switches', 0, 'ports', 3) -> 'switches[0].ports[3]'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_path(path: str) -> list[int | str]:
    """'switches[0].ports[3]' -> ['switches', 0, 'ports', 3] (the inverse of yaml_path)."""
    loc: list[int | str] = []
    for part in path.split("."):
        name, _, rest = part.partition("[")
        if name:
            loc.append(name)
        loc.extend(int(i) for i in rest.rstrip("]").split("][") if i.isdigit())
    return loc
