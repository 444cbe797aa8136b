"""Which values must never be written: secret env vars, the vault password, vault values, secret extra vars."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from provisioner.netconfig.masking import MASK, Masker
from provisioner.rollout.vault import vault_values

SECRET_KEY = re.compile(r"pass(word|wd|phrase)?|secret|token|(^|_)key$|private|credential|psk|community|auth", re.IGNORECASE)
_SECRET_ENV_NAME = re.compile(r"PASS|SECRET|TOKEN|PRIVATE|CREDENTIAL|PSK|(^|_)KEY($|_)", re.IGNORECASE)
_ENV_REF = re.compile(r"""(?:lookup\(\s*['"](?:ansible\.builtin\.)?env['"]\s*,\s*['"]|\benv:\s*['"]?)([A-Za-z_][A-Za-z0-9_]*)""")
_TEXT_SUFFIXES = {".yml", ".yaml", ".json", ".ini", ".cfg", ""}


def is_secret_key(key: str) -> bool:
    """Does this variable name look like it holds a secret?"""
    return bool(SECRET_KEY.search(key))


def redact(data: Any) -> Any:
    """A copy of extra vars with the values of secret-looking keys replaced by the mask."""
    if isinstance(data, dict):
        return {k: MASK if is_secret_key(str(k)) else redact(v) for k, v in data.items()}
    if isinstance(data, list):
        return [redact(v) for v in data]
    return data


def env_references(*, paths: Iterable[Path]) -> set[str]:
    """Names of environment variables that registry or inventory files reference as secrets."""
    names: set[str] = set()
    for file in _text_files(paths):
        try:
            names.update(_ENV_REF.findall(file.read_text(errors="replace")))
        except OSError:
            continue
    return names


def _text_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(p for p in _walk(path) if p.suffix in _TEXT_SUFFIXES and p.stat().st_size < 2_000_000)
    return files


def _walk(root: Path) -> list[Path]:
    """Files under root, skipping hidden directories, virtualenvs and caches."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS]
        found += [Path(folder) / f for f in files]
    return found


_SKIP_DIRS = {"venv", "node_modules", "__pycache__", "collections", "site-packages"}


def secret_env_values(*, names: Iterable[str], env: Mapping[str, str] | None = None) -> list[str]:
    """Values of the named env vars and of every env var whose name looks secret."""
    env = os.environ if env is None else env
    wanted = set(names) | {k for k in env if _SECRET_ENV_NAME.search(k)}
    return [env[k] for k in sorted(wanted) if env.get(k)]


def extra_var_secrets(data: Any) -> list[str]:
    """Plain values of secret-looking keys in extra vars."""
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in (_leaves(v) if is_secret_key(str(k)) else extra_var_secrets(v))]
    if isinstance(data, list):
        return [s for v in data for s in extra_var_secrets(v)]
    return []


def _leaves(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [s for v in data.values() for s in _leaves(v)]
    if isinstance(data, list):
        return [s for v in data for s in _leaves(v)]
    return [str(data)] if data is not None else []


def build_masker(*, scan: Iterable[Path], var_roots: Iterable[Path], vault_password: str | None, extra_vars: Any) -> Masker:
    """A masker for every secret this run can know about."""
    values = secret_env_values(names=env_references(paths=scan))
    values += extra_var_secrets(extra_vars)
    if vault_password:
        values.append(vault_password)
        values += vault_values(roots=var_roots, password=vault_password)
    return Masker().with_values(values)


def mask_data(masker: Masker, data: Any) -> Any:
    """Mask every string in a JSON-like structure, and every value under a secret-looking key."""
    if isinstance(data, str):
        return mask_text(masker, data)
    if isinstance(data, dict):
        return {k: _mask_item(masker, str(k), v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [mask_data(masker, v) for v in data]
    return data


# Every secret-bearing syntax the masker knows starts with one of these words (or a `$n$` hash).
_TRIGGERS = ("secret", "pass", "auth", "priv", "sha", "md5", "plaintext", "key", "community", "psk", "token", "$")


def mask_text(masker: Masker, text: str) -> str:
    """masker.mask, skipped for the common text that holds no known value and no trigger word."""
    lowered = text.lower()
    if any(t in lowered for t in _TRIGGERS) or any(v in text for v in masker.values):
        return masker.mask(text)
    return text


def _mask_item(masker: Masker, key: str, value: Any) -> Any:
    if isinstance(value, str) and value and _SECRET_FIELD.search(key):
        return MASK
    return mask_data(masker, value)


_SECRET_FIELD = re.compile(r"^(ansible_(ssh_|become_)?pass(word)?|.*password|.*secret|.*_psk|.*token|private_key.*)$", re.IGNORECASE)
