"""Check every line before anything is sent: one bad line refuses the whole push."""

from __future__ import annotations

import re
from collections.abc import Iterable

from provisioner.netconfig.masking import Masker
from provisioner.netconfig.models import LineCheckError

# IOS and ArubaOS-Switch both cut CLI input at 255 characters.
MAX_LINE_LENGTH = 255
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_TAB = "\t"


def line_problems(*, lines: Iterable[str], max_length: int = MAX_LINE_LENGTH) -> list[str]:
    """One message per unsafe line: control characters, newlines, tabs or excess length."""
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if _CONTROL.search(line):
            problems.append(f"line {number}: contains a control character or newline")
        elif _TAB in line:
            problems.append(f"line {number}: contains a tab; indent with spaces")
        if len(line) > max_length:
            problems.append(f"line {number}: is {len(line)} characters long (limit {max_length})")
    return problems


def check_lines(*, lines: list[str], masker: Masker, max_length: int = MAX_LINE_LENGTH) -> None:
    """Raise LineCheckError naming every unsafe line (masked), or return quietly."""
    problems = line_problems(lines=lines, max_length=max_length)
    if not problems:
        return
    shown = [f"{p}: {_preview(lines, p, masker)}" for p in problems]
    raise LineCheckError(
        f"refusing to connect: {len(problems)} intended line(s) are unsafe to send; "
        "fix the template or registry value:\n" + "\n".join(shown)
    )


def _preview(lines: list[str], problem: str, masker: Masker) -> str:
    number = int(problem.split(":", 1)[0].removeprefix("line "))
    text = masker.mask(lines[number - 1])
    return repr(text[:80] + ("..." if len(text) > 80 else ""))


def split_intended(text: str) -> list[str]:
    """Intended config text as lines: CRLF tolerated, blank and comment-only lines dropped."""
    out: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        if raw.strip() and not raw.lstrip().startswith("!"):
            out.append(raw.rstrip(" "))
    return out
