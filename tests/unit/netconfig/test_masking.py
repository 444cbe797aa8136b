import pytest

from provisioner.netconfig.masking import MASK, Masker, secret_values

PLANTED = "Pl4nted-Secr3t!"


@pytest.mark.parametrize(
    "line",
    [
        "username admin privilege 15 secret 5 $1$abcd$4UGddsj4L.WJuszZ.08Ev.",
        "snmp-server user mon grp v3 auth sha AuthPass1 priv aes 128 PrivPass2",
        'snmpv3 user "mon" auth sha "AuthPass1" priv aes "PrivPass2"',
        'password manager user-name "admin" sha1 "0a1b2c3d4e5f"',
        "enable secret 9 $9$abcdefgh$ijklmnop",
    ],
)
def test_secret_fields_are_masked(line: str) -> None:
    masked = Masker().mask(line)
    assert MASK in masked
    for value in secret_values([line]):
        assert value not in masked


def test_known_values_are_masked_anywhere() -> None:
    masker = Masker().with_values([PLANTED, "ab"])
    assert PLANTED not in masker.mask(f"login failed for {PLANTED} here")
    assert masker.mask("ab cd") == "ab cd"  # values shorter than 4 are not masked


def test_visible_lines_are_untouched() -> None:
    for line in ("hostname sw1", "snmp-server group grp v3 priv", 'password manager user-name "admin"'):
        assert Masker().mask(line) == line
