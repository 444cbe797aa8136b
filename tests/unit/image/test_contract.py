"""The molecule scenario's host variables are what the inventory builds from the test registry."""

from __future__ import annotations

from pathlib import Path

import yaml

from provisioner.inventory.build import build_inventory
from provisioner.registry import load_registry

MOLECULE = Path(__file__).resolve().parents[3] / "roles/linux_client/molecule/default/molecule.yml"
HOST = "ts-r101-pc01"


def test_molecule_hostvars_match_the_inventory_contract(registry_dir: Path) -> None:
    scenario = yaml.safe_load(MOLECULE.read_text(encoding="utf-8"))["provisioner"]["inventory"]["host_vars"][HOST]
    built = build_inventory(load_registry(registry_dir).require()).vars_for(HOST)
    for key in ("device_image", "device_name", "device_room", "device_zone", "device_proxy", "site_domain", "site_id"):
        assert scenario[key] == built[key], key
    assert [p["name"] for p in scenario["device_printers"]] == [p["name"] for p in built["device_printers"]]
    assert scenario["device_printers"][0]["uri"] == built["device_printers"][0]["uri"]
