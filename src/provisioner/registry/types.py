"""Constrained scalar types of the registry: checked once at load, trusted afterwards."""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StrictBool, StrictInt, StrictStr

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_HOSTNAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CLI_UNSAFE = re.compile(r"[\x00-\x1f\x7f\"?\\]")
_MAC_HEX = re.compile(r"^[0-9a-f]{12}$")
_PACKAGE = re.compile(r"^[a-z0-9][a-z0-9+.\-]+$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"'{value}' is not a slug: use lowercase letters, digits and inner dashes")
    return value


def _hostname(value: str) -> str:
    if not _HOSTNAME.match(value):
        raise ValueError(f"'{value}' is not an RFC 1123 host name: use letters, digits and inner dashes, at most 63")
    return value


def _var_name(value: str) -> str:
    if not _VAR_NAME.match(value):
        raise ValueError(f"'{value}' is not a variable name: use letters, digits and underscores")
    return value


def cli_text_problem(value: str) -> str | None:
    """Why a string cannot go into a device CLI, or None when it can."""
    if not value.isascii():
        return "holds non-ASCII characters (write ae/oe/ue/ss for umlauts)"
    bad = _CLI_UNSAFE.search(value)
    if bad is not None:
        return f"holds {bad.group()!r}, which a device CLI would misread (newlines, control characters, quotes, '?' and '\\' are refused)"
    if value != value.strip():
        return "starts or ends with white space"
    return None


def _cli_text(value: str) -> str:
    problem = cli_text_problem(value)
    if problem is not None:
        raise ValueError(f"{value!r} {problem}")
    return value


def _ipv4(value: str) -> str:
    try:
        return str(ipaddress.IPv4Address(value))
    except ValueError:
        raise ValueError(f"'{value}' is not an IPv4 address") from None


def _ipv4_network(value: str) -> str:
    try:
        return str(ipaddress.IPv4Network(value))
    except ValueError as exc:
        raise ValueError(f"'{value}' is not an IPv4 network with its prefix length ({exc})") from None


def normalize_mac(value: str) -> str:
    """Return aa:bb:cc:dd:ee:ff for any of the usual MAC spellings, or raise ValueError."""
    digits = re.sub(r"[:\-.]", "", value.strip().lower())
    if not _MAC_HEX.match(digits):
        raise ValueError(f"'{value}' is not a MAC address (write aa:bb:cc:dd:ee:ff)")
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def _package(value: str) -> str:
    if not _PACKAGE.match(value):
        raise ValueError(f"'{value}' is not a valid package name")
    return value


def _hhmm(value: str) -> str:
    if not re.match(r"^([01]\d|2[0-3]):[0-5]\d$", value):
        raise ValueError(f"'{value}' is not a time of day (write HH:MM)")
    return value


Slug = Annotated[StrictStr, AfterValidator(_slug)]
Hostname = Annotated[StrictStr, AfterValidator(_hostname)]
VarName = Annotated[StrictStr, AfterValidator(_var_name)]
CliText = Annotated[StrictStr, Field(min_length=1, max_length=240), AfterValidator(_cli_text)]
Text = Annotated[StrictStr, Field(min_length=1, max_length=200)]
IPv4 = Annotated[StrictStr, AfterValidator(_ipv4)]
IPv4Net = Annotated[StrictStr, AfterValidator(_ipv4_network)]
Mac = Annotated[StrictStr, AfterValidator(normalize_mac)]
PackageName = Annotated[StrictStr, AfterValidator(_package)]
TimeOfDay = Annotated[StrictStr, AfterValidator(_hhmm)]
VlanId = Annotated[StrictInt, Field(ge=1, le=4094)]
Bool = StrictBool
Int = StrictInt


def _port_text(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PortText = Annotated[StrictStr, BeforeValidator(_port_text), Field(min_length=1, max_length=200)]
