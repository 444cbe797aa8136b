"""Load a registry directory (org.yml + sites/*.yml) into typed models, collecting every issue."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from provisioner.gcpause import gc_paused
from provisioner.registry.files import RegistryFileError, read_registry_file
from provisioner.registry.issues import Issue, RegistryError, errors_of, parse_path
from provisioner.registry.org import Org
from provisioner.registry.schema_errors import schema_issues
from provisioner.registry.site import Site
from provisioner.registry.yamlio import AliasBombError, line_of, load_yaml

ORG_FILE = "org.yml"
SITES_DIR = "sites"
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class SiteEntry:
    """A site and the file it came from (relative to the registry root)."""

    site: Site
    file: str


@dataclass(frozen=True)
class Registry:
    """A loaded registry: the org file and every site file that parsed."""

    root: Path
    org: Org
    sites: tuple[SiteEntry, ...]
    digest: str = ""
    org_file: str = ORG_FILE
    _by_id: dict[str, SiteEntry] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({e.site.id: e for e in self.sites})

    def site(self, site_id: str) -> SiteEntry | None:
        return self._by_id.get(site_id)


@dataclass(frozen=True)
class LoadResult:
    """What loading found: the registry (None if org.yml is unusable) and all issues."""

    registry: Registry | None
    issues: list[Issue]

    @property
    def ok(self) -> bool:
        return self.registry is not None and not errors_of(self.issues)

    def require(self) -> Registry:
        """The registry, or RegistryError with every issue."""
        if self.registry is None or errors_of(self.issues):
            raise RegistryError(self.issues)
        return self.registry


def find_root(path: Path) -> Path:
    """Accept the registry dir itself, or a dir that holds `registry/`."""
    if _present(path / ORG_FILE) or not _present(path / "registry" / ORG_FILE):
        return path
    return path / "registry"


def _present(path: Path) -> bool:
    return path.is_symlink() or path.exists()


def site_files(root: Path) -> list[Path]:
    """The site files, in a stable order."""
    return sorted((root / SITES_DIR).glob("*.yml")) + sorted((root / SITES_DIR).glob("*.yaml"))


def load_registry(path: Path, *, check: bool = True) -> LoadResult:
    """Load and (unless check=False) validate the registry under `path`; linear in its size."""
    with gc_paused():
        return _load(find_root(path), check)


def _load(root: Path, check: bool) -> LoadResult:
    issues: list[Issue] = []
    if not _present(root / ORG_FILE):
        issues.append(
            Issue(
                file=str(root), path="", message=f"no {ORG_FILE} here", fix="point at the registry directory that holds org.yml and sites/"
            )
        )
        return LoadResult(None, issues)
    digest = hashlib.sha256()
    org = _load_model(root=root, rel=ORG_FILE, model=Org, issues=issues, digest=digest)
    sites = [_load_site(root=root, file=f, issues=issues, digest=digest) for f in site_files(root)]
    if org is None:
        return LoadResult(None, issues)
    registry = Registry(root=root, org=org, sites=tuple(s for s in sites if s is not None), digest=digest.hexdigest())
    if check:
        from provisioner.registry.checks import run_checks

        issues.extend(with_lines(root, run_checks(registry)))
    return LoadResult(registry, issues)


def with_lines(root: Path, issues: list[Issue]) -> list[Issue]:
    """Add the YAML line to issues that lack one; only files with issues are read again."""
    texts: dict[str, str] = {}
    out = []
    for issue in issues:
        if issue.line is None and issue.path and (root / issue.file).is_file():
            text = texts.setdefault(issue.file, _text_or_empty(root, issue.file))
            issue = replace(issue, line=line_of(text, parse_path(issue.path)) if text else None)
        out.append(issue)
    return out


def _text_or_empty(root: Path, rel: str) -> str:
    try:
        return read_registry_file(root, root / rel).decode("utf-8", errors="replace")
    except RegistryFileError:
        return ""


def _load_site(*, root: Path, file: Path, issues: list[Issue], digest: Any) -> SiteEntry | None:
    rel = file.relative_to(root).as_posix()
    site = _load_model(root=root, rel=rel, model=Site, issues=issues, digest=digest)
    return SiteEntry(site=site, file=rel) if site is not None else None


def _load_model(*, root: Path, rel: str, model: type[M], issues: list[Issue], digest: Any) -> M | None:
    try:
        raw = read_registry_file(root, root / rel)
    except RegistryFileError as exc:
        issues.append(Issue(file=rel, path="", message=f"the file {exc.message}", fix=exc.fix))
        return None
    digest.update(rel.encode() + b"\0" + raw + b"\0")
    text = raw.decode("utf-8", errors="replace")
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        issues.append(_yaml_issue(rel, exc))
        return None
    if not isinstance(data, dict):
        issues.append(
            Issue(file=rel, path="", message="the file is not a YAML mapping", fix="start with 'key: value' lines, see docs/registry.md")
        )
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        issues.extend(schema_issues(file=rel, text=text, error=exc, root=model))
        return _salvage(data=data, error=exc, model=model)


def _salvage(*, data: dict[str, Any], error: ValidationError, model: type[M]) -> M | None:
    """Drop the offending keys and try again, so the rest of the file is still checked."""
    for detail in error.errors():
        _drop(data, detail["loc"])
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def _drop(data: Any, loc: tuple[int | str, ...]) -> None:
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(node, dict):
        node.pop(loc[-1], None) if loc else None


def _yaml_issue(rel: str, exc: yaml.YAMLError) -> Issue:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    line = mark.line + 1 if mark is not None else None
    column = f", column {mark.column + 1}" if mark is not None else ""
    if isinstance(exc, AliasBombError):
        return Issue(file=rel, path="", message=f"YAML anchors: {problem}", fix="write the data out instead of multiplying it with aliases")
    return Issue(file=rel, path="", message=f"YAML syntax error{column}: {problem}", fix="correct the YAML syntax at that line", line=line)
