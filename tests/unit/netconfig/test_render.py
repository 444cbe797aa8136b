from provisioner.netconfig.md5crypt import md5_crypt
from provisioner.netconfig.render import ios_secret5, number_ranges, port_ranges


def test_number_ranges_like_ios() -> None:
    assert number_ranges(numbers=[99, 10, 40, 100]) == "10,40,99-100"
    assert number_ranges(numbers=[]) == ""


def test_port_ranges_like_procurve() -> None:
    order = [str(n) for n in range(1, 29)] + ["A1", "A2"]
    assert port_ranges(ports=["1", "2", "3", "26", "A1", "A2"], order=order) == "1-3,26,A1-A2"


def test_ios_secret5_is_stable_md5_crypt() -> None:
    one = ios_secret5(password="pw-123456", device="sw1", user="admin")
    assert one == ios_secret5(password="pw-123456", device="sw1", user="admin")
    salt = one.split("$")[2]
    assert one == md5_crypt(password="pw-123456", salt=salt)
