"""Check a rendered autounattend.xml: well-formed, unattend namespace, the expected passes and components.

Used by the template task's `validate` (exit 1 with one line per problem) and importable by tests.
Standard library only: it runs with whatever Python the controller has.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

NS = "urn:schemas-microsoft-com:unattend"
WCM = "http://schemas.microsoft.com/WMIConfig/2002/State"
EXPECTED = {
    "windowsPE": {"Microsoft-Windows-International-Core-WinPE", "Microsoft-Windows-Setup"},
    "specialize": {"Microsoft-Windows-Shell-Setup"},
    "oobeSystem": {"Microsoft-Windows-International-Core", "Microsoft-Windows-Shell-Setup"},
}
ATTRS = {"processorArchitecture": "amd64", "publicKeyToken": "31bf3856ad364e35", "language": "neutral", "versionScope": "nonSxS"}


def problems(path: str) -> list[str]:
    """Every problem found in the file at `path` (empty when it is fine)."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        return [f"{path}: not well-formed XML: {e}"]
    if root.tag != f"{{{NS}}}unattend":
        return [f"{path}: root element is {root.tag}, expected {{{NS}}}unattend"]
    found: list[str] = []
    passes = {s.get("pass"): s for s in root.findall(f"{{{NS}}}settings")}
    for name, components in EXPECTED.items():
        settings = passes.get(name)
        if settings is None:
            found.append(f"{path}: settings pass '{name}' is missing")
            continue
        have = {c.get("name"): c for c in settings.findall(f"{{{NS}}}component")}
        found += [f"{path}: pass '{name}' lacks component {c}" for c in sorted(components - have.keys())]
        for cname, comp in have.items():
            found += [f"{path}: {name}/{cname}: {a}='{comp.get(a)}', expected '{v}'" for a, v in ATTRS.items() if comp.get(a) != v]
    return found


def main(argv: list[str]) -> int:
    """Check each file named on the command line; print one line per problem."""
    errors = [p for path in argv for p in problems(path)]
    for line in errors:
        print(line, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
