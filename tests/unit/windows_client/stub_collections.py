"""Stand-in Windows modules so the whole role runs on the controller (connection local).

Each stub takes exactly the options of the real module (names and simple types from its installed
DOCUMENTATION), so a misspelt option or a wrong type still fails; it records the arguments it got to a
JSON-lines file and changes nothing. This checks the role's flow, conditionals, loops and arguments -
not what Windows does with them.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

SITE = Path(__file__).resolve().parents[3] / ".venv/lib/python3.11/site-packages/ansible_collections"
MODULES = {
    "ansible.windows": [
        "win_copy",
        "win_hostname",
        "win_reboot",
        "win_user",
        "win_timezone",
        "win_region",
        "win_regedit",
        "win_powershell",
    ],
    "microsoft.ad": ["membership"],
    "chocolatey.chocolatey": ["win_chocolatey"],
    "community.windows": ["win_power_plan"],
}
SIMPLE = {"str", "bool", "int", "list", "dict", "path", "raw", "float"}
STUB = """#!/usr/bin/python
import json
from ansible.module_utils.basic import AnsibleModule

SPEC = {spec!r}


def main():
    module = AnsibleModule(argument_spec=SPEC, supports_check_mode=True)
    with open({log!r}, "a") as f:
        f.write(json.dumps({{"module": {fqcn!r}, "check_mode": module.check_mode, "params": module.params}}) + "\\n")
    module.exit_json(changed=False, reboot_required=False, restart_required=False, output=[])


if __name__ == "__main__":
    main()
"""


def _documentation(namespace: str, collection: str, module: str) -> dict[str, object]:
    base = SITE / namespace / collection / "plugins/modules" / module
    if base.with_suffix(".yml").exists():
        return dict(yaml.safe_load(base.with_suffix(".yml").read_text())["DOCUMENTATION"])
    text = base.with_suffix(".py").read_text()
    match = re.search(r"DOCUMENTATION\s*=\s*r?('''|\"\"\")(.*?)\1", text, re.S)
    assert match, base
    return dict(yaml.safe_load(match.group(2)))


def _spec(doc: dict[str, object]) -> dict[str, dict[str, object]]:
    options = doc.get("options") or {}
    assert isinstance(options, dict)
    spec: dict[str, dict[str, object]] = {}
    for name, opt in options.items():
        kind = opt.get("type", "str")
        spec[name] = {"type": kind if kind in SIMPLE else "raw", "no_log": "password" in name}
        if opt.get("choices"):
            spec[name]["choices"] = opt["choices"]
        for alias in opt.get("aliases", []) or []:
            spec[name].setdefault("aliases", []).append(alias)
    return spec


def write_stubs(*, root: Path, log: Path) -> Path:
    """Write the stub collections under root/ansible_collections; return root (for ANSIBLE_COLLECTIONS_PATH)."""
    for fqcn, modules in MODULES.items():
        namespace, collection = fqcn.split(".")
        folder = root / "ansible_collections" / namespace / collection
        (folder / "plugins/modules").mkdir(parents=True, exist_ok=True)
        (folder / "galaxy.yml").write_text(f"namespace: {namespace}\nname: {collection}\nversion: 0.0.1\n")
        for module in modules:
            spec = _spec(_documentation(namespace, collection, module))
            code = STUB.format(spec=spec, log=str(log), fqcn=f"{fqcn}.{module}")
            (folder / "plugins/modules" / f"{module}.py").write_text(code)
    return root
