"""Cisco password storage against published vectors (hashcat example hashes 9200/9300/500, IOS type 7)."""

import pytest

from provisioner.netconfig import ciscohash

VECTORS = [
    # hashcat example hashes, mode 9200 (Cisco-IOS $8$) and 9300 (Cisco-IOS $9$), password "hashcat".
    ("8", "$8$TnGX/fE4KGHOVU$pEhnEvxrvaynpi8j4f.EMHr6M.FzU8xnZnBr/tJdFWk", "hashcat"),
    ("9", "$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6", "hashcat"),
    # network_hash_gen README (991jo/network_hash_gen): Type9.hash("foobar").
    ("9", "$9$FteIXKc69u9886$JFenYTrYz7kgex.60fbd8kzIg3Y/fE8lhsrtZeiif8k", "foobar"),
    # md5-crypt as IOS type 5 (axcheron/cisco_pwdecrypt example).
    ("5", "$1$mERr$A419.HL58lq743wXS4kSM1", "dolphinsforever"),
    # IOS `password 7 0822455D0A16` is "cisco" (Cisco's documented example).
    ("7", "0822455D0A16", "cisco"),
    ("0", "plain", "plain"),
]


@pytest.mark.parametrize(("kind", "stored", "password"), VECTORS)
def test_verify_accepts_the_published_password(kind: str, stored: str, password: str) -> None:
    assert ciscohash.verify(kind=kind, stored=stored, password=password)
    assert not ciscohash.verify(kind=kind, stored=stored, password=password + "x")


def test_generated_hashes_reproduce_the_vectors() -> None:
    assert ciscohash.type8(password="hashcat", salt="TnGX/fE4KGHOVU") == VECTORS[0][1]
    assert ciscohash.type9(password="foobar", salt="FteIXKc69u9886") == VECTORS[2][1]


def test_type7_round_trip_and_garbage() -> None:
    encoded = ciscohash.type7_encode(password="Schule!2026", offset=9)
    assert ciscohash.type7_decode(encoded=encoded) == "Schule!2026"
    assert ciscohash.type7_decode(encoded="zz") is None
    assert not ciscohash.verify(kind="9", stored="$9$broken", password="x")
    assert not ciscohash.verify(kind="4", stored="$4$a$b", password="x")


def test_derived_salts_are_stable_and_cisco64() -> None:
    salt = ciscohash.new_salt(seed="sw-1:admin")
    assert salt == ciscohash.new_salt(seed="sw-1:admin") != ciscohash.new_salt(seed="sw-2:admin")
    assert len(salt) == 14
    assert len(ciscohash.new_salt()) == 14
