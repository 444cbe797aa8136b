"""Fixtures that drive a simulated device's engine line by line, without SSH."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lab_cli import Cli

from provisioner.lab.engine import Device
from provisioner.lab.grammars import grammar_for
from provisioner.lab.models import LabDeviceSpec


@pytest.fixture
def make_cli() -> Callable[..., Cli]:
    def make(platform: str, model: str, *, password: str = "Secr3t!") -> Cli:
        spec = LabDeviceSpec("sw1", platform, model, "admin", password)
        return Cli(Device(spec=spec, grammar=grammar_for(platform=platform)))

    return make


@pytest.fixture
def ios(make_cli: Callable[..., Cli]) -> Cli:
    return make_cli("cisco_ios", "C1000-8P")


@pytest.fixture
def hp(make_cli: Callable[..., Cli]) -> Cli:
    return make_cli("aruba_osswitch", "2930F-24G-4SFP+")
