"""Constrained scalar types of the registry: checked once at load, trusted afterwards."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StrictBool, StrictInt, StrictStr

from provisioner.errors import ProvisionerError
from provisioner.textguard import text_problem

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_HOSTNAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CLI_UNSAFE = re.compile(r"[\x00-\x1f\x7f\"?\\]")
_MAC_HEX = re.compile(r"^[0-9a-f]{12}$")
_PACKAGE = re.compile(r"^[a-z0-9][a-z0-9+.\-]+$")


def guard_text(value: str) -> str:
    """The registry's one text check (provisioner.textguard): no line breaks, no control characters."""
    problem = text_problem(value)
    if problem is not None:
        raise ValueError(f"{value!r} {problem}, which would add a line to a device config or client file")
    return value


@dataclass(frozen=True)
class Unchecked:
    """Marks a string field that may skip guard_text; the reason says why it never reaches a device or file."""

    reason: str


class IdentifierError(ProvisionerError):
    """A command-line argument that names a site, room or host is not an identifier."""


def check_identifier(value: str, *, what: str) -> str:
    """`value` if it is a slug (safe as a file name: no '/', no '..'), else IdentifierError naming `what`."""
    if not _SLUG.fullmatch(value):
        raise IdentifierError(f"{what} {value!r} is not an id: use lowercase letters, digits and inner dashes (like gym-lise-meitner)")
    return value


def check_host_name(value: str) -> str:
    """`value` if it is an RFC 1123 host name (safe as a file name), else IdentifierError."""
    if not _HOSTNAME.fullmatch(value):
        raise IdentifierError(f"host {value!r} is not a host name: use letters, digits and inner dashes (like lmg-sw-core)")
    return value


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(f"'{value}' is not a slug: use lowercase letters, digits and inner dashes")
    return value


def _hostname(value: str) -> str:
    if not _HOSTNAME.fullmatch(value):
        raise ValueError(f"'{value}' is not an RFC 1123 host name: use letters, digits and inner dashes, at most 63")
    return value


def _var_name(value: str) -> str:
    if not _VAR_NAME.fullmatch(value):
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
    if not _MAC_HEX.fullmatch(digits):
        raise ValueError(f"'{value}' is not a MAC address (write aa:bb:cc:dd:ee:ff)")
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def _package(value: str) -> str:
    if not _PACKAGE.fullmatch(value):
        raise ValueError(f"'{value}' is not a valid package name")
    return value


def _hhmm(value: str) -> str:
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        raise ValueError(f"'{value}' is not a time of day (write HH:MM)")
    return value


GUARD = AfterValidator(guard_text)
"""Every string type of the registry starts with this validator; tests/unit/registry/test_text_types.py checks."""
SafeStr = Annotated[StrictStr, GUARD]
Slug = Annotated[SafeStr, AfterValidator(_slug)]
Hostname = Annotated[SafeStr, AfterValidator(_hostname)]
VarName = Annotated[SafeStr, AfterValidator(_var_name)]
CliText = Annotated[SafeStr, Field(min_length=1, max_length=240), AfterValidator(_cli_text)]
Text = Annotated[SafeStr, Field(min_length=1, max_length=200)]
"""The default for any free text: one line, no control characters (checked by provisioner.textguard)."""
IPv4 = Annotated[SafeStr, AfterValidator(_ipv4)]
IPv4Net = Annotated[SafeStr, AfterValidator(_ipv4_network)]
Mac = Annotated[SafeStr, AfterValidator(normalize_mac)]
PackageName = Annotated[SafeStr, AfterValidator(_package)]
TimeOfDay = Annotated[SafeStr, AfterValidator(_hhmm)]
VlanId = Annotated[StrictInt, Field(ge=1, le=4094)]
Bool = StrictBool
"""Only true and false: 'yes', 1 and "true" are refused."""
Int = StrictInt


def _port_text(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PortText = Annotated[StrictStr, BeforeValidator(_port_text), GUARD, Field(min_length=1, max_length=200)]
