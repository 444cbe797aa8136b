"""Cisco IOS/IOS-XE password storage: type 7 (reversible), 5 (md5-crypt), 8 (PBKDF2) and 9 (scrypt).

Type 8 is PBKDF2-HMAC-SHA256 with 20000 iterations and type 9 is scrypt (N=16384, r=1, p=1); both
use a 14-character salt and Cisco's base64 alphabet, as `username X algorithm-type sha256|scrypt
secret Y` stores them. Salts can be derived from device and user so that a rendered line is stable.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from provisioner.netconfig.md5crypt import md5_crypt

_CISCO64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_STD64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_TO_CISCO = str.maketrans(_STD64, _CISCO64)
# The fixed key IOS uses for `password 7` (the "tfd;kfoA,.iyewrkldJKD" Vigenere table).
_TYPE7_KEY = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"


def _cisco64(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=").translate(_TO_CISCO)


def new_salt(*, length: int = 14, seed: str | None = None) -> str:
    """A salt of Cisco64 characters: random, or derived from seed (stable renders)."""
    if seed is None:
        return "".join(secrets.choice(_CISCO64) for _ in range(length))
    digest = hashlib.sha256(f"provisioner-salt:{seed}".encode()).digest()
    return "".join(_CISCO64[b % 64] for b in digest[:length])


def type8(*, password: str, salt: str) -> str:
    """`$8$<salt>$<43 chars>`: PBKDF2-HMAC-SHA256, 20000 iterations."""
    key = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 20000, 32)
    return f"$8${salt}${_cisco64(key)}"


def type9(*, password: str, salt: str) -> str:
    """`$9$<salt>$<43 chars>`: scrypt N=16384, r=1, p=1."""
    key = hashlib.scrypt(password.encode(), salt=salt.encode(), n=16384, r=1, p=1, dklen=32)
    return f"$9${salt}${_cisco64(key)}"


def type5(*, password: str, salt: str) -> str:
    """`$1$<salt>$<22 chars>`: md5-crypt."""
    return md5_crypt(password=password, salt=salt)


def type7_encode(*, password: str, offset: int = 2) -> str:
    """The reversible `password 7` form (offset 0-15 picks the key position)."""
    out = f"{offset:02d}"
    for index, char in enumerate(password):
        out += f"{ord(char) ^ ord(_TYPE7_KEY[(offset + index) % len(_TYPE7_KEY)]):02X}"
    return out


def type7_decode(*, encoded: str) -> str | None:
    """The clear text of a `password 7` string, or None when it is not one."""
    if len(encoded) < 4 or len(encoded) % 2 or not encoded[:2].isdigit():
        return None
    offset = int(encoded[:2])
    try:
        raw = bytes.fromhex(encoded[2:])
    except ValueError:
        return None
    return "".join(chr(b ^ ord(_TYPE7_KEY[(offset + i) % len(_TYPE7_KEY)])) for i, b in enumerate(raw))


def verify(*, kind: str, stored: str, password: str) -> bool:
    """Does password match a stored `password|secret <kind> <stored>` value (kind '0','5','7','8','9')?"""
    if kind == "0":
        return hmac.compare_digest(stored, password)
    if kind == "7":
        return hmac.compare_digest(type7_decode(encoded=stored) or "\x00", password)
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != "":
        return False
    makers = {"5": type5, "8": type8, "9": type9}
    if kind not in makers:
        return False
    return hmac.compare_digest(makers[kind](password=password, salt=parts[2]), stored)
