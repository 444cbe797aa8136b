"""Render a role's device template with plain Jinja2, for the net_config action.

Ansible's template lookup deep-copies every variable of the host (all groups, all hostvars)
for each render, which made it the largest per-switch cost of a no-op run. Here the template
is compiled once (before Ansible forks its workers, see `preload`), only the variables it
names are passed in, and they have been resolved by Ansible's templar first, so secret
expressions are evaluated and registry strings stay plain data (never templated).

The environment matches the lookup's defaults (`trim_blocks`), and provides the few Ansible
filters and tests the templates use (combine, difference; match, search, contains); anything
else fails loudly (StrictUndefined, unknown filter).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provisioner import textguard
from provisioner.netconfig import render
from provisioner.netconfig.models import NetconfigError
from provisioner.platforms import PLATFORMS


@dataclass(frozen=True, slots=True)
class Compiled:
    """A compiled template and the top-level variables it reads."""

    template: Any
    names: frozenset[str]


_CACHE: dict[tuple[str, float], Compiled] = {}


def _combine(*terms: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for term in terms:
        out.update(term)
    return out


def _difference(a: Any, b: Any) -> list[Any]:
    gone = list(b)
    return [x for x in dict.fromkeys(a) if x not in gone]


def _filters() -> dict[str, Callable[..., Any]]:
    """The collection's filters by FQCN (as Ansible's own template engine knows them) and short name."""
    ours = render.jinja_filters()
    qualified = {f"{render.COLLECTION}.{name}": call for name, call in ours.items()}
    return {**ours, **qualified, "combine": _combine, "difference": _difference}


def _platform_of(context: Any) -> str | None:
    """The device templates are named after their platform (cisco_ios.j2): its CLI limits apply."""
    stem = Path(str(context.name or "")).name.split(".", 1)[0]
    return stem if stem in PLATFORMS else None


def _environment(folder: Path) -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=jinja2.pass_context(textguard.finalize_for(_platform_of)),  # None renders '' as in Ansible
    )
    env.filters.update(_filters())
    env.tests.update(match=lambda value, pattern: re.match(pattern, str(value)) is not None)
    env.tests.update(search=lambda value, pattern: re.search(pattern, str(value)) is not None)
    env.tests.update(contains=lambda seq, value: value in seq)
    return env


def compile_template(path: Path) -> Compiled:
    """The compiled template (cached by path and modification time)."""
    import jinja2
    from jinja2 import meta

    key = (str(path), path.stat().st_mtime)
    cached = _CACHE.get(key)
    if cached is None:
        env = _environment(path.parent)
        try:
            source = path.read_text()
            names = frozenset(meta.find_undeclared_variables(env.parse(source)))
            cached = _CACHE[key] = Compiled(env.get_template(path.name), names)
        except jinja2.TemplateError as exc:
            raise NetconfigError(f"template {path}: {exc}") from exc
    return cached


def preload(folders: list[Path]) -> None:
    """Compile the *.j2 under these folders now (in Ansible's controller, before it forks).

    Templates written for Ansible's own engine (other roles' files) are skipped quietly.
    """
    for folder in folders:
        for path in sorted(folder.glob("*.j2")):
            with contextlib.suppress(NetconfigError):
                compile_template(path)


def resolve_trusted(value: Any, *, is_trusted: Callable[[Any], bool], template: Callable[[Any], Any]) -> Any:
    """Walk the data and template exactly the strings Ansible trusts (role values, provisioner's
    secret lookups); registry strings are untrusted and stay data. About 20x cheaper than
    templating a whole structure."""
    if isinstance(value, str):
        return template(value) if is_trusted(value) else value
    if isinstance(value, Mapping):
        return {k: resolve_trusted(v, is_trusted=is_trusted, template=template) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [resolve_trusted(v, is_trusted=is_trusted, template=template) for v in value]
    return value


def render_template(path: Path, variables: Mapping[str, Any]) -> str:
    """Render with the given (already resolved) variables; a missing variable names itself."""
    import jinja2

    compiled = compile_template(path)
    try:
        return str(compiled.template.render(dict(variables)))
    except textguard.UnsafeTextError as exc:
        where = textguard.find_value(variables, exc.value) or "a computed value"
        raise NetconfigError(
            f"template {path.name}: {where} = {exc.value!r} {exc.problem}; nothing was rendered or pushed for this host "
            "(fix: correct the registry value, `provisioner validate` names its file and line)"
        ) from None
    except jinja2.UndefinedError as exc:
        raise NetconfigError(f"template {path.name}: {exc.message} (is the host in the registry inventory?)") from exc
    except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError) as exc:
        raise NetconfigError(f"template {path.name}: {type(exc).__name__}: {exc}") from exc
