import pytest

from provisioner.netconfig import derive_salt, md5_crypt


@pytest.mark.parametrize(
    ("password", "salt", "expected"),
    [
        ("password", "saltsalt", "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"),  # openssl passwd -1
        ("Geheim!123", "abcd", "$1$abcd$4UGddsj4L.WJuszZ.08Ev."),
    ],
)
def test_md5_crypt_known_vectors(password: str, salt: str, expected: str) -> None:
    assert md5_crypt(password=password, salt=salt) == expected


def test_salt_is_deterministic_and_per_device_user() -> None:
    a = derive_salt(device="sw1", user="admin")
    assert a == derive_salt(device="sw1", user="admin")
    assert a != derive_salt(device="sw2", user="admin")
    assert len(a) == 4
