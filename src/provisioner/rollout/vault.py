"""Read Ansible-vault encrypted values (format 1.1/1.2, AES256) so their plain text can be masked.

Only used to learn which strings must never be written; nothing decrypted is stored.
"""

from __future__ import annotations

import binascii
import hmac
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

HEADER = "$ANSIBLE_VAULT"
_VAR_DIRS = ("group_vars", "host_vars")


def decrypt(*, text: str, password: str) -> str | None:
    """The plain text of one vault blob, or None if it is not one or the password is wrong."""
    lines = [line.strip() for line in text.strip().splitlines()]
    if not lines or not lines[0].startswith(HEADER):
        return None
    try:
        body = binascii.unhexlify("".join(lines[1:])).decode()
        salt, mac, data = (binascii.unhexlify(part) for part in body.split("\n", 2))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    return _aes_ctr(salt=salt, mac=mac, data=data, password=password)


def _aes_ctr(*, salt: bytes, mac: bytes, data: bytes, password: str) -> str | None:
    try:
        from cryptography.hazmat.primitives import hashes, padding
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
        from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
    except ImportError:
        return None
    key = PBKDF2HMAC(algorithm=hashes.SHA256(), length=80, salt=salt, iterations=10000).derive(password.encode())
    if not hmac.compare_digest(hmac.new(key[32:64], data, "sha256").digest(), mac):
        return None
    plain = Cipher(algorithms.AES(key[:32]), modes.CTR(key[64:80])).decryptor().update(data)
    unpadder = padding.PKCS7(128).unpadder()
    return (unpadder.update(plain) + unpadder.finalize()).decode("utf-8", errors="replace")


def vault_values(*, roots: Iterable[Path], password: str) -> list[str]:
    """Every decrypted string under group_vars/ and host_vars/ of these directories."""
    found: list[str] = []
    for file in _var_files(roots):
        found.extend(_file_values(file, password))
    return found


def _var_files(roots: Iterable[Path]) -> list[Path]:
    files: set[Path] = set()
    for root in roots:
        for name in _VAR_DIRS:
            base = root / name
            if base.is_dir():
                files.update(p for p in base.rglob("*") if p.is_file())
    return sorted(files)


def _file_values(file: Path, password: str) -> list[str]:
    try:
        text = file.read_text(errors="replace")
    except OSError:
        return []
    if text.lstrip().startswith(HEADER):
        plain = decrypt(text=text, password=password)
        return _strings(_load(plain)) if plain else []
    if "!vault" not in text:
        return []
    found: list[str] = []
    _load(text, inline=lambda blob: _collect(found, decrypt(text=blob, password=password)))
    return found


def _collect(found: list[str], value: str | None) -> str:
    if value:
        found.append(value)
    return value or ""


def _load(text: str, inline: Any = None) -> Any:
    class Loader(yaml.SafeLoader):
        pass

    def vault(loader: yaml.SafeLoader, node: yaml.Node) -> str:
        blob = str(loader.construct_scalar(node))  # type: ignore[arg-type]
        return str(inline(blob)) if inline else ""

    Loader.add_constructor("!vault", vault)
    try:
        return yaml.load(text, Loader=Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError:
        return None


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return [str(data)] if isinstance(data, int | float) and not isinstance(data, bool) else []
