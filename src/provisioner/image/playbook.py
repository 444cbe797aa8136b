"""Apply the linux_client role to a chroot with ansible-playbook (subprocess: no ansible import here)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from provisioner.image.errors import ImageError
from provisioner.image.proc import run
from provisioner.records import RECORDED_BY_ENV

PLAYBOOK = "playbooks/linux_clients.yml"
ROLE = "roles/linux_client"


class _Unsafe(str):
    """A registry string: Ansible must never template it."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Unsafe, lambda dumper, data: dumper.represent_scalar("!unsafe", str(data)))


def _unsafe(value: Any) -> Any:
    if isinstance(value, str):
        return _Unsafe(value)
    if isinstance(value, Mapping):
        return {k: _unsafe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unsafe(v) for v in value]
    return value


def project_root(start: Path | None = None) -> Path:
    """The checkout that holds ansible.cfg and the linux_client role."""
    candidates = [start or Path.cwd(), Path(__file__).resolve().parents[3]]
    for candidate in candidates:
        for path in (candidate, *candidate.parents):
            if (path / "ansible.cfg").is_file() and (path / ROLE).is_dir():
                return path
    raise ImageError([f"cannot find the provisioner checkout (ansible.cfg and {ROLE}) (fix: run from the repository root)"])


def chroot_inventory(*, host: str, root: Path, device_image: Mapping[str, Any], hostvars: Mapping[str, Any] | None = None) -> str:
    """A YAML inventory with one chroot host in role_linux_client; registry data marked !unsafe."""
    trusted = {
        "ansible_connection": "community.general.chroot",
        "ansible_host": str(root),
        "ansible_python_interpreter": "/usr/bin/python3",
        "linux_client_mode": "image",
    }
    host_vars = {**trusted, **_unsafe(dict(hostvars or {})), "device_image": _unsafe(dict(device_image))}
    data = {"all": {"children": {"role_linux_client": {"hosts": {host: host_vars}}}}}
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def ansible_playbook() -> str:
    """ansible-playbook next to this Python (the venv), else on PATH."""
    beside = Path(sys.executable).parent / "ansible-playbook"
    found = str(beside) if beside.is_file() else shutil.which("ansible-playbook")
    if found is None:
        raise ImageError(["ansible-playbook is not installed (fix: pip install -e '.[dev]' in the venv)"])
    return found


def apply_role(*, project: Path, inventory: Path, log: Path, extra_args: Sequence[str] = ()) -> None:
    """Run playbooks/linux_clients.yml against the inventory; output goes to `log`."""
    env = {
        **os.environ,
        "ANSIBLE_CONFIG": str(project / "ansible.cfg"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        RECORDED_BY_ENV: "image",
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
    }
    run([ansible_playbook(), "-i", str(inventory), PLAYBOOK, *extra_args], cwd=project, env=env, log=log)
