"""Every string of the registry model goes through the one text guard, or is exempted with a reason."""

from __future__ import annotations

import datetime
import types
import typing
from typing import Any

import pytest
from pydantic import AfterValidator, BaseModel, StrictStr

from provisioner.registry.base import Model
from provisioner.registry.org import Org
from provisioner.registry.site import Site
from provisioner.registry.types import GUARD, Text, Unchecked


def _str_fields(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> list[tuple[str, list[Any]]]:
    """(model.field, metadata) for every str reachable from `model` (field values, list items, dict keys and values)."""
    seen = set() if seen is None else seen
    if model in seen:
        return []
    seen.add(model)
    out: list[tuple[str, list[Any]]] = []
    for name, info in model.model_fields.items():
        out.extend(_walk(info.annotation, list(info.metadata), f"{model.__name__}.{name}", seen))
    return out


def _walk(tp: Any, meta: list[Any], where: str, seen: set[type[BaseModel]]) -> list[tuple[str, list[Any]]]:
    while typing.get_origin(tp) is typing.Annotated:
        meta = meta + list(tp.__metadata__)
        tp = typing.get_args(tp)[0]
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is str:
        return [(where, meta)]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return _str_fields(tp, seen)
    if origin is typing.Literal or tp in (int, bool, float, type(None), datetime.date):  # a date is parsed, never text
        return []
    if origin in (typing.Union, types.UnionType, list, tuple, set, frozenset):
        return [hit for arg in args if arg is not Ellipsis for hit in _walk(arg, [] if origin is not typing.Union else meta, where, seen)]
    if origin is dict:
        return _walk(args[0], [], f"{where}<key>", seen) + _walk(args[1], [], f"{where}<value>", seen)
    raise AssertionError(f"{where}: type {tp!r} is not understood by this test; teach it, do not skip it")


def _unguarded(model: type[BaseModel]) -> list[str]:
    bad = []
    for where, meta in _str_fields(model):
        exempt = [m for m in meta if isinstance(m, Unchecked)]
        if GUARD in meta or (exempt and all(m.reason.strip() for m in exempt)):
            continue
        bad.append(where)
    return bad


@pytest.mark.parametrize("root", [Org, Site])
def test_every_registry_string_is_guarded_or_exempted(root: type[BaseModel]) -> None:
    found = _str_fields(root)
    assert len(found) > 20, "the walk found too few string fields: the walker is broken"
    assert _unguarded(root) == []


def test_walker_finds_a_plain_str_field() -> None:
    class Plain(Model):
        ok: Text
        bad: StrictStr
        nested: dict[str, list[Text]] = {}
        other: typing.Annotated[StrictStr, AfterValidator(str.strip)] | None = None

    assert _unguarded(Plain) == ["Plain.bad", "Plain.nested<key>", "Plain.other"]


def test_exemption_needs_a_reason() -> None:
    class Exempted(Model):
        fine: typing.Annotated[StrictStr, Unchecked("only compared, never written")]
        lazy: typing.Annotated[StrictStr, Unchecked(" ")]

    assert _unguarded(Exempted) == ["Exempted.lazy"]
