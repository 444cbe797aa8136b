"""The generated city: realistic counts at 89 sites, deterministic, valid, linear in N."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from provisioner.registry import errors_of, load_registry
from provisioner.registry.allocate import PoolExhaustedError, SubnetAllocator
from provisioner.registry.generate import generate, site_kinds
from provisioner.registry.summary import site_counts, totals


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(root.rglob("*.yml")):
        h.update(f.read_bytes())
    return h.hexdigest()


def test_89_sites_give_the_real_city(tmp_path: Path) -> None:
    counts = generate(sites=89, out=tmp_path / "city")
    assert counts["schools"] == 41
    assert 12_500 * 0.9 <= counts["clients"] <= 12_500 * 1.1
    assert 1_400 * 0.9 <= counts["access_points"] <= 1_400 * 1.1
    assert 400 * 0.9 <= counts["switches"] <= 400 * 1.1
    result = load_registry(tmp_path / "city")
    assert errors_of(result.issues) == []
    assert result.registry is not None
    assert totals(site_counts(result.registry))["clients"] == counts["clients"]


def test_same_seed_same_registry(tmp_path: Path) -> None:
    generate(sites=12, out=tmp_path / "a", seed=7)
    generate(sites=12, out=tmp_path / "b", seed=7)
    generate(sites=12, out=tmp_path / "c", seed=8)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b") != _digest(tmp_path / "c")


def test_site_mix_scales_linearly() -> None:
    kinds = site_kinds(890)
    assert sum(t == "school" for t, _ in kinds) == 410
    assert sum(t == "kita" for t, _ in kinds) == 300
    assert len({form for _, form in kinds if form}) == 7


def test_allocator_skips_used_ranges_and_reports_exhaustion() -> None:
    allocator = SubnetAllocator(pool="10.0.0.0/22", prefix=24, used=["10.0.0.128/25", "10.0.2.0/24"])
    assert [allocator.allocate(), allocator.allocate()] == ["10.0.1.0/24", "10.0.3.0/24"]
    with pytest.raises(PoolExhaustedError, match="no free /24"):
        allocator.allocate()
