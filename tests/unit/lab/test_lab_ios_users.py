"""Local users, enable secret and password encryption on a simulated IOS switch."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from lab_cli import Cli

from provisioner.netconfig import ciscohash

# Corpus c9800-cl-17.09.01-day0-myhomenwlab.cfg: `username admin privilege 15 secret 9 <this>`,
# password `Pa$$w0rd` per the publishing repository's README.
REAL_TYPE9 = "$9$YOIRVH12imcAx.$nYzdmuK.qRuLxaO3DZ6a3scw0FXtXkQG.OZSyVrd2v2"
TYPE9_LINE = re.compile(r"username (\S+) privilege 15 secret 9 (\$9\$[./0-9A-Za-z]{14}\$[./0-9A-Za-z]{43})\n")


@pytest.fixture
def xe(make_cli: Callable[..., Cli]) -> Cli:
    return make_cli("cisco_ios", "C9300-48P")


def _stored(cli: Cli, user: str) -> tuple[str, str]:
    kind, stored = cli.device.running.users[user].split(" secret ")[-1].split(" ", 1)
    return kind, stored


def test_a_real_type9_secret_prints_as_given(xe: Cli) -> None:
    """Corpus c9800-cl-17.09.01: `username admin privilege 15 secret 9 $9$<14-char salt>$<43 chars>`."""
    xe.config(f"username admin privilege 15 secret 9 {REAL_TYPE9}")
    assert f"username admin privilege 15 secret 9 {REAL_TYPE9}\n" in xe.running()
    assert ciscohash.verify(kind="9", stored=_stored(xe, "admin")[1], password="Pa$$w0rd")


def test_a_clear_secret_on_ios_xe_is_stored_as_type9(xe: Cli) -> None:
    """IOS-XE 17 stores `secret <clear>` as type 9 (scrypt), as the C9800-CL/C9300 corpus files print it."""
    xe.config("username ops privilege 15 secret Clear-Pass1")
    text = xe.running()
    match = TYPE9_LINE.search(text)
    assert match is not None
    assert match.group(1) == "ops"
    assert "Clear-Pass1" not in text
    assert ciscohash.verify(kind="9", stored=match.group(2), password="Clear-Pass1")


@pytest.mark.parametrize(("algorithm", "kind", "prefix"), [("scrypt", "9", "$9$"), ("sha256", "8", "$8$"), ("md5", "5", "$1$")])
def test_algorithm_type_picks_the_hash(xe: Cli, algorithm: str, kind: str, prefix: str) -> None:
    """`username X algorithm-type scrypt|sha256|md5 secret <clear>` stores type 9, 8 or 5 (Cisco IOS-XE
    Security Command Reference, `username`)."""
    xe.config(f"username u1 privilege 15 algorithm-type {algorithm} secret Pw-{algorithm}")
    assert f"username u1 privilege 15 secret {kind} {prefix}" in xe.running()
    stored_kind, stored = _stored(xe, "u1")
    assert stored_kind == kind
    assert ciscohash.verify(kind=kind, stored=stored, password=f"Pw-{algorithm}")


def test_without_privilege_no_privilege_is_printed(xe: Cli) -> None:
    """Corpus c9200l-17.9-oxidized.cfg: `username oxidized secret 9 ...` (no privilege keyword)."""
    hashed = ciscohash.type9(password="x", salt="abcdefghijklmn")
    xe.config(f"username rocks secret 9 {hashed}")
    assert f"\nusername rocks secret 9 {hashed}\n" in xe.running()


@pytest.mark.parametrize("kind", ["5", "8", "9"])
def test_a_malformed_hash_is_refused(xe: Cli, kind: str) -> None:
    """IOS refuses a typed secret that is not a valid hash of that type (and changes nothing)."""
    out = xe.config(f"username bad secret {kind} $9$fakeSaltAdmin1$fakeHashForNetadminPriv15ExampleValue00")
    assert "ERROR: The secret you entered is not a valid encrypted secret." in out
    assert f"do not specify type {kind} encryption" in out
    assert "bad" not in xe.device.running.users


def test_enable_secret_is_printed_before_the_users(xe: Cli) -> None:
    """Corpus c9200l-17.9-oxidized.cfg / c9800-cl-17.x: `enable secret 9 ...` precedes the username lines."""
    xe.config("username ops secret 9 " + REAL_TYPE9, "enable algorithm-type scrypt secret En-Pass")
    text = xe.running()
    assert re.search(r"\nenable secret 9 \$9\$[./0-9A-Za-z]{14}\$[./0-9A-Za-z]{43}\nusername ops secret 9 ", text)
    kind, stored = xe.device.running.enable_secret.split(" ", 1)
    assert ciscohash.verify(kind=kind, stored=stored, password="En-Pass")
    xe.config("no enable secret")
    assert "enable secret" not in xe.running()


def test_type0_password_prints_clear_until_password_encryption(ios: Cli) -> None:
    """IOS 15 prints `no service password-encryption` (corpus iosvl2-15.2-*.cfg) and keeps `password 0`;
    `service password-encryption` turns it into type 7 for good (Cisco IOS Security Command Reference)."""
    ios.config("username tech privilege 15 password 0 Cisco123")
    text = ios.running()
    assert "version 15.2\nno service password-encryption\n" in text
    assert "username tech privilege 15 password 0 Cisco123\n" in text
    ios.config("service password-encryption", "username late password Late-1")
    text = ios.running()
    assert "version 15.2\nservice password-encryption\n" in text
    assert "Cisco123" not in text
    assert "Late-1" not in text
    encoded = re.search(r"username tech privilege 15 password 7 ([0-9A-F]+)\n", text)
    assert encoded is not None
    assert ciscohash.type7_decode(encoded=encoded.group(1)) == "Cisco123"
    ios.config("no service password-encryption")
    assert "Cisco123" not in ios.running()


def test_type7_input_is_kept_and_bad_type7_refused(ios: Cli) -> None:
    """`username X password 7 <encoded>` is stored as given; text that is not type 7 is invalid input."""
    encoded = ciscohash.type7_encode(password="Secret-7")
    ios.config(f"username seven password 7 {encoded}")
    assert f"username seven password 7 {encoded}\n" in ios.running()
    assert "% Invalid input" in ios.config("username eight password 7 XYZ")


def test_ios_xe_prints_password_encryption_only_when_on(xe: Cli) -> None:
    """Corpus c9300-24ux-17.12 has no `service password-encryption` line; c9200l-17.9 has it on."""
    assert "password-encryption" not in xe.running()
    xe.config("service password-encryption")
    assert "version 17.9\nservice password-encryption\n!" in xe.running()


def test_no_username_removes_the_user(xe: Cli) -> None:
    xe.config("username gone secret 9 " + REAL_TYPE9, "no username gone")
    assert "username gone" not in xe.running()
