"""C9800 WPA3-SAE WLANs carry `security pmf mandatory` (Cisco WPA3 deployment guide), before the SAE AKM."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from provisioner.netconfig.template import render_template

TEMPLATE = Path(__file__).resolve().parents[3] / "roles" / "wlan" / "templates" / "cisco_c9800.j2"


def _render(mode: str) -> list[str]:
    ssid: dict[str, Any] = {
        "profile": "wl_test",
        "wlan_id": 3,
        "ssid": "Test",
        "bands": [],
        "hidden": False,
        "security": {"mode": mode, "psk": "psk-secret-123"},
    }
    values = {"wlan": {"wlan_ssids": [ssid], "wlan_sites": {}}, "wlan_dot1x_list": "dot1x", "wlan_webauth_map": "web"}
    return [ln.strip() for ln in render_template(TEMPLATE, values).splitlines()]


def test_wpa3_sae_has_pmf_mandatory_before_the_sae_akm() -> None:
    lines = _render("wpa3_sae")
    assert lines.index("security pmf mandatory") < lines.index("security wpa akm sae")


@pytest.mark.parametrize("mode", ["wpa2_psk", "open"])
def test_other_modes_leave_pmf_alone(mode: str) -> None:
    assert not [ln for ln in _render(mode) if "pmf" in ln]
