"""Local users, `enable secret` and `service password-encryption` of a simulated IOS device.

A user is stored as the rest of its line after ``username <name> `` (``privilege 15 secret 9
$9$...``), exactly as ``show running-config`` prints it, so a login check can read the type and the
stored string. Secrets typed in clear are hashed the way the release does by default (type 9 on
IOS-XE 17, type 5 on IOS 15) or with the ``algorithm-type`` given; clear passwords stay type 0
unless ``service password-encryption`` is on, which turns them into type 7 for good.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from provisioner.lab.engine import Ctx, Reply
from provisioner.lab.ios_config import IosConfig
from provisioner.lab.parser import CommandFailure, rule
from provisioner.netconfig import ciscohash

Action = Callable[[Ctx, dict[str, Any]], Reply]

_C64 = r"[./0-9A-Za-z]"
_HASH_FORMS = {
    5: re.compile(rf"\$1\${_C64}{{0,8}}\${_C64}{{22}}"),
    8: re.compile(rf"\$8\${_C64}{{14}}\${_C64}{{43}}"),
    9: re.compile(rf"\$9\${_C64}{{14}}\${_C64}{{43}}"),
}
_ALGORITHMS = {"md5": 5, "sha256": 8, "scrypt": 9}
_PRIV = ("", "privilege <priv:priv> ")


def _user_rules() -> list[Any]:
    rules = []
    for priv in _PRIV:
        head = f"username <name:word> {priv}"
        rules += [
            rule(head + "secret <type:int> <secret:word>", "user_secret"),
            rule(head + "secret <secret:word>", "user_secret", type=0),
            *(rule(head + f"algorithm-type {a} secret <secret:word>", "user_secret", type=0, algo=a) for a in _ALGORITHMS),
            rule(head + "password <type:int> <secret:word>", "user_password"),
            rule(head + "password <secret:word>", "user_password", type=0),
        ]
    return rules


USER_RULES = [
    *_user_rules(),
    rule("no username <name:word>", "no_user"),
    rule("no username <name:word> <x:line>", "no_user"),
    rule("enable secret <type:int> <secret:word>", "enable_secret"),
    rule("enable secret <secret:word>", "enable_secret", type=0),
    *(rule(f"enable algorithm-type {a} secret <secret:word>", "enable_secret", type=0, algo=a) for a in _ALGORITHMS),
    rule("no enable secret", "no_enable_secret"),
    rule("no enable secret <x:line>", "no_enable_secret"),
    rule("service password-encryption", "password_encryption", on=True),
    rule("no service password-encryption", "password_encryption", on=False),
]


def _cfg(ctx: Ctx) -> IosConfig:
    config: IosConfig = ctx.device.running
    return config


def _not_a_hash(kind: int) -> Reply:
    return Reply(
        "ERROR: The secret you entered is not a valid encrypted secret.\n"
        f"To enter an UNENCRYPTED secret, do not specify type {kind} encryption.\n"
        "When you properly enter an UNENCRYPTED secret, it will be encrypted.\n\n"
    )


def _type_index(ctx: Ctx) -> int:
    """The token index of the type number (for the '^' marker)."""
    words = [t.text.lower() for t in ctx.tokens]
    keyword = "secret" if "secret" in words else "password"
    return words.index(keyword) + 1


def stored_secret(config: IosConfig, args: dict[str, Any]) -> tuple[int, str]:
    """(type, stored string) for a secret given in clear or as a hash; ValueError when not storable."""
    kind, secret = int(args["type"]), str(args["secret"])
    if kind == 0:
        kind = _ALGORITHMS[str(args["algo"])] if "algo" in args else (5 if config.version.startswith("15") else 9)
        makers = {5: ciscohash.type5, 8: ciscohash.type8, 9: ciscohash.type9}
        salt = ciscohash.new_salt(length=4 if kind == 5 else 14)
        return kind, makers[kind](password=secret, salt=salt)
    if kind not in _HASH_FORMS or not _HASH_FORMS[kind].fullmatch(secret):
        raise ValueError(kind)
    return kind, secret


def _privilege(args: dict[str, Any]) -> str:
    return f"privilege {args['priv']} " if "priv" in args else ""


def _user_secret(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if int(args["type"]) not in (0, 5, 8, 9):
        raise CommandFailure(_type_index(ctx))
    try:
        kind, stored = stored_secret(_cfg(ctx), args)
    except ValueError:
        return _not_a_hash(int(args["type"]))
    _cfg(ctx).users[args["name"]] = f"{_privilege(args)}secret {kind} {stored}"
    return Reply()


def _user_password(ctx: Ctx, args: dict[str, Any]) -> Reply:
    kind, secret = int(args["type"]), str(args["secret"])
    if kind not in (0, 7) or (kind == 7 and ciscohash.type7_decode(encoded=secret) is None):
        raise CommandFailure(_type_index(ctx) + (1 if kind == 7 else 0))
    if kind == 0 and _cfg(ctx).password_encryption:
        kind, secret = 7, ciscohash.type7_encode(password=secret)
    _cfg(ctx).users[args["name"]] = f"{_privilege(args)}password {kind} {secret}"
    return Reply()


def _no_user(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _cfg(ctx).users.pop(args["name"], None)
    return Reply()


def _enable_secret(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if int(args["type"]) not in (0, 5, 8, 9):
        raise CommandFailure(2)
    try:
        kind, stored = stored_secret(_cfg(ctx), args)
    except ValueError:
        return _not_a_hash(int(args["type"]))
    _cfg(ctx).enable_secret = f"{kind} {stored}"
    return Reply()


def _no_enable_secret(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _cfg(ctx).enable_secret = None
    return Reply()


def _password_encryption(ctx: Ctx, args: dict[str, Any]) -> Reply:
    """On: every clear password becomes type 7 at once. Off: nothing is decrypted."""
    config = _cfg(ctx)
    config.password_encryption = bool(args["on"])
    if config.password_encryption:
        for name, rest in config.users.items():
            match = re.fullmatch(r"(privilege \d+ )?password 0 (\S+)", rest)
            if match:
                encoded = ciscohash.type7_encode(password=match.group(2))
                config.users[name] = f"{match.group(1) or ''}password 7 {encoded}"
    return Reply()


USER_ACTIONS: dict[str, Action] = {
    "user_secret": _user_secret,
    "user_password": _user_password,
    "no_user": _no_user,
    "enable_secret": _enable_secret,
    "no_enable_secret": _no_enable_secret,
    "password_encryption": _password_encryption,
}
