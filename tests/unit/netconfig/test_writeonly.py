from provisioner.netconfig.writeonly import merge_write_only, split_write_only, strip_write_only

IOS_USER = "snmp-server user mon grp v3 auth sha A1b2c3d4 priv aes 128 P1q2r3s4"


def test_ios_snmp_user_is_write_only() -> None:
    visible, hidden = split_write_only(platform="CISCO_IOS", lines=["hostname a", IOS_USER])
    assert visible == ["hostname a"]
    assert [h.text for h in hidden] == [IOS_USER]


def test_pushed_after_its_new_anchor() -> None:
    _, hidden = split_write_only(platform="CISCO_IOS", lines=[IOS_USER])
    out = merge_write_only(commands=["snmp-server group grp v3 priv", "x"], hidden=hidden, rotate=False)
    assert out == ["snmp-server group grp v3 priv", IOS_USER, "x"]


def test_not_pushed_when_anchor_exists_unless_rotating() -> None:
    _, hidden = split_write_only(platform="CISCO_IOS", lines=[IOS_USER])
    assert merge_write_only(commands=["hostname b"], hidden=hidden, rotate=False) == ["hostname b"]
    assert merge_write_only(commands=[], hidden=hidden, rotate=True) == [IOS_USER]


def test_procurve_user_goes_before_its_group() -> None:
    user = 'snmpv3 user "mon" auth sha "A1b2c3d4" priv aes "P1q2r3s4"'
    group = 'snmpv3 group managerpriv user "mon" sec-model ver3'
    _, hidden = split_write_only(platform="HP_PROCURVE", lines=[user, group])
    assert merge_write_only(commands=[group], hidden=hidden, rotate=False) == [user, group]


def test_strip_write_only_from_running() -> None:
    assert strip_write_only(platform="CISCO_IOS", text=f"hostname a\n{IOS_USER}") == "hostname a"
