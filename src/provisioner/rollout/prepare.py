"""Before Ansible starts: read the inventory, validate, select hosts, plan waves, learn the secrets to mask."""

from __future__ import annotations

import configparser
import os
import subprocess
from pathlib import Path

from provisioner.netconfig.masking import Masker
from provisioner.records.models import Options
from provisioner.rollout.context import tree_digest
from provisioner.rollout.errors import RolloutRefused
from provisioner.rollout.hostindex import SHARED_DEVICE_GROUPS, HostIndex, load_index
from provisioner.rollout.plan import plan_waves
from provisioner.rollout.request import VAULT_ENV, Prepared, RolloutRequest
from provisioner.rollout.secrets import build_masker, redact
from provisioner.rollout.select import select


def check_input(request: RolloutRequest) -> None:
    """Refuse obviously invalid input before reading anything."""
    problems: list[str] = []
    if not _abs(request, request.playbook).is_file():
        problems.append(f"playbook {request.playbook}: no such file")
    problems += [f"inventory {i}: no such file or directory" for i in request.inventory if not _abs(request, Path(i)).exists()]
    if request.vault_password_file is not None and not _abs(request, request.vault_password_file).is_file():
        problems.append(f"--vault-password-file {request.vault_password_file}: no such file")
    if request.max_fail_percent is not None and not 0 <= request.max_fail_percent <= 100:
        problems.append(f"--max-fail-percent must be between 0 and 100, got {request.max_fail_percent}")
    if problems:
        raise RolloutRefused("invalid input", problems)


def _abs(request: RolloutRequest, path: Path) -> Path:
    return path if path.is_absolute() else request.cwd / path


def prepare(*, request: RolloutRequest, vault_password_file: str | None) -> Prepared:
    """Everything decided before Ansible starts, or RolloutRefused."""
    check_input(request)
    inventory = tuple(str(_abs(request, Path(i))) for i in request.inventory) or default_inventory(cwd=request.cwd)
    index = load_index(sources=inventory, vault_password_file=vault_password_file, cwd=request.cwd)
    selection = select(index=index, sites=request.sites, types=request.types, limit=request.limit, hosts=request.hosts)
    waves = plan_waves(selection=selection, canary=request.canary, wave_size=request.wave_size)
    return Prepared(
        options=options_of(request, inventory),
        waves=tuple(waves),
        site_of=index.site_of,
        masker=_masker(request, inventory, index),
        registry_digest=index.registry_digest or tree_digest(paths=[Path(i) for i in inventory]),
        registry_path=str(index.registry_root) if index.registry_root else None,
        warnings=index.warnings,
        shared_lock=any(index.groups.get(g, frozenset()).intersection(selection.hosts) for g in SHARED_DEVICE_GROUPS),
    )


def default_inventory(*, cwd: Path) -> tuple[str, ...]:
    """Without -i: $ANSIBLE_INVENTORY, else `inventory` of the ansible.cfg Ansible would read from cwd."""
    if os.environ.get("ANSIBLE_INVENTORY"):
        return tuple(str(_under(cwd, p.strip())) for p in os.environ["ANSIBLE_INVENTORY"].split(",") if p.strip())
    config = Path(os.environ.get("ANSIBLE_CONFIG") or cwd / "ansible.cfg")
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(config)
    except configparser.Error:
        return ()
    value = parser.get("defaults", "inventory", fallback="")
    return tuple(str(_under(config.parent, p.strip())) for p in value.split(",") if p.strip())


def _under(base: Path, path: str) -> Path:
    expanded = Path(os.path.expanduser(path))
    return expanded if expanded.is_absolute() else base / expanded


def options_of(request: RolloutRequest, inventory: tuple[str, ...]) -> Options:
    """The run's options as recorded, extra vars redacted."""
    return Options(
        playbook=str(_abs(request, request.playbook)),
        inventory=inventory,
        limit=request.limit,
        sites=request.sites,
        types=request.types,
        tags=request.tags,
        skip_tags=request.skip_tags,
        check=request.check,
        diff=request.diff,
        extra_vars=redact(request.extra_vars),
        canary=request.canary,
        wave_size=request.wave_size,
        max_fail_percent=request.max_fail_percent,
        hosts=request.hosts,
        vault=request.vault_source(),
    )


def _masker(request: RolloutRequest, inventory: tuple[str, ...], index: HostIndex) -> Masker:
    playbook = _abs(request, request.playbook)
    scan = [Path(i) for i in inventory] + ([index.registry_root] if index.registry_root else [])
    scan += [playbook, playbook.parent / "group_vars", playbook.parent / "host_vars"]
    roots = [p if p.is_dir() else p.parent for p in (Path(i) for i in inventory)] + [playbook.parent]
    return build_masker(scan=scan, var_roots=roots, vault_password=vault_password(request), extra_vars=request.extra_vars)


def _script_output(path: Path) -> str | None:
    """An executable vault password file prints the password; Ansible runs it too."""
    try:
        done = subprocess.run([str(path)], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def vault_password(request: RolloutRequest) -> str | None:
    """The vault password from the file or the environment; kept in memory only, to mask it."""
    if request.vault_password_file is not None:
        path = _abs(request, request.vault_password_file)
        if os.access(path, os.X_OK):
            return _script_output(path)
        return path.read_text().strip() or None
    return os.environ.get(VAULT_ENV) or None
