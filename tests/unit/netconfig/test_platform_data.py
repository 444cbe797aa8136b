"""Rejection texts real devices print stop a push; type 9 secrets render stably and verify."""

from __future__ import annotations

import re

import pytest

from provisioner.netconfig.ciscohash import verify
from provisioner.netconfig.platform_data import net_platform
from provisioner.netconfig.render import ios_secret9

IOS_REJECTIONS = [
    "% Invalid input detected at '^' marker.",
    "% Incomplete command.",
    "% Ambiguous command:  \"sh\"",
    "Bad mask /24 for address 10.0.0.0",
    "Command rejected: GigabitEthernet1/0/1 is not a switchable port",
    "% 10.1.1.1 overlaps with Vlan10",
    "% Error: description too long",
    "ERROR: The secret you entered is not a valid encrypted secret.",
]
PROCURVE_REJECTIONS = [
    "Invalid input: fooo",
    "Value 5000 is out of range.",
    "Invalid port(s) specified: 99",
    "Module not present for port or invalid port: 60",
    "Error: VLAN 4095 is reserved",
]
HARMLESS = ["", "sw1(config)#", "Enter configuration commands, one per line.  End with CNTL/Z.", "Building configuration...", "[OK]"]


CASES = [("CISCO_IOS", t) for t in IOS_REJECTIONS] + [("HP_PROCURVE", t) for t in PROCURVE_REJECTIONS]


@pytest.mark.parametrize(("platform", "text"), CASES)
def test_every_real_rejection_text_is_caught(platform: str, text: str) -> None:
    data = net_platform(platform)
    output = f"sw1(config)#some command\n{text}\nsw1(config)#"
    assert data.rejected(output) == text
    assert re.search(data.error_pattern(), output)


@pytest.mark.parametrize("platform", ["CISCO_IOS", "HP_PROCURVE"])
@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_replies_are_not_rejections(platform: str, text: str) -> None:
    assert net_platform(platform).rejected(text) is None
    assert not re.search(net_platform(platform).error_pattern(), text)


def test_ios_secret9_is_stable_scrypt_that_verifies() -> None:
    one = ios_secret9(password="pw-123456", device="sw1", user="admin")
    assert one == ios_secret9(password="pw-123456", device="sw1", user="admin")
    assert one != ios_secret9(password="pw-123456", device="sw2", user="admin")
    assert one.startswith("$9$")
    assert verify(kind="9", stored=one, password="pw-123456")
    assert not verify(kind="9", stored=one, password="wrong")
