"""Turn pydantic's validation errors into registry issues with a path, a reason and a fix."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from provisioner.registry.issues import Issue, yaml_path
from provisioner.registry.yamlio import line_of


def schema_issues(*, file: str, text: str, error: ValidationError, root: type[BaseModel]) -> list[Issue]:
    """One issue per pydantic error, with the YAML path and line."""
    return [_issue(file=file, text=text, detail=d, root=root) for d in error.errors(include_url=False)]


def _issue(*, file: str, text: str, detail: ErrorDetails, root: type[BaseModel]) -> Issue:
    loc, parent = _clean_loc(root, detail["loc"])
    message, fix = _explain(detail, loc, parent)
    return Issue(file=file, path=yaml_path(loc), message=message, fix=fix, line=line_of(text, loc))


def _explain(detail: ErrorDetails, loc: Sequence[int | str], parent: Any) -> tuple[str, str]:
    kind, msg = detail["type"], detail["msg"].removeprefix("Value error, ")
    key = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        allowed = sorted(parent.model_fields) if _is_model(parent) else []
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"unknown key '{key}'", f"{hint}allowed keys: {', '.join(allowed)}"
    if kind == "missing":
        return f"'{key}' is required but missing", f"add '{key}'"
    if kind in ("int_type", "int_parsing"):
        return f"expected a whole number, found {detail['input']!r}", "write a number without quotes"
    if kind == "string_type":
        return f"expected text, found {detail['input']!r}", "write text (quote it if YAML reads it as a number or boolean)"
    if kind == "bool_type":
        return f"expected true or false, found {detail['input']!r}", "write true or false"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        return msg, "check the indentation and the structure against docs/registry.md"
    if "device CLI" in msg or "non-ASCII" in msg or "would add a line" in msg:
        return msg, "write the text as one plain ASCII line without that character"
    return msg, _fix_for(kind)


def _fix_for(kind: str) -> str:
    return {
        "literal_error": "use one of the listed values",
        "union_tag_invalid": "set os_family to linux or windows",
        "less_than_equal": "lower the value",
        "greater_than_equal": "raise the value",
        "string_too_long": "shorten the text",
        "string_too_short": "fill in the text",
    }.get(kind, "correct the value")


def _clean_loc(root: type[BaseModel], loc: Sequence[int | str]) -> tuple[list[int | str], Any]:
    """Drop pydantic's union tags from `loc`; also return the model that holds the last key."""
    out: list[int | str] = []
    current: Any = root
    parent: Any = root
    for part in loc:
        current = _unwrap(current)
        tagged = _union_member(current, part)
        if tagged is not None:
            current = tagged
            continue
        parent = current
        out.append(part)
        current = _step(current, part)
    return out, _unwrap(parent)


def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    args = typing.get_args(tp)
    if _is_union(tp) and len(args) == 2 and type(None) in args:
        return _unwrap(next(a for a in args if a is not type(None)))
    return tp


def _union_member(tp: Any, part: int | str) -> Any:
    if not (_is_union(tp) and isinstance(part, str)):
        return None
    for member in typing.get_args(tp):
        fields = getattr(member, "model_fields", {})
        literal = fields.get("os_family")
        if literal is not None and part in typing.get_args(literal.annotation):
            return member
    return None


def _step(tp: Any, part: int | str) -> Any:
    if _is_model(tp):
        field = tp.model_fields.get(part)
        return field.annotation if field is not None else None
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType)


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)
