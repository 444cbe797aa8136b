"""Pure-Python md5-crypt ($1$), as IOS stores `secret 5`, with a deterministic salt.

The stdlib `crypt` module is deprecated (removed in 3.13); this follows the FreeBSD
algorithm by Poul-Henning Kamp that `openssl passwd -1` implements.
"""

from __future__ import annotations

import hashlib

_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_MAGIC = b"$1$"
# Byte triples of the final digest in the order md5-crypt encodes them.
_ORDER = ((0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5))


def derive_salt(*, device: str, user: str, length: int = 4) -> str:
    """A salt that depends only on device and user, so a rendered hash is stable."""
    digest = hashlib.sha256(f"provisioner:{device}:{user}".encode()).digest()
    return "".join(_ALPHABET[b % 64] for b in digest[:length])


def md5_crypt(*, password: str, salt: str) -> str:
    """Return `$1$<salt>$<hash>` for password (salt: up to 8 chars of [./0-9A-Za-z])."""
    pw, salt_b = password.encode(), salt.encode()[:8]
    final = _final_digest(pw, salt_b)
    for i in range(1000):
        final = _round(pw, salt_b, final, i)
    return f"$1${salt_b.decode()}${_encode(final)}"


def _final_digest(pw: bytes, salt: bytes) -> bytes:
    alt = hashlib.md5(pw + salt + pw).digest()
    ctx = hashlib.md5(pw + _MAGIC + salt)
    for i in range(len(pw), 0, -16):
        ctx.update(alt[: min(16, i)])
    i = len(pw)
    while i:
        ctx.update(b"\x00" if i & 1 else pw[:1])
        i >>= 1
    return ctx.digest()


def _round(pw: bytes, salt: bytes, final: bytes, i: int) -> bytes:
    ctx = hashlib.md5(pw if i & 1 else final)
    if i % 3:
        ctx.update(salt)
    if i % 7:
        ctx.update(pw)
    ctx.update(final if i & 1 else pw)
    return ctx.digest()


def _encode(final: bytes) -> str:
    out = "".join(_b64_from_24bit(final[a], final[b], final[c], 4) for a, b, c in _ORDER)
    return out + _b64_from_24bit(0, 0, final[11], 2)


def _b64_from_24bit(b2: int, b1: int, b0: int, n: int) -> str:
    value = (b2 << 16) | (b1 << 8) | b0
    chars = []
    for _ in range(n):
        chars.append(_ALPHABET[value & 0x3F])
        value >>= 6
    return "".join(chars)
