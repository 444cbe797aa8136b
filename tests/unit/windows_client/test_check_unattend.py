"""The role's autounattend.xml checker (roles/windows_client/files/check_unattend.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]
COMP = 'processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS"'
GOOD = f"""<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
  <settings pass="windowsPE">
    <component name="Microsoft-Windows-International-Core-WinPE" {COMP}/>
    <component name="Microsoft-Windows-Setup" {COMP}/>
  </settings>
  <settings pass="specialize"><component name="Microsoft-Windows-Shell-Setup" {COMP}/></settings>
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-International-Core" {COMP}/>
    <component name="Microsoft-Windows-Shell-Setup" {COMP}/>
  </settings>
</unattend>
"""


@pytest.fixture(scope="module")
def checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_unattend", ROOT / "roles/windows_client/files/check_unattend.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD, []),
        (GOOD.replace("</unattend>", ""), ["not well-formed"]),
        (GOOD.replace("urn:schemas-microsoft-com:unattend", "urn:other"), ["root element"]),
        (GOOD.replace('pass="specialize"', 'pass="auditUser"'), ["'specialize' is missing"]),
        (GOOD.replace('name="Microsoft-Windows-Setup"', 'name="Microsoft-Windows-Setup-X"'), ["lacks component Microsoft-Windows-Setup"]),
        (GOOD.replace('processorArchitecture="amd64"', 'processorArchitecture="x86"', 1), ["processorArchitecture='x86'"]),
    ],
    ids=["good", "malformed", "namespace", "pass", "component", "arch"],
)
def test_problems(checker: ModuleType, tmp_path: Path, text: str, expected: list[str]) -> None:
    path = tmp_path / "autounattend.xml"
    path.write_text(text)
    found = checker.problems(str(path))
    assert len(found) == len(expected), found
    for line, fragment in zip(found, expected, strict=True):
        assert fragment in line
    assert checker.main([str(path)]) == (1 if expected else 0)
