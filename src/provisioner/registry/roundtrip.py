"""Comment-preserving YAML edits of hand-written registry files."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from provisioner.registry.files import read_registry_file


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_roundtrip(path: Path, *, root: Path) -> Any:
    """Load a registry file under `root` keeping comments, quotes and flow style (read as load does)."""
    return _yaml().load(read_registry_file(root, path).decode("utf-8-sig"))


def dump_roundtrip(data: Any) -> str:
    """Dump what load_roundtrip gave, in the file's own style."""
    stream = StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()
